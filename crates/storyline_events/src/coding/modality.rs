//! Whether the event happened: negation, intention, report, hypothesis, refusal, what is
//! lacked, and easing (a lifted sanction is not a sanction).

use super::tables::*;
use super::*;

impl<'a> Ctx<'a> {
    /// "must" (a demand, CAMEO 100) or "should" (an appeal, 020) on a clause.
    pub(super) fn obligation(&self, v: usize) -> Option<&'static str> {
        for c in self.kids(v) {
            if self.tok(c).dep != "aux" {
                continue;
            }
            match lower(self.text(c)).as_ref() {
                "must" => return Some("100"),
                "should" | "ought" => return Some("020"),
                _ => {}
            }
        }
        None
    }

    pub(crate) fn modality(&self, v: usize) -> &'static str {
        let mut neg = false;
        let mut hyp = false;
        let mut intent = false;
        let mut reported = false;
        for c in self.kids(v) {
            let t = self.tok(c);
            let l = lower(&t.lemma);
            match (t.dep.as_str(), l.as_ref()) {
                (_, "not" | "never" | "n't")
                    if t.dep == "advmod" || t.dep == "neg" || t.dep == "aux" || t.pos == "PART" =>
                {
                    neg = true
                }
                ("det", "no") => neg = true,
                ("aux", "will" | "shall" | "'ll") => intent = true,
                ("aux", "would") => {
                    // Future in the past after a speech verb; otherwise conditional.
                    let said = self.head[v].is_some_and(|h| {
                        self.table
                            .code(&lower(&self.tok(h).lemma), &[])
                            .is_some_and(|c| c.starts_with("01"))
                    });
                    if said {
                        intent = true
                    } else {
                        hyp = true
                    }
                }
                ("aux", "could" | "may" | "might" | "should" | "can") => hyp = true,
                ("mark", "if" | "unless" | "whether") => hyp = true,
                ("advmod", "potentially" | "possibly" | "perhaps" | "maybe") => hyp = true,
                ("advmod", "reportedly" | "allegedly" | "purportedly") => reported = true,
                _ => {}
            }
        }
        let mut cur = v;
        let mut levels = 0;
        for _ in 0..8 {
            if levels == 3 {
                break;
            }
            let d = self.tok(cur).dep.as_str();
            // A conjoined verb stands in its first conjunct's frame ("was willing to work ...
            // and safeguard ...").
            if d == "conj" {
                match self.head[cur] {
                    Some(h) => {
                        // Conjoined to the frame adjective itself, the parse's reading of
                        // "willing to work ... and safeguard": the second verb is in the frame.
                        if self.tok(h).pos == "ADJ"
                            && self.kid_with(cur, &["nsubj", "nsubj:pass"]).is_none()
                        {
                            let hl = lower(&self.tok(h).lemma);
                            if INTENT_HEADS.contains(&hl.as_ref()) {
                                intent = true;
                            }
                            if NEG_HEADS.contains(&hl.as_ref()) {
                                neg = !neg;
                            }
                        }
                        cur = h;
                        continue;
                    }
                    None => break,
                }
            }
            // What is called for has not happened ("a call for Russian withdrawal", "calls for
            // the government to resign").
            if matches!(d, "nmod" | "acl")
                && self.head[cur].is_some_and(|h| {
                    CALL_FOR.contains(&lower(&self.tok(h).lemma).as_ref())
                        && self.tok(h).pos == "NOUN"
                })
                && (self.case_of(cur).as_deref() == Some("for")
                    || self
                        .kid_with(cur, &["mark"])
                        .is_some_and(|m| lower(&self.tok(m).lemma) == "to"))
            {
                hyp = true;
            }
            // What a sending or a journey is for is as certain as the journey ("potentially
            // sending a delegation to Minsk for renewed talks"). Coded as CAMEO codes it, a
            // journey for talks is the talks ("return to Geneva for talks": consultations).
            if d.starts_with("obl") && self.case_of(cur).as_deref() == Some("for") {
                let Some(h) = self.head[cur] else { break };
                let hl = lower(&self.tok(h).lemma);
                if THEME_VERBS.contains(&hl.as_ref()) || JOURNEYS.contains(&hl.as_ref()) {
                    match self.modality(h) {
                        "negated" => neg = true,
                        "reported" => reported = true,
                        "hypothetical" => hyp = true,
                        "intended" => intent = true,
                        _ => {}
                    }
                }
                break;
            }
            if !matches!(d, "xcomp" | "ccomp" | "advcl" | "acl" | "obj") {
                break;
            }
            levels += 1;
            let Some(h) = self.head[cur] else { break };
            let hl = lower(&self.tok(h).lemma);
            if NEG_HEADS.contains(&hl.as_ref()) {
                neg = !neg;
            }
            if INTENT_HEADS.contains(&hl.as_ref()) && d != "ccomp" {
                intent = true;
            }
            if REPORT_HEADS.contains(&hl.as_ref()) {
                reported = true;
            }
            if hl == "be"
                && self
                    .kid_with(cur, &["mark"])
                    .is_some_and(|m| lower(&self.tok(m).lemma) == "to")
            {
                intent = true;
            }
            cur = h;
        }
        if neg {
            "negated"
        } else if reported {
            "reported"
        } else if hyp {
            "hypothetical"
        } else if intent {
            "intended"
        } else {
            "asserted"
        }
    }

    /// The easing code when the mention at `i` is a measure being eased ("agreed to lift the
    /// sanctions on Iran" is no sanction but its end, CAMEO 085): the noun under an easing
    /// verb, or a verb that is (or governs through "to") an easing verb with such an object.
    pub(crate) fn eased_code(&self, i: usize) -> Option<&'static str> {
        let measure = |n: usize| {
            EASED
                .iter()
                .find(|(w, _)| *w == lower(&self.tok(n).lemma))
                .map(|(_, c)| *c)
        };
        let easing = |v: usize| {
            self.tok(v).pos == "VERB" && EASING.contains(&lower(&self.tok(v).lemma).as_ref())
        };
        if self.tok(i).pos == "NOUN" {
            let h = self.head[i]?;
            return (easing(h) && matches!(self.tok(i).dep.as_str(), "obj" | "nsubj:pass"))
                .then(|| measure(i))
                .flatten();
        }
        let mut v = i;
        for _ in 0..3 {
            if easing(v) {
                return self
                    .kids(v)
                    .filter(|&c| matches!(self.tok(c).dep.as_str(), "obj" | "nsubj:pass"))
                    .find_map(measure);
            }
            v = self.kid_with(v, &["xcomp"])?;
        }
        None
    }

    /// Whether the event at `v` is what a governing verb of refusal refuses ("declined to
    /// resign", "refused to meet"): a few levels up through complements.
    pub(crate) fn refused(&self, v: usize) -> bool {
        let mut cur = v;
        for _ in 0..3 {
            if !matches!(
                self.tok(cur).dep.as_str(),
                "xcomp" | "ccomp" | "obj" | "acl"
            ) {
                return false;
            }
            let Some(h) = self.head[cur] else {
                return false;
            };
            if NEG_HEADS.contains(&lower(&self.tok(h).lemma).as_ref()) {
                return true;
            }
            cur = h;
        }
        false
    }

    /// Whether the event at `v` is said to be missing: governed, through the nouns above it,
    /// by a word of [`ABSENT`] ("lacked a call for Russian withdrawal", "absent from the
    /// statement was any call for the government to withdraw", "without consulting Moscow").
    pub(crate) fn absent(&self, v: usize) -> bool {
        let mut cur = v;
        for _ in 0..4 {
            if self.case_of(cur).as_deref() == Some("without") {
                return true;
            }
            let Some(h) = self.head[cur] else {
                return false;
            };
            // A verb conjoined to "lacks" is a second predicate, not what is lacking.
            if matches!(self.tok(cur).dep.as_str(), "conj" | "parataxis") {
                return false;
            }
            if ABSENT.contains(&lower(&self.tok(h).lemma).as_ref()) {
                return true;
            }
            // Only nouns pass the question up: a verb above is a clause of its own.
            if !matches!(self.tok(h).pos.as_str(), "NOUN" | "PROPN") {
                return false;
            }
            cur = h;
        }
        false
    }
}
