//! Calibration: the cross-validation fits in, out-of-fold probabilities out, and from them
//! each topic's decision threshold (the F1-optimal cut) and the cross-validated scores; or,
//! when the text the model will tag differs from what it was trained on, the same cut chosen
//! on held-out labelled rows of that kind ([`ThresholdRows`]).

use super::folds::FoldPlan;
use super::labels::Labels;
use crate::dataset::LabelledItem;
use crate::error::{Error, Result};
use crate::eval::{score_known, Gold, Scores};
use crate::features::SparseVec;
use crate::model::{
    above_priors, priors, probabilities, HeldOutThresholds, HeldOutTopic, Inverted, TopicModel,
    TopicWeights,
};
use crate::tagger::{BatchHint, Tagger};
use rayon::prelude::*;

/// What cross-validation measured; without folds, thresholds of 0.5 and nothing else.
pub(super) struct Calibration {
    pub(super) thresholds: Vec<f32>,
    /// Out-of-fold probabilities of every item.
    pub(super) probs: Option<Vec<Vec<f32>>>,
    /// Out-of-fold predictions at the tuned thresholds.
    pub(super) pred: Option<Vec<Vec<usize>>>,
    /// Cross-validated scores.
    pub(super) cv: Option<Scores>,
}

/// Score every item with the scorers of the fold that held it out (`cv_scorers`: each fold's
/// topics in order), tune each topic's threshold on those probabilities among the items that
/// know it, and score the predictions.
pub(super) fn calibrate(
    cv_scorers: &[TopicWeights],
    x: &[SparseVec],
    y: &[Vec<bool>],
    labels: &Labels,
    plan: &FoldPlan,
    n_features: usize,
    exclusive: bool,
) -> Calibration {
    let n_topics = labels.topics.len();
    let mut thresholds = vec![0.5f32; n_topics];
    if plan.folds < 2 {
        return Calibration {
            thresholds,
            probs: None,
            pred: None,
            cv: None,
        };
    }
    // Each item scored by its fold's scorers, through the index the model scores with
    // (the same sums as a merge of each scorer with the item, in column order).
    let fold_scorers: Vec<&[TopicWeights]> = cv_scorers.chunks(n_topics).collect();
    let indexes: Vec<Inverted> = fold_scorers
        .par_iter()
        .map(|s| Inverted::new(s, n_features))
        .collect();
    let probs = held_out_probs(&indexes, &fold_scorers, x, plan, exclusive);
    // What tagging acts on: thresholds and predictions come from the gated probabilities (an
    // exclusive model's are the probabilities themselves).
    let gated: Option<Vec<Vec<f32>>> = (!exclusive).then(|| {
        let fold_priors: Vec<Vec<f32>> =
            fold_scorers.iter().map(|s| priors(s, exclusive)).collect();
        (0..x.len())
            .map(|i| above_priors(&probs[i], &fold_priors[plan.fold_of[i]], x[i].nnz() > 0))
            .collect()
    });
    let acted = gated.as_deref().unwrap_or(&probs);
    thresholds.par_iter_mut().enumerate().for_each(|(t, th)| {
        *th = match &labels.known_rows[t] {
            None => {
                let scores: Vec<f32> = acted.iter().map(|p| p[t]).collect();
                tune_threshold(&scores, &y[t])
            }
            Some(m) => {
                let rows = (0..x.len()).filter(|&i| m[i]);
                let scores: Vec<f32> = rows.clone().map(|i| acted[i][t]).collect();
                let labels: Vec<bool> = rows.map(|i| y[t][i]).collect();
                tune_threshold(&scores, &labels)
            }
        };
    });
    let pred: Vec<Vec<usize>> = acted
        .iter()
        .map(|p| decide(p, &thresholds, exclusive))
        .collect();
    let cv = score_known(
        &labels.topics,
        &labels.gold,
        &pred,
        &labels.known,
        exclusive,
    );
    Calibration {
        thresholds,
        probs: Some(probs),
        pred: Some(pred),
        cv: Some(cv),
    }
}

/// Each row's probabilities from the scorers of the fold that held it out.
fn held_out_probs(
    indexes: &[Inverted],
    fold_scorers: &[&[TopicWeights]],
    x: &[SparseVec],
    plan: &FoldPlan,
    exclusive: bool,
) -> Vec<Vec<f32>> {
    (0..x.len())
        .into_par_iter()
        .map(|i| {
            let f = plan.fold_of[i];
            probabilities(indexes[f].logits(fold_scorers[f], &x[i]), exclusive)
        })
        .collect()
}

/// `probs` as a model acts on them ([`above_priors`] for a multi-label model, whose `priors`
/// they are compared with; an exclusive model's as they are).
pub(super) fn acted_on(
    probs: Vec<f32>,
    priors: &[f32],
    evidence: bool,
    exclusive: bool,
) -> Vec<f32> {
    match exclusive {
        true => probs,
        false => above_priors(&probs, priors, evidence),
    }
}

/// A topic's threshold is chosen on held-out rows only when they hold at least this many of
/// its positives; with fewer, one item more or less moves the cut, and the training's own
/// threshold is kept.
pub const MIN_HELD_OUT_POSITIVES: u64 = 20;

/// Labelled rows held out from training, for [`ThresholdRows::add_set`]: a file's name and rows.
#[derive(Clone, Copy, Debug)]
pub struct HeldOutSet<'a> {
    pub name: &'a str,
    pub items: &'a [LabelledItem],
}

/// Scored labelled rows, per topic among the rows that know it: what thresholds are chosen on.
/// Each topic's threshold is the F1-optimal cut of its probabilities over its rows, pooled
/// across sources (held-out files tagged as `tag` tags a file, training's out-of-fold rows);
/// apply the result with [`crate::model::TopicModel::set_held_out_thresholds`].
#[derive(Clone, Debug, Default)]
pub struct ThresholdRows {
    scores: Vec<Vec<f32>>,
    gold: Vec<Vec<bool>>,
    files: Vec<String>,
    rows: u64,
}

impl ThresholdRows {
    pub fn new(n_topics: usize) -> ThresholdRows {
        ThresholdRows {
            scores: vec![Vec::new(); n_topics],
            gold: vec![Vec::new(); n_topics],
            ..ThresholdRows::default()
        }
    }

    /// One row: its probability per topic, its gold topics and the topics it knows (`None`:
    /// every topic), as indices into the model's topics.
    pub fn add(&mut self, probs: &[f32], gold: &[usize], known: Option<&[usize]>) {
        let topics = self.scores.iter_mut().zip(&mut self.gold).zip(probs);
        for (t, ((scores, golds), &p)) in topics.enumerate() {
            if known.is_none_or(|k| k.contains(&t)) {
                scores.push(p);
                golds.push(gold.contains(&t));
            }
        }
        self.rows += 1;
    }

    /// Tag a labelled set as `tag` tags a file (undetermined short texts take the set's
    /// dominant language) and add its rows.
    pub fn add_set(&mut self, tagger: &Tagger, set: &HeldOutSet<'_>) {
        let Gold { gold, known, .. } = Gold::map(tagger.model().topics(), set.items);
        let pairs: Vec<(&str, _)> = set
            .items
            .iter()
            .map(|it| (it.text.as_str(), it.lang))
            .collect();
        let tagged = tagger.tag_batch(&pairs, BatchHint::Dominant);
        let (priors, exclusive) = (tagger.model().priors(), tagger.model().exclusive());
        for ((t, g), k) in tagged.into_iter().zip(&gold).zip(&known) {
            let evidence = t.has_evidence();
            self.add(
                &acted_on(t.probs, &priors, evidence, exclusive),
                g,
                k.as_deref(),
            );
        }
        self.files.push(set.name.to_string());
    }

    /// Name a source of rows added with [`ThresholdRows::add`] (recorded in the model).
    pub fn name_source(&mut self, name: &str) {
        self.files.push(name.to_string());
    }

    /// Each topic's F1-optimal cut over its rows; topics with fewer than `min_positives`
    /// positives keep `model`'s threshold.
    pub fn choose(&self, model: &TopicModel, min_positives: u64) -> Result<HeldOutThresholds> {
        if model.exclusive() {
            return Err(Error::Config(
                "thresholds do not apply to an exclusive model (it assigns its one most probable topic)"
                    .into(),
            ));
        }
        let topics = (0..self.scores.len())
            .map(|t| {
                let positives = self.gold[t].iter().filter(|&&g| g).count() as u64;
                HeldOutTopic {
                    known: self.gold[t].len() as u64,
                    positives,
                    trained: model.thresholds()[t],
                    chosen: (positives >= min_positives.max(1))
                        .then(|| tune_threshold(&self.scores[t], &self.gold[t])),
                }
            })
            .collect();
        Ok(HeldOutThresholds {
            files: self.files.clone(),
            rows: self.rows,
            topics,
        })
    }
}

/// Topics assigned for `probs`: argmax when exclusive, else all at or above their threshold.
pub(super) fn decide(probs: &[f32], thresholds: &[f32], exclusive: bool) -> Vec<usize> {
    if exclusive {
        let best = (0..probs.len()).max_by(|&a, &b| probs[a].total_cmp(&probs[b]).then(b.cmp(&a)));
        return best.into_iter().collect();
    }
    (0..probs.len())
        .filter(|&t| probs[t] >= thresholds[t])
        .collect()
}

/// The F1-optimal probability cut for one topic, midway between the last score kept and the
/// next one. Topics without positives keep 0.5.
pub fn tune_threshold(scores: &[f32], y: &[bool]) -> f32 {
    let positives = y.iter().filter(|&&b| b).count();
    if positives == 0 {
        return 0.5;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let (mut tp, mut fp) = (0usize, 0usize);
    let (mut best_f1, mut best_k) = (0.0f64, 0usize);
    for (k, &i) in order.iter().enumerate() {
        if y[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        // Only cut between distinct scores.
        if k + 1 < order.len() && scores[order[k + 1]] == scores[i] {
            continue;
        }
        let f1 = 2.0 * tp as f64 / (2 * tp + fp + (positives - tp)) as f64;
        if f1 > best_f1 {
            best_f1 = f1;
            best_k = k + 1;
        }
    }
    if best_k == 0 {
        return 0.5;
    }
    let kept = scores[order[best_k - 1]];
    let next = if best_k < order.len() {
        scores[order[best_k]]
    } else {
        0.0
    };
    ((kept + next) / 2.0).clamp(0.01, 0.99)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_is_the_f1_optimal_cut() {
        let scores = [0.9, 0.8, 0.4, 0.3, 0.1];
        let y = [true, true, false, true, false];
        // Keeping the top 4 gives F1 = 6/7 (best); the cut lies between 0.3 and 0.1.
        assert!((tune_threshold(&scores, &y) - 0.2).abs() < 1e-6);
        assert_eq!(tune_threshold(&scores, &[false; 5]), 0.5);
    }

    #[test]
    fn held_out_rows_choose_only_topics_with_enough_positives_among_rows_that_know_them() {
        let model = crate::model::tests::tiny_model(); // energy, security; thresholds 0.5
        let mut rows = ThresholdRows::new(2);
        // Energy: positives score 0.3, negatives 0.1 -> the cut lies between (0.2).
        for _ in 0..3 {
            rows.add(&[0.3, 0.9], &[0], None);
            rows.add(&[0.1, 0.9], &[], None);
        }
        // Rows that do not know energy say nothing about it, however they score.
        rows.add(&[0.05, 0.9], &[1], Some(&[1]));
        let chosen = rows.choose(&model, 3).unwrap();
        assert_eq!(chosen.rows, 7);
        let (energy, security) = (&chosen.topics[0], &chosen.topics[1]);
        assert_eq!((energy.known, energy.positives), (6, 3));
        assert!((energy.chosen.unwrap() - 0.2).abs() < 1e-6, "{energy:?}");
        // Security has one positive: too few, the model's threshold stays.
        assert_eq!((security.known, security.positives), (7, 1));
        assert_eq!((security.trained, security.chosen), (0.5, None));
        let mut m = model.clone();
        m.set_held_out_thresholds(chosen).unwrap();
        assert!((m.thresholds()[0] - 0.2).abs() < 1e-6);
        assert_eq!(m.thresholds()[1], 0.5);
        assert!(m.meta().held_out.is_some());
    }
}
