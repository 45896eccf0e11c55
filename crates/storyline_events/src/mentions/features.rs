//! The features of a token for the mention model: its word, lemma and tag, its place in the
//! dependency tree (relation, head, what depends on it), its neighbours, its word shape and
//! endings, and whether it is part of a name.

use storyline_model::Document;
use storyline_nlp::learn::{feat, feat2, feat3, hash_str};

/// What the features of every token of a document read: children lists and entity labels.
pub(crate) struct TokenView<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) children: Vec<Vec<u32>>,
    /// The entity label hash of each token in a name, or 0.
    ent: Vec<u64>,
    lower: Vec<String>,
    /// The sentence of each token.
    pub(crate) sent: Vec<u32>,
}

impl<'a> TokenView<'a> {
    pub(crate) fn new(doc: &'a Document) -> Self {
        let n = doc.tokens.len();
        let mut children = vec![Vec::new(); n];
        for (i, t) in doc.tokens.iter().enumerate() {
            if t.head >= 0 && (t.head as usize) < n && t.head as usize != i {
                children[t.head as usize].push(i as u32);
            }
        }
        let mut ent = vec![0u64; n];
        for e in &doc.entities {
            let mut k = doc.tokens.partition_point(|t| t.start < e.start);
            while k < n && doc.tokens[k].end <= e.end {
                ent[k] = hash_str(&e.label);
                k += 1;
            }
        }
        let lower = doc
            .tokens
            .iter()
            .map(|t| doc.text.get(t.start..t.end).unwrap_or("").to_lowercase())
            .collect();
        let mut sent = vec![0u32; n];
        let mut s = 0usize;
        for (i, t) in doc.tokens.iter().enumerate() {
            while s + 1 < doc.sentences.len() && doc.sentences[s].end <= t.start {
                s += 1;
            }
            sent[i] = s as u32;
        }
        TokenView {
            doc,
            children,
            ent,
            lower,
            sent,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.doc.tokens.len()
    }

    pub(crate) fn lower(&self, i: usize) -> &str {
        &self.lower[i]
    }

    pub(crate) fn head(&self, i: usize) -> Option<usize> {
        let h = self.doc.tokens[i].head;
        (h >= 0 && (h as usize) < self.len() && h as usize != i).then_some(h as usize)
    }

    fn same_sentence(&self, i: usize, j: usize) -> bool {
        self.sent[i] == self.sent[j]
    }
}

fn shape(word: &str) -> u64 {
    let mut s = String::new();
    for c in word.chars().take(6) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if !s.ends_with(k) {
            s.push(k);
        }
    }
    hash_str(&s)
}

fn suffix(s: &str, n: usize) -> &str {
    let mut idx = s.len();
    for (k, (i, _)) in s.char_indices().rev().enumerate() {
        idx = i;
        if k + 1 == n {
            break;
        }
    }
    &s[idx..]
}

/// Appends the feature keys of token `i` to `out`.
pub(crate) fn token_features(v: &TokenView, i: usize, out: &mut Vec<u64>) {
    let doc = v.doc;
    let t = &doc.tokens[i];
    let w = hash_str(v.lower(i));
    let lemma = hash_str(&t.lemma.to_lowercase());
    let pos = hash_str(&t.pos);
    let dep = hash_str(&t.dep);
    let word_text = doc.text.get(t.start..t.end).unwrap_or("");
    out.push(feat(0, 1));
    out.push(feat(1, w));
    out.push(feat(2, lemma));
    out.push(feat(3, pos));
    out.push(feat2(4, lemma, pos));
    out.push(feat(5, dep));
    out.push(feat2(6, dep, pos));
    out.push(feat2(7, lemma, dep));
    let low = v.lower(i);
    out.push(feat2(8, hash_str(suffix(low, 3)), pos));
    out.push(feat2(9, hash_str(suffix(low, 4)), pos));
    out.push(feat(10, hash_str(suffix(low, 2))));
    out.push(feat(11, shape(word_text)));
    out.push(feat2(12, v.ent[i], pos));
    // The head and the relation to it.
    match v.head(i) {
        Some(h) => {
            let ht = &doc.tokens[h];
            let hl = hash_str(&ht.lemma.to_lowercase());
            let hp = hash_str(&ht.pos);
            out.push(feat2(13, hl, dep));
            out.push(feat2(14, hp, dep));
            out.push(feat3(15, hp, dep, pos));
            out.push(feat2(16, hl, lemma));
        }
        None => out.push(feat2(17, pos, 1)),
    }
    // What depends on it.
    for &c in &v.children[i] {
        let c = c as usize;
        let ct = &doc.tokens[c];
        let cd = hash_str(&ct.dep);
        out.push(feat2(18, cd, pos));
        if matches!(
            ct.dep.as_str(),
            "aux" | "aux:pass" | "cop" | "det" | "case" | "mark" | "advmod" | "nmod:poss"
        ) {
            out.push(feat3(19, cd, hash_str(v.lower(c)), pos));
        }
        if matches!(ct.dep.as_str(), "obj" | "nsubj" | "nsubj:pass") {
            out.push(feat3(20, cd, hash_str(&ct.pos), lemma));
        }
    }
    if v.children[i].is_empty() {
        out.push(feat2(21, pos, 0));
    }
    // Neighbours in the sentence.
    let prev = (i > 0 && v.same_sentence(i, i - 1)).then(|| i - 1);
    let next = (i + 1 < v.len() && v.same_sentence(i, i + 1)).then(|| i + 1);
    let (pw, pp) = prev.map_or((1, 1), |p| {
        (hash_str(v.lower(p)), hash_str(&doc.tokens[p].pos))
    });
    let (nw, np) = next.map_or((1, 1), |n| {
        (hash_str(v.lower(n)), hash_str(&doc.tokens[n].pos))
    });
    out.push(feat(22, pw));
    out.push(feat(23, nw));
    out.push(feat2(24, pp, pos));
    out.push(feat2(25, pos, np));
    out.push(feat3(26, pp, pos, np));
    out.push(feat2(27, pw, lemma));
    out.push(feat2(28, lemma, nw));
    // Nouns: what governs them ("launched an attack", "after the meeting").
    if matches!(t.pos.as_str(), "NOUN" | "PROPN") {
        if let Some(h) = v.head(i) {
            if t.dep == "obj" || t.dep.starts_with("nsubj") {
                out.push(feat3(
                    29,
                    hash_str(&doc.tokens[h].lemma.to_lowercase()),
                    dep,
                    lemma,
                ));
            }
        }
        if let Some(&c) = v.children[i]
            .iter()
            .find(|&&c| doc.tokens[c as usize].dep == "case")
        {
            out.push(feat2(30, hash_str(v.lower(c as usize)), lemma));
        }
        let has_of = v.children[i].iter().any(|&c| {
            let ct = &doc.tokens[c as usize];
            ct.dep.starts_with("nmod")
                && v.children[c as usize]
                    .iter()
                    .any(|&g| v.lower(g as usize) == "of")
        });
        out.push(feat2(31, lemma, has_of as u64));
    }
}
