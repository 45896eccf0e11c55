//! Scale of cross-document merging: synthetic event mentions (a few thousand
//! actors, twenty event classes, five years, every real event reported by one to
//! eight sources with dates off by up to a day) merged at growing sizes; prints the
//! time per size so the curve can be checked for near-linearity.
//!
//! `cargo run --release -p storyline_bench --example merge_scale -- [MAX_MENTIONS]`

use std::time::Instant;

use storyline_corpus::{merge, Mention};
use storyline_pipeline::model::{Event, Trigger};

use storyline_bench::Rng;

fn mentions(n: usize, rng: &mut Rng) -> (Vec<Mention>, usize) {
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let mut out = Vec::with_capacity(n);
    let mut events = 0;
    while out.len() < n {
        events += 1;
        let source = format!("actor{}", rng.below(3000));
        let target = format!("actor{}", rng.below(3000));
        let code = format!("{:02}0", 1 + rng.below(20));
        let day = start + chrono::Duration::days(rng.below(5 * 365) as i64);
        let sources = 1 + rng.below(8) as usize;
        for s in 0..sources {
            let date = day + chrono::Duration::days(rng.below(2) as i64);
            out.push(Mention {
                document: format!("doc{}-{s}", out.len()),
                event: Event {
                    sentence: s,
                    trigger: Trigger {
                        start: 0,
                        end: 4,
                        text: "call".into(),
                    },
                    code: Some(code.clone()),
                    plover: Some("CONSULT".into()),
                    source: Some(source.clone()),
                    target: Some(target.clone()),
                    date: Some(date.to_string()),
                    precision: Some("day".into()),
                    score: 0.9,
                    ..Default::default()
                },
                ..Default::default()
            });
        }
    }
    out.truncate(n);
    (out, events)
}

fn main() {
    let max: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = Rng(0x5eed);
    println!(
        "{:>10} {:>10} {:>10} {:>12}",
        "mentions", "events", "entries", "seconds"
    );
    let mut n = 10_000;
    while n <= max {
        let (ms, events) = mentions(n, &mut rng);
        let t = Instant::now();
        let entries = merge(&ms);
        let secs = t.elapsed().as_secs_f64();
        println!("{n:>10} {events:>10} {:>10} {secs:>12.3}", entries.len());
        n *= 10;
    }
}
