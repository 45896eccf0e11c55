//! The political coding's score, learned: the probability that a coded mention's type, source
//! and target are right, from the coder's evidence as features of a logistic model.
//!
//! The coder (`coding/`) sums evidence by hand (source +3, target +2, not a plain statement
//! +2, minus depth). Which of that evidence, and of what the event layer knows besides (do the
//! coded actors take part in the mention; its TimeML class, tense, modality and polarity; its
//! PLOVER type; whether the actors have CAMEO codes), predicts a right coding is learned on the
//! PLOVER gold sentences with k-fold cross-validation (`storyline train coding`). The model is
//! a few dozen weights in `models/coding.json`; without it the hand curve is used.
//!
//! Views threshold on the score ([`CodingModel::threshold`]): a mention scored below it keeps
//! no political code.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use storyline_model::Event;

/// The PLOVER types, in feature order.
const PLOVER: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];
use crate::mentions::CLASSES;
const TENSES: [&str; 6] = [
    "PAST",
    "PRESENT",
    "FUTURE",
    "INFINITIVE",
    "PRESPART",
    "PASTPART",
];
const MODALITIES: [&str; 5] = [
    "asserted",
    "negated",
    "intended",
    "reported",
    "hypothetical",
];

/// Number of features.
pub const NFEATURES: usize =
    13 + SYNTAX + PLOVER.len() + CLASSES.len() + TENSES.len() + MODALITIES.len() + 2 * PLOVER.len();

/// Features from the parse and the document ([`CodingEvidence::noun`] to
/// [`CodingEvidence::coded_density`]).
const SYNTAX: usize = 12;

/// What the layer knows of one coded mention, for the score.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodingEvidence {
    /// The coder's evidence sum.
    pub raw: f32,
    /// The coded source is an agent of the mention (or there is none).
    pub source_ok: bool,
    /// The coded target takes part in the mention (or there is none).
    pub target_ok: bool,
    /// The mention model's probability that the trigger is an event (0 when the mention model
    /// passed over the word and only the coder found it).
    pub mention_score: f32,
    /// The mention is in the first sentences of its article.
    pub in_lede: bool,
    /// The trigger is a noun ("the invasion"), not a verb.
    pub noun: bool,
    /// How the trigger attaches in its sentence: 0 main clause (root, conjunct), 1 a
    /// complement clause, 2 an adverbial clause, 3 a clause modifying a noun, 4 a nominal
    /// argument (object, oblique, subject), 5 anything else.
    pub attachment: u8,
    /// The trigger is inside a quotation.
    pub in_quote: bool,
    /// How many coded mentions its sentence has.
    pub coded_in_sentence: u8,
    /// Source and target are of one country (by the first three letters of their codes).
    pub same_country: bool,
    /// The share of the document's named entities that resolve to a known actor: news about
    /// states and their leaders, or about products, teams and celebrities.
    pub actor_share: f32,
    /// Coded mentions per sentence in the document.
    pub coded_density: f32,
}

/// The feature vector of a coded mention `e` (after the coding is applied to it).
pub fn features(e: &Event, ev: &CodingEvidence) -> [f32; NFEATURES] {
    let mut f = [0.0f32; NFEATURES];
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    f[0] = ev.raw / 5.0;
    f[1] = b(e.source.is_some());
    f[2] = b(e.target.is_some());
    f[3] = b(ev.source_ok);
    f[4] = b(ev.target_ok);
    f[5] = ev.mention_score;
    f[6] = b(ev.mention_score == 0.0);
    f[7] = b(e.source_code.is_some());
    f[8] = b(e.target_code.is_some());
    f[9] = b(e.polarity == "NEG");
    f[10] = b(ev.in_lede);
    f[11] = b(e.tense.is_none());
    f[12] = b(e.plover.is_none());
    f[13] = b(ev.noun);
    for a in 1..=5u8 {
        f[13 + a as usize] = b(ev.attachment == a);
    }
    f[19] = b(ev.in_quote);
    f[20] = f32::from(ev.coded_in_sentence.saturating_sub(1).min(4)) / 4.0;
    f[21] = b(ev.same_country);
    f[22] = b(ev.noun && e.source.is_some() && !ev.source_ok);
    f[23] = ev.actor_share;
    f[24] = ev.coded_density.min(1.0);
    let mut k = 13 + SYNTAX;
    for (names, value) in [
        (&PLOVER[..], e.plover.as_deref().unwrap_or("")),
        (&CLASSES[..], e.class.as_str()),
        (&TENSES[..], e.tense.as_deref().unwrap_or("")),
        (&MODALITIES[..], e.modality.as_str()),
    ] {
        if let Some(i) = names.iter().position(|n| *n == value) {
            f[k + i] = 1.0;
        }
        k += names.len();
    }
    // The type by who takes part: an "attack" between two countries is most often one, an
    // "attack" among one country's politicians most often words.
    let both_coded = e.source_code.is_some() && e.target_code.is_some();
    if let Some(i) = PLOVER.iter().position(|n| Some(*n) == e.plover.as_deref()) {
        if ev.same_country {
            f[k + i] = 1.0;
        } else if both_coded {
            f[k + PLOVER.len() + i] = 1.0;
        }
    }
    f
}

/// A logistic model over [`features`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodingModel {
    /// One weight per feature.
    pub weights: Vec<f32>,
    /// The intercept.
    pub bias: f32,
    /// The score below which a mention keeps no political code.
    pub threshold: f32,
    /// How it was trained and what it scored held out (for the record).
    #[serde(default)]
    pub notes: String,
}

static EMBEDDED: &str = include_str!("../models/coding.json");
static DEFAULT: OnceLock<Option<CodingModel>> = OnceLock::new();

impl CodingModel {
    /// The committed model, or `None` if it does not read (the hand curve is used then).
    pub fn default_model() -> Option<&'static CodingModel> {
        DEFAULT
            .get_or_init(|| {
                serde_json::from_str::<CodingModel>(EMBEDDED)
                    .ok()
                    .filter(|m| m.weights.len() == NFEATURES)
            })
            .as_ref()
    }

    /// The probability that the coding is right.
    pub fn score(&self, f: &[f32; NFEATURES]) -> f32 {
        logistic(&self.weights, self.bias, f)
    }
}

/// One training example: the features of a coded mention, whether its coding is right, and
/// its sentence (folds never split a sentence).
#[derive(Debug, Clone)]
pub struct Example {
    /// Features.
    pub x: [f32; NFEATURES],
    /// The coding is right.
    pub y: bool,
    /// Group (the gold sentence, or the labelled article): folds never split one.
    pub group: usize,
    /// Where the label comes from: 0 a PLOVER gold sentence, 1 a labelled news article.
    pub origin: u8,
}

/// Fits a logistic model with L2 penalty `l2` by gradient descent.
fn fit(examples: &[&Example], l2: f32) -> (Vec<f32>, f32) {
    let rows: Vec<(&[f32], bool, u8)> =
        examples.iter().map(|e| (&e.x[..], e.y, e.origin)).collect();
    fit_logistic(&rows, NFEATURES, l2, 3000)
}

/// The logistic function of a linear score: `1 / (1 + e^-(bias + w.x))`.
pub fn logistic(weights: &[f32], bias: f32, x: &[f32]) -> f32 {
    let z: f32 = bias + weights.iter().zip(x).map(|(w, x)| w * x).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

/// Fits a logistic model (`nfeatures` weights and an intercept) to `(features, label,
/// origin)` rows with L2 penalty `l2` by `iterations` steps of gradient descent. Each of the
/// two origins (0 and 1) weighs as much as the other in total, so that the larger set does not
/// set the prior for the kind of text the smaller one is; scores stay probabilities (no class
/// reweighting). The coding score and the merge's pair model are both fitted with it.
pub fn fit_logistic(
    rows: &[(&[f32], bool, u8)],
    nfeatures: usize,
    l2: f32,
    iterations: usize,
) -> (Vec<f32>, f32) {
    let mut w = vec![0.0f32; nfeatures];
    let mut b = 0.0f32;
    if rows.is_empty() {
        return (w, b);
    }
    let mut per_origin = [0usize; 2];
    for r in rows {
        per_origin[usize::from(r.2.min(1))] += 1;
    }
    let present = per_origin.iter().filter(|&&c| c > 0).count() as f32;
    let weight = |o: u8| {
        let c = per_origin[usize::from(o.min(1))].max(1) as f32;
        rows.len() as f32 / (present * c)
    };
    let n = rows.len() as f32;
    let lr = 0.5f32;
    for _ in 0..iterations {
        let mut gw = vec![0.0f32; nfeatures];
        let mut gb = 0.0f32;
        for &(x, y, origin) in rows {
            let p = logistic(&w, b, x);
            let d = weight(origin) * (p - if y { 1.0 } else { 0.0 });
            for (g, x) in gw.iter_mut().zip(x) {
                *g += d * x;
            }
            gb += d;
        }
        for (wi, g) in w.iter_mut().zip(&gw) {
            *wi -= lr * (g / n + l2 * *wi);
        }
        b -= lr * gb / n;
    }
    (w, b)
}

/// Held-out or in-sample quality of scores.
#[derive(Debug, Clone, Default)]
pub struct ScoreReport {
    /// Examples scored.
    pub n: usize,
    /// Mean log loss.
    pub log_loss: f64,
    /// Expected calibration error over 10 bins, in points.
    pub calibration_error: f64,
    /// Precision and recall of "right" at the threshold, in points, and the share kept.
    pub precision: f64,
    /// See `precision`.
    pub recall: f64,
    /// Share of coded mentions kept at the threshold.
    pub kept: f64,
}

impl std::fmt::Display for ScoreReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} coded mentions | log loss {:.3} | calibration error {:.1} points | at the threshold: kept {:.1}%, right among kept (P) {:.1}, right kept (R) {:.1}",
            self.n, self.log_loss, self.calibration_error, self.kept, self.precision, self.recall
        )
    }
}

fn report(scored: &[(f32, bool)], threshold: f32) -> ScoreReport {
    let n = scored.len();
    if n == 0 {
        return ScoreReport::default();
    }
    let mut loss = 0.0f64;
    let mut bins = [(0.0f64, 0.0f64, 0usize); 10];
    for &(p, y) in scored {
        let p = f64::from(p).clamp(1e-6, 1.0 - 1e-6);
        loss -= if y { p.ln() } else { (1.0 - p).ln() };
        let k = ((p * 10.0) as usize).min(9);
        bins[k].0 += p;
        bins[k].1 += if y { 1.0 } else { 0.0 };
        bins[k].2 += 1;
    }
    let ece: f64 = bins
        .iter()
        .filter(|b| b.2 > 0)
        .map(|b| (b.0 - b.1).abs())
        .sum::<f64>()
        / n as f64;
    let kept: Vec<&(f32, bool)> = scored.iter().filter(|s| s.0 >= threshold).collect();
    let right_kept = kept.iter().filter(|s| s.1).count();
    let right = scored.iter().filter(|s| s.1).count();
    ScoreReport {
        n,
        log_loss: loss / n as f64,
        calibration_error: 100.0 * ece,
        precision: 100.0 * right_kept as f64 / kept.len().max(1) as f64,
        recall: 100.0 * right_kept as f64 / right.max(1) as f64,
        kept: 100.0 * kept.len() as f64 / n as f64,
    }
}

/// Figures at thresholds 0.05, 0.10, ... 0.80.
fn curve_of(scored: &[(f32, bool)]) -> Vec<(f32, ScoreReport)> {
    (1..=16)
        .map(|k| {
            let t = k as f32 * 0.05;
            (t, report(scored, t))
        })
        .collect()
}

/// A trained model with its cross-validated and in-sample figures.
#[derive(Debug, Clone)]
pub struct TrainedCoding {
    /// The model fitted on every example.
    pub model: CodingModel,
    /// Held-out figures: each fold scored by a model fitted on the others.
    pub held_out: ScoreReport,
    /// The same with the model fitted on everything and scored on its own training data.
    pub in_sample: ScoreReport,
    /// Held-out figures of the hand curve the model replaces.
    pub hand: ScoreReport,
    /// The L2 penalty chosen by held-out log loss.
    pub l2: f32,
    /// Held-out figures at thresholds 0.05, 0.10, ... 0.80.
    pub curve: Vec<(f32, ScoreReport)>,
    /// Held-out figures at the threshold by origin (PLOVER gold sentences, labelled news).
    pub by_origin: [ScoreReport; 2],
    /// The same in sample, by origin: beside `by_origin`, the gap between the tuned-set
    /// figure and the cross-validated one.
    pub in_sample_by_origin: [ScoreReport; 2],
    /// Held-out figures by origin at thresholds 0.05, 0.10, ... 0.80.
    pub curve_by_origin: [Vec<(f32, ScoreReport)>; 2],
}

/// Trains the coding model with `folds`-fold cross-validation grouped by sentence. The L2
/// penalty is chosen by held-out log loss; the threshold is the highest score that still
/// keeps at least `min_recall` of the held-out right codings: below it a coding is dropped as
/// almost surely wrong. What a view shows is its own threshold on the score (the timeline's
/// entries, for one, combine their mentions' scores), not this one.
pub fn train(examples: &[Example], hand: &[f32], folds: usize, min_recall: f64) -> TrainedCoding {
    let folds = folds.max(2);
    let fold_of = |e: &Example| e.group % folds;
    let held_out_scores = |l2: f32| -> Vec<(f32, bool)> {
        let mut out = vec![(0.0f32, false); examples.len()];
        for k in 0..folds {
            let train: Vec<&Example> = examples.iter().filter(|e| fold_of(e) != k).collect();
            let (w, b) = fit(&train, l2);
            let m = CodingModel {
                weights: w,
                bias: b,
                threshold: 0.0,
                notes: String::new(),
            };
            for (i, e) in examples.iter().enumerate() {
                if fold_of(e) == k {
                    out[i] = (m.score(&e.x), e.y);
                }
            }
        }
        out
    };
    // The penalty of the lowest held-out log loss, with its held-out scores.
    let (mut l2, mut scored) = (0.001f32, held_out_scores(0.001));
    let mut loss = report(&scored, 0.0).log_loss;
    for penalty in [0.003f32, 0.01, 0.03, 0.1] {
        let s = held_out_scores(penalty);
        let l = report(&s, 0.0).log_loss;
        if l < loss {
            (l2, scored, loss) = (penalty, s, l);
        }
    }
    // The highest threshold whose held-out recall reaches the target.
    let mut threshold = 0.0f32;
    for step in 0..=100 {
        let t = step as f32 / 100.0;
        if report(&scored, t).recall >= min_recall {
            threshold = t;
        } else {
            break;
        }
    }
    let all: Vec<&Example> = examples.iter().collect();
    let (w, b) = fit(&all, l2);
    let model = CodingModel {
        weights: w,
        bias: b,
        threshold,
        notes: String::new(),
    };
    let in_sample: Vec<(f32, bool)> = examples.iter().map(|e| (model.score(&e.x), e.y)).collect();
    let hand_scored: Vec<(f32, bool)> = hand.iter().zip(examples).map(|(&p, e)| (p, e.y)).collect();
    let curve = curve_of(&scored);
    // The scores of one origin's examples.
    let of_origin = |s: &[(f32, bool)], o: u8| -> Vec<(f32, bool)> {
        s.iter()
            .zip(examples)
            .filter(|(_, e)| e.origin == o)
            .map(|(x, _)| *x)
            .collect()
    };
    let by_origin = [0u8, 1].map(|o| report(&of_origin(&scored, o), threshold));
    let in_sample_by_origin = [0u8, 1].map(|o| report(&of_origin(&in_sample, o), threshold));
    let curve_by_origin = [0u8, 1].map(|o| curve_of(&of_origin(&scored, o)));
    let held_out = report(&scored, threshold);
    let hand_report = report(&hand_scored, threshold);
    let in_sample = report(&in_sample, threshold);
    TrainedCoding {
        model,
        held_out,
        in_sample,
        hand: hand_report,
        l2,
        curve,
        by_origin,
        in_sample_by_origin,
        curve_by_origin,
    }
}

/// One PLOVER gold sentence: its text, event type and actors (`actorText`, `code`).
#[derive(Debug, Clone)]
pub struct GoldRecord {
    /// The sentence.
    pub text: String,
    /// The PLOVER type, 2016 names mapped to the current ones.
    pub plover: String,
    /// Gold source actors.
    pub source: Vec<(String, String)>,
    /// Gold target actors (none: any target is right).
    pub target: Vec<(String, String)>,
}

/// The current PLOVER name of a 2016 one (DEMAND=REQUEST, DISAPPROVE and INVESTIGATE=ACCUSE,
/// FIGHT=ASSAULT).
pub fn norm_type(t: &str) -> &str {
    match t {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        x => x,
    }
}

/// The event records of a PLOVER gold file (`gsr_dev.json`), document records skipped.
pub fn read_plover_gold(json: &str) -> Result<Vec<GoldRecord>, serde_json::Error> {
    let data: serde_json::Value = serde_json::from_str(json)?;
    let actors = |v: &serde_json::Value| -> Vec<(String, String)> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        (
                            x["actorText"].as_str().unwrap_or("").to_string(),
                            x["code"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(data
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .filter_map(|r| {
            let gold = r["event"].as_str().unwrap_or("");
            if gold == "DOCUMENT" || gold.is_empty() {
                return None;
            }
            Some(GoldRecord {
                text: r["text"]
                    .as_str()
                    .unwrap_or("")
                    .trim_matches(|c| c == '{' || c == '}')
                    .to_string(),
                plover: norm_type(gold).to_string(),
                source: actors(&r["source"]),
                target: actors(&r["target"]),
            })
        })
        .collect())
}

/// Whether one of the gold actors is ours: by code (the first three letters of our CAMEO
/// code) or by name (containment either way, any case).
pub fn actor_matches(gold: &[(String, String)], name: Option<&str>, code: Option<&str>) -> bool {
    let name = name.unwrap_or("").to_lowercase();
    let code3 = code.and_then(|c| c.get(..3)).unwrap_or("");
    gold.iter().any(|(t, c)| {
        let t = t.to_lowercase();
        (!code3.is_empty() && c.get(..3) == Some(code3))
            || (!name.is_empty() && !t.is_empty() && (t.contains(&name) || name.contains(&t)))
    })
}

/// Whether a coded mention's type, source and target are the gold record's.
pub fn coding_right(e: &Event, g: &GoldRecord) -> bool {
    e.plover.as_deref() == Some(g.plover.as_str())
        && actor_matches(&g.source, e.source.as_deref(), e.source_code.as_deref())
        && (g.target.is_empty()
            || actor_matches(&g.target, e.target.as_deref(), e.target_code.as_deref()))
}

/// The training examples of gold records: every coded mention of each sentence (analysed by
/// `analyze`, then run through the event layer), labelled right or wrong, with the hand
/// curve's score of each.
pub fn examples(
    records: &[GoldRecord],
    analyze: &dyn Fn(&str) -> storyline_model::Document,
    kb: &storyline_actors::ActorKb,
) -> (Vec<Example>, Vec<f32>) {
    let mut out = Vec::new();
    let mut hand = Vec::new();
    for (group, g) in records.iter().enumerate() {
        let doc = analyze(&g.text);
        for (e, ev) in crate::layer::extract_mentions_with_evidence(&doc, kb) {
            let Some(ev) = ev else { continue };
            out.push(Example {
                x: features(&e, &ev),
                y: coding_right(&e, g),
                group,
                origin: 0,
            });
            hand.push(e.score);
        }
    }
    (out, hand)
}

/// One labelled coded mention of a news article (a line of the labels file): the mention
/// as it was coded when labelled, and whether a careful reader accepts it.
#[derive(Debug, Clone, Deserialize)]
pub struct NewsLabel {
    /// `FILE#START`: the article's file name and the trigger's byte offset in its text.
    pub id: String,
    /// The PLOVER type it was coded with.
    pub plover: Option<String>,
    /// The source it was coded with.
    pub source: Option<String>,
    /// The target it was coded with.
    pub target: Option<String>,
    /// `right` or `wrong`.
    pub label: String,
    /// Why it is wrong (`no_event`, `type`, `source`, `target`, `roles_reversed`, `modality`).
    #[serde(default)]
    pub why: Option<String>,
}

/// Reads a labels file (JSON lines of [`NewsLabel`]); names the first bad line.
pub fn read_news_labels(text: &str) -> Result<Vec<NewsLabel>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// The training examples of labelled news articles: each article (`name`, analysed document)
/// runs through the event layer, and each coded mention that a label names, still coded as it
/// was when labelled (type, source, target), becomes an example. Groups start at
/// `first_group`, one per article. Returns the examples, their hand-curve scores, and how
/// many labels found no such mention (the coder changed since they were made).
pub fn news_examples(
    docs: &[(String, storyline_model::Document)],
    labels: &[NewsLabel],
    kb: &storyline_actors::ActorKb,
    first_group: usize,
) -> (Vec<Example>, Vec<f32>, usize) {
    let by_id: std::collections::HashMap<&str, &NewsLabel> =
        labels.iter().map(|l| (l.id.as_str(), l)).collect();
    let mut out = Vec::new();
    let mut hand = Vec::new();
    let mut matched = 0;
    for (k, (name, doc)) in docs.iter().enumerate() {
        for (e, ev) in crate::layer::extract_mentions_with_evidence(doc, kb) {
            let Some(ev) = ev else { continue };
            let id = format!("{name}#{}", e.trigger.start);
            let Some(l) = by_id.get(id.as_str()) else {
                continue;
            };
            if l.plover != e.plover || l.source != e.source || l.target != e.target {
                continue;
            }
            matched += 1;
            out.push(Example {
                x: features(&e, &ev),
                y: l.label == "right",
                group: first_group + k,
                origin: 1,
            });
            hand.push(e.score);
        }
    }
    (out, hand, labels.len() - matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A separable toy problem: the model learns that a present source predicts a right
    /// coding, and its held-out scores are calibrated to within a few points (the L2 penalty
    /// shrinks them a little towards the mean).
    #[test]
    fn learns_and_calibrates_a_simple_signal() {
        let mut examples = Vec::new();
        for i in 0..400 {
            let mut x = [0.0f32; NFEATURES];
            let has_source = i % 2 == 0;
            x[1] = if has_source { 1.0 } else { 0.0 };
            // Right 90% of the time with a source, 10% without (a fixed pseudo-random draw,
            // spread over the folds).
            let draw = (i as u64)
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407)
                >> 33;
            let ten_percent = draw.is_multiple_of(10);
            let y = if has_source {
                !ten_percent
            } else {
                ten_percent
            };
            examples.push(Example {
                x,
                y,
                group: i,
                origin: 0,
            });
        }
        let hand = vec![0.5; examples.len()];
        let t = train(&examples, &hand, 5, 80.0);
        assert!(
            t.model.weights[1] > 1.0,
            "{:?} {} {}",
            t.model.weights,
            t.model.bias,
            t.l2
        );
        assert!(
            t.held_out.calibration_error < 8.0,
            "{} {:?} {} {}",
            t.held_out,
            &t.model.weights[..3],
            t.model.bias,
            t.l2
        );
        assert!(t.held_out.precision >= 80.0, "{}", t.held_out);
        assert!(
            t.held_out.log_loss < t.hand.log_loss,
            "{} vs {}",
            t.held_out,
            t.hand
        );
    }

    #[test]
    fn the_committed_model_reads() {
        let m = CodingModel::default_model().expect("models/coding.json reads");
        assert_eq!(m.weights.len(), NFEATURES);
        assert!((0.0..=1.0).contains(&m.threshold));
    }

    /// The committed labels read, each names an article and an offset, and both classes are
    /// there (a labels file of one class would teach the score nothing).
    #[test]
    fn the_committed_news_labels_read() {
        let text = include_str!("../data/coded-news-labels.jsonl");
        let labels = read_news_labels(text).expect("labels read");
        assert!(labels.len() > 1000, "{}", labels.len());
        for l in &labels {
            let (file, at) = l.id.split_once('#').expect("FILE#START");
            assert!(!file.is_empty() && at.parse::<usize>().is_ok(), "{}", l.id);
            assert!(l.label == "right" || l.label == "wrong", "{}", l.id);
        }
        let right = labels.iter().filter(|l| l.label == "right").count();
        assert!(right > 50 && right < labels.len() - 50, "{right}");
    }

    #[test]
    fn a_bad_label_line_is_named() {
        let text = "{\"id\":\"a.txt#3\",\"plover\":null,\"source\":null,\"target\":null,\"label\":\"right\"}\n\nnot json\n";
        let err = read_news_labels(text).unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
    }
}
