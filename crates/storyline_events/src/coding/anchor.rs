//! Where and when a coded event is anchored: the sentence's time expression or the
//! publication date, and a place named in the clause.

use super::tables::*;
use super::*;

impl<'a> Ctx<'a> {
    /// The event's date and precision, and whether that is only the publication date (no
    /// date of the sentence reaches the event).
    pub(crate) fn date(&self, v: usize) -> (Option<String>, Option<String>, bool) {
        let si = self.sent_of[v] as usize;
        let Some(sent) = self.doc.sentences.get(si) else {
            return (None, None, false);
        };
        let mut best: Option<(usize, &storyline_model::TimexMention)> = None;
        for tx in &self.doc.timexes {
            if tx.start < sent.start
                || tx.end > sent.end
                || !(tx.timex_type == "DATE" || tx.timex_type == "TIME")
            {
                continue;
            }
            let ok = tx.value.len() >= 4 && tx.value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                || tx.value == "PRESENT_REF";
            if !ok {
                continue;
            }
            // Attachment: does the timex's head path reach the event within 4 steps?
            let t0 = self.doc.tokens.partition_point(|t| t.start < tx.start);
            let mut dist = 100 + self.tok(v).start.abs_diff(tx.start) / 8;
            let mut cur = t0.min(self.doc.tokens.len().saturating_sub(1));
            for step in 0..5 {
                if cur == v {
                    dist = step;
                    break;
                }
                // "X will meet Y, officials said on Friday": the time of the saying; "his first
                // call with Y since Russia invaded in February 2022": the time of the invasion.
                // A verb on the way with its own subject is an event of its own.
                if step > 0
                    && self.tok(cur).pos == "VERB"
                    && (SPEECH.contains(&lower(&self.tok(cur).lemma).as_ref())
                        || self.kid_with(cur, &["nsubj", "nsubj:pass"]).is_some())
                {
                    break;
                }
                match self.head[cur] {
                    Some(h) => cur = h,
                    None => break,
                }
            }
            if dist >= 100 {
                // Not attached: only when no other verb stands between it and the trigger.
                let (a, b) = if t0 < v { (t0, v) } else { (v + 1, t0) };
                let mut anc = [usize::MAX; 4];
                let mut cur = v;
                for slot in anc.iter_mut() {
                    match self.head[cur] {
                        Some(h) => {
                            *slot = h;
                            cur = h;
                        }
                        None => break,
                    }
                }
                if (a..b).any(|k| k != v && self.tok(k).pos == "VERB" && !anc.contains(&k)) {
                    continue;
                }
            }
            if best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, tx));
            }
        }
        if let Some((_, tx)) = best {
            let (d, p) = timex_date(&tx.value, self.doc.published.as_deref());
            return (d, p, false);
        }
        // Past perfect: another time than the report's.
        let perfect_past = self
            .kids(v)
            .any(|c| self.tok(c).dep == "aux" && lower(self.text(c)) == "had");
        if perfect_past {
            return (None, None, false);
        }
        match self.doc.published.as_deref() {
            Some(p) if p.len() >= 10 => (Some(p[..10].to_string()), Some("day".into()), true),
            _ => (None, None, false),
        }
    }

    pub(crate) fn location(&self, v: usize) -> Option<String> {
        let mut nodes = vec![v];
        nodes.extend(
            self.kids(v)
                .filter(|&c| matches!(self.tok(c).dep.as_str(), "obj" | "obl")),
        );
        for n in nodes {
            for c in self.kids(n) {
                let d = self.tok(c).dep.as_str();
                if !(d.starts_with("obl") || d == "nmod") {
                    continue;
                }
                if !self.case_of(c).is_some_and(|k| k == "in" || k == "at") {
                    continue;
                }
                if let Some(e) = self.ent_of[c] {
                    let e = &self.doc.entities[e as usize];
                    if e.label == "LOC" {
                        return Some(e.text.clone());
                    }
                }
            }
        }
        None
    }
}
