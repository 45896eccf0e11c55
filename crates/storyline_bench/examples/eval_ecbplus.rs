//! Cross-document coreference on ECB+: story grouping of documents and event-mention
//! coreference, scored with MUC, B-cubed, CEAF-e and their CoNLL average.
//!
//! `cargo run --release -p storyline_bench --example eval_ecbplus -- /work/shared/data/ecbplus [-v]`
//!
//! Setup (as in Cybulska & Vossen 2015, Barhom et al. 2019): topics 1-22 train (what we tune
//! on), 23-25 dev, 36-45 test; gold event mentions (`ACTION_*`, `NEG_ACTION_*`) in the
//! sentences listed in `ECBplus_coreference_sentences.csv`; gold clusters from the
//! `CROSS_DOC_COREF` / `INTRA_DOC_COREF` chains, every other mention a singleton.
//!
//! Each split is processed on its own, without gold topics: its documents run through the
//! storyline pipeline (raw text rebuilt from the tokens), are grouped into stories by
//! `storyline_corpus::stories`, and the gold event mentions are clustered within a story by
//! their event lemma (the head's lemma, -ing nominalisations folded into the verb; reporting
//! verbs stay alone), see `cluster_mentions`. Documents are scored against the gold
//! subtopics (ECB and ECB+ halves of a topic are different real-world events). Reference
//! rows: the same lemma rule within gold subtopics, and all singletons.
//!
//! Note: storyline's timeline merges *coded* events (CAMEO class, actor pair, date), which
//! most ECB+ events (earthquakes, product launches, celebrity news) are not; this evaluation
//! measures the story grouping and the lemma rule on gold mentions, as the literature does.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;

use quick_xml::events::Event as XmlEvent;
use storyline_corpus::coref::{score, Clustering, CorefScores};
use storyline_corpus::stories::{group, story_doc, StoryConfig};
use storyline_pipeline::{Document, Pipeline, PipelineConfig, RawArticle, SourceFormat};

/// One ECB+ document.
struct EcbDoc {
    /// e.g. `36_1ecbplus`.
    name: String,
    topic: u32,
    plus: bool,
    /// Token id -> (sentence, text).
    tokens: BTreeMap<u32, (u32, String)>,
    /// Event mentions: m_id -> token ids.
    events: BTreeMap<u32, Vec<u32>>,
    /// m_id -> chain id.
    chain: HashMap<u32, String>,
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn parse(name: &str, xml: &str) -> EcbDoc {
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
type Spans = HashMap<u32, (usize, usize)>;

/// The document text (one line per sentence, tokens joined by spaces) and each token's
/// byte span.
fn text_of(d: &EcbDoc) -> (String, Spans) {
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

/// One gold event mention with what the system sees of it.
struct Mention {
    key: String,
    gold: String,
    doc: usize,
    /// Lemma of the syntactic head of the mention.
    lemma: String,
}

/// The head token of a span: the token whose head lies outside it (the last such), else
/// the last token.
fn head_lemma(doc: &Document, start: usize, end: usize) -> String {
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

/// Our clustering: mentions of one story with the same event lemma; reporting verbs alone.
fn cluster_mentions(ms: &[Mention], story_of_doc: &[usize]) -> Clustering<String> {
    let mut by: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for m in ms {
        // Each act of saying is its own event unless more is known about what was said.
        if matches!(
            m.lemma.as_str(),
            "say" | "tell" | "report" | "announce" | "state"
        ) {
            out.push(vec![m.key.clone()]);
            continue;
        }
        by.entry((story_of_doc[m.doc], event_lemma(&m.lemma)))
            .or_default()
            .push(m.key.clone());
    }
    out.extend(by.into_values());
    out
}

fn gold_clusters(ms: &[Mention]) -> Clustering<String> {
    let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for m in ms {
        by.entry(m.gold.as_str()).or_default().push(m.key.clone());
    }
    by.into_values().collect()
}

fn print_scores(label: &str, s: &CorefScores) {
    println!(
        "{label:28} MUC {:5.1} (R {:5.1} P {:5.1})  B3 {:5.1} (R {:5.1} P {:5.1})  CEAF-e {:5.1} (R {:5.1} P {:5.1})  CoNLL {:5.1}",
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

/// A document name and a sentence number.
type Sentence = (String, u32);

/// The annotated sentences and the documents of the ECB+
/// folder; errors name the file and the problem.
fn load(dir: &std::path::Path) -> Result<(HashSet<Sentence>, Vec<EcbDoc>), String> {
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

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/work/shared/data/ecbplus".into()),
    );
    let verbose = args.any(|a| a == "-v");
    let threshold: f32 = std::env::var("STORY_THRESHOLD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(StoryConfig::default().threshold);
    let (annotated, mut docs) = match load(&dir) {
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
    let splits: [(&str, Vec<u32>); 3] = [
        ("train (topics 1-22)", (1..=22).collect()),
        ("dev (topics 23-25)", (23..=25).collect()),
        ("test (topics 36-45)", (36..=45).collect()),
    ];
    let t0 = std::time::Instant::now();
    for (label, topics) in &splits {
        let split: Vec<&EcbDoc> = docs.iter().filter(|d| topics.contains(&d.topic)).collect();
        let articles: Vec<(RawArticle, Spans)> = split
            .iter()
            .map(|d| {
                let (text, spans) = text_of(d);
                let mut a = RawArticle::new(&d.name, SourceFormat::Text, text);
                a.id = Some(d.name.clone());
                (a, spans)
            })
            .collect();
        let raws: Vec<RawArticle> = articles.iter().map(|(a, _)| a.clone()).collect();
        let annotated_docs = pipe.annotate_batch(&raws);
        // Stories.
        let sdocs: Vec<_> = annotated_docs.iter().map(story_doc).collect();
        let cfg = StoryConfig {
            threshold,
            window_days: std::env::var("STORY_WINDOW")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(StoryConfig::default().window_days),
            merge_threshold: std::env::var("STORY_MERGE")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(StoryConfig::default().merge_threshold),
            ..StoryConfig::default()
        };
        let stories = group(&sdocs, &cfg);
        let mut story_of_doc = vec![0usize; split.len()];
        let index: HashMap<&str, usize> = split
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.as_str(), i))
            .collect();
        for s in &stories {
            for d in &s.documents {
                story_of_doc[index[d.as_str()]] = s.id;
            }
        }
        let gold_docs: Clustering<String> = {
            let mut by: BTreeMap<(u32, bool), Vec<String>> = BTreeMap::new();
            for d in &split {
                by.entry((d.topic, d.plus))
                    .or_default()
                    .push(d.name.clone());
            }
            by.into_values().collect()
        };
        let our_docs: Clustering<String> = stories.iter().map(|s| s.documents.clone()).collect();
        println!(
            "== {label}: {} documents, {} gold subtopics, {} stories",
            split.len(),
            gold_docs.len(),
            stories.len()
        );
        print_scores("documents -> stories", &score(&gold_docs, &our_docs));
        if verbose {
            for s in &stories {
                println!("   story {} [{}] {:?}", s.id, s.label, s.documents);
            }
        }
        // Event mentions.
        let mut mentions = Vec::new();
        for (i, d) in split.iter().enumerate() {
            let spans = &articles[i].1;
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
                mentions.push(Mention {
                    gold: d.chain.get(m).cloned().unwrap_or_else(|| key.clone()),
                    key,
                    doc: i,
                    lemma: head_lemma(&annotated_docs[i], start, end),
                });
            }
        }
        let gold = gold_clusters(&mentions);
        let ours = cluster_mentions(&mentions, &story_of_doc);
        println!(
            "   {} event mentions, {} gold clusters, {} of ours",
            mentions.len(),
            gold.len(),
            ours.len()
        );
        print_scores("events (stories + lemma)", &score(&gold, &ours));
        // Reference points: gold subtopics with the same lemma rule, and singletons.
        let gold_story: Vec<usize> = {
            let mut ids: BTreeMap<(u32, bool), usize> = BTreeMap::new();
            split
                .iter()
                .map(|d| {
                    let n = ids.len();
                    *ids.entry((d.topic, d.plus)).or_insert(n)
                })
                .collect()
        };
        print_scores(
            "events (gold subtopics+lemma)",
            &score(&gold, &cluster_mentions(&mentions, &gold_story)),
        );
        let singletons: Clustering<String> = mentions.iter().map(|m| vec![m.key.clone()]).collect();
        print_scores("events (all singletons)", &score(&gold, &singletons));
    }
    eprintln!("time {:.1}s", t0.elapsed().as_secs_f64());
}
