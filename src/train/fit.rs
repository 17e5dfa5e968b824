//! Fitting: one topic's rows and columns in, its sparse linear scorer out (linfa's logistic
//! regression, through the row space when every column is used, or multinomial naive Bayes),
//! and every `(fold, topic)` fit of a training run, in parallel.

use super::folds::{Fold, FoldPlan};
use super::row_space;
use super::select::{columns_for, select_features};
use super::svm;
use super::{CheckedConfig, Stage};
use crate::error::{Error, Result};
use crate::features::SparseVec;
use crate::model::{ClassifierKind, TopicWeights};
use linfa::prelude::*;
use ndarray::{Array1, Array2, ShapeBuilder};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every fit of `plan`, each topic's classifier on each fold's rows then on all rows, in fold
/// order ([`FoldPlan::fits`]), topics in order within a fold. `y[t]` says which items carry
/// topic `t`, `known_rows[t]` which items know it (`None`: all). Calls `progress(Stage::Fit, done, total)` after each fit.
pub(super) fn fit_all(
    x: &[SparseVec],
    y: &[Vec<bool>],
    known_rows: &[Option<Vec<bool>>],
    plan: &FoldPlan,
    n_features: usize,
    cfg: &CheckedConfig,
    progress: &(dyn Fn(Stage, usize, usize) + Sync),
) -> Result<Vec<TopicWeights>> {
    let fits: Vec<usize> = plan.fits().collect();
    let data = FitData {
        x,
        y,
        known_rows,
        plan,
        n_features,
    };
    fit_folds(&data, &fits, cfg, &RowSpaces::default(), progress)
}

/// What every fit of a training run reads: the vectors, the targets, which items know which
/// topic, the folds, and the vocabulary size.
pub(super) struct FitData<'a> {
    pub(super) x: &'a [SparseVec],
    pub(super) y: &'a [Vec<bool>],
    pub(super) known_rows: &'a [Option<Vec<bool>>],
    pub(super) plan: &'a FoldPlan,
    pub(super) n_features: usize,
}

/// Row-space factorisations of folds (see `row_space`), kept for later fits of the same
/// vectors when `keep` is set: they depend on the rows and vectors only, not on the
/// classifier's settings, so trials of the search that differ only there share them.
#[derive(Default)]
pub(super) struct RowSpaces {
    pub(super) keep: bool,
    kept: std::sync::Mutex<Vec<(usize, std::sync::Arc<row_space::RowSpace>)>>,
}

impl RowSpaces {
    /// A store that keeps what it builds.
    pub(super) fn keeping() -> RowSpaces {
        RowSpaces {
            keep: true,
            ..RowSpaces::default()
        }
    }

    /// The factorisation of fold `f`, built by `build` unless kept.
    fn get(
        &self,
        f: usize,
        build: impl FnOnce() -> row_space::RowSpace,
    ) -> std::sync::Arc<row_space::RowSpace> {
        let mut kept = self
            .kept
            .lock()
            .expect("no fit panics while holding the lock");
        if let Some((_, s)) = kept.iter().find(|(g, _)| *g == f) {
            return s.clone();
        }
        let s = std::sync::Arc::new(build());
        if self.keep {
            kept.push((f, s.clone()));
        }
        s
    }
}

/// The fits of the folds `fits` (in that order; [`FoldPlan::final_fold`] for the fit on all
/// rows), each topic's classifier in topic order: `fits.len() × topics` scorers.
pub(super) fn fit_folds(
    data: &FitData,
    fits: &[usize],
    cfg: &CheckedConfig,
    spaces: &RowSpaces,
    progress: &(dyn Fn(Stage, usize, usize) + Sync),
) -> Result<Vec<TopicWeights>> {
    let FitData {
        x,
        y,
        known_rows,
        plan,
        n_features,
    } = *data;
    let n_topics = y.len();
    let jobs: Vec<(usize, usize)> = fits
        .iter()
        .flat_map(|&f| (0..n_topics).map(move |t| (f, t)))
        .collect();
    let total = jobs.len();
    let done = AtomicUsize::new(0);
    let tick = || {
        let d = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress(Stage::Fit, d, total);
    };
    if full_width(cfg, n_features, x.len()) {
        // Every column, fewer rows than columns: one factorisation per fold serves every
        // topic of that fold (see `row_space`); folds one after the other, topics in parallel.
        check_row_space(x.len())?;
        let mut fitted = Vec::with_capacity(total);
        for &f in fits {
            let fold = plan.fold(x, f, n_features);
            let space = spaces.get(f, || {
                let nonempty: Vec<usize> = fold
                    .rows
                    .iter()
                    .copied()
                    .filter(|&r| x[r].nnz() > 0)
                    .collect();
                row_space::RowSpace::new(x, nonempty, n_features)
            });
            let weights = (0..n_topics)
                .into_par_iter()
                .with_max_len(1)
                .map(|t| {
                    let w = match &known_rows[t] {
                        None => fit_topic_row_space(&space, None, x, &y[t], &fold, cfg),
                        Some(m) => {
                            let within: Vec<usize> = (0..space.rows.len())
                                .filter(|&i| m[space.rows[i]])
                                .collect();
                            let fold = fold.restrict(x, m);
                            fit_topic_row_space(&space, Some(&within), x, &y[t], &fold, cfg)
                        }
                    };
                    tick();
                    w
                })
                .collect::<Result<Vec<_>>>()?;
            fitted.extend(weights);
        }
        return Ok(fitted);
    }
    // Biggest fits first (cost ~ rows x columns), one job per rayon task, so that no core
    // waits on a big topic that started last. Results go back to job order.
    let folds = plan.folds;
    let positives: Vec<usize> = y.iter().map(|c| c.iter().filter(|&&b| b).count()).collect();
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&j| {
        let (f, t) = jobs[j];
        let share = if f == plan.final_fold() {
            folds.max(1)
        } else {
            folds - 1
        };
        std::cmp::Reverse((columns_for(positives[t], cfg).saturating_mul(share), j))
    });
    let fold_data: Vec<Fold> = fits
        .par_iter()
        .map(|&f| plan.fold(x, f, n_features))
        .collect();
    let mut fitted: Vec<(usize, TopicWeights)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&j| {
            let (f, t) = jobs[j];
            let fold = &fold_data[j / n_topics.max(1)];
            debug_assert_eq!(fits[j / n_topics.max(1)], f);
            let w = match &known_rows[t] {
                None => fit_topic(x, &y[t], fold, cfg),
                Some(m) => fit_topic(x, &y[t], &fold.restrict(x, m), cfg),
            };
            tick();
            w.map(|w| (j, w))
        })
        .collect::<Result<Vec<_>>>()?;
    fitted.sort_unstable_by_key(|&(j, _)| j);
    Ok(fitted.into_iter().map(|(_, w)| w).collect())
}

/// Fit one topic's binary classifier on `rows` and return its sparse linear scorer.
pub(super) fn fit_topic(
    x: &[SparseVec],
    y: &[bool],
    fold: &Fold,
    cfg: &CheckedConfig,
) -> Result<TopicWeights> {
    let (rows, n_features) = (&fold.rows[..], fold.df.len());
    let positives = rows.iter().filter(|&&r| y[r]).count();
    if positives == 0 || positives == rows.len() {
        // One class only: a constant scorer (probability ~0.0003 or ~0.9997).
        let bias = if positives == 0 { -8.0 } else { 8.0 };
        return Ok(TopicWeights {
            bias,
            indices: vec![],
            weights: vec![],
        });
    }
    let k = columns_for(positives, cfg);
    let cols = select_features(x, y, fold, k);
    let mut local = vec![u32::MAX; n_features];
    for (j, &c) in cols.iter().enumerate() {
        local[c as usize] = j as u32;
    }
    // Rows without any selected column are all the zero vector: they carry no information on
    // the weights, only on the intercept. linfa sees the other rows (when they hold both
    // classes); the intercept is refitted on all rows afterwards.
    let touches = |r: usize| x[r].indices.iter().any(|&c| local[c as usize] != u32::MAX);
    let active: Vec<usize> = rows.iter().copied().filter(|&r| touches(r)).collect();
    let active_pos = active.iter().filter(|&&r| y[r]).count();
    let fit_rows: &[usize] = if active_pos > 0 && active_pos < active.len() {
        &active
    } else {
        rows
    };
    // The rows of `rows`, restricted to the selected columns (logistic regression's input;
    // naive Bayes reads the sparse rows).
    fn dense(x: &[SparseVec], rows: &[usize], local: &[u32], k: usize) -> Array2<f32> {
        let mut m = Array2::<f32>::zeros((rows.len(), k).f());
        for (r, &i) in rows.iter().enumerate() {
            for (c, v) in x[i].iter() {
                let j = local[c as usize];
                if j != u32::MAX {
                    m[[r, j as usize]] = v;
                }
            }
        }
        m
    }
    let (bias, weights): (f64, Vec<f64>) = match cfg.classifier {
        ClassifierKind::Logistic => {
            let targets: Array1<bool> = fit_rows.iter().map(|&r| y[r]).collect();
            fit_logistic(dense(x, fit_rows, &local, cols.len()), targets, cfg)?
        }
        ClassifierKind::Bayes => {
            let (pos, neg) = class_counts(x, y, rows, &local, cols.len());
            multinomial_nb(pos, neg, cfg.alpha)
        }
        ClassifierKind::Svm => fit_svm(&svm::Rows::of(x, rows, &local), rows, y, cols.len(), cfg),
    };
    let refit = fit_rows.len() < rows.len() && cfg.classifier == ClassifierKind::Logistic;
    Ok(scorer(
        bias,
        cols.into_iter().zip(weights),
        refit.then_some((x, y, rows)),
    ))
}

/// A class's number of rows and each selected column's sum of values.
type ClassCount = (usize, Array1<f64>);

/// Per class (positive, negative) of `rows`: the number of rows and each selected column's sum
/// of values (`local` maps a vocabulary column to its place among the `k` selected ones), added
/// row after row from the sparse vectors. The same bits as summing the rows of the dense
/// matrix (`sum_axis(Axis(0))` of a row-major array): a zero entry adds `+0.0`, which changes
/// no sum of non-negative values; but only the stored entries are visited, so the cost is the
/// rows' entries rather than rows × columns (every column of a short-text file with character
/// n-grams is some hundred thousand).
fn class_counts(
    x: &[SparseVec],
    y: &[bool],
    rows: &[usize],
    local: &[u32],
    k: usize,
) -> (ClassCount, ClassCount) {
    let mut pos = (0, Array1::<f64>::zeros(k));
    let mut neg = (0, Array1::<f64>::zeros(k));
    for &r in rows {
        let (n, count) = if y[r] { &mut pos } else { &mut neg };
        *n += 1;
        for (c, v) in x[r].iter() {
            let j = local[c as usize];
            if j != u32::MAX {
                count[j as usize] += f64::from(v);
            }
        }
    }
    (pos, neg)
}

/// Multinomial naive Bayes from each class's row count and column sums (both classes
/// present), returned as the intercept and weights of its log-odds (`bias + sum_j x_j * w_j`).
///
/// The same arithmetic as `linfa-bayes` 0.8.1 (`MultinomialNb` with additive smoothing
/// `alpha`, read back through `joint_log_likelihood`), operation for operation, so the same
/// bits (a test checks it against linfa-bayes); fitted here because that release prints every
/// class histogram to stderr with a leftover `dbg!`, and a library must not print.
fn multinomial_nb(pos: ClassCount, neg: ClassCount, alpha: f64) -> (f64, Vec<f64>) {
    let n = (pos.0 + neg.0) as f64;
    // Per class: the log prior and each column's smoothed log probability.
    let class = |(rows, count): ClassCount| -> (f64, Array1<f64>) {
        let smoothed = count.mapv(|c| c + alpha);
        let total = smoothed.sum();
        let log_prob = smoothed.mapv(|c| c.ln() - total.ln());
        let prior = rows as f64 / n;
        (prior.ln(), log_prob)
    };
    let (pos_prior, pos) = class(pos);
    let (neg_prior, neg) = class(neg);
    // linfa's joint log-likelihood of the empty row is the log prior, and of the row with a
    // single 1 in column j, `log_prob[j] + log prior`; the weights are their differences.
    let weights = pos
        .iter()
        .zip(&neg)
        .map(|(&p, &n)| ((p + pos_prior) - pos_prior) - ((n + neg_prior) - neg_prior))
        .collect();
    (pos_prior - neg_prior, weights)
}

/// The linear SVM with `C = 1 / alpha` on `data` (the fold's `rows`, restricted to the `k`
/// selected columns), its decision values mapped through Platt's sigmoid fitted on the same
/// rows: the returned intercept and weights are those of that sigmoid's logit, so the model
/// scores an SVM topic as any other.
fn fit_svm(
    data: &svm::Rows,
    rows: &[usize],
    y: &[bool],
    k: usize,
    cfg: &CheckedConfig,
) -> (f64, Vec<f64>) {
    let labels: Vec<bool> = rows.iter().map(|&r| y[r]).collect();
    let (b, w) = svm::fit(
        data,
        &labels,
        k,
        1.0 / cfg.alpha,
        cfg.max_iterations,
        cfg.seed,
    );
    let (scale, shift) = svm::platt(&svm::decisions(data, b, &w), &labels);
    (
        scale * b + shift,
        w.into_iter().map(|v| scale * v).collect(),
    )
}

/// Defines a function that fits linfa's logistic regression on dense `records` of one float
/// type and returns the intercept and the weights, with "positive" meaning the topic applies
/// (linfa labels the classes itself). One body for both types: linfa-logistic's float trait
/// is private, so no generic function can name it.
macro_rules! fit_logistic_in {
    ($(#[$doc:meta])* $name:ident, $float:ty) => {
        $(#[$doc])*
        fn $name<D: ndarray::Data<Elem = $float>>(
            records: ndarray::ArrayBase<D, ndarray::Ix2>,
            targets: Array1<bool>,
            cfg: &CheckedConfig,
        ) -> Result<(f64, Vec<f64>)> {
            let data = linfa::DatasetBase::new(records, targets);
            let fitted = linfa_logistic::LogisticRegression::default()
                .alpha(cfg.alpha as $float)
                .max_iterations(cfg.max_iterations)
                .fit(&data)
                .map_err(|e| Error::Training(format!("logistic regression: {e}")))?;
            let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
            Ok((
                sign * f64::from(fitted.intercept()),
                fitted
                    .params()
                    .iter()
                    .map(|&w| sign * f64::from(w))
                    .collect(),
            ))
        }
    };
}

fit_logistic_in!(
    /// Logistic regression on the selected columns, in f32: half the memory traffic of every
    /// L-BFGS step; the features are L2-normalised TF-IDF values, well inside its precision.
    fit_logistic,
    f32
);

fit_logistic_in!(
    /// Logistic regression on the row space's rows ([`row_space::RowSpace::z`]), in f64.
    fit_logistic64,
    f64
);

/// The sparse scorer of fitted `(column, weight)` pairs (sorted by column; weights below 1e-7
/// dropped). With `refit = (x, y, rows)`, the intercept is refitted on all of `rows`: the fit
/// left out rows that hold none of its columns.
fn scorer(
    bias: f64,
    weights: impl IntoIterator<Item = (u32, f64)>,
    refit: Option<(&[SparseVec], &[bool], &[usize])>,
) -> TopicWeights {
    let mut out = TopicWeights {
        bias: bias as f32,
        indices: vec![],
        weights: vec![],
    };
    for (c, w) in weights {
        if w.abs() > 1e-7 {
            out.indices.push(c);
            out.weights.push(w as f32);
        }
    }
    if let Some((x, y, rows)) = refit {
        let table = Table::of(&out);
        let logits: Vec<f64> = rows
            .iter()
            .map(|&r| f64::from(table.logit(&x[r])))
            .collect();
        let labels: Vec<bool> = rows.iter().map(|&r| y[r]).collect();
        out.bias = refit_intercept(&logits, &labels, f64::from(out.bias)) as f32;
    }
    out
}

/// Largest row-space factorisation training attempts (16 GiB: about 46,000 items).
const ROW_SPACE_MAX_BYTES: u64 = 16 << 30;

/// Refuse a row-space fit that would not fit in [`ROW_SPACE_MAX_BYTES`], with what to do.
fn check_row_space(items: usize) -> Result<()> {
    let bytes = row_space::RowSpace::bytes_for(items);
    if bytes > ROW_SPACE_MAX_BYTES {
        return Err(Error::Training(format!(
            "every column on {items} items needs about {} GiB (an items × items factor); \
             select columns instead (for example --features-per-topic 5000)",
            bytes.div_ceil(1 << 30)
        )));
    }
    Ok(())
}

/// True when logistic regression is to use every column ([`super::TrainConfig::features_per_topic`]
/// and `features_per_positive` both at least the vocabulary) on fewer rows than columns: then
/// it fits through the row space ([`row_space`]), `rows × rows` instead of `rows × columns`.
pub(super) fn full_width(cfg: &CheckedConfig, n_features: usize, n_rows: usize) -> bool {
    cfg.classifier == ClassifierKind::Logistic
        && cfg.features_per_topic >= n_features
        && cfg.features_per_positive >= n_features
        && n_rows < n_features
}

/// [`fit_topic`] for [`full_width`] fits: linfa on the fold's rows in their orthonormal basis,
/// mapped back to vocabulary columns. The same optimum as a fit on every column.
///
/// `within`: the positions in `space.rows` of the rows this topic trains on, when that is not
/// all of them (items that know only some topics; `fold` then holds just those rows). Their
/// rows of `L` fit the same problem: a subset of rows is still written in an orthonormal
/// basis of a space that holds its span.
fn fit_topic_row_space(
    space: &row_space::RowSpace,
    within: Option<&[usize]>,
    x: &[SparseVec],
    y: &[bool],
    fold: &Fold,
    cfg: &CheckedConfig,
) -> Result<TopicWeights> {
    let (rows, n_features) = (&fold.rows[..], fold.df.len());
    let fit_rows: Vec<usize> = match within {
        None => space.rows.clone(),
        Some(w) => w.iter().map(|&i| space.rows[i]).collect(),
    };
    let positives = rows.iter().filter(|&&r| y[r]).count();
    let active_pos = fit_rows.iter().filter(|&&r| y[r]).count();
    if positives == 0 || positives == rows.len() || active_pos == 0 || active_pos == fit_rows.len()
    {
        // One class only (among the rows with any column): the plain path decides.
        return fit_topic(x, y, fold, cfg);
    }
    let targets: Array1<bool> = fit_rows.iter().map(|&r| y[r]).collect();
    let (bias, coef) = match within {
        None => fit_logistic64(space.z.view(), targets, cfg)?,
        Some(w) => {
            let n = space.z.ncols();
            let z = Array2::from_shape_fn((w.len(), n).f(), |(i, j)| space.z[[w[i], j]]);
            fit_logistic64(z, targets, cfg)?
        }
    };
    let weights = space.weights(x, &coef, n_features);
    let refit = fit_rows.len() < rows.len();
    Ok(scorer(bias, weights, refit.then_some((x, y, rows))))
}

/// The intercept that minimises the logistic loss of fixed `logits` (which include the current
/// intercept `b0`) against `labels`: Newton's method in one dimension, started at `b0`.
fn refit_intercept(logits: &[f64], labels: &[bool], b0: f64) -> f64 {
    let mut shift = 0.0f64;
    for _ in 0..50 {
        let (mut g, mut h) = (0.0f64, 0.0f64);
        for (&z, &t) in logits.iter().zip(labels) {
            let p = 1.0 / (1.0 + (-(z + shift)).exp());
            g += p - f64::from(u8::from(t));
            h += p * (1.0 - p);
        }
        if h < 1e-12 {
            break;
        }
        let step = (g / h).clamp(-4.0, 4.0);
        shift -= step;
        if step.abs() < 1e-7 {
            break;
        }
    }
    b0 + shift
}

/// One scorer's weights laid out by column, for scoring many vectors: a lookup per stored
/// entry of the vector instead of a merge with the scorer's columns.
struct Table {
    bias: f32,
    /// Weight of each column below the scorer's last one (0 where it has none).
    weights: Vec<f32>,
}

impl Table {
    fn of(s: &TopicWeights) -> Table {
        let len = s.indices.last().map_or(0, |&c| c as usize + 1);
        let mut weights = vec![0.0f32; len];
        for (&c, &w) in s.indices.iter().zip(&s.weights) {
            weights[c as usize] = w;
        }
        Table {
            bias: s.bias,
            weights,
        }
    }

    /// The logit of `x`, summed in column order as a merge of the scorer with `x` would sum
    /// it: the same bits (a column the scorer lacks adds `0.0`, which changes no sum but
    /// `-0.0`, and that only to `+0.0`; the tests check it against such a merge).
    fn logit(&self, x: &SparseVec) -> f32 {
        let mut z = self.bias;
        for (c, v) in x.iter() {
            match self.weights.get(c as usize) {
                Some(&w) => z += w * v,
                None => break, // columns are sorted: none further is scored
            }
        }
        z
    }
}

/// The logit of one scorer on one vector (both sorted by column).
#[cfg(test)]
fn linear(s: &TopicWeights, x: &SparseVec) -> f32 {
    let (mut i, mut j, mut z) = (0, 0, s.bias);
    while i < s.indices.len() && j < x.indices.len() {
        match s.indices[i].cmp(&x.indices[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                z += s.weights[i] * x.values[j];
                i += 1;
                j += 1;
            }
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{sigmoid, Inverted};
    use crate::train::TrainConfig;

    use crate::testutil::xorshift;

    /// The row-space fit reaches the optimum of the plain fit on every column: the same logits
    /// on the training rows and on unseen rows, and the same weights, up to f32 rounding
    /// along two different L-BFGS paths. Empty rows and a duplicate row included.
    #[test]
    fn row_space_fit_equals_the_fit_on_every_column() {
        let mut next = xorshift(7);
        let d = 300usize;
        let mut x: Vec<SparseVec> = (0..40)
            .map(|_| {
                let mut cols: Vec<u32> = (0..12).map(|_| (next() % d as u64) as u32).collect();
                cols.sort_unstable();
                cols.dedup();
                let vals: Vec<f32> = cols.iter().map(|_| 1.0 + (next() % 5) as f32).collect();
                let norm = vals.iter().map(|v| v * v).sum::<f32>().sqrt();
                SparseVec {
                    indices: cols,
                    values: vals.iter().map(|v| v / norm).collect(),
                }
            })
            .collect();
        x[5] = SparseVec::default();
        x[9] = x[3].clone();
        let y: Vec<bool> = x
            .iter()
            .map(|v| v.indices.iter().filter(|&&c| c < 150).count() * 2 > v.nnz())
            .collect();
        let cfg = TrainConfig {
            alpha: 0.1,
            max_iterations: 500,
            features_per_topic: usize::MAX,
            features_per_positive: usize::MAX,
            ..TrainConfig::default()
        }
        .check()
        .unwrap();
        let rows: Vec<usize> = (0..x.len()).collect();
        assert!(full_width(&cfg, d, rows.len()));
        let nonempty: Vec<usize> = rows.iter().copied().filter(|&r| x[r].nnz() > 0).collect();
        let fold = Fold::new(&x, rows, d);
        let plain = fit_topic(&x, &y, &fold, &cfg).unwrap();
        let space = row_space::RowSpace::new(&x, nonempty, d);
        let ours = fit_topic_row_space(&space, None, &x, &y, &fold, &cfg).unwrap();
        let probe = SparseVec {
            indices: vec![3, 140, 151, 299],
            values: vec![0.5; 4],
        };
        for v in x.iter().chain([&probe]) {
            let (a, b) = (linear(&plain, v), linear(&ours, v));
            assert!((a - b).abs() < 2e-3, "logit {a} vs {b}");
        }
        let weight = |s: &TopicWeights, c: u32| {
            s.indices
                .iter()
                .position(|&i| i == c)
                .map_or(0.0, |k| s.weights[k])
        };
        for c in 0..d as u32 {
            let (a, b) = (weight(&plain, c), weight(&ours, c));
            assert!((a - b).abs() < 2e-3, "column {c}: {a} vs {b}");
        }
    }

    /// An SVM topic is stored as the logit of Platt's sigmoid: its probabilities rank the
    /// training rows as the SVM's margins do (positives of a clean pattern above negatives),
    /// and average near the share of positives.
    #[test]
    fn svm_topics_store_platt_logits() {
        let mut next = xorshift(3);
        let d = 200usize;
        let x: Vec<SparseVec> = (0..120)
            .map(|i| {
                let mut cols: Vec<u32> = (0..8).map(|_| (next() % d as u64) as u32).collect();
                // Positives carry a column of their own.
                if i % 4 == 0 {
                    cols.push(d as u32);
                }
                cols.sort_unstable();
                cols.dedup();
                let v = 1.0 / (cols.len() as f32).sqrt();
                SparseVec {
                    values: vec![v; cols.len()],
                    indices: cols,
                }
            })
            .collect();
        let y: Vec<bool> = (0..x.len()).map(|i| i % 4 == 0).collect();
        let cfg = TrainConfig {
            classifier: ClassifierKind::Svm,
            alpha: 1.0,
            features_per_topic: usize::MAX,
            features_per_positive: usize::MAX,
            ..TrainConfig::default()
        }
        .check()
        .unwrap();
        let fold = Fold::new(&x, (0..x.len()).collect(), d + 1);
        let s = fit_topic(&x, &y, &fold, &cfg).unwrap();
        let p: Vec<f32> = x.iter().map(|v| sigmoid(linear(&s, v))).collect();
        let lowest_pos = (0..x.len())
            .filter(|&i| y[i])
            .map(|i| p[i])
            .fold(1.0, f32::min);
        let highest_neg = (0..x.len())
            .filter(|&i| !y[i])
            .map(|i| p[i])
            .fold(0.0, f32::max);
        assert!(lowest_pos > highest_neg, "{lowest_pos} vs {highest_neg}");
        let mean = p.iter().sum::<f32>() / p.len() as f32;
        assert!((mean - 0.25).abs() < 0.03, "mean probability {mean}");
        // The positives' own column carries the largest weight.
        let top = s
            .indices
            .iter()
            .zip(&s.weights)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap();
        assert_eq!(*top.0, d as u32);
    }

    #[test]
    fn row_space_refuses_what_memory_cannot_hold() {
        assert!(check_row_space(11_314).is_ok()); // 20 Newsgroups: 0.95 GiB
        assert!(check_row_space(40_000).is_ok()); // 11.9 GiB
        let e = check_row_space(50_000).unwrap_err().to_string();
        assert!(
            e.contains("19 GiB") && e.contains("--features-per-topic"),
            "{e}"
        );
    }

    #[test]
    fn refitted_intercept_matches_the_base_rate() {
        // With every logit at the intercept, the best intercept is the log-odds of the labels:
        // one positive in four gives ln(1/3), wherever Newton starts.
        let labels = [true, false, false, false];
        for start in [-6.0, 0.0, 3.0] {
            let b = refit_intercept(&[start; 4], &labels, start);
            assert!((b - (1.0f64 / 3.0).ln()).abs() < 1e-6, "from {start}: {b}");
        }
        // Logits that already separate the labels keep their order; the shift is shared.
        let b = refit_intercept(&[2.0, -1.0, -1.0, -1.0], &labels, 0.0);
        assert!(b.is_finite() && b < 0.0);
    }

    /// Out-of-fold scoring goes through the model's index, and the intercept refit through
    /// a scorer's [`Table`]: both logits must equal the merge of the scorer with the vector
    /// (the sums training used before), bit for bit up to the sign of a zero. Topics from 1
    /// to 20 (dense rows start at 8), columns shared by most topics or by few, empty scorers
    /// and vectors, vectors with columns past a scorer's last.
    #[test]
    fn index_and_table_scores_equal_the_merge() {
        let mut raw = xorshift(11);
        let mut next = move |n: u64| raw() % n;
        for case in 0..300 {
            let n = 1 + next(60) as usize;
            let topics = 1 + (case % 20);
            let sparse = |density: u64, next: &mut dyn FnMut(u64) -> u64| {
                let indices: Vec<u32> = (0..n as u32).filter(|_| next(100) < density).collect();
                let values = indices
                    .iter()
                    .map(|_| (next(2001) as f32 - 1000.0) / 997.0)
                    .collect();
                (indices, values)
            };
            let scorers: Vec<TopicWeights> = (0..topics)
                .map(|_| {
                    let density = next(101);
                    let (indices, weights) = sparse(density, &mut next);
                    TopicWeights {
                        bias: (next(201) as f32 - 100.0) / 37.0,
                        indices,
                        weights,
                    }
                })
                .collect();
            let index = Inverted::new(&scorers, n);
            for _ in 0..5 {
                let density = next(101);
                let (indices, values) = sparse(density, &mut next);
                let x = SparseVec { indices, values };
                let z = index.logits(&scorers, &x);
                for (t, s) in scorers.iter().enumerate() {
                    let merged = linear(s, &x);
                    assert!(
                        z[t] == merged && !z[t].is_nan(),
                        "case {case}, topic {t}: index {} merge {merged}",
                        z[t]
                    );
                    let table = Table::of(s).logit(&x);
                    assert!(
                        table == merged && !table.is_nan(),
                        "case {case}, topic {t}: table {table} merge {merged}"
                    );
                }
            }
        }
    }

    #[test]
    fn rows_without_selected_columns_only_move_the_intercept() {
        // Column 0 marks the topic, column 1 five negatives; 40 more negatives have no term at
        // all. The fit sees the 10 rows that touch column 0 or 1; the intercept is then
        // refitted on all 50, so the empty rows score well below one half.
        let v = |idx: &[u32]| SparseVec {
            indices: idx.to_vec(),
            values: vec![1.0; idx.len()],
        };
        let mut x = vec![];
        let mut y = vec![];
        for i in 0..10 {
            x.push(if i < 5 { v(&[0]) } else { v(&[1]) });
            y.push(i < 5);
        }
        for _ in 0..40 {
            x.push(v(&[]));
            y.push(false);
        }
        let cfg = TrainConfig {
            features_per_topic: 2,
            ..TrainConfig::default()
        }
        .check()
        .unwrap();
        let rows: Vec<usize> = (0..x.len()).collect();
        let w = fit_topic(&x, &y, &Fold::new(&x, rows, 2), &cfg).unwrap();
        assert_eq!(w.indices, [0, 1]);
        let p = |r: usize| sigmoid(linear(&w, &x[r]));
        assert!(p(0) > 0.5 && p(5) < 0.5, "{} {}", p(0), p(5));
        // The zero rows' probability is the intercept's; refitting it on all rows puts the
        // total predicted mass near the 5 positives.
        let mass: f32 = (0..x.len()).map(p).sum();
        assert!((mass - 5.0).abs() < 0.05, "{mass}");
        assert!(p(20) < 0.2, "{}", p(20));
    }

    /// The naive Bayes fit is linfa-bayes 0.8.1's, bit for bit: its intercept and weights
    /// read back as `fit_topic` read them before (the joint log-likelihood of the empty row
    /// and of each one-column row), its class counts summed from sparse rows as `fit_topic`
    /// sums them, linfa's from the dense matrix. Counts of several sizes, both row orders,
    /// zero columns.
    #[test]
    fn naive_bayes_is_linfa_bayes_bit_for_bit() {
        use linfa_bayes::NaiveBayes;
        let mut raw = xorshift(5);
        let mut next = move |n: u64| raw() % n;
        for case in 0..40 {
            let (n, k) = (2 + next(30) as usize, 1 + next(20) as usize);
            let records = Array2::from_shape_fn((n, k).f(), |_| {
                if next(3) == 0 {
                    0.0
                } else {
                    next(1000) as f64 / 997.0
                }
            });
            let mut targets: Vec<bool> = (0..n).map(|_| next(2) == 0).collect();
            targets[0] = true;
            targets[1] = false;
            let alpha = [0.1, 0.2, 1.0][case % 3];
            // The class counts as `fit_topic` takes them: from sparse rows, every column.
            let x: Vec<SparseVec> = records
                .rows()
                .into_iter()
                .map(|row| {
                    let (mut indices, mut values) = (Vec::new(), Vec::new());
                    for (j, &v) in row.iter().enumerate() {
                        if v != 0.0 {
                            indices.push(j as u32);
                            values.push(v as f32);
                        }
                    }
                    SparseVec { indices, values }
                })
                .collect();
            let records = records.mapv(|v| f64::from(v as f32));
            let local: Vec<u32> = (0..k as u32).collect();
            let rows: Vec<usize> = (0..n).collect();
            let (pos, neg) = class_counts(&x, &targets, &rows, &local, k);
            let (bias, weights) = multinomial_nb(pos, neg, alpha);

            let labels: Array1<usize> = targets.iter().map(|&t| usize::from(t)).collect();
            let fitted = linfa_bayes::MultinomialNb::params()
                .alpha(alpha)
                .fit(&Dataset::new(records.clone(), labels))
                .unwrap();
            let mut probe = Array2::<f64>::zeros((k + 1, k));
            for j in 0..k {
                probe[[j + 1, j]] = 1.0;
            }
            let jll = fitted.joint_log_likelihood(probe.view());
            let (pos, neg) = (&jll[&1usize], &jll[&0usize]);
            assert_eq!(bias.to_bits(), (pos[0] - neg[0]).to_bits(), "case {case}");
            for j in 0..k {
                let w = (pos[j + 1] - pos[0]) - (neg[j + 1] - neg[0]);
                assert_eq!(weights[j].to_bits(), w.to_bits(), "case {case}, column {j}");
            }
        }
    }
}
