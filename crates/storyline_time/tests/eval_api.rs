//! Scorer and TimeML reader on hand-written documents; `resolve_date`.

use chrono::NaiveDate;
use storyline_time::eval::{align, parse_timeml, Counts};
use storyline_time::{extract, resolve_date, Precision, TimexType};

const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML><DOCID>test1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-03-17T10:00" functionInDocument="CREATION_TIME">20230317</TIMEX3></DCT>
<TEXT>
The ministers <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2023-03-16">yesterday</TIMEX3> &amp; talked for <TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3>. They will meet again <TIMEX3 tid="t3" type="DATE" value="2023-W12">next week</TIMEX3>.
</TEXT>
</TimeML>"#;

#[test]
fn parse_and_score() {
    let doc = parse_timeml(DOC).expect("doc");
    assert_eq!(doc.id, "test1");
    assert_eq!(doc.dct, NaiveDate::from_ymd_opt(2023, 3, 17));
    assert!(doc.text.contains("yesterday & talked"));
    assert_eq!(doc.gold.len(), 3);
    assert_eq!(doc.gold[1].text, "three hours");
    assert_eq!(doc.gold[1].ttype, TimexType::Duration);
    let sys = extract(&doc.text, doc.dct);
    let mut c = Counts::default();
    let a = c.add(&doc.gold, &sys);
    assert!(
        a.missed.is_empty() && a.spurious.is_empty(),
        "{a:?} {sys:?}"
    );
    let s = c.scores();
    assert!((s.strict.f1 - 100.0).abs() < 1e-9);
    assert!((s.value_f1.f1 - 100.0).abs() < 1e-9);
}

#[test]
fn relaxed_vs_strict() {
    let doc = parse_timeml(DOC).expect("doc");
    let mut sys = extract(&doc.text, doc.dct);
    // widen one span and break one value
    sys[0].start -= 1;
    sys[2].value = "2023-W13".into();
    let mut c = Counts::default();
    c.add(&doc.gold, &sys);
    let s = c.scores();
    assert_eq!((c.strict, c.relaxed, c.value_ok), (2, 3, 2));
    assert!((s.relaxed.f1 - 100.0).abs() < 1e-9);
    assert!(s.strict.f1 < 100.0);
    let a = align(&doc.gold, &sys[..1]);
    assert_eq!(a.missed.len(), 2);
}

#[test]
fn resolve_date_precisions() {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("date");
    assert_eq!(
        resolve_date("2022-02-25"),
        Some((d(2022, 2, 25), Precision::Day))
    );
    assert_eq!(
        resolve_date("2022-02-24TAF"),
        Some((d(2022, 2, 24), Precision::Day))
    );
    assert_eq!(
        resolve_date("2022-02"),
        Some((d(2022, 2, 1), Precision::Month))
    );
    assert_eq!(
        resolve_date("2022-W08"),
        Some((d(2022, 2, 21), Precision::Week))
    );
    assert_eq!(
        resolve_date("2022-Q3"),
        Some((d(2022, 7, 1), Precision::Quarter))
    );
    assert_eq!(resolve_date("2022"), Some((d(2022, 1, 1), Precision::Year)));
    assert_eq!(resolve_date("XXXX-02-25"), None);
    assert_eq!(resolve_date("P3D"), None);
    assert_eq!(resolve_date("2022-02-30"), None);
    assert_eq!(resolve_date("PRESENT_REF"), None);
}
