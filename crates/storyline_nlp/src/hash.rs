//! Small, fast, deterministic hashing helpers used for feature keys.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mixes two 64-bit values (FxHash-style step followed by a finaliser-lite).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(5) ^ b).wrapping_mul(K)
}

/// Hashes a byte string (FxHash over 8-byte chunks).
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut arr = [0u8; 8];
        arr.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(arr));
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        let mut arr = [0u8; 8];
        arr[..rem.len()].copy_from_slice(rem);
        h = mix(h, u64::from_le_bytes(arr) ^ ((rem.len() as u64) << 59));
    }
    mix(h, bytes.len() as u64)
}

/// Hashes a string.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Final avalanche so that low bits are well distributed.
#[inline]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Feature key: template id combined with up to three value hashes.
#[inline]
pub fn feat(t: u64, a: u64) -> u64 {
    finish(mix(mix(0x9e37_79b9_7f4a_7c15, t), a))
}

/// Feature key with two values.
#[inline]
pub fn feat2(t: u64, a: u64, b: u64) -> u64 {
    finish(mix(mix(mix(0x9e37_79b9_7f4a_7c15, t), a), b))
}

/// Feature key with three values.
#[inline]
pub fn feat3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(mix(mix(mix(0x9e37_79b9_7f4a_7c15, t), a), b), c))
}

/// A hasher that passes pre-hashed integer keys through.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(K);
    }
}

/// Hash map keyed by already-hashed integers.
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
