//! Language routing: text in, a [`Route`] out (the language pipeline to run and how sure we are).
//!
//! The engine owns its language type, [`Lang`]: one variant for every language that has a
//! Snowball stemmer in `rust-stemmers`. It converts to `whatlang` and `rust_stemmers` at the
//! edges, and model files store the ISO 639-1 code, never a library's enum.
//!
//! Routing follows one documented order (see [`Detector::route`]):
//! 1. a language given by the user (`--lang`, a `lang` column) wins;
//! 2. otherwise the detected language, if it is on the allowlist and its confidence reaches the
//!    floor (see [`Detector`] for the evidence used);
//! 3. a text whatlang reliably puts in a language outside the allowlist goes to the
//!    language-neutral pipeline ([`Route::neutral`]) and is reported with that language's code;
//! 4. an undetermined short text takes a hint (the dominant language of its page or batch);
//! 5. any other undetermined text takes the detector's best allowed guess (so its terms still
//!    meet a stemmed vocabulary);
//! 6. a text with no evidence at all (digits, punctuation) is neutral, reported as `und`.

mod detect;
mod evidence;
mod lexicon;
mod lookup;

pub use detect::{Detection, Detector};
pub(crate) use lexicon::unaccent;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language with a full pipeline (stop words where a list exists, and a Snowball stemmer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lang {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

impl Lang {
    /// Every language with a pipeline, in a stable order.
    pub const ALL: [Lang; 18] = [
        Lang::Arabic,
        Lang::Danish,
        Lang::Dutch,
        Lang::English,
        Lang::Finnish,
        Lang::French,
        Lang::German,
        Lang::Greek,
        Lang::Hungarian,
        Lang::Italian,
        Lang::Norwegian,
        Lang::Portuguese,
        Lang::Romanian,
        Lang::Russian,
        Lang::Spanish,
        Lang::Swedish,
        Lang::Tamil,
        Lang::Turkish,
    ];

    /// Position in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The ISO 639-1 code, as stored in model files and printed in output.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Arabic => "ar",
            Lang::Danish => "da",
            Lang::Dutch => "nl",
            Lang::English => "en",
            Lang::Finnish => "fi",
            Lang::French => "fr",
            Lang::German => "de",
            Lang::Greek => "el",
            Lang::Hungarian => "hu",
            Lang::Italian => "it",
            Lang::Norwegian => "no",
            Lang::Portuguese => "pt",
            Lang::Romanian => "ro",
            Lang::Russian => "ru",
            Lang::Spanish => "es",
            Lang::Swedish => "sv",
            Lang::Tamil => "ta",
            Lang::Turkish => "tr",
        }
    }

    /// Parse an ISO 639-1 code, an ISO 639-3 code or an English name, case-insensitively; a
    /// language tag with a region or script (`en-US`, `pt_BR`, `zh-Hant`) by its first part.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let find = |code: &str| {
            Lang::ALL.into_iter().find(|l| {
                l.code() == code
                    || l.whatlang().code() == code
                    || l.whatlang().eng_name().eq_ignore_ascii_case(code)
                    || (*l == Lang::Norwegian && code == "nb")
            })
        };
        find(&code).or_else(|| find(code.split(['-', '_']).next()?))
    }

    /// The `whatlang` language this maps to.
    pub fn whatlang(self) -> whatlang::Lang {
        use whatlang::Lang as W;
        match self {
            Lang::Arabic => W::Ara,
            Lang::Danish => W::Dan,
            Lang::Dutch => W::Nld,
            Lang::English => W::Eng,
            Lang::Finnish => W::Fin,
            Lang::French => W::Fra,
            Lang::German => W::Deu,
            Lang::Greek => W::Ell,
            Lang::Hungarian => W::Hun,
            Lang::Italian => W::Ita,
            Lang::Norwegian => W::Nob,
            Lang::Portuguese => W::Por,
            Lang::Romanian => W::Ron,
            Lang::Russian => W::Rus,
            Lang::Spanish => W::Spa,
            Lang::Swedish => W::Swe,
            Lang::Tamil => W::Tam,
            Lang::Turkish => W::Tur,
        }
    }

    /// The engine language for a `whatlang` language, if it has a pipeline.
    pub fn from_whatlang(lang: whatlang::Lang) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.whatlang() == lang)
    }

    /// The Snowball stemmer for this language.
    pub fn stemmer(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm as A;
        match self {
            Lang::Arabic => A::Arabic,
            Lang::Danish => A::Danish,
            Lang::Dutch => A::Dutch,
            Lang::English => A::English,
            Lang::Finnish => A::Finnish,
            Lang::French => A::French,
            Lang::German => A::German,
            Lang::Greek => A::Greek,
            Lang::Hungarian => A::Hungarian,
            Lang::Italian => A::Italian,
            Lang::Norwegian => A::Norwegian,
            Lang::Portuguese => A::Portuguese,
            Lang::Romanian => A::Romanian,
            Lang::Russian => A::Russian,
            Lang::Spanish => A::Spanish,
            Lang::Swedish => A::Swedish,
            Lang::Tamil => A::Tamil,
            Lang::Turkish => A::Turkish,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_code(s).ok_or_else(|| {
            let known: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
            format!("unknown language '{s}' (known: {})", known.join(", "))
        })
    }
}

/// How a route was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Given by the user or by a `lang` column.
    Given,
    /// Detected (word evidence and whatlang) with confidence at or above the floor.
    Detected,
    /// The text was undetermined and inherited the page's or batch's language.
    Inherited,
    /// The text was undetermined: the best allowed guess below the floor.
    Guessed,
    /// Undetermined: the language-neutral pipeline.
    Neutral,
}

/// Where one text goes: its pipeline language (`None` = language-neutral) and the evidence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Route {
    /// The pipeline to run; `None` is the language-neutral pipeline.
    pub lang: Option<Lang>,
    /// The detector's confidence in `lang` (0 to 1); 1 for a given language.
    pub confidence: f64,
    /// How the route was decided.
    pub source: Source,
    /// For the neutral pipeline: the language outside the allowlist that was recognised
    /// (ISO 639-3, from whatlang).
    pub other: Option<&'static str>,
}

impl Route {
    /// The language-neutral route.
    pub fn neutral(confidence: f64) -> Route {
        Route {
            lang: None,
            confidence,
            source: Source::Neutral,
            other: None,
        }
    }

    /// True when detection could not decide (a guess, or no evidence at all): such a text
    /// may still take its page's or batch's language.
    pub fn undetermined(&self) -> bool {
        self.source == Source::Guessed || (self.source == Source::Neutral && self.other.is_none())
    }

    /// The code printed for this route: the ISO 639-1 code of the pipeline language; for the
    /// neutral pipeline, the recognised language's ISO 639-3 code or `und`.
    pub fn code(&self) -> &'static str {
        match (self.lang, self.other) {
            (Some(l), _) => l.code(),
            (None, Some(other)) => other,
            (None, None) => "und",
        }
    }
}

/// Default confidence floor: below it a detection counts as undetermined.
pub const DEFAULT_FLOOR: f64 = 0.15;

/// Texts shorter than this many characters may inherit a hint when undetermined.
pub const SHORT_TEXT_CHARS: usize = 120;

/// How many leading bytes of a text detection reads (cut at a character boundary): a title
/// and teaser fit, and a long article costs no more than its opening.
pub const EVIDENCE_BYTES: usize = 600;

/// Languages as a bit mask over [`Lang::ALL`] (bit `i` = `Lang::ALL[i]`).
type Mask = u32;

/// Evidence per language, in [`Lang::ALL`] order.
type Scores = [f64; Lang::ALL.len()];

const ALL_MASK: Mask = (1 << Lang::ALL.len()) - 1;

fn bit(lang: Lang) -> Mask {
    1 << lang.index()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
            assert_eq!(Lang::from_whatlang(l.whatlang()), Some(l));
        }
        assert_eq!(Lang::from_code("ES"), Some(Lang::Spanish));
        assert_eq!(Lang::from_code("spa"), Some(Lang::Spanish));
        assert_eq!(Lang::from_code("english"), Some(Lang::English));
        assert_eq!(Lang::from_code("kk"), None);
        // Language tags by their first part, as feeds, pages and CSV columns give them.
        assert_eq!(Lang::from_code("en-US"), Some(Lang::English));
        assert_eq!(Lang::from_code("es_419"), Some(Lang::Spanish));
        assert_eq!(Lang::from_code("kk-KZ"), None);
        assert!("xx"
            .parse::<Lang>()
            .unwrap_err()
            .contains("unknown language 'xx'"));
    }
}
