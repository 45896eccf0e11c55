//! Training (structured averaged perceptron) and conlleval-style evaluation.

use std::fmt;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;

use crate::feats::{analyze, sentence_features, DocCtx, Gazetteer, IdMap, SentFeats, Tok};
use crate::model::{
    cluster_feats, constraint_mask, emission_scores, quant_scale, quantize, tag_id, viterbi,
    Clusters, Model, NT,
};
use crate::{Label, Ner};

/// Precision / recall / F1 (percentages) for one entity type or overall.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Precision in percent.
    pub precision: f64,
    /// Recall in percent.
    pub recall: f64,
    /// F1 in percent.
    pub f1: f64,
    /// Number of gold entities.
    pub gold: usize,
    /// Number of predicted entities.
    pub predicted: usize,
    /// Number of exactly matching (span and type) entities.
    pub correct: usize,
}

impl Scores {
    fn from_counts(correct: usize, predicted: usize, gold: usize) -> Scores {
        let p = if predicted == 0 {
            0.0
        } else {
            100.0 * correct as f64 / predicted as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            100.0 * correct as f64 / gold as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Scores {
            precision: p,
            recall: r,
            f1: f,
            gold,
            predicted,
            correct,
        }
    }
}

/// Evaluation (or training) report: entity-level exact-span scores.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Scores over all entity types.
    pub overall: Scores,
    /// Scores per entity type, in the order PER, ORG, LOC, MISC.
    pub per_type: Vec<(Label, Scores)>,
    /// Number of tokens evaluated.
    pub tokens: usize,
    /// Number of sentences evaluated.
    pub sentences: usize,
    /// Best epoch (1-based) chosen on the dev set; 0 for plain evaluation.
    pub best_epoch: usize,
    /// Number of features in the saved model; 0 for plain evaluation.
    pub features: usize,
    /// Size of the saved model file in bytes; 0 for plain evaluation.
    pub model_bytes: u64,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.overall;
        writeln!(
            f,
            "sentences {} tokens {}  gold {} predicted {} correct {}",
            self.sentences, self.tokens, o.gold, o.predicted, o.correct
        )?;
        writeln!(
            f,
            "overall  P {:6.2}  R {:6.2}  F1 {:6.2}",
            o.precision, o.recall, o.f1
        )?;
        for (l, s) in &self.per_type {
            writeln!(
                f,
                "{:<8} P {:6.2}  R {:6.2}  F1 {:6.2}  (gold {})",
                l.to_string(),
                s.precision,
                s.recall,
                s.f1,
                s.gold
            )?;
        }
        Ok(())
    }
}

/// One labelled sentence.
pub(crate) struct Sent {
    pub words: Vec<String>,
    pub gold: Vec<String>,
}

/// Parse CoNLL text with the gold tag in the last column. Malformed lines
/// (a single column) get tag `O`.
pub(crate) fn parse_conll(text: &str) -> Vec<Vec<Sent>> {
    let mut docs: Vec<Vec<Sent>> = vec![Vec::new()];
    let mut cur = Sent {
        words: Vec::new(),
        gold: Vec::new(),
    };
    let flush = |cur: &mut Sent, docs: &mut Vec<Vec<Sent>>| {
        if !cur.words.is_empty() {
            let s = std::mem::replace(
                cur,
                Sent {
                    words: Vec::new(),
                    gold: Vec::new(),
                },
            );
            if let Some(d) = docs.last_mut() {
                d.push(s);
            }
        }
    };
    for line in text.lines() {
        let mut it = line.split_whitespace();
        let Some(tok) = it.next() else {
            flush(&mut cur, &mut docs);
            continue;
        };
        if tok == "-DOCSTART-" {
            flush(&mut cur, &mut docs);
            if docs.last().is_some_and(|d| !d.is_empty()) {
                docs.push(Vec::new());
            }
            continue;
        }
        let tag = it.last().unwrap_or("O");
        cur.words.push(tok.to_string());
        cur.gold.push(tag.to_string());
    }
    flush(&mut cur, &mut docs);
    docs.retain(|d| !d.is_empty());
    docs
}

/// conlleval-style chunks `(start, end, type)` from IOB tags (IOB1 or IOB2).
/// Tags with an unknown type are treated as `O`.
pub(crate) fn spans<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, usize)> {
    let mut res = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let parsed = t
            .split_once('-')
            .and_then(|(p, ty)| Label::parse(ty).map(|l| (p, l.index())));
        match parsed {
            Some((p, ty)) if p == "I" && cur.is_some_and(|(_, c)| c == ty) => {}
            Some((p, ty)) if p == "B" || p == "I" || p == "S" || p == "U" => {
                if let Some((s, c)) = cur.take() {
                    res.push((s, i, c));
                }
                cur = Some((i, ty));
            }
            Some((_, ty)) if cur.is_some_and(|(_, c)| c == ty) => {}
            _ => {
                if let Some((s, c)) = cur.take() {
                    res.push((s, i, c));
                }
            }
        }
    }
    if let Some((s, c)) = cur {
        res.push((s, tags.len(), c));
    }
    res
}

/// Gold IOB tags -> BILOU ids.
pub(crate) fn to_bilou<S: AsRef<str>>(tags: &[S]) -> Vec<u8> {
    let mut out = vec![0u8; tags.len()];
    for (s, e, ty) in spans(tags) {
        if e - s == 1 {
            out[s] = tag_id(ty, 3) as u8;
        } else {
            out[s] = tag_id(ty, 0) as u8;
            for o in out.iter_mut().take(e - 1).skip(s + 1) {
                *o = tag_id(ty, 1) as u8;
            }
            out[e - 1] = tag_id(ty, 2) as u8;
        }
    }
    out
}

/// Counts for conlleval scoring.
#[derive(Default)]
struct Counter {
    correct: [usize; 4],
    pred: [usize; 4],
    gold: [usize; 4],
    tokens: usize,
    sentences: usize,
}

impl Counter {
    fn add<S: AsRef<str>, T: AsRef<str>>(&mut self, gold: &[S], pred: &[T]) {
        let g = spans(gold);
        let p = spans(pred);
        self.tokens += gold.len();
        self.sentences += 1;
        for &(_, _, t) in &g {
            self.gold[t] += 1;
        }
        for s in &p {
            self.pred[s.2] += 1;
            if g.contains(s) {
                self.correct[s.2] += 1;
            }
        }
    }
    fn report(&self) -> Report {
        let sum = |a: &[usize; 4]| a.iter().sum::<usize>();
        Report {
            overall: Scores::from_counts(sum(&self.correct), sum(&self.pred), sum(&self.gold)),
            per_type: Label::ALL
                .iter()
                .map(|&l| {
                    let i = l.index();
                    (
                        l,
                        Scores::from_counts(self.correct[i], self.pred[i], self.gold[i]),
                    )
                })
                .collect(),
            tokens: self.tokens,
            sentences: self.sentences,
            ..Report::default()
        }
    }
}

/// Evaluate `ner` on CoNLL text whose last column is the gold IOB tag
/// (conlleval chunking, exact span + type match).
pub fn evaluate(ner: &Ner, conll: &str) -> Report {
    let docs = parse_conll(conll);
    let mut c = Counter::default();
    for d in &docs {
        let sents: Vec<Vec<&str>> = d
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let pred = ner.tag_document(&sents);
        for (s, p) in d.iter().zip(&pred) {
            c.add(&s.gold, p);
        }
    }
    c.report()
}

/// Training hyper-parameters.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Number of perceptron epochs (the best one on dev is kept).
    pub epochs: usize,
    /// Folds used to build jackknifed gazetteers for the training data.
    pub gaz_folds: usize,
    /// Weights with all |w| at or below this are pruned from the saved model.
    pub prune: f32,
    /// Optional word-cluster file (`bits<TAB>word` per line, Brown style).
    pub clusters: Option<std::path::PathBuf>,
    /// Probability of hiding a training token's identity (word dropout).
    pub word_dropout: f64,
    /// Add Title Case copies of ALL-CAPS headline sentences to the training data.
    pub title_case_augment: bool,
    /// Number of runs with different seeds whose weights are averaged.
    pub runs: usize,
    /// Print progress per epoch to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            gaz_folds: 5,
            prune: 0.05,
            clusters: None,
            word_dropout: 0.1,
            runs: 3,
            title_case_augment: true,
            verbose: true,
        }
    }
}

struct Perceptron {
    index: IdMap<u32>,
    w: Vec<f32>,
    u: Vec<f64>,
    tw: Vec<f32>,
    tu: Vec<f64>,
    c: f64,
}

impl Perceptron {
    fn new() -> Self {
        Perceptron {
            index: IdMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            tw: vec![0.0; (NT + 1) * NT],
            tu: vec![0.0; (NT + 1) * NT],
            c: 1.0,
        }
    }

    fn row(&mut self, f: u64) -> usize {
        let next = self.index.len() as u32;
        let r = *self.index.entry(f).or_insert(next) as usize;
        if r == next as usize {
            self.w.resize(self.w.len() + NT, 0.0);
            self.u.resize(self.u.len() + NT, 0.0);
        }
        r
    }

    fn update(&mut self, sf: &SentFeats, gold: &[u8], pred: &[u8]) {
        let c = self.c;
        for i in 0..gold.len() {
            let (g, p) = (gold[i] as usize, pred[i] as usize);
            if g != p {
                for &f in sf.token(i) {
                    let r = self.row(f) * NT;
                    self.w[r + g] += 1.0;
                    self.u[r + g] += c;
                    self.w[r + p] -= 1.0;
                    self.u[r + p] -= c;
                }
            }
            let pg = if i == 0 { 0 } else { gold[i - 1] as usize + 1 };
            let pp = if i == 0 { 0 } else { pred[i - 1] as usize + 1 };
            if (pg, g) != (pp, p) {
                self.tw[pg * NT + g] += 1.0;
                self.tu[pg * NT + g] += c;
                self.tw[pp * NT + p] -= 1.0;
                self.tu[pp * NT + p] -= c;
            }
        }
    }

    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let c = self.c;
        let w = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| (f64::from(w) - u / c) as f32)
            .collect();
        let t = self
            .tw
            .iter()
            .zip(&self.tu)
            .map(|(&w, &u)| (f64::from(w) - u / c) as f32)
            .collect();
        (w, t)
    }
}

/// Deterministic xorshift64* generator.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

struct TSent {
    toks: Vec<Tok>,
    gold: Vec<u8>,
    gaz: Vec<(u8, u8)>,
}

fn add_gold_to_gaz(g: &mut Gazetteer, s: &TSent) {
    let mut i = 0;
    while i < s.gold.len() {
        let t = s.gold[i] as usize;
        if t != 0 && (crate::model::kind(t) == 0 || crate::model::kind(t) == 3) {
            let ty = crate::model::typ(t);
            let mut e = i + 1;
            if crate::model::kind(t) == 0 {
                while e < s.gold.len() && crate::model::kind(s.gold[e] as usize) != 2 {
                    e += 1;
                }
                e = (e + 1).min(s.gold.len());
            }
            g.add(&s.toks[i..e], ty);
            i = e;
        } else {
            i += 1;
        }
    }
}

/// Title-case an ALL-CAPS headline word ("BOYCOTT" -> "Boycott"; short
/// function words lower-cased unless first; tokens with digits kept).
fn title_case(w: &str, first: bool) -> String {
    const SMALL: [&str; 16] = [
        "a", "an", "the", "of", "in", "on", "for", "to", "and", "at", "by", "with", "from", "as",
        "or", "vs",
    ];
    if w.chars().any(|c| c.is_ascii_digit()) || !w.chars().any(char::is_alphabetic) {
        return w.to_string();
    }
    let lower = w.to_lowercase();
    if !first && SMALL.contains(&lower.as_str()) {
        return lower;
    }
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => lower,
    }
}

/// Load word clusters: lines `bits<TAB>word[<TAB>count]`.
pub(crate) fn load_clusters(path: &Path) -> anyhow::Result<Clusters> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading clusters {}", path.display()))?;
    let mut c = Clusters::default();
    for line in text.lines() {
        let mut it = line.split('\t');
        let (Some(bits), Some(word)) = (it.next(), it.next()) else {
            continue;
        };
        let t = analyze(word);
        let mut p = [0u64; 4];
        for (k, len) in [4usize, 8, 12, 16].iter().enumerate() {
            let pre = &bits[..bits.len().min(*len)];
            p[k] = crate::feats::fmix(
                pre.bytes()
                    .fold(0x9e37_79b9_7f4a_7c15 ^ *len as u64, |h, b| {
                        crate::feats::mix(h, u64::from(b))
                    }),
            );
        }
        c.insert(t.lower, p);
    }
    Ok(c)
}

fn prepare(docs: &[Vec<Sent>]) -> Vec<Vec<TSent>> {
    docs.iter()
        .map(|d| {
            d.iter()
                .map(|s| TSent {
                    toks: s.words.iter().map(|w| analyze(w)).collect(),
                    gold: to_bilou(&s.gold),
                    gaz: Vec::new(),
                })
                .collect()
        })
        .collect()
}

fn eval_model(model: &Model, docs: &[Vec<Sent>]) -> Report {
    let mut c = Counter::default();
    for d in docs {
        let sents: Vec<Vec<&str>> = d
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let pred = model.tag_doc(&sents);
        for (s, p) in d.iter().zip(&pred) {
            c.add(&s.gold, &crate::model::to_iob2(p));
        }
    }
    c.report()
}

/// One perceptron run; returns the index, the weights and transitions of the
/// best epoch on dev, and that epoch.
fn train_run(
    tdocs: &[Vec<TSent>],
    dev_docs: &[Vec<Sent>],
    model: &mut Model,
    mask: &[f32],
    seed: u64,
    opts: &TrainOptions,
) -> (IdMap<u32>, Vec<f32>, Vec<f32>, usize) {
    let mut perc = Perceptron::new();
    let mut rng = Rng(seed ^ 0x9e37_79b9_7f4a_7c15 | 1);
    let mut order: Vec<usize> = (0..tdocs.len()).collect();
    let mut sf = SentFeats::default();
    let mut cl = Vec::new();
    let mut scores = Vec::new();
    let mut trans = vec![0f32; (NT + 1) * NT];
    let mut pred = Vec::new();
    let mut drop: Vec<bool> = Vec::new();
    let mut best: Option<(f64, usize, Vec<f32>, Vec<f32>)> = None;
    for epoch in 1..=opts.epochs.max(1) {
        let te = Instant::now();
        rng.shuffle(&mut order);
        let (mut errs, mut toks) = (0usize, 0usize);
        for &di in &order {
            let d = &tdocs[di];
            let dt: Vec<Vec<Tok>> = d.iter().map(|s| s.toks.clone()).collect();
            let mut doc = DocCtx::new(&dt);
            for s in d {
                let n = s.toks.len();
                for (t, (a, b)) in trans.iter_mut().zip(perc.tw.iter().zip(mask)) {
                    *t = a + b;
                }
                cluster_feats(&model.clusters, &s.toks, &mut cl);
                drop.clear();
                drop.extend(s.toks.iter().map(|_| {
                    opts.word_dropout > 0.0
                        && (rng.next() >> 11) as f64 / (1u64 << 53) as f64 <= opts.word_dropout
                }));
                sentence_features(&s.toks, &s.gaz, &cl, &doc, &drop, &mut sf);
                emission_scores(&sf, n, &perc.index, &perc.w, &mut scores);
                viterbi(&scores, &trans, n, &mut pred);
                if pred != s.gold {
                    perc.update(&sf, &s.gold, &pred);
                    errs += pred.iter().zip(&s.gold).filter(|(a, b)| a != b).count();
                }
                toks += n;
                perc.c += 1.0;
                doc.record(&s.toks, &pred);
            }
        }
        let (w, t) = perc.averaged();
        model.index = std::mem::take(&mut perc.index);
        model.scale = quant_scale(&w);
        model.w = quantize(&w, model.scale);
        model.trans = t.iter().zip(mask).map(|(a, b)| a + b).collect();
        let rep = eval_model(model, dev_docs);
        perc.index = std::mem::take(&mut model.index);
        if opts.verbose {
            eprintln!(
                "epoch {epoch:2}: train token errors {:.2}%  features {}  dev P {:.2} R {:.2} F1 {:.2}  ({:.1}s)",
                100.0 * errs as f64 / toks.max(1) as f64,
                perc.index.len(),
                rep.overall.precision,
                rep.overall.recall,
                rep.overall.f1,
                te.elapsed().as_secs_f64()
            );
        }
        if best.as_ref().is_none_or(|b| rep.overall.f1 > b.0) {
            best = Some((rep.overall.f1, epoch, w, t));
        }
    }
    let (_, be, bw, bt) = best.unwrap_or((0.0, 0, Vec::new(), vec![0.0; (NT + 1) * NT]));
    (perc.index, bw, bt, be)
}

/// Train with default options; see [`train_with`].
pub fn train(train_path: &Path, dev_path: &Path, out: &Path, seed: u64) -> anyhow::Result<Report> {
    train_with(train_path, dev_path, out, seed, &TrainOptions::default())
}

/// Train a model on CoNLL-2003-style `train_path`, select the best epoch on
/// `dev_path`, write the compressed model to `out` and return the dev report
/// of the saved (quantised) model. Deterministic for a fixed `seed`.
pub fn train_with(
    train_path: &Path,
    dev_path: &Path,
    out: &Path,
    seed: u64,
    opts: &TrainOptions,
) -> anyhow::Result<Report> {
    let t0 = Instant::now();
    let train_text = std::fs::read_to_string(train_path)
        .with_context(|| format!("reading {}", train_path.display()))?;
    let dev_text = std::fs::read_to_string(dev_path)
        .with_context(|| format!("reading {}", dev_path.display()))?;
    let train_docs = parse_conll(&train_text);
    let dev_docs = parse_conll(&dev_text);
    anyhow::ensure!(!train_docs.is_empty(), "no training sentences");
    let mut tdocs = prepare(&train_docs);
    let clusters = match &opts.clusters {
        Some(p) => load_clusters(p)?,
        None => Clusters::default(),
    };

    // Gazetteers: full for inference, jackknifed for the training data.
    let folds = opts.gaz_folds.max(2);
    let mut full = Gazetteer::default();
    let mut fold_gaz = vec![Gazetteer::default(); folds];
    for (di, d) in tdocs.iter().enumerate() {
        for s in d {
            add_gold_to_gaz(&mut full, s);
            for (k, g) in fold_gaz.iter_mut().enumerate() {
                if di % folds != k {
                    add_gold_to_gaz(g, s);
                }
            }
        }
    }
    for (di, d) in tdocs.iter_mut().enumerate() {
        let g = &fold_gaz[di % folds];
        for s in d.iter_mut() {
            g.annotate(&s.toks, &mut s.gaz);
        }
    }
    // Title-case copies of ALL-CAPS headlines (modern news headlines are
    // usually Title Case, which CoNLL-2003 lacks); each copy is its own
    // one-sentence document, annotated with its source document's fold.
    if opts.title_case_augment {
        let n0 = tdocs.len();
        for di in 0..n0 {
            let g = &fold_gaz[di % folds];
            let mut extra = Vec::new();
            for s in train_docs[di].iter() {
                let toks: Vec<Tok> = s.words.iter().map(|w| analyze(w)).collect();
                if !crate::feats::is_headline(&toks)
                    || toks.iter().filter(|t| t.has_alpha).count() < 3
                {
                    continue;
                }
                let words: Vec<String> = s
                    .words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| title_case(w, i == 0))
                    .collect();
                let mut ts = TSent {
                    toks: words.iter().map(|w| analyze(w)).collect(),
                    gold: to_bilou(&s.gold),
                    gaz: Vec::new(),
                };
                g.annotate(&ts.toks, &mut ts.gaz);
                extra.push(vec![ts]);
            }
            tdocs.extend(extra);
        }
    }
    drop(fold_gaz);
    if opts.verbose {
        eprintln!(
            "loaded {} train docs, {} dev docs, gazetteer {} entries, {} clusters ({:.1}s)",
            tdocs.len(),
            dev_docs.len(),
            full.map.len(),
            clusters.len(),
            t0.elapsed().as_secs_f64()
        );
    }

    let mask = constraint_mask();
    let mut model = Model {
        index: IdMap::default(),
        w: Vec::new(),
        scale: 1.0,
        trans: Vec::new(),
        gaz: full,
        clusters,
    };
    // Several runs with different seeds; their weights are averaged.
    let runs = opts.runs.max(1);
    let mut m_index: IdMap<u32> = IdMap::default();
    let mut m_w: Vec<f32> = Vec::new();
    let mut m_t = vec![0f32; (NT + 1) * NT];
    let mut epochs_used = Vec::new();
    for run in 0..runs {
        let run_seed = seed.wrapping_add(run as u64 * 1_000_003);
        let (idx, bw, bt, be) = train_run(&tdocs, &dev_docs, &mut model, &mask, run_seed, opts);
        if opts.verbose {
            eprintln!("run {} (seed {run_seed}): best epoch {be}", run + 1);
        }
        epochs_used.push(be);
        let k = 1.0 / runs as f32;
        let mut keys: Vec<(u64, u32)> = idx.iter().map(|(&f, &r)| (f, r)).collect();
        keys.sort_unstable();
        for (f, r) in keys {
            let r = r as usize * NT;
            let Some(row) = bw.get(r..r + NT) else {
                continue;
            };
            let next = m_index.len() as u32;
            let mr = *m_index.entry(f).or_insert(next) as usize * NT;
            if mr == m_w.len() {
                m_w.resize(mr + NT, 0.0);
            }
            for (a, b) in m_w[mr..mr + NT].iter_mut().zip(row) {
                *a += b * k;
            }
        }
        for (a, b) in m_t.iter_mut().zip(&bt) {
            *a += b * k;
        }
    }
    let best_epoch = epochs_used.iter().sum::<usize>() / epochs_used.len().max(1);
    let (bw, bt) = (m_w, m_t);
    if let Some(parent) = out.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    let file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let nfeat = Model::save(
        &m_index,
        &bw,
        &bt,
        &model.gaz,
        &model.clusters,
        opts.prune,
        std::io::BufWriter::new(file),
    )?;
    let bytes = std::fs::read(out)?;
    let ner = Ner::from_bytes(&bytes).map_err(|e| anyhow::anyhow!(e))?;
    let mut rep = evaluate(&ner, &dev_text);
    rep.best_epoch = best_epoch;
    rep.features = nfeat;
    rep.model_bytes = bytes.len() as u64;
    if opts.verbose {
        eprintln!(
            "saved {} ({} features, {} bytes), best epoch {best_epoch}, total {:.1}s",
            out.display(),
            nfeat,
            bytes.len(),
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conlleval_spans() {
        let t = [
            "B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "O",
        ];
        assert_eq!(spans(&t), vec![(0, 2, 0), (3, 5, 2), (5, 6, 2), (6, 7, 1)]);
        assert_eq!(spans(&["B-FOO", "I-PER"]), vec![(1, 2, 0)]);
        let b = to_bilou(&["B-PER", "I-PER", "I-PER", "O", "B-MISC"]);
        assert_eq!(b, vec![1, 2, 3, 0, 16]);
    }

    #[test]
    fn parse_handles_docstart_and_junk() {
        let text = "-DOCSTART- -X- -X- O\n\nA x y B-PER\nb\n\n\n-DOCSTART- -X- O O\nC O\n";
        let d = parse_conll(text);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0][0].words, vec!["A", "b"]);
        assert_eq!(d[0][0].gold, vec!["B-PER", "O"]);
        assert_eq!(d[1][0].gold, vec!["O"]);
    }

    #[test]
    fn scores() {
        let mut c = Counter::default();
        c.add(
            &["B-PER", "I-PER", "O", "B-LOC"],
            &["B-PER", "I-PER", "O", "B-ORG"],
        );
        let r = c.report();
        assert_eq!(r.overall.correct, 1);
        assert!((r.overall.f1 - 50.0).abs() < 1e-9);
    }

    #[test]
    fn title_casing() {
        assert_eq!(title_case("BOYCOTT", false), "Boycott");
        assert_eq!(title_case("TO", false), "to");
        assert_eq!(title_case("THE", true), "The");
        assert_eq!(title_case("1996-08-22", false), "1996-08-22");
        assert_eq!(title_case("-", false), "-");
    }
}
