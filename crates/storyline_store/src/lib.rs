//! # storyline_store
//!
//! Where documents live between runs. [`Store`] is the storage interface, with two
//! backends:
//!
//! - [`SqliteStore`], the default: a real SQLite database file in WAL mode with a versioned
//!   schema (migrations keyed on `PRAGMA user_version`);
//! - `PostgresStore` (the `postgres` feature, on by default): a PostgreSQL database that any
//!   number of `storyline ingest` processes, on one machine or several, write into at once.
//!
//! [`open`] picks the backend from the database argument: a `postgres://` (or
//! `postgresql://`) URL, else a file path.
//!
//! Every batch is one transaction, so an interrupted ingest leaves a consistent database and
//! a re-run picks up where it stopped (documents already stored are recognised by their
//! content hash, unique in the schema, and skipped).
//!
//! Duplicates are handled here: an identical document (same clean text) is not stored
//! again; a near-duplicate (MinHash similarity above
//! [`storyline_corpus::dedup::NEAR_DUPLICATE_THRESHOLD`], candidates found through LSH band
//! keys, never by comparing all pairs) is stored and linked to the document it copies.
//!
//! The merged timeline is stored too: each batch re-merges only the stored mentions that its
//! event mentions could pair with or change, found by their blocking keys (an event class
//! and actors over days: [`storyline_corpus::blocking_keys`]), with the one merge implementation ([`storyline_corpus::merge`]), and timeline
//! queries are answered from the stored rows, filtered and paged in SQL.
//!
//! Storage is compact: a document's tokens are kept in a columnar binary encoding, the rest
//! of its annotations and its event mentions as JSON, each compressed (zstd); full-text search
//! keeps an index, not a second copy of the text.
//!
//! ```no_run
//! use storyline_store::{open, Store, TimelineQuery};
//! let store = open("storyline.db")?;
//! let page = store.timeline(&TimelineQuery { limit: 20, ..Default::default() })?;
//! println!("{} entries, first {}", page.total, page.entries.len());
//! # Ok::<(), storyline_store::StoreError>(())
//! ```
#![deny(missing_docs)]

pub mod actor;
mod codec;
mod columns;
#[cfg(feature = "postgres")]
mod postgres;
mod prepare;
mod snippet;
mod sqlite;
mod timeline;

#[cfg(feature = "postgres")]
pub use crate::postgres::PostgresStore;
pub use actor::{actor_timeline, resolve_actor};
pub use sqlite::SqliteStore;
use storyline_corpus::{TimelineEntry, TimelineFilter};
use storyline_model::Document;
pub use timeline::{last_update, UpdateStats};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The SQLite database failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL database failed.
    #[cfg(feature = "postgres")]
    #[error("PostgreSQL error: {}", postgres_message(.0))]
    Postgres(#[from] ::postgres::Error),
    /// A stored document could not be decoded.
    #[error("stored document {id} is corrupt: {source}")]
    Corrupt {
        /// The document id.
        id: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// Stored bytes (compressed or compact-encoded) could not be decoded.
    #[error("stored {what} is corrupt: {reason}")]
    Encoding {
        /// What was being decoded (names the document or entry).
        what: String,
        /// Why it failed.
        reason: String,
    },
    /// The database was written by a newer storyline.
    #[error("database schema version {found} is newer than this storyline supports ({supported})")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version we know.
        supported: i64,
    },
    /// The database argument names no backend this build has.
    #[error("unsupported database {0}")]
    Unsupported(String),
}

#[cfg(feature = "postgres")]
fn postgres_message(e: &::postgres::Error) -> String {
    // The driver's own Display says only "db error"; the server's message says what failed.
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            msg
        }
    }
}

/// Result of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// What happened to one document offered to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Stored as a new document, under this id.
    Added {
        /// The id it was stored under (may differ from the document's if that was taken).
        id: String,
    },
    /// Identical to a stored document; nothing changed.
    Duplicate {
        /// The stored document.
        of: String,
    },
    /// Stored, and linked to the document it nearly copies.
    NearDuplicate {
        /// The id it was stored under.
        id: String,
        /// The earlier document.
        of: String,
        /// Estimated Jaccard similarity.
        similarity: f64,
    },
}

/// Corpus counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Stored articles (near-duplicates included, exact duplicates not).
    pub documents: u64,
    /// Stored articles linked as near-duplicates.
    pub near_duplicates: u64,
    /// Event mentions.
    pub events: u64,
    /// Quotes.
    pub quotes: u64,
    /// Distinct actors.
    pub actors: u64,
}

/// A stored event and where it was reported: the corpus layer's mention type, so
/// the timeline merges what the store returns without conversion.
pub use storyline_corpus::Mention as EventMention;

/// A full-text search hit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchHit {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Matching passage, matches in `[brackets]`.
    pub snippet: String,
}

/// A stored quote.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuoteRow {
    /// Document id.
    pub document: String,
    /// Canonical speaker.
    pub speaker: Option<String>,
    /// What was said.
    pub text: String,
    /// Cue verb.
    pub cue: Option<String>,
    /// direct, indirect or mixed.
    pub kind: String,
    /// The document's date.
    pub date: Option<String>,
}

/// A short listing of a stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSummary {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Near-duplicate of.
    pub near_duplicate_of: Option<String>,
}

/// What to read of the stored timeline: the filter of `storyline timeline`, the documents
/// of a story, and a page.
#[derive(Debug, Clone, Default)]
pub struct TimelineQuery {
    /// Actor, dates and whether to show every entry (the rule of [`storyline_corpus::filter`]).
    pub filter: TimelineFilter,
    /// Only entries reported by one of these documents (a story's), when given.
    pub documents: Option<Vec<String>>,
    /// Only entries whose sources disagree on something.
    pub conflicts_only: bool,
    /// Only entries involving the actor of exactly this canonical name.
    pub actor_exact: Option<String>,
    /// Entries to skip.
    pub offset: u64,
    /// Entries to return at most (0 = no limit).
    pub limit: u64,
}

/// A page of the stored timeline.
#[derive(Debug, Clone, Default)]
pub struct TimelinePage {
    /// Entries passing the filter, on every page.
    pub total: u64,
    /// This page's entries, oldest first (undated last).
    pub entries: Vec<TimelineEntry>,
}

/// One actor with its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ActorCount {
    /// Canonical name.
    pub name: String,
    /// Entity mentions resolved to the actor.
    pub mentions: u64,
    /// Documents mentioning it.
    pub documents: u64,
    /// Stored timeline entries involving it.
    pub events: u64,
    /// Quotes it is the speaker of.
    pub quotes: u64,
}

/// The storage interface, with an SQLite and a PostgreSQL backend.
pub trait Store {
    /// Stores a batch of documents in one transaction, reporting per document what
    /// happened, and brings the stored timeline up to date with the batch.
    fn insert_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>>;
    /// One document by id.
    fn document(&self, id: &str) -> Result<Option<Document>>;
    /// Documents in insertion order, paged.
    fn list(&self, offset: u64, limit: u64) -> Result<Vec<DocumentSummary>>;
    /// Visits every stored document in insertion order.
    fn for_each_document(&self, f: &mut dyn FnMut(Document)) -> Result<()>;
    /// Every stored event mention with its document's id, outlet and date, without
    /// loading whole documents, ordered by document id and position in the document.
    fn event_mentions(&self) -> Result<Vec<EventMention>>;
    /// The stored event mentions of some documents (by id), in the order of
    /// [`Store::event_mentions`] (a story's timeline is merged from these).
    fn event_mentions_of(&self, documents: &[String]) -> Result<Vec<EventMention>>;
    /// The story terms of every stored document, in insertion order (stories are grouped
    /// from these without loading the documents).
    fn story_docs(&self) -> Result<Vec<storyline_corpus::stories::StoryDoc>>;
    /// Stored quotes, optionally of speakers whose name contains `speaker` (any case).
    fn quotes(&self, speaker: Option<&str>) -> Result<Vec<QuoteRow>>;
    /// Full-text search over titles and bodies, best first. Words of `query` are
    /// matched as plain words (no query syntax).
    fn search(&self, query: &str, limit: u64) -> Result<Vec<SearchHit>>;
    /// Corpus counts.
    fn stats(&self) -> Result<Stats>;
    /// The stored timeline entries passing a query, in timeline order, paged.
    fn timeline(&self, query: &TimelineQuery) -> Result<TimelinePage>;
    /// Every actor that entities, quotes or timeline entries name, with its counts.
    fn actors(&self) -> Result<Vec<ActorCount>>;
    /// Ids of the first `limit` stored documents (in insertion order) whose entities name
    /// the actor (exact canonical name).
    fn documents_mentioning(&self, actor: &str, limit: u64) -> Result<Vec<String>>;
    /// Recomputes the whole stored timeline from the stored mentions (after an upgrade that
    /// changed the merge); ingesting keeps it up to date otherwise.
    fn rebuild_timeline(&mut self) -> Result<()>;
}

/// Whether a database argument names a PostgreSQL database.
pub fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// A database argument fit to print: the password of a URL is hidden.
pub fn display_db(db: &str) -> String {
    if !is_postgres(db) {
        return db.to_string();
    }
    let Some((scheme, rest)) = db.split_once("://") else {
        return db.to_string();
    };
    let (auth, host) = match rest.rsplit_once('@') {
        Some(x) => x,
        None => return db.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => db.to_string(),
    }
}

/// Opens the database a `--db` argument names: a `postgres://USER:PASSWORD@HOST:PORT/DB`
/// URL, else the path of an SQLite file (created if missing). The schema is brought up to
/// date either way.
pub fn open(db: &str) -> Result<Box<dyn Store + Send>> {
    if is_postgres(db) {
        #[cfg(feature = "postgres")]
        return Ok(Box::new(PostgresStore::connect(db)?));
        #[cfg(not(feature = "postgres"))]
        return Err(StoreError::Unsupported(format!(
            "{}: this storyline was built without the postgres feature",
            display_db(db)
        )));
    }
    Ok(Box::new(SqliteStore::open(std::path::Path::new(db))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_hide_their_password() {
        assert_eq!(
            display_db("postgres://u:secret@localhost:5432/db"),
            "postgres://u:***@localhost:5432/db"
        );
        assert_eq!(
            display_db("postgres://localhost/db"),
            "postgres://localhost/db"
        );
        assert_eq!(display_db("some/file.db"), "some/file.db");
        assert!(is_postgres("postgresql://x/y"));
        assert!(!is_postgres("postgres.db"));
    }
}
