//! The SQLite backend.

mod page;
mod schema;
#[cfg(test)]
mod tests;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rusqlite::{params, Connection};
use storyline_corpus::stories::{self, StoryDoc};
use storyline_model::Document;

use crate::prepare;
use crate::{
    codec, timeline, ActorCount, DocumentSummary, EventMention, Outcome, QuoteRow, Result,
    SearchHit, Stats, Store, StoreError, TimelinePage, TimelineQuery,
};
use schema::{rebuild_in, Migration, MIGRATIONS};
use write::{decode_row, load_mentions, SqliteTx};

/// Ids as a JSON array, the parameter of `json_each` (SQLite has no array parameters).
fn json_ids(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
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
        // Pages of 2 KiB waste less at the end of a document's row than 4 KiB ones (a new
        // database only: the page size of an existing one stays).
        conn.execute_batch("PRAGMA page_size = 2048;")?;
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
        // Off while migrating (it can only change outside a transaction): a migration may
        // make a table again under the same keys (schema 7's documents).
        self.conn.execute_batch("PRAGMA foreign_keys=OFF;")?;
        for (i, step) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.conn.transaction()?;
            match step {
                Migration::Sql(sql) => tx.execute_batch(sql)?,
                Migration::Code(f) => f(&tx)?,
            }
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        self.conn.execute_batch("PRAGMA foreign_keys=ON;")?;
        Ok(())
    }

    /// The underlying connection, for read-only queries of other crates.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Store for SqliteStore {
    fn insert_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        let tx = self.conn.transaction()?;
        let out = {
            let mut w = SqliteTx::new(&tx);
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
            "SELECT id, published, terms FROM documents WHERE terms IS NOT NULL ORDER BY pk",
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
        page::timeline(&self.conn, query)
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
