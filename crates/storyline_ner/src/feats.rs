//! Feature extraction: allocation-free hashing of token properties into `u64`
//! feature ids, gazetteer matching and document-level context.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Identity hasher for keys that are already well-mixed `u64` hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Hash map keyed by pre-hashed `u64`.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
/// Hash set of pre-hashed `u64`.
pub(crate) type IdSet = HashSet<u64, BuildHasherDefault<IdHasher>>;

const K: u64 = 0x517c_c1b7_2722_0a95;

/// FxHash-style combining step.
#[inline]
pub(crate) fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Murmur3 finaliser: spreads bits so that the identity-hashed maps work well.
#[inline]
pub(crate) fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

const SEED: u64 = 0x243f_6a88_85a3_08d3;

#[inline]
fn f1(t: u64, a: u64) -> u64 {
    fmix(mix(mix(SEED, t), a))
}
#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    fmix(mix(mix(mix(SEED, t), a), b))
}
#[inline]
fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    fmix(mix(mix(mix(mix(SEED, t), a), b), c))
}

/// Normalise typographic variants (curly quotes, dashes) to ASCII.
#[inline]
pub(crate) fn norm_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '`' | '\u{00B4}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        _ => c,
    }
}

#[inline]
fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        'o'
    } else if c.is_control() || c.is_whitespace() {
        ' '
    } else {
        c
    }
}

/// Hashed properties of one token (computed once per token).
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Tok {
    pub word: u64,
    pub lower: u64,
    pub shape: u64,
    pub short: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    pub n_chars: u32,
    /// First character is uppercase.
    pub init_cap: bool,
    /// Has letters and none is lowercase.
    pub all_caps: bool,
    /// Contains a lowercase letter.
    pub has_lower: bool,
    /// First character is a lowercase letter.
    pub first_lower: bool,
    /// Contains a letter.
    pub has_alpha: bool,
}

/// Analyse one token without allocating.
pub(crate) fn analyze(token: &str) -> Tok {
    let token = if token == "``" || token == "''" {
        "\""
    } else {
        token
    };
    let mut t = Tok::default();
    let mut word = SEED ^ 1;
    let mut lower = SEED ^ 2;
    let mut shape = SEED ^ 3;
    let mut short = SEED ^ 4;
    let mut ph = SEED ^ 5;
    let mut ring = ['\0'; 4];
    let mut n: usize = 0;
    let mut prev_sc = '\u{1}';
    let mut has_upper = false;
    for c0 in token.chars() {
        let c = norm_char(c0);
        word = mix(word, c as u64);
        let lc = if c.is_uppercase() {
            has_upper = true;
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        };
        if c.is_lowercase() {
            t.has_lower = true;
        }
        if c.is_alphabetic() {
            t.has_alpha = true;
        }
        if n == 0 {
            t.init_cap = c.is_uppercase();
            t.first_lower = c.is_lowercase();
        }
        lower = mix(lower, lc as u64);
        let sc = shape_char(c);
        if n < 16 {
            shape = mix(shape, sc as u64);
        }
        if sc != prev_sc {
            short = mix(short, sc as u64);
            prev_sc = sc;
        }
        if n < 4 {
            ph = mix(ph, lc as u64);
            t.pre[n] = ph;
        }
        ring[n % 4] = lc;
        n += 1;
    }
    t.all_caps = has_upper && !t.has_lower;
    t.n_chars = n.min(u32::MAX as usize) as u32;
    for k in 0..4.min(n) {
        // suffix of length k+1: chars n-k-1 .. n
        let mut sh = SEED ^ 6;
        for j in (0..=k).rev() {
            sh = mix(sh, ring[(n - 1 - j) % 4] as u64);
        }
        t.suf[k] = sh;
    }
    t.word = fmix(word);
    t.lower = fmix(lower);
    t.shape = fmix(shape);
    t.short = fmix(short);
    t
}

/// Gazetteer of lower-cased token sequences -> bitmask of entity types.
#[derive(Default, Clone)]
pub(crate) struct Gazetteer {
    pub map: IdMap<u8>,
    pub max_len: usize,
}

/// Maximal entry length (tokens) kept in gazetteers.
pub(crate) const GAZ_MAX: usize = 8;

#[inline]
fn seq_hash(toks: &[Tok]) -> u64 {
    let mut h = SEED ^ 7;
    for t in toks {
        h = mix(h, t.lower);
    }
    fmix(h ^ toks.len() as u64)
}

impl Gazetteer {
    /// Add an entry of entity type `ty` (0..4).
    pub fn add(&mut self, toks: &[Tok], ty: usize) {
        if toks.is_empty() || toks.len() > GAZ_MAX {
            return;
        }
        *self.map.entry(seq_hash(toks)).or_insert(0) |= 1 << ty;
        self.max_len = self.max_len.max(toks.len());
    }

    /// Greedy left-to-right longest match. Writes `(type mask, position)` per
    /// token with position 0=B,1=I,2=L,3=U; mask 0 means no match.
    pub fn annotate(&self, toks: &[Tok], out: &mut Vec<(u8, u8)>) {
        out.clear();
        out.resize(toks.len(), (0, 0));
        if self.map.is_empty() {
            return;
        }
        let n = toks.len();
        let mut i = 0;
        while i < n {
            let mut matched = 0;
            let maxl = self.max_len.min(n - i);
            for len in (1..=maxl).rev() {
                // only start matches on tokens containing a letter or digit
                if let Some(&m) = self.map.get(&seq_hash(&toks[i..i + len])) {
                    if len == 1 {
                        out[i] = (m, 3);
                    } else {
                        out[i] = (m, 0);
                        for o in out.iter_mut().take(i + len - 1).skip(i + 1) {
                            *o = (m, 1);
                        }
                        out[i + len - 1] = (m, 2);
                    }
                    matched = len;
                    break;
                }
            }
            i += matched.max(1);
        }
    }
}

/// Document-level context: which word forms occur lower-cased / capitalised in
/// the document, and which labels were predicted for them earlier.
#[derive(Default)]
pub(crate) struct DocCtx {
    pub lc_seen: IdSet,
    pub cap_seen: IdSet,
    /// lower-cased form -> last predicted label (0 = O, 1..=4 entity type + 1)
    pub hist: IdMap<u8>,
}

/// True when a sentence looks like an all-caps headline.
pub(crate) fn is_headline(toks: &[Tok]) -> bool {
    let mut alpha = 0;
    for t in toks {
        if t.has_lower {
            return false;
        }
        if t.has_alpha {
            alpha += 1;
        }
    }
    alpha > 0
}

/// Function words that stay lower-case in Title Case headlines.
const TITLE_SMALL: [&str; 22] = [
    "a", "an", "the", "of", "in", "on", "for", "to", "and", "at", "by", "with", "from", "as", "or",
    "vs", "vs.", "but", "nor", "per", "via", "into",
];

fn title_small() -> &'static [u64; 22] {
    static H: std::sync::OnceLock<[u64; 22]> = std::sync::OnceLock::new();
    H.get_or_init(|| {
        let mut h = [0u64; 22];
        for (o, w) in h.iter_mut().zip(TITLE_SMALL) {
            *o = analyze(w).lower;
        }
        h
    })
}

/// True when a sentence looks like a Title Case headline: at least 3 words
/// with letters, all capitalised except short function words, and some
/// mixed-case words (all-caps headlines are handled by [`is_headline`]).
pub(crate) fn is_title(toks: &[Tok]) -> bool {
    let small = title_small();
    let mut cap = 0;
    for t in toks {
        if !t.has_alpha {
            continue;
        }
        if t.init_cap && t.has_lower {
            cap += 1;
        } else if t.first_lower && !small.contains(&t.lower) {
            return false;
        }
    }
    cap >= 3
}

impl DocCtx {
    /// Build the occurrence sets for a whole document.
    pub fn new(doc: &[Vec<Tok>]) -> Self {
        let mut d = DocCtx::default();
        for s in doc {
            let head = is_headline(s) || is_title(s);
            for (i, t) in s.iter().enumerate() {
                if t.first_lower {
                    d.lc_seen.insert(t.lower);
                } else if t.init_cap && i > 0 && !head {
                    d.cap_seen.insert(t.lower);
                }
            }
        }
        d
    }

    /// Remember predicted labels (BILOU tag ids) for capitalised tokens.
    pub fn record(&mut self, toks: &[Tok], tags: &[u8]) {
        for (t, &g) in toks.iter().zip(tags) {
            if t.init_cap || g != 0 {
                let lab = if g == 0 { 0 } else { (g - 1) / 4 + 1 };
                self.hist.insert(t.lower, lab);
            }
        }
    }
}

// Template ids.
const T_BIAS: u64 = 0;
const T_WORD: u64 = 1;
const T_LOWER: u64 = 2;
const T_SHAPE: u64 = 3;
const T_SHORT: u64 = 4;
const T_PRE: u64 = 5; // 5..=8
const T_SUF: u64 = 9; // 9..=12
const T_LM1: u64 = 13;
const T_LP1: u64 = 14;
const T_LM2: u64 = 15;
const T_LP2: u64 = 16;
const T_SM1: u64 = 17;
const T_SP1: u64 = 18;
const T_SM2: u64 = 19;
const T_SP2: u64 = 20;
const T_BI_L: u64 = 21;
const T_BI_R: u64 = 22;
const T_SHAPE3: u64 = 23;
const T_INIT: u64 = 24;
const T_HEAD: u64 = 25;
const T_GAZ: u64 = 26;
const T_GAZ_S: u64 = 27;
const T_DOC: u64 = 28;
const T_DOC_S: u64 = 29;
const T_HIST: u64 = 30;
const T_HIST_S: u64 = 31;
const T_LM1_S: u64 = 32;
const T_LP1_S: u64 = 33;
const T_GAZ_M1: u64 = 34;
const T_GAZ_P1: u64 = 35;
const T_CL: u64 = 36; // cluster prefixes of token i: 36..=39
const T_CLM1: u64 = 40;
const T_CLP1: u64 = 41;
const T_HIST_M1: u64 = 42;
const T_HIST_P1: u64 = 43;
const T_TITLE: u64 = 44;
const T_TITLE_L: u64 = 45;

const BOS: u64 = 0x1111_2222_3333_4444;
const EOS: u64 = 0x5555_6666_7777_8888;

/// Per-token cluster bit-string prefix hashes (0 = unknown word).
pub(crate) type ClusterFeats = [u64; 4];

/// Feature ids for every token of a sentence, flat.
#[derive(Default)]
pub(crate) struct SentFeats {
    pub feats: Vec<u64>,
    pub offs: Vec<usize>,
}

impl SentFeats {
    /// Features of token `i`.
    #[inline]
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offs[i]..self.offs[i + 1]]
    }
}

/// Extract features for one sentence.
pub(crate) fn sentence_features(
    toks: &[Tok],
    gaz: &[(u8, u8)],
    clusters: &[ClusterFeats],
    doc: &DocCtx,
    drop: &[bool],
    out: &mut SentFeats,
) {
    out.feats.clear();
    out.offs.clear();
    let n = toks.len();
    let head = is_headline(toks);
    let title = !head && is_title(toks);
    let lo = |j: isize| -> u64 {
        if j < 0 {
            BOS
        } else if j as usize >= n {
            EOS
        } else {
            toks[j as usize].lower
        }
    };
    let sh = |j: isize| -> u64 {
        if j < 0 {
            BOS
        } else if j as usize >= n {
            EOS
        } else {
            toks[j as usize].short
        }
    };
    let hist = |j: isize| -> u64 {
        if j < 0 || j as usize >= n {
            return 9;
        }
        match doc.hist.get(&toks[j as usize].lower) {
            Some(&l) => u64::from(l),
            None => 8,
        }
    };
    for (i, t) in toks.iter().enumerate() {
        out.offs.push(out.feats.len());
        let f = &mut out.feats;
        let ii = i as isize;
        f.push(f1(T_BIAS, 0));
        // word dropout (training only): hide the identity of the word so the
        // model learns to handle unknown words from shape, affixes and context
        let lexical = !drop.get(i).copied().unwrap_or(false);
        if lexical {
            f.push(f1(T_WORD, t.word));
            f.push(f1(T_LOWER, t.lower));
            f.push(f2(T_BI_L, lo(ii - 1), t.lower));
            f.push(f2(T_BI_R, t.lower, lo(ii + 1)));
        }
        f.push(f1(T_SHAPE, t.shape));
        f.push(f1(T_SHORT, t.short));
        let nc = t.n_chars as usize;
        // long affixes are nearly word identities: dropped with the word
        let kmax = if lexical { 4 } else { 2 };
        for k in 0..kmax.min(nc) {
            f.push(f1(T_PRE + k as u64, t.pre[k]));
            f.push(f1(T_SUF + k as u64, t.suf[k]));
        }
        f.push(f1(T_LM1, lo(ii - 1)));
        f.push(f1(T_LP1, lo(ii + 1)));
        f.push(f1(T_LM2, lo(ii - 2)));
        f.push(f1(T_LP2, lo(ii + 2)));
        f.push(f1(T_SM1, sh(ii - 1)));
        f.push(f1(T_SP1, sh(ii + 1)));
        f.push(f1(T_SM2, sh(ii - 2)));
        f.push(f1(T_SP2, sh(ii + 2)));
        f.push(f3(T_SHAPE3, sh(ii - 1), t.short, sh(ii + 1)));
        f.push(f2(T_LM1_S, lo(ii - 1), t.short));
        f.push(f2(T_LP1_S, t.short, lo(ii + 1)));
        if i == 0 {
            f.push(f1(T_INIT, t.short));
        }
        if head {
            f.push(f1(T_HEAD, t.short));
        }
        if title {
            f.push(f1(T_TITLE, t.short));
            f.push(f2(T_TITLE_L, t.short, lo(ii - 1)));
        }
        if let Some(&(m, pos)) = gaz.get(i) {
            if m != 0 {
                for ty in 0..4u64 {
                    if m & (1 << ty) != 0 {
                        f.push(f2(T_GAZ, ty, u64::from(pos)));
                        f.push(f3(T_GAZ_S, ty, u64::from(pos), t.short));
                    }
                }
            }
        }
        let gm = |j: isize| -> u64 {
            if j < 0 || j as usize >= n {
                return 0xff;
            }
            gaz.get(j as usize).map_or(0, |&(m, _)| u64::from(m))
        };
        f.push(f1(T_GAZ_M1, gm(ii - 1)));
        f.push(f1(T_GAZ_P1, gm(ii + 1)));
        if t.init_cap {
            let flags = u64::from(doc.lc_seen.contains(&t.lower))
                | u64::from(doc.cap_seen.contains(&t.lower)) << 1
                | u64::from(i == 0) << 2
                | u64::from(head) << 3
                | u64::from(t.all_caps) << 4;
            f.push(f1(T_DOC, flags));
            f.push(f2(T_DOC_S, flags, t.short));
        }
        let h0 = hist(ii);
        if h0 != 8 {
            f.push(f1(T_HIST, h0));
            f.push(f2(T_HIST_S, h0, t.short));
        }
        f.push(f2(T_HIST_M1, hist(ii - 1), h0));
        f.push(f2(T_HIST_P1, h0, hist(ii + 1)));
        if let Some(c) = clusters.get(i) {
            if c[0] != 0 && lexical {
                for (k, &p) in c.iter().enumerate() {
                    f.push(f1(T_CL + k as u64, p));
                }
            }
            if i > 0 {
                if let Some(cm) = clusters.get(i - 1) {
                    f.push(f1(T_CLM1, cm[1]));
                }
            }
            if let Some(cp) = clusters.get(i + 1) {
                f.push(f1(T_CLP1, cp[1]));
            }
        }
    }
    out.offs.push(out.feats.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_quotes_normalised() {
        assert_eq!(analyze("\u{2019}s").word, analyze("'s").word);
        assert_eq!(analyze("\u{201C}").word, analyze("\"").word);
        assert_eq!(analyze("``").word, analyze("\"").word);
    }

    #[test]
    fn case_features() {
        let a = analyze("Paris");
        assert!(a.init_cap && !a.all_caps && a.has_lower);
        let b = analyze("PARIS");
        assert!(b.all_caps && b.lower == a.lower && b.word != a.word);
        assert_eq!(analyze("Xx").shape, analyze("Ab").shape);
        assert_eq!(analyze("Paris").short, analyze("London").short);
        let e = analyze("");
        assert_eq!(e.n_chars, 0);
    }

    #[test]
    fn title_case_detection() {
        let t = |s: &str| -> Vec<Tok> { s.split(' ').map(analyze).collect() };
        assert!(is_title(&t(
            "Storm Forces Thousands to Flee Homes in Brazil"
        )));
        assert!(!is_title(&t(
            "Ukrainian President Volodymyr Zelenskiy visited Kyiv ."
        )));
        assert!(!is_title(&t("STORM FORCES THOUSANDS TO FLEE")));
    }

    #[test]
    fn gazetteer_longest_match() {
        let toks: Vec<Tok> = ["in", "New", "York", "City", "today"]
            .iter()
            .map(|w| analyze(w))
            .collect();
        let mut g = Gazetteer::default();
        g.add(&toks[1..3], 2);
        g.add(&toks[1..4], 1);
        let mut out = Vec::new();
        g.annotate(&toks, &mut out);
        assert_eq!(out, vec![(0, 0), (2, 0), (2, 1), (2, 2), (0, 0)]);
    }
}
