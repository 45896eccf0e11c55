//! Metadata: title, date, author, site name, canonical URL, description,
//! from `<meta>`/`<link>` tags, JSON-LD, microdata and the URL.

use crate::dom::{Dom, Kind, NodeId};
use crate::text::normalize_ws;
use serde_json::Value;

/// Metadata gathered from the document head, JSON-LD and the URL.
#[derive(Debug, Default, Clone)]
pub struct Meta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    /// JSON-LD `articleBody`, if any (longest one).
    pub ld_body: Option<String>,
}

#[derive(Default)]
struct Ld {
    headline: Option<String>,
    date: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    body: Option<String>,
    url: Option<String>,
    description: Option<String>,
}

fn non_empty(s: &str) -> Option<String> {
    let s = normalize_ws(s);
    (!s.is_empty()).then_some(s)
}

/// Text content of a subtree (whitespace-normalised).
pub fn node_text(dom: &Dom, id: NodeId) -> String {
    let mut s = String::new();
    for (n, entering) in dom.walk(id, |n| {
        matches!(dom.tag(n), "script" | "style" | "noscript" | "template")
    }) {
        if entering {
            if let Some(Kind::Text(t)) = dom.nodes.get(n).map(|x| &x.kind) {
                s.push_str(t);
                s.push(' ');
            }
        }
    }
    normalize_ws(&s)
}

/// Gather metadata. `url` is the page URL given by the caller.
pub fn extract_meta(dom: &Dom, url: Option<&str>) -> Meta {
    let mut m = Meta::default();
    let mut ld = Ld::default();
    for raw in &dom.json_ld {
        if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
            walk_ld(&v, &mut ld, 0);
        }
    }

    let (mut og_title, mut tw_title, mut title_tag, mut h1) = (None, None, None, None);
    let (mut date_meta, mut time_dt, mut canonical, mut og_url) = (None, None, None, None);
    let (mut author_meta, mut author_rel, mut author_class) = (None, None, None);
    let (mut site, mut desc, mut og_desc) = (None, None, None);

    for (id, node) in dom.nodes.iter().enumerate() {
        let Kind::Element(e) = &node.kind else {
            continue;
        };
        match e.tag.as_str() {
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = e.attr("content").and_then(non_empty) else {
                    continue;
                };
                match key.as_str() {
                    "og:title" => set(&mut og_title, content),
                    "twitter:title" => set(&mut tw_title, content),
                    "og:site_name" => set(&mut site, content),
                    "og:url" => set(&mut og_url, content),
                    "description" => set(&mut desc, content),
                    "og:description" | "twitter:description" => set(&mut og_desc, content),
                    "author" | "article:author" | "parsely-author" | "dc.creator"
                    | "sailthru.author" | "byl"
                        if !content.starts_with("http") =>
                    {
                        set(
                            &mut author_meta,
                            content.trim_start_matches("By ").to_string(),
                        )
                    }
                    "article:published_time"
                    | "og:published_time"
                    | "article:published"
                    | "published_time"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "dcterms.created"
                    | "dcterms.date"
                    | "date"
                    | "pubdate"
                    | "publishdate"
                    | "publish-date"
                    | "datepublished"
                    | "article.published"
                    | "cxenseparse:recs:publishtime"
                        if date_meta.is_none() =>
                    {
                        date_meta = parse_date(&content);
                    }
                    _ => {}
                }
            }
            "link" => {
                let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    if let Some(h) = e.attr("href").and_then(non_empty) {
                        set(&mut canonical, h);
                    }
                }
            }
            "title" if title_tag.is_none() => {
                title_tag = non_empty(&node_text(dom, id));
            }
            "h1" if h1.is_none() => {
                h1 = non_empty(&node_text(dom, id));
            }
            "time" if time_dt.is_none() => {
                time_dt = e.attr("datetime").and_then(parse_date);
            }
            "a" => {
                let rel = e.attr("rel").unwrap_or("");
                if author_rel.is_none() && rel.eq_ignore_ascii_case("author") {
                    author_rel = non_empty(&node_text(dom, id)).filter(|s| s.len() < 100);
                }
            }
            _ => {}
        }
        if e.attr("itemprop") == Some("datePublished") && date_meta.is_none() {
            date_meta = e
                .attr("datetime")
                .or_else(|| e.attr("content"))
                .and_then(parse_date);
        }
        if author_class.is_none() {
            let class = e.attr("class").unwrap_or("");
            if e.attr("itemprop") == Some("author")
                || class
                    .split_whitespace()
                    .any(|c| c == "byline" || c == "author")
            {
                author_class = non_empty(&node_text(dom, id))
                    .map(|s| s.trim_start_matches("By ").trim().to_string())
                    .filter(|s| !s.is_empty() && s.len() < 100);
            }
        }
    }

    m.title = og_title.or(ld.headline).or(tw_title).or(h1).or(title_tag);
    m.published = date_meta
        .or(ld.date)
        .or(time_dt)
        .or_else(|| url.and_then(date_from_url));
    m.byline = author_meta.or(ld.author).or(author_rel).or(author_class);
    m.site_name = site.or(ld.publisher);
    m.url = canonical
        .or(og_url)
        .or(ld.url)
        .or_else(|| url.map(str::to_string));
    if m.published.is_none() {
        m.published = m.url.as_deref().and_then(date_from_url);
    }
    m.description = desc.or(og_desc).or(ld.description);
    m.ld_body = ld.body;
    m
}

fn set(slot: &mut Option<String>, v: String) {
    if slot.is_none() {
        *slot = Some(v);
    }
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => non_empty(s),
        Value::Object(o) => o.get("name").and_then(str_of),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(str_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn walk_ld(v: &Value, ld: &mut Ld, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk_ld(x, ld, depth + 1)),
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                walk_ld(g, ld, depth + 1);
            }
            let ty = o.get("@type").map(|t| t.to_string()).unwrap_or_default();
            let articleish = ty.contains("Article")
                || ty.contains("Posting")
                || ty.contains("Report")
                || o.contains_key("articleBody");
            if !articleish {
                return;
            }
            if ld.headline.is_none() {
                ld.headline = o.get("headline").and_then(str_of);
            }
            if ld.date.is_none() {
                ld.date = o
                    .get("datePublished")
                    .or_else(|| o.get("dateCreated"))
                    .and_then(Value::as_str)
                    .and_then(parse_date);
            }
            if ld.author.is_none() {
                ld.author = o.get("author").and_then(str_of);
            }
            if ld.publisher.is_none() {
                ld.publisher = o.get("publisher").and_then(str_of);
            }
            if ld.url.is_none() {
                ld.url = o
                    .get("url")
                    .or_else(|| o.get("mainEntityOfPage").and_then(|m| m.get("@id")))
                    .and_then(Value::as_str)
                    .and_then(non_empty);
            }
            if ld.description.is_none() {
                ld.description = o
                    .get("description")
                    .and_then(Value::as_str)
                    .and_then(non_empty);
            }
            if let Some(Value::String(b)) = o.get("articleBody") {
                if ld.body.as_ref().is_none_or(|cur| cur.len() < b.len()) {
                    ld.body = Some(b.clone());
                }
            }
        }
        _ => {}
    }
}

/// Parse the first `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD` date in `s`.
pub fn parse_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |i: usize, n: usize| -> Option<u32> {
        let sl = b.get(i..i + n)?;
        if !sl.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(sl).ok()?.parse().ok()
    };
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let Some(y) = digits(i, 4) else { continue };
        let (m, d) = match b.get(i + 4) {
            Some(&sep) if sep == b'-' || sep == b'/' || sep == b'.' => {
                let (Some(m), Some(d)) = (digits(i + 5, 2), digits(i + 8, 2)) else {
                    continue;
                };
                if b.get(i + 7) != Some(&sep) {
                    continue;
                }
                (m, d)
            }
            Some(c) if c.is_ascii_digit() => {
                let (Some(m), Some(d)) = (digits(i + 4, 2), digits(i + 6, 2)) else {
                    continue;
                };
                if b.get(i + 8).is_some_and(u8::is_ascii_digit) {
                    continue;
                }
                (m, d)
            }
            _ => continue,
        };
        if (1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

/// Date from URL paths like `/2022/02/25/` or `/2022-02-25-...`.
pub fn date_from_url(url: &str) -> Option<String> {
    let b = url.as_bytes();
    for i in 0..b.len() {
        if b[i] != b'/' {
            continue;
        }
        let rest = &url[i + 1..];
        let seg: String = rest.chars().take(10).collect();
        let ok = seg.len() == 10
            && seg.as_bytes()[4] == seg.as_bytes()[7]
            && matches!(seg.as_bytes()[4], b'/' | b'-');
        if ok {
            if let Some(d) = parse_date(&seg) {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2019-11-19T12:00:00Z").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(parse_date("Nov 2019").as_deref(), None);
        assert_eq!(parse_date("20191119").as_deref(), Some("2019-11-19"));
        assert_eq!(
            date_from_url("https://x.com/2022/02/25/story.html").as_deref(),
            Some("2022-02-25")
        );
        assert_eq!(date_from_url("https://x.com/a/b").as_deref(), None);
        assert_eq!(parse_date("2019-13-40"), None);
    }

    #[test]
    fn json_ld_graph() {
        let html = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"X"},{"@type":"NewsArticle","headline":"H","datePublished":"2021-03-04T00:00","author":[{"@type":"Person","name":"A B"}],"publisher":{"name":"Pub"},"articleBody":"Body"}]}</script>"#;
        let dom = Dom::parse(html);
        let m = extract_meta(&dom, None);
        assert_eq!(m.title.as_deref(), Some("H"));
        assert_eq!(m.published.as_deref(), Some("2021-03-04"));
        assert_eq!(m.byline.as_deref(), Some("A B"));
        assert_eq!(m.site_name.as_deref(), Some("Pub"));
        assert_eq!(m.ld_body.as_deref(), Some("Body"));
    }
}
