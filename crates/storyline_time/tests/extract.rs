//! Table-driven tests: (text, dct, expected [(span text, type, value)]).

use chrono::NaiveDate;
use storyline_time::{extract, extract_with, Options, TimexType};

use TimexType::{Date, Duration, Set, Time};

fn d(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

type Case = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, TimexType, &'static str)],
);

fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for (text, dct, exp) in cases {
        let got = extract(text, dct.and_then(d));
        let got_t: Vec<(String, TimexType, String)> = got
            .iter()
            .map(|t| (t.text.clone(), t.ttype, t.value.clone()))
            .collect();
        let exp_t: Vec<(String, TimexType, String)> = exp
            .iter()
            .map(|(a, b, c)| (a.to_string(), *b, c.to_string()))
            .collect();
        if got_t != exp_t {
            failures.push(format!(
                "{text:?} (dct {dct:?})\n  expected {exp_t:?}\n  got      {got_t:?}"
            ));
        }
        for t in &got {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn news_sentences() {
    check(&[
        (
            "Xi told Putin in a phone call on Feb. 25.",
            Some("2022-02-25"),
            &[("Feb. 25", Date, "2022-02-25")],
        ),
        (
            "They signed an open statement on Thursday, Feb. 24.",
            Some("2022-02-25"),
            &[("Thursday, Feb. 24", Date, "2022-02-24")],
        ),
        (
            "Xi met with Putin in Moscow on Tuesday.",
            Some("2023-03-21"),
            &[("Tuesday", Date, "2023-03-21")],
        ),
        (
            "Xi is visiting Moscow for three days, beginning Monday.",
            Some("2023-03-21"),
            &[
                ("three days", Duration, "P3D"),
                ("Monday", Date, "2023-03-20"),
            ],
        ),
        (
            "The International Criminal Court last week issued a warrant.",
            Some("2023-03-21"),
            &[("last week", Date, "2023-W11")],
        ),
        (
            "Putin himself saying last September that he had concerns.",
            Some("2023-04-26"),
            &[("last September", Date, "2022-09")],
        ),
        (
            "Zelensky spoke with Xi in a Wednesday phone call.",
            Some("2023-04-26"),
            &[("Wednesday", Date, "2023-04-26")],
        ),
        (
            "China released a peace plan last month.",
            Some("2023-04-26"),
            &[("last month", Date, "2023-03")],
        ),
        (
            "The call lasted nearly an hour.",
            Some("2023-04-26"),
            &[("nearly an hour", Duration, "PT1H")],
        ),
        (
            "Xi will visit Russia next week, the two nations said on Friday.",
            Some("2023-03-17"),
            &[
                ("next week", Date, "2023-W12"),
                ("Friday", Date, "2023-03-17"),
            ],
        ),
        (
            "The leaders will meet on Thursday.",
            Some("2023-03-21"),
            &[("Thursday", Date, "2023-03-23")],
        ),
        (
            "The leaders met on Thursday.",
            Some("2023-03-21"),
            &[("Thursday", Date, "2023-03-16")],
        ),
    ]);
}

#[test]
fn absolute_dates() {
    check(&[
        (
            "It happened on February 25.",
            Some("2022-03-01"),
            &[("February 25", Date, "2022-02-25")],
        ),
        (
            "Signed 25 February 2022 in Kyiv.",
            None,
            &[("25 February 2022", Date, "2022-02-25")],
        ),
        (
            "The deal closed March 21, 2023, after talks.",
            None,
            &[("March 21, 2023", Date, "2023-03-21")],
        ),
        (
            "Filed 02/25/2022 with the court.",
            None,
            &[("02/25/2022", Date, "2022-02-25")],
        ),
        (
            "Released 2022-02-25 at the summit.",
            None,
            &[("2022-02-25", Date, "2022-02-25")],
        ),
        (
            "Crimea was annexed in 2014.",
            None,
            &[("2014", Date, "2014")],
        ),
        (
            "Growth slowed in the 1990s.",
            None,
            &[("the 1990s", Date, "199")],
        ),
        (
            "The invasion began in February 2022.",
            None,
            &[("February 2022", Date, "2022-02")],
        ),
        (
            "The war began Feb. 24, 2022.",
            None,
            &[("Feb. 24, 2022", Date, "2022-02-24")],
        ),
        (
            "Elections are expected by mid-2023.",
            None,
            &[("mid-2023", Date, "2023")],
        ),
        (
            "Talks resumed in early December.",
            Some("2013-03-01"),
            &[("early December", Date, "2012-12")],
        ),
        (
            "It was built in the late 1970s.",
            None,
            &[("the late 1970s", Date, "197")],
        ),
        (
            "Prices peaked at the end of 1990.",
            None,
            &[("the end of 1990", Date, "1990")],
        ),
        (
            "He was born in nineteen ninety-six.",
            None,
            &[("nineteen ninety-six", Date, "1996")],
        ),
        (
            "Profit rose in the third quarter of 1990.",
            None,
            &[("the third quarter of 1990", Date, "1990-Q3")],
        ),
        (
            "Shops close on Christmas Day.",
            Some("2022-11-01"),
            &[("Christmas Day", Date, "2022-12-25")],
        ),
    ]);
}

#[test]
fn relative_dates() {
    let dct = Some("2023-03-17"); // a Friday
    check(&[
        (
            "They left yesterday.",
            dct,
            &[("yesterday", Date, "2023-03-16")],
        ),
        ("The vote is today.", dct, &[("today", Date, "2023-03-17")]),
        (
            "He arrives tomorrow.",
            dct,
            &[("tomorrow", Date, "2023-03-18")],
        ),
        (
            "Sales fell this month.",
            dct,
            &[("this month", Date, "2023-03")],
        ),
        (
            "It started three months ago.",
            dct,
            &[("three months ago", Date, "2022-12")],
        ),
        ("Sales rose last year.", dct, &[("last year", Date, "2022")]),
        (
            "Prices fell over the past week.",
            dct,
            &[("the past week", Date, "2023-W10")],
        ),
        (
            "The summit will be held next year.",
            dct,
            &[("next year", Date, "2024")],
        ),
        (
            "They met on March 3. The following day, talks collapsed.",
            dct,
            &[
                ("March 3", Date, "2023-03-03"),
                ("The following day", Date, "2023-03-04"),
            ],
        ),
        (
            "They met on March 3. Two days later, talks collapsed.",
            dct,
            &[
                ("March 3", Date, "2023-03-03"),
                ("Two days later", Date, "2023-03-05"),
            ],
        ),
        (
            "Output hit a record in 2021, and a year earlier it had slumped.",
            dct,
            &[("2021", Date, "2021"), ("a year earlier", Date, "2020")],
        ),
        (
            "The strike ended last Friday.",
            dct,
            &[("last Friday", Date, "2023-03-10")],
        ),
        ("Exports rose in March.", dct, &[("March", Date, "2023-03")]),
        (
            "Exports fell in November.",
            dct,
            &[("November", Date, "2022-11")],
        ),
        (
            "Sales rose in January this year.",
            dct,
            &[("January this year", Date, "2023-01")],
        ),
        (
            "The agency said it would rule on March 30.",
            dct,
            &[("March 30", Date, "2023-03-30")],
        ),
        (
            "Profit fell in the fourth quarter.",
            dct,
            &[("the fourth quarter", Date, "2022-Q4")],
        ),
        (
            "Lawmakers were away over the weekend.",
            Some("2023-03-20"),
            &[("the weekend", Date, "2023-W11-WE")],
        ),
    ]);
}

#[test]
fn reference_and_financial_anchoring() {
    check(&[
        (
            "The blast hit on March 3. The next morning, crowds gathered.",
            Some("2023-03-17"),
            &[
                ("March 3", Date, "2023-03-03"),
                ("The next morning", Time, "2023-03-04TMO"),
            ],
        ),
        (
            "He was arrested on March 3 and released that same day.",
            Some("2023-03-17"),
            &[
                ("March 3", Date, "2023-03-03"),
                ("that same day", Date, "2023-03-03"),
            ],
        ),
        (
            "Net income rose in the third quarter from $5 million a year earlier.",
            Some("1989-10-26"),
            &[
                ("the third quarter", Date, "1989-Q3"),
                ("a year earlier", Date, "1988-Q3"),
            ],
        ),
        (
            "Sales in the year-ago quarter were flat.",
            Some("1989-10-26"),
            &[("the year-ago quarter", Date, "1988-Q3")],
        ),
        ("The company pays $1.76 a year per share.", None, &[]),
        ("He is 37 years old.", None, &[]),
        ("Intel eased 1/8 to 31 7/8.", None, &[]),
        (
            "Crime fell a decade ago.",
            Some("2013-03-22"),
            &[("a decade ago", Date, "2003")],
        ),
        (
            "The bailout was rejected this weekend.",
            Some("2013-03-19"),
            &[("this weekend", Date, "2013-W12-WE")],
        ),
        (
            "He stayed for 2 1/2 years.",
            None,
            &[("2 1/2 years", Duration, "P2Y6M")],
        ),
        (
            "It took an hour and a half.",
            None,
            &[("an hour and a half", Duration, "PT1H30M")],
        ),
    ]);
}

#[test]
fn durations() {
    check(&[
        (
            "She stayed for three days.",
            None,
            &[("three days", Duration, "P3D")],
        ),
        (
            "He served two years in prison.",
            None,
            &[("two years", Duration, "P2Y")],
        ),
        (
            "Prices rose over the past several months.",
            None,
            &[("the past several months", Duration, "PXM")],
        ),
        (
            "The conflict has lasted decades.",
            None,
            &[("decades", Duration, "PXDE")],
        ),
        (
            "Stocks fell in the last twenty four hours.",
            None,
            &[("the last twenty four hours", Duration, "PT24H")],
        ),
        (
            "Stocks hit a five-year low.",
            None,
            &[("five-year", Duration, "P5Y")],
        ),
        (
            "The talks lasted more than four hours.",
            None,
            &[("more than four hours", Duration, "PT4H")],
        ),
        (
            "It took a few minutes.",
            None,
            &[("a few minutes", Duration, "PTXM")],
        ),
        (
            "The hearing lasted 45 minutes.",
            None,
            &[("45 minutes", Duration, "PT45M")],
        ),
        ("The 6-year-old boy was found.", None, &[]),
    ]);
}

#[test]
fn times() {
    check(&[
        (
            "Officials met Thursday afternoon.",
            Some("2022-02-25"),
            &[("Thursday afternoon", Time, "2022-02-24TAF")],
        ),
        (
            "The blast came at 9:06 a.m. local time.",
            Some("2022-02-25"),
            &[("9:06 a.m.", Time, "2022-02-25T09:06")],
        ),
        (
            "They will gather at noon.",
            Some("2022-02-25"),
            &[("noon", Time, "2022-02-25T12:00")],
        ),
        (
            "The speech is tonight.",
            Some("2022-02-25"),
            &[("tonight", Time, "2022-02-25TNI")],
        ),
        (
            "It rained last night.",
            Some("2022-02-25"),
            &[("last night", Time, "2022-02-24TNI")],
        ),
        (
            "He spoke this morning.",
            Some("2022-02-25"),
            &[("this morning", Time, "2022-02-25TMO")],
        ),
        (
            "The market closed at 4 p.m. EST.",
            Some("2022-02-25"),
            &[("4 p.m. EST", Time, "2022-02-25T16:00")],
        ),
    ]);
}

#[test]
fn sets_and_refs() {
    check(&[
        (
            "The festival is held every year.",
            None,
            &[("every year", Set, "P1Y")],
        ),
        (
            "Prices change each season.",
            Some("2013-01-10"),
            &[("each season", Set, "XXXX-WI")],
        ),
        (
            "The paper is published weekly.",
            None,
            &[("weekly", Set, "P1W")],
        ),
        (
            "They meet every Monday.",
            None,
            &[("every Monday", Set, "XXXX-WXX-1")],
        ),
        (
            "He takes the pill twice a day.",
            None,
            &[("twice a day", Set, "P1D")],
        ),
        (
            "Prices are now higher.",
            None,
            &[("now", Date, "PRESENT_REF")],
        ),
        (
            "He is currently abroad.",
            None,
            &[("currently", Date, "PRESENT_REF")],
        ),
        (
            "Nobody can say at the moment.",
            None,
            &[("the moment", Date, "PRESENT_REF")],
        ),
        (
            "She recently moved.",
            None,
            &[("recently", Date, "PAST_REF")],
        ),
        (
            "Wars were common in the past.",
            None,
            &[("the past", Date, "PAST_REF")],
        ),
        (
            "He was formerly a judge.",
            None,
            &[("formerly", Date, "PAST_REF")],
        ),
        (
            "Talks will resume soon.",
            None,
            &[("soon", Date, "FUTURE_REF")],
        ),
        (
            "Rates may rise in the future.",
            None,
            &[("the future", Date, "FUTURE_REF")],
        ),
    ]);
}

#[test]
fn underspecified_without_dct() {
    check(&[
        (
            "They met on Feb. 25.",
            None,
            &[("Feb. 25", Date, "XXXX-02-25")],
        ),
        (
            "They met on Friday.",
            None,
            &[("Friday", Date, "XXXX-WXX-5")],
        ),
        (
            "They met last week.",
            None,
            &[("last week", Date, "XXXX-WXX")],
        ),
        (
            "They met yesterday.",
            None,
            &[("yesterday", Date, "XXXX-XX-XX")],
        ),
        ("They met in March.", None, &[("March", Date, "XXXX-03")]),
    ]);
}

#[test]
fn bad_input() {
    check(&[
        (
            "It was February 30.",
            Some("2022-02-25"),
            &[("February 30", Date, "XXXX-02-XX")],
        ),
        (
            "Back in '22 things were different.",
            None,
            &[("'22", Date, "XX22")],
        ),
        (
            "Back in '22 things were different.",
            Some("2023-01-01"),
            &[("'22", Date, "2022")],
        ),
        (
            "It took 99999999999999999999 days.",
            None,
            &[("99999999999999999999 days", Duration, "PXD")],
        ),
        ("See you 5/6.", None, &[("5/6", Date, "XXXX-05-06")]),
        ("It rose 2 1/2 points.", None, &[]),
        ("It rose 3.5%.", None, &[]),
        ("Open 24/7.", None, &[]),
        ("Mayday! May I come in?", None, &[]),
    ]);
}

#[test]
fn offsets_with_unicode() {
    let text = "Ünïcödé — on Feb. 25 — “yesterday” 日本 2014.";
    let got = extract(text, d("2022-02-26"));
    let spans: Vec<&str> = got.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(spans, vec!["Feb. 25", "yesterday", "2014"]);
    for t in &got {
        assert_eq!(&text[t.start..t.end], t.text);
        assert!(t.anchored || t.value == "2014");
    }
}

#[test]
fn reference_anchoring_can_be_disabled() {
    let text = "They met on March 3. The following day, talks collapsed.";
    let opts = Options {
        anchor_to_reference: false,
        ..Options::default()
    };
    let got = extract_with(text, d("2023-03-17"), &opts);
    assert_eq!(got[1].value, "2023-03-18");
}
