//! What an element's tag, class/id and style say about it: tags whose subtree never holds
//! text, block tags, the readability class/id weight, the class/id reasons for dropping an
//! element (ads, sharing, comments, related links...) and hidden elements.

use super::tables::{NEGATIVE, POSITIVE};
use crate::dom::{Dom, NodeId};

/// Tags whose whole subtree never contributes text.
pub(super) fn dead_tag(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "script" | "style" | "noscript" | "template" | "head" | "title" | "link" | "meta" => {
            "non-content element"
        }
        "svg" | "math" | "iframe" | "object" | "embed" | "canvas" | "video" | "audio"
        | "picture" | "img" | "map" => "embedded media",
        "select" | "button" | "input" | "textarea" | "option" | "label" | "dialog" => {
            "form controls"
        }
        "nav" | "menu" => "navigation",
        "aside" => "aside",
        "footer" => "footer",
        "figcaption" => "caption",
        _ => return None,
    })
}

/// Block-level tags (paragraph boundaries when serialising, and holders of
/// "paragraph" text for scoring).
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "td"
            | "th"
            | "tr"
            | "li"
            | "blockquote"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "dd"
            | "dt"
            | "dl"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "ul"
            | "ol"
            | "table"
            | "tbody"
            | "thead"
            | "body"
            | "html"
            | "form"
            | "aside"
            | "nav"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "hr"
            | "caption"
    )
}

pub(super) fn lower_class_id(dom: &Dom, id: NodeId) -> String {
    let Some(e) = dom.elem(id) else {
        return String::new();
    };
    let mut s = String::new();
    if let Some(c) = e.attr("class") {
        s.push_str(c);
    }
    if let Some(i) = e.attr("id") {
        s.push(' ');
        s.push_str(i);
    }
    if let Some(r) = e.attr("role") {
        s.push(' ');
        s.push_str(r);
    }
    s.make_ascii_lowercase();
    s
}

fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// True if a class/id token looks like an advertisement slot.
fn is_ad_token(tok: &str) -> bool {
    tok == "ad"
        || tok == "ads"
        || tok == "advert"
        || tok.starts_with("ad-")
        || tok.starts_with("ads-")
        || tok.starts_with("ad_")
        || tok.ends_with("-ad")
        || tok.ends_with("-ads")
        || tok.ends_with("_ad")
        || tok.contains("-ad-")
        || tok.contains("advert")
        || tok.contains("adslot")
        || tok.contains("dfp")
        || tok.contains("gpt-ad")
        || tok.contains("taboola")
        || tok.contains("outbrain")
}

/// Readability-style class/id weight: +25 positive, -25 negative.
pub(super) fn class_weight(ci: &str) -> i32 {
    if ci.is_empty() {
        return 0;
    }
    let mut w = 0;
    if has_any(ci, NEGATIVE) {
        w -= 25;
    }
    if has_any(ci, POSITIVE) {
        w += 25;
    }
    w
}

/// Reason for dropping an element because of its class/id, if any.
pub(super) fn boilerplate_reason(ci: &str, tag: &str) -> Option<&'static str> {
    if ci.is_empty() || matches!(tag, "html" | "body" | "article" | "main") {
        return None;
    }
    let positive = has_any(
        ci,
        &["article", "body", "content", "main", "story", "entry"],
    );
    // Strong signals: removed even when the element also looks "positive"
    // (e.g. `comment-content`), judged per class token.
    for tok in ci.split_whitespace() {
        if tok.contains("comment") || tok.contains("disqus") || tok.contains("replies") {
            return Some("comments");
        }
        if (tok.contains("share") || tok.contains("social") || tok.contains("sharing"))
            && !tok.contains("embed")
        {
            return Some("share buttons");
        }
        if tok.contains("cookie") || tok.contains("consent") || tok.contains("gdpr") {
            return Some("cookie notice");
        }
        if tok.contains("newsletter") || tok.contains("subscribe") || tok.contains("signup") {
            return Some("newsletter");
        }
        if tok.contains("related") || tok.contains("recommend") || tok.contains("trending") {
            return Some("related links");
        }
        if is_ad_token(tok) || tok.contains("sponsor") || tok.contains("promo") {
            return Some("advertisement");
        }
        if tok.contains("breadcrumb") || tok.contains("pagination") || tok.contains("pager") {
            return Some("navigation");
        }
        if tok.contains("tooltip") || tok.contains("popover") || tok.contains("rollover") {
            return Some("popup");
        }
        if tok == "hidden" || tok == "visually-hidden" || tok == "sr-only" || tok == "hide" {
            return Some("hidden");
        }
    }
    if positive {
        return None;
    }
    const UNLIKELY: &[(&str, &str)] = &[
        ("menu", "navigation"),
        ("navbar", "navigation"),
        ("sidebar", "sidebar"),
        ("footer", "footer"),
        ("masthead", "header"),
        ("header", "header"),
        ("banner", "advertisement"),
        ("skyscraper", "advertisement"),
        ("popup", "popup"),
        ("modal", "popup"),
        ("rss", "navigation"),
        ("supplemental", "related links"),
        ("agegate", "popup"),
        ("byline", "byline"),
        ("author", "byline"),
        ("caption", "caption"),
        ("credit", "caption"),
        ("tags", "tags"),
    ];
    UNLIKELY
        .iter()
        .find(|(k, _)| ci.contains(k))
        .map(|&(_, reason)| reason)
}

pub(super) fn hidden(dom: &Dom, id: NodeId) -> bool {
    let Some(e) = dom.elem(id) else { return false };
    if e.attr("hidden").is_some() {
        return true;
    }
    if e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(st) = e.attr("style") {
        let st: String = st
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if st.contains("display:none") || st.contains("visibility:hidden") {
            return true;
        }
    }
    false
}
