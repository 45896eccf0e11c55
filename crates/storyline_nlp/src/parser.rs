//! Labelled arc-hybrid transition parser with an averaged perceptron trained with a dynamic
//! oracle (Goldberg & Nivre 2013). Each step first picks the unlabelled transition
//! (SHIFT/LEFT/RIGHT, rich feature set), then labels the arc it makes (a separate classifier
//! over the head, the dependent and their neighbourhood).

use crate::hash::{feat, feat2, feat3, finish, hash_str, mix};
use crate::io::{Linear, ModelError, Perceptron, Reader, Writer, NARROW_COLS};
use crate::tagger::Rng;
use crate::upos::Upos;

const NONE: u64 = 0x4e4f_4e45;
const ROOTW: u64 = 0x524f_4f54;
const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;

/// Maximum sentence length handed to the transition system; longer input is chunked.
pub const MAX_PARSE_LEN: usize = 200;

/// Sentence representation: index 0 is the artificial root.
struct Input {
    w: Vec<u64>,
    p: Vec<u64>,
    /// Hash of the last three characters of the lowercased word.
    suf: Vec<u64>,
}

impl Input {
    fn new(words: &[&str], tags: &[Upos]) -> Input {
        let mut w = Vec::with_capacity(words.len() + 1);
        let mut p = Vec::with_capacity(words.len() + 1);
        let mut suf = Vec::with_capacity(words.len() + 1);
        w.push(ROOTW);
        p.push(ROOTW ^ 1);
        suf.push(ROOTW ^ 2);
        let mut buf = String::new();
        for (i, word) in words.iter().enumerate() {
            let lower: &str = if word.is_ascii() {
                buf.clear();
                buf.push_str(word);
                buf.make_ascii_lowercase();
                &buf
            } else {
                buf = word.to_lowercase();
                &buf
            };
            w.push(hash_str(lower));
            let cut = lower.char_indices().rev().nth(2).map_or(0, |x| x.0);
            suf.push(hash_str(&lower[cut..]) ^ 3);
            p.push(tags.get(i).map_or(99, |t| t.index() as u64 + 1));
        }
        Input { w, p, suf }
    }
    fn n(&self) -> usize {
        self.w.len() - 1
    }
    /// The hashed lower-case form of word `i` (`NONE` for no word).
    fn word(&self, i: usize) -> u64 {
        g(&self.w, i, NONE)
    }
    /// The tag of word `i` as a feature value.
    fn tag(&self, i: usize) -> u64 {
        g(&self.p, i, NONE)
    }
    /// The hashed ending of word `i`.
    fn suffix(&self, i: usize) -> u64 {
        g(&self.suf, i, NONE)
    }
}

/// Parser configuration.
#[derive(Clone)]
struct State {
    stack: Vec<usize>,
    b: usize,
    n: usize,
    head: Vec<i32>,
    lab: Vec<u16>,
    lc1: Vec<usize>,
    lc2: Vec<usize>,
    rc1: Vec<usize>,
    rc2: Vec<usize>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

const NO: usize = usize::MAX;

impl State {
    fn new(n: usize) -> State {
        State {
            stack: vec![0],
            b: 1,
            n,
            head: vec![-1; n + 1],
            lab: vec![0; n + 1],
            lc1: vec![NO; n + 1],
            lc2: vec![NO; n + 1],
            rc1: vec![NO; n + 1],
            rc2: vec![NO; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
        }
    }
    /// The label of word `i`'s arc as a feature value (500: no word).
    fn label(&self, i: usize) -> u64 {
        if i == NO {
            500
        } else {
            u64::from(g(&self.lab, i, 499))
        }
    }
    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() <= 1
    }
    fn s(&self, k: usize) -> usize {
        let l = self.stack.len();
        if k < l {
            self.stack[l - 1 - k]
        } else {
            NO
        }
    }
    fn bi(&self, k: usize) -> usize {
        if self.b + k <= self.n {
            self.b + k
        } else {
            NO
        }
    }
    fn valid(&self, a: usize) -> bool {
        match a {
            SHIFT => self.b <= self.n,
            LEFT => self.stack.len() >= 2 && self.b <= self.n,
            _ => self.stack.len() >= 2 && (self.s(1) != 0 || self.b > self.n),
        }
    }
    fn add_arc(&mut self, h: usize, d: usize, l: usize) {
        self.head[d] = h as i32;
        self.lab[d] = l as u16;
        let bit = 1u64 << (l % 64);
        if d < h {
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= bit;
            if self.lc1[h] == NO || d < self.lc1[h] {
                self.lc2[h] = self.lc1[h];
                self.lc1[h] = d;
            } else if self.lc2[h] == NO || d < self.lc2[h] {
                self.lc2[h] = d;
            }
        } else {
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= bit;
            if self.rc1[h] == NO || d > self.rc1[h] {
                self.rc2[h] = self.rc1[h];
                self.rc1[h] = d;
            } else if self.rc2[h] == NO || d > self.rc2[h] {
                self.rc2[h] = d;
            }
        }
    }
    fn apply(&mut self, a: usize, l: usize) {
        match a {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            LEFT => {
                if let Some(s0) = self.stack.pop() {
                    let b = self.b;
                    self.add_arc(b, s0, l);
                }
            }
            _ => {
                if let Some(s0) = self.stack.pop() {
                    if let Some(&s1) = self.stack.last() {
                        self.add_arc(s1, s0, l);
                    }
                }
            }
        }
    }
}

fn g<T: Copy>(v: &[T], i: usize, none: T) -> T {
    if i == NO {
        none
    } else {
        v.get(i).copied().unwrap_or(none)
    }
}

/// Extracts the features of the unlabelled transition classifier into `fa`: those of the stack
/// top ([`stack_features`]), of the buffer front ([`buffer_features`]) and the rest
/// ([`state_features`]).
fn features(inp: &Input, st: &State, fa: &mut Vec<u64>) {
    fa.clear();
    stack_features(inp, st, fa);
    buffer_features(inp, st.bi(0), fa);
    state_features(inp, st, fa);
}

/// Distance bucket between two positions.
fn dist(a: usize, b: usize) -> u64 {
    if a == NO || b == NO {
        0
    } else {
        let d = b.abs_diff(a);
        (if d > 10 { 11 + d.min(40) / 10 } else { d }) as u64
    }
}

/// Features of the words s0, s1 and s2 alone (no arcs). While a word is on top of the stack,
/// the two below it never change, so these are a function of s0 for the whole parse: decoding
/// scores them once per word.
fn stack_features(inp: &Input, st: &State, fa: &mut Vec<u64>) {
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (s0w, s0p, s1w, s1p) = (inp.word(s0), inp.tag(s0), inp.word(s1), inp.tag(s1));
    let s0wp = mix(s0w, s0p);
    let s1wp = mix(s1w, s1p);
    let d1 = dist(s1, s0);
    fa.extend_from_slice(&[
        feat(1, s0w),
        feat(2, s0p),
        feat(3, s0wp),
        feat(4, s1w),
        feat(5, s1p),
        feat(6, s1wp),
        feat(15, inp.tag(s2)),
        feat(16, inp.word(s2)),
        feat2(28, s1wp, s0wp),
        feat2(29, s1w, s0w),
        feat2(30, s1p, s0p),
        feat2(31, s1wp, s0p),
        feat2(32, s1p, s0wp),
        feat2(33, s1w, s0p),
        feat2(34, s1p, s0w),
        feat3(43, inp.tag(s2), s1p, s0p),
        feat3(66, s1p, s0p, d1),
        feat2(67, s1w, d1),
        feat2(68, s0w, d1),
        feat3(69, s1w, s0w, d1),
        feat(130, inp.suffix(s0)),
        feat(135, inp.suffix(s1)),
        feat2(137, inp.suffix(s1), inp.suffix(s0)),
    ]);
}

/// Features of the words b0, b1 and b2 alone (no arcs): a function of b0.
fn buffer_features(inp: &Input, b0: usize, fa: &mut Vec<u64>) {
    let bi = |k: usize| {
        if b0 != NO && b0 + k <= inp.n() {
            b0 + k
        } else {
            NO
        }
    };
    let (b1, b2) = (bi(1), bi(2));
    let (b0w, b0p) = (inp.word(b0), inp.tag(b0));
    fa.extend_from_slice(&[
        feat(7, b0w),
        feat(8, b0p),
        feat(9, mix(b0w, b0p)),
        feat(10, inp.word(b1)),
        feat(11, inp.tag(b1)),
        feat(12, mix(inp.word(b1), inp.tag(b1))),
        feat(13, inp.tag(b2)),
        feat(14, inp.word(b2)),
        feat2(27, b0p, inp.tag(b1)),
        feat3(40, b0p, inp.tag(b1), inp.tag(b2)),
        feat(131, inp.suffix(b0)),
        feat2(134, inp.suffix(b0), inp.tag(b1)),
    ]);
}

/// The features that change with every step: pairs of the stack top and the buffer front,
/// distances, valencies, children and their labels.
fn state_features(inp: &Input, st: &State, fa: &mut Vec<u64>) {
    let (s0, s1) = (st.s(0), st.s(1));
    let (b0, b1) = (st.bi(0), st.bi(1));
    let ch = |v: &[usize], i: usize| if i == NO { NO } else { v[i] };
    let (s0w, s0p, s1w, s1p, b0w, b0p) = (
        inp.word(s0),
        inp.tag(s0),
        inp.word(s1),
        inp.tag(s1),
        inp.word(b0),
        inp.tag(b0),
    );
    let s0wp = mix(s0w, s0p);
    let b0wp = mix(b0w, b0p);
    let (s0l1, s0l2, s0r1, s0r2) = (
        ch(&st.lc1, s0),
        ch(&st.lc2, s0),
        ch(&st.rc1, s0),
        ch(&st.rc2, s0),
    );
    let (b0l1, b0l2) = (ch(&st.lc1, b0), ch(&st.lc2, b0));
    let (s1r1, s1l1, s1r2) = (ch(&st.rc1, s1), ch(&st.lc1, s1), ch(&st.rc2, s1));
    let d0 = dist(s0, b0);
    let val = |v: &[u8], i: usize| if i == NO { 99 } else { u64::from(v[i].min(6)) };
    let set = |v: &[u64], i: usize| if i == NO { 7 } else { v[i] };
    fa.extend_from_slice(&[
        feat2(20, s0wp, b0wp),
        feat2(21, s0wp, b0w),
        feat2(22, s0w, b0wp),
        feat2(23, s0wp, b0p),
        feat2(24, s0p, b0wp),
        feat2(25, s0w, b0w),
        feat2(26, s0p, b0p),
        feat3(41, s0p, b0p, inp.tag(b1)),
        feat3(42, s1p, s0p, b0p),
        feat3(44, s0p, inp.tag(s0l1), b0p),
        feat3(45, s0p, inp.tag(s0r1), b0p),
        feat3(46, s0p, b0p, inp.tag(b0l1)),
        feat3(47, s1p, inp.tag(s1r1), s0p),
        feat3(48, s1p, s0p, inp.tag(s0l1)),
        feat3(49, s1p, s0p, inp.tag(s0r1)),
        feat3(50, s1p, inp.tag(s1l1), s0p),
        feat3(
            51,
            s0p,
            b0p,
            inp.tag(if s0 == NO || s0 == 0 { NO } else { s0 - 1 }),
        ),
        feat2(60, s0w, d0),
        feat2(61, s0p, d0),
        feat2(62, b0w, d0),
        feat3(64, s0w, b0w, d0),
        feat2(63, b0p, d0),
        feat3(65, s0p, b0p, d0),
        feat2(70, s0w, val(&st.nr, s0)),
        feat2(71, s0p, val(&st.nr, s0)),
        feat2(72, s0w, val(&st.nl, s0)),
        feat2(73, s0p, val(&st.nl, s0)),
        feat2(74, b0w, val(&st.nl, b0)),
        feat2(75, b0p, val(&st.nl, b0)),
        feat2(76, s1w, val(&st.nr, s1)),
        feat2(77, s1p, val(&st.nr, s1)),
        feat(80, inp.word(s0l1)),
        feat(81, inp.tag(s0l1)),
        feat(82, st.label(s0l1)),
        feat(83, inp.word(s0r1)),
        feat(84, inp.tag(s0r1)),
        feat(85, st.label(s0r1)),
        feat(86, inp.tag(s0l2)),
        feat(87, st.label(s0l2)),
        feat(88, inp.tag(s0r2)),
        feat(89, st.label(s0r2)),
        feat(90, inp.word(b0l1)),
        feat(91, inp.tag(b0l1)),
        feat(92, st.label(b0l1)),
        feat(93, inp.tag(b0l2)),
        feat(94, st.label(b0l2)),
        feat(95, inp.tag(s1r1)),
        feat(96, st.label(s1r1)),
        feat(97, inp.tag(s1l1)),
        feat(98, st.label(s1l1)),
        feat3(100, s0p, st.label(s0l1), st.label(s0l2)),
        feat3(101, s0p, st.label(s0r1), st.label(s0r2)),
        feat3(102, b0p, st.label(b0l1), st.label(b0l2)),
        feat3(103, s1p, st.label(s1r1), st.label(s1r2)),
        feat2(110, s0w, set(&st.lset, s0)),
        feat2(111, s0p, set(&st.lset, s0)),
        feat2(112, s0w, set(&st.rset, s0)),
        feat2(114, b0w, set(&st.lset, b0)),
        feat2(113, s0p, set(&st.rset, s0)),
        feat2(115, b0p, set(&st.lset, b0)),
        feat2(116, s1p, set(&st.rset, s1)),
        feat3(
            117,
            s0p,
            b0p,
            (st.stack.len().min(4) as u64) + 10 * u64::from(b0 == NO),
        ),
        feat3(118, s0w, inp.tag(b0l1), st.label(b0l1)),
        feat2(132, inp.suffix(s0), b0p),
        feat2(133, s0p, inp.suffix(b0)),
        feat2(136, inp.suffix(s0), inp.suffix(b0)),
    ]);
}

/// Trained parser.
pub struct Parser {
    labels: Vec<String>,
    /// Index of the `root` label (forced on arcs from the artificial root, excluded elsewhere).
    root: usize,
    arcs: Linear,
    lbl: Linear,
}

/// Highest-scoring valid unlabelled transition.
fn best_move(st: &State, a: &[f32; 3]) -> usize {
    let mut best = SHIFT;
    let mut bs = f32::NEG_INFINITY;
    for act in [SHIFT, LEFT, RIGHT] {
        if st.valid(act) && (a[act] > bs || bs == f32::NEG_INFINITY) {
            bs = a[act];
            best = act;
        }
    }
    best
}

/// Head of the arc that `act` (LEFT or RIGHT) would add.
fn arc_head(st: &State, act: usize) -> usize {
    if act == LEFT {
        st.b
    } else {
        st.s(1)
    }
}

/// Features of the label classifier for the arc that `act` (LEFT or RIGHT) would add.
fn label_features(inp: &Input, st: &State, act: usize, out: &mut Vec<u64>) {
    out.clear();
    let (h, d) = (arc_head(st, act), st.s(0));
    let ch = |v: &[usize], i: usize| if i == NO { NO } else { g(v, i, NO) };
    let set = |v: &[u64], i: usize| if i == NO { 7 } else { g(v, i, 7) };
    let (hw, hp, dw, dp) = (inp.word(h), inp.tag(h), inp.word(d), inp.tag(d));
    let dist = h.abs_diff(d).min(6) as u64;
    // labels the head already has on this side (e.g. a second subject is unlikely)
    let side = if act == LEFT { &st.lset } else { &st.rset };
    let dir: u64 = if act == LEFT {
        0x4c45_4654
    } else {
        0x5249_4748
    };
    let f = [
        feat(1, dw),
        feat(2, dp),
        feat(3, mix(dw, dp)),
        feat(4, hw),
        feat(5, hp),
        feat2(6, hp, dp),
        feat2(7, hw, dp),
        feat2(8, hp, dw),
        feat2(9, hw, dw),
        feat(10, inp.suffix(d)),
        feat2(11, inp.suffix(d), hp),
        feat3(12, hp, dp, dist),
        feat3(13, dp, st.label(ch(&st.lc1, d)), st.label(ch(&st.rc1, d))),
        feat2(14, dp, set(&st.lset, d)),
        feat2(15, dp, set(&st.rset, d)),
        feat3(16, hp, dp, set(side, h)),
        feat3(17, hp, dp, inp.tag(d + 1)),
        feat3(18, hp, dp, inp.tag(d.wrapping_sub(1))),
        feat3(19, hp, dp, inp.tag(st.bi(1))),
        feat3(20, hp, dp, inp.tag(ch(&st.lc1, d))),
        feat3(21, hp, dp, inp.tag(ch(&st.rc1, d))),
        feat2(22, hw, inp.suffix(d)),
        feat3(23, hp, dp, inp.tag(st.s(if act == LEFT { 1 } else { 2 }))),
        // the head's ending tells a passive from a progressive ("was attacked" / "was preparing")
        feat2(24, inp.suffix(h), dp),
        feat3(25, inp.suffix(h), dw, hp),
    ];
    out.extend(f.iter().map(|&x| finish(x ^ dir)));
}

/// Best label among `ls` (never `root`, which only arcs from the artificial root get).
fn best_label(ls: &[f32], root: usize) -> usize {
    let mut best = usize::MAX;
    for (k, &s) in ls.iter().enumerate() {
        if k != root && (best == usize::MAX || s > ls[best]) {
            best = k;
        }
    }
    if best == usize::MAX {
        0
    } else {
        best
    }
}

type Scorer<'a> = &'a dyn Fn(&[u64], &mut [f32]);

/// The transition classifier as decoding uses it: scores added up in parts, so that the parts
/// that only depend on the stack top or on the buffer front are computed once per word.
trait Transitions {
    /// A partial sum of the three transitions' scores.
    type Sum: Copy + Default;
    /// Adds the weights of `feats` into `sum`.
    fn add(&self, feats: &[u64], sum: &mut Self::Sum);
    /// Adds `b` into `a`.
    fn join(a: &mut Self::Sum, b: &Self::Sum);
    /// The scores of a complete sum.
    fn scores(&self, sum: &Self::Sum) -> [f32; 3];
}

/// The trained table: integer sums, so parts add up to exactly the whole.
impl Transitions for Linear {
    type Sum = [i32; NARROW_COLS];
    fn add(&self, feats: &[u64], sum: &mut Self::Sum) {
        self.add_raw(feats, sum);
    }
    fn join(a: &mut Self::Sum, b: &Self::Sum) {
        for (x, y) in a.iter_mut().zip(b) {
            *x += y;
        }
    }
    fn scores(&self, sum: &Self::Sum) -> [f32; 3] {
        let mut a = [0f32; 3];
        self.add_scaled(sum, &mut a);
        a
    }
}

/// The perceptron being trained (decoding the development set between epochs).
impl Transitions for Perceptron {
    type Sum = [f32; 3];
    fn add(&self, feats: &[u64], sum: &mut Self::Sum) {
        self.score(feats, sum);
    }
    fn join(a: &mut Self::Sum, b: &Self::Sum) {
        for (x, y) in a.iter_mut().zip(b) {
            *x += y;
        }
    }
    fn scores(&self, sum: &Self::Sum) -> [f32; 3] {
        *sum
    }
}

/// Greedy decoding: the unlabelled transition from the arc scorer, then (for arcs only) the
/// label from the label scorer.
fn decode<T: Transitions>(inp: &Input, nl: usize, root: usize, arcs: &T, sl: Scorer) -> State {
    let n = inp.n();
    let mut st = State::new(n);
    let mut fa = Vec::with_capacity(128);
    let mut fl = Vec::with_capacity(64);
    let mut ls = vec![0f32; nl];
    // the sums of `stack_features` by s0 and of `buffer_features` by b0 (n + 1: empty buffer)
    let mut by_s0: Vec<Option<T::Sum>> = vec![None; n + 1];
    let mut by_b0: Vec<Option<T::Sum>> = vec![None; n + 2];
    let mut guard = 0;
    while !st.terminal() && guard < 4 * n + 10 {
        guard += 1;
        if !st.valid(LEFT) && !st.valid(RIGHT) {
            // only SHIFT is possible: no need to score
            st.apply(SHIFT, 0);
            continue;
        }
        let s0 = st.s(0).min(n);
        let mut sum = *by_s0[s0].get_or_insert_with(|| {
            fa.clear();
            stack_features(inp, &st, &mut fa);
            let mut x = T::Sum::default();
            arcs.add(&fa, &mut x);
            x
        });
        let b0 = st.bi(0);
        let bsum = *by_b0[b0.min(n + 1)].get_or_insert_with(|| {
            fa.clear();
            buffer_features(inp, b0, &mut fa);
            let mut x = T::Sum::default();
            arcs.add(&fa, &mut x);
            x
        });
        T::join(&mut sum, &bsum);
        fa.clear();
        state_features(inp, &st, &mut fa);
        arcs.add(&fa, &mut sum);
        let a = arcs.scores(&sum);
        let act = best_move(&st, &a);
        let mut l = 0;
        if act != SHIFT {
            if arc_head(&st, act) == 0 {
                l = root;
            } else {
                label_features(inp, &st, act, &mut fl);
                ls.fill(0.0);
                sl(&fl, &mut ls);
                l = best_label(&ls, root);
            }
        }
        st.apply(act, l);
    }
    st
}

impl Parser {
    /// Stored (rows, cells) of the unlabelled and label tables.
    pub fn size(&self) -> [(usize, usize); 2] {
        [
            (self.arcs.rows(), self.arcs.cells()),
            (self.lbl.rows(), self.lbl.cells()),
        ]
    }

    /// Parses one sentence (at most [`MAX_PARSE_LEN`] words; longer input is chunked by the caller).
    /// Returns (head index within the sentence or -1 for root, label) per word.
    pub fn parse_chunk(&self, words: &[&str], tags: &[Upos]) -> Vec<(i32, String)> {
        let inp = Input::new(words, tags);
        let n = inp.n();
        let st = decode(&inp, self.labels.len(), self.root, &self.arcs, &|f, s| {
            self.lbl.score(f, s)
        });
        // exactly one root; any other root or unattached word hangs off it
        let first_root = (1..=n)
            .find(|&i| st.head[i] == 0)
            .or_else(|| (1..=n).find(|&i| st.head[i] < 0))
            .unwrap_or(NO);
        (1..=n)
            .map(|i| {
                let h = st.head[i];
                if h <= 0 {
                    if first_root == i {
                        (-1, "root".to_string())
                    } else {
                        (first_root as i32 - 1, "parataxis".to_string())
                    }
                } else {
                    let l = self
                        .labels
                        .get(st.lab[i] as usize)
                        .map_or("dep", |s| s.as_str());
                    let l = if l == "root" { "dep" } else { l };
                    (h - 1, l.to_string())
                }
            })
            .collect()
    }

    pub(crate) fn read(data: &[u8]) -> Result<Parser, ModelError> {
        let mut r = Reader::new(data);
        let n = r.len(4096)?;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(r.str()?);
        }
        let arcs = Linear::read(&mut r)?;
        let lbl = Linear::read(&mut r)?;
        if arcs.ncols != 3 || lbl.ncols != n {
            return Err(ModelError::Corrupt("parser dims"));
        }
        Ok(Parser {
            root: root_label(&labels),
            labels,
            arcs,
            lbl,
        })
    }
}

fn root_label(labels: &[String]) -> usize {
    labels
        .iter()
        .position(|l| l == "root")
        .unwrap_or(usize::MAX)
}

/// Gold tree of a training sentence (1-based heads, 0 = root).
pub(crate) struct GoldSent {
    pub words: Vec<String>,
    pub tags: Vec<Upos>,
    pub heads: Vec<usize>,
    pub labels: Vec<usize>,
}

/// True if the tree is projective.
pub(crate) fn projective(heads: &[usize]) -> bool {
    // heads[0] unused, heads[i] for i in 1..=n
    let n = heads.len() - 1;
    for d in 1..=n {
        let h = heads[d];
        let (lo, hi) = if h < d { (h, d) } else { (d, h) };
        for k in lo + 1..hi {
            // k must be dominated by h
            let mut x = k;
            let mut steps = 0;
            while x != h && x != 0 && steps <= n {
                x = heads[x];
                steps += 1;
            }
            if x != h {
                return false;
            }
        }
    }
    true
}

/// Oracle costs for (SHIFT, LEFT, RIGHT), unlabelled; `usize::MAX` for invalid.
fn costs(st: &State, gh: &[usize]) -> [usize; 3] {
    let mut c = [usize::MAX; 3];
    let s0 = st.s(0);
    let s1 = st.s(1);
    let n = st.n;
    let b = st.b;
    if st.valid(SHIFT) {
        let mut k = 0;
        let hb = gh[b];
        let l = st.stack.len();
        for (idx, &x) in st.stack.iter().enumerate() {
            if gh[x] == b && x != 0 {
                k += 1;
            }
            if idx + 1 < l && hb == x {
                k += 1;
            }
        }
        c[SHIFT] = k;
    }
    if st.valid(LEFT) || st.valid(RIGHT) {
        let deps_in_buf = gh
            .get(b..=n)
            .map_or(0, |v| v.iter().filter(|&&h| h == s0).count());
        let hs0 = gh[s0];
        if st.valid(LEFT) {
            c[LEFT] = deps_in_buf + usize::from(hs0 == s1 || (hs0 > b && hs0 <= n));
        }
        if st.valid(RIGHT) {
            c[RIGHT] = deps_in_buf + usize::from(hs0 >= b && hs0 <= n);
        }
    }
    c
}

/// Trains the parser. `sents` carry the tags the parser should be trained on (ideally predicted).
pub(crate) fn train(
    sents: &[GoldSent],
    labels: Vec<String>,
    epochs: usize,
    seed: u64,
    dev: &[GoldSent],
    log: &mut dyn FnMut(String),
) -> RawParser {
    let nl = labels.len();
    let dev_inputs: Vec<Input> = dev
        .iter()
        .map(|s| {
            let w: Vec<&str> = s.words.iter().map(|x| x.as_str()).collect();
            Input::new(&w, &s.tags)
        })
        .collect();
    let mut arcs = Perceptron::new(3);
    let mut lbl = Perceptron::new(nl);
    let mut rng = Rng(seed ^ 0x5eed);
    let data: Vec<(Input, &GoldSent)> = sents
        .iter()
        .filter(|s| !s.words.is_empty() && s.words.len() <= MAX_PARSE_LEN)
        .filter(|s| {
            let mut h = vec![0usize];
            h.extend(&s.heads);
            projective(&h)
        })
        .map(|s| {
            let w: Vec<&str> = s.words.iter().map(|x| x.as_str()).collect();
            (Input::new(&w, &s.tags), s)
        })
        .collect();
    log(format!(
        "parser: {} projective training sentences of {}",
        data.len(),
        sents.len()
    ));
    let root = root_label(&labels);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut fa = Vec::with_capacity(128);
    let mut fl = Vec::with_capacity(64);
    let mut ls = vec![0f32; nl];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total, mut errs, mut steps) = (0usize, 0usize, 0usize, 0usize);
        for &si in &order {
            let (inp, gs) = &data[si];
            let n = inp.n();
            let mut gh = vec![0usize; n + 1];
            gh[1..].copy_from_slice(&gs.heads);
            let mut glab = vec![0usize; n + 1];
            glab[1..].copy_from_slice(&gs.labels);
            let mut st = State::new(n);
            let mut guard = 0;
            while !st.terminal() && guard < 4 * n + 10 {
                guard += 1;
                steps += 1;
                features(inp, &st, &mut fa);
                let mut a = [0f32; 3];
                arcs.score(&fa, &mut a);
                let pred = best_move(&st, &a);
                let c = costs(&st, &gh);
                let min = *c.iter().min().unwrap_or(&0);
                // best-scoring zero(min)-cost transition
                let mut gold = usize::MAX;
                for act in [SHIFT, LEFT, RIGHT] {
                    if c[act] == min && (gold == usize::MAX || a[act] > a[gold]) {
                        gold = act;
                    }
                }
                if gold == usize::MAX {
                    break;
                }
                if c[pred] > min {
                    errs += 1;
                    arcs.update(&fa, gold, 1.0);
                    arcs.update(&fa, pred, -1.0);
                }
                arcs.tick();
                let explore = epoch >= 1 && rng.unit() < 0.9;
                let next = if c[pred] == min || explore {
                    pred
                } else {
                    gold
                };
                let mut l = 0;
                if next != SHIFT {
                    let h = arc_head(&st, next);
                    let d = st.s(0);
                    if h == 0 {
                        l = root;
                    } else {
                        label_features(inp, &st, next, &mut fl);
                        ls.fill(0.0);
                        lbl.score(&fl, &mut ls);
                        l = best_label(&ls, root);
                        if gh[d] == h {
                            // a gold arc: train the label classifier on it
                            let g = glab[d];
                            if l != g {
                                lbl.update(&fl, g, 1.0);
                                lbl.update(&fl, l, -1.0);
                                if !explore {
                                    l = g;
                                }
                            }
                            lbl.tick();
                        }
                    }
                }
                st.apply(next, l);
            }
            for i in 1..=n {
                total += 1;
                if st.head[i] >= 0 && st.head[i] as usize == gh[i] && st.lab[i] as usize == glab[i]
                {
                    correct += 1;
                }
            }
        }
        log(format!(
            "parser epoch {}: train LAS (with exploration) {:.4}, errors {}/{} steps, rows {}+{}",
            epoch + 1,
            correct as f64 / total.max(1) as f64,
            errs,
            steps,
            arcs.index.len(),
            lbl.index.len()
        ));
        if !dev.is_empty() {
            let (a, l) = (arcs.averaged(), lbl.averaged());
            let (mut u, mut la, mut tot) = (0usize, 0usize, 0usize);
            for (inp, gs) in dev_inputs.iter().zip(dev) {
                if inp.n() > MAX_PARSE_LEN {
                    continue;
                }
                let st = decode(inp, nl, root, &a, &|f, s| l.score(f, s));
                for i in 1..=inp.n() {
                    tot += 1;
                    if st.head[i] >= 0 && st.head[i] as usize == gs.heads[i - 1] {
                        u += 1;
                        if st.lab[i] as usize == gs.labels[i - 1] {
                            la += 1;
                        }
                    }
                }
            }
            let d = tot.max(1) as f64;
            log(format!(
                "parser epoch {}: dev UAS {:.4} LAS {:.4}",
                epoch + 1,
                u as f64 / d,
                la as f64 / d
            ));
        }
    }
    arcs.average();
    lbl.average();
    RawParser { labels, arcs, lbl }
}

/// Averaged (unpruned) parser weights.
pub(crate) struct RawParser {
    labels: Vec<String>,
    arcs: Perceptron,
    lbl: Perceptron,
}

impl RawParser {
    /// Prunes cells with `|w| < prune`, quantises, and serialises.
    pub(crate) fn export(&self, prune: f32, min_upd: u32) -> (Parser, Vec<u8>) {
        let mut w = Writer::default();
        w.varint(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        let a = Linear::from_perceptron(&self.arcs, prune, min_upd, &mut w);
        let l = Linear::from_perceptron(&self.lbl, prune, min_upd, &mut w);
        (
            Parser {
                labels: self.labels.clone(),
                root: root_label(&self.labels),
                arcs: a,
                lbl: l,
            },
            w.buf,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decoding as it was before the cached sums: every feature scored at every step.
    fn decode_plain(inp: &Input, p: &Parser) -> State {
        let n = inp.n();
        let mut st = State::new(n);
        let (mut fa, mut fl) = (Vec::new(), Vec::new());
        let mut ls = vec![0f32; p.labels.len()];
        let mut guard = 0;
        while !st.terminal() && guard < 4 * n + 10 {
            guard += 1;
            if !st.valid(LEFT) && !st.valid(RIGHT) {
                st.apply(SHIFT, 0);
                continue;
            }
            features(inp, &st, &mut fa);
            let mut a = [0f32; 3];
            p.arcs.score(&fa, &mut a);
            let act = best_move(&st, &a);
            let mut l = 0;
            if act != SHIFT {
                if arc_head(&st, act) == 0 {
                    l = p.root;
                } else {
                    label_features(inp, &st, act, &mut fl);
                    ls.fill(0.0);
                    p.lbl.score(&fl, &mut ls);
                    l = best_label(&ls, p.root);
                }
            }
            st.apply(act, l);
        }
        st
    }

    #[test]
    fn cached_sums_decode_like_scoring_everything() {
        let nlp = crate::Nlp::default_models();
        let p = &nlp.parser;
        let text = "Chinese President Xi Jinping told Ukrainian President Volodymyr Zelenskiy \
            on Wednesday that Beijing would send a special envoy to Ukraine, in their first \
            known call since Russia invaded the country. The Kremlin, which said it was not \
            told in advance, noted that China's readiness to help was welcome, while Kyiv's \
            officials, who had waited for months, said little. \"We will see,\" he said.";
        let a = nlp.analyze(text);
        let mut arcs = 0;
        for s in &a.sentences {
            let words: Vec<&str> = a.tokens[s.tokens.clone()]
                .iter()
                .map(|t| &text[t.start..t.end])
                .collect();
            let tags: Vec<Upos> = a.tokens[s.tokens.clone()].iter().map(|t| t.upos).collect();
            let inp = Input::new(&words, &tags);
            let want = decode_plain(&inp, p);
            let got = decode(&inp, p.labels.len(), p.root, &p.arcs, &|f, s| {
                p.lbl.score(f, s)
            });
            assert_eq!(got.head, want.head);
            assert_eq!(got.lab, want.lab);
            arcs += words.len();
        }
        assert!(arcs > 60);
    }
}
