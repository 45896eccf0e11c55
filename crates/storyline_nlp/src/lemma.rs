//! Lemmatizer learned from data: a (form, UPOS) table plus suffix rewrite rules for unseen forms.

use std::collections::HashMap;

use crate::conllu::Sent;
use crate::hash::{hash_str, mix, IdMap};
use crate::io::{ModelError, Reader, Writer};
use crate::upos::Upos;

const MAX_SUFFIX: usize = 6;

/// A rewrite rule: remove `strip` chars at the end, append `add`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Rule {
    strip: u8,
    add: String,
}

/// Trained lemmatizer.
pub struct Lemmatizer {
    table: IdMap<u64, String>,
    rules: IdMap<u64, Rule>,
}

fn norm(form: &str, upos: Upos) -> String {
    if upos == Upos::Propn {
        form.to_string()
    } else {
        form.to_lowercase()
    }
}

fn key(form: &str, upos: Upos) -> u64 {
    mix(hash_str(form), upos as u64 + 1)
}

fn rule_of(form: &str, lemma: &str) -> Option<Rule> {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let mut p = 0;
    while p < f.len() && p < l.len() && f[p] == l[p] {
        p += 1;
    }
    if p == 0 && !f.is_empty() {
        return None;
    }
    let strip = u8::try_from(f.len() - p).ok()?;
    Some(Rule {
        strip,
        add: l[p..].iter().collect(),
    })
}

fn suffix_key(chars: &[char], k: usize, upos: Upos) -> u64 {
    let s: String = chars[chars.len() - k..].iter().collect();
    suffix_key_str(&s, k, upos)
}

/// [`suffix_key`] of a suffix of `k` chars given as a string.
fn suffix_key_str(s: &str, k: usize, upos: Upos) -> u64 {
    mix(mix(hash_str(s), k as u64), upos as u64 + 100)
}

fn apply(form: &str, r: &Rule) -> String {
    let chars: Vec<char> = form.chars().collect();
    let keep = chars.len().saturating_sub(r.strip as usize);
    let mut s: String = chars[..keep].iter().collect();
    s.push_str(&r.add);
    s
}

impl Lemmatizer {
    /// Lemma of `form` with tag `upos`.
    pub fn lemma(&self, form: &str, upos: Upos) -> String {
        if let Some(l) = self.table.get(&key(form, upos)) {
            return l.clone();
        }
        let n = norm(form, upos);
        if let Some(l) = self.table.get(&key(&n, upos)) {
            return l.clone();
        }
        if matches!(upos, Upos::Num | Upos::Punct | Upos::Sym | Upos::X) {
            return n;
        }
        // byte offsets of the last MAX_SUFFIX + 1 char boundaries (suffix k starts at starts[k])
        let nchars = n.chars().count();
        if nchars > 40 {
            return n;
        }
        let mut starts = [0usize; MAX_SUFFIX + 1];
        starts[0] = n.len();
        for (k, (i, _)) in n.char_indices().rev().take(MAX_SUFFIX).enumerate() {
            starts[k + 1] = i;
        }
        for k in (0..=MAX_SUFFIX.min(nchars)).rev() {
            if let Some(r) = self.rules.get(&suffix_key_str(&n[starts[k]..], k, upos)) {
                if (r.strip as usize) < nchars {
                    return apply(&n, r);
                }
            }
        }
        n
    }

    pub(crate) fn read(data: &[u8]) -> Result<Lemmatizer, ModelError> {
        let mut r = Reader::new(data);
        let n = r.len(1 << 24)?;
        let mut table: IdMap<u64, String> = Default::default();
        for _ in 0..n {
            let form = r.str()?;
            let upos = Upos::from_index(r.len(16)?);
            let lemma = r.str()?;
            table.insert(key(&form, upos), lemma);
        }
        let n = r.len(1 << 24)?;
        let mut rules: IdMap<u64, Rule> = Default::default();
        for _ in 0..n {
            let k = r.varint()?;
            let strip = r.len(255)? as u8;
            let add = r.str()?;
            rules.insert(k, Rule { strip, add });
        }
        Ok(Lemmatizer { table, rules })
    }
}

/// Learns a lemmatizer; returns it and its serialised bytes.
pub(crate) fn train(train: &[Sent]) -> (Lemmatizer, Vec<u8>) {
    let mut counts: HashMap<(String, Upos), HashMap<String, u32>> = HashMap::new();
    let mut rule_counts: HashMap<u64, HashMap<Rule, u32>> = HashMap::new();
    for s in train {
        for w in s {
            if w.lemma == "_" || w.form.is_empty() {
                continue;
            }
            *counts
                .entry((w.form.clone(), w.upos))
                .or_default()
                .entry(w.lemma.clone())
                .or_insert(0) += 1;
            let n = norm(&w.form, w.upos);
            if let Some(rule) = rule_of(&n, &w.lemma) {
                let chars: Vec<char> = n.chars().collect();
                for k in 0..=MAX_SUFFIX.min(chars.len()) {
                    *rule_counts
                        .entry(suffix_key(&chars, k, w.upos))
                        .or_default()
                        .entry(rule.clone())
                        .or_insert(0) += 1;
                }
            }
        }
    }
    let mut table_entries: Vec<(String, Upos, String)> = counts
        .into_iter()
        .map(|((f, u), ls)| {
            let best = ls
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|x| x.0)
                .unwrap_or_default();
            (f, u, best)
        })
        .collect();
    table_entries.sort();
    let mut rules: Vec<(u64, Rule)> = rule_counts
        .into_iter()
        .filter_map(|(k, rs)| {
            let total: u32 = rs.values().sum();
            let (r, c) = rs
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            // keep only reasonably reliable suffix rules
            if total >= 2 && c * 2 > total {
                Some((k, r))
            } else {
                None
            }
        })
        .collect();
    rules.sort();
    let mut w = Writer::default();
    w.varint(table_entries.len() as u64);
    let mut table: IdMap<u64, String> = Default::default();
    for (f, u, l) in &table_entries {
        w.str(f);
        w.varint(u.index() as u64);
        w.str(l);
        table.insert(key(f, *u), l.clone());
    }
    w.varint(rules.len() as u64);
    for (k, r) in &rules {
        w.varint(*k);
        w.varint(u64::from(r.strip));
        w.str(&r.add);
    }
    (
        Lemmatizer {
            table,
            rules: rules.into_iter().collect(),
        },
        w.buf,
    )
}
