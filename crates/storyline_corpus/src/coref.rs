//! Coreference scores: MUC, B-cubed and CEAF-e, and their CoNLL average, as the CoNLL-2012
//! reference scorer computes them. Used to score cross-document event merging against gold
//! clusters (ECB+) and document grouping into stories.
//!
//! A clustering is a list of clusters, each a list of mention keys. Mentions that appear in
//! only one of the two clusterings count as wrong in the usual way (missed or spurious);
//! singletons take part in B-cubed and CEAF-e (and, having no links, add nothing to MUC).
//!
//! ```
//! use storyline_corpus::coref::{score, Clustering};
//! let gold: Clustering<u32> = vec![vec![1, 2, 3], vec![4, 5]];
//! let ours: Clustering<u32> = vec![vec![1, 2], vec![3, 4, 5]];
//! let s = score(&gold, &ours);
//! assert!(s.conll_f1() > 0.5 && s.conll_f1() < 1.0);
//! ```

use std::collections::HashMap;
use std::hash::Hash;

/// Clusters of mention keys.
pub type Clustering<K> = Vec<Vec<K>>;

/// Recall, precision and F1 of one metric.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Recall.
    pub recall: f64,
    /// Precision.
    pub precision: f64,
}

impl Prf {
    fn new(rn: f64, rd: f64, pn: f64, pd: f64) -> Prf {
        Prf {
            recall: if rd > 0.0 { rn / rd } else { 0.0 },
            precision: if pd > 0.0 { pn / pd } else { 0.0 },
        }
    }

    /// Harmonic mean of recall and precision.
    pub fn f1(&self) -> f64 {
        if self.recall + self.precision == 0.0 {
            0.0
        } else {
            2.0 * self.recall * self.precision / (self.recall + self.precision)
        }
    }
}

/// The three metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CorefScores {
    /// Link-based MUC.
    pub muc: Prf,
    /// Mention-based B-cubed.
    pub b_cubed: Prf,
    /// Entity-based CEAF (phi-4 similarity).
    pub ceaf_e: Prf,
}

impl CorefScores {
    /// The CoNLL F1: the mean of the three F1 scores.
    pub fn conll_f1(&self) -> f64 {
        (self.muc.f1() + self.b_cubed.f1() + self.ceaf_e.f1()) / 3.0
    }
}

/// Scores `response` against `key` with all three metrics.
pub fn score<K: Eq + Hash + Clone>(key: &Clustering<K>, response: &Clustering<K>) -> CorefScores {
    CorefScores {
        muc: muc(key, response),
        b_cubed: b_cubed(key, response),
        ceaf_e: ceaf_e(key, response),
    }
}

/// Which cluster each mention is in.
fn index<K: Eq + Hash + Clone>(c: &Clustering<K>) -> HashMap<K, usize> {
    let mut m = HashMap::new();
    for (i, cl) in c.iter().enumerate() {
        for k in cl {
            m.insert(k.clone(), i);
        }
    }
    m
}

/// MUC (Vilain et al. 1995): for each key cluster, the links kept in the response.
pub fn muc<K: Eq + Hash + Clone>(key: &Clustering<K>, response: &Clustering<K>) -> Prf {
    fn side<K: Eq + Hash + Clone>(a: &Clustering<K>, b: &Clustering<K>) -> (f64, f64) {
        let ib = index(b);
        let (mut num, mut den) = (0.0, 0.0);
        for cl in a {
            if cl.is_empty() {
                continue;
            }
            // Partitions of the cluster by the other clustering; unseen mentions are each
            // their own partition.
            let mut parts = std::collections::HashSet::new();
            let mut alone = 0usize;
            for k in cl {
                match ib.get(k) {
                    Some(&i) => {
                        parts.insert(i);
                    }
                    None => alone += 1,
                }
            }
            num += (cl.len() - (parts.len() + alone)) as f64;
            den += (cl.len() - 1) as f64;
        }
        (num, den)
    }
    let (rn, rd) = side(key, response);
    let (pn, pd) = side(response, key);
    Prf::new(rn, rd, pn, pd)
}

/// B-cubed (Bagga and Baldwin 1998): per mention, the overlap of its two clusters.
pub fn b_cubed<K: Eq + Hash + Clone>(key: &Clustering<K>, response: &Clustering<K>) -> Prf {
    fn side<K: Eq + Hash + Clone>(a: &Clustering<K>, b: &Clustering<K>) -> (f64, f64) {
        let ib = index(b);
        let (mut num, mut den) = (0.0, 0.0);
        for cl in a {
            let mut overlap: HashMap<usize, usize> = HashMap::new();
            for k in cl {
                if let Some(&i) = ib.get(k) {
                    *overlap.entry(i).or_default() += 1;
                }
            }
            let n = cl.len() as f64;
            // Each mention of `cl` in cluster `i` of `b` scores overlap(i) / |cl|.
            num += overlap.values().map(|&o| (o * o) as f64 / n).sum::<f64>();
            den += n;
        }
        (num, den)
    }
    let (rn, rd) = side(key, response);
    let (pn, pd) = side(response, key);
    Prf::new(rn, rd, pn, pd)
}

/// CEAF-e (Luo 2005): the best one-to-one alignment of clusters under
/// phi4 = 2 |K ∩ R| / (|K| + |R|).
pub fn ceaf_e<K: Eq + Hash + Clone>(key: &Clustering<K>, response: &Clustering<K>) -> Prf {
    let key: Vec<&Vec<K>> = key.iter().filter(|c| !c.is_empty()).collect();
    let resp: Vec<&Vec<K>> = response.iter().filter(|c| !c.is_empty()).collect();
    let ir = {
        let mut m = HashMap::new();
        for (i, cl) in resp.iter().enumerate() {
            for k in cl.iter() {
                m.insert(k.clone(), i);
            }
        }
        m
    };
    // Sparse similarity: only cluster pairs that share a mention are non-zero, so the
    // assignment is solved per connected component of that bipartite graph.
    let mut sims: Vec<HashMap<usize, f64>> = vec![HashMap::new(); key.len()];
    for (i, cl) in key.iter().enumerate() {
        let mut overlap: HashMap<usize, usize> = HashMap::new();
        for k in cl.iter() {
            if let Some(&j) = ir.get(k) {
                *overlap.entry(j).or_default() += 1;
            }
        }
        for (j, o) in overlap {
            sims[i].insert(j, 2.0 * o as f64 / (cl.len() + resp[j].len()) as f64);
        }
    }
    let total = components_assignment(&sims, resp.len());
    Prf::new(total, key.len() as f64, total, resp.len() as f64)
}

/// The maximum-weight matching of the sparse bipartite similarity, component by component.
fn components_assignment(sims: &[HashMap<usize, f64>], n_right: usize) -> f64 {
    let n_left = sims.len();
    // Union-find over left (0..n_left) and right (n_left..) nodes.
    let mut parent: Vec<usize> = (0..n_left + n_right).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for (i, row) in sims.iter().enumerate() {
        for &j in row.keys() {
            let (a, b) = (find(&mut parent, i), find(&mut parent, n_left + j));
            parent[a] = b;
        }
    }
    let mut comps: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, row) in sims.iter().enumerate() {
        if !row.is_empty() {
            let r = find(&mut parent, i);
            comps.entry(r).or_default().0.push(i);
        }
    }
    for j in 0..n_right {
        let r = find(&mut parent, n_left + j);
        if let Some(c) = comps.get_mut(&r) {
            c.1.push(j);
        }
    }
    let mut total = 0.0;
    for (left, right) in comps.values() {
        let col: HashMap<usize, usize> = right.iter().enumerate().map(|(c, &j)| (j, c)).collect();
        let n = left.len().max(right.len());
        let mut w = vec![vec![0.0; n]; n];
        for (r, &i) in left.iter().enumerate() {
            for (&j, &s) in &sims[i] {
                w[r][col[&j]] = s;
            }
        }
        total += max_assignment(&w);
    }
    total
}

/// Maximum-weight perfect assignment of a square matrix (Hungarian algorithm, O(n^3)).
fn max_assignment(w: &[Vec<f64>]) -> f64 {
    let n = w.len();
    if n == 0 {
        return 0.0;
    }
    // Minimise the cost -w with the classic potentials formulation (1-based arrays).
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = -w[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n).map(|j| w[p[j] - 1][j - 1]).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_response_scores_one() {
        let k: Clustering<u32> = vec![vec![1, 2, 3], vec![4], vec![5, 6]];
        let s = score(&k, &k);
        assert!(close(s.conll_f1(), 1.0), "{s:?}");
    }

    /// The worked example of the CoNLL reference scorer's test suite (test 1 of
    /// `reference-coreference-scorers`: key {a,b,c}, response {a,b},{c,d}).
    #[test]
    fn reference_scorer_example() {
        let key: Clustering<char> = vec![vec!['a', 'b', 'c']];
        let resp: Clustering<char> = vec![vec!['a', 'b'], vec!['c', 'd']];
        let s = score(&key, &resp);
        // MUC: recall 1/2, precision 1/2.
        assert!(
            close(s.muc.recall, 0.5) && close(s.muc.precision, 0.5),
            "{s:?}"
        );
        // B3: recall (2/3*2 + 1/3) / 3 = 5/9; precision (1 + 1 + 1/2 + 0) / 4 = 5/8.
        assert!(close(s.b_cubed.recall, 5.0 / 9.0), "{s:?}");
        assert!(close(s.b_cubed.precision, 5.0 / 8.0), "{s:?}");
        // CEAF-e: best alignment {a,b,c}-{a,b}: 2*2/5 = 0.8; recall 0.8/1, precision 0.8/2.
        assert!(
            close(s.ceaf_e.recall, 0.8) && close(s.ceaf_e.precision, 0.4),
            "{s:?}"
        );
    }

    #[test]
    fn all_singletons_against_one_cluster() {
        let key: Clustering<u32> = vec![vec![1, 2, 3, 4]];
        let resp: Clustering<u32> = vec![vec![1], vec![2], vec![3], vec![4]];
        let s = score(&key, &resp);
        assert!(close(s.muc.recall, 0.0));
        assert!(close(s.b_cubed.recall, 0.25) && close(s.b_cubed.precision, 1.0));
        // Best single alignment: 2*1/5.
        assert!(close(s.ceaf_e.recall, 0.4) && close(s.ceaf_e.precision, 0.1));
    }

    #[test]
    fn assignment_picks_the_best_matching() {
        let w = vec![vec![0.9, 0.8], vec![0.85, 0.1]];
        // 0.8 + 0.85 beats 0.9 + 0.1.
        assert!(close(max_assignment(&w), 1.65));
    }
}
