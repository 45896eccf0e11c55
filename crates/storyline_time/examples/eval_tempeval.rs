//! TempEval-3 evaluation of `storyline_time::extract` on TimeML corpora.
//!
//! Usage: `cargo run --release -p storyline_time --example eval_tempeval -- /work/shared/data/tempeval3 [--errors N]`
//!
//! For every `*.tml` in `<dir>/TimeBank` and `<dir>/AQUAINT`: strips tags from
//! `<TEXT>`, runs `extract` with the DCT, and prints TE3 scores per corpus and
//! overall, throughput, and a sample of errors.

use std::path::Path;
use std::time::Instant;

use storyline_time::eval::{parse_timeml, Counts, Scores};
use storyline_time::extract;

fn print(name: &str, c: &Counts) {
    let s: Scores = c.scores();
    println!(
        "{name:<9} gold {:>5} sys {:>5} | strict P {:5.1} R {:5.1} F1 {:5.1} | relaxed P {:5.1} R {:5.1} F1 {:5.1} | type acc {:5.1} F1 {:5.1} | value acc {:5.1} F1 {:5.1}",
        c.gold, c.sys, s.strict.p, s.strict.r, s.strict.f1, s.relaxed.p, s.relaxed.r, s.relaxed.f1,
        s.type_accuracy, s.type_f1.f1, s.value_accuracy, s.value_f1.f1
    );
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let root = args
        .get(1)
        .map_or("/work/shared/data/tempeval3", String::as_str);
    let n_err: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let mut total = Counts::default();
    let mut bytes = 0usize;
    let mut secs = 0.0f64;
    let mut errors: Vec<String> = Vec::new();
    for corpus in ["TimeBank", "AQUAINT"] {
        let dir = Path::new(root).join(corpus);
        let mut files: Vec<_> = std::fs::read_dir(&dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "tml"))
            .collect();
        files.sort();
        let mut counts = Counts::default();
        for f in files {
            // Duplicate document with different DCT (see NOTES.upstream.md).
            if f.file_name().is_some_and(|n| n == "APW20000107.0088.tml") {
                continue;
            }
            let xml = std::fs::read_to_string(&f)?;
            let Some(doc) = parse_timeml(&xml) else {
                continue;
            };
            let t0 = Instant::now();
            let sys = extract(&doc.text, doc.dct);
            secs += t0.elapsed().as_secs_f64();
            bytes += doc.text.len();
            let a = counts.add(&doc.gold, &sys);
            for &(gi, si) in &a.pairs {
                let (g, s) = (&doc.gold[gi], &sys[si]);
                if g.start != s.start || g.end != s.end || g.value != s.value || g.ttype != s.ttype
                {
                    errors.push(format!(
                        "{corpus} {} dct={:?} gold[{}|{}|{}] sys[{}|{}|{}]",
                        doc.id,
                        doc.dct.map(|d| d.to_string()),
                        g.text.replace('\n', " "),
                        g.ttype,
                        g.value,
                        s.text.replace('\n', " "),
                        s.ttype,
                        s.value
                    ));
                }
            }
            for &gi in &a.missed {
                let g = &doc.gold[gi];
                errors.push(format!(
                    "{corpus} {} MISS [{}|{}|{}]",
                    doc.id,
                    g.text.replace('\n', " "),
                    g.ttype,
                    g.value
                ));
            }
            for &si in &a.spurious {
                let s = &sys[si];
                let lo = s.start.saturating_sub(30);
                let ctx: String = doc
                    .text
                    .get(lo..(s.end + 30).min(doc.text.len()))
                    .unwrap_or("")
                    .replace('\n', " ");
                errors.push(format!(
                    "{corpus} {} SPURIOUS [{}|{}|{}] ..{}..",
                    doc.id, s.text, s.ttype, s.value, ctx
                ));
            }
        }
        print(corpus, &counts);
        total.merge(&counts);
    }
    print("overall", &total);
    println!(
        "speed: {:.2} MB/s single-threaded ({} bytes in {:.3}s, extract only)",
        bytes as f64 / 1e6 / secs.max(1e-9),
        bytes,
        secs
    );
    if let Some(path) = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
    {
        std::fs::write(path, errors.join("\n"))?;
    }
    // deterministic sample of errors
    let step = (errors.len() / n_err.max(1)).max(1);
    println!(
        "sample of {} errors (of {}):",
        n_err.min(errors.len()),
        errors.len()
    );
    for e in errors.iter().step_by(step).take(n_err) {
        println!("  {e}");
    }
    Ok(())
}
