//! Evaluate a NER model (default: the embedded one) on a CoNLL file.
//!
//! Usage: `cargo run --release -p storyline_ner --example eval_ner -- FILE [--model PATH]`

use std::time::Instant;

use storyline_ner::{train::evaluate, Ner};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .map_or("/work/shared/data/conll2003/valid.txt", String::as_str);
    let t = Instant::now();
    let owned;
    let ner: &Ner = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let p = args
                .get(i + 1)
                .ok_or_else(|| anyhow::anyhow!("--model needs a path"))?;
            owned = Ner::from_file(std::path::Path::new(p))?;
            &owned
        }
        None => Ner::default_model(),
    };
    eprintln!("model loaded in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let text = std::fs::read_to_string(file)?;
    let t = Instant::now();
    let rep = evaluate(ner, &text);
    let s = t.elapsed().as_secs_f64();
    print!("{rep}");
    println!(
        "tagged {} tokens in {:.3}s: {:.0} tokens/s (single thread, incl. parsing/scoring)",
        rep.tokens,
        s,
        rep.tokens as f64 / s
    );
    Ok(())
}
