//! The clustering: scored candidate pairs, most likely first, join their clusters (single
//! link) when the pair model gives them at least the threshold, unless the joined cluster
//! would hold two different actor pairs (by country or organisation: "Xi met Putin" and
//! "China's talks with Russia" are one pair, China-Russia and China-Ukraine are two), two
//! directions of a directed act (China's proposal to Ukraine, Ukraine's request to China), a
//! denial beside the act it denies, or reports dated more than a few days apart (a war
//! reported every day is many entries, not one that chains across months).

use super::candidates::View;
use super::{find, DateRange, MAX_ENTRY_SPAN_DAYS};

/// What a cluster holds, for the constraints.
#[derive(Debug, Clone, Default)]
struct Summary {
    /// The actor pair of its two-sided mentions (keys, sorted).
    sides: Option<(String, String)>,
    /// The span of its own dates finer than a month (references and recollections aside).
    span: Option<DateRange>,
    /// Whether it holds denials (`Some(true)`) or acts (`Some(false)`).
    negated: Option<bool>,
    /// Who acts on whom, for the classes where that matters ([`View::direction`]).
    direction: Option<(String, String)>,
}

impl Summary {
    fn of(v: &View) -> Self {
        Summary {
            sides: v.two_sided().then(|| (v.key.1.clone(), v.key.2.clone())),
            span: if v.fine() && !v.back { v.range } else { None },
            negated: Some(v.negated),
            direction: v.direction(),
        }
    }

    /// The summary of the two joined, or `None` when they must stay apart.
    fn join(&self, other: &Summary) -> Option<Summary> {
        let sides = match (&self.sides, &other.sides) {
            (Some(a), Some(b)) if a != b => return None,
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        let span = match (self.span, other.span) {
            (Some(x), Some(y)) => {
                let s = (x.0.min(y.0), x.1.max(y.1));
                if (s.1 - s.0).num_days() > MAX_ENTRY_SPAN_DAYS {
                    return None;
                }
                Some(s)
            }
            (x, y) => x.or(y),
        };
        let negated = match (self.negated, other.negated) {
            (Some(a), Some(b)) if a != b => return None,
            (a, b) => a.or(b),
        };
        let direction = match (&self.direction, &other.direction) {
            (Some(a), Some(b)) if a != b => return None,
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        Some(Summary {
            sides,
            span,
            negated,
            direction,
        })
    }
}

/// Clusters the mentions: `scored` holds (pair score, mention, mention). Returns a union-find
/// parent array over the mentions.
pub fn cluster(views: &[View], mut scored: Vec<(f32, usize, usize)>, threshold: f32) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..views.len()).collect();
    let mut summary: Vec<Summary> = views.iter().map(Summary::of).collect();
    scored.retain(|p| p.0 >= threshold);
    // Most likely first; ties in the order of the mentions' places (then their positions),
    // so that the result depends neither on hashing nor on the order mentions come in (a
    // batch merged against stored mentions and a full merge agree).
    let place = |a: usize, b: usize| {
        let (p, q) = (&views[a].place, &views[b].place);
        if p <= q {
            (p, q, a.min(b))
        } else {
            (q, p, a.min(b))
        }
    };
    scored.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| place(x.1, x.2).cmp(&place(y.1, y.2)))
            .then(x.1.cmp(&y.1))
            .then(x.2.cmp(&y.2))
    });
    for (_, a, b) in scored {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra == rb {
            continue;
        }
        if let Some(joined) = summary[ra].join(&summary[rb]) {
            parent[ra] = rb;
            summary[rb] = joined;
        }
    }
    parent
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn view(a: &str, b: &str, day: u32, negated: bool) -> View {
        View {
            key: ("04".into(), a.into(), b.into()),
            range: NaiveDate::from_ymd_opt(2023, 3, day).map(|d| (d, d)),
            negated,
            ..View::default()
        }
    }

    fn groups(parent: &mut [usize]) -> Vec<usize> {
        (0..parent.len()).map(|i| find(parent, i)).collect()
    }

    #[test]
    fn the_likeliest_pairs_join_first_and_constraints_keep_clusters_apart() {
        let views = vec![
            view("CHN", "RUS", 1, false),
            view("CHN", "RUS", 2, false),
            view("CHN", "UKR", 2, false),
            view("CHN", "RUS", 2, true),
            view("CHN", "RUS", 9, false),
        ];
        let scored = vec![
            (0.9, 0, 1),
            (0.8, 1, 2), // another actor pair
            (0.8, 1, 3), // a denial
            (0.8, 1, 4), // a week later: the entry would span 8 days
            (0.1, 0, 4), // below the threshold
        ];
        let mut parent = cluster(&views, scored, 0.5);
        let g = groups(&mut parent);
        assert_eq!(g[0], g[1]);
        for other in [2, 3, 4] {
            assert_ne!(g[0], g[other], "{other}");
        }
    }

    #[test]
    fn a_directed_act_keeps_its_direction_and_talks_have_none() {
        let directed = |class: &str, forward: bool| View {
            key: (class.into(), "CHN".into(), "UKR".into()),
            forward,
            range: NaiveDate::from_ymd_opt(2023, 3, 20).map(|d| (d, d)),
            ..View::default()
        };
        // China's proposal to Ukraine and Ukraine's request to China: two entries.
        let views = vec![
            directed("02", true),
            directed("02", false),
            directed("02", true),
        ];
        let mut parent = cluster(&views, vec![(0.9, 0, 1), (0.8, 0, 2)], 0.5);
        let g = groups(&mut parent);
        assert_ne!(g[0], g[1]);
        assert_eq!(g[0], g[2]);
        // Talks between the two are one event whoever is named first.
        let views = vec![directed("04", true), directed("04", false)];
        let mut parent = cluster(&views, vec![(0.9, 0, 1)], 0.5);
        let g = groups(&mut parent);
        assert_eq!(g[0], g[1]);
    }
}
