//! Tag set (BILOU), constrained Viterbi decoding and the binary model format.

use std::io::{Read, Write};

use crate::feats::{
    analyze, sentence_features, ClusterFeats, DocCtx, Gazetteer, IdMap, SentFeats, Tok,
};

/// Number of BILOU tags: O + {B,I,L,U} x {PER,ORG,LOC,MISC}.
pub(crate) const NT: usize = 17;
/// Entity type names in tag order.
pub(crate) const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Kind of a tag: 0=B, 1=I, 2=L, 3=U (undefined for O).
#[inline]
pub(crate) fn kind(t: usize) -> usize {
    (t - 1) % 4
}
/// Entity type index of a non-O tag.
#[inline]
pub(crate) fn typ(t: usize) -> usize {
    (t - 1) / 4
}
/// Tag id for type `ty` and kind `k`.
#[inline]
pub(crate) fn tag_id(ty: usize, k: usize) -> usize {
    1 + ty * 4 + k
}

/// Is `cur` allowed after `prev` (`None` = sentence start)?
pub(crate) fn allowed(prev: Option<usize>, cur: usize) -> bool {
    let open = |p: usize| p != 0 && kind(p) <= 1;
    match prev {
        Some(p) if open(p) => cur != 0 && typ(cur) == typ(p) && (kind(cur) == 1 || kind(cur) == 2),
        _ => cur == 0 || kind(cur) == 0 || kind(cur) == 3,
    }
}

/// Can a sentence end with tag `t`?
#[inline]
pub(crate) fn can_end(t: usize) -> bool {
    t == 0 || kind(t) >= 2
}

/// Constraint mask added to transition scores: rows = prev+1 (row 0 = start).
pub(crate) fn constraint_mask() -> Vec<f32> {
    let mut m = vec![0.0f32; (NT + 1) * NT];
    for p in 0..=NT {
        for c in 0..NT {
            let prev = if p == 0 { None } else { Some(p - 1) };
            if !allowed(prev, c) {
                m[p * NT + c] = f32::NEG_INFINITY;
            }
        }
    }
    m
}

/// For every tag, the previous tags allowed before it (only these are searched).
fn allowed_prevs() -> &'static [([u8; NT], usize); NT] {
    static P: std::sync::OnceLock<[([u8; NT], usize); NT]> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut t = [([0u8; NT], 0usize); NT];
        for (c, (ps, np)) in t.iter_mut().enumerate() {
            for p in 0..NT {
                if allowed(Some(p), c) {
                    ps[*np] = p as u8;
                    *np += 1;
                }
            }
        }
        t
    })
}

/// Constrained Viterbi over emission scores (`n * NT`) and transitions
/// (`(NT+1) * NT`, already including the constraint mask).
pub(crate) fn viterbi(scores: &[f32], trans: &[f32], n: usize, out: &mut Vec<u8>) {
    out.clear();
    if n == 0 {
        return;
    }
    let mut delta = [0f32; NT];
    let mut next = [0f32; NT];
    let mut back = vec![0u8; n * NT];
    for c in 0..NT {
        delta[c] = trans[c] + scores[c];
    }
    let prevs = allowed_prevs();
    for i in 1..n {
        let s = &scores[i * NT..(i + 1) * NT];
        for c in 0..NT {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0usize;
            let (ps, np) = &prevs[c];
            for &p in &ps[..*np] {
                let p = p as usize;
                let v = delta[p] + trans[(p + 1) * NT + c];
                if v > best {
                    best = v;
                    arg = p;
                }
            }
            next[c] = best + s[c];
            back[i * NT + c] = arg as u8;
        }
        delta = next;
    }
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0usize;
    for (c, &d) in delta.iter().enumerate() {
        if can_end(c) && d > best {
            best = d;
            arg = c;
        }
    }
    out.resize(n, 0);
    out[n - 1] = arg as u8;
    for i in (1..n).rev() {
        arg = back[i * NT + arg] as usize;
        out[i - 1] = arg as u8;
    }
}

/// Sum emission weights for every token. `lookup` maps a feature id to a row.
#[inline]
pub(crate) fn emission_scores(
    sf: &SentFeats,
    n: usize,
    index: &IdMap<u32>,
    w: &[f32],
    scores: &mut Vec<f32>,
) {
    scores.clear();
    scores.resize(n * NT, 0.0);
    for i in 0..n {
        let row = &mut scores[i * NT..(i + 1) * NT];
        for f in sf.token(i) {
            if let Some(&r) = index.get(f) {
                let r = r as usize * NT;
                let wr = &w[r..r + NT];
                for (a, b) in row.iter_mut().zip(wr) {
                    *a += *b;
                }
            }
        }
    }
}

/// Convert BILOU tag ids to IOB2 strings.
pub(crate) fn to_iob2(tags: &[u8]) -> Vec<String> {
    tags.iter()
        .map(|&t| {
            let t = t as usize;
            if t == 0 || t >= NT {
                "O".to_string()
            } else {
                let p = if kind(t) == 0 || kind(t) == 3 {
                    "B-"
                } else {
                    "I-"
                };
                format!("{p}{}", TYPES[typ(t)])
            }
        })
        .collect()
}

/// Cluster table: lower-cased word hash -> prefix hashes.
pub(crate) type Clusters = IdMap<ClusterFeats>;

/// A trained model ready for inference.
pub(crate) struct Model {
    pub index: IdMap<u32>,
    /// Quantised weights, `rows * NT`; real weight = `q * scale`.
    pub w: Vec<i16>,
    /// Quantisation step of `w`.
    pub scale: f32,
    /// Transition weights + constraint mask, `(NT+1) * NT`.
    pub trans: Vec<f32>,
    pub gaz: Gazetteer,
    pub clusters: Clusters,
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub(crate) struct Scratch {
    pub sf: SentFeats,
    pub gaz: Vec<(u8, u8)>,
    pub cl: Vec<ClusterFeats>,
    pub scores: Vec<f32>,
}

/// Look up cluster features for tokens.
pub(crate) fn cluster_feats(clusters: &Clusters, toks: &[Tok], out: &mut Vec<ClusterFeats>) {
    out.clear();
    if clusters.is_empty() {
        return;
    }
    out.extend(
        toks.iter()
            .map(|t| clusters.get(&t.lower).copied().unwrap_or([0; 4])),
    );
}

/// Quantisation step for weights `w` (max |w| maps to 32767).
pub(crate) fn quant_scale(w: &[f32]) -> f32 {
    w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6) / 32767.0
}

/// Quantise weights to i16 with step `scale`.
pub(crate) fn quantize(w: &[f32], scale: f32) -> Vec<i16> {
    w.iter()
        .map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect()
}

impl Model {
    /// Emission scores from the quantised weights (integer accumulation:
    /// half the memory traffic of f32 rows).
    #[inline]
    fn emission_scores(&self, sf: &SentFeats, n: usize, scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(n * NT, 0.0);
        for i in 0..n {
            let mut acc = [0i32; NT];
            for f in sf.token(i) {
                if let Some(&r) = self.index.get(f) {
                    let r = r as usize * NT;
                    if let Some(wr) = self.w.get(r..r + NT) {
                        for (a, &b) in acc.iter_mut().zip(wr) {
                            *a += i32::from(b);
                        }
                    }
                }
            }
            for (o, a) in scores[i * NT..(i + 1) * NT].iter_mut().zip(acc) {
                *o = a as f32 * self.scale;
            }
        }
    }

    /// Tag a document given as sentences of tokens; returns BILOU ids.
    pub fn tag_doc(&self, sentences: &[Vec<&str>]) -> Vec<Vec<u8>> {
        let toks: Vec<Vec<Tok>> = sentences
            .iter()
            .map(|s| s.iter().map(|w| analyze(w)).collect())
            .collect();
        let mut doc = DocCtx::new(&toks);
        let mut sc = Scratch::default();
        let mut res = Vec::with_capacity(toks.len());
        for t in &toks {
            let mut out = Vec::new();
            self.tag_toks(t, &doc, &mut sc, &mut out);
            doc.record(t, &out);
            res.push(out);
        }
        res
    }

    /// Tag one analysed sentence.
    pub fn tag_toks(&self, toks: &[Tok], doc: &DocCtx, sc: &mut Scratch, out: &mut Vec<u8>) {
        let n = toks.len();
        self.gaz.annotate(toks, &mut sc.gaz);
        cluster_feats(&self.clusters, toks, &mut sc.cl);
        sentence_features(toks, &sc.gaz, &sc.cl, doc, &[], &mut sc.sf);
        self.emission_scores(&sc.sf, n, &mut sc.scores);
        viterbi(&sc.scores, &self.trans, n, out);
    }

    /// Serialise (quantised to i16, gzip-compressed).
    pub fn save<W: Write>(
        index: &IdMap<u32>,
        w: &[f32],
        trans: &[f32],
        gaz: &Gazetteer,
        clusters: &Clusters,
        prune: f32,
        out: W,
    ) -> std::io::Result<usize> {
        let mut enc = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        let mut rows: Vec<(u64, u32)> = index
            .iter()
            .filter(|(_, &r)| {
                let r = r as usize * NT;
                w.get(r..r + NT)
                    .is_some_and(|row| row.iter().any(|x| x.abs() > prune))
            })
            .map(|(&k, &r)| (k, r))
            .collect();
        rows.sort_unstable();
        let maxw = rows
            .iter()
            .flat_map(|&(_, r)| w[r as usize * NT..r as usize * NT + NT].iter())
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(1e-6);
        let scale = maxw / 32767.0;
        let mut buf: Vec<u8> = Vec::new();
        buf.extend_from_slice(b"SLNER01\0");
        buf.extend_from_slice(&(NT as u32).to_le_bytes());
        for &t in trans.iter().take((NT + 1) * NT) {
            let t = if t.is_finite() { t } else { 0.0 };
            buf.extend_from_slice(&t.to_le_bytes());
        }
        let mut g: Vec<(u64, u8)> = gaz.map.iter().map(|(&k, &v)| (k, v)).collect();
        g.sort_unstable();
        buf.extend_from_slice(&(gaz.max_len as u32).to_le_bytes());
        buf.extend_from_slice(&(g.len() as u32).to_le_bytes());
        for &(k, _) in &g {
            buf.extend_from_slice(&k.to_le_bytes());
        }
        for &(_, v) in &g {
            buf.push(v);
        }
        let mut c: Vec<(u64, ClusterFeats)> = clusters.iter().map(|(&k, &v)| (k, v)).collect();
        c.sort_unstable();
        buf.extend_from_slice(&(c.len() as u32).to_le_bytes());
        for &(k, v) in &c {
            buf.extend_from_slice(&k.to_le_bytes());
            for x in v {
                buf.extend_from_slice(&x.to_le_bytes());
            }
        }
        buf.extend_from_slice(&scale.to_le_bytes());
        buf.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for &(k, _) in &rows {
            buf.extend_from_slice(&k.to_le_bytes());
        }
        // column-major per tag improves compression (many zeros per tag)
        for t in 0..NT {
            for &(_, r) in &rows {
                let x = w[r as usize * NT + t];
                let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
                buf.extend_from_slice(&q.to_le_bytes());
            }
        }
        enc.write_all(&buf)?;
        enc.finish()?;
        Ok(rows.len())
    }

    /// Load a model written by [`Model::save`].
    pub fn load(gz: &[u8]) -> Result<Model, String> {
        let mut data = Vec::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut data)
            .map_err(|e| format!("gzip: {e}"))?;
        let mut r = Reader { d: &data, p: 0 };
        if r.take(8)? != b"SLNER01\0" {
            return Err("bad magic".into());
        }
        if r.u32()? as usize != NT {
            return Err("bad tag count".into());
        }
        let mut trans = Vec::with_capacity((NT + 1) * NT);
        for _ in 0..(NT + 1) * NT {
            trans.push(r.f32()?);
        }
        let mask = constraint_mask();
        for (t, m) in trans.iter_mut().zip(&mask) {
            *t += *m;
        }
        let max_len = r.u32()? as usize;
        let ng = r.u32()? as usize;
        r.check(ng, 9)?;
        let mut keys = Vec::with_capacity(ng);
        for _ in 0..ng {
            keys.push(r.u64()?);
        }
        let vals = r.take(ng)?;
        let mut gaz = Gazetteer {
            map: IdMap::default(),
            max_len,
        };
        gaz.map.reserve(ng);
        for (k, &v) in keys.iter().zip(vals) {
            gaz.map.insert(*k, v);
        }
        let nc = r.u32()? as usize;
        r.check(nc, 40)?;
        let mut clusters = Clusters::default();
        clusters.reserve(nc);
        for _ in 0..nc {
            let k = r.u64()?;
            let v = [r.u64()?, r.u64()?, r.u64()?, r.u64()?];
            clusters.insert(k, v);
        }
        let scale = r.f32()?;
        let nf = r.u32()? as usize;
        r.check(nf, 8 + 2 * NT)?;
        let mut index = IdMap::default();
        index.reserve(nf);
        for i in 0..nf {
            index.insert(r.u64()?, i as u32);
        }
        let mut w = vec![0i16; nf * NT];
        let raw = r.take(nf * NT * 2)?;
        for t in 0..NT {
            for i in 0..nf {
                let o = (t * nf + i) * 2;
                w[i * NT + t] = i16::from_le_bytes([raw[o], raw[o + 1]]);
            }
        }
        Ok(Model {
            index,
            w,
            scale,
            trans,
            gaz,
            clusters,
        })
    }
}

struct Reader<'a> {
    d: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    /// Fail early (before allocating) if `n` records of `size` bytes cannot fit.
    fn check(&self, n: usize, size: usize) -> Result<(), String> {
        match n.checked_mul(size) {
            Some(b) if b <= self.d.len().saturating_sub(self.p) => Ok(()),
            _ => Err("truncated or corrupt model".into()),
        }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.p.checked_add(n).ok_or("overflow")?;
        let s = self.d.get(self.p..end).ok_or("truncated model")?;
        self.p = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints() {
        assert!(allowed(None, 0));
        assert!(allowed(None, tag_id(0, 0)));
        assert!(!allowed(None, tag_id(0, 1)));
        assert!(allowed(Some(tag_id(1, 0)), tag_id(1, 2)));
        assert!(!allowed(Some(tag_id(1, 0)), tag_id(2, 2)));
        assert!(!allowed(Some(tag_id(1, 0)), 0));
        assert!(allowed(Some(tag_id(1, 3)), 0));
    }

    #[test]
    fn viterbi_valid_even_with_bad_scores() {
        let mask = constraint_mask();
        let n = 3;
        let mut scores = vec![0f32; n * NT];
        // strongly prefer I-PER everywhere: decoder must still produce valid BILOU
        for i in 0..n {
            scores[i * NT + tag_id(0, 1)] = 10.0;
        }
        let mut out = Vec::new();
        viterbi(&scores, &mask, n, &mut out);
        assert_eq!(out.len(), n);
        let mut prev = None;
        for &t in &out {
            assert!(allowed(prev, t as usize));
            prev = Some(t as usize);
        }
        assert!(can_end(out[n - 1] as usize));
    }

    #[test]
    fn corrupt_models_are_errors() {
        assert!(Model::load(b"").is_err());
        assert!(Model::load(b"not gzip at all").is_err());
        let mut gz = Vec::new();
        {
            let mut e = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::fast());
            let mut b = b"SLNER01\0".to_vec();
            b.extend_from_slice(&(NT as u32).to_le_bytes());
            b.extend_from_slice(&[0u8; (NT + 1) * NT * 4]);
            b.extend_from_slice(&[0xff; 8]); // absurd gazetteer size
            e.write_all(&b).ok();
            e.finish().ok();
        }
        assert!(Model::load(&gz).is_err());
    }

    #[test]
    fn iob2_conversion() {
        let t = [
            0u8,
            tag_id(0, 0) as u8,
            tag_id(0, 2) as u8,
            tag_id(2, 3) as u8,
        ];
        assert_eq!(to_iob2(&t), vec!["O", "B-PER", "I-PER", "B-LOC"]);
    }
}
