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
    // Pure tagging throughput (documents pre-split, best of 3 passes).
    let docs: Vec<Vec<Vec<&str>>> = text
        .split("-DOCSTART-")
        .map(|d| {
            d.split("\n\n")
                .map(|s| {
                    s.lines()
                        .filter_map(|l| l.split_whitespace().next())
                        .filter(|t| *t != "-X-")
                        .collect::<Vec<&str>>()
                })
                .filter(|s| !s.is_empty())
                .collect()
        })
        .collect();
    let n: usize = docs.iter().flatten().map(Vec::len).sum();
    let mut best = f64::MAX;
    let cpu0 = cpu_ns();
    let passes = 10;
    for _ in 0..passes {
        let t = Instant::now();
        let mut k = 0usize;
        for d in &docs {
            k += ner.entities(d).len();
        }
        std::hint::black_box(k);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let cpu = cpu_ns().zip(cpu0).map(|(a, b)| (a - b) as f64 / 1e9);
    println!(
        "entities(): {n} tokens, {:.0} tokens/s wall (best of {passes})",
        n as f64 / best
    );
    if let Some(cpu) = cpu {
        println!(
            "entities(): {:.0} tokens per CPU-second (thread CPU time, robust to a busy machine)",
            (n * passes) as f64 / cpu
        );
    }
    Ok(())
}

/// CPU time of this thread in ns (Linux `/proc/thread-self/schedstat`).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
