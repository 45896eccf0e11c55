//! Tolerant CoNLL-U reading.

use crate::Upos;

/// One word line of a CoNLL-U sentence (multiword-token ranges and empty nodes skipped).
#[derive(Debug, Clone)]
pub struct Word {
    /// Surface form.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal POS (X if missing/unknown).
    pub upos: Upos,
    /// Head, 0 = root (1-based), -1 if missing.
    pub head: i32,
    /// Dependency relation.
    pub deprel: String,
}

/// A sentence of words.
pub type Sent = Vec<Word>;

/// Parses all sentences of a CoNLL-U document; malformed lines are skipped.
pub fn read(text: &str) -> Vec<Sent> {
    let mut out = Vec::new();
    let mut cur: Sent = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            continue;
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head = cols[6].parse::<i32>().unwrap_or(-1);
        cur.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: Upos::parse(cols[3]).unwrap_or(Upos::X),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
