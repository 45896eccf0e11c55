//! GDELT 2.0 event-table rows.

use storyline_model::{Document, Event};

/// The 61 GDELT 2.0 event-table column names, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Goldstein scale of a CAMEO root code (the public CAMEO/GDELT values of the root's base event).
pub fn goldstein(root: &str) -> Option<f32> {
    Some(match root {
        "01" => 0.0,
        "02" => 3.0,
        "03" => 4.0,
        "04" => 1.0,
        "05" => 3.5,
        "06" => 6.0,
        "07" => 7.0,
        "08" => 5.0,
        "09" => -2.0,
        "10" => -5.0,
        "11" => -2.0,
        "12" => -4.0,
        "13" => -6.0,
        "14" => -6.5,
        "15" => -7.2,
        "16" => -4.0,
        "17" => -7.0,
        "18" => -9.0,
        "19" => -10.0,
        "20" => -10.0,
        _ => return None,
    })
}

/// GDELT QuadClass of a CAMEO root code: 1 verbal cooperation (01-05), 2 material cooperation
/// (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20).
pub fn quad_class(root: &str) -> Option<u8> {
    let r: u8 = root.parse().ok()?;
    Some(match r {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        14..=20 => 4,
        _ => return None,
    })
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// One GDELT 2.0 event-table row for `event` of `doc`, aligned with [`GDELT_COLUMNS`].
///
/// Filled: GLOBALEVENTID (a stable 53-bit hash of document id, sentence and trigger offset),
/// SQLDATE/MonthYear/Year/FractionDate (from the event date, missing month/day as 01),
/// Actor1/2 Code, Name, CountryCode (first three letters of a country-based code) and Type1Code
/// (the sector suffix, or `IGO`/`NGO`), IsRootEvent (1 for the first sentence), EventCode,
/// EventBaseCode, EventRootCode, QuadClass, GoldsteinScale (root-code values), NumMentions /
/// NumSources / NumArticles = 1, ActionGeo_FullName (the event location), DATEADDED (the
/// publication date as `YYYYMMDD000000`) and SOURCEURL (the document URL, else its id).
/// Geocoding, tone, ethnic/religion/known-group codes are left empty.
pub fn gdelt_row(event: &Event, doc: &Document) -> Vec<String> {
    let mut row = vec![String::new(); GDELT_COLUMNS.len()];
    let id = fnv(&format!(
        "{}#{}#{}",
        doc.id, event.sentence, event.trigger.start
    )) & ((1 << 53) - 1);
    row[0] = id.to_string();
    if let Some(d) = event
        .date
        .as_deref()
        .filter(|d| d.len() >= 4 && !d.contains('W'))
    {
        let y = &d[..4];
        let m = d.get(5..7).unwrap_or("01");
        let dd = d.get(8..10).unwrap_or("01");
        row[1] = format!("{y}{m}{dd}");
        row[2] = format!("{y}{m}");
        row[3] = y.to_string();
        let (yn, mn, dn) = (
            y.parse::<f32>().unwrap_or(0.0),
            m.parse::<f32>().unwrap_or(1.0),
            dd.parse::<f32>().unwrap_or(1.0),
        );
        row[4] = format!("{:.4}", yn + ((mn - 1.0) * 30.42 + dn) / 365.0);
    }
    let actor = |row: &mut Vec<String>, base: usize, code: Option<&str>, name: Option<&str>| {
        let code = code.unwrap_or("");
        row[base] = code.to_string();
        row[base + 1] = name.map(str::to_uppercase).unwrap_or_default();
        if code.len() >= 3 && code.is_char_boundary(3) {
            let (c, rest) = code.split_at(3);
            if c == "IGO" || c == "NGO" || c == "MNC" {
                row[base + 7] = c.to_string();
            } else {
                row[base + 2] = c.to_string();
                if rest.len() >= 3 && rest.is_char_boundary(3) {
                    row[base + 7] = rest[..3].to_string();
                }
            }
        }
    };
    actor(
        &mut row,
        5,
        event.source_code.as_deref(),
        event.source.as_deref(),
    );
    actor(
        &mut row,
        15,
        event.target_code.as_deref(),
        event.target.as_deref(),
    );
    row[25] = if event.sentence == 0 { "1" } else { "0" }.to_string();
    let code = event.code.as_deref().unwrap_or_default();
    row[26] = code.to_string();
    row[27] = code.get(..3).unwrap_or(code).to_string();
    let root = code.get(..2).unwrap_or(code);
    row[28] = root.to_string();
    row[29] = quad_class(root).map(|q| q.to_string()).unwrap_or_default();
    row[30] = goldstein(root)
        .map(|g| format!("{g:.1}"))
        .unwrap_or_default();
    row[31] = "1".into();
    row[32] = "1".into();
    row[33] = "1".into();
    if let Some(l) = &event.location {
        row[51] = "4".into();
        row[52] = l.clone();
    }
    if let Some(p) = doc.published.as_deref().filter(|p| p.len() >= 10) {
        row[59] = format!("{}{}{}000000", &p[..4], &p[5..7], &p[8..10]);
    }
    row[60] = doc.url.clone().unwrap_or_else(|| doc.id.clone());
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::Trigger;

    #[test]
    fn row_columns() {
        let mut doc = Document::new("d1".into(), "Xi called Putin.".into());
        doc.published = Some("2022-02-25".into());
        let ev = Event {
            sentence: 0,
            trigger: Trigger {
                start: 3,
                end: 9,
                text: "called".into(),
            },
            code: Some("041".into()),
            plover: Some("CONSULT".into()),
            source: Some("Xi Jinping".into()),
            target: Some("Vladimir Putin".into()),
            source_code: Some("CHNGOV".into()),
            target_code: Some("RUSGOV".into()),
            date: Some("2022-02-25".into()),
            precision: Some("day".into()),
            ..Default::default()
        };
        let r = gdelt_row(&ev, &doc);
        assert_eq!(r.len(), 61);
        let get = |c: &str| r[GDELT_COLUMNS.iter().position(|x| *x == c).unwrap()].as_str();
        for (c, v) in [
            ("SQLDATE", "20220225"),
            ("Actor1Code", "CHNGOV"),
            ("Actor1CountryCode", "CHN"),
            ("Actor1Type1Code", "GOV"),
            ("Actor2Name", "VLADIMIR PUTIN"),
            ("EventRootCode", "04"),
            ("QuadClass", "1"),
            ("GoldsteinScale", "1.0"),
            ("SOURCEURL", "d1"),
        ] {
            assert_eq!(get(c), v, "{c}");
        }
    }
}
