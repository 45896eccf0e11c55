//! Participants of a coded event: who acted (subject, passive agent, controller, the
//! subject of a condition, the origin of force) and on whom (objects, obliques, the purpose
//! clause, the place acted on), resolved to actors of the knowledge base.

use super::tables::*;
use super::*;

impl<'a> Ctx<'a> {
    /// The actor denoted by the phrase headed by token `a`.
    pub(crate) fn actor(&self, a: usize) -> Option<ActorRef> {
        self.actor_at(a, 0)
    }

    /// [`Ctx::actor`] with the depth of group-noun descents (bounded: heads may be cyclic).
    pub(super) fn actor_at(&self, a: usize, depth: usize) -> Option<ActorRef> {
        if let Some(e) = self.ent_of[a] {
            if let Some(r) = self.da.entity.get(e as usize).cloned().flatten() {
                return Some(r);
            }
            let ent = &self.doc.entities[e as usize];
            if ent.label == "LOC" {
                // A place as an argument ("visit to Moscow", "attacking Ukraine"): its government/country.
                if let Some(id) = self.kb.lookup_id(&ent.text) {
                    if let Some(act) = self.kb.actor(id) {
                        if matches!(act.kind, ActorKind::Government | ActorKind::Country) {
                            return self.kb.actor_ref(id, self.date);
                        }
                    }
                }
            }
        }
        // Appositions and name parts attached to a common noun ("his counterpart Vladimir Putin").
        for c in self.kids(a) {
            if matches!(
                self.tok(c).dep.as_str(),
                "appos" | "flat" | "compound" | "nmod:desc"
            ) {
                if let Some(e) = self.ent_of[c] {
                    if let Some(r) = self.da.entity.get(e as usize).cloned().flatten() {
                        if self.doc.entities[e as usize].label == "PER"
                            || self.tok(c).dep == "appos"
                        {
                            return Some(r);
                        }
                    }
                }
            }
        }
        let t = self.tok(a);
        if !matches!(t.pos.as_str(), "NOUN" | "PROPN" | "PRON") {
            return None;
        }
        // The noun phrase: modifiers to the left.
        let mut start = a;
        for c in self.kids(a) {
            if c < start
                && matches!(
                    self.tok(c).dep.as_str(),
                    "det" | "amod" | "compound" | "nmod:poss" | "flat" | "nmod:desc"
                )
            {
                start = c;
            }
        }
        let s = self.tok(start).start;
        self.da
            .resolve(self.doc, s, t.end, self.kb)
            .or_else(|| self.group_actor(a, depth))
    }

    /// An actor the knowledge base does not know: a people or group noun phrase named by its
    /// words ("Islamic fundamentalists"); counting heads give way to their members ("thousands
    /// of students").
    pub(super) fn group_actor(&self, a: usize, depth: usize) -> Option<ActorRef> {
        let t = self.tok(a);
        if t.pos != "NOUN" && t.pos != "PROPN" || depth > 2 {
            return None;
        }
        let form = lower(self.text(a));
        let lemma = lower(&t.lemma);
        if QUANT.contains(&form.as_ref()) || QUANT.contains(&lemma.as_ref()) {
            let m = self.kids(a).find(|&c| {
                self.tok(c).dep.starts_with("nmod") && self.case_of(c).as_deref() == Some("of")
            })?;
            return self.actor_at(m, depth + 1);
        }
        if !GROUPS.contains(&form.as_ref()) && !GROUPS.contains(&lemma.as_ref()) {
            return None;
        }
        // "inspectors of the IAEA", "leaders of the PLO": the organisation.
        for c in self.kids(a) {
            if self.tok(c).dep.starts_with("nmod") && self.case_of(c).as_deref() == Some("of") {
                if let Some(r) = self.actor_at(c, depth + 1).filter(|r| r.code.is_some()) {
                    return Some(r);
                }
            }
        }
        // A modifier that is a name, or starts with one ("Biden administration" in "Biden
        // administration officials"): its first word; "state residents" has none.
        let proper = |k: usize| self.text(k).starts_with(|ch: char| ch.is_uppercase());
        let named = |c: usize| {
            if proper(c) {
                return Some(c);
            }
            self.kids(c)
                .filter(|&k| {
                    k < c && matches!(self.tok(k).dep.as_str(), "compound" | "flat" | "amod")
                })
                .min()
                .filter(|&k| proper(k))
        };
        // "Biden administration officials", "Hamas leaders": the organisation named before the
        // group (a person is not: "Putin loyalists" are not Putin).
        for c in self.kids(a) {
            if c < a && self.tok(c).dep == "compound" && named(c).is_some() {
                let org = self.actor_at(c, depth + 1).filter(|r| {
                    r.code.is_some()
                        && self
                            .kb
                            .lookup_id(&r.name)
                            .and_then(|id| self.kb.actor(id))
                            .is_none_or(|x| x.kind != ActorKind::Person)
                });
                if org.is_some() {
                    return org;
                }
            }
        }
        // Proper and national modifiers only ("Islamic fundamentalists", "Chechen refugees"):
        // "rival militias" is "militias".
        let mut start = a;
        for c in self.kids(a) {
            if c < start
                && matches!(
                    self.tok(c).dep.as_str(),
                    "amod" | "compound" | "flat" | "nmod:poss"
                )
                && (c + 1..a).all(|k| self.head[k] == Some(a) || self.head[k] == Some(c))
            {
                if let Some(first) = named(c) {
                    start = first;
                }
            }
        }
        let text = self.doc.text.get(self.tok(start).start..t.end)?;
        let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
        Some(ActorRef {
            name: text.to_string(),
            code: None,
        })
    }

    /// The subject of an "if"/"unless" clause under `v` ("... unless the Kremlin closed ...").
    pub(super) fn condition_subject(&self, v: usize) -> Option<ActorRef> {
        self.condition_subject_at(v, 0)
    }

    pub(super) fn condition_subject_at(&self, v: usize, depth: usize) -> Option<ActorRef> {
        for c in self.kids(v) {
            if depth < 3 && matches!(self.tok(c).dep.as_str(), "xcomp" | "obj" | "acl" | "ccomp") {
                if let Some(r) = self.condition_subject_at(c, depth + 1) {
                    return Some(r);
                }
            }
            if self.tok(c).dep != "advcl" {
                continue;
            }
            let m = self
                .kid_with(c, &["mark"])
                .map(|m| lower(&self.tok(m).lemma).into_owned());
            if matches!(m.as_deref(), Some("if" | "unless")) {
                if let Some(s) = self.kid_with(c, &["nsubj", "nsubj:pass"]) {
                    if let Some(r) = self.actor(s) {
                        return Some(r);
                    }
                }
            }
        }
        None
    }

    /// The target of an action's purpose clause ("to disperse demonstrators"), on the verb or
    /// on its object.
    pub(super) fn purpose_target(
        &self,
        g: usize,
        cands: &[Cand],
        cand_at: &[Option<usize>],
        src: Option<&ActorRef>,
    ) -> Option<ActorRef> {
        let mut purpose: Vec<usize> = self
            .kids(g)
            .filter(|&v| self.tok(v).dep == "advcl")
            .collect();
        for o in self.kids(g).filter(|&o| self.tok(o).dep == "obj") {
            purpose.extend(self.kids(o).filter(|&v| self.tok(v).dep == "acl"));
        }
        for v in purpose {
            if self
                .kid_with(v, &["mark"])
                .is_none_or(|m| lower(&self.tok(m).lemma) != "to")
            {
                continue;
            }
            let t = cand_at[v]
                .and_then(|vi| cands[vi].tgt.clone())
                .or_else(|| self.target(v, src))
                .filter(|t| Some(t) != src);
            if t.is_some() {
                return t;
            }
        }
        None
    }

    /// A place named as the scene of an action on it ("a curfew in Algiers", "ban voting in East
    /// Jerusalem"): its government.
    pub(super) fn place_target(&self, v: usize) -> Option<ActorRef> {
        let mut nodes = vec![v];
        nodes.extend(
            self.kids(v)
                .filter(|&c| matches!(self.tok(c).dep.as_str(), "obj" | "obl")),
        );
        for x in nodes {
            for c in self.kids(x) {
                let d = self.tok(c).dep.as_str();
                if !(d.starts_with("obl") || d == "nmod") {
                    continue;
                }
                if !self.case_of(c).is_some_and(|k| {
                    matches!(
                        k.as_str(),
                        "in" | "at" | "into" | "inside" | "from" | "near"
                    )
                }) {
                    continue;
                }
                if self.is_loc(c) {
                    if let Some(r) = self.actor(c) {
                        return Some(r);
                    }
                }
                // "in the town of Cizre".
                for g in self.kids(c) {
                    if self.tok(g).dep == "nmod"
                        && self.case_of(g).as_deref() == Some("of")
                        && self.is_loc(g)
                    {
                        if let Some(r) = self.actor(g) {
                            return Some(r);
                        }
                    }
                }
            }
        }
        None
    }

    /// "after the court last week issued a warrant": a subordinator read as a preposition
    /// leaves the clause's subject as an oblique of the verb before. The noun just before a
    /// subjectless finite verb (past a time phrase), marked by such a word and hanging
    /// elsewhere, is the verb's subject.
    pub(super) fn stranded_subject(&self, v: usize) -> Option<usize> {
        let t = self.tok(v);
        if t.pos != "VERB" || self.text(v).ends_with("ing") || self.case_of(v).is_some() {
            return None;
        }
        let mut x = v.checked_sub(1)?;
        for _ in 0..4 {
            let d = self.tok(x).dep.as_str();
            let temporal = matches!(
                d,
                "obl:unmarked" | "obl:tmod" | "advmod" | "amod" | "nummod"
            ) || self.head[x]
                .is_some_and(|h| h > x && h < v && self.tok(h).dep.starts_with("obl:"));
            if !temporal {
                break;
            }
            x = x.checked_sub(1)?;
        }
        let xt = self.tok(x);
        let marked = self
            .case_of(x)
            .is_some_and(|k| matches!(k.as_str(), "after" | "before" | "since" | "until" | "once"));
        (matches!(xt.pos.as_str(), "NOUN" | "PROPN" | "PRON")
            && (xt.dep.starts_with("obl") || xt.dep == "nmod")
            && self.head[x] != Some(v)
            && marked)
            .then_some(x)
    }

    pub(super) fn subject(&self, v: usize) -> Option<ActorRef> {
        self.subject_at(v).map(|(_, r)| r)
    }

    /// [`Ctx::subject`] with the token whose phrase names the actor.
    pub(super) fn subject_at(&self, v: usize) -> Option<(usize, ActorRef)> {
        let at = |t: usize| self.actor(t).map(|r| (t, r));
        if self
            .kid_with(v, &["nsubj", "nsubj:pass", "csubj", "expl"])
            .is_none()
        {
            if let Some(s) = self.stranded_subject(v) {
                return at(s);
            }
        }
        let mut v = v;
        for _ in 0..5 {
            if let Some(s) = self.kid_with(v, &["nsubj", "csubj"]) {
                if matches!(lower(&self.tok(s).lemma).as_ref(), "which" | "who" | "that") {
                    return self.head[v].and_then(at);
                }
                return at(s);
            }
            if let Some(a) = self.kid_with(v, &["obl:agent"]) {
                return at(a);
            }
            if self.kid_with(v, &["nsubj:pass", "aux:pass"]).is_some() {
                if let Some(a) = self.kids(v).find(|&c| {
                    self.tok(c).dep.starts_with("obl") && self.case_of(c).as_deref() == Some("by")
                }) {
                    return at(a);
                }
            }
            let h = self.head[v]?;
            match self.tok(v).dep.as_str() {
                "xcomp" => {
                    if OBJ_CONTROL.contains(&lower(&self.tok(h).lemma).as_ref()) {
                        if let Some(o) = self.kid_with(h, &["iobj", "obj"]) {
                            if let Some(r) = at(o) {
                                return Some(r);
                            }
                        }
                    }
                    v = h;
                }
                "conj" | "advcl" => v = h,
                "acl" | "acl:relcl" => {
                    if let Some(r) = at(h) {
                        return Some(r);
                    }
                    // "issued a declaration demanding ...": the issuer.
                    let participle = self.text(v).ends_with("ing") || self.text(v).ends_with("ed");
                    if self.tok(v).dep == "acl"
                        && participle
                        && matches!(self.tok(h).dep.as_str(), "obj" | "obl")
                    {
                        v = self.head[h]?;
                    } else {
                        return None;
                    }
                }
                // "Boris Yeltsin on Saturday hosted Hashimoto" parsed as a name with a verb
                // hung beside it: a verb with an object after a name is that name's act.
                "parataxis"
                    if h < v
                        && matches!(self.tok(h).pos.as_str(), "PROPN" | "NOUN")
                        && self.kid_with(v, &["obj"]).is_some() =>
                {
                    return at(h);
                }
                _ => return None,
            }
        }
        None
    }

    pub(super) fn target(&self, v: usize, source: Option<&ActorRef>) -> Option<ActorRef> {
        self.target_at(v, source).map(|(_, r)| r)
    }

    /// [`Ctx::target`] with the token whose phrase names the actor.
    pub(super) fn target_at(
        &self,
        v: usize,
        source: Option<&ActorRef>,
    ) -> Option<(usize, ActorRef)> {
        let mut cands: Vec<usize> = Vec::new();
        // What is moved ("deployed peacekeepers in Iraq", "withdraw its troops from Lebanon") is
        // no target: where it goes or comes from is.
        let theme = THEME_VERBS.contains(&lower(&self.tok(v).lemma).as_ref());
        let topic = TOPIC_VERBS.contains(&lower(&self.tok(v).lemma).as_ref());
        for dep in ["iobj", "obj", "nsubj:pass"] {
            if (theme || topic) && dep != "iobj" {
                continue;
            }
            for c in self.kids(v) {
                if self.tok(c).dep == dep {
                    cands.push(c);
                }
            }
        }
        for c in self.kids(v) {
            let d = self.tok(c).dep.as_str();
            if (d.starts_with("obl") && d != "obl:agent" || d == "nmod")
                && self.case_of(c).is_some_and(|k| {
                    TARGET_CASES.contains(&k.as_str())
                        || theme && matches!(k.as_str(), "in" | "into")
                })
            {
                cands.push(c);
            }
        }
        // "rejected calls by Belarus's rulers" where the parse hung "by" on the verb.
        if self.kid_with(v, &["nsubj:pass", "aux:pass"]).is_none() {
            for c in self.kids(v) {
                if self.tok(c).dep.starts_with("obl") && self.case_of(c).as_deref() == Some("by") {
                    cands.push(c);
                }
            }
        }
        // Objects of the object, two levels ("imposed sanctions on Russia", "for talks with
        // Ukraine", "suspended part of an aid program for Bosnia"), and whose it is ("rejected
        // calls by Belarus's rulers", "demanded an admission by Moscow").
        let mut objs: Vec<usize> = cands.clone();
        for _ in 0..2 {
            let mut next = Vec::new();
            for &o in &objs {
                for c in self.kids(o) {
                    let d = self.tok(c).dep.as_str();
                    if d == "nmod:poss" && self.tok(c).pos != "PRON"
                        || (d == "nmod" || d.starts_with("obl"))
                            && self.case_of(c).is_some_and(|k| {
                                TARGET_CASES.contains(&k.as_str()) || k == "of" || k == "by"
                            })
                    {
                        next.push(c);
                    }
                }
            }
            cands.extend(next.iter().copied());
            objs = next;
        }
        for c in cands {
            if let Some(r) = self.actor(c) {
                if Some(&r) != source && !self.is_channel(c, &r) {
                    return Some((c, r));
                }
            }
        }
        // "President Xi and President Putin discussed the situation": with nothing else
        // to act on, the other conjoined subject is the counterpart (the parse sometimes
        // hangs it as a `flat` part of the first name; a part of the same name resolves to
        // the source and is skipped).
        if let Some(subj) = self.kid_with(v, &["nsubj"]) {
            for c in self.kids(subj) {
                if matches!(self.tok(c).dep.as_str(), "conj" | "flat") {
                    if let Some(r) = self.actor(c).filter(|r| Some(r) != source) {
                        return Some((c, r));
                    }
                }
            }
        }
        None
    }

    /// The other actors coordinated with the phrase headed by `a` ("the US, Britain and
    /// France", "Xi and his counterpart Vladimir Putin"), in order: names the knowledge base
    /// codes, none of them `a`'s own actor. With `before`, only conjuncts before that token (a
    /// subject's before its verb, not a misparsed later clause's). Alternatives ("the US or Britain") are
    /// not each an actor: none then.
    pub(super) fn conjuncts(&self, a: usize, before: Option<usize>) -> Vec<ActorRef> {
        let own = self.actor(a);
        let mut out: Vec<ActorRef> = Vec::new();
        // Conjuncts hang on the first (UD) or each on the one before (a chained parse).
        let mut list: Vec<usize> = vec![a];
        let mut k = 0;
        while k < list.len() && list.len() < 12 {
            let x = list[k];
            list.extend(self.kids(x).filter(|&c| {
                self.tok(c).dep == "conj" && matches!(self.tok(c).pos.as_str(), "NOUN" | "PROPN")
            }));
            k += 1;
        }
        for &c in &list[1..] {
            if before.is_some_and(|v| c > v) {
                continue;
            }
            if self.kids(c).any(|k| {
                self.tok(k).dep == "cc"
                    && !matches!(lower(&self.tok(k).lemma).as_ref(), "and" | "&")
            }) {
                return Vec::new();
            }
            if let Some(r) = self.actor(c).filter(|r| r.code.is_some()) {
                if Some(&r) != own.as_ref() && !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// The further (source, target) pairs of the event at trigger `v`, coded as (`src`,
    /// `tgt`) from the phrases at `src_tok` and `tgt_tok`, that coordination names: each coordinated source with each coordinated
    /// target, and, where the target is the source's own conjunct ("the US, Russia and France
    /// met"), every pair of the conjuncts. Pairs of one side are left out of verbal acts, as
    /// for the first pair. At most eight.
    pub(super) fn coordinated(
        &self,
        v: usize,
        (src_tok, tgt_tok): (Option<usize>, Option<usize>),
        src: Option<&ActorRef>,
        tgt: Option<&ActorRef>,
        verbal: bool,
    ) -> Vec<(Option<ActorRef>, Option<ActorRef>)> {
        // A token counts only when it still names the coded actor (clause rules may have
        // replaced the actor since).
        let names = |tok: Option<usize>, r: Option<&ActorRef>| {
            tok.filter(|&k| r.is_some() && self.actor(k).as_ref() == r)
        };
        let st = names(src_tok, src).or_else(|| self.coordinated_phrase(v, src?));
        let tt = names(tgt_tok, tgt).or_else(|| self.coordinated_phrase(v, tgt?));
        let mut out: Vec<(Option<ActorRef>, Option<ActorRef>)> = Vec::new();
        let ok = |a: &ActorRef, b: &ActorRef| {
            a != b && !(verbal && (self.one_side(b, a) || self.one_side(a, b)))
        };
        let with_source: Vec<ActorRef> = st
            .map(|s| self.conjuncts(s, (s < v).then_some(v)))
            .unwrap_or_default();
        if tgt.is_some_and(|t| with_source.contains(t)) {
            let mut group: Vec<ActorRef> = src.into_iter().cloned().collect();
            group.extend(with_source);
            for x in 0..group.len() {
                for y in x + 1..group.len() {
                    let pair = (Some(&group[x]), Some(&group[y]));
                    if pair != (src, tgt) && ok(&group[x], &group[y]) {
                        out.push((Some(group[x].clone()), Some(group[y].clone())));
                    }
                }
            }
        } else {
            let mut sources: Vec<Option<ActorRef>> = vec![src.cloned()];
            sources.extend(with_source.into_iter().map(Some));
            let mut targets: Vec<Option<ActorRef>> = vec![tgt.cloned()];
            if let Some(t) = tt {
                targets.extend(self.conjuncts(t, None).into_iter().map(Some));
            }
            for a in &sources {
                for b in &targets {
                    if (a.as_ref(), b.as_ref()) == (src, tgt) {
                        continue;
                    }
                    if let (Some(a), Some(b)) = (a, b) {
                        if !ok(a, b) {
                            continue;
                        }
                    }
                    out.push((a.clone(), b.clone()));
                }
            }
        }
        out.truncate(8);
        out
    }

    /// The phrase of `r` nearest trigger `v` in the tree (at most four arcs away, in its
    /// sentence) that has a nominal conjunct: where the coder found `r` without keeping the
    /// token (eventive nouns, "sanctions imposed by the US and Britain").
    fn coordinated_phrase(&self, v: usize, r: &ActorRef) -> Option<usize> {
        let sent = self.doc.sentences.get(self.sent_of[v] as usize)?;
        let from_v = self.path_up(v, 8);
        let mut best: Option<(usize, usize)> = None;
        let first = self.doc.tokens.partition_point(|t| t.start < sent.start);
        let last = self.doc.tokens.partition_point(|t| t.start < sent.end);
        for k in first..last {
            if k == v {
                continue;
            }
            if !self.kids(k).any(|c| {
                self.tok(c).dep == "conj" && matches!(self.tok(c).pos.as_str(), "NOUN" | "PROPN")
            }) {
                continue;
            }
            let from_k = self.path_up(k, 8);
            let Some(d) = from_k
                .iter()
                .enumerate()
                .find_map(|(i, x)| from_v.iter().position(|y| y == x).map(|j| i + j))
            else {
                continue;
            };
            if d <= 4 && best.is_none_or(|(bd, _)| d < bd) && self.actor(k).as_ref() == Some(r) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k)
    }

    /// Fallback when the parse attached nothing: "with/to/against X" right after the trigger.
    pub(super) fn linear_target(&self, v: usize, source: Option<&ActorRef>) -> Option<ActorRef> {
        let n = self.doc.tokens.len();
        // A name right after a verb is its object ("blamed Israel for ..."), whatever the parse.
        if self.tok(v).pos == "VERB"
            && !SPEECH.contains(&lower(&self.tok(v).lemma).as_ref())
            && !TOPIC_VERBS.contains(&lower(&self.tok(v).lemma).as_ref())
            && v + 1 < n
            && self.sent_of[v + 1] == self.sent_of[v]
            && self.tok(v + 1).pos == "PROPN"
            && !self.tok(v + 1).dep.starts_with("nsubj")
            && self.ent_of[v + 1].is_some()
        {
            if let Some(r) = self.actor(v + 1).filter(|r| Some(r) != source) {
                return Some(r);
            }
        }
        let mut k = v + 1;
        while k < n && k <= v + 8 && self.sent_of[k] == self.sent_of[v] {
            let t = self.tok(k);
            if t.pos == "VERB" || t.pos == "PUNCT" && self.text(k) != "“" && self.text(k) != "\""
            {
                return None;
            }
            if t.pos == "ADP" && ["with", "to", "against"].contains(&lower(&t.lemma).as_ref()) {
                for m in k + 1..(k + 5).min(n) {
                    if self.ent_of[m].is_some() {
                        return self.actor(m).filter(|r| Some(r) != source);
                    }
                }
                return None;
            }
            k += 1;
        }
        None
    }

    /// Fallback subject: the nearest actor entity to the left in the same clause.
    pub(super) fn linear_source(&self, v: usize) -> Option<ActorRef> {
        let mut k = v;
        let mut steps = 0;
        while k > 0 && steps < 8 {
            k -= 1;
            steps += 1;
            if self.sent_of[k] != self.sent_of[v] {
                return None;
            }
            let t = self.tok(k);
            if t.pos == "VERB" || t.pos == "PUNCT" || t.pos == "SCONJ" || t.pos == "ADP" {
                return None;
            }
            if self.ent_of[k].is_some() {
                return self.actor(k);
            }
        }
        None
    }

    /// Whether `whole` is a country or its government and `part` that country's government or
    /// one of its officials (`CHN` or `CHNGOV`, and `CHNGOV`): one side, which does not act on
    /// itself. Two officials of one government (`USAGOV` and `USAGOV`) are two actors.
    pub(crate) fn one_side(&self, whole: &ActorRef, part: &ActorRef) -> bool {
        let (Some(w), Some(p)) = (whole.code.as_deref(), part.code.as_deref()) else {
            return false;
        };
        let Some(country) = w.get(..3) else {
            return false;
        };
        let is_country = w.len() == 3 && self.kb.country(w).is_some_and(|a| a.name == whole.name);
        let is_government = w.len() == 6 && *whole == self.kb.government(country);
        (is_country || is_government)
            && p.starts_with(country)
            && (p.len() == 3 || &p[3..] == "GOV")
    }

    /// Who used force in a passive clause that names no agent: the place it came from ("a
    /// rocket was fired at Israel from Gaza"), or, for soldiers killed or wounded in a country
    /// not their own, that country ("ten Russian soldiers were killed in Ukraine": the victim
    /// is the target, the side they fight the source).
    pub(crate) fn force_origin(&self, v: usize, target: Option<&ActorRef>) -> Option<ActorRef> {
        let place = |case: &str| {
            self.kids(v).find_map(|c| {
                (self.tok(c).dep.starts_with("obl")
                    && self.case_of(c).as_deref() == Some(case)
                    && self.is_loc(c))
                .then(|| self.actor(c))
                .flatten()
                .filter(|r| Some(r) != target)
            })
        };
        if let Some(r) = place("from") {
            return Some(r);
        }
        let tcode = target.and_then(|t| t.code.as_deref())?;
        if !tcode.ends_with("MIL") {
            return None;
        }
        let r = place("in")?;
        let rc = r.code.as_deref()?;
        (rc.len() == 3 && tcode.get(..3) != Some(rc)).then_some(r)
    }
}
