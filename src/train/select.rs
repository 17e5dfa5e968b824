//! Feature selection: a topic's training rows in, the columns its classifier sees out (the
//! highest χ² against the topic, fewer for rare topics).

use super::folds::Fold;
use super::CheckedConfig;
use crate::features::SparseVec;

/// Columns with the highest χ² between presence and the topic, at most `k`, sorted.
pub(super) fn select_features(x: &[SparseVec], y: &[bool], fold: &Fold, k: usize) -> Vec<u32> {
    let (rows, df_all) = (&fold.rows, &fold.df);
    let n_features = df_all.len();
    let mut df_pos = vec![0u32; n_features];
    let mut pos = 0u32;
    for &r in rows.iter().filter(|&&r| y[r]) {
        pos += 1;
        for &c in &x[r].indices {
            df_pos[c as usize] += 1;
        }
    }
    let n = rows.len() as f64;
    let p = pos as f64;
    let mut scored: Vec<(f64, u32)> = (0..n_features)
        .filter(|&c| df_all[c] > 0)
        .map(|c| {
            let a = df_pos[c] as f64; // positive, has term
            let b = df_all[c] as f64 - a; // negative, has term
            let cc = p - a; // positive, lacks term
            let d = n - p - b; // negative, lacks term
            let denom = (a + cc) * (b + d) * (a + b) * (cc + d);
            let chi2 = if denom > 0.0 {
                n * (a * d - b * cc).powi(2) / denom
            } else {
                0.0
            };
            (chi2, c as u32)
        })
        .collect();
    if scored.len() > k {
        scored.select_nth_unstable_by(k, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(k);
    }
    let mut cols: Vec<u32> = scored.into_iter().map(|(_, c)| c).collect();
    cols.sort_unstable();
    cols
}

/// Columns a topic with `positives` training items gets: `features_per_positive` per positive
/// item, at least [`MIN_COLUMNS`], at most `features_per_topic`. A topic with three examples
/// cannot use thousands of columns, and every column costs L-BFGS time on every row.
pub(super) fn columns_for(positives: usize, cfg: &CheckedConfig) -> usize {
    positives
        .saturating_mul(cfg.features_per_positive)
        .max(MIN_COLUMNS)
        .min(cfg.features_per_topic)
}

/// The floor of [`columns_for`].
pub(super) const MIN_COLUMNS: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::TrainConfig;

    #[test]
    fn rare_topics_get_fewer_columns() {
        let cfg = TrainConfig::default().check().unwrap(); // 2000 per topic, 50 per positive, floor 50
        assert_eq!(columns_for(1, &cfg), MIN_COLUMNS);
        assert_eq!(columns_for(10, &cfg), 500);
        assert_eq!(columns_for(1000, &cfg), 2000);
    }

    #[test]
    fn chi2_prefers_discriminative_columns() {
        let v = |idx: &[u32]| SparseVec {
            indices: idx.to_vec(),
            values: vec![1.0; idx.len()],
        };
        let x = vec![v(&[0, 1]), v(&[0, 2]), v(&[1, 2]), v(&[2])];
        let y = [true, true, false, false];
        let fold = Fold::new(&x, vec![0, 1, 2, 3], 3);
        assert_eq!(fold.df, [2, 2, 3]);
        assert_eq!(select_features(&x, &y, &fold, 1), [0]);
    }
}
