//! Features: analyzed terms in, L2-normalised TF-IDF sparse vectors out.
//!
//! The vocabulary and the inverse document frequencies are learned once, at training time,
//! and stored in the model, so one text tagged alone gets the same weights as it would in a
//! batch (unlike a vectorizer that recomputes IDF from whatever batch it is given).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Hash maps keyed by terms: one lookup per token, so a fast hasher (foldhash, randomly seeded).
type TermMap<K> = HashMap<K, u32, foldhash::fast::RandomState>;

/// Settings of the TF-IDF vectorizer, stored in every model.
///
/// | name | default | purpose |
/// | --- | --- | --- |
/// | `sublinear_tf` | `true` | weight a term by `1 + ln(tf)` instead of `tf` |
/// | `smooth_idf` | `true` | `idf = ln((1 + n) / (1 + df)) + 1`, as if one document held every term |
/// | `min_df` | `2` | drop terms found in fewer documents |
/// | `max_df` | `0.5` | drop terms found in more than this share of documents |
/// | `bigrams` | `false` | also use pairs of adjacent terms (`a b`) |
/// | `max_features` | none | keep only the most frequent terms |
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    pub sublinear_tf: bool,
    pub smooth_idf: bool,
    pub min_df: u32,
    pub max_df: f32,
    pub bigrams: bool,
    pub max_features: Option<u32>,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            sublinear_tf: true,
            smooth_idf: true,
            min_df: 2,
            max_df: 0.5,
            bigrams: false,
            max_features: None,
        }
    }
}

/// A sparse vector: strictly increasing `indices` with their `values`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SparseVec {
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
}

impl SparseVec {
    /// Number of non-zero entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Iterate over `(index, value)` pairs.
    pub fn iter(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.indices
            .iter()
            .copied()
            .zip(self.values.iter().copied())
    }
}

/// The fitted vectorizer: vocabulary (term → column) and IDF per column.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Vectorizer {
    config: FeatureConfig,
    terms: Vec<String>,
    idf: Vec<f32>,
    #[serde(skip)]
    index: TermMap<Box<str>>,
}

impl Vectorizer {
    /// Learn the vocabulary and IDF from analyzed documents.
    pub fn fit(docs: &[Vec<String>], config: FeatureConfig) -> Vectorizer {
        let mut df: TermMap<String> = TermMap::default();
        let mut seen: Vec<String> = Vec::new();
        for doc in docs {
            seen.clear();
            for_each_term(doc, config.bigrams, |t| seen.push(t.to_owned()));
            seen.sort_unstable();
            seen.dedup();
            for t in seen.drain(..) {
                *df.entry(t).or_insert(0) += 1;
            }
        }
        let n = docs.len() as f32;
        let max_df = (config.max_df * n).max(1.0);
        let mut kept: Vec<(String, u32)> = df
            .into_iter()
            .filter(|(_, d)| *d >= config.min_df && (*d as f32) <= max_df)
            .collect();
        if let Some(max) = config.max_features {
            // Most frequent first; ties broken by the term so the result is deterministic.
            kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            kept.truncate(max as usize);
        }
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let idf = kept
            .iter()
            .map(|(_, d)| {
                let d = *d as f32;
                if config.smooth_idf {
                    ((1.0 + n) / (1.0 + d)).ln() + 1.0
                } else {
                    (n / d).ln() + 1.0
                }
            })
            .collect();
        let terms = kept.into_iter().map(|(t, _)| t).collect();
        let mut v = Vectorizer {
            config,
            terms,
            idf,
            index: TermMap::default(),
        };
        v.rebuild_index();
        v
    }

    /// Rebuild the term index after deserializing (the index is not stored).
    pub(crate) fn rebuild_index(&mut self) {
        self.index = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str().into(), i as u32))
            .collect();
    }

    /// Check the stored parts agree with each other (used when loading a model).
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.terms.len() != self.idf.len() {
            return Err(format!(
                "vocabulary has {} terms but {} idf values",
                self.terms.len(),
                self.idf.len()
            ));
        }
        if self.idf.iter().any(|v| !v.is_finite()) {
            return Err("idf holds a non-finite value".into());
        }
        Ok(())
    }

    /// The settings used.
    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The term of a column.
    pub fn term(&self, index: u32) -> &str {
        &self.terms[index as usize]
    }

    /// The column of a term.
    pub fn column(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }

    /// The TF-IDF vector of one analyzed document (L2-normalised; empty if no term is known).
    pub fn transform(&self, doc: &[String]) -> SparseVec {
        self.transform_terms(doc)
    }

    /// [`Vectorizer::transform`] over a stream of terms (as [`crate::text::Analyzer::terms`]
    /// gives): only the columns of known terms are kept, never the terms themselves.
    pub fn transform_terms<S: AsRef<str>>(&self, terms: impl IntoIterator<Item = S>) -> SparseVec {
        let mut cols: Vec<u32> = Vec::new();
        let mut prev = String::new();
        let mut has_prev = false;
        let mut pair = String::new();
        for t in terms {
            let t = t.as_ref();
            if let Some(c) = self.column(t) {
                cols.push(c);
            }
            if self.config.bigrams {
                if has_prev {
                    pair.clear();
                    pair.push_str(&prev);
                    pair.push(' ');
                    pair.push_str(t);
                    if let Some(c) = self.column(&pair) {
                        cols.push(c);
                    }
                }
                prev.clear();
                prev.push_str(t);
                has_prev = true;
            }
        }
        self.from_columns(&mut cols)
    }

    /// The TF-IDF vector of a document given as the columns of its known terms (and, with
    /// bigrams, of its known pairs): one entry per occurrence, in any order. `cols` is sorted in
    /// place. This is the last step of [`Vectorizer::transform_terms`], for callers that map
    /// words to columns themselves (the tagger's memo).
    pub fn from_columns(&self, cols: &mut [u32]) -> SparseVec {
        cols.sort_unstable();
        let mut v = SparseVec {
            indices: Vec::with_capacity(cols.len()),
            values: Vec::with_capacity(cols.len()),
        };
        let mut i = 0;
        while i < cols.len() {
            let c = cols[i];
            let mut j = i;
            while j < cols.len() && cols[j] == c {
                j += 1;
            }
            let tf = (j - i) as f32;
            let tf = if self.config.sublinear_tf {
                1.0 + tf.ln()
            } else {
                tf
            };
            v.indices.push(c);
            v.values.push(tf * self.idf[c as usize]);
            i = j;
        }
        let norm = v.values.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.values.iter_mut().for_each(|x| *x /= norm);
        }
        v
    }
}

/// Call `f` on every term of a document: each token, then (with `bigrams`) each adjacent pair.
fn for_each_term(doc: &[String], bigrams: bool, mut f: impl FnMut(&str)) {
    for t in doc {
        f(t);
    }
    if bigrams {
        let mut buf = String::new();
        for w in doc.windows(2) {
            buf.clear();
            buf.push_str(&w[0]);
            buf.push(' ');
            buf.push_str(&w[1]);
            f(&buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[&str]) -> Vec<Vec<String>> {
        texts
            .iter()
            .map(|t| t.split_whitespace().map(str::to_owned).collect())
            .collect()
    }

    fn config() -> FeatureConfig {
        FeatureConfig {
            min_df: 1,
            max_df: 1.0,
            ..FeatureConfig::default()
        }
    }

    #[test]
    fn idf_matches_scikit_learn_smooth_idf() {
        // scikit-learn 1.x TfidfVectorizer(smooth_idf=True): idf = ln((1+n)/(1+df)) + 1.
        let v = Vectorizer::fit(&docs(&["gas oil", "gas", "gas treaty"]), config());
        let idf = |t: &str| v.idf[v.column(t).unwrap() as usize];
        assert!((idf("gas") - 1.0).abs() < 1e-6);
        assert!((idf("oil") - ((4.0f32 / 2.0).ln() + 1.0)).abs() < 1e-6);
    }

    #[test]
    fn rows_are_l2_normalised_with_sublinear_tf() {
        let v = Vectorizer::fit(&docs(&["gas oil", "gas", "gas treaty"]), config());
        let x = v.transform(&docs(&["oil oil gas unknown"])[0]);
        assert_eq!(x.nnz(), 2);
        let norm: f32 = x.values.iter().map(|a| a * a).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        // oil: (1 + ln 2) * idf(oil); gas: 1 * 1.
        let oil = (1.0 + 2f32.ln()) * ((2.0f32).ln() + 1.0);
        let ratio = x.values[x.indices.iter().position(|&c| v.term(c) == "oil").unwrap()]
            / x.values[x.indices.iter().position(|&c| v.term(c) == "gas").unwrap()];
        assert!((ratio - oil).abs() < 1e-4);
        assert_eq!(v.transform(&docs(&["nothing known"])[0]).nnz(), 0);
    }

    #[test]
    fn df_cut_offs_and_bigrams() {
        let cfg = FeatureConfig {
            min_df: 2,
            max_df: 0.9,
            bigrams: true,
            ..FeatureConfig::default()
        };
        let v = Vectorizer::fit(&docs(&["a b c", "a b d", "a e f"]), cfg);
        // "a" is in every document (> 90%), singletons are below min_df.
        let terms: Vec<&str> = (0..v.len() as u32).map(|i| v.term(i)).collect();
        assert_eq!(terms, ["a b", "b"]);
    }
}
