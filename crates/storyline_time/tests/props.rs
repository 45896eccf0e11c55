//! Property tests: any input → no panic, spans in bounds, on char boundaries,
//! sorted and non-overlapping.

use chrono::NaiveDate;
use proptest::prelude::*;
use storyline_time::{extract, infer_dct, resolve_date, DctHints};

fn check(text: &str, dct: Option<NaiveDate>) {
    let got = extract(text, dct);
    let mut last_end = 0;
    for t in &got {
        assert!(t.start < t.end, "empty span {t:?}");
        assert!(t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(t.start >= last_end, "overlap/unsorted {t:?}");
        assert_eq!(&text[t.start..t.end], t.text);
        assert!(!t.value.is_empty());
        last_end = t.end;
    }
}

const WORDS: &[&str] = &[
    "on",
    "the",
    "last",
    "next",
    "this",
    "Friday",
    "Feb.",
    "25",
    ",",
    "2022",
    "March",
    "May",
    "ago",
    "days",
    "three",
    "a",
    "year",
    "earlier",
    "later",
    "following",
    "day",
    "-",
    "mid",
    "early",
    "late",
    "1990s",
    "'",
    "80s",
    "9",
    ":",
    "06",
    "a.m.",
    "p.m.",
    "/",
    "5",
    "6",
    "30",
    "February",
    "99999999999999999999",
    "every",
    "week",
    "nearly",
    "an",
    "hour",
    "said",
    "will",
    "quarter",
    "third",
    "fiscal",
    "of",
    "end",
    "now",
    "recently",
    "soon",
    "twenty",
    "four",
    "hours",
    "nineteen",
    "ninety",
    "two",
    "thousand",
    "year-ago",
    "weekend",
    "tonight",
    "noon",
    ".",
    "é",
    "日本",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_strings_do_not_panic(s in "\\PC{0,200}", y in 1i32..9999, doy in 1u32..366) {
        let dct = NaiveDate::from_yo_opt(y, doy);
        check(&s, dct);
        check(&s, None);
        let _ = infer_dct(&s, &DctHints::default());
        let _ = resolve_date(&s);
    }

    #[test]
    fn word_soup_does_not_panic(ws in proptest::collection::vec(proptest::sample::select(WORDS), 0..40),
                                seps in proptest::collection::vec(proptest::sample::select(&[" ", "", "\n", ", "][..]), 40),
                                y in -5000i32..15000, doy in 1u32..366) {
        let mut s = String::new();
        for (i, w) in ws.iter().enumerate() {
            s.push_str(w);
            s.push_str(seps[i % seps.len()]);
        }
        let dct = NaiveDate::from_yo_opt(y, doy);
        check(&s, dct);
        let lo = NaiveDate::from_ymd_opt(2021, 1, 1);
        let hi = NaiveDate::from_ymd_opt(2024, 12, 31);
        let hints = DctHints { corpus_range: lo.zip(hi) };
        let _ = infer_dct(&s, &hints);
    }
}

#[test]
fn extreme_dcts() {
    let text = "last week, next year, three centuries ago, 99999 years later, the following day, Friday, Feb. 29";
    for dct in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
    ] {
        check(text, Some(dct));
    }
}

#[test]
fn extreme_corpus_ranges() {
    let text = "On Thursday, Feb. 24, and on March 3 in 2022, the one-year anniversary.";
    for (a, b) in [
        (NaiveDate::MIN, NaiveDate::MAX),
        (NaiveDate::MIN, NaiveDate::MIN),
        (NaiveDate::MAX, NaiveDate::MAX),
        (NaiveDate::MAX, NaiveDate::MIN),
    ] {
        let _ = infer_dct(
            text,
            &DctHints {
                corpus_range: Some((a, b)),
            },
        );
    }
}
