//! Train the NER model on CoNLL-2003 and write `models/ner.bin.gz`.
//!
//! Usage: `cargo run --release -p storyline_ner --example train_ner -- DATA_DIR [OUT] [--epochs N] [--seed S] [--clusters FILE]`
//! where DATA_DIR contains `train.txt` and `valid.txt`. Unless `--clusters FILE`
//! or `--no-clusters` is given, word clusters are first built from the
//! unlabelled corpus in DATA_DIR/.. (see `storyline_ner::clusters::read_corpus`).

use std::path::PathBuf;

use storyline_ner::train::{train_with, TrainOptions};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut pos = Vec::new();
    let mut opts = TrainOptions::default();
    let mut seed = 42u64;
    let mut no_clusters = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--epochs" => opts.epochs = args.next().unwrap_or_default().parse()?,
            "--seed" => seed = args.next().unwrap_or_default().parse()?,
            "--prune" => opts.prune = args.next().unwrap_or_default().parse()?,
            "--clusters" => opts.clusters = args.next().map(PathBuf::from),
            "--dropout" => opts.word_dropout = args.next().unwrap_or_default().parse()?,
            "--runs" => opts.runs = args.next().unwrap_or_default().parse()?,
            "--no-clusters" => no_clusters = true,
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
    if opts.clusters.is_none() && !no_clusters {
        use std::io::Write;
        let root = data.parent().unwrap_or(&data);
        let sents = storyline_ner::clusters::read_corpus(root)?;
        let ntok: usize = sents.iter().map(Vec::len).sum();
        let t = std::time::Instant::now();
        let c = storyline_ner::clusters::build(&sents, &Default::default());
        eprintln!(
            "built {} word clusters from {ntok} unlabelled tokens in {:.1}s",
            c.len(),
            t.elapsed().as_secs_f64()
        );
        let path =
            std::env::temp_dir().join(format!("storyline_ner_clusters_{}.tsv", std::process::id()));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for (bits, w) in &c {
            writeln!(f, "{bits}\t{w}")?;
        }
        f.flush()?;
        opts.clusters = Some(path);
    }
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
