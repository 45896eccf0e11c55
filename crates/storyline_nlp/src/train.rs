//! Training and evaluation of the pipeline's models on CoNLL-U treebanks.

use std::path::Path;
use std::time::Instant;

use crate::conllu::{self, Sent};
use crate::parser::{self, GoldSent};
use crate::{lemma, tagger, Nlp, Upos};

/// Training or evaluation error.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// I/O failure reading data or writing models.
    #[error("io error on {path}: {source}")]
    Io {
        /// The path involved.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// No training data found.
    #[error("no training data: {0}")]
    NoData(String),
}

/// Evaluation scores (all in `[0, 1]`) over all words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Number of sentences evaluated.
    pub sentences: usize,
    /// Number of words evaluated.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// Lemma accuracy (exact match).
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score (full DEPREL).
    pub las: f64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "sentences {} words {}: UPOS {:.2}% lemma {:.2}% UAS {:.2}% LAS {:.2}%",
            self.sentences,
            self.words,
            100.0 * self.upos,
            100.0 * self.lemma,
            100.0 * self.uas,
            100.0 * self.las
        )
    }
}

/// Hyper-parameters for [`train_texts`].
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Tagger epochs.
    pub tagger_epochs: usize,
    /// Parser epochs.
    pub parser_epochs: usize,
    /// Jackknife folds used to produce predicted tags for parser training (< 2 = gold tags).
    pub jackknife_folds: usize,
    /// Random seed (training is deterministic for a fixed seed).
    pub seed: u64,
    /// Tagger weights with smaller magnitude are dropped from the exported model.
    pub tagger_prune: f32,
    /// Parser weights with smaller magnitude are dropped from the exported model.
    pub parser_prune: f32,
    /// Feature rows updated fewer times than this during training are dropped on export.
    pub min_updates: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            tagger_epochs: 8,
            parser_epochs: 10,
            jackknife_folds: 4,
            seed: 1,
            tagger_prune: 0.6,
            parser_prune: 0.6,
            min_updates: 2,
        }
    }
}

/// Trained (averaged, unpruned) models; [`Trained::export`] prunes and serialises them.
pub struct Trained {
    tagger: tagger::RawTagger,
    lemma: Vec<u8>,
    parser: parser::RawParser,
}

/// An exported pipeline plus its gzip-compressed model files.
pub struct Exported {
    /// The pipeline built from the exported (pruned, quantised) weights.
    pub nlp: Nlp,
    /// `pos.bin.gz` contents.
    pub pos: Vec<u8>,
    /// `lemma.bin.gz` contents.
    pub lemma: Vec<u8>,
    /// `parser.bin.gz` contents.
    pub parser: Vec<u8>,
}

impl Trained {
    /// Prunes weights below the given magnitudes (and rows updated fewer than `min_upd` times),
    /// quantises and serialises the models.
    pub fn export(&self, tagger_prune: f32, parser_prune: f32, min_upd: u32) -> Exported {
        let (tg, pos) = self.tagger.export(tagger_prune, min_upd);
        let (ps, par) = self.parser.export(parser_prune, min_upd);
        let lem = crate::lemma::Lemmatizer::read(&self.lemma)
            .unwrap_or_else(|_| crate::lemma::train(&[]).0);
        Exported {
            nlp: Nlp::from_parts(tg, lem, ps),
            pos: gz(&pos),
            lemma: gz(&self.lemma),
            parser: gz(&par),
        }
    }
}

fn gz(buf: &[u8]) -> Vec<u8> {
    let w = crate::io::Writer { buf: buf.to_vec() };
    w.gzip().unwrap_or_default()
}

/// Trains all models from CoNLL-U text. `log` receives progress lines.
pub fn train_texts(
    train_text: &str,
    cfg: &TrainConfig,
    log: &mut dyn FnMut(String),
) -> Result<Trained, TrainError> {
    train_texts_with_dev(train_text, None, cfg, log)
}

/// Like [`train_texts`], additionally logging parser dev scores (predicted tags) after each epoch.
pub fn train_texts_with_dev(
    train_text: &str,
    dev_text: Option<&str>,
    cfg: &TrainConfig,
    log: &mut dyn FnMut(String),
) -> Result<Trained, TrainError> {
    let t0 = Instant::now();
    let sents = conllu::read(train_text);
    if sents.is_empty() {
        return Err(TrainError::NoData("no sentences".into()));
    }
    log(format!("read {} training sentences", sents.len()));
    let raw_tagger = tagger::train(&sents, cfg.tagger_epochs, cfg.seed, log);
    log(format!(
        "tagger trained in {:.1}s",
        t0.elapsed().as_secs_f64()
    ));
    let (_, lemma_bytes) = lemma::train(&sents);
    // predicted tags for parser training
    let mut pred_tags: Vec<Vec<Upos>> = sents
        .iter()
        .map(|s| s.iter().map(|w| w.upos).collect())
        .collect();
    if cfg.jackknife_folds >= 2 && sents.len() >= cfg.jackknife_folds * 2 {
        let k = cfg.jackknife_folds;
        for fold in 0..k {
            let tr: Vec<Sent> = sents
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, s)| s.clone())
                .collect();
            let (ft, _) = tagger::train(
                &tr,
                cfg.tagger_epochs,
                cfg.seed + fold as u64 + 1,
                &mut |_| {},
            )
            .export(0.0, 0);
            for (i, s) in sents.iter().enumerate() {
                if i % k == fold {
                    let w: Vec<&str> = s.iter().map(|w| w.form.as_str()).collect();
                    pred_tags[i] = ft.tag(&w);
                }
            }
            log(format!(
                "jackknife fold {}/{} done ({:.1}s)",
                fold + 1,
                k,
                t0.elapsed().as_secs_f64()
            ));
        }
    }
    let mut labels: Vec<String> = Vec::new();
    for s in &sents {
        for w in s {
            if !labels.contains(&w.deprel) {
                labels.push(w.deprel.clone());
            }
        }
    }
    labels.sort();
    let gold: Vec<GoldSent> = sents
        .iter()
        .zip(pred_tags)
        .filter(|(s, _)| {
            s.iter()
                .all(|w| w.head >= 0 && (w.head as usize) <= s.len())
        })
        .map(|(s, tags)| GoldSent {
            words: s.iter().map(|w| w.form.clone()).collect(),
            tags,
            heads: s.iter().map(|w| w.head as usize).collect(),
            labels: s
                .iter()
                .map(|w| labels.iter().position(|l| *l == w.deprel).unwrap_or(0))
                .collect(),
        })
        .collect();
    let dev_gold: Vec<GoldSent> = match dev_text {
        Some(d) => {
            let (tg, _) = raw_tagger.export(0.0, 0);
            conllu::read(d)
                .iter()
                .filter(|s| {
                    s.iter()
                        .all(|w| w.head >= 0 && (w.head as usize) <= s.len())
                })
                .map(|s| {
                    let words: Vec<String> = s.iter().map(|w| w.form.clone()).collect();
                    let wr: Vec<&str> = words.iter().map(|w| w.as_str()).collect();
                    GoldSent {
                        tags: tg.tag(&wr),
                        words,
                        heads: s.iter().map(|w| w.head as usize).collect(),
                        labels: s
                            .iter()
                            .map(|w| {
                                labels
                                    .iter()
                                    .position(|l| *l == w.deprel)
                                    .unwrap_or(usize::MAX)
                            })
                            .collect(),
                    }
                })
                .collect()
        }
        None => Vec::new(),
    };
    let raw_parser = parser::train(&gold, labels, cfg.parser_epochs, cfg.seed, &dev_gold, log);
    log(format!("all trained in {:.1}s", t0.elapsed().as_secs_f64()));
    Ok(Trained {
        tagger: raw_tagger,
        lemma: lemma_bytes,
        parser: raw_parser,
    })
}

fn read(path: &Path) -> Result<String, TrainError> {
    std::fs::read_to_string(path).map_err(|e| TrainError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

fn find(dir: &Path, suffix: &str) -> Option<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    v.sort();
    v.into_iter().next()
}

/// Trains on `*-ud-train.conllu` in `data_dir`, writes `pos.bin.gz`, `lemma.bin.gz`,
/// `parser.bin.gz` into `out_dir`, and returns the scores on `*-ud-dev.conllu` (or on the training
/// data if there is no dev file). Progress is logged to stderr.
pub fn train_all(data_dir: &Path, out_dir: &Path, seed: u64) -> Result<Report, TrainError> {
    let cfg = TrainConfig {
        seed,
        ..TrainConfig::default()
    };
    train_all_with(data_dir, out_dir, &cfg)
}

/// [`train_all`] with explicit hyper-parameters.
pub fn train_all_with(
    data_dir: &Path,
    out_dir: &Path,
    cfg: &TrainConfig,
) -> Result<Report, TrainError> {
    let train_path = find(data_dir, "train.conllu")
        .ok_or_else(|| TrainError::NoData(data_dir.display().to_string()))?;
    let text = read(&train_path)?;
    let mut log = |s: String| eprintln!("[train] {s}");
    let dev_text = match find(data_dir, "dev.conllu") {
        Some(p) => read(&p)?,
        None => text.clone(),
    };
    let trained = train_texts_with_dev(&text, Some(&dev_text), cfg, &mut log)?;
    if let Ok(sweep) = std::env::var("NLP_PRUNE_SWEEP") {
        for item in sweep.split(',') {
            let mut it = item.split(':');
            let v: f32 = it.next().and_then(|x| x.trim().parse().ok()).unwrap_or(0.0);
            let m: u32 = it.next().and_then(|x| x.trim().parse().ok()).unwrap_or(0);
            let e = trained.export(v, v, m);
            let r = evaluate(&e.nlp, &dev_text);
            if let Ok(dir) = std::env::var("NLP_SWEEP_DIR") {
                let d = Path::new(&dir).join(format!("p{v}-m{m}"));
                if std::fs::create_dir_all(&d).is_ok() {
                    for (name, bytes) in [
                        ("pos.bin.gz", &e.pos),
                        ("lemma.bin.gz", &e.lemma),
                        ("parser.bin.gz", &e.parser),
                    ] {
                        let _ = std::fs::write(d.join(name), bytes);
                    }
                }
            }
            eprintln!(
                "[train] prune {v} min_upd {m}: pos {} B, parser {} B, {r}",
                e.pos.len(),
                e.parser.len()
            );
        }
    }
    let exported = trained.export(cfg.tagger_prune, cfg.parser_prune, cfg.min_updates);
    std::fs::create_dir_all(out_dir).map_err(|e| TrainError::Io {
        path: out_dir.display().to_string(),
        source: e,
    })?;
    for (name, bytes) in [
        ("pos.bin.gz", &exported.pos),
        ("lemma.bin.gz", &exported.lemma),
        ("parser.bin.gz", &exported.parser),
    ] {
        let p = out_dir.join(name);
        std::fs::write(&p, bytes).map_err(|e| TrainError::Io {
            path: p.display().to_string(),
            source: e,
        })?;
        eprintln!("[train] wrote {} ({} bytes)", p.display(), bytes.len());
    }
    // evaluate the reloaded files, i.e. exactly what gets shipped
    let nlp = Nlp::from_gzip_bytes(&exported.pos, &exported.lemma, &exported.parser)
        .unwrap_or(exported.nlp);
    Ok(evaluate(&nlp, &dev_text))
}

/// Evaluates the pipeline on gold-tokenised CoNLL-U: UPOS, lemma, UAS and LAS over all words,
/// with the parser using predicted tags.
pub fn evaluate(nlp: &Nlp, conllu_text: &str) -> Report {
    let sents = conllu::read(conllu_text);
    let (mut n, mut pos, mut lem, mut uas, mut las) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for s in &sents {
        let words: Vec<&str> = s.iter().map(|w| w.form.as_str()).collect();
        let tags = nlp.tag(&words);
        let deps = nlp.parse(&words, &tags);
        for (i, w) in s.iter().enumerate() {
            n += 1;
            let t = tags.get(i).copied().unwrap_or(Upos::X);
            if t == w.upos {
                pos += 1;
            }
            if nlp.lemma(&w.form, t) == w.lemma {
                lem += 1;
            }
            if let Some((h, l)) = deps.get(i) {
                if h + 1 == w.head {
                    uas += 1;
                    if *l == w.deprel {
                        las += 1;
                    }
                }
            }
        }
    }
    let d = n.max(1) as f64;
    Report {
        sentences: sents.len(),
        words: n,
        upos: pos as f64 / d,
        lemma: lem as f64 / d,
        uas: uas as f64 / d,
        las: las as f64 / d,
    }
}
