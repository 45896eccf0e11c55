//! Which mention pairs may be one event, and the evidence each pair carries.
//!
//! Mentions meet only under a shared actor (every pair shares one of the
//! [`super::blocking_keys`]) and within a date window, through six indexes:
//!
//! - **reports**: two reports of one class and actor pair dated within two days of each
//!   other (a month-dated report only with the same act: "visit" and "visit");
//! - **one-sided reports**: a report naming one actor ("Xi said during a call") and a report
//!   of the same class naming that actor and another, dated to the day or week;
//! - **references back**: a dateless reference ("since the invasion", three years at most)
//!   or a recalled verb ("Xi met Putin", two months at most, the same act and both actors)
//!   and the latest earlier report of its class and actors;
//! - **statements in a consultation**: what one actor told another and a call, meeting or
//!   talks between the two within two days;
//! - **an article without a date**: its happenings and the dated report its lede matches
//!   better than any other by the acts they share, and what else it reports within a month
//!   of that;
//! - **repeats**: an article's mentions of one class and actor pair that carry no date of
//!   their own (a background fact it comes back to).
//!
//! Each index is sorted once, so the pairs stay near-linear in the mentions. What a pair
//! shows (same act, same actors, compatible dates...) is [`features`]; whether it is one
//! event is the pair model's call ([`super::model`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};

use super::{
    actor_key, announced_root, block_key, date_gap, date_range, points_back, two_sided, BlockKey,
    DateRange, Mention, MAX_DATE_GAP_DAYS,
};
use storyline_events::LEDE_SENTENCES;

/// How far back a dateless reference ("since the invasion") may point.
const MAX_REFERENCE_DAYS: i64 = 1100;

/// How far back a recalled past-tense verb ("Xi met Putin", no date, deep in a later report)
/// may point: a simple past without a time adverbial leaves its time to what readers know of
/// recent news, "last month" at the furthest.
const MAX_RECALL_DAYS: i64 = 62;

/// How far from the event an undated article is about its other undated mentions may be
/// placed: the events an article reports lie around its own time.
const UNDATED_WINDOW_DAYS: i64 = 31;

/// The CAMEO root of statements ("said", "told"), which PLOVER leaves without a class.
const STATEMENT_ROOT: &str = "01";
/// The CAMEO root of consultations: talks, calls, meetings, visits.
const CONSULT_ROOT: &str = "04";

/// The most pairs one mention opens in one index: enough for every report of a busy day,
/// bounded for a corpus of millions.
const MAX_PAIRS_PER_MENTION: usize = 24;

/// Which index proposed a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Two reports of one class and actor pair.
    Reports,
    /// A one-sided report and a two-sided one.
    OneSided,
    /// A reference back and the report it points to.
    Reference,
    /// A statement and the consultation it was made in.
    Statement,
    /// An undated article's happening and the dated report its lede matches.
    Anchor,
    /// Two mentions of one happening in an undated article, or of one background fact an
    /// article comes back to.
    Happening,
    /// Any pair (training and evaluation on annotated corpora).
    Any,
}

/// A candidate pair of mentions (indexes into the merge's mentions, `a < b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pair {
    /// The first mention.
    pub a: usize,
    /// The second mention.
    pub b: usize,
    /// The index that proposed it.
    pub kind: Kind,
}

/// One mention as the merge sees it.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Class (CAMEO root, `!` when denied) and the two actor keys, sorted.
    pub key: BlockKey,
    /// The class an announcement announces ("will visit": consultations), else the class.
    pub root: String,
    /// CAMEO code.
    pub code: String,
    /// The trigger's lemma.
    pub lemma: String,
    /// The trigger, lower-cased.
    pub trigger: String,
    /// The actors' names (source, target; for an uncoded mention, agent and patient).
    pub names: [Option<String>; 2],
    /// Dates covered.
    pub range: Option<DateRange>,
    /// A dateless reference or a recalled verb that is not its article's news.
    pub back: bool,
    /// A nominal reference.
    pub reference: bool,
    /// A recalled past-tense verb.
    pub recalled: bool,
    /// Index of its document among the merged mentions' documents.
    pub doc: usize,
    /// Its article has no publication date.
    pub undated_article: bool,
    /// In the title or the lede.
    pub lede: bool,
    /// Asserted or announced ("will visit"), not merely expected by others.
    pub said: bool,
    /// Denied ("did not call").
    pub negated: bool,
    /// The source's key sorts first in `key` (the target's second): with `key`, who acted on
    /// whom, for the classes where that matters ([`View::direction`]).
    pub forward: bool,
    /// The mention's score (for a coded mention, that its coding is right).
    pub score: f32,
    /// The content words of its sentence, hashed, sorted and deduplicated.
    pub words: Vec<u32>,
    /// Where it is (document id, title or text, sentence, trigger start, code): what orders
    /// pairs of equal score, so that the clustering never depends on the mentions' order.
    pub place: (String, bool, usize, usize, String),
}

impl View {
    /// Whether its dates are finer than a month (a day, a week).
    pub fn fine(&self) -> bool {
        self.range.is_some_and(|r| (r.1 - r.0).num_days() <= 7)
    }

    /// Whether it names two distinct sides.
    pub fn two_sided(&self) -> bool {
        two_sided(&self.key)
    }

    /// Who acted on whom (source key, target key) for a two-sided mention of a class whose
    /// direction matters: China's proposal to Ukraine is not Zelensky's request to Xi. Talks,
    /// statements, agreements and cooperation are mutual and have none.
    pub fn direction(&self) -> Option<(String, String)> {
        let mutual = matches!(
            self.key.0.get(..2),
            Some("01" | "03" | "04" | "05" | "06") | None
        );
        (self.two_sided() && !mutual).then(|| {
            if self.forward {
                (self.key.1.clone(), self.key.2.clone())
            } else {
                (self.key.2.clone(), self.key.1.clone())
            }
        })
    }

    /// Whether it names no one.
    pub fn nobody(&self) -> bool {
        self.key.1.is_empty() && self.key.2.is_empty()
    }

    /// The one side it names, when it names one.
    fn alone(&self) -> Option<(&str, &str)> {
        match (&self.names, self.key.1.is_empty(), self.key.2.is_empty()) {
            ([Some(n), None], _, _) | ([None, Some(n)], _, _) => {
                let k = if self.key.1.is_empty() {
                    &self.key.2
                } else {
                    &self.key.1
                };
                Some((n.as_str(), k.as_str()))
            }
            _ => None,
        }
    }

    /// Its two names, sorted, when it names two.
    fn name_pair(&self) -> Option<(&str, &str)> {
        match &self.names {
            [Some(a), Some(b)] if a != b => Some(if a <= b { (a, b) } else { (b, a) }),
            _ => None,
        }
    }

    fn names_actor(&self, name: &str) -> bool {
        self.names.iter().flatten().any(|n| n == name)
    }
}

/// The sides of a mention: the coded source and target, else (an uncoded mention, as in
/// ECB+) its agent and its patient or recipient.
fn sides(m: &Mention) -> [(Option<String>, Option<String>); 2] {
    let e = &m.event;
    if e.source.is_some() || e.target.is_some() {
        return [
            (e.source.clone(), e.source_code.clone()),
            (e.target.clone(), e.target_code.clone()),
        ];
    }
    let find = |roles: &[&str]| {
        e.participants
            .iter()
            .find(|p| roles.contains(&p.role.as_str()))
            .map(|p| p.actor.clone().unwrap_or_else(|| p.text.to_lowercase()))
    };
    [
        (find(&["agent"]), None),
        (find(&["patient", "recipient"]), None),
    ]
}

/// Words too common to say two sentences are about one thing.
const COMMON: &[&str] = &[
    "about", "after", "again", "also", "been", "before", "being", "could", "does", "during",
    "from", "have", "into", "just", "last", "like", "made", "make", "many", "more", "most", "much",
    "only", "other", "over", "said", "says", "should", "some", "such", "than", "that", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "told", "very", "were",
    "what", "when", "where", "which", "while", "will", "with", "would", "year", "years", "your",
];

/// The content words of a sentence (four letters or more, not among [`COMMON`]), hashed,
/// sorted and deduplicated.
fn content_words(text: &str) -> Vec<u32> {
    let mut v: Vec<u32> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !COMMON.contains(&w.as_str()))
        .map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes()) as u32)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// How many of two sorted lists' values they share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The merge's view of every mention.
pub fn views(mentions: &[Mention]) -> Vec<View> {
    let mut docs: HashMap<&str, usize> = HashMap::new();
    let mut views: Vec<View> = mentions
        .iter()
        .map(|m| {
            let e = &m.event;
            let n = docs.len();
            let doc = *docs.entry(m.document.as_str()).or_insert(n);
            let [(sn, sc), (tn, tc)] = sides(m);
            let mut key = block_key(e);
            let mut forward = actor_key(e.source.as_deref(), e.source_code.as_deref())
                .unwrap_or_default()
                <= actor_key(e.target.as_deref(), e.target_code.as_deref()).unwrap_or_default();
            if e.source.is_none() && e.target.is_none() {
                let a = actor_key(sn.as_deref(), sc.as_deref()).unwrap_or_default();
                let b = actor_key(tn.as_deref(), tc.as_deref()).unwrap_or_default();
                forward = a <= b;
                key = if a <= b { (key.0, a, b) } else { (key.0, b, a) };
            }
            let root = announced_root(e)
                .map(str::to_string)
                .unwrap_or_else(|| key.0.clone());
            View {
                root,
                code: e.code.clone().unwrap_or_default(),
                lemma: e.lemma.clone(),
                trigger: e.trigger.text.to_lowercase(),
                names: [sn, tn],
                range: e.date.as_deref().and_then(date_range),
                back: points_back(e),
                reference: e.reference,
                recalled: e.recalled,
                doc,
                undated_article: m.published.is_none(),
                lede: e.in_title || e.sentence < LEDE_SENTENCES,
                said: e.modality == "asserted" || announced_root(e).is_some(),
                negated: e.modality == "negated",
                forward,
                score: e.score.clamp(0.0, 1.0),
                words: content_words(&m.sentence_text),
                place: (
                    m.document.clone(),
                    !e.in_title,
                    e.sentence,
                    e.trigger.start,
                    e.code.clone().unwrap_or_default(),
                ),
                key,
            }
        })
        .collect();
    let news = todays_news(&views);
    for i in news {
        views[i].back = false;
    }
    views
}

/// Whether a sorted list of days has one within the date tolerance of `r`.
fn near(v: Option<&Vec<NaiveDate>>, r: DateRange) -> bool {
    v.is_some_and(|v| {
        let lo = r.0 - Duration::days(MAX_DATE_GAP_DAYS);
        let k = v.partition_point(|d| *d < lo);
        v.get(k)
            .is_some_and(|d| *d <= r.1 + Duration::days(MAX_DATE_GAP_DAYS))
    })
}

/// The references that are their article's news, not references back: one dated by an
/// article that reports the same kind of event between the same actors within the date
/// tolerance, or a recalled verb whose own article dates any event between the same two
/// actors then ("the two leaders met" in the report of their summit).
fn todays_news(views: &[View]) -> Vec<usize> {
    let mut starts: HashMap<&BlockKey, Vec<NaiveDate>> = HashMap::new();
    let mut pair_days: HashMap<(usize, &str, &str), Vec<NaiveDate>> = HashMap::new();
    for v in views.iter().filter(|v| !v.back && !v.nobody()) {
        if let Some(r) = v.range {
            starts.entry(&v.key).or_default().push(r.0);
            if !v.key.1.is_empty() && !v.key.2.is_empty() {
                pair_days
                    .entry((v.doc, v.key.1.as_str(), v.key.2.as_str()))
                    .or_default()
                    .push(r.0);
            }
        }
    }
    for v in starts.values_mut().chain(pair_days.values_mut()) {
        v.sort_unstable();
    }
    views
        .iter()
        .enumerate()
        .filter(|(_, v)| v.back && !v.nobody())
        .filter(|(_, v)| {
            v.range.is_some_and(|r| {
                near(starts.get(&v.key), r)
                    || (v.recalled
                        && near(
                            pair_days.get(&(v.doc, v.key.1.as_str(), v.key.2.as_str())),
                            r,
                        ))
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// Collects pairs, each once, with the first index that proposed it.
#[derive(Default)]
struct Pairs {
    seen: BTreeMap<(usize, usize), Kind>,
}

impl Pairs {
    fn push(&mut self, a: usize, b: usize, kind: Kind) {
        if a != b {
            self.seen.entry((a.min(b), a.max(b))).or_insert(kind);
        }
    }
}

/// Every candidate pair of the mentions, sorted.
pub fn candidates(mentions: &[Mention], views: &[View]) -> Vec<Pair> {
    let mut out = Pairs::default();
    reports(views, &mut out);
    one_sided(views, &mut out);
    references(views, &mut out);
    statements(views, &mut out);
    undated(mentions, views, &mut out);
    repeats(views, &mut out);
    out.seen
        .into_iter()
        .map(|((a, b), kind)| Pair { a, b, kind })
        .collect()
}

/// An article that comes back to a background fact ("Zelenskiy's repeated requests for a
/// meeting with Xi" ... "Zelenskiy had repeatedly requested a call with Xi"): its mentions of
/// one class and actor pair that have no date of their own (undated, or references dated
/// only by the article) pair with each other. Articles without a date are [`undated`]'s.
fn repeats(views: &[View], out: &mut Pairs) {
    let mut by_doc: BTreeMap<(usize, &BlockKey), Vec<usize>> = BTreeMap::new();
    for (i, v) in views.iter().enumerate() {
        if !v.undated_article && (v.back || v.range.is_none()) && v.two_sided() {
            by_doc.entry((v.doc, &v.key)).or_default().push(i);
        }
    }
    for members in by_doc.values() {
        for &i in &members[1..] {
            out.push(members[0], i, Kind::Happening);
        }
    }
}

/// Two reports (or two references back) of one class and actor pair within the date
/// tolerance; a month or a year does not tell which of its events of the class it is, nor
/// does a reference's article date, so those pair only with the same act.
fn reports(views: &[View], out: &mut Pairs) {
    let mut blocks: HashMap<(&BlockKey, bool), Vec<(DateRange, usize)>> = HashMap::new();
    for (i, v) in views.iter().enumerate() {
        if let (Some(r), false) = (v.range, v.nobody()) {
            blocks.entry((&v.key, v.back)).or_default().push((r, i));
        }
    }
    for list in blocks.values_mut() {
        list.sort_unstable();
        for k in 1..list.len() {
            let (rk, b) = list[k];
            let mut n = 0;
            for j in (0..k).rev() {
                let (rj, a) = list[j];
                // Sorted by first day: a month or a year starting earlier may still cover.
                if (rk.0 - rj.0).num_days() > MAX_DATE_GAP_DAYS + 366 || n >= MAX_PAIRS_PER_MENTION
                {
                    break;
                }
                if date_gap(rj, rk) > MAX_DATE_GAP_DAYS {
                    continue;
                }
                // Two references back are one event only if they recall the same act.
                let coarse = !(views[a].fine() && views[b].fine()) || views[a].back;
                if coarse && views[a].code != views[b].code {
                    continue;
                }
                out.push(a, b, Kind::Reports);
                n += 1;
            }
        }
    }
}

/// Reports naming one actor of an event join a report of the same class that names that
/// actor and another, dated to the day or week, on a compatible date (for a month, the same
/// act): by the actor's name first, else by its country.
fn one_sided(views: &[View], out: &mut Pairs) {
    let mut by_name: HashMap<(&str, &str), Vec<(NaiveDate, usize)>> = HashMap::new();
    let mut by_key: HashMap<(&str, &str), Vec<(NaiveDate, usize)>> = HashMap::new();
    for (i, v) in views.iter().enumerate() {
        if !v.two_sided() || !v.fine() || (v.back && v.reference) {
            continue;
        }
        let r = v.range.unwrap_or_default();
        for n in v.names.iter().flatten() {
            by_name.entry((&v.key.0, n)).or_default().push((r.0, i));
        }
        for k in [&v.key.1, &v.key.2] {
            by_key.entry((&v.key.0, k)).or_default().push((r.0, i));
        }
    }
    for list in by_name.values_mut().chain(by_key.values_mut()) {
        list.sort_unstable();
    }
    for (i, v) in views.iter().enumerate() {
        let (Some((name, key)), Some(r), false) = (v.alone(), v.range, v.back) else {
            continue;
        };
        let coarse = !v.fine();
        let pick = |index: &HashMap<(&str, &str), Vec<(NaiveDate, usize)>>, who: &str| {
            let Some(list) = index.get(&(v.key.0.as_str(), who)) else {
                return Vec::new();
            };
            let lo = r.0 - Duration::days(MAX_DATE_GAP_DAYS + 7);
            let k = list.partition_point(|(d, _)| *d < lo);
            list[k..]
                .iter()
                .take_while(|(d, _)| *d <= r.1 + Duration::days(MAX_DATE_GAP_DAYS))
                .map(|&(_, c)| c)
                .filter(|&c| {
                    views[c]
                        .range
                        .is_some_and(|cr| date_gap(cr, r) <= MAX_DATE_GAP_DAYS)
                        && (!coarse || views[c].code == v.code)
                })
                .take(MAX_PAIRS_PER_MENTION)
                .collect::<Vec<usize>>()
        };
        let mut found = pick(&by_name, name);
        if found.is_empty() {
            found = pick(&by_key, key);
        }
        for c in found {
            out.push(i, c, Kind::OneSided);
        }
    }
}

/// Dateless references join the latest report of their class and actors on or before their
/// article's date, within about three years; a reference naming only whom it concerns ("a
/// call for Russian withdrawal") reaches back only as far as a recollection. A one-sided
/// reference looks among the reports naming its actor. Recalled verbs ("Xi met Putin") do
/// the same within about two months, and only with a report of the same act (CAMEO code)
/// naming both their actors.
fn references(views: &[View], out: &mut Pairs) {
    let mut by_block: HashMap<&BlockKey, Vec<(NaiveDate, usize)>> = HashMap::new();
    let mut by_actor: HashMap<(&str, &str), Vec<(NaiveDate, usize)>> = HashMap::new();
    for (i, v) in views.iter().enumerate() {
        let (Some(r), false, false) = (v.range, v.back, v.nobody()) else {
            continue;
        };
        by_block.entry(&v.key).or_default().push((r.1, i));
        if !v.key.1.is_empty() && !v.key.2.is_empty() {
            for a in [&v.key.1, &v.key.2] {
                by_actor.entry((&v.key.0, a)).or_default().push((r.1, i));
            }
        }
    }
    for list in by_block.values_mut().chain(by_actor.values_mut()) {
        list.sort_unstable();
    }
    let latest = |list: Option<&Vec<(NaiveDate, usize)>>,
                  day: NaiveDate,
                  horizon: i64,
                  fits: &dyn Fn(usize) -> bool| {
        let list = list?;
        let k = list.partition_point(|(end, _)| *end <= day);
        list[..k]
            .iter()
            .rev()
            .take_while(|(end, _)| (day - *end).num_days() <= horizon)
            .find(|(_, c)| fits(*c))
            .copied()
    };
    for (i, v) in views.iter().enumerate() {
        let (Some(r), true, false) = (v.range, v.back, v.nobody()) else {
            continue;
        };
        let same_act = |c: usize| views[c].code == v.code && views[c].name_pair() == v.name_pair();
        let (horizon, fits): (i64, &dyn Fn(usize) -> bool) = if v.reference {
            let reach = if v.names[0].is_some() {
                MAX_REFERENCE_DAYS
            } else {
                MAX_RECALL_DAYS
            };
            (reach, &|_| true)
        } else {
            (MAX_RECALL_DAYS, &same_act)
        };
        let day = r.1;
        let same = latest(by_block.get(&v.key), day, horizon, fits);
        let one = match (v.key.1.is_empty(), v.key.2.is_empty()) {
            (true, false) => Some(&v.key.2),
            (false, true) => Some(&v.key.1),
            _ => None,
        };
        let named = one.and_then(|a| {
            latest(
                by_actor.get(&(v.key.0.as_str(), a.as_str())),
                day,
                horizon,
                fits,
            )
        });
        if let Some((_, c)) = same.into_iter().chain(named).max() {
            out.push(i, c, Kind::Reference);
        }
    }
}

/// What one actor told another ("Xi told Putin") within the date tolerance of a consultation
/// between the two naming both (a call, talks, a meeting) was said in that consultation.
fn statements(views: &[View], out: &mut Pairs) {
    let mut consults: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, v) in views.iter().enumerate() {
        if v.key.0 == CONSULT_ROOT && v.two_sided() && v.fine() && !v.back {
            consults.entry((&v.key.1, &v.key.2)).or_default().push(i);
        }
    }
    for (i, v) in views.iter().enumerate() {
        let (true, true, Some(r), Some(pair)) = (
            v.key.0 == STATEMENT_ROOT,
            v.two_sided(),
            v.range,
            v.name_pair(),
        ) else {
            continue;
        };
        if !v.fine() && !v.back {
            continue;
        }
        let found = consults
            .get(&(v.key.1.as_str(), v.key.2.as_str()))
            .into_iter()
            .flatten()
            .filter(|&&c| {
                views[c]
                    .range
                    .is_some_and(|cr| date_gap(cr, r) <= MAX_DATE_GAP_DAYS)
                    && views[c].name_pair() == Some(pair)
            })
            .take(MAX_PAIRS_PER_MENTION);
        for &c in found {
            out.push(i, c, Kind::Statement);
        }
    }
}

/// An article without a publication date leaves its mentions without a date unless they
/// give one. Its undated mentions of one class and actor pair are one happening (an
/// announcement counting in the class it announces). The lede's happening that matches one
/// dated event of its class and pair (reports within the date tolerance of each other,
/// naming both actors of one of its mentions) better than any other, by the acts they share
/// (CAMEO codes: a visit, not a phone call), pairs with that event; the article's other
/// happenings pair with the event of their class and pair within a month of it that shares
/// most acts with them. Whatever is ambiguous pairs with nothing.
fn undated(mentions: &[Mention], views: &[View], out: &mut Pairs) {
    /// Effective class and actor keys.
    type Happening<'a> = (&'a str, &'a str, &'a str);
    /// Reports with their dates.
    type Dated = Vec<(DateRange, usize)>;
    // Dated reports by effective class and pair, in date order, cut into events where the
    // dates part by more than the tolerance.
    // (A reference back to an earlier event, dated by its article, dates no event.)
    let mut dated: HashMap<Happening, Dated> = HashMap::new();
    for (i, v) in views.iter().enumerate() {
        if let (Some(r), true, false) = (v.range, v.two_sided(), v.back) {
            dated
                .entry((&v.root, &v.key.1, &v.key.2))
                .or_default()
                .push((r, i));
        }
    }
    let mut events: HashMap<Happening, Vec<Dated>> = HashMap::new();
    for (k, mut list) in dated {
        list.sort_unstable();
        let mut cut: Vec<Dated> = Vec::new();
        for x in list {
            match cut.last_mut() {
                Some(last) if date_gap(last[last.len() - 1].0, x.0) <= MAX_DATE_GAP_DAYS => {
                    last.push(x)
                }
                _ => cut.push(vec![x]),
            }
        }
        events.insert(k, cut);
    }
    // Per undated article, its happenings by effective class and pair.
    let mut happenings: BTreeMap<usize, BTreeMap<Happening, Vec<usize>>> = BTreeMap::new();
    for (i, v) in views.iter().enumerate() {
        if v.undated_article && v.range.is_none() && v.said && v.two_sided() {
            happenings
                .entry(v.doc)
                .or_default()
                .entry((&v.root, &v.key.1, &v.key.2))
                .or_default()
                .push(i);
        }
    }
    // The candidate events of a happening, the most acts shared first: (shared, event index).
    let ranked = |key: &Happening, members: &[usize]| -> Vec<(usize, usize)> {
        let codes: BTreeSet<&str> = members
            .iter()
            .filter(|&&i| announced_root(&mentions[i].event).is_none())
            .map(|&i| views[i].code.as_str())
            .collect();
        let pairs: BTreeSet<(&str, &str)> = members
            .iter()
            .filter_map(|&i| views[i].name_pair())
            .collect();
        let mut v: Vec<(usize, usize)> = events
            .get(key)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, ev)| {
                pairs.iter().any(|(a, b)| {
                    ev.iter().any(|(_, c)| views[*c].names_actor(a))
                        && ev.iter().any(|(_, c)| views[*c].names_actor(b))
                })
            })
            .map(|(k, ev)| {
                let theirs: BTreeSet<&str> =
                    ev.iter().map(|(_, c)| views[*c].code.as_str()).collect();
                (codes.intersection(&theirs).count(), k)
            })
            .collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    };
    let best = |v: &[(usize, usize)]| match v {
        [(_, k)] => Some(*k),
        [(a, k), (b, _), ..] if a > b => Some(*k),
        _ => None,
    };
    let span = |ev: &[(DateRange, usize)]| {
        (
            ev.iter().map(|x| x.0 .0).min().unwrap_or_default(),
            ev.iter().map(|x| x.0 .1).max().unwrap_or_default(),
        )
    };
    for article in happenings.values() {
        let mut order: Vec<(&Happening, &Vec<usize>)> = article.iter().collect();
        order.sort_by_key(|(_, members)| members.iter().map(|&i| mentions[i].event.sentence).min());
        for (_, members) in &order {
            for &i in &members[1..] {
                out.push(members[0], i, Kind::Happening);
            }
        }
        // What the lede reports decides: of its happenings that match one event better than
        // any other by shared acts, the one sharing most (the earliest of those).
        let anchor = order
            .iter()
            .filter(|(_, members)| members.iter().any(|&i| views[i].lede))
            .filter_map(|(key, members)| {
                let v = ranked(key, members);
                best(&v)
                    .filter(|_| v[0].0 > 0)
                    .map(|k| (v[0].0, span(&events[*key][k])))
            })
            .fold(None, |acc: Option<(usize, DateRange)>, x| match acc {
                Some(a) if a.0 >= x.0 => Some(a),
                _ => Some(x),
            })
            .map(|(_, r)| r);
        let Some(ar) = anchor else { continue };
        for (key, members) in order {
            let near: Vec<(usize, usize)> = ranked(key, members)
                .into_iter()
                .filter(|(_, k)| date_gap(span(&events[key][*k]), ar) <= UNDATED_WINDOW_DAYS)
                .collect();
            if let Some(k) = best(&near) {
                for &(_, c) in &events[key][k] {
                    out.push(members[0], c, Kind::Anchor);
                }
            }
        }
    }
}

/// Whether two lemmas are one word's verb and noun ("invade", "invasion"; "meet",
/// "meeting"): they share a beginning of four letters or more, at least two thirds of the
/// shorter. A prefix cannot tell "support" from "supply": the feature is evidence for the
/// pair model, never a decision.
fn related_lemmas(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 4 && 3 * common >= 2 * shorter
}

/// Whether a CAMEO code is a material act (a visit or meeting, aid, a concession, a protest,
/// a sanction, a mobilisation, force) rather than a verbal one (statements, appeals,
/// accusations, demands, threats, which are repeated day after day).
fn material(code: &str) -> bool {
    matches!(
        code.get(..2),
        Some("07" | "08" | "14" | "15" | "16" | "17" | "18" | "19" | "20")
    ) || matches!(code, "042" | "043" | "044")
}

/// The number of pair features.
pub const NPAIR: usize = 33;

/// The names of the pair features, in order (for the model's notes and reports).
pub const PAIR_FEATURES: [&str; NPAIR] = [
    "same code",
    "same class",
    "statement and consultation",
    "same lemma",
    "same trigger",
    "same two names",
    "same two sides, other names",
    "one-sided, its name in the other",
    "one-sided, its side in the other",
    "both one-sided, same side",
    "dates overlap",
    "dates 1-2 days apart",
    "a coarse date",
    "a reference or recollection",
    "a reference back beyond two months",
    "same document",
    "an undated mention",
    "in a title or lede",
    "undated article matched by its lede",
    "one happening of an undated article",
    "the lower of the two mentions' scores",
    "share of the sentences' content words in common",
    "content words in common (up to 5, fifths)",
    "same two names and same code",
    "same two names in one document",
    "same two names, dates overlap",
    "same code in one document",
    "a consultation between the same two sides",
    "proposed as one-sided report",
    "proposed as reference back",
    "proposed as statement in a consultation",
    "related lemmas (a verb and its noun: invade, invasion)",
    "same code of a material act (a visit, aid, a sanction, force)",
];

/// What a pair of mentions shows: see [`PAIR_FEATURES`].
pub fn features(a: &View, b: &View, kind: Kind) -> [f32; NPAIR] {
    let f = |x: bool| if x { 1.0 } else { 0.0 };
    let one_sided = |x: &View, y: &View| -> (bool, bool) {
        match (x.alone(), y.two_sided()) {
            (Some((name, key)), true) => {
                let by_name = y.names_actor(name);
                (by_name, !by_name && (y.key.1 == key || y.key.2 == key))
            }
            _ => (false, false),
        }
    };
    let (an, ak) = one_sided(a, b);
    let (bn, bk) = one_sided(b, a);
    let same_names = a.name_pair().is_some() && a.name_pair() == b.name_pair();
    let same_sides = a.two_sided() && b.two_sided() && a.key.1 == b.key.1 && a.key.2 == b.key.2;
    let both_alone = match (a.alone(), b.alone()) {
        (Some(x), Some(y)) => x.1 == y.1,
        _ => false,
    };
    let gap = match (a.range, b.range) {
        (Some(x), Some(y)) => Some(date_gap(x, y)),
        _ => None,
    };
    let far = match (a.range, b.range) {
        (Some(x), Some(y)) if a.back || b.back => (x.0 - y.1).num_days().abs() > MAX_RECALL_DAYS,
        _ => false,
    };
    let roots = [a.root.as_str(), b.root.as_str()];
    let common = shared(&a.words, &b.words);
    let same_code = !a.code.is_empty() && a.code == b.code;
    [
        f(same_code),
        f(!a.root.is_empty() && a.root == b.root),
        f(roots.contains(&STATEMENT_ROOT) && roots.contains(&CONSULT_ROOT)),
        f(!a.lemma.is_empty() && a.lemma == b.lemma),
        f(a.trigger == b.trigger),
        f(same_names),
        f(same_sides && !same_names),
        f(an || bn),
        f(ak || bk),
        f(both_alone),
        f(gap == Some(0)),
        f(gap.is_some_and(|g| (1..=MAX_DATE_GAP_DAYS).contains(&g))),
        f(a.range.is_some() && b.range.is_some() && !(a.fine() && b.fine())),
        f(a.back || b.back),
        f(far),
        f(a.doc == b.doc),
        f(a.range.is_none() || b.range.is_none()),
        f(a.lede || b.lede),
        f(kind == Kind::Anchor),
        f(kind == Kind::Happening),
        a.score.min(b.score),
        common as f32 / (a.words.len() + b.words.len() - common).max(1) as f32,
        common.min(5) as f32 / 5.0,
        f(same_names && same_code),
        f(same_names && a.doc == b.doc),
        f(same_names && gap == Some(0)),
        f(same_code && a.doc == b.doc),
        f(same_sides && a.root == CONSULT_ROOT && b.root == CONSULT_ROOT),
        f(kind == Kind::OneSided),
        f(kind == Kind::Reference),
        f(kind == Kind::Statement),
        f(a.lemma != b.lemma && related_lemmas(&a.lemma, &b.lemma)),
        f(same_code && material(&a.code)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_and_its_noun_are_related_lemmas_and_unrelated_words_are_not() {
        assert!(related_lemmas("invade", "invasion"));
        assert!(related_lemmas("meet", "meeting"));
        assert!(!related_lemmas("attack", "attend"));
        assert!(!related_lemmas("call", "cancel"));
    }

    #[test]
    fn sentences_share_their_content_words_not_their_function_words() {
        let a = content_words("Xi Jinping arrived in Moscow on Monday for a state visit.");
        let b = content_words("On Monday, Xi Jinping began his state visit to Moscow; they said.");
        let c = content_words("They said that it would have been there.");
        assert_eq!(shared(&a, &b), 5, "jinping, moscow, monday, state, visit");
        assert_eq!(shared(&a, &c), 0);
        assert!(c.is_empty());
    }

    #[test]
    fn a_pair_shows_its_evidence() {
        let v = |names: [Option<&str>; 2], lemma: &str, day: u32| View {
            key: ("04".into(), "CHN".into(), "RUS".into()),
            root: "04".into(),
            code: "042".into(),
            lemma: lemma.into(),
            names: names.map(|n| n.map(str::to_string)),
            range: NaiveDate::from_ymd_opt(2023, 3, day).map(|d| (d, d)),
            ..View::default()
        };
        let a = v([Some("Xi Jinping"), Some("Vladimir Putin")], "visit", 20);
        let b = v([Some("Xi Jinping"), Some("Vladimir Putin")], "visiting", 21);
        let x = features(&a, &b, Kind::Reports);
        let at = |name: &str| x[PAIR_FEATURES.iter().position(|f| *f == name).unwrap()];
        assert_eq!(at("same two names"), 1.0);
        assert_eq!(at("same lemma"), 0.0);
        assert_eq!(
            at("related lemmas (a verb and its noun: invade, invasion)"),
            1.0
        );
        assert_eq!(at("dates 1-2 days apart"), 1.0);
        assert_eq!(at("dates overlap"), 0.0);
        assert_eq!(at("a consultation between the same two sides"), 1.0);
        assert_eq!(
            features(&a, &b, Kind::Reports),
            features(&b, &a, Kind::Reports)
        );
    }
}
