//! Cheap hierarchical word clusters from unlabelled text (an alternative to
//! Brown clustering): every frequent word gets a sparse vector of its left and
//! right neighbours (PPMI-weighted, L2-normalised), and the vocabulary is split
//! top-down by repeated spherical 2-means. The path of left/right choices is a
//! bit string whose prefixes are used as features, like Brown cluster paths.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Options for [`build`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Minimum frequency of a word to get a cluster.
    pub min_count: usize,
    /// Number of most frequent words used as context dimensions.
    pub context_words: usize,
    /// Maximal depth of the binary tree (length of bit strings).
    pub max_depth: usize,
    /// Nodes smaller than this are not split further.
    pub min_node: usize,
    /// 2-means iterations per split.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            min_count: 3,
            context_words: 1000,
            max_depth: 16,
            min_node: 8,
            iterations: 6,
        }
    }
}

/// Very simple raw-text tokenizer for the unlabelled corpus: splits on
/// whitespace and detaches leading/trailing punctuation and `'s`.
pub fn tokenize_raw(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split_whitespace() {
        let mut s = w;
        let mut tail = Vec::new();
        while let Some(c) = s.chars().next() {
            if c.is_alphanumeric() {
                break;
            }
            out.push(c.to_string());
            s = &s[c.len_utf8()..];
        }
        while let Some(c) = s.chars().next_back() {
            if c.is_alphanumeric() || (c == '.' && s.len() > 1 && s[..s.len() - 1].contains('.')) {
                break;
            }
            tail.push(c.to_string());
            s = &s[..s.len() - c.len_utf8()];
        }
        for suf in ["'s", "\u{2019}s"] {
            if s.len() > suf.len() && s.ends_with(suf) {
                tail.push(suf.to_string());
                s = &s[..s.len() - suf.len()];
            }
        }
        if !s.is_empty() {
            out.push(s.to_string());
        }
        out.extend(tail.into_iter().rev());
    }
    out
}

fn lower(w: &str) -> String {
    w.chars()
        .map(|c| {
            let c = crate::feats::norm_char(c);
            c.to_lowercase().next().unwrap_or(c)
        })
        .collect()
}

/// Cluster the words of `sentences` (tokenised). Returns `(bits, word)` for
/// every word (lower-cased) with at least `min_count` occurrences, sorted by
/// word. Deterministic.
pub fn build(sentences: &[Vec<String>], opts: &ClusterOptions) -> Vec<(String, String)> {
    // vocabulary
    let mut freq: HashMap<String, usize> = HashMap::new();
    let lsents: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| lower(w)).collect())
        .collect();
    for s in &lsents {
        for w in s {
            *freq.entry(w.clone()).or_insert(0) += 1;
        }
    }
    let mut by_freq: Vec<(&String, &usize)> = freq.iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let ctx: HashMap<&str, usize> = by_freq
        .iter()
        .take(opts.context_words)
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let vocab: Vec<&str> = by_freq
        .iter()
        .filter(|(_, &c)| c >= opts.min_count)
        .map(|(w, _)| w.as_str())
        .collect();
    let vid: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let nc = opts.context_words.min(ctx.len()) + 1; // + "other"
    let dim = 2 * nc;
    // co-occurrence counts
    let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for s in &lsents {
        for (i, w) in s.iter().enumerate() {
            let Some(&v) = vid.get(w.as_str()) else {
                continue;
            };
            let l = if i == 0 {
                nc - 1
            } else {
                ctx.get(s[i - 1].as_str()).copied().unwrap_or(nc - 1)
            };
            let r = s
                .get(i + 1)
                .and_then(|x| ctx.get(x.as_str()).copied())
                .unwrap_or(nc - 1);
            *counts[v].entry(l as u32).or_insert(0.0) += 1.0;
            *counts[v].entry((nc + r) as u32).or_insert(0.0) += 1.0;
        }
    }
    // PPMI weighting
    let mut col = vec![0f64; dim];
    let mut total = 0f64;
    for c in &counts {
        for (&k, &v) in c {
            col[k as usize] += f64::from(v);
            total += f64::from(v);
        }
    }
    let vecs: Vec<Vec<(u32, f32)>> = counts
        .iter()
        .map(|c| {
            let rowsum: f64 = c.values().map(|&v| f64::from(v)).sum();
            let mut v: Vec<(u32, f32)> = c
                .iter()
                .filter_map(|(&k, &n)| {
                    let pmi = (f64::from(n) * total / (rowsum * col[k as usize])).ln();
                    (pmi > 0.0).then_some((k, pmi as f32))
                })
                .collect();
            v.sort_unstable_by_key(|x| x.0);
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            for x in &mut v {
                x.1 /= norm;
            }
            v
        })
        .collect();
    // top-down bisection
    let mut bits: Vec<String> = vec![String::new(); vocab.len()];
    let mut stack: Vec<(Vec<usize>, usize)> = vec![((0..vocab.len()).collect(), 0)];
    let mut seed = 0x1234_5678_9abc_def1u64;
    while let Some((node, depth)) = stack.pop() {
        if node.len() < opts.min_node || depth >= opts.max_depth {
            continue;
        }
        let (a, b) = split(&node, &vecs, dim, opts.iterations, &mut seed);
        if a.is_empty() || b.is_empty() {
            continue;
        }
        for &i in &a {
            bits[i].push('0');
        }
        for &i in &b {
            bits[i].push('1');
        }
        stack.push((a, depth + 1));
        stack.push((b, depth + 1));
    }
    let mut out: Vec<(String, String)> = vocab
        .iter()
        .zip(bits)
        .map(|(w, b)| (if b.is_empty() { "0".into() } else { b }, w.to_string()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

fn split(
    node: &[usize],
    vecs: &[Vec<(u32, f32)>],
    dim: usize,
    iters: usize,
    seed: &mut u64,
) -> (Vec<usize>, Vec<usize>) {
    // init: random hyperplane through the mean, split at the median
    let mut r = vec![0f32; dim];
    for x in r.iter_mut() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *x = if *seed & 1 == 0 { 1.0 } else { -1.0 };
    }
    let dot = |v: &[(u32, f32)], c: &[f32]| v.iter().map(|&(k, x)| x * c[k as usize]).sum::<f32>();
    let mut proj: Vec<(f32, usize)> = node.iter().map(|&i| (dot(&vecs[i], &r), i)).collect();
    proj.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let half = proj.len() / 2;
    let mut assign: Vec<bool> = vec![false; node.len()];
    let pos: HashMap<usize, usize> = node.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    for &(_, i) in &proj[half..] {
        if let Some(&p) = pos.get(&i) {
            assign[p] = true;
        }
    }
    for _ in 0..iters {
        let mut c = [vec![0f32; dim], vec![0f32; dim]];
        for (p, &i) in node.iter().enumerate() {
            let cc = &mut c[usize::from(assign[p])];
            for &(k, x) in &vecs[i] {
                cc[k as usize] += x;
            }
        }
        for cc in c.iter_mut() {
            let n = cc.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            for x in cc.iter_mut() {
                *x /= n;
            }
        }
        let mut changed = false;
        for (p, &i) in node.iter().enumerate() {
            let b = dot(&vecs[i], &c[1]) > dot(&vecs[i], &c[0]);
            if b != assign[p] {
                changed = true;
                assign[p] = b;
            }
        }
        if !changed {
            break;
        }
    }
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (p, &i) in node.iter().enumerate() {
        if assign[p] {
            b.push(i);
        } else {
            a.push(i);
        }
    }
    (a, b)
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    for p in v {
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

/// Remove XML tags (replaced by a space) and basic entities.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

/// Read the unlabelled corpus under `data` (the shared data folder):
/// CoNLL-2003 train tokens, UD English-EWT forms, PolNeAR texts and TempEval-3
/// texts (tags stripped). Missing parts are skipped.
pub fn read_corpus(data: &Path) -> std::io::Result<Vec<Vec<String>>> {
    let mut sents: Vec<Vec<String>> = Vec::new();
    // CoNLL train tokens
    let conll = std::fs::read_to_string(data.join("conll2003/train.txt")).unwrap_or_default();
    let mut cur = Vec::new();
    for l in conll.lines() {
        match l.split_whitespace().next() {
            None | Some("-DOCSTART-") => {
                if !cur.is_empty() {
                    sents.push(std::mem::take(&mut cur));
                }
            }
            Some(t) => cur.push(t.to_string()),
        }
    }
    // UD EWT
    let mut ud = Vec::new();
    files(&data.join("ud-english-ewt"), "conllu", &mut ud);
    for p in ud {
        let text = std::fs::read_to_string(&p)?;
        for l in text.lines() {
            if l.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() < 2 {
                if !cur.is_empty() {
                    sents.push(std::mem::take(&mut cur));
                }
            } else if !cols[0].contains('-') && !cols[0].contains('.') {
                cur.push(cols[1].to_string());
            }
        }
    }
    // PolNeAR and TempEval-3 raw text
    let mut raw = Vec::new();
    files(&data.join("polnear"), "txt", &mut raw);
    let mut tml = Vec::new();
    files(&data.join("tempeval3"), "tml", &mut tml);
    for p in raw
        .iter()
        .filter(|p| p.to_string_lossy().contains("/text/"))
    {
        for l in std::fs::read_to_string(p)?.lines() {
            let t = tokenize_raw(l);
            if !t.is_empty() {
                sents.push(t);
            }
        }
    }
    for p in &tml {
        let text = strip_tags(&std::fs::read_to_string(p)?);
        for l in text.lines() {
            let t = tokenize_raw(l);
            if !t.is_empty() {
                sents.push(t);
            }
        }
    }
    Ok(sents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_tokenizer() {
        assert_eq!(
            tokenize_raw("\"Russia's U.S. war,\" he said."),
            vec!["\"", "Russia", "'s", "U.S.", "war", ",", "\"", "he", "said", "."]
        );
        assert!(tokenize_raw("").is_empty());
    }

    #[test]
    fn clusters_group_similar_words() {
        let mut s = Vec::new();
        for city in ["paris", "london", "berlin", "rome"] {
            for _ in 0..5 {
                s.push(tokenize_raw(&format!("he flew to {city} on monday")));
            }
        }
        for name in ["smith", "jones", "brown", "green"] {
            for _ in 0..5 {
                s.push(tokenize_raw(&format!("mr {name} said it was fine")));
            }
        }
        let opts = ClusterOptions {
            min_count: 2,
            min_node: 2,
            ..Default::default()
        };
        let c = build(&s, &opts);
        let get = |w: &str| c.iter().find(|x| x.1 == w).map(|x| x.0.clone());
        let p = get("paris").unwrap_or_default();
        let l = get("london").unwrap_or_default();
        let sm = get("smith").unwrap_or_default();
        assert!(!p.is_empty());
        assert_eq!(&p[..1], &l[..1]);
        assert_ne!(&p[..1], &sm[..1]);
    }
}
