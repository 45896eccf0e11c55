//! The PostgreSQL backend: one database that many ingest workers write into at once.
//!
//! Writers take one transaction-scoped advisory lock per batch, so batches are stored one
//! after another in commit order: a document's near-duplicate is whichever copy was
//! committed first, and the stored timeline is updated from committed state only. Workers
//! annotate (the expensive part) in parallel; only storing waits. Content hashes are unique
//! in the schema besides, and a batch is one transaction, so a worker stopped at any point
//! leaves whole batches only and a re-run skips what is stored.

mod page;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement, Transaction};
use storyline_corpus::stories::{self, StoryDoc};
use storyline_corpus::{FiledKey, Mention, Probe};
use storyline_model::Document;

use crate::prepare::{self, DocumentMeta, DocumentRow, EntryRow, MemberKey, Span, WriteTx};
use crate::{
    codec, display_db, timeline, ActorCount, DocumentSummary, EventMention, Outcome, QuoteRow,
    Result, SearchHit, Stats, Store, StoreError, TimelinePage, TimelineQuery,
};

/// Advisory lock held while the schema is migrated.
const MIGRATE_LOCK: i64 = 0x5354_4f52_594c_0001;
/// Advisory lock held by the transaction storing a batch.
const WRITE_LOCK: i64 = 0x5354_4f52_594c_0002;

/// Schema migrations, in order; `storyline_schema.version` is the number applied.
/// Never edit a released migration: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: the schema of SQLite's version 6 (compact documents, contentless search through a
    // GIN index on the text's tsvector, the stored timeline). Text columns that order the
    // timeline use the C collation, so that entries sort as the merge sorts them.
    r#"
    CREATE TABLE documents (
        pk BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        published TEXT,
        published_inferred BOOLEAN NOT NULL DEFAULT false,
        outlet TEXT,
        byline TEXT,
        url TEXT,
        near_duplicate_of TEXT,
        similarity DOUBLE PRECISION,
        text TEXT NOT NULL,
        body BYTEA NOT NULL,
        events_z BYTEA NOT NULL,
        n_events BIGINT NOT NULL,
        added_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    -- Already compressed: PostgreSQL need not try again.
    ALTER TABLE documents ALTER COLUMN body SET STORAGE EXTERNAL;
    ALTER TABLE documents ALTER COLUMN events_z SET STORAGE EXTERNAL;
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_search ON documents USING GIN (to_tsvector('english', coalesce(title, '') || ' ' || text));
    CREATE TABLE minhash (doc_pk BIGINT PRIMARY KEY REFERENCES documents(pk), signature BYTEA NOT NULL);
    CREATE TABLE lsh_keys (key BIGINT NOT NULL, doc_pk BIGINT NOT NULL REFERENCES documents(pk), PRIMARY KEY (key, doc_pk));
    CREATE TABLE quotes (
        doc_pk BIGINT NOT NULL REFERENCES documents(pk),
        idx BIGINT NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        cue TEXT,
        kind TEXT NOT NULL,
        date TEXT COLLATE "C",
        PRIMARY KEY (doc_pk, idx)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE TABLE entity_actors (
        doc_pk BIGINT NOT NULL REFERENCES documents(pk),
        actor TEXT NOT NULL,
        mentions BIGINT NOT NULL,
        PRIMARY KEY (doc_pk, actor)
    );
    CREATE INDEX entity_actors_actor ON entity_actors(actor);
    CREATE TABLE story_terms (doc_pk BIGINT PRIMARY KEY REFERENCES documents(pk), terms BYTEA NOT NULL);
    CREATE TABLE keys (id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE);
    CREATE TABLE mention_keys (
        key_id BIGINT NOT NULL REFERENCES keys(id),
        doc_pk BIGINT NOT NULL REFERENCES documents(pk),
        idx BIGINT NOT NULL,
        PRIMARY KEY (key_id, doc_pk, idx)
    );
    CREATE TABLE timeline (
        id BIGSERIAL PRIMARY KEY,
        start_day BIGINT,
        end_day BIGINT,
        main BOOLEAN NOT NULL,
        conflicts BOOLEAN NOT NULL,
        summary TEXT COLLATE "C" NOT NULL,
        tiebreak BIGINT NOT NULL,
        score DOUBLE PRECISION,
        n_documents BIGINT NOT NULL,
        entry BYTEA NOT NULL
    );
    ALTER TABLE timeline ALTER COLUMN entry SET STORAGE EXTERNAL;
    CREATE INDEX timeline_order ON timeline((start_day IS NULL), start_day, summary, tiebreak);
    CREATE TABLE actors (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, name_lc TEXT NOT NULL);
    CREATE TABLE entry_actors (
        actor_id BIGINT NOT NULL REFERENCES actors(id),
        entry BIGINT NOT NULL REFERENCES timeline(id),
        PRIMARY KEY (actor_id, entry)
    );
    CREATE INDEX entry_actors_entry ON entry_actors(entry);
    CREATE TABLE entry_members (
        entry BIGINT NOT NULL REFERENCES timeline(id),
        doc_pk BIGINT NOT NULL REFERENCES documents(pk),
        idx BIGINT NOT NULL,
        PRIMARY KEY (entry, doc_pk, idx)
    );
    CREATE INDEX entry_members_mention ON entry_members(doc_pk, idx, entry);
    "#,
    // 2: timeline pages without reading rows they do not show (as SQLite's schema 7): the
    // order's first key is a column, `sort_day` (the first day, or past every day when
    // undated), under an index that also holds the last day and `main`; an entry's actors
    // carry its `main` and days, so that an actor's entries are counted from them.
    r#"
    ALTER TABLE timeline ADD COLUMN sort_day BIGINT;
    UPDATE timeline SET sort_day = COALESCE(start_day, 9223372036854775807);
    ALTER TABLE timeline ALTER COLUMN sort_day SET NOT NULL;
    DROP INDEX timeline_order;
    CREATE INDEX timeline_days ON timeline(sort_day, summary, tiebreak) INCLUDE (end_day, main);
    CREATE INDEX timeline_span ON timeline((end_day - start_day));
    ALTER TABLE entry_actors ADD COLUMN main BOOLEAN, ADD COLUMN sort_day BIGINT, ADD COLUMN end_day BIGINT;
    UPDATE entry_actors ea SET main = t.main, sort_day = t.sort_day, end_day = t.end_day
        FROM timeline t WHERE t.id = ea.entry;
    ALTER TABLE entry_actors ALTER COLUMN main SET NOT NULL, ALTER COLUMN sort_day SET NOT NULL;
    CREATE INDEX entry_actors_days ON entry_actors(actor_id, main, sort_day) INCLUDE (end_day);
    "#,
    // 3: blocking keys over days (as SQLite's schema 8): a mention is filed under an event
    // class and actors with the days it covers. The keys are filed again after this runs
    // ([`KEYS_REFILED`]).
    r#"
    DROP TABLE mention_keys;
    DELETE FROM keys;
    CREATE TABLE mention_keys (
        key_id BIGINT NOT NULL REFERENCES keys(id),
        day_lo BIGINT NOT NULL,
        day_hi BIGINT NOT NULL,
        doc_pk BIGINT NOT NULL REFERENCES documents(pk),
        idx BIGINT NOT NULL,
        PRIMARY KEY (key_id, day_lo, doc_pk, idx)
    );
    "#,
];

/// The migration after which the stored mentions' blocking keys are filed again.
const KEYS_REFILED: usize = 3;

/// A store in a PostgreSQL database.
pub struct PostgresStore {
    /// `None` only while dropping.
    client: RefCell<Option<Client>>,
    /// The writer's prepared statements.
    statements: HashMap<String, Statement>,
}

impl Drop for PostgresStore {
    fn drop(&mut self) {
        // Closing the synchronous client blocks on its own runtime, which may not happen on
        // a thread driving async tasks (a server's store dropped with its app): close it on
        // a thread of its own there.
        if let (Some(client), Ok(_)) = (
            self.client.get_mut().take(),
            tokio::runtime::Handle::try_current(),
        ) {
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to `postgres://USER:PASSWORD@HOST:PORT/DB` and brings the schema up to date.
    pub fn connect(url: &str) -> Result<Self> {
        let client = Client::connect(url, NoTls).map_err(|e| {
            StoreError::Unsupported(format!(
                "cannot connect to {}: {}",
                display_db(url),
                crate::postgres_message(&e)
            ))
        })?;
        let mut store = PostgresStore {
            client: RefCell::new(Some(client)),
            statements: HashMap::new(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, Client>> {
        std::cell::RefMut::filter_map(self.client.borrow_mut(), Option::as_mut)
            .map_err(|_| StoreError::Unsupported("the PostgreSQL connection is closed".into()))
    }

    fn client_mut(&mut self) -> Result<&mut Client> {
        self.client
            .get_mut()
            .as_mut()
            .ok_or_else(|| StoreError::Unsupported("the PostgreSQL connection is closed".into()))
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64> {
        let row = self.client()?.query_one(
            "SELECT COALESCE(MAX(version), 0)::BIGINT FROM storyline_schema",
            &[],
        )?;
        Ok(row.get(0))
    }

    fn migrate(&mut self) -> Result<()> {
        let client = self.client.get_mut().as_mut().ok_or_else(closed)?;
        // Workers starting together: one migrates, the others wait and find it done.
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS storyline_schema (version BIGINT NOT NULL)")?;
        let current: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0)::BIGINT FROM storyline_schema",
                &[],
            )?
            .get(0);
        let supported = MIGRATIONS.len() as i64;
        if current > supported {
            return Err(StoreError::TooNew {
                found: current,
                supported,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            tx.batch_execute(sql)?;
            tx.execute("DELETE FROM storyline_schema", &[])?;
            tx.execute(
                "INSERT INTO storyline_schema (version) VALUES ($1)",
                &[&(i as i64 + 1)],
            )?;
        }
        if (current as usize) < KEYS_REFILED && MIGRATIONS.len() >= KEYS_REFILED {
            let mut w = PgTx {
                tx: &mut tx,
                statements: &mut self.statements,
            };
            let key_rows = timeline::filed_rows(&w.load_mentions(None)?);
            w.insert_mention_keys(&key_rows)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Removes every table of the store (for tests that need an empty database).
    pub fn drop_all(&mut self) -> Result<()> {
        self.client_mut()?.batch_execute(
            "DROP TABLE IF EXISTS entry_members, entry_actors, actors, timeline, mention_keys, keys, story_terms,
                 entity_actors, quotes, lsh_keys, minhash, documents, storyline_schema CASCADE",
        )?;
        Ok(())
    }

    /// Sizes of the store's tables with their indexes and TOAST, in bytes, largest first.
    pub fn table_sizes(&self) -> Result<Vec<(String, i64)>> {
        let rows = self.client()?.query(
            "SELECT c.relname::TEXT, pg_total_relation_size(c.oid)::BIGINT FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY 2 DESC",
            &[],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}

fn closed() -> StoreError {
    StoreError::Unsupported("the PostgreSQL connection is closed".into())
}

/// The PostgreSQL side of a batch's transaction.
struct PgTx<'a, 'c> {
    tx: &'a mut Transaction<'c>,
    /// Statements prepared on this connection, by their SQL (each is parsed once, not once
    /// per document).
    statements: &'a mut HashMap<String, Statement>,
}

type Param<'p> = &'p (dyn ToSql + Sync);

impl PgTx<'_, '_> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        let st = self.tx.prepare(sql)?;
        self.statements.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
        let st = self.statement(sql)?;
        Ok(self.tx.query(&st, params)?)
    }

    fn query_one(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Row> {
        let st = self.statement(sql)?;
        Ok(self.tx.query_one(&st, params)?)
    }

    fn query_opt(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Option<Row>> {
        let st = self.statement(sql)?;
        Ok(self.tx.query_opt(&st, params)?)
    }

    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        let st = self.statement(sql)?;
        Ok(self.tx.execute(&st, params)?)
    }
}

impl PgTx<'_, '_> {
    /// Ids of names in a table of (id, name), added when missing.
    fn intern(
        &mut self,
        table: &str,
        names: &[String],
        lower: bool,
    ) -> Result<HashMap<String, i64>> {
        let names: Vec<String> = names
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if names.is_empty() {
            return Ok(HashMap::new());
        }
        if lower {
            let lc: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
            self.execute(
                &format!("INSERT INTO {table} (name, name_lc) SELECT * FROM unnest($1::TEXT[], $2::TEXT[]) ON CONFLICT (name) DO NOTHING"),
                &[&names, &lc],
            )?;
            let rows = self.query(
                &format!("SELECT id, name FROM {table} WHERE name = ANY($1)"),
                &[&names],
            )?;
            Ok(rows.iter().map(|r| (r.get(1), r.get(0))).collect())
        } else {
            self.execute(
                &format!("INSERT INTO {table} (key) SELECT * FROM unnest($1::TEXT[]) ON CONFLICT (key) DO NOTHING"),
                &[&names],
            )?;
            let rows = self.query(
                &format!("SELECT id, key FROM {table} WHERE key = ANY($1)"),
                &[&names],
            )?;
            Ok(rows.iter().map(|r| (r.get(1), r.get(0))).collect())
        }
    }
}

fn split(members: &[MemberKey]) -> (Vec<i64>, Vec<i64>) {
    members.iter().copied().unzip()
}

impl WriteTx for PgTx<'_, '_> {
    fn find_hash(&mut self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .query_opt("SELECT id FROM documents WHERE content_hash = $1", &[&hash])?
            .map(|r| r.get(0)))
    }

    fn id_taken(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM documents WHERE id = $1)",
                &[&id],
            )?
            .get(0))
    }

    fn near_candidates(&mut self, keys: &[i64]) -> Result<Vec<(String, Vec<u8>)>> {
        let rows = self.query(
            "SELECT d.id, m.signature FROM (SELECT DISTINCT doc_pk FROM lsh_keys WHERE key = ANY($1)) l
             JOIN documents d ON d.pk = l.doc_pk JOIN minhash m ON m.doc_pk = l.doc_pk
             WHERE d.near_duplicate_of IS NULL ORDER BY d.pk",
            &[&keys],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn insert_document(&mut self, row: &DocumentRow<'_>) -> Result<i64> {
        let doc = row.doc;
        let pk: i64 = self.query_one(
                "INSERT INTO documents (id, content_hash, title, published, published_inferred, outlet, byline, url,
                                        near_duplicate_of, similarity, text, body, events_z, n_events)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING pk",
                &[
                    &row.id,
                    &row.hash,
                    &doc.title,
                    &doc.published,
                    &doc.published_inferred,
                    &doc.outlet,
                    &doc.byline,
                    &doc.url,
                    &row.near_duplicate_of,
                    &row.similarity,
                    &doc.text,
                    &row.body,
                    &row.events,
                    &(doc.events.len() as i64),
                ],
            )?
            .get(0);
        self.execute(
            "INSERT INTO minhash (doc_pk, signature) VALUES ($1, $2)",
            &[&pk, &row.signature],
        )?;
        self.execute(
            "INSERT INTO lsh_keys (key, doc_pk) SELECT DISTINCT k, $2::BIGINT FROM unnest($1::BIGINT[]) k ON CONFLICT DO NOTHING",
            &[&row.band_keys, &pk],
        )?;
        if !doc.quotes.is_empty() {
            let idx: Vec<i64> = (0..doc.quotes.len() as i64).collect();
            let speaker: Vec<Option<&str>> =
                doc.quotes.iter().map(|q| q.speaker.as_deref()).collect();
            let text: Vec<&str> = doc.quotes.iter().map(|q| q.text.as_str()).collect();
            let cue: Vec<Option<&str>> = doc.quotes.iter().map(|q| q.cue.as_deref()).collect();
            let kind: Vec<&str> = doc.quotes.iter().map(|q| q.kind.as_str()).collect();
            self.execute(
                "INSERT INTO quotes (doc_pk, idx, speaker, text, cue, kind, date)
                 SELECT $1, * , $7 FROM unnest($2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[])",
                &[&pk, &idx, &speaker, &text, &cue, &kind, &doc.published],
            )?;
        }
        if !row.actors.is_empty() {
            let names: Vec<&str> = row.actors.iter().map(|(a, _)| a.as_str()).collect();
            let counts: Vec<i64> = row.actors.iter().map(|(_, n)| *n).collect();
            self.execute(
                "INSERT INTO entity_actors (doc_pk, actor, mentions) SELECT $1, * FROM unnest($2::TEXT[], $3::BIGINT[])",
                &[&pk, &names, &counts],
            )?;
        }
        self.execute(
            "INSERT INTO story_terms (doc_pk, terms) VALUES ($1, $2)",
            &[&pk, &row.story_terms],
        )?;
        Ok(pk)
    }

    fn insert_mention_keys(&mut self, rows: &[(FiledKey, MemberKey)]) -> Result<()> {
        let names: Vec<String> = rows.iter().map(|(k, _)| k.key.clone()).collect();
        let ids = self.intern("keys", &names, false)?;
        let mut key_ids = Vec::with_capacity(rows.len());
        let mut los = Vec::with_capacity(rows.len());
        let mut his = Vec::with_capacity(rows.len());
        let mut pks = Vec::with_capacity(rows.len());
        let mut idxs = Vec::with_capacity(rows.len());
        for (key, (pk, idx)) in rows {
            if let Some(id) = ids.get(&key.key) {
                key_ids.push(*id);
                los.push(key.first);
                his.push(key.last);
                pks.push(*pk);
                idxs.push(*idx);
            }
        }
        self.execute(
            "INSERT INTO mention_keys (key_id, day_lo, day_hi, doc_pk, idx)
             SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::BIGINT[], $5::BIGINT[])
             ON CONFLICT DO NOTHING",
            &[&key_ids, &los, &his, &pks, &idxs],
        )?;
        Ok(())
    }

    fn mentions_matching(&mut self, probes: &[Probe]) -> Result<Vec<(usize, MemberKey)>> {
        let keys: Vec<&str> = probes.iter().map(|p| p.key.as_str()).collect();
        let from: Vec<i64> = probes.iter().map(|p| p.first_from).collect();
        let to: Vec<i64> = probes.iter().map(|p| p.first_to).collect();
        let last: Vec<i64> = probes.iter().map(|p| p.last_from).collect();
        let rows = self.query(
            "SELECT p.i - 1, mk.doc_pk, mk.idx
             FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[], $4::BIGINT[]) WITH ORDINALITY AS p(key, lo, hi, last_from, i)
             JOIN keys k ON k.key = p.key
             JOIN mention_keys mk ON mk.key_id = k.id AND mk.day_lo BETWEEN p.lo AND p.hi AND mk.day_hi >= p.last_from",
            &[&keys, &from, &to, &last],
        )?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<_, i64>(0) as usize, (r.get(1), r.get(2))))
            .collect())
    }

    fn members_of_entries(&mut self, entries: &[i64]) -> Result<Vec<MemberKey>> {
        let rows = self.query(
            "SELECT doc_pk, idx FROM entry_members WHERE entry = ANY($1)",
            &[&entries],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn undated_documents(&mut self, pks: &[i64]) -> Result<Vec<(i64, i64)>> {
        let rows = self.query(
            "SELECT pk, n_events FROM documents WHERE pk = ANY($1) AND published IS NULL",
            &[&pks],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn entries_of_members(&mut self, members: &[MemberKey]) -> Result<Vec<i64>> {
        let (pks, idxs) = split(members);
        let rows = self.query(
            "SELECT DISTINCT em.entry FROM unnest($1::BIGINT[], $2::BIGINT[]) AS m(doc_pk, idx)
             JOIN entry_members em ON em.doc_pk = m.doc_pk AND em.idx = m.idx",
            &[&pks, &idxs],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn load_mentions(
        &mut self,
        members: Option<&[MemberKey]>,
    ) -> Result<Vec<(MemberKey, Mention, Span)>> {
        load_mentions(&mut *self.tx, members)
    }

    fn delete_entries(&mut self, entries: Option<&[i64]>) -> Result<()> {
        match entries {
            None => self.tx.batch_execute(
                "DELETE FROM entry_members; DELETE FROM entry_actors; DELETE FROM timeline;",
            )?,
            Some(ids) => {
                let ids = ids.to_vec();
                for sql in [
                    "DELETE FROM entry_members WHERE entry = ANY($1)",
                    "DELETE FROM entry_actors WHERE entry = ANY($1)",
                    "DELETE FROM timeline WHERE id = ANY($1)",
                ] {
                    self.execute(sql, &[&ids])?;
                }
            }
        }
        Ok(())
    }

    fn insert_entries(&mut self, rows: &[EntryRow]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let n = rows.len() as i64;
        let ids: Vec<i64> = self.query(
                "SELECT nextval(pg_get_serial_sequence('timeline', 'id')) FROM generate_series(1, $1::BIGINT)",
                &[&n],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let start: Vec<Option<i64>> = rows.iter().map(|e| e.start_day).collect();
        let sort_day: Vec<i64> = rows
            .iter()
            .map(|e| e.start_day.unwrap_or(timeline::UNDATED))
            .collect();
        let end: Vec<Option<i64>> = rows.iter().map(|e| e.end_day).collect();
        let main: Vec<bool> = rows.iter().map(|e| e.main).collect();
        let conflicts: Vec<bool> = rows.iter().map(|e| e.conflicts).collect();
        let summary: Vec<&str> = rows.iter().map(|e| e.summary.as_str()).collect();
        let tiebreak: Vec<i64> = rows.iter().map(|e| e.tiebreak).collect();
        let score: Vec<Option<f64>> = rows.iter().map(|e| e.score).collect();
        let n_documents: Vec<i64> = rows.iter().map(|e| e.n_documents).collect();
        let blob: Vec<&[u8]> = rows.iter().map(|e| e.blob.as_slice()).collect();
        self.execute(
            "INSERT INTO timeline (id, start_day, end_day, main, conflicts, summary, tiebreak, score, n_documents, entry, sort_day)
             SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::BOOLEAN[], $5::BOOLEAN[], $6::TEXT[], $7::BIGINT[],
                                  $8::DOUBLE PRECISION[], $9::BIGINT[], $10::BYTEA[], $11::BIGINT[])",
            &[&ids, &start, &end, &main, &conflicts, &summary, &tiebreak, &score, &n_documents, &blob, &sort_day],
        )?;
        let names: Vec<String> = rows.iter().flat_map(|e| e.actors.iter().cloned()).collect();
        let actor_ids = self.intern("actors", &names, true)?;
        let mut ea_actor = Vec::new();
        let mut ea_entry = Vec::new();
        let mut ea_main = Vec::new();
        let mut ea_sort = Vec::new();
        let mut ea_end = Vec::new();
        let mut em_entry = Vec::new();
        let mut em_pk = Vec::new();
        let mut em_idx = Vec::new();
        for (id, e) in ids.iter().zip(rows) {
            for a in e.actors.iter().collect::<BTreeSet<_>>() {
                if let Some(actor) = actor_ids.get(a) {
                    ea_actor.push(*actor);
                    ea_entry.push(*id);
                    ea_main.push(e.main);
                    ea_sort.push(e.start_day.unwrap_or(timeline::UNDATED));
                    ea_end.push(e.end_day);
                }
            }
            for (pk, idx) in e.members.iter().collect::<BTreeSet<_>>() {
                em_entry.push(*id);
                em_pk.push(*pk);
                em_idx.push(*idx);
            }
        }
        self.execute(
            "INSERT INTO entry_actors (actor_id, entry, main, sort_day, end_day)
             SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BOOLEAN[], $4::BIGINT[], $5::BIGINT[])",
            &[&ea_actor, &ea_entry, &ea_main, &ea_sort, &ea_end],
        )?;
        self.execute(
            "INSERT INTO entry_members (entry, doc_pk, idx) SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BIGINT[])",
            &[&em_entry, &em_pk, &em_idx],
        )?;
        Ok(())
    }
}

const MENTION_COLUMNS: &str =
    "pk, id, title, outlet, published, published_inferred, near_duplicate_of, text, events_z";

fn mention_rows(
    rows: &[Row],
    wanted: Option<&BTreeMap<i64, BTreeSet<i64>>>,
    out: &mut Vec<(MemberKey, Mention, Span)>,
) -> Result<()> {
    for r in rows {
        let meta = DocumentMeta {
            pk: r.get(0),
            id: r.get(1),
            title: r.get(2),
            outlet: r.get(3),
            published: r.get(4),
            published_inferred: r.get(5),
            near_duplicate_of: r.get(6),
        };
        let text: String = r.get(7);
        let events: Vec<u8> = r.get(8);
        let w = wanted.and_then(|w| w.get(&meta.pk));
        if wanted.is_some() && w.is_none() {
            continue;
        }
        prepare::mentions_of_row(meta, &text, &events, w, out)?;
    }
    Ok(())
}

fn load_mentions(
    client: &mut impl postgres::GenericClient,
    members: Option<&[MemberKey]>,
) -> Result<Vec<(MemberKey, Mention, Span)>> {
    let mut out = Vec::new();
    match members {
        None => {
            let rows = client.query(
                &format!("SELECT {MENTION_COLUMNS} FROM documents WHERE n_events > 0 ORDER BY pk"),
                &[],
            )?;
            mention_rows(&rows, None, &mut out)?;
        }
        Some(members) => {
            let mut by_doc: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
            for (pk, idx) in members {
                by_doc.entry(*pk).or_default().insert(*idx);
            }
            let pks: Vec<i64> = by_doc.keys().copied().collect();
            let rows = client.query(
                &format!("SELECT {MENTION_COLUMNS} FROM documents WHERE pk = ANY($1) ORDER BY pk"),
                &[&pks],
            )?;
            mention_rows(&rows, Some(&by_doc), &mut out)?;
        }
    }
    Ok(out)
}

fn decode_row(r: &Row) -> Result<Document> {
    let id: String = r.get(0);
    let what = format!("document {id}");
    let body: Vec<u8> = r.get(2);
    let events: Vec<u8> = r.get(3);
    let mut doc = codec::decode_document(r.get(1), &body, Some(&events), &what)?;
    doc.id = id;
    Ok(doc)
}

/// A parameter list for queries built at run time.
pub(super) type Params = Vec<Box<dyn ToSql + Sync>>;

pub(super) fn refs(params: &Params) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p.as_ref()).collect()
}

/// The documents with every NUL character made a space: PostgreSQL's text type cannot hold
/// NUL, and a space keeps every byte offset. Documents without one are not copied.
fn without_nul(docs: &[Document]) -> std::borrow::Cow<'_, [Document]> {
    let has_nul = |d: &Document| {
        [&d.title, &d.outlet, &d.byline, &d.url, &d.published]
            .iter()
            .any(|f| f.as_deref().is_some_and(|s| s.contains('\0')))
            || d.text.contains('\0')
            || d.id.contains('\0')
            || d.removed.iter().any(|r| r.text.contains('\0'))
    };
    if !docs.iter().any(has_nul) {
        return std::borrow::Cow::Borrowed(docs);
    }
    std::borrow::Cow::Owned(
        docs.iter()
            .map(|d| {
                if !has_nul(d) {
                    return d.clone();
                }
                // Every string of the document comes from these fields; its JSON spells a
                // NUL as one escape, whichever field holds it.
                serde_json::to_string(d)
                    .ok()
                    .and_then(|json| serde_json::from_str(&json.replace("\\u0000", " ")).ok())
                    .unwrap_or_else(|| d.clone())
            })
            .collect(),
    )
}

impl Store for PostgresStore {
    fn insert_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        let client = self.client.get_mut().as_mut().ok_or_else(closed)?;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        let docs = without_nul(docs);
        let out = prepare::insert_batch(
            &mut PgTx {
                tx: &mut tx,
                statements: &mut self.statements,
            },
            &docs,
        )?;
        tx.commit()?;
        Ok(out)
    }

    fn document(&self, id: &str) -> Result<Option<Document>> {
        let row = self.client()?.query_opt(
            "SELECT id, text, body, events_z FROM documents WHERE id = $1",
            &[&id],
        )?;
        row.as_ref().map(decode_row).transpose()
    }

    fn list(&self, offset: u64, limit: u64) -> Result<Vec<DocumentSummary>> {
        let rows = self.client()?.query(
            "SELECT id, title, published, outlet, near_duplicate_of FROM documents ORDER BY pk LIMIT $1 OFFSET $2",
            &[&(limit.min(i64::MAX as u64) as i64), &(offset.min(i64::MAX as u64) as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|r| DocumentSummary {
                id: r.get(0),
                title: r.get(1),
                published: r.get(2),
                outlet: r.get(3),
                near_duplicate_of: r.get(4),
            })
            .collect())
    }

    fn for_each_document(&self, f: &mut dyn FnMut(Document)) -> Result<()> {
        // Pages by key, so that memory holds one page of documents, not the corpus.
        let mut after = 0i64;
        loop {
            let rows = self.client()?.query(
                "SELECT id, text, body, events_z, pk FROM documents WHERE pk > $1 ORDER BY pk LIMIT 256",
                &[&after],
            )?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            after = last.get(4);
            for r in &rows {
                f(decode_row(r)?);
            }
        }
    }

    fn event_mentions(&self) -> Result<Vec<EventMention>> {
        let mut all = load_mentions(&mut *self.client()?, None)?;
        timeline::canonical_order(&mut all);
        Ok(all.into_iter().map(|(_, m, _)| m).collect())
    }

    fn event_mentions_of(&self, documents: &[String]) -> Result<Vec<EventMention>> {
        let mut client = self.client()?;
        let rows = client.query(
            "SELECT pk, n_events FROM documents WHERE id = ANY($1)",
            &[&documents],
        )?;
        let members: Vec<MemberKey> = rows
            .iter()
            .flat_map(|r| {
                let pk: i64 = r.get(0);
                (0..r.get::<_, i64>(1)).map(move |idx| (pk, idx))
            })
            .collect();
        let mut all = load_mentions(&mut *client, Some(&members))?;
        timeline::canonical_order(&mut all);
        Ok(all.into_iter().map(|(_, m, _)| m).collect())
    }

    fn story_docs(&self) -> Result<Vec<StoryDoc>> {
        let rows = self.client()?.query(
            "SELECT d.id, d.published, t.terms FROM documents d JOIN story_terms t ON t.doc_pk = d.pk ORDER BY d.pk",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let id: String = r.get(0);
                let published: Option<String> = r.get(1);
                let terms: Vec<u8> = r.get(2);
                Ok(StoryDoc {
                    date: published.as_deref().and_then(stories::parse_date),
                    terms: codec::decompress_json(&terms, &format!("story terms of {id}"))?,
                    id,
                })
            })
            .collect()
    }

    fn quotes(&self, speaker: Option<&str>) -> Result<Vec<QuoteRow>> {
        let rows = self.client()?.query(
            "SELECT d.id, q.speaker, q.text, q.cue, q.kind, q.date FROM quotes q JOIN documents d ON d.pk = q.doc_pk
             WHERE $1::TEXT IS NULL OR strpos(lower(q.speaker), lower($1::TEXT)) > 0 ORDER BY q.date NULLS FIRST, q.doc_pk, q.idx",
            &[&speaker],
        )?;
        Ok(rows
            .iter()
            .map(|r| QuoteRow {
                document: r.get(0),
                speaker: r.get(1),
                text: r.get(2),
                cue: r.get(3),
                kind: r.get(4),
                date: r.get(5),
            })
            .collect())
    }

    fn search(&self, query: &str, limit: u64) -> Result<Vec<SearchHit>> {
        let words = crate::snippet::query_words(query);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let plain = words.join(" ");
        let rows = self.client()?.query(
            "SELECT id, title, published, text FROM documents, plainto_tsquery('english', $1) q
             WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) @@ q
             ORDER BY ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || text), q) DESC, pk LIMIT $2",
            &[&plain, &(limit.min(i64::MAX as u64) as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                let text: String = r.get(3);
                SearchHit {
                    id: r.get(0),
                    title: r.get(1),
                    published: r.get(2),
                    snippet: crate::snippet::snippet(&text, &words),
                }
            })
            .collect())
    }

    fn stats(&self) -> Result<Stats> {
        let row = self.client()?.query_one(
            "SELECT (SELECT COUNT(*) FROM documents),
                    (SELECT COUNT(*) FROM documents WHERE near_duplicate_of IS NOT NULL),
                    (SELECT COALESCE(SUM(n_events), 0)::BIGINT FROM documents),
                    (SELECT COUNT(*) FROM quotes),
                    (SELECT COUNT(DISTINCT actor) FROM entity_actors)",
            &[],
        )?;
        let n = |i: usize| row.get::<_, i64>(i).max(0) as u64;
        Ok(Stats {
            documents: n(0),
            near_duplicates: n(1),
            events: n(2),
            quotes: n(3),
            actors: n(4),
        })
    }

    fn timeline(&self, query: &TimelineQuery) -> Result<TimelinePage> {
        page::timeline(&mut *self.client()?, query)
    }

    fn actors(&self) -> Result<Vec<ActorCount>> {
        let mut rows: BTreeMap<String, ActorCount> = BTreeMap::new();
        let mut client = self.client()?;
        let mut add = |sql: &str, set: fn(&mut ActorCount, u64, u64)| -> Result<()> {
            for r in client.query(sql, &[])? {
                let name: String = r.get(0);
                let a: i64 = r.get(1);
                let b: i64 = r.get(2);
                let row = rows.entry(name.clone()).or_insert_with(|| ActorCount {
                    name,
                    ..Default::default()
                });
                set(row, a.max(0) as u64, b.max(0) as u64);
            }
            Ok(())
        };
        add(
            "SELECT actor, SUM(mentions)::BIGINT, COUNT(*) FROM entity_actors GROUP BY actor",
            |r, a, b| {
                r.mentions = a;
                r.documents = b;
            },
        )?;
        add(
            "SELECT speaker, COUNT(*), 0::BIGINT FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker",
            |r, a, _| r.quotes = a,
        )?;
        add(
            "SELECT a.name, COUNT(*), 0::BIGINT FROM entry_actors ea JOIN actors a ON a.id = ea.actor_id GROUP BY a.name",
            |r, a, _| r.events = a,
        )?;
        Ok(rows.into_values().collect())
    }

    fn documents_mentioning(&self, actor: &str, limit: u64) -> Result<Vec<String>> {
        let rows = self.client()?.query(
            "SELECT d.id FROM entity_actors ea JOIN documents d ON d.pk = ea.doc_pk WHERE ea.actor = $1 ORDER BY ea.doc_pk LIMIT $2",
            &[&actor, &(limit.min(i64::MAX as u64) as i64)],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn rebuild_timeline(&mut self) -> Result<()> {
        let client = self.client.get_mut().as_mut().ok_or_else(closed)?;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        tx.execute("DELETE FROM mention_keys", &[])?;
        let mut w = PgTx {
            tx: &mut tx,
            statements: &mut self.statements,
        };
        let key_rows = timeline::rebuild(&mut w)?;
        w.insert_mention_keys(&key_rows)?;
        tx.commit()?;
        Ok(())
    }
}
