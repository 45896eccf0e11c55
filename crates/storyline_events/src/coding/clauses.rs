//! Clause-level rules over a sentence's candidates: governing verbs absorb their complement,
//! speech gives way to what was said, conditions give threats their target.

use super::tables::*;
use super::*;

/// The clause-level rules over a sentence's candidates: governing verbs take their complement's
/// target and absorb it ("threatened to break relations with Russia" is one threat against
/// Russia), speech verbs give way to what was said, "X said Y must ..." is a demand on Y, and a
/// threat's target can be the subject of its condition ("... if the United States goes ahead").
pub(super) fn clause_rules(cx: &Ctx, cands: &mut [Cand], cand_at: &[Option<usize>]) {
    // Deepest first, so that a complement has its inherited target before its governor asks.
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(cx.depth(cands[k].tok)));
    for k in order {
        let g = cands[k].tok;
        if cands[k].noun {
            // A promoted noun ("began a hunger strike to demand ...") takes its verb's aim.
            let sv = cands[k].rank_tok;
            if sv != g && cands[k].tgt.is_none() {
                let src = cands[k].src.clone();
                cands[k].tgt = cx
                    .purpose_target(sv, cands, cand_at, src.as_ref())
                    // "announced asset freezes on Russian banks" with "on" hung on the verb.
                    .or_else(|| cx.target(sv, src.as_ref()))
                    .or_else(|| cx.place_target(sv));
            }
            if cands[k].tgt.is_none() && !cands[k].code.starts_with("01") {
                cands[k].tgt = cx
                    .place_target(g)
                    .filter(|t| Some(t) != cands[k].src.as_ref());
            }
            continue;
        }
        let code = cands[k].code.clone();
        let root = code.get(..2).unwrap_or("");
        let lemma = lower(&cx.tok(g).lemma).into_owned();
        let speech = root == "01" || SPEECH.contains(&lemma.as_str());
        if speech {
            // "X said (that) Y must ...", also where the parse hung the clause elsewhere under
            // the speech verb: a demand by X on Y.
            let sent = cx.sent_of[g];
            let mut k2 = g + 1;
            while k2 < cx.doc.tokens.len() && cx.sent_of[k2] == sent {
                let v = k2;
                k2 += 1;
                if cx.tok(v).pos != "VERB" {
                    continue;
                }
                let Some(strength) = cx.obligation(v) else {
                    continue;
                };
                let Some(subj) = cx.kid_with(v, &["nsubj", "nsubj:pass"]) else {
                    continue;
                };
                let mut up = v;
                let mut under = false;
                for _ in 0..4 {
                    match cx.head[up] {
                        Some(h) if h == g => {
                            under = true;
                            break;
                        }
                        Some(h) if SPEECH.contains(&lower(&cx.tok(h).lemma).as_ref()) => break,
                        Some(h) => up = h,
                        None => break,
                    }
                }
                if !under {
                    continue;
                }
                let src = cands[k].src.clone();
                let tgt = cx
                    .actor(subj)
                    .or_else(|| cx.target(v, src.as_ref()))
                    .filter(|t| Some(t) != src.as_ref());
                if let Some(vi) = cand_at[v] {
                    cands[vi].drop = true;
                }
                cands[k].code = strength.to_string();
                cands[k].tgt = tgt;
                cands[k].modality = Some("asserted");
                break;
            }
            if cands[k].modality.is_some() {
                continue;
            }
        }
        for v in cx.kids(g).collect::<Vec<_>>() {
            let d = cx.tok(v).dep.as_str();
            if !matches!(d, "xcomp" | "ccomp" | "parataxis") {
                continue;
            }
            if speech {
                if d == "xcomp" {
                    continue;
                }
                // What was said is the event; a pronoun subject the document cannot resolve is
                // the speaker ("Syria says it is willing to ...").
                let pron_subj = cx
                    .kid_with(v, &["nsubj", "expl"])
                    .is_some_and(|s| cx.tok(s).pos == "PRON");
                let mut x = v;
                for _ in 0..3 {
                    if let Some(vi) = cand_at[x] {
                        if cands[vi].src.is_none() && pron_subj {
                            cands[vi].src = cands[k].src.clone();
                            cands[vi].src_tok = cands[k].src_tok;
                        }
                        if root != "01" || cands[k].tgt.is_none() {
                            cands[k].drop = true;
                        }
                        break;
                    }
                    match cx.kid_with(x, &["xcomp"]) {
                        Some(y) => x = y,
                        None => break,
                    }
                }
                continue;
            }
            if cx.tok(v).pos != "VERB" {
                continue;
            }
            let governs = matches!(root, "02" | "03" | "10" | "11" | "12" | "13")
                || GOVERNORS.contains(&lemma.as_str());
            if !governs {
                continue;
            }
            // A promise of force is a threat: "vowed to fight" is told by the fighting.
            if PROMISES.contains(&lemma.as_str()) && d == "xcomp" {
                if let Some(vi) = cand_at[v] {
                    if matches!(
                        cands[vi].code.get(..2),
                        Some("14" | "15" | "16" | "17" | "18" | "19" | "20")
                    ) {
                        if cands[vi].src.is_none() {
                            cands[vi].src = cands[k].src.clone();
                            cands[vi].src_tok = cands[k].src_tok;
                        }
                        cands[k].drop = true;
                        continue;
                    }
                }
            }
            if cands[k].tgt.is_none() {
                let src = cands[k].src.clone();
                // "demanded that Israel ease ...": the clause's subject is whom the demand is
                // on; "promised that China would ..." is no act on China.
                let clause_subj = || {
                    if d == "ccomp" && matches!(root, "02" | "10" | "11") {
                        cx.kid_with(v, &["nsubj", "nsubj:pass"])
                            .and_then(|s| cx.actor(s))
                            .filter(|t| Some(t) != src.as_ref())
                    } else {
                        None
                    }
                };
                let t = clause_subj()
                    .or_else(|| cand_at[v].and_then(|vi| cands[vi].tgt.clone()))
                    .or_else(|| cx.target(v, src.as_ref()))
                    .or_else(|| cx.condition_subject(v))
                    .or_else(|| cx.place_target(v));
                cands[k].tgt = t.filter(|t| Some(t) != src.as_ref());
            }
            if let Some(vi) = cand_at[v] {
                cands[vi].drop = true;
            }
        }
        // An action's aim names its target ("opened fire to disperse demonstrators", "staged
        // demonstrations to demand reforms by the government").
        if cands[k].tgt.is_none() && root != "01" {
            let src = cands[k].src.clone();
            cands[k].tgt = cx.purpose_target(g, cands, cand_at, src.as_ref());
        }
        // Threats against the subject of their condition; else the place an action names
        // ("demonstrated in Serbia", "imposed a curfew in the town of Cizre").
        if cands[k].tgt.is_none() && root != "01" {
            let src = cands[k].src.clone();
            let cond = if root == "13" || cands[k].modality == Some("intended") {
                cx.condition_subject(g)
            } else {
                None
            };
            cands[k].tgt = cond
                .or_else(|| cx.place_target(g))
                .filter(|t| Some(t) != src.as_ref());
        }
    }
}
