//! The candidate pairs the timeline merge proposes on real news, and their hand labels:
//! PolNeAR's 924 articles of the 2016 US election coverage, each dated and attributed to its
//! outlet by its file name (`outlet_YYYY-MM-DD_slug.txt`), and CoNLL-2003's 1,162 Reuters
//! articles of August 1996 (world news, business and sport), dated by their datelines. The
//! labels
//! (`crates/storyline_corpus/data/merge-pair-labels.jsonl`) say of sampled pairs whether the
//! two sentences report one happening; they hold offsets, not text.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use storyline_corpus::candidates::{self, Pair, View};
use storyline_corpus::model::PairExample;
use storyline_corpus::{mentions_of, Mention};
use storyline_pipeline::{Document, RawArticle, SourceFormat};

/// PolNeAR's articles (dev and train), dated and attributed by their file names.
pub fn polnear_articles(dir: &Path) -> Result<Vec<RawArticle>, String> {
    let mut raws = Vec::new();
    for split in ["dev", "train"] {
        let d = dir.join(split).join("text");
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let mut parts = name.splitn(3, '_');
            let outlet = parts.next().map(str::to_string);
            let date = parts.next().map(str::to_string);
            let mut a = RawArticle::new(&name, SourceFormat::Text, text);
            a.id = Some(name.clone());
            a.outlet = outlet;
            a.published = date;
            raws.push(a);
        }
    }
    Ok(raws)
}

/// CoNLL-2003's Reuters articles of 1996 (one file: `train.txt` or `valid.txt`), rebuilt
/// from their tokens (a sentence a line), each titled by its first line and dated by its
/// dateline ("BRUSSELS 1996-08-22"); ids are `conll-NAME-NNNN` (the article's number in
/// the file).
pub fn conll_articles(path: &Path) -> Result<Vec<RawArticle>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut out = Vec::new();
    for (k, doc) in text.split("-DOCSTART-").skip(1).enumerate() {
        let sentences: Vec<String> = doc
            .split("\n\n")
            .map(|block| {
                block
                    .lines()
                    .filter_map(|l| l.split_whitespace().next())
                    .filter(|w| *w != "-X-")
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|s| !s.is_empty())
            .collect();
        if sentences.len() < 3 {
            continue;
        }
        let date = sentences.iter().take(4).find_map(|s| {
            s.split_whitespace()
                .find(|w| w.len() == 10 && chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d").is_ok())
        });
        let id = format!("conll-{stem}-{k:04}");
        let mut a = RawArticle::new(&id, SourceFormat::Text, sentences[1..].join("\n"));
        a.id = Some(id);
        a.title = Some(sentences[0].clone());
        a.outlet = Some("reuters".into());
        a.published = date.map(str::to_string);
        out.push(a);
    }
    Ok(out)
}

/// The coded mentions of annotated documents, the merge's view of them, and its candidate
/// pairs.
pub struct NewsPairs {
    /// Coded mentions.
    pub mentions: Vec<Mention>,
    /// The merge's view of each.
    pub views: Vec<View>,
    /// The candidate pairs.
    pub pairs: Vec<Pair>,
}

/// The candidate pairs among the coded mentions of `docs`.
pub fn candidate_pairs(docs: &[Document]) -> NewsPairs {
    let mentions: Vec<Mention> = docs
        .iter()
        .flat_map(mentions_of)
        .filter(|m| m.event.is_coded())
        .collect();
    let views = candidates::views(&mentions);
    let pairs = candidates::candidates(&mentions, &views);
    NewsPairs {
        mentions,
        views,
        pairs,
    }
}

/// A pair's id: `FILE#trigger_start|FILE#trigger_start`.
pub fn pair_id(a: &Mention, b: &Mention) -> String {
    format!(
        "{}#{}|{}#{}",
        a.document, a.event.trigger.start, b.document, b.event.trigger.start
    )
}

/// One hand label of a candidate pair.
#[derive(Debug, Clone, Deserialize)]
pub struct PairLabel {
    /// The pair (see [`pair_id`]).
    pub id: String,
    /// `same` (one happening), `different` (two) or `not_event` (one of them reports no such
    /// act).
    pub label: String,
}

/// Reads the labels (JSON lines); errors name the line.
pub fn read_labels(text: &str) -> Result<Vec<PairLabel>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let p: PairLabel =
                serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
            if !matches!(p.label.as_str(), "same" | "different" | "not_event") {
                return Err(format!("line {}: unknown label {:?}", i + 1, p.label));
            }
            Ok(p)
        })
        .collect()
}

/// The labelled pairs as training examples (origin 1, grouped by the first mention's
/// article), and how many labels match no candidate pair any more. Examples are in the
/// labels' order; the caller decides which labels to train on (pairs where one mention is no
/// act at all are the coding score's business, not the pair model's).
pub fn labelled_examples(sets: &[&NewsPairs], labels: &[PairLabel]) -> (Vec<PairExample>, usize) {
    let mut by_id: HashMap<String, (&NewsPairs, &Pair)> = HashMap::new();
    for np in sets {
        for p in &np.pairs {
            by_id.insert(pair_id(&np.mentions[p.a], &np.mentions[p.b]), (np, p));
        }
    }
    let mut articles: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut stale = 0;
    for l in labels {
        let Some((np, p)) = by_id.get(&l.id) else {
            stale += 1;
            continue;
        };
        let n = articles.len();
        let group = *articles
            .entry(np.mentions[p.a].document.as_str())
            .or_insert(n);
        out.push(PairExample {
            x: candidates::features(&np.views[p.a], &np.views[p.b], p.kind),
            y: l.label == "same",
            group,
            origin: 1,
        });
    }
    (out, stale)
}
