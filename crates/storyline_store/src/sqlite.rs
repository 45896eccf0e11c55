//! The SQLite backend.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use storyline_corpus::dedup::{self, NEAR_DUPLICATE_THRESHOLD};
use storyline_corpus::stories::{self, StoryDoc};
use storyline_model::Document;

use crate::{
    DocumentSummary, EventMention, Outcome, QuoteRow, Result, SearchHit, Stats, Store, StoreError,
};

/// Schema migrations, in order; `PRAGMA user_version` is the number applied.
/// Never edit a released migration: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: documents, near-duplicate index, quotes and events.
    "CREATE TABLE documents (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        published TEXT,
        published_inferred INTEGER NOT NULL DEFAULT 0,
        outlet TEXT,
        byline TEXT,
        url TEXT,
        near_duplicate_of TEXT,
        similarity REAL,
        doc_json TEXT NOT NULL,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE TABLE minhash (doc_pk INTEGER PRIMARY KEY REFERENCES documents(pk), signature BLOB NOT NULL);
    CREATE TABLE lsh (band INTEGER NOT NULL, key INTEGER NOT NULL, doc_pk INTEGER NOT NULL REFERENCES documents(pk));
    CREATE INDEX lsh_lookup ON lsh(key);
    CREATE TABLE quotes (
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        idx INTEGER NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        cue TEXT,
        kind TEXT NOT NULL,
        date TEXT,
        PRIMARY KEY (doc_pk, idx)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE TABLE events (
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        idx INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        code TEXT NOT NULL,
        plover TEXT NOT NULL,
        source TEXT,
        target TEXT,
        date TEXT,
        precision TEXT,
        location TEXT,
        modality TEXT NOT NULL,
        trigger TEXT NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        source_code TEXT,
        target_code TEXT,
        PRIMARY KEY (doc_pk, idx)
    );
    CREATE INDEX events_date ON events(date);
    CREATE TABLE entity_actors (
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        actor TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (doc_pk, actor)
    );
    CREATE INDEX entity_actors_actor ON entity_actors(actor);
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');",
    // 2: the terms that group documents into stories (documents stored before this
    // migration are read from their JSON when stories are computed).
    "CREATE TABLE story_terms (doc_pk INTEGER PRIMARY KEY REFERENCES documents(pk), terms TEXT NOT NULL);",
    // 3: whether an event mention is a dateless nominal reference to an earlier event.
    "ALTER TABLE events ADD COLUMN reference INTEGER NOT NULL DEFAULT 0;",
    // 4: whether an event mention is an undated past-tense verb past its article's lede.
    "ALTER TABLE events ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0;",
    // 5: every event mention (coded or not) whole, as JSON, with its sentence's text; `code`
    // and `plover` are '' for a mention with no political coding.
    "ALTER TABLE events ADD COLUMN event_json TEXT;
     ALTER TABLE events ADD COLUMN sentence_text TEXT;",
];

/// A store in one SQLite database file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        Self::setup(Connection::open(path)?)
    }

    /// A private in-memory database, for tests.
    pub fn in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL keeps readers (the server) going while a writer ingests.
        let _mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")?;
        let mut store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let current = self.schema_version()?;
        let supported = MIGRATIONS.len() as i64;
        if current > supported {
            return Err(StoreError::TooNew {
                found: current,
                supported,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The underlying connection, for read-only queries of other crates (timeline, server).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn insert_one(tx: &rusqlite::Transaction<'_>, doc: &Document) -> Result<Outcome> {
    let hash = dedup::content_hash(&doc.text);
    if let Some(of) = tx
        .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
        .query_row([&hash], |r| r.get::<_, String>(0))
        .optional()?
    {
        return Ok(Outcome::Duplicate { of });
    }
    // An id already used by a different document gets a suffix from the content hash.
    let mut id = doc.id.clone();
    let taken: bool = tx
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM documents WHERE id = ?1)")?
        .query_row([&id], |r| r.get(0))?;
    if taken {
        id = format!("{}-{}", doc.id, &hash[..8]);
    }

    // Near-duplicate candidates through LSH bands.
    let sig = dedup::signature(&doc.text);
    let keys = dedup::band_keys(&sig);
    let mut best: Option<(String, f64)> = None;
    {
        // Band keys hash the band number too, so one lookup on the key finds every
        // candidate sharing any band.
        let placeholders: Vec<String> = (1..=keys.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT DISTINCT d.id, m.signature FROM lsh l JOIN minhash m ON m.doc_pk = l.doc_pk JOIN documents d ON d.pk = l.doc_pk
             WHERE l.key IN ({}) AND d.near_duplicate_of IS NULL",
            placeholders.join(",")
        );
        let mut cand = tx.prepare_cached(&sql)?;
        let values: Vec<i64> = keys.iter().map(|k| *k as i64).collect();
        let rows = cand.query_map(rusqlite::params_from_iter(values.iter()), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        for row in rows {
            let (other, bytes) = row?;
            let sim = dedup::similarity(&sig, &dedup::signature_from_bytes(&bytes));
            if sim >= NEAR_DUPLICATE_THRESHOLD && best.as_ref().is_none_or(|(_, s)| sim > *s) {
                best = Some((other, sim));
            }
        }
    }

    // the document as stored, under its (possibly suffixed) id; copied only when renamed
    let json = if id == doc.id {
        serde_json::to_string(doc)
    } else {
        let mut renamed = doc.clone();
        renamed.id = id.clone();
        serde_json::to_string(&renamed)
    }
    .map_err(|source| StoreError::Corrupt {
        id: id.clone(),
        source,
    })?;
    tx.prepare_cached(
        "INSERT INTO documents (id, content_hash, title, published, published_inferred, outlet, byline, url, near_duplicate_of, similarity, doc_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
            id,
            hash,
            doc.title,
            doc.published,
            doc.published_inferred,
            doc.outlet,
            doc.byline,
            doc.url,
            best.as_ref().map(|(o, _)| o.clone()),
            best.as_ref().map(|(_, s)| *s),
            json
    ])?;
    let pk = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO documents_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![pk, doc.title.as_deref().unwrap_or(""), doc.text])?;
    tx.prepare_cached("INSERT INTO minhash (doc_pk, signature) VALUES (?1, ?2)")?
        .execute(params![pk, dedup::signature_to_bytes(&sig)])?;
    {
        let mut ins =
            tx.prepare_cached("INSERT INTO lsh (band, key, doc_pk) VALUES (?1, ?2, ?3)")?;
        for (band, key) in keys.iter().enumerate() {
            ins.execute(params![band as i64, *key as i64, pk])?;
        }
        let mut q = tx.prepare_cached("INSERT INTO quotes (doc_pk, idx, speaker, text, cue, kind, date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for (i, quote) in doc.quotes.iter().enumerate() {
            q.execute(params![
                pk,
                i as i64,
                quote.speaker,
                quote.text,
                quote.cue,
                quote.kind,
                doc.published
            ])?;
        }
        let mut e = tx.prepare_cached(
            "INSERT INTO events (doc_pk, idx, sentence, code, plover, source, target, date, precision, location, modality, trigger,
                                 trigger_start, trigger_end, source_code, target_code, reference, recalled, event_json, sentence_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
        )?;
        for (i, ev) in doc.events.iter().enumerate() {
            let event_json = serde_json::to_string(ev).map_err(|source| StoreError::Corrupt {
                id: id.clone(),
                source,
            })?;
            e.execute(params![
                pk,
                i as i64,
                ev.sentence as i64,
                ev.code.as_deref().unwrap_or_default(),
                ev.plover.as_deref().unwrap_or_default(),
                ev.source,
                ev.target,
                ev.date,
                ev.precision,
                ev.location,
                ev.modality,
                ev.trigger.text,
                ev.trigger.start as i64,
                ev.trigger.end as i64,
                ev.source_code,
                ev.target_code,
                ev.reference,
                ev.recalled,
                event_json,
                storyline_corpus::sentence_text(doc, ev)
            ])?;
        }
        let mut actors: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
        for ent in &doc.entities {
            if let Some(a) = ent.actor.as_deref() {
                *actors.entry(a).or_insert(0) += 1;
            }
        }
        let mut a = tx.prepare_cached(
            "INSERT INTO entity_actors (doc_pk, actor, mentions) VALUES (?1, ?2, ?3)",
        )?;
        for (actor, n) in actors {
            a.execute(params![pk, actor, n])?;
        }
        let terms = serde_json::to_string(&stories::story_doc(doc).terms).map_err(|source| {
            StoreError::Corrupt {
                id: id.clone(),
                source,
            }
        })?;
        tx.prepare_cached("INSERT INTO story_terms (doc_pk, terms) VALUES (?1, ?2)")?
            .execute(params![pk, terms])?;
    }
    Ok(match best {
        Some((of, similarity)) => Outcome::NearDuplicate { id, of, similarity },
        None => Outcome::Added { id },
    })
}

fn decode(id: &str, json: &str) -> Result<Document> {
    serde_json::from_str(json).map_err(|source| StoreError::Corrupt {
        id: id.to_string(),
        source,
    })
}

impl Store for SqliteStore {
    fn insert_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            out.push(insert_one(&tx, doc)?);
        }
        tx.commit()?;
        Ok(out)
    }

    fn document(&self, id: &str) -> Result<Option<Document>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT doc_json FROM documents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        json.map(|j| decode(id, &j)).transpose()
    }

    fn list(&self, offset: u64, limit: u64) -> Result<Vec<DocumentSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, published, outlet, near_duplicate_of FROM documents ORDER BY pk LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], |r| {
            Ok(DocumentSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                published: r.get(2)?,
                outlet: r.get(3)?,
                near_duplicate_of: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn for_each_document(&self, f: &mut dyn FnMut(Document)) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, doc_json FROM documents ORDER BY pk")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let json: String = row.get(1)?;
            f(decode(&id, &json)?);
        }
        Ok(())
    }

    fn story_docs(&self) -> Result<Vec<StoryDoc>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.published, t.terms, CASE WHEN t.terms IS NULL THEN d.doc_json END
             FROM documents d LEFT JOIN story_terms t ON t.doc_pk = d.pk ORDER BY d.pk",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let published: Option<String> = row.get(1)?;
            let terms: Option<String> = row.get(2)?;
            let doc = match terms {
                Some(t) => StoryDoc {
                    date: published.as_deref().and_then(stories::parse_date),
                    terms: serde_json::from_str(&t).map_err(|source| StoreError::Corrupt {
                        id: id.clone(),
                        source,
                    })?,
                    id,
                },
                // Stored before story terms were kept: compute them from the document.
                None => stories::story_doc(&decode(&id, &row.get::<_, String>(3)?)?),
            };
            out.push(doc);
        }
        Ok(out)
    }

    fn event_mentions(&self) -> Result<Vec<EventMention>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.outlet, d.published, e.sentence, e.code, e.plover, e.source, e.target, e.date, e.precision,
                    e.location, e.modality, e.trigger, e.trigger_start, e.trigger_end, e.source_code, e.target_code, e.reference,
                    e.recalled, e.event_json, e.sentence_text, d.title, d.published_inferred, d.near_duplicate_of
             FROM events e JOIN documents d ON d.pk = e.doc_pk ORDER BY e.doc_pk, e.idx",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let document: String = r.get(0)?;
            let event = match r.get::<_, Option<String>>(19)? {
                Some(json) => {
                    serde_json::from_str(&json).map_err(|source| StoreError::Corrupt {
                        id: document.clone(),
                        source,
                    })?
                }
                // Stored before whole mentions were kept: a coded event from its columns.
                None => storyline_model::Event {
                    code: r.get::<_, Option<String>>(4)?.filter(|c| !c.is_empty()),
                    plover: r.get::<_, Option<String>>(5)?.filter(|c| !c.is_empty()),
                    source: r.get(6)?,
                    target: r.get(7)?,
                    date: r.get(8)?,
                    precision: r.get(9)?,
                    location: r.get(10)?,
                    modality: r.get(11)?,
                    source_code: r.get(15)?,
                    target_code: r.get(16)?,
                    reference: r.get(17)?,
                    recalled: r.get(18)?,
                    ..storyline_model::Event::mention(
                        r.get::<_, i64>(3)? as usize,
                        storyline_model::Trigger {
                            text: r.get(12)?,
                            start: r.get::<_, i64>(13)? as usize,
                            end: r.get::<_, i64>(14)? as usize,
                        },
                        String::new(),
                    )
                },
            };
            out.push(EventMention {
                document,
                outlet: r.get(1)?,
                published: r.get(2)?,
                sentence_text: r.get::<_, Option<String>>(20)?.unwrap_or_default(),
                title: r.get(21)?,
                published_inferred: r.get(22)?,
                near_duplicate_of: r.get(23)?,
                event,
            });
        }
        Ok(out)
    }

    fn quotes(&self, speaker: Option<&str>) -> Result<Vec<QuoteRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, q.speaker, q.text, q.cue, q.kind, q.date FROM quotes q JOIN documents d ON d.pk = q.doc_pk
             WHERE ?1 IS NULL OR instr(lower(q.speaker), lower(?1)) > 0 ORDER BY q.date, q.doc_pk, q.idx",
        )?;
        let rows = stmt.query_map([speaker], |r| {
            Ok(QuoteRow {
                document: r.get(0)?,
                speaker: r.get(1)?,
                text: r.get(2)?,
                cue: r.get(3)?,
                kind: r.get(4)?,
                date: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn search(&self, query: &str, limit: u64) -> Result<Vec<SearchHit>> {
        // Quote every word so that user input is never FTS5 syntax.
        let fts: String = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ");
        if fts.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.published, snippet(documents_fts, 1, '[', ']', ' … ', 16)
             FROM documents_fts f JOIN documents d ON d.pk = f.rowid
             WHERE documents_fts MATCH ?1 ORDER BY bm25(documents_fts) LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![fts, limit as i64], |r| {
            Ok(SearchHit {
                id: r.get(0)?,
                title: r.get(1)?,
                published: r.get(2)?,
                snippet: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(Stats {
            documents: count("SELECT COUNT(*) FROM documents")?,
            near_duplicates: count(
                "SELECT COUNT(*) FROM documents WHERE near_duplicate_of IS NOT NULL",
            )?,
            events: count("SELECT COUNT(*) FROM events")?,
            quotes: count("SELECT COUNT(*) FROM quotes")?,
            actors: count("SELECT COUNT(DISTINCT actor) FROM entity_actors")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Document {
        Document::new(id.to_string(), text.to_string())
    }

    const STORY: &str = "Chinese President Xi Jinping will send a delegation to Ukraine to hold talks with all parties on resolving the conflict there, after his first phone call with his Ukrainian counterpart. Xi made the offer in a Wednesday phone call and offered to help facilitate peace talks aimed at reaching a ceasefire as soon as possible, state media said.";

    #[test]
    fn identical_again_changes_nothing() {
        let mut store = SqliteStore::in_memory().unwrap();
        let out = store.insert_batch(&[doc("a", STORY)]).unwrap();
        assert_eq!(out, vec![Outcome::Added { id: "a".into() }]);
        let before = store.stats().unwrap();
        let out = store
            .insert_batch(&[doc("a", STORY), doc("b", STORY)])
            .unwrap();
        assert_eq!(out[0], Outcome::Duplicate { of: "a".into() });
        assert_eq!(out[1], Outcome::Duplicate { of: "a".into() });
        assert_eq!(store.stats().unwrap(), before);
    }

    #[test]
    fn syndicated_copy_is_linked() {
        let mut store = SqliteStore::in_memory().unwrap();
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
            "{out:?}"
        );
        assert_eq!(out[2], Outcome::Added { id: "c".into() });
        let stats = store.stats().unwrap();
        assert_eq!((stats.documents, stats.near_duplicates), (3, 1));
    }

    #[test]
    fn taken_id_gets_suffix_and_round_trips() {
        let mut store = SqliteStore::in_memory().unwrap();
        store.insert_batch(&[doc("a", STORY)]).unwrap();
        let out = store
            .insert_batch(&[doc(
                "a",
                "A completely different short story about the weather today.",
            )])
            .unwrap();
        let Outcome::Added { id } = &out[0] else {
            panic!("{out:?}")
        };
        assert!(id.starts_with("a-"));
        assert_eq!(
            store.document(id).unwrap().unwrap().text,
            "A completely different short story about the weather today."
        );
        assert_eq!(store.list(0, 10).unwrap().len(), 2);
    }

    #[test]
    fn full_text_search() {
        let mut store = SqliteStore::in_memory().unwrap();
        store
            .insert_batch(&[
                doc("a", STORY),
                doc("b", "The central bank raised interest rates on Thursday."),
            ])
            .unwrap();
        let hits = store.search("delegation ceasefire", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, "a");
        assert!(
            hits[0].snippet.contains("[delegation]") || hits[0].snippet.contains("[ceasefire]"),
            "{}",
            hits[0].snippet
        );
        // Query syntax characters are plain text, never an error.
        assert!(store.search("\"unbalanced AND OR ( *", 10).is_ok());
        assert!(store.search("", 10).unwrap().is_empty());
    }

    #[test]
    fn event_flags_round_trip() {
        let mut store = SqliteStore::in_memory().unwrap();
        let mut d = doc("a", STORY);
        let event = |reference: bool, recalled: bool| storyline_model::Event {
            sentence: 1,
            trigger: storyline_model::Trigger {
                start: 0,
                end: 2,
                text: "Xi".into(),
            },
            code: Some("040".into()),
            plover: Some("CONSULT".into()),
            source: Some("Xi Jinping".into()),
            target: Some("Vladimir Putin".into()),
            date: Some("2023-04-26".into()),
            precision: Some("day".into()),
            reference,
            recalled,
            ..Default::default()
        };
        d.events = vec![event(true, false), event(false, true), event(false, false)];
        store.insert_batch(&[d]).unwrap();
        let flags: Vec<(bool, bool)> = store
            .event_mentions()
            .unwrap()
            .iter()
            .map(|m| (m.event.reference, m.event.recalled))
            .collect();
        assert_eq!(flags, [(true, false), (false, true), (false, false)]);
    }

    #[test]
    fn file_database_reopens_with_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        {
            let mut store = SqliteStore::open(&path).unwrap();
            store.insert_batch(&[doc("a", STORY)]).unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(store.stats().unwrap().documents, 1);
    }
}
