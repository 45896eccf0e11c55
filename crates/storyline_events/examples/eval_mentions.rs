//! Cross-validates the event-mention model on TempEval-3's TimeBank and AQUAINT, and (with
//! `--write`) trains it on all of them and writes `models/mentions.bin.gz`.
//!
//! `cargo run --release -p storyline_events --example eval_mentions -- ../shared/data/tempeval3 [--folds 5] [--write]`

use std::path::PathBuf;

use storyline_events::mentions::train::{self, MentionTrainConfig};
use storyline_events::mentions::MentionModel;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/data/tempeval3".into()),
    );
    let rest: Vec<String> = args.collect();
    let mut cfg = MentionTrainConfig::default();
    if let Some(i) = rest.iter().position(|a| a == "--folds") {
        cfg.folds = rest.get(i + 1).and_then(|x| x.parse().ok()).unwrap_or(5);
    }
    if let Some(i) = rest.iter().position(|a| a == "--epochs") {
        cfg.epochs = rest.get(i + 1).and_then(|x| x.parse().ok()).unwrap_or(8);
    }
    let t0 = std::time::Instant::now();
    let docs = train::load(&dir, &storyline_pipeline::annotate::analyze_for_training)
        .unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        });
    println!("{} documents analysed in {:.1?}", docs.len(), t0.elapsed());
    let trained = train::train(&docs, cfg).expect("train");
    let cv = &trained.cv;
    for (i, f) in cv.folds.iter().enumerate() {
        println!("fold {i}: {f}");
    }
    println!("cross-validated ({} folds): {}", cfg.folds, cv.held_out);
    println!(
        "training folds (tuned-set figure, fold 0's model): {}",
        cv.training
    );
    println!(
        "temperature {:.2}, held-out calibration error {:.1} points",
        cv.temperature, cv.calibration_error
    );
    println!(
        "cross-validated at the threshold {:.3} (best held-out F1): {}",
        cv.threshold, cv.held_out_at_threshold
    );
    println!(
        "final model on all documents (training figure): {}",
        train::evaluate(&trained.model, &docs)
    );
    println!("model {} bytes", trained.bytes.len());
    if rest.iter().any(|a| a == "--write") {
        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/mentions.bin.gz");
        std::fs::write(&out, &trained.bytes).expect("write model");
        println!("wrote {}", out.display());
        let _ = MentionModel::from_gzip(&trained.bytes).expect("model reads back");
    }
}
