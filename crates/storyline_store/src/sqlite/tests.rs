use super::schema::{Migration, MIGRATIONS};
use super::*;
use rusqlite::Connection;
use storyline_model::{EntityMention, Event, Quote, SentenceSpan, Trigger};

/// A database as storyline wrote it at schema 5 (the migrations' SQL up to 5, rows as
/// that version's ingest inserted them) opens, migrates to the compact schema and
/// reads back the same documents, mentions, quotes, search and timeline.
#[test]
fn schema_5_database_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    let text = "Xi Jinping met Vladimir Putin in Moscow on Tuesday. \"We are friends,\" Xi said.";
    let mut doc = Document::new("a".into(), text.into());
    doc.title = Some("Xi meets Putin".into());
    doc.published = Some("2023-03-21".into());
    doc.outlet = Some("Wire".into());
    doc.sentences = vec![
        SentenceSpan { start: 0, end: 51 },
        SentenceSpan {
            start: 52,
            end: text.len(),
        },
    ];
    doc.entities = vec![EntityMention {
        start: 0,
        end: 10,
        text: "Xi Jinping".into(),
        label: "PER".into(),
        actor: Some("Xi Jinping".into()),
    }];
    let q = text.find("We are").unwrap();
    doc.quotes = vec![Quote {
        start: q,
        end: q + 14,
        text: text[q..q + 14].into(),
        speaker: Some("Xi Jinping".into()),
        speaker_start: None,
        speaker_end: None,
        cue: Some("said".into()),
        kind: "direct".into(),
        channel: None,
        via: None,
    }];
    doc.events = vec![Event {
        sentence: 0,
        trigger: Trigger {
            start: 11,
            end: 14,
            text: "met".into(),
        },
        code: Some("040".into()),
        plover: Some("CONSULT".into()),
        source: Some("Xi Jinping".into()),
        target: Some("Vladimir Putin".into()),
        date: Some("2023-03-21".into()),
        precision: Some("day".into()),
        modality: "asserted".into(),
        ..Default::default()
    }];
    {
        let conn = Connection::open(&path).unwrap();
        for m in &MIGRATIONS[..5] {
            let Migration::Sql(sql) = m else {
                unreachable!("schema 1-5 are SQL")
            };
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        let hash = storyline_corpus::dedup::content_hash(text);
        conn.execute(
                "INSERT INTO documents (id, content_hash, title, published, outlet, doc_json) VALUES ('a', ?1, ?2, ?3, ?4, ?5)",
                params![hash, doc.title, doc.published, doc.outlet, serde_json::to_string(&doc).unwrap()],
            )
            .unwrap();
        conn.execute(
            "INSERT INTO documents_fts (rowid, title, body) VALUES (1, ?1, ?2)",
            params![doc.title, text],
        )
        .unwrap();
        conn.execute(
                "INSERT INTO quotes (doc_pk, idx, speaker, text, cue, kind, date) VALUES (1, 0, 'Xi Jinping', ?1, 'said', 'direct', '2023-03-21')",
                [&doc.quotes[0].text],
            )
            .unwrap();
        conn.execute(
                "INSERT INTO events (doc_pk, idx, sentence, code, plover, source, target, date, precision, modality, trigger, trigger_start, trigger_end, event_json, sentence_text)
                 VALUES (1, 0, 0, '040', 'CONSULT', 'Xi Jinping', 'Vladimir Putin', '2023-03-21', 'day', 'asserted', 'met', 11, 14, ?1, ?2)",
                params![serde_json::to_string(&doc.events[0]).unwrap(), &text[..51]],
            )
            .unwrap();
        conn.execute(
            "INSERT INTO entity_actors (doc_pk, actor, mentions) VALUES (1, 'Xi Jinping', 1)",
            [],
        )
        .unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    assert_eq!(store.document("a").unwrap().unwrap(), doc);
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.documents, stats.events, stats.quotes, stats.actors),
        (1, 1, 1, 1)
    );
    let mentions = store.event_mentions().unwrap();
    assert_eq!(mentions.len(), 1);
    assert_eq!(mentions[0].sentence_text, &text[..51]);
    assert_eq!(store.quotes(None).unwrap()[0].text, "We are friends");
    assert_eq!(store.search("Moscow", 5).unwrap()[0].id, "a");
    let page = store
        .timeline(&TimelineQuery {
            filter: storyline_corpus::TimelineFilter {
                all: true,
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.entries, storyline_corpus::merge(&mentions));
    assert_eq!(page.total, 1);
    // New documents go on from there.
    drop(store);
    let mut store = SqliteStore::open(&path).unwrap();
    let out = store
        .insert_batch(&[Document::new(
            "b".into(),
            "Something else happened today in Paris.".into(),
        )])
        .unwrap();
    assert_eq!(out, vec![Outcome::Added { id: "b".into() }]);
    assert_eq!(store.stats().unwrap().documents, 2);
}

/// Documents whose events pair a few actors over two months; some dated to a month only
/// (an entry spanning it), some undated, some hypothetical (not on the default view).
fn page_docs() -> Vec<Document> {
    let actors = [
        "Xi Jinping",
        "Vladimir Putin",
        "Joe Biden",
        "NATO",
        "Olaf Scholz",
    ];
    let mut state = 7u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    (0..90)
        .map(|i| {
            let text = format!("Report {i} on the talks. Item {}.", next(1_000_000));
            let mut d = Document::new(format!("d{i:03}"), text.clone());
            d.published =
                (next(5) != 0).then(|| format!("2023-0{}-{:02}", 3 + next(2), 1 + next(28)));
            d.sentences = vec![SentenceSpan {
                start: 0,
                end: text.len(),
            }];
            d.events = (0..1 + next(3) as usize)
                .map(|_| {
                    // Mostly the first actor: it is in most entries, the last in few.
                    let a =
                        actors[next(actors.len() as u64).min(next(actors.len() as u64)) as usize];
                    let b = actors[next(actors.len() as u64) as usize];
                    let month = 3 + next(2);
                    let (date, precision) = match next(6) {
                        0 => (Some(format!("2023-{month:02}")), Some("month")),
                        1 => (None, None),
                        _ => (
                            Some(format!("2023-{month:02}-{:02}", 1 + next(28))),
                            Some("day"),
                        ),
                    };
                    Event {
                        trigger: Trigger {
                            start: 0,
                            end: 6,
                            text: "Report".into(),
                        },
                        code: Some(["040", "036", "112"][next(3) as usize].into()),
                        plover: Some("CONSULT".into()),
                        source: Some(a.into()),
                        target: Some(b.into()),
                        date,
                        precision: precision.map(String::from),
                        modality: if next(6) == 0 {
                            "hypothetical"
                        } else {
                            "asserted"
                        }
                        .into(),
                        score: 0.9,
                        ..Default::default()
                    }
                })
                .collect();
            d
        })
        .collect()
}

/// Entries in a form that does not depend on the order entries of one day come in.
fn canonical(entries: &[storyline_corpus::TimelineEntry]) -> Vec<String> {
    let mut out: Vec<String> = entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    out.sort();
    out
}

fn start(e: &storyline_corpus::TimelineEntry) -> Option<chrono::NaiveDate> {
    e.date
        .as_deref()
        .and_then(storyline_corpus::date_range)
        .map(|r| r.0)
}

/// Every way a page is read gives the page a full merge filtered in memory gives: the
/// default view and every entry, date windows (an entry dated to a month reaches a window
/// starting after its first day), actors in many entries and in few, read in timeline order
/// and from the actor's entries, two actor filters together, an actor with a story's
/// documents, and pages cut out of the list.
#[test]
fn timeline_pages_read_either_way_match_the_corpus_filter() {
    let mut store = SqliteStore::in_memory().unwrap();
    let docs = page_docs();
    for chunk in docs.chunks(10) {
        store.insert_batch(chunk).unwrap();
    }
    let full = storyline_corpus::merge(&store.event_mentions().unwrap());
    assert!(full.iter().any(|e| e.date.as_deref() == Some("2023-03")));
    let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2023, m, d);
    let story: Vec<String> = docs[..20].iter().map(|d| d.id.clone()).collect();
    let mut queries = Vec::new();
    for all in [false, true] {
        for actor in [None, Some("xi"), Some("SCHOLZ"), Some("nobody")] {
            for (from, to) in [(None, None), (day(3, 20), day(4, 2)), (day(4, 10), None)] {
                queries.push(TimelineQuery {
                    filter: storyline_corpus::TimelineFilter {
                        actor: actor.map(String::from),
                        from,
                        to,
                        all,
                    },
                    ..Default::default()
                });
            }
        }
    }
    for q in queries {
        let want = canonical(&storyline_corpus::filter(full.clone(), &q.filter));
        let auto = page::timeline_with(&store.conn, &q, None).unwrap();
        assert_eq!(auto.total as usize, want.len(), "{q:?}");
        assert_eq!(canonical(&auto.entries), want, "{q:?}");
        // Oldest first, undated last.
        let starts: Vec<_> = auto.entries.iter().map(start).collect();
        let mut sorted = starts.clone();
        sorted.sort_by_key(|d| (d.is_none(), *d));
        assert_eq!(starts, sorted, "{q:?}");
        for access in [
            None,
            Some(page::Access::Ordered),
            Some(page::Access::Gathered),
        ] {
            let got = page::timeline_with(&store.conn, &q, access).unwrap();
            assert_eq!(got.total, auto.total, "{q:?} {access:?}");
            assert_eq!(got.entries, auto.entries, "{q:?} {access:?}");
            let cut = page::timeline_with(
                &store.conn,
                &TimelineQuery {
                    offset: 2,
                    limit: 3,
                    ..q.clone()
                },
                access,
            )
            .unwrap();
            let end = auto.entries.len().min(5);
            assert_eq!(
                cut.entries,
                auto.entries[2.min(end)..end].to_vec(),
                "{q:?} {access:?}"
            );
            assert_eq!(cut.total, auto.total);
        }
    }
    // Filters the corpus filter does not have: the same either way, and what they say.
    for q in [
        TimelineQuery {
            filter: storyline_corpus::TimelineFilter {
                actor: Some("i".into()),
                all: true,
                ..Default::default()
            },
            actor_exact: Some("Joe Biden".into()),
            ..Default::default()
        },
        TimelineQuery {
            filter: storyline_corpus::TimelineFilter {
                actor: Some("putin".into()),
                ..Default::default()
            },
            documents: Some(story.clone()),
            ..Default::default()
        },
    ] {
        let pages: Vec<TimelinePage> = [
            None,
            Some(page::Access::Ordered),
            Some(page::Access::Gathered),
        ]
        .into_iter()
        .map(|a| page::timeline_with(&store.conn, &q, a).unwrap())
        .collect();
        let want: Vec<_> = storyline_corpus::filter(full.clone(), &q.filter)
            .into_iter()
            .filter(|e| q.actor_exact.as_ref().is_none_or(|a| e.actors.contains(a)))
            .filter(|e| {
                q.documents
                    .as_ref()
                    .is_none_or(|ds| e.documents.iter().any(|d| ds.contains(d)))
            })
            .collect();
        assert!(!want.is_empty(), "{q:?}");
        for p in &pages {
            assert_eq!(p.total as usize, want.len(), "{q:?}");
            assert_eq!(canonical(&p.entries), canonical(&want), "{q:?}");
            assert_eq!(p.entries, pages[0].entries, "{q:?}");
        }
    }
}
