//! Language routing: text in, a [`Route`] out (the language pipeline to run and how sure we are).
//!
//! The engine owns its language type, [`Lang`]: one variant for every language that has a
//! Snowball stemmer in `rust-stemmers`. It converts to `whatlang` and `rust_stemmers` at the
//! edges, and model files store the ISO 639-1 code, never a library's enum.
//!
//! Routing follows one documented order (see [`Detector::route`]):
//! 1. a language given by the user (`--lang`, a `lang` column) wins;
//! 2. otherwise the detected language, if it is on the allowlist and its confidence reaches the floor;
//! 3. otherwise a hint (the dominant language of the page or batch), for short texts only;
//! 4. otherwise the language-neutral pipeline ([`Route::neutral`]), reported as `und`.

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

    /// Parse an ISO 639-1 code, an ISO 639-3 code or an English name, case-insensitively.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| {
            l.code() == code
                || l.whatlang().code() == code
                || l.whatlang().eng_name().eq_ignore_ascii_case(&code)
                || (*l == Lang::Norwegian && code == "nb")
        })
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
    /// Detected by whatlang with confidence at or above the floor.
    Detected,
    /// The text was undetermined and inherited the page's or batch's language.
    Inherited,
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
}

impl Route {
    /// The language-neutral route.
    pub fn neutral(confidence: f64) -> Route {
        Route {
            lang: None,
            confidence,
            source: Source::Neutral,
        }
    }

    /// The code printed for this route: the ISO 639-1 code, or `und` for the neutral pipeline.
    pub fn code(&self) -> &'static str {
        self.lang.map_or("und", Lang::code)
    }
}

/// Default confidence floor: below it a detection counts as undetermined.
pub const DEFAULT_FLOOR: f64 = 0.15;

/// Texts shorter than this many characters may inherit a hint when undetermined.
pub const SHORT_TEXT_CHARS: usize = 120;

/// Language detector restricted to an allowlist, with a confidence floor.
#[derive(Debug)]
pub struct Detector {
    allow: Vec<Lang>,
    floor: f64,
    inner: whatlang::Detector,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new(Lang::ALL.to_vec(), DEFAULT_FLOOR)
    }
}

impl Detector {
    /// A detector that only ever answers one of `allow` (all pipelines when empty).
    pub fn new(allow: Vec<Lang>, floor: f64) -> Detector {
        let allow = if allow.is_empty() {
            Lang::ALL.to_vec()
        } else {
            allow
        };
        let inner =
            whatlang::Detector::with_allowlist(allow.iter().map(|l| l.whatlang()).collect());
        Detector {
            allow,
            floor,
            inner,
        }
    }

    /// The languages this detector may answer.
    pub fn allowlist(&self) -> &[Lang] {
        &self.allow
    }

    /// The confidence floor.
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// Detect the language of `text` alone: `(language, confidence)`; `None` below the floor.
    pub fn detect(&self, text: &str) -> (Option<Lang>, f64) {
        match self.inner.detect(text) {
            Some(info) => {
                let conf = info.confidence();
                let lang = Lang::from_whatlang(info.lang()).filter(|_| conf >= self.floor);
                (lang, conf)
            }
            None => (None, 0.0),
        }
    }

    /// Route one text following the documented order: `given`, then detection, then `hint`
    /// (for short texts only), then the neutral pipeline.
    pub fn route(&self, text: &str, given: Option<Lang>, hint: Option<Lang>) -> Route {
        if let Some(lang) = given {
            return Route {
                lang: Some(lang),
                confidence: 1.0,
                source: Source::Given,
            };
        }
        let (lang, confidence) = self.detect(text);
        match (lang, hint) {
            (Some(lang), _) => Route {
                lang: Some(lang),
                confidence,
                source: Source::Detected,
            },
            (None, Some(hint)) if text.chars().count() < SHORT_TEXT_CHARS => Route {
                lang: Some(hint),
                confidence,
                source: Source::Inherited,
            },
            (None, _) => Route::neutral(confidence),
        }
    }
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
        assert!("xx"
            .parse::<Lang>()
            .unwrap_err()
            .contains("unknown language 'xx'"));
    }

    fn check(text: &str, expected: Option<Lang>) {
        let d = Detector::new(
            vec![Lang::English, Lang::Spanish, Lang::Russian],
            DEFAULT_FLOOR,
        );
        let route = d.route(text, None, None);
        assert_eq!(route.lang, expected, "{text:?} routed to {route:?}");
    }

    #[test]
    fn routes_sentences() {
        check(
            "The foreign ministers met in Astana to discuss water sharing on the Syr Darya.",
            Some(Lang::English),
        );
        check(
            "Los cancilleres se reunieron en Astaná para negociar el reparto del agua del río.",
            Some(Lang::Spanish),
        );
        check(
            "Министры иностранных дел встретились в Астане, чтобы обсудить водные ресурсы.",
            Some(Lang::Russian),
        );
        check("", None);
        check("12345 !!!", None);
    }

    #[test]
    fn given_language_wins_and_hint_only_for_undetermined_short_text() {
        let d = Detector::default();
        let r = d.route("The ministers met.", Some(Lang::Spanish), None);
        assert_eq!((r.lang, r.source), (Some(Lang::Spanish), Source::Given));
        let r = d.route("2024", None, Some(Lang::Spanish));
        assert_eq!((r.lang, r.source), (Some(Lang::Spanish), Source::Inherited));
        let r = d.route("2024", None, None);
        assert_eq!((r.code(), r.source), ("und", Source::Neutral));
    }
}
