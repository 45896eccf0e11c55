//! The stored timeline at scale: synthetic event mentions shaped like real ones (coded as
//! `storyline annotate` codes them: a CAMEO code and its PLOVER type, source and target
//! actors drawn from a few thousand with a few very frequent ones, as in the news, a coding
//! score like the coder's (0.3 to 0.95), mostly asserted, some reported, intended or negated;
//! five years of dates, every real event reported by one to eight sources a day apart; each
//! mention in a sentence of its article's text, seventeen to an article with a title and an
//! outlet), stored; then filtered timeline pages (the default view: `all` off) are timed
//! (p50, p99), and more batches are ingested and timed against a full merge of everything,
//! which a batch does not need; for SQLite, how many entries each batch recomputed.
//!
//! `cargo run --release -p storyline_bench --example timeline_scale -- [MENTIONS] [DB]`
//! (default a million mentions into a temporary SQLite file; DB may be a `postgres://` URL,
//! whose tables are dropped first). A SQLite file that already holds the corpus (from an
//! earlier run, perhaps of an older schema, which opening migrates) is used as it is.

use std::time::Instant;

use chrono::NaiveDate;
use storyline_bench::Rng;
use storyline_corpus::TimelineFilter;
use storyline_pipeline::model::{Document, Event, SentenceSpan, Trigger};
use storyline_store::TimelineQuery;

const ACTORS: u64 = 3000;
const PER_DOCUMENT: usize = 17;
/// CAMEO codes with their PLOVER types and a trigger (the coder's output for them).
const CODES: &[(&str, &str, &str)] = &[
    ("040", "CONSULT", "met"),
    ("042", "CONSULT", "visited"),
    ("036", "CONSULT", "offered talks to"),
    ("020", "REQUEST", "urged"),
    ("057", "AGREE", "signed a deal with"),
    ("061", "COOPERATE", "cooperated with"),
    ("070", "AID", "sent aid to"),
    ("111", "ACCUSE", "criticised"),
    ("120", "REJECT", "rejected"),
    ("138", "THREATEN", "threatened"),
    ("141", "PROTEST", "protested against"),
    ("163", "SANCTION", "imposed sanctions on"),
    ("173", "COERCE", "arrested"),
    ("190", "ASSAULT", "attacked"),
];
const OUTLETS: &[&str] = &["Reuters", "AP", "BBC", "Al Jazeera", "CNN", "Xinhua", "DW"];

fn actor(i: u64) -> String {
    format!("actor{i:04}")
}

/// An actor as often as in the news: a few are in most reports (heads of state), most are
/// rare (a power law: actor `k` about as often as 1/(k+1)).
fn news_actor(rng: &mut Rng) -> u64 {
    let u = (rng.below(1 << 30) as f64 + 0.5) / f64::from(1u32 << 30);
    (((ACTORS as f64 + 1.0).powf(u) - 1.0) as u64).min(ACTORS - 1)
}

/// Documents holding `n` mentions; `tag` keeps texts (content hashes) apart between calls.
fn documents(n: usize, rng: &mut Rng, tag: &str) -> Vec<Document> {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    let mut mentions: Vec<(Event, NaiveDate)> = Vec::with_capacity(n);
    while mentions.len() < n {
        let source = news_actor(rng);
        let mut target = news_actor(rng);
        if target == source {
            target = (target + 1) % ACTORS;
        }
        let (code, plover, verb) = CODES[rng.below(CODES.len() as u64) as usize];
        let day = start + chrono::Duration::days(rng.below(5 * 365) as i64);
        let modality = match rng.below(20) {
            0..=13 => "asserted",
            14..=16 => "reported",
            17..=18 => "intended",
            _ => "negated",
        };
        for _ in 0..1 + rng.below(8) {
            let date = day + chrono::Duration::days(rng.below(2) as i64);
            let score = 0.3 + rng.below(650) as f32 / 1000.0;
            mentions.push((
                Event {
                    trigger: Trigger {
                        start: 0,
                        end: verb.len(),
                        text: verb.into(),
                    },
                    class: "OCCURRENCE".into(),
                    lemma: verb.split(' ').next().unwrap_or(verb).into(),
                    code: Some(code.into()),
                    plover: Some(plover.into()),
                    source: Some(actor(source)),
                    target: (plover != "PROTEST" || rng.below(2) == 0).then(|| actor(target)),
                    source_code: Some(format!("A{source:04}")),
                    target_code: Some(format!("A{target:04}")),
                    date: Some(date.to_string()),
                    precision: Some("day".into()),
                    date_basis: Some("timex".into()),
                    modality: modality.into(),
                    score,
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
            // One sentence per mention: "actor0012 met actor0007 on 2021-03-04." and the
            // trigger's offsets into it.
            let mut text = String::new();
            let mut sentences = Vec::new();
            let mut doc_events = Vec::new();
            for (s, (mut e, day)) in evs.iter().cloned().enumerate() {
                if !text.is_empty() {
                    text.push(' ');
                }
                let begin = text.len();
                text.push_str(e.source.as_deref().unwrap_or("someone"));
                text.push(' ');
                e.trigger.start = text.len();
                text.push_str(&e.trigger.text);
                e.trigger.end = text.len();
                if let Some(t) = &e.target {
                    text.push(' ');
                    text.push_str(t);
                }
                text.push_str(&format!(" on {day} ({tag}{i})."));
                sentences.push(SentenceSpan {
                    start: begin,
                    end: text.len(),
                });
                e.sentence = s;
                doc_events.push(e);
            }
            let mut d = Document::new(format!("{tag}{i:07}"), text);
            d.title = Some(format!("Report {tag}{i} on {}", evs[0].1));
            d.outlet = Some(OUTLETS[i % OUTLETS.len()].to_string());
            d.published = evs.iter().map(|(_, day)| *day).max().map(|d| d.to_string());
            d.sentences = sentences;
            d.events = doc_events;
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
    let t = Instant::now();
    let mut store = storyline_store::open(&db).expect("open the database");
    let opened = t.elapsed().as_secs_f64();
    let mut rng = Rng(0x5eed);
    let docs = documents(n, &mut rng, "d");
    let t = Instant::now();
    // A database built by an earlier run is used as it is, after any migration: the same
    // documents, stored once.
    let reused = store.stats().expect("stats").events >= n as u64;
    if reused {
        println!("reusing the stored corpus (opening it, migrations included, took {opened:.1}s)");
    } else {
        // Large batches while building: each re-merges what it touches, which here is most.
        for chunk in docs.chunks(8192) {
            store.insert_batch(chunk).expect("insert");
        }
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
    let mut by_kind: [Vec<f64>; 3] = Default::default();
    let mut hits = 0u64;
    for q in 0..300 {
        let from = day0 + chrono::Duration::days(rng.below(5 * 365 - 60) as i64);
        let to = from + chrono::Duration::days(60);
        let filter = match q % 3 {
            0 => TimelineFilter {
                actor: Some(actor(news_actor(&mut rng))),
                from: Some(from),
                to: Some(to),
                ..Default::default()
            },
            1 => TimelineFilter {
                actor: Some(actor(news_actor(&mut rng))),
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
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        by_kind[q % 3].push(ms);
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
    for (kind, mut t) in ["an actor and two months", "an actor", "two months"]
        .into_iter()
        .zip(by_kind)
    {
        t.sort_by(f64::total_cmp);
        println!(
            "  {kind}: p50 {:.2} ms, p99 {:.2} ms",
            percentile(&t, 0.5),
            percentile(&t, 0.99)
        );
    }

    // More ingest batches. A batch re-merges the stored mentions it could pair with or change
    // (of its event classes and actors, within the merge's date windows of its days), with
    // the mentions around them read: how many depends on how often its actors are in the
    // news on its days.
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
    // SQLite: the entries a batch wrote are the rows numbered past the largest before it.
    let side = (!storyline_store::is_postgres(&db))
        .then(|| storyline_store::SqliteStore::open(std::path::Path::new(&db)).expect("open"));
    let count = |sql: &str| -> i64 {
        side.as_ref().map_or(-1, |s| {
            s.connection()
                .query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
                .expect("count")
                .unwrap_or(0)
        })
    };
    // On a reused corpus the batches of the run that built it are stored already: others.
    if reused {
        rng = Rng(0x5eed ^ 0xba7c4);
    }
    for n_docs in [1usize, 16, 256] {
        let tag = if reused { "again" } else { "new" };
        let batch = documents(n_docs * PER_DOCUMENT, &mut rng, &format!("{tag}{n_docs}-"));
        let before_max = count("SELECT MAX(id) FROM timeline");
        let before_total = count("SELECT COUNT(*) FROM timeline");
        let t = Instant::now();
        store.insert_batch(&batch).expect("insert batch");
        let secs = t.elapsed().as_secs_f64();
        let written = count(&format!(
            "SELECT COUNT(*) FROM timeline WHERE id > {before_max}"
        ));
        let total = count("SELECT COUNT(*) FROM timeline");
        let stats = storyline_store::last_update();
        println!(
            "ingesting a batch of {n_docs} documents ({} mentions): {secs:.3}s; entries written {written} \
             (replacing {} of {before_total} stored); stored mentions read {}, merged again {}",
            n_docs * PER_DOCUMENT,
            before_total + written - total,
            stats.loaded,
            stats.remerged,
        );
    }
}
