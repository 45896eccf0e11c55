//! Throughput of the tokenizer, tagger, parser and whole pipeline on news-like text.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use storyline_nlp::{split_sentences, tokenize, Nlp};

const PARAGRAPH: &str = "KYIV, Ukraine (Reuters) — Russian forces pressed their assault on the eastern city of \
Bakhmut on Tuesday, Ukraine's military said, as Western officials warned that Moscow was preparing a new offensive. \
\"The situation is difficult, but we're holding,\" said Gen. Oleksandr Syrskyi, commander of the ground forces, in a \
statement posted on Telegram. U.S. Secretary of State Antony Blinken, who met his Chinese counterpart in Munich on \
Feb. 18, said Washington had information that Beijing was considering providing lethal aid to Russia. China's foreign \
ministry denied the claim and accused the United States of spreading disinformation. Prices for wheat rose 3.5% to \
$7.82 a bushel after the news, while European gas futures fell for a third straight day. The International Monetary \
Fund said in January it expected Russia's economy to grow 0.3% this year, a sharp upgrade from its October forecast.\n\n";

fn bench(c: &mut Criterion) {
    let nlp = Nlp::default_models();
    let text = PARAGRAPH.repeat(4);
    let spans = tokenize(&text);
    let sents = split_sentences(&text, &spans);
    let sentences: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| {
            spans[s.tokens.clone()]
                .iter()
                .map(|sp| &text[sp.start..sp.end])
                .collect()
        })
        .collect();
    let tags: Vec<_> = sentences.iter().map(|w| nlp.tag(w)).collect();
    let n = spans.len() as u64;

    let mut g = c.benchmark_group("nlp");
    g.throughput(Throughput::Elements(n));
    g.bench_function("tokenize+split (tokens)", |b| {
        b.iter(|| {
            let t = tokenize(black_box(&text));
            split_sentences(&text, &t).len()
        })
    });
    g.bench_function("tag (tokens)", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|w| nlp.tag(black_box(w)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("parse (tokens)", |b| {
        b.iter(|| {
            sentences
                .iter()
                .zip(&tags)
                .map(|(w, t)| nlp.parse(black_box(w), t).len())
                .sum::<usize>()
        })
    });
    g.bench_function("analyze (tokens)", |b| {
        b.iter(|| nlp.analyze(black_box(&text)).tokens.len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
