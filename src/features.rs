//! Features: analyzed terms in, L2-normalised TF-IDF sparse vectors out.
//!
//! The vocabulary and the inverse document frequencies are learned once, at training time,
//! and stored in the model, so one text tagged alone gets the same weights as it would in a
//! batch (unlike a vectorizer that recomputes IDF from whatever batch it is given).
//!
//! A row is the word block (the analyzer's terms, L2-normalised) optionally followed by a block
//! of character n-grams of the raw text (`chars`, L2-normalised and scaled by its weight):
//! columns `0..words` are terms, the rest grams.

mod chars;

pub use chars::{CharGramConfig, MAX_N as MAX_GRAM_CHARS};
use chars::{CharGrams, GramBuf};
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
/// | `char_grams` | none | add a block of character n-grams ([`CharGramConfig`]) |
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    pub sublinear_tf: bool,
    pub smooth_idf: bool,
    pub min_df: u32,
    pub max_df: f32,
    pub bigrams: bool,
    pub max_features: Option<u32>,
    pub char_grams: Option<CharGramConfig>,
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
            char_grams: None,
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
    /// The character n-gram block, when `config.char_grams` asks for one.
    chars: Option<CharGrams>,
    #[serde(skip)]
    index: TermMap<Box<str>>,
}

impl Vectorizer {
    /// Learn the vocabulary and IDF from analyzed documents.
    ///
    /// # Panics
    /// When `config.char_grams` is set: grams come from the raw texts, which only
    /// [`Vectorizer::fit_with_texts`] is given.
    pub fn fit(docs: &[Vec<String>], config: FeatureConfig) -> Vectorizer {
        assert!(
            config.char_grams.is_none(),
            "character n-grams need the raw texts: use Vectorizer::fit_with_texts"
        );
        Self::fit_with_texts::<&str>(docs, &[], config)
    }

    /// Learn the vocabulary and IDF from analyzed documents and (for the character n-gram
    /// block) the raw texts they came from, `texts[i]` being the text of `docs[i]`.
    ///
    /// # Panics
    /// When `config.char_grams` is set and `texts` is not as long as `docs`.
    pub fn fit_with_texts<S: AsRef<str> + Sync>(
        docs: &[Vec<String>],
        texts: &[S],
        config: FeatureConfig,
    ) -> Vectorizer {
        let chars = config.char_grams.clone().map(|c| {
            assert_eq!(texts.len(), docs.len(), "one text per document");
            CharGrams::fit(texts, c, config.smooth_idf)
        });
        let mut df: TermMap<String> = TermMap::default();
        let mut seen: Vec<String> = Vec::new();
        for doc in docs {
            for_each_term(doc, config.bigrams, |t| seen.push(t.to_owned()));
            count_document(&mut df, &mut seen);
        }
        let (terms, idf) = vocabulary(
            df,
            docs.len() as f32,
            (config.min_df, config.max_df),
            config.max_features,
            config.smooth_idf,
        );
        let mut v = Vectorizer {
            config,
            terms,
            idf,
            chars,
            index: TermMap::default(),
        };
        v.rebuild_index();
        v
    }

    /// Rebuild the term index after deserializing (the index is not stored).
    pub(crate) fn rebuild_index(&mut self) {
        self.index = index_of(&self.terms);
        if let Some(c) = &mut self.chars {
            c.rebuild_index();
        }
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
        match (&self.config.char_grams, &self.chars) {
            (None, None) => {}
            (Some(want), Some(c)) if *want == c.config => {
                want.check()?;
                if c.grams.len() != c.idf.len() {
                    return Err(format!(
                        "{} character n-grams but {} idf values",
                        c.grams.len(),
                        c.idf.len()
                    ));
                }
                if c.idf.iter().any(|v| !v.is_finite()) {
                    return Err("character n-gram idf holds a non-finite value".into());
                }
            }
            _ => return Err("the character n-gram settings disagree with the block".into()),
        }
        if self.len() > u32::MAX as usize {
            return Err("more columns than fit in 32 bits".into());
        }
        Ok(())
    }

    /// The settings used.
    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// Number of columns: word terms, then character n-grams.
    pub fn len(&self) -> usize {
        self.terms.len() + self.chars.as_ref().map_or(0, CharGrams::len)
    }

    /// True when the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of word-term columns (the character n-gram columns follow them).
    pub fn word_columns(&self) -> usize {
        self.terms.len()
    }

    /// The term of a column: a word term, or a character n-gram (padding spaces included)
    /// when `index >= word_columns()`.
    pub fn term(&self, index: u32) -> &str {
        let i = index as usize;
        match self.terms.get(i) {
            Some(t) => t,
            None => {
                let c = self.chars.as_ref().expect("column inside the vocabulary");
                &c.grams[i - self.terms.len()]
            }
        }
    }

    /// The column of a word term.
    pub fn column(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }

    /// The TF-IDF vector of one analyzed document (L2-normalised; empty if no term is known).
    /// Word columns only: see [`Vectorizer::transform_with_text`].
    pub fn transform(&self, doc: &[String]) -> SparseVec {
        self.transform_terms(doc)
    }

    /// The full row of a document: [`Vectorizer::transform`] of its terms, followed by the
    /// character n-gram block of its raw `text` when the vectorizer has one.
    pub fn transform_with_text(&self, doc: &[String], text: &str) -> SparseVec {
        let mut v = self.transform(doc);
        self.append_char_grams(text, &mut v);
        v
    }

    /// Append the character n-gram block of `text` to a word row (nothing without a block).
    pub fn append_char_grams(&self, text: &str, v: &mut SparseVec) {
        if let Some(c) = &self.chars {
            thread_local! {
                static BUFS: std::cell::RefCell<(GramBuf, Vec<u32>)> = Default::default();
            }
            let offset = self.terms.len() as u32;
            let sublinear = self.config.sublinear_tf;
            BUFS.with(|b| {
                let (buf, cols) = &mut *b.borrow_mut();
                c.append(text, offset, sublinear, buf, cols, v)
            });
        }
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
        tf_idf(cols, &self.idf, self.config.sublinear_tf)
    }
}

/// Add one document's terms (`seen`, repeats allowed; drained) to the document frequencies.
fn count_document(df: &mut TermMap<String>, seen: &mut Vec<String>) {
    seen.sort_unstable();
    seen.dedup();
    for t in seen.drain(..) {
        *df.entry(t).or_insert(0) += 1;
    }
}

/// The vocabulary of `df` over `n` documents: the terms within the `(min_df, max_df)`
/// cut-offs (at most `max_features` of them, the most frequent), sorted, with their IDF.
fn vocabulary(
    df: TermMap<String>,
    n: f32,
    (min_df, max_df): (u32, f32),
    max_features: Option<u32>,
    smooth_idf: bool,
) -> (Vec<String>, Vec<f32>) {
    let max_df = (max_df * n).max(1.0);
    let mut kept: Vec<(String, u32)> = df
        .into_iter()
        .filter(|(_, d)| *d >= min_df && (*d as f32) <= max_df)
        .collect();
    if let Some(max) = max_features {
        // Most frequent first; ties broken by the term so the result is deterministic.
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        kept.truncate(max as usize);
    }
    kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let idf = kept
        .iter()
        .map(|&(_, d)| idf(n, d as f32, smooth_idf))
        .collect();
    (kept.into_iter().map(|(t, _)| t).collect(), idf)
}

/// Term → its position in `terms`.
fn index_of(terms: &[String]) -> TermMap<Box<str>> {
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str().into(), i as u32))
        .collect()
}

/// Inverse document frequency of a term in `df` of `n` documents (see [`FeatureConfig`]).
fn idf(n: f32, df: f32, smooth: bool) -> f32 {
    if smooth {
        ((1.0 + n) / (1.0 + df)).ln() + 1.0
    } else {
        (n / df).ln() + 1.0
    }
}

/// The L2-normalised TF-IDF vector of the columns `cols` (one entry per occurrence, any
/// order; sorted in place) weighted by `idf`.
fn tf_idf(cols: &mut [u32], idf: &[f32], sublinear_tf: bool) -> SparseVec {
    let mut v = SparseVec {
        indices: Vec::with_capacity(cols.len()),
        values: Vec::with_capacity(cols.len()),
    };
    push_tf_idf(cols, idf, sublinear_tf, 0, 1.0, &mut v);
    v
}

/// [`tf_idf`] appended to `v`: columns shifted by `offset`, values L2-normalised among
/// themselves, then multiplied by `weight` (unless it is 1).
fn push_tf_idf(
    cols: &mut [u32],
    idf: &[f32],
    sublinear_tf: bool,
    offset: u32,
    weight: f32,
    v: &mut SparseVec,
) {
    cols.sort_unstable();
    let start = v.values.len();
    let mut i = 0;
    while i < cols.len() {
        let c = cols[i];
        let mut j = i;
        while j < cols.len() && cols[j] == c {
            j += 1;
        }
        let tf = (j - i) as f32;
        // Most terms occur once, and ln 1 = 0 exactly: no logarithm to take for them.
        let tf = if sublinear_tf && j - i > 1 {
            1.0 + tf.ln()
        } else {
            tf
        };
        v.indices.push(c + offset);
        v.values.push(tf * idf[c as usize]);
        i = j;
    }
    let block = &mut v.values[start..];
    let norm = block.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        block.iter_mut().for_each(|x| *x /= norm);
    }
    if weight != 1.0 {
        block.iter_mut().for_each(|x| *x *= weight);
    }
}

/// Items an [`entries_per_item`] estimate looks at, at most (evenly spaced).
const ENTRY_SAMPLE: usize = 256;

/// The mean number of distinct entries (terms, pairs, character n-grams) a row of `config`'s
/// vectors would store, estimated on an evenly spaced sample of the documents and before the
/// `min_df`/`max_df` cuts (so an upper bound of sorts): what a fit's cost grows with, known
/// before any vocabulary is built. `texts[i]` is the raw text of `docs[i]` (for the grams).
pub(crate) fn entries_per_item<S: AsRef<str>>(
    docs: &[Vec<String>],
    texts: &[S],
    config: &FeatureConfig,
) -> f64 {
    if docs.is_empty() {
        return 0.0;
    }
    let step = docs.len().div_ceil(ENTRY_SAMPLE);
    let mut seen: std::collections::HashSet<String, foldhash::fast::RandomState> =
        Default::default();
    let mut buf = GramBuf::default();
    let (mut total, mut sampled) = (0usize, 0usize);
    for i in (0..docs.len()).step_by(step) {
        seen.clear();
        for_each_term(&docs[i], config.bigrams, |t| {
            if !seen.contains(t) {
                seen.insert(t.to_owned());
            }
        });
        total += seen.len();
        if let (Some(c), Some(text)) = (&config.char_grams, texts.get(i)) {
            seen.clear();
            chars::for_each_gram(
                text.as_ref(),
                c.min_n.into(),
                c.max_n.into(),
                &mut buf,
                |g| {
                    if !seen.contains(g) {
                        seen.insert(g.to_owned());
                    }
                },
            );
            total += seen.len();
        }
        sampled += 1;
    }
    total as f64 / sampled as f64
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
    fn entry_estimates_count_distinct_terms_pairs_and_grams() {
        let d = docs(&["alpha beta alpha", "gamma"]);
        let texts = ["alpha beta alpha", "gamma"];
        let words = FeatureConfig::default();
        // (2 + 1) / 2 distinct terms.
        assert_eq!(entries_per_item(&d, &texts, &words), 1.5);
        let pairs = FeatureConfig {
            bigrams: true,
            ..words.clone()
        };
        // "alpha beta" and "beta alpha" join the first document's two terms.
        assert_eq!(entries_per_item(&d, &texts, &pairs), 2.5);
        let grams = FeatureConfig {
            char_grams: Some(CharGramConfig {
                min_n: 5,
                max_n: 5,
                ..CharGramConfig::default()
            }),
            ..words
        };
        // " alph" "alpha" "lpha " | " beta" "beta " | " gamm" "gamma" "amma ": 5 + 3 grams.
        assert_eq!(entries_per_item(&d, &texts, &grams), 1.5 + 4.0);
        assert_eq!(entries_per_item(&[], &texts[..0], &grams), 0.0);
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

    #[test]
    fn char_grams_follow_the_words_with_their_own_norm() {
        let cfg = FeatureConfig {
            char_grams: Some(CharGramConfig {
                min_n: 3,
                max_n: 4,
                weight: 0.5,
                ..CharGramConfig::default()
            }),
            ..config()
        };
        let texts = ["Gas oil", "gas", "Gas treaty"];
        let d = docs(&["gas oil", "gas", "gas treaty"]);
        let v = Vectorizer::fit_with_texts(&d, &texts, cfg);
        assert_eq!(v.word_columns(), 3);
        assert!(v.len() > v.word_columns());
        let g = v.word_columns() as u32;
        let grams: Vec<&str> = (g..v.len() as u32).map(|i| v.term(i)).collect();
        assert!(
            grams.contains(&" gas") && grams.contains(&"aty "),
            "{grams:?}"
        );
        let x = v.transform_with_text(&d[2], texts[2]);
        assert!(x.indices.windows(2).all(|w| w[0] < w[1]), "sorted columns");
        let norm = |pick: &dyn Fn(u32) -> bool| {
            x.iter()
                .filter(|&(c, _)| pick(c))
                .map(|(_, v)| v * v)
                .sum::<f32>()
                .sqrt()
        };
        assert!((norm(&|c| c < g) - 1.0).abs() < 1e-5);
        assert!((norm(&|c| c >= g) - 0.5).abs() < 1e-5);
        // Without the text, the word block alone; an unknown text adds nothing.
        assert_eq!(v.transform(&d[2]).nnz(), 2);
        assert_eq!(v.transform_with_text(&d[2], "zzz qqq").nnz(), 2);
    }

    #[test]
    #[should_panic(expected = "fit_with_texts")]
    fn char_grams_need_the_texts() {
        let cfg = FeatureConfig {
            char_grams: Some(CharGramConfig::default()),
            ..config()
        };
        Vectorizer::fit(&docs(&["gas"]), cfg);
    }
}
