//! Main-text selection: boilerplate pruning, readability-style candidate
//! scoring, sibling merging, conditional cleaning and text serialisation.

use crate::dom::{Dom, Kind, NodeId, NONE};
use crate::text::{collapsed_len, normalize_ws, truncate_chars};
use crate::Removed;

/// Maximum number of [`Removed`] entries reported.
const MAX_REMOVED: usize = 40;

/// Tags whose whole subtree never contributes text.
fn dead_tag(tag: &str) -> Option<&'static str> {
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

fn lower_class_id(dom: &Dom, id: NodeId) -> String {
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

const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "post",
    "text",
    "blog",
    "story",
    "prose",
    "rich-text",
    "richtext",
];
const NEGATIVE: &[&str] = &[
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "byline",
    "author",
    "caption",
    "credit",
    "newsletter",
    "subscribe",
    "social",
    "recommend",
    "breadcrumb",
];

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
fn class_weight(ci: &str) -> i32 {
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
fn boilerplate_reason(ci: &str, tag: &str) -> Option<&'static str> {
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

fn hidden(dom: &Dom, id: NodeId) -> bool {
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

/// Per-node aggregates computed bottom-up.
struct Stats {
    dead: Vec<Option<&'static str>>,
    /// Collapsed text length of live text below the node.
    text: Vec<u32>,
    /// Collapsed text length inside `<a>` below the node.
    link: Vec<u32>,
    commas: Vec<u32>,
    paras: Vec<u32>,
    lis: Vec<u32>,
    imgs: Vec<u32>,
    inputs: Vec<u32>,
}

/// True for elements explicitly marked as the article body
/// (`itemprop=articleBody`, `article-body`, `entry-content`, ...).
fn is_body_marker(dom: &Dom, id: NodeId) -> bool {
    let Some(e) = dom.elem(id) else { return false };
    if e.attr("itemprop")
        .is_some_and(|v| v.eq_ignore_ascii_case("articlebody"))
    {
        return true;
    }
    let ci = lower_class_id(dom, id);
    ci.split_whitespace().any(|tok| {
        let tok = tok.replace('_', "-");
        tok == "articlebody"
            || tok == "storybody"
            || tok == "entry-content"
            || tok == "post-content"
            || tok == "article-content"
            || tok == "story-content"
            || tok == "article-body"
            || tok == "story-body"
            || tok == "post-body"
            || tok == "entry-body"
            || tok == "article-text"
            || tok == "story-text"
            || tok == "post-text"
    })
}

fn compute_stats(dom: &Dom, relaxed: bool) -> Stats {
    let n = dom.nodes.len();
    // Bottom-up: does the subtree contain an explicit article-body marker?
    let mut protect = vec![false; n];
    for id in (1..n).rev() {
        if is_body_marker(dom, id) {
            protect[id] = true;
        }
        let p = dom.nodes[id].parent;
        if protect[id] && p != NONE {
            protect[p] = true;
        }
    }
    let mut dead: Vec<Option<&'static str>> = vec![None; n];
    // Top-down: parents precede children in the arena.
    for id in 1..n {
        let parent = dom.nodes[id].parent;
        if parent != NONE && dead[parent].is_some() {
            dead[id] = dead[parent];
            continue;
        }
        if let Some(e) = dom.elem(id) {
            dead[id] = dead_tag(&e.tag)
                .or_else(|| hidden(dom, id).then_some("hidden"))
                .or_else(|| {
                    if relaxed || protect[id] {
                        None
                    } else {
                        boilerplate_reason(&lower_class_id(dom, id), &e.tag)
                    }
                });
        }
    }
    let mut st = Stats {
        dead,
        text: vec![0; n],
        link: vec![0; n],
        commas: vec![0; n],
        paras: vec![0; n],
        lis: vec![0; n],
        imgs: vec![0; n],
        inputs: vec![0; n],
    };
    for id in (1..n).rev() {
        let node = &dom.nodes[id];
        match &node.kind {
            Kind::Text(t) => {
                if st.dead[id].is_none() {
                    st.text[id] = collapsed_len(t) as u32;
                    st.commas[id] = t.matches(',').count() as u32;
                }
            }
            Kind::Element(e) => {
                match e.tag.as_str() {
                    "a" => st.link[id] = st.text[id],
                    "p" | "pre" => st.paras[id] += 1,
                    "li" => st.lis[id] += 1,
                    "img" | "picture" => st.imgs[id] += 1,
                    "input" | "select" | "textarea" | "button" => st.inputs[id] += 1,
                    _ => {}
                }
                if st.dead[id].is_some() {
                    st.text[id] = 0;
                    st.link[id] = 0;
                    st.commas[id] = 0;
                    st.paras[id] = 0;
                    st.lis[id] = 0;
                }
            }
            Kind::Document => {}
        }
        let p = node.parent;
        if p != NONE && p < n {
            st.text[p] += st.text[id];
            st.link[p] += st.link[id];
            st.commas[p] += st.commas[id];
            st.paras[p] += st.paras[id];
            st.lis[p] += st.lis[id];
            st.imgs[p] += st.imgs[id];
            st.inputs[p] += st.inputs[id];
        }
    }
    st
}

fn link_density(st: &Stats, id: NodeId) -> f64 {
    let t = st.text[id];
    if t == 0 {
        0.0
    } else {
        f64::from(st.link[id]) / f64::from(t)
    }
}

fn tag_init_score(tag: &str) -> f64 {
    match tag {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Result of main-text selection.
pub struct Body {
    pub text: String,
    pub removed: Vec<Removed>,
}

/// Select and serialise the main text. `title` is used to drop a
/// duplicated headline.
pub fn extract_body(dom: &Dom, title: Option<&str>, debug: bool) -> Body {
    let strict = extract_body_with(dom, title, debug, false);
    if strict.text.chars().count() >= 250 {
        return strict;
    }
    // Class/id pruning may have removed the article container: retry
    // with tag-based pruning only and keep the longer result.
    let relaxed = extract_body_with(dom, title, debug, true);
    if relaxed.text.len() > strict.text.len() {
        relaxed
    } else {
        strict
    }
}

fn extract_body_with(dom: &Dom, title: Option<&str>, debug: bool, relaxed: bool) -> Body {
    let n = dom.nodes.len();
    let st = compute_stats(dom, relaxed);

    // Paragraph scores: text directly held by each block.
    let mut own_len = vec![0u32; n];
    let mut own_commas = vec![0u32; n];
    // Nearest block ancestor-or-self, computed top-down (parents precede
    // children in the arena).
    let mut block = vec![0usize; n];
    for id in 1..n {
        let p = dom.nodes[id].parent;
        let parent_block = if p == NONE || p >= n { 0 } else { block[p] };
        block[id] = if is_block(dom.tag(id)) {
            id
        } else {
            parent_block
        };
        if st.dead[id].is_some() {
            continue;
        }
        if let Kind::Text(_) = dom.nodes[id].kind {
            let b = parent_block;
            own_len[b] += st.text[id];
            own_commas[b] += st.commas[id];
        }
    }
    let mut score = vec![0f64; n];
    let mut init = vec![false; n];
    let mut class_w = vec![0i32; n];
    let mut candidates: Vec<NodeId> = Vec::new();
    for b in 1..n {
        if own_len[b] < 25 || st.dead[b].is_some() {
            continue;
        }
        if matches!(dom.tag(b), "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th") {
            continue;
        }
        let s = 1.0 + f64::from(own_commas[b]) + (f64::from(own_len[b]) / 100.0).min(3.0);
        // Containers holding text directly act as their own paragraph's
        // parent (readability wraps such text in a `<p>`).
        let mut anc = if matches!(dom.tag(b), "div" | "section" | "article" | "main") {
            b
        } else {
            dom.nodes[b].parent
        };
        let mut level = 0;
        // Score the block's own container chain (parent gets full score).
        while anc != NONE && anc != 0 && level < 5 {
            if st.dead[anc].is_some() {
                break;
            }
            if !init[anc] {
                init[anc] = true;
                let ci = lower_class_id(dom, anc);
                class_w[anc] = class_weight(&ci);
                score[anc] = tag_init_score(dom.tag(anc)) + f64::from(class_w[anc]);
                candidates.push(anc);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => f64::from(l) * 3.0,
            };
            score[anc] += s / div;
            anc = dom.nodes[anc].parent;
            level += 1;
        }
    }
    for &c in &candidates {
        score[c] *= 1.0 - link_density(&st, c);
    }
    let mut removed = Vec::new();
    // An explicitly marked article root (itemprop=articleBody, schema.org
    // Article microdata, or a unique `article-body`-like class) confines
    // the search when it holds substantial text.
    let root = marked_root(dom, &st);
    if let Some(r) = root {
        candidates.retain(|&c| c == r || is_ancestor(dom, r, c));
        if candidates.is_empty() {
            candidates.push(r);
            init[r] = true;
            score[r] = 1.0;
        }
    }
    let in_root = |id: NodeId| root.is_none_or(|r| id == r || is_ancestor(dom, r, id));
    let Some(&top0) = candidates
        .iter()
        .max_by(|&&a, &&b| score[a].total_cmp(&score[b]))
    else {
        return Body {
            text: String::new(),
            removed: collect_removed(dom, &st),
        };
    };
    let mut top = top0;
    let top_score = score[top];
    if debug {
        let mut c = candidates.clone();
        c.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
        for &id in c.iter().take(8) {
            eprintln!(
                "cand {id} {} [{}] score={:.1} text={} ld={:.2}",
                dom.tag(id),
                lower_class_id(dom, id),
                score[id],
                st.text[id],
                link_density(&st, id)
            );
        }
        for id in 1..n {
            let p = dom.nodes[id].parent;
            if st.dead[id].is_some() && (p == NONE || st.dead[p].is_none()) {
                let t = crate::meta::node_text(dom, id);
                if t.len() > 200 {
                    eprintln!(
                        "dead {id} {} [{}] {:?} len={} {}",
                        dom.tag(id),
                        lower_class_id(dom, id),
                        st.dead[id],
                        t.len(),
                        truncate_chars(&t, 80)
                    );
                }
            }
        }
    }

    // Several near-equal candidates under one ancestor: use the ancestor.
    let alts: Vec<NodeId> = candidates
        .iter()
        .copied()
        .filter(|&c| c != top && score[c] >= top_score * 0.75)
        .take(64)
        .collect();
    if alts.len() >= 3 {
        let mut anc = dom.nodes[top].parent;
        while anc != NONE && anc != 0 && in_root(anc) && !matches!(dom.tag(anc), "body" | "html") {
            let contained = alts.iter().filter(|&&a| is_ancestor(dom, anc, a)).count();
            if contained >= 3 {
                top = anc;
                break;
            }
            anc = dom.nodes[anc].parent;
        }
    }
    // Climb while the parent scores higher.
    let mut last = score[top];
    let mut p = dom.nodes[top].parent;
    while p != NONE && p != 0 && in_root(p) && !matches!(dom.tag(p), "body" | "html") {
        if !init[p] {
            p = dom.nodes[p].parent;
            continue;
        }
        if score[p] < last / 3.0 {
            break;
        }
        if score[p] > last {
            top = p;
            break;
        }
        last = score[p];
        p = dom.nodes[p].parent;
    }
    // Single-child wrappers.
    loop {
        let p = dom.nodes[top].parent;
        if p == NONE || p == 0 || !in_root(p) || matches!(dom.tag(p), "body" | "html") {
            break;
        }
        let live_children = dom
            .children(p)
            .filter(|&c| st.text[c] > 0 || matches!(dom.nodes[c].kind, Kind::Element(_)))
            .count();
        if live_children == 1 {
            top = p;
        } else {
            break;
        }
    }

    // Sibling merging.
    let top_score = score[top].max(score[top0]);
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.elem(top).and_then(|e| e.attr("class")).unwrap_or("");
    let mut selected: Vec<NodeId> = Vec::new();
    let parent = dom.nodes[top].parent;
    if parent == NONE || parent == 0 || !in_root(parent) {
        selected.push(top);
    } else {
        for sib in dom.children(parent) {
            if sib == top {
                selected.push(sib);
                continue;
            }
            if st.dead[sib].is_some() || st.text[sib] == 0 {
                continue;
            }
            let mut bonus = 0.0;
            let sc = dom.elem(sib).and_then(|e| e.attr("class")).unwrap_or("");
            if !top_class.is_empty() && sc == top_class {
                bonus = top_score * 0.2;
            }
            if init[sib] && score[sib] + bonus >= threshold {
                selected.push(sib);
                continue;
            }
            let tag = dom.tag(sib);
            if tag == "p" || (matches!(dom.nodes[sib].kind, Kind::Text(_))) {
                let len = st.text[sib];
                let ld = link_density(&st, sib);
                if len > 80 && ld < 0.25 {
                    selected.push(sib);
                } else if len > 0 && len <= 80 && ld == 0.0 {
                    let t = sibling_text(dom, sib);
                    if t.contains(". ") || t.ends_with('.') {
                        selected.push(sib);
                    }
                }
            }
        }
    }

    // Conditional cleaning inside the selection and serialisation.
    let mut out = Serializer::default();
    let title_norm = title.map(normalize_ws).map(|t| t.to_lowercase());
    for &root in &selected {
        let mut skipping: Option<NodeId> = None;
        for (id, entering) in dom.walk(root, |_| false) {
            if let Some(s) = skipping {
                if s == id && !entering {
                    skipping = None;
                }
                continue;
            }
            let node = &dom.nodes[id];
            match &node.kind {
                Kind::Text(t) => {
                    if st.dead[id].is_none() {
                        out.text(t);
                    }
                }
                Kind::Element(e) => {
                    if entering {
                        let reason = if st.dead[id].is_some() {
                            Some("")
                        } else if e.tag == "h1" {
                            Some("headline")
                        } else {
                            clean_conditionally(dom, &st, id)
                        };
                        if let Some(r) = reason {
                            if !r.is_empty() {
                                push_removed(&mut removed, dom, id, r);
                            }
                            skipping = Some(id);
                            continue;
                        }
                    }
                    if e.tag == "a" {
                        // Links are separate words (matters for scripts
                        // written without spaces).
                        out.text(" ");
                        if entering {
                            out.link_depth += 1;
                        } else {
                            out.link_depth = out.link_depth.saturating_sub(1);
                        }
                    }
                    if e.tag == "br" {
                        out.line_break();
                    } else if is_block(&e.tag) {
                        out.block_break();
                    }
                }
                Kind::Document => {}
            }
        }
        out.block_break();
        out.link_depth = 0;
    }
    let mut paras: Vec<Para> = out.finish();
    if let (Some(t), Some(first)) = (&title_norm, paras.first()) {
        if first.text.to_lowercase() == *t {
            paras.remove(0);
        }
    }
    let total = paras.len();
    let mut keep: Vec<Option<&'static str>> = Vec::with_capacity(total);
    for (i, p) in paras.iter().enumerate() {
        let edge = i < 3 || i + 3 >= total;
        keep.push(
            is_boilerplate_para(p).or_else(|| (edge && is_dateline(&p.text)).then_some("dateline")),
        );
    }
    // A short label ("Don't miss", "More on this") right before a dropped
    // link block belongs to it; so do label-like lines at the very end.
    for i in (0..total).rev() {
        if keep[i].is_some() || !is_label(&paras[i].text) {
            continue;
        }
        let next_dropped = i + 1 < total && keep[i + 1].is_some();
        let trailing = keep[i + 1..].iter().all(Option::is_some);
        if next_dropped || trailing {
            keep[i] = Some("label");
        }
    }
    let mut kept: Vec<String> = Vec::with_capacity(total);
    for (p, reason) in paras.into_iter().zip(keep) {
        match reason {
            Some(r) => {
                if removed.len() < MAX_REMOVED {
                    removed.push(Removed {
                        text: truncate_chars(&p.text, 200),
                        reason: r.to_string(),
                    });
                }
            }
            None => kept.push(p.text),
        }
    }
    let mut all_removed = collect_removed(dom, &st);
    all_removed.extend(removed);
    all_removed.truncate(MAX_REMOVED);
    Body {
        text: kept.join("\n\n"),
        removed: all_removed,
    }
}

/// Find the element explicitly marked as the article (see
/// [`is_body_marker`] and schema.org microdata), if one clearly dominates.
fn marked_root(dom: &Dom, st: &Stats) -> Option<NodeId> {
    let n = dom.nodes.len();
    let tiers: [&dyn Fn(NodeId) -> bool; 3] = [
        &|id| {
            dom.elem(id)
                .and_then(|e| e.attr("itemprop"))
                .is_some_and(|v| v.eq_ignore_ascii_case("articlebody"))
        },
        &|id| {
            dom.elem(id)
                .and_then(|e| e.attr("itemtype"))
                .is_some_and(|v| {
                    v.contains("Article") || v.contains("BlogPosting") || v.contains("NewsArticle")
                })
        },
        &|id| is_body_marker(dom, id),
    ];
    for pred in tiers {
        let mut found: Vec<NodeId> = Vec::new();
        for id in 1..n {
            if st.dead[id].is_none() && st.text[id] > 0 && pred(id) {
                // Keep only top-most matches.
                if found.last().is_some_and(|&f| is_ancestor(dom, f, id)) {
                    continue;
                }
                found.push(id);
            }
        }
        found.sort_by_key(|&id| std::cmp::Reverse(st.text[id]));
        if let Some(&best) = found.first() {
            let second = found.get(1).map_or(0, |&id| st.text[id]);
            if st.text[best] >= 250 && st.text[best] >= 2 * second {
                return Some(best);
            }
        }
    }
    None
}

fn sibling_text(dom: &Dom, id: NodeId) -> String {
    crate::meta::node_text(dom, id)
}

fn is_ancestor(dom: &Dom, anc: NodeId, mut id: NodeId) -> bool {
    let mut steps = 0;
    while id != NONE && steps < 10_000 {
        if id == anc {
            return true;
        }
        id = dom.nodes[id].parent;
        steps += 1;
    }
    false
}

/// Readability's `_cleanConditionally`: drop list/table/div blocks inside
/// the selected content that look like link lists, forms or image strips.
fn clean_conditionally(dom: &Dom, st: &Stats, id: NodeId) -> Option<&'static str> {
    let tag = dom.tag(id);
    if !matches!(
        tag,
        "div" | "section" | "ul" | "ol" | "table" | "form" | "header" | "figure" | "dl"
    ) {
        return None;
    }
    let text = st.text[id];
    if text == 0 {
        return None;
    }
    let ci = lower_class_id(dom, id);
    let weight = class_weight(&ci);
    let ld = link_density(st, id);
    if weight < 0 && text < 1000 && (st.paras[id] == 0 || ld > 0.3) {
        return Some("negative class");
    }
    if st.commas[id] >= 10 {
        return None;
    }
    let p = f64::from(st.paras[id]);
    let li = f64::from(st.lis[id]);
    let img = f64::from(st.imgs[id]);
    let is_list = matches!(tag, "ul" | "ol");
    if weight < 25 && ld > 0.33 && text < 2000 {
        return Some("link-dense");
    }
    if weight >= 25 && ld > 0.5 {
        return Some("link-dense");
    }
    if !is_list && li > p * 2.0 + 3.0 && ld > 0.2 {
        return Some("list of links");
    }
    if f64::from(st.inputs[id]) > (p / 3.0).max(1.0) {
        return Some("form");
    }
    if img > 2.0 && p / img < 0.5 && text < 200 {
        return Some("image gallery");
    }
    None
}

fn push_removed(out: &mut Vec<Removed>, dom: &Dom, id: NodeId, reason: &str) {
    if out.len() >= MAX_REMOVED {
        return;
    }
    let t = crate::meta::node_text(dom, id);
    if t.chars().count() < 20 {
        return;
    }
    out.push(Removed {
        text: truncate_chars(&t, 200),
        reason: reason.to_string(),
    });
}

/// Report top-level dead blocks (class/id or tag based) with real text.
fn collect_removed(dom: &Dom, st: &Stats) -> Vec<Removed> {
    let mut out = Vec::new();
    for id in 1..dom.nodes.len() {
        let Some(reason) = st.dead[id] else { continue };
        let p = dom.nodes[id].parent;
        if p != NONE && st.dead[p].is_some() {
            continue;
        }
        if matches!(
            reason,
            "non-content element" | "embedded media" | "form controls" | "hidden"
        ) {
            continue;
        }
        if dom.elem(id).is_none() {
            continue;
        }
        push_removed(&mut out, dom, id, reason);
        if out.len() >= MAX_REMOVED / 2 {
            break;
        }
    }
    out
}

/// Builds paragraphs from a stream of text and breaks.
#[derive(Default)]
struct Serializer {
    paras: Vec<Para>,
    cur: String,
    cur_link: usize,
    link_depth: usize,
}

/// One output paragraph with the amount of its text inside links.
struct Para {
    text: String,
    link_chars: usize,
}

impl Serializer {
    fn text(&mut self, t: &str) {
        if self.link_depth > 0 {
            self.cur_link += collapsed_len(t);
        }
        self.cur.push_str(t);
    }
    fn line_break(&mut self) {
        self.cur.push('\n');
    }
    fn block_break(&mut self) {
        if self.cur.trim().is_empty() {
            self.cur.clear();
            self.cur_link = 0;
            return;
        }
        let lines: Vec<String> = self
            .cur
            .split('\n')
            .map(|l| tidy_punct(&normalize_ws(l)))
            .filter(|l| !l.is_empty())
            .collect();
        self.cur.clear();
        if !lines.is_empty() {
            self.paras.push(Para {
                text: lines.join("\n"),
                link_chars: self.cur_link,
            });
        }
        self.cur_link = 0;
    }
    fn finish(mut self) -> Vec<Para> {
        self.block_break();
        self.paras
    }
}

/// Remove the space that link separation leaves before closing
/// punctuation and after opening brackets.
fn tidy_punct(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            if let Some(&n) = chars.peek() {
                if matches!(n, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']') {
                    continue;
                }
            }
            if out.ends_with(['(', '[']) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan ",
    "feb ",
    "mar ",
    "apr ",
    "jun ",
    "jul ",
    "aug ",
    "sep ",
    "sept ",
    "oct ",
    "nov ",
    "dec ",
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
    "enero",
    "febrero",
    "marzo",
    "mayo",
    "junio",
    "julio",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "januar",
    "februar",
    "märz",
    "mai ",
    "juni",
    "juli",
    "oktober",
    "dezember",
];

/// A short heading-like line without sentence punctuation.
fn is_label(p: &str) -> bool {
    let len = p.chars().count();
    len < 40
        && !p.contains('\n')
        && !p.ends_with([
            '.', '!', '?', '"', '\u{201d}', ')', '\u{3002}', '\u{ff01}', '\u{ff1f}',
        ])
        && p.split_whitespace().count() <= 6
}

/// `dd/mm/yyyy`, `dd.mm.yyyy` or `yyyy-mm-dd` somewhere in `p`.
fn has_numeric_date(p: &str) -> bool {
    let b = p.as_bytes();
    b.windows(10).any(|w| {
        let d = |i: usize| w[i].is_ascii_digit();
        let sep = |i: usize| matches!(w[i], b'/' | b'.' | b'-');
        (d(0) && d(1) && sep(2) && d(3) && d(4) && sep(5) && d(6) && d(7) && d(8) && d(9))
            || (d(0) && d(1) && d(2) && d(3) && sep(4) && d(5) && d(6) && sep(7) && d(8) && d(9))
    })
}

/// A short line that only carries a date/time (a dateline or timestamp).
fn is_dateline(p: &str) -> bool {
    let words = p.split_whitespace().count();
    if words > 14 || p.len() > 120 || p.contains('@') || p.starts_with('\u{2014}') {
        return false;
    }
    let has_year = p.as_bytes().windows(4).enumerate().any(|(i, w)| {
        w.iter().all(u8::is_ascii_digit)
            && (w.starts_with(b"19") || w.starts_with(b"20"))
            && (i == 0 || !p.as_bytes()[i - 1].is_ascii_digit())
            && p.as_bytes().get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    });
    if !has_year {
        return false;
    }
    let lower = p.to_lowercase();
    let has_time = lower
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    let has_month = MONTHS.iter().any(|m| lower.contains(m)) || has_numeric_date(p);
    let sentence = p.ends_with('.') && words > 6;
    (has_time
        || has_month
        || lower.contains("updated")
        || lower.contains("published")
        || lower.contains("publicado"))
        && !sentence
}

/// Call-to-action / label paragraphs: ad labels, "Read more: ...",
/// newsletter sign-up pitches.
fn is_boilerplate_para(p: &Para) -> Option<&'static str> {
    let text = p.text.as_str();
    let len = text.chars().count();
    let lower = text.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(
        trimmed,
        "advertisement"
            | "advert"
            | "ad"
            | "sponsored"
            | "anzeige"
            | "publicidade"
            | "publicidad"
            | "story continues below advertisement"
            | "continue reading below"
    ) {
        return Some("advertisement");
    }
    let ld = p.link_chars as f64 / len.max(1) as f64;
    const LEADS: &[&str] = &[
        "read more",
        "see more",
        "read also",
        "also read",
        "related:",
        "more:",
        "watch:",
        "don't miss",
        "don’t miss",
        "recommended",
        "click here",
        "follow us",
        "share this",
        "most read",
        "you may also like",
        "you might also like",
    ];
    if len < 200 && ld > 0.4 && LEADS.iter().any(|l| lower.starts_with(l)) {
        return Some("related links");
    }
    const TAG_LEADS: &[&str] = &["tags:", "tagged:", "tagged with", "filed under", "topics:"];
    if len < 300
        && TAG_LEADS
            .iter()
            .any(|l| trimmed.starts_with(l) || lower.starts_with(l))
    {
        return Some("tags");
    }
    if len < 400
        && (lower.contains("newsletter") || lower.contains("inbox"))
        && (lower.contains("sign up") || lower.contains("subscribe"))
    {
        return Some("newsletter");
    }
    if len < 120 && ld > 0.9 && !text.ends_with('.') {
        return Some("link-dense");
    }
    // A list of links rendered as lines (`<br>`-separated).
    let lines = text.lines().count();
    if lines >= 2 && ld > 0.8 && len / lines < 120 {
        return Some("link-dense");
    }
    None
}

/// All live text of a document, block-separated (used for HTML fragments
/// such as a JSON-LD `articleBody` containing markup).
pub fn plain_text(dom: &Dom) -> String {
    let mut out = Serializer::default();
    for (id, entering) in dom.walk(0, |_| false) {
        match &dom.nodes[id].kind {
            Kind::Text(t) if entering => out.text(t),
            Kind::Element(e) if entering || is_block(&e.tag) => {
                if e.tag == "br" {
                    out.line_break();
                } else if is_block(&e.tag) {
                    out.block_break();
                }
            }
            _ => {}
        }
    }
    out.finish()
        .into_iter()
        .map(|p| p.text)
        .collect::<Vec<_>>()
        .join("\n\n")
}
