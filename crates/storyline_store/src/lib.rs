//! # storyline_store
//!
//! Where documents live between runs. [`Store`] is the storage interface; the
//! default backend, [`SqliteStore`], is a real SQLite database file in WAL mode
//! with a versioned schema (migrations keyed on `PRAGMA user_version`). Every batch
//! is one transaction, so an interrupted ingest leaves a consistent database and a
//! re-run picks up where it stopped (documents already stored are recognised by
//! their content hash and skipped).
//!
//! Duplicates are handled here: an identical document (same clean text) is not
//! stored again; a near-duplicate (MinHash similarity above
//! [`storyline_corpus::dedup::NEAR_DUPLICATE_THRESHOLD`], candidates found through
//! LSH band keys, never by comparing all pairs) is stored and linked to the
//! document it copies.
#![deny(missing_docs)]

mod sqlite;

pub use sqlite::SqliteStore;
use storyline_model::Document;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored document could not be decoded.
    #[error("stored document {id} is corrupt: {source}")]
    Corrupt {
        /// The document id.
        id: String,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// The database was written by a newer storyline.
    #[error("database schema version {found} is newer than this storyline supports ({supported})")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version we know.
        supported: i64,
    },
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
    /// Coded events.
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

/// The storage interface: SQLite now, PostgreSQL to follow.
pub trait Store {
    /// Stores a batch of documents in one transaction, reporting per document what happened.
    fn insert_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>>;
    /// One document by id.
    fn document(&self, id: &str) -> Result<Option<Document>>;
    /// Documents in insertion order, paged.
    fn list(&self, offset: u64, limit: u64) -> Result<Vec<DocumentSummary>>;
    /// Visits every stored document in insertion order.
    fn for_each_document(&self, f: &mut dyn FnMut(Document)) -> Result<()>;
    /// Every stored event with its document's id, outlet and date, without loading
    /// the documents (the timeline is merged from these).
    fn event_mentions(&self) -> Result<Vec<EventMention>>;
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
}
