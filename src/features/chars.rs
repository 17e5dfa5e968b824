//! Character n-grams inside word boundaries: scikit-learn's `char_wb` analyzer, as a second
//! TF-IDF block beside the word terms.
//!
//! Each whitespace-separated word is lowercased and padded with one space on each side; every
//! run of `min_n..=max_n` characters of the padded word is a gram (` gas`, `gas `, ` pip`...).
//! A word shorter than `n` counts once, as the whole padded word, and longer grams are not
//! tried for it. Grams see the raw text (punctuation, stop words and inflections included),
//! so they catch what the word pipeline drops: shared stems across languages, compounds,
//! misspellings, names, e-mail addresses.

use super::{count_document, index_of, push_tf_idf, vocabulary, SparseVec, TermMap};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Settings of the character n-gram block, stored in every model that uses one.
///
/// | name | purpose |
/// | --- | --- |
/// | `min_n`, `max_n` | gram lengths in characters, padding included (1..=`MAX_N`) |
/// | `weight` | the block's L2 norm in a row (the word block's is 1) |
/// | `min_df`, `max_df` | document-frequency cut-offs, as for words |
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CharGramConfig {
    pub min_n: u8,
    pub max_n: u8,
    pub weight: f32,
    pub min_df: u32,
    pub max_df: f32,
}

/// Longest gram a model may ask for (a bound for hostile model files).
pub const MAX_N: u8 = 12;

impl Default for CharGramConfig {
    /// Grams of 2 to 5 characters at half the word block's weight, no df cut-off.
    fn default() -> Self {
        CharGramConfig {
            min_n: 2,
            max_n: 5,
            weight: 0.5,
            min_df: 1,
            max_df: 1.0,
        }
    }
}

impl CharGramConfig {
    /// Check the settings; the message names what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if !(1 <= self.min_n && self.min_n <= self.max_n && self.max_n <= MAX_N) {
            return Err(format!(
                "character n-gram lengths must satisfy 1 <= min <= max <= {MAX_N} (got {}-{})",
                self.min_n, self.max_n
            ));
        }
        if !(self.weight > 0.0 && self.weight.is_finite()) {
            return Err("the character n-gram weight must be a positive number".into());
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err("the character n-gram max_df must be in (0, 1]".into());
        }
        Ok(())
    }
}

/// Reusable buffers for [`for_each_gram`].
#[derive(Default)]
pub(crate) struct GramBuf {
    word: String,
    /// Byte offset of every character of `word`, and `word.len()` at the end.
    bounds: Vec<usize>,
}

/// Call `f` on every gram of `text`, in order (repeats included).
pub(crate) fn for_each_gram(
    text: &str,
    min_n: usize,
    max_n: usize,
    buf: &mut GramBuf,
    mut f: impl FnMut(&str),
) {
    for word in text.split_whitespace() {
        let w = &mut buf.word;
        w.clear();
        w.push(' ');
        if word.is_ascii() {
            w.push_str(word);
            w.make_ascii_lowercase();
        } else {
            w.push_str(&word.to_lowercase());
        }
        w.push(' ');
        buf.bounds.clear();
        buf.bounds.extend(w.char_indices().map(|(i, _)| i));
        buf.bounds.push(w.len());
        let chars = buf.bounds.len() - 1;
        for n in min_n..=max_n {
            if chars <= n {
                // The whole padded word, once; longer grams would repeat it.
                f(w);
                break;
            }
            for start in 0..=chars - n {
                f(&w[buf.bounds[start]..buf.bounds[start + n]]);
            }
        }
    }
}

/// The fitted gram vocabulary and IDF.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct CharGrams {
    pub(crate) config: CharGramConfig,
    pub(crate) grams: Vec<String>,
    pub(crate) idf: Vec<f32>,
    #[serde(skip)]
    index: TermMap<Box<str>>,
}

impl CharGrams {
    /// Learn the vocabulary and IDF from the raw texts (in parallel, deterministic).
    pub(crate) fn fit<S: AsRef<str> + Sync>(
        texts: &[S],
        config: CharGramConfig,
        smooth_idf: bool,
    ) -> CharGrams {
        let (lo, hi) = (config.min_n as usize, config.max_n as usize);
        let df: TermMap<String> = texts
            .par_chunks(64)
            .map(|chunk| {
                let mut df: TermMap<String> = TermMap::default();
                let mut buf = GramBuf::default();
                let mut seen: Vec<String> = Vec::new();
                for text in chunk {
                    for_each_gram(text.as_ref(), lo, hi, &mut buf, |g| seen.push(g.to_owned()));
                    count_document(&mut df, &mut seen);
                }
                df
            })
            .reduce(TermMap::default, |a, b| {
                if a.len() < b.len() {
                    merge(b, a)
                } else {
                    merge(a, b)
                }
            });
        let (grams, idf) = vocabulary(
            df,
            texts.len() as f32,
            (config.min_df, config.max_df),
            None,
            smooth_idf,
        );
        let mut c = CharGrams {
            config,
            grams,
            idf,
            index: TermMap::default(),
        };
        c.rebuild_index();
        c
    }

    pub(crate) fn rebuild_index(&mut self) {
        self.index = index_of(&self.grams);
    }

    pub(crate) fn len(&self) -> usize {
        self.grams.len()
    }

    /// Append the block of `text` to `v`: its columns start at `offset` (after every word
    /// column), its values are L2-normalised and then scaled by the block's weight.
    pub(crate) fn append(
        &self,
        text: &str,
        offset: u32,
        sublinear_tf: bool,
        buf: &mut GramBuf,
        cols: &mut Vec<u32>,
        v: &mut SparseVec,
    ) {
        let (lo, hi) = (self.config.min_n as usize, self.config.max_n as usize);
        cols.clear();
        for_each_gram(text, lo, hi, buf, |g| {
            if let Some(&c) = self.index.get(g) {
                cols.push(c);
            }
        });
        push_tf_idf(cols, &self.idf, sublinear_tf, offset, self.config.weight, v);
    }
}

/// Add the counts of `small` into `big`.
fn merge(mut big: TermMap<String>, small: TermMap<String>) -> TermMap<String> {
    for (g, d) in small {
        *big.entry(g).or_insert(0) += d;
    }
    big
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(text: &str, lo: usize, hi: usize) -> Vec<String> {
        let mut out = Vec::new();
        for_each_gram(text, lo, hi, &mut GramBuf::default(), |g| {
            out.push(g.to_owned())
        });
        out
    }

    /// The grams scikit-learn's `CountVectorizer(analyzer="char_wb")` produces, in its order.
    #[test]
    fn grams_follow_scikit_learns_char_wb() {
        // CountVectorizer(analyzer="char_wb", ngram_range=(2, 3)).build_analyzer()("Gas  pipe").
        assert_eq!(
            grams("Gas  pipe", 2, 3),
            [
                " g", "ga", "as", "s ", " ga", "gas", "as ", " p", "pi", "ip", "pe", "e ", " pi",
                "pip", "ipe", "pe "
            ]
        );
        // A word shorter than n counts once, whole, and stops the longer grams.
        assert_eq!(grams("a", 2, 5), [" a", "a ", " a "]);
        assert_eq!(grams("ab", 4, 6), [" ab "]);
        // Characters, not bytes; lowercased.
        assert_eq!(grams("Ñu", 3, 3), [" ñu", "ñu "]);
        assert!(grams(" \t\n", 1, 5).is_empty());
    }

    #[test]
    fn config_check_names_the_setting() {
        assert!(CharGramConfig::default().check().is_ok());
        let bad = CharGramConfig {
            min_n: 4,
            max_n: 3,
            ..CharGramConfig::default()
        };
        assert!(bad.check().unwrap_err().contains("lengths"));
        let bad = CharGramConfig {
            weight: 0.0,
            ..CharGramConfig::default()
        };
        assert!(bad.check().unwrap_err().contains("weight"));
    }
}
