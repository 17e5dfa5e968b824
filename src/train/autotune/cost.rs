//! What a fold will cost before it runs (see the module docs of `autotune`, "Determinism and
//! the budget"): the last fit of its shape, or one of its classifier and columns scaled by the
//! entries a row stores, or a timed probe on an eighth of the fold; and the time the training
//! after the search needs.

use super::{Search, Settings};
use crate::features::{entries_per_item, FeatureConfig};
use crate::train::fit::{fit_folds, full_width, FitData, RowSpaces};
use crate::train::folds::FoldPlan;
use crate::train::CheckedConfig;
use std::time::Instant;

/// A candidate expected to take more than this share of the budget is deferred to the end of
/// its round ([`Search::expensive`]).
const EXPENSIVE_SHARE: f64 = 0.1;

/// A probe fits one row in this many of a fold's training rows ([`Search::probe`])...
const PROBE_STEP: usize = 8;

/// ...when that makes at least this many rows; smaller sets are not probed.
const PROBE_MIN_ROWS: usize = 100;

/// What a fold fit's cost depends on: the vectors, the columns and the classifier.
pub(super) fn cost_key(s: &Settings) -> String {
    format!(
        "{} {} {:?} {}",
        s.min_df,
        s.bigrams,
        s.char_grams,
        fit_key(s)
    )
}

/// The shape of a fit apart from the vectors: the columns and the classifier.
pub(super) fn fit_key(s: &Settings) -> String {
    format!(
        "{} {} {}",
        s.every_column(),
        s.features_per_topic,
        s.classifier.name()
    )
}

/// One fold fit of the search: its shape, the estimated entries per row of its vectors, and
/// its seconds.
pub(super) struct FoldCost {
    pub(super) key: String,
    pub(super) fit: String,
    pub(super) entries: f64,
    pub(super) seconds: f64,
}

impl Search<'_> {
    /// Whether `settings` are expected to take more than [`EXPENSIVE_SHARE`] of the budget
    /// on every fold ([`Search::expected_fold_seconds`]).
    pub(super) fn expensive(&mut self, settings: &Settings) -> bool {
        let Ok(cfg) = settings.apply(&self.base).check() else {
            return false;
        };
        let trial = self.expected_fold_seconds(settings, &cfg) * self.plan.folds as f64;
        trial > EXPENSIVE_SHARE * self.budget.as_secs_f64()
    }

    /// Seconds of the last fold fitted in this shape ([`cost_key`]), if any.
    fn last_fold_seconds(&self, key: &str) -> Option<f64> {
        self.fold_costs
            .iter()
            .rev()
            .find(|c| c.key == key)
            .map(|c| c.seconds)
    }

    /// The expected seconds of a fold of `settings`: the last fold of the same shape; else the
    /// last fold of the same classifier and columns on other vectors, scaled by the ratio of
    /// entries per row (a fit's cost grows with the entries it reads: character n-grams
    /// store ten or more per word); else a probe ([`Search::probe`]).
    pub(super) fn expected_fold_seconds(
        &mut self,
        settings: &Settings,
        cfg: &CheckedConfig,
    ) -> f64 {
        let key = cost_key(settings);
        if let Some(s) = self.last_fold_seconds(&key) {
            return s;
        }
        let fit = fit_key(settings);
        if let Some((seconds, entries)) = self
            .fold_costs
            .iter()
            .rev()
            .find(|c| c.fit == fit)
            .map(|c| (c.seconds, c.entries))
        {
            let ours = self.entries(&cfg.features);
            return if entries > 0.0 {
                seconds * ours / entries
            } else {
                seconds
            };
        }
        if let Some((_, s)) = self.probes.iter().find(|(k, _)| *k == key) {
            return *s;
        }
        let s = self.probe(cfg);
        self.probes.push((key, s));
        s
    }

    /// A fit of a shape never fitted (another classifier, or logistic regression on every
    /// column) can cost a hundred times the last one, so its cost is measured before its first
    /// fold: the first fold's fit on every [`PROBE_STEP`]th of its training rows, timed and
    /// scaled up (cubically for logistic regression's row space, which factors a rows × rows
    /// matrix; linearly otherwise). Sets too small for that are assumed cheap; a probe that
    /// fails says nothing (the trial itself reports the failure).
    pub(super) fn probe(&mut self, cfg: &CheckedConfig) -> f64 {
        let train: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.plan.fold_of[i] != 0)
            .collect();
        if train.len() < PROBE_STEP * PROBE_MIN_ROWS {
            return 0.0;
        }
        let Ok(v) = self.vectors(cfg) else {
            return 0.0;
        };
        // The sample keeps its folds; every other row joins fold 0, held out of the fit.
        let mut fold_of = vec![0; self.items.len()];
        for &i in train.iter().step_by(PROBE_STEP) {
            fold_of[i] = self.plan.fold_of[i];
        }
        let plan = FoldPlan {
            folds: self.plan.folds,
            fold_of,
        };
        let data = FitData {
            x: &v.x,
            y: &self.y,
            known_rows: &self.labels.known_rows,
            plan: &plan,
            n_features: v.n_features,
        };
        let t0 = Instant::now();
        if fit_folds(&data, &[0], cfg, &RowSpaces::default(), &|_, _, _| {}).is_err() {
            return 0.0;
        }
        let step = PROBE_STEP as f64;
        let growth = if full_width(cfg, v.n_features, v.x.len()) {
            step.powi(3)
        } else {
            step
        };
        t0.elapsed().as_secs_f64() * growth
    }

    /// [`entries_per_item`] of `features` on the items (estimated once per setting).
    pub(super) fn entries(&mut self, features: &FeatureConfig) -> f64 {
        if let Some((_, e)) = self.entries.iter().find(|(f, _)| f == features) {
            return *e;
        }
        let texts: Vec<&str> = self.items.iter().map(|it| it.text.as_str()).collect();
        let e = entries_per_item(&self.docs, &texts, features);
        self.entries.push((features.clone(), e));
        e
    }

    /// The expected time of training the incumbent `b` after the search (its folds of
    /// [`AutotuneConfig::final_folds`], for thresholds and scores, then the fit on every item):
    /// time the search leaves for it.
    /// From the slowest fold of its shape: a fold that reused a kept row space was cheaper
    /// than training, which factors every fold afresh.
    pub(super) fn final_fit(&self, b: Option<usize>) -> f64 {
        let Some(t) = b.map(|b| &self.trials[b]) else {
            return 0.0;
        };
        let key = cost_key(&t.settings);
        let slowest = self
            .fold_costs
            .iter()
            .filter(|c| c.key == key)
            .map(|c| c.seconds)
            .fold(t.seconds / f64::from(t.folds.max(1)), f64::max);
        slowest * (self.final_folds as f64 + 1.5)
    }
}
