//! A validated, index-friendly view of a document's tokens, sentences and
//! dependency trees. Inconsistent input (tokens out of bounds or off char
//! boundaries, heads pointing anywhere, cycles) is dropped or cut, never trusted.

use std::borrow::Cow;

use storyline_model::Document;

/// One validated token.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub word: &'a str,
    pub lower: Cow<'a, str>,
    pub pos: &'a str,
    pub lemma: Cow<'a, str>,
    pub head: Option<usize>,
    pub dep: &'a str,
    pub sent: usize,
}

/// A sentence: byte span and token range.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub start: usize,
    pub end: usize,
    pub toks: std::ops::Range<usize>,
}

/// The view.
pub(crate) struct View<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
    pub sents: Vec<Sent>,
    pub children: Vec<Vec<usize>>,
    /// Subtree extent per token: (first token, last token), inclusive.
    pub span: Vec<(usize, usize)>,
    /// Byte offsets where paragraphs start (after a newline), sorted.
    pub para_starts: Vec<usize>,
}

/// `s` in lower case, borrowed when it is ASCII without capitals (most words).
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

fn ok_span(text: &str, s: usize, e: usize) -> bool {
    s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
}

impl<'a> View<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let text = doc.text.as_str();
        // Sentences: valid, sorted, non-overlapping.
        let mut sspans: Vec<(usize, usize)> = doc
            .sentences
            .iter()
            .filter(|s| ok_span(text, s.start, s.end))
            .map(|s| (s.start, s.end))
            .collect();
        sspans.sort_unstable();
        let mut clean: Vec<(usize, usize)> = Vec::with_capacity(sspans.len());
        for (s, e) in sspans {
            match clean.last() {
                Some(&(_, pe)) if s < pe => {}
                _ => clean.push((s, e)),
            }
        }
        if clean.is_empty() && !text.trim().is_empty() {
            clean.push((0, text.len()));
        }
        // Tokens: valid, inside a sentence, increasing.
        let mut map: Vec<Option<usize>> = vec![None; doc.tokens.len()];
        let mut toks: Vec<Tok<'a>> = Vec::with_capacity(doc.tokens.len());
        let mut si = 0usize;
        let mut last_end = 0usize;
        for (i, t) in doc.tokens.iter().enumerate() {
            if !ok_span(text, t.start, t.end) || t.start < last_end {
                continue;
            }
            while si < clean.len() && clean[si].1 <= t.start {
                si += 1;
            }
            if si >= clean.len() {
                break;
            }
            if t.start < clean[si].0 || t.end > clean[si].1 {
                continue;
            }
            last_end = t.end;
            map[i] = Some(toks.len());
            let word = &text[t.start..t.end];
            toks.push(Tok {
                start: t.start,
                end: t.end,
                word,
                lower: lowercase(word),
                pos: t.pos.as_str(),
                lemma: lowercase(&t.lemma),
                head: None,
                dep: t.dep.as_str(),
                sent: si,
            });
        }
        for (i, t) in doc.tokens.iter().enumerate() {
            let Some(ni) = map[i] else { continue };
            if t.head >= 0 {
                if let Some(&Some(h)) = usize::try_from(t.head).ok().and_then(|h| map.get(h)) {
                    if h != ni && toks[h].sent == toks[ni].sent {
                        toks[ni].head = Some(h);
                    }
                }
            }
        }
        // Break cycles: walk up from every token with a step limit.
        let n = toks.len();
        for i in 0..n {
            let mut cur = i;
            let mut steps = 0;
            while let Some(h) = toks[cur].head {
                steps += 1;
                if steps > 64 || h == i {
                    toks[cur].head = None;
                    break;
                }
                cur = h;
            }
        }
        let mut sents: Vec<Sent> = clean
            .iter()
            .map(|&(s, e)| Sent {
                start: s,
                end: e,
                toks: 0..0,
            })
            .collect();
        let mut k = 0;
        for (si, s) in sents.iter_mut().enumerate() {
            let a = k;
            while k < n && toks[k].sent == si {
                k += 1;
            }
            s.toks = a..k;
        }
        let mut children = vec![Vec::new(); n];
        for i in 0..n {
            if let Some(h) = toks[i].head {
                children[h].push(i);
            }
        }
        let mut span: Vec<(usize, usize)> = (0..n).map(|i| (i, i)).collect();
        for i in 0..n {
            let mut cur = i;
            let mut steps = 0;
            while let Some(h) = toks[cur].head {
                let sp = &mut span[h];
                sp.0 = sp.0.min(i);
                sp.1 = sp.1.max(i);
                cur = h;
                steps += 1;
                if steps > 64 {
                    break;
                }
            }
        }
        let mut para_starts = vec![0];
        for (b, c) in text.char_indices() {
            if c == '\n' {
                para_starts.push(b + 1);
            }
        }
        View {
            text,
            toks,
            sents,
            children,
            span,
            para_starts,
        }
    }

    /// Paragraph index of a byte offset.
    pub fn para(&self, byte: usize) -> usize {
        self.para_starts
            .partition_point(|&p| p <= byte)
            .saturating_sub(1)
    }

    /// The sentence containing a byte offset, if any.
    pub fn sent_at(&self, byte: usize) -> Option<usize> {
        let i = self.sents.partition_point(|s| s.end <= byte);
        (i < self.sents.len() && self.sents[i].start <= byte).then_some(i)
    }

    /// Children of `t` with a relation starting with `dep`.
    pub fn child(&self, t: usize, deps: &[&str]) -> Option<usize> {
        self.children[t].iter().copied().find(|&c| {
            deps.iter()
                .any(|d| base_dep(self.toks[c].dep) == *d || self.toks[c].dep == *d)
        })
    }

    /// Byte span of tokens a..=b.
    pub fn bytes(&self, a: usize, b: usize) -> (usize, usize) {
        (self.toks[a].start, self.toks[b].end)
    }

    /// True when `a` is `t` or one of its descendants.
    pub fn dominates(&self, t: usize, a: usize) -> bool {
        let mut cur = a;
        for _ in 0..64 {
            if cur == t {
                return true;
            }
            match self.toks[cur].head {
                Some(h) => cur = h,
                None => return false,
            }
        }
        false
    }

    /// Trims punctuation (but not quote marks) and leading `that` at the edges
    /// of token range a..=b; None if nothing is left.
    pub fn trim(&self, mut a: usize, mut b: usize) -> Option<(usize, usize)> {
        while a <= b
            && (self.is_edge_punct(a)
                || self.toks[a].pos == "CCONJ"
                || (self.toks[a].lower == "that"
                    && matches!(self.toks[a].pos, "SCONJ" | "PRON" | "DET")
                    && a < b))
        {
            a += 1;
        }
        while b >= a && self.is_edge_punct(b) {
            if b == 0 {
                return None;
            }
            b -= 1;
        }
        (a <= b).then_some((a, b))
    }

    fn is_edge_punct(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.pos == "PUNCT" && !t.word.chars().any(crate::marks::is_quote_char)
            || matches!(t.word, "," | ":" | ";" | "—" | "–" | "-")
    }
}

/// The relation without its subtype (`nsubj:pass` → `nsubj`).
pub(crate) fn base_dep(dep: &str) -> &str {
    dep.split(':').next().unwrap_or(dep)
}
