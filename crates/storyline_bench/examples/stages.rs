//! Time per stage over a folder of articles, one thread: where the time goes.
//!
//! `cargo run --release -p storyline_bench --example stages -- DIR`

use std::time::Instant;

use storyline_pipeline::{Pipeline, PipelineConfig};

/// The allocator of the `storyline` binary, so the figures are the ones users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    storyline_bench::keep_freed_memory();
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| storyline_bench::seeds_dir().display().to_string());
    let articles = storyline_bench::load_articles(std::path::Path::new(&dir));
    let clean = Pipeline::new(PipelineConfig {
        raw: true,
        dct: None,
    });
    let texts: Vec<String> = articles.iter().map(|a| clean.annotate(a).text).collect();
    let nlp = storyline_nlp::Nlp::default_models();
    let ner = storyline_ner::Ner::default_model();
    let t = Instant::now();
    let cleaned: Vec<_> = articles
        .iter()
        .map(|a| storyline_clean::clean(a, false, None))
        .collect();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{:<40} {secs:>8.3}s  {:>10.0} articles/s",
        "clean (text cleaner)",
        articles.len() as f64 / secs
    );
    let docs: Vec<storyline_pipeline::Document> = cleaned
        .into_iter()
        .enumerate()
        .map(|(i, c)| storyline_pipeline::Document::new(format!("d{i}"), c.text))
        .collect();
    let dir = std::env::temp_dir().join(format!("stages-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let t = Instant::now();
    let mut store = storyline_store::SqliteStore::open(&dir.join("s.db")).expect("open");
    for chunk in docs.chunks(256) {
        storyline_store::Store::insert_batch(&mut store, chunk).expect("insert");
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{:<40} {secs:>8.3}s  {:>10.0} articles/s",
        "store (hash, MinHash, LSH, SQLite)",
        docs.len() as f64 / secs
    );
    let _ = std::fs::remove_dir_all(&dir);
    let t = Instant::now();
    let mut ntok = 0;
    for text in &texts {
        ntok += storyline_nlp::tokenize(text).len();
    }
    report("tokenize", t, ntok);
    let t = Instant::now();
    let analyses: Vec<_> = texts.iter().map(|x| nlp.analyze(x)).collect();
    report("nlp.analyze (tok+tag+lemma+parse)", t, ntok);
    let t = Instant::now();
    for (a, text) in analyses.iter().zip(&texts) {
        let _ = ner.entities(&a.sentence_words(text));
    }
    report("ner", t, ntok);
    let t = Instant::now();
    for (a, text) in analyses.iter().zip(&texts) {
        for words in a.sentence_words(text) {
            let _ = nlp.tag(&words);
        }
    }
    report("tagger alone", t, ntok);
    let t = Instant::now();
    for text in &texts {
        let _ = storyline_time::extract(text, chrono::NaiveDate::from_ymd_opt(2023, 3, 17));
    }
    report("time", t, ntok);
    let t = Instant::now();
    for text in &texts {
        let _ = storyline_time::infer_dct(text, &Default::default());
    }
    report("infer_dct", t, ntok);
    pipeline_steps(&texts, ntok);
}

/// The per-document steps of `Pipeline::annotate_batch`, each timed over all documents.
fn pipeline_steps(texts: &[String], ntok: usize) {
    let mut docs: Vec<storyline_pipeline::Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| storyline_pipeline::Document::new(format!("d{i}"), t.clone()))
        .collect();
    let t = Instant::now();
    for d in &mut docs {
        storyline_pipeline::annotate::linguistics(d);
    }
    report("step: linguistics (nlp + ner)", t, ntok);
    let t = Instant::now();
    for d in &mut docs {
        storyline_pipeline::annotate::timexes(d, chrono::NaiveDate::from_ymd_opt(2023, 3, 17));
    }
    report("step: timexes", t, ntok);
    let kb = storyline_actors::ActorKb::default_kb();
    let t = Instant::now();
    for d in &mut docs {
        storyline_actors::link_entities(d, kb);
    }
    report("step: link entities", t, ntok);
    let t = Instant::now();
    for d in &docs {
        std::hint::black_box(storyline_quotes::extract_quotes(d));
    }
    report("step: quotes", t, ntok);
    let t = Instant::now();
    for d in &docs {
        std::hint::black_box(storyline_actors::DocActors::build(d, kb));
    }
    report("step: document actors", t, ntok);
    let t = Instant::now();
    for d in &docs {
        std::hint::black_box(storyline_events::extract_events(d, kb));
    }
    report("step: events", t, ntok);
    let t = Instant::now();
    for d in &mut docs {
        storyline_pipeline::annotate::extraction(d);
    }
    report("step: extraction (all of the above)", t, ntok);
}

fn report(what: &str, t: Instant, tokens: usize) {
    let s = t.elapsed().as_secs_f64();
    println!("{what:<40} {s:>8.3}s  {:>10.0} tokens/s", tokens as f64 / s);
}
