//! The SQLite schema and its migrations.

use rusqlite::{params, OptionalExtension, Transaction};
use storyline_model::Document;

use super::write::SqliteTx;
use crate::prepare::{self, WriteTx};
use crate::{timeline, Result, StoreError};

/// One schema migration.
pub(super) enum Migration {
    /// Statements run as they are.
    Sql(&'static str),
    /// A step that needs code (re-encoding stored rows).
    Code(fn(&Transaction<'_>) -> Result<()>),
}

/// Schema migrations, in order; `PRAGMA user_version` is the number applied.
/// Never edit a released migration: add a new one.
pub(super) const MIGRATIONS: &[Migration] = &[
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
    // 7: timeline pages without reading rows they do not show. The order's first key is a
    // column (`sort_day`) that an index on the days and `main` holds; an entry's actors
    // carry its `main` and days, so that an actor's entries are counted from them; an
    // entry's members are kept in its row and indexed once, by mention. The entries are
    // merged again from the stored mentions.
    Migration::Code(migrate_7),
    // 8: blocking keys over days: a mention is filed under an event class and actors with the
    // days it covers, so that a batch finds the stored mentions it could pair with, not every
    // mention of its actors. The keys are computed again; the entries stay as they are. An
    // entry's members no longer reference it as a foreign key: `entry_members` is keyed by
    // mention, so deleting a timeline row made SQLite scan it whole for references (a batch
    // replacing 300 entries of a million mentions took 30 s); the store deletes an entry's
    // members with it.
    Migration::Code(migrate_8),
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
/// near-duplicate link (the timeline is merged by migration 7).
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
    let mut w = SqliteTx::schema_6(tx);
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
    // The timeline is merged by migration 7, which always follows.
    Ok(())
}

/// The tables of the stored timeline from schema 7 on.
const TIMELINE_7: &str = "
    CREATE TABLE timeline (
        id INTEGER PRIMARY KEY,
        start_day INTEGER,
        end_day INTEGER,
        -- start_day, or past every day (an undated entry): the order's first key
        sort_day INTEGER NOT NULL,
        main INTEGER NOT NULL,
        conflicts INTEGER NOT NULL,
        summary TEXT NOT NULL,
        tiebreak INTEGER NOT NULL,
        score REAL,
        n_documents INTEGER NOT NULL,
        -- the stored mentions the entry holds (codec::encode_members)
        members BLOB NOT NULL,
        entry BLOB NOT NULL
    );
    CREATE INDEX timeline_days ON timeline(sort_day, end_day, main);
    CREATE INDEX timeline_span ON timeline(end_day - start_day);
    CREATE TABLE entry_actors (
        actor_id INTEGER NOT NULL REFERENCES actors(id),
        entry INTEGER NOT NULL REFERENCES timeline(id),
        main INTEGER NOT NULL,
        sort_day INTEGER NOT NULL,
        end_day INTEGER,
        PRIMARY KEY (actor_id, entry)
    ) WITHOUT ROWID;
    CREATE INDEX entry_actors_entry ON entry_actors(entry);
    CREATE TABLE entry_members (
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        idx INTEGER NOT NULL,
        entry INTEGER NOT NULL REFERENCES timeline(id),
        PRIMARY KEY (doc_pk, idx, entry)
    ) WITHOUT ROWID;";

/// Schema 7's documents: the story terms (those of `story_terms` before) in the row, before
/// the blobs (a row's first bytes are on its first page).
const DOCUMENTS_7: &str = "
    CREATE TABLE documents_7 (
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
        n_events INTEGER NOT NULL,
        terms BLOB,
        text_z BLOB NOT NULL,
        body BLOB NOT NULL,
        events_z BLOB NOT NULL
    );
    INSERT INTO documents_7 SELECT d.pk, d.id, d.content_hash, d.title, d.published, d.published_inferred,
        d.outlet, d.byline, d.url, d.near_duplicate_of, d.similarity, d.added_at, d.n_events, t.terms,
        d.text_z, d.body, d.events_z
        FROM documents d LEFT JOIN story_terms t ON t.doc_pk = d.pk ORDER BY d.pk;
    DROP TABLE story_terms;
    DROP TABLE documents;
    ALTER TABLE documents_7 RENAME TO documents;
    CREATE INDEX documents_published ON documents(published);";

/// Schema 7: documents keep their story terms in the row; the timeline's tables are made
/// again and the timeline merged again. (Foreign keys are off while it runs: `documents` is
/// made again under the same keys.)
fn migrate_7(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(DOCUMENTS_7)?;
    tx.execute_batch("DROP TABLE entry_members; DROP TABLE entry_actors; DROP TABLE timeline;")?;
    tx.execute_batch(TIMELINE_7)?;
    // The blocking keys are filed by migration 8, which always follows (in its own table).
    timeline::rebuild(&mut SqliteTx::new(tx))?;
    let broken: Option<String> = tx
        .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
        .optional()?;
    match broken {
        Some(table) => Err(StoreError::Encoding {
            what: "schema 7 migration".into(),
            reason: format!("a row of {table} refers to no row"),
        }),
        None => Ok(()),
    }
}

/// The blocking keys from schema 8 on: a key, the days it covers, the mention.
const MENTION_KEYS_8: &str = "
    CREATE TABLE mention_keys (
        key_id INTEGER NOT NULL REFERENCES keys(id),
        day_lo INTEGER NOT NULL,
        day_hi INTEGER NOT NULL,
        doc_pk INTEGER NOT NULL REFERENCES documents(pk),
        idx INTEGER NOT NULL,
        PRIMARY KEY (key_id, day_lo, doc_pk, idx)
    ) WITHOUT ROWID;";

/// Schema 8: the blocking keys of every stored mention are filed again, over days.
fn migrate_8(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch("DROP TABLE mention_keys; DELETE FROM keys;")?;
    tx.execute_batch(MENTION_KEYS_8)?;
    tx.execute_batch(
        "CREATE TABLE entry_members_8 (
            doc_pk INTEGER NOT NULL REFERENCES documents(pk),
            idx INTEGER NOT NULL,
            entry INTEGER NOT NULL,
            PRIMARY KEY (doc_pk, idx, entry)
        ) WITHOUT ROWID;
        INSERT INTO entry_members_8 SELECT doc_pk, idx, entry FROM entry_members ORDER BY doc_pk, idx, entry;
        DROP TABLE entry_members;
        ALTER TABLE entry_members_8 RENAME TO entry_members;",
    )?;
    let mut w = SqliteTx::new(tx);
    let key_rows = timeline::filed_rows(&w.load_mentions(None)?);
    w.insert_mention_keys(&key_rows)
}

pub(super) fn rebuild_in(tx: &Transaction<'_>) -> Result<()> {
    let mut w = SqliteTx::new(tx);
    tx.execute("DELETE FROM mention_keys", [])?;
    let key_rows = timeline::rebuild(&mut w)?;
    w.insert_mention_keys(&key_rows)
}
