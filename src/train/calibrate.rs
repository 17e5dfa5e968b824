//! Calibration: the cross-validation fits in, out-of-fold probabilities out, and from them
//! each topic's decision threshold (the F1-optimal cut) and the cross-validated scores.

use super::folds::FoldPlan;
use super::labels::Labels;
use crate::eval::{score_known, Scores};
use crate::features::SparseVec;
use crate::model::{probabilities, Inverted, TopicWeights};
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
    let probs: Vec<Vec<f32>> = (0..x.len())
        .into_par_iter()
        .map(|i| {
            let f = plan.fold_of[i];
            probabilities(indexes[f].logits(fold_scorers[f], &x[i]), exclusive)
        })
        .collect();
    thresholds.par_iter_mut().enumerate().for_each(|(t, th)| {
        *th = match &labels.known_rows[t] {
            None => {
                let scores: Vec<f32> = probs.iter().map(|p| p[t]).collect();
                tune_threshold(&scores, &y[t])
            }
            Some(m) => {
                let rows = (0..x.len()).filter(|&i| m[i]);
                let scores: Vec<f32> = rows.clone().map(|i| probs[i][t]).collect();
                let labels: Vec<bool> = rows.map(|i| y[t][i]).collect();
                tune_threshold(&scores, &labels)
            }
        };
    });
    let pred: Vec<Vec<usize>> = probs
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
}
