//! Political coding of event mentions: each eventive verb or noun of the verb table gets a
//! CAMEO code and PLOVER type, its participants and its modality, then the clause-level rules
//! read the sentence as a whole.
//!
//! - [`context`]: the document as the coder sees it ([`Ctx`]);
//! - [`actors`]: who acted, on whom;
//! - [`nouns`]: eventive nouns and their participants;
//! - [`modality`]: whether it happened (negated, intended, reported, hypothetical, eased);
//! - [`anchor`]: when and where;
//! - [`clauses`]: governing verbs, speech, conditions;
//! - [`tables`]: the word lists.

use storyline_actors::{doc_date, ActorKb, ActorKind, ActorRef, DocActors};
use storyline_model::{Document, Event, TokenInfo, Trigger};

use crate::verbs::VerbTable;

mod actors;
mod anchor;
mod clauses;
mod context;
mod modality;
mod nouns;
mod tables;

use clauses::clause_rules;
use tables::*;

/// An event with the extractor's confidence score (higher = more central, more complete).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredEvent {
    /// The event.
    pub event: Event,
    /// Score: has source (+3), has target (+2), not a plain statement (+2), minus depth from the root.
    pub score: f32,
    /// Trigger token index.
    pub token: usize,
}

/// One document prepared for coding: its tokens, the dependency tree both ways, its actors.
pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    kb: &'a ActorKb,
    pub(crate) da: DocActors,
    table: &'a VerbTable,
    pub(crate) children: Vec<Vec<u32>>,
    pub(crate) head: Vec<Option<usize>>,
    pub(crate) ent_of: Vec<Option<u32>>,
    sent_of: Vec<u32>,
    date: u32,
}

fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// How many sentences open a news report with its news (the lede): an undated past-tense
/// verb there is the day's news, further down it most likely recalls an earlier event.
pub const LEDE_SENTENCES: usize = 2;

/// Whether a verb form is a past one (simple past, or a participle as in "has met" or "was
/// invited"): the word differs from its lemma and is neither a gerund ("meeting") nor a
/// third-person present ("meets", "carries"). Past forms identical to the lemma ("put",
/// "hit") are not recognised: they stay dated by their article.
fn recalled_form(word: &str, lemma: &str) -> bool {
    if word.is_empty() || lemma.is_empty() || word == lemma || word.ends_with("ing") {
        return false;
    }
    let present = word.strip_suffix('s').is_some_and(|w| {
        w == lemma
            || w.strip_suffix('e').is_some_and(|w| w == lemma)
            || w.strip_suffix("ie")
                .is_some_and(|w| lemma.strip_suffix('y') == Some(w))
    });
    !present && !matches!(word, "is" | "are" | "am" | "has" | "does")
}

/// CAMEO codes an announced intention as its own event: cooperation (04-08) becomes "express
/// intent to ..." (03x), force (15-20) becomes a threat (13x).
fn intent_code(code: &str) -> String {
    let root = code.get(..2).unwrap_or("");
    match root {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        "14" => "133",
        "16" | "17" => "130",
        "15" | "18" | "19" | "20" => "138",
        _ => return code.to_string(),
    }
    .to_string()
}

/// Date and precision from a TimeML value (`2022-02-25` day, `2022-02` month, `2022` year,
/// `2023-W11` week; `PRESENT_REF` = the publication date).
pub fn timex_date(value: &str, published: Option<&str>) -> (Option<String>, Option<String>) {
    if value == "PRESENT_REF" {
        return match published {
            Some(p) if p.len() >= 10 => (Some(p[..10].to_string()), Some("day".into())),
            _ => (None, None),
        };
    }
    let b = value.as_bytes();
    let dig =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if !dig(0..4) {
        return (None, None);
    }
    if b.len() >= 10 && b[4] == b'-' && dig(5..7) && b[7] == b'-' && dig(8..10) {
        return (Some(value[..10].to_string()), Some("day".into()));
    }
    if b.len() >= 8 && b[4] == b'-' && b[5] == b'W' && dig(6..8) {
        return (Some(value[..8].to_string()), Some("week".into()));
    }
    if b.len() >= 7 && b[4] == b'-' && dig(5..7) {
        return (Some(value[..7].to_string()), Some("month".into()));
    }
    (Some(value[..4].to_string()), Some("year".into()))
}

/// One candidate event before the clause-level rules.
struct Cand {
    tok: usize,
    code: String,
    src: Option<ActorRef>,
    tgt: Option<ActorRef>,
    /// The tokens whose phrases name the source and the target, where the parse gave them
    /// (their coordinated actors are events of their own).
    src_tok: Option<usize>,
    tgt_tok: Option<usize>,
    noun: bool,
    /// The token whose depth ranks the event (a noun promoted by its support verb ranks as the verb).
    rank_tok: usize,
    drop: bool,
    /// Modality fixed by a rule (a demand read from "must").
    modality: Option<&'static str>,
}

/// All events of a document with scores (several per sentence possible).
pub fn extract_scored(doc: &Document, kb: &ActorKb) -> Vec<ScoredEvent> {
    if !well_formed(doc) {
        return Vec::new();
    }
    scored_with(&Ctx::new(doc, kb))
}

/// Whether the document's tokens can be read (in bounds, ordered spans).
pub(crate) fn well_formed(doc: &Document) -> bool {
    !doc.tokens.is_empty()
        && !doc
            .tokens
            .iter()
            .any(|t| t.start > t.end || t.end > doc.text.len())
}

/// [`extract_scored`] with the document's context already built (by the event layer).
pub(crate) fn scored_with(cx: &Ctx) -> Vec<ScoredEvent> {
    let doc = cx.doc;
    let n = doc.tokens.len();
    let mut out: Vec<ScoredEvent> = Vec::new();
    // Nouns promoted by a support verb ("launched an investigation", "staged demonstrations").
    let mut promoted: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        if cx.tok(i).pos == "VERB" && SUPPORT.contains(&lower(&cx.tok(i).lemma).as_ref()) {
            if let Some(o) = cx.eventive_obj(i) {
                promoted[o] = Some(i);
            }
        }
    }
    let mut promotes = vec![false; n];
    for &v in promoted.iter().flatten() {
        promotes[v] = true;
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut cand_at: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let t = cx.tok(i);
        let (code, source, target, noun, src_tok, tgt_tok) = match t.pos.as_str() {
            "VERB" => {
                let l = cx.table.verb_lemma(cx.text(i), &lower(&t.lemma));
                if LIGHT.contains(&l.as_ref()) && !matches!(l.as_ref(), "make" | "take") {
                    continue;
                }
                // "according to", frames ("wants to", "decided to") and support verbs carry no event
                // of their own: their complement or object does.
                if l == "accord"
                    || FRAMES.contains(&l.as_ref()) && cx.kid_with(i, &["xcomp"]).is_some()
                    || promotes[i]
                {
                    continue;
                }
                let w = cx.words(i);
                let refs: Vec<&str> = w.iter().map(String::as_str).collect();
                let Some(code) = cx
                    .table
                    .code(&l, &refs)
                    .or_else(|| SPEECH.contains(&l.as_ref()).then_some("010"))
                else {
                    continue;
                };
                // A participle used as an adjective ("increasing pressure") is no event.
                if t.dep == "amod" {
                    continue;
                }
                let code = cx.eased_code(i).unwrap_or(code);
                // The dictionary's bare disapproval of a verb of stating a position is a
                // statement; its patterns ("claimed responsibility") keep their codes.
                let code = if code == "110" && POSITION_VERBS.contains(&l.as_ref()) {
                    "010"
                } else {
                    code
                };
                // "Called climate change a hoax", "called Clinton a champion": with a
                // secondary predicate, "call" names, it does not telephone or meet (of 35
                // such codings in the labelled news, one was a consultation).
                if l == "call"
                    && code.starts_with("04")
                    && cx.kids(i).any(|c| {
                        cx.tok(c).dep == "xcomp"
                            && matches!(cx.tok(c).pos.as_str(), "NOUN" | "ADJ" | "PROPN")
                    })
                {
                    continue;
                }
                // A participle describing a thing ("power lines leading into Kabul") is no
                // event, unless it says something ("a declaration demanding ...").
                if t.dep == "acl"
                    && (cx.text(i).ends_with("ing") || cx.text(i).ends_with("ed"))
                    && !matches!(code.get(..2), Some("02" | "10" | "11" | "12" | "13"))
                    && cx.head[i].is_some_and(|h| cx.actor(h).is_none())
                {
                    continue;
                }
                let subj = cx.subject_at(i);
                let mut src_tok = subj.as_ref().map(|s| s.0);
                let mut tgt_tok = None;
                let src = subj.map(|s| s.1).or_else(|| {
                    if cx.kid_with(i, &["nsubj:pass"]).is_none() {
                        cx.linear_source(i)
                    } else {
                        None
                    }
                });
                let passive = cx.kids(i).any(|c| cx.tok(c).dep == "nsubj:pass");
                let agent = cx.kids(i).any(|c| {
                    cx.tok(c).dep == "obl:agent"
                        || cx.tok(c).dep.starts_with("obl")
                            && cx.case_of(c).as_deref() == Some("by")
                });
                let (src, tgt) = if passive && !agent {
                    let tgt = cx.target_at(i, None).map(|(k, r)| {
                        tgt_tok = Some(k);
                        r
                    });
                    let force = matches!(code.get(..2), Some("18" | "19" | "20"));
                    let src = if force {
                        cx.force_origin(i, tgt.as_ref())
                    } else {
                        None
                    };
                    (src, tgt)
                } else {
                    let tg = cx
                        .target_at(i, src.as_ref())
                        .map(|(k, r)| {
                            tgt_tok = Some(k);
                            r
                        })
                        .or_else(|| cx.linear_target(i, src.as_ref()));
                    (src, tg)
                };
                // "X is to blame for Y": X is blamed, by whoever says so, not blaming.
                let (src, tgt) = if l == "blame"
                    && cx.kid_with(i, &["cop"]).is_some()
                    && cx
                        .kid_with(i, &["mark"])
                        .is_some_and(|m| lower(&cx.tok(m).lemma) == "to")
                {
                    (src_tok, tgt_tok) = (None, None);
                    (None, cx.kid_with(i, &["nsubj"]).and_then(|s| cx.actor(s)))
                } else {
                    (src, tgt)
                };
                let mut tgt = tgt;
                // Demands, appeals, accusations and threats aimed at the subject of their clause
                // ("demanded that the US cancel ...").
                if tgt.is_none() && matches!(code.get(..2), Some("02" | "10" | "11" | "12" | "13"))
                {
                    if let Some(cc) = cx.kid_with(i, &["ccomp"]) {
                        if let Some(s) = cx.kid_with(cc, &["nsubj", "nsubj:pass"]) {
                            tgt = cx.actor(s).filter(|r| Some(r) != src.as_ref());
                            tgt_tok = Some(s);
                        }
                    }
                }
                (code.to_string(), src, tgt, false, src_tok, tgt_tok)
            }
            "NOUN" | "PROPN" => {
                let Some(code) = cx.noun_code(i) else {
                    continue;
                };
                let code = cx.eased_code(i).map_or(code, str::to_string);
                // "phone call", "arrest warrant": one event, the head's.
                if t.dep == "compound" && cx.head[i].is_some_and(|h| cx.noun_code(h).is_some()) {
                    continue;
                }
                let src = cx.noun_source(i);
                let tgt = cx
                    .noun_target(i, src.as_ref())
                    .or_else(|| cx.linear_target(i, src.as_ref()));
                (code, src, tgt, true, None, None)
            }
            _ => continue,
        };
        cand_at[i] = Some(cands.len());
        cands.push(Cand {
            tok: i,
            code,
            src: source,
            tgt: target,
            src_tok,
            tgt_tok,
            noun,
            rank_tok: promoted[i].unwrap_or(i),
            drop: false,
            modality: None,
        });
    }
    clause_rules(cx, &mut cands, &cand_at);
    for c in cands {
        if c.drop || c.src.is_none() && c.tgt.is_none() {
            continue;
        }
        let i = c.tok;
        let t = cx.tok(i);
        let si = cx.sent_of[i] as usize;
        if si >= doc.sentences.len() {
            continue;
        }
        let (date, precision, implied) = cx.date(i);
        let mut modality = c.modality.unwrap_or_else(|| {
            if c.noun && cx.kids(i).any(|k| lower(&cx.tok(k).lemma) == "no") {
                "negated"
            } else {
                cx.modality(i)
            }
        });
        // What is said to be missing did not happen, and is no one's refusal either.
        let missing = cx.absent(i);
        if missing {
            modality = "negated";
        }
        let mut code = if modality == "intended" {
            intent_code(&c.code)
        } else {
            c.code
        };
        // Not agreeing, not accepting, not allowing, refusing to meet: a rejection. Not calling
        // or not visiting is only that: no event, not a refusal ("did not even call").
        if modality == "negated"
            && !missing
            && (cx.refused(i) || ACCEPTING.contains(&lower(&t.lemma).as_ref()))
        {
            if let Some(r) = reject_code(&code) {
                code = r.to_string();
                modality = "asserted";
            }
        }
        let statement = code.starts_with("01");
        // Plain statements ("said") are no events unless addressed to an actor ("told Putin");
        // telling the press is saying.
        if statement
            && c.tgt.as_ref().is_none_or(|t| {
                t.code
                    .as_deref()
                    .is_none_or(|c| c.contains("MED") || c.contains("JRN"))
            })
        {
            continue;
        }
        let plover = cx.table.plover_for(&lower(&t.lemma), &code).to_string();
        let (src, mut tgt) = (c.src, c.tgt);
        // An actor does not speak to, ask, accuse or meet itself: a country's leader or
        // government and that country ("Xi insisted that China ...", "Lavrov denied that
        // Moscow ...") are one side. What a government does in its own country (a curfew, an
        // emergency lifted, freedoms granted) keeps the country as its target, as CAMEO codes it.
        let verbal = matches!(
            code.get(..2),
            Some("01" | "02" | "03" | "04" | "05" | "10" | "11" | "12" | "13")
        );
        if let (true, Some(s), Some(t)) = (verbal, src.as_ref(), tgt.as_ref()) {
            if cx.one_side(t, s) {
                tgt = None;
                if statement {
                    continue;
                }
            }
        }
        let under_speech = cx.head[i].is_some_and(|h| {
            let hl = lower(&cx.tok(h).lemma);
            cx.table.code(&hl, &[]).is_some_and(|c| c.starts_with("01"))
                || REPORT_HEADS.contains(&hl.as_ref())
        });
        // Purpose and participle clauses ("to demand ...", "..., killing 12") are circumstances
        // of the main event.
        let rt = c.rank_tok;
        let subordinate = cx.tok(rt).dep == "advcl";
        // A noun that is what a coded verb acts on ("rejected calls", "suspended aid",
        // "condemned the invasion") ranks below that verb.
        let theme = c.noun
            && c.rank_tok == i
            && cx.head[i].is_some_and(|h| {
                matches!(cx.tok(i).dep.as_str(), "obj" | "compound" | "xcomp")
                    && cand_at[h].is_some()
            });
        let score = src.is_some() as u8 as f32 * 3.0
            - if theme { 2.0 } else { 0.0 }
            - if subordinate { 1.5 } else { 0.0 }
            + tgt.is_some() as u8 as f32 * 2.0
            + if statement { -1.0 } else { 2.0 }
            - cx.depth(c.rank_tok) as f32 * 0.5
            + if c.noun && c.rank_tok == i { -0.5 } else { 0.0 }
            + if under_speech { 1.0 } else { 0.0 };
        let trig = Trigger {
            start: t.start,
            end: t.end,
            text: doc.text[t.start..t.end].to_string(),
        };
        // Coordinated actors ("the US and Britain imposed sanctions on Russia and Iran"): one
        // event for each source and target more.
        let more = cx.coordinated(
            i,
            (c.src_tok, c.tgt_tok),
            src.as_ref(),
            tgt.as_ref(),
            verbal,
        );
        let first = out.len();
        out.push(ScoredEvent {
            event: Event {
                code: Some(code),
                plover: Some(plover),
                source_code: src.as_ref().and_then(|s| s.code.clone()),
                target_code: tgt.as_ref().and_then(|s| s.code.clone()),
                source: src.map(|s| s.name),
                target: tgt.map(|s| s.name),
                date,
                precision,
                location: cx.location(i),
                modality: modality.to_string(),
                reference: implied && c.noun,
                recalled: implied
                    && !c.noun
                    && modality == "asserted"
                    && si >= LEDE_SENTENCES
                    && recalled_form(&lower(cx.text(i)), &lower(&t.lemma)),
                ..Event::mention(si, trig, t.lemma.clone())
            },
            score,
            token: i,
        });
        for (s, t) in more {
            let mut e = out[first].clone();
            e.event.source_code = s.as_ref().and_then(|s| s.code.clone());
            e.event.target_code = t.as_ref().and_then(|t| t.code.clone());
            e.event.source = s.map(|s| s.name);
            e.event.target = t.map(|t| t.name);
            out.push(e);
        }
    }
    out
}

/// A rejection code for a negated cooperative code (CAMEO 03-08), else None.
fn reject_code(code: &str) -> Option<&'static str> {
    Some(match code.get(..2)? {
        "03" | "05" => "120",
        "04" => "125",
        "06" => "121",
        "07" => "122",
        "08" => "124",
        _ => return None,
    })
}

/// Code the events of a document: one per eventive verb or noun with a source or target actor.
pub fn extract_events(doc: &Document, kb: &ActorKb) -> Vec<Event> {
    extract_scored(doc, kb)
        .into_iter()
        .map(|s| s.event)
        .collect()
}

#[cfg(test)]
mod tests;
