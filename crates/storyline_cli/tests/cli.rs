//! The command line: ingest, duplicates, bad inputs, stats, contracts of `tag`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds")
}

pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .output()
        .unwrap()
}

/// The JSON Lines a successful command printed (the command must have succeeded).
pub fn json_lines(out: Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Whether this run of the suite is against PostgreSQL (`STORYLINE_TEST_BACKEND=postgres`,
/// with the server in `STORYLINE_TEST_PG`; `.ci/run` runs the suite both ways).
pub fn on_postgres() -> bool {
    std::env::var("STORYLINE_TEST_BACKEND").as_deref() == Ok("postgres")
}

/// The `--db` of a test's database path: the path itself, or on PostgreSQL the URL of a
/// schema named after the path (created on first use).
pub fn db_arg(db: &Path) -> String {
    if !on_postgres() {
        return db.display().to_string();
    }
    let base = std::env::var("STORYLINE_TEST_PG")
        .expect("STORYLINE_TEST_BACKEND=postgres needs STORYLINE_TEST_PG=postgres://...");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in db.to_string_lossy().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let schema = format!("cli_{h:016x}");
    let mut client = postgres::Client::connect(&base, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot reach STORYLINE_TEST_PG: {e}"));
    client
        .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
        .expect("schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-csearch_path%3D{schema}")
}

pub fn run_db(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .env("STORYLINE_DB", db_arg(db))
        .output()
        .unwrap()
}

fn stats(db: &Path) -> serde_json::Value {
    let out = run_db(db, &["stats", "--format", "json"]);
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn ingest_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let out = run_db(&db, &["ingest", "-q", seeds_dir().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = stats(&db);
    assert_eq!(first["documents"], 5);
    let out = run_db(&db, &["ingest", "-q", seeds_dir().to_str().unwrap()]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 added"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(stats(&db), first);
}

#[test]
fn syndicated_copy_is_linked_not_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let original = std::fs::read_to_string(seeds_dir().join("004_e9ca9c42de3633e0.txt")).unwrap();
    let copy = original
        .replace(
            "Chinese President Xi Jinping",
            "China's President Xi Jinping",
        )
        .replace("said", "stated")
        + "\nThis story was syndicated from a wire service.\n";
    std::fs::write(input.join("a.txt"), &original).unwrap();
    std::fs::write(input.join("b.txt"), &copy).unwrap();
    let db = dir.path().join("s.db");
    let out = run_db(&db, &["ingest", "-q", input.to_str().unwrap()]);
    assert!(out.status.success());
    let s = stats(&db);
    assert_eq!(
        (s["documents"].as_u64(), s["near_duplicates"].as_u64()),
        (Some(2), Some(1)),
        "{s}"
    );
}

#[test]
fn bad_inputs_are_named_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(
        input.join("binary.txt"),
        [0u8, 1, 2, 3, 0, 0, 0xff, 0xfe, 7, 8],
    )
    .unwrap();
    std::fs::write(input.join("feed.jsonl"), "{\"id\":\"j1\",\"text\":\"The minister resigned on Monday after a week of protests in the capital.\"}\nthis is not json\n").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all("A story that will be cut short. ".repeat(500).as_bytes())
        .unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(input.join("cut.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(
        input.join("nav.html"),
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    )
    .unwrap();
    std::fs::copy(
        seeds_dir().join("000_afccd8825d600d50.txt"),
        input.join("good.txt"),
    )
    .unwrap();
    let deep = "<div>".repeat(100_000);
    std::fs::write(
        input.join("deep.html"),
        format!("<html><body>{deep}<p>Deep text that is here.</p></body></html>"),
    )
    .unwrap();
    let db = dir.path().join("s.db");
    let out = run_db(&db, &["ingest", "-q", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "some inputs failed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (file, what) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("feed.jsonl:2", "not JSON"),
        ("cut.txt.gz", "gzip"),
        ("nav.html", "no article text"),
    ] {
        assert!(
            stderr.lines().any(|l| l.contains(file) && l.contains(what)),
            "{file}: {stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    let s = stats(&db);
    assert!(s["documents"].as_u64().unwrap() >= 2, "{s}");
}

#[test]
fn tag_ner_echoes_structure() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.conll");
    std::fs::write(&file, "-DOCSTART- -X- -X- O\n\nVladimir NNP B-NP B-PER\nPutin NNP I-NP I-PER\nvisited VBD B-VP O\nBeijing NNP B-NP B-LOC\n. . O O\n\n").unwrap();
    let out = run(&["tag", "ner", "--conll", file.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        vec![
            "-DOCSTART- -X- -X- O",
            "",
            "Vladimir B-PER",
            "Putin I-PER",
            "visited O",
            "Beijing B-LOC",
            ". O",
            ""
        ]
    );
}

#[test]
fn tag_ud_fills_columns() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.conllu");
    std::fs::write(&file, "# text = Putin visited Beijing.\n1\tPutin\t_\t_\t_\t_\t_\t_\t_\t_\n2\tvisited\t_\t_\t_\t_\t_\t_\t_\t_\n3\tBeijing\t_\t_\t_\t_\t_\t_\t_\t_\n4\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n").unwrap();
    let out = run(&["tag", "ud", "--conllu", file.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][3], "VERB");
    assert_eq!(rows[1][6], "0");
    assert_eq!(rows[1][7], "root");
    assert_eq!(rows[0][7], "nsubj");
}

#[test]
fn a_write_failure_stops_ingest_with_the_writers_error() {
    if on_postgres() {
        // Another process locking the file is an SQLite matter.
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let one = dir.path().join("one");
    std::fs::create_dir(&one).unwrap();
    let first = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    std::fs::copy(&first, one.join(first.file_name().unwrap())).unwrap();
    let out = run_db(&db, &["ingest", "-q", one.to_str().unwrap()]);
    assert!(out.status.success());
    // another process holds the database: the writer thread's insert fails mid-run
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let out = run_db(&db, &["ingest", "-q", seeds_dir().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("writing to the database")
            && stderr.contains("locked")
            && !stderr.contains("panicked"),
        "{stderr}"
    );
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    // the failed batch left nothing behind
    assert_eq!(stats(&db)["documents"], 1);
}

#[test]
fn missing_database_folder_is_a_clear_error() {
    let out = run(&["stats", "--db", "/nonexistent/dir/x.db"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/dir/x.db") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn a_query_on_a_mistyped_database_names_it_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.db");
    let name = typo.display().to_string();
    for cmd in ["timeline", "documents", "quotes", "stats"] {
        let out = run(&[cmd, "--db", &name]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&name) && stderr.contains("ingest") && !stderr.contains("panicked"),
            "{cmd}: {stderr}"
        );
        assert!(!typo.exists(), "{cmd} created {name}");
    }
}

#[test]
fn unreachable_postgres_is_a_clear_error_without_the_password() {
    let out = run(&[
        "stats",
        "--db",
        "postgres://someone:secret@127.0.0.1:1/nothing",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot connect to postgres://someone:***@127.0.0.1:1/nothing")
            && !stderr.contains("secret")
            && !stderr.contains("panicked"),
        "{stderr}"
    );
}
