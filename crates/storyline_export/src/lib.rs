//! # storyline_export
//!
//! `storyline export`: one corpus table (documents, events, timeline or quotes) as a Parquet,
//! CSV or JSON Lines file, for pandas, DuckDB, Spark or a spreadsheet.
//!
//! Each table's rows are the JSON rows of the matching command (`storyline documents`,
//! `events`, `timeline`, `quotes` with `--format json`, made by [`storyline_query::rows`]),
//! so the exported fields are the fields the commands print; the events table adds the
//! event's `class`, `participants`, `score` and `in_title` (the fields of the `storyline
//! annotate` event object that `storyline events` leaves out). The schemas are in [`schema`]
//! and in `docs/export.md`:
//!
//! - Parquet: the Arrow schema of [`schema`], nested lists as Arrow lists (of structs),
//!   zstd-compressed, row groups of [`ROW_GROUP`] rows;
//! - CSV: a header row, then one line per row with the schema's top-level columns; a null is
//!   an empty field, and a nested value (a list or a struct) is its compact JSON;
//! - JSON Lines: the rows as they are, one per line.
//!
//! Rows stream: events are read one document at a time, documents and timeline entries a
//! page at a time, and Parquet is written a record batch of [`BATCH`] rows at a time, so a
//! large corpus never sits in memory whole (quotes are read as one list, as `storyline
//! quotes` reads them).
//!
//! ```
//! use storyline_export::{export, Format, Options, Table};
//! let dir = tempfile::tempdir().unwrap();
//! let corpus = storyline_query::Corpus::open(&dir.path().join("s.db")).unwrap();
//! let mut csv = Vec::new();
//! let rows = export(&corpus, Table::Quotes, Format::Csv, &Options::default(), &mut csv).unwrap();
//! assert_eq!(rows, 0);
//! assert_eq!(String::from_utf8(csv).unwrap(), "speaker,text,document,cue,kind,date\n");
//! ```
#![deny(missing_docs)]

mod columns;

use std::io::Write;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde_json::Value;
use storyline_model::{Document, Event};
use storyline_query::{rows, Corpus, Row, TimelineFilter};

pub use columns::batch;

/// Rows per Arrow record batch.
pub const BATCH: usize = 4096;

/// Rows per Parquet row group (what a reader reads, or skips, at once).
pub const ROW_GROUP: usize = 65_536;

/// Documents and timeline entries are read this many at a time.
const PAGE: u64 = 1024;

/// Errors of an export.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading the corpus failed.
    #[error(transparent)]
    Query(#[from] storyline_query::Error),
    /// Writing the output failed.
    #[error("writing the export")]
    Io(#[from] std::io::Error),
    /// A row did not fit the table (not expected: the rows are the commands' JSON).
    #[error("building a record batch")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// Writing Parquet failed.
    #[error("writing Parquet")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// A row is not valid JSON (not expected).
    #[error("reading a row")]
    Json(#[from] serde_json::Error),
}

/// Result of an export.
pub type Result<T> = std::result::Result<T, Error>;

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Stored documents, in insertion order: the rows of `storyline documents`.
    Documents,
    /// Every event mention with its document: the rows of `storyline events`, with the
    /// event's class, participants, score and `in_title`.
    Events,
    /// The merged timeline, oldest first: the rows of `storyline timeline` (same filter).
    Timeline,
    /// Who said what: the rows of `storyline quotes`.
    Quotes,
}

/// Which file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Apache Parquet.
    Parquet,
    /// Comma-separated values with a header row.
    Csv,
    /// JSON Lines.
    Jsonl,
}

/// What to export of the timeline and the quotes (the flags of `storyline timeline` and
/// `storyline quotes`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The timeline's actor, dates and `--all`.
    pub timeline: TimelineFilter,
    /// Only quotes of speakers whose name contains this (any case).
    pub speaker: Option<String>,
}

fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

fn list_of(name: &str, item: DataType) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, true))),
        true,
    )
}

fn structure(fields: Vec<Field>) -> DataType {
    DataType::Struct(Fields::from(fields))
}

/// `{start, end, text}`: a trigger.
fn span() -> DataType {
    structure(vec![int("start"), int("end"), utf8("text")])
}

/// The Arrow schema of a table: its columns in order, every column nullable.
pub fn schema(table: Table) -> SchemaRef {
    let fields = match table {
        Table::Documents => vec![
            utf8("id"),
            utf8("title"),
            utf8("published"),
            utf8("outlet"),
            utf8("near_duplicate_of"),
        ],
        Table::Events => vec![
            utf8("document"),
            utf8("outlet"),
            utf8("url"),
            int("sentence"),
            Field::new("trigger", span(), true),
            utf8("class"),
            list_of(
                "participants",
                structure(vec![
                    utf8("role"),
                    int("start"),
                    int("end"),
                    utf8("text"),
                    utf8("actor"),
                ]),
            ),
            utf8("code"),
            utf8("plover"),
            utf8("source"),
            utf8("source_code"),
            utf8("target"),
            utf8("target_code"),
            utf8("date"),
            utf8("precision"),
            utf8("location"),
            utf8("modality"),
            Field::new("score", DataType::Float64, true),
            Field::new("in_title", DataType::Boolean, true),
        ],
        Table::Timeline => vec![
            utf8("date"),
            utf8("precision"),
            Field::new("date_inferred", DataType::Boolean, true),
            utf8("code"),
            utf8("plover"),
            utf8("headline"),
            utf8("summary"),
            utf8("source"),
            utf8("target"),
            list_of("actors", DataType::Utf8),
            utf8("location"),
            utf8("modality"),
            list_of("documents", DataType::Utf8),
            int("sources"),
            Field::new("score", DataType::Float64, true),
            list_of(
                "mentions",
                structure(vec![
                    utf8("document"),
                    utf8("outlet"),
                    utf8("title"),
                    int("sentence"),
                    utf8("text"),
                    utf8("modality"),
                    Field::new("trigger", span(), true),
                    Field::new("in_title", DataType::Boolean, true),
                ]),
            ),
            list_of(
                "conflicts",
                structure(vec![
                    utf8("field"),
                    list_of(
                        "values",
                        structure(vec![utf8("value"), list_of("documents", DataType::Utf8)]),
                    ),
                ]),
            ),
        ],
        Table::Quotes => vec![
            utf8("speaker"),
            utf8("text"),
            utf8("document"),
            utf8("cue"),
            utf8("kind"),
            utf8("date"),
        ],
    };
    Arc::new(Schema::new(fields))
}

/// The row of one event in the events table: the `storyline events` row with the event's
/// class, participants, score and `in_title`.
pub fn event_row(doc: &Document, event: &Event) -> Result<Row> {
    let mut row: serde_json::Map<String, Value> =
        serde_json::from_str(rows::event_row(doc, event)?.get())?;
    row.insert("class".into(), Value::from(event.class.clone()));
    row.insert(
        "participants".into(),
        serde_json::to_value(&event.participants)?,
    );
    row.insert("score".into(), serde_json::to_value(event.score)?);
    row.insert("in_title".into(), Value::Bool(event.in_title));
    Ok(serde_json::value::to_raw_value(&row)?)
}

/// Calls `f` with every row of `table`, in the commands' order.
pub fn for_each_row(
    corpus: &Corpus,
    table: Table,
    options: &Options,
    mut f: impl FnMut(Row) -> Result<()>,
) -> Result<()> {
    match table {
        Table::Documents => {
            let mut offset = 0;
            loop {
                let page = corpus.documents_json(offset, PAGE)?;
                let n = page.len() as u64;
                for row in page {
                    f(row)?;
                }
                if n < PAGE {
                    return Ok(());
                }
                offset += n;
            }
        }
        Table::Events => corpus.for_each_event(|doc, event| f(event_row(doc, event)?)),
        Table::Timeline => {
            let mut offset = 0;
            loop {
                let page = corpus
                    .store()
                    .timeline(&storyline_store::TimelineQuery {
                        filter: options.timeline.clone(),
                        offset,
                        limit: PAGE,
                        ..Default::default()
                    })
                    .map_err(storyline_query::Error::from)?;
                let n = page.entries.len() as u64;
                for entry in &page.entries {
                    f(rows::timeline_row(entry)?)?;
                }
                if n < PAGE {
                    return Ok(());
                }
                offset += n;
            }
        }
        Table::Quotes => {
            for quote in corpus.quotes(options.speaker.as_deref())? {
                f(rows::quote_row(&quote)?)?;
            }
            Ok(())
        }
    }
}

/// Writes `table` of `corpus` to `out` in `format`; returns the number of rows.
pub fn export<W: Write + Send>(
    corpus: &Corpus,
    table: Table,
    format: Format,
    options: &Options,
    out: W,
) -> Result<u64> {
    let mut count = 0;
    match format {
        Format::Jsonl => {
            let mut out = std::io::BufWriter::new(out);
            for_each_row(corpus, table, options, |row| {
                count += 1;
                writeln!(out, "{}", row.get())?;
                Ok(())
            })?;
            out.flush()?;
        }
        Format::Csv => {
            let schema = schema(table);
            let mut out = std::io::BufWriter::new(out);
            let header: Vec<String> = schema
                .fields()
                .iter()
                .map(|f| csv_field(f.name()))
                .collect();
            writeln!(out, "{}", header.join(","))?;
            for_each_row(corpus, table, options, |row| {
                count += 1;
                let value: Value = serde_json::from_str(row.get())?;
                let line: Vec<String> = schema
                    .fields()
                    .iter()
                    .map(|field| match value.get(field.name()) {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => csv_field(s),
                        Some(other) => csv_field(&other.to_string()),
                    })
                    .collect();
                writeln!(out, "{}", line.join(","))?;
                Ok(())
            })?;
            out.flush()?;
        }
        Format::Parquet => {
            let schema = schema(table);
            let properties = WriterProperties::builder()
                .set_compression(Compression::ZSTD(ZstdLevel::default()))
                .set_max_row_group_row_count(Some(ROW_GROUP))
                .build();
            let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))?;
            let mut pending: Vec<Value> = Vec::with_capacity(BATCH);
            for_each_row(corpus, table, options, |row| {
                count += 1;
                pending.push(serde_json::from_str(row.get())?);
                if pending.len() == BATCH {
                    writer.write(&batch(&schema, &pending)?)?;
                    pending.clear();
                }
                Ok(())
            })?;
            if !pending.is_empty() {
                writer.write(&batch(&schema, &pending)?)?;
            }
            writer.close()?;
        }
    }
    Ok(count)
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
