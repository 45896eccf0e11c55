//! What each command does.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use storyline_corpus::TimelineFilter;
use storyline_ingest::{collect_files, read_path, IngestError};
use storyline_pipeline::{Document, Pipeline, PipelineConfig, RawArticle};
use storyline_query::{Corpus, TimelineQuery};
use storyline_store::Outcome;

use crate::args::{Cli, Command, Format, Model, TagCommand};

/// Runs a parsed command line; the exit code says whether some inputs failed (1).
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest {
            paths,
            db,
            batch,
            quiet,
        } => ingest(&paths, std::path::Path::new(&db.db), batch.max(1), quiet),
        Command::Annotate {
            paths,
            raw,
            dct,
            format,
        } => annotate(&paths, PipelineConfig { raw, dct }, format),
        Command::Stats { db, format } => stats(std::path::Path::new(&db.db), format),
        Command::Documents {
            db,
            format,
            offset,
            limit,
        } => documents(std::path::Path::new(&db.db), format, offset, limit),
        Command::Tag(TagCommand::Ner { conll }) => {
            let input = read_input(&conll)?;
            print_all(&storyline_ner::tag_conll(
                storyline_ner::Ner::default_model(),
                &input,
            ))
        }
        Command::Tag(TagCommand::Ud { conllu }) => {
            let input = read_input(&conllu)?;
            print_all(&storyline_nlp::tag_conllu(
                storyline_nlp::Nlp::default_models(),
                &input,
            ))
        }
        Command::Train {
            model,
            data,
            out,
            seed,
        } => train(model, &data, out.as_deref(), seed),
        Command::Timeline {
            db,
            actor,
            from,
            to,
            story,
            all,
            svg,
            format,
        } => crate::corpus::timeline(
            std::path::Path::new(&db.db),
            TimelineQuery {
                filter: TimelineFilter {
                    actor,
                    from,
                    to,
                    all,
                },
                story,
            },
            svg.as_deref(),
            format,
        ),
        Command::Stories { db, format } => {
            crate::corpus::stories(std::path::Path::new(&db.db), format)
        }
        Command::Quotes {
            db,
            speaker,
            format,
        } => crate::corpus::quotes(std::path::Path::new(&db.db), speaker.as_deref(), format),
        Command::Compare { db, format } => {
            crate::corpus::compare(std::path::Path::new(&db.db), format)
        }
        Command::Events { db, format } => {
            crate::corpus::events(std::path::Path::new(&db.db), format)
        }
        Command::Reindex { db } => reindex(&db.db),
        Command::Serve { db, addr, token } => {
            // Open once here so that a bad path is a clear error before the server starts.
            drop(open_corpus(std::path::Path::new(&db.db))?);
            let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
            eprintln!(
                "storyline: serving {} on http://{addr}/",
                storyline_store::display_db(&db.db)
            );
            runtime.block_on(storyline_server::serve(
                db.db,
                addr,
                storyline_server::ServerConfig { token },
            ))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(crate) fn open_corpus(path: &std::path::Path) -> Result<Corpus> {
    Ok(Corpus::open(path)?)
}

/// `storyline reindex`: the stored timeline merged again from every stored mention.
fn reindex(db: &str) -> Result<ExitCode> {
    let mut corpus = open_corpus(std::path::Path::new(db))?;
    let started = std::time::Instant::now();
    corpus
        .store_mut()
        .rebuild_timeline()
        .context("merging the stored timeline again")?;
    println!(
        "timeline of {} merged again from its stored mentions [{:.1}s]",
        storyline_store::display_db(db),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads articles from files in batches, reporting read errors as they come.
fn for_each_batch(
    files: &[PathBuf],
    batch_size: usize,
    progress: &ProgressBar,
    errors: &mut Vec<IngestError>,
    mut f: impl FnMut(Vec<RawArticle>) -> Result<()>,
) -> Result<()> {
    let mut batch = Vec::with_capacity(batch_size);
    for file in files {
        progress.set_message(file.display().to_string());
        for item in read_path(file) {
            match item {
                Ok(article) => batch.push(article),
                Err(e) => {
                    progress.suspend(|| eprintln!("storyline: {e}"));
                    errors.push(e);
                }
            }
            if batch.len() >= batch_size {
                f(std::mem::take(&mut batch))?;
            }
        }
        progress.inc(1);
    }
    if !batch.is_empty() {
        f(batch)?;
    }
    Ok(())
}

fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files  {per_sec}  {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb
}

#[derive(Debug, Default, serde::Serialize)]
struct IngestSummary {
    added: u64,
    duplicates: u64,
    near_duplicates: u64,
    failed: u64,
}

fn ingest(
    paths: &[PathBuf],
    db: &std::path::Path,
    batch_size: usize,
    quiet: bool,
) -> Result<ExitCode> {
    let (files, mut errors) = collect_files(paths);
    for e in &errors {
        eprintln!("storyline: {e}");
    }
    let mut corpus = open_corpus(db)?;
    let store = corpus.store_mut();
    let pipeline = Pipeline::new(PipelineConfig::default());
    let progress = progress_bar(files.len() as u64, quiet);
    let started = std::time::Instant::now();
    let mut empty = Vec::new();
    // One thread writes to the database while the next batch is annotated: storing is serial
    // (one SQLite connection), annotating uses every core, so overlapping them keeps the cores
    // busy. The channel holds one batch, so memory stays at about two batches.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(1);
    let (read, stored) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<IngestSummary> {
            let mut summary = IngestSummary::default();
            for docs in rx {
                let outcomes = store
                    .insert_batch(&docs)
                    .context("writing to the database")?;
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
        let read = for_each_batch(&files, batch_size, &progress, &mut errors, |batch| {
            let docs = without_empty(&batch, pipeline.annotate_batch(&batch), &mut empty);
            // a closed channel means the writer stopped on an error, reported below
            tx.send(docs)
                .map_err(|_| anyhow::anyhow!("the database writer stopped"))
        });
        drop(tx);
        let stored = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the database writer panicked")));
        (read, stored)
    });
    // the writer's error says why it stopped; the reader's only that it did
    let mut summary = stored?;
    read?;
    progress.finish_and_clear();
    errors.extend(empty);
    summary.failed = errors.len() as u64;
    let secs = started.elapsed().as_secs_f64();
    let total = summary.added + summary.duplicates;
    println!(
        "ingested into {}: {} added ({} near-duplicates linked), {} duplicates skipped, {} failed  [{:.1}s, {:.0} articles/s]",
        storyline_store::display_db(&db.to_string_lossy()),
        summary.added,
        summary.near_duplicates,
        summary.duplicates,
        summary.failed,
        secs,
        total as f64 / secs.max(1e-9)
    );
    if !errors.is_empty() {
        println!("failed inputs:");
        for e in &errors {
            println!("  {e}");
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn annotate(paths: &[PathBuf], config: PipelineConfig, format: Format) -> Result<ExitCode> {
    let (files, mut errors) = collect_files(paths);
    for e in &errors {
        eprintln!("storyline: {e}");
    }
    let pipeline = Pipeline::new(config);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let progress = ProgressBar::hidden();
    let mut empty = Vec::new();
    for_each_batch(&files, 256, &progress, &mut errors, |batch| {
        for doc in without_empty(&batch, pipeline.annotate_batch(&batch), &mut empty) {
            match format {
                Format::Json => {
                    serde_json::to_writer(&mut out, &doc)?;
                    writeln!(out)?;
                }
                Format::Text => write_doc_text(&mut out, &doc)?,
            }
        }
        Ok(())
    })?;
    out.flush()?;
    errors.extend(empty);
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Drops documents whose cleaning left no text (an HTML page without an article),
/// reporting each as an error that names its input.
fn without_empty(
    batch: &[RawArticle],
    docs: Vec<Document>,
    errors: &mut Vec<IngestError>,
) -> Vec<Document> {
    docs.into_iter()
        .zip(batch)
        .filter_map(|(doc, article)| {
            if doc.text.trim().is_empty() {
                let err = IngestError::NoText {
                    path: article.origin.clone(),
                };
                eprintln!("storyline: {err}");
                errors.push(err);
                None
            } else {
                Some(doc)
            }
        })
        .collect()
}

fn write_doc_text(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    writeln!(out, "== {}", doc.id)?;
    writeln!(out, "title:     {}", or_dash(&doc.title))?;
    writeln!(
        out,
        "published: {}{}",
        or_dash(&doc.published),
        if doc.published_inferred {
            " (inferred)"
        } else {
            ""
        }
    )?;
    writeln!(out, "outlet:    {}", or_dash(&doc.outlet))?;
    writeln!(out, "byline:    {}", or_dash(&doc.byline))?;
    writeln!(out, "removed:   {} piece(s)", doc.removed.len())?;
    for r in &doc.removed {
        let short: String = r.text.chars().take(70).collect();
        writeln!(out, "  - [{}] {}", r.reason, short)?;
    }
    writeln!(out, "\n{}\n", doc.text)
}

fn stats(db: &std::path::Path, format: Format) -> Result<ExitCode> {
    let corpus = open_corpus(db)?;
    let s = corpus.store().stats()?;
    match format {
        Format::Json => println!("{}", storyline_query::rows::stats_row(&s)?.get()),
        Format::Text => {
            println!(
                "database:        {}",
                storyline_store::display_db(&db.to_string_lossy())
            );
            println!("documents:       {}", s.documents);
            println!("near-duplicates: {}", s.near_duplicates);
            println!("events:          {}", s.events);
            println!("quotes:          {}", s.quotes);
            println!("actors:          {}", s.actors);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn documents(db: &std::path::Path, format: Format, offset: u64, limit: u64) -> Result<ExitCode> {
    let corpus = open_corpus(db)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for d in corpus.store().list(offset, limit)? {
        match format {
            Format::Json => writeln!(out, "{}", storyline_query::rows::document_row(&d)?.get())?,
            Format::Text => writeln!(
                out,
                "{:<28} {:<10} {:<12} {}{}",
                d.id,
                d.published.as_deref().unwrap_or("-"),
                d.outlet.as_deref().unwrap_or("-"),
                d.title.as_deref().unwrap_or("(untitled)"),
                d.near_duplicate_of
                    .map(|o| format!("  [copy of {o}]"))
                    .unwrap_or_default()
            )?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn read_input(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).with_context(|| format!("{}: not valid UTF-8", path.display()))
}

fn print_all(s: &str) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The folder of a crate's embedded models, found from this crate's source location.
fn default_model_dir(krate: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("models")
}

/// The folder of a crate's embedded data tables.
fn default_data_dir(krate: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("data")
}

fn train(
    model: Model,
    data: &std::path::Path,
    out: Option<&std::path::Path>,
    seed: u64,
) -> Result<ExitCode> {
    if !data.is_dir() {
        anyhow::bail!("data folder {} not found (give --data)", data.display());
    }
    if matches!(model, Model::Nlp | Model::All) {
        let dir = out
            .map(PathBuf::from)
            .unwrap_or_else(|| default_model_dir("storyline_nlp"));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        eprintln!(
            "training tagger, lemmatizer and parser into {}",
            dir.display()
        );
        let report = storyline_nlp::train::train_all(&data.join("ud-english-ewt"), &dir, seed)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!("nlp (UD English-EWT dev): {report}");
    }
    if matches!(model, Model::Ner | Model::All) {
        let dir = out
            .map(PathBuf::from)
            .unwrap_or_else(|| default_model_dir("storyline_ner"));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let conll = data.join("conll2003");
        eprintln!("training the entity recognizer into {}", dir.display());
        let report = storyline_ner::train::train(
            &conll.join("train.txt"),
            &conll.join("valid.txt"),
            &dir.join("ner.bin.gz"),
            seed,
        )?;
        println!("ner (CoNLL-2003 valid): {report}");
    }
    if matches!(model, Model::Actors | Model::All) {
        let path = out
            .map(|o| o.join("actors.json.gz"))
            .unwrap_or_else(|| default_data_dir("storyline_actors").join("actors.json.gz"));
        let stats = storyline_actors::build_kb(&data.join("cameo"), &path)
            .with_context(|| format!("building {}", path.display()))?;
        println!("actors: {stats:?} -> {}", path.display());
    }
    if matches!(model, Model::Events | Model::All) {
        let path = out
            .map(|o| o.join("verbs.json.gz"))
            .unwrap_or_else(|| default_data_dir("storyline_events").join("verbs.json.gz"));
        let counts =
            storyline_events::build_verbs(&data.join("cameo"), &data.join("plover"), &path)
                .with_context(|| format!("building {}", path.display()))?;
        println!("event verbs: {counts:?} -> {}", path.display());
    }
    if matches!(model, Model::Mentions | Model::All) {
        let path = out
            .map(|o| o.join("mentions.bin.gz"))
            .unwrap_or_else(|| default_model_dir("storyline_events").join("mentions.bin.gz"));
        let tempeval = data.join("tempeval3");
        eprintln!("training the event-mention model on {}", tempeval.display());
        let docs = storyline_events::mentions::train::load(
            &tempeval,
            &storyline_pipeline::annotate::analyze_for_training,
        )
        .with_context(|| format!("reading {}", tempeval.display()))?;
        let cfg = storyline_events::mentions::train::MentionTrainConfig {
            seed,
            ..Default::default()
        };
        let trained = storyline_events::mentions::train::train(&docs, cfg)?;
        let cv = &trained.cv;
        println!(
            "mentions ({} TimeML documents, {}-fold cross-validation): {}",
            docs.len(),
            cfg.folds,
            cv.held_out_at_threshold
        );
        println!(
            "mentions (training folds): {}; threshold {:.3}, temperature {:.2}, calibration error {:.1}",
            cv.training, cv.threshold, cv.temperature, cv.calibration_error
        );
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, &trained.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("event mentions -> {}", path.display());
    }
    eprintln!("rebuild (cargo build --release) to embed the new models");
    Ok(ExitCode::SUCCESS)
}
