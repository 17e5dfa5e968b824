//! Analysis: a text and its route in, a list of terms out.
//!
//! The [`Analyzer`] runs one fixed chain, in this order:
//! 1. Unicode word segmentation (UAX #29), so `Kazakhstan-Kyrgyzstan` gives two words and
//!    `Russia's` one; typographic apostrophes are folded to `'`;
//! 2. lowercasing (full Unicode, so `ÑANDÚ` becomes `ñandú`);
//! 3. elision splitting for Romance languages (`l'Europe` → `europe`);
//! 4. dropping tokens that are too long, and pure numbers unless configured to keep them;
//! 5. stop-word removal with the language's NLTK list (expects lowercased tokens);
//! 6. Snowball stemming with `rust-stemmers` (expects lowercased, stop-word-free tokens).
//!
//! The language-neutral pipeline (route language `None`) runs steps 1 to 4 only.
//! Training and tagging must run the same analyzer: its [`AnalyzerConfig`] is stored in the model.

use crate::lang::Lang;
use rust_stemmers::Stemmer;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use unicode_segmentation::UnicodeSegmentation;

/// Settings of the analyzer, stored in every model.
///
/// | name | default | purpose |
/// | --- | --- | --- |
/// | `stop_words` | `true` | drop the language's stop words |
/// | `stem` | `true` | Snowball-stem every term |
/// | `keep_numbers` | `true` | keep tokens made only of digits (years, quantities) |
/// | `min_chars` | `2` | drop shorter tokens (in characters) |
/// | `max_chars` | `40` | drop longer tokens (URLs, garbage) |
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerConfig {
    pub stop_words: bool,
    pub stem: bool,
    pub keep_numbers: bool,
    pub min_chars: usize,
    pub max_chars: usize,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            stop_words: true,
            stem: true,
            keep_numbers: true,
            min_chars: 2,
            max_chars: 40,
        }
    }
}

/// Stop words and stemmer of one language.
struct LangPipeline {
    stop_words: HashSet<&'static str>,
    stemmer: Stemmer,
    elisions: bool,
}

/// Turns text into terms; see the module docs for the order of steps.
pub struct Analyzer {
    config: AnalyzerConfig,
    pipelines: Vec<LangPipeline>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("config", &self.config)
            .finish()
    }
}

impl Analyzer {
    /// An analyzer with pipelines for every [`Lang`].
    pub fn new(config: AnalyzerConfig) -> Analyzer {
        let pipelines = Lang::ALL
            .iter()
            .map(|&lang| LangPipeline {
                stop_words: stop_words::lookup(lang.code())
                    .unwrap_or_default()
                    .iter()
                    .copied()
                    .collect(),
                stemmer: Stemmer::create(lang.stemmer()),
                elisions: matches!(lang, Lang::French | Lang::Italian),
            })
            .collect();
        Analyzer { config, pipelines }
    }

    /// The settings this analyzer runs with.
    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// Analyze `text` with the pipeline of `lang` (`None`: language-neutral).
    pub fn analyze(&self, text: &str, lang: Option<Lang>) -> Vec<String> {
        let mut out = Vec::new();
        self.analyze_into(text, lang, &mut out);
        out
    }

    /// Like [`Analyzer::analyze`], appending to `out`.
    pub fn analyze_into(&self, text: &str, lang: Option<Lang>, out: &mut Vec<String>) {
        out.extend(self.terms(text, lang));
    }

    /// The terms of `text`, lazily: nothing is kept but the term being produced, so a huge
    /// text costs no more memory than its longest word.
    pub fn terms<'a>(
        &'a self,
        text: &'a str,
        lang: Option<Lang>,
    ) -> impl Iterator<Item = String> + 'a {
        let pipeline = lang.map(|l| &self.pipelines[l.index()]);
        text.unicode_words()
            .filter_map(move |word| self.term(word, pipeline))
    }

    /// One word through steps 2 to 6, or `None` when it is dropped.
    fn term(&self, word: &str, pipeline: Option<&LangPipeline>) -> Option<String> {
        let cfg = &self.config;
        // Cheap length guard before any allocation: a char is at most 4 bytes.
        if word.len() > cfg.max_chars * 4 {
            return None;
        }
        let mut token = normalize(word);
        if pipeline.is_some_and(|p| p.elisions) {
            if let Some(pos) = token
                .find('\'')
                .filter(|&pos| pos <= 3 && pos + 1 < token.len())
            {
                token.drain(..=pos);
            }
        }
        let chars = token.chars().count();
        if chars < cfg.min_chars || chars > cfg.max_chars {
            return None;
        }
        if !cfg.keep_numbers && token.chars().all(|c| c.is_numeric()) {
            return None;
        }
        let Some(p) = pipeline else {
            return Some(token);
        };
        if cfg.stop_words && p.stop_words.contains(token.as_str()) {
            return None;
        }
        if !cfg.stem {
            return Some(token);
        }
        let stem = p.stemmer.stem(&token);
        (!stem.is_empty()).then(|| stem.into_owned())
    }
}

/// Lowercase a word and fold typographic apostrophes to `'`.
fn normalize(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' => s.push('\''),
            c => s.extend(c.to_lowercase()),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lang: Option<Lang>, text: &str, expected: &[&str]) {
        let a = Analyzer::new(AnalyzerConfig::default());
        assert_eq!(a.analyze(text, lang), expected, "analyzing {text:?}");
    }

    #[test]
    fn english_stems() {
        let en = Some(Lang::English);
        check(en, "Relations between the states", &["relat", "state"]);
        check(en, "Kazakhstan's pipelines", &["kazakhstan", "pipelin"]);
        check(
            en,
            "Zeynalov\u{2019}s negotiations",
            &["zeynalov", "negoti"],
        );
        check(
            en,
            "Kazakhstan-Kyrgyzstan Economic Relations",
            &["kazakhstan", "kyrgyzstan", "econom", "relat"],
        );
        check(
            en,
            "In 2022, 15 ministers met",
            &["2022", "15", "minist", "met"],
        );
    }

    #[test]
    fn spanish_stems_keep_n_tilde_and_fold_accents() {
        let es = Some(Lang::Spanish);
        check(
            es,
            "Las negociaciones energéticas de España",
            &["negoci", "energet", "españ"],
        );
        check(es, "ENERGÍA y niños", &["energ", "niñ"]);
        check(es, "Kazajistán-Kirguistán", &["kazajistan", "kirguistan"]);
    }

    #[test]
    fn elisions_and_neutral_pipeline() {
        check(
            Some(Lang::French),
            "l'Europe et l'énergie",
            &["europ", "énerg"],
        );
        check(None, "Қазақстан мен Ресей", &["қазақстан", "мен", "ресей"]);
    }

    #[test]
    fn numbers_and_lengths_follow_config() {
        let a = Analyzer::new(AnalyzerConfig {
            keep_numbers: false,
            ..AnalyzerConfig::default()
        });
        assert_eq!(a.analyze("In 2022 oil", Some(Lang::English)), ["oil"]);
        let long = "a".repeat(1000);
        assert!(a.analyze(&long, None).is_empty());
        assert!(a.analyze("", Some(Lang::English)).is_empty());
        assert!(a.analyze(" \t\n ", Some(Lang::Spanish)).is_empty());
    }
}
