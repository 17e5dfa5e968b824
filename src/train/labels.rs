//! Labels: the items' labels and known topics in, the sorted topics, each item's gold topics
//! and which items count as examples of each topic out; refuses label sets no classifier can
//! learn from.

use crate::dataset::LabelledItem;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// The topics of a training set and what each item says about them.
pub(super) struct Labels {
    /// Every label, sorted.
    pub(super) topics: Vec<String>,
    /// Items carrying each topic.
    pub(super) counts: Vec<u64>,
    /// Gold topics of every item (indices into `topics`).
    pub(super) gold: Vec<Vec<usize>>,
    /// Topics every item knows (`None`: every topic).
    pub(super) known: Vec<Option<Vec<usize>>>,
    /// For each topic, the items that know it (`None`: every item).
    pub(super) known_rows: Vec<Option<Vec<bool>>>,
    /// Items that know each topic.
    pub(super) known_counts: Vec<u64>,
    /// Whether some item knows only some topics (the data is then multi-label).
    pub(super) partial: bool,
}

impl Labels {
    /// Read the labels of `items` (not empty), adding a warning for each topic with too few
    /// examples or negative examples to `warnings`.
    pub(super) fn read(items: &[LabelledItem], warnings: &mut Vec<String>) -> Result<Labels> {
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        for it in items {
            for l in &it.labels {
                *counts.entry(l.as_str()).or_default() += 1;
            }
        }
        if counts.is_empty() {
            return Err(Error::Training("no item has a label".into()));
        }
        // A topic on every item has no negative example: its classifier learns to say yes to
        // everything, and cross-validation scores it perfect (issue #18: a one-class file gave
        // "cv F1 1.000" and probability 1.0 on every text).
        if let Some((t, _)) = counts.iter().find(|(_, &c)| c as usize >= items.len()) {
            return Err(Error::Training(format!(
                "every item has the label '{t}': a classifier needs items without it too \
                 (add items of other topics, or items with no label)"
            )));
        }
        let topics: Vec<String> = counts.keys().map(|s| s.to_string()).collect();
        // The model loader's rule for topic names: what training saves, loading accepts.
        crate::settings::topic_names(&topics).map_err(Error::Training)?;
        // Each topic is a column of `tag`'s CSV output, beside these.
        let columns = crate::settings::OUTPUT_COLUMNS;
        if let Some(t) = topics.iter().find(|t| columns.contains(&t.as_str())) {
            return Err(Error::Training(format!(
                "topic '{t}' has the name of an output column ({}): tag's CSV output would \
                 have two '{t}' columns; rename the label",
                columns.join(", ")
            )));
        }
        for (t, c) in &counts {
            if *c < 2 {
                warnings.push(format!(
                    "topic '{t}' has only {c} example; its classifier and threshold are unreliable"
                ));
            }
        }
        let gold: Vec<Vec<usize>> = items
            .iter()
            .map(|it| {
                it.labels
                    .iter()
                    .map(|l| topics.binary_search(l).expect("label collected above"))
                    .collect()
            })
            .collect();
        let (known, known_rows) = known_topics(items, &topics, &gold)?;
        let known_counts: Vec<u64> = (0..topics.len())
            .map(|t| {
                known_rows[t]
                    .as_ref()
                    .map_or(items.len(), |m| m.iter().filter(|&&k| k).count())
                    as u64
            })
            .collect();
        for (t, name) in topics.iter().enumerate() {
            if known_rows[t].is_none() {
                continue;
            }
            let negatives = known_counts[t] - counts[name.as_str()];
            if negatives == 0 {
                return Err(Error::Training(format!(
                    "topic '{name}' has no negative example: every item that knows it carries it; \
                     name it in the known topics of items that are not about it"
                )));
            }
            if negatives < 2 {
                warnings.push(format!(
                    "topic '{name}' has only {negatives} negative example (an item that knows it \
                     without carrying it); its classifier and threshold are unreliable"
                ));
            }
        }
        let partial = known_rows.iter().any(Option::is_some);
        let counts = topics.iter().map(|t| counts[t.as_str()]).collect();
        Ok(Labels {
            topics,
            counts,
            gold,
            known,
            known_rows,
            known_counts,
            partial,
        })
    }

    /// Whether the model predicts exactly one topic: as `asked`, or else when every item has
    /// one label and knows every topic.
    pub(super) fn exclusive(&self, asked: Option<bool>) -> bool {
        asked.unwrap_or_else(|| !self.partial && self.gold.iter().all(|g| g.len() == 1))
    }

    /// For each topic, whether each item carries it.
    pub(super) fn targets(&self) -> Vec<Vec<bool>> {
        (0..self.topics.len())
            .map(|t| self.gold.iter().map(|g| g.contains(&t)).collect())
            .collect()
    }
}

/// Topics every item knows, as indices (`None`: every topic), and for each topic the items
/// that know it (`None`: every item, so the topic is fitted as without a known column).
/// Fails on a known topic that is no item's label and on a label the item does not know.
#[allow(clippy::type_complexity)]
fn known_topics(
    items: &[LabelledItem],
    topics: &[String],
    gold: &[Vec<usize>],
) -> Result<(Vec<Option<Vec<usize>>>, Vec<Option<Vec<bool>>>)> {
    if items.iter().all(|it| it.known.is_none()) {
        return Ok((vec![None; items.len()], vec![None; topics.len()]));
    }
    let mut known = Vec::with_capacity(items.len());
    for (it, g) in items.iter().zip(gold) {
        let Some(names) = &it.known else {
            known.push(None);
            continue;
        };
        let mut k = Vec::with_capacity(names.len());
        for name in names {
            match topics.binary_search(name) {
                Ok(t) => k.push(t),
                Err(_) => {
                    return Err(Error::Training(format!(
                        "item on line {}: known topic '{name}' is not the label of any item \
                         (topics: {})",
                        it.line,
                        topics.join(", ")
                    )))
                }
            }
        }
        if let Some(&t) = g.iter().find(|t| !k.contains(t)) {
            return Err(Error::Training(format!(
                "item on line {}: label '{}' is not among its known topics",
                it.line, topics[t]
            )));
        }
        k.sort_unstable();
        k.dedup();
        known.push((k.len() < topics.len()).then_some(k));
    }
    let rows = (0..topics.len())
        .map(|t| {
            let mask: Vec<bool> = known
                .iter()
                .map(|k| k.as_ref().is_none_or(|k| k.binary_search(&t).is_ok()))
                .collect();
            (!mask.iter().all(|&b| b)).then_some(mask)
        })
        .collect();
    Ok((known, rows))
}
