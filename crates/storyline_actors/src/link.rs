//! In-document entity linking and coreference.

use storyline_model::{Document, TokenInfo};

use crate::kb::{date_num, fuzzy_key, normalize_token, ActorKb, ActorKind, ActorRef};

/// The document date (`published`) as `yyyymmdd`, 0 when unknown.
pub fn doc_date(doc: &Document) -> u32 {
    doc.published.as_deref().map(date_num).unwrap_or(0)
}

/// One resolved mention in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedMention {
    /// First byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// The actor.
    pub actor: ActorRef,
    /// Is it a person.
    pub person: bool,
    /// Was it the subject of its clause.
    pub subject: bool,
    /// Normalised title words seen with it ("president", "foreign minister spokesperson").
    pub titles: Vec<String>,
}

/// The actors of a document: one entry per entity (aligned with `doc.entities`) plus the
/// resolved mentions in text order, for coreference.
#[derive(Debug, Clone, Default)]
pub struct DocActors {
    /// Per entity, its actor (None when it is not an actor, e.g. a place).
    pub entity: Vec<Option<ActorRef>>,
    /// Resolved mentions in text order.
    pub mentions: Vec<LinkedMention>,
    /// Document date `yyyymmdd` (0 unknown).
    pub date: u32,
}

const PRONOUN_PER: &[&str] = &["he", "him", "his", "she", "her", "himself", "herself"];
const PRONOUN_OTHER: &[&str] = &["it", "its", "they", "them", "their", "itself"];
const DETS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "both",
];

/// Canonical title word (spokesman/spokeswoman -> spokesperson, head of state -> president).
fn canon_title(w: &str) -> &str {
    match w {
        "spokesman" | "spokeswoman" | "spokesperson" | "spokespeople" | "spokesmen" => {
            "spokesperson"
        }
        "minster" => "minister",
        "chief" | "head" | "leader" | "leaders" | "counterpart" | "counterparts" => "leader",
        "presidents" => "president",
        _ => w,
    }
}

/// First token index with `start >= pos` (tokens are sorted by offset).
fn token_at(doc: &Document, pos: usize) -> usize {
    doc.tokens.partition_point(|t| t.start < pos)
}

fn sentence_of(doc: &Document, pos: usize) -> usize {
    doc.sentences
        .partition_point(|s| s.end <= pos)
        .min(doc.sentences.len().saturating_sub(1))
}

fn tok_text<'a>(doc: &'a Document, t: &TokenInfo) -> &'a str {
    doc.text.get(t.start..t.end).unwrap_or("")
}

/// What the title words around a mention say: a country code and an agent code.
#[derive(Debug, Default, Clone)]
struct TitleInfo {
    country: Option<String>,
    agent: Option<String>,
    /// Nationality word as written ("Russian", "U.S.").
    adjective: Option<String>,
    /// Normalised title words without the country words.
    title: Vec<String>,
}

fn analyse_title(
    kb: &ActorKb,
    doc: &Document,
    toks: std::ops::Range<usize>,
    date: u32,
) -> TitleInfo {
    let mut info = TitleInfo::default();
    let words: Vec<String> = doc.tokens[toks.clone()]
        .iter()
        .map(|t| normalize_token(tok_text(doc, t)))
        .collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut i = 0;
    while i < refs.len() {
        if info.country.is_none() {
            if let Some((n, id)) = kb.longest_match(&refs[i..]) {
                if let Some(a) = kb.actor(id) {
                    if matches!(a.kind, ActorKind::Country | ActorKind::Government) {
                        if let Some(c) = a.code_at(date) {
                            if c.len() >= 3 && c.is_char_boundary(3) {
                                info.country = Some(c[..3].to_string());
                                let t = &doc.tokens[toks.start + i..toks.start + i + n];
                                info.adjective =
                                    doc.text.get(t[0].start..t[n - 1].end).map(str::to_string);
                                if a.kind == ActorKind::Government && info.agent.is_none() {
                                    info.agent = Some("~GOV".into());
                                }
                                i += n;
                                continue;
                            }
                        }
                    }
                }
            }
        }
        if let Some((n, code)) = kb.longest_agent(&refs[i..]) {
            if info.agent.is_none()
                || code.ends_with("GOV") && !info.agent.as_deref().unwrap_or("").ends_with("GOV")
            {
                info.agent = Some(code.to_string());
            }
            for w in &refs[i..i + n] {
                info.title.push(canon_title(w).to_string());
            }
            i += n;
            continue;
        }
        if !["'s", "'", "of", "the", "and"].contains(&refs[i]) {
            info.title.push(canon_title(refs[i]).to_string());
        }
        i += 1;
    }
    info
}

fn combine(country: Option<&str>, agent: Option<&str>) -> Option<String> {
    match (country, agent) {
        (Some(c), Some(a)) if a.starts_with('~') => Some(format!("{c}{}", &a[1..])),
        (_, Some(a)) if a.ends_with('~') => Some(a.trim_end_matches('~').to_string()),
        (Some(c), None) => Some(c.to_string()),
        _ => None,
    }
}

fn sector_word(code: &str) -> &'static str {
    let s = if code.len() > 3 && code.is_char_boundary(3) {
        &code[3..]
    } else {
        ""
    };
    match s {
        "MIL" => "military",
        "REB" => "rebels",
        "GOVMED" => "state media",
        "MED" => "media",
        "OPP" => "opposition",
        "COP" => "police",
        "LEG" => "parliament",
        "JUD" => "judiciary",
        "BUS" => "business",
        "CVL" | "PPL" => "civilians",
        _ => "government",
    }
}

/// A group actor named from a nationality and an agent ("Russian troops" -> "Russian military", RUSMIL).
fn group_ref(kb: &ActorKb, info: &TitleInfo) -> Option<ActorRef> {
    let code = combine(info.country.as_deref(), info.agent.as_deref())?;
    info.agent.as_ref()?;
    if code.len() == 6 && code.ends_with("GOV") {
        return Some(kb.government(&code[..3]));
    }
    let adj = info
        .adjective
        .clone()
        .unwrap_or_else(|| code.get(..3).unwrap_or("").to_string());
    Some(ActorRef {
        name: format!("{adj} {}", sector_word(&code)),
        code: Some(code),
    })
}

/// Tokens of the title run just before token `first` (same sentence): nouns, adjectives,
/// proper nouns and inner "of"/"'s".
fn title_before(doc: &Document, first: usize, sent_start: usize) -> std::ops::Range<usize> {
    let mut i = first;
    let mut n = 0;
    while i > 0 && n < 7 {
        let t = &doc.tokens[i - 1];
        if t.start < sent_start {
            break;
        }
        let ok = matches!(t.pos.as_str(), "NOUN" | "PROPN" | "ADJ")
            || (t.lemma == "of" && i < first)
            || (t.pos == "PART" && (t.lemma == "'s" || t.lemma == "’s") && i < first);
        if !ok {
            break;
        }
        i -= 1;
        n += 1;
    }
    // Do not start on "of"/"'s".
    while i < first && (doc.tokens[i].lemma == "of" || doc.tokens[i].pos == "PART") {
        i += 1;
    }
    i..first
}

/// Appositive title after a name: ", the Russian Foreign Minister," -> tokens of the title.
fn title_after(doc: &Document, last: usize, sent_end: usize) -> std::ops::Range<usize> {
    let mut i = last + 1;
    let n = doc.tokens.len();
    if i >= n || tok_text(doc, &doc.tokens[i]) != "," {
        return i..i;
    }
    i += 1;
    if i < n && doc.tokens[i].pos == "DET" {
        i += 1;
    }
    let s = i;
    while i < n
        && i - s < 6
        && doc.tokens[i].end <= sent_end
        && matches!(doc.tokens[i].pos.as_str(), "NOUN" | "PROPN" | "ADJ")
    {
        i += 1;
    }
    // Only a title if it ends with a known title-like word.
    s..i
}

fn is_agentive(doc: &Document, toks: std::ops::Range<usize>) -> (bool, bool) {
    // The span's syntactic head: a token whose head is outside the span.
    let mut subj = false;
    let mut agentive = false;
    for i in toks.clone() {
        let t = &doc.tokens[i];
        let h = t.head;
        let inside = h >= toks.start as i64 && h < toks.end as i64;
        if inside {
            continue;
        }
        match t.dep.as_str() {
            "nsubj" | "nsubj:pass" | "csubj" => {
                subj = true;
                agentive = true;
            }
            "nmod:poss" | "obl:agent" => agentive = true,
            "conj" => {
                // Conjunct of a subject.
                if let Some(ht) = usize::try_from(h).ok().and_then(|h| doc.tokens.get(h)) {
                    if ht.dep.starts_with("nsubj") {
                        agentive = true;
                        subj = true;
                    }
                }
            }
            _ => {}
        }
        // "Beijing's": possessive marker right after the span.
        if let Some(n) = doc.tokens.get(toks.end) {
            if n.pos == "PART" && (n.lemma == "'s" || n.lemma == "’s") {
                agentive = true;
            }
        }
    }
    (agentive, subj)
}

/// Is the span the object of a place preposition ("in Moscow", "to Beijing")?
fn place_case(doc: &Document, toks: std::ops::Range<usize>) -> bool {
    toks.clone().any(|i| {
        let h = doc.tokens[i].head;
        if h >= toks.start as i64 && h < toks.end as i64 {
            return false;
        }
        let prev = i
            .checked_sub(1)
            .and_then(|p| doc.tokens.get(p))
            .filter(|_| i == toks.start);
        let by_dep = doc
            .tokens
            .iter()
            .enumerate()
            .skip(toks.start.saturating_sub(3))
            .take(toks.len() + 3)
            .any(|(j, t)| {
                t.head == i as i64
                    && t.dep == "case"
                    && matches!(
                        t.lemma.to_ascii_lowercase().as_str(),
                        "in" | "at" | "to" | "into" | "near" | "outside" | "across"
                    )
                    && j < toks.start
            });
        by_dep
            || prev.is_some_and(|p| {
                matches!(
                    p.lemma.to_ascii_lowercase().as_str(),
                    "in" | "at" | "to" | "into" | "near" | "outside"
                )
            })
    })
}

impl DocActors {
    /// Link every entity of `doc` against `kb`, with in-document coreference of name parts.
    pub fn build(doc: &Document, kb: &ActorKb) -> DocActors {
        let date = doc_date(doc);
        let mut out = DocActors {
            entity: Vec::with_capacity(doc.entities.len()),
            mentions: Vec::new(),
            date,
        };
        let mut order: Vec<usize> = (0..doc.entities.len()).collect();
        order.sort_by_key(|&i| doc.entities[i].start);
        out.entity = vec![None; doc.entities.len()];
        for ei in order {
            let e = &doc.entities[ei];
            if e.start >= e.end || e.end > doc.text.len() {
                continue;
            }
            let t0 = token_at(doc, e.start);
            let mut t1 = t0;
            while t1 < doc.tokens.len() && doc.tokens[t1].end <= e.end {
                t1 += 1;
            }
            if t1 <= t0 {
                continue;
            }
            let si = sentence_of(doc, e.start);
            let (s_start, s_end) = doc
                .sentences
                .get(si)
                .map(|s| (s.start, s.end))
                .unwrap_or((0, doc.text.len()));
            let mut words: Vec<String> = doc.tokens[t0..t1]
                .iter()
                .map(|t| normalize_token(tok_text(doc, t)))
                .collect();
            let mut skip = 0;
            while skip < words.len() && (words[skip] == "the") {
                skip += 1;
            }
            words.drain(..skip);
            while words.last().is_some_and(|w| w == "'s" || w == "'") {
                words.pop();
            }
            if words.is_empty() {
                continue;
            }
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let key = refs.join(" ");
            let before = title_before(doc, t0, s_start);
            let after = title_after(doc, t1 - 1, s_end);
            let mut info = analyse_title(kb, doc, before.clone(), date);
            if info.agent.is_none() && info.country.is_none() && e.label == "PER" {
                let a = analyse_title(kb, doc, after.clone(), date);
                if a.agent.is_some() {
                    info = a;
                }
            }
            let (agentive, subject) = is_agentive(doc, t0..t1);
            let person = e.label == "PER";
            // 1. KB lookup: whole span, then the longest alias inside it.
            let mut found = kb.lookup_norm(&key);
            // A plural demonym ("Algerians", "Kurds"): its singular.
            if found.is_none() && e.label == "MISC" && refs.len() == 1 && key.len() > 4 {
                if let Some(sg) = key.strip_suffix('s') {
                    found = kb
                        .lookup_norm(sg)
                        .filter(|&id| kb.actor(id).is_some_and(|a| a.kind == ActorKind::Country));
                }
            }
            if found.is_none() {
                for s in 0..refs.len() {
                    if let Some((n, id)) = kb.longest_match(&refs[s..]) {
                        if n == refs.len() - s && (s == 0 || n >= 2) {
                            found = Some(id);
                            break;
                        }
                    }
                }
            }
            // 2. In-document coreference for persons: a name part of an earlier person.
            let mut r: Option<ActorRef> = None;
            let mut titles = info.title.clone();
            if person {
                let fk: Vec<String> = refs.iter().map(|w| fuzzy_key(w)).collect();
                for m in out.mentions.iter().rev() {
                    if !m.person {
                        continue;
                    }
                    let mn: Vec<String> = m
                        .actor
                        .name
                        .split(' ')
                        .map(|w| fuzzy_key(&normalize_token(w)))
                        .collect();
                    let hit = if fk.len() == 1 {
                        mn.contains(&fk[0])
                    } else {
                        mn == fk || fk.iter().all(|w| mn.contains(w))
                    };
                    if hit {
                        r = Some(m.actor.clone());
                        titles.extend(m.titles.iter().cloned());
                        break;
                    }
                }
            }
            if r.is_none() {
                if let Some(id) = found {
                    if let Some(a) = kb.actor(id) {
                        match a.kind {
                            ActorKind::Government
                                if e.label == "LOC" && !agentive && place_case(doc, t0..t1) => {}
                            ActorKind::Person
                                if !person && e.label != "MISC" && e.label != "ORG" =>
                            {
                                r = kb.actor_ref(id, date)
                            }
                            _ => r = kb.actor_ref(id, date),
                        }
                        if a.kind == ActorKind::Person {
                            titles.extend(a.titles.iter().cloned());
                        }
                        // An adjective entity ("Chinese") followed by an agent noun ("officials").
                        if a.kind == ActorKind::Country && e.label == "MISC" {
                            let nxt = analyse_title(
                                kb,
                                doc,
                                t0..(t1 + 3).min(doc.tokens.len()).min(token_at(doc, s_end)),
                                date,
                            );
                            if let Some(g) = group_ref(kb, &nxt).filter(|_| {
                                nxt.agent.is_some()
                                    && doc
                                        .tokens
                                        .get(t1)
                                        .is_some_and(|t| t.pos == "NOUN" || t.pos == "PROPN")
                            }) {
                                r = Some(g);
                            }
                        }
                    }
                }
            }
            if r.is_none() && person && refs.len() == 1 {
                if let Some(id) = kb.person_by_part(refs[0], date) {
                    r = kb.actor_ref(id, date);
                    if let Some(a) = kb.actor(id) {
                        titles.extend(a.titles.iter().cloned());
                    }
                }
            }
            if r.is_none() && person && refs.len() >= 2 {
                // A new person: their name as written, coded from the title.
                let code = combine(
                    info.country.as_deref(),
                    info.agent.as_deref().or(info.country.as_ref().map(|_| "~")),
                );
                let code = code.filter(|c| c.len() > 3 || info.agent.is_some());
                r = Some(ActorRef {
                    name: e.text.trim().to_string(),
                    code,
                });
            }
            if r.is_none() && e.label == "ORG" {
                // Unknown organisation: name as written, code from a nationality inside it.
                let inner = analyse_title(kb, doc, t0..t1, date);
                r = Some(ActorRef {
                    name: e.text.trim().trim_start_matches("the ").to_string(),
                    code: combine(inner.country.as_deref(), inner.agent.as_deref()),
                });
            }
            if let Some(rr) = r.as_mut() {
                // A title with a different, more specific code ("Ukrainian President" for a person
                // the KB knows only under an old role) does not override the KB; fill gaps only.
                if rr.code.is_none() && person {
                    rr.code = combine(info.country.as_deref(), info.agent.as_deref());
                }
            }
            if let Some(rr) = r {
                out.mentions.push(LinkedMention {
                    start: e.start,
                    end: e.end,
                    sentence: si,
                    actor: rr.clone(),
                    person,
                    subject,
                    titles,
                });
                out.entity[ei] = Some(rr);
            }
        }
        out
    }

    /// Resolve a span to an actor using the document's mentions before it (see [`resolve_mention`]).
    pub fn resolve(
        &self,
        doc: &Document,
        start: usize,
        end: usize,
        kb: &ActorKb,
    ) -> Option<ActorRef> {
        if start >= end || end > doc.text.len() {
            return None;
        }
        // An entity overlapping the span.
        let mut best: Option<(usize, &ActorRef)> = None;
        for m in &self.mentions {
            if m.start < end && start < m.end {
                let ov = m.end.min(end) - m.start.max(start);
                if ov * 2 >= end - start && best.is_none_or(|(b, _)| ov > b) {
                    best = Some((ov, &m.actor));
                }
            }
        }
        if let Some((_, a)) = best {
            return Some(a.clone());
        }
        let t0 = token_at(doc, start);
        let mut t1 = t0;
        while t1 < doc.tokens.len() && doc.tokens[t1].end <= end {
            t1 += 1;
        }
        if t1 <= t0 {
            return None;
        }
        let si = sentence_of(doc, start);
        let words: Vec<String> = doc.tokens[t0..t1]
            .iter()
            .map(|t| normalize_token(tok_text(doc, t)))
            .collect();
        let mut s = 0;
        while s < words.len() && DETS.contains(&words[s].as_str()) {
            s += 1;
        }
        if words.len() == 1 {
            let w = words[0].as_str();
            if PRONOUN_PER.contains(&w) {
                return self.antecedent(start, si, true);
            }
            if PRONOUN_OTHER.contains(&w) {
                return self.antecedent(start, si, false);
            }
        }
        if s >= words.len() {
            return None;
        }
        let rest: Vec<&str> = words[s..].iter().map(String::as_str).collect();
        if let Some(id) = kb.lookup_norm(&rest.join(" ")) {
            return kb.actor_ref(id, self.date);
        }
        // A description: nationality + title.
        let info = analyse_title(kb, doc, t0 + s..t1, self.date);
        let title = info.title.last().cloned();
        if let Some(title) = title.as_deref() {
            for m in self.mentions.iter().rev() {
                if m.start >= start || !m.person || si.saturating_sub(m.sentence) > 12 {
                    continue;
                }
                let code = m.actor.code.as_deref().unwrap_or("");
                if let Some(c) = info.country.as_deref() {
                    if !code.starts_with(c) {
                        continue;
                    }
                }
                let gov_like = code.len() > 3 && (code.ends_with("GOV") || code.starts_with("IGO"));
                let title_ok = m
                    .titles
                    .iter()
                    .any(|t| t.split(' ').next_back().map(canon_title) == Some(title))
                    || (title == "leader" && gov_like && info.country.is_some());
                if title_ok {
                    return Some(m.actor.clone());
                }
            }
            if let Some(c) = info.country.as_deref() {
                let wanted: &[&str] = if title == "leader" {
                    &["president", "prime minister", "premier"]
                } else {
                    &[title]
                };
                for t in wanted {
                    if let Some(id) = kb.holder(c, t, self.date) {
                        return kb.actor_ref(id, self.date);
                    }
                }
            }
        }
        group_ref(kb, &info).or_else(|| {
            info.country
                .as_deref()
                .and_then(|c| kb.country(c))
                .map(|a| ActorRef {
                    name: a.name.clone(),
                    code: a.code_at(self.date).map(str::to_string),
                })
        })
    }

    fn antecedent(&self, pos: usize, si: usize, person: bool) -> Option<ActorRef> {
        let mut fallback = None;
        for m in self.mentions.iter().rev() {
            if m.start >= pos {
                continue;
            }
            if si.saturating_sub(m.sentence) > 2 {
                break;
            }
            if m.person != person {
                continue;
            }
            if m.subject {
                return Some(m.actor.clone());
            }
            if fallback.is_none() {
                fallback = Some(m.actor.clone());
            }
        }
        fallback
    }
}

/// Set `doc.entities[].actor` to canonical actor names ("Xi", "President Xi" -> "Xi Jinping";
/// "Beijing" as the subject of a verb -> "Chinese government"; "the Kremlin" -> "Russian government").
/// Places used as places ("in Moscow") keep `actor: None`.
pub fn link_entities(doc: &mut Document, kb: &ActorKb) {
    let da = DocActors::build(doc, kb);
    for (e, a) in doc.entities.iter_mut().zip(da.entity) {
        e.actor = a.map(|a| a.name);
    }
}

/// Resolve any span of `doc` (a name, "he", "the Chinese president", "the Kremlin spokesman")
/// to an actor, using the document's earlier mentions and the KB at the document date.
/// Builds the document's links each call; use [`DocActors::resolve`] for many spans.
pub fn resolve_mention(doc: &Document, start: usize, end: usize, kb: &ActorKb) -> Option<ActorRef> {
    DocActors::build(doc, kb).resolve(doc, start, end, kb)
}

/// The CAMEO code for a nationality + title phrase (tokens `toks` of `doc`): "Russian troops" ->
/// `RUSMIL`, "U.S. officials" -> `USAGOV`.
pub fn mention_code(
    doc: &Document,
    toks: std::ops::Range<usize>,
    kb: &ActorKb,
) -> Option<ActorRef> {
    if toks.end > doc.tokens.len() || toks.start >= toks.end {
        return None;
    }
    group_ref(kb, &analyse_title(kb, doc, toks, doc_date(doc)))
}
