//! The pair model: how likely two candidate mentions are one event, a logistic model over
//! the pair's [`features`](super::candidates::features).
//!
//! `storyline train merge --data DIR` fits it on two sets that weigh alike: ECB+ (the gold
//! event coreference of news articles, topics 1-22; 23-25 are dev) and the candidate pairs of
//! real news the merge proposes, labelled by hand (`data/merge-pair-labels.jsonl`, PolNeAR's
//! 2016 election coverage). Folds are grouped by ECB+ topic and by article; it writes
//! `models/merge.json`, with the held-out figures in its `notes`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use storyline_events::calibrate::{fit_logistic, logistic};

use super::candidates::NPAIR;

/// Weights of the pair model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MergeModel {
    /// One weight per pair feature.
    pub weights: Vec<f32>,
    /// The intercept.
    pub bias: f32,
    /// The pair score from which two mentions' clusters are joined.
    pub threshold: f32,
    /// How it was trained and what it scored held out (for the record).
    #[serde(default)]
    pub notes: String,
}

static EMBEDDED: &str = include_str!("../../models/merge.json");
static DEFAULT: OnceLock<MergeModel> = OnceLock::new();

impl MergeModel {
    /// The committed model (the [`prior`](Self::prior) if it does not read).
    pub fn default_model() -> &'static MergeModel {
        DEFAULT.get_or_init(|| {
            serde_json::from_str::<MergeModel>(EMBEDDED)
                .ok()
                .filter(|m| m.weights.len() == NPAIR)
                .unwrap_or_else(MergeModel::prior)
        })
    }

    /// A model that joins every candidate pair: what the candidate indexes alone decide.
    pub fn prior() -> MergeModel {
        MergeModel {
            weights: vec![0.0; NPAIR],
            bias: 1.0,
            threshold: 0.5,
            notes: "prior: every candidate pair joins".into(),
        }
    }

    /// The probability that a pair is one event.
    pub fn score(&self, x: &[f32; NPAIR]) -> f32 {
        logistic(&self.weights, self.bias, x)
    }
}

/// One training pair.
#[derive(Debug, Clone)]
pub struct PairExample {
    /// Features.
    pub x: [f32; NPAIR],
    /// The two mentions are one event.
    pub y: bool,
    /// Group (the ECB+ topic, the labelled article): folds never split one.
    pub group: usize,
    /// Where the label comes from: 0 ECB+, 1 labelled news pairs.
    pub origin: u8,
}

/// Fits the pair model with L2 penalty `l2`: the shared logistic fit of
/// [`storyline_events::calibrate::fit_logistic`], each origin (ECB+, labelled news) weighing
/// as much as the other in total.
pub fn fit(examples: &[&PairExample], l2: f32) -> (Vec<f32>, f32) {
    let rows: Vec<(&[f32], bool, u8)> =
        examples.iter().map(|e| (&e.x[..], e.y, e.origin)).collect();
    fit_logistic(&rows, NPAIR, l2, 2000)
}

/// Pairwise precision and recall of scores at a threshold, with log loss.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct PairReport {
    /// Pairs.
    pub n: usize,
    /// Pairs that are one event.
    pub positives: usize,
    /// Precision of the pairs at or above the threshold.
    pub precision: f64,
    /// Recall of the positive pairs.
    pub recall: f64,
    /// Mean log loss.
    pub log_loss: f64,
}

/// The report of scored pairs at `threshold`.
pub fn report(scored: &[(f32, bool)], threshold: f32) -> PairReport {
    let positives = scored.iter().filter(|s| s.1).count();
    let kept: Vec<&(f32, bool)> = scored.iter().filter(|s| s.0 >= threshold).collect();
    let right = kept.iter().filter(|s| s.1).count();
    let log_loss = scored
        .iter()
        .map(|&(p, y)| {
            let p = f64::from(p).clamp(1e-6, 1.0 - 1e-6);
            if y {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum::<f64>()
        / scored.len().max(1) as f64;
    PairReport {
        n: scored.len(),
        positives,
        precision: 100.0 * right as f64 / kept.len().max(1) as f64,
        recall: 100.0 * right as f64 / positives.max(1) as f64,
        log_loss,
    }
}

/// A trained model with its held-out and in-sample figures.
#[derive(Debug, Clone)]
pub struct TrainedMerge {
    /// The model fitted on every example.
    pub model: MergeModel,
    /// Held-out (k-fold by group) scores of every example, in the examples' order.
    pub held_out: Vec<(f32, bool)>,
    /// In-sample scores.
    pub in_sample: Vec<(f32, bool)>,
}

/// Fits the model on every example and scores each example held out by `folds`-fold
/// cross-validation over groups (each origin's groups spread over the folds). The threshold
/// is left to the caller.
pub fn train(examples: &[PairExample], folds: usize, l2: f32) -> TrainedMerge {
    let folds = folds.max(2);
    let fold = |e: &PairExample| (e.group * 2 + usize::from(e.origin)) % folds;
    let mut held_out = vec![(0.0f32, false); examples.len()];
    for k in 0..folds {
        let train: Vec<&PairExample> = examples.iter().filter(|e| fold(e) != k).collect();
        let (w, b) = fit(&train, l2);
        let m = MergeModel {
            weights: w,
            bias: b,
            threshold: 0.5,
            notes: String::new(),
        };
        for (i, e) in examples.iter().enumerate() {
            if fold(e) == k {
                held_out[i] = (m.score(&e.x), e.y);
            }
        }
    }
    let all: Vec<&PairExample> = examples.iter().collect();
    let (w, b) = fit(&all, l2);
    let model = MergeModel {
        weights: w,
        bias: b,
        threshold: 0.5,
        notes: String::new(),
    };
    let in_sample = examples.iter().map(|e| (model.score(&e.x), e.y)).collect();
    TrainedMerge {
        model,
        held_out,
        in_sample,
    }
}
