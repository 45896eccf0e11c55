//! Conversion of the PETRARCH/Phoenix dictionaries into the committed KB file.
//!
//! Actor files (`*.actors.txt`): an entry starts with a line `NAME_WORDS_ [CODE dates] # comment`;
//! following `+ALIAS_WORDS` lines add aliases and `[CODE dates]` lines add roles. Dates are
//! `>yymmdd` (from), `<yymmdd` (until), `yymmdd-yymmdd`; 6-digit years up to 30 are 20xx.
//! `[---]` means "no code". Our extension file (`data/extension.actors.txt`) uses the same
//! format plus two line types: `=Display Name` (the canonical name) and `!kind` (`!person`,
//! `!country`, `!government`, `!org`). Extension entries merge into the dictionary entry whose
//! alias equals their name (same kind), and take over every alias they list.
//!
//! Agents file (`Phoenix.agents.txt`): `!SET! = A, B` substitution sets and `TITLE_WORDS [~GOV]`
//! lines (`~XXX` = sector suffix added to a country code, `XXX~` = a full code).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::kb::{normalize, Actor, ActorKind, KbData, Role};

/// Statistics of a conversion.
#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    /// Actors written.
    pub actors: usize,
    /// Aliases written.
    pub aliases: usize,
    /// Agent phrases written.
    pub agents: usize,
    /// Output size in bytes.
    pub bytes: usize,
}

#[derive(Debug, Default)]
struct Entry {
    key: String,
    display: Option<String>,
    kind: Option<ActorKind>,
    aliases: Vec<String>,
    roles: Vec<Role>,
    person_hint: bool,
    titles: Vec<String>,
}

fn parse_date(s: &str) -> u32 {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let n: u32 = s.parse().unwrap_or(0);
    match s.len() {
        6 => {
            let yy = n / 10000;
            let y = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            y * 10000 + n % 10000
        }
        8 => n,
        _ => 0,
    }
}

/// Parse one `[CODE dates]` body.
fn parse_role(body: &str) -> Option<Role> {
    let mut it = body.split_whitespace();
    let code = it.next()?.trim().to_string();
    if code == "---" || code.is_empty() {
        return None;
    }
    let (mut from, mut to) = (0, 99_999_999);
    if let Some(d) = it.next() {
        if let Some(x) = d.strip_prefix('>') {
            from = parse_date(x);
        } else if let Some(x) = d.strip_prefix('<') {
            to = parse_date(x);
        } else if let Some((a, b)) = d.split_once('-') {
            from = parse_date(a);
            let t = parse_date(b);
            to = if t == 0 { 99_999_999 } else { t };
        }
    }
    Some(Role { code, from, to })
}

fn roles_in(line: &str, out: &mut Vec<Role>) {
    let mut rest = line;
    while let Some(i) = rest.find('[') {
        let Some(j) = rest[i..].find(']') else { break };
        if let Some(r) = parse_role(&rest[i + 1..i + j]) {
            out.push(r);
        }
        rest = &rest[i + j + 1..];
    }
}

fn clean_key(s: &str) -> String {
    // Drop parenthesised acronyms inside names: "ISLAMIC_ARMY_OF_ADEN_(IAA)_".
    let mut out = String::with_capacity(s.len());
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '{' => depth += 1,
            ')' | '}' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    normalize(&out)
}

fn parse_actor_file(text: &str, out: &mut Vec<Entry>, extension: bool) {
    let mut cur: Option<Entry> = None;
    for raw in text.lines() {
        let (body, comment) = match raw.find('#') {
            Some(i) => (&raw[..i], &raw[i..]),
            None => (raw, ""),
        };
        let line = body.trim();
        if line.is_empty() || extension && line.starts_with('@') {
            continue;
        }
        if let Some(a) = line.strip_prefix('+') {
            if let Some(e) = cur.as_mut() {
                let a = a.split('[').next().unwrap_or("");
                let k = clean_key(a);
                if !k.is_empty() && !e.aliases.contains(&k) {
                    e.aliases.push(k);
                }
                roles_in(line, &mut e.roles);
            }
        } else if line.starts_with('[') {
            if let Some(e) = cur.as_mut() {
                roles_in(line, &mut e.roles);
            }
        } else if let Some(d) = line.strip_prefix('=').filter(|_| extension) {
            if let Some(e) = cur.as_mut() {
                e.display = Some(d.trim().to_string());
            }
        } else if let Some(t) = line.strip_prefix('?').filter(|_| extension) {
            if let Some(e) = cur.as_mut() {
                e.titles.push(normalize(t));
            }
        } else if let Some(k) = line.strip_prefix('!').filter(|_| extension) {
            if let Some(e) = cur.as_mut() {
                e.kind = Some(match k.trim() {
                    "person" => ActorKind::Person,
                    "country" => ActorKind::Country,
                    "government" => ActorKind::Government,
                    _ => ActorKind::Organisation,
                });
            }
        } else {
            if let Some(e) = cur.take() {
                out.push(e);
            }
            let name = line.split('[').next().unwrap_or("");
            let key = clean_key(name);
            if key.is_empty() {
                continue;
            }
            let mut e = Entry {
                aliases: vec![key.clone()],
                key,
                person_hint: comment.contains("CountryInfo"),
                ..Entry::default()
            };
            roles_in(line, &mut e.roles);
            cur = Some(e);
        }
    }
    if let Some(e) = cur.take() {
        out.push(e);
    }
}

const SMALL: &[&str] = &[
    "of", "the", "and", "for", "de", "del", "la", "al", "in", "on", "to", "bin", "van", "von",
];

/// Natural-case display name from a normalised key.
fn display(key: &str, kind: ActorKind) -> String {
    let mut out = String::with_capacity(key.len());
    for (i, t) in key.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i > 0 && SMALL.contains(&t) {
            out.push_str(t);
        } else if kind == ActorKind::Organisation
            && !SMALL.contains(&t)
            && (t.len() <= 3 || t.len() <= 5 && !t.contains(|c: char| "aeiou".contains(c)))
        {
            out.push_str(&t.to_uppercase());
        } else {
            let mut cap = true;
            for c in t.chars() {
                if cap {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                cap = c == '-' || c == '\'' && out.len() <= 2;
            }
        }
    }
    out
}

fn infer_kind(e: &Entry, file_is_country: bool, file_is_nonstate: bool) -> ActorKind {
    if let Some(k) = e.kind {
        return k;
    }
    if e.person_hint {
        return ActorKind::Person;
    }
    if file_is_country
        && e.roles.len() == 1
        && e.roles[0].code.len() == 3
        && e.roles[0].from == 0
        && e.roles[0].to == 99_999_999
    {
        return ActorKind::Country;
    }
    if !file_is_nonstate
        && e.roles.iter().any(|r| r.from != 0 || r.to != 99_999_999)
        && e.key.split(' ').count() <= 4
    {
        return ActorKind::Person;
    }
    ActorKind::Organisation
}

fn parse_agents(text: &str) -> Vec<(String, String)> {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') && line.contains('=') {
            if let Some((k, v)) = line.split_once('=') {
                sets.insert(
                    k.trim().to_string(),
                    v.split(',').map(|s| s.trim().to_string()).collect(),
                );
            }
            continue;
        }
        let Some(i) = line.find('[') else { continue };
        let Some(j) = line[i..].find(']') else {
            continue;
        };
        let code = line[i + 1..i + j].trim().to_string();
        let phrase = line[..i].replace(['{', '}'], " ");
        let mut forms = vec![phrase];
        for (k, vals) in &sets {
            if forms.iter().any(|f| f.contains(k.as_str())) {
                forms = forms
                    .iter()
                    .flat_map(|f| vals.iter().map(move |v| f.replace(k.as_str(), v)))
                    .collect();
            }
        }
        for f in forms {
            let k = normalize(&f);
            if !k.is_empty() && !code.is_empty() {
                out.push((k, code.clone()));
            }
        }
    }
    out
}

/// Convert the dictionaries in `cameo_dir` (Phoenix actor and agent files) plus the crate's
/// extension file into KB data.
pub fn convert(cameo_dir: &Path, extension: &str) -> std::io::Result<KbData> {
    let mut entries: Vec<(Entry, ActorKind)> = Vec::new();
    for (file, country, nonstate) in [
        ("Phoenix.Countries.actors.txt", true, false),
        ("Phoenix.International.actors.txt", false, false),
        ("Phoenix.MilNonState.actors.txt", false, true),
    ] {
        let text = std::fs::read_to_string(cameo_dir.join(file))?;
        let mut es = Vec::new();
        parse_actor_file(&text, &mut es, false);
        for e in es {
            let k = infer_kind(&e, country, nonstate);
            entries.push((e, k));
        }
    }
    // Merge duplicate primary keys.
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut merged: Vec<(Entry, ActorKind)> = Vec::new();
    for (e, k) in entries {
        if let Some(&i) = by_key.get(&e.key) {
            let m = &mut merged[i].0;
            for a in e.aliases {
                if !m.aliases.contains(&a) {
                    m.aliases.push(a);
                }
            }
            m.roles.extend(e.roles);
        } else {
            by_key.insert(e.key.clone(), merged.len());
            merged.push((e, k));
        }
    }
    let mut alias_owner: HashMap<String, usize> = HashMap::new();
    for (i, (e, _)) in merged.iter().enumerate() {
        for a in &e.aliases {
            alias_owner.entry(a.clone()).or_insert(i);
        }
    }
    // Extension entries.
    let mut ext = Vec::new();
    parse_actor_file(extension, &mut ext, true);
    for mut e in ext {
        let kind = e.kind.unwrap_or_else(|| infer_kind(&e, false, false));
        e.kind = Some(kind);
        let target = alias_owner
            .get(&e.key)
            .copied()
            .filter(|&i| merged[i].1 == kind);
        // Take over the listed aliases.
        for a in &e.aliases {
            if let Some(&o) = alias_owner.get(a) {
                if Some(o) != target {
                    merged[o].0.aliases.retain(|x| x != a);
                }
            }
        }
        let idx = match target {
            Some(i) => {
                let m = &mut merged[i].0;
                for a in &e.aliases {
                    if !m.aliases.contains(a) {
                        m.aliases.push(a.clone());
                    }
                }
                if !e.roles.is_empty() {
                    // Extension roles are authoritative for current people: keep older dated
                    // roles, drop open-ended ones that the extension re-states.
                    m.roles
                        .retain(|r| r.to != 99_999_999 || r.from == 0 && kind != ActorKind::Person);
                    m.roles.extend(e.roles.iter().cloned());
                }
                m.display = e.display.clone().or_else(|| Some(display(&e.key, kind)));
                if !e.titles.is_empty() {
                    m.titles = e.titles.clone();
                }
                i
            }
            None => {
                merged.push((e, kind));
                merged.len() - 1
            }
        };
        for a in merged[idx].0.aliases.clone() {
            alias_owner.insert(a, idx);
        }
    }
    // Single-token country aliases, to strip nationality words from titles.
    let mut nationality: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (e, k) in &merged {
        if *k == ActorKind::Country {
            for a in &e.aliases {
                if !a.contains(' ') {
                    nationality.insert(a.as_str());
                }
            }
        }
    }
    let mut actors = Vec::with_capacity(merged.len());
    for (e, kind) in &merged {
        if e.aliases.is_empty() {
            continue;
        }
        let mut titles = e.titles.clone();
        if *kind == ActorKind::Person {
            let name_toks: Vec<&str> = e.key.split(' ').collect();
            for a in &e.aliases {
                let toks: Vec<&str> = a.split(' ').collect();
                let Some(p) = toks.iter().position(|t| name_toks.contains(t)) else {
                    continue;
                };
                if p == 0 {
                    continue;
                }
                let lead: Vec<&str> = toks[..p]
                    .iter()
                    .copied()
                    .filter(|t| !nationality.contains(t))
                    .collect();
                if !lead.is_empty() && lead.len() <= 3 {
                    let t = lead.join(" ");
                    if !titles.contains(&t) {
                        titles.push(t);
                    }
                }
            }
        }
        let mut roles = e.roles.clone();
        roles.dedup();
        actors.push(Actor {
            name: e.display.clone().unwrap_or_else(|| display(&e.key, *kind)),
            kind: *kind,
            aliases: e.aliases.clone(),
            roles,
            titles,
        });
    }
    let mut agents = parse_agents(&std::fs::read_to_string(
        cameo_dir.join("Phoenix.agents.txt"),
    )?);
    let ext_agents: String = extension
        .lines()
        .filter_map(|l| l.trim().strip_prefix('@'))
        .collect::<Vec<_>>()
        .join("\n");
    let ext_agents = parse_agents(&ext_agents);
    agents.retain(|(k, _)| !ext_agents.iter().any(|(e, _)| e == k));
    // Extension agents first: the runtime index keeps the first entry of a phrase.
    agents.splice(0..0, ext_agents);
    Ok(KbData { actors, agents })
}

/// The extension file shipped with the crate (current leaders and organisations, capitals used
/// for governments), in the PETRARCH actor format.
pub const EXTENSION: &str = include_str!("../data/extension.actors.txt");

/// Convert the Phoenix dictionaries in `cameo_dir` plus the crate's extension file into the
/// compact KB file at `out_path` (gzip'd JSON). `storyline train actors` calls this.
pub fn build_kb(cameo_dir: &Path, out_path: &Path) -> std::io::Result<BuildStats> {
    let data = convert(cameo_dir, EXTENSION)?;
    let json = serde_json::to_vec(&data).map_err(std::io::Error::other)?;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&json)?;
    let bytes = enc.finish()?;
    if let Some(p) = out_path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(out_path, &bytes)?;
    Ok(BuildStats {
        actors: data.actors.len(),
        aliases: data.actors.iter().map(|a| a.aliases.len()).sum(),
        agents: data.agents.len(),
        bytes: bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_roles_and_dates() {
        let text = "XI_JINPING_  # CountryInfo.txt\n+PRESIDENT_XI_JINPING\n\t[CHNGOV >20121115]\nKREMLIN_\n+RUSSIAN_WHITE_HOUSE\n\t[RUSGOV]\nM_ [HTIOPP <061231] [IGOUNOMED]\tP [---]\n";
        let mut es = Vec::new();
        parse_actor_file(text, &mut es, false);
        assert_eq!(es.len(), 3);
        assert_eq!(es[0].key, "xi jinping");
        assert_eq!(es[0].aliases, vec!["xi jinping", "president xi jinping"]);
        assert_eq!(
            es[0].roles,
            vec![Role {
                code: "CHNGOV".into(),
                from: 20121115,
                to: 99_999_999
            }]
        );
        assert!(es[0].person_hint);
        assert_eq!(es[2].roles.len(), 2);
        assert_eq!(es[2].roles[0].to, 20061231);
        assert_eq!(parse_date("990809"), 19990809);
        assert_eq!(parse_date("000507"), 20000507);
    }

    #[test]
    fn agents_expand_sets() {
        let a = parse_agents("!MINIST! = MINISTER, MINISTRY\nFOREIGN_!MINIST! [~GOV]\nPEACEKEEPING_TROOPS {} [IGO~]\n");
        assert!(a.contains(&("foreign minister".into(), "~GOV".into())));
        assert!(a.contains(&("foreign ministry".into(), "~GOV".into())));
        assert!(a.contains(&("peacekeeping troops".into(), "IGO~".into())));
    }

    #[test]
    fn display_names() {
        assert_eq!(
            display("vladimir putin", ActorKind::Person),
            "Vladimir Putin"
        );
        assert_eq!(
            display("united states of america", ActorKind::Country),
            "United States of America"
        );
        assert_eq!(display("nato", ActorKind::Organisation), "Nato");
        assert_eq!(display("icc", ActorKind::Organisation), "ICC");
    }
}
