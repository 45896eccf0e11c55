//! Per-node aggregates computed bottom-up (live text, link text, commas, paragraphs, list
//! items, images, inputs) and what is read off them: link density, the initial score of a
//! tag, explicit article-body markers, and readability's conditional cleaning.

use super::signals::{boilerplate_reason, class_weight, dead_tag, hidden, lower_class_id};
use crate::dom::{Dom, Kind, NodeId, NONE};
use crate::text::collapsed_len;

/// Per-node aggregates computed bottom-up.
pub(super) struct Stats {
    pub(super) dead: Vec<Option<&'static str>>,
    /// Collapsed text length of live text below the node.
    pub(super) text: Vec<u32>,
    /// Collapsed text length inside `<a>` below the node.
    link: Vec<u32>,
    pub(super) commas: Vec<u32>,
    pub(super) paras: Vec<u32>,
    lis: Vec<u32>,
    imgs: Vec<u32>,
    inputs: Vec<u32>,
}

/// True for elements explicitly marked as the article body
/// (`itemprop=articleBody`, `article-body`, `entry-content`, ...).
pub(super) fn is_body_marker(dom: &Dom, id: NodeId) -> bool {
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

pub(super) fn compute_stats(dom: &Dom, relaxed: bool) -> Stats {
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

pub(super) fn link_density(st: &Stats, id: NodeId) -> f64 {
    let t = st.text[id];
    if t == 0 {
        0.0
    } else {
        f64::from(st.link[id]) / f64::from(t)
    }
}

pub(super) fn tag_init_score(tag: &str) -> f64 {
    match tag {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Readability's `_cleanConditionally`: drop list/table/div blocks inside
/// the selected content that look like link lists, forms or image strips.
pub(super) fn clean_conditionally(dom: &Dom, st: &Stats, id: NodeId) -> Option<&'static str> {
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
