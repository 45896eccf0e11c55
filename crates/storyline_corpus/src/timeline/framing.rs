//! Framing and coverage: how outlets name things, and which documents report each entry.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use storyline_model::Document;

use super::TimelineEntry;

/// Terms by which outlets name the same kind of thing; each group is one concept.
pub const FRAMING_TERMS: &[(&str, &[&str])] = &[
    (
        "armed conflict",
        &[
            "invasion",
            "special military operation",
            "unique military operation",
            "military operation",
            "incursion",
            "military campaign",
            "offensive",
            "aggression",
            "war",
            "conflict",
            "crisis",
            "attack",
            "occupation",
            "annexation",
            "liberation",
        ],
    ),
    (
        "armed actors",
        &[
            "troops",
            "forces",
            "militants",
            "terrorists",
            "rebels",
            "separatists",
            "insurgents",
            "fighters",
            "freedom fighters",
        ],
    ),
    (
        "diplomacy",
        &[
            "peace plan",
            "peace proposal",
            "peace initiative",
            "talks",
            "negotiations",
            "ceasefire",
            "truce",
            "mediation",
        ],
    ),
];

fn count_term(text: &str, term: &str) -> usize {
    let lower = text.to_lowercase();
    let mut n = 0;
    let mut from = 0;
    while let Some(pos) = lower[from..].find(term) {
        let start = from + pos;
        let end = start + term.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        // "war" must not count inside "warfare"; a longer term of the group is counted on its own.
        if boundary(before) && (boundary(after) || (term.len() > 3 && after == Some('s'))) {
            n += 1;
        }
        from = end;
    }
    n
}

/// Framing: per document or outlet, how often each framing term is used. A term that
/// is part of a longer term of its group ("military operation" in "special military
/// operation") is counted only where it stands alone.
pub fn framing(docs: &[&Document], by_outlet: bool) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for doc in docs {
        let key = if by_outlet {
            doc.outlet.clone().unwrap_or_else(|| doc.id.clone())
        } else {
            doc.id.clone()
        };
        let counts = out.entry(key).or_default();
        for (_, terms) in FRAMING_TERMS {
            let mut raw: Vec<(&str, usize)> = terms
                .iter()
                .map(|t| (*t, count_term(&doc.text, t)))
                .collect();
            // Subtract occurrences inside longer terms of the same group.
            for i in 0..raw.len() {
                let (t, _) = raw[i];
                let inside: usize = raw
                    .iter()
                    .filter(|(u, _)| u.len() > t.len() && u.contains(t))
                    .map(|(u, _)| count_term(&doc.text, u))
                    .sum();
                raw[i].1 = raw[i].1.saturating_sub(inside);
            }
            for (t, c) in raw {
                if c > 0 {
                    *counts.entry(t.to_string()).or_insert(0) += c;
                }
            }
        }
    }
    out
}

/// Coverage of one timeline entry: which sources report it and which leave it out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// The entry's summary.
    pub event: String,
    /// Its date.
    pub date: Option<String>,
    /// Documents (or outlets) reporting it.
    pub reported_by: Vec<String>,
    /// Documents (or outlets) of the corpus that do not.
    pub not_reported_by: Vec<String>,
}

/// Which sources report each multi-source-worthy entry and which leave it out.
pub fn coverage(entries: &[TimelineEntry], docs: &[&Document]) -> Vec<Coverage> {
    let all: BTreeSet<String> = docs.iter().map(|d| d.id.clone()).collect();
    entries
        .iter()
        .map(|e| {
            let by: BTreeSet<String> = e.documents.iter().cloned().collect();
            Coverage {
                event: e.summary.clone(),
                date: e.date.clone(),
                reported_by: by.iter().cloned().collect(),
                not_reported_by: all.difference(&by).cloned().collect(),
            }
        })
        .collect()
}
