//! # storyline_corpus
//!
//! Corpus logic: what many documents say together. It starts where the per-document
//! pipeline ends (annotated [`Document`]s, or the event mentions and story terms the store
//! keeps of them) and does no IO.
//!
//! - [`timeline`]: event mentions of every document merged into timeline entries (one per
//!   real-world event, listing every source), conflicts between sources, framing and coverage;
//! - [`entity`]: entity timelines, every event one actor takes part in (coded or not);
//! - [`stories`]: articles grouped into stories (topic detection and tracking);
//! - [`dedup`]: content hashes, MinHash signatures and LSH band keys for duplicates;
//! - [`headline`]: timeline entries in plain words;
//! - [`coref`]: the coreference scorer (MUC, B-cubed, CEAF-e, CoNLL F1) the merges are
//!   measured with.
#![deny(missing_docs)]

pub mod coref;
pub mod dedup;
pub mod entity;
pub mod headline;
pub mod stories;
pub mod timeline;

pub use storyline_model::Document;
pub use timeline::*;
