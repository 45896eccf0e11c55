//! The per-document pipeline: clean, then annotate. Built in one place from a
//! [`PipelineConfig`]; runs on one article or on a batch (a batch also learns which
//! lines repeat across its articles and dates undated articles from its dated ones).

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::annotate;
use crate::clean::{self, LineStats};
use crate::model::{Document, RawArticle};

/// Options of the pipeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PipelineConfig {
    /// The input is already clean: keep the text byte for byte.
    pub raw: bool,
    /// Document creation time to resolve relative dates against (overrides found dates).
    pub dct: Option<chrono::NaiveDate>,
}

/// The per-document pipeline.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    config: PipelineConfig,
}

/// A stable id for an article: the given id, else a hash of its body.
pub fn document_id(article: &RawArticle) -> String {
    match &article.id {
        Some(id) if !id.trim().is_empty() => id.trim().to_string(),
        _ => format!(
            "doc_{:016x}",
            xxhash_rust::xxh3::xxh3_64(article.body.as_bytes())
        ),
    }
}

impl Pipeline {
    /// A pipeline with the given options.
    pub fn new(config: PipelineConfig) -> Self {
        Pipeline { config }
    }

    /// The options.
    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// Cleans one article into a document (metadata and text, no batch context).
    fn clean_one(
        &self,
        article: &RawArticle,
        stats: Option<&LineStats>,
    ) -> (Document, Option<String>) {
        let cleaned = clean::clean(article, self.config.raw, stats);
        let mut doc = Document::new(document_id(article), cleaned.text);
        doc.title = cleaned.title;
        doc.published = cleaned.published;
        doc.outlet = cleaned.outlet;
        doc.byline = cleaned.byline;
        doc.url = cleaned.url;
        doc.removed = cleaned.removed;
        if let Some(dct) = self.config.dct {
            doc.published = Some(dct.to_string());
        }
        (doc, cleaned.partial_date)
    }

    /// Runs the pipeline on one article.
    pub fn annotate(&self, article: &RawArticle) -> Document {
        self.annotate_batch(std::slice::from_ref(article))
            .pop()
            .unwrap_or_else(|| Document::new(document_id(article), String::new()))
    }

    /// Runs the pipeline on a batch of articles, in order.
    pub fn annotate_batch(&self, articles: &[RawArticle]) -> Vec<Document> {
        let stats = if self.config.raw || articles.len() < 3 {
            None
        } else {
            let mut stats = LineStats::default();
            for a in articles {
                stats.observe(&a.body);
            }
            Some(stats)
        };
        let mut docs: Vec<(Document, Option<String>)> = articles
            .par_iter()
            .map(|a| self.clean_one(a, stats.as_ref()))
            .collect();

        // Undated articles are dated from their text and the batch's dated articles.
        let stated: Vec<NaiveDate> = docs
            .iter()
            .filter_map(|(d, _)| {
                d.published
                    .as_deref()
                    .and_then(crate::clean::dates::parse_iso_date)
            })
            .collect();
        let corpus = stated
            .iter()
            .min()
            .zip(stated.iter().max())
            .map(|(a, b)| (*a, *b));
        docs.par_iter_mut().for_each(|(doc, partial)| {
            if doc.published.is_none() {
                if let Some(date) = annotate::infer_published(&doc.text, partial.as_deref(), corpus)
                {
                    doc.published = Some(date.to_string());
                    doc.published_inferred = true;
                }
            }
            annotate::linguistics(doc);
            let dct = doc
                .published
                .as_deref()
                .and_then(crate::clean::dates::parse_iso_date);
            annotate::timexes(doc, dct);
            annotate::extraction(doc);
        });
        docs.into_iter().map(|(doc, _partial)| doc).collect()
    }
}
