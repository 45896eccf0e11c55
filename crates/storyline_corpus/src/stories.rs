//! Stories: documents about the same real-world happening grouped together.
//!
//! A story is found the way topic detection and tracking systems find one: every document
//! becomes a TF-IDF vector of its content lemmas and named entities (entities weigh more:
//! two earthquakes share their vocabulary, not their place names), and documents are taken
//! in date order; each joins the story whose centroid it is most similar to, if that story
//! is recent enough and similar enough, or opens a new one.
//!
//! Invariants:
//! - every document is in exactly one story;
//! - candidate stories come from an inverted index over each document's strongest terms,
//!   so grouping is near-linear in the number of documents (no all-pairs comparison);
//! - the result depends only on the documents and their dates, not on their input order
//!   (ties are broken by document id).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use storyline_model::Document;

/// The terms that describe one document, with raw counts.
#[derive(Debug, Clone, Default)]
pub struct StoryDoc {
    /// Document id.
    pub id: String,
    /// Publication (or inferred) date.
    pub date: Option<NaiveDate>,
    /// Term and weight (count, entities boosted).
    pub terms: Vec<(String, f32)>,
}

/// How documents are grouped.
#[derive(Debug, Clone, Copy)]
pub struct StoryConfig {
    /// The least cosine similarity between a document and a story centroid to join it.
    pub threshold: f32,
    /// A story takes no new document dated more than this many days after its last one
    /// (follow-ups of one happening, such as a trial months after an arrest, stay in it).
    pub window_days: i64,
    /// How many of a document's strongest terms are kept.
    pub terms_per_doc: usize,
    /// The least cosine similarity between two story centroids to merge the stories.
    pub merge_threshold: f32,
}

impl Default for StoryConfig {
    fn default() -> StoryConfig {
        StoryConfig {
            threshold: 0.15,
            window_days: 90,
            terms_per_doc: 200,
            merge_threshold: 0.3,
        }
    }
}

/// One story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// Stable within one grouping: stories are numbered by their first document's date.
    pub id: usize,
    /// A label: the story's strongest terms.
    pub label: String,
    /// First date of its documents.
    pub first: Option<String>,
    /// Last date of its documents.
    pub last: Option<String>,
    /// Member document ids, oldest first.
    pub documents: Vec<String>,
}

const STOP: &[&str] = &[
    "say", "tell", "be", "have", "do", "make", "year", "time", "day", "week", "month", "people",
    "thing", "way", "also", "other", "new", "many", "more", "last", "first", "one", "two",
    "percent", "%", "mr.", "mrs.", "ms.", "get", "go", "take", "come", "see", "know", "include",
    "report", "news", "story", "article", "accord",
];

/// The terms of a document: lemmas of nouns, proper nouns, verbs and adjectives, and the
/// canonical names of its entities (counted three times: names tell events apart).
pub fn story_doc(doc: &Document) -> StoryDoc {
    let mut counts: HashMap<String, f32> = HashMap::new();
    for t in &doc.tokens {
        if !matches!(t.pos.as_str(), "NOUN" | "PROPN" | "VERB" | "ADJ") {
            continue;
        }
        let l = t.lemma.to_lowercase();
        if l.len() < 3 || STOP.contains(&l.as_str()) || !l.chars().any(char::is_alphabetic) {
            continue;
        }
        *counts.entry(l).or_default() += 1.0;
    }
    for e in &doc.entities {
        let name = match (&e.actor, e.label.as_str()) {
            (Some(a), _) => a.to_lowercase(),
            // People are named in full once and by surname after: the surname links them.
            (None, "PER") => e
                .text
                .split_whitespace()
                .last()
                .unwrap_or(&e.text)
                .trim_end_matches("'s")
                .trim_end_matches("\u{2019}s")
                .to_lowercase(),
            (None, _) => e.text.to_lowercase(),
        };
        *counts.entry(format!("@{name}")).or_default() += 3.0;
    }
    let mut terms: Vec<(String, f32)> = counts.into_iter().collect();
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    StoryDoc {
        id: doc.id.clone(),
        date: doc.published.as_deref().and_then(parse_date),
        terms,
    }
}

/// The day of a `YYYY-MM-DD` date or date-time.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

type Vector = Vec<(u32, f32)>;

/// Maps keyed by term id, hashed with xxh3 rather than SipHash.
type IdMap<V> = HashMap<u32, V, xxhash_rust::xxh3::Xxh3DefaultBuilder>;

fn normalise(v: &mut Vector) {
    let n = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if n > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= n;
        }
    }
}

/// Dot product of a sparse vector with a centroid map.
fn dot(v: &Vector, c: &IdMap<f32>) -> f32 {
    v.iter()
        .map(|(t, w)| w * c.get(t).copied().unwrap_or(0.0))
        .sum()
}

struct Group {
    sum: IdMap<f32>,
    norm: f32,
    last: Option<NaiveDate>,
    members: Vec<usize>,
}

impl Group {
    fn add(&mut self, v: &Vector) {
        // |s + v|^2 = |s|^2 + 2 s.v + |v|^2, kept without a pass over the centroid.
        let sq = self.norm * self.norm
            + 2.0 * dot(v, &self.sum)
            + v.iter().map(|(_, w)| w * w).sum::<f32>();
        for &(t, w) in v {
            *self.sum.entry(t).or_default() += w;
        }
        self.norm = sq.max(0.0).sqrt();
    }

    fn cosine(&self, v: &Vector) -> f32 {
        if self.norm == 0.0 {
            0.0
        } else {
            dot(v, &self.sum) / self.norm
        }
    }
}

/// How many of a document's (or story's) strongest terms look up candidate stories.
const QUERY_TERMS: usize = 20;
/// How many stories, most recent first, one term offers as candidates.
const PER_TERM: usize = 32;

/// How many candidate stories, those sharing the most query terms, are compared in full.
const SHORTLIST: usize = 24;

/// Keeps the distinct candidates that came up most often (shared the most query terms),
/// ties to the most recent.
fn shortlist(cands: &mut Vec<usize>) {
    cands.sort_unstable();
    let mut counted: Vec<(usize, usize)> = Vec::new();
    for &c in cands.iter() {
        match counted.last_mut() {
            Some((g, n)) if *g == c => *n += 1,
            _ => counted.push((c, 1)),
        }
    }
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    counted.truncate(SHORTLIST);
    cands.clear();
    cands.extend(counted.into_iter().map(|(g, _)| g));
}

/// The second pass: a story that the single pass split (its first documents arrived
/// before what ties them together) is merged into the most similar other story when
/// their centroids are similar enough and their dates overlap within the window.
/// Smaller stories go first; candidates come from the same inverted index.
fn merge_groups(
    mut groups: Vec<Group>,
    postings: &IdMap<Vec<usize>>,
    docs: &[StoryDoc],
    cfg: &StoryConfig,
) -> Vec<Group> {
    let span = |g: &Group| {
        let d: Vec<NaiveDate> = g.members.iter().filter_map(|&m| docs[m].date).collect();
        (d.iter().min().copied(), d.iter().max().copied())
    };
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| (groups[g].members.len(), g));
    // Where each group went (itself unless merged).
    let mut into: Vec<usize> = (0..groups.len()).collect();
    fn root(into: &mut [usize], mut g: usize) -> usize {
        while into[g] != g {
            into[g] = into[into[g]];
            g = into[g];
        }
        g
    }
    for &g in &order {
        if into[g] != g || groups[g].norm == 0.0 {
            continue;
        }
        // Candidates through the centroid's strongest terms, most recent groups first.
        let mut top: Vec<(u32, f32)> = groups[g].sum.iter().map(|(&t, &w)| (t, w)).collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(QUERY_TERMS);
        let mut cands: Vec<usize> = top
            .iter()
            .filter_map(|(t, _)| postings.get(t))
            .flat_map(|p| p.iter().rev().take(PER_TERM))
            .map(|&c| root(&mut into, c))
            .filter(|&c| c != g)
            .collect();
        shortlist(&mut cands);
        let (gf, gl) = span(&groups[g]);
        let best = cands
            .into_iter()
            .filter(|&c| {
                let (cf, cl) = span(&groups[c]);
                match (gf, gl, cf, cl) {
                    (Some(gf), Some(gl), Some(cf), Some(cl)) => {
                        (gf - cl).num_days() <= cfg.window_days
                            && (cf - gl).num_days() <= cfg.window_days
                    }
                    _ => true,
                }
            })
            .map(|c| {
                let d: f32 = groups[g]
                    .sum
                    .iter()
                    .map(|(t, w)| w * groups[c].sum.get(t).copied().unwrap_or(0.0))
                    .sum();
                (
                    c,
                    d / (groups[g].norm * groups[c].norm).max(f32::MIN_POSITIVE),
                )
            })
            .filter(|&(_, s)| s >= cfg.merge_threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((c, _)) = best {
            let moved = std::mem::take(&mut groups[g].members);
            let sum = std::mem::take(&mut groups[g].sum);
            let last = groups[g].last;
            let target = &mut groups[c];
            let mut sq = 0.0;
            for (t, w) in sum {
                *target.sum.entry(t).or_default() += w;
            }
            for w in target.sum.values() {
                sq += w * w;
            }
            target.norm = f32::sqrt(sq);
            target.members.extend(moved);
            target.last = target.last.max(last);
            groups[g].norm = 0.0;
            into[g] = c;
        }
    }
    groups.retain(|g| !g.members.is_empty());
    // Members oldest first, groups by their first member, as the single pass made them.
    let key = |m: usize| (docs[m].date.is_none(), docs[m].date, docs[m].id.clone());
    for g in &mut groups {
        g.members.sort_by_key(|&m| key(m));
    }
    groups.sort_by_key(|g| g.members.first().map(|&m| key(m)));
    groups
}

/// Groups documents into stories; returns the stories, oldest first.
pub fn group(docs: &[StoryDoc], cfg: &StoryConfig) -> Vec<Story> {
    // Vocabulary and document frequencies.
    // Term ids in sorted order, so that nothing depends on the input order.
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for d in docs {
        for (t, _) in &d.terms {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut sorted: Vec<(&str, u32)> = counts.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let vocab: HashMap<&str, u32> = sorted
        .iter()
        .enumerate()
        .map(|(i, (t, _))| (*t, i as u32))
        .collect();
    let df: Vec<u32> = sorted.iter().map(|(_, c)| *c).collect();
    let n = docs.len().max(1) as f32;
    let vectors: Vec<Vector> = docs
        .iter()
        .map(|d| {
            let mut v: Vector = d
                .terms
                .iter()
                .filter_map(|(t, c)| {
                    let id = vocab[t.as_str()];
                    let f = df[id as usize];
                    // A term of one document links nothing; smoothed idf otherwise.
                    (f > 1 || docs.len() == 1).then(|| {
                        (
                            id,
                            (1.0 + c.ln()) * (1.0 + ((n + 1.0) / (f as f32 + 1.0)).ln()),
                        )
                    })
                })
                .filter(|(_, w)| *w > 0.0)
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(cfg.terms_per_doc);
            normalise(&mut v);
            v
        })
        .collect();
    // Date order, undated last, ties by id.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (docs[a].date, docs[b].date);
        (da.is_none(), da, &docs[a].id).cmp(&(db.is_none(), db, &docs[b].id))
    });
    let mut groups: Vec<Group> = Vec::new();
    // Inverted index: term -> groups holding it among their members' strongest terms.
    let mut postings: IdMap<Vec<usize>> = IdMap::default();
    for &i in &order {
        let v = &vectors[i];
        let date = docs[i].date;
        let mut cands: Vec<usize> = Vec::new();
        // The document's strongest terms (the vector is sorted by weight) find the
        // candidates; a common term would make every story one, so each term offers only
        // its most recent stories. This bounds the work per document.
        for (t, _) in v.iter().take(QUERY_TERMS) {
            if let Some(p) = postings.get(t) {
                cands.extend(p.iter().rev().take(PER_TERM));
            }
        }
        shortlist(&mut cands);
        let best = cands
            .into_iter()
            .filter(|&g| match (groups[g].last, date) {
                (Some(l), Some(d)) => (d - l).num_days() <= cfg.window_days,
                _ => true,
            })
            .map(|g| (g, groups[g].cosine(v)))
            .filter(|&(_, s)| s >= cfg.threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let g = match best {
            Some((g, _)) => g,
            None => {
                groups.push(Group {
                    sum: IdMap::default(),
                    norm: 0.0,
                    last: None,
                    members: Vec::new(),
                });
                groups.len() - 1
            }
        };
        groups[g].add(v);
        groups[g].members.push(i);
        if date.is_some() {
            groups[g].last = groups[g].last.max(date);
        }
        for (t, _) in v {
            let p = postings.entry(*t).or_default();
            if p.last() != Some(&g) {
                p.push(g);
            }
        }
    }
    let groups = merge_groups(groups, &postings, docs, cfg);
    let names: BTreeMap<u32, &str> = vocab.iter().map(|(t, &i)| (i, *t)).collect();
    groups
        .iter()
        .enumerate()
        .map(|(id, g)| {
            let mut top: Vec<(u32, f32)> = g.sum.iter().map(|(&t, &w)| (t, w)).collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let label = top
                .iter()
                .take(5)
                .map(|(t, _)| {
                    let s = names.get(t).copied().unwrap_or("");
                    s.trim_start_matches('@').to_string()
                })
                .collect::<Vec<_>>()
                .join(", ");
            let dates: Vec<NaiveDate> = g.members.iter().filter_map(|&m| docs[m].date).collect();
            Story {
                id,
                label,
                first: dates.iter().min().map(|d| d.to_string()),
                last: dates.iter().max().map(|d| d.to_string()),
                documents: g.members.iter().map(|&m| docs[m].id.clone()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, date: &str, terms: &[(&str, f32)]) -> StoryDoc {
        StoryDoc {
            id: id.into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            terms: terms.iter().map(|(t, c)| (t.to_string(), *c)).collect(),
        }
    }

    fn corpus() -> Vec<StoryDoc> {
        vec![
            doc(
                "quake1",
                "2024-01-02",
                &[
                    ("earthquake", 3.0),
                    ("@chile", 6.0),
                    ("magnitude", 1.0),
                    ("kill", 1.0),
                ],
            ),
            doc(
                "vote1",
                "2024-01-03",
                &[
                    ("election", 3.0),
                    ("@france", 6.0),
                    ("ballot", 2.0),
                    ("vote", 2.0),
                ],
            ),
            doc(
                "quake2",
                "2024-01-03",
                &[
                    ("earthquake", 2.0),
                    ("@chile", 3.0),
                    ("magnitude", 2.0),
                    ("rescue", 1.0),
                ],
            ),
            doc(
                "vote2",
                "2024-01-05",
                &[
                    ("election", 2.0),
                    ("@france", 3.0),
                    ("vote", 3.0),
                    ("turnout", 1.0),
                ],
            ),
            doc(
                "quake3",
                "2024-01-04",
                &[
                    ("earthquake", 2.0),
                    ("@peru", 6.0),
                    ("magnitude", 1.0),
                    ("rescue", 1.0),
                ],
            ),
            doc(
                "vote3",
                "2024-01-04",
                &[
                    ("election", 1.0),
                    ("@france", 3.0),
                    ("ballot", 1.0),
                    ("turnout", 1.0),
                ],
            ),
        ]
    }

    fn story_of<'a>(stories: &'a [Story], id: &str) -> &'a Story {
        stories
            .iter()
            .find(|s| s.documents.iter().any(|d| d == id))
            .expect("grouped")
    }

    #[test]
    fn same_happening_together_other_apart() {
        let stories = group(&corpus(), &StoryConfig::default());
        let total: usize = stories.iter().map(|s| s.documents.len()).sum();
        assert_eq!(total, 6, "every document in exactly one story");
        assert_eq!(story_of(&stories, "quake1"), story_of(&stories, "quake2"));
        assert_eq!(story_of(&stories, "vote1"), story_of(&stories, "vote3"));
        assert_ne!(story_of(&stories, "quake1"), story_of(&stories, "vote1"));
        assert!(story_of(&stories, "vote2").label.contains("france"));
    }

    #[test]
    fn input_order_does_not_matter() {
        let mut c = corpus();
        let a = group(&c, &StoryConfig::default());
        c.reverse();
        let b = group(&c, &StoryConfig::default());
        assert_eq!(a, b);
    }

    #[test]
    fn old_stories_take_no_new_documents() {
        let c = vec![
            doc("a", "2020-01-01", &[("earthquake", 2.0), ("@chile", 3.0)]),
            doc("b", "2020-01-02", &[("earthquake", 2.0), ("@chile", 3.0)]),
            doc("c", "2023-06-01", &[("earthquake", 2.0), ("@chile", 3.0)]),
            doc("d", "2023-06-01", &[("election", 2.0), ("@france", 3.0)]),
            doc("e", "2023-06-02", &[("election", 2.0), ("@france", 3.0)]),
        ];
        let s = group(&c, &StoryConfig::default());
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].documents, ["a", "b"]);
    }

    #[test]
    fn empty_input() {
        assert!(group(&[], &StoryConfig::default()).is_empty());
    }
}
