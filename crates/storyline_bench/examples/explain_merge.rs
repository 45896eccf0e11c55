//! Why the timeline merge joins or splits what it does: every candidate pair of the coded
//! mentions of some articles, with the index that proposed it and the pair model's score.
//!
//! `cargo run --release -p storyline_bench --example explain_merge -- [DIR] [--all]`
//!
//! Without a folder, the bundled example articles; pairs scored below the threshold are
//! listed too with `--all`.
use storyline_bench::{load_articles, seeds_dir};
use storyline_corpus::candidates;
use storyline_corpus::model::MergeModel;
use storyline_pipeline::{Pipeline, PipelineConfig};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(seeds_dir);
    let pipe = Pipeline::new(PipelineConfig::default());
    let docs = pipe.annotate_batch(&load_articles(&dir));
    let np = storyline_bench::news_pairs::candidate_pairs(&docs);
    let model = MergeModel::default_model();
    let show = |i: usize| {
        let m = &np.mentions[i];
        let e = &m.event;
        format!(
            "{}:{} {} {:?} {}->{} [{}]",
            &m.document[..m.document.len().min(3)],
            e.sentence,
            e.date.as_deref().unwrap_or("undated"),
            e.code.as_deref().unwrap_or(""),
            e.source.as_deref().unwrap_or("-"),
            e.target.as_deref().unwrap_or("-"),
            e.trigger.text
        )
    };
    for p in &np.pairs {
        let x = candidates::features(&np.views[p.a], &np.views[p.b], p.kind);
        let s = model.score(&x);
        if all || s >= model.threshold {
            println!("{s:.2} {:?} | {} | {}", p.kind, show(p.a), show(p.b));
        }
    }
}
