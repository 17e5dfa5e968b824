//! A linear support vector machine for one topic, on sparse rows: L2-regularised squared hinge
//! loss solved in the dual by coordinate descent (Hsieh, Chang, Lin, Keerthi, Sathiya, "A dual
//! coordinate descent method for large-scale linear SVM", ICML 2008; the solver of LIBLINEAR
//! and of scikit-learn's `LinearSVC`), then Platt's sigmoid on its decision values so that the
//! model still stores a logit per topic (Lin, Lin, Weng, "A note on Platt's probabilistic
//! outputs for support vector machines", 2007).
//!
//! Written here rather than taken from `linfa-svm`: that crate solves the kernel dual by SMO
//! over an items × items kernel matrix, which text (tens of thousands of items, a hundred
//! thousand sparse columns) does not afford; the linear dual touches only each row's stored
//! entries.

/// One topic's training rows, restricted to its columns (`local` indices `0..k`), in CSR form.
pub(super) struct Rows {
    /// Start of each row in `cols` / `vals`, plus the end.
    pub(super) starts: Vec<usize>,
    pub(super) cols: Vec<u32>,
    pub(super) vals: Vec<f64>,
}

impl Rows {
    /// `rows` of `x`, each restricted to the columns `local` maps (`u32::MAX`: not kept).
    pub(super) fn of(x: &[crate::features::SparseVec], rows: &[usize], local: &[u32]) -> Rows {
        let mut out = Rows {
            starts: Vec::with_capacity(rows.len() + 1),
            cols: vec![],
            vals: vec![],
        };
        out.starts.push(0);
        for &r in rows {
            for (c, v) in x[r].iter() {
                let j = local[c as usize];
                if j != u32::MAX {
                    out.cols.push(j);
                    out.vals.push(f64::from(v));
                }
            }
            out.starts.push(out.cols.len());
        }
        out
    }

    fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.starts[i], self.starts[i + 1]);
        (&self.cols[a..b], &self.vals[a..b])
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// `b + w · x` for row `i`.
    fn decision(&self, i: usize, b: f64, w: &[f64]) -> f64 {
        let (cols, vals) = self.row(i);
        b + cols
            .iter()
            .zip(vals)
            .map(|(&j, &v)| w[j as usize] * v)
            .sum::<f64>()
    }
}

/// How the dual coordinate descent stops: when the projected gradient's spread over a pass is
/// below this (LIBLINEAR's stopping rule; scikit-learn's `LinearSVC` passes its `tol`, 1e-4,
/// LIBLINEAR's command line 0.1), or after `max_passes` passes.
const TOLERANCE: f64 = 1e-3;

/// The weights (over `0..k`) and intercept of the linear SVM with penalty `c` on `rows`
/// (`labels[i]`: row `i` is positive), the intercept fitted as a column of ones, regularised
/// like the others (as LIBLINEAR and `LinearSVC` with `intercept_scaling = 1` do). Rows are
/// visited in a seeded order each pass, so the same inputs give the same bits.
pub(super) fn fit(
    rows: &Rows,
    labels: &[bool],
    k: usize,
    c: f64,
    max_passes: u64,
    seed: u64,
) -> (f64, Vec<f64>) {
    let n = rows.len();
    let diag = 0.5 / c;
    let mut w = vec![0.0f64; k];
    let mut b = 0.0f64;
    let mut alpha = vec![0.0f64; n];
    let sign = |i: usize| if labels[i] { 1.0 } else { -1.0 };
    // Q_ii: the row's squared norm, plus the intercept's column, plus the loss's diagonal.
    let q: Vec<f64> = (0..n)
        .map(|i| rows.row(i).1.iter().map(|v| v * v).sum::<f64>() + 1.0 + diag)
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed ^ 0x5DEE_CE66_D1CE_4E5B;
    for _ in 0..max_passes {
        super::folds::shuffle(&mut order, &mut state);
        let (mut pg_max, mut pg_min) = (f64::NEG_INFINITY, f64::INFINITY);
        for &i in &order {
            let y = sign(i);
            let g = y * rows.decision(i, b, &w) - 1.0 + diag * alpha[i];
            // Projected gradient: alpha is bounded below by 0 only (squared hinge).
            let pg = if alpha[i] == 0.0 { g.min(0.0) } else { g };
            pg_max = pg_max.max(pg);
            pg_min = pg_min.min(pg);
            if pg.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (old - g / q[i]).max(0.0);
                let step = (alpha[i] - old) * y;
                let (cols, vals) = rows.row(i);
                for (&j, &v) in cols.iter().zip(vals) {
                    w[j as usize] += step * v;
                }
                b += step;
            }
        }
        if pg_max - pg_min <= TOLERANCE {
            break;
        }
    }
    (b, w)
}

/// The decision value of every row: `b + w · x`.
pub(super) fn decisions(rows: &Rows, b: f64, w: &[f64]) -> Vec<f64> {
    (0..rows.len()).map(|i| rows.decision(i, b, w)).collect()
}

/// Platt's sigmoid for decision values `f` against `labels`: `(a, b)` such that
/// `1 / (1 + exp(-(a f + b)))` is the probability of the positive class, fitted by Newton's
/// method with backtracking on the cross-entropy against Platt's smoothed targets
/// (`(n₊ + 1) / (n₊ + 2)` and `1 / (n₋ + 2)`, which keep the fit finite on separable rows).
pub(super) fn platt(f: &[f64], labels: &[bool]) -> (f64, f64) {
    let pos = labels.iter().filter(|&&l| l).count() as f64;
    let neg = labels.len() as f64 - pos;
    let (hi, lo) = ((pos + 1.0) / (pos + 2.0), 1.0 / (neg + 2.0));
    let t: Vec<f64> = labels.iter().map(|&l| if l { hi } else { lo }).collect();
    // Cross-entropy of logits `a f + b`, computed without overflow.
    let loss = |a: f64, b: f64| -> f64 {
        f.iter()
            .zip(&t)
            .map(|(&fi, &ti)| {
                let z = a * fi + b;
                // -(t ln σ(z) + (1-t) ln(1-σ(z))) = ln(1+e^z) - t z
                let softplus = if z > 0.0 {
                    z + (-z).exp().ln_1p()
                } else {
                    z.exp().ln_1p()
                };
                softplus - ti * z
            })
            .sum()
    };
    let (mut a, mut b) = (1.0, ((pos + 1.0) / (neg + 1.0)).ln());
    let mut current = loss(a, b);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-12, 0.0, 1e-12);
        for (&fi, &ti) in f.iter().zip(&t) {
            let z = a * fi + b;
            let p = 1.0 / (1.0 + (-z).exp());
            let d = p - ti;
            let h = p * (1.0 - p);
            ga += d * fi;
            gb += d;
            haa += h * fi * fi;
            hab += h * fi;
            hbb += h;
        }
        if ga.abs() < 1e-9 && gb.abs() < 1e-9 {
            break;
        }
        let det = haa * hbb - hab * hab;
        if det <= 0.0 {
            break;
        }
        let da = -(hbb * ga - hab * gb) / det;
        let db = -(haa * gb - hab * ga) / det;
        let mut step = 1.0;
        let mut moved = false;
        while step >= 1e-10 {
            let (na, nb) = (a + step * da, b + step * db);
            let l = loss(na, nb);
            if l < current + 1e-4 * step * (ga * da + gb * db) {
                (a, b, current) = (na, nb, l);
                moved = true;
                break;
            }
            step /= 2.0;
        }
        if !moved {
            break;
        }
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(dense: &[Vec<f64>]) -> Rows {
        let mut r = Rows {
            starts: vec![0],
            cols: vec![],
            vals: vec![],
        };
        for row in dense {
            for (j, &v) in row.iter().enumerate() {
                if v != 0.0 {
                    r.cols.push(j as u32);
                    r.vals.push(v);
                }
            }
            r.starts.push(r.cols.len());
        }
        r
    }

    /// The primal objective the dual solves: ½‖(w, b)‖² + C Σ max(0, 1 − y f(x))².
    fn primal(rows: &Rows, labels: &[bool], c: f64, b: f64, w: &[f64]) -> f64 {
        let f = decisions(rows, b, w);
        let loss: f64 = f
            .iter()
            .zip(labels)
            .map(|(&fi, &l)| {
                let m = 1.0 - if l { fi } else { -fi };
                m.max(0.0).powi(2)
            })
            .sum();
        0.5 * (w.iter().map(|v| v * v).sum::<f64>() + b * b) + c * loss
    }

    /// Rows a word-like pattern decides, with noise: column 0 says "positive", column 1
    /// "negative", columns 2.. are shared.
    fn sample() -> (Rows, Vec<bool>) {
        let mut dense = Vec::new();
        let mut labels = Vec::new();
        for i in 0..60 {
            let pos = i % 3 == 0;
            let mut row = vec![0.0; 6];
            row[if pos { 0 } else { 1 }] = 0.6 + 0.01 * (i % 7) as f64;
            row[2 + i % 4] = 0.5;
            if i % 11 == 0 {
                // A few rows carry the other class's word too.
                row[if pos { 1 } else { 0 }] = 0.4;
            }
            dense.push(row);
            labels.push(pos);
        }
        (rows_of(&dense), labels)
    }

    #[test]
    fn the_solution_is_a_minimum_of_the_primal() {
        let (rows, labels) = sample();
        let c = 1.0;
        let (b, w) = fit(&rows, &labels, 6, c, 1000, 7);
        let best = primal(&rows, &labels, c, b, &w);
        // No small move of any single coordinate lowers the objective.
        for j in 0..=6 {
            for d in [1e-3, -1e-3] {
                let (mut b2, mut w2) = (b, w.clone());
                if j == 6 {
                    b2 += d;
                } else {
                    w2[j] += d;
                }
                assert!(
                    primal(&rows, &labels, c, b2, &w2) >= best - 1e-6,
                    "coordinate {j} by {d}"
                );
            }
        }
        assert!(w[0] > 0.5 && w[1] < -0.5, "{w:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_bits_and_another_nearly_the_same_weights() {
        let (rows, labels) = sample();
        let a = fit(&rows, &labels, 6, 0.5, 1000, 1);
        assert_eq!(a, fit(&rows, &labels, 6, 0.5, 1000, 1));
        let b = fit(&rows, &labels, 6, 0.5, 1000, 2);
        for (x, y) in a.1.iter().zip(&b.1) {
            assert!((x - y).abs() < 1e-2, "{a:?} {b:?}");
        }
    }

    #[test]
    fn platt_orders_probabilities_as_the_decisions_and_matches_the_class_rates() {
        // Decisions where positives sit mostly above zero.
        let f: Vec<f64> = (0..200).map(|i| (i as f64 - 100.0) / 40.0).collect();
        let labels: Vec<bool> = (0..200).map(|i| i >= 100 || i % 10 == 0).collect();
        let (a, b) = platt(&f, &labels);
        assert!(a > 0.0, "a {a}");
        // Mean probability close to the (smoothed) share of positives: a property of the
        // cross-entropy optimum with an intercept.
        let p: Vec<f64> = f
            .iter()
            .map(|&x| 1.0 / (1.0 + (-(a * x + b)).exp()))
            .collect();
        let mean = p.iter().sum::<f64>() / p.len() as f64;
        let share = labels.iter().filter(|&&l| l).count() as f64 / 200.0;
        assert!((mean - share).abs() < 0.01, "mean {mean} share {share}");
        // Separable decisions stay finite.
        let sep: Vec<bool> = f.iter().map(|&x| x > 0.0).collect();
        let (a, b) = platt(&f, &sep);
        assert!(a.is_finite() && b.is_finite() && a > 0.0);
    }
}
