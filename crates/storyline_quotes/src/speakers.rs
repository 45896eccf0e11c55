//! Speaker names: one canonical name per person within a document.
//!
//! A person's canonical name is the fullest form of the name seen in the
//! document ("Xi" → "Xi Jinping"); spelling variants with the same surname and a
//! similar first name ("Sergei Lavrov" / "Sergey Lavrov") share one form (the
//! most frequent, then the first seen). Titles ("the Russian leader") resolve to
//! the person introduced earlier with that title and nationality.

use std::collections::HashMap;

use storyline_model::Document;

use crate::view::View;

/// Words that precede or replace names as titles, stripped from names.
pub(crate) const TITLES: &[&str] = &[
    "president",
    "vice",
    "prime",
    "minister",
    "foreign",
    "defense",
    "defence",
    "secretary",
    "general",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sen",
    "sen.",
    "senator",
    "gov",
    "gov.",
    "governor",
    "rep",
    "rep.",
    "representative",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "pope",
    "leader",
    "chairman",
    "chairwoman",
    "ambassador",
    "deputy",
    "state",
    "former",
    "chief",
    "director",
    "mayor",
    "judge",
    "justice",
    "speaker",
    "gen",
    "gen.",
    "col",
    "col.",
    "lt",
    "lt.",
    "adm",
    "adm.",
    "sir",
    "counterpart",
    "envoy",
    "official",
    "candidate",
    "nominee",
    "democratic",
    "republican",
    "sec.",
    "u.s.",
    "us",
    "chinese",
    "russian",
    "ukrainian",
    "american",
    "british",
    "french",
    "german",
    "the",
    "his",
    "her",
    "their",
];

/// Head nouns of titles that denote a person ("the Kremlin spokesman").
pub(crate) const PERSON_TITLES: &[&str] = &[
    "president",
    "leader",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "secretary",
    "chancellor",
    "premier",
    "counterpart",
    "ambassador",
    "chairman",
    "chairwoman",
    "envoy",
    "governor",
    "senator",
    "mayor",
    "king",
    "queen",
    "pope",
    "general",
    "commander",
    "chief",
    "director",
    "head",
    "candidate",
    "nominee",
];

fn title_class(w: &str) -> &str {
    match w {
        "president" | "leader" | "premier" | "chancellor" | "counterpart" | "king" | "queen"
        | "head" => "leader",
        "spokesman" | "spokeswoman" | "spokesperson" => "spokes",
        other => other,
    }
}

/// Splits a name into clean words (no titles, no possessive).
pub(crate) fn name_words(s: &str) -> Vec<String> {
    let s = s
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_end_matches('’')
        .trim_end_matches('\'');
    let mut words: Vec<String> = s
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.' && c != '\'')
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && TITLES.contains(&words[0].to_lowercase().as_str()) {
        words.remove(0);
    }
    words.retain(|w| w.chars().next().is_some_and(char::is_uppercase));
    words
}

fn similar_first(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    if a == b {
        return true;
    }
    if a.len() < 3 || b.len() < 3 {
        return a.first() == b.first() && (a.len() <= 2 || b.len() <= 2);
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    common >= 4 || (common >= 3 && a.len().abs_diff(b.len()) <= 1)
}

/// A person known in the document.
#[derive(Debug, Clone)]
struct Person {
    words: Vec<String>,
    count: usize,
    first: usize,
}

/// The people of a document and how their mentions resolve.
#[derive(Debug, Default)]
pub struct NameIndex {
    people: Vec<Person>,
    /// For each variant (joined words), the index of its canonical person.
    canon: HashMap<String, usize>,
    /// PER mentions: (start, end, person) in text order.
    mentions: Vec<(usize, usize, usize)>,
}

impl NameIndex {
    /// Builds the index from the document's PER entities.
    pub fn new(doc: &Document) -> Self {
        let mut forms: Vec<(Vec<String>, usize, usize)> = Vec::new(); // words, count, first
        let mut pos: HashMap<String, usize> = HashMap::new();
        let mut ments: Vec<(usize, usize, String)> = Vec::new();
        for e in &doc.entities {
            if e.label != "PER" {
                continue;
            }
            let words = name_words(&e.text);
            if words.is_empty() || words.len() > 5 {
                continue;
            }
            let key = words.join(" ");
            match pos.get(&key) {
                Some(&i) => forms[i].1 += 1,
                None => {
                    pos.insert(key.clone(), forms.len());
                    forms.push((words, 1, e.start));
                }
            }
            ments.push((e.start, e.end, key));
        }
        // Multi-word forms cluster by surname + similar first name.
        let mut cluster: Vec<usize> = (0..forms.len()).collect();
        for i in 0..forms.len() {
            if forms[i].0.len() < 2 {
                continue;
            }
            for j in 0..i {
                if forms[j].0.len() < 2 || cluster[j] != j {
                    continue;
                }
                let (a, b) = (&forms[i].0, &forms[j].0);
                if a.last() == b.last() && similar_first(&a[0], &b[0]) {
                    cluster[i] = j;
                    break;
                }
            }
        }
        // Single words join the most frequent multi-word cluster containing them.
        let mut totals: HashMap<usize, usize> = HashMap::new();
        for (i, f) in forms.iter().enumerate() {
            *totals.entry(cluster[i]).or_default() += f.1;
        }
        for i in 0..forms.len() {
            if forms[i].0.len() != 1 {
                continue;
            }
            let w = &forms[i].0[0];
            let best = (0..forms.len())
                .filter(|&j| forms[j].0.len() >= 2 && cluster[j] == j)
                .filter(|&j| {
                    (0..forms.len()).any(|k| cluster[k] == j && forms[k].0.iter().any(|x| x == w))
                })
                .max_by_key(|&j| {
                    (
                        totals.get(&j).copied().unwrap_or(0),
                        std::cmp::Reverse(forms[j].2),
                    )
                });
            if let Some(j) = best {
                cluster[i] = j;
            }
        }
        // Canonical form of a cluster: the most frequent multi-word form, then the first seen.
        let mut people = Vec::new();
        let mut person_of_root: HashMap<usize, usize> = HashMap::new();
        let mut canon = HashMap::new();
        for i in 0..forms.len() {
            let root = cluster[i];
            let p = *person_of_root.entry(root).or_insert_with(|| {
                let members: Vec<usize> =
                    (0..forms.len()).filter(|&k| cluster[k] == root).collect();
                let best = members
                    .iter()
                    .copied()
                    .max_by_key(|&k| {
                        (
                            forms[k].0.len() >= 2,
                            forms[k].1,
                            std::cmp::Reverse(forms[k].2),
                        )
                    })
                    .unwrap_or(root);
                let count = members.iter().map(|&k| forms[k].1).sum();
                let first = members.iter().map(|&k| forms[k].2).min().unwrap_or(0);
                people.push(Person {
                    words: forms[best].0.clone(),
                    count,
                    first,
                });
                people.len() - 1
            });
            canon.insert(forms[i].0.join(" "), p);
        }
        let mut mentions: Vec<(usize, usize, usize)> = ments
            .into_iter()
            .filter_map(|(s, e, k)| canon.get(&k).map(|&p| (s, e, p)))
            .collect();
        mentions.sort_unstable();
        NameIndex {
            people,
            canon,
            mentions,
        }
    }

    /// The canonical name of a person mention ("President Xi" → "Xi Jinping"), if
    /// it names a person of the document.
    pub fn person(&self, mention: &str) -> Option<String> {
        let words = name_words(mention);
        if words.is_empty() {
            return None;
        }
        if let Some(&p) = self.canon.get(&words.join(" ")) {
            return Some(self.people[p].words.join(" "));
        }
        // Surname (or any word) match against known people, most frequent first.
        let last = words.last()?;
        let best = self
            .people
            .iter()
            .filter(|p| {
                if words.len() >= 2 {
                    p.words.len() >= 2
                        && p.words.last() == Some(last)
                        && similar_first(&p.words[0], &words[0])
                } else {
                    p.words.iter().any(|w| w == last)
                }
            })
            .max_by_key(|p| (p.words.len() >= 2, p.count, std::cmp::Reverse(p.first)))?;
        Some(best.words.join(" "))
    }

    /// All canonical person names with mention counts, most frequent first.
    pub fn people(&self) -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = self
            .people
            .iter()
            .map(|p| (p.words.join(" "), p.count))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// The person mention covering byte `b`, if any.
    pub(crate) fn mention_at(&self, s: usize, e: usize) -> Option<String> {
        let i = self.mentions.partition_point(|m| m.1 <= s);
        self.mentions
            .get(i)
            .filter(|m| m.0 < e)
            .map(|m| self.people[m.2].words.join(" "))
    }

    /// Resolves a title mention ("the Russian leader") to the most recent person
    /// before `before` described with a matching title and nationality.
    pub(crate) fn title(
        &self,
        view: &View<'_>,
        title_words: &[String],
        before: usize,
    ) -> Option<String> {
        let head = title_words.last()?;
        let class = title_class(head);
        let mods: Vec<&String> = title_words[..title_words.len() - 1]
            .iter()
            .filter(|w| {
                !matches!(
                    w.as_str(),
                    "the" | "a" | "an" | "his" | "her" | "its" | "their" | "'s" | "’s"
                )
            })
            .collect();
        let mut best: Option<(usize, usize)> = None; // (score, person)
        for &(s, e, p) in self.mentions.iter().take_while(|m| m.1 <= before) {
            let desc = descriptor(view, s, e);
            if !desc.iter().any(|w| title_class(w) == class) {
                continue;
            }
            if !mods.iter().all(|m| desc.iter().any(|d| same_stem(d, m))) {
                continue;
            }
            let score = 1 + mods.len();
            if best.is_none_or(|(bs, _)| score >= bs) {
                best = Some((score, p));
            }
        }
        best.map(|(_, p)| self.people[p].words.join(" "))
    }
}

fn same_stem(a: &str, b: &str) -> bool {
    let a = a.trim_end_matches("’s").trim_end_matches("'s");
    let b = b.trim_end_matches("’s").trim_end_matches("'s");
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    a == b || common >= 4
}

/// Lowercase words describing a person mention: up to six words before it in
/// its sentence (stopping at a verb or punctuation) and an apposition after it.
fn descriptor(view: &View<'_>, s: usize, e: usize) -> Vec<String> {
    let mut out = Vec::new();
    let i = view.toks.partition_point(|t| t.end <= s);
    if i >= view.toks.len() {
        return out;
    }
    let sent = view.toks[i].sent;
    let mut j = i;
    let mut n = 0;
    while j > 0 && n < 6 {
        j -= 1;
        let t = &view.toks[j];
        if t.sent != sent || t.pos == "VERB" || t.pos == "PUNCT" || t.pos == "ADP" {
            break;
        }
        out.push(t.lower.to_string());
        n += 1;
    }
    // Apposition: ", the Russian Foreign Minister," / ", Russia’s spokesman,"
    let k = view.toks.partition_point(|t| t.start < e);
    if k < view.toks.len() && view.toks[k].word == "," && view.toks[k].sent == sent {
        let mut m = k + 1;
        let mut n = 0;
        while m < view.toks.len() && n < 7 {
            let t = &view.toks[m];
            if t.sent != sent || t.pos == "VERB" || t.pos == "PUNCT" || t.pos == "AUX" {
                break;
            }
            out.push(t.lower.to_string());
            m += 1;
            n += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(names: &[&str]) -> Document {
        let mut d = Document::new("t".into(), String::new());
        for (i, n) in names.iter().enumerate() {
            d.entities.push(storyline_model::EntityMention {
                start: i * 10,
                end: i * 10 + 5,
                text: (*n).into(),
                label: "PER".into(),
                actor: None,
            });
        }
        d
    }

    #[test]
    fn canonical() {
        let idx = NameIndex::new(&doc(&[
            "Xi Jinping",
            "Xi",
            "Sergei Lavrov",
            "Lavrov",
            "Sergey Lavrov",
            "Peskov",
            "Dmitry Peskov",
        ]));
        let cases = [
            ("Xi", Some("Xi Jinping")),
            ("President Xi", Some("Xi Jinping")),
            ("Chinese President Xi Jinping", Some("Xi Jinping")),
            ("Sergey Lavrov", Some("Sergei Lavrov")),
            ("Lavrov’s", Some("Sergei Lavrov")),
            ("Peskov", Some("Dmitry Peskov")),
            ("Biden", None),
        ];
        for (m, want) in cases {
            assert_eq!(idx.person(m).as_deref(), want, "{m}");
        }
    }
}
