//! Main-text selection: boilerplate pruning, readability-style candidate
//! scoring, sibling merging, conditional cleaning and text serialisation.
//!
//! This module selects the body and serialises it; the element signals (tags, class/id
//! weights, hidden elements) are in `signals`, the per-node aggregates and conditional
//! cleaning in `stats`, paragraphs and their filters in `paras`, word tables in `tables`.

mod paras;
mod signals;
mod stats;
mod tables;

use crate::dom::{Dom, Kind, NodeId, NONE};
use crate::text::{normalize_ws, truncate_chars};
use crate::Removed;
use paras::{is_boilerplate_para, is_dateline, is_label, Para, Serializer};
use signals::{class_weight, is_block, lower_class_id};
use stats::{
    clean_conditionally, compute_stats, is_body_marker, link_density, tag_init_score, Stats,
};

/// Maximum number of [`Removed`] entries reported.
const MAX_REMOVED: usize = 40;

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
