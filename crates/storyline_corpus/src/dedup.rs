//! Duplicate detection: an exact content hash, and MinHash signatures with
//! locality-sensitive hashing (LSH) bands to find near-duplicates (one wire story
//! syndicated on several sites, lightly edited) without comparing all pairs.

use xxhash_rust::xxh3::{xxh3_128, xxh3_64, xxh3_64_with_seed};

/// Number of MinHash permutations.
pub const SIGNATURE_LEN: usize = 128;
/// LSH bands; `SIGNATURE_LEN / BANDS` rows each.
pub const BANDS: usize = 32;
const ROWS: usize = SIGNATURE_LEN / BANDS;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Estimated Jaccard similarity above which two documents are near-duplicates.
pub const NEAR_DUPLICATE_THRESHOLD: f64 = 0.5;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// A stable hash of the text's words (case, spacing and punctuation ignored), as 32 hex digits.
pub fn content_hash(text: &str) -> String {
    let joined = words(text).join(" ");
    format!("{:032x}", xxh3_128(joined.as_bytes()))
}

/// Permutations h_i(x) = hash(x) * a_i + b_i with odd a_i (multiply-shift family),
/// computed once.
fn permutations() -> &'static [(u64, u64)] {
    static PARAMS: std::sync::OnceLock<Vec<(u64, u64)>> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| {
        (0..SIGNATURE_LEN as u64)
            .map(|i| (xxh3_64_with_seed(b"a", i) | 1, xxh3_64_with_seed(b"b", i)))
            .collect()
    })
}

/// The MinHash signature of the text's word shingles. Texts shorter than one
/// shingle hash their whole word sequence.
pub fn signature(text: &str) -> Vec<u64> {
    let ws = words(text);
    let mut sig = vec![u64::MAX; SIGNATURE_LEN];
    if ws.is_empty() {
        return sig;
    }
    // Hash each word once; a shingle's hash combines its words' hashes in order.
    let word_hashes: Vec<u64> = ws.iter().map(|w| xxh3_64(w.as_bytes())).collect();
    let combine = |hs: &[u64]| {
        hs.iter().fold(0x9e37_79b9_7f4a_7c15u64, |acc, h| {
            (acc.rotate_left(23) ^ h).wrapping_mul(0xff51_afd7_ed55_8ccd)
        })
    };
    let shingles: Vec<u64> = if word_hashes.len() < SHINGLE {
        vec![combine(&word_hashes)]
    } else {
        word_hashes.windows(SHINGLE).map(combine).collect()
    };
    for s in shingles {
        for (slot, (a, b)) in sig.iter_mut().zip(permutations()) {
            let v = s.wrapping_mul(*a).wrapping_add(*b);
            if v < *slot {
                *slot = v;
            }
        }
    }
    sig
}

/// The LSH band keys of a signature: equal keys in the same band mark candidates.
pub fn band_keys(sig: &[u64]) -> Vec<u64> {
    sig.chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut bytes = Vec::with_capacity(8 * (ROWS + 1));
            bytes.extend_from_slice(&(band as u64).to_le_bytes());
            for r in rows {
                bytes.extend_from_slice(&r.to_le_bytes());
            }
            // Stored in SQLite as INTEGER: keep it in i64's positive range.
            xxh3_64(&bytes) >> 1
        })
        .collect()
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// Signature as bytes, for storage.
pub fn signature_to_bytes(sig: &[u64]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Signature from stored bytes.
pub fn signature_from_bytes(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            u64::from_le_bytes(b)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Chinese President Xi Jinping will send a delegation to Ukraine to hold talks with all parties on resolving the conflict there, after his first phone call with his Ukrainian counterpart since the war began. Xi made the offer in a Wednesday phone call and offered to help facilitate peace talks aimed at reaching a ceasefire as soon as possible, state media said.";

    #[test]
    fn exact_hash_ignores_spacing_and_case() {
        assert_eq!(content_hash("Hello,  world"), content_hash("hello world"));
        assert_ne!(content_hash("hello world"), content_hash("hello there"));
    }

    #[test]
    fn light_edit_is_near_duplicate() {
        let edited = STORY.replace(
            "state media said",
            "Chinese state media reported on Wednesday",
        );
        let a = signature(STORY);
        let b = signature(&edited);
        assert!(
            similarity(&a, &b) > NEAR_DUPLICATE_THRESHOLD,
            "{}",
            similarity(&a, &b)
        );
        let shared = band_keys(&a)
            .iter()
            .zip(band_keys(&b))
            .filter(|(x, y)| *x == y)
            .count();
        assert!(shared > 0);
    }

    #[test]
    fn different_stories_are_not() {
        let other = "The central bank raised interest rates by half a percentage point on Thursday, its largest increase in two decades, as inflation climbed to a forty-year high and markets braced for further tightening later this year.";
        assert!(similarity(&signature(STORY), &signature(other)) < 0.1);
    }

    #[test]
    fn bytes_round_trip() {
        let s = signature(STORY);
        assert_eq!(signature_from_bytes(&signature_to_bytes(&s)), s);
    }
}
