//! The corpus commands: timeline, quotes, compare.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use storyline_core::corpus::{self, TimelineEntry, TimelineFilter};
use storyline_core::Document;
use storyline_store::Store;

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
    let mentions: Vec<corpus::Mention> = store
        .event_mentions()?
        .into_iter()
        .map(|m| corpus::Mention { document: m.document, outlet: m.outlet, published: m.published, event: m.event })
        .collect();
    Ok(corpus::merge(&mentions))
}

/// `storyline timeline`.
pub fn timeline(db: &Path, filter: TimelineFilter, svg: Option<&Path>, format: Format) -> Result<ExitCode> {
    let entries = corpus::filter(merged(db)?, &filter);
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
                writeln!(out, "no events in {} (ingest articles first: storyline ingest PATH)", db.display())?;
            }
            for e in &entries {
                writeln!(
                    out,
                    "{:<10}  {:<9} {}  [{}]",
                    e.date.as_deref().unwrap_or("undated"),
                    e.plover,
                    e.summary,
                    e.documents.join(", ")
                )?;
                for c in &e.conflicts {
                    let vals: Vec<String> = c.values.iter().map(|v| format!("{} ({})", v.value, v.documents.join(", "))).collect();
                    writeln!(out, "{:<10}  ! sources disagree on the {}: {}", "", c.field, vals.join(" vs "))?;
                }
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
                    let vals: Vec<String> = c.values.iter().map(|v| format!("{} ({})", v.value, v.documents.join(", "))).collect();
                    println!("  {} — {}: {}", e.summary, c.field, vals.join(" vs "));
                }
            }
            println!("\ncoverage (events reported by more than one source):");
            for c in coverage.iter().filter(|c| c.reported_by.len() > 1) {
                println!("  {} {}: reported by {}; not by {}", c.date.as_deref().unwrap_or("undated"), c.event, c.reported_by.join(", "), c.not_reported_by.join(", "));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
