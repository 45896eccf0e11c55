//! What each command does.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use storyline_corpus::TimelineFilter;
use storyline_ingest::IngestError;
use storyline_pipeline::{Document, PipelineConfig};
use storyline_query::{Corpus, Progress, TimelineQuery};

use crate::args::{Cli, Command, Format, Model, TagCommand};

/// Runs a parsed command line; the exit code says whether some inputs failed (1).
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest {
            paths,
            db,
            batch,
            quiet,
            format,
        } => ingest(
            &paths,
            std::path::Path::new(&db.db),
            batch.max(1),
            quiet,
            format,
        ),
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
        Command::Export {
            db,
            what,
            format,
            out,
            actor,
            from,
            to,
            all,
            speaker,
        } => crate::corpus::export(
            std::path::Path::new(&db.db),
            what,
            format,
            &out,
            &storyline_export::Options {
                timeline: TimelineFilter {
                    actor,
                    from,
                    to,
                    all,
                },
                speaker,
            },
        ),
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

/// Opens (or creates) the database `ingest` writes to.
pub(crate) fn open_corpus(path: &std::path::Path) -> Result<Corpus> {
    Ok(Corpus::open(path)?)
}

/// Opens the database a query reads: one that does not exist is an error naming the path,
/// never a new empty database ("storyline timeline --db typo.db").
pub(crate) fn open_existing(path: &std::path::Path) -> Result<Corpus> {
    let name = path.to_string_lossy();
    if !storyline_store::is_postgres(&name) && !path.exists() {
        anyhow::bail!(
            "no database at {name}: ingest articles first (storyline ingest PATH --db {name}), or \
             name the database with --db or $STORYLINE_DB"
        );
    }
    open_corpus(path)
}

/// `storyline reindex`: the stored timeline merged again from every stored mention.
fn reindex(db: &str) -> Result<ExitCode> {
    let mut corpus = open_existing(std::path::Path::new(db))?;
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

/// Progress on the terminal: a bar over the files (hidden with `--quiet`), errors as they come.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn files(&mut self, count: usize) {
        self.0.set_length(count as u64);
    }
    fn file_started(&mut self, path: &std::path::Path) {
        self.0.set_message(path.display().to_string());
    }
    fn file_done(&mut self) {
        self.0.inc(1);
    }
    fn failed(&mut self, error: &IngestError) {
        self.0.suspend(|| eprintln!("storyline: {error}"));
    }
}

fn progress_bar(quiet: bool) -> Bar {
    if quiet {
        return Bar(ProgressBar::hidden());
    }
    let pb = ProgressBar::new(0);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files  {rate}  {wide_msg}",
        )
        .map(|s| {
            // One decimal is what a reader can use ("12.3 files/s", not "12.3456/s").
            s.with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.1} files/s", state.per_sec());
                },
            )
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Bar(pb)
}

fn ingest(
    paths: &[PathBuf],
    db: &std::path::Path,
    batch_size: usize,
    quiet: bool,
    format: Format,
) -> Result<ExitCode> {
    let mut corpus = open_corpus(db)?;
    let mut progress = progress_bar(quiet);
    let summary = corpus.ingest(paths, batch_size, &mut progress)?;
    progress.0.finish_and_clear();
    match format {
        Format::Json => println!("{}", storyline_query::run::ingest_row(&summary)?.get()),
        Format::Text => {
            let total = summary.added + summary.duplicates;
            println!(
                "ingested into {}: {} added ({} near-duplicates linked), {} duplicates skipped, {} failed  [{:.1}s, {:.0} articles/s]",
                storyline_store::display_db(&db.to_string_lossy()),
                summary.added,
                summary.near_duplicates,
                summary.duplicates,
                summary.failed,
                summary.seconds,
                total as f64 / summary.seconds.max(1e-9)
            );
            if !summary.errors.is_empty() {
                println!("failed inputs:");
                for e in &summary.errors {
                    println!("  {e}");
                }
            }
        }
    }
    Ok(if summary.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn annotate(paths: &[PathBuf], config: PipelineConfig, format: Format) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let errors = storyline_query::run::annotate_paths(
        paths,
        config,
        &mut progress_bar(true),
        |doc| -> Result<()> {
            match format {
                Format::Json => {
                    serde_json::to_writer(&mut out, &doc)?;
                    writeln!(out)?;
                }
                Format::Text => write_doc_text(&mut out, &doc)?,
            }
            Ok(())
        },
    )?;
    out.flush()?;
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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
    writeln!(out, "\n{}\n", doc.text)?;
    // What was found in it: names, dates, who said what, and the events.
    if !doc.entities.is_empty() {
        writeln!(out, "entities:")?;
        for e in &doc.entities {
            let actor = e
                .actor
                .as_deref()
                .filter(|a| *a != e.text)
                .map(|a| format!(" -> {a}"))
                .unwrap_or_default();
            writeln!(out, "  {:<5} {}{actor}", e.label, e.text)?;
        }
    }
    if !doc.timexes.is_empty() {
        writeln!(out, "dates:")?;
        for t in &doc.timexes {
            writeln!(out, "  {:<5} {} = {}", t.timex_type, t.text, t.value)?;
        }
    }
    if !doc.quotes.is_empty() {
        writeln!(out, "quotes:")?;
        for q in &doc.quotes {
            let words: String = q.text.chars().take(100).collect();
            let words = match q.kind.as_str() {
                "direct" => format!("\u{201c}{words}\u{201d}"),
                "mixed" => format!("(partly quoted) {words}"),
                _ => format!("(paraphrase) {words}"),
            };
            writeln!(
                out,
                "  {} [{}]: {words}",
                q.speaker.as_deref().unwrap_or("(unknown speaker)"),
                q.cue.as_deref().unwrap_or("-")
            )?;
        }
    }
    let coded: Vec<_> = doc.events.iter().filter(|e| e.is_coded()).collect();
    if !coded.is_empty() {
        writeln!(
            out,
            "events (PLOVER type, source -> target, modality, score):"
        )?;
        for e in coded {
            writeln!(
                out,
                "  {:<9} {} -> {} [{}] {} {:.2}{}",
                e.plover.as_deref().unwrap_or("-"),
                e.source.as_deref().unwrap_or("?"),
                e.target.as_deref().unwrap_or("?"),
                e.trigger.text,
                e.modality,
                e.score,
                e.date
                    .as_deref()
                    .map(|d| format!(" on {d}"))
                    .unwrap_or_default()
            )?;
        }
    }
    writeln!(out)
}

fn stats(db: &std::path::Path, format: Format) -> Result<ExitCode> {
    let corpus = open_existing(db)?;
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
    let corpus = open_existing(db)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let docs = corpus.store().list(offset, limit)?;
    if format == Format::Text && !docs.is_empty() {
        writeln!(
            out,
            "{:<28} {:<10} {:<12} TITLE",
            "DOCUMENT", "PUBLISHED", "OUTLET"
        )?;
    }
    for d in docs {
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
    if matches!(model, Model::Coding | Model::All) {
        train_coding(data, out)?;
    }
    if matches!(model, Model::Merge | Model::All) {
        crate::train_merge::train_merge(data, out)?;
    }
    eprintln!("rebuild (cargo build --release) to embed the new models");
    Ok(ExitCode::SUCCESS)
}

/// The held-out recall the coding threshold keeps: this share (in points) of the codings
/// whose type, source and target are right, on sentences and articles the model never saw,
/// keeps its code; the rest of what falls below it is almost all wrong. Views threshold the
/// score again for what they show (the timeline's default view on its entries' scores).
const CODING_MIN_RECALL: f64 = 90.0;

/// The texts the coding labels refer to, by file name: PolNeAR's article files and the
/// article-extraction benchmark's bodies (`ae_` and the first 12 characters of its key).
fn news_texts(data: &std::path::Path) -> Result<std::collections::HashMap<String, String>> {
    let mut texts = std::collections::HashMap::new();
    for split in ["dev", "train"] {
        let dir = data.join("polnear").join(split).join("text");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if let (Some(name), Ok(text)) = (
                path.file_name().and_then(|n| n.to_str()),
                std::fs::read_to_string(&path),
            ) {
                texts.insert(name.to_string(), text);
            }
        }
    }
    let truth = data.join("article-extraction").join("ground-truth.json");
    if let Ok(json) = std::fs::read_to_string(&truth) {
        let v: serde_json::Value = serde_json::from_str(&json)
            .with_context(|| format!("{}: not JSON", truth.display()))?;
        for (key, page) in v.as_object().into_iter().flatten() {
            if let (Some(body), Some(short)) = (page["articleBody"].as_str(), key.get(..12)) {
                texts.insert(format!("ae_{short}.txt"), body.to_string());
            }
        }
    }
    Ok(texts)
}

/// `storyline train coding`: the calibrated score of the political coding.
fn train_coding(data: &std::path::Path, out: Option<&std::path::Path>) -> Result<()> {
    use storyline_events::calibrate;
    let gold_path = data.join("plover").join("gsr_dev.json");
    let json = std::fs::read_to_string(&gold_path)
        .with_context(|| format!("cannot read {}", gold_path.display()))?;
    let records = calibrate::read_plover_gold(&json)
        .with_context(|| format!("{}: not PLOVER gold JSON", gold_path.display()))?;
    eprintln!(
        "training the coding score on {} PLOVER gold sentences ({})",
        records.len(),
        gold_path.display()
    );
    let kb = storyline_actors::ActorKb::default_kb();
    let pipe = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
        raw: true,
        dct: chrono::NaiveDate::from_ymd_opt(2000, 1, 1),
    });
    let analyze = |text: &str| {
        pipe.annotate(&storyline_pipeline::RawArticle::new(
            "gsr",
            storyline_pipeline::SourceFormat::Text,
            text.to_string(),
        ))
    };
    let (mut examples, mut hand) = calibrate::examples(&records, &analyze, kb);
    // Coded mentions of real news articles labelled right or wrong by hand: the negatives a
    // gold set of event sentences lacks (sentences reporting no interaction at all).
    let labels_path = default_model_dir("storyline_events")
        .join("..")
        .join("data")
        .join("coded-news-labels.jsonl");
    let labels_text = std::fs::read_to_string(&labels_path)
        .with_context(|| format!("cannot read {}", labels_path.display()))?;
    let labels = calibrate::read_news_labels(&labels_text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", labels_path.display()))?;
    let texts = news_texts(data)?;
    let mut names: Vec<&str> = labels
        .iter()
        .filter_map(|l| l.id.split_once('#').map(|(f, _)| f))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut docs = Vec::new();
    for name in names {
        let Some(text) = texts.get(name) else {
            anyhow::bail!(
                "{}: no article {name} under {}",
                labels_path.display(),
                data.display()
            );
        };
        docs.push((name.to_string(), analyze(text)));
    }
    let (news, news_hand, stale) = calibrate::news_examples(&docs, &labels, kb, records.len());
    eprintln!(
        "plus {} labelled coded mentions of {} news articles ({}; {stale} labels no longer match a coding)",
        news.len(),
        docs.len(),
        labels_path.display()
    );
    examples.extend(news);
    hand.extend(news_hand);
    let folds = 5;
    let trained = calibrate::train(&examples, &hand, folds, CODING_MIN_RECALL);
    let right = examples.iter().filter(|e| e.y).count();
    println!(
        "coding score: {} coded mentions in {} sentences, {right} right; L2 {}; threshold {:.2} (keeps >= {CODING_MIN_RECALL}% of the right codings held out)",
        examples.len(),
        records.len(),
        trained.l2,
        trained.model.threshold
    );
    println!(
        "coding score, {folds}-fold cross-validated: {}",
        trained.held_out
    );
    println!(
        "coding score, in sample (tuned-set figure): {}",
        trained.in_sample
    );
    for (o, name) in ["PLOVER gold sentences", "labelled news"]
        .iter()
        .enumerate()
    {
        println!(
            "  {name}: cross-validated {}\n  {name}: in sample      {}",
            trained.by_origin[o], trained.in_sample_by_origin[o]
        );
    }
    println!("hand curve it replaces, same threshold: {}", trained.hand);
    println!("held out, by threshold: all | PLOVER gold sentences | labelled news (kept %, P, R)");
    for (k, (t, r)) in trained.curve.iter().enumerate() {
        let [g, n] = [0, 1].map(|o| &trained.curve_by_origin[o][k].1);
        println!(
            "  at {t:.2}: {:5.1}% P {:5.1} R {:5.1} | {:5.1}% P {:5.1} R {:5.1} | {:5.1}% P {:5.1} R {:5.1}",
            r.kept, r.precision, r.recall, g.kept, g.precision, g.recall, n.kept, n.precision, n.recall
        );
    }
    let mut model = trained.model;
    model.notes = format!(
        "storyline train coding: {} coded mentions ({} of {} PLOVER gold sentences, the rest labelled news); {folds}-fold cross-validated: {}; PLOVER gold: {}; labelled news: {}",
        examples.len(),
        examples.iter().filter(|e| e.origin == 0).count(),
        records.len(),
        trained.held_out,
        trained.by_origin[0],
        trained.by_origin[1]
    );
    let path = out
        .map(|o| o.join("coding.json"))
        .unwrap_or_else(|| default_model_dir("storyline_events").join("coding.json"));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&path, serde_json::to_string_pretty(&model)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("coding score -> {}", path.display());
    Ok(())
}
