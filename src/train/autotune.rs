//! Autotune: labelled items, base settings, a time budget and a metric in; the settings that
//! cross-validate best on those items, with a trace of every trial, out.
//!
//! [`autotune`] never looks at anything but the items it is given (the training file): each
//! trial is scored by k-fold cross-validation on them, with the folds training itself uses
//! ([`TrainConfig::folds`], [`TrainConfig::seed`]), so the chosen trial's score is the
//! cross-validated score the final model reports.
//!
//! # The search
//! A trial sets the few settings that mattered in `benches/peers/study.py` ([`Settings`]:
//! classifier, alpha, iterations, `min_df`, bigrams, character n-grams and their range and
//! weight, selected columns or every column); the rest come from the base configuration.
//! 1. The base settings are scored first, on every fold: they are the incumbent.
//! 2. Likely winners next: on sets of at most 4,000 items the study's short-text settings
//!    (every column, character 2–5-grams at weight 0.5, `min_df` 1, alpha 0.01, with the base
//!    classifier) and the linear SVM at alpha 1 on those features; on larger sets the linear
//!    SVM on every column (cheap at any size) and 10,000 selected columns; then each
//!    setting in turn (coordinate descent: columns, character n-grams, alpha, `min_df`,
//!    bigrams, classifier, iterations), then a finer pass (alpha ×3 and ÷3, the n-gram weight
//!    and range); and again around the new incumbent, up to four rounds, until a round
//!    changes nothing. Settings tried once are not tried again.
//! 3. Cheap folds before expensive ones (racing): a candidate is fitted one fold at a time and
//!    dropped as soon as its score on the folds done so far trails the incumbent's on the same
//!    folds by more than a margin that shrinks to zero at the last fold ([`drop_margin`]).
//!    A candidate that completes every fold with a higher score becomes the incumbent.
//!
//! Work is shared between trials: the items are routed and analyzed once; the TF-IDF vectors
//! are built once per feature setting (`min_df`, bigrams, n-grams) and kept while trials use
//! them; every-column fits keep each fold's row-space factorisation (`row_space`) for the
//! trials that differ only in alpha or iterations (while all folds' take at most 2 GiB).
//!
//! # Determinism and the budget
//! Trials run one after the other in a fixed order and every fit is deterministic, so the
//! same items, settings and seed give the same trace, except where the budget cuts the
//! search. The budget covers the search and the training that follows it. Before each fold
//! the search checks the time left against that fold's expected cost plus the expected time
//! of training the incumbent afterwards (its folds again, unless
//! [`AutotuneConfig::final_folds`] says the training has none, and the fit on every item, from
//! its measured folds); a trial that does not fit ends there (marked "budget") and the search
//! goes on with the next, until no time is left. A fold's expected cost is the last fit of
//! the same shape; for new vectors under a classifier and columns already fitted, that fit
//! scaled by the entries per row (estimated on a sample of items: character n-grams store ten
//! or more per word); for a classifier or columns never fitted, a probe: the first fold on
//! one in eight of its training rows, timed and scaled up (cubically for logistic
//! regression's row space). Candidates expected to take more than a tenth of the budget wait
//! until the round's cheaper candidates have run, so one slow setting (character n-grams on
//! 11,000 long posts) no longer starves the cheap ones. So a whole `train --autotune` ends
//! near its budget (over it when the base settings alone take longer, or a fit is slower than
//! its estimate), and a budget cut can change the result from one machine (or one load) to
//! another.

use super::fit::{fit_folds, FitData, RowSpaces};
use super::folds::FoldPlan;
use super::labels::Labels;
use super::{analyze, calibrate, vectorize, CheckedConfig, TrainConfig};
use crate::dataset::LabelledItem;
use crate::error::{Error, Result};
use crate::eval::score_known;
use crate::features::{FeatureConfig, SparseVec};
use crate::model::{priors, probabilities, Inverted};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod candidates;
mod cost;
mod settings;

use candidates::{candidates, BATCHES, MAX_ROUNDS};
use cost::{cost_key, fit_key, FoldCost};
pub use settings::{Grams, Metric, Settings, Trace, Trial, TrialEnd};

/// Where the search is, for a progress display.
#[derive(Clone, Debug)]
pub struct Progress<'a> {
    /// Trials started so far.
    pub trials: usize,
    /// The incumbent's score (once the base settings are scored).
    pub best: Option<f64>,
    pub elapsed: Duration,
    pub budget: Duration,
    /// The trial being scored.
    pub current: &'a Settings,
}

/// The search's settings.
#[derive(Clone, Debug)]
pub struct AutotuneConfig {
    /// Time for the search (the final fit is not counted).
    pub budget: Duration,
    /// What to maximise (`None`: [`Metric::default_for`] the data).
    pub metric: Option<Metric>,
    /// Folds of the training after the search, when not the search's own (`base.folds`): a
    /// large single-label file's defaults train without folds
    /// ([`TrainConfig::for_items`]), while the search needs them to score settings.
    /// The returned configuration has these folds, and the budget reserves time for that
    /// training rather than for the search's folds again.
    pub final_folds: Option<usize>,
}

impl Default for AutotuneConfig {
    fn default() -> Self {
        AutotuneConfig {
            budget: Duration::from_secs(120),
            metric: None,
            final_folds: None,
        }
    }
}

/// How far (in the metric) a candidate may trail the incumbent after `done` of `k` folds and
/// still go on: 0.02 after the first fold, shrinking linearly to 0 at the last.
pub fn drop_margin(done: usize, k: usize) -> f64 {
    if k <= 1 {
        return 0.0;
    }
    0.02 * (k.saturating_sub(done)) as f64 / (k - 1) as f64
}

/// Search settings for `items` around `base` (see the module docs); returns the chosen
/// settings applied to `base`, and the trace. `base.folds` (at least 2) and `base.seed` set
/// the cross-validation. Fails when the base settings cannot be trained on the items.
pub fn autotune(
    items: &[LabelledItem],
    base: &TrainConfig,
    search: &AutotuneConfig,
    progress: &dyn Fn(&Progress),
) -> Result<(TrainConfig, Trace)> {
    let mut s = Search::new(items, base, search, progress)?;
    let base_settings = Settings::of(base);
    let incumbent = s.run(&base_settings, None)?;
    // The base trial's first fold runs whatever the budget: it always has a score.
    let Some(mut best) = incumbent else {
        return Err(Error::Training(
            "the given settings could not be scored".into(),
        ));
    };
    // Rounds of coordinate descent, until one changes nothing (settings tried before are not
    // tried again, so a round after a change tries only the new incumbent's neighbours).
    for round in 0..MAX_ROUNDS {
        let before = best;
        // Batches with a candidate expected to take a large share of the budget wait until
        // the round's cheaper candidates have run; then they are tried around the incumbent
        // of that moment.
        let mut deferred: Vec<usize> = Vec::new();
        for batch in usize::from(round > 0)..BATCHES {
            for c in candidates(batch, &s.trials[best].settings, items.len()) {
                if s.budget_stop {
                    break;
                }
                if s.trials.iter().any(|t| t.settings == c) {
                    continue;
                }
                if s.expensive(&c) {
                    if !deferred.contains(&batch) {
                        deferred.push(batch);
                    }
                    continue;
                }
                best = s.try_candidate(&c, best)?;
            }
        }
        for batch in deferred {
            for c in candidates(batch, &s.trials[best].settings, items.len()) {
                if s.budget_stop {
                    break;
                }
                if !s.trials.iter().any(|t| t.settings == c) {
                    best = s.try_candidate(&c, best)?;
                }
            }
        }
        if s.budget_stop || best == before {
            break;
        }
    }
    let runner_up = (0..s.trials.len())
        .filter(|&i| i != best && s.trials[i].end == TrialEnd::Complete)
        .max_by(|&a, &b| {
            s.trials[a]
                .score
                .total_cmp(&s.trials[b].score)
                .then(b.cmp(&a))
        });
    let chosen = TrainConfig {
        folds: s.final_folds,
        ..s.trials[best].settings.apply(base)
    };
    let trace = Trace {
        metric: s.metric,
        folds: s.plan.folds as u32,
        budget_seconds: search.budget.as_secs_f64(),
        seconds: s.start.elapsed().as_secs_f64(),
        budget_stop: s.budget_cut,
        trials: s.trials,
        chosen: best,
        runner_up,
    };
    Ok((chosen, trace))
}

/// TF-IDF vectors of the items for one feature setting, with the row spaces kept for them.
struct Vectors {
    features: FeatureConfig,
    x: Vec<SparseVec>,
    n_features: usize,
    spaces: RowSpaces,
}

/// Vector sets kept at once (the latest used).
const KEEP_VECTORS: usize = 2;

/// Keep row spaces while every fold's factorisation together stays below this.
const KEEP_SPACES_BYTES: u64 = 2 << 30;

/// The state of a search.
struct Search<'a> {
    items: &'a [LabelledItem],
    docs: Vec<Vec<String>>,
    base: TrainConfig,
    labels: Labels,
    y: Vec<Vec<bool>>,
    exclusive: bool,
    metric: Metric,
    plan: FoldPlan,
    vectors: Vec<Arc<Vectors>>,
    trials: Vec<Trial>,
    /// Per trial, per fold: the held-out items' probabilities (in item order).
    fold_probs: Vec<Vec<Option<Vec<Vec<f32>>>>>,
    /// Past fold fits, in order.
    fold_costs: Vec<FoldCost>,
    /// [`entries_per_item`] of each feature setting estimated so far.
    entries: Vec<(FeatureConfig, f64)>,
    /// Expected fold seconds of shapes measured by [`Search::probe`], by [`cost_key`].
    probes: Vec<(String, f64)>,
    /// Folds of the training after the search ([`AutotuneConfig::final_folds`]).
    final_folds: usize,
    start: Instant,
    budget: Duration,
    /// No time is left for any trial: the search ends.
    budget_stop: bool,
    /// Some trial was skipped or cut short for time.
    budget_cut: bool,
    progress: &'a dyn Fn(&Progress),
}

impl<'a> Search<'a> {
    /// A search over `items` around `base`: the items analyzed, the folds planned, no trial
    /// run yet; the clock starts here.
    fn new(
        items: &'a [LabelledItem],
        base: &TrainConfig,
        search: &AutotuneConfig,
        progress: &'a dyn Fn(&Progress),
    ) -> Result<Search<'a>> {
        let start = Instant::now();
        let checked = base.check()?;
        if items.is_empty() {
            return Err(Error::Training("no items to train on".into()));
        }
        if checked.folds < 2 {
            return Err(Error::Config(format!(
                "autotune scores settings by cross-validation: it needs at least 2 folds (got {})",
                checked.folds
            )));
        }
        let plan = FoldPlan::for_items(items, checked.folds, checked.seed)?;
        let labels = Labels::read(items, &mut Vec::new())?;
        let exclusive = labels.exclusive(checked.exclusive);
        let metric = search
            .metric
            .unwrap_or_else(|| Metric::default_for(exclusive));
        let (_, docs) = analyze(items, &checked, &|_, _, _| {});
        let y = labels.targets();
        Ok(Search {
            items,
            docs,
            base: base.clone(),
            labels,
            y,
            exclusive,
            metric,
            plan,
            vectors: Vec::new(),
            trials: Vec::new(),
            fold_probs: Vec::new(),
            fold_costs: Vec::new(),
            entries: Vec::new(),
            probes: Vec::new(),
            final_folds: search.final_folds.unwrap_or(checked.folds),
            start,
            budget: search.budget,
            budget_stop: false,
            budget_cut: false,
            progress,
        })
    }
}

impl Search<'_> {
    /// Score `settings` fold by fold, racing the trial `against` (none: the base trial, on
    /// every fold). Returns the trial's index (`None` when nothing ran: no time left).
    fn run(&mut self, settings: &Settings, against: Option<usize>) -> Result<Option<usize>> {
        let k = self.plan.folds;
        let index = self.trials.len();
        let cfg = match settings.apply(&self.base).check() {
            Ok(c) => c,
            Err(e) => return self.failed(settings, against, e, 0.0).map(Some),
        };
        let key = cost_key(settings);
        let mut seconds = 0.0;
        let mut probs: Vec<Option<Vec<Vec<f32>>>> = vec![None; k];
        let mut end = TrialEnd::Complete;
        let mut done = 0;
        let mut score = 0.0;
        for f in 0..k {
            // A base trial always gets its first fold: the search needs a score to return.
            if against.is_some() || f > 0 {
                // After a fold, the last fold of this shape; before the first, an estimate
                // (the base trial, which needs none, is never probed).
                let expected = self.expected_fold_seconds(settings, &cfg);
                let left = self.budget.as_secs_f64() - self.start.elapsed().as_secs_f64();
                let reserve = self.final_fit(against);
                if expected + reserve > left || left <= 0.0 {
                    // Too slow for the time left: this trial ends here, and the search goes
                    // on with cheaper ones unless no time is left for anything.
                    self.budget_cut = true;
                    self.budget_stop |= left <= reserve;
                    end = TrialEnd::Budget;
                    break;
                }
            }
            (self.progress)(&Progress {
                trials: index + 1,
                best: against.map(|b| self.trials[b].score),
                elapsed: self.start.elapsed(),
                budget: self.budget,
                current: settings,
            });
            let t0 = Instant::now();
            let fitted = match self.vectors(&cfg) {
                Ok(v) => self.fold_probabilities(&v, &cfg, f),
                Err(e) => Err(e),
            };
            let p = match fitted {
                Ok(x) => x,
                Err(e) => {
                    if against.is_none() {
                        return Err(e);
                    }
                    let secs = seconds + t0.elapsed().as_secs_f64();
                    return self.failed(settings, against, e, secs).map(Some);
                }
            };
            let secs = t0.elapsed().as_secs_f64();
            seconds += secs;
            let entries = self.entries(&cfg.features);
            self.fold_costs.push(FoldCost {
                key: key.clone(),
                fit: fit_key(settings),
                entries,
                seconds: secs,
            });
            probs[f] = Some(p);
            done = f + 1;
            score = self.score(&probs, done);
            if let Some(b) = against {
                let theirs = self.score(&self.fold_probs[b], done);
                if done < k && score < theirs - drop_margin(done, k) {
                    end = TrialEnd::Dropped;
                    break;
                }
            }
        }
        if done == 0 {
            return Ok(None);
        }
        if end == TrialEnd::Complete && done < k {
            end = TrialEnd::Budget;
        }
        self.trials.push(Trial {
            settings: settings.clone(),
            folds: done as u32,
            score,
            seconds,
            end,
        });
        self.fold_probs.push(probs);
        Ok(Some(index))
    }

    /// Run candidate `c` against the incumbent `best`; the incumbent after it.
    fn try_candidate(&mut self, c: &Settings, best: usize) -> Result<usize> {
        Ok(match self.run(c, Some(best))? {
            Some(i)
                if self.trials[i].end == TrialEnd::Complete
                    && self.trials[i].score > self.trials[best].score + 1e-12 =>
            {
                i
            }
            _ => best,
        })
    }

    /// Record a trial whose settings could not be trained.
    fn failed(
        &mut self,
        settings: &Settings,
        against: Option<usize>,
        e: Error,
        seconds: f64,
    ) -> Result<usize> {
        if against.is_none() {
            return Err(e);
        }
        self.trials.push(Trial {
            settings: settings.clone(),
            folds: 0,
            score: 0.0,
            seconds,
            end: TrialEnd::Failed(e.to_string()),
        });
        self.fold_probs.push(vec![None; self.plan.folds]);
        Ok(self.trials.len() - 1)
    }

    /// The vectors for `cfg`'s feature settings, built unless kept.
    fn vectors(&mut self, cfg: &CheckedConfig) -> Result<Arc<Vectors>> {
        if let Some(i) = self.vectors.iter().position(|v| v.features == cfg.features) {
            let v = self.vectors.remove(i);
            self.vectors.push(v.clone());
            return Ok(v);
        }
        let (vectorizer, x) = vectorize(self.items, self.docs.clone(), cfg)?;
        let n_features = vectorizer.len();
        let mut spaces = RowSpaces::keeping();
        spaces.keep = super::row_space::RowSpace::bytes_for(x.len())
            .saturating_mul(self.plan.folds as u64)
            <= KEEP_SPACES_BYTES;
        let v = Arc::new(Vectors {
            features: cfg.features.clone(),
            x,
            n_features,
            spaces,
        });
        if self.vectors.len() >= KEEP_VECTORS {
            self.vectors.remove(0);
        }
        self.vectors.push(v.clone());
        Ok(v)
    }

    /// Fit fold `f` with `cfg` and return the probabilities of its held-out items.
    fn fold_probabilities(
        &self,
        v: &Vectors,
        cfg: &CheckedConfig,
        f: usize,
    ) -> Result<Vec<Vec<f32>>> {
        let data = FitData {
            x: &v.x,
            y: &self.y,
            known_rows: &self.labels.known_rows,
            plan: &self.plan,
            n_features: v.n_features,
        };
        let scorers = fit_folds(&data, &[f], cfg, &v.spaces, &|_, _, _| {})?;
        let index = Inverted::new(&scorers, v.n_features);
        // As tagging acts on them (`calibrate::acted_on`): the score is what tagging would do.
        let priors = priors(&scorers, self.exclusive);
        Ok((0..v.x.len())
            .filter(|&i| self.plan.fold_of[i] == f)
            .map(|i| {
                let p = probabilities(index.logits(&scorers, &v.x[i]), self.exclusive);
                calibrate::acted_on(p, &priors, v.x[i].nnz() > 0, self.exclusive)
            })
            .collect())
    }

    /// The metric on the held-out items of the first `done` folds, with each topic's threshold
    /// tuned on them as training tunes it (on every fold: training's cross-validated score).
    fn score(&self, probs: &[Option<Vec<Vec<f32>>>], done: usize) -> f64 {
        let mut next = vec![0usize; done];
        let mut rows = Vec::new();
        let mut p: Vec<Vec<f32>> = Vec::new();
        for i in 0..self.items.len() {
            let f = self.plan.fold_of[i];
            if f < done {
                let fold = probs[f].as_ref().expect("folds scored in order");
                p.push(fold[next[f]].clone());
                next[f] += 1;
                rows.push(i);
            }
        }
        let n_topics = self.labels.topics.len();
        let thresholds: Vec<f32> = (0..n_topics)
            .map(|t| {
                let keep = |&k: &usize| {
                    self.labels.known_rows[t]
                        .as_ref()
                        .is_none_or(|m| m[rows[k]])
                };
                let ks: Vec<usize> = (0..rows.len()).filter(keep).collect();
                let scores: Vec<f32> = ks.iter().map(|&k| p[k][t]).collect();
                let y: Vec<bool> = ks.iter().map(|&k| self.y[t][rows[k]]).collect();
                super::tune_threshold(&scores, &y)
            })
            .collect();
        let pred: Vec<Vec<usize>> = p
            .iter()
            .map(|p| calibrate::decide(p, &thresholds, self.exclusive))
            .collect();
        let gold: Vec<Vec<usize>> = rows.iter().map(|&i| self.labels.gold[i].clone()).collect();
        let known: Vec<Option<Vec<usize>>> =
            rows.iter().map(|&i| self.labels.known[i].clone()).collect();
        self.metric.of(&score_known(
            &self.labels.topics,
            &gold,
            &pred,
            &known,
            self.exclusive,
        ))
    }
}

#[cfg(test)]
mod tests;
