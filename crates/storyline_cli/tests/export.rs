//! `storyline export`: every table in every format, read back (Parquet with the parquet
//! crate), holds the rows the matching `--format json` command prints.

use std::path::Path;

use arrow_array::{Array, ListArray, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

use crate::cli::{json_lines, run_db, seeds_dir};

const TABLES: [&str; 4] = ["documents", "events", "timeline", "quotes"];

/// The JSON rows the command matching `table` prints.
fn command_rows(db: &Path, table: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = match table {
        "documents" => vec!["documents", "--limit", "1000000"],
        other => vec![other],
    };
    args.extend_from_slice(&["--format", "json"]);
    args.extend_from_slice(extra);
    json_lines(run_db(db, &args))
}

fn export(db: &Path, table: &str, format: &str, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "export",
        "--what",
        table,
        "--format",
        format,
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = run_db(db, &args);
    assert!(
        output.status.success(),
        "export {table} {format}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).unwrap();
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

/// CSV records (a quoted field may hold line breaks), each as its fields.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (c, _) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "CSV ends in a newline"
    );
    records
}

fn seeded_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("s.db");
    let out = run_db(&db, &["ingest", "-q", seeds_dir().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

#[test]
fn every_table_in_every_format_has_the_commands_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(dir.path());
    for table in TABLES {
        let rows = command_rows(&db, table, &[]);
        assert!(!rows.is_empty(), "the seeds give some {table}");
        let schema = storyline_export::schema(match table {
            "documents" => storyline_export::Table::Documents,
            "events" => storyline_export::Table::Events,
            "timeline" => storyline_export::Table::Timeline,
            _ => storyline_export::Table::Quotes,
        });

        // Parquet: the rows, the schema, and the values of the first column.
        let parquet = dir.path().join(format!("{table}.parquet"));
        export(&db, table, "parquet", &parquet, &[]);
        let batches = read_parquet(&parquet);
        let count: usize = batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(count, rows.len(), "{table}: parquet rows");
        assert_eq!(batches[0].schema().fields(), schema.fields(), "{table}");
        let first = schema.field(0).name();
        let column: Vec<Option<String>> = batches
            .iter()
            .flat_map(|b| {
                let c = b
                    .column(0)
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .unwrap()
                    .clone();
                (0..c.len())
                    .map(|i| (!c.is_null(i)).then(|| c.value(i).to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let expected: Vec<Option<String>> = rows
            .iter()
            .map(|r| r[first].as_str().map(str::to_string))
            .collect();
        assert_eq!(column, expected, "{table}: column {first}");

        // CSV: a header, then one record per row.
        let csv = dir.path().join(format!("{table}.csv"));
        export(&db, table, "csv", &csv, &[]);
        let records = csv_records(&std::fs::read_to_string(&csv).unwrap());
        let header: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        assert_eq!(records[0], header, "{table}: CSV header");
        assert_eq!(records.len() - 1, rows.len(), "{table}: CSV rows");
        for record in &records {
            assert_eq!(record.len(), header.len(), "{table}: {record:?}");
        }

        // JSON Lines: the command's rows (events with four more fields).
        let jsonl = dir.path().join(format!("{table}.jsonl"));
        export(&db, table, "jsonl", &jsonl, &[]);
        let text = std::fs::read_to_string(&jsonl).unwrap();
        let exported: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(exported.len(), rows.len(), "{table}: JSON Lines rows");
        for (mut got, want) in exported.into_iter().zip(&rows) {
            if table == "events" {
                let object = got.as_object_mut().unwrap();
                for key in ["class", "participants", "score", "in_title"] {
                    assert!(object.remove(key).is_some(), "events row lacks {key}");
                }
            }
            assert_eq!(&got, want, "{table}");
        }
    }
}

#[test]
fn nested_lists_are_arrow_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(dir.path());

    let timeline = command_rows(&db, "timeline", &["--all"]);
    let path = dir.path().join("timeline.parquet");
    export(&db, "timeline", "parquet", &path, &["--all"]);
    let batches = read_parquet(&path);
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, timeline.len(), "the filter is the timeline's");
    let mentions: usize = batches
        .iter()
        .map(|b| {
            let list = b
                .column_by_name("mentions")
                .unwrap()
                .as_any()
                .downcast_ref::<ListArray>()
                .unwrap();
            list.values().len()
        })
        .sum();
    let want: usize = timeline
        .iter()
        .map(|e| e["mentions"].as_array().unwrap().len())
        .sum();
    assert_eq!(mentions, want, "every mention of every entry");

    let events = dir.path().join("events.parquet");
    export(&db, "events", "parquet", &events, &[]);
    let participants: usize = read_parquet(&events)
        .iter()
        .map(|b| {
            let list = b
                .column_by_name("participants")
                .unwrap()
                .as_any()
                .downcast_ref::<ListArray>()
                .unwrap();
            list.values().len()
        })
        .sum();
    let jsonl = dir.path().join("events.jsonl");
    export(&db, "events", "jsonl", &jsonl, &[]);
    let want: usize = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["participants"].as_array().unwrap().len()
        })
        .sum();
    assert!(want > 0, "the seeds' events have participants");
    assert_eq!(participants, want);
}

#[test]
fn an_unwritable_output_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(dir.path());
    let out = run_db(
        &db,
        &[
            "export",
            "--what",
            "events",
            "--format",
            "parquet",
            "/nonexistent/dir/e.parquet",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot create /nonexistent/dir/e.parquet"),
        "{stderr}"
    );
}
