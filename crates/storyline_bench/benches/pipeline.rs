//! Criterion benches per stage over the bundled seed articles.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use storyline_clean::clean_text;
use storyline_pipeline::{Pipeline, PipelineConfig};
use storyline_store::{SqliteStore, Store};

/// The allocator of the `storyline` binary, so the figures are the ones users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn benches(c: &mut Criterion) {
    storyline_bench::keep_freed_memory();
    let articles = storyline_bench::load_articles(&storyline_bench::seeds_dir());
    assert_eq!(articles.len(), 5);
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();

    let mut group = c.benchmark_group("seeds");
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.bench_function("clean_text", |b| {
        b.iter(|| {
            let n: usize = articles
                .iter()
                .map(|a| clean_text(&a.body, None, None).text.len())
                .sum();
            assert!(n > bytes / 2);
        })
    });
    let pipeline = Pipeline::new(PipelineConfig::default());
    // one core (the figure the issues ask for), then every core (rayon's default pool)
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    group.bench_function("annotate_whole_pipeline_1_thread", |b| {
        b.iter(|| {
            let docs = one.install(|| pipeline.annotate_batch(&articles));
            assert!(docs.iter().all(|d| !d.tokens.is_empty()));
        })
    });
    group.bench_function("annotate_whole_pipeline_all_cores", |b| {
        b.iter(|| {
            let docs = pipeline.annotate_batch(&articles);
            assert!(docs.iter().all(|d| !d.tokens.is_empty()));
        })
    });
    let docs = pipeline.annotate_batch(&articles);
    group.bench_function("store_insert_sqlite", |b| {
        b.iter_with_setup(
            || (tempfile::tempdir().expect("tempdir"), docs.clone()),
            |(dir, docs)| {
                let mut store = SqliteStore::open(&dir.path().join("b.db")).expect("open");
                let out = store.insert_batch(&docs).expect("insert");
                assert_eq!(out.len(), 5);
            },
        )
    });
    group.finish();
}

criterion_group!(name = pipeline; config = Criterion::default().sample_size(20); targets = benches);
criterion_main!(pipeline);
