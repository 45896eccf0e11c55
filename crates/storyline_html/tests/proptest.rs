//! Property tests: extraction and decoding never panic.

use proptest::prelude::*;
use storyline_html::{decode_html, extract};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn extract_never_panics_on_arbitrary_strings(s in ".{0,2000}") {
        let e = extract(&s, None);
        prop_assert!(!e.text.contains("\n\n\n"));
    }

    #[test]
    fn extract_never_panics_on_tag_soup(parts in prop::collection::vec(
        prop_oneof![
            Just("<div>".to_string()), Just("</div>".to_string()), Just("<p>".to_string()),
            Just("</p>".to_string()), Just("<script>".to_string()), Just("</script>".to_string()),
            Just("<a href='x'>".to_string()), Just("</a>".to_string()), Just("<br/>".to_string()),
            Just("<!--".to_string()), Just("-->".to_string()), Just("&amp;".to_string()),
            Just("<table><tr><td>".to_string()), Just("<li>".to_string()),
            Just("<script type=\"application/ld+json\">{\"articleBody\":".to_string()),
            "[a-zA-Z ,.]{0,80}",
        ], 0..200)) {
        let html: String = parts.concat();
        let _ = extract(&html, Some("https://x.test/2020/01/02/a"));
    }

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        let s = decode_html(&bytes);
        let _ = extract(&s, None);
    }
}

proptest! {
    // Large inputs: few cases keep the suite fast.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn deep_nesting_is_fine(depth in 1usize..120_000, tag in prop_oneof![Just("div"), Just("span"), Just("li"), Just("blockquote")]) {
        let html = format!("<{tag}>").repeat(depth) + "text, here" + &format!("</{tag}>").repeat(depth / 2);
        let _ = extract(&html, None);
    }
}
