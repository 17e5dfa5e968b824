//! Cross-validation folds: which rows each fit trains on, from a seeded shuffle, with the
//! column document frequencies every topic of a fold shares.

use crate::features::SparseVec;

/// A seeded Fisher–Yates shuffle of `0..n` (SplitMix64: small, fast, and stable across
/// platforms and crate versions), so folds and subsets are the same on every machine.
pub fn seeded_permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
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
    /// `asked` folds over `n` items (at most one per item), shuffled with `seed`.
    pub(super) fn new(n: usize, asked: usize, seed: u64) -> FoldPlan {
        let folds = if asked >= 2 { asked.min(n) } else { 0 };
        FoldPlan {
            folds,
            fold_of: fold_assignment(n, folds.max(1), seed),
        }
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
}
