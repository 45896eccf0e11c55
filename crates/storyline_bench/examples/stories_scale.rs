//! How story grouping scales: synthetic articles about many happenings, each article
//! drawing its terms from its happening's vocabulary plus common words, dated over a year.
//!
//! `cargo run --release -p storyline_bench --example stories_scale -- 200000`
use std::time::Instant;

use chrono::NaiveDate;
use storyline_corpus::stories::{group, StoryConfig, StoryDoc};

use storyline_bench::Rng;

fn corpus(n: usize) -> (Vec<StoryDoc>, Vec<usize>) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let happenings = (n / 20).max(1);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let mut docs = Vec::with_capacity(n);
    let mut gold = Vec::with_capacity(n);
    for i in 0..n {
        let h = rng.below(happenings as u64) as usize;
        // A happening lives for about a week somewhere in the year.
        let day = (h * 7919) % 360 + rng.below(7) as usize;
        let mut terms = Vec::new();
        for k in 0..12 {
            if rng.below(3) > 0 {
                terms.push((format!("h{h}t{k}"), 1.0 + rng.below(3) as f32));
            }
        }
        terms.push((format!("@h{h}person"), 3.0));
        for _ in 0..25 {
            // Common words, Zipf-like.
            let w = (rng.below(2000) * rng.below(2000)) / 2000;
            terms.push((format!("w{w}"), 1.0));
        }
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        terms.dedup_by(|a, b| a.0 == b.0);
        docs.push(StoryDoc {
            id: format!("d{i}"),
            date: start.checked_add_days(chrono::Days::new(day as u64)),
            terms,
        });
        gold.push(h);
    }
    (docs, gold)
}

fn main() {
    let max: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    println!(
        "{:>10} {:>10} {:>10} {:>12}",
        "articles", "happenings", "stories", "seconds"
    );
    let mut n = 1000;
    while n <= max {
        let (docs, gold) = corpus(n);
        let t = Instant::now();
        let stories = group(&docs, &StoryConfig::default());
        let secs = t.elapsed().as_secs_f64();
        let mut happenings = gold.clone();
        happenings.sort_unstable();
        happenings.dedup();
        println!(
            "{n:>10} {:>10} {:>10} {secs:>12.3}",
            happenings.len(),
            stories.len()
        );
        n *= 10;
    }
}
