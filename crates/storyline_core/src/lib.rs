//! # storyline_core
//!
//! The storyline library: the document model, cleaning, the per-document pipeline
//! and the corpus logic. It does no IO: readers live in `storyline_ingest`, storage
//! in `storyline_store`, the command line in `storyline_cli`.
//!
//! Data flow: [`RawArticle`] → [`clean`] (text, metadata, removed) →
//! linguistic layer → extraction → [`Document`].
//!
//! ```
//! use storyline_core::{Pipeline, PipelineConfig, RawArticle, SourceFormat};
//! let article = RawArticle::new("example.txt", SourceFormat::Text,
//!     "Talks Resume\n\nNegotiators resumed talks on Tuesday after a pause.\n\nLeave a Comment");
//! let doc = Pipeline::new(PipelineConfig::default()).annotate(&article);
//! assert_eq!(doc.title.as_deref(), Some("Talks Resume"));
//! assert_eq!(doc.text, "Negotiators resumed talks on Tuesday after a pause.");
//! ```
#![deny(missing_docs)]

pub mod annotate;
pub mod clean;
pub mod coref;
pub mod corpus;
pub mod dedup;
pub use storyline_model as model;
pub mod pipeline;
pub mod stories;

pub use model::{Document, RawArticle, Removed, SourceFormat};
pub use pipeline::{document_id, Pipeline, PipelineConfig};
