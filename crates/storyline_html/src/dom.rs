//! A small arena DOM built from the `html5gum` tokenizer.
//!
//! The tree builder is deliberately simple (it is not the WHATWG tree
//! construction algorithm) but handles the cases that matter for text
//! extraction: void elements, end tags that close several open elements,
//! stray end tags, implicitly closed `<p>`/`<li>`/table cells, raw-text
//! elements (`<script>`, `<style>`) and a hard cap on nesting depth so
//! that hostile input (100,000 nested `<div>`s) cannot produce a deep tree.
//!
//! Nodes are stored in document order (a parent always has a smaller index
//! than its descendants), which lets later passes compute bottom-up
//! aggregates by iterating the arena backwards, without recursion.

use html5gum::{naive_next_state, Emitter, Error, State, Tokenizer};

/// Index of a node in [`Dom::nodes`].
pub type NodeId = usize;

/// Sentinel for "no node".
pub const NONE: NodeId = usize::MAX;

/// Maximum number of simultaneously open elements; deeper start tags are
/// attached as siblings at the cap depth (like Blink/WebKit do).
pub const MAX_DEPTH: usize = 256;

/// Input larger than this (in bytes) is truncated before parsing, bounding
/// memory and time on absurd pages.
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// An element's tag name and the attributes the extractor cares about.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Lower-case tag name.
    pub tag: String,
    /// Retained attributes (lower-case names), in source order.
    pub attrs: Vec<(String, String)>,
}

impl Element {
    /// Value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Node payload.
#[derive(Debug, Clone)]
pub enum Kind {
    /// The synthetic root.
    Document,
    /// An element.
    Element(Element),
    /// Character data (entities already decoded).
    Text(String),
}

/// One node of the arena tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// Parent id (`NONE` for the document).
    pub parent: NodeId,
    /// First child or `NONE`.
    pub first_child: NodeId,
    /// Last child or `NONE`.
    pub last_child: NodeId,
    /// Next sibling or `NONE`.
    pub next: NodeId,
    /// Payload.
    pub kind: Kind,
}

/// The parsed document plus the raw text of JSON-LD scripts.
#[derive(Debug, Default)]
pub struct Dom {
    /// Arena, in document order; index 0 is the document node.
    pub nodes: Vec<Node>,
    /// Contents of `<script type="application/ld+json">` elements.
    pub json_ld: Vec<String>,
}

const KEEP_ATTRS: &[&str] = &[
    "id",
    "class",
    "itemprop",
    "itemtype",
    "role",
    "href",
    "rel",
    "name",
    "property",
    "content",
    "charset",
    "http-equiv",
    "datetime",
    "hidden",
    "aria-hidden",
    "style",
    "type",
];

fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "image"
    )
}

/// Start tags that implicitly close an open `<p>`.
fn closes_p(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
    )
}

/// Elements that bound the search for an implicitly closed element.
fn is_scope_boundary(tag: &str) -> bool {
    matches!(
        tag,
        "table" | "td" | "th" | "caption" | "html" | "body" | "button" | "object" | "template"
    )
}

impl Dom {
    /// Parse `html` into an arena tree. Never panics; input beyond
    /// [`MAX_INPUT`] bytes is ignored.
    pub fn parse(html: &str) -> Dom {
        let html = truncate_str(html, MAX_INPUT);
        let mut b = Builder {
            dom: Dom {
                nodes: Vec::with_capacity(html.len() / 40 + 16),
                json_ld: Vec::new(),
            },
            stack: Vec::with_capacity(64),
            in_json_ld: false,
        };
        b.dom.nodes.push(Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            kind: Kind::Document,
        });
        let emitter = DomEmitter {
            b: &mut b,
            tag_name: Vec::new(),
            is_end: false,
            self_closing: false,
            attrs: Vec::new(),
            attr_name: Vec::new(),
            attr_value: Vec::new(),
            in_attr: false,
            text: Vec::new(),
            last_start_tag: Vec::new(),
        };
        for _ in Tokenizer::new_with_emitter(html, emitter) {}
        b.dom
    }

    /// The element payload of `id`, if it is an element.
    pub fn elem(&self, id: NodeId) -> Option<&Element> {
        match self.nodes.get(id).map(|n| &n.kind) {
            Some(Kind::Element(e)) => Some(e),
            _ => None,
        }
    }

    /// Tag name of `id` or `""` for non-elements.
    pub fn tag(&self, id: NodeId) -> &str {
        self.elem(id).map(|e| e.tag.as_str()).unwrap_or("")
    }

    /// Iterator over the children of `id`.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            cur: self.nodes.get(id).map(|n| n.first_child).unwrap_or(NONE),
        }
    }

    /// Pre-order iterator over the subtree rooted at `root` (inclusive),
    /// skipping the descendants of nodes for which `skip` returns true.
    /// Yields `(id, entering)` events: `entering == false` is emitted when
    /// an element's subtree is left. Uses no recursion.
    pub fn walk<'a, F: FnMut(NodeId) -> bool + 'a>(&'a self, root: NodeId, skip: F) -> Walk<'a, F> {
        Walk {
            dom: self,
            root,
            next: Some((root, true)),
            skip,
        }
    }
}

/// Iterator over the children of a node.
pub struct Children<'a> {
    dom: &'a Dom,
    cur: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.cur == NONE {
            return None;
        }
        let id = self.cur;
        self.cur = self.dom.nodes.get(id).map(|n| n.next).unwrap_or(NONE);
        Some(id)
    }
}

/// See [`Dom::walk`].
pub struct Walk<'a, F> {
    dom: &'a Dom,
    root: NodeId,
    next: Option<(NodeId, bool)>,
    skip: F,
}

impl<F: FnMut(NodeId) -> bool> Iterator for Walk<'_, F> {
    type Item = (NodeId, bool);
    fn next(&mut self) -> Option<(NodeId, bool)> {
        let (id, entering) = self.next?;
        let node = self.dom.nodes.get(id)?;
        let is_text = matches!(node.kind, Kind::Text(_));
        self.next = if entering && !is_text {
            if node.first_child != NONE && !(self.skip)(id) {
                Some((node.first_child, true))
            } else {
                Some((id, false))
            }
        } else if id == self.root {
            None
        } else if node.next != NONE {
            Some((node.next, true))
        } else if node.parent != NONE {
            Some((node.parent, false))
        } else {
            None
        };
        Some((id, entering))
    }
}

struct Builder {
    dom: Dom,
    stack: Vec<NodeId>,
    in_json_ld: bool,
}

impl Builder {
    fn current(&self) -> NodeId {
        self.stack.last().copied().unwrap_or(0)
    }

    fn append(&mut self, parent: NodeId, kind: Kind) -> NodeId {
        let id = self.dom.nodes.len();
        self.dom.nodes.push(Node {
            parent,
            first_child: NONE,
            last_child: NONE,
            next: NONE,
            kind,
        });
        let prev_last = self.dom.nodes[parent].last_child;
        if prev_last == NONE {
            self.dom.nodes[parent].first_child = id;
        } else {
            self.dom.nodes[prev_last].next = id;
        }
        self.dom.nodes[parent].last_child = id;
        id
    }

    fn open_tag(&self, i: usize) -> &str {
        self.dom.tag(self.stack[i])
    }

    /// Pop up to and including the nearest open `tag` within scope.
    fn close_in_scope(&mut self, tags: &[&str], boundaries: &[&str]) {
        let mut i = self.stack.len();
        while i > 0 {
            i -= 1;
            let t = self.open_tag(i);
            if tags.contains(&t) {
                self.stack.truncate(i);
                return;
            }
            if is_scope_boundary(t) || boundaries.contains(&t) {
                return;
            }
        }
    }

    fn start(&mut self, tag: String, attrs: Vec<(String, String)>, self_closing: bool) {
        if tag == "p" || closes_p(&tag) {
            self.close_in_scope(&["p"], &[]);
        }
        match tag.as_str() {
            "li" => self.close_in_scope(&["li"], &["ul", "ol", "div", "nav"]),
            "dt" | "dd" => self.close_in_scope(&["dt", "dd"], &["dl", "div"]),
            "td" | "th" => {
                self.close_in_scope(&["td", "th"], &["tr", "table"]);
            }
            "tr" => self.close_in_scope(&["tr"], &["table", "tbody", "thead", "tfoot"]),
            "option" => self.close_in_scope(&["option"], &["select"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if matches!(
                    self.dom.tag(self.current()),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ) {
                    self.stack.pop();
                }
            }
            _ => {}
        }
        let void = is_void(&tag) || (self_closing && tag != "div" && tag != "p");
        let is_script = tag == "script";
        if is_script {
            let ty = attrs
                .iter()
                .find(|(k, _)| k == "type")
                .map(|(_, v)| v.to_ascii_lowercase());
            self.in_json_ld = ty.is_some_and(|t| t.contains("ld+json"));
            if self.in_json_ld {
                self.dom.json_ld.push(String::new());
            }
        }
        let parent = self.current();
        let id = self.append(parent, Kind::Element(Element { tag, attrs }));
        if !void && self.stack.len() < MAX_DEPTH {
            self.stack.push(id);
        }
    }

    fn end(&mut self, tag: &str) {
        if tag == "script" {
            self.in_json_ld = false;
        }
        // Find the nearest matching open element (bounded search).
        let mut i = self.stack.len();
        let limit = self.stack.len().saturating_sub(64);
        while i > limit {
            i -= 1;
            if self.open_tag(i) == tag {
                self.stack.truncate(i);
                return;
            }
        }
        // `</p>` without an open p, `</br>`: ignore.
    }

    fn text(&mut self, bytes: &[u8]) {
        let s = to_string(bytes);
        if self.in_json_ld {
            if let Some(last) = self.dom.json_ld.last_mut() {
                last.push_str(&s);
            }
            return;
        }
        let parent = self.current();
        let last = self.dom.nodes[parent].last_child;
        if last != NONE {
            if let Kind::Text(t) = &mut self.dom.nodes[last].kind {
                t.push_str(&s);
                return;
            }
        }
        self.append(parent, Kind::Text(s));
    }
}

fn to_string(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    }
}

fn lossy_lower(b: &[u8]) -> String {
    let mut s = to_string(b);
    s.make_ascii_lowercase();
    s
}

/// An `html5gum` emitter that feeds the tree builder directly (no token
/// allocation, no parse-error reporting).
struct DomEmitter<'b> {
    b: &'b mut Builder,
    tag_name: Vec<u8>,
    is_end: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
    attr_name: Vec<u8>,
    attr_value: Vec<u8>,
    in_attr: bool,
    text: Vec<u8>,
    last_start_tag: Vec<u8>,
}

impl DomEmitter<'_> {
    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            self.b.text(&self.text);
            self.text.clear();
        }
    }

    fn flush_attr(&mut self) {
        if self.in_attr && !self.is_end {
            let name = lossy_lower(&self.attr_name);
            if KEEP_ATTRS.contains(&name.as_str()) && !self.attrs.iter().any(|(k, _)| *k == name) {
                self.attrs.push((name, to_string(&self.attr_value)));
            }
        }
        self.in_attr = false;
    }
}

impl Emitter for DomEmitter<'_> {
    type Token = ();

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        self.flush_text();
    }

    fn emit_error(&mut self, _error: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<()> {
        None
    }

    fn emit_string(&mut self, c: &[u8]) {
        self.text.extend_from_slice(c);
    }

    fn init_start_tag(&mut self) {
        self.flush_text();
        self.tag_name.clear();
        self.is_end = false;
        self.self_closing = false;
        self.attrs.clear();
        self.in_attr = false;
    }

    fn init_end_tag(&mut self) {
        self.flush_text();
        self.tag_name.clear();
        self.is_end = true;
        self.self_closing = false;
        self.attrs.clear();
        self.in_attr = false;
    }

    fn init_comment(&mut self) {
        self.flush_text();
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_attr();
        let name = lossy_lower(&self.tag_name);
        if self.is_end {
            self.last_start_tag.clear();
            self.b.end(&name);
            None
        } else {
            let attrs = std::mem::take(&mut self.attrs);
            self.b.start(name, attrs, self.self_closing);
            self.last_start_tag.clear();
            self.last_start_tag.extend_from_slice(&self.tag_name);
            naive_next_state(&self.last_start_tag)
        }
    }

    fn emit_current_comment(&mut self) {}

    fn emit_current_doctype(&mut self) {}

    fn set_self_closing(&mut self) {
        if !self.is_end {
            self.self_closing = true;
        }
    }

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, s: &[u8]) {
        self.tag_name.extend_from_slice(s);
    }

    fn push_comment(&mut self, _s: &[u8]) {}

    fn push_doctype_name(&mut self, _s: &[u8]) {}

    fn init_doctype(&mut self) {
        self.flush_text();
    }

    fn init_attribute(&mut self) {
        self.flush_attr();
        self.in_attr = true;
        self.attr_name.clear();
        self.attr_value.clear();
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        self.attr_name.extend_from_slice(s);
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        self.attr_value.extend_from_slice(s);
    }

    fn set_doctype_public_identifier(&mut self, _value: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _value: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _s: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _s: &[u8]) {}

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.is_end && !self.last_start_tag.is_empty() && self.tag_name == self.last_start_tag
    }
}

/// Truncate `s` to at most `max` bytes on a char boundary.
pub fn truncate_str(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom) -> Vec<String> {
        dom.nodes
            .iter()
            .filter_map(|n| match &n.kind {
                Kind::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn parses_basic_tree() {
        let dom = Dom::parse("<html><body><p>a &amp; b<p>c</body></html>");
        assert_eq!(texts(&dom), vec!["a & b", "c"]);
        // Second <p> is a sibling of the first (implicitly closed).
        let ps: Vec<_> = (0..dom.nodes.len())
            .filter(|&i| dom.tag(i) == "p")
            .collect();
        assert_eq!(ps.len(), 2);
        assert_eq!(dom.nodes[ps[0]].parent, dom.nodes[ps[1]].parent);
    }

    #[test]
    fn script_is_raw_text_and_json_ld_collected() {
        let dom = Dom::parse(
            "<script>if (a<b) { x = '</div>'; }</script><script type=\"application/ld+json\">{\"a\":1}</script><p>t</p>",
        );
        assert_eq!(dom.json_ld, vec!["{\"a\":1}".to_string()]);
        assert!(texts(&dom).iter().any(|t| t == "t"));
    }

    #[test]
    fn deep_nesting_is_capped() {
        let html = "<div>".repeat(100_000) + "x" + &"</div>".repeat(100_000);
        let dom = Dom::parse(&html);
        let mut max_depth = 0;
        for i in 0..dom.nodes.len() {
            let mut d = 0;
            let mut p = dom.nodes[i].parent;
            while p != NONE {
                d += 1;
                p = dom.nodes[p].parent;
            }
            max_depth = max_depth.max(d);
        }
        assert!(max_depth <= MAX_DEPTH + 2);
    }

    #[test]
    fn walk_visits_in_order() {
        let dom = Dom::parse("<div><p>a</p><p>b<b>c</b></p></div>");
        let order: Vec<String> = dom
            .walk(0, |_| false)
            .filter(|&(_, e)| e)
            .filter_map(|(id, _)| match &dom.nodes[id].kind {
                Kind::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(order, vec!["a", "b", "c"]);
    }
}
