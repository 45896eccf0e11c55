//! Benchmark helpers (loading the bundled articles, reading peak memory) and the evaluation
//! corpora the merge is trained and measured on ([`ecbplus`], [`news_pairs`]).
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

pub mod ecbplus;
pub mod news_pairs;

use storyline_pipeline::RawArticle;

/// The bundled example articles (`examples/seeds`).
pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seeds")
}

/// Reads every article under `dir` (recursing), skipping unreadable ones.
pub fn load_articles(dir: &Path) -> Vec<RawArticle> {
    let (files, _) = storyline_ingest::collect_files(&[dir.to_path_buf()]);
    files
        .iter()
        .flat_map(|f| storyline_ingest::read_path(f))
        .filter_map(Result::ok)
        .collect()
}

/// Settings of the allocator the `storyline` binary uses (see its `main.rs`).
/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in `mimalloc.h`, v2 and v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc never to hand freed memory back to the kernel. It otherwise does so after a
/// delay, and on a machine with transparent huge pages every reuse then faults in and clears a
/// fresh 2 MiB page: a sixth of the annotation time went to that.
#[allow(unsafe_code)]
pub fn keep_freed_memory() {
    // SAFETY: sets one integer option of the allocator; valid at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// Peak resident memory of this process in MiB (Linux `VmHWM`), if known.
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// A small deterministic generator (xorshift) for synthetic corpora, so runs are comparable.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}
