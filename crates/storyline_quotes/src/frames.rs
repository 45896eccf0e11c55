//! Cues and their frames: which tokens are cues, and each cue's content span (its clausal
//! complement, the clause before "..., he said", the speech after a colon, a "that" clause
//! or an object), its channel ("on Telegram"), the sources of "according to X", and the
//! verb that stands in as the cue of a quote inside a named person's clause.

use crate::marks::{self, QuoteSpan};
use crate::tables::{
    CHANNEL_NOUNS, CUE_LEMMAS, DOC_NOUNS, MODALS, OBJ_CUES, SURFACE_CUES, UNSAID_GOVERNORS,
    XCOMP_CUES,
};
use crate::view::base_dep;
use crate::{Extractor, Frame};

fn is_cue_lemma(l: &str) -> bool {
    CUE_LEMMAS.contains(&l)
}

impl Extractor<'_, '_> {
    pub(crate) fn in_quote(&self, byte: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.end <= byte);
        self.quotes.get(i).is_some_and(|q| q.start <= byte)
    }

    pub(crate) fn is_cue(&self, t: usize) -> bool {
        let tok = &self.v.toks[t];
        (tok.pos == "VERB" && is_cue_lemma(&tok.lemma)
            || matches!(tok.pos, "NOUN" | "ADJ" | "PROPN" | "AUX")
                && SURFACE_CUES.contains(&tok.lower.as_ref())
            || matches!(tok.lower.as_ref(), "read" | "reads")
                && t > 0
                && DOC_NOUNS.contains(&self.v.toks[t - 1].lemma.as_ref()))
            && !self.in_quote(tok.start)
            // "so-called", "a widely reported deal": a participle modifying a noun reports
            // nothing.
            && tok.dep != "amod"
            && !self.so_called(t)
    }

    /// "so-called" (also "so called"), whatever the parse makes of it.
    fn so_called(&self, t: usize) -> bool {
        let toks = &self.v.toks;
        toks[t].lower == "called"
            && match t {
                0 => false,
                1 => toks[0].lower == "so",
                _ => {
                    toks[t - 1].lower == "so"
                        || (matches!(toks[t - 1].word, "-" | "‐" | "–")
                            && toks[t - 2].lower == "so")
                }
            }
    }

    /// Whether a cue reports no statement that was made: negated ("China has not condemned
    /// the invasion"), under a modal ("Ukraine must acknowledge", "Xi would call for peace"),
    /// or the act another verb wants, asks for, refuses or fails ("unable to condemn",
    /// "declined to say", "beseeched the Chinese to tell Russia").
    pub(crate) fn unsaid(&self, c: usize) -> bool {
        let v = self.v;
        let negated_or_modal = |t: usize| {
            v.children[t].iter().any(|&k| {
                let w = v.toks[k].lower.as_ref();
                (v.toks[k].dep.starts_with("advmod") && matches!(w, "not" | "n't" | "never"))
                    || (v.toks[k].dep == "aux" && MODALS.contains(&w))
            })
        };
        if negated_or_modal(c) {
            return true;
        }
        // Up through infinitival complements ("declined to say", "wants to tell").
        let mut t = c;
        for _ in 0..3 {
            if v.toks[t].dep != "xcomp" {
                break;
            }
            let Some(h) = v.toks[t].head else {
                break;
            };
            if UNSAID_GOVERNORS.contains(&v.toks[h].lemma.as_ref()) || negated_or_modal(h) {
                return true;
            }
            // The complement hung on the governor's object ("beseeched the Chinese to tell").
            if matches!(v.toks[h].dep, "obj" | "iobj")
                && v.toks[h]
                    .head
                    .is_some_and(|g| UNSAID_GOVERNORS.contains(&v.toks[g].lemma.as_ref()))
            {
                return true;
            }
            t = h;
        }
        false
    }

    fn content_from(&self, c: usize, a: usize, b: usize) -> Option<(usize, usize)> {
        let v = self.v;
        let (a, mut b) = v.trim(a, b)?;
        // Cut at a nested subjectless cue that reports its own content (", adding ...").
        for t in a + 1..=b {
            if t != c
                && self.is_cue(t)
                && self.own_subject(t).is_none()
                && matches!(v.toks[t].word.chars().next(), Some(ch) if ch.is_lowercase())
                && v.toks[t].word.ends_with("ing")
            {
                b = t.checked_sub(1)?;
                break;
            }
        }
        let (a, b) = v.trim(a, b)?;
        Some(v.bytes(a, b))
    }

    pub(crate) fn frame_for(&self, c: usize) -> Option<Frame> {
        let v = self.v;
        let tok = &v.toks[c];
        let lemma = tok.lemma.as_ref();
        let sent = &v.sents[tok.sent];
        let mut f = Frame {
            cue: c,
            cue_text: tok.word.to_string(),
            ..Frame::default()
        };
        if let Some(p) = v.children[c]
            .iter()
            .find(|&&ch| v.toks[ch].dep == "compound:prt")
        {
            f.cue_text = format!("{} {}", tok.word, v.toks[*p].word);
        }
        // Colon speech: "said Wednesday: We note ..."
        let mut colon = None;
        for t in c + 1..sent.toks.end.min(c + 40) {
            if v.toks[t].word == ":" {
                colon = Some(t);
                break;
            }
            if !v.dominates(c, t)
                || self.is_cue(t)
                || (v.toks[t].pos == "VERB" && v.toks[t].head == Some(c) && t > c + 12)
            {
                break;
            }
        }
        let subordinate = |x: usize| {
            let first = v.span[x].0;
            matches!(
                v.toks[first].lower.as_ref(),
                "when" | "while" | "as" | "after" | "before" | "if" | "because" | "since" | "until"
            )
        };
        let comps: Vec<usize> = v.children[c]
            .iter()
            .copied()
            .filter(|&ch| {
                let d = v.toks[ch].dep;
                (d == "ccomp"
                    || (d == "parataxis" && ch > c)
                    || (d == "xcomp" && XCOMP_CUES.contains(&lemma))
                    || d == "csubj:pass")
                    && !subordinate(ch)
            })
            .collect();
        let comp = comps
            .iter()
            .copied()
            .find(|&x| x > c)
            .or_else(|| comps.first().copied());
        let surface = self.surface_subject(c);
        // "denounced “bloc confrontation.”": a quotation straight after the cue is what it
        // reports, whatever clause comes before the subject.
        if let Some(q) = v.toks.get(c + 1).and_then(|t| {
            let k = self.quotes.partition_point(|q| q.open < t.start);
            self.quotes.get(k).filter(|q| q.open == t.start)
        }) {
            let a = v.toks.partition_point(|t| t.start < q.start);
            let b = v.toks.partition_point(|t| t.end <= q.end);
            if a < b {
                f.content = self.content_from(c, a, (b - 1).min(sent.toks.end - 1));
            }
        }
        if let Some((_, a, true)) = surface.filter(|_| f.content.is_none()) {
            if colon.is_none() {
                // "<clause>, he said ..." : the clause before the comma.
                let mut from = sent.toks.start;
                if let Some(q) = self
                    .quotes
                    .iter()
                    .rev()
                    .find(|q| q.close_end <= v.toks[a].start && q.close_end > sent.start)
                {
                    let _ = q;
                    from = sent.toks.start;
                }
                f.content = self.content_from(c, from, a - 2);
                f.trailing = f.content.is_some();
            }
        }
        if let Some(k) = colon.filter(|&k| k + 1 < sent.toks.end && f.content.is_none()) {
            f.content = self.content_from(c, k + 1, sent.toks.end - 1);
            f.colon = f.content.is_some();
            // "insisted that X: Y" keeps "that X" too.
            if let Some(x) = comp.filter(|&x| v.span[x].1 < k && v.span[x].0 > c) {
                let (a, b) = v.span[x];
                f.extra = self.content_from(c, a, b);
            }
        }
        if f.content.is_none() {
            if let Some(x) = comp {
                let (a, b) = v.span[x];
                if b < c {
                    f.trailing = true;
                }
                f.content = self.content_from(c, a, b);
            }
        }
        if f.content.is_none()
            && matches!(
                tok.dep,
                "parataxis" | "root" | "conj" | "acl" | "dep" | "obj"
            )
        {
            // "..., he said": the cue hangs off the clause it reports.
            if let Some(h) = tok.head.filter(|_| tok.dep == "parataxis") {
                let (ha, hb) = v.span[h];
                let (ca, cb) = v.span[c];
                if ca > h && ca > ha && !tok.word.ends_with("ing") {
                    f.content = self.content_from(c, ha, ca - 1);
                    f.trailing = true;
                } else if cb < hb && !tok.word.ends_with("ing") {
                    f.content = self.content_from(c, cb + 1, hb);
                }
            }
        }
        if f.content.is_none() {
            // "said on Feb. 25 that ...", "told journalists that ...": a "that" clause soon after the cue.
            for t in c + 1..sent.toks.end.min(c + 12) {
                let w = v.toks[t].lower.as_ref();
                if w == "that" && t + 1 < sent.toks.end {
                    f.content = self.content_from(c, t + 1, sent.toks.end - 1);
                    break;
                }
                // "urged voters to “stay calm”": the infinitive after an object.
                if w == "to"
                    && XCOMP_CUES.contains(&lemma)
                    && t + 1 < sent.toks.end
                    && (v.toks[t].pos == "PART"
                        || v.toks[t + 1].pos == "VERB"
                        || v.toks[t + 1].word.chars().all(marks::is_quote_char))
                {
                    f.content = self.content_from(c, t, sent.toks.end - 1);
                    break;
                }
                if v.toks[t].pos == "VERB"
                    || matches!(w, "," | ";" | ":" | "." | "and" | "but")
                    || self.in_quote(v.toks[t].start)
                {
                    break;
                }
            }
        }
        if f.content.is_none() {
            // "saying Beijing would not ...": an object straight followed by an auxiliary is
            // the subject of a reported clause the parser split off.
            if let Some(o) = v.child(c, &["obj"]) {
                let (a, b) = v.span[o];
                if a > c && b + 1 < sent.toks.end && v.toks[b + 1].pos == "AUX" {
                    f.content = self.content_from(c, a, sent.toks.end - 1);
                }
            }
        }
        if f.content.is_none() && tok.word.ends_with("ing") && v.span[c].1 > c + 1 {
            f.content = self.content_from(c, c + 1, v.span[c].1);
        }
        if f.content.is_none() && OBJ_CUES.contains(&lemma) {
            if let Some(o) = v.child(c, &["obj"]) {
                let (a, b) = v.span[o];
                if b > a + 1 && a > c {
                    f.content = self.content_from(c, a, b);
                }
            }
        }
        if f.content.is_none() {
            // Surface trailing attribution: "<clause>, the ministry said." / "<clause>, said Smith."
            if let Some(comma) = (sent.toks.start..c)
                .rev()
                .take(8)
                .find(|&t| v.toks[t].word == ",")
            {
                // The tail may hold circumstances ("when reading the appeal", "after
                // meeting Xi") but no clause of its own.
                let tail_ok = (c + 1..sent.toks.end).take(10).all(|t| {
                    v.toks[t].pos != "VERB"
                        || t > c + 1
                            && matches!(
                                v.toks[t - 1].lower.as_ref(),
                                "when" | "while" | "after" | "before" | "as" | "upon" | "without"
                            )
                }) || c + 1 < sent.toks.end && v.toks[c + 1].word == ",";
                let between_ok = (comma + 1..c).all(|t| {
                    matches!(
                        v.toks[t].pos,
                        "NOUN" | "PROPN" | "PRON" | "DET" | "ADJ" | "PART" | "NUM" | "ADV"
                    )
                });
                if tail_ok && between_ok && comma > sent.toks.start {
                    f.content = self.content_from(c, sent.toks.start, comma - 1);
                    f.trailing = f.content.is_some();
                }
            }
        }
        if f.content.is_none() && tok.dep == "parataxis" {
            return None;
        }
        f.speaker = self.speaker_of(c);
        if let Some(s) = f.speaker {
            let (mut a, mut b) = self.core_np(s);
            if let Some((h, sa, _)) = self.surface_subject(c).filter(|x| x.0 == s) {
                a = sa.min(h);
                b = h.max(a);
                while b + 1 < c && matches!(v.toks[b + 1].pos, "PROPN") {
                    b += 1;
                }
            }
            f.speaker_span = Some(v.bytes(a, b));
        }
        f.channel = self.channel(c, comp);
        Some(f)
    }

    fn channel(&self, c: usize, comp: Option<usize>) -> Option<String> {
        let v = self.v;
        let mut stack: Vec<(usize, usize)> = v.children[c].iter().map(|&x| (x, 0)).collect();
        while let Some((x, depth)) = stack.pop() {
            if Some(x) == comp {
                continue;
            }
            let d = base_dep(v.toks[x].dep);
            if d == "obl" || d == "nmod" {
                let (a, b) = v.span[x];
                let has_case = v.children[x].iter().any(|&g| {
                    matches!(
                        v.toks[g].lower.as_ref(),
                        "on" | "in" | "via" | "during" | "to"
                    )
                });
                if has_case && CHANNEL_NOUNS.contains(&v.toks[x].lower.as_ref())
                    || has_case && depth > 0 && CHANNEL_NOUNS.contains(&v.toks[x].lower.as_ref())
                {
                    let (s, e) = v.bytes(a, b);
                    let t = v.text[s..e]
                        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
                    if x > c && !t.is_empty() {
                        return Some(t.to_string());
                    }
                }
            }
            if depth < 2 && x > c && matches!(d, "advcl" | "obl" | "ccomp" | "xcomp" | "obj") {
                stack.extend(v.children[x].iter().map(|&g| (g, depth + 1)));
            }
        }
        None
    }

    /// "according to X": a frame of its own, or the `via` of the clause's cue.
    pub(crate) fn according(&self, frames: &mut Vec<Frame>) {
        let v = self.v;
        for i in 0..v.toks.len().saturating_sub(1) {
            if v.toks[i].lower != "according"
                || v.toks[i + 1].lower != "to"
                || self.in_quote(v.toks[i].start)
            {
                continue;
            }
            let sent = v.toks[i].sent;
            let send = v.sents[sent].toks.end;
            // The source noun phrase after "according to", read off the surface.
            let mut xb = i + 1;
            let mut x = None;
            let mut doc_head = None;
            let mut t = i + 2;
            while t < send {
                let tok = &v.toks[t];
                let np = matches!(tok.pos, "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM" | "PRON")
                    || matches!(tok.word, "’s" | "'s" | "." | "-")
                        && t + 1 < send
                        && v.toks[t + 1].pos != "PUNCT";
                let link = matches!(tok.lower.as_ref(), "of" | "from" | "by") && x.is_some();
                if np {
                    if matches!(tok.pos, "NOUN" | "PROPN" | "PRON") && doc_head.is_none() {
                        x = Some(t);
                    }
                    xb = t;
                } else if link
                    && x.is_some_and(|h| DOC_NOUNS.contains(&v.toks[h].lemma.as_ref()))
                    && doc_head.is_none()
                {
                    doc_head = x;
                    x = None;
                } else {
                    break;
                }
                t += 1;
            }
            let Some(x) = x.or(doc_head) else { continue };
            let src_span = v.bytes(i + 2, xb);
            let name = {
                let a = if doc_head.is_some() {
                    (i + 2..=xb)
                        .rev()
                        .take_while(|&k| !matches!(v.toks[k].lower.as_ref(), "of" | "from" | "by"))
                        .last()
                        .unwrap_or(x)
                } else {
                    i + 2
                };
                self.plain_name(a, xb, x)
            };
            // A cue in the same sentence keeps its speaker; X is only the relay.
            let mut relayed = false;
            for f in frames.iter_mut() {
                if v.toks[f.cue].sent == sent {
                    f.via = Some(name.clone());
                    relayed = true;
                }
            }
            if relayed {
                continue;
            }
            let (ss, se) = (v.sents[sent].toks.start, send - 1);
            let (pa, pb) = (i, xb);
            let content = if pb < se && (pa == ss || pb + 1 < se && se - pb > pa.saturating_sub(ss))
            {
                self.content_from(i, pb + 1, se)
            } else if pa > ss {
                self.content_from(i, ss, pa - 1)
            } else {
                None
            };
            if content.is_none() {
                continue;
            }
            frames.push(Frame {
                cue: i,
                cue_text: "according to".into(),
                speaker: Some(x),
                speaker_span: Some(src_span),
                speaker_name: Some(name),
                content,
                trailing: pa > ss,
                ..Frame::default()
            });
        }
    }
    /// A quote inside a clause whose subject is a named person ("Xi discussed the
    /// importance of “...”"): the clause's verb stands in as the cue.
    pub(crate) fn subject_frame(&self, q: &QuoteSpan) -> Option<Frame> {
        let v = self.v;
        let i = v.toks.partition_point(|t| t.start < q.start);
        let tok = v.toks.get(i)?;
        if tok.start >= q.end {
            return None;
        }
        let mut cur = i;
        for _ in 0..8 {
            cur = v.toks[cur].head?;
            if v.toks[cur].pos == "VERB" && !self.in_quote(v.toks[cur].start) {
                break;
            }
        }
        if v.toks[cur].pos != "VERB"
            || v.toks[cur].head.is_some() && !matches!(v.toks[cur].dep, "conj" | "parataxis")
        {
            return None;
        }
        let s = self
            .surface_subject(cur)
            .map(|x| x.0)
            .or_else(|| self.own_subject(cur).filter(|&s| s < cur))?;
        let (a, b) = self.core_np(s);
        let (ss, se) = v.bytes(a, b);
        self.names.mention_at(ss, se)?;
        Some(Frame {
            cue: cur,
            cue_text: v.toks[cur].word.to_string(),
            speaker: Some(s),
            speaker_span: Some((ss, se)),
            ..Frame::default()
        })
    }
}
