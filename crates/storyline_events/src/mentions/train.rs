//! Training and cross-validating the mention model on TimeML (TempEval-3's TimeBank and
//! AQUAINT): documents are analysed by the caller's pipeline, gold EVENTs become token labels,
//! an averaged perceptron learns them, and k-fold cross-validation by document reports
//! relaxed-match precision, recall and F1, class accuracy on matched mentions, and the
//! softmax temperature that makes scores calibrated probabilities.

use std::path::Path;

use storyline_model::Document;
use storyline_nlp::learn::{Linear, Perceptron, Writer};

use super::features::{token_features, TokenView};
use super::timeml::{self, TimemlDoc};
use super::{could_be_event, softmax, tense_aspect, MentionModel, CLASSES, NCOLS};

/// A document analysed by the pipeline with its gold labels.
pub struct LabeledDoc {
    /// The analysed document (tokens, sentences, entities).
    pub doc: Document,
    /// The TimeML gold.
    pub gold: TimemlDoc,
    /// Per token: 0 = no event, 1.. = 1 + index in [`CLASSES`].
    pub labels: Vec<u8>,
}

/// Counts of one evaluation, relaxed match (a gold event and a predicted trigger overlap).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Gold events.
    pub gold: usize,
    /// Predicted triggers.
    pub predicted: usize,
    /// Gold events overlapping a predicted trigger.
    pub gold_found: usize,
    /// Predicted triggers overlapping a gold event.
    pub predicted_right: usize,
    /// Matches whose class is right.
    pub class_right: usize,
    /// Matched verb events whose gold tense is known.
    pub tense_total: usize,
    /// ... and whose tense is right.
    pub tense_right: usize,
    /// ... and whose aspect is right.
    pub aspect_right: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.gold_found += o.gold_found;
        self.predicted_right += o.predicted_right;
        self.class_right += o.class_right;
        self.tense_total += o.tense_total;
        self.tense_right += o.tense_right;
        self.aspect_right += o.aspect_right;
    }
    /// Precision, recall and F1 in percent.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = 100.0 * self.predicted_right as f64 / self.predicted.max(1) as f64;
        let r = 100.0 * self.gold_found as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
    /// Class accuracy on matched mentions, in percent.
    pub fn class_accuracy(&self) -> f64 {
        100.0 * self.class_right as f64 / self.predicted_right.max(1) as f64
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (p, r, f1) = self.prf();
        write!(
            f,
            "gold {} predicted {} | relaxed P {p:.1} R {r:.1} F1 {f1:.1} | class accuracy {:.1} | tense {:.1} aspect {:.1} (on {} matched verbs)",
            self.gold,
            self.predicted,
            self.class_accuracy(),
            100.0 * self.tense_right as f64 / self.tense_total.max(1) as f64,
            100.0 * self.aspect_right as f64 / self.tense_total.max(1) as f64,
            self.tense_total
        )
    }
}

/// The gold label of every token: the token that best covers a gold EVENT gets its class.
pub fn labels(doc: &Document, gold: &TimemlDoc) -> Vec<u8> {
    let mut out = vec![0u8; doc.tokens.len()];
    for g in &gold.events {
        let class = CLASSES.iter().position(|c| *c == g.class).unwrap_or(0) as u8 + 1;
        let first = doc.tokens.partition_point(|t| t.end <= g.start);
        let mut best: Option<(usize, usize)> = None;
        let mut k = first;
        while k < doc.tokens.len() && doc.tokens[k].start < g.end {
            let t = &doc.tokens[k];
            let overlap = t.end.min(g.end).saturating_sub(t.start.max(g.start));
            if could_be_event(&t.pos) && best.is_none_or(|(_, o)| overlap > o) {
                best = Some((k, overlap));
            }
            k += 1;
        }
        if let Some((k, _)) = best {
            out[k] = class;
        }
    }
    out
}

/// Reads every `.tml` file under `dir/TimeBank` and `dir/AQUAINT` (sorted by name) and
/// analyses its text with `analyze(text, dct)`.
pub fn load(
    dir: &Path,
    analyze: &(dyn Fn(&str, Option<&str>) -> Document + Sync),
) -> std::io::Result<Vec<LabeledDoc>> {
    let mut paths = Vec::new();
    for sub in ["TimeBank", "AQUAINT"] {
        let d = dir.join(sub);
        if !d.is_dir() {
            continue;
        }
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.extension().is_some_and(|x| x == "tml") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no TimeML files in {}/TimeBank or {}/AQUAINT",
                dir.display(),
                dir.display()
            ),
        ));
    }
    let mut out = Vec::new();
    for p in paths {
        let xml = std::fs::read_to_string(&p)?;
        let Some(gold) = timeml::parse(&xml) else {
            continue;
        };
        let doc = analyze(&gold.text, gold.dct.as_deref());
        let labels = labels(&doc, &gold);
        out.push(LabeledDoc { doc, gold, labels });
    }
    Ok(out)
}

struct Example {
    feats: Vec<u64>,
    label: u8,
}

fn examples(d: &LabeledDoc) -> Vec<Example> {
    let v = TokenView::new(&d.doc);
    let mut out = Vec::new();
    for i in 0..v.len() {
        if !could_be_event(&d.doc.tokens[i].pos) {
            continue;
        }
        let mut feats = Vec::with_capacity(64);
        token_features(&v, i, &mut feats);
        out.push(Example {
            feats,
            label: d.labels[i],
        });
    }
    out
}

/// A small deterministic generator for shuffling.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Trains an averaged perceptron on the examples of `docs`.
fn fit(docs: &[&[Example]], epochs: usize, seed: u64) -> Perceptron {
    let mut p = Perceptron::new(NCOLS);
    let mut order: Vec<(usize, usize)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, ex)| (0..ex.len()).map(move |i| (d, i)))
        .collect();
    let mut rng = Rng(seed | 1);
    let mut scores = [0f32; NCOLS];
    for _ in 0..epochs {
        for k in (1..order.len()).rev() {
            let j = (rng.next() % (k as u64 + 1)) as usize;
            order.swap(k, j);
        }
        for &(d, i) in &order {
            let ex = &docs[d][i];
            scores.fill(0.0);
            p.score(&ex.feats, &mut scores);
            let guess = (0..NCOLS)
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                .unwrap_or(0);
            let gold = ex.label as usize;
            if guess != gold {
                p.update(&ex.feats, gold, 1.0);
                p.update(&ex.feats, guess, -1.0);
            }
            p.tick();
        }
    }
    p.average();
    p
}

/// Scores one document with a trained perceptron: the raw column scores of each candidate
/// token, by token index.
fn raw_scores(p: &Perceptron, d: &LabeledDoc) -> Vec<(usize, [f32; NCOLS])> {
    let v = TokenView::new(&d.doc);
    let mut feats = Vec::with_capacity(64);
    let mut out = Vec::new();
    for i in 0..v.len() {
        if !could_be_event(&d.doc.tokens[i].pos) {
            continue;
        }
        feats.clear();
        token_features(&v, i, &mut feats);
        let mut s = [0f32; NCOLS];
        p.score(&feats, &mut s);
        out.push((i, s));
    }
    out
}

/// Relaxed-match counts of predictions (token index, class column) against a document's gold.
fn count(d: &LabeledDoc, predicted: &[(usize, usize)]) -> Counts {
    let mut c = Counts {
        gold: d.gold.events.len(),
        predicted: predicted.len(),
        ..Counts::default()
    };
    let mut gold_hit = vec![false; d.gold.events.len()];
    let view = TokenView::new(&d.doc);
    for &(i, col) in predicted {
        let t = &d.doc.tokens[i];
        let hit = d
            .gold
            .events
            .iter()
            .enumerate()
            .find(|(_, g)| g.start < t.end && t.start < g.end);
        if let Some((gi, g)) = hit {
            c.predicted_right += 1;
            gold_hit[gi] = true;
            if CLASSES.get(col.wrapping_sub(1)) == Some(&g.class.as_str()) {
                c.class_right += 1;
            }
            if g.tense != "NONE" {
                let (tense, aspect) = tense_aspect(&d.doc, &view.children, i);
                c.tense_total += 1;
                c.tense_right += (tense == Some(g.tense.as_str())) as usize;
                c.aspect_right += (aspect.unwrap_or("NONE") == g.aspect) as usize;
            }
        }
    }
    c.gold_found = gold_hit.iter().filter(|&&h| h).count();
    c
}

/// What cross-validation found.
#[derive(Debug, Clone)]
pub struct CrossValidation {
    /// Counts over all held-out folds.
    pub held_out: Counts,
    /// Counts of each fold.
    pub folds: Vec<Counts>,
    /// Counts of the models on their own training folds (the tuned-set figure).
    pub training: Counts,
    /// The softmax temperature minimising the held-out log loss.
    pub temperature: f32,
    /// Held-out expected calibration error of the event probability (10 bins), in percent.
    pub calibration_error: f64,
    /// The event-probability threshold with the best held-out F1.
    pub threshold: f32,
    /// Held-out counts at that threshold.
    pub held_out_at_threshold: Counts,
}

/// Options of training.
#[derive(Debug, Clone, Copy)]
pub struct MentionTrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Folds for cross-validation.
    pub folds: usize,
}

impl Default for MentionTrainConfig {
    fn default() -> Self {
        MentionTrainConfig {
            epochs: 8,
            seed: 7,
            folds: 5,
        }
    }
}

fn predict(scores: &[(usize, [f32; NCOLS])]) -> Vec<(usize, usize)> {
    scores
        .iter()
        .filter_map(|(i, s)| {
            let best = (0..NCOLS).max_by(|&a, &b| s[a].total_cmp(&s[b]))?;
            (best != 0).then_some((*i, best))
        })
        .collect()
}

/// Predictions at a threshold on the calibrated event probability.
fn predict_at(
    scores: &[(usize, [f32; NCOLS])],
    temperature: f32,
    threshold: f32,
) -> Vec<(usize, usize)> {
    scores
        .iter()
        .filter_map(|(i, s)| {
            let mut p = *s;
            softmax(&mut p, temperature);
            let best = (1..NCOLS).max_by(|&a, &b| p[a].total_cmp(&p[b]))?;
            (1.0 - p[0] >= threshold).then_some((*i, best))
        })
        .collect()
}

/// k-fold cross-validation by document (documents dealt to folds in turn).
pub fn cross_validate(docs: &[LabeledDoc], cfg: MentionTrainConfig) -> CrossValidation {
    let ex: Vec<Vec<Example>> = docs.iter().map(examples).collect();
    let k = cfg.folds.max(2);
    let mut held_out = Counts::default();
    let mut training = Counts::default();
    let mut folds = Vec::new();
    // (raw scores, gold label) of held-out candidates, for the temperature.
    let mut calib: Vec<([f32; NCOLS], u8)> = Vec::new();
    let mut held_scores: Vec<Vec<(usize, [f32; NCOLS])>> = vec![Vec::new(); docs.len()];
    for f in 0..k {
        let train: Vec<&[Example]> = ex
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != f)
            .map(|(_, e)| e.as_slice())
            .collect();
        let p = fit(&train, cfg.epochs, cfg.seed + f as u64);
        let mut fc = Counts::default();
        for (i, d) in docs.iter().enumerate() {
            let s = raw_scores(&p, d);
            let c = count(d, &predict(&s));
            if i % k == f {
                fc.add(&c);
                for (tok, sc) in &s {
                    calib.push((*sc, d.labels[*tok]));
                }
                held_scores[i] = s;
            } else if f == 0 {
                training.add(&c);
            }
        }
        held_out.add(&fc);
        folds.push(fc);
    }
    let temperature = fit_temperature(&calib);
    let calibration_error = calibration_error(&calib, temperature);
    let mut best = (f64::MIN, 0.5f32, Counts::default());
    for step in 0..=20 {
        let threshold = 0.25 + 0.025 * step as f32;
        let mut c = Counts::default();
        for (d, s) in docs.iter().zip(&held_scores) {
            c.add(&count(d, &predict_at(s, temperature, threshold)));
        }
        if c.prf().2 > best.0 {
            best = (c.prf().2, threshold, c);
        }
    }
    CrossValidation {
        held_out,
        folds,
        training,
        temperature,
        calibration_error,
        threshold: best.1,
        held_out_at_threshold: best.2,
    }
}

fn nll(calib: &[([f32; NCOLS], u8)], t: f32) -> f64 {
    calib
        .iter()
        .map(|(s, y)| {
            let mut p = *s;
            softmax(&mut p, t);
            -f64::from(p[*y as usize].max(1e-9)).ln()
        })
        .sum()
}

fn fit_temperature(calib: &[([f32; NCOLS], u8)]) -> f32 {
    let mut best = (f64::MAX, 1.0f32);
    let mut t = 0.05f32;
    while t < 200.0 {
        let l = nll(calib, t);
        if l < best.0 {
            best = (l, t);
        }
        t *= 1.15;
    }
    best.1
}

fn calibration_error(calib: &[([f32; NCOLS], u8)], t: f32) -> f64 {
    let mut bins = [(0f64, 0f64, 0usize); 10];
    for (s, y) in calib {
        let mut p = *s;
        softmax(&mut p, t);
        let pe = f64::from(1.0 - p[0]);
        let b = ((pe * 10.0) as usize).min(9);
        bins[b].0 += pe;
        bins[b].1 += f64::from(u8::from(*y != 0));
        bins[b].2 += 1;
    }
    // sum over bins of (bin share) * |mean probability - share of events|
    let n = calib.len().max(1) as f64;
    100.0 * bins.iter().map(|(p, y, _)| (p - y).abs() / n).sum::<f64>()
}

/// What training produced.
pub struct TrainedMentions {
    /// The model file (gzip), to be written to `models/mentions.bin.gz`.
    pub bytes: Vec<u8>,
    /// Cross-validated figures.
    pub cv: CrossValidation,
    /// The final model (trained on every document).
    pub model: MentionModel,
}

/// Cross-validates, then trains on every document and builds the compact model.
pub fn train(docs: &[LabeledDoc], cfg: MentionTrainConfig) -> std::io::Result<TrainedMentions> {
    let cv = cross_validate(docs, cfg);
    let ex: Vec<Vec<Example>> = docs.iter().map(examples).collect();
    let all: Vec<&[Example]> = ex.iter().map(Vec::as_slice).collect();
    let p = fit(&all, cfg.epochs, cfg.seed);
    let mut w = Writer::default();
    let lin = Linear::from_perceptron(&p, 0.0, 1, &mut w);
    let bytes = MentionModel::write(&w.buf, cv.temperature, cv.threshold)?;
    Ok(TrainedMentions {
        bytes,
        model: MentionModel::from_parts(lin, cv.temperature, cv.threshold),
        cv,
    })
}

/// Evaluates a model on documents (relaxed match), as [`MentionModel::detect`] decides.
pub fn evaluate(model: &MentionModel, docs: &[LabeledDoc]) -> Counts {
    let mut total = Counts::default();
    for d in docs {
        let predicted: Vec<(usize, usize)> = model
            .detect(&d.doc)
            .iter()
            .map(|m| {
                (
                    m.token,
                    1 + CLASSES.iter().position(|c| *c == m.class).unwrap_or(0),
                )
            })
            .collect();
        total.add(&count(d, &predicted));
    }
    total
}
