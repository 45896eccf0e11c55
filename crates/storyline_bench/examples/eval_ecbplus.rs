//! Cross-document coreference on ECB+: story grouping of documents and event-mention
//! coreference, scored with MUC, B-cubed, CEAF-e and their CoNLL average.
//!
//! `cargo run --release -p storyline_bench --example eval_ecbplus -- /work/shared/data/ecbplus [-v]`
//!
//! Setup (as in Cybulska & Vossen 2015, Barhom et al. 2019): topics 1-22 train (what the
//! merge's pair model is fitted on, with the labelled news pairs), 23-25 dev (where its
//! threshold was looked at), 36-45 test; see [`storyline_bench::ecbplus`].
//!
//! Each split is processed on its own, without gold topics: its documents run through the
//! storyline pipeline (raw text rebuilt from the tokens) and are grouped into stories by
//! `storyline_corpus::stories`. Event rows:
//!
//! - **merge (pair model)**: the timeline merge's own clustering (`storyline_corpus::cluster`
//!   with the committed pair model and threshold) over the storyline mentions found at gold
//!   mentions, related pairs within a story; gold mentions storyline did not find stay alone;
//! - **stories + lemma**: the gold mentions of one story with the same head lemma
//!   (-ing nominalisations folded into the verb, reporting verbs alone), the usual baseline;
//! - the same lemma rule within gold subtopics, and all singletons, as reference points.
use std::collections::BTreeMap;

use storyline_bench::ecbplus::{self, GoldMention};
use storyline_corpus::coref::{score, Clustering, CorefScores};
use storyline_corpus::model::MergeModel;
use storyline_pipeline::{Pipeline, PipelineConfig};

/// The event a head lemma names: nominalisations in -ing are their verb ("shooting" is
/// "shoot", "hitting" is "hit").
fn event_lemma(l: &str) -> String {
    if let Some(stem) = l.strip_suffix("ing").filter(|s| s.len() >= 3) {
        let b = stem.as_bytes();
        let n = b.len();
        if n >= 2 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z') {
            return stem[..n - 1].to_string();
        }
        return stem.to_string();
    }
    l.to_string()
}

/// The lemma baseline: mentions of one group with the same event lemma; reporting verbs alone.
fn cluster_by_lemma(ms: &[GoldMention], group_of_doc: &[usize]) -> Clustering<String> {
    let mut by: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for m in ms {
        if matches!(
            m.lemma.as_str(),
            "say" | "tell" | "report" | "announce" | "state"
        ) {
            out.push(vec![m.key.clone()]);
            continue;
        }
        by.entry((group_of_doc[m.doc], event_lemma(&m.lemma)))
            .or_default()
            .push(m.key.clone());
    }
    out.extend(by.into_values());
    out
}

fn print_scores(label: &str, s: &CorefScores) {
    println!(
        "{label:30} MUC {:5.1} (R {:5.1} P {:5.1})  B3 {:5.1} (R {:5.1} P {:5.1})  CEAF-e {:5.1} (R {:5.1} P {:5.1})  CoNLL {:5.1}",
        100.0 * s.muc.f1(),
        100.0 * s.muc.recall,
        100.0 * s.muc.precision,
        100.0 * s.b_cubed.f1(),
        100.0 * s.b_cubed.recall,
        100.0 * s.b_cubed.precision,
        100.0 * s.ceaf_e.f1(),
        100.0 * s.ceaf_e.recall,
        100.0 * s.ceaf_e.precision,
        100.0 * s.conll_f1()
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/work/shared/data/ecbplus".into()),
    );
    let verbose = args.any(|a| a == "-v");
    let (annotated, mut docs) = match ecbplus::load(&dir) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("eval_ecbplus: {e}");
            std::process::exit(2);
        }
    };
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    eprintln!("{} documents", docs.len());
    let pipe = Pipeline::new(PipelineConfig {
        raw: true,
        dct: None,
    });
    let model = MergeModel::default_model();
    let splits: [(&str, Vec<u32>); 3] = [
        ("train (topics 1-22)", (1..=22).collect()),
        ("dev (topics 23-25)", (23..=25).collect()),
        ("test (topics 36-45)", (36..=45).collect()),
    ];
    let t0 = std::time::Instant::now();
    for (label, topics) in &splits {
        let split = ecbplus::prepare(&docs, &annotated, topics, &pipe);
        let mut gold_docs: BTreeMap<(u32, bool), Vec<String>> = BTreeMap::new();
        let mut stories: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (i, name) in split.names.iter().enumerate() {
            gold_docs
                .entry(split.subtopics[i])
                .or_default()
                .push(name.clone());
            stories
                .entry(split.story_of_doc[i])
                .or_default()
                .push(name.clone());
        }
        let gold_docs: Clustering<String> = gold_docs.into_values().collect();
        let ours: Clustering<String> = stories.into_values().collect();
        println!(
            "== {label}: {} documents, {} gold subtopics, {} stories",
            split.names.len(),
            gold_docs.len(),
            ours.len()
        );
        print_scores("documents -> stories", &score(&gold_docs, &ours));
        if verbose {
            for s in &ours {
                println!("   story {s:?}");
            }
        }
        let gold = ecbplus::gold_clusters(&split);
        println!(
            "   {} gold event mentions ({} found by storyline), {} gold clusters",
            split.gold.len(),
            split.mentions.len(),
            gold.len()
        );
        print_scores(
            &format!("events (merge, t={:.2})", model.threshold),
            &ecbplus::evaluate(&split, model, model.threshold),
        );
        print_scores(
            "events (stories + lemma)",
            &score(&gold, &cluster_by_lemma(&split.gold, &split.story_of_doc)),
        );
        let mut ids: BTreeMap<(u32, bool), usize> = BTreeMap::new();
        let gold_story: Vec<usize> = split
            .subtopics
            .iter()
            .map(|s| {
                let n = ids.len();
                *ids.entry(*s).or_insert(n)
            })
            .collect();
        print_scores(
            "events (gold subtopics+lemma)",
            &score(&gold, &cluster_by_lemma(&split.gold, &gold_story)),
        );
        let singletons: Clustering<String> =
            split.gold.iter().map(|m| vec![m.key.clone()]).collect();
        print_scores("events (all singletons)", &score(&gold, &singletons));
    }
    eprintln!("time {:.1}s", t0.elapsed().as_secs_f64());
}
