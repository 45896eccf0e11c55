//! A timeline picture (SVG), for people who would rather look than read.

use storyline_corpus::TimelineEntry;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The colour of a PLOVER type's family, and the family's name for the legend.
fn family(plover: &str) -> (&'static str, &'static str) {
    match plover {
        "CONSULT" | "COOPERATE" | "AID" | "AGREE" | "SUPPORT" | "CONCEDE" => {
            ("#2b7bb9", "cooperation")
        }
        "ASSAULT" | "COERCE" | "MOBILIZE" | "THREATEN" | "SANCTION" | "RETREAT" => {
            ("#c0392b", "force and pressure")
        }
        "ACCUSE" | "REJECT" | "PROTEST" | "REQUEST" => ("#e67e22", "words of conflict"),
        _ => ("#7f8c8d", "other"),
    }
}

/// What a modality means, for the dashed ring's tooltip.
fn modality_words(modality: &str) -> &'static str {
    match modality {
        "intended" => "planned or announced, not (yet) done",
        "reported" => "reported: attributed to reports or others' claims",
        "negated" => "denied: the sources say it did not happen",
        "hypothetical" => "hypothetical: possible or conditional",
        _ => "not plainly asserted",
    }
}

/// The legend's explanations, one line each, below the colours.
const LEGEND_LINES: [&str; 3] = [
    "Dot size: independent sources. Red ring: sources disagree. Date*: inferred publication date.",
    "Dashed ring: the sources do not simply assert it (planned, reported, denied or hypothetical).",
    "Each line names the PLOVER event type, then the event in plain words, as the sources present it \
     (plans to, does not, may, according to reports).",
];

/// Draws entries on a vertical time axis: a dot per event, sized by its number of
/// independent sources, coloured by the family of its type, a red ring where sources
/// disagree, a dashed ring where they do not simply assert it (planned, reported, denied,
/// hypothetical); beside it the event in plain words (modality included) and, below, its
/// sources. A legend explains the marks; the picture is as wide as its longest line.
pub fn timeline_svg(entries: &[TimelineEntry]) -> String {
    let row = 42;
    let lines: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            let conflict = if e.conflicts.is_empty() {
                String::new()
            } else {
                format!(
                    "  \u{26a0} sources disagree on the {}",
                    e.conflicts
                        .iter()
                        .map(|c| c.field.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let main = format!("{}: {}{conflict}", e.plover, e.headline);
            let sources = format!(
                "{} source{}: {}",
                e.sources,
                if e.sources == 1 { "" } else { "s" },
                e.documents.join(", ")
            );
            (main, sources)
        })
        .collect();
    let longest = lines
        .iter()
        .map(|(a, b)| a.chars().count().max(b.chars().count() * 11 / 13))
        .max()
        .unwrap_or(40);
    // About 7.5 pixels a character at 13 px, from the text's left edge at 155 (at 20 for
    // the legend): nothing is cut, the picture widens instead.
    let legend_longest = LEGEND_LINES
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let width = (155 + longest * 15 / 2 + 40)
        .max(20 + legend_longest * 15 / 2 + 40)
        .max(980);
    let legend_y = 60 + row * entries.len().max(1);
    let height = legend_y + 24 + 20 * LEGEND_LINES.len() + 26;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"20\" y=\"28\" font-size=\"18\" font-weight=\"bold\">storyline timeline</text>\n\
         <line x1=\"130\" y1=\"45\" x2=\"130\" y2=\"{}\" stroke=\"#888\" stroke-width=\"2\"/>\n",
        legend_y - 20
    );
    let mut last_date = String::new();
    for (i, (e, (main, sources))) in entries.iter().zip(&lines).enumerate() {
        let y = 60 + row * i;
        let date = match (&e.date, e.date_inferred) {
            (Some(d), true) => format!("{d}*"),
            (Some(d), false) => d.clone(),
            (None, _) => "undated".into(),
        };
        if date != last_date {
            s += &format!(
                "<text x=\"20\" y=\"{}\" fill=\"#333\">{}</text>\n",
                y + 4,
                escape(&date)
            );
            last_date = date;
        }
        let r = 5 + 2 * e.sources.min(6);
        let (color, _) = family(&e.plover);
        s += &format!(
            "<circle cx=\"130\" cy=\"{y}\" r=\"{r}\" fill=\"{color}\" opacity=\"0.85\"/>\n"
        );
        if !e.conflicts.is_empty() {
            s += &format!("<circle cx=\"130\" cy=\"{y}\" r=\"{}\" fill=\"none\" stroke=\"red\" stroke-width=\"2\"/>\n", r + 4);
        }
        if e.modality != "asserted" {
            let ring = if e.conflicts.is_empty() { r + 4 } else { r + 8 };
            s += &format!(
                "<circle class=\"modality-{}\" cx=\"130\" cy=\"{y}\" r=\"{ring}\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"><title>{}</title></circle>\n",
                escape(&e.modality),
                escape(modality_words(&e.modality))
            );
        }
        s += &format!(
            "<text x=\"155\" y=\"{}\">{}</text>\n<text x=\"155\" y=\"{}\" fill=\"#666\" font-size=\"11\">{}</text>\n",
            y + 2,
            escape(main),
            y + 17,
            escape(sources)
        );
    }
    // The legend.
    s += &format!("<text x=\"20\" y=\"{legend_y}\" font-weight=\"bold\">Legend</text>\n");
    let mut x = 90;
    for (color, name) in [
        ("#2b7bb9", "cooperation"),
        ("#c0392b", "force and pressure"),
        ("#e67e22", "words of conflict"),
        ("#7f8c8d", "other"),
    ] {
        s += &format!(
            "<circle cx=\"{x}\" cy=\"{}\" r=\"6\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\">{name}</text>\n",
            legend_y - 4,
            x + 10,
            legend_y
        );
        x += 30 + name.len() * 8;
    }
    for (i, line) in LEGEND_LINES.iter().enumerate() {
        s += &format!(
            "<text x=\"20\" y=\"{}\" fill=\"#333\">{}</text>\n",
            legend_y + 24 + 20 * i,
            escape(line)
        );
    }
    s += "</svg>\n";
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(headline: &str, modality: &str) -> TimelineEntry {
        TimelineEntry {
            date: Some("2023-03-20".into()),
            precision: Some("day".into()),
            code: "040".into(),
            plover: "CONSULT".into(),
            headline: headline.into(),
            summary: headline.into(),
            source: Some("Xi Jinping".into()),
            target: Some("Vladimir Putin".into()),
            actors: vec!["Xi Jinping".into(), "Vladimir Putin".into()],
            location: None,
            modality: modality.into(),
            documents: vec!["upi-2023-03-20".into()],
            sources: 1,
            score: 0.9,
            date_inferred: false,
            mentions: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    /// The number in `attr="N"` of the root element.
    fn attr(svg: &str, name: &str) -> usize {
        let at = svg.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        svg[at..svg[at..].find('"').expect("quote") + at]
            .parse()
            .expect("number")
    }

    /// A very long headline is drawn whole (nothing elided) and the picture widens to hold
    /// it; a planned entry has a dashed ring; the legend explains the colours, the marks and
    /// the modality words.
    #[test]
    fn a_long_headline_appears_whole_beside_a_legend() {
        let long = format!(
            "Xi Jinping plans to {} & talk <peace> with Vladimir Putin, according to reports",
            "travel to Moscow and ".repeat(20)
        );
        let entries = [
            entry(&long, "intended"),
            entry("Xi Jinping meets Vladimir Putin", "asserted"),
        ];
        let svg = timeline_svg(&entries);
        let drawn = format!("CONSULT: {}", escape(&long));
        assert!(
            svg.contains(&format!(">{drawn}</text>")),
            "headline cut: {svg}"
        );
        assert!(
            !svg.contains('\u{2026}') && !svg.contains("..."),
            "something elided"
        );
        let line = format!("CONSULT: {long}");
        assert!(
            attr(&svg, "width") >= 155 + line.chars().count() * 15 / 2,
            "the picture is narrower than its longest line"
        );
        assert!(svg.contains(">Legend</text>"));
        for name in [
            "cooperation",
            "force and pressure",
            "words of conflict",
            "other",
        ] {
            assert!(
                svg.contains(&format!(">{name}</text>")),
                "legend lacks {name}"
            );
        }
        for words in [
            "plans to",
            "does not",
            "may",
            "according to reports",
            "Red ring",
            "Date*",
        ] {
            assert!(svg.contains(words), "legend does not explain {words:?}");
        }
        assert!(
            svg.contains("Dashed ring"),
            "legend does not explain the dashed ring"
        );
        assert_eq!(
            svg.matches("stroke-dasharray").count(),
            1,
            "one dashed ring: the planned entry's, not the asserted one's"
        );
        assert!(svg.contains("<circle class=\"modality-intended\""));
        let last_text = svg.rfind("<text").expect("text");
        assert!(
            attr(&svg, "height") > attr(&svg[last_text..], "y"),
            "legend below the picture's edge"
        );
    }
}
