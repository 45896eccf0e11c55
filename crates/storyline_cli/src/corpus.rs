//! The corpus commands: timeline, quotes, compare.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use std::collections::{HashMap, HashSet};

use storyline_corpus::stories::{self, Story, StoryConfig};
use storyline_corpus::{self as corpus, TimelineEntry, TimelineFilter};
use storyline_pipeline::Document;
use storyline_store::{SqliteStore, Store};

use crate::args::Format;
use crate::commands::open_store;

fn load_documents(db: &Path) -> Result<Vec<Document>> {
    let store = open_store(db)?;
    let mut docs = Vec::new();
    store.for_each_document(&mut |d| docs.push(d))?;
    Ok(docs)
}

fn merged(db: &Path) -> Result<Vec<TimelineEntry>> {
    let store = open_store(db)?;
    let mentions: Vec<corpus::Mention> = store.event_mentions()?;
    Ok(corpus::merge(&mentions))
}

fn grouped(store: &SqliteStore) -> Result<Vec<Story>> {
    Ok(stories::group(
        &store.story_docs()?,
        &StoryConfig::default(),
    ))
}

/// `storyline timeline`.
pub fn timeline(
    db: &Path,
    filter: TimelineFilter,
    story: Option<usize>,
    svg: Option<&Path>,
    format: Format,
) -> Result<ExitCode> {
    let entries = match story {
        None => merged(db)?,
        Some(id) => {
            let store = open_store(db)?;
            let all = grouped(&store)?;
            let Some(s) = all.iter().find(|s| s.id == id) else {
                anyhow::bail!(
                    "no story {id} in {} ({} stories: see storyline stories)",
                    db.display(),
                    all.len()
                );
            };
            let members: HashSet<&str> = s.documents.iter().map(String::as_str).collect();
            let mentions: Vec<corpus::Mention> = store
                .event_mentions()?
                .into_iter()
                .filter(|m| members.contains(m.document.as_str()))
                .collect();
            corpus::merge(&mentions)
        }
    };
    let entries = corpus::filter(entries, &filter);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            for e in &entries {
                serde_json::to_writer(&mut out, e)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            if entries.is_empty() {
                writeln!(
                    out,
                    "no events in {} (ingest articles first: storyline ingest PATH)",
                    db.display()
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
                    e.plover,
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
                    "\n{} events. The second column is the PLOVER event type; a date with * rests on an \
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
    let store = open_store(db)?;
    let all = grouped(&store)?;
    let titles: HashMap<String, (Option<String>, Option<String>)> = store
        .list(0, u64::MAX >> 1)?
        .into_iter()
        .map(|d| (d.id, (d.title, d.outlet)))
        .collect();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            for s in &all {
                serde_json::to_writer(&mut out, s)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            if all.is_empty() {
                writeln!(
                    out,
                    "no articles in {} (ingest articles first: storyline ingest PATH)",
                    db.display()
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
    let store = open_store(db)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for q in store.quotes(speaker)? {
        match format {
            Format::Json => {
                serde_json::to_writer(&mut out, &q)?;
                writeln!(out)?;
            }
            Format::Text => writeln!(
                out,
                "{} ({}, {}): \u{201c}{}\u{201d}",
                q.speaker.as_deref().unwrap_or("unknown speaker"),
                q.document,
                q.date.as_deref().unwrap_or("undated"),
                q.text
            )?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `storyline compare`.
pub fn compare(db: &Path, format: Format) -> Result<ExitCode> {
    let docs = load_documents(db)?;
    let refs: Vec<&Document> = docs.iter().collect();
    let entries = merged(db)?;
    let framing = corpus::framing(&refs, true);
    let conflicts: Vec<serde_json::Value> = entries
        .iter()
        .filter(|e| !e.conflicts.is_empty())
        .map(|e| serde_json::json!({"event": e.summary, "date": e.date, "conflicts": e.conflicts}))
        .collect();
    let coverage = corpus::coverage(&entries, &refs);
    match format {
        Format::Json => {
            let v = serde_json::json!({"framing": framing, "conflicts": conflicts, "coverage": coverage});
            println!("{v}");
        }
        Format::Text => {
            println!("framing (terms per outlet or document):");
            for (source, terms) in &framing {
                let mut t: Vec<(&String, &usize)> = terms.iter().collect();
                t.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let list: Vec<String> = t.iter().map(|(k, v)| format!("{k} {v}")).collect();
                println!("  {source}: {}", list.join(", "));
            }
            println!("\nconflicts:");
            for e in entries.iter().filter(|e| !e.conflicts.is_empty()) {
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
            for c in coverage.iter().filter(|c| c.reported_by.len() > 1) {
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
    let store = open_store(db)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if format == EventFormat::Csv {
        writeln!(out, "document,date,precision,code,plover,source,source_code,target,target_code,location,modality,sentence,trigger")?;
    }
    let mut result = Ok(());
    store.for_each_document(&mut |doc| {
        if result.is_err() {
            return;
        }
        for e in &doc.events {
            let r = match format {
                EventFormat::Json => {
                    let v = serde_json::json!({
                        "document": doc.id, "outlet": doc.outlet, "url": doc.url, "sentence": e.sentence,
                        "trigger": e.trigger, "code": e.code, "plover": e.plover, "source": e.source,
                        "source_code": e.source_code, "target": e.target, "target_code": e.target_code,
                        "date": e.date, "precision": e.precision, "location": e.location, "modality": e.modality,
                    });
                    writeln!(out, "{v}")
                }
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
                    writeln!(out, "{}", row.join(","))
                }
                EventFormat::Gdelt if !e.is_coded() => Ok(()),
                EventFormat::Gdelt => writeln!(out, "{}", storyline_events::gdelt_row(e, &doc).join("\t")),
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
                ),
            };
            if let Err(err) = r {
                result = Err(err);
                return;
            }
        }
    })?;
    result?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
