//! How well event mentions are anchored in time, on TempEval-3's TimeBank and AQUAINT: the
//! event-time TLINKs (an event IS_INCLUDED in, DURING or SIMULTANEOUS with a dated time
//! expression, or with the document's creation time) give each linked gold event its date.
//! The whole pipeline runs on the raw text with the document's creation date as publication
//! date; each detected mention on a gold event with such an anchor is compared with it.
//!
//! - **precision**: of the matched mentions we date, how many get a date compatible with the
//!   gold anchor (ours lies within its span, or the reverse: "2022-02" against "2022-02-25");
//! - **recall**: of the matched gold anchors, how many we date compatibly;
//! - per date basis (`timex`, `publication`) and per corpus, so that a figure is not only
//!   the mean of two different collections.
//!
//! The anchoring rules were never tuned on these files: every figure is held-out.
//!
//! `cargo run --release -p storyline_bench --example eval_anchoring -- ../shared/data/tempeval3`

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::NaiveDate;
use storyline_events::mentions::timeml;

// First and last day of a TimeML date value (`2022`, `2022-02`, `2022-W08`, `2022-02-25`).
use storyline_corpus::date_range as range;

fn compatible(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    (a.0 >= b.0 && a.1 <= b.1) || (b.0 >= a.0 && b.1 <= a.1)
}

#[derive(Default)]
struct Tally {
    gold: usize,
    dated: usize,
    right: usize,
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = 100.0 * self.right as f64 / self.dated.max(1) as f64;
        let r = 100.0 * self.right as f64 / self.gold.max(1) as f64;
        write!(
            f,
            "anchored gold events matched {:>5}  dated by us {:>5}  right {:>5}  P {p:5.1}  R {r:5.1}",
            self.gold, self.dated, self.right
        )
    }
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data/tempeval3".into()),
    );
    let kb = storyline_actors::ActorKb::default_kb();
    let mut by_corpus: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_basis: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut to_dct = Tally::default();
    let mut to_timex = Tally::default();
    let mut files = 0;
    for sub in ["TimeBank", "AQUAINT"] {
        let Ok(rd) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        {
            let Some(gold) = std::fs::read_to_string(&p)
                .ok()
                .and_then(|x| timeml::parse(&x))
            else {
                eprintln!("{}: not TimeML, skipped", p.display());
                continue;
            };
            files += 1;
            let times: HashMap<&str, &timeml::GoldTimex> =
                gold.timexes.iter().map(|t| (t.tid.as_str(), t)).collect();
            // Each event's anchor: a dated time it is included in or simultaneous with; a
            // time in the text wins over the creation time.
            let mut anchor: HashMap<&str, (String, bool)> = HashMap::new();
            for l in &gold.links {
                if !matches!(l.rel.as_str(), "IS_INCLUDED" | "DURING" | "SIMULTANEOUS") {
                    continue;
                }
                let Some(t) = times.get(l.tid.as_str()) else {
                    continue;
                };
                if t.ttype != "DATE" || range(&t.value).is_none() {
                    continue;
                }
                let e = anchor
                    .entry(l.eid.as_str())
                    .or_insert((t.value.clone(), t.dct));
                if e.1 && !t.dct {
                    *e = (t.value.clone(), false);
                }
            }
            let mut doc =
                storyline_pipeline::annotate::analyze_for_training(&gold.text, gold.dct.as_deref());
            let events = storyline_events::extract_mentions(&doc, kb);
            doc.events = events;
            let tally = by_corpus.entry(sub.to_string()).or_default();
            for g in &gold.events {
                let Some((value, dct)) = anchor.get(g.eid.as_str()) else {
                    continue;
                };
                let Some(ours) = doc
                    .events
                    .iter()
                    .find(|e| e.trigger.start < g.end && g.start < e.trigger.end)
                else {
                    continue;
                };
                let side = if *dct { &mut to_dct } else { &mut to_timex };
                tally.gold += 1;
                side.gold += 1;
                let Some(date) = ours.date.as_deref() else {
                    continue;
                };
                tally.dated += 1;
                side.dated += 1;
                let ok = match (range(date), range(value)) {
                    (Some(a), Some(b)) => compatible(a, b),
                    _ => false,
                };
                let basis = ours.date_basis.clone().unwrap_or_else(|| "?".into());
                let b = by_basis.entry(basis).or_default();
                b.0 += 1;
                if ok {
                    tally.right += 1;
                    side.right += 1;
                    b.1 += 1;
                }
            }
        }
    }
    if files == 0 {
        eprintln!(
            "error: no TimeML files under {}/TimeBank or AQUAINT",
            dir.display()
        );
        std::process::exit(2);
    }
    println!("{files} TimeML files (held-out: the anchoring rules were not tuned on them)");
    let mut all = Tally::default();
    for (c, t) in &by_corpus {
        println!("{c:<9} {t}");
        all.gold += t.gold;
        all.dated += t.dated;
        all.right += t.right;
    }
    println!("{:<9} {all}", "all");
    println!("gold anchor a time in the text:   {to_timex}");
    println!("gold anchor the creation time:    {to_dct}");
    for (b, (n, ok)) in &by_basis {
        println!(
            "our date from {b:<12} {n:>5} dated, {ok:>5} right ({:.1}%)",
            100.0 * *ok as f64 / (*n).max(1) as f64
        );
    }
}
