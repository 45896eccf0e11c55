//! Bytes a store takes per byte of article text (the clean text of every stored document).
//!
//! `cargo run --release -p storyline_bench --example store_size -- DB...` where each DB is
//! an SQLite file or a `postgres://` URL (its tables with their indexes and TOAST).

fn main() {
    let dbs: Vec<String> = std::env::args().skip(1).collect();
    if dbs.is_empty() {
        eprintln!("usage: store_size DB... (SQLite files or postgres:// URLs)");
        std::process::exit(2);
    }
    for db in dbs {
        let store = match storyline_store::open(&db) {
            Ok(s) => s,
            Err(e) => {
                eprintln!(
                    "store_size: cannot open {}: {e}",
                    storyline_store::display_db(&db)
                );
                std::process::exit(2);
            }
        };
        let mut text = 0u64;
        let mut docs = 0u64;
        if let Err(e) = store.for_each_document(&mut |d| {
            text += d.text.len() as u64;
            docs += 1;
        }) {
            eprintln!("store_size: {e}");
            std::process::exit(2);
        }
        let bytes: u64 = if storyline_store::is_postgres(&db) {
            match storyline_store::PostgresStore::connect(&db).and_then(|s| s.table_sizes()) {
                Ok(sizes) => sizes.iter().map(|(_, b)| *b as u64).sum(),
                Err(e) => {
                    eprintln!("store_size: {e}");
                    std::process::exit(2);
                }
            }
        } else {
            // Everything written to the file: checkpoint the write-ahead log first.
            drop(store);
            sqlite_size(&db)
        };
        println!(
            "{}: {docs} documents, {text} bytes of text, {bytes} bytes stored: {:.2} bytes per byte of text",
            storyline_store::display_db(&db),
            bytes as f64 / text.max(1) as f64
        );
    }
}

/// The size of an SQLite database once its write-ahead log is checkpointed into the file.
fn sqlite_size(path: &str) -> u64 {
    if let Ok(store) = storyline_store::SqliteStore::open(std::path::Path::new(path)) {
        let _ = store
            .connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    }
    let size = |p: String| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    size(path.to_string()) + size(format!("{path}-wal"))
}
