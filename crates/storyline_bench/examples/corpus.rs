//! Whole-pipeline benchmark over a real corpus: reads every article under the given
//! folders, runs the full per-document pipeline on one thread (or all, with
//! `--threads N`), ingests into a fresh SQLite file, and reports articles/s and
//! tokens/s per core and peak memory.
//!
//! `cargo run --release -p storyline_bench --example corpus -- DIR... [--threads N] [--batch N]`
//!
//! To time copies of the same articles (e.g. the seeds, 40 times), give `--batch` the number of
//! distinct articles: a batch drops lines that repeat across its articles as boilerplate.

use std::time::Instant;

use storyline_pipeline::{Pipeline, PipelineConfig};
use storyline_store::{SqliteStore, Store};

/// The allocator of the `storyline` binary, so the figures are the ones users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    storyline_bench::keep_freed_memory();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut threads = 1usize;
    if let Some(i) = args.iter().position(|a| a == "--threads") {
        threads = args.get(i + 1).and_then(|t| t.parse().ok()).unwrap_or(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    // Articles per `annotate_batch` call. A batch learns which lines repeat across its articles
    // and drops them as boilerplate, so copies of the same articles must not share a batch.
    let mut batch = 256usize;
    if let Some(i) = args.iter().position(|a| a == "--batch") {
        batch = args
            .get(i + 1)
            .and_then(|t| t.parse().ok())
            .unwrap_or(256)
            .max(1);
        args.drain(i..(i + 2).min(args.len()));
    }
    if args.is_empty() {
        eprintln!("usage: corpus DIR... [--threads N] [--batch N]");
        std::process::exit(2);
    }
    let pool = rayon_pool(threads);
    let mut articles = Vec::new();
    for dir in &args {
        articles.extend(storyline_bench::load_articles(std::path::Path::new(dir)));
    }
    let n = articles.len();
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    let pipeline = Pipeline::new(PipelineConfig::default());
    // Warm the models up (lazy loading) before timing.
    let _ = pipeline.annotate_batch(&articles[..n.min(1)]);

    // Like `storyline ingest`: annotate, store every 256 documents, drop what is stored (memory
    // stays flat however large the input); the two phases are timed apart.
    let dir = std::env::temp_dir().join(format!("storyline-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut store = SqliteStore::open(&dir.join("bench.db")).expect("open database");
    let (mut annotate_secs, mut store_secs, mut tokens) = (0f64, 0f64, 0usize);
    let mut pending = Vec::new();
    for (i, chunk) in articles.chunks(batch).enumerate() {
        let started = Instant::now();
        let docs = pool.install(|| pipeline.annotate_batch(chunk));
        annotate_secs += started.elapsed().as_secs_f64();
        tokens += docs.iter().map(|d| d.tokens.len()).sum::<usize>();
        pending.extend(docs);
        if pending.len() >= 256 || (i + 1) * batch >= n {
            let started = Instant::now();
            store.insert_batch(&pending).expect("insert");
            pending.clear();
            store_secs += started.elapsed().as_secs_f64();
        }
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);

    let cores = threads as f64;
    println!(
        "articles: {n}  ({:.1} MB, {tokens} tokens)",
        bytes as f64 / 1e6
    );
    println!(
        "annotate (clean + nlp + ner + time + extraction): {:.2}s  {:.0} articles/s  {:.0} tokens/s  ({:.0} articles/s and {:.0} tokens/s per core, {threads} thread(s))",
        annotate_secs,
        n as f64 / annotate_secs,
        tokens as f64 / annotate_secs,
        n as f64 / annotate_secs / cores,
        tokens as f64 / annotate_secs / cores
    );
    println!(
        "store into SQLite: {:.2}s  {:.0} articles/s",
        store_secs,
        n as f64 / store_secs
    );
    if let Some(mb) = storyline_bench::peak_memory_mib() {
        println!("peak memory: {mb:.0} MiB");
    }
}

fn rayon_pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .expect("thread pool")
}
