//! Evaluates the committed (embedded) models on a CoNLL-U file.
//!
//! `cargo run --release -p storyline_nlp --example eval_nlp -- FILE.conllu`

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/work/shared/data/ud-english-ewt/en_ewt-ud-dev.conllu".into());
    let text = std::fs::read_to_string(&path)?;
    let t0 = std::time::Instant::now();
    let nlp = storyline_nlp::Nlp::default_models();
    println!(
        "models loaded in {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    let t1 = std::time::Instant::now();
    let report = storyline_nlp::train::evaluate(nlp, &text);
    let secs = t1.elapsed().as_secs_f64();
    println!("{path}: {report}");
    println!("tag+lemma+parse: {:.0} words/s", report.words as f64 / secs);
    Ok(())
}
