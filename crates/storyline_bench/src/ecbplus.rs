//! The ECB+ corpus (gold event coreference across news articles): its reader, and the
//! pieces the merge is trained and measured with ([`prepare`], [`pair_examples`],
//! [`evaluate`]).
//!
//! Setup (as in Cybulska & Vossen 2015, Barhom et al. 2019): topics 1-22 train, 23-25 dev,
//! 36-45 test; gold event mentions (`ACTION_*`, `NEG_ACTION_*`) in the sentences listed in
//! `ECBplus_coreference_sentences.csv`; gold clusters from the `CROSS_DOC_COREF` /
//! `INTRA_DOC_COREF` chains, every other mention a singleton.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use quick_xml::events::Event as XmlEvent;
use storyline_corpus::candidates::{self, Kind};
use storyline_corpus::coref::{score, Clustering, CorefScores};
use storyline_corpus::model::{MergeModel, PairExample};
use storyline_corpus::stories::{group, story_doc, StoryConfig};
use storyline_corpus::Mention;
use storyline_pipeline::{Document, Pipeline, RawArticle, SourceFormat};

/// One ECB+ document.
pub struct EcbDoc {
    /// e.g. `36_1ecbplus`.
    pub name: String,
    /// The topic number.
    pub topic: u32,
    /// Whether it is of the ECB+ half (another event of the topic's kind).
    pub plus: bool,
    /// Token id -> (sentence, text).
    pub tokens: BTreeMap<u32, (u32, String)>,
    /// Event mentions: m_id -> token ids.
    pub events: BTreeMap<u32, Vec<u32>>,
    /// m_id -> chain id.
    pub chain: HashMap<u32, String>,
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Reads one document's CAT XML.
pub fn parse(name: &str, xml: &str) -> EcbDoc {
    let stem = name.trim_end_matches(".xml").to_string();
    let topic = stem
        .split('_')
        .next()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let mut d = EcbDoc {
        plus: stem.ends_with("ecbplus"),
        name: stem,
        topic,
        tokens: BTreeMap::new(),
        events: BTreeMap::new(),
        chain: HashMap::new(),
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut token: Option<(u32, u32)> = None;
    let mut markable: Option<(u32, bool)> = None; // (m_id, is event)
    let mut instance: HashMap<u32, String> = HashMap::new();
    let mut relation: Option<(Option<String>, Vec<u32>)> = None;
    loop {
        match reader.read_event() {
            Ok(XmlEvent::Eof) | Err(_) => break,
            Ok(XmlEvent::Start(e)) | Ok(XmlEvent::Empty(e)) => {
                let tag = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                match tag.as_str() {
                    "token" => {
                        let id = attr(&e, "t_id").and_then(|v| v.parse().ok());
                        let s = attr(&e, "sentence").and_then(|v| v.parse().ok());
                        token = id.zip(s);
                    }
                    "token_anchor" => {
                        if let (Some((m, true)), Some(t)) =
                            (markable, attr(&e, "t_id").and_then(|v| v.parse().ok()))
                        {
                            d.events.entry(m).or_default().push(t);
                        }
                    }
                    "CROSS_DOC_COREF" | "INTRA_DOC_COREF" => {
                        relation = Some((attr(&e, "note"), Vec::new()));
                    }
                    "source" => {
                        if let (Some(r), Some(m)) = (
                            relation.as_mut(),
                            attr(&e, "m_id").and_then(|v| v.parse().ok()),
                        ) {
                            r.1.push(m);
                        }
                    }
                    "target" => {
                        if let (Some((note, sources)), Some(m)) = (
                            relation.as_ref(),
                            attr(&e, "m_id").and_then(|v| v.parse::<u32>().ok()),
                        ) {
                            let id = instance
                                .get(&m)
                                .cloned()
                                .or_else(|| note.clone())
                                .unwrap_or_else(|| format!("{}#{m}", d.name));
                            for s in sources {
                                d.chain.insert(*s, id.clone());
                            }
                        }
                    }
                    _ => {
                        if let Some(m) = attr(&e, "m_id").and_then(|v| v.parse().ok()) {
                            if let Some(i) = attr(&e, "instance_id") {
                                instance.insert(m, i);
                                markable = None;
                            } else {
                                let ev =
                                    tag.starts_with("ACTION_") || tag.starts_with("NEG_ACTION_");
                                markable = Some((m, ev));
                            }
                        }
                    }
                }
            }
            Ok(XmlEvent::Text(t)) => {
                if let Some((id, s)) = token.take() {
                    let text = t.unescape().map(|c| c.into_owned()).unwrap_or_default();
                    d.tokens.insert(id, (s, text));
                }
            }
            Ok(XmlEvent::End(e)) if e.name().as_ref() == b"token" => token = None,
            _ => {}
        }
    }
    d
}

/// Byte span of each token id in the rebuilt text.
pub type Spans = HashMap<u32, (usize, usize)>;

/// The document text (one line per sentence, tokens joined by spaces) and each token's
/// byte span.
pub fn text_of(d: &EcbDoc) -> (String, Spans) {
    let mut text = String::new();
    let mut spans = HashMap::new();
    let mut last_sentence = None;
    for (&id, (s, t)) in &d.tokens {
        if last_sentence.is_some() && last_sentence != Some(*s) {
            text.push('\n');
        } else if !text.is_empty() {
            text.push(' ');
        }
        last_sentence = Some(*s);
        spans.insert(id, (text.len(), text.len() + t.len()));
        text.push_str(t);
    }
    (text, spans)
}

/// A document name and a sentence number.
pub type Sentence = (String, u32);

/// The annotated sentences and the documents of the ECB+
/// folder; errors name the file and the problem.
pub fn load(dir: &std::path::Path) -> Result<(HashSet<Sentence>, Vec<EcbDoc>), String> {
    let csv_path = dir.join("ECBplus_coreference_sentences.csv");
    let csv =
        std::fs::read_to_string(&csv_path).map_err(|e| format!("{}: {e}", csv_path.display()))?;
    let annotated: HashSet<Sentence> = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Some((
                format!("{}_{}", f.first()?, f.get(1)?),
                f.get(2)?.trim().parse().ok()?,
            ))
        })
        .collect();
    let tar_path = dir.join("ECB+_xml.tar.gz");
    let bad = |e: std::io::Error| format!("{}: {e}", tar_path.display());
    let file = std::fs::File::open(&tar_path).map_err(bad)?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut docs: Vec<EcbDoc> = Vec::new();
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        let path = entry.path().map_err(bad)?.to_string_lossy().into_owned();
        if !path.ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        if entry.read_to_string(&mut xml).is_err() {
            eprintln!("{}: {path}: not UTF-8 text, skipped", tar_path.display());
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        docs.push(parse(&name, &xml));
    }
    Ok((annotated, docs))
}

/// One gold event mention, with the storyline mention found at its place.
#[derive(Debug, Clone)]
pub struct GoldMention {
    /// `document#m_id`.
    pub key: String,
    /// Its gold chain (its own key for a singleton).
    pub gold: String,
    /// Index of its document in the split.
    pub doc: usize,
    /// Lemma of the syntactic head of the mention.
    pub lemma: String,
    /// Index into [`Split::mentions`] of the event storyline found there, if any.
    pub mention: Option<usize>,
}

/// One split of ECB+ run through the pipeline.
pub struct Split {
    /// Document names.
    pub names: Vec<String>,
    /// Each document's topic.
    pub topics: Vec<u32>,
    /// Each document's gold subtopic (topic, ECB+ half).
    pub subtopics: Vec<(u32, bool)>,
    /// The annotated documents.
    pub documents: Vec<Document>,
    /// Each document's story (storyline's grouping, no gold topics).
    pub story_of_doc: Vec<usize>,
    /// Every gold event mention of an annotated sentence.
    pub gold: Vec<GoldMention>,
    /// The storyline mentions found at gold mentions, as the merge takes them.
    pub mentions: Vec<Mention>,
    /// The gold chain of each of [`Split::mentions`].
    pub chain: Vec<String>,
}

/// Runs the documents of `topics` through the pipeline and lines storyline's event mentions
/// up with the gold ones (a mention is found where its trigger overlaps the gold span).
pub fn prepare(
    docs: &[EcbDoc],
    annotated: &HashSet<Sentence>,
    topics: &[u32],
    pipe: &Pipeline,
) -> Split {
    let split: Vec<&EcbDoc> = docs.iter().filter(|d| topics.contains(&d.topic)).collect();
    let texts: Vec<(RawArticle, Spans)> = split
        .iter()
        .map(|d| {
            let (text, spans) = text_of(d);
            let mut a = RawArticle::new(&d.name, SourceFormat::Text, text);
            a.id = Some(d.name.clone());
            (a, spans)
        })
        .collect();
    let raws: Vec<RawArticle> = texts.iter().map(|(a, _)| a.clone()).collect();
    let documents = pipe.annotate_batch(&raws);
    let sdocs: Vec<_> = documents.iter().map(story_doc).collect();
    let stories = group(&sdocs, &StoryConfig::default());
    let index: HashMap<&str, usize> = split
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.as_str(), i))
        .collect();
    let mut story_of_doc = vec![0usize; split.len()];
    for s in &stories {
        for d in &s.documents {
            if let Some(&i) = index.get(d.as_str()) {
                story_of_doc[i] = s.id;
            }
        }
    }
    let mut gold = Vec::new();
    let mut mentions = Vec::new();
    let mut chain = Vec::new();
    for (i, d) in split.iter().enumerate() {
        let spans = &texts[i].1;
        let doc = &documents[i];
        for (m, toks) in &d.events {
            let Some(first) = toks.first() else { continue };
            let sentence = d.tokens.get(first).map(|t| t.0).unwrap_or(0);
            if !annotated.contains(&(d.name.clone(), sentence)) {
                continue;
            }
            let start = toks.iter().filter_map(|t| spans.get(t)).map(|s| s.0).min();
            let end = toks.iter().filter_map(|t| spans.get(t)).map(|s| s.1).max();
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            let key = format!("{}#{m}", d.name);
            let g = d.chain.get(m).cloned().unwrap_or_else(|| key.clone());
            let found = doc
                .events
                .iter()
                .find(|e| !e.in_title && e.trigger.start < end && e.trigger.end > start);
            let mention = found.map(|e| {
                mentions.push(Mention {
                    document: d.name.clone(),
                    sentence_text: storyline_corpus::sentence_text(doc, e),
                    event: e.clone(),
                    ..Mention::default()
                });
                chain.push(g.clone());
                mentions.len() - 1
            });
            gold.push(GoldMention {
                key,
                gold: g,
                doc: i,
                lemma: head_lemma(doc, start, end),
                mention,
            });
        }
    }
    Split {
        names: split.iter().map(|d| d.name.clone()).collect(),
        topics: split.iter().map(|d| d.topic).collect(),
        subtopics: split.iter().map(|d| (d.topic, d.plus)).collect(),
        documents,
        story_of_doc,
        gold,
        mentions,
        chain,
    }
}

/// The head token of a span: the token whose head lies outside it (the last such), else
/// the last token.
pub fn head_lemma(doc: &Document, start: usize, end: usize) -> String {
    let toks: Vec<usize> = (0..doc.tokens.len())
        .filter(|&i| doc.tokens[i].start < end && doc.tokens[i].end > start)
        .collect();
    let head = toks
        .iter()
        .copied()
        .filter(|&i| {
            let h = doc.tokens[i].head;
            h < 0 || !toks.contains(&(h as usize))
        })
        .rfind(|&i| !matches!(doc.tokens[i].pos.as_str(), "ADP" | "DET" | "PUNCT" | "AUX"))
        .or(toks.last().copied());
    head.map(|i| doc.tokens[i].lemma.to_lowercase())
        .unwrap_or_default()
}

/// Whether a pair of mentions is worth a look: the same lemma, a shared participant, or the
/// same document.
fn related(a: &candidates::View, b: &candidates::View) -> bool {
    let shared = a
        .names
        .iter()
        .flatten()
        .any(|n| b.names.iter().flatten().any(|m| m == n));
    (!a.lemma.is_empty() && a.lemma == b.lemma) || shared || a.doc == b.doc
}

/// The document index of each of the split's mentions.
fn doc_of(split: &Split) -> Vec<usize> {
    let index: HashMap<&str, usize> = split
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    split
        .mentions
        .iter()
        .map(|m| index[m.document.as_str()])
        .collect()
}

/// Training pairs: every related pair of mentions (see `related`) within a gold topic, and
/// one in eight of the others (the mostly easy negatives), grouped by topic.
pub fn pair_examples(split: &Split) -> Vec<PairExample> {
    let views = candidates::views(&split.mentions);
    let doc = doc_of(split);
    let mut out = Vec::new();
    for i in 0..views.len() {
        for j in i + 1..views.len() {
            let (ti, tj) = (split.topics[doc[i]], split.topics[doc[j]]);
            if ti != tj || (!related(&views[i], &views[j]) && (i * 31 + j) % 8 != 0) {
                continue;
            }
            out.push(PairExample {
                x: candidates::features(&views[i], &views[j], Kind::Any),
                y: split.chain[i] == split.chain[j],
                group: ti as usize,
                origin: 0,
            });
        }
    }
    out
}

/// The merge's clustering of the split's gold mentions, scored against the gold chains: the
/// related pairs of mentions within one of storyline's stories (no gold topics), scored by
/// `model` and clustered from `threshold`; gold mentions where storyline found no event are
/// singletons.
pub fn evaluate(split: &Split, model: &MergeModel, threshold: f32) -> CorefScores {
    let views = candidates::views(&split.mentions);
    let doc = doc_of(split);
    let mut scored = Vec::new();
    for i in 0..views.len() {
        for j in i + 1..views.len() {
            if split.story_of_doc[doc[i]] != split.story_of_doc[doc[j]]
                || !related(&views[i], &views[j])
            {
                continue;
            }
            let x = candidates::features(&views[i], &views[j], Kind::Any);
            scored.push((model.score(&x), i, j));
        }
    }
    let mut parent = storyline_corpus::cluster::cluster(&views, scored, threshold);
    let root = |parent: &mut Vec<usize>, mut i: usize| {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    };
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for g in &split.gold {
        let c = match g.mention {
            Some(m) => format!("m{}", root(&mut parent, m)),
            None => g.key.clone(),
        };
        by.entry(c).or_default().push(g.key.clone());
    }
    let ours: Clustering<String> = by.into_values().collect();
    score(&gold_clusters(split), &ours)
}

/// The gold clustering of the split's gold mentions.
pub fn gold_clusters(split: &Split) -> Clustering<String> {
    let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for m in &split.gold {
        by.entry(m.gold.as_str()).or_default().push(m.key.clone());
    }
    by.into_values().collect()
}
