//! The SQLite backend.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use storyline_corpus::stories::{self, StoryDoc};
use storyline_corpus::Mention;
use storyline_model::Document;

use crate::prepare::{self, DocumentMeta, DocumentRow, EntryRow, MemberKey, Span, WriteTx};
use crate::{
    codec, timeline, ActorCount, DocumentSummary, EventMention, Outcome, QuoteRow, Result,
    SearchHit, Stats, Store, StoreError, TimelinePage, TimelineQuery,
};

/// One schema migration.
enum Migration {
    /// Statements run as they are.
    Sql(&'static str),
    /// A step that needs code (re-encoding stored rows).
    Code(fn(&Transaction<'_>) -> Result<()>),
}

/// Schema migrations, in order; `PRAGMA user_version` is the number applied.
/// Never edit a released migration: add a new one.
const MIGRATIONS: &[Migration] = &[
    // 1: documents, near-duplicate index, quotes and events.
    Migration::Sql(
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
    ),
    // 2: the terms that group documents into stories (documents stored before this
    // migration are read from their JSON when stories are computed).
    Migration::Sql(
        "CREATE TABLE story_terms (doc_pk INTEGER PRIMARY KEY REFERENCES documents(pk), terms TEXT NOT NULL);",
    ),
    // 3: whether an event mention is a dateless nominal reference to an earlier event.
    Migration::Sql("ALTER TABLE events ADD COLUMN reference INTEGER NOT NULL DEFAULT 0;"),
    // 4: whether an event mention is an undated past-tense verb past its article's lede.
    Migration::Sql("ALTER TABLE events ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0;"),
    // 5: every event mention (coded or not) whole, as JSON, with its sentence's text; `code`
    // and `plover` are '' for a mention with no political coding.
    Migration::Sql(
        "ALTER TABLE events ADD COLUMN event_json TEXT;
     ALTER TABLE events ADD COLUMN sentence_text TEXT;",
    ),
    // 6: compact storage and the stored timeline. A document is its compressed text, body
    // and event mentions (see `codec`); full-text search is contentless (an index, not a
    // copy); the LSH index is one b-tree; story terms are compressed; merged timeline
    // entries are stored with their members and the blocking keys of every mention.
    Migration::Code(migrate_6),
];

/// The tables of schema 6 (created after the tables of schema 5 are dropped).
const SCHEMA_6: &str = "
    CREATE TABLE documents (
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
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
        text_z BLOB NOT NULL,
        body BLOB NOT NULL,
        events_z BLOB NOT NULL,
        n_events INTEGER NOT NULL
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content = '', detail = column, tokenize = 'unicode61 remove_diacritics 2');
    CREATE TABLE minhash (doc_pk INTEGER PRIMARY KEY REFERENCES documents(pk), signature BLOB NOT NULL);
    CREATE TABLE lsh_keys (key INTEGER NOT NULL, doc_pk INTEGER NOT NULL REFERENCES documents(pk), PRIMARY KEY (key, doc_pk)) WITHOUT ROWID;
    CREATE TABLE quotes (
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        idx INTEGER NOT NULL,
        speaker TEXT,
        -- NULL: the document's text from start to end
        text TEXT,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        cue TEXT,
        kind TEXT NOT NULL,
        date TEXT,
        PRIMARY KEY (doc_pk, idx)
    ) WITHOUT ROWID;
    CREATE TABLE actors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, name_lc TEXT NOT NULL);
    CREATE TABLE entity_actors (
        actor_id INTEGER NOT NULL REFERENCES actors(id),
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        mentions INTEGER NOT NULL,
        PRIMARY KEY (actor_id, doc_pk)
    ) WITHOUT ROWID;
    CREATE TABLE story_terms (doc_pk INTEGER PRIMARY KEY REFERENCES documents(pk), terms BLOB NOT NULL);
    CREATE TABLE keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
    CREATE TABLE mention_keys (
        key_id INTEGER NOT NULL REFERENCES keys(id),
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        idx INTEGER NOT NULL,
        PRIMARY KEY (key_id, doc_pk, idx)
    ) WITHOUT ROWID;
    CREATE TABLE timeline (
        id INTEGER PRIMARY KEY,
        start_day INTEGER,
        end_day INTEGER,
        main INTEGER NOT NULL,
        conflicts INTEGER NOT NULL,
        summary TEXT NOT NULL,
        tiebreak INTEGER NOT NULL,
        score REAL,
        n_documents INTEGER NOT NULL,
        entry BLOB NOT NULL
    );
    CREATE INDEX timeline_order ON timeline((start_day IS NULL), start_day);
    CREATE TABLE entry_actors (
        actor_id INTEGER NOT NULL REFERENCES actors(id),
        entry INTEGER NOT NULL REFERENCES timeline(id),
        PRIMARY KEY (actor_id, entry)
    ) WITHOUT ROWID;
    CREATE INDEX entry_actors_entry ON entry_actors(entry);
    CREATE TABLE entry_members (
        entry INTEGER NOT NULL REFERENCES timeline(id),
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        idx INTEGER NOT NULL,
        PRIMARY KEY (entry, doc_pk, idx)
    ) WITHOUT ROWID;
    CREATE INDEX entry_members_mention ON entry_members(doc_pk, idx, entry);";

/// A stored document of schema 5, as its row gives it.
struct StoredV5 {
    pk: i64,
    id: String,
    hash: String,
    near_duplicate_of: Option<String>,
    similarity: Option<f64>,
    added_at: String,
    doc: Document,
}

/// Schema 6: every stored document is read, the tables of schema 5 are replaced, and each
/// document is written again in the compact encoding under its key, id, content hash and
/// near-duplicate link; then the timeline is merged once and stored.
fn migrate_6(tx: &Transaction<'_>) -> Result<()> {
    let old: Vec<StoredV5> = {
        let mut stmt = tx.prepare(
            "SELECT pk, id, content_hash, near_duplicate_of, similarity, added_at, doc_json FROM documents ORDER BY pk",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(1)?;
            let json: String = r.get(6)?;
            let mut doc: Document =
                serde_json::from_str(&json).map_err(|source| StoreError::Corrupt {
                    id: id.clone(),
                    source,
                })?;
            doc.id = id.clone();
            out.push(StoredV5 {
                pk: r.get(0)?,
                id,
                hash: r.get(2)?,
                near_duplicate_of: r.get(3)?,
                similarity: r.get(4)?,
                added_at: r.get(5)?,
                doc,
            });
        }
        out
    };
    tx.execute_batch(
        "DROP TABLE documents_fts; DROP TABLE minhash; DROP TABLE lsh; DROP TABLE quotes; DROP TABLE events;
         DROP TABLE entity_actors; DROP TABLE story_terms; DROP TABLE documents;",
    )?;
    tx.execute_batch(SCHEMA_6)?;
    let mut w = SqliteTx {
        tx,
        keys: HashMap::new(),
        actors: HashMap::new(),
    };
    for v5 in &old {
        let sig = storyline_corpus::dedup::signature(&v5.doc.text);
        let mut row = prepare::document_row(
            &v5.doc,
            v5.id.clone(),
            v5.hash.clone(),
            &sig,
            v5.near_duplicate_of.clone().zip(v5.similarity),
        )?;
        row.near_duplicate_of = v5.near_duplicate_of.clone();
        row.similarity = v5.similarity;
        let pk = w.insert_document_at(&row, Some(v5.pk))?;
        tx.execute(
            "UPDATE documents SET added_at = ?2 WHERE pk = ?1",
            params![pk, v5.added_at],
        )?;
    }
    drop(old);
    rebuild_in(tx)
}

fn rebuild_in(tx: &Transaction<'_>) -> Result<()> {
    let mut w = SqliteTx {
        tx,
        keys: HashMap::new(),
        actors: HashMap::new(),
    };
    tx.execute("DELETE FROM mention_keys", [])?;
    let key_rows = timeline::rebuild(&mut w)?;
    w.insert_mention_keys(&key_rows)
}

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
        for (i, step) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.conn.transaction()?;
            match step {
                Migration::Sql(sql) => tx.execute_batch(sql)?,
                Migration::Code(f) => f(&tx)?,
            }
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The underlying connection, for read-only queries of other crates.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// The SQLite side of a batch's transaction.
struct SqliteTx<'a, 'c> {
    tx: &'a Transaction<'c>,
    /// Blocking key ids seen in this transaction.
    keys: HashMap<String, i64>,
    /// Actor ids seen in this transaction.
    actors: HashMap<String, i64>,
}

/// Ids as a JSON array, the parameter of `json_each` (SQLite has no array parameters).
fn json_ids(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

fn json_pairs(pairs: &[MemberKey]) -> String {
    serde_json::to_string(pairs).unwrap_or_else(|_| "[]".into())
}

impl SqliteTx<'_, '_> {
    fn key_id(&mut self, key: &str) -> Result<i64> {
        if let Some(&id) = self.keys.get(key) {
            return Ok(id);
        }
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO keys (key) VALUES (?1)")?
            .execute([key])?;
        let id: i64 = self
            .tx
            .prepare_cached("SELECT id FROM keys WHERE key = ?1")?
            .query_row([key], |r| r.get(0))?;
        self.keys.insert(key.to_string(), id);
        Ok(id)
    }

    fn actor_id(&mut self, name: &str) -> Result<i64> {
        if let Some(&id) = self.actors.get(name) {
            return Ok(id);
        }
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO actors (name, name_lc) VALUES (?1, ?2)")?
            .execute([name, &name.to_lowercase()])?;
        let id: i64 = self
            .tx
            .prepare_cached("SELECT id FROM actors WHERE name = ?1")?
            .query_row([name], |r| r.get(0))?;
        self.actors.insert(name.to_string(), id);
        Ok(id)
    }
    /// Writes a document's rows, under a given key or the next one.
    fn insert_document_at(&mut self, row: &DocumentRow<'_>, pk: Option<i64>) -> Result<i64> {
        let doc = row.doc;
        self.tx
            .prepare_cached(
                "INSERT INTO documents (pk, id, content_hash, title, published, published_inferred, outlet, byline, url,
                                        near_duplicate_of, similarity, text_z, body, events_z, n_events)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                pk,
                row.id,
                row.hash,
                doc.title,
                doc.published,
                doc.published_inferred,
                doc.outlet,
                doc.byline,
                doc.url,
                row.near_duplicate_of,
                row.similarity,
                row.text_blob,
                row.body,
                row.events,
                doc.events.len() as i64
            ])?;
        let pk = self.tx.last_insert_rowid();
        self.tx
            .prepare_cached("INSERT INTO documents_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?
            .execute(params![pk, doc.title.as_deref().unwrap_or(""), doc.text])?;
        // No MinHash signature is stored (it would take a third as much as the text): a
        // near-duplicate candidate's is computed again from its text (`near_candidates`).
        for key in &row.band_keys {
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO lsh_keys (key, doc_pk) VALUES (?1, ?2)")?
                .execute(params![key, pk])?;
        }
        for (i, quote) in doc.quotes.iter().enumerate() {
            // A quote's text is its document's text at its offsets (an invariant of the
            // quote finder); it is stored only where it is not.
            let own = doc.text.get(quote.start..quote.end) != Some(quote.text.as_str());
            self.tx
                .prepare_cached(
                    "INSERT INTO quotes (doc_pk, idx, speaker, text, start, end, cue, kind, date)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    pk,
                    i as i64,
                    quote.speaker,
                    own.then_some(quote.text.as_str()),
                    quote.start as i64,
                    quote.end as i64,
                    quote.cue,
                    quote.kind,
                    doc.published
                ])?;
        }
        for (actor, n) in &row.actors {
            let actor = self.actor_id(actor)?;
            self.tx
                .prepare_cached(
                    "INSERT INTO entity_actors (actor_id, doc_pk, mentions) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![actor, pk, n])?;
        }
        self.tx
            .prepare_cached("INSERT INTO story_terms (doc_pk, terms) VALUES (?1, ?2)")?
            .execute(params![pk, row.story_terms])?;
        Ok(pk)
    }
}

impl WriteTx for SqliteTx<'_, '_> {
    fn find_hash(&mut self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
            .query_row([hash], |r| r.get::<_, String>(0))
            .optional()?)
    }

    fn id_taken(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM documents WHERE id = ?1)")?
            .query_row([id], |r| r.get(0))?)
    }

    fn near_candidates(&mut self, keys: &[i64]) -> Result<Vec<(String, Vec<u8>)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT d.id, d.text_z FROM documents d
             WHERE d.pk IN (SELECT doc_pk FROM lsh_keys WHERE key IN (SELECT value FROM json_each(?1)))
               AND d.near_duplicate_of IS NULL ORDER BY d.pk",
        )?;
        let mut rows = stmt.query([json_ids(keys)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let text = codec::decompress_text(&r.get::<_, Vec<u8>>(1)?, &format!("document {id}"))?;
            let signature = storyline_corpus::dedup::signature(&text);
            out.push((id, storyline_corpus::dedup::signature_to_bytes(&signature)));
        }
        Ok(out)
    }

    fn insert_document(&mut self, row: &DocumentRow<'_>) -> Result<i64> {
        self.insert_document_at(row, None)
    }

    fn insert_mention_keys(&mut self, rows: &[(String, MemberKey)]) -> Result<()> {
        for (key, (pk, idx)) in rows {
            let id = self.key_id(key)?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO mention_keys (key_id, doc_pk, idx) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![id, pk, idx])?;
        }
        Ok(())
    }

    fn entries_with_keys(&mut self, keys: &[String]) -> Result<Vec<i64>> {
        let json = serde_json::to_string(keys).unwrap_or_else(|_| "[]".into());
        let mut stmt = self.tx.prepare_cached(
            "SELECT DISTINCT em.entry FROM keys k JOIN mention_keys mk ON mk.key_id = k.id
             JOIN entry_members em ON em.doc_pk = mk.doc_pk AND em.idx = mk.idx
             WHERE k.key IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([json], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn members_of_entries(&mut self, entries: &[i64]) -> Result<Vec<MemberKey>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT doc_pk, idx FROM entry_members WHERE entry IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([json_ids(entries)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn undated_documents(&mut self, pks: &[i64]) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT pk, n_events FROM documents WHERE pk IN (SELECT value FROM json_each(?1)) AND published IS NULL",
        )?;
        let rows = stmt.query_map([json_ids(pks)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn entries_of_members(&mut self, members: &[MemberKey]) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT DISTINCT em.entry FROM json_each(?1) j JOIN entry_members em
             ON em.doc_pk = json_extract(j.value, '$[0]') AND em.idx = json_extract(j.value, '$[1]')",
        )?;
        let rows = stmt.query_map([json_pairs(members)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn load_mentions(
        &mut self,
        members: Option<&[MemberKey]>,
    ) -> Result<Vec<(MemberKey, Mention, Span)>> {
        load_mentions(self.tx, members)
    }

    fn delete_entries(&mut self, entries: Option<&[i64]>) -> Result<()> {
        match entries {
            None => self.tx.execute_batch(
                "DELETE FROM entry_members; DELETE FROM entry_actors; DELETE FROM timeline;",
            )?,
            Some(ids) => {
                let json = json_ids(ids);
                for sql in [
                    "DELETE FROM entry_members WHERE entry IN (SELECT value FROM json_each(?1))",
                    "DELETE FROM entry_actors WHERE entry IN (SELECT value FROM json_each(?1))",
                    "DELETE FROM timeline WHERE id IN (SELECT value FROM json_each(?1))",
                ] {
                    self.tx.prepare_cached(sql)?.execute([&json])?;
                }
            }
        }
        Ok(())
    }

    fn insert_entries(&mut self, rows: &[EntryRow]) -> Result<()> {
        for e in rows {
            self.tx
                .prepare_cached(
                    "INSERT INTO timeline (start_day, end_day, main, conflicts, summary, tiebreak, score, n_documents, entry)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    e.start_day,
                    e.end_day,
                    e.main,
                    e.conflicts,
                    e.summary,
                    e.tiebreak,
                    e.score,
                    e.n_documents,
                    e.blob
                ])?;
            let id = self.tx.last_insert_rowid();
            for a in &e.actors {
                let actor = self.actor_id(a)?;
                self.tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO entry_actors (actor_id, entry) VALUES (?1, ?2)",
                    )?
                    .execute(params![actor, id])?;
            }
            let mut m = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO entry_members (entry, doc_pk, idx) VALUES (?1, ?2, ?3)",
            )?;
            for (pk, idx) in &e.members {
                m.execute(params![id, pk, idx])?;
            }
        }
        Ok(())
    }
}

/// Stored mentions, whole: of some documents' positions, or all.
fn load_mentions(
    conn: &Connection,
    members: Option<&[MemberKey]>,
) -> Result<Vec<(MemberKey, Mention, Span)>> {
    const COLUMNS: &str =
        "pk, id, title, outlet, published, published_inferred, near_duplicate_of, text_z, events_z";
    let mut out = Vec::new();
    let mut one = |r: &rusqlite::Row<'_>, wanted: Option<&BTreeSet<i64>>| -> Result<()> {
        let meta = DocumentMeta {
            pk: r.get(0)?,
            id: r.get(1)?,
            title: r.get(2)?,
            outlet: r.get(3)?,
            published: r.get(4)?,
            published_inferred: r.get(5)?,
            near_duplicate_of: r.get(6)?,
        };
        let text = codec::decompress_text(
            &r.get::<_, Vec<u8>>(7)?,
            &format!("text of document {}", meta.id),
        )?;
        let events: Vec<u8> = r.get(8)?;
        prepare::mentions_of_row(meta, &text, &events, wanted, &mut out)
    };
    match members {
        None => {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM documents WHERE n_events > 0 ORDER BY pk"
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                one(r, None)?;
            }
        }
        Some(members) => {
            let mut by_doc: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
            for (pk, idx) in members {
                by_doc.entry(*pk).or_default().insert(*idx);
            }
            let mut stmt =
                conn.prepare_cached(&format!("SELECT {COLUMNS} FROM documents WHERE pk = ?1"))?;
            for (pk, wanted) in &by_doc {
                let mut rows = stmt.query([pk])?;
                if let Some(r) = rows.next()? {
                    one(r, Some(wanted))?;
                }
            }
        }
    }
    Ok(out)
}

fn decode_row(r: &rusqlite::Row<'_>) -> Result<Document> {
    let id: String = r.get(0)?;
    let what = format!("document {id}");
    let text = codec::decompress_text(&r.get::<_, Vec<u8>>(1)?, &what)?;
    let body: Vec<u8> = r.get(2)?;
    let events: Vec<u8> = r.get(3)?;
    let mut doc = codec::decode_document(text, &body, Some(&events), &what)?;
    doc.id = id;
    Ok(doc)
}

impl Store for SqliteStore {
    fn insert_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        let tx = self.conn.transaction()?;
        let out = {
            let mut w = SqliteTx {
                tx: &tx,
                keys: HashMap::new(),
                actors: HashMap::new(),
            };
            prepare::insert_batch(&mut w, docs)?
        };
        tx.commit()?;
        Ok(out)
    }

    fn document(&self, id: &str) -> Result<Option<Document>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, text_z, body, events_z FROM documents WHERE id = ?1")?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(r) => Ok(Some(decode_row(r)?)),
            None => Ok(None),
        }
    }

    fn list(&self, offset: u64, limit: u64) -> Result<Vec<DocumentSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, published, outlet, near_duplicate_of FROM documents ORDER BY pk LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(
            params![
                limit.min(i64::MAX as u64) as i64,
                offset.min(i64::MAX as u64) as i64
            ],
            |r| {
                Ok(DocumentSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    published: r.get(2)?,
                    outlet: r.get(3)?,
                    near_duplicate_of: r.get(4)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn for_each_document(&self, f: &mut dyn FnMut(Document)) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, text_z, body, events_z FROM documents ORDER BY pk")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(decode_row(row)?);
        }
        Ok(())
    }

    fn story_docs(&self) -> Result<Vec<StoryDoc>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.published, t.terms FROM documents d JOIN story_terms t ON t.doc_pk = d.pk ORDER BY d.pk",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let published: Option<String> = row.get(1)?;
            let terms: Vec<u8> = row.get(2)?;
            out.push(StoryDoc {
                date: published.as_deref().and_then(stories::parse_date),
                terms: codec::decompress_json(&terms, &format!("story terms of {id}"))?,
                id,
            });
        }
        Ok(out)
    }

    fn event_mentions(&self) -> Result<Vec<EventMention>> {
        let mut all = load_mentions(&self.conn, None)?;
        timeline::canonical_order(&mut all);
        Ok(all.into_iter().map(|(_, m, _)| m).collect())
    }

    fn event_mentions_of(&self, documents: &[String]) -> Result<Vec<EventMention>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT pk, n_events FROM documents WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let json = serde_json::to_string(documents).unwrap_or_else(|_| "[]".into());
        let rows = stmt.query_map([json], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        let mut members = Vec::new();
        for row in rows {
            let (pk, n) = row?;
            members.extend((0..n).map(|idx| (pk, idx)));
        }
        let mut all = load_mentions(&self.conn, Some(&members))?;
        timeline::canonical_order(&mut all);
        Ok(all.into_iter().map(|(_, m, _)| m).collect())
    }

    fn quotes(&self, speaker: Option<&str>) -> Result<Vec<QuoteRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, q.speaker, q.text, q.cue, q.kind, q.date, q.doc_pk, q.start, q.end FROM quotes q
             JOIN documents d ON d.pk = q.doc_pk
             WHERE ?1 IS NULL OR instr(lower(q.speaker), lower(?1)) > 0 ORDER BY q.date, q.doc_pk, q.idx",
        )?;
        let mut texts = self
            .conn
            .prepare_cached("SELECT text_z FROM documents WHERE pk = ?1")?;
        // Texts of the documents quoted lately (quotes come in date order, a document's
        // quotes together).
        let mut cache: HashMap<i64, String> = HashMap::new();
        let mut rows = stmt.query([speaker])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let document: String = r.get(0)?;
            let text = match r.get::<_, Option<String>>(2)? {
                Some(t) => t,
                None => {
                    let pk: i64 = r.get(6)?;
                    if !cache.contains_key(&pk) {
                        if cache.len() >= 256 {
                            cache.clear();
                        }
                        let blob: Vec<u8> = texts.query_row([pk], |r| r.get(0))?;
                        let t = codec::decompress_text(&blob, &format!("document {document}"))?;
                        cache.insert(pk, t);
                    }
                    let (start, end) = (r.get::<_, i64>(7)? as usize, r.get::<_, i64>(8)? as usize);
                    cache
                        .get(&pk)
                        .and_then(|t| t.get(start..end))
                        .unwrap_or_default()
                        .to_string()
                }
            };
            out.push(QuoteRow {
                document,
                speaker: r.get(1)?,
                text,
                cue: r.get(3)?,
                kind: r.get(4)?,
                date: r.get(5)?,
            });
        }
        Ok(out)
    }

    fn search(&self, query: &str, limit: u64) -> Result<Vec<SearchHit>> {
        let words = crate::snippet::query_words(query);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        // Quote every word so that user input is never FTS5 syntax.
        let fts: String = words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" ");
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.published, d.text_z
             FROM documents_fts f JOIN documents d ON d.pk = f.rowid
             WHERE documents_fts MATCH ?1 ORDER BY bm25(documents_fts) LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![fts, limit.min(i64::MAX as u64) as i64])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let text = codec::decompress_text(&r.get::<_, Vec<u8>>(3)?, &format!("document {id}"))?;
            out.push(SearchHit {
                snippet: crate::snippet::snippet(&text, &words),
                id,
                title: r.get(1)?,
                published: r.get(2)?,
            });
        }
        Ok(out)
    }

    fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))?.max(0) as u64)
        };
        Ok(Stats {
            documents: count("SELECT COUNT(*) FROM documents")?,
            near_duplicates: count(
                "SELECT COUNT(*) FROM documents WHERE near_duplicate_of IS NOT NULL",
            )?,
            events: count("SELECT COALESCE(SUM(n_events), 0) FROM documents")?,
            quotes: count("SELECT COUNT(*) FROM quotes")?,
            actors: count("SELECT COUNT(DISTINCT actor_id) FROM entity_actors")?,
        })
    }

    fn timeline(&self, query: &TimelineQuery) -> Result<TimelinePage> {
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        let mut param = |v: rusqlite::types::Value| {
            values.push(v);
            format!("?{}", values.len())
        };
        let f = &query.filter;
        if !f.all {
            conditions.push("main = 1".into());
        }
        if let Some(from) = f.from {
            conditions.push(format!(
                "end_day >= {}",
                param(timeline::day_number(from).into())
            ));
        }
        if let Some(to) = f.to {
            conditions.push(format!(
                "start_day <= {}",
                param(timeline::day_number(to).into())
            ));
        }
        if let Some(actor) = &f.actor {
            conditions.push(format!(
                "id IN (SELECT ea.entry FROM actors a JOIN entry_actors ea ON ea.actor_id = a.id WHERE instr(a.name_lc, {}) > 0)",
                param(actor.to_lowercase().into())
            ));
        }
        if let Some(actor) = &query.actor_exact {
            conditions.push(format!(
                "id IN (SELECT ea.entry FROM actors a JOIN entry_actors ea ON ea.actor_id = a.id WHERE a.name = {})",
                param(actor.clone().into())
            ));
        }
        if let Some(docs) = &query.documents {
            conditions.push(format!(
                "id IN (SELECT em.entry FROM documents d JOIN entry_members em ON em.doc_pk = d.pk WHERE d.id IN (SELECT value FROM json_each({})))",
                param(serde_json::to_string(docs).unwrap_or_else(|_| "[]".into()).into())
            ));
        }
        if query.conflicts_only {
            conditions.push("conflicts = 1".into());
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM timeline {filter}"),
            rusqlite::params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        let limit = if query.limit == 0 {
            -1
        } else {
            query.limit.min(i64::MAX as u64) as i64
        };
        let sql = format!(
            "SELECT entry FROM timeline {filter} ORDER BY {} LIMIT {limit} OFFSET {}",
            timeline::ORDER,
            query.offset.min(i64::MAX as u64)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        let mut blobs = Vec::new();
        while let Some(r) = rows.next()? {
            blobs.push(r.get::<_, Vec<u8>>(0)?);
        }
        let entries = timeline::decode_entries(&blobs, |pks| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT pk, title, outlet, text_z FROM documents WHERE pk IN (SELECT value FROM json_each(?1))",
            )?;
            let mut rows = stmt.query([json_ids(pks)])?;
            let mut docs = HashMap::new();
            while let Some(r) = rows.next()? {
                let pk: i64 = r.get(0)?;
                let text = codec::decompress_text(
                    &r.get::<_, Vec<u8>>(3)?,
                    &format!("text of stored document {pk}"),
                )?;
                docs.insert(
                    pk,
                    timeline::EntryDocument {
                        title: r.get(1)?,
                        outlet: r.get(2)?,
                        text,
                    },
                );
            }
            Ok(docs)
        })?;
        Ok(TimelinePage {
            total: total.max(0) as u64,
            entries,
        })
    }

    fn actors(&self) -> Result<Vec<ActorCount>> {
        let mut rows: BTreeMap<String, ActorCount> = BTreeMap::new();
        let mut add = |sql: &str, set: fn(&mut ActorCount, u64, u64)| -> Result<()> {
            let mut stmt = self.conn.prepare(sql)?;
            let mut it = stmt.query([])?;
            while let Some(r) = it.next()? {
                let name: String = r.get(0)?;
                let a: i64 = r.get(1)?;
                let b: i64 = r.get(2)?;
                let row = rows.entry(name.clone()).or_insert_with(|| ActorCount {
                    name,
                    ..Default::default()
                });
                set(row, a.max(0) as u64, b.max(0) as u64);
            }
            Ok(())
        };
        add(
            "SELECT a.name, SUM(ea.mentions), COUNT(*) FROM entity_actors ea JOIN actors a ON a.id = ea.actor_id GROUP BY a.name",
            |r, a, b| {
                r.mentions = a;
                r.documents = b;
            },
        )?;
        add(
            "SELECT speaker, COUNT(*), 0 FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker",
            |r, a, _| r.quotes = a,
        )?;
        add(
            "SELECT a.name, COUNT(*), 0 FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id GROUP BY a.name",
            |r, a, _| r.events = a,
        )?;
        Ok(rows.into_values().collect())
    }

    fn documents_mentioning(&self, actor: &str, limit: u64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id FROM actors a JOIN entity_actors ea ON ea.actor_id = a.id JOIN documents d ON d.pk = ea.doc_pk
             WHERE a.name = ?1 ORDER BY ea.doc_pk LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![actor, limit.min(i64::MAX as u64) as i64], |r| {
            r.get(0)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn rebuild_timeline(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        rebuild_in(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{EntityMention, Event, Quote, SentenceSpan, Trigger};

    /// A database as storyline wrote it at schema 5 (the migrations' SQL up to 5, rows as
    /// that version's ingest inserted them) opens, migrates to the compact schema and
    /// reads back the same documents, mentions, quotes, search and timeline.
    #[test]
    fn schema_5_database_migrates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v5.db");
        let text =
            "Xi Jinping met Vladimir Putin in Moscow on Tuesday. \"We are friends,\" Xi said.";
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
}
