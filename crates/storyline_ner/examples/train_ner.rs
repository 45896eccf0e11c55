//! Train the NER model on CoNLL-2003 and write `models/ner.bin.gz`.
//!
//! Usage: `cargo run --release -p storyline_ner --example train_ner -- DATA_DIR [OUT] [--epochs N] [--seed S] [--clusters FILE]`
//! where DATA_DIR contains `train.txt` and `valid.txt`.

use std::path::PathBuf;

use storyline_ner::train::{train_with, TrainOptions};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut pos = Vec::new();
    let mut opts = TrainOptions::default();
    let mut seed = 42u64;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--epochs" => opts.epochs = args.next().unwrap_or_default().parse()?,
            "--seed" => seed = args.next().unwrap_or_default().parse()?,
            "--prune" => opts.prune = args.next().unwrap_or_default().parse()?,
            "--clusters" => opts.clusters = args.next().map(PathBuf::from),
            _ => pos.push(a),
        }
    }
    let data = PathBuf::from(
        pos.first()
            .map_or("/work/shared/data/conll2003", String::as_str),
    );
    let out = pos.get(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/ner.bin.gz"),
        PathBuf::from,
    );
    let rep = train_with(
        &data.join("train.txt"),
        &data.join("valid.txt"),
        &out,
        seed,
        &opts,
    )?;
    println!(
        "dev results of saved model {} (best epoch {}, {} features, {} bytes):",
        out.display(),
        rep.best_epoch,
        rep.features,
        rep.model_bytes
    );
    print!("{rep}");
    Ok(())
}
