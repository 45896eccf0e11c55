//! `storyline train merge`: the timeline merge's pair model, from ECB+.

use std::path::Path;

use anyhow::{Context, Result};
use storyline_bench::{ecbplus, news_pairs};
use storyline_corpus::coref::CorefScores;
use storyline_corpus::model::{self, MergeModel};

/// ECB+ topics the model is fitted on (train), and on which its threshold is chosen (dev).
const TRAIN_TOPICS: std::ops::RangeInclusive<u32> = 1..=22;
const DEV_TOPICS: std::ops::RangeInclusive<u32> = 23..=25;

/// The L2 penalty of the fit.
const L2: f32 = 1e-3;

fn line(s: &CorefScores) -> String {
    format!(
        "MUC {:.1}  B3 {:.1} (P {:.1})  CEAF-e {:.1}  CoNLL {:.1}",
        100.0 * s.muc.f1(),
        100.0 * s.b_cubed.f1(),
        100.0 * s.b_cubed.precision,
        100.0 * s.ceaf_e.f1(),
        100.0 * s.conll_f1()
    )
}

/// Fits the pair model on ECB+ train (topics 1-22) with 5-fold cross-validation by topic,
/// chooses the clustering threshold on dev (topics 23-25), refits on train and dev, and
/// writes `models/merge.json` (or `OUT/merge.json`).
pub fn train_merge(data: &Path, out: Option<&Path>) -> Result<()> {
    let dir = data.join("ecbplus");
    let (annotated, mut docs) = ecbplus::load(&dir).map_err(|e| anyhow::anyhow!("{e}"))?;
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    let pipe = storyline_pipeline::Pipeline::new(storyline_pipeline::PipelineConfig {
        raw: true,
        dct: None,
    });
    let train_topics: Vec<u32> = TRAIN_TOPICS.collect();
    let dev_topics: Vec<u32> = DEV_TOPICS.collect();
    eprintln!("annotating ECB+ topics 1-25 ({})", dir.display());
    let train = ecbplus::prepare(&docs, &annotated, &train_topics, &pipe);
    let dev = ecbplus::prepare(&docs, &annotated, &dev_topics, &pipe);
    for (name, s) in [("train", &train), ("dev", &dev)] {
        println!(
            "ECB+ {name}: {} documents, {} gold event mentions, {} found by storyline",
            s.names.len(),
            s.gold.len(),
            s.mentions.len()
        );
    }
    let mut examples = ecbplus::pair_examples(&train);
    let positives = examples.iter().filter(|e| e.y).count();
    println!(
        "ECB+ pairs: {} within gold topics of train, {positives} of one event",
        examples.len()
    );
    // The merge's own candidate pairs on real news, labelled by hand.
    let labels_path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../storyline_corpus/data/merge-pair-labels.jsonl");
    let text = std::fs::read_to_string(&labels_path)
        .with_context(|| format!("cannot read {}", labels_path.display()))?;
    let labels = news_pairs::read_labels(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", labels_path.display()))?;
    let polnear = data.join("polnear");
    eprintln!("annotating PolNeAR ({})", polnear.display());
    let raws = news_pairs::polnear_articles(&polnear).map_err(|e| anyhow::anyhow!("{e}"))?;
    let np = news_pairs::candidate_pairs(&pipe.annotate_batch(&raws));
    let mut sets = vec![np];
    let mut articles = raws.len();
    for file in ["train.txt", "valid.txt"] {
        let path = data.join("conll2003").join(file);
        eprintln!("annotating CoNLL-2003 {}", path.display());
        let raws = news_pairs::conll_articles(&path).map_err(|e| anyhow::anyhow!("{e}"))?;
        articles += raws.len();
        sets.push(news_pairs::candidate_pairs(&pipe.annotate_batch(&raws)));
    }
    let refs: Vec<&news_pairs::NewsPairs> = sets.iter().collect();
    let candidates: usize = sets.iter().map(|s| s.pairs.len()).sum();
    // Whether one of two mentions is an act at all is the coding score's call: the pair
    // model learns, of two acts, whether they are one (pairs labelled `not_event` are left
    // out of its fit; its figures are given on both).
    let no_act = labels.iter().filter(|l| l.label == "not_event").count();
    let labels: Vec<news_pairs::PairLabel> = labels
        .into_iter()
        .filter(|l| l.label != "not_event")
        .collect();
    let (news, stale) = news_pairs::labelled_examples(&refs, &labels);
    println!(
        "news pairs: {} labelled pairs of two acts ({no_act} more where one is no act) of {candidates} candidate pairs in {articles} PolNeAR and CoNLL-2003 articles, {} of one event ({stale} labels match no candidate pair any more)",
        news.len(),
        news.iter().filter(|e| e.y).count()
    );
    examples.extend(news);
    let folds = 5;
    let trained = model::train(&examples, folds, L2);
    let of = |o: u8, scores: &[(f32, bool)]| -> Vec<(f32, bool)> {
        examples
            .iter()
            .zip(scores)
            .filter(|(e, _)| e.origin == o)
            .map(|(_, s)| *s)
            .collect()
    };
    let news_cv = of(1, &trained.held_out);
    let news_in = of(1, &trained.in_sample);
    println!(
        "labelled news pairs by threshold: {folds}-fold cross-validated (by article) | in sample"
    );
    for k in 0..=18 {
        let t = 0.05 + 0.05 * k as f32;
        let (cv, ins) = (model::report(&news_cv, t), model::report(&news_in, t));
        println!(
            "  at {t:.2}: P {:5.1} R {:5.1} | P {:5.1} R {:5.1}",
            cv.precision, cv.recall, ins.precision, ins.recall
        );
    }
    // The clustering threshold: the lowest whose CoNLL F1 on dev (for the model fitted on
    // train) is within a point of the best. Dev's 389 mentions cannot tell thresholds closer
    // than that apart, and between them the lower one keeps each event in one entry (a call
    // reported "Thursday" by one outlet and "Friday, Feb. 25" by another scores about 0.3).
    let mut curve = Vec::new();
    println!("dev clustering by threshold (model fitted on train):");
    for k in 0..=18 {
        let t = 0.05 + 0.05 * k as f32;
        let s = ecbplus::evaluate(&dev, &trained.model, t);
        println!("  at {t:.2}: {}", line(&s));
        curve.push((t, s.conll_f1()));
    }
    let top = curve.iter().map(|c| c.1).fold(f64::MIN, f64::max);
    let threshold = curve
        .iter()
        .find(|c| c.1 >= top - 0.01)
        .map_or(0.5, |c| c.0);
    for (o, name) in [(0u8, "ECB+ train pairs"), (1, "labelled news pairs")] {
        let (cv, ins) = (of(o, &trained.held_out), of(o, &trained.in_sample));
        let (c, i) = (
            model::report(&cv, threshold),
            model::report(&ins, threshold),
        );
        println!(
            "{name} at {threshold:.2}: {folds}-fold cross-validated P {:.1} R {:.1} log loss {:.3} | in sample P {:.1} R {:.1} log loss {:.3}",
            c.precision, c.recall, c.log_loss, i.precision, i.recall, i.log_loss
        );
    }
    let mut model = trained.model.clone();
    model.threshold = threshold;
    let train_fit = ecbplus::evaluate(&train, &model, threshold);
    let dev_fit = ecbplus::evaluate(&dev, &model, threshold);
    println!(
        "clustering at {threshold:.2}, train (in sample): {}",
        line(&train_fit)
    );
    println!(
        "clustering at {threshold:.2}, dev (held out):    {}",
        line(&dev_fit)
    );
    // The committed model: fitted on train and dev together, at the dev threshold.
    let mut both = examples;
    both.extend(ecbplus::pair_examples(&dev));
    let all: Vec<&model::PairExample> = both.iter().collect();
    let (weights, bias) = model::fit(&all, L2);
    let cv = model::report(&trained.held_out, threshold);
    let final_model = MergeModel {
        weights,
        bias,
        threshold,
        notes: format!(
            "storyline train merge: logistic pair model on ECB+ topics 1-25 ({} pairs); {folds}-fold cross-validated by topic on 1-22 at {threshold:.2}: P {:.1} R {:.1} log loss {:.3}; dev (23-25) clustering {}; features: {}",
            both.len(),
            cv.precision,
            cv.recall,
            cv.log_loss,
            line(&dev_fit),
            storyline_corpus::candidates::PAIR_FEATURES.join(", ")
        ),
    };
    println!("weights:");
    for (name, w) in storyline_corpus::candidates::PAIR_FEATURES
        .iter()
        .zip(&final_model.weights)
    {
        println!("  {w:+.2}  {name}");
    }
    println!("  {:+.2}  (intercept)", final_model.bias);
    let path = out.map(|o| o.join("merge.json")).unwrap_or_else(|| {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../storyline_corpus/models/merge.json")
    });
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    std::fs::write(&path, serde_json::to_string_pretty(&final_model)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    println!("merge pair model -> {}", path.display());
    Ok(())
}
