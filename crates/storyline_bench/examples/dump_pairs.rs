//! Every candidate pair the timeline merge considers among the coded mentions of PolNeAR's
//! articles (dated by their file names), as JSON lines: the material for labelling pairs
//! "one event" or not on real news (`crates/storyline_corpus/data/merge-pair-labels.jsonl`).
//!
//! `cargo run --release -p storyline_bench --example dump_pairs -- POLNEAR_DIR OUT.jsonl`
//! `cargo run --release -p storyline_bench --example dump_pairs -- CONLL_FILE OUT.jsonl`
//! (CoNLL-2003's Reuters articles of 1996, dated by their datelines)
//!
//! Each line: `id` (`FILE#trigger_start|FILE#trigger_start`), the index that proposed the
//! pair, and for each mention its file, publication date, sentence, trigger, PLOVER type,
//! CAMEO code, source, target, date, modality, whether it is a reference or recollection, and
//! its coding score.
use std::io::Write;

use serde_json::json;
use storyline_bench::news_pairs::{candidate_pairs, pair_id, polnear_articles};
use storyline_corpus::Mention;
use storyline_pipeline::{Pipeline, PipelineConfig};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: dump_pairs POLNEAR_DIR OUT.jsonl");
        std::process::exit(2)
    };
    let path = std::path::Path::new(&dir);
    let read = if path.is_dir() {
        polnear_articles(path)
    } else {
        storyline_bench::news_pairs::conll_articles(path)
    };
    let raws = read.unwrap_or_else(|e| {
        eprintln!("dump_pairs: {e}");
        std::process::exit(2)
    });
    let pipe = Pipeline::new(PipelineConfig {
        raw: true,
        dct: None,
    });
    let docs = pipe.annotate_batch(&raws);
    let np = candidate_pairs(&docs);
    eprintln!(
        "{} articles, {} coded mentions, {} candidate pairs",
        docs.len(),
        np.mentions.len(),
        np.pairs.len()
    );
    let side = |m: &Mention| {
        let e = &m.event;
        json!({
            "file": m.document,
            "published": m.published,
            "sentence": m.sentence_text,
            "trigger": e.trigger.text,
            "plover": e.plover,
            "code": e.code,
            "source": e.source,
            "target": e.target,
            "date": e.date,
            "modality": e.modality,
            "reference": e.reference,
            "recalled": e.recalled,
            "score": e.score,
        })
    };
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out).unwrap_or_else(|e| {
        eprintln!("error: cannot write {out}: {e}");
        std::process::exit(1)
    }));
    for p in &np.pairs {
        let (a, b) = (&np.mentions[p.a], &np.mentions[p.b]);
        let line = json!({"id": pair_id(a, b), "kind": format!("{:?}", p.kind), "a": side(a), "b": side(b)});
        if writeln!(w, "{line}").is_err() {
            eprintln!("error: cannot write {out}");
            std::process::exit(1)
        }
    }
}
