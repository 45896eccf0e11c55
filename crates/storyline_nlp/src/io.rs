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
/// Rows live inline in open-addressing tables of 64-byte buckets (one cache line each), probed
/// bucket by bucket, so a lookup usually costs exactly one cache miss and no dependent load:
/// narrow tables (at most `NARROW_COLS` (3) columns) keep six whole rows of `i16`s per bucket;
/// wide ones keep four slots of up to four `(column, value)` cells per bucket and the rest of a
/// longer row in an overflow array. [`Linear::score`] first prefetches the home bucket of every
/// feature (independent loads the CPU overlaps), then looks the keys up (without branching on
/// the slot), prefetches the overflow cells of long rows, and only then adds the rows up.
/// Scores are accumulated as integers and scaled once. The buckets are backed by huge pages
/// where Linux allows.
pub struct Linear {
    /// Number of classes.
    pub ncols: usize,
    scale: f32,
    rows: usize,
    cells: usize,
    narrow: Vec<NarrowBucket>,
    wide: Vec<WideBucket>,
    /// Overflow cells of wide rows: a count followed by `col << 16 | value` cells.
    extra: Vec<u32>,
}

/// Tables with at most this many columns keep whole rows inside their buckets.
pub const NARROW_COLS: usize = 3;
/// Rows per narrow bucket.
const NARROW_SLOTS: usize = 6;
/// Slots per wide bucket.
const WIDE_SLOTS: usize = 4;
/// Slot positions are stored as `bucket << SLOT_BITS | slot`.
const SLOT_BITS: u32 = 3;

/// Six narrow rows: keys (0 = empty) and three `i16` weights each.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct NarrowBucket {
    keys: [u32; NARROW_SLOTS],
    w: [[i16; NARROW_COLS]; NARROW_SLOTS],
}

/// A wide slot: a key (0 = empty) and up to four `(column, value)` cells (unused cells are
/// column 0, value 0). A row of more than four cells keeps its first two here, marks `cols[2]` and
/// `cols[3]` with [`MORE`] and stores the position of the rest in `extra` in `vals[2..4]`.
#[derive(Clone, Copy, Default)]
#[repr(C)]
struct WideSlot {
    key: u32,
    cols: [u8; 4],
    vals: [i16; 4],
}

impl WideSlot {
    /// Where the rest of a long row starts in the overflow array (slots marked [`MORE`]).
    #[inline]
    fn overflow(&self) -> usize {
        (usize::from(self.vals[2] as u16) << 16) | usize::from(self.vals[3] as u16)
    }
}

/// Four wide slots.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct WideBucket {
    slots: [WideSlot; WIDE_SLOTS],
}

/// Marks a wide slot whose row continues in the overflow array.
const MORE: u8 = 0xff;
/// Wide tables have at most this many columns.
const MAX_WIDE_COLS: usize = 254;

/// A cache-line bucket of keyed slots.
trait Bucket: Copy + Default {
    /// Slots per bucket.
    const N: usize;
    fn key(&self, s: usize) -> u32;
    /// Bit masks of the slots holding `key` and of the free slots (see [`find_mask`]).
    #[inline]
    fn masks(&self, key: u32) -> (u32, u32) {
        find_mask(self, key)
    }
}
impl Bucket for NarrowBucket {
    const N: usize = NARROW_SLOTS;
    #[inline]
    fn key(&self, s: usize) -> u32 {
        self.keys[s]
    }
    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn masks(&self, key: u32) -> (u32, u32) {
        let k = &self.keys;
        let lo = [k[0], k[1], k[2], k[3]];
        let hi = [k[4], k[5], k[5], k[5]];
        let (h0, f0) = masks4(lo, key);
        let (h1, f1) = masks4(hi, key);
        ((h0 | h1 << 4) & 0x3f, (f0 | f1 << 4) & 0x3f)
    }
}
impl Bucket for WideBucket {
    const N: usize = WIDE_SLOTS;
    #[inline]
    fn key(&self, s: usize) -> u32 {
        self.slots[s].key
    }
    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn masks(&self, key: u32) -> (u32, u32) {
        let s = &self.slots;
        masks4([s[0].key, s[1].key, s[2].key, s[3].key], key)
    }
}

/// [`find_mask`] over four keys with SSE2: two compares and two mask extractions instead of
/// eight scalar compares.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(unsafe_code)]
fn masks4(keys: [u32; 4], key: u32) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm_castsi128_ps, _mm_cmpeq_epi32, _mm_movemask_ps, _mm_set1_epi32, _mm_setr_epi32,
        _mm_setzero_si128,
    };
    // SAFETY: SSE2 is part of the x86-64 baseline, so these register-only intrinsics (no
    // pointers, no memory access) exist on every CPU this code can run on.
    unsafe {
        let v = _mm_setr_epi32(
            keys[0] as i32,
            keys[1] as i32,
            keys[2] as i32,
            keys[3] as i32,
        );
        let hit = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(
            v,
            _mm_set1_epi32(key as i32),
        )));
        let free = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v, _mm_setzero_si128())));
        (hit as u32, free as u32)
    }
}

/// Asks the CPU to start loading the cache line of `b` without waiting for it.
#[inline(always)]
#[allow(unsafe_code)]
fn prefetch<T>(b: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it never faults and reads nothing into the program,
    // and the pointer comes from a live reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (b as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = b;
}

/// A vector of `n` default values whose memory the kernel is asked to back with huge pages
/// (Linux): a lookup table of tens of megabytes then needs a few dozen TLB entries instead of
/// thousands, and random lookups stop waiting for page walks. Elsewhere, a plain vector.
fn huge_vec<T: Copy + Default>(n: usize) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = v.as_ptr() as usize;
        let end = start + n * std::mem::size_of::<T>();
        let (a, b) = ((start + HUGE - 1) & !(HUGE - 1), end & !(HUGE - 1));
        if b > a {
            advise_huge(a, b - a);
        }
    }
    v.resize(n, T::default());
    v
}

/// `madvise(MADV_HUGEPAGE)` over `[addr, addr + len)`, which must lie inside one allocation
/// this process owns. Failure is harmless (the memory stays in normal pages).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn advise_huge(addr: usize, len: usize) {
    // SAFETY: advice only: it changes how the kernel backs pages of memory we own, never their
    // contents or validity.
    let _ = unsafe { libc::madvise(addr as *mut libc::c_void, len, libc::MADV_HUGEPAGE) };
}

/// Home bucket of `key` in a table of `cap` buckets.
#[inline]
fn home(key: u32, cap: usize) -> usize {
    ((u64::from(key.wrapping_mul(0x9e37_79b1)) * cap as u64) >> 32) as usize
}

/// Looks `key` up in one bucket: bit masks of the slots holding it and of the free slots (a
/// free slot ends the search: keys are placed in the first free slot from their home bucket
/// on). Branch-free over the slots (which slot holds a key is random, so branches would
/// mispredict).
#[inline]
fn find_mask<B: Bucket>(b: &B, key: u32) -> (u32, u32) {
    let mut hit = 0u32;
    let mut free = 0u32;
    for s in 0..B::N {
        let k = b.key(s);
        hit |= u32::from(k == key) << s;
        free |= u32::from(k == 0) << s;
    }
    (hit, free)
}

/// Finds the slots of `feats` (in order, absent features skipped) into `pos` as
/// `bucket << SLOT_BITS | slot`; returns their number.
#[inline]
fn probe<B: Bucket>(buckets: &[B], feats: &[u64], pos: &mut [u32; MAX_FEATS]) -> usize {
    let cap = buckets.len();
    if cap == 0 {
        return 0;
    }
    let feats = &feats[..feats.len().min(MAX_FEATS)];
    // phase 1: touch every home bucket (independent loads, so the cache misses overlap)
    let mut homes = [0u32; MAX_FEATS];
    for (f, h) in feats.iter().zip(homes.iter_mut()) {
        let i = home(Linear::key(*f), cap);
        *h = i as u32;
        prefetch(&buckets[i]);
    }
    // phase 2: look up, bucket by bucket
    let mut m = 0;
    for (f, &h) in feats.iter().zip(homes.iter()) {
        let key = Linear::key(*f);
        let mut b = h as usize;
        for _ in 0..cap {
            let (hit, free) = buckets[b].masks(key);
            if hit != 0 {
                pos[m] = ((b as u32) << SLOT_BITS) | hit.trailing_zeros();
                m += 1;
                break;
            }
            if free != 0 {
                break;
            }
            b += 1;
            if b == cap {
                b = 0;
            }
        }
    }
    m
}

/// The slot where `key` goes: its own if present, else the first free one from its home bucket
/// on. `None` if the table is full.
fn place<B: Bucket>(buckets: &[B], key: u32) -> Option<(usize, usize)> {
    let cap = buckets.len();
    if cap == 0 {
        return None;
    }
    let mut b = home(key, cap);
    for _ in 0..cap {
        for s in 0..B::N {
            let k = buckets[b].key(s);
            if k == 0 || k == key {
                return Some((b, s));
            }
        }
        b += 1;
        if b == cap {
            b = 0;
        }
    }
    None
}

/// Tables with more columns than this are stored sparsely on disk.
pub const SPARSE_MIN_COLS: usize = 8;
/// At most this many features are scored per call (the rest are ignored).
const MAX_FEATS: usize = 192;

impl Linear {
    /// Key used at inference for a 64-bit feature hash (never 0).
    #[inline]
    pub fn key(f: u64) -> u32 {
        ((f >> 32) as u32).max(1)
    }
    fn is_narrow(&self) -> bool {
        self.ncols <= NARROW_COLS
    }
    /// Adds feature scores into `scores`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        if self.is_narrow() {
            let mut acc = [0i32; NARROW_COLS];
            self.add_raw(feats, &mut acc);
            self.add_scaled(&acc, scores);
            return;
        }
        let mut pos = [0u32; MAX_FEATS];
        let m = probe(&self.wide, feats, &mut pos);
        // the overflow cells of long rows, all requested before any is read
        for &p in &pos[..m] {
            let sl = self.wide_slot(p);
            if sl.cols[3] == MORE {
                if let Some(x) = self.extra.get(sl.overflow()) {
                    prefetch(x);
                }
            }
        }
        // one accumulator cell per possible column byte: no bounds checks
        let mut acc = [0i32; 256];
        self.accumulate(&pos[..m], &mut acc);
        let nc = self.ncols.min(scores.len());
        for (s, a) in scores[..nc].iter_mut().zip(&acc) {
            *s += *a as f32 * self.scale;
        }
    }
    /// Adds the unscaled integer weights of `feats` into `acc` (narrow tables; a wide table
    /// adds nothing). Integer sums of parts add up exactly, so callers may keep and reuse the
    /// sum of a subset of features: [`Linear::add_scaled`] of the total gives the same scores
    /// as [`Linear::score`] of all the features at once.
    #[inline]
    pub fn add_raw(&self, feats: &[u64], acc: &mut [i32; NARROW_COLS]) {
        let mut pos = [0u32; MAX_FEATS];
        let m = probe(&self.narrow, feats, &mut pos);
        for &p in &pos[..m] {
            let b = &self.narrow[(p >> SLOT_BITS) as usize];
            let w = &b.w[(p & ((1 << SLOT_BITS) - 1)) as usize % NARROW_SLOTS];
            for (a, &v) in acc.iter_mut().zip(w) {
                *a += i32::from(v);
            }
        }
    }
    /// Adds integer sums from [`Linear::add_raw`], scaled, into `scores`.
    #[inline]
    pub fn add_scaled(&self, acc: &[i32; NARROW_COLS], scores: &mut [f32]) {
        let nc = self.ncols.min(scores.len()).min(NARROW_COLS);
        for (s, a) in scores[..nc].iter_mut().zip(acc) {
            *s += *a as f32 * self.scale;
        }
    }
    /// The wide slot at a position found by [`probe`].
    #[inline]
    fn wide_slot(&self, p: u32) -> &WideSlot {
        &self.wide[(p >> SLOT_BITS) as usize].slots
            [(p & ((1 << SLOT_BITS) - 1)) as usize % WIDE_SLOTS]
    }
    #[inline]
    fn accumulate(&self, pos: &[u32], acc: &mut [i32; 256]) {
        for &p in pos {
            let sl = self.wide_slot(p);
            if sl.cols[3] != MORE {
                // unused cells are (column 0, value 0): adding them is harmless
                for (&c, &v) in sl.cols.iter().zip(&sl.vals) {
                    acc[usize::from(c)] += i32::from(v);
                }
                continue;
            }
            for (&c, &v) in sl.cols[..2].iter().zip(&sl.vals[..2]) {
                acc[usize::from(c)] += i32::from(v);
            }
            let q = sl.overflow();
            let cnt = self.extra.get(q).copied().unwrap_or(0) as usize;
            if let Some(cells) = self.extra.get(q + 1..q + 1 + cnt) {
                for &c in cells {
                    acc[((c >> 16) & 0xff) as usize] += i32::from(c as u16 as i16);
                }
            }
        }
    }
    /// An empty model (all scores zero).
    pub fn empty(ncols: usize) -> Linear {
        Linear {
            ncols,
            scale: 1.0,
            rows: 0,
            cells: 0,
            narrow: Vec::new(),
            wide: Vec::new(),
            extra: Vec::new(),
        }
    }
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// Number of stored (non-zero) cells.
    pub fn cells(&self) -> usize {
        self.cells
    }
    /// An empty table sized for `rows` rows (load factor about 0.7).
    fn with_capacity(ncols: usize, scale: f32, rows: usize) -> Linear {
        let mut lin = Linear::empty(ncols);
        lin.scale = scale;
        if rows > 0 {
            let per = if lin.is_narrow() {
                NARROW_SLOTS
            } else {
                WIDE_SLOTS
            };
            let cap = (rows * 10 / (7 * per) + 1).max(4);
            if lin.is_narrow() {
                lin.narrow = huge_vec(cap);
            } else {
                lin.wide = huge_vec(cap);
            }
        }
        lin
    }
    /// Inserts a row given as `col << 16 | value` cells (non-zero values, increasing columns).
    fn insert(&mut self, key: u32, cells: &[u32]) {
        if key == 0 {
            return;
        }
        let new = if self.is_narrow() {
            let Some((b, s)) = place(&self.narrow, key) else {
                return;
            };
            let mut w = [0i16; NARROW_COLS];
            for &c in cells {
                if let Some(x) = w.get_mut((c >> 16) as usize) {
                    *x = c as u16 as i16;
                }
            }
            let bucket = &mut self.narrow[b];
            let new = bucket.keys[s] == 0;
            bucket.keys[s] = key;
            bucket.w[s] = w;
            new
        } else {
            let Some((b, s)) = place(&self.wide, key) else {
                return;
            };
            let mut sl = WideSlot {
                key,
                ..WideSlot::default()
            };
            let inline = if cells.len() <= 4 { cells.len() } else { 2 };
            for (k, &c) in cells[..inline].iter().enumerate() {
                sl.cols[k] = (c >> 16) as u8;
                sl.vals[k] = c as u16 as i16;
            }
            if cells.len() > 4 {
                let q = self.extra.len() as u32;
                sl.cols[2] = MORE;
                sl.cols[3] = MORE;
                sl.vals[2] = (q >> 16) as u16 as i16;
                sl.vals[3] = q as u16 as i16;
                self.extra.push((cells.len() - 2) as u32);
                self.extra.extend_from_slice(&cells[2..]);
            }
            let slot = &mut self.wide[b].slots[s];
            let new = slot.key == 0;
            *slot = sl;
            new
        };
        if new {
            self.rows += 1;
        }
        self.cells += cells.len();
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
        let mut lin = Linear::with_capacity(ncols, scale, rows.len());
        let mut cells = Vec::new();
        for (k, q) in &rows {
            row_cells(q, &mut cells);
            lin.insert(*k, &cells);
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
            keys.push(
                u32::try_from(prev)
                    .map_err(|_| ModelError::Corrupt("key"))?
                    .max(1),
            );
        }
        if ncols > MAX_WIDE_COLS {
            return Err(ModelError::Corrupt("unsupported column count"));
        }
        let mut lin = Linear::with_capacity(ncols, scale, n);
        let mut cells = Vec::new();
        if ncols > SPARSE_MIN_COLS {
            for &k in &keys {
                let m = r.len(ncols)?;
                cells.clear();
                let mut c = 0usize;
                for _ in 0..m {
                    c += r.len(ncols)?;
                    if c >= ncols {
                        return Err(ModelError::Corrupt("column"));
                    }
                    let v = r.svarint()?.clamp(-32767, 32767) as i16;
                    if v != 0 {
                        cells.push(((c as u32) << 16) | u32::from(v as u16));
                    }
                }
                lin.insert(k, &cells);
            }
        } else {
            let mut dense = vec![0i16; n * ncols];
            for c in 0..ncols {
                for i in 0..n {
                    dense[i * ncols + c] = r.svarint()?.clamp(-32767, 32767) as i16;
                }
            }
            for (i, &k) in keys.iter().enumerate() {
                row_cells(&dense[i * ncols..(i + 1) * ncols], &mut cells);
                lin.insert(k, &cells);
            }
        }
        Ok(lin)
    }
}

/// The non-zero values of a dense row as `col << 16 | value` cells.
fn row_cells(q: &[i16], out: &mut Vec<u32>) {
    out.clear();
    out.extend(
        q.iter()
            .enumerate()
            .filter(|x| *x.1 != 0)
            .map(|(c, &v)| ((c as u32) << 16) | u32::from(v as u16)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A perceptron with `n` rows of pseudo-random weights over `ncols` columns, some sparse.
    fn random_perceptron(ncols: usize, n: u64) -> Perceptron {
        let mut p = Perceptron::new(ncols);
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for f in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let feat = crate::hash::finish(f + 1);
            // one to all columns, weights in -8..8 (in whole steps, so quantisation is exact)
            let cols = 1 + (x % ncols as u64) as usize;
            for k in 0..cols {
                let c = (x as usize >> 8).wrapping_add(k * 7) % ncols;
                let w = ((x >> (16 + k % 40)) % 17) as f32 - 8.0;
                p.update(&[feat], c, w);
            }
            p.update(&[feat], 0, 0.0);
            p.update(&[feat], 0, 0.0);
        }
        p
    }

    /// Every row scores exactly its weights, in the built table and in the one read back from
    /// its serialisation; unknown features score nothing.
    fn roundtrip(ncols: usize, n: u64) {
        let p = random_perceptron(ncols, n);
        let mut w = Writer::default();
        let built = Linear::from_perceptron(&p, 0.0, 0, &mut w);
        let read = Linear::read(&mut Reader::new(&w.buf)).expect("reads back");
        assert_eq!(built.rows(), read.rows());
        for lin in [&built, &read] {
            for f in 0..n {
                let feat = crate::hash::finish(f + 1);
                let r = p.index[&feat] as usize;
                let want = &p.w[r * ncols..(r + 1) * ncols];
                let mut got = vec![0f32; ncols];
                lin.score(&[feat], &mut got);
                for (g, w) in got.iter().zip(want) {
                    assert!((g - w).abs() < 0.01, "feature {f}: {got:?} vs {want:?}");
                }
            }
            let mut got = vec![0f32; ncols];
            let unknown: Vec<u64> = (0..100)
                .map(|f| crate::hash::finish(f + 1_000_000))
                .collect();
            lin.score(&unknown, &mut got);
            assert!(got.iter().all(|&g| g == 0.0), "{got:?}");
        }
    }

    #[test]
    fn narrow_table_roundtrip() {
        roundtrip(3, 5000);
    }

    #[test]
    fn wide_table_roundtrip() {
        // rows of up to 40 cells: inline and overflow slots
        roundtrip(40, 3000);
        roundtrip(5, 500);
    }

    #[test]
    fn many_features_sum() {
        let p = random_perceptron(3, 2000);
        let mut w = Writer::default();
        let lin = Linear::from_perceptron(&p, 0.0, 0, &mut w);
        let feats: Vec<u64> = (0..150).map(|f| crate::hash::finish(f * 13 + 1)).collect();
        let mut got = [0f32; 3];
        lin.score(&feats, &mut got);
        let mut want = [0f32; 3];
        p.score(&feats, &mut want);
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 0.05, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn vector_key_match_agrees_with_the_scalar_one() {
        let mut rng = crate::tagger::Rng(7);
        let mut pick = |keys: &[u32]| keys[(rng.unit() * keys.len() as f64) as usize % keys.len()];
        let pool = [0u32, 1, 2, 77, 0xffff_ffff, 0x8000_0000];
        for _ in 0..2000 {
            let mut nb = NarrowBucket::default();
            for k in nb.keys.iter_mut() {
                *k = pick(&pool);
            }
            let mut wb = WideBucket::default();
            for s in wb.slots.iter_mut() {
                s.key = pick(&pool);
            }
            let key = pick(&pool[1..]);
            assert_eq!(nb.masks(key), find_mask(&nb, key), "{:?} {key}", nb.keys);
            assert_eq!(wb.masks(key), find_mask(&wb, key));
        }
    }

    #[test]
    fn parts_add_up_to_the_whole() {
        let p = random_perceptron(3, 2000);
        let lin = Linear::from_perceptron(&p, 0.0, 0, &mut Writer::default());
        let feats: Vec<u64> = (0..150).map(|f| crate::hash::finish(f * 7 + 3)).collect();
        let mut whole = [0f32; 3];
        lin.score(&feats, &mut whole);
        let mut acc = [0i32; NARROW_COLS];
        for part in feats.chunks(37) {
            let mut sum = [0i32; NARROW_COLS];
            lin.add_raw(part, &mut sum);
            for (a, s) in acc.iter_mut().zip(sum) {
                *a += s;
            }
        }
        assert_ne!(acc, [0; NARROW_COLS]);
        let mut parts = [0f32; 3];
        lin.add_scaled(&acc, &mut parts);
        // bit for bit: the parser's cached partial sums must not change a single decision
        assert_eq!(parts.map(f32::to_bits), whole.map(f32::to_bits));
    }
}
