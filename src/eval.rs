//! Evaluation: gold and predicted topic sets in, precision / recall / F1 per topic, micro and
//! macro averages, accuracy for exclusive models, and the same per language.
//!
//! Macro averages are taken over the topics with at least one gold item in the scored set,
//! so a topic that never occurs in (say) the Spanish items does not drag the Spanish macro-F1.
//!
//! Items may know only some topics ([`crate::dataset::LabelledItem::known`]): an item is scored
//! only on the topics it knows. A prediction of a topic it does not know is neither a true nor
//! a false positive, and its exact match compares its gold topics with its predictions among
//! the known topics.

use crate::dataset::LabelledItem;
use crate::plural::counted;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Labelled items' topics as a model's indices ([`Gold::map`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gold {
    /// Per item, its labels that are topics of the model.
    pub gold: Vec<Vec<usize>>,
    /// Per item, the model's topics it knows (`None`: every topic).
    pub known: Vec<Option<Vec<usize>>>,
    /// Labels that are not topics of the model (they cannot be predicted), with their item
    /// counts, in name order.
    pub unknown: BTreeMap<String, u64>,
    /// Labels read as the model's topic of the same name in another case (`Sport` for
    /// `sport`), with that topic.
    pub recased: BTreeMap<String, String>,
}

impl Gold {
    /// Map `items`' labels and known topics onto `topics` (a model's, in its order).
    pub fn map(topics: &[String], items: &[LabelledItem]) -> Gold {
        let lower: Vec<String> = topics.iter().map(|t| t.to_lowercase()).collect();
        let mut recased: BTreeMap<String, String> = BTreeMap::new();
        // The topic of that name, else the one topic of that name in another case.
        let mut index = |name: &str| {
            topics.iter().position(|t| t == name).or_else(|| {
                let l = name.to_lowercase();
                let mut same = lower.iter().enumerate().filter(|(_, t)| **t == l);
                match (same.next(), same.next()) {
                    (Some((i, _)), None) => {
                        recased.insert(name.to_string(), topics[i].clone());
                        Some(i)
                    }
                    _ => None,
                }
            })
        };
        let mut unknown: BTreeMap<String, u64> = BTreeMap::new();
        let gold = items
            .iter()
            .map(|it| {
                it.labels
                    .iter()
                    .filter_map(|l| {
                        let i = index(l);
                        if i.is_none() {
                            *unknown.entry(l.clone()).or_default() += 1;
                        }
                        i
                    })
                    .collect()
            })
            .collect();
        let known = items
            .iter()
            .map(|it| {
                it.known
                    .as_ref()
                    .map(|k| k.iter().filter_map(|name| index(name)).collect())
            })
            .collect();
        Gold {
            gold,
            known,
            unknown,
            recased,
        }
    }

    /// Whether the items carry labels but none of them is a topic of the model: evaluating
    /// would measure nothing (most likely the wrong model for the data).
    pub fn shares_no_topic(&self) -> bool {
        !self.unknown.is_empty() && self.gold.iter().all(Vec::is_empty)
    }
}

/// Precision, recall and F1 (0 where undefined).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn from_counts(tp: u64, fp: u64, fn_: u64) -> Prf {
        let div = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Prf {
            precision: div(tp, tp + fp),
            recall: div(tp, tp + fn_),
            f1: div(2 * tp, 2 * tp + fp + fn_),
        }
    }
}

/// Scores of one topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicScore {
    pub topic: String,
    #[serde(flatten)]
    pub prf: Prf,
    /// Gold items with this topic.
    pub support: u64,
    /// Items predicted with this topic (among the items that know it).
    pub predicted: u64,
    /// Items scored on this topic: those that know it.
    pub known: u64,
}

impl TopicScore {
    /// Precision, recall and F1 as printed: `None` where the ratio is undefined (precision
    /// with nothing predicted, recall with no gold item, F1 with neither). [`Prf`] holds 0.0
    /// there, as scikit-learn does.
    pub fn defined(&self) -> [Option<f64>; 3] {
        let p = &self.prf;
        [
            (self.predicted > 0).then_some(p.precision),
            (self.support > 0).then_some(p.recall),
            (self.predicted + self.support > 0).then_some(p.f1),
        ]
    }
}

/// A score to three decimals, or `-` where it is undefined.
pub fn shown(score: Option<f64>) -> String {
    score.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// Scores over one set of items.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    pub items: u64,
    pub topics: Vec<TopicScore>,
    pub micro: Prf,
    pub macro_avg: Prf,
    /// Share of items whose predicted topic set equals the gold set.
    pub exact_match: f64,
    /// For exclusive models: share of items whose one predicted topic is the gold one.
    pub accuracy: Option<f64>,
}

/// Score predictions. `gold[i]` and `pred[i]` are topic indices into `topics`.
pub fn score(
    topics: &[String],
    gold: &[Vec<usize>],
    pred: &[Vec<usize>],
    exclusive: bool,
) -> Scores {
    score_known(topics, gold, pred, &vec![None; gold.len()], exclusive)
}

/// [`score`] for items that may know only some topics: `known[i]` lists the topics item `i`
/// is scored on (`None`: every topic). Gold topics must be among them.
pub fn score_known(
    topics: &[String],
    gold: &[Vec<usize>],
    pred: &[Vec<usize>],
    known: &[Option<Vec<usize>>],
    exclusive: bool,
) -> Scores {
    let n = topics.len();
    let (mut tp, mut fp, mut fn_) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
    let mut knows = vec![gold.len() as u64; n];
    let mut exact = 0u64;
    for ((g, p), k) in gold.iter().zip(pred).zip(known) {
        let mut p = p.clone();
        if let Some(k) = k {
            p.retain(|t| k.contains(t));
            for (t, count) in knows.iter_mut().enumerate() {
                *count -= u64::from(!k.contains(&t));
            }
        }
        for &t in &p {
            if g.contains(&t) {
                tp[t] += 1;
            } else {
                fp[t] += 1;
            }
        }
        for &t in g {
            if !p.contains(&t) {
                fn_[t] += 1;
            }
        }
        let mut gs = g.clone();
        let mut ps = p;
        gs.sort_unstable();
        ps.sort_unstable();
        exact += u64::from(gs == ps);
    }
    let per_topic: Vec<TopicScore> = (0..n)
        .map(|t| TopicScore {
            topic: topics[t].clone(),
            prf: Prf::from_counts(tp[t], fp[t], fn_[t]),
            support: tp[t] + fn_[t],
            predicted: tp[t] + fp[t],
            known: knows[t],
        })
        .collect();
    let micro = Prf::from_counts(tp.iter().sum(), fp.iter().sum(), fn_.iter().sum());
    let present: Vec<&TopicScore> = per_topic.iter().filter(|s| s.support > 0).collect();
    let mean = |f: fn(&Prf) -> f64| {
        if present.is_empty() {
            0.0
        } else {
            present.iter().map(|s| f(&s.prf)).sum::<f64>() / present.len() as f64
        }
    };
    let macro_avg = Prf {
        precision: mean(|p| p.precision),
        recall: mean(|p| p.recall),
        f1: mean(|p| p.f1),
    };
    let items = gold.len() as u64;
    let exact_match = if items == 0 {
        0.0
    } else {
        exact as f64 / items as f64
    };
    Scores {
        items,
        topics: per_topic,
        micro,
        macro_avg,
        exact_match,
        accuracy: exclusive.then_some(exact_match),
    }
}

/// Scores overall and per language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvalReport {
    pub overall: Scores,
    pub by_language: Vec<(String, Scores)>,
}

impl EvalReport {
    /// Score predictions overall and grouped by `langs[i]` (languages in sorted order).
    pub fn new(
        topics: &[String],
        gold: &[Vec<usize>],
        pred: &[Vec<usize>],
        langs: &[&str],
        exclusive: bool,
    ) -> EvalReport {
        EvalReport::with_known(
            topics,
            gold,
            pred,
            &vec![None; gold.len()],
            langs,
            exclusive,
        )
    }

    /// [`EvalReport::new`] for items that may know only some topics (see [`score_known`]).
    pub fn with_known(
        topics: &[String],
        gold: &[Vec<usize>],
        pred: &[Vec<usize>],
        known: &[Option<Vec<usize>>],
        langs: &[&str],
        exclusive: bool,
    ) -> EvalReport {
        let mut codes: Vec<&str> = langs.to_vec();
        codes.sort_unstable();
        codes.dedup();
        let by_language = codes
            .into_iter()
            .map(|code| {
                let idx: Vec<usize> = (0..gold.len()).filter(|&i| langs[i] == code).collect();
                let g: Vec<Vec<usize>> = idx.iter().map(|&i| gold[i].clone()).collect();
                let p: Vec<Vec<usize>> = idx.iter().map(|&i| pred[i].clone()).collect();
                let k: Vec<Option<Vec<usize>>> = idx.iter().map(|&i| known[i].clone()).collect();
                (code.to_string(), score_known(topics, &g, &p, &k, exclusive))
            })
            .collect();
        EvalReport {
            overall: score_known(topics, gold, pred, known, exclusive),
            by_language,
        }
    }
}

fn write_scores(f: &mut fmt::Formatter<'_>, title: &str, s: &Scores) -> fmt::Result {
    writeln!(f, "{title}: {}", counted(s.items, "item"))?;
    let width = s
        .topics
        .iter()
        .map(|t| t.topic.chars().count())
        .max()
        .unwrap_or(5)
        .max(9);
    // Items that know only some topics: each topic's count of items scored on it.
    let partial = s.topics.iter().any(|t| t.known < s.items);
    write!(f, "  {:width$}  precision  recall     f1  support", "topic")?;
    writeln!(f, "{}", if partial { "    known" } else { "" })?;
    for t in &s.topics {
        let [p, r, f1] = t.defined().map(shown);
        write!(
            f,
            "  {:width$}  {p:>9}  {r:>6}  {f1:>5}  {:>7}",
            t.topic, t.support
        )?;
        if partial {
            write!(f, "  {:>7}", t.known)?;
        }
        writeln!(f)?;
    }
    for (name, p) in [("micro avg", &s.micro), ("macro avg", &s.macro_avg)] {
        writeln!(
            f,
            "  {:width$}  {:>9.3}  {:>6.3}  {:>5.3}",
            name, p.precision, p.recall, p.f1
        )?;
    }
    let over = if partial { " (over known topics)" } else { "" };
    match s.accuracy {
        Some(a) => writeln!(f, "  accuracy {a:.3}{over}"),
        None => writeln!(f, "  exact match {:.3}{over}", s.exact_match),
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_scores(f, "all languages", &self.overall)?;
        if self.by_language.len() > 1 {
            for (code, s) in &self.by_language {
                writeln!(f)?;
                write_scores(f, &format!("language {code}"), s)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topics() -> Vec<String> {
        vec!["a".into(), "b".into(), "c".into()]
    }

    fn labelled(labels: &[&str]) -> LabelledItem {
        LabelledItem {
            line: 2,
            text: "t".into(),
            lang: None,
            labels: labels.iter().map(|l| l.to_string()).collect(),
            known: None,
            group: None,
        }
    }

    /// Labels are the model's topics as named, or in another case; other labels are told
    /// apart, and data sharing no topic with the model is said to.
    #[test]
    fn labels_map_onto_topics_in_any_case() {
        let g = Gold::map(
            &topics(),
            &[labelled(&["A", "x"]), labelled(&["b"]), labelled(&[])],
        );
        assert_eq!(g.gold, [vec![0], vec![1], vec![]]);
        assert_eq!(g.recased.get("A").map(String::as_str), Some("a"));
        assert_eq!(g.unknown.get("x"), Some(&1));
        assert!(!g.shares_no_topic());
        let none = Gold::map(&topics(), &[labelled(&["x"]), labelled(&[])]);
        assert!(none.shares_no_topic());
        // No labels at all: negatives only, which is something to measure.
        assert!(!Gold::map(&topics(), &[labelled(&[])]).shares_no_topic());
    }

    #[test]
    fn micro_and_macro_match_scikit_learn() {
        // Reference: sklearn.metrics.f1_score on the same indicator matrices gives
        // micro 0.75 and per-label F1 a = 1.0, b = 0.667, c = 0.0; c has no gold item, so
        // our macro leaves it out: (1.0 + 0.667) / 2.
        let gold = vec![vec![0], vec![0, 1], vec![1]];
        let pred = vec![vec![0], vec![0], vec![1, 2]];
        let s = score(&topics(), &gold, &pred, false);
        assert!((s.micro.f1 - 2.0 * 3.0 / (2.0 * 3.0 + 1.0 + 1.0)).abs() < 1e-12);
        assert_eq!(s.topics[1].prf.f1, 2.0 / 3.0);
        assert!((s.macro_avg.f1 - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
        assert_eq!(s.exact_match, 1.0 / 3.0);
        assert_eq!(s.accuracy, None);
    }

    /// An item is scored only on the topics it knows: item 1 knows a and b, so its prediction
    /// of c is no false positive, and its exact match ignores it.
    #[test]
    fn items_are_scored_only_on_the_topics_they_know() {
        let gold = vec![vec![0], vec![0], vec![1]];
        let pred = vec![vec![0, 2], vec![0, 2], vec![1]];
        let all = score(&topics(), &gold, &pred, false);
        assert_eq!((all.topics[2].predicted, all.topics[2].known), (2, 3));
        assert_eq!(all.exact_match, 1.0 / 3.0);
        let known = vec![None, Some(vec![0, 1]), Some(vec![1])];
        let s = score_known(&topics(), &gold, &pred, &known, false);
        assert_eq!(s.topics[2].predicted, 1);
        assert_eq!(
            s.topics.iter().map(|t| t.known).collect::<Vec<_>>(),
            [2, 3, 1]
        );
        assert_eq!(s.exact_match, 2.0 / 3.0);
        assert!((s.micro.precision - 3.0 / 4.0).abs() < 1e-12);
        assert_eq!(s.micro.recall, 1.0);
        let r = EvalReport::with_known(&topics(), &gold, &pred, &known, &["en"; 3], false);
        assert_eq!(r.overall, s);
        let text = r.to_string();
        assert!(text.contains("support    known"), "{text}");
        assert!(
            text.contains("exact match 0.667 (over known topics)"),
            "{text}"
        );
        // Without partial items the table is as before.
        assert!(!EvalReport::new(&topics(), &gold, &pred, &["en"; 3], false)
            .to_string()
            .contains("known"));
    }

    #[test]
    fn per_language_groups() {
        let gold = vec![vec![0], vec![1]];
        let pred = vec![vec![0], vec![0]];
        let r = EvalReport::new(&topics(), &gold, &pred, &["es", "en"], true);
        assert_eq!(r.by_language[0].0, "en");
        assert_eq!(r.by_language[0].1.accuracy, Some(0.0));
        assert_eq!(r.by_language[1].1.accuracy, Some(1.0));
        assert_eq!(r.overall.accuracy, Some(0.5));
        assert!(r.to_string().contains("language es: 1 item\n"));
    }

    /// A ratio whose denominator is zero prints as `-`, not as a score of 0: topic c is never
    /// gold and predicted once (precision 0, recall undefined); b is neither gold nor predicted.
    #[test]
    fn undefined_ratios_print_as_a_dash() {
        let s = score(&topics(), &[vec![0], vec![]], &[vec![0], vec![2]], false);
        assert_eq!(s.topics[0].defined(), [Some(1.0), Some(1.0), Some(1.0)]);
        assert_eq!(s.topics[1].defined(), [None, None, None]);
        assert_eq!(s.topics[2].defined(), [Some(0.0), None, Some(0.0)]);
        let text = EvalReport::new(
            &topics(),
            &[vec![0], vec![]],
            &[vec![0], vec![2]],
            &["en"; 2],
            false,
        )
        .to_string();
        let row = |t: &str| {
            text.lines()
                .find(|l| l.trim_start().starts_with(t))
                .unwrap()
                .split_whitespace()
                .skip(1)
                .collect::<Vec<_>>()
        };
        assert_eq!(row("a "), ["1.000", "1.000", "1.000", "1"]);
        assert_eq!(row("b "), ["-", "-", "-", "0"]);
        assert_eq!(row("c "), ["0.000", "-", "0.000", "0"]);
    }
}
