//! # storyline_clean
//!
//! Cleaning: from a [`RawArticle`] to clean body text plus metadata and the list of
//! what was removed. Plain text goes through [`clean_text`]; HTML first through the
//! main-text extractor of `storyline_html`, then through the same text cleaner.
#![deny(missing_docs)]

pub mod dates;
mod text;

use std::collections::HashMap;

pub use text::{clean_text, CleanedText};

use storyline_model::{RawArticle, Removed, SourceFormat};

/// Counts of short lines across a batch of articles, to recognise site furniture
/// that repeats from article to article (a newsletter box, a standard footer).
#[derive(Debug, Clone, Default)]
pub struct LineStats {
    counts: HashMap<u64, u32>,
    documents: u32,
}

impl LineStats {
    /// Lines seen in at least this many documents count as repeated furniture...
    const MIN_DOCUMENTS: u32 = 3;

    /// Counts the short lines of one raw article (each distinct line once).
    pub fn observe(&mut self, raw: &str) {
        self.documents += 1;
        let mut seen = std::collections::HashSet::new();
        for line in raw.lines() {
            let n = line.split_whitespace().count();
            if n == 0 || n > 30 {
                continue;
            }
            let key = xxhash_rust::xxh3::xxh3_64(text::normalise_line(line).as_bytes());
            if seen.insert(key) {
                *self.counts.entry(key).or_insert(0) += 1;
            }
        }
    }

    /// True when the normalised line occurs in enough of the batch's documents.
    pub fn is_common(&self, normalised: &str) -> bool {
        if self.documents < Self::MIN_DOCUMENTS {
            return false;
        }
        let key = xxhash_rust::xxh3::xxh3_64(normalised.as_bytes());
        // ...and in at least a fifth of them, so that a line common to a few of a
        // large batch's thousands of articles (a quote, a stock phrase) survives.
        let count = self.counts.get(&key).copied().unwrap_or(0);
        count >= Self::MIN_DOCUMENTS && count * 5 >= self.documents.min(50)
    }
}

/// The result of cleaning one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// Clean body text.
    pub text: String,
    /// What was removed and why.
    pub removed: Vec<Removed>,
    /// Title.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`, as stated.
    pub published: Option<String>,
    /// A year-less date from a dateline (`XXXX-03-21`), for date inference.
    pub partial_date: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Byline.
    pub byline: Option<String>,
    /// URL.
    pub url: Option<String>,
}

/// Cleans one article. With `raw` the body is kept byte for byte (the input is
/// already clean text) and only the given metadata is used.
pub fn clean(article: &RawArticle, raw: bool, stats: Option<&LineStats>) -> Cleaned {
    let mut out = Cleaned {
        title: article.title.clone(),
        published: article
            .published
            .as_deref()
            .and_then(dates::parse_iso_date)
            .map(|d| d.to_string()),
        outlet: article.outlet.clone(),
        byline: article.byline.clone(),
        url: article.url.clone(),
        ..Cleaned::default()
    };
    if raw {
        out.text = article.body.clone();
        return out;
    }
    let (body, html_removed) = match article.format {
        SourceFormat::Html => {
            let page = storyline_html::extract(&article.body, article.url.as_deref());
            out.title = out.title.or(page.title);
            out.published = out.published.or(page.published);
            out.byline = out.byline.or(page.byline);
            out.outlet = out.outlet.or(page.site_name);
            out.url = out.url.or(page.url);
            let removed = page
                .removed
                .into_iter()
                .map(|r| Removed {
                    text: r.text,
                    reason: r.reason,
                })
                .collect::<Vec<_>>();
            (page.text, removed)
        }
        SourceFormat::Text | SourceFormat::Json => (article.body.clone(), Vec::new()),
    };
    let cleaned = clean_text(&body, out.title.as_deref(), stats);
    out.text = cleaned.text;
    out.removed = html_removed;
    out.removed.extend(cleaned.removed);
    out.title = out.title.or(cleaned.title);
    out.published = out.published.or(cleaned.published);
    out.partial_date = cleaned.partial_date;
    out.outlet = out.outlet.or(cleaned.outlet);
    out.byline = out.byline.or(cleaned.byline);
    out
}
