//! Minimal binary (de)serialisation for model files, gzip-compressed.

use std::io::{Read, Write};

/// Error while reading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The data ended early or was malformed.
    #[error("corrupt model data: {0}")]
    Corrupt(&'static str),
    /// I/O error (decompression).
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// Appends primitive values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    /// The bytes written so far.
    pub buf: Vec<u8>,
}

impl Writer {
    /// Writes an unsigned LEB128 varint.
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                break;
            }
            self.buf.push(b | 0x80);
        }
    }
    /// Writes a zig-zag signed varint.
    pub fn svarint(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    /// Writes a string (length-prefixed).
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    /// Writes an f32.
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Gzip-compresses the buffer.
    pub fn gzip(&self) -> std::io::Result<Vec<u8>> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&self.buf)?;
        enc.finish()
    }
}

/// Reads primitive values from a byte slice.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Creates a reader over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }
    /// Reads an unsigned varint.
    pub fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *self.data.get(self.pos).ok_or(ModelError::Corrupt("eof"))?;
            self.pos += 1;
            if shift >= 64 {
                return Err(ModelError::Corrupt("varint"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    /// Reads a usize varint bounded by `max`.
    pub fn len(&mut self, max: usize) -> Result<usize, ModelError> {
        let v = self.varint()?;
        if v > max as u64 {
            return Err(ModelError::Corrupt("length"));
        }
        Ok(v as usize)
    }
    /// Reads a zig-zag signed varint.
    pub fn svarint(&mut self) -> Result<i64, ModelError> {
        let u = self.varint()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }
    /// Reads a string.
    pub fn str(&mut self) -> Result<String, ModelError> {
        let n = self.len(1 << 20)?;
        let end = self.pos.checked_add(n).ok_or(ModelError::Corrupt("str"))?;
        let bytes = self
            .data
            .get(self.pos..end)
            .ok_or(ModelError::Corrupt("eof"))?;
        self.pos = end;
        String::from_utf8(bytes.to_vec()).map_err(|_| ModelError::Corrupt("utf8"))
    }
    /// Reads an f32.
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        let bytes = self
            .data
            .get(self.pos..self.pos + 4)
            .ok_or(ModelError::Corrupt("eof"))?;
        self.pos += 4;
        let mut a = [0u8; 4];
        a.copy_from_slice(bytes);
        Ok(f32::from_le_bytes(a))
    }
}

/// Decompresses gzip data.
pub fn gunzip(data: &[u8]) -> Result<Vec<u8>, ModelError> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data).read_to_end(&mut out)?;
    Ok(out)
}

/// A trained linear model: feature key -> row of `ncols` weights (averaged perceptron, lazily allocated rows).
pub struct Perceptron {
    /// Number of classes (columns).
    pub ncols: usize,
    /// Feature key -> row index.
    pub index: crate::hash::IdMap<u64, u32>,
    /// Current weights, row-major.
    pub w: Vec<f32>,
    /// Accumulated `c * delta` for averaging.
    pub u: Vec<f32>,
    /// Update counter.
    pub c: f32,
}

impl Perceptron {
    /// New empty model.
    pub fn new(ncols: usize) -> Self {
        Perceptron {
            ncols,
            index: Default::default(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1.0,
        }
    }
    /// Adds the scores of the features to `scores`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let base = r as usize * self.ncols;
                for (s, w) in scores.iter_mut().zip(&self.w[base..base + self.ncols]) {
                    *s += *w;
                }
            }
        }
    }
    fn row(&mut self, f: u64) -> usize {
        let n = self.index.len() as u32;
        let ncols = self.ncols;
        let r = *self.index.entry(f).or_insert(n);
        if r == n {
            self.w.resize(self.w.len() + ncols, 0.0);
            self.u.resize(self.u.len() + ncols, 0.0);
        }
        r as usize * ncols
    }
    /// Adds `delta` to column `col` for each feature.
    pub fn update(&mut self, feats: &[u64], col: usize, delta: f32) {
        let c = self.c;
        for &f in feats {
            let b = self.row(f) + col;
            self.w[b] += delta;
            self.u[b] += c * delta;
        }
    }
    /// Advances the averaging clock (call once per training instance).
    pub fn tick(&mut self) {
        self.c += 1.0;
    }
    /// Replaces weights by their averages.
    pub fn average(&mut self) {
        let c = self.c;
        for (w, u) in self.w.iter_mut().zip(&self.u) {
            *w -= *u / c;
        }
        self.u = Vec::new();
    }
}

/// A compact, quantised, read-only linear model keyed by 32-bit feature keys.
pub struct Linear {
    /// Number of classes.
    pub ncols: usize,
    index: crate::hash::IdMap<u32, u32>,
    /// Row-major weights.
    w: Vec<f32>,
}

impl Linear {
    /// Key used at inference for a 64-bit feature hash.
    #[inline]
    pub fn key(f: u64) -> u32 {
        (f >> 32) as u32
    }
    /// Adds feature scores into `scores`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.index.get(&Self::key(*f)) {
                let base = r as usize * self.ncols;
                if let Some(row) = self.w.get(base..base + self.ncols) {
                    for (s, w) in scores.iter_mut().zip(row) {
                        *s += *w;
                    }
                }
            }
        }
    }
    /// Builds from a trained (averaged) perceptron, pruning rows whose largest weight is below `prune`
    /// (relative to the global max) and quantising to 16 bits. Returns the serialized form too.
    pub fn from_perceptron(p: &Perceptron, prune: f32, out: &mut Writer) -> Linear {
        let ncols = p.ncols;
        let maxw = p.w.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let scale = maxw / 32000.0;
        let mut rows: Vec<(u32, Vec<i16>)> = Vec::new();
        let mut by_key: std::collections::BTreeMap<u32, Vec<i32>> = Default::default();
        for (&f, &r) in &p.index {
            let row = &p.w[r as usize * ncols..(r as usize + 1) * ncols];
            let m = row.iter().fold(0f32, |m, w| m.max(w.abs()));
            if m < prune * maxw {
                continue;
            }
            let e = by_key.entry(Self::key(f)).or_insert_with(|| vec![0; ncols]);
            for (a, w) in e.iter_mut().zip(row) {
                *a += (w / scale).round() as i32;
            }
        }
        for (k, v) in by_key {
            let q: Vec<i16> = v.iter().map(|&x| x.clamp(-32767, 32767) as i16).collect();
            if q.iter().any(|&x| x != 0) {
                rows.push((k, q));
            }
        }
        out.varint(ncols as u64);
        out.f32(scale);
        out.varint(rows.len() as u64);
        let mut prev = 0u32;
        for (k, _) in &rows {
            out.varint(u64::from(k - prev));
            prev = *k;
        }
        // column-major for better compression
        for c in 0..ncols {
            for (_, q) in &rows {
                out.svarint(i64::from(q[c]));
            }
        }
        let mut lin = Linear {
            ncols,
            index: Default::default(),
            w: Vec::with_capacity(rows.len() * ncols),
        };
        lin.index.reserve(rows.len());
        for (i, (k, q)) in rows.iter().enumerate() {
            lin.index.insert(*k, i as u32);
            lin.w.extend(q.iter().map(|&x| f32::from(x) * scale));
        }
        lin
    }
    /// Reads a model written by [`Linear::from_perceptron`].
    pub fn read(r: &mut Reader) -> Result<Linear, ModelError> {
        let ncols = r.len(4096)?;
        let scale = r.f32()?;
        let n = r.len(1 << 26)?;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            prev += r.varint()?;
            keys.push(u32::try_from(prev).map_err(|_| ModelError::Corrupt("key"))?);
        }
        let mut w = vec![0f32; n * ncols];
        for c in 0..ncols {
            for i in 0..n {
                w[i * ncols + c] = r.svarint()? as f32 * scale;
            }
        }
        let mut index: crate::hash::IdMap<u32, u32> = Default::default();
        index.reserve(n);
        for (i, k) in keys.into_iter().enumerate() {
            index.insert(k, i as u32);
        }
        Ok(Linear { ncols, index, w })
    }
    /// An empty model (all scores zero).
    pub fn empty(ncols: usize) -> Linear {
        Linear {
            ncols,
            index: Default::default(),
            w: Vec::new(),
        }
    }
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.index.len()
    }
}
