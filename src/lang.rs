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

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use unicode_segmentation::UnicodeSegmentation;

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

/// How many leading words the stop-word evidence looks at.
const EVIDENCE_WORDS: usize = 64;

/// What detection found in one text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    /// An allowed language, decided with confidence at or above the floor.
    pub lang: Option<Lang>,
    /// The detector's confidence (0 to 1).
    pub confidence: f64,
    /// The most likely allowed language when `lang` is undetermined.
    pub guess: Option<Lang>,
    /// A language outside the allowlist that whatlang is sure of (ISO 639-3 code).
    pub other: Option<&'static str>,
}

/// Language detector restricted to an allowlist, with a confidence floor.
///
/// A text is decided by, in order:
/// 0. for Latin-script text, a fast path: when the stop words of all pipeline languages point
///    clearly to one (at least two more votes than any other), it is decided (or reported,
///    if not allowed) without running a character model. Catalan or Galician text may be
///    taken for Spanish or Portuguese here;
/// 1. whatlang over all its languages: a text it reliably puts in a language with no pipeline
///    (Ukrainian, Kazakh, Chinese...) is reported as that language and goes to the
///    language-neutral pipeline, never silently to a wrong stemmer;
/// 2. stop words: when the text's own function words point clearly to one candidate language
///    (at least two more votes than any other; a word in n lists counts 1/n), that language
///    wins if it is allowed, and is reported (neutral pipeline) if not. The candidates are the
///    allowed languages plus the one whatlang reliably sees. This settles most sentences
///    cheaply, including the Romance-language confusions of character models;
/// 3. whatlang again: a reliable answer outside the allowlist is reported, neutral pipeline;
/// 4. whatlang restricted to the allowlist: decided when its confidence reaches the floor,
///    otherwise undetermined, with its answer kept as the best guess.
#[derive(Debug)]
pub struct Detector {
    allow: Vec<Lang>,
    floor: f64,
    inner: whatlang::Detector,
    /// NLTK stop words of every [`Lang`], in [`Lang::ALL`] order.
    stops: Vec<std::collections::HashSet<&'static str>>,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new(Lang::ALL.to_vec(), DEFAULT_FLOOR)
    }
}

impl Detector {
    /// A detector that only ever decides one of `allow` (all pipelines when empty).
    pub fn new(allow: Vec<Lang>, floor: f64) -> Detector {
        let mut allow = if allow.is_empty() {
            Lang::ALL.to_vec()
        } else {
            allow
        };
        allow.sort();
        allow.dedup();
        let inner =
            whatlang::Detector::with_allowlist(allow.iter().map(|l| l.whatlang()).collect());
        let stops = Lang::ALL
            .iter()
            .map(|l| {
                stop_words::lookup(l.code())
                    .unwrap_or_default()
                    .iter()
                    .copied()
                    .collect()
            })
            .collect();
        Detector {
            allow,
            floor,
            inner,
            stops,
        }
    }

    /// The languages this detector may decide.
    pub fn allowlist(&self) -> &[Lang] {
        &self.allow
    }

    /// The confidence floor.
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// Stop-word evidence among the `candidates` (a mask over [`Lang::ALL`]): the language
    /// with the most votes and its margin over the runner-up, when it has any votes.
    fn stop_word_vote(
        &self,
        text: &str,
        candidates: &[bool; Lang::ALL.len()],
    ) -> Option<(Lang, f64)> {
        let mut votes = [0f64; Lang::ALL.len()];
        let mut word = String::new();
        for w in text.unicode_words().take(EVIDENCE_WORDS) {
            word.clear();
            word.extend(w.chars().flat_map(char::to_lowercase).map(|c| {
                if c == '\u{2019}' {
                    '\''
                } else {
                    c
                }
            }));
            let in_list =
                |(s, &c): (&std::collections::HashSet<&str>, &bool)| c && s.contains(word.as_str());
            let hits = self
                .stops
                .iter()
                .zip(candidates)
                .filter(|&p| in_list(p))
                .count();
            if hits == 0 {
                continue;
            }
            let share = 1.0 / hits as f64;
            for (v, p) in votes.iter_mut().zip(self.stops.iter().zip(candidates)) {
                if in_list(p) {
                    *v += share;
                }
            }
        }
        let mut order: Vec<usize> = (0..votes.len()).collect();
        order.sort_by(|&a, &b| votes[b].total_cmp(&votes[a]).then(a.cmp(&b)));
        let (best, second) = (votes[order[0]], votes[order[1]]);
        (best > 0.0).then(|| (Lang::ALL[order[0]], best - second))
    }

    /// A detection decided by stop words alone, when they give one of the `candidates` at
    /// least two more votes than any other: detected if allowed, otherwise reported.
    fn decisive_vote(&self, text: &str, candidates: &[bool; Lang::ALL.len()]) -> Option<Detection> {
        let (lang, margin) = self.stop_word_vote(text, candidates)?;
        (margin >= 2.0).then(|| {
            let allowed = self.allow.contains(&lang);
            Detection {
                lang: allowed.then_some(lang),
                confidence: (margin / (margin + 2.0)).max(self.floor),
                guess: None,
                other: (!allowed).then(|| lang.whatlang().code()),
            }
        })
    }

    /// Detect the language of `text` alone (see the type's docs for the order of evidence).
    pub fn detect(&self, text: &str) -> Detection {
        let mut d = Detection {
            lang: None,
            confidence: 0.0,
            guess: None,
            other: None,
        };
        // Fast path for Latin-script text: when the stop words of every pipeline language
        // point clearly to one of them, no character model is needed.
        if whatlang::detect_script(text) == Some(whatlang::Script::Latin) {
            if let Some(d) = self.decisive_vote(text, &[true; Lang::ALL.len()]) {
                return d;
            }
        }
        let info = whatlang::detect(text);
        // A reliable language with no pipeline at all (Ukrainian, Kazakh, Chinese...).
        if let Some(info) = info
            .as_ref()
            .filter(|i| i.is_reliable() && Lang::from_whatlang(i.lang()).is_none())
        {
            d.other = Some(info.lang().code());
            d.confidence = info.confidence();
            return d;
        }
        // Vote among the allowed languages, plus the one whatlang reliably sees if it has a
        // pipeline but is not allowed (so a French text is not claimed by Spanish votes).
        let mut candidates = [false; Lang::ALL.len()];
        for l in &self.allow {
            candidates[l.index()] = true;
        }
        if let Some(l) = info
            .as_ref()
            .filter(|i| i.is_reliable())
            .and_then(|i| Lang::from_whatlang(i.lang()))
        {
            candidates[l.index()] = true;
        }
        if let Some(d) = self.decisive_vote(text, &candidates) {
            return d;
        }
        if let Some(info) = info.as_ref().filter(|i| i.is_reliable()) {
            if Lang::from_whatlang(info.lang()).is_some_and(|l| !self.allow.contains(&l)) {
                d.other = Some(info.lang().code());
                d.confidence = info.confidence();
                return d;
            }
        }
        if let Some(info) = self.inner.detect(text) {
            d.confidence = info.confidence();
            d.guess = Lang::from_whatlang(info.lang());
            if d.confidence >= self.floor {
                d.lang = d.guess;
            }
        }
        d
    }

    /// Route one text in the documented order: `given`; the detected language; for an
    /// undetermined short text, `hint` (its page's or batch's language); for any other
    /// undetermined text, the best allowed guess. Texts in a language outside the allowlist,
    /// and texts with no evidence at all, go to the language-neutral pipeline.
    pub fn route(&self, text: &str, given: Option<Lang>, hint: Option<Lang>) -> Route {
        if let Some(lang) = given {
            return Route {
                lang: Some(lang),
                confidence: 1.0,
                source: Source::Given,
                other: None,
            };
        }
        let d = self.detect(text);
        let route = |lang, source| Route {
            lang: Some(lang),
            confidence: d.confidence,
            source,
            other: None,
        };
        match (d.lang, d.other, hint, d.guess) {
            (Some(lang), _, _, _) => route(lang, Source::Detected),
            (None, Some(other), _, _) => Route {
                other: Some(other),
                ..Route::neutral(d.confidence)
            },
            (None, None, Some(hint), _) if text.chars().count() < SHORT_TEXT_CHARS => {
                route(hint, Source::Inherited)
            }
            (None, None, _, Some(guess)) => route(guess, Source::Guessed),
            _ => Route::neutral(d.confidence),
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
        // Short titles: stop words settle them, or the best allowed guess.
        check("Talks on the future of the gas union", Some(Lang::English));
        check("Las negociaciones sobre el gas", Some(Lang::Spanish));
    }

    #[test]
    fn languages_outside_the_allowlist_are_reported_not_stemmed() {
        let d = Detector::new(vec![Lang::English, Lang::Spanish], DEFAULT_FLOOR);
        let r = d.route(
            "Міністри закордонних справ зустрілися в Астані, щоб обговорити водні ресурси регіону.",
            None,
            None,
        );
        assert_eq!((r.lang, r.code(), r.source), (None, "ukr", Source::Neutral));
        let r = d.route(
            "Les ministres des affaires étrangères se sont réunis à Astana pour discuter de l'eau.",
            None,
            None,
        );
        assert_eq!((r.lang, r.code()), (None, "fra"));
    }

    #[test]
    fn given_language_wins_and_hint_only_for_undetermined_short_text() {
        let d = Detector::default();
        let r = d.route("The ministers met.", Some(Lang::Spanish), None);
        assert_eq!((r.lang, r.source), (Some(Lang::Spanish), Source::Given));
        let r = d.route("2024", None, Some(Lang::Spanish));
        assert_eq!((r.lang, r.source), (Some(Lang::Spanish), Source::Inherited));
        assert!(d.route("Astana", None, None).undetermined());
        let r = d.route("2024", None, None);
        assert_eq!((r.code(), r.source), ("und", Source::Neutral));
    }
}
