//! Evaluates the committed (embedded) models on a CoNLL-U file and measures throughput.
//!
//! `cargo run --release -p storyline_nlp --example eval_nlp -- FILE.conllu [MODEL_DIR]`

use std::time::Instant;

/// CPU time of this thread in seconds (Linux), falling back to wall-clock time.
fn cpu_secs(wall: &Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|x| x.parse::<f64>().ok())
        })
        .map_or_else(|| wall.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

/// Runs `f`, returning its result, wall seconds and CPU seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let w = Instant::now();
    let c0 = cpu_secs(&w);
    let r = f();
    (r, w.elapsed().as_secs_f64(), cpu_secs(&w) - c0)
}

/// Best of [`REPS`] runs of `f` (wall and CPU seconds), so short files give stable figures.
fn best_of<T>(mut f: impl FnMut() -> T) -> (T, f64, f64) {
    let (mut r, mut w, mut c) = timed(&mut f);
    for _ in 1..REPS {
        let (r2, w2, c2) = timed(&mut f);
        if w2 < w {
            (r, w, c) = (r2, w2, c2);
        }
    }
    (r, w, c)
}

/// Timed runs per component.
const REPS: usize = 5;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/work/shared/data/ud-english-ewt/en_ewt-ud-dev.conllu".into());
    let text = std::fs::read_to_string(&path)?;
    let loaded;
    let (nlp, wall, cpu) = match std::env::args().nth(2) {
        Some(dir) => {
            let (r, w, c) = timed(|| storyline_nlp::Nlp::load_dir(std::path::Path::new(&dir)));
            loaded = r?;
            (&loaded, w, c)
        }
        None => timed(storyline_nlp::Nlp::default_models),
    };
    println!(
        "models loaded in {:.1} ms wall, {:.1} ms CPU",
        wall * 1000.0,
        cpu * 1000.0
    );
    let [t, a, l] = nlp.sizes();
    println!("rows/cells: tagger {t:?}, parser transitions {a:?}, parser labels {l:?}");
    let (report, _, _) = timed(|| storyline_nlp::train::evaluate(nlp, &text));
    println!("{path}: {report}");

    // throughput of the components on the file's words (per core: CPU time; best of REPS runs)
    let sents = storyline_nlp::conllu::read(&text);
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let n: usize = words.iter().map(|w| w.len()).sum();
    let (tags, tw, tc) = best_of(|| words.iter().map(|w| nlp.tag(w)).collect::<Vec<_>>());
    let (_, pw, pc) = best_of(|| {
        words
            .iter()
            .zip(&tags)
            .map(|(w, t)| nlp.parse(w, t).len())
            .sum::<usize>()
    });
    let raw: String = words
        .iter()
        .map(|w| w.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n");
    let (a, aw, ac) = best_of(|| nlp.analyze(&raw));
    let m = a.tokens.len() as f64;
    println!(
        "tagger:  {:.0} tokens/s per core ({:.0} wall)",
        n as f64 / tc,
        n as f64 / tw
    );
    println!(
        "parser:  {:.0} tokens/s per core ({:.0} wall)",
        n as f64 / pc,
        n as f64 / pw
    );
    println!(
        "analyze: {:.0} tokens/s per core ({:.0} wall) = {:.0} articles of 600 words/s",
        m / ac,
        m / aw,
        m / ac / 600.0
    );
    Ok(())
}
