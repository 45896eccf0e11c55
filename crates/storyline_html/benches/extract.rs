//! Criterion benchmark: decode + extract a committed fixture page.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn bench_extract(c: &mut Criterion) {
    let bytes = include_bytes!("../tests/fixtures/news_article.html");
    let mut g = c.benchmark_group("storyline_html");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("decode_and_extract_news_article", |b| {
        b.iter(|| {
            let html = storyline_html::decode_html(black_box(bytes));
            black_box(storyline_html::extract(&html, None))
        })
    });
    let html = storyline_html::decode_html(bytes);
    g.bench_function("extract_news_article", |b| {
        b.iter(|| black_box(storyline_html::extract(black_box(&html), None)))
    });
    g.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
