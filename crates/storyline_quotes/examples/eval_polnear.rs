//! Evaluates quote extraction on PolNeAR:
//! `cargo run --release -p storyline_quotes --example eval_polnear -- /work/shared/data/polnear dev`
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use storyline_quotes::eval::{parse_ann, score, Counts};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = args
        .get(1)
        .map_or("/work/shared/data/polnear", String::as_str);
    let split = args.get(2).map_or("dev", String::as_str);
    let limit: usize = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    let verbose = std::env::var("VERBOSE").is_ok();
    let opts = storyline_quotes::Options {
        extend_back: std::env::var("NO_EXTEND").is_err(),
        orphan_quotes: std::env::var("NO_ORPHANS").is_err(),
    };
    // One .ann per article: the first alphabetically.
    let dir = format!("{root}/{split}/attributions");
    let mut anns: BTreeMap<String, String> = BTreeMap::new();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    names.sort();
    for n in names {
        let stem = n.trim_end_matches(".ann");
        let article = stem.rsplit_once('_').map_or(stem, |x| x.0).to_string();
        anns.entry(article).or_insert(n);
    }
    let pipeline = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
        raw: true,
        dct: None,
    });
    let (mut all, mut quoted) = (Counts::default(), Counts::default());
    let mut t_quotes = Duration::ZERO;
    let mut t_pipe = Duration::ZERO;
    let mut n_docs = 0;
    for (article, ann) in anns.iter().take(limit) {
        let text =
            std::fs::read_to_string(format!("{root}/{split}/text/{article}.txt")).expect("text");
        let ann_text = std::fs::read_to_string(format!("{dir}/{ann}")).expect("ann");
        let t0 = Instant::now();
        let doc = pipeline.annotate(&storyline_pipeline::RawArticle::new(
            article.as_str(),
            storyline_pipeline::SourceFormat::Text,
            text.as_str(),
        ));
        t_pipe += t0.elapsed();
        assert_eq!(doc.text, text, "raw mode keeps text");
        let t1 = Instant::now();
        let pred = storyline_quotes::extract_quotes_with(&doc, opts);
        t_quotes += t1.elapsed();
        n_docs += 1;
        let gold = parse_ann(&ann_text, &text);
        let c = score(&pred, &gold, &text, false);
        all.add(&c);
        quoted.add(&score(&pred, &gold, &text, true));
        if verbose {
            for g in &gold {
                let hit = pred
                    .iter()
                    .any(|q| storyline_quotes::eval::spans_match((q.start, q.end), g.content));
                if !hit {
                    println!("MISS\t{}\t{:?}", article, &text[g.content.0..g.content.1]);
                }
            }
            for q in &pred {
                let hit = gold
                    .iter()
                    .any(|g| storyline_quotes::eval::spans_match((q.start, q.end), g.content));
                if !hit {
                    println!("FP\t{}\t{}\t{:?}", article, q.kind, q.text);
                } else if let Some(g) = gold
                    .iter()
                    .find(|g| storyline_quotes::eval::spans_match((q.start, q.end), g.content))
                {
                    let ok = match (g.source, q.speaker_start, q.speaker_end) {
                        (Some(src), Some(s), Some(e)) => src.1.min(e) > src.0.max(s),
                        _ => false,
                    };
                    if !ok {
                        println!(
                            "SPK\t{}\tgold={:?}\tpred={:?} ({:?})\t{:?}",
                            article,
                            g.source.map(|s| &text[s.0..s.1]),
                            q.speaker_start.zip(q.speaker_end).map(|(s, e)| &text[s..e]),
                            q.speaker,
                            q.text.chars().take(60).collect::<String>()
                        );
                    }
                }
            }
        }
    }
    let line = |name: &str, c: &Counts| {
        println!(
            "{name:<8} gold {:>5} pred {:>5} matched {:>5}  P {:.3} R {:.3} F1 {:.3}  speaker acc {:.3} ({}/{})",
            c.gold, c.predicted, c.matched, c.precision(), c.recall(), c.f1(), c.speaker_accuracy(), c.speaker_right, c.matched
        );
    };
    println!("PolNeAR {split}: {n_docs} articles");
    line("all", &all);
    line("quoted", &quoted);
    println!(
        "time: pipeline {:.2} ms/article, quotes {:.3} ms/article",
        t_pipe.as_secs_f64() * 1e3 / n_docs.max(1) as f64,
        t_quotes.as_secs_f64() * 1e3 / n_docs.max(1) as f64
    );
}
