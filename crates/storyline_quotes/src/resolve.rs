//! Speaker resolution: a frame's speaker mention to its canonical name (people to their
//! fullest name, pronouns to the most recent compatible antecedent, titles to the person
//! introduced with them, documents to their author, institutions as written), and the
//! person subjects of main clauses that pronouns may refer to.

use crate::speakers;
use crate::tables::DOC_NOUNS;
use crate::{Extractor, Frame};

impl Extractor<'_, '_> {
    /// Person subjects of main clauses outside quotes: antecedents for pronouns.
    pub(crate) fn subject_candidates(&self, _frames: &[Frame]) -> Vec<(usize, String, bool)> {
        let v = self.v;
        let mut out = Vec::new();
        for t in 0..v.toks.len() {
            let tok = &v.toks[t];
            if tok.dep != "nsubj" || self.in_quote(tok.start) {
                continue;
            }
            let Some(h) = tok.head else { continue };
            let hd = v.toks[h].dep;
            if !(v.toks[h].head.is_none() || hd == "conj" || hd == "parataxis") {
                continue;
            }
            let (a, b) = self.core_np(t);
            let (s, e) = v.bytes(a, b);
            if let Some(n) = self.names.mention_at(s, e) {
                out.push((s, n, true));
            }
        }
        out
    }

    /// The canonical speaker of a frame and whether it is a person.
    pub(crate) fn resolve(
        &self,
        f: &Frame,
        history: &[(usize, String, bool)],
    ) -> Option<(String, bool)> {
        let v = self.v;
        if let Some(n) = &f.speaker_name {
            if let Some((s, e)) = f.speaker_span {
                if let Some(p) = self.names.mention_at(s, e) {
                    if f.cue_text != "according to" || v.text[s..e].split_whitespace().count() <= 3
                    {
                        return Some((p, true));
                    }
                }
            }
            return Some((n.clone(), false));
        }
        let s = f.speaker?;
        let (ms, me) = f.speaker_span?;
        let tok = &v.toks[s];
        if tok.pos == "PRON" {
            let w = tok.lower.as_ref();
            let want_person = matches!(w, "he" | "she" | "him" | "her" | "i");
            let cand = history
                .iter()
                .rev()
                .find(|h| h.0 < ms && (!want_person || h.2));
            return cand
                .map(|h| (h.1.clone(), h.2))
                .or_else(|| Some((tok.word.to_string(), false)));
        }
        if let Some(p) = self.names.mention_at(ms, me) {
            return Some((p, true));
        }
        // An apposition naming the person ("the spokeswoman, Wang Wenbin,").
        let (fa, fb) = v.span[s];
        if fb > fa {
            let (fs, fe) = v.bytes(fa, fb);
            if let Some(p) = self.names.mention_at(fs, fe) {
                return Some((p, true));
            }
        }
        let (a, b) = self.core_np(s);
        let mut written = self.plain_name(a, b, s);
        let span_text = v.text[ms..me].trim();
        if span_text.split_whitespace().count() <= 6 && !span_text.contains(',') {
            let mut t = span_text;
            for det in ["the ", "The ", "a ", "A ", "an ", "An ", "this ", "This "] {
                t = t.strip_prefix(det).unwrap_or(t);
            }
            let t = t.trim_end_matches("’s").trim_end_matches("'s").trim();
            if !t.is_empty() {
                written = t.to_string();
            }
        }
        if tok.pos == "PROPN" {
            if let Some(p) = self.names.person(&written) {
                return Some((p, true));
            }
            return Some((written, false));
        }
        if DOC_NOUNS.contains(&tok.lemma.as_ref()) {
            if let Some(poss) = v.children[s]
                .iter()
                .copied()
                .find(|&c| v.toks[c].dep == "nmod:poss")
            {
                let (a, b) = self.core_np(poss);
                let name = self.plain_name(a, b, poss);
                return Some((self.names.person(&name).unwrap_or(name), false));
            }
        }
        if speakers::PERSON_TITLES.contains(&tok.lemma.as_ref()) {
            let words: Vec<String> = (a..=b).map(|t| v.toks[t].lower.to_string()).collect();
            if let Some(p) = self.names.title(v, &words, ms) {
                return Some((p, true));
            }
        }
        Some((written, false))
    }
}
