//! Why a topic was assigned: the terms behind its score.
//!
//! A topic's logit is `bias + Σ weight[c] × x[c]` over the columns `c` of the text's TF-IDF
//! vector `x` (see [`crate::model::TopicWeights`]). Each column's part, `weight × value`, is its
//! *contribution*: positive terms push the topic up, negative ones down, and all of them
//! together add up to `logit − bias` (up to `f32` rounding, since the scorer adds them in
//! another order).
//!
//! ```
//! use topictag::{dataset::LabelledItem, train::{train, TrainConfig}, tagger::Tagger};
//!
//! let item = |text: &str, label: &str| LabelledItem {
//!     line: 0,
//!     text: text.into(),
//!     lang: Some(topictag::lang::Lang::English),
//!     labels: vec![label.into()],
//!     known: None,
//!     group: None,
//! };
//! let items = [
//!     item("Gas pipeline deal signed to raise gas exports", "energy"),
//!     item("New oil refinery and gas field open", "energy"),
//!     item("Troops hold military exercises near the border", "security"),
//!     item("Army drills and missile tests alarm the border region", "security"),
//! ];
//! let features = topictag::features::FeatureConfig { min_df: 1, max_df: 1.0, ..Default::default() };
//! let config = TrainConfig { folds: 0, features, ..TrainConfig::default() };
//! let (model, _) = train(&items, "inline", &config)?;
//! let tagger = Tagger::new(model);
//! let text = "A gas pipeline near the border";
//! let tagged = tagger.tag(text, None, None);
//! for topic in tagger.explain(text, &tagged, 3) {
//!     // The strongest term first; every term is one of the text's analyzed terms.
//!     assert!(topic.terms.windows(2).all(|w| w[0].contribution >= w[1].contribution));
//! }
//! # Ok::<(), topictag::Error>(())
//! ```

use crate::features::{SparseVec, Vectorizer};
use crate::model::TopicModel;
use crate::tagger::{Tagged, Tagger};
use serde::Serialize;

/// One column's part in one topic's logit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contribution {
    /// The term as [`term_label`] shows it (a character n-gram in brackets).
    pub term: String,
    /// The vocabulary column.
    pub column: u32,
    /// The text's TF-IDF value in that column.
    pub value: f32,
    /// The topic's weight of that column.
    pub weight: f32,
    /// `weight × value`.
    pub contribution: f32,
}

/// One assigned topic and the terms that pushed it up most.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicExplanation {
    /// Index into the model's topics.
    pub topic: usize,
    /// The topic's name.
    pub name: String,
    pub probability: f32,
    /// The topic's score before the logistic function.
    pub logit: f32,
    pub bias: f32,
    /// The strongest positive contributions, largest first (at most the `k` asked for).
    pub terms: Vec<Contribution>,
}

/// A column as users see it: the term, or a character n-gram in brackets with its padding
/// spaces (`[ gas]`).
pub fn term_label(v: &Vectorizer, column: u32) -> String {
    let term = v.term(column);
    if (column as usize) < v.word_columns() {
        term.to_string()
    } else {
        format!("[{term}]")
    }
}

/// Every non-zero contribution of `x` to `topic`'s logit, largest first (equal ones in column
/// order). A column the scorer lists twice contributes once, with its weights added.
pub fn contributions(model: &TopicModel, x: &SparseVec, topic: usize) -> Vec<Contribution> {
    let scorer = &model.scorers[topic];
    let mut weights = vec![0f32; x.nnz()];
    for (&col, &w) in scorer.indices.iter().zip(&scorer.weights) {
        if let Ok(k) = x.indices.binary_search(&col) {
            weights[k] += w;
        }
    }
    let mut out: Vec<Contribution> = x
        .iter()
        .zip(weights)
        .filter(|&(_, w)| w != 0.0)
        .map(|((column, value), weight)| Contribution {
            term: term_label(&model.vectorizer, column),
            column,
            value,
            weight,
            contribution: weight * value,
        })
        .collect();
    out.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then(a.column.cmp(&b.column))
    });
    out
}

impl Tagger {
    /// Explain `tagged` (the result of tagging `text` with this tagger): per assigned topic, in
    /// the order assigned, the `k` terms with the largest positive `weight × value`, the ones
    /// that pushed it up (terms that pushed it down are left out: [`contributions`] has every
    /// term, which add up to `logit − bias`).
    pub fn explain(&self, text: &str, tagged: &Tagged, k: usize) -> Vec<TopicExplanation> {
        let model = self.model();
        let x = self.vectorize(text, tagged.route.lang);
        let logits = model.logits(&x);
        tagged
            .topics
            .iter()
            .map(|&t| {
                let mut terms = contributions(model, &x, t);
                terms.retain(|c| c.contribution > 0.0);
                terms.truncate(k);
                TopicExplanation {
                    topic: t,
                    name: model.topics[t].clone(),
                    probability: tagged.probs[t],
                    logit: logits[t],
                    bias: model.scorers[t].bias,
                    terms,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    /// Every contribution of the shipped model on a few texts adds up to logit − bias, each
    /// term is one of the text's analyzed terms, and they come largest first.
    #[test]
    fn contributions_add_up_to_the_logit() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join("foreign-policy.model");
        let tagger = Tagger::new(TopicModel::load(&path).expect("shipped model"));
        let analyzer = crate::text::Analyzer::new(tagger.model().analyzer.clone());
        for (text, lang) in [
            (
                "Gas pipeline talks stall as ministers trade sanctions threats",
                Lang::English,
            ),
            (
                "El gobierno firma un acuerdo de gas con Argelia tras la cumbre",
                Lang::Spanish,
            ),
        ] {
            let x = tagger.vectorize(text, Some(lang));
            let terms = analyzer.analyze(text, Some(lang));
            let logits = tagger.model().logits(&x);
            for (t, &logit) in logits.iter().enumerate() {
                let c = contributions(tagger.model(), &x, t);
                let sum: f64 = c.iter().map(|c| c.contribution as f64).sum();
                let bias = tagger.model().scorers[t].bias as f64;
                assert!(
                    (sum - (logit as f64 - bias)).abs() < 1e-4,
                    "{text}: topic {t}: {sum} vs {}",
                    logit as f64 - bias
                );
                assert!(c.windows(2).all(|w| w[0].contribution >= w[1].contribution));
                for c in &c {
                    assert!(terms.contains(&c.term), "{} not in {terms:?}", c.term);
                    assert_eq!(c.contribution, c.weight * c.value);
                }
            }
        }
    }

    /// `explain` lists only terms that pushed a topic up, at most `k`, strongest first: the
    /// positive contributions, whatever `k` (a text with terms against its topic included).
    #[test]
    fn explanations_list_only_terms_that_push_up() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join("foreign-policy.model");
        let tagger = Tagger::new(TopicModel::load(&path).expect("shipped model"));
        let text = "Gas pipeline deal signed as football fans watch the cup final and the weather turns cold";
        let tagged = tagger.tag(text, None, None);
        assert!(!tagged.topics.is_empty(), "{tagged:?}");
        let x = tagger.vectorize(text, tagged.route.lang);
        let mut negatives = 0;
        for k in [1, 3, 100] {
            for e in tagger.explain(text, &tagged, k) {
                let all = contributions(tagger.model(), &x, e.topic);
                let positive: Vec<_> = all.iter().filter(|c| c.contribution > 0.0).collect();
                negatives += all.len() - positive.len();
                let want: Vec<_> = positive.into_iter().take(k).cloned().collect();
                assert_eq!(e.terms, want, "k {k}");
            }
        }
        assert!(
            negatives > 0,
            "the text should have terms against its topics"
        );
    }
}
