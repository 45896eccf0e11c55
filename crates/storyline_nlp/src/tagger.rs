//! Averaged-perceptron UPOS tagger (greedy left to right, two passes: the second pass also sees
//! the first pass's predictions for the right context).

use crate::conllu::Sent;
use crate::hash::{feat, feat2, feat3, hash_str, IdMap};
use crate::io::{Linear, ModelError, Perceptron, Reader, Writer};
use crate::upos::Upos;

const NT: usize = 17;
const START: u64 = 100;
const END: u64 = 101;

/// Precomputed hashes of one token's string properties.
#[derive(Clone, Copy)]
pub(crate) struct TokFeat {
    pub lower: u64,
    form: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    short: u64,
}

fn shape_of(w: &str, collapse: bool) -> String {
    let mut s = String::with_capacity(8);
    let mut last = '\0';
    let mut run = 0;
    for ch in w.chars().take(40) {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else if ch.is_alphabetic() {
            'a'
        } else {
            ch
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
        s.push(c);
    }
    s
}

impl TokFeat {
    pub(crate) fn new(w: &str) -> TokFeat {
        let lower = w.to_lowercase();
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        let n = chars.len();
        let mut suf = [0u64; 4];
        let mut pre = [0u64; 3];
        for k in 0..4 {
            let s = if k < n {
                &lower[chars[n - 1 - k].0..]
            } else {
                lower.as_str()
            };
            suf[k] = hash_str(s) ^ (k as u64 + 1);
        }
        for (k, p) in pre.iter_mut().enumerate() {
            let s = if k + 1 < n {
                &lower[..chars[k + 1].0]
            } else {
                lower.as_str()
            };
            *p = hash_str(s) ^ (k as u64 + 11);
        }
        TokFeat {
            lower: hash_str(&lower),
            form: hash_str(w),
            suf,
            pre,
            shape: hash_str(&shape_of(w, false)),
            short: hash_str(&shape_of(w, true)),
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
        }
    }
}

/// Builds the feature keys of position `i`. `next` are first-pass predictions (or None in pass 1).
fn features(
    t: &[TokFeat],
    i: usize,
    p1: u64,
    p2: u64,
    next: Option<(u64, u64)>,
    out: &mut Vec<u64>,
) {
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
    if let Some((n1, n2)) = next {
        out.push(feat(40, n1));
        out.push(feat(41, n2));
        out.push(feat2(42, n1, n2));
        out.push(feat2(43, p1, n1));
        out.push(feat2(44, n1, w.lower));
        out.push(feat3(45, p1, n1, w.lower));
        out.push(feat2(46, n1, w.suf[2]));
        out.push(feat3(47, n1, n2, w.short));
    }
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
    pass1: Linear,
    pass2: Linear,
}

/// Greedy decoding of one pass. With `train = Some((model, gold))`, performs perceptron updates.
fn run_pass(
    t: &[TokFeat],
    forms: &[u64],
    dict: &IdMap<u64, u8>,
    first: Option<&[usize]>,
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
        let next = first.map(|f| {
            let n1 = f.get(i + 1).map_or(END, |&x| x as u64);
            let n2 = f.get(i + 2).map_or(END, |&x| x as u64);
            (n1, n2)
        });
        features(t, i, p1, p2, next, &mut feats);
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
        let t: Vec<TokFeat> = words.iter().map(|w| TokFeat::new(w)).collect();
        let forms: Vec<u64> = words.iter().map(|w| hash_str(w)).collect();
        let p1 = run_pass(&t, &forms, &self.dict, None, &self.pass1, None);
        let p2 = run_pass(&t, &forms, &self.dict, Some(&p1), &self.pass2, None);
        p2.into_iter().map(Upos::from_index).collect()
    }

    /// Serialises the tagger.
    pub(crate) fn read(data: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = Reader::new(data);
        let n = r.len(1 << 24)?;
        let mut dict: IdMap<u64, u8> = Default::default();
        for _ in 0..n {
            let k = r.varint()?;
            let t = r.len(NT - 1)? as u8;
            dict.insert(k, t);
        }
        let pass1 = Linear::read(&mut r)?;
        let pass2 = Linear::read(&mut r)?;
        Ok(Tagger { dict, pass1, pass2 })
    }

    /// Number of weight rows (for diagnostics).
    pub fn size(&self) -> usize {
        self.pass1.rows() + self.pass2.rows()
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

/// Trains a tagger on `train` for `epochs` epochs. Returns the tagger and its serialised bytes
/// (uncompressed). `log` receives progress lines.
pub(crate) fn train(
    train: &[Sent],
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> (Tagger, Vec<u8>) {
    // tag dictionary
    let mut counts: std::collections::HashMap<&str, [u32; NT]> = Default::default();
    for s in train {
        for w in s {
            counts.entry(w.form.as_str()).or_insert([0; NT])[w.upos.index()] += 1;
        }
    }
    let mut dict_entries: Vec<(u64, u8)> = Vec::new();
    for (form, c) in &counts {
        let total: u32 = c.iter().sum();
        let best = argmax(&c.map(|x| x as f32));
        if total >= 20 && f64::from(c[best]) / f64::from(total) >= 0.995 {
            dict_entries.push((hash_str(form), best as u8));
        }
    }
    dict_entries.sort_unstable();
    let dict: IdMap<u64, u8> = dict_entries.iter().copied().collect();
    let data: Vec<Prepared> = train
        .iter()
        .map(|s| Prepared {
            t: s.iter().map(|w| TokFeat::new(&w.form)).collect(),
            forms: s.iter().map(|w| hash_str(&w.form)).collect(),
            gold: s.iter().map(|w| w.upos.index()).collect(),
        })
        .collect();
    let mut m1 = Perceptron::new(NT);
    let mut m2 = Perceptron::new(NT);
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut c1, mut c2, mut n) = (0usize, 0usize, 0usize);
        for &si in &order {
            let d = &data[si];
            let empty = Linear::empty(NT);
            let first = run_pass(
                &d.t,
                &d.forms,
                &dict,
                None,
                &empty,
                Some((&mut m1, &d.gold)),
            );
            // pass 2 is trained on pass-1 predictions made by the current (non-averaged) model
            let second = run_pass(
                &d.t,
                &d.forms,
                &dict,
                Some(&first),
                &empty,
                Some((&mut m2, &d.gold)),
            );
            c1 += first.iter().zip(&d.gold).filter(|(a, b)| a == b).count();
            c2 += second.iter().zip(&d.gold).filter(|(a, b)| a == b).count();
            n += d.t.len();
        }
        log(format!(
            "tagger epoch {}: pass1 train acc {:.4}, pass2 {:.4}",
            epoch + 1,
            c1 as f64 / n.max(1) as f64,
            c2 as f64 / n.max(1) as f64
        ));
    }
    m1.average();
    m2.average();
    let mut w = Writer::default();
    w.varint(dict_entries.len() as u64);
    for (k, t) in &dict_entries {
        w.varint(*k);
        w.varint(u64::from(*t));
    }
    let pass1 = Linear::from_perceptron(&m1, 0.0, &mut w);
    let pass2 = Linear::from_perceptron(&m2, 0.0, &mut w);
    (Tagger { dict, pass1, pass2 }, w.buf)
}
