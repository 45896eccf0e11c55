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
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(7));
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
    /// Number of updates that touched each row.
    pub nupd: Vec<u32>,
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
            nupd: Vec::new(),
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
            self.nupd.push(0);
        }
        self.nupd[r as usize] = self.nupd[r as usize].saturating_add(1);
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
    /// A copy holding the averaged weights (for evaluation during training).
    pub fn averaged(&self) -> Perceptron {
        let c = self.c;
        Perceptron {
            ncols: self.ncols,
            index: self.index.clone(),
            w: self.w.iter().zip(&self.u).map(|(w, u)| w - u / c).collect(),
            u: Vec::new(),
            c,
            nupd: Vec::new(),
        }
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
///
/// Rows live in an open-addressing table (`slots`: key, row position) so that a lookup costs
/// one probe plus one read of the row. Narrow tables store rows densely as `i16`; wide ones
/// (more than [`SPARSE_MIN_COLS`] columns) store `(column, value)` cells behind a count.
/// Scores are accumulated as integers and scaled once.
pub struct Linear {
    /// Number of classes.
    pub ncols: usize,
    scale: f32,
    rows: usize,
    mask: usize,
    /// `[key, position]`; key 0 marks an empty slot.
    slots: Vec<[u32; 2]>,
    /// Dense: `rows * ncols` values. Sparse: per row a count followed by `col << 16 | value` cells.
    data: Vec<u32>,
    dense: Vec<i16>,
}

/// Tables with more columns than this are stored sparsely.
pub const SPARSE_MIN_COLS: usize = 8;
const MAX_ACC: usize = 256;

impl Linear {
    /// Key used at inference for a 64-bit feature hash (never 0).
    #[inline]
    pub fn key(f: u64) -> u32 {
        ((f >> 32) as u32).max(1)
    }
    fn sparse(&self) -> bool {
        self.ncols > SPARSE_MIN_COLS
    }
    #[inline]
    fn find(&self, key: u32) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = (key.wrapping_mul(0x9e37_79b1) as usize) & self.mask;
        loop {
            let [k, pos] = self.slots[i];
            if k == key {
                return Some(pos as usize);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
    /// Adds feature scores into `scores`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        // phase 1: independent probes (lets the CPU overlap the cache misses)
        let mut pos = [0u32; 192];
        let mut m = 0;
        for f in feats.iter().take(pos.len()) {
            if let Some(p) = self.find(Self::key(*f)) {
                pos[m] = p as u32;
                m += 1;
            }
        }
        let pos = &pos[..m];
        if self.ncols <= 32 {
            let mut acc = [0i32; 32];
            self.accumulate(pos, &mut acc, scores);
        } else {
            let mut acc = [0i32; MAX_ACC];
            self.accumulate(pos, &mut acc, scores);
        }
    }
    #[inline]
    fn accumulate(&self, pos: &[u32], acc: &mut [i32], scores: &mut [f32]) {
        let nc = self.ncols.min(scores.len()).min(acc.len());
        if self.sparse() {
            for &p in pos {
                let p = p as usize;
                let cnt = self.data.get(p).copied().unwrap_or(0) as usize;
                if let Some(cells) = self.data.get(p + 1..p + 1 + cnt) {
                    for &c in cells {
                        let col = (c >> 16) as usize;
                        if col < nc {
                            acc[col] += i32::from(c as u16 as i16);
                        }
                    }
                }
            }
        } else {
            for &p in pos {
                let p = p as usize;
                if let Some(row) = self.dense.get(p..p + self.ncols) {
                    for (a, &w) in acc[..nc].iter_mut().zip(row) {
                        *a += i32::from(w);
                    }
                }
            }
        }
        for (s, a) in scores[..nc].iter_mut().zip(&acc[..nc]) {
            *s += *a as f32 * self.scale;
        }
    }
    /// An empty model (all scores zero).
    pub fn empty(ncols: usize) -> Linear {
        Linear {
            ncols,
            scale: 1.0,
            rows: 0,
            mask: 0,
            slots: Vec::new(),
            data: Vec::new(),
            dense: Vec::new(),
        }
    }
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// Number of stored cells.
    pub fn cells(&self) -> usize {
        if self.sparse() {
            self.data.len().saturating_sub(self.rows)
        } else {
            self.dense.len()
        }
    }
    /// Builds the table from keys and row positions (data already filled in).
    fn with_slots(mut self, keys: &[u32], positions: &[usize]) -> Linear {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        self.rows = keys.len();
        self.mask = cap - 1;
        self.slots = vec![[0u32; 2]; cap];
        for (k, &pos) in keys.iter().zip(positions) {
            let mut i = (k.wrapping_mul(0x9e37_79b1) as usize) & self.mask;
            while self.slots[i][0] != 0 && self.slots[i][0] != *k {
                i = (i + 1) & self.mask;
            }
            self.slots[i] = [*k, pos as u32];
        }
        self
    }
    fn build(ncols: usize, scale: f32, keys: &[u32], rows: Vec<Vec<i16>>) -> Linear {
        let mut lin = Linear::empty(ncols);
        lin.scale = scale;
        let sparse = ncols > SPARSE_MIN_COLS;
        let mut positions = Vec::with_capacity(keys.len());
        for q in rows {
            if sparse {
                positions.push(lin.data.len());
                let nz: Vec<u32> = q
                    .iter()
                    .enumerate()
                    .filter(|x| *x.1 != 0)
                    .map(|(c, &v)| ((c as u32) << 16) | u32::from(v as u16))
                    .collect();
                lin.data.push(nz.len() as u32);
                lin.data.extend(nz);
            } else {
                positions.push(lin.dense.len());
                lin.dense.extend(q);
            }
        }
        lin.with_slots(keys, &positions)
    }
    /// Builds from a trained (averaged) perceptron, dropping rows updated fewer than `min_upd`
    /// times, cells with `|w| < prune` and rows left empty, quantising to 16 bits (step
    /// `prune / 2` when pruning), and serialising into `out`.
    pub fn from_perceptron(p: &Perceptron, prune: f32, min_upd: u32, out: &mut Writer) -> Linear {
        let ncols = p.ncols;
        let maxw = p.w.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
        let scale = (maxw / 32000.0).max(prune / 2.0);
        let mut by_key: std::collections::BTreeMap<u32, Vec<i32>> = Default::default();
        for (&f, &r) in &p.index {
            if p.nupd.get(r as usize).copied().unwrap_or(0) < min_upd {
                continue;
            }
            let row = &p.w[r as usize * ncols..(r as usize + 1) * ncols];
            if row.iter().all(|w| w.abs() < prune) {
                continue;
            }
            let e = by_key.entry(Self::key(f)).or_insert_with(|| vec![0; ncols]);
            for (a, w) in e.iter_mut().zip(row) {
                if w.abs() >= prune {
                    *a += (w / scale).round() as i32;
                }
            }
        }
        let rows: Vec<(u32, Vec<i16>)> = by_key
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    v.iter()
                        .map(|&x| x.clamp(-32767, 32767) as i16)
                        .collect::<Vec<i16>>(),
                )
            })
            .filter(|(_, q)| q.iter().any(|&x| x != 0))
            .collect();
        out.varint(ncols as u64);
        out.f32(scale);
        out.varint(rows.len() as u64);
        let mut prev = 0u32;
        for (k, _) in &rows {
            out.varint(u64::from(k - prev));
            prev = *k;
        }
        if ncols > SPARSE_MIN_COLS {
            for (_, q) in &rows {
                let nz: Vec<(usize, i16)> =
                    q.iter().copied().enumerate().filter(|x| x.1 != 0).collect();
                out.varint(nz.len() as u64);
                let mut pc = 0usize;
                for (c, v) in nz {
                    out.varint((c - pc) as u64);
                    pc = c;
                    out.svarint(i64::from(v));
                }
            }
        } else {
            // column-major for better compression
            for c in 0..ncols {
                for (_, q) in &rows {
                    out.svarint(i64::from(q[c]));
                }
            }
        }
        let keys: Vec<u32> = rows.iter().map(|r| r.0).collect();
        Linear::build(ncols, scale, &keys, rows.into_iter().map(|r| r.1).collect())
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
            keys.push(
                u32::try_from(prev)
                    .map_err(|_| ModelError::Corrupt("key"))?
                    .max(1),
            );
        }
        let mut lin = Linear::empty(ncols);
        lin.scale = scale;
        let mut positions = Vec::with_capacity(n);
        if ncols > SPARSE_MIN_COLS {
            for _ in 0..n {
                positions.push(lin.data.len());
                let m = r.len(ncols)?;
                lin.data.push(m as u32);
                let mut c = 0usize;
                for _ in 0..m {
                    c += r.len(ncols)?;
                    if c >= ncols {
                        return Err(ModelError::Corrupt("column"));
                    }
                    let v = r.svarint()?.clamp(-32767, 32767) as i16;
                    lin.data.push(((c as u32) << 16) | u32::from(v as u16));
                }
            }
        } else {
            lin.dense = vec![0i16; n * ncols];
            for c in 0..ncols {
                for i in 0..n {
                    lin.dense[i * ncols + c] = r.svarint()?.clamp(-32767, 32767) as i16;
                }
            }
            positions.extend((0..n).map(|i| i * ncols));
        }
        Ok(lin.with_slots(&keys, &positions))
    }
}
