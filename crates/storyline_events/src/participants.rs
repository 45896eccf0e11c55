//! Participants of an event mention: who does it (agent), to whom or what (patient), to whom
//! it goes (recipient), with what (instrument), read off the dependency tree.
//!
//! Verbs: the subject is the agent, a passive subject the patient and a passive "by" phrase
//! the agent; objects are patients, indirect objects and "to" phrases next to an object
//! recipients, "with" phrases instruments of physical acts and others otherwise. A verb
//! without a subject of its own takes its controller's ("agreed to lift": the agreeing actor
//! lifts; "urged Iran to stop": Iran stops), its first conjunct's ("met and discussed"), or
//! the noun it modifies ("troops attacking Ukraine"). Nouns: the possessor, a name or
//! nationality before it, and "by" are agents ("Russia's invasion", "the Russian invasion",
//! "an attack by rebels"); "of", "on", "against" phrases patients ("the invasion of Ukraine",
//! "sanctions on Russia"); a noun that is the object of a support verb takes that verb's
//! subject ("launched an attack"). Adjectives (states): the subject is the patient.
//! Coordinated arguments are each a participant ("the US, Russia and France met").
//! Each participant is a span (a name, else the base noun phrase) and, where the document's
//! actors resolve it (names, titles, pronouns, "the company"), the actor it refers to.

use storyline_model::{Document, Participant};

use crate::coding::Ctx;

/// Verbs whose object, not their subject, does what their complement says ("urged X to").
const OBJECT_CONTROL: &[&str] = &[
    "urge",
    "ask",
    "order",
    "force",
    "persuade",
    "tell",
    "call",
    "allow",
    "invite",
    "encourage",
    "press",
    "pressure",
    "push",
    "warn",
    "request",
    "compel",
    "help",
];

/// Verbs that hand their subject to the event their object names ("launched an attack").
const SUPPORT: &[&str] = &[
    "launch", "carry", "conduct", "hold", "make", "stage", "begin", "start", "mount", "take",
    "give", "have", "announce", "open", "sign", "impose", "resume", "continue", "complete",
];

/// Physical acts whose "with" phrase is the instrument.
fn instrument_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "attack"
            | "hit"
            | "strike"
            | "kill"
            | "shoot"
            | "bomb"
            | "shell"
            | "target"
            | "fire"
            | "destroy"
            | "damage"
            | "wound"
            | "injure"
            | "threaten"
    )
}

/// The byte span of the phrase headed by token `a`: its name, else the head with the words
/// that make up its base noun phrase (determiners, adjectives, compounds, possessors, numbers).
fn phrase(cx: &Ctx, doc: &Document, a: usize) -> (usize, usize) {
    if let Some(e) = cx.ent_of[a] {
        let ent = &doc.entities[e as usize];
        return (ent.start, ent.end);
    }
    let t = cx.tok(a);
    let (mut start, mut end) = (t.start, t.end);
    for c in cx.kids(a) {
        let ct = cx.tok(c);
        let keep = matches!(
            ct.dep.as_str(),
            "det" | "amod" | "compound" | "nmod:poss" | "nummod" | "flat" | "det:poss"
        );
        // Only words next to the phrase so far (no gaps over clauses).
        if keep && c + 4 >= a && c <= a + 2 {
            let (s, e) = match cx.ent_of[c] {
                Some(x) => (doc.entities[x as usize].start, doc.entities[x as usize].end),
                None => (ct.start, ct.end),
            };
            start = start.min(s);
            end = end.max(e);
        }
    }
    (start, end)
}

fn push(cx: &Ctx, doc: &Document, out: &mut Vec<Participant>, role: &str, a: usize) {
    let mut heads = vec![a];
    // Coordinated arguments: "the US, Russia and France" (parsers chain the conjuncts
    // either way: each on the first, or each on the one before).
    let mut k = 0;
    while k < heads.len() && heads.len() < 16 {
        let h = heads[k];
        for c in cx.kids(h) {
            if cx.tok(c).dep == "conj"
                && matches!(cx.tok(c).pos.as_str(), "PROPN" | "NOUN" | "PRON")
                && !heads.contains(&c)
            {
                heads.push(c);
            }
        }
        k += 1;
    }
    for mut h in heads {
        // A relative pronoun stands for the noun its clause modifies ("Belarus, which has
        // hosted talks").
        if matches!(
            cx.text(h).to_lowercase().as_str(),
            "which" | "who" | "that" | "whom"
        ) {
            let clause = cx.head[h];
            match clause.and_then(|c| (cx.tok(c).dep == "acl:relcl").then(|| cx.head[c]).flatten())
            {
                Some(noun) => h = noun,
                None => continue,
            }
        }
        let pos = cx.tok(h).pos.as_str();
        if !matches!(pos, "PROPN" | "NOUN" | "PRON" | "NUM" | "X" | "ADJ") {
            continue;
        }
        // Times are not participants ("on Feb. 25").
        let tok = cx.tok(h);
        if doc
            .timexes
            .iter()
            .any(|x| x.start < tok.end && tok.start < x.end)
        {
            continue;
        }
        let (start, end) = phrase(cx, doc, h);
        if out.iter().any(|p| p.start == start && p.end == end) {
            continue;
        }
        let actor = cx.actor(h).map(|r| r.name).or_else(|| {
            cx.ent_of[h]
                .map(|e| doc.entities[e as usize].text.clone())
                .filter(|_| pos == "PROPN" || cx.ent_of[h].is_some())
        });
        out.push(Participant {
            role: role.to_string(),
            start,
            end,
            text: doc.text.get(start..end).unwrap_or("").to_string(),
            actor,
        });
    }
}

fn kid(cx: &Ctx, i: usize, deps: &[&str]) -> Option<usize> {
    cx.kids(i).find(|&c| deps.contains(&cx.tok(c).dep.as_str()))
}

/// The subject a verb without one of its own borrows: its controller's, its first
/// conjunct's, or the noun it modifies. Returns (token, role).
fn borrowed_subject(cx: &Ctx, i: usize) -> Option<(usize, &'static str)> {
    let mut cur = i;
    for _ in 0..4 {
        let t = cx.tok(cur);
        let h = cx.head[cur]?;
        match t.dep.as_str() {
            "xcomp" => {
                let hl = cx.tok(h).lemma.to_lowercase();
                if OBJECT_CONTROL.contains(&hl.as_str()) {
                    if let Some(o) = kid(cx, h, &["obj", "iobj"]) {
                        return Some((o, "agent"));
                    }
                }
                if let Some(s) = kid(cx, h, &["nsubj"]) {
                    return Some((s, "agent"));
                }
                cur = h;
            }
            "conj" => {
                if let Some(s) = kid(cx, h, &["nsubj"]) {
                    return Some((s, "agent"));
                }
                if let Some(s) = kid(cx, h, &["nsubj:pass"]) {
                    return Some((s, "patient"));
                }
                cur = h;
            }
            "acl" | "acl:relcl" => {
                let hp = cx.tok(h).pos.as_str();
                if matches!(hp, "NOUN" | "PROPN" | "PRON") {
                    let passive_participle = t.dep == "acl"
                        && !cx.text(cur).ends_with("ing")
                        && cx.tok(cur).pos == "VERB";
                    return Some((
                        h,
                        if passive_participle {
                            "patient"
                        } else {
                            "agent"
                        },
                    ));
                }
                return None;
            }
            _ => return None,
        }
    }
    None
}

/// The participants of the mention triggered by token `i`.
pub(crate) fn participants(cx: &Ctx, doc: &Document, i: usize) -> Vec<Participant> {
    let mut out = Vec::new();
    let t = cx.tok(i);
    let lemma = t.lemma.to_lowercase();
    match t.pos.as_str() {
        "VERB" | "AUX" => {
            let passive = cx.kids(i).any(|c| cx.tok(c).dep == "nsubj:pass");
            let mut has_subject = false;
            let has_object = cx.kids(i).any(|c| cx.tok(c).dep == "obj");
            for c in cx.kids(i).collect::<Vec<_>>() {
                let ct = cx.tok(c);
                let case = cx.case_of(c);
                match ct.dep.as_str() {
                    "nsubj" => {
                        has_subject = true;
                        push(cx, doc, &mut out, "agent", c);
                    }
                    "nsubj:pass" => {
                        has_subject = true;
                        push(cx, doc, &mut out, "patient", c);
                    }
                    "obj" => push(cx, doc, &mut out, "patient", c),
                    "iobj" => push(cx, doc, &mut out, "recipient", c),
                    "obl:agent" => push(cx, doc, &mut out, "agent", c),
                    d if d.starts_with("obl") => match case.as_deref() {
                        Some("by") if passive => push(cx, doc, &mut out, "agent", c),
                        Some("to") if has_object => push(cx, doc, &mut out, "recipient", c),
                        Some("with") if instrument_verb(&lemma) => {
                            push(cx, doc, &mut out, "instrument", c)
                        }
                        Some("against" | "on" | "into" | "at") if !has_object => {
                            push(cx, doc, &mut out, "patient", c)
                        }
                        Some("with" | "to" | "from" | "for") => push(cx, doc, &mut out, "other", c),
                        _ => {}
                    },
                    _ => {}
                }
            }
            if !has_subject {
                if let Some((s, role)) = borrowed_subject(cx, i) {
                    push(cx, doc, &mut out, role, s);
                }
            }
        }
        "NOUN" | "PROPN" => {
            let mut has_agent = false;
            for c in cx.kids(i).collect::<Vec<_>>() {
                let ct = cx.tok(c);
                match ct.dep.as_str() {
                    "nmod:poss" => {
                        has_agent = true;
                        push(cx, doc, &mut out, "agent", c);
                    }
                    "amod" | "compound" if cx.ent_of[c].is_some() => {
                        has_agent = true;
                        push(cx, doc, &mut out, "agent", c);
                    }
                    d if d.starts_with("nmod") => match cx.case_of(c).as_deref() {
                        Some("by") => {
                            has_agent = true;
                            push(cx, doc, &mut out, "agent", c);
                        }
                        Some("of" | "on" | "against" | "into" | "over") => {
                            push(cx, doc, &mut out, "patient", c)
                        }
                        Some("with" | "to" | "between" | "from" | "for") => {
                            push(cx, doc, &mut out, "other", c)
                        }
                        _ => {}
                    },
                    _ => {}
                }
            }
            if !has_agent && t.dep == "obj" {
                if let Some(h) = cx.head[i] {
                    if SUPPORT.contains(&cx.tok(h).lemma.to_lowercase().as_str()) {
                        if let Some(s) = kid(cx, h, &["nsubj"]) {
                            push(cx, doc, &mut out, "agent", s);
                        }
                    }
                }
            }
        }
        "ADJ" => {
            if let Some(s) = kid(cx, i, &["nsubj"]) {
                push(cx, doc, &mut out, "patient", s);
            }
        }
        _ => {}
    }
    out
}
