//! Inference of the creation date of undated articles.

use chrono::NaiveDate;
use storyline_time::{infer_dct, DctHints};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

#[test]
fn weekday_pair_picks_the_year() {
    let text = "Hundreds of scientists signed an open statement on Thursday, Feb. 24, condemning the invasion. \
                Xi told Putin in a phone call on Feb. 25 that he supported talks.";
    let hints = DctHints {
        corpus_range: Some((d(2021, 1, 1), d(2024, 12, 31))),
    };
    let r = infer_dct(text, &hints).expect("a date");
    assert_eq!(r.date, d(2022, 2, 25), "{r:?}");
    assert!(r.confidence > 0.5, "{r:?}");
}

#[test]
fn weekday_pair_uses_years_in_text() {
    // Feb 24 is a Thursday in 2011, 2022 and 2028; "since 2014" / "February 2022" pick 2022.
    let text = "Russia has occupied Crimea since 2014 and invaded in February 2022. \
                On Thursday, Feb. 24, scientists signed a statement.";
    let r = infer_dct(text, &DctHints::default()).expect("a date");
    assert_eq!(r.date, d(2022, 2, 24), "{r:?}");
}

#[test]
fn dateline_and_anniversary() {
    let text = "March 21 (UPI) -- Chinese President Xi Jinping met Russian President Vladimir Putin \
                weeks after the one-year anniversary of the Russian invasion of Ukraine, which began in February 2022.";
    let r = infer_dct(text, &DctHints::default()).expect("a date");
    assert_eq!(r.date, d(2023, 3, 21), "{r:?}");
    assert!(r.reason.contains("dateline"), "{r:?}");
}

#[test]
fn explicit_full_date() {
    let text = "The agreement was signed on March 3, 2019, in Geneva.";
    let r = infer_dct(text, &DctHints::default()).expect("a date");
    assert_eq!(r.date, d(2019, 3, 3));
}

#[test]
fn nothing_to_go_on() {
    assert!(infer_dct("No dates here at all.", &DctHints::default()).is_none());
    assert!(infer_dct("", &DctHints::default()).is_none());
}

#[test]
fn year_only_is_low_confidence() {
    let hints = DctHints {
        corpus_range: Some((d(2020, 1, 1), d(2020, 12, 31))),
    };
    let r = infer_dct("The company was founded in 1998.", &hints).expect("a date");
    assert_eq!(r.date.format("%Y").to_string(), "2020");
    assert!(r.confidence < 0.5);
}
