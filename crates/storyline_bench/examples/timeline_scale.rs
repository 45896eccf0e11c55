//! The stored timeline at scale: synthetic event mentions shaped like `merge_scale`'s (a few
//! thousand actors, twenty event classes, five years, every real event reported by one to
//! eight sources with dates off by up to a day), seventeen to a document, stored; then
//! filtered timeline pages are timed (p50, p99), and one more batch is ingested and timed
//! against a full merge of everything, which the batch does not need.
//!
//! `cargo run --release -p storyline_bench --example timeline_scale -- [MENTIONS] [DB]`
//! (default a million mentions into a temporary SQLite file; DB may be a `postgres://` URL,
//! whose tables are dropped first).

use std::time::Instant;

use chrono::NaiveDate;
use storyline_bench::Rng;
use storyline_corpus::TimelineFilter;
use storyline_pipeline::model::{Document, Event, Trigger};
use storyline_store::TimelineQuery;

const ACTORS: u64 = 3000;
const PER_DOCUMENT: usize = 17;

fn actor(i: u64) -> String {
    format!("actor{i:04}")
}

/// Documents holding `n` mentions; `tag` keeps texts (content hashes) apart between calls.
fn documents(n: usize, rng: &mut Rng, tag: &str) -> Vec<Document> {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let mut mentions: Vec<(Event, NaiveDate)> = Vec::with_capacity(n);
    while mentions.len() < n {
        let source = actor(rng.below(ACTORS));
        let target = actor(rng.below(ACTORS));
        let code = format!("{:02}0", 1 + rng.below(20));
        let day = start + chrono::Duration::days(rng.below(5 * 365) as i64);
        for _ in 0..1 + rng.below(8) {
            let date = day + chrono::Duration::days(rng.below(2) as i64);
            mentions.push((
                Event {
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
                    modality: "asserted".into(),
                    ..Default::default()
                },
                date,
            ));
        }
    }
    mentions.truncate(n);
    // The reports of one event go to different documents: deal mentions out round-robin
    // within windows of a few hundred.
    let mut docs = Vec::new();
    for window in mentions.chunks(PER_DOCUMENT * 32) {
        let n_docs = window.len().div_ceil(PER_DOCUMENT);
        let mut events: Vec<Vec<(Event, NaiveDate)>> = vec![Vec::new(); n_docs];
        for (i, m) in window.iter().enumerate() {
            events[i % n_docs].push(m.clone());
        }
        for evs in events {
            let i = docs.len();
            let text = format!("Synthetic report {tag}{i}.");
            let mut d = Document::new(format!("{tag}{i:07}"), text);
            d.published = evs.first().map(|(_, day)| day.to_string());
            d.events = evs
                .into_iter()
                .enumerate()
                .map(|(s, (mut e, _))| {
                    e.sentence = s;
                    e
                })
                .collect();
            docs.push(d);
        }
    }
    docs
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| dir.path().join("timeline.db").display().to_string());
    if storyline_store::is_postgres(&db) {
        storyline_store::PostgresStore::connect(&db)
            .and_then(|mut s| s.drop_all())
            .expect("empty the PostgreSQL database");
    }
    let mut store = storyline_store::open(&db).expect("open the database");
    let mut rng = Rng(0x5eed);
    let docs = documents(n, &mut rng, "d");
    let t = Instant::now();
    // Large batches while building: each re-merges what it touches, which here is most.
    for chunk in docs.chunks(8192) {
        store.insert_batch(chunk).expect("insert");
    }
    let stats = store.stats().expect("stats");
    let every = store
        .timeline(&TimelineQuery {
            filter: TimelineFilter {
                all: true,
                ..Default::default()
            },
            limit: 1,
            ..Default::default()
        })
        .expect("timeline");
    println!(
        "stored {} mentions in {} documents: {} timeline entries [{:.1}s]",
        stats.events,
        stats.documents,
        every.total,
        t.elapsed().as_secs_f64()
    );
    drop(docs);

    // Filtered pages: an actor and a two-month window; an actor alone; a window alone.
    let day0 = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let mut times = Vec::new();
    let mut hits = 0u64;
    for q in 0..300 {
        let from = day0 + chrono::Duration::days(rng.below(5 * 365 - 60) as i64);
        let to = from + chrono::Duration::days(60);
        let filter = match q % 3 {
            0 => TimelineFilter {
                actor: Some(actor(rng.below(ACTORS))),
                from: Some(from),
                to: Some(to),
                ..Default::default()
            },
            1 => TimelineFilter {
                actor: Some(actor(rng.below(ACTORS))),
                ..Default::default()
            },
            _ => TimelineFilter {
                from: Some(from),
                to: Some(to),
                ..Default::default()
            },
        };
        let t = Instant::now();
        let page = store
            .timeline(&TimelineQuery {
                filter,
                offset: 0,
                limit: 50,
                ..Default::default()
            })
            .expect("page");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        hits += page.total;
        assert!(page.entries.len() as u64 <= page.total.min(50));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "filtered timeline page (50 entries of {:.0} on average): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        hits as f64 / 300.0,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );

    // More ingest batches. A batch re-merges the stored entries that share an actor with it,
    // so what it costs depends on how many actors it names: here every mention names two of
    // 3,000 actors at random, so a batch of 256 documents names most of them.
    let t = Instant::now();
    let mentions = store.event_mentions().expect("mentions");
    let read_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let entries = storyline_corpus::merge(&mentions);
    let merge_secs = t.elapsed().as_secs_f64();
    println!(
        "a full re-merge: reading {} mentions {:.2}s, merging them into {} entries {:.2}s",
        mentions.len(),
        read_secs,
        entries.len(),
        merge_secs
    );
    drop((mentions, entries));
    for n_docs in [1usize, 16, 256] {
        let batch = documents(n_docs * PER_DOCUMENT, &mut rng, &format!("new{n_docs}-"));
        let t = Instant::now();
        store.insert_batch(&batch).expect("insert batch");
        println!(
            "ingesting a batch of {n_docs} documents ({} mentions): {:.3}s",
            n_docs * PER_DOCUMENT,
            t.elapsed().as_secs_f64()
        );
    }
}
