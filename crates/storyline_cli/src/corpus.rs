//! The corpus commands: timeline, quotes, compare.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use storyline_query::rows;
use storyline_query::TimelineQuery;

use crate::args::Format;
use crate::commands::open_existing;

/// `storyline timeline`.
pub fn timeline(
    db: &Path,
    query: TimelineQuery,
    svg: Option<&Path>,
    format: Format,
) -> Result<ExitCode> {
    let entries = open_existing(db)?.timeline_entries(&query)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            for e in &entries {
                writeln!(out, "{}", rows::timeline_row(e)?.get())?;
            }
        }
        Format::Text => {
            if entries.is_empty() {
                writeln!(
                    out,
                    "no events in {} (ingest articles first: storyline ingest PATH)",
                    storyline_store::display_db(&db.to_string_lossy())
                )?;
            }
            for e in &entries {
                let date = match (&e.date, e.date_inferred) {
                    (Some(d), true) => format!("{d}*"),
                    (Some(d), false) => d.clone(),
                    (None, _) => "undated".into(),
                };
                let sources = if e.sources == 1 {
                    "1 source".to_string()
                } else {
                    format!("{} sources", e.sources)
                };
                writeln!(
                    out,
                    "{date:<11} {:<9} {}  [{sources}: {}]",
                    if e.plover.is_empty() { "-" } else { &e.plover },
                    e.headline,
                    e.documents.join(", ")
                )?;
                for c in &e.conflicts {
                    let vals: Vec<String> = c
                        .values
                        .iter()
                        .map(|v| format!("{} ({})", v.value, v.documents.join(", ")))
                        .collect();
                    writeln!(
                        out,
                        "{:<11} ! sources disagree on the {}: {}",
                        "",
                        c.field,
                        vals.join(" vs ")
                    )?;
                }
            }
            if !entries.is_empty() {
                writeln!(
                    out,
                    "\n{} events. The second column is the PLOVER event type (- for an event no political coding covers); a date with * rests on an \
                     inferred publication date; ! lines show where sources disagree. \
                     --format json gives every mention with its sentence and outlet; --all adds denied, \
                     hypothetical and actorless events.",
                    entries.len()
                )?;
            }
        }
    }
    out.flush()?;
    if let Some(path) = svg {
        std::fs::write(path, crate::svg::timeline_svg(&entries))
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        eprintln!("timeline picture written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `storyline stories`.
pub fn stories(db: &Path, format: Format) -> Result<ExitCode> {
    let corpus = open_existing(db)?;
    let all = corpus.stories()?;
    let titles: HashMap<String, (Option<String>, Option<String>)> = corpus
        .store()
        .list(0, u64::MAX >> 1)?
        .into_iter()
        .map(|d| (d.id, (d.title, d.outlet)))
        .collect();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            for s in &all {
                writeln!(out, "{}", rows::story_row(s)?.get())?;
            }
        }
        Format::Text => {
            if all.is_empty() {
                writeln!(
                    out,
                    "no articles in {} (ingest articles first: storyline ingest PATH)",
                    storyline_store::display_db(&db.to_string_lossy())
                )?;
            }
            for s in &all {
                let span = match (&s.first, &s.last) {
                    (Some(a), Some(b)) if a != b => format!("{a} .. {b}"),
                    (Some(a), _) => a.clone(),
                    _ => "undated".into(),
                };
                writeln!(
                    out,
                    "story {}  {span}  {} article{}  [{}]",
                    s.id,
                    s.documents.len(),
                    if s.documents.len() == 1 { "" } else { "s" },
                    s.label
                )?;
                for d in &s.documents {
                    let (title, outlet) = titles.get(d).cloned().unwrap_or_default();
                    writeln!(
                        out,
                        "    {d}  {}{}",
                        title.as_deref().unwrap_or("(untitled)"),
                        outlet.map(|o| format!(" ({o})")).unwrap_or_default()
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `storyline quotes`.
pub fn quotes(db: &Path, speaker: Option<&str>, format: Format) -> Result<ExitCode> {
    let corpus = open_existing(db)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for q in corpus.quotes(speaker)? {
        match format {
            Format::Json => writeln!(out, "{}", rows::quote_row(&q)?.get())?,
            // The cue, and whether the words are the speaker's own: only a direct quote is
            // in quotation marks.
            Format::Text => {
                let (how, words) = match q.kind.as_str() {
                    "direct" => ("", format!("\u{201c}{}\u{201d}", q.text)),
                    "mixed" => (", partly quoted", q.text.clone()),
                    _ => (", paraphrased", q.text.clone()),
                };
                writeln!(
                    out,
                    "{} \u{2014} {}{how} ({}, {}): {words}",
                    q.speaker.as_deref().unwrap_or("unknown speaker"),
                    q.cue.as_deref().unwrap_or("says"),
                    q.document,
                    q.date.as_deref().unwrap_or("undated"),
                )?
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `storyline compare`.
pub fn compare(db: &Path, format: Format) -> Result<ExitCode> {
    let comparison = open_existing(db)?.comparison()?;
    match format {
        Format::Json => println!("{}", rows::comparison_row(&comparison)?.get()),
        Format::Text => {
            println!("framing (terms per outlet or document):");
            for (source, terms) in &comparison.framing {
                let mut t: Vec<(&String, &usize)> = terms.iter().collect();
                t.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let list: Vec<String> = t.iter().map(|(k, v)| format!("{k} {v}")).collect();
                println!("  {source}: {}", list.join(", "));
            }
            println!("\nconflicts:");
            for e in &comparison.conflicts {
                for c in &e.conflicts {
                    let vals: Vec<String> = c
                        .values
                        .iter()
                        .map(|v| format!("{} ({})", v.value, v.documents.join(", ")))
                        .collect();
                    println!("  {} — {}: {}", e.summary, c.field, vals.join(" vs "));
                }
            }
            println!("\ncoverage (events reported by more than one source):");
            for c in comparison
                .coverage
                .iter()
                .filter(|c| c.reported_by.len() > 1)
            {
                println!(
                    "  {} {}: reported by {}; not by {}",
                    c.date.as_deref().unwrap_or("undated"),
                    c.event,
                    c.reported_by.join(", "),
                    c.not_reported_by.join(", ")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `storyline events`: every coded event with its document.
pub fn events(db: &Path, format: crate::args::EventFormat) -> Result<ExitCode> {
    use crate::args::EventFormat;
    let corpus = open_existing(db)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if format == EventFormat::Csv {
        writeln!(out, "document,date,precision,code,plover,source,source_code,target,target_code,location,modality,sentence,trigger")?;
    }
    corpus.for_each_event(|doc, e| -> Result<()> {
        match format {
            EventFormat::Json => writeln!(out, "{}", rows::event_row(doc, e)?.get())?,
            EventFormat::Csv => {
                let fields = [
                    doc.id.clone(),
                    e.date.clone().unwrap_or_default(),
                    e.precision.clone().unwrap_or_default(),
                    e.code.clone().unwrap_or_default(),
                    e.plover.clone().unwrap_or_default(),
                    e.source.clone().unwrap_or_default(),
                    e.source_code.clone().unwrap_or_default(),
                    e.target.clone().unwrap_or_default(),
                    e.target_code.clone().unwrap_or_default(),
                    e.location.clone().unwrap_or_default(),
                    e.modality.clone(),
                    e.sentence.to_string(),
                    e.trigger.text.clone(),
                ];
                let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                writeln!(out, "{}", row.join(","))?
            }
            EventFormat::Gdelt if !e.is_coded() => {}
            EventFormat::Gdelt => {
                writeln!(out, "{}", storyline_events::gdelt_row(e, doc).join("\t"))?
            }
            EventFormat::Text => writeln!(
                out,
                "{:<10} {:<4} {:<10} {} -> {}  ({}, {})  [{}]",
                e.date.as_deref().unwrap_or("undated"),
                e.code.as_deref().unwrap_or("-"),
                e.plover.as_deref().unwrap_or(&e.class),
                e.source.as_deref().unwrap_or("?"),
                e.target.as_deref().unwrap_or("?"),
                e.trigger.text,
                e.modality,
                doc.id
            )?,
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `storyline export`: one table to a file (or to standard output for `-`).
pub fn export(
    db: &Path,
    what: crate::args::ExportTable,
    format: crate::args::ExportFormat,
    out: &Path,
    options: &storyline_export::Options,
) -> Result<ExitCode> {
    use crate::args::{ExportFormat, ExportTable};
    use anyhow::Context;
    use storyline_export::{Format, Table};
    let table = match what {
        ExportTable::Documents => Table::Documents,
        ExportTable::Events => Table::Events,
        ExportTable::Timeline => Table::Timeline,
        ExportTable::Quotes => Table::Quotes,
    };
    let format = match format {
        ExportFormat::Parquet => Format::Parquet,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
    };
    let corpus = open_existing(db)?;
    let name = format!("{what:?}").to_lowercase();
    if out == Path::new("-") {
        let rows = storyline_export::export(&corpus, table, format, options, std::io::stdout())?;
        eprintln!("{rows} {name} rows exported");
        return Ok(ExitCode::SUCCESS);
    }
    let file =
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    match storyline_export::export(&corpus, table, format, options, file) {
        Ok(rows) => {
            eprintln!("{rows} {name} rows exported to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            // No half-written table left behind.
            let _ = std::fs::remove_file(out);
            Err(anyhow::Error::new(err).context(format!("exporting to {}", out.display())))
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
