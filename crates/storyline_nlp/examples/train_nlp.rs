//! Trains all models and writes them into the crate's `models/` directory (or `$2`).
//!
//! `cargo run --release -p storyline_nlp --example train_nlp -- /work/shared/data/ud-english-ewt [OUT_DIR] [SEED]`

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let data = PathBuf::from(
        args.get(1)
            .map_or("/work/shared/data/ud-english-ewt", |s| s.as_str()),
    );
    let out = args.get(2).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models"),
        PathBuf::from,
    );
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut cfg = storyline_nlp::train::TrainConfig {
        seed,
        ..Default::default()
    };
    if let Ok(v) = std::env::var("NLP_TAGGER_EPOCHS") {
        cfg.tagger_epochs = v.parse()?;
    }
    if let Ok(v) = std::env::var("NLP_PARSER_EPOCHS") {
        cfg.parser_epochs = v.parse()?;
    }
    if let Ok(v) = std::env::var("NLP_JACKKNIFE") {
        cfg.jackknife_folds = v.parse()?;
    }
    if let Ok(v) = std::env::var("NLP_PRUNE") {
        cfg.tagger_prune = v.parse()?;
        cfg.parser_prune = cfg.tagger_prune;
    }
    if let Ok(v) = std::env::var("NLP_MIN_UPDATES") {
        cfg.min_updates = v.parse()?;
    }
    let report = storyline_nlp::train::train_all_with(&data, &out, &cfg)?;
    println!("dev: {report}");
    Ok(())
}
