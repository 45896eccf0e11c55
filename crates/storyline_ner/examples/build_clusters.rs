//! Build word clusters from unlabelled text (CoNLL-2003 train tokens, UD
//! English-EWT, PolNeAR texts, TempEval-3 texts with tags stripped).
//!
//! Usage: `cargo run --release -p storyline_ner --example build_clusters -- [DATA_DIR] [OUT]`
//! (defaults: `/work/shared/data`, `/tmp/ner_clusters.tsv`). Output lines: `bits<TAB>word`.

use std::io::Write;
use std::path::PathBuf;

use storyline_ner::clusters::{build, read_corpus, ClusterOptions};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(args.first().map_or("/work/shared/data", String::as_str));
    let out = PathBuf::from(args.get(1).map_or("/tmp/ner_clusters.tsv", String::as_str));
    let sents = read_corpus(&data)?;
    let ntok: usize = sents.iter().map(Vec::len).sum();
    eprintln!("{} sentences, {ntok} tokens", sents.len());
    let t = std::time::Instant::now();
    let c = build(&sents, &ClusterOptions::default());
    eprintln!(
        "{} words clustered in {:.1}s",
        c.len(),
        t.elapsed().as_secs_f64()
    );
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out)?);
    for (bits, w) in &c {
        writeln!(f, "{bits}\t{w}")?;
    }
    eprintln!("wrote {}", out.display());
    Ok(())
}
