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

/// Draws entries on a vertical time axis: a dot per event, sized by its number of
/// independent sources, coloured by the family of its type, a red ring where sources
/// disagree; beside it the event in plain words (modality included) and, below, its
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
    // About 7.5 pixels a character at 13 px, from the text's left edge at 155.
    let width = (155 + longest * 15 / 2 + 40).max(980);
    let legend_y = 60 + row * entries.len().max(1);
    let height = legend_y + 90;
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
    s += &format!(
        "<text x=\"20\" y=\"{}\" fill=\"#333\">Dot size: independent sources. Red ring: sources disagree. Date*: inferred publication date.</text>\n",
        legend_y + 24
    );
    s += &format!(
        "<text x=\"20\" y=\"{}\" fill=\"#333\">Each line names the PLOVER event type, then the event in plain words (plans to, does not, may: as the sources present it).</text>\n",
        legend_y + 44
    );
    s += "</svg>\n";
    s
}
