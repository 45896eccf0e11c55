//! Eventive nouns ("talks", "sanctions", "invasion"): their code, and who did them to whom.

use super::tables::*;
use super::*;

impl<'a> Ctx<'a> {
    /// The object's eventive noun when `v` is a support verb ("launched an investigation",
    /// "launched a mediation effort").
    pub(super) fn eventive_obj(&self, v: usize) -> Option<usize> {
        for o in self.kids(v) {
            let d = self.tok(o).dep.as_str();
            let on = d == "obl" && self.case_of(o).is_some_and(|k| k == "on");
            if d != "obj" && !on {
                continue;
            }
            if self.noun_code(o).is_some() {
                return Some(o);
            }
            for c in self.kids(o) {
                if matches!(self.tok(c).dep.as_str(), "compound" | "amod")
                    && self.noun_code(c).is_some()
                {
                    return Some(c);
                }
            }
        }
        None
    }

    pub(super) fn noun_code(&self, n: usize) -> Option<String> {
        let l = lower(&self.tok(n).lemma);
        let l = l.as_ref();
        // An asset freeze is a sanction (a price or hiring freeze is not).
        if l == "freeze"
            && self.kids(n).any(|c| {
                matches!(
                    lower(&self.tok(c).lemma).as_ref(),
                    "asset" | "assets" | "account" | "accounts"
                )
            })
        {
            return Some("163".into());
        }
        let (_, c) = NOUNS.iter().find(|(w, _)| *w == l)?;
        if l == "plan"
            && !self
                .kids(n)
                .any(|c| matches!(lower(&self.tok(c).lemma).as_ref(), "peace" | "proposal"))
        {
            return None;
        }
        if l == "call"
            && self
                .kids(n)
                .any(|c| self.case_of(c).as_deref() == Some("for") || self.tok(c).dep == "acl")
        {
            return Some("020".into());
        }
        if l == "strike" && self.kids(n).any(|c| lower(&self.tok(c).lemma) == "hunger") {
            return Some("142".into());
        }
        // Air, missile and drone strikes are attacks, not labour strikes.
        if l == "strike"
            && self.kids(n).any(|c| {
                matches!(
                    lower(&self.tok(c).lemma).as_ref(),
                    "air"
                        | "missile"
                        | "drone"
                        | "rocket"
                        | "artillery"
                        | "military"
                        | "israeli"
                        | "russian"
                        | "u.s."
                        | "american"
                        | "retaliatory"
                        | "precision"
                        | "aerial"
                        | "airstrike"
                        | "bombing"
                        | "preemptive"
                        | "pre-emptive"
                )
            })
        {
            return Some("195".into());
        }
        // An official protest is a complaint between governments ("lodged a protest with Albania").
        if l == "protest"
            && (self.kids(n).any(|c| {
                matches!(
                    lower(&self.tok(c).lemma).as_ref(),
                    "official" | "formal" | "diplomatic" | "strong" | "strongly-worded"
                )
            }) || self.head[n].is_some_and(|h| {
                self.tok(n).dep == "obj"
                    && matches!(
                        lower(&self.tok(h).lemma).as_ref(),
                        "lodge" | "file" | "register" | "deliver" | "send" | "submit"
                    )
            }))
        {
            return Some("114".into());
        }
        if let Some(v) = c.strip_prefix('@') {
            let w = self.words(n);
            let refs: Vec<&str> = w.iter().map(String::as_str).collect();
            return self.table.code(v, &refs).map(str::to_string);
        }
        Some(c.to_string())
    }

    /// Source of an eventive noun: possessor, nationality/name modifier, else the subject of the governing verb.
    pub(super) fn noun_source(&self, n: usize) -> Option<ActorRef> {
        self.noun_agent(n).or_else(|| self.first_party(n))
    }

    /// "talks between Russia and Ukraine", "the war between Israel and Hamas": with no agent
    /// of its own, a noun's parties named by "between" are its source (the first) and its
    /// target (the others).
    fn first_party(&self, n: usize) -> Option<ActorRef> {
        let c = self.kids(n).find(|&c| {
            self.tok(c).dep == "nmod" && self.case_of(c).as_deref() == Some("between")
        })?;
        let own = self.actor(c)?;
        (!self.conjuncts(c, None).is_empty()).then_some(own)
    }

    /// [`Ctx::noun_source`] from the noun's own modifiers or the verb that governs it.
    fn noun_agent(&self, n: usize) -> Option<ActorRef> {
        for c in self.kids(n) {
            let d = self.tok(c).dep.as_str();
            if d == "nmod:poss"
                || (d == "amod" || d == "compound") && self.ent_of[c].is_some()
                || d == "nmod" && self.case_of(c).as_deref() == Some("by")
            {
                if let Some(r) = self.actor(c) {
                    return Some(r);
                }
            }
            // "a statement from the Kremlin", "criticism from Washington", "aid from China":
            // who it comes from, for acts aimed at someone (not "withdrawal from Ukraine",
            // "release from prison", "expulsion from the country").
            if d == "nmod" && self.case_of(c).as_deref() == Some("from") && self.comes_from(n) {
                if let Some(r) = self.actor(c) {
                    return Some(r);
                }
            }
        }
        if self
            .case_of(n)
            .is_some_and(|k| k == "in" || k == "during" || k == "at")
        {
            if let Some(mut h) = self.head[n] {
                for _ in 0..4 {
                    if self.tok(h).dep != "xcomp" {
                        break;
                    }
                    match self.head[h] {
                        Some(x) => h = x,
                        None => break,
                    }
                }
                if self.tok(h).pos == "VERB" {
                    return self.subject(h);
                }
            }
        }
        let mut cur = n;
        for _ in 0..3 {
            let d = self.tok(cur).dep.clone();
            let h = self.head[cur]?;
            // Who condemns, discusses or fears an invasion did not invade: the governing verb's
            // subject is the noun's source only for verbs that do what the noun names.
            let hl = lower(&self.tok(h).lemma);
            if d == "obj" && NOT_AGENT.contains(&hl.as_ref())
                || d.starts_with("obl")
                    && !self.case_of(cur).is_none_or(|k| {
                        matches!(
                            k.as_str(),
                            "to" | "into" | "in" | "during" | "at" | "through"
                        ) || k == "for"
                            && !matches!(
                                hl.as_ref(),
                                "call"
                                    | "appeal"
                                    | "ask"
                                    | "press"
                                    | "push"
                                    | "urge"
                                    | "plead"
                                    | "lobby"
                                    | "demand"
                                    | "campaign"
                                    | "pray"
                                    | "hope"
                                    | "wait"
                                    | "blame"
                                    | "criticize"
                                    | "criticise"
                                    | "condemn"
                                    | "punish"
                                    | "sanction"
                                    | "arrest"
                            )
                    })
            {
                return None;
            }
            if d == "obj" || d.starts_with("obl") || d == "xcomp" {
                return self.subject(h).or_else(|| {
                    if self.kid_with(h, &["nsubj", "nsubj:pass"]).is_none() {
                        self.linear_source(h)
                    } else {
                        None
                    }
                });
            }
            if d == "nmod" || d == "compound" || d == "conj" {
                cur = h;
                continue;
            }
            return None;
        }
        None
    }

    /// "a readout of the call on state broadcaster CCTV": a news medium reached through "on",
    /// "in", "via" or "through" is the channel of the report, no party to the event.
    pub(super) fn is_channel(&self, c: usize, r: &ActorRef) -> bool {
        r.code.as_deref().is_some_and(|k| k.ends_with("MED"))
            && self
                .case_of(c)
                .is_some_and(|k| matches!(k.as_str(), "on" | "in" | "via" | "through"))
    }

    /// Whether "from" names who an eventive noun's act comes from: its class is one aimed at
    /// someone (statements, appeals, intentions, cooperation, aid, demands, disapproval,
    /// rejection, threats, protests, force), not yielding, reducing relations or coercion,
    /// where "from" is the place left.
    fn comes_from(&self, n: usize) -> bool {
        self.noun_code(n).is_some_and(|code| {
            matches!(
                code.get(..2),
                Some("01" | "02" | "03" | "05" | "06" | "07" | "10" | "11" | "12" | "13" | "14")
                    | Some("15" | "18" | "19" | "20")
            )
        })
    }

    pub(super) fn noun_target(&self, n: usize, source: Option<&ActorRef>) -> Option<ActorRef> {
        for c in self.kids(n) {
            let d = self.tok(c).dep.as_str();
            if (d == "nmod" || d.starts_with("obl") || d == "acl")
                && self.case_of(c).is_some_and(|k| {
                    TARGET_CASES.contains(&k.as_str()) || k == "of" || k == "between"
                })
            {
                // "in protest of the Russian government's refusal": whose refusal.
                let r = self.actor(c).or_else(|| {
                    self.kid_with(c, &["nmod:poss"])
                        .filter(|&p| self.tok(p).pos != "PRON")
                        .and_then(|p| self.actor(p))
                });
                if let Some(r) = r {
                    if Some(&r) != source && !self.is_channel(c, &r) {
                        return Some(r);
                    }
                    // "between Russia and Ukraine" with Russia the source: Ukraine.
                    if self.case_of(c).as_deref() == Some("between") {
                        if let Some(o) = self.conjuncts(c, None).into_iter().next() {
                            return Some(o);
                        }
                    }
                }
            }
        }
        // The clause of a demand or appeal ("its demand that Israel ease restrictions").
        let h0 = self.head[n];
        let clause = self
            .kids(n)
            .find(|&c| matches!(self.tok(c).dep.as_str(), "acl" | "ccomp"))
            .or_else(|| {
                let h = h0?;
                (self.tok(n).dep == "obj")
                    .then(|| self.kid_with(h, &["ccomp"]))
                    .flatten()
            });
        if let Some(c) = clause {
            if let Some(s) = self.kid_with(c, &["nsubj", "nsubj:pass"]) {
                if let Some(r) = self.actor(s) {
                    if Some(&r) != source {
                        return Some(r);
                    }
                }
            }
        }
        // The governing verb's other object ("told his counterpart Putin ... in a phone call").
        let mut h = self.head[n]?;
        if self
            .case_of(n)
            .is_some_and(|k| k == "in" || k == "during" || k == "at")
        {
            for _ in 0..4 {
                if self.tok(h).dep != "xcomp" {
                    break;
                }
                match self.head[h] {
                    Some(x) => h = x,
                    None => break,
                }
            }
            for c in self.kids(h) {
                if matches!(self.tok(c).dep.as_str(), "iobj" | "obj") {
                    if let Some(r) = self.actor(c) {
                        if Some(&r) != source {
                            return Some(r);
                        }
                    }
                }
            }
        }
        if self.tok(n).dep.starts_with("obl") || self.tok(n).dep == "obj" {
            for c in self.kids(h) {
                if c != n && matches!(self.tok(c).dep.as_str(), "iobj" | "obj") {
                    if let Some(r) = self.actor(c) {
                        if Some(&r) != source {
                            return Some(r);
                        }
                    }
                }
            }
        }
        None
    }
}
