//! A TimeML reader for training and evaluating the mention layer: the raw text of `<TEXT>`,
//! the document creation time, and every EVENT with its class and the attributes of its
//! MAKEINSTANCE (tense, aspect, polarity), and every TIMEX3 and event-time TLINK.

/// A gold EVENT on the raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEvent {
    /// First byte in [`TimemlDoc::text`].
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// TimeML class.
    pub class: String,
    /// MAKEINSTANCE tense (NONE when absent).
    pub tense: String,
    /// MAKEINSTANCE aspect (NONE when absent).
    pub aspect: String,
    /// MAKEINSTANCE polarity (POS when absent).
    pub polarity: String,
    /// The EVENT's `eid`.
    pub eid: String,
}

/// A gold TIMEX3 on the raw text (the DCT has `start == end == 0` and `dct == true`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `tid`.
    pub tid: String,
    /// DATE, TIME, DURATION or SET.
    pub ttype: String,
    /// TimeML value.
    pub value: String,
    /// Whether this is the document creation time.
    pub dct: bool,
}

/// A TLINK between an event (by its `eid`) and a time (by its `tid`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTimeLink {
    /// The event's `eid`.
    pub eid: String,
    /// The time's `tid`.
    pub tid: String,
    /// relType, read as "event relType time" (inverted where the TLINK goes time to event).
    pub rel: String,
}

/// A TimeML document reduced to what the mention layer learns from.
#[derive(Debug, Clone, Default)]
pub struct TimemlDoc {
    /// DOCID.
    pub id: String,
    /// Document creation time, `YYYY-MM-DD`.
    pub dct: Option<String>,
    /// The text of `<TEXT>`, tags removed, entities decoded.
    pub text: String,
    /// Gold events, in text order.
    pub events: Vec<GoldEvent>,
    /// Gold times (the DCT included).
    pub timexes: Vec<GoldTimex>,
    /// Event-time links.
    pub links: Vec<EventTimeLink>,
}

use storyline_time::eval::{attr, decode_into};

/// The inverse of a TLINK relation, for links written from the time to the event.
fn inverse(rel: &str) -> &str {
    match rel {
        "BEFORE" => "AFTER",
        "AFTER" => "BEFORE",
        "INCLUDES" => "IS_INCLUDED",
        "IS_INCLUDED" => "INCLUDES",
        "BEGINS" => "BEGUN_BY",
        "BEGUN_BY" => "BEGINS",
        "ENDS" => "ENDED_BY",
        "ENDED_BY" => "ENDS",
        "IBEFORE" => "IAFTER",
        "IAFTER" => "IBEFORE",
        other => other,
    }
}

/// Parses a TimeML document; `None` when it has no `<TEXT>`.
pub fn parse(xml: &str) -> Option<TimemlDoc> {
    let mut doc = TimemlDoc {
        id: xml
            .find("<DOCID>")
            .and_then(|s| {
                let rest = &xml[s + 7..];
                rest.find("</DOCID>").map(|e| rest[..e].trim().to_string())
            })
            .unwrap_or_default(),
        ..TimemlDoc::default()
    };
    if let Some(s) = xml.find("<DCT>") {
        let rest = &xml[s..];
        if let Some(t) = rest.find("<TIMEX3") {
            if let Some(te) = rest[t..].find('>') {
                let tag = &rest[t..t + te];
                let value = attr(tag, "value").unwrap_or_default();
                doc.dct = value.get(..10).map(str::to_string);
                doc.timexes.push(GoldTimex {
                    start: 0,
                    end: 0,
                    tid: attr(tag, "tid").unwrap_or_default(),
                    ttype: attr(tag, "type").unwrap_or_default(),
                    value,
                    dct: true,
                });
            }
        }
    }
    let ts = xml.find("<TEXT>")? + "<TEXT>".len();
    let te = xml[ts..].find("</TEXT>").map_or(xml.len(), |e| ts + e);
    let body = &xml[ts..te];
    let mut open_event: Option<(usize, String)> = None;
    let mut open_timex: Option<(usize, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        decode_into(&mut doc.text, &rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if tag.starts_with("EVENT") {
            open_event = Some((doc.text.len(), tag.to_string()));
        } else if tag.starts_with("/EVENT") {
            if let Some((s, t)) = open_event.take() {
                doc.events.push(GoldEvent {
                    start: s,
                    end: doc.text.len(),
                    class: attr(&t, "class").unwrap_or_else(|| "OCCURRENCE".into()),
                    tense: "NONE".into(),
                    aspect: "NONE".into(),
                    polarity: "POS".into(),
                    eid: attr(&t, "eid").unwrap_or_default(),
                });
            }
        } else if tag.starts_with("TIMEX3") {
            open_timex = Some((doc.text.len(), tag.to_string()));
        } else if tag.starts_with("/TIMEX3") {
            if let Some((s, t)) = open_timex.take() {
                doc.timexes.push(GoldTimex {
                    start: s,
                    end: doc.text.len(),
                    tid: attr(&t, "tid").unwrap_or_default(),
                    ttype: attr(&t, "type").unwrap_or_default(),
                    value: attr(&t, "value").unwrap_or_default(),
                    dct: false,
                });
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    decode_into(&mut doc.text, rest);

    // MAKEINSTANCE attributes and event-time links, after TEXT.
    let tail = &xml[te..];
    let mut eiid_to_eid = std::collections::HashMap::new();
    let mut from = 0;
    while let Some(p) = tail[from..].find("<MAKEINSTANCE") {
        let s = from + p;
        let Some(e) = tail[s..].find('>') else { break };
        let tag = &tail[s..s + e];
        if let (Some(eid), Some(eiid)) = (attr(tag, "eventID"), attr(tag, "eiid")) {
            if let Some(ev) = doc.events.iter_mut().find(|x| x.eid == eid) {
                ev.tense = attr(tag, "tense").unwrap_or_else(|| "NONE".into());
                ev.aspect = attr(tag, "aspect").unwrap_or_else(|| "NONE".into());
                ev.polarity = attr(tag, "polarity").unwrap_or_else(|| "POS".into());
            }
            eiid_to_eid.insert(eiid, eid);
        }
        from = s + e;
    }
    let mut from = 0;
    while let Some(p) = tail[from..].find("<TLINK") {
        let s = from + p;
        let Some(e) = tail[s..].find('>') else { break };
        let tag = &tail[s..s + e];
        from = s + e;
        let rel = attr(tag, "relType").unwrap_or_default();
        let ev = attr(tag, "eventInstanceID").and_then(|i| eiid_to_eid.get(&i).cloned());
        let time = attr(tag, "relatedToTime");
        let ev2 = attr(tag, "relatedToEventInstance").and_then(|i| eiid_to_eid.get(&i).cloned());
        let time1 = attr(tag, "timeID");
        match (ev, time, time1, ev2) {
            (Some(eid), Some(tid), _, _) => doc.links.push(EventTimeLink { eid, tid, rel }),
            (_, _, Some(tid), Some(eid)) => doc.links.push(EventTimeLink {
                eid,
                tid,
                rel: inverse(&rel).to_string(),
            }),
            _ => {}
        }
    }
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_events_instances_and_links() {
        let xml = r#"<TimeML><DOCID>d1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Stocks <EVENT eid="e1" class="OCCURRENCE">fell</EVENT> &amp; he <EVENT eid="e2" class="REPORTING">said</EVENT> so <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>.</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="NEG" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei2"/>
</TimeML>"#;
        let d = parse(xml).unwrap();
        assert_eq!(d.text, "Stocks fell & he said so yesterday.");
        assert_eq!(d.dct.as_deref(), Some("1998-01-08"));
        assert_eq!(d.events.len(), 2);
        assert_eq!(&d.text[d.events[0].start..d.events[0].end], "fell");
        assert_eq!(d.events[1].class, "REPORTING");
        assert_eq!(d.events[1].polarity, "NEG");
        assert_eq!(d.events[0].tense, "PAST");
        assert_eq!(d.timexes.len(), 2);
        assert_eq!(
            d.links,
            vec![
                EventTimeLink {
                    eid: "e1".into(),
                    tid: "t1".into(),
                    rel: "IS_INCLUDED".into()
                },
                EventTimeLink {
                    eid: "e2".into(),
                    tid: "t0".into(),
                    rel: "IS_INCLUDED".into()
                }
            ]
        );
    }
}
