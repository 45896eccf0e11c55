//! A timeline picture (SVG), for people who would rather look than read.

use storyline_corpus::TimelineEntry;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draws entries on a vertical time axis: a dot per event, sized by its number of
/// sources, a red ring where sources disagree, and the sources listed beside it.
pub fn timeline_svg(entries: &[TimelineEntry]) -> String {
    let row = 34;
    let width = 980;
    let height = 70 + row * entries.len().max(1);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"20\" y=\"28\" font-size=\"18\" font-weight=\"bold\">storyline timeline</text>\n\
         <line x1=\"130\" y1=\"45\" x2=\"130\" y2=\"{}\" stroke=\"#888\" stroke-width=\"2\"/>\n",
        height - 10
    );
    let mut last_date = String::new();
    for (i, e) in entries.iter().enumerate() {
        let y = 60 + row * i;
        let date = e.date.clone().unwrap_or_else(|| "undated".into());
        if date != last_date {
            s += &format!(
                "<text x=\"20\" y=\"{}\" fill=\"#333\">{}</text>\n",
                y + 4,
                escape(&date)
            );
            last_date = date;
        }
        let r = 5 + 2 * e.documents.len().min(6);
        let color = match e.plover.as_str() {
            "CONSULT" | "COOPERATE" | "AID" | "AGREE" => "#2b7bb9",
            "ASSAULT" | "COERCE" | "MOBILIZE" | "THREATEN" | "SANCTION" => "#c0392b",
            "ACCUSE" | "REJECT" | "PROTEST" | "REQUEST" => "#e67e22",
            _ => "#7f8c8d",
        };
        s += &format!(
            "<circle cx=\"130\" cy=\"{y}\" r=\"{r}\" fill=\"{color}\" opacity=\"0.85\"/>\n"
        );
        if !e.conflicts.is_empty() {
            s += &format!("<circle cx=\"130\" cy=\"{y}\" r=\"{}\" fill=\"none\" stroke=\"red\" stroke-width=\"2\"/>\n", r + 4);
        }
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
        s += &format!(
            "<text x=\"155\" y=\"{}\"><tspan font-weight=\"bold\">{}</tspan> {}<tspan fill=\"#666\">  [{} source{}: {}]</tspan><tspan fill=\"red\">{}</tspan></text>\n",
            y + 4,
            escape(&e.plover),
            escape(&e.summary),
            e.documents.len(),
            if e.documents.len() == 1 { "" } else { "s" },
            escape(&e.documents.join(", ")),
            escape(&conflict)
        );
    }
    s += "</svg>\n";
    s
}
