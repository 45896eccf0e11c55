//! Averaged-perceptron UPOS tagger: greedy left to right, with look-ahead through the
//! ambiguity classes (tags seen in training) of the following words.

use crate::conllu::Sent;
use crate::hash::{feat, feat2, feat3, hash_bytes, hash_str, IdMap};
use crate::io::{Linear, ModelError, Perceptron, Reader, Writer};
use crate::upos::Upos;

const NT: usize = 17;
const START: u64 = 100;
const END: u64 = 101;
/// Minimum training frequency for a word to get an ambiguity class.
const AMB_MIN_COUNT: u32 = 8;

/// Precomputed hashes of one token's string properties.
#[derive(Clone, Copy)]
pub(crate) struct TokFeat {
    pub lower: u64,
    form: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    short: u64,
    amb: u64,
}

/// Reusable buffers for computing [`TokFeat`]s without per-token allocation.
#[derive(Default)]
pub(crate) struct Scratch {
    lower: String,
    bounds: Vec<usize>,
    shape: Vec<u8>,
}

fn shape_hash(w: &str, collapse: bool, buf: &mut Vec<u8>) -> u64 {
    buf.clear();
    let mut last = 0u8;
    let mut run = 0;
    for ch in w.chars().take(40) {
        let c = if ch.is_ascii_uppercase() || (!ch.is_ascii() && ch.is_uppercase()) {
            b'X'
        } else if ch.is_ascii_lowercase() || (!ch.is_ascii() && ch.is_lowercase()) {
            b'x'
        } else if ch.is_ascii_digit() {
            b'd'
        } else if ch.is_ascii() {
            ch as u8
        } else if ch.is_alphabetic() {
            b'a'
        } else {
            b'o'
        };
        if c == last {
            run += 1;
            if collapse || run >= 4 {
                continue;
            }
        } else {
            run = 0;
        }
        last = c;
        buf.push(c);
    }
    hash_bytes(buf)
}

impl TokFeat {
    pub(crate) fn new(w: &str, amb: &IdMap<u64, u32>, sc: &mut Scratch) -> TokFeat {
        sc.lower.clear();
        if w.is_ascii() {
            sc.lower.push_str(w);
            sc.lower.make_ascii_lowercase();
        } else {
            for c in w.chars() {
                sc.lower.extend(c.to_lowercase());
            }
        }
        let lower = sc.lower.as_str();
        sc.bounds.clear();
        sc.bounds.extend(lower.char_indices().map(|x| x.0));
        sc.bounds.push(lower.len());
        let n = sc.bounds.len() - 1;
        let mut suf = [0u64; 4];
        let mut pre = [0u64; 3];
        for (k, sx) in suf.iter_mut().enumerate() {
            let st = if k < n { sc.bounds[n - 1 - k] } else { 0 };
            *sx = hash_str(&lower[st..]) ^ (k as u64 + 1);
        }
        for (k, p) in pre.iter_mut().enumerate() {
            let en = if k + 1 < n {
                sc.bounds[k + 1]
            } else {
                lower.len()
            };
            *p = hash_str(&lower[..en]) ^ (k as u64 + 11);
        }
        let lh = hash_str(lower);
        TokFeat {
            lower: lh,
            form: hash_str(w),
            suf,
            pre,
            shape: shape_hash(w, false, &mut sc.shape),
            short: shape_hash(w, true, &mut sc.shape),
            amb: u64::from(amb.get(&lh).copied().unwrap_or(0)) + 1000,
        }
    }
    fn boundary(h: u64) -> TokFeat {
        TokFeat {
            lower: h,
            form: h,
            suf: [h; 4],
            pre: [h; 3],
            shape: h,
            short: h,
            amb: h,
        }
    }
}

/// Builds the feature keys of position `i` given the two previous tags.
fn features(t: &[TokFeat], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let start = TokFeat::boundary(START);
    let end = TokFeat::boundary(END);
    let get = |j: isize| -> TokFeat {
        if j < 0 {
            start
        } else {
            t.get(j as usize).copied().unwrap_or(end)
        }
    };
    let ii = i as isize;
    let w = get(ii);
    let wm1 = get(ii - 1);
    let wm2 = get(ii - 2);
    let wp1 = get(ii + 1);
    let wp2 = get(ii + 2);
    out.push(feat(0, 0));
    out.push(feat(1, w.lower));
    out.push(feat(2, w.form));
    for k in 0..4 {
        out.push(feat(3 + k as u64, w.suf[k]));
    }
    for k in 0..3 {
        out.push(feat(7 + k as u64, w.pre[k]));
    }
    out.push(feat(10, w.shape));
    out.push(feat(11, w.short));
    out.push(feat(12, p1));
    out.push(feat(13, p2));
    out.push(feat2(14, p1, p2));
    out.push(feat2(15, p1, w.lower));
    out.push(feat(16, wm1.lower));
    out.push(feat(17, wm1.suf[2]));
    out.push(feat(18, wm2.lower));
    out.push(feat(19, wp1.lower));
    out.push(feat(20, wp1.suf[2]));
    out.push(feat(21, wp2.lower));
    out.push(feat2(22, wm1.lower, w.lower));
    out.push(feat2(23, w.lower, wp1.lower));
    out.push(feat2(24, p1, wp1.lower));
    out.push(feat(25, wp1.short));
    out.push(feat(26, wm1.short));
    out.push(feat2(27, p1, w.suf[2]));
    out.push(feat2(28, u64::from(i == 0), w.form));
    out.push(feat2(29, w.short, wp1.short));
    out.push(feat3(30, p1, w.short, wp1.short));
    out.push(feat2(31, wp1.lower, wp2.lower));
    out.push(feat2(32, wm1.lower, wm2.lower));
    out.push(feat2(33, p1, w.suf[1]));
    out.push(feat(40, w.amb));
    out.push(feat(41, wp1.amb));
    out.push(feat(42, wp2.amb));
    out.push(feat(43, wm1.amb));
    out.push(feat2(44, p1, wp1.amb));
    out.push(feat2(45, w.amb, wp1.amb));
    out.push(feat2(46, p1, w.amb));
    out.push(feat2(47, w.lower, wp1.amb));
    out.push(feat3(48, p1, w.amb, wp1.amb));
    out.push(feat2(49, w.suf[2], wp1.amb));
}

fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}

/// Trained UPOS tagger.
pub struct Tagger {
    dict: IdMap<u64, u8>,
    amb: IdMap<u64, u32>,
    model: Linear,
}

/// Greedy decoding. With `train = Some((model, gold))`, performs perceptron updates.
fn run_pass(
    t: &[TokFeat],
    forms: &[u64],
    dict: &IdMap<u64, u8>,
    model: &Linear,
    mut train: Option<(&mut Perceptron, &[usize])>,
) -> Vec<usize> {
    let mut out = Vec::with_capacity(t.len());
    let mut feats = Vec::with_capacity(64);
    let mut scores = [0f32; NT];
    for i in 0..t.len() {
        let p1 = if i >= 1 { out[i - 1] as u64 } else { START };
        let p2 = if i >= 2 { out[i - 2] as u64 } else { START };
        if let Some(&d) = dict.get(&forms[i]) {
            out.push(d as usize);
            continue;
        }
        features(t, i, p1, p2, &mut feats);
        scores.fill(0.0);
        match train.as_mut() {
            Some((p, gold)) => {
                p.score(&feats, &mut scores);
                let pred = argmax(&scores);
                let g = gold[i];
                if pred != g {
                    p.update(&feats, g, 1.0);
                    p.update(&feats, pred, -1.0);
                }
                p.tick();
                out.push(pred);
            }
            None => {
                model.score(&feats, &mut scores);
                out.push(argmax(&scores));
            }
        }
    }
    out
}

impl Tagger {
    /// Tags a sentence of words.
    pub fn tag(&self, words: &[&str]) -> Vec<Upos> {
        let mut sc = Scratch::default();
        let t: Vec<TokFeat> = words
            .iter()
            .map(|w| TokFeat::new(w, &self.amb, &mut sc))
            .collect();
        let forms: Vec<u64> = words.iter().map(|w| hash_str(w)).collect();
        run_pass(&t, &forms, &self.dict, &self.model, None)
            .into_iter()
            .map(Upos::from_index)
            .collect()
    }

    pub(crate) fn read(data: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = Reader::new(data);
        let n = r.len(1 << 24)?;
        let mut dict: IdMap<u64, u8> = Default::default();
        for _ in 0..n {
            let k = r.varint()?;
            let t = r.len(NT - 1)? as u8;
            dict.insert(k, t);
        }
        let n = r.len(1 << 24)?;
        let mut amb: IdMap<u64, u32> = Default::default();
        amb.reserve(n);
        for _ in 0..n {
            let k = r.varint()?;
            let c = u32::try_from(r.varint()?).map_err(|_| ModelError::Corrupt("amb"))?;
            amb.insert(k, c);
        }
        let model = Linear::read(&mut r)?;
        Ok(Tagger { dict, amb, model })
    }

    /// Number of weight rows and cells (for diagnostics).
    pub fn size(&self) -> (usize, usize) {
        (self.model.rows(), self.model.cells())
    }
}

/// Simple deterministic RNG (splitmix64).
pub(crate) struct Rng(pub u64);
impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Prepared {
    t: Vec<TokFeat>,
    forms: Vec<u64>,
    gold: Vec<usize>,
}

/// Trains a tagger on `train` for `epochs` epochs. `log` receives progress lines.
pub(crate) fn train(
    train: &[Sent],
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> RawTagger {
    // tag dictionary (exact forms) and ambiguity classes (lowercased forms)
    let mut counts: std::collections::HashMap<&str, [u32; NT]> = Default::default();
    let mut classes: std::collections::HashMap<String, (u32, u32)> = Default::default();
    for s in train {
        for w in s {
            counts.entry(w.form.as_str()).or_insert([0; NT])[w.upos.index()] += 1;
            let e = classes.entry(w.form.to_lowercase()).or_insert((0, 0));
            e.0 |= 1 << w.upos.index();
            e.1 += 1;
        }
    }
    // only frequent words get an ambiguity class, so that training does not over-trust it
    let min_amb: u32 = std::env::var("NLP_MIN_AMB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(AMB_MIN_COUNT);
    let mut dict_entries: Vec<(u64, u8)> = Vec::new();
    for (form, c) in &counts {
        let total: u32 = c.iter().sum();
        let best = argmax(&c.map(|x| x as f32));
        if total >= 20 && f64::from(c[best]) / f64::from(total) >= 0.995 {
            dict_entries.push((hash_str(form), best as u8));
        }
    }
    dict_entries.sort_unstable();
    let mut amb_entries: Vec<(u64, u32)> = classes
        .iter()
        .filter(|(_, c)| c.1 >= min_amb)
        .map(|(w, c)| (hash_str(w), c.0))
        .collect();
    amb_entries.sort_unstable();
    let dict: IdMap<u64, u8> = dict_entries.iter().copied().collect();
    let amb: IdMap<u64, u32> = amb_entries.iter().copied().collect();
    let mut sc = Scratch::default();
    let data: Vec<Prepared> = train
        .iter()
        .map(|s| Prepared {
            t: s.iter()
                .map(|w| TokFeat::new(&w.form, &amb, &mut sc))
                .collect(),
            forms: s.iter().map(|w| hash_str(&w.form)).collect(),
            gold: s.iter().map(|w| w.upos.index()).collect(),
        })
        .collect();
    let mut m = Perceptron::new(NT);
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let empty = Linear::empty(NT);
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut c, mut n) = (0usize, 0usize);
        for &si in &order {
            let d = &data[si];
            let pred = run_pass(&d.t, &d.forms, &dict, &empty, Some((&mut m, &d.gold)));
            c += pred.iter().zip(&d.gold).filter(|(a, b)| a == b).count();
            n += d.t.len();
        }
        log(format!(
            "tagger epoch {}: train acc {:.4}, rows {}",
            epoch + 1,
            c as f64 / n.max(1) as f64,
            m.index.len()
        ));
    }
    m.average();
    RawTagger {
        dict_entries,
        amb_entries,
        m,
    }
}

/// Averaged (unpruned) tagger weights.
pub(crate) struct RawTagger {
    dict_entries: Vec<(u64, u8)>,
    amb_entries: Vec<(u64, u32)>,
    m: Perceptron,
}

impl RawTagger {
    /// Prunes, quantises, and serialises.
    pub(crate) fn export(&self, prune: f32, min_upd: u32) -> (Tagger, Vec<u8>) {
        let mut w = Writer::default();
        w.varint(self.dict_entries.len() as u64);
        for (k, t) in &self.dict_entries {
            w.varint(*k);
            w.varint(u64::from(*t));
        }
        w.varint(self.amb_entries.len() as u64);
        for (k, c) in &self.amb_entries {
            w.varint(*k);
            w.varint(u64::from(*c));
        }
        let model = Linear::from_perceptron(&self.m, prune, min_upd, &mut w);
        let dict = self.dict_entries.iter().copied().collect();
        let amb = self.amb_entries.iter().copied().collect();
        (Tagger { dict, amb, model }, w.buf)
    }
}
