//! Throughput benchmark (tokens/s) of the embedded model.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use storyline_ner::Ner;

const TEXT: &str = "Chinese President Xi Jinping spoke with Vladimir Putin on Friday , the Kremlin said .
Ukrainian President Volodymyr Zelenskiy visited Kyiv on Tuesday and met European Union officials .
Shares of Apple Inc. rose 3 percent in New York after Chief Executive Tim Cook said sales in India doubled .
The European Central Bank kept interest rates unchanged , its president Christine Lagarde told reporters in Frankfurt .
Floods in southern Brazil forced thousands of people from their homes , the state government of Rio Grande do Sul said .
Manchester United beat Chelsea 2-1 at Old Trafford on Sunday to move third in the Premier League table .";

fn doc() -> Vec<Vec<&'static str>> {
    let mut d = Vec::new();
    for _ in 0..20 {
        for l in TEXT.lines() {
            d.push(l.split(' ').collect());
        }
    }
    d
}

fn bench(c: &mut Criterion) {
    let ner = Ner::default_model();
    let d = doc();
    let n: usize = d.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("ner");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("tag_document", |b| {
        b.iter(|| ner.tag_document(black_box(&d)))
    });
    g.bench_function("entities", |b| b.iter(|| ner.entities(black_box(&d))));
    g.finish();
    c.bench_function("load_model", |b| {
        b.iter(|| Ner::from_bytes(black_box(include_bytes!("../models/ner.bin.gz"))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
