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
//! The language-neutral pipeline (route language `None`) runs steps 1 to 4 only. With word
//! classes ([`crate::classes`]) the terms end with one class term (`#energy`) per mention of a
//! listed word or phrase, in any pipeline.
//! Training and tagging must run the same analyzer: its [`AnalyzerConfig`] is stored in the model.

use crate::lang::Lang;
use rust_stemmers::Stemmer;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use crate::classes::WordClasses;

use crate::segment::words;

/// Whether `text` holds a letter, in any script: one without (a date, a number, punctuation)
/// is no evidence of a topic, so tagging assigns it none and training skips it.
pub fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// Stop-word sets: looked up once per word, so a fast hasher (foldhash, randomly seeded).
type StopWords = HashSet<&'static str, foldhash::fast::RandomState>;

/// Settings of the analyzer, stored in every model.
///
/// | name | default | purpose |
/// | --- | --- | --- |
/// | `stop_words` | `true` | drop the language's stop words |
/// | `stem` | `true` | Snowball-stem every term |
/// | `keep_numbers` | `true` | keep tokens made only of digits (years, quantities) |
/// | `min_chars` | `2` | drop shorter tokens (in characters) |
/// | `max_chars` | `40` | drop longer tokens (URLs, garbage) |
/// | `word_classes` | none | add a class term per mention of a listed word ([`WordClasses`]) |
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerConfig {
    pub stop_words: bool,
    pub stem: bool,
    pub keep_numbers: bool,
    pub min_chars: usize,
    pub max_chars: usize,
    /// Stored apart in the model file (see [`crate::model`]), so models without word classes
    /// keep their bytes.
    #[serde(skip)]
    pub word_classes: Option<Arc<WordClasses>>,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            stop_words: true,
            stem: true,
            keep_numbers: true,
            min_chars: 2,
            max_chars: 40,
            word_classes: None,
        }
    }
}

/// Stop words and stemmer of one language.
struct LangPipeline {
    stop_words: StopWords,
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
        let mut buf = String::new();
        let classes = self.config.word_classes.iter();
        words(text)
            .filter_map(move |word| {
                if self.term_into(word, lang, &mut buf) {
                    Some(buf.clone())
                } else {
                    None
                }
            })
            .chain(classes.flat_map(move |c| c.terms(text).map(str::to_string)))
    }

    /// One word (as [`words`] gives it) through steps 2 to 6,
    /// written into `out` (cleared first). False when the word is dropped.
    ///
    /// The result depends only on `word`, `lang` and this analyzer's settings, so callers may
    /// memoize it (the tagger does, see [`crate::tagger`]). `out` is reused across calls: ASCII
    /// words are lowercased in place without allocating, and only a stem that differs from its
    /// token allocates (inside `rust-stemmers`).
    pub fn term_into(&self, word: &str, lang: Option<Lang>, out: &mut String) -> bool {
        let cfg = &self.config;
        out.clear();
        // Cheap length guard before any copy: a char is at most 4 bytes.
        if word.len() > cfg.max_chars * 4 {
            return false;
        }
        let pipeline = lang.map(|l| &self.pipelines[l.index()]);
        let ascii = word.is_ascii();
        normalize_into(word, ascii, out);
        if pipeline.is_some_and(|p| p.elisions) {
            if let Some(pos) = out
                .find('\'')
                .filter(|&pos| pos <= 3 && pos + 1 < out.len())
            {
                out.drain(..=pos);
            }
        }
        let chars = if ascii {
            out.len()
        } else {
            out.chars().count()
        };
        if chars < cfg.min_chars || chars > cfg.max_chars {
            return false;
        }
        if !cfg.keep_numbers && out.chars().all(|c| c.is_numeric()) {
            return false;
        }
        let Some(p) = pipeline else {
            return true;
        };
        if cfg.stop_words && p.stop_words.contains(out.as_str()) {
            return false;
        }
        if !cfg.stem {
            return true;
        }
        // `Borrowed` of the whole token: the stem is the token itself.
        let stem = match p.stemmer.stem(out) {
            Cow::Borrowed(s) if s.len() == out.len() => None,
            Cow::Borrowed(s) => Some(s.to_owned()),
            Cow::Owned(s) => Some(s),
        };
        if let Some(stem) = stem {
            *out = stem;
        }
        !out.is_empty()
    }
}

/// Lowercase a word into `out` and fold typographic apostrophes to `'`. For an ASCII word
/// (`ascii` true) ASCII lowercasing is exactly what full Unicode lowercasing gives.
fn normalize_into(word: &str, ascii: bool, out: &mut String) {
    if ascii {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

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

    /// The analyzer as it was before the reused buffer and the ASCII fast path: one fresh
    /// `String` per token, full Unicode lowercasing for every character.
    fn reference_term(a: &Analyzer, word: &str, lang: Option<Lang>) -> Option<String> {
        let cfg = &a.config;
        if word.len() > cfg.max_chars * 4 {
            return None;
        }
        let pipeline = lang.map(|l| &a.pipelines[l.index()]);
        let mut token = String::new();
        for c in word.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' => token.push('\''),
                c => token.extend(c.to_lowercase()),
            }
        }
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

    /// Texts mixing what the fast path must get right: ASCII case, accents, ñ, typographic and
    /// straight apostrophes, elisions, hyphenated names, numbers, Cyrillic, Greek, CJK, İ/ß
    /// (whose lowercase changes length), digits of other scripts, long words.
    const MIXED: &[&str] = &[
        "Relations between the STATES; Kazakhstan's pipelines and Zeynalov\u{2019}s talks",
        "Las negociaciones energéticas de ESPAÑA: ENERGÍA y niños, Kazajistán-Kirguistán",
        "l'Europe et l\u{2019}énergie, qu'il DIT; L'ÉTAT d'Israël aujourd'hui",
        "dell'Unione europea, l'ONU e un'altra riunione dell\u{02BC}anno",
        "Die Außenminister trafen sich in STRASSBURG; İstanbul und Übergänge",
        "Министр иностранных дел России Сергей Лавров встретился в Москве",
        "Қазақстан мен Ресей, 2022 ж. 15 министр; Ελλάδα και Κύπρος ΣΟΦΟΣ",
        "中国外交部 发言人 表示, 日本と韓国の外相会談 2024年",
        "In 2022, 15 ministers met; ٢٠٢٢ and १२३ and 3.5 percent, 1,000 troops",
        "o'clock rock'n'roll ma'am l' d' qu'\u{FF07}x O\u{2019}NEIL",
        "x A ab aB supercalifragilisticexpialidociousness-antidisestablishmentarianism-xyz",
    ];

    #[test]
    fn fast_path_gives_the_reference_terms() {
        let configs = [
            AnalyzerConfig::default(),
            AnalyzerConfig {
                stop_words: false,
                stem: false,
                keep_numbers: false,
                min_chars: 1,
                max_chars: 12,
                word_classes: None,
            },
            AnalyzerConfig {
                min_chars: 0,
                ..AnalyzerConfig::default()
            },
        ];
        let langs = std::iter::once(None).chain(Lang::ALL.iter().copied().map(Some));
        let langs: Vec<Option<Lang>> = langs.collect();
        for cfg in configs {
            let a = Analyzer::new(cfg);
            let mut buf = String::from("left over");
            for &lang in &langs {
                for text in MIXED {
                    let expected: Vec<String> = text
                        .unicode_words()
                        .filter_map(|w| reference_term(&a, w, lang))
                        .collect();
                    assert_eq!(a.analyze(text, lang), expected, "{lang:?} {text:?}");
                    for w in text.unicode_words() {
                        let kept = a.term_into(w, lang, &mut buf);
                        let got = kept.then(|| buf.clone());
                        assert_eq!(got, reference_term(&a, w, lang), "{lang:?} {w:?}");
                    }
                }
            }
        }
    }
}
