//! Running the pipeline over inputs: `storyline annotate` and `storyline ingest` as library
//! functions, so that the Python module batches, annotates and stores exactly as the CLI does.
//!
//! Articles are annotated in batches of [`ANNOTATE_BATCH`] (a batch learns which lines repeat
//! across its articles and dates undated articles from its dated ones, so the same batches give
//! the same documents). A bad input never stops a run: it is reported to [`Progress::failed`]
//! and counted, and the rest goes on.

use std::path::{Path, PathBuf};

use storyline_ingest::{collect_files, read_path, IngestError};
use storyline_model::{Document, RawArticle};
use storyline_pipeline::{Pipeline, PipelineConfig};
use storyline_store::Outcome;

use crate::rows::Row;
use crate::{Corpus, Error, Result};

/// Articles per batch of `storyline annotate` (and the default of `storyline ingest --batch`).
pub const ANNOTATE_BATCH: usize = 256;

/// What a run tells whoever started it. Every method does nothing by default.
pub trait Progress {
    /// The inputs were expanded into this many files.
    fn files(&mut self, _count: usize) {}
    /// Reading a file begins.
    fn file_started(&mut self, _path: &Path) {}
    /// Reading a file ended.
    fn file_done(&mut self) {}
    /// An input failed (it is also kept in the run's errors).
    fn failed(&mut self, _error: &IngestError) {}
}

/// A run that reports nothing as it goes.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Progress for Quiet {}

/// Reads `files` in order into batches of `batch_size` articles, calling `f` on each; read
/// errors go to `errors` (and `progress`) as they come.
pub fn read_batches<E: From<Error>>(
    files: &[PathBuf],
    batch_size: usize,
    progress: &mut dyn Progress,
    errors: &mut Vec<IngestError>,
    mut f: impl FnMut(Vec<RawArticle>, &mut dyn Progress) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let batch_size = batch_size.max(1);
    let mut batch = Vec::with_capacity(batch_size);
    for file in files {
        progress.file_started(file);
        for item in read_path(file) {
            match item {
                Ok(article) => batch.push(article),
                Err(e) => {
                    progress.failed(&e);
                    errors.push(e);
                }
            }
            if batch.len() >= batch_size {
                f(std::mem::take(&mut batch), progress)?;
            }
        }
        progress.file_done();
    }
    if !batch.is_empty() {
        f(batch, progress)?;
    }
    Ok(())
}

/// Annotates one batch, dropping documents whose cleaning left no text (an HTML page without
/// an article): each is reported as an error naming its input.
pub fn annotate_batch(
    pipeline: &Pipeline,
    batch: &[RawArticle],
    progress: &mut dyn Progress,
    errors: &mut Vec<IngestError>,
) -> Vec<Document> {
    pipeline
        .annotate_batch(batch)
        .into_iter()
        .zip(batch)
        .filter_map(|(doc, article)| {
            if doc.text.trim().is_empty() {
                let err = IngestError::NoText {
                    path: article.origin.clone(),
                };
                progress.failed(&err);
                errors.push(err);
                None
            } else {
                Some(doc)
            }
        })
        .collect()
}

/// `storyline annotate`: every document of `paths` (files and folders) in input order, given
/// to `f` as it is annotated. Returns the inputs that failed.
pub fn annotate_paths<E: From<Error>>(
    paths: &[PathBuf],
    config: PipelineConfig,
    progress: &mut dyn Progress,
    mut f: impl FnMut(Document) -> std::result::Result<(), E>,
) -> std::result::Result<Vec<IngestError>, E> {
    let (files, mut errors) = collect_files(paths);
    for e in &errors {
        progress.failed(e);
    }
    progress.files(files.len());
    let pipeline = Pipeline::new(config);
    let mut empty = Vec::new();
    read_batches(
        &files,
        ANNOTATE_BATCH,
        progress,
        &mut errors,
        |batch, progress| -> std::result::Result<(), E> {
            for doc in annotate_batch(&pipeline, &batch, progress, &mut empty) {
                f(doc)?;
            }
            Ok(())
        },
    )?;
    errors.extend(empty);
    Ok(errors)
}

/// What `storyline ingest` did.
#[derive(Debug, Default)]
pub struct IngestSummary {
    /// Documents stored (near-duplicates included).
    pub added: u64,
    /// Identical to a stored document, so not stored again.
    pub duplicates: u64,
    /// Stored and linked to the document they nearly copy.
    pub near_duplicates: u64,
    /// Inputs that failed (`errors.len()`).
    pub failed: u64,
    /// What failed, each naming its input.
    pub errors: Vec<IngestError>,
    /// How long the run took.
    pub seconds: f64,
}

/// The row of `storyline ingest --format json`: the counts and every error message (the run's
/// duration is left out so that the same inputs give the same row).
pub fn ingest_row(summary: &IngestSummary) -> Result<Row> {
    let errors: Vec<String> = summary.errors.iter().map(|e| e.to_string()).collect();
    Ok(serde_json::value::to_raw_value(&serde_json::json!({
        "added": summary.added, "near_duplicates": summary.near_duplicates,
        "duplicates": summary.duplicates, "failed": summary.failed, "errors": errors,
    }))?)
}

impl Corpus {
    /// `storyline ingest`: reads, annotates and stores every article of `paths` (files and
    /// folders), `batch_size` articles per transaction. One thread stores each batch while the
    /// next one is annotated. A database error stops the run (whole batches only are stored);
    /// bad inputs do not.
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        batch_size: usize,
        progress: &mut dyn Progress,
    ) -> Result<IngestSummary> {
        let started = std::time::Instant::now();
        let (files, mut errors) = collect_files(paths);
        for e in &errors {
            progress.failed(e);
        }
        progress.files(files.len());
        let store = &mut self.store;
        let pipeline = Pipeline::new(PipelineConfig::default());
        let mut empty = Vec::new();
        // Storing is serial (one connection), annotating uses every core, so overlapping them
        // keeps the cores busy. The channel holds one batch, so memory stays at about two
        // batches; batches are stored in input order, so near-duplicate links do not depend
        // on timing.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(1);
        let (read, stored) = std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> Result<IngestSummary> {
                let mut summary = IngestSummary::default();
                for docs in rx {
                    let outcomes = store.insert_batch(&docs).map_err(Error::Write)?;
                    for o in outcomes {
                        match o {
                            Outcome::Added { .. } => summary.added += 1,
                            Outcome::Duplicate { .. } => summary.duplicates += 1,
                            Outcome::NearDuplicate { .. } => {
                                summary.added += 1;
                                summary.near_duplicates += 1
                            }
                        }
                    }
                }
                Ok(summary)
            });
            let read = read_batches(
                &files,
                batch_size,
                progress,
                &mut errors,
                |batch, progress| -> Result<()> {
                    let docs = annotate_batch(&pipeline, &batch, progress, &mut empty);
                    // A closed channel means the writer stopped on an error, reported below.
                    tx.send(docs).map_err(|_| Error::WriterStopped)
                },
            );
            drop(tx);
            let stored = writer.join().unwrap_or(Err(Error::WriterPanicked));
            (read, stored)
        });
        // The writer's error says why it stopped; the reader's only that it did.
        let mut summary = stored?;
        read?;
        errors.extend(empty);
        summary.failed = errors.len() as u64;
        summary.errors = errors;
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }
}
