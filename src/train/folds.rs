//! Cross-validation folds: which rows each fit trains on, from a seeded shuffle, with the
//! column document frequencies every topic of a fold shares.

use crate::dataset::LabelledItem;
use crate::error::{Error, Result};
use crate::features::SparseVec;
use crate::plural::counted;

/// A seeded Fisher–Yates shuffle of `0..n` (SplitMix64: small, fast, and stable across
/// platforms and crate versions), so folds and subsets are the same on every machine.
pub fn seeded_permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    shuffle(&mut order, &mut (seed ^ 0x9E37_79B9_7F4A_7C15));
    order
}

/// The Fisher–Yates shuffle of [`seeded_permutation`] on `order` in place, SplitMix64 drawn
/// from `state` (which it advances, so successive shuffles differ).
pub(super) fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        order.swap(i, (z % (i as u64 + 1)) as usize);
    }
}

/// Fold of every item: a seeded shuffle, then round robin.
fn fold_assignment(n: usize, folds: usize, seed: u64) -> Vec<usize> {
    let order = seeded_permutation(n, seed);
    let mut fold = vec![0; n];
    for (pos, &i) in order.iter().enumerate() {
        fold[i] = pos % folds;
    }
    fold
}

/// The group of every item, numbered in order of first appearance; an item without a group
/// name is a group of its own. Every item alone gives `0..n` (so the folds are those of
/// [`fold_assignment`] over the items).
pub(super) fn group_ids(names: &[Option<&str>]) -> (Vec<usize>, usize) {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut ids = Vec::with_capacity(names.len());
    let mut next = 0;
    for name in names {
        let id = match name {
            Some(n) => *seen.entry(n).or_insert(next),
            None => next,
        };
        if id == next {
            next += 1;
        }
        ids.push(id);
    }
    (ids, next)
}

/// The rows one fit trains on (a fold's complement, or all rows for the final fit), with each
/// column's document frequency among them: computed once per fold, shared by every topic.
pub(super) struct Fold {
    pub(super) rows: Vec<usize>,
    pub(super) df: Vec<u32>,
}

impl Fold {
    pub(super) fn new(x: &[SparseVec], rows: Vec<usize>, n_features: usize) -> Fold {
        let mut df = vec![0u32; n_features];
        for &r in &rows {
            for &c in &x[r].indices {
                df[c as usize] += 1;
            }
        }
        Fold { rows, df }
    }

    /// The rows of this fold with `keep[row]` (the items that know a topic), with their own
    /// document frequencies.
    pub(super) fn restrict(&self, x: &[SparseVec], keep: &[bool]) -> Fold {
        let rows = self.rows.iter().copied().filter(|&r| keep[r]).collect();
        Fold::new(x, rows, self.df.len())
    }
}

/// The fits training runs: `folds` cross-validation folds (none when fewer than 2 are asked
/// for), then the final fit on every row, each for every topic.
pub(super) struct FoldPlan {
    /// Cross-validation folds (0: none).
    pub(super) folds: usize,
    /// The fold of every item.
    pub(super) fold_of: Vec<usize>,
}

impl FoldPlan {
    /// `asked` folds over the items of `groups` ([`group_ids`]: at most one fold per group),
    /// the groups shuffled with `seed`; the items of a group share its fold.
    pub(super) fn new(groups: &(Vec<usize>, usize), asked: usize, seed: u64) -> FoldPlan {
        let (ids, n_groups) = groups;
        let folds = if asked >= 2 { asked.min(*n_groups) } else { 0 };
        let group_fold = fold_assignment(*n_groups, folds.max(1), seed);
        FoldPlan {
            folds,
            fold_of: ids.iter().map(|&g| group_fold[g]).collect(),
        }
    }

    /// The folds of `items`, grouped by [`LabelledItem::group`], and rows without a group that
    /// repeat one text ([`crate::dataset::repeated_texts`]) grouped by it: a copy held out
    /// while its twin trains would inflate the out-of-fold scores the thresholds are chosen
    /// on. An error when cross-validation is asked for (`asked >= 2`) but fewer than 2 groups
    /// exist.
    pub(super) fn for_items(items: &[LabelledItem], asked: usize, seed: u64) -> Result<FoldPlan> {
        let names: Vec<Option<&str>> = items.iter().map(|it| it.group.as_deref()).collect();
        let groups = group_ids(&names);
        let mut plan = FoldPlan::new(&groups, asked, seed);
        // A copy goes to its first twin's fold (the other rows keep theirs).
        let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, copy) in crate::dataset::repeated_texts(items)
            .into_iter()
            .enumerate()
        {
            if let Some(key) = copy {
                let twin = *first.entry(key).or_insert(i);
                plan.fold_of[i] = plan.fold_of[twin];
            }
        }
        if asked >= 2 && plan.folds < 2 {
            let what = if groups.1 < items.len() {
                format!(
                    "groups (got {} in {})",
                    groups.1,
                    counted(items.len(), "item")
                )
            } else {
                format!("items (got {})", items.len())
            };
            return Err(Error::Training(format!(
                "{asked} folds of cross-validation need at least 2 {what}"
            )));
        }
        Ok(plan)
    }

    /// The marker of the final fit, which holds no fold out.
    pub(super) fn final_fold(&self) -> usize {
        self.folds
    }

    /// The folds fitted, in order: each cross-validation fold, then the final fit.
    pub(super) fn fits(&self) -> impl Iterator<Item = usize> + '_ {
        (0..=self.folds).filter(|&f| f == self.final_fold() || self.folds >= 2)
    }

    /// The training rows of fold `f` (every row for the final fit), with their document
    /// frequencies.
    pub(super) fn fold(&self, x: &[SparseVec], f: usize, n_features: usize) -> Fold {
        let rows: Vec<usize> = (0..self.fold_of.len())
            .filter(|&i| f == self.final_fold() || self.fold_of[i] != f)
            .collect();
        Fold::new(x, rows, n_features)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_balanced_and_seeded() {
        let a = fold_assignment(10, 3, 7);
        assert_eq!(a, fold_assignment(10, 3, 7));
        assert_ne!(a, fold_assignment(10, 3, 8));
        for f in 0..3 {
            let n = a.iter().filter(|&&x| x == f).count();
            assert!((3..=4).contains(&n));
        }
    }

    #[test]
    fn items_of_a_group_share_a_fold_and_singletons_fold_as_items() {
        let names = [
            Some("a"),
            None,
            Some("b"),
            Some("a"),
            None,
            Some("b"),
            Some("c"),
        ];
        let groups = group_ids(&names);
        assert_eq!(groups, (vec![0, 1, 2, 0, 3, 2, 4], 5));
        let plan = FoldPlan::new(&groups, 2, 3);
        assert_eq!(plan.fold_of[0], plan.fold_of[3]);
        assert_eq!(plan.fold_of[2], plan.fold_of[5]);
        // Only three groups: at most three folds.
        let groups = group_ids(&[Some("x"), Some("y"), Some("x"), Some("z")]);
        assert_eq!(FoldPlan::new(&groups, 10, 1).folds, 3);
        // Copies of a text share their first copy's fold; the other items keep theirs.
        let item = |text: &str| LabelledItem {
            line: 2,
            text: text.into(),
            lang: None,
            labels: vec![],
            known: None,
            group: None,
        };
        let texts = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let apart: Vec<LabelledItem> = texts.iter().map(|t| item(t)).collect();
        let mut copied = apart.clone();
        copied[5] = item(" A ");
        copied[7] = item("a");
        let (apart, copied) = (
            FoldPlan::for_items(&apart, 4, 9).unwrap().fold_of,
            FoldPlan::for_items(&copied, 4, 9).unwrap().fold_of,
        );
        assert_eq!((copied[5], copied[7]), (copied[0], copied[0]));
        for i in [0, 1, 2, 3, 4, 6] {
            assert_eq!(copied[i], apart[i]);
        }
        // Without group names, the folds of the items themselves.
        let alone = group_ids(&[None; 9]);
        assert_eq!(
            FoldPlan::new(&alone, 4, 42).fold_of,
            fold_assignment(9, 4, 42)
        );
    }
}
