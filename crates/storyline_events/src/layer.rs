//! The event layer: every event mention of a document, in four steps, each owned by a module.
//!
//! 1. **mentions** ([`crate::mentions`]): which words are events, with their TimeML class,
//!    tense, aspect and polarity (a learned model);
//! 2. **participants** ([`crate::participants`]): agent, patient, recipient, instrument, as
//!    spans resolved to actors;
//! 3. **anchoring**: the date of the time expression governing the mention's clause, else the
//!    publication date for a report of the day's news, else undated (past perfect, or a
//!    background fact past the lede);
//! 4. **political coding** (the CAMEO/PLOVER coder of `coding/`): the mentions that are
//!    interactions between actors get `code`, `plover`, `source`, `target` and the coder's
//!    modality and date; the others keep them null.

use storyline_actors::ActorKb;
use storyline_model::{Document, Event, Trigger};

use crate::coding::{scored_with, well_formed, Ctx, LEDE_SENTENCES};
use crate::mentions::{negated, tense_aspect, MentionModel};
use crate::participants::participants;

/// The coder's score (a sum of evidence: source +3, target +2, not a plain statement +2,
/// minus depth and subordination) as a probability that the coding is right. A logistic
/// curve centred where the coder has a source and a target; see the coding evaluation.
fn coded_score(raw: f32) -> f32 {
    1.0 / (1.0 + (-(raw - 3.0) / 1.5).exp())
}

/// Every event mention of the document (body only: the caller runs the title as a document
/// of its own), sorted by trigger position. A coded mention whose learned coding score (see
/// [`crate::calibrate`]) falls below the model's threshold keeps no political code.
pub fn extract_mentions(doc: &Document, kb: &ActorKb) -> Vec<Event> {
    let model = crate::calibrate::CodingModel::default_model();
    extract_mentions_with_evidence(doc, kb)
        .into_iter()
        .map(|(mut e, evidence)| {
            if let (Some(m), Some(ev)) = (model, evidence) {
                e.score = m.score(&crate::calibrate::features(&e, &ev));
                if e.score < m.threshold {
                    uncode(&mut e);
                }
            }
            e
        })
        .collect()
}

/// Drops the political coding of a mention (it stays an event mention).
pub fn uncode(e: &mut Event) {
    e.code = None;
    e.plover = None;
    e.source = None;
    e.target = None;
    e.source_code = None;
    e.target_code = None;
}

/// [`extract_mentions`] before the learned coding score: each mention with, when it is
/// coded, the evidence the score is learned from (its `score` is then the coder's hand curve).
pub fn extract_mentions_with_evidence(
    doc: &Document,
    kb: &ActorKb,
) -> Vec<(Event, Option<crate::calibrate::CodingEvidence>)> {
    if !well_formed(doc) {
        return Vec::new();
    }
    let model = MentionModel::default_model();
    let detected = model.detect(doc);
    let cx = Ctx::new(doc, kb);
    let coded = scored_with(&cx);
    let mut out: Vec<(Event, Option<crate::calibrate::CodingEvidence>)> =
        Vec::with_capacity(detected.len() + 4);
    let mut coded_used = vec![false; coded.len()];
    let sentence_of = |start: usize| doc.sentences.partition_point(|s| s.end <= start);
    for m in &detected {
        let t = &doc.tokens[m.token];
        let trigger = Trigger {
            start: t.start,
            end: t.end,
            text: doc.text.get(t.start..t.end).unwrap_or("").to_string(),
        };
        let mut e = Event::mention(sentence_of(t.start), trigger, t.lemma.clone());
        e.class = m.class.to_string();
        let (tense, aspect) = tense_aspect(doc, &cx.children, m.token);
        e.tense = tense.map(str::to_string);
        e.aspect = aspect.map(str::to_string);
        if negated(doc, &cx.children, m.token) {
            e.polarity = "NEG".into();
        }
        e.participants = participants(&cx, doc, m.token);
        e.modality = cx.modality(m.token).to_string();
        let (date, precision, publication_only) = cx.date(m.token);
        // A report of the day's news takes the publication date; a background fact past the
        // lede (a past verb with no date of its own, a nominal mention) stays undated rather
        // than take a date that is not its own.
        let keep_publication = e.sentence < LEDE_SENTENCES
            || (e.class == "REPORTING" && t.pos == "VERB")
            || matches!(e.tense.as_deref(), Some("PRESENT" | "FUTURE"));
        if date.is_some() && (!publication_only || keep_publication) {
            e.date = date;
            e.precision = precision;
            e.date_basis = Some(
                if publication_only {
                    "publication"
                } else {
                    "timex"
                }
                .into(),
            );
        }
        e.location = cx.location(m.token);
        e.score = m.score;
        let mut evidence = None;
        if let Some(k) = coded.iter().position(|c| c.token == m.token) {
            coded_used[k] = true;
            let (source_ok, target_ok) =
                apply_coding(&mut e, &coded[k].event, coded[k].score, publication_only);
            evidence = Some(crate::calibrate::CodingEvidence {
                raw: coded[k].score,
                source_ok,
                target_ok,
                mention_score: m.score,
                in_lede: e.sentence < LEDE_SENTENCES,
                ..syntax(doc, m.token, e.sentence)
            });
        }
        out.push((e, evidence));
    }
    // Political events the coder found on words the mention model passed over.
    for (k, c) in coded.iter().enumerate() {
        if coded_used[k] {
            continue;
        }
        let lemma = doc.tokens[c.token].lemma.clone();
        let mut e = Event::mention(c.event.sentence, c.event.trigger.clone(), lemma);
        e.class = model.class_of(doc, c.token).to_string();
        let (tense, aspect) = tense_aspect(doc, &cx.children, c.token);
        e.tense = tense.map(str::to_string);
        e.aspect = aspect.map(str::to_string);
        if negated(doc, &cx.children, c.token) {
            e.polarity = "NEG".into();
        }
        e.participants = participants(&cx, doc, c.token);
        e.location = c.event.location.clone();
        let (_, _, publication_only) = cx.date(c.token);
        let (source_ok, target_ok) = apply_coding(&mut e, &c.event, c.score, publication_only);
        let evidence = crate::calibrate::CodingEvidence {
            raw: c.score,
            source_ok,
            target_ok,
            mention_score: 0.0,
            in_lede: e.sentence < LEDE_SENTENCES,
            ..syntax(doc, c.token, e.sentence)
        };
        out.push((e, Some(evidence)));
    }
    out.sort_by_key(|(e, _)| (e.trigger.start, e.trigger.end));
    // How many coded mentions share each one's sentence: a sentence that yields many
    // interactions is most often one the coder reads several ways.
    // (The events of one trigger's coordinated actors count once.)
    let mut per_sentence: std::collections::HashMap<usize, u8> = std::collections::HashMap::new();
    let mut last_trigger = None;
    for (e, ev) in &out {
        if ev.is_some() && last_trigger != Some(e.trigger.start) {
            *per_sentence.entry(e.sentence).or_default() += 1;
        }
        if ev.is_some() {
            last_trigger = Some(e.trigger.start);
        }
    }
    let linked = doc.entities.iter().filter(|x| x.actor.is_some()).count();
    let actor_share = linked as f32 / doc.entities.len().max(1) as f32;
    let coded_density = per_sentence.values().map(|&n| f32::from(n)).sum::<f32>()
        / doc.sentences.len().max(1) as f32;
    for (e, ev) in &mut out {
        if let Some(ev) = ev {
            ev.actor_share = actor_share;
            ev.coded_density = coded_density;
            ev.coded_in_sentence = per_sentence.get(&e.sentence).copied().unwrap_or(1);
            ev.same_country = match (e.source_code.as_deref(), e.target_code.as_deref()) {
                (Some(a), Some(b)) => a.get(..3).is_some_and(|a| Some(a) == b.get(..3)),
                _ => false,
            };
        }
    }
    out
}

/// What the parse says of a trigger's place in its sentence, for the coding score: a noun
/// or a verb, the relation that attaches it, whether it is inside a quotation. Fields that
/// need the whole document's coding are filled by the caller.
fn syntax(doc: &Document, token: usize, sentence: usize) -> crate::calibrate::CodingEvidence {
    let t = &doc.tokens[token];
    let dep = t.dep.split(':').next().unwrap_or("");
    let attachment = match dep {
        "root" | "conj" => 0,
        "ccomp" | "xcomp" | "parataxis" => 1,
        "advcl" => 2,
        "acl" => 3,
        "obj" | "obl" | "nmod" | "nsubj" | "iobj" | "appos" => 4,
        _ => 5,
    };
    let before = doc
        .sentences
        .get(sentence)
        .and_then(|s| doc.text.get(s.start..t.start.max(s.start)))
        .unwrap_or("");
    let straight = before.matches('"').count();
    let curly = before.matches('\u{201c}').count() > before.matches('\u{201d}').count();
    crate::calibrate::CodingEvidence {
        noun: matches!(t.pos.as_str(), "NOUN" | "PROPN"),
        attachment,
        in_quote: straight % 2 == 1 || curly,
        ..Default::default()
    }
}

/// Copies the political coding of `coded` onto the mention `e`, scored by the hand curve;
/// returns whether the coded source and target take part in the mention.
fn apply_coding(
    e: &mut Event,
    coded: &Event,
    raw_score: f32,
    publication_only: bool,
) -> (bool, bool) {
    e.code = coded.code.clone();
    e.plover = coded.plover.clone().filter(|p| !p.is_empty());
    e.source = coded.source.clone();
    e.target = coded.target.clone();
    e.source_code = coded.source_code.clone();
    e.target_code = coded.target_code.clone();
    e.modality = coded.modality.clone();
    e.date = coded.date.clone();
    e.precision = coded.precision.clone();
    e.date_basis = coded.date.as_ref().map(|_| {
        if publication_only || coded.reference || coded.recalled {
            "publication".to_string()
        } else {
            "timex".to_string()
        }
    });
    e.reference = coded.reference;
    e.recalled = coded.recalled;
    if coded.location.is_some() {
        e.location = coded.location.clone();
    }
    // The coder's actors must be the mention's own participants: a source the parse does not
    // make the agent, or a target that takes no part, is most often a clause the coder
    // misread ("tried to persuade China to stop the invasion" is no invasion by the
    // persuader).
    let takes_part = |name: &Option<String>, agent: bool| match name {
        None => true,
        Some(n) => e.participants.iter().any(|p| {
            p.actor.as_deref() == Some(n.as_str()) && ((p.role == "agent") == agent || !agent)
        }),
    };
    let source_ok = takes_part(&e.source, true);
    let target_ok = takes_part(&e.target, false);
    let mut score = coded_score(raw_score);
    if !source_ok {
        score *= 0.5;
    }
    if !target_ok {
        score *= 0.75;
    }
    // A negated trigger is not an asserted event, whatever the coder read.
    if e.polarity == "NEG" && e.modality == "asserted" {
        e.modality = "negated".into();
    }
    e.score = score;
    (source_ok, target_ok)
}
