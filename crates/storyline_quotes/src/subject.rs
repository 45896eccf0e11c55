//! The speaker mention of a cue: its subject in the parse or read off the surface
//! ("Sergei Lavrov, the Russian Foreign Minister, said"), the speaker of an inverted
//! attribution ("..., said the ministry"), the agent of a passive, or the speaker of the
//! cue or verb it hangs off; and the noun phrase core and plain written form of a mention.

use crate::tables::is_time_word;
use crate::view::{base_dep, View};
use crate::Extractor;

/// A comma right before the cue only closes an apposition ("Lavrov, the minister, said").
fn segs_allowed_empty(v: &View<'_>, comma: usize, s0: usize) -> bool {
    let mut b = comma;
    while b > s0 && v.toks[b - 1].word != "," && comma - b < 14 {
        b -= 1;
        if matches!(v.toks[b].pos, "VERB" | "AUX" | "SCONJ") {
            return false;
        }
    }
    b > s0 && v.toks[b - 1].word == ","
}

impl Extractor<'_, '_> {
    pub(crate) fn own_subject(&self, c: usize) -> Option<usize> {
        let v = self.v;
        for &ch in &v.children[c] {
            let d = v.toks[ch].dep;
            if (d == "nsubj" || d == "csubj") && !is_time_word(&v.toks[ch].lower) {
                let w = v.toks[ch].lower.as_ref();
                if matches!(w, "who" | "that" | "which") && v.toks[c].dep.starts_with("acl") {
                    return v.toks[c].head;
                }
                if w.ends_with("self") && ch > 0 && v.toks[ch - 1].pos == "PROPN" {
                    return Some(ch - 1);
                }
                return Some(ch);
            }
        }
        // Passive: the agent ("was told by X").
        for &ch in &v.children[c] {
            if v.toks[ch].dep == "obl:agent"
                || (base_dep(v.toks[ch].dep) == "obl"
                    && v.children[ch].iter().any(|&g| v.toks[g].lower == "by"))
            {
                if v.children[c].iter().any(|&g| v.toks[g].dep == "aux:pass") {
                    return Some(ch);
                }
            }
        }
        None
    }

    /// The speaker head of cue `c`: its subject, or the one of the cue or verb it depends on.
    pub(crate) fn speaker_of(&self, c: usize) -> Option<usize> {
        self.speaker_of_depth(c, 0)
    }

    /// The subject noun phrase right before a cue, read off the surface:
    /// "Sergei Lavrov, the Russian Foreign Minister, said" → (head of "Sergei Lavrov",
    /// its first token, true when a clause and comma precede it: "..., he said").
    pub(crate) fn surface_subject(&self, c: usize) -> Option<(usize, usize, bool)> {
        let v = self.v;
        let sent = &v.sents[v.toks[c].sent];
        let s0 = sent.toks.start;
        let nominal = |t: usize| {
            let tok = &v.toks[t];
            matches!(tok.pos, "NOUN" | "PROPN")
                || (tok.pos == "PRON"
                    && !matches!(tok.lower.as_ref(), "who" | "which" | "that" | "what"))
                || (tok.pos == "ADJ"
                    && t > s0
                    && tok.word.chars().next().is_some_and(char::is_uppercase))
        };
        // Tokens that may sit inside a subject segment.
        let inner = |t: usize| {
            let tok = &v.toks[t];
            match tok.pos {
                "VERB" | "AUX" | "SCONJ" => false,
                "PUNCT" => matches!(tok.word, "’s" | "'s" | "-" | "."),
                "CCONJ" => t > s0 && v.toks[t - 1].pos == "PROPN",
                "PRON" => !matches!(tok.lower.as_ref(), "who" | "which" | "that" | "what"),
                _ => !self.in_quote(tok.start),
            }
        };
        let mut j = c;
        // Skip adverbs and auxiliaries: "has also said".
        while j > s0
            && matches!(v.toks[j - 1].pos, "ADV" | "AUX" | "PART")
            && c - j < 3
            && v.toks[j - 1].lower != "to"
        {
            j -= 1;
        }
        if j == s0 || c - j > 0 && v.toks[j].pos == "PART" && v.toks[j].lower == "to" {
            return None;
        }
        // Segments between commas, right to left: (start, end) inclusive.
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let mut end = j - 1;
        let mut blocked = false;
        loop {
            if v.toks[end].word == "," {
                if segs.is_empty() && !segs_allowed_empty(v, end, s0) {
                    return None;
                }
                if end == s0 {
                    break;
                }
                end -= 1;
                continue;
            }
            let mut a = end;
            while a > s0 && inner(a - 1) && v.toks[a - 1].word != "," && end - a < 14 {
                a -= 1;
            }
            if !inner(end) || !(a..=end).any(nominal) {
                blocked = true;
                break;
            }
            let boundary_ok = a == s0
                || matches!(v.toks[a - 1].word, ",")
                || matches!(
                    v.toks[a - 1].pos,
                    "SCONJ" | "CCONJ" | "PRON" | "ADV" | "VERB" | "AUX" | "PUNCT"
                );
            if !boundary_ok
                || matches!(v.toks[a].pos, "ADP") && !segs.is_empty()
                || v.toks[a].lower == "according"
            {
                blocked = true;
                break;
            }
            segs.push((a, end));
            if segs.len() >= 4 || a == s0 || v.toks[a - 1].word != "," || a < s0 + 2 {
                break;
            }
            end = a - 2;
            // The next segment left must be verbless to count as an apposition.
            let mut b = end;
            while b > s0 && v.toks[b - 1].word != "," && end - b < 14 {
                b -= 1;
            }
            if (b..=end).any(|t| matches!(v.toks[t].pos, "VERB" | "AUX" | "SCONJ"))
                || matches!(v.toks[b].pos, "ADP")
                || v.toks[b].lower == "according"
            {
                blocked = true;
                break;
            }
        }
        let _ = blocked;
        if segs.is_empty() {
            return None;
        }
        // Prefer the leftmost segment naming a person, else the leftmost.
        let person = |&(a, e): &(usize, usize)| {
            (a..=e).find(|&k| {
                v.toks[k].pos == "PROPN"
                    && self
                        .names
                        .mention_at(v.toks[k].start, v.toks[k].end)
                        .is_some()
            })
        };
        let pick = segs
            .iter()
            .rev()
            .find(|sg| person(sg).is_some())
            .copied()
            .unwrap_or(*segs.last().unwrap_or(&segs[0]));
        let (a, e) = pick;
        let head = person(&pick).unwrap_or_else(|| {
            let stop = (a + 1..=e)
                .find(|&k| v.toks[k].pos == "ADP" && !matches!(v.toks[k].word, "’s" | "'s"))
                .map_or(e, |k| k - 1);
            (a..=stop).rev().find(|&k| nominal(k)).unwrap_or(e)
        });
        if is_time_word(&v.toks[head].lower) {
            return None;
        }
        let (la, _) = *segs.last().unwrap_or(&pick);
        let after_clause = la > s0 + 1
            && v.toks[la - 1].word == ","
            && (s0..la - 1).any(|t| matches!(v.toks[t].pos, "VERB" | "AUX"));
        // Trailing attribution needs the cue at the end of its clause: "he said (on Friday)(, as ...)."
        let mut k = c + 1;
        while k < sent.toks.end
            && (matches!(v.toks[k].pos, "ADV" | "NUM" | "PROPN" | "ADP" | "DET") && k < c + 6
                || is_time_word(&v.toks[k].lower))
        {
            if v.toks[k].pos == "ADP"
                && !matches!(v.toks[k].lower.as_ref(), "on" | "in" | "at" | "during")
            {
                break;
            }
            k += 1;
        }
        let tail_ok = k >= sent.toks.end
            || matches!(v.toks[k].word, "," | "." | ";" | "!" | "?")
            || matches!(
                v.toks[k].lower.as_ref(),
                "when" | "while" | "as" | "after" | "before" | "in" | "on"
            );
        Some((head, a, after_clause && tail_ok))
    }

    fn speaker_of_depth(&self, c: usize, depth: usize) -> Option<usize> {
        let v = self.v;
        // Inverted attribution: "..., added Yu Jun, deputy head ..." / "”, said the ministry."
        if c > 0 && matches!(v.toks[c - 1].word, "," | "”" | "\"" | "’" | "'") {
            let mut j = c + 1;
            while j < v.toks.len()
                && v.toks[j].sent == v.toks[c].sent
                && matches!(v.toks[j].pos, "DET" | "ADJ")
            {
                j += 1;
            }
            if j < v.toks.len()
                && v.toks[j].sent == v.toks[c].sent
                && matches!(v.toks[j].pos, "PROPN" | "NOUN")
                && !is_time_word(&v.toks[j].lower)
                && !v.toks[c].word.ends_with("ing")
                && self.own_subject(c).is_none_or(|s| s > c)
            {
                // The head of the noun phrase: the last noun of the run.
                let mut k = j;
                while k + 1 < v.toks.len()
                    && matches!(v.toks[k + 1].pos, "PROPN" | "NOUN")
                    && v.toks[k + 1].sent == v.toks[c].sent
                {
                    k += 1;
                }
                let next = v.toks.get(k + 1).filter(|t| t.sent == v.toks[c].sent);
                if next.is_none_or(|t| t.pos == "PUNCT") {
                    return Some(if v.toks[j].pos == "PROPN" { j } else { k });
                }
            }
        }
        // "..., saying ...": a participle without a subject of its own speaks for the subject
        // of the verb it hangs off, not for what opens the sentence ("Each time, the officials
        // rebuffed the Americans, saying ...").
        // Only after a comma, and only in a clause no other cue reports ("appeared to promise
        // that China would remain neutral, saying ..." is Xi's).
        let reported = |h: usize| {
            let mut cur = h;
            (0..5).any(|_| match v.toks[cur].head {
                Some(up) => {
                    cur = up;
                    self.is_cue(up)
                }
                None => false,
            })
        };
        if v.toks[c].word.ends_with("ing")
            && v.toks[c].dep.starts_with("advcl")
            && c > 0
            && v.toks[c - 1].word == ","
            && self.own_subject(c).is_none()
        {
            if let Some(h) = v.toks[c]
                .head
                .filter(|&h| v.toks[h].pos == "VERB" && !self.is_cue(h) && !reported(h))
            {
                if let Some(s) = self.own_subject(h).filter(|&s| s < c) {
                    return Some(s);
                }
            }
        }
        if let Some((s, _, _)) = self.surface_subject(c) {
            return Some(s);
        }
        if let Some(s) = self.own_subject(c).filter(|&s| s < c) {
            return Some(s);
        }
        // "”, the joint statement read." with the cue mis-tagged: the noun phrase right before it.
        if c > 0
            && v.toks[c].pos != "VERB"
            && matches!(v.toks[c - 1].pos, "NOUN" | "PROPN" | "PRON")
        {
            let mut j = c - 1;
            while j > 0
                && matches!(v.toks[j - 1].pos, "NOUN" | "PROPN" | "ADJ" | "DET" | "PART")
                && v.toks[j - 1].sent == v.toks[c].sent
            {
                j -= 1;
            }
            if j == v.sents[v.toks[c].sent].toks.start
                || matches!(v.toks[j - 1].word, "," | "”" | "\"" | "’")
            {
                return Some(c - 1);
            }
        }
        if v.toks[c].dep.starts_with("acl")
            && !v.toks[c].word.ends_with("ed")
            && c > 0
            && v.toks[c - 1].word != ","
            && v.toks[c]
                .head
                .is_some_and(|h| matches!(v.toks[h].pos, "NOUN" | "PROPN"))
        {
            return v.toks[c].head;
        }
        let mut cur = c;
        let mut fallback = None;
        for _ in 0..5 {
            let Some(h) = v.toks[cur].head else { break };
            if self.is_cue(h) && depth < 4 {
                if let Some(s) = self.speaker_of_depth(h, depth + 1) {
                    return Some(s);
                }
            } else if fallback.is_none() && v.toks[h].pos == "VERB" {
                fallback = self.own_subject(h).filter(|&s| s < c);
            }
            cur = h;
        }
        if fallback.is_some() {
            return fallback;
        }
        // The nearest person named before the cue in its clause.
        let sent = v.toks[c].sent;
        let mut j = c;
        for _ in 0..15 {
            if j == 0 {
                break;
            }
            j -= 1;
            let t = &v.toks[j];
            if t.sent != sent || t.pos == "VERB" || self.in_quote(t.start) {
                break;
            }
            if t.pos == "PROPN" && self.names.mention_at(t.start, t.end).is_some() {
                // Head of the name: its first token's head chain within the name.
                let mut h = j;
                while let Some(p) = v.toks[h].head.filter(|&p| {
                    p < c && v.toks[p].pos == "PROPN" && base_dep(v.toks[h].dep) == "flat"
                }) {
                    h = p;
                }
                return Some(h);
            }
        }
        None
    }

    /// The noun phrase core of a speaker head: determiners, modifiers and name parts, no clauses.
    pub(crate) fn core_np(&self, s: usize) -> (usize, usize) {
        let v = self.v;
        let mut a = s;
        let mut b = s;
        for &ch in &v.children[s] {
            let d = base_dep(v.toks[ch].dep);
            if ch < s
                && matches!(d, "det" | "amod" | "compound" | "flat" | "nmod" | "nummod")
                && (d != "nmod" || v.toks[ch].dep == "nmod:poss")
            {
                a = a.min(v.span[ch].0);
            }
            if ch > s && matches!(d, "flat" | "compound") {
                b = b.max(v.span[ch].1);
            }
        }
        (a, b)
    }

    pub(crate) fn plain_name(&self, a: usize, b: usize, head: usize) -> String {
        let v = self.v;
        let mut a = a;
        while a < b && matches!(v.toks[a].pos, "DET" | "PRON") {
            a += 1;
        }
        let (s, e) = v.bytes(a, b);
        let t = v.text[s..e]
            .trim_end_matches("’s")
            .trim_end_matches("'s")
            .trim();
        if t.is_empty() {
            v.toks[head].word.to_string()
        } else {
            t.to_string()
        }
    }
}
