//! The coder's view of one document: tokens, the dependency tree walked both ways, the
//! actors found in it, and the small lookups every rule uses.

use super::tables::*;
use super::*;

impl<'a> Ctx<'a> {
    pub(crate) fn new(doc: &'a Document, kb: &'a ActorKb) -> Ctx<'a> {
        let n = doc.tokens.len();
        let mut head = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (i, t) in doc.tokens.iter().enumerate() {
            if t.head >= 0 && (t.head as usize) < n && t.head as usize != i {
                head[i] = Some(t.head as usize);
                children[t.head as usize].push(i as u32);
            }
        }
        let mut ent_of = vec![None; n];
        for (ei, e) in doc.entities.iter().enumerate() {
            let mut k = doc.tokens.partition_point(|t| t.start < e.start);
            while k < n && doc.tokens[k].end <= e.end {
                ent_of[k] = Some(ei as u32);
                k += 1;
            }
        }
        let mut sent_of = vec![0u32; n];
        let mut s = 0usize;
        for (i, t) in doc.tokens.iter().enumerate() {
            while s + 1 < doc.sentences.len() && doc.sentences[s].end <= t.start {
                s += 1;
            }
            sent_of[i] = s as u32;
        }
        Ctx {
            doc,
            kb,
            da: DocActors::build(doc, kb),
            table: VerbTable::get(),
            children,
            head,
            ent_of,
            sent_of,
            date: doc_date(doc),
        }
    }

    pub(crate) fn tok(&self, i: usize) -> &TokenInfo {
        &self.doc.tokens[i]
    }

    pub(crate) fn text(&self, i: usize) -> &str {
        let t = self.tok(i);
        self.doc.text.get(t.start..t.end).unwrap_or("")
    }

    pub(crate) fn kids(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[i].iter().map(|&c| c as usize)
    }

    pub(super) fn kid_with(&self, i: usize, deps: &[&str]) -> Option<usize> {
        self.kids(i)
            .find(|&c| deps.contains(&self.tok(c).dep.as_str()))
    }

    pub(crate) fn case_of(&self, i: usize) -> Option<String> {
        self.kids(i)
            .find(|&c| matches!(self.tok(c).dep.as_str(), "case" | "mark"))
            .map(|c| lower(&self.tok(c).lemma).into_owned())
    }

    /// Token `i` and the heads above it, nearest first, at most `n` of them (heads may be
    /// cyclic in a broken parse).
    pub(super) fn path_up(&self, mut i: usize, n: usize) -> Vec<usize> {
        let mut path = vec![i];
        while let Some(h) = self.head[i] {
            if path.len() > n {
                break;
            }
            path.push(h);
            i = h;
        }
        path
    }

    pub(super) fn depth(&self, mut i: usize) -> usize {
        let mut d = 0;
        while let Some(h) = self.head[i] {
            d += 1;
            i = h;
            if d > MAX_DEPTH {
                break;
            }
        }
        d
    }

    pub(super) fn words(&self, v: usize) -> Vec<String> {
        let mut w = Vec::new();
        for c in self.kids(v) {
            let t = self.tok(c);
            // A fronted adjunct sets the scene ("During Putin's visit to Beijing, China and
            // Russia announced a partnership"): it completes no pattern of the verb.
            if t.dep == "punct" || c < v && (t.dep.starts_with("obl") || t.dep.starts_with("advcl"))
            {
                continue;
            }
            if t.dep.starts_with("nsubj") {
                // The subject's words, marked, for the dictionary's patterns that name the
                // subject ("&PKO * [074]": peacekeepers arriving).
                w.push(format!("<{}", lower(&t.lemma)));
                w.push(format!("<{}", lower(self.text(c))));
                for g in self.kids(c) {
                    if matches!(
                        self.tok(g).dep.as_str(),
                        "compound" | "amod" | "nmod" | "case" | "flat"
                    ) {
                        w.push(format!("<{}", lower(&self.tok(g).lemma)));
                        w.push(format!("<{}", lower(self.text(g))));
                    }
                }
                continue;
            }
            w.push(lower(&t.lemma).into_owned());
            w.push(lower(self.text(c)).into_owned());
            for g in self.kids(c) {
                let tg = self.tok(g);
                if matches!(
                    tg.dep.as_str(),
                    "case" | "mark" | "compound" | "amod" | "obj" | "nmod" | "fixed"
                ) {
                    w.push(lower(&tg.lemma).into_owned());
                    w.push(lower(self.text(g)).into_owned());
                }
            }
        }
        w
    }

    /// Whether token `c` is in a place name.
    pub(super) fn is_loc(&self, c: usize) -> bool {
        self.ent_of[c].is_some_and(|e| self.doc.entities[e as usize].label == "LOC")
    }
}
