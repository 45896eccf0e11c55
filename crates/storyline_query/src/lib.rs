//! # storyline_query
//!
//! What the corpus commands answer, as library functions. Each command's `--format json`
//! output is made here and only here: `storyline` prints these rows, the Python module
//! (`python/`) turns the same rows into dicts, and `storyline export` writes them as tables.
//! Changing what a command prints is changing one function of [`rows`].
//!
//! A [`Row`] is one JSON value exactly as the command prints it on one line (compact, keys in
//! the order the command has always printed them), so the CLI writes it as it is and other
//! front ends parse it.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let corpus = storyline_query::Corpus::open(&dir.path().join("s.db")).unwrap();
//! let stats = corpus.stats_json().unwrap();
//! assert_eq!(
//!     stats.get(),
//!     r#"{"documents":0,"near_duplicates":0,"events":0,"quotes":0,"actors":0}"#
//! );
//! ```
#![deny(missing_docs)]

pub mod rows;
pub mod run;

use std::path::{Path, PathBuf};

pub use rows::Row;
pub use run::{IngestSummary, Progress, Quiet};
pub use storyline_corpus::TimelineFilter;
use storyline_store::{Store, StoreError};

/// Errors of the corpus queries.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be opened.
    #[error("cannot open database {}", storyline_store::display_db(&db.to_string_lossy()))]
    Open {
        /// The database as named (`--db`).
        db: PathBuf,
        /// Why.
        #[source]
        source: StoreError,
    },
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Storing a batch failed (the batches before it are stored, none after).
    #[error("writing to the database")]
    Write(#[source] StoreError),
    /// Reading stopped because the database writer had stopped (on the error it returns).
    #[error("the database writer stopped")]
    WriterStopped,
    /// The database writer panicked.
    #[error("the database writer panicked")]
    WriterPanicked,
    /// `--story ID` names no story.
    #[error("no story {id} in {} ({count} stories: see storyline stories)", storyline_store::display_db(&db.to_string_lossy()))]
    NoStory {
        /// The story asked for.
        id: usize,
        /// The database.
        db: PathBuf,
        /// How many stories there are.
        count: usize,
    },
    /// A row could not be serialised (not expected: rows are plain data).
    #[error("cannot serialise a row: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result of the corpus queries.
pub type Result<T> = std::result::Result<T, Error>;

/// The message of an error with its causes, `: `-separated, as `storyline` prints it.
pub fn error_message(err: &(dyn std::error::Error + 'static)) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// A database opened by the name `--db` gives it (an SQLite file or a `postgres://` URL),
/// and what the corpus commands ask of it.
pub struct Corpus {
    db: PathBuf,
    store: Box<dyn Store + Send>,
}

impl std::fmt::Debug for Corpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Corpus")
            .field(
                "db",
                &storyline_store::display_db(&self.db.to_string_lossy()),
            )
            .finish_non_exhaustive()
    }
}

impl Corpus {
    /// Opens (creating if needed) the database `db`.
    pub fn open(db: &Path) -> Result<Corpus> {
        let store = storyline_store::open(&db.to_string_lossy()).map_err(|source| Error::Open {
            db: db.to_path_buf(),
            source,
        })?;
        Ok(Corpus {
            db: db.to_path_buf(),
            store,
        })
    }

    /// The database as it was named.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// The store, for what the rows do not cover.
    pub fn store(&self) -> &(dyn Store + Send) {
        &*self.store
    }

    /// The store, for writing.
    pub fn store_mut(&mut self) -> &mut (dyn Store + Send) {
        &mut *self.store
    }
}

/// Which timeline entries `storyline timeline` shows.
#[derive(Debug, Clone, Default)]
pub struct TimelineQuery {
    /// Actor, dates and `--all`.
    pub filter: TimelineFilter,
    /// Only events reported by the articles of this story (`--story ID`).
    pub story: Option<usize>,
}
