//! Command-line flags, defined once; help is generated from these definitions.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// storyline: turn news coverage into a sourced, structured account of what happened.
#[derive(Debug, Parser)]
#[command(name = "storyline", version, about, long_about = None)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Readable text, for people.
    #[default]
    Text,
    /// JSON (one value per line), for programs.
    Json,
}

/// The database flag shared by corpus commands.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// The database: an SQLite file, or a PostgreSQL URL
    /// (postgres://USER:PASSWORD@HOST:PORT/DB) that several ingests may write into at once.
    #[arg(long, env = "STORYLINE_DB", default_value = "storyline.db")]
    pub db: String,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add articles (files or folders: .txt, .html, .jsonl, .warc, .gz) to the database.
    Ingest {
        /// Files and folders (recursing).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArgs,
        /// Articles per transaction.
        #[arg(long, default_value_t = storyline_query::run::ANNOTATE_BATCH)]
        batch: usize,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        /// Output: the summary as text, or as one JSON object (counts and error messages).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Run the per-document pipeline without a database; print one JSON object per document.
    Annotate {
        /// Files and folders (recursing).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The input is already clean text: keep it byte for byte.
        #[arg(long)]
        raw: bool,
        /// Document creation time (YYYY-MM-DD) to resolve relative dates against.
        #[arg(long, value_parser = parse_date)]
        dct: Option<chrono::NaiveDate>,
        /// Output: json (the default here, one object per line) or text.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
    /// Corpus counts.
    Stats {
        #[command(flatten)]
        db: DbArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Tag a file with a model (the formats of CONTRACTS.md).
    #[command(subcommand)]
    Tag(TagCommand),
    /// Reproduce a model from the training data; deterministic for a fixed seed.
    Train {
        /// The model.
        #[arg(value_enum)]
        model: Model,
        /// The data folder (holding ud-english-ewt/, conll2003/).
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// Where to write the model files (default: the crate's models/ folder, which is embedded at build time).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The merged timeline of events across sources, oldest first.
    Timeline {
        #[command(flatten)]
        db: DbArgs,
        /// Only events involving this actor (case-insensitive, part of a name is enough).
        #[arg(long)]
        actor: Option<String>,
        /// Only events on or after this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        from: Option<chrono::NaiveDate>,
        /// Only events on or before this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        to: Option<chrono::NaiveDate>,
        /// Only events reported by the articles of this story (an id from `storyline stories`).
        #[arg(long)]
        story: Option<usize>,
        /// Also denied and hypothetical events and those without a known actor doing them.
        #[arg(long)]
        all: bool,
        /// Also draw the timeline as an SVG picture into this file.
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Articles grouped into stories (one real-world happening each), oldest first.
    Stories {
        #[command(flatten)]
        db: DbArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Who said what, across the corpus.
    Quotes {
        #[command(flatten)]
        db: DbArgs,
        /// Only quotes of this speaker (case-insensitive, part of a name is enough).
        #[arg(long)]
        speaker: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// How sources compare: framing terms per outlet, conflicts, coverage.
    Compare {
        #[command(flatten)]
        db: DbArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Export every coded event of the corpus (JSON Lines, CSV or GDELT 2.0 columns).
    Events {
        #[command(flatten)]
        db: DbArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: EventFormat,
    },
    /// Serve the JSON API and the web interface over the database.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on (loopback by default; any other address needs --token).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Access token every request must present (required off loopback).
        #[arg(long, env = "STORYLINE_TOKEN")]
        token: Option<String>,
    },
    /// Merge the stored timeline again from every stored event mention (after an upgrade
    /// of storyline that changed how mentions merge; ingest keeps it up to date otherwise).
    Reindex {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write one corpus table (documents, events, timeline or quotes) as a Parquet, CSV or
    /// JSON Lines file, with the fields of the matching command's JSON (docs/export.md).
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// The table.
        #[arg(long, value_enum)]
        what: ExportTable,
        /// The file format.
        #[arg(long, value_enum, default_value = "parquet")]
        format: ExportFormat,
        /// The output file (`-` for standard output).
        out: PathBuf,
        /// timeline: only events involving this actor (as `storyline timeline --actor`).
        #[arg(long)]
        actor: Option<String>,
        /// timeline: only events on or after this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        from: Option<chrono::NaiveDate>,
        /// timeline: only events on or before this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        to: Option<chrono::NaiveDate>,
        /// timeline: also denied and hypothetical events and those without a known actor.
        #[arg(long)]
        all: bool,
        /// quotes: only quotes of this speaker (case-insensitive, part of a name is enough).
        #[arg(long)]
        speaker: Option<String>,
    },
    /// List stored documents.
    Documents {
        #[command(flatten)]
        db: DbArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Skip this many.
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// Show at most this many.
        #[arg(long, default_value_t = 100)]
        limit: u64,
    },
}

/// What `tag` tags.
#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// Named entities over CoNLL-2003 style input; prints "TOKEN TAG" per line (IOB2).
    Ner {
        /// CoNLL-2003 style file: token first, blank lines between sentences.
        #[arg(long)]
        conll: PathBuf,
    },
    /// UPOS, lemmas and dependencies over CoNLL-U input, keeping its tokenisation.
    Ud {
        /// CoNLL-U file.
        #[arg(long)]
        conllu: PathBuf,
    },
}

/// Export format of `events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventFormat {
    /// Readable text.
    Text,
    /// JSON Lines, one event with its document per line.
    Json,
    /// CSV with a header row.
    Csv,
    /// Tab-separated rows with the GDELT 2.0 event-table columns.
    Gdelt,
}

/// The table `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportTable {
    /// Stored documents (the rows of `storyline documents`).
    Documents,
    /// Every event mention with its document (the rows of `storyline events`, with the
    /// event's class, participants, score and in_title).
    Events,
    /// The merged timeline (the rows of `storyline timeline`).
    Timeline,
    /// Who said what (the rows of `storyline quotes`).
    Quotes,
}

/// The file format of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Apache Parquet (nested lists as Arrow lists), zstd-compressed.
    Parquet,
    /// CSV with a header row; nested values as JSON text.
    Csv,
    /// JSON Lines, one row per line.
    Jsonl,
}

/// Which model `train` reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Model {
    /// Tagger, lemmatizer and parser, from UD English-EWT.
    Nlp,
    /// Named-entity recognizer, from CoNLL-2003.
    Ner,
    /// Actor knowledge base, from the Phoenix/PETRARCH dictionaries plus our extension.
    Actors,
    /// Event verb table (CAMEO verb patterns and the CAMEO-to-PLOVER table).
    Events,
    /// Event-mention model (TimeML events and classes), from TempEval-3 TimeBank and AQUAINT,
    /// with 5-fold cross-validated figures.
    Mentions,
    /// The political coding's calibrated score (and the threshold below which a mention keeps
    /// no code), from the PLOVER gold sentences and the coded mentions of real news labelled
    /// right or wrong (`crates/storyline_events/data/coded-news-labels.jsonl`, texts read from
    /// PolNeAR and the article-extraction benchmark under `--data`), with 5-fold
    /// cross-validated figures by origin. Uses the embedded mention model: train `mentions`
    /// first and rebuild if that changes.
    Coding,
    /// The timeline merge's pair model (how likely two mentions are one event), from ECB+
    /// (topics 1-22 fitted with 5-fold cross-validation by topic, 23-25 choosing the
    /// clustering threshold), into `crates/storyline_corpus/models/merge.json`.
    Merge,
    /// Every model.
    All,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}
