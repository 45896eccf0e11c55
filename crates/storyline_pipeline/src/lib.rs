//! # storyline_pipeline
//!
//! The per-document pipeline: one article (or a batch) from a [`RawArticle`] to an annotated
//! [`Document`]. It does no IO: readers live in `storyline_ingest`, storage in
//! `storyline_store`, what many documents say together in `storyline_corpus`, the command
//! line in `storyline_cli`.
//!
//! Data flow: [`RawArticle`] → [`clean`] (`storyline_clean`: text, metadata, removed) →
//! linguistic layer ([`annotate::linguistics`]) → time ([`annotate::timexes`]) →
//! extraction ([`annotate::extraction`]) → [`Document`].
//!
//! ```
//! use storyline_pipeline::{Pipeline, PipelineConfig, RawArticle, SourceFormat};
//! let article = RawArticle::new("example.txt", SourceFormat::Text,
//!     "Talks Resume\n\nNegotiators resumed talks on Tuesday after a pause.\n\nLeave a Comment");
//! let doc = Pipeline::new(PipelineConfig::default()).annotate(&article);
//! assert_eq!(doc.title.as_deref(), Some("Talks Resume"));
//! assert_eq!(doc.text, "Negotiators resumed talks on Tuesday after a pause.");
//! ```
#![deny(missing_docs)]

pub mod annotate;
pub use storyline_clean as clean;
pub use storyline_model as model;
pub mod pipeline;

pub use model::{Document, RawArticle, Removed, SourceFormat};
pub use pipeline::{document_id, Pipeline, PipelineConfig};
