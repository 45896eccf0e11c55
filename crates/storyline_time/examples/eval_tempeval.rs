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
use storyline_time::{extract, infer_dct, DctHints};

fn print(name: &str, c: &Counts) {
    let s: Scores = c.scores();
    println!(
        "{name:<9} gold {:>5} sys {:>5} | strict P {:5.1} R {:5.1} F1 {:5.1} | relaxed P {:5.1} R {:5.1} F1 {:5.1} | type acc {:5.1} F1 {:5.1} | value acc {:5.1} F1 {:5.1}",
        c.gold, c.sys, s.strict.p, s.strict.r, s.strict.f1, s.relaxed.p, s.relaxed.r, s.relaxed.f1,
        s.type_accuracy, s.type_f1.f1, s.value_accuracy, s.value_f1.f1
    );
}

/// DCT inference on the same documents with their DCT hidden; the hint is the
/// range of the corpus' DCTs.
fn dct_report(corpus: &str, docs: &[(String, Option<chrono::NaiveDate>)]) {
    let dcts: Vec<_> = docs.iter().filter_map(|d| d.1).collect();
    let (Some(&lo), Some(&hi)) = (dcts.iter().min(), dcts.iter().max()) else {
        return;
    };
    let hints = DctHints {
        corpus_range: Some((lo, hi)),
    };
    let (mut n, mut answered, mut year_ok, mut week_ok, mut day_ok) = (0, 0, 0, 0, 0);
    for (text, dct) in docs {
        let Some(dct) = dct else { continue };
        n += 1;
        if let Some(r) = infer_dct(text, &hints) {
            answered += 1;
            let diff = (r.date - *dct).num_days().abs();
            if std::env::var_os("DCT_DEBUG").is_some() && diff > 7 {
                println!(
                    "  dct {dct} inferred {} ({:.2}) {}",
                    r.date, r.confidence, r.reason
                );
            }
            if chrono::Datelike::year(&r.date) == chrono::Datelike::year(dct) {
                year_ok += 1;
            }
            if diff <= 7 {
                week_ok += 1;
            }
            if diff == 0 {
                day_ok += 1;
            }
        }
    }
    println!(
        "{corpus:<9} DCT inference (hidden DCT, corpus range {lo}..{hi}): {n} docs, answered {answered}, right year {year_ok}, within 7 days {week_ok}, exact day {day_ok}"
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
        let mut docs = Vec::new();
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
            docs.push((doc.text.clone(), doc.dct));
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
        dct_report(corpus, &docs);
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
