//! Score the event coder on the PLOVER gold-standard records.
//!
//! `cargo run --release -p storyline_events --example eval_plover -- /work/shared/data/plover/gsr_dev.json [-v]`
//!
//! Each record is one sentence with a gold event type, source and target actors. The sentence is
//! run through the pipeline (raw text), entities are linked, events are coded, and the
//! best-scoring event of the sentence is compared:
//! - type: our PLOVER type equals the gold type, with the 2016 names mapped to the 2021 ones
//!   (DEMAND=REQUEST, DISAPPROVE=ACCUSE, INVESTIGATE=ACCUSE, FIGHT=ASSAULT);
//! - source/target: one gold actor matches ours, either by code (the first three letters of our
//!   CAMEO code = the gold `code`, ISO alpha-3 or `IGO`) or by name (case-insensitive containment
//!   either way between the gold `actorText` and our actor name). A record without gold target
//!   counts the target as right.
//!
//! Then the same records as a user sees them: the coded events of the event layer
//! (`annotate`'s `events`, with the layer's calibrated `score`), at score thresholds: of the
//! sentences where an event at or above the threshold is coded, how many are right
//! (precision), and of all sentences (recall); every gold record reports an event.
use std::collections::BTreeMap;

use storyline_events::calibrate::{actor_matches as matches, coding_right, read_plover_gold};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "/work/shared/data/plover/gsr_dev.json".into());
    let verbose = args.any(|a| a == "-v");
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("error: cannot read {path}: {e}");
        std::process::exit(2)
    });
    let records = read_plover_gold(&json).unwrap_or_else(|e| {
        eprintln!("error: {path}: not PLOVER gold JSON: {e}");
        std::process::exit(2)
    });
    let kb = storyline_actors::ActorKb::default_kb();
    let pipe = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
        raw: true,
        dct: chrono::NaiveDate::from_ymd_opt(2000, 1, 1),
    });
    let (mut n, mut ty, mut src, mut full) = (0, 0, 0, 0);
    // Per half (0 = even-numbered records, 1 = odd, counted from 0 over the scored records):
    // (sentences, type, type+source, type+source+target).
    let mut half = [[0u32; 4]; 2];
    let mut per: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let t0 = std::time::Instant::now();
    let mut code_time = std::time::Duration::ZERO;
    const THRESHOLDS: [f32; 6] = [0.0, 0.2, 0.35, 0.5, 0.65, 0.8];
    // Per threshold: (coded sentences, type right, triple right).
    let mut layer = [[0u32; 3]; THRESHOLDS.len()];
    // By class at the timeline's view threshold: (gold, shown as this type, shown and right).
    const VIEW: f32 = 0.35;
    let mut by_class: BTreeMap<String, [u32; 3]> = BTreeMap::new();
    // (gold type, shown type or "none") -> sentences, where the two differ.
    let mut confusions: BTreeMap<(String, String), u32> = BTreeMap::new();
    for r in &records {
        let text = r.text.clone();
        let mut doc = pipe.annotate(&storyline_pipeline::RawArticle::new(
            "gsr",
            storyline_pipeline::SourceFormat::Text,
            text.clone(),
        ));
        let tc = std::time::Instant::now();
        storyline_actors::link_entities(&mut doc, kb);
        let evs = storyline_events::extract_scored(&doc, kb);
        code_time += tc.elapsed();
        let best = evs.iter().max_by(|a, b| a.score.total_cmp(&b.score));
        let gtype = r.plover.as_str();
        let (gs, gt) = (&r.source, &r.target);
        for (k, &th) in THRESHOLDS.iter().enumerate() {
            let shown = doc
                .events
                .iter()
                .filter(|e| e.is_coded() && e.score >= th)
                .max_by(|a, b| a.score.total_cmp(&b.score));
            if let Some(e) = shown {
                layer[k][0] += 1;
                if e.plover.as_deref() == Some(gtype) {
                    layer[k][1] += 1;
                }
                if coding_right(e, r) {
                    layer[k][2] += 1;
                }
            }
        }
        let view = doc
            .events
            .iter()
            .filter(|e| e.is_coded() && e.score >= VIEW)
            .max_by(|a, b| a.score.total_cmp(&b.score));
        let shown_type = view.and_then(|e| e.plover.clone());
        by_class.entry(gtype.to_string()).or_default()[0] += 1;
        if let Some(st) = &shown_type {
            let c = by_class.entry(st.clone()).or_default();
            c[1] += 1;
            if st == gtype {
                c[2] += 1;
            }
        }
        if shown_type.as_deref() != Some(gtype) {
            *confusions
                .entry((
                    gtype.to_string(),
                    shown_type.unwrap_or_else(|| "none".into()),
                ))
                .or_default() += 1;
        }
        let h = &mut half[n as usize % 2];
        h[0] += 1;
        n += 1;
        let e = per.entry(gtype.to_string()).or_default();
        e.0 += 1;
        let type_ok = best.is_some_and(|b| b.event.plover.as_deref() == Some(gtype));
        let s_ok = best.is_some_and(|b| {
            matches(
                gs,
                b.event.source.as_deref(),
                b.event.source_code.as_deref(),
            )
        });
        let t_ok = gt.is_empty()
            || best.is_some_and(|b| {
                matches(
                    gt,
                    b.event.target.as_deref(),
                    b.event.target_code.as_deref(),
                )
            });
        if type_ok {
            ty += 1;
            e.1 += 1;
            h[1] += 1;
            if s_ok {
                src += 1;
                h[2] += 1;
                if t_ok {
                    full += 1;
                    h[3] += 1;
                }
            }
        }
        if verbose && !(type_ok && s_ok && t_ok) {
            println!(
                "--- #{} gold {gtype} src {gs:?} tgt {gt:?}\n    {text}",
                n - 1
            );
            for ev in &evs {
                let e = &ev.event;
                println!(
                    "    {:5.1} {} {} {:?}({:?}) -> {:?}({:?}) [{}]",
                    ev.score,
                    e.code.as_deref().unwrap_or_default(),
                    e.plover.as_deref().unwrap_or_default(),
                    e.source,
                    e.source_code,
                    e.target,
                    e.target_code,
                    e.trigger.text
                );
            }
        }
    }
    let pct = |x: u32| 100.0 * x as f64 / n.max(1) as f64;
    println!("sentences {n}");
    println!("type accuracy            {:.1}% ({ty})", pct(ty));
    println!("type+source              {:.1}% ({src})", pct(src));
    println!("type+source+target       {:.1}% ({full})", pct(full));
    for (name, h) in ["even", "odd"].iter().zip(half) {
        let p = |x: u32| 100.0 * x as f64 / h[0].max(1) as f64;
        println!(
            "{name:4} ({:3}): type {:.1}%  type+source {:.1}%  type+source+target {:.1}%",
            h[0],
            p(h[1]),
            p(h[2]),
            p(h[3])
        );
    }
    for (t, (a, b)) in per {
        println!("  {t:12} {b}/{a}");
    }
    println!("the event layer as users see it (best coded event of the sentence at score >= t):");
    for (k, &th) in THRESHOLDS.iter().enumerate() {
        let [coded, t, full] = layer[k];
        let p = |x: u32| 100.0 * x as f64 / coded.max(1) as f64;
        println!(
            "  t {th:.2}: coded {:5.1}% of sentences | type P {:5.1} R {:5.1} | triple P {:5.1} R {:5.1}",
            pct(coded),
            p(t),
            pct(t),
            p(full),
            pct(full)
        );
    }
    println!(
        "by class, the shown event at score >= {VIEW} (precision among shown, recall among gold):"
    );
    for (t, [gold, shown, right]) in &by_class {
        println!(
            "  {t:12} gold {gold:3} shown {shown:3} right {right:3} | P {:5.1} R {:5.1}",
            100.0 * f64::from(*right) / f64::from((*shown).max(1)),
            100.0 * f64::from(*right) / f64::from((*gold).max(1)),
        );
    }
    let mut conf: Vec<_> = confusions.into_iter().collect();
    conf.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("confusions (gold -> shown, sentences):");
    for ((g, p), k) in conf.iter().take(15) {
        println!("  {g} -> {p}: {k}");
    }
    println!(
        "time {:.2}s total, linking+coding {:.2} ms/sentence",
        t0.elapsed().as_secs_f64(),
        code_time.as_secs_f64() * 1000.0 / n.max(1) as f64
    );
}
