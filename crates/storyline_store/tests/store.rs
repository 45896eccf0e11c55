//! One suite for every backend: each test runs against SQLite and, when
//! `STORYLINE_TEST_PG` names a PostgreSQL server (`postgres://USER:PASSWORD@HOST:PORT/DB`),
//! against PostgreSQL too, each test in a schema of its own. Without the variable the
//! PostgreSQL half is skipped, loudly; `.ci/run` always sets it.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use storyline_corpus::TimelineFilter;
use storyline_model::{Document, Event, Trigger};
use storyline_store::{Outcome, SqliteStore, Store, TimelineQuery};

type Open = Box<dyn Fn() -> Box<dyn Store + Send>>;

/// The PostgreSQL URL of a fresh schema named after the test, or `None` (skipped, said loudly).
fn pg_url(test: &str) -> Option<String> {
    let Ok(base) = std::env::var("STORYLINE_TEST_PG") else {
        eprintln!(
            "\n*** SKIPPED: {test} against PostgreSQL: set STORYLINE_TEST_PG=postgres://USER:PASSWORD@HOST:PORT/DB (.ci/run does) ***\n"
        );
        return None;
    };
    let schema = format!("t_{test}");
    let mut client = postgres::Client::connect(&base, postgres::NoTls).unwrap_or_else(|e| {
        panic!("STORYLINE_TEST_PG is set but the server cannot be reached: {e}")
    });
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("create test schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-csearch_path%3D{schema}"))
}

/// Openers of an empty store per backend, named.
fn backends(test: &str) -> Vec<(&'static str, Open)> {
    let dir = tempfile::tempdir().expect("tempdir").keep();
    let path = dir.join("s.db");
    let mut out: Vec<(&'static str, Open)> = vec![(
        "sqlite",
        Box::new(move || Box::new(SqliteStore::open(&path).expect("open sqlite")) as _),
    )];
    if let Some(url) = pg_url(test) {
        out.push((
            "postgres",
            Box::new(move || storyline_store::open(&url).expect("open postgres")),
        ));
    }
    out
}

fn doc(id: &str, text: &str) -> Document {
    Document::new(id.to_string(), text.to_string())
}

const STORY: &str = "Chinese President Xi Jinping will send a delegation to Ukraine to hold talks with all parties on resolving the conflict there, after his first phone call with his Ukrainian counterpart. Xi made the offer in a Wednesday phone call and offered to help facilitate peace talks aimed at reaching a ceasefire as soon as possible, state media said.";

#[test]
fn identical_again_changes_nothing() {
    for (name, open) in backends("identical") {
        let mut store = open();
        let out = store.insert_batch(&[doc("a", STORY)]).unwrap();
        assert_eq!(out, vec![Outcome::Added { id: "a".into() }], "{name}");
        let before = store.stats().unwrap();
        let out = store
            .insert_batch(&[doc("a", STORY), doc("b", STORY)])
            .unwrap();
        assert_eq!(out[0], Outcome::Duplicate { of: "a".into() }, "{name}");
        assert_eq!(out[1], Outcome::Duplicate { of: "a".into() }, "{name}");
        assert_eq!(store.stats().unwrap(), before, "{name}");
    }
}

#[test]
fn syndicated_copy_is_linked() {
    for (name, open) in backends("syndicated") {
        let mut store = open();
        let copy = STORY.replace(
            "state media said",
            "Chinese state media reported on Wednesday",
        );
        let other = "The central bank raised interest rates by half a percentage point on Thursday, its largest increase in two decades.";
        let out = store
            .insert_batch(&[doc("a", STORY), doc("b", &copy), doc("c", other)])
            .unwrap();
        assert!(
            matches!(&out[1], Outcome::NearDuplicate { of, .. } if of == "a"),
            "{name}: {out:?}"
        );
        assert_eq!(out[2], Outcome::Added { id: "c".into() }, "{name}");
        let stats = store.stats().unwrap();
        assert_eq!((stats.documents, stats.near_duplicates), (3, 1), "{name}");
    }
}

#[test]
fn taken_id_gets_suffix_and_round_trips() {
    for (name, open) in backends("taken_id") {
        let mut store = open();
        store.insert_batch(&[doc("a", STORY)]).unwrap();
        let text = "A completely different short story about the weather today.";
        let out = store.insert_batch(&[doc("a", text)]).unwrap();
        let Outcome::Added { id } = &out[0] else {
            panic!("{name}: {out:?}")
        };
        assert!(id.starts_with("a-"), "{name}");
        let back = store.document(id).unwrap().unwrap();
        assert_eq!((back.id.as_str(), back.text.as_str()), (id.as_str(), text));
        assert_eq!(store.list(0, 10).unwrap().len(), 2, "{name}");
        assert!(store.document("nothing").unwrap().is_none(), "{name}");
    }
}

#[test]
fn full_text_search() {
    for (name, open) in backends("search") {
        let mut store = open();
        store
            .insert_batch(&[
                doc("a", STORY),
                doc("b", "The central bank raised interest rates on Thursday."),
            ])
            .unwrap();
        let hits = store.search("delegation ceasefire", 10).unwrap();
        assert_eq!(hits.len(), 1, "{name}");
        assert_eq!(hits[0].id, "a", "{name}");
        assert!(
            hits[0].snippet.contains("[delegation]") || hits[0].snippet.contains("[ceasefire]"),
            "{name}: {}",
            hits[0].snippet
        );
        // Query syntax characters are plain text, never an error.
        assert!(
            store.search("\"unbalanced AND OR ( *", 10).is_ok(),
            "{name}"
        );
        assert!(store.search("", 10).unwrap().is_empty(), "{name}");
    }
}

/// An event mention between two actors on a day.
fn event(sentence: usize, code: &str, source: &str, target: &str, date: &str) -> Event {
    Event {
        sentence,
        trigger: Trigger {
            start: 0,
            end: 2,
            text: "Xi".into(),
        },
        code: Some(code.into()),
        plover: Some("CONSULT".into()),
        source: Some(source.into()),
        target: Some(target.into()),
        date: Some(date.into()),
        precision: Some("day".into()),
        modality: "asserted".into(),
        ..Default::default()
    }
}

#[test]
fn event_flags_round_trip() {
    for (name, open) in backends("event_flags") {
        let mut store = open();
        let mut d = doc("a", STORY);
        let flagged = |reference: bool, recalled: bool| Event {
            reference,
            recalled,
            ..event(1, "040", "Xi Jinping", "Vladimir Putin", "2023-04-26")
        };
        d.events = vec![
            flagged(true, false),
            flagged(false, true),
            flagged(false, false),
        ];
        store.insert_batch(&[d]).unwrap();
        let flags: Vec<(bool, bool)> = store
            .event_mentions()
            .unwrap()
            .iter()
            .map(|m| (m.event.reference, m.event.recalled))
            .collect();
        assert_eq!(
            flags,
            [(true, false), (false, true), (false, false)],
            "{name}"
        );
    }
}

/// Synthetic documents shaped like news (after `storyline_bench`'s `merge_scale`): each
/// reports a few events among a few of a small cast of actors, so that batches share
/// blocking keys, and real events are reported by several documents a day apart.
fn synthetic(n_docs: usize, seed: u64) -> Vec<Document> {
    synthetic_texts(n_docs, seed, false)
}

/// As [`synthetic`], with `distinct`: each text has words of its own, so that the documents
/// are not near-duplicates of each other (only copies made on purpose are); otherwise which
/// one of a chain of look-alikes is the original depends on the order workers commit in.
fn synthetic_texts(n_docs: usize, seed: u64, distinct: bool) -> Vec<Document> {
    let mut state = seed;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let actors = [
        "Xi Jinping",
        "Vladimir Putin",
        "Joe Biden",
        "Volodymyr Zelensky",
        "Emmanuel Macron",
        "NATO",
        "China",
        "Russia",
    ];
    let codes = ["040", "036", "042", "112", "190", "010"];
    (0..n_docs)
        .map(|i| {
            let text = if distinct {
                let words: Vec<String> = (0..24).map(|_| format!("w{}", next(5_000))).collect();
                format!(
                    "Report {i}. The leaders talked. They met again. Officials said more talks would follow. {}.",
                    words.join(" ")
                )
            } else {
                format!(
                    "Report {i}. The leaders talked. They met again. Officials said more talks would follow. Item {}.",
                    next(1_000_000)
                )
            };
            let mut d = doc(&format!("doc{i:04}"), &text);
            // Some articles carry no date: the merge dates them from their mentions together.
            d.published = (next(4) != 0).then(|| format!("2023-03-{:02}", 1 + next(28)));
            d.outlet = Some(format!("outlet{}", next(5)));
            d.sentences = vec![storyline_model::SentenceSpan {
                start: 0,
                end: text.len(),
            }];
            let n_events = 1 + next(4) as usize;
            d.events = (0..n_events)
                .map(|_| {
                    let a = actors[next(actors.len() as u64) as usize];
                    let b = actors[next(actors.len() as u64) as usize];
                    let day = 1 + next(28);
                    let mut e = event(0, codes[next(codes.len() as u64) as usize], a, b, &format!("2023-03-{day:02}"));
                    if next(5) == 0 {
                        e.target = None;
                    }
                    if next(7) == 0 {
                        e.modality = "intended".into();
                    }
                    if next(3) == 0 {
                        e.date = None;
                        e.precision = None;
                    }
                    e
                })
                .collect();
            d
        })
        .collect()
}

/// Entries in a form that does not depend on the order entries of one day come in.
fn canonical(entries: &[storyline_corpus::TimelineEntry]) -> Vec<String> {
    let mut v: Vec<String> = entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    v.sort();
    v
}

fn every_entry(store: &dyn Store) -> Vec<storyline_corpus::TimelineEntry> {
    store
        .timeline(&TimelineQuery {
            filter: TimelineFilter {
                all: true,
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap()
        .entries
}

#[test]
fn stored_timeline_equals_a_full_merge_batch_after_batch() {
    let docs = synthetic(240, 7);
    for (name, open) in backends("incremental") {
        for batch in [1, 17, 240] {
            let mut store = open();
            for (i, chunk) in docs.chunks(batch).enumerate() {
                store.insert_batch(chunk).unwrap();
                // Checked after some batches on the way too.
                if i % 40 == 3 || (i + 1) * batch >= docs.len() {
                    let full = storyline_corpus::merge(&store.event_mentions().unwrap());
                    assert_eq!(
                        canonical(&every_entry(&*store)),
                        canonical(&full),
                        "{name}: batches of {batch}, after batch {i}"
                    );
                }
            }
            store.rebuild_timeline().unwrap();
            let full = storyline_corpus::merge(&store.event_mentions().unwrap());
            assert_eq!(
                canonical(&every_entry(&*store)),
                canonical(&full),
                "{name}: rebuilt"
            );
            drop(store);
            if name == "postgres" {
                // The next batch size starts from an empty schema.
                let _ = pg_url("incremental");
            } else {
                break;
            }
        }
    }
}

#[test]
fn stored_timeline_equals_a_full_merge_with_distinct_texts() {
    let docs = synthetic_texts(240, 7, true);
    let mut store = SqliteStore::in_memory().unwrap();
    for chunk in docs.chunks(1) {
        store.insert_batch(chunk).unwrap();
    }
    let full = storyline_corpus::merge(&store.event_mentions().unwrap());
    assert_eq!(canonical(&every_entry(&store)), canonical(&full));
}

#[test]
fn timeline_queries_filter_and_page_like_the_corpus_filter() {
    let docs = synthetic(120, 11);
    for (name, open) in backends("timeline_query") {
        let mut store = open();
        for chunk in docs.chunks(16) {
            store.insert_batch(chunk).unwrap();
        }
        let full = storyline_corpus::merge(&store.event_mentions().unwrap());
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2023, 3, d).unwrap();
        let filters = [
            TimelineFilter::default(),
            TimelineFilter {
                all: true,
                ..Default::default()
            },
            TimelineFilter {
                actor: Some("PUTIN".into()),
                ..Default::default()
            },
            TimelineFilter {
                from: Some(day(10)),
                to: Some(day(12)),
                ..Default::default()
            },
            TimelineFilter {
                actor: Some("xi".into()),
                from: Some(day(5)),
                all: true,
                ..Default::default()
            },
        ];
        for f in filters {
            let want = storyline_corpus::filter(full.clone(), &f);
            let got = store
                .timeline(&TimelineQuery {
                    filter: f.clone(),
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(got.total as usize, want.len(), "{name}: {f:?}");
            assert_eq!(canonical(&got.entries), canonical(&want), "{name}: {f:?}");
            // Oldest first, undated last.
            let starts: Vec<Option<chrono::NaiveDate>> = got
                .entries
                .iter()
                .map(|e| {
                    e.date
                        .as_deref()
                        .and_then(storyline_corpus::date_range)
                        .map(|r| r.0)
                })
                .collect();
            let mut sorted = starts.clone();
            sorted.sort_by_key(|d| (d.is_none(), *d));
            assert_eq!(starts, sorted, "{name}: order");
            // Pages cut the same list.
            let page = store
                .timeline(&TimelineQuery {
                    filter: f.clone(),
                    offset: 3,
                    limit: 5,
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(page.total, got.total, "{name}");
            let end = got.entries.len().min(8);
            assert_eq!(
                page.entries,
                got.entries[3.min(end)..end].to_vec(),
                "{name}: page"
            );
        }
        // A story's documents.
        let some: Vec<String> = docs[..5].iter().map(|d| d.id.clone()).collect();
        let got = store
            .timeline(&TimelineQuery {
                filter: TimelineFilter {
                    all: true,
                    ..Default::default()
                },
                documents: Some(some.clone()),
                ..Default::default()
            })
            .unwrap();
        assert!(!got.entries.is_empty(), "{name}");
        assert!(
            got.entries
                .iter()
                .all(|e| e.documents.iter().any(|d| some.contains(d))),
            "{name}"
        );
        let actors = store.actors().unwrap();
        assert!(
            actors
                .iter()
                .any(|a| a.name == "Vladimir Putin" && a.events > 0),
            "{name}"
        );
    }
}

/// The seed articles, annotated once for every test.
fn seeds() -> &'static [Document] {
    static SEEDS: OnceLock<Vec<Document>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds");
        let (files, errors) = storyline_ingest::collect_files(&[dir]);
        assert!(errors.is_empty(), "{errors:?}");
        let raw: Vec<_> = files
            .iter()
            .flat_map(|f| storyline_ingest::read_path(f))
            .map(|r| r.expect("seed article"))
            .collect();
        let pipeline = storyline_pipeline::Pipeline::new(Default::default());
        pipeline.annotate_batch(&raw)
    })
}

#[test]
fn seed_documents_round_trip_whole() {
    for (name, open) in backends("seeds") {
        let mut store = open();
        let out = store.insert_batch(seeds()).unwrap();
        assert!(
            out.iter().all(|o| matches!(o, Outcome::Added { .. })),
            "{name}: {out:?}"
        );
        for d in seeds() {
            let back = store.document(&d.id).unwrap().expect("stored");
            assert_eq!(&back, d, "{name}: {}", d.id);
        }
        let mut visited = Vec::new();
        store.for_each_document(&mut |d| visited.push(d)).unwrap();
        assert_eq!(visited, seeds().to_vec(), "{name}");
        let stats = store.stats().unwrap();
        let n_events: usize = seeds().iter().map(|d| d.events.len()).sum();
        let n_quotes: usize = seeds().iter().map(|d| d.quotes.len()).sum();
        assert_eq!(
            (stats.events as usize, stats.quotes as usize),
            (n_events, n_quotes),
            "{name}"
        );
        // Quotes come back with their text.
        let quotes = store.quotes(None).unwrap();
        let want: BTreeSet<&str> = seeds()
            .iter()
            .flat_map(|d| d.quotes.iter().map(|q| q.text.as_str()))
            .collect();
        let got: BTreeSet<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(got, want, "{name}");
        // Mentions carry their sentence.
        let mentions = store.event_mentions().unwrap();
        assert_eq!(mentions.len(), n_events, "{name}");
        for m in &mentions {
            let d = seeds().iter().find(|d| d.id == m.document).unwrap();
            assert_eq!(
                m.sentence_text,
                storyline_corpus::sentence_text(d, &m.event),
                "{name}"
            );
            assert_eq!(m.title, d.title, "{name}");
        }
        let full = storyline_corpus::merge(&mentions);
        assert_eq!(canonical(&every_entry(&*store)), canonical(&full), "{name}");
    }
}

#[test]
fn four_workers_store_what_one_worker_stores() {
    let Some(url) = pg_url("four_workers") else {
        return;
    };
    // Copies make near-duplicates and exact duplicates across the workers' shares.
    let mut docs = synthetic_texts(160, 3, true);
    for i in (0..160).step_by(9) {
        // The same article offered again (a re-run over the same files).
        docs.push(docs[i].clone());
    }
    for i in (0..160).step_by(13) {
        let mut near = docs[i].clone();
        near.id = format!("near{i}");
        near.text = format!("{} Syndicated.", near.text);
        docs.push(near);
    }
    let batches: Vec<Vec<Document>> = docs.chunks(8).map(<[Document]>::to_vec).collect();
    let mut one = SqliteStore::in_memory().unwrap();
    for b in &batches {
        one.insert_batch(b).unwrap();
    }
    std::thread::scope(|scope| {
        for w in 0..4 {
            let url = url.clone();
            let batches = &batches;
            scope.spawn(move || {
                let mut store = storyline_store::open(&url).expect("worker opens the database");
                for b in batches.iter().skip(w).step_by(4) {
                    store.insert_batch(b).expect("worker stores a batch");
                }
            });
        }
    });
    let many = storyline_store::open(&url).unwrap();
    let (a, b) = (one.stats().unwrap(), many.stats().unwrap());
    assert_eq!(a, b);
    let ids = |s: &dyn Store| -> BTreeSet<String> {
        s.list(0, 10_000)
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect()
    };
    assert_eq!(ids(&one), ids(&*many));
    // Near-duplicate links: the same pairs, whichever copy a worker stored first.
    let links = |s: &dyn Store| -> BTreeSet<(String, String)> {
        s.list(0, 10_000)
            .unwrap()
            .into_iter()
            .filter_map(|d| {
                d.near_duplicate_of
                    .map(|o| if o < d.id { (o, d.id) } else { (d.id, o) })
            })
            .collect()
    };
    assert_eq!(links(&one), links(&*many));
    assert_eq!(
        canonical(&every_entry(&one)),
        canonical(&every_entry(&*many))
    );
    let full = storyline_corpus::merge(&many.event_mentions().unwrap());
    assert_eq!(canonical(&every_entry(&*many)), canonical(&full));
}

#[test]
fn a_failed_batch_leaves_nothing_and_a_rerun_stores_it() {
    let Some(url) = pg_url("failed_batch") else {
        return;
    };
    let mut store = storyline_store::open(&url).unwrap();
    let docs = synthetic(6, 5);
    store.insert_batch(&docs[..2]).unwrap();
    let before = store.stats().unwrap();
    // A PostgreSQL index entry holds at most ~2.7 KB: an incompressible 9 KB id fails the
    // batch after storing some of it.
    let mut bad = docs[3].clone();
    let mut state = 7u64;
    bad.id = (0..9000)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            char::from(b'a' + ((state >> 33) % 26) as u8)
        })
        .collect();
    let batch = vec![docs[2].clone(), bad];
    let err = store.insert_batch(&batch).unwrap_err();
    assert!(err.to_string().contains("PostgreSQL error"), "{err}");
    drop(store);
    let mut store = storyline_store::open(&url).unwrap();
    assert_eq!(
        store.stats().unwrap(),
        before,
        "nothing of the failed batch is stored"
    );
    let out = store.insert_batch(&docs).unwrap();
    let stored = out
        .iter()
        .filter(|o| !matches!(o, Outcome::Duplicate { .. }))
        .count();
    assert_eq!(stored, 4, "{out:?}");
    assert_eq!(store.stats().unwrap().documents, 6);
    let full = storyline_corpus::merge(&store.event_mentions().unwrap());
    assert_eq!(canonical(&every_entry(&*store)), canonical(&full));
}

#[test]
fn nul_bytes_never_fail_a_batch() {
    for (name, open) in backends("nul_bytes") {
        let mut store = open();
        // PostgreSQL's text type cannot hold NUL: it is stored as a space there (same offsets).
        let text = format!("{STORY} A stray \u{0} byte.");
        let mut d = doc("nul\u{0}id", &text);
        d.title = Some("title \u{0} here".into());
        d.outlet = Some("outlet\u{0}".into());
        d.events = vec![event(
            0,
            "040",
            "Xi\u{0} Jinping",
            "Vladimir Putin",
            "2023-04-26",
        )];
        let out = store.insert_batch(&[d, doc("b", STORY)]).unwrap();
        assert_eq!(out.len(), 2, "{name}");
        assert!(
            out.iter().all(|o| !matches!(o, Outcome::Duplicate { .. })),
            "{name}: {out:?}"
        );
        let id = match &out[0] {
            Outcome::Added { id } => id.clone(),
            o => panic!("{name}: {o:?}"),
        };
        let back = store.document(&id).unwrap().expect("stored");
        let nul = if name == "postgres" { " " } else { "\u{0}" };
        assert_eq!(back.text, text.replace('\u{0}', nul), "{name}");
        assert_eq!(back.text.len(), text.len(), "{name}: offsets stay");
        assert_eq!(
            back.title.as_deref(),
            Some(format!("title {nul} here").as_str())
        );
        assert_eq!(store.stats().unwrap().documents, 2, "{name}");
        let entries = every_entry(&*store);
        assert_eq!(entries.len(), 1, "{name}");
        assert_eq!(entries[0].mentions[0].title, back.title, "{name}");
    }
}

/// A document of one sentence reporting `events`, published on `published` (none: undated).
fn report(id: &str, published: Option<&str>, events: Vec<Event>) -> Document {
    let text = format!("Report {id}: Xi Jinping and Vladimir Putin held talks again.");
    let mut d = doc(id, &text);
    d.published = published.map(str::to_string);
    d.outlet = Some(format!("outlet-{id}"));
    d.sentences = vec![storyline_model::SentenceSpan {
        start: 0,
        end: text.len(),
    }];
    d.events = events;
    d
}

/// Xi and Putin's talks over two years, with a month-dated report, references back to the
/// latest talks, an article without a date and an article's undated background fact.
fn far_apart() -> Vec<Document> {
    let talks = |date: &str| event(0, "040", "Xi Jinping", "Vladimir Putin", date);
    let undated = || Event {
        date: None,
        precision: None,
        ..talks("2000-01-01")
    };
    let reference = |date: &str| Event {
        reference: true,
        ..talks(date)
    };
    let month = Event {
        precision: Some("month".into()),
        ..talks("2023-03")
    };
    vec![
        report("early-1", Some("2021-06-10"), vec![talks("2021-06-10")]),
        report("early-2", Some("2021-06-11"), vec![talks("2021-06-10")]),
        report("march-1", Some("2023-03-01"), vec![talks("2023-03-01")]),
        report("march-month", Some("2023-03-20"), vec![month]),
        report("may-ref", Some("2023-05-01"), vec![reference("2023-05-01")]),
        report(
            "background",
            Some("2023-03-05"),
            vec![undated(), undated(), talks("2023-03-04")],
        ),
        report("no-date", None, vec![undated(), talks("2023-03-02")]),
        // Later batches: talks near March 2023 and a reference far after the others.
        report("march-2", Some("2023-03-02"), vec![talks("2023-03-02")]),
        report("april", Some("2023-04-20"), vec![talks("2023-04-20")]),
        report(
            "late-ref",
            Some("2025-02-01"),
            vec![reference("2025-02-01")],
        ),
        report("no-date-2", None, vec![undated(), undated()]),
        report("early-3", Some("2021-06-12"), vec![talks("2021-06-11")]),
    ]
}

#[test]
fn batch_after_batch_equals_all_at_once_for_an_actor_pair_on_far_apart_days() {
    let docs = far_apart();
    for (name, open) in backends("far_apart") {
        let mut once = SqliteStore::in_memory().unwrap();
        once.insert_batch(&docs).unwrap();
        let want = canonical(&every_entry(&once));
        let full = storyline_corpus::merge(&once.event_mentions().unwrap());
        assert_eq!(want, canonical(&full), "{name}: all at once");
        // One by one, in order and reversed, and in two halves.
        let orders: Vec<Vec<Vec<Document>>> = vec![
            docs.iter().map(|d| vec![d.clone()]).collect(),
            docs.iter().rev().map(|d| vec![d.clone()]).collect(),
            docs.chunks(7).map(<[Document]>::to_vec).collect(),
        ];
        for (k, batches) in orders.iter().enumerate() {
            let mut store = open();
            for b in batches {
                store.insert_batch(b).unwrap();
            }
            assert_eq!(canonical(&every_entry(&*store)), want, "{name}: order {k}");
            drop(store);
            if name == "postgres" {
                let _ = pg_url("far_apart");
            } else {
                break;
            }
        }
    }
}

#[test]
fn a_batch_far_from_the_stored_days_reads_none_of_their_mentions() {
    let docs = far_apart();
    let mut store = SqliteStore::in_memory().unwrap();
    // Everything but the late reference and the articles without a date (which any talks
    // between the two, whenever, may date).
    let (late, rest): (Vec<Document>, Vec<Document>) = docs
        .into_iter()
        .partition(|d| d.id == "late-ref" || d.published.is_none());
    store.insert_batch(&rest).unwrap();
    let stored = store.event_mentions().unwrap().len();
    // Talks between the same two in 2030, seven years after any of theirs.
    let far = report(
        "far",
        Some("2030-01-01"),
        vec![event(
            0,
            "040",
            "Xi Jinping",
            "Vladimir Putin",
            "2030-01-01",
        )],
    );
    store.insert_batch(std::slice::from_ref(&far)).unwrap();
    let stats = storyline_store::last_update();
    assert_eq!(stats.loaded, 0, "{stats:?} of {stored} stored");
    assert_eq!(stats.remerged, 0, "{stats:?}");
    assert_eq!((stats.replaced, stats.written), (0, 1), "{stats:?}");
    // Talks a day after March's: the reports around them are merged again, not 2021's.
    let near = report(
        "near",
        Some("2023-03-03"),
        vec![event(
            0,
            "040",
            "Xi Jinping",
            "Vladimir Putin",
            "2023-03-03",
        )],
    );
    store.insert_batch(std::slice::from_ref(&near)).unwrap();
    let stats = storyline_store::last_update();
    assert!(stats.remerged >= 3, "{stats:?}");
    // 2021's three reports are read (the May reference may point to any report of the
    // three years before it) but not merged again.
    assert!(stats.remerged <= stored - 3, "{stats:?} of {stored} stored");
    let ids: BTreeSet<String> = every_entry(&store)
        .iter()
        .filter(|e| e.documents.iter().any(|d| d == "near"))
        .flat_map(|e| e.documents.clone())
        .collect();
    assert!(!ids.contains("early-1"), "{ids:?}");
    // The rest, then: the same as a full merge.
    store.insert_batch(&late).unwrap();
    let full = storyline_corpus::merge(&store.event_mentions().unwrap());
    assert_eq!(canonical(&every_entry(&store)), canonical(&full));
}
