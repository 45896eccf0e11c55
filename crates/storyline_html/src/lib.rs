//! HTML decoding and main-text (article body) extraction.
//!
//! # Algorithm
//!
//! 1. **Decoding** ([`decode_html`]): BOM, then `<meta charset>` /
//!    `http-equiv` content type, then UTF-8 if valid, else Windows-1252.
//! 2. **Parsing**: the WHATWG-compliant `html5gum` tokenizer feeds a small
//!    arena tree builder ([`dom`]) that handles implicit end tags, stray
//!    end tags and raw-text elements, and caps nesting depth, so every
//!    later pass is iterative and bounded.
//! 3. **Metadata**: `<meta>` tags (Open Graph, Parse.ly, Dublin Core…),
//!    JSON-LD (`@graph` aware), microdata, `<time datetime>`, `rel=author`,
//!    the canonical link and dates embedded in the URL.
//! 4. **Pruning**: elements that never hold article text (scripts, media,
//!    forms, `nav`/`aside`/`footer`, figure captions, hidden elements) and
//!    elements whose class/id names signal boilerplate (comments, share
//!    buttons, related links, cookie notices, newsletters, ads, menus,
//!    bylines…) are marked dead, unless they contain an explicitly marked
//!    article body (`itemprop=articleBody`, `article-body`, `entry-content`…).
//! 5. **Scoring** (readability-style): every block holding at least 25
//!    characters of its own text scores `1 + commas + min(len/100, 3)`,
//!    added to its container chain with decaying weight; containers start
//!    from a tag prior plus a ±25 class/id weight, and are scaled by
//!    `1 - link density`. When one element is explicitly marked as the
//!    article (itemprop=articleBody, schema.org Article microdata, a unique
//!    body class) and clearly dominates, the search is confined to it. The
//!    best candidate is promoted to a common ancestor when several
//!    near-equal candidates share one, and siblings that score well or look
//!    like prose paragraphs are merged in.
//! 6. **Cleaning** inside the selection (readability's conditional
//!    cleaning): link-dense blocks, forms, non-prose negative-class blocks,
//!    image strips and the `<h1>` headline are dropped.
//! 7. **Serialisation and paragraph filters**: block elements become
//!    paragraph breaks (`"\n\n"`), `<br>` a line break, links word
//!    boundaries; whitespace is normalised. Paragraphs that are ad labels,
//!    "Read more:"-style link lines, link lists, newsletter pitches,
//!    datelines near the edges, or labels attached to such blocks are
//!    dropped (jusText/trafilatura-style).
//! 8. **Fallbacks**: if class/id pruning left almost nothing, extraction is
//!    retried with tag-based pruning only; when the page carries a JSON-LD
//!    `articleBody` that the DOM selection barely covers (shingle recall
//!    below 0.5), the JSON-LD body is used.
//!
//! Every dropped block of note is reported in [`Extracted::removed`] with a
//! reason.
//!
//! Every step is linear in the input size; input larger than
//! [`dom::MAX_INPUT`] bytes is truncated.

#![warn(missing_docs)]

mod body;
pub mod dom;
mod encoding;
pub mod eval;
mod meta;
mod text;

pub use encoding::decode_html;
use serde::{Deserialize, Serialize};

/// A block of the page that was dropped as boilerplate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    /// The block's text, truncated to about 200 characters.
    pub text: String,
    /// Short reason, e.g. `"navigation"`, `"comments"`, `"link-dense"`.
    pub reason: String,
}

/// Result of [`extract`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Extracted {
    /// Headline (og:title, JSON-LD headline, `<h1>`, `<title>`).
    pub title: Option<String>,
    /// Main article body: paragraphs separated by `"\n\n"`, whitespace
    /// normalised; empty when the page has no article.
    pub text: String,
    /// Publication date as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Author(s).
    pub byline: Option<String>,
    /// Publisher / site name.
    pub site_name: Option<String>,
    /// Canonical URL (canonical link, og:url), else the URL given.
    pub url: Option<String>,
    /// Meta description.
    pub description: Option<String>,
    /// Notable blocks dropped as boilerplate, with a reason.
    pub removed: Vec<Removed>,
}

/// Extract the article body and metadata from an HTML page.
///
/// `url` is the address the page was fetched from, used as a fallback for
/// [`Extracted::url`] and for dates embedded in the path. Never panics.
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    extract_impl(html, url, false)
}

/// Like [`extract`], printing candidate scores and dropped blocks to
/// stderr (for tuning).
#[doc(hidden)]
pub fn extract_debug(html: &str, url: Option<&str>) -> Extracted {
    extract_impl(html, url, true)
}

fn extract_impl(html: &str, url: Option<&str>, debug: bool) -> Extracted {
    let dom = dom::Dom::parse(html);
    let m = meta::extract_meta(&dom, url);
    let body = body::extract_body(&dom, m.title.as_deref(), debug);
    let mut text = body.text;
    if let Some(ld) = m.ld_body.as_deref() {
        text = choose_ld_body(text, ld);
    }
    Extracted {
        title: m.title,
        text,
        published: m.published,
        byline: m.byline,
        site_name: m.site_name,
        url: m.url,
        description: m.description,
        removed: body.removed,
    }
}

/// Use the JSON-LD `articleBody` when it is substantial and the DOM
/// extraction recovers little of it.
fn choose_ld_body(dom_text: String, ld: &str) -> String {
    let ld_text = if ld.contains('<') {
        let d = dom::Dom::parse(ld);
        body::plain_text(&d)
    } else {
        ld.split('\n')
            .map(text::normalize_ws)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let ld_tokens = eval::tokenize(&ld_text).len();
    if ld_tokens < 50 {
        return dom_text;
    }
    let m = eval::shingle_matching(&ld_text, &dom_text, 4);
    if m.recall() < 0.5 {
        ld_text
    } else {
        dom_text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_garbage() {
        assert_eq!(extract("", None).text, "");
        assert_eq!(extract("<html><body></body></html>", None).text, "");
        let _ = extract("\u{0}\u{ffff}<<<>>>&&&;<!--", None);
    }
}
