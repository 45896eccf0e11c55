//! End-to-end tests on hand-written fixture pages.

use storyline_html::{decode_html, extract};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).expect("fixture exists")
}

#[test]
fn news_article_body_kept_boilerplate_dropped() {
    let html = decode_html(&fixture("news_article.html"));
    let e = extract(&html, Some("https://ledger.example/x"));
    let t = &e.text;
    // Body paragraphs, in order, including the subheading.
    for needle in [
        "The Harbor Town council voted seven to two",
        "about 12 percent of the town\u{2019}s electricity",
        "\u{201c}This is the cheapest clean power",
        "Concerns about wildlife",
        "Opponents, including the local anglers",
        "monitoring programme, run with the regional university",
        "Construction is scheduled to start in September.",
    ] {
        assert!(t.contains(needle), "missing {needle:?} in {t}");
    }
    let first = t.find("seven to two").unwrap_or(usize::MAX);
    let last = t.find("September").unwrap_or(0);
    assert!(first < last);
    // Boilerplate.
    for junk in [
        "cookies",
        "Accept all",
        "Obituaries",
        "Share on Social",
        "Email this story",
        "Advertisement",
        "Related stories",
        "Wind turbine plan",
        "morning briefing",
        "eyesore",
        "What happens to the fish",
        "Most read",
        "All rights reserved",
        "not text",
        "dataLayer",
        "font-family",
        "Photo: Ledger staff",
    ] {
        assert!(!t.contains(junk), "unexpected {junk:?} in {t}");
    }
    // Headline is not repeated in the body; paragraphs are separated.
    assert!(!t.starts_with("Harbor Town approves"));
    assert!(t.contains("three years.\n\nThe array"));
    assert!(!t.contains("  "));
    // Metadata.
    assert_eq!(
        e.title.as_deref(),
        Some("Harbor Town approves floating solar farm on old reservoir")
    );
    assert_eq!(e.published.as_deref(), Some("2023-04-17"));
    assert_eq!(e.byline.as_deref(), Some("Marta Quillfeather"));
    assert_eq!(e.site_name.as_deref(), Some("The Coastal Ledger"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://ledger.example/news/2023/04/17/floating-solar")
    );
    assert!(e
        .description
        .as_deref()
        .is_some_and(|d| d.starts_with("Council votes 7-2")));
    // Removed blocks are reported with reasons.
    let reasons: Vec<&str> = e.removed.iter().map(|r| r.reason.as_str()).collect();
    assert!(reasons.contains(&"comments"), "{reasons:?}");
    assert!(reasons.contains(&"share buttons"), "{reasons:?}");
    assert!(reasons.contains(&"cookie notice"), "{reasons:?}");
    assert!(e.removed.iter().all(|r| r.text.chars().count() <= 201));
}

#[test]
fn windows_1252_page() {
    let bytes = fixture("windows1252.html");
    assert!(std::str::from_utf8(&bytes).is_err());
    let html = decode_html(&bytes);
    assert!(html.contains("\u{201c}We wanted a place"));
    assert!(html.contains("cr\u{e8}me br\u{fb}l\u{e9}e"));
    let e = extract(&html, None);
    assert!(e.text.contains("\u{201c}We wanted a place where fishermen"));
    assert!(e.text.contains("day\u{2019}s catch"));
    assert!(e.text.contains("open every day except Monday"));
    assert!(!e.text.contains("Copyright"));
    assert!(!e.text.contains("About"));
    assert_eq!(e.title.as_deref(), Some("Caf\u{e9} opens on the quay"));
}

#[test]
fn page_without_article_yields_empty_text() {
    let html = decode_html(&fixture("no_article.html"));
    let e = extract(&html, None);
    assert_eq!(e.text, "");
    assert_eq!(e.title.as_deref(), Some("Sign in"));
}

#[test]
fn url_date_fallback() {
    let html = "<html><body><div><p>Short body text that is long enough to count as a paragraph of prose, with commas, and more words.</p></div></body></html>";
    let e = extract(html, Some("https://example.org/2022/02/25/some-story/"));
    assert_eq!(e.published.as_deref(), Some("2022-02-25"));
    assert_eq!(
        e.url.as_deref(),
        Some("https://example.org/2022/02/25/some-story/")
    );
    assert!(e.text.starts_with("Short body text"));
}

#[test]
fn json_ld_article_body_used_when_dom_misses_it() {
    let body: String = (0..40)
        .map(|i| format!("Sentence number {i} of the structured article body is here. "))
        .collect();
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{body}"}}</script></head>
        <body><div id="app"></div><nav><a href="/">Home</a></nav></body></html>"#
    );
    let e = extract(&html, None);
    assert!(e
        .text
        .contains("Sentence number 39 of the structured article body"));
}

#[test]
fn deep_nesting_and_huge_inputs_do_not_crash() {
    let deep = "<div>".repeat(100_000)
        + "<p>deep text, with a comma, and more words to be a paragraph</p>"
        + &"</div>".repeat(100_000);
    let e = extract(&deep, None);
    assert!(e.text.contains("deep text"));
    let unclosed = "<span><b><i>".repeat(50_000);
    let _ = extract(&unclosed, None);
    let table = "<table><tr><td>".repeat(30_000);
    let _ = extract(&table, None);
}

#[test]
fn extracted_round_trips_through_serde() {
    let html = decode_html(&fixture("news_article.html"));
    let e = extract(&html, None);
    let json = serde_json::to_string(&e).expect("serialize");
    let back: storyline_html::Extracted = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(e, back);
}

/// 100 MB page: input is truncated to a bounded size. Slow in debug
/// builds, so run with `cargo test --release -- --ignored`.
#[test]
#[ignore]
fn hundred_megabyte_page() {
    let para = "<p>Some paragraph text, with commas, repeated many times over.</p>\n";
    let html = format!(
        "<html><body><div>{}</div></body></html>",
        para.repeat(100 * 1024 * 1024 / para.len())
    );
    let t = std::time::Instant::now();
    let e = extract(&html, None);
    assert!(!e.text.is_empty());
    assert!(t.elapsed().as_secs() < 60);
}

#[test]
fn many_equal_candidates_stay_fast() {
    let unit = "<div class=\"item\"><p>Same paragraph text, with commas, in every item, again and again.</p></div>";
    let html = format!("<html><body>{}</body></html>", unit.repeat(5_000));
    let t = std::time::Instant::now();
    let e = extract(&html, None);
    assert!(e.text.contains("Same paragraph text"));
    assert!(t.elapsed().as_secs() < 20);
}
