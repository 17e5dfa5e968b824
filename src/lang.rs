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

use crate::memo::{random_seed, PackedWord, WordTable};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

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

/// How many leading words the word evidence looks at.
const EVIDENCE_WORDS: usize = 64;

/// How many leading bytes of a text detection reads (cut at a character boundary): a title
/// and teaser fit, and a long article costs no more than its opening.
pub const EVIDENCE_BYTES: usize = 600;

/// Word evidence (in words) by which one language must lead all others to decide a text on
/// word evidence alone, without whatlang's character model.
const DECISIVE_MARGIN: f64 = 2.0;

/// Word evidence by which one language leads, checked every 16 words, after which the rest
/// of a long text is not read.
const SETTLED: f64 = 3.0 * DECISIVE_MARGIN;

/// Weight of whatlang's restricted answer (times its confidence) beside the word evidence.
const TRIGRAM_WEIGHT: f64 = 1.0;

/// Weight of a word found after removing an inflection (`ministers` → `minister`).
const INFLECTED_WEIGHT: f64 = 0.8;

/// Weight of a word found only without its accents (`accion`, or `accin` when the accented
/// letter was lost in conversion).
const UNACCENTED_WEIGHT: f64 = 0.7;

/// Languages as a bit mask over [`Lang::ALL`] (bit `i` = `Lang::ALL[i]`).
type Mask = u32;

/// Evidence per language, in [`Lang::ALL`] order.
type Scores = [f64; Lang::ALL.len()];

const ALL_MASK: Mask = (1 << Lang::ALL.len()) - 1;

fn bit(lang: Lang) -> Mask {
    1 << lang.index()
}

/// Frequent words of the main digest languages, written for this project (one per line or
/// space-separated; `#` starts a comment). Russian needs none: its script and whatlang settle it.
const LEXICONS: [(Lang, &str); 6] = [
    (Lang::English, include_str!("lang/lexicon/en.txt")),
    (Lang::Spanish, include_str!("lang/lexicon/es.txt")),
    (Lang::French, include_str!("lang/lexicon/fr.txt")),
    (Lang::German, include_str!("lang/lexicon/de.txt")),
    (Lang::Portuguese, include_str!("lang/lexicon/pt.txt")),
    (Lang::Italian, include_str!("lang/lexicon/it.txt")),
];

/// Inflections removed to find a word's base in its language's lexicon:
/// `(language, ending, replacement)`.
const INFLECTIONS: &[(Lang, &str, &str)] = &[
    (Lang::English, "s", ""),
    (Lang::English, "es", ""),
    (Lang::English, "ies", "y"),
    (Lang::English, "ed", ""),
    (Lang::English, "ed", "e"),
    (Lang::English, "ied", "y"),
    (Lang::English, "ing", ""),
    (Lang::English, "ing", "e"),
    (Lang::English, "ly", ""),
    (Lang::English, "ily", "y"),
    (Lang::English, "er", ""),
    (Lang::English, "ers", ""),
    (Lang::English, "est", ""),
    (Lang::English, "ness", ""),
    (Lang::English, "ment", ""),
    (Lang::English, "ments", ""),
    (Lang::English, "ful", ""),
    (Lang::English, "less", ""),
    (Lang::Spanish, "s", ""),
    (Lang::Spanish, "es", ""),
    (Lang::Spanish, "ces", "z"),
    (Lang::Spanish, "mente", ""),
    (Lang::Portuguese, "s", ""),
    (Lang::Portuguese, "ns", "m"),
    (Lang::Portuguese, "mente", ""),
    (Lang::Italian, "i", "o"),
    (Lang::Italian, "i", "e"),
    (Lang::Italian, "e", "a"),
    (Lang::Italian, "mente", ""),
    (Lang::French, "s", ""),
    (Lang::French, "x", ""),
    (Lang::French, "e", ""),
    (Lang::French, "es", ""),
    (Lang::French, "ment", ""),
    (Lang::German, "e", ""),
    (Lang::German, "en", ""),
    (Lang::German, "n", ""),
    (Lang::German, "er", ""),
    (Lang::German, "es", ""),
    (Lang::German, "s", ""),
];

/// Where a spelling cue must occur in a (lowercased) word.
#[derive(Clone, Copy, Debug)]
enum At {
    End,
    Anywhere,
}

/// Spelling cues: `(language, where, letters, weight)`; a word adds the weight of every cue it
/// shows to that language. Weights are small beside a lexicon word (1.0): cues tip a word
/// that no lexicon knows, they do not outvote one.
const CUES: &[(Lang, At, &str, f64)] = &[
    // English
    (Lang::English, At::End, "ing", 0.5),
    (Lang::English, At::End, "ly", 0.4),
    (Lang::English, At::End, "ness", 0.6),
    (Lang::English, At::End, "ship", 0.5),
    (Lang::English, At::End, "ful", 0.5),
    (Lang::English, At::End, "less", 0.5),
    (Lang::English, At::End, "ity", 0.4),
    (Lang::English, At::End, "ous", 0.5),
    (Lang::English, At::End, "ed", 0.3),
    (Lang::English, At::End, "y", 0.2),
    (Lang::English, At::End, "'s", 0.8),
    (Lang::English, At::Anywhere, "th", 0.4),
    (Lang::English, At::Anywhere, "ght", 0.6),
    (Lang::English, At::Anywhere, "sh", 0.3),
    (Lang::English, At::Anywhere, "w", 0.3),
    (Lang::English, At::Anywhere, "oo", 0.3),
    (Lang::English, At::Anywhere, "ee", 0.2),
    (Lang::English, At::Anywhere, "k", 0.1),
    // Spanish
    (Lang::Spanish, At::Anywhere, "ñ", 1.0),
    (Lang::Spanish, At::End, "ción", 0.7),
    (Lang::Spanish, At::End, "ciones", 0.7),
    (Lang::Spanish, At::End, "sión", 0.5),
    (Lang::Spanish, At::End, "cion", 0.5),
    (Lang::Spanish, At::End, "cin", 0.3),
    (Lang::Spanish, At::End, "idad", 0.7),
    (Lang::Spanish, At::End, "idades", 0.7),
    (Lang::Spanish, At::End, "aban", 0.6),
    (Lang::Spanish, At::End, "iendo", 0.6),
    (Lang::Spanish, At::End, "ados", 0.3),
    (Lang::Spanish, At::End, "adas", 0.3),
    (Lang::Spanish, At::End, "ía", 0.2),
    (Lang::Spanish, At::End, "ían", 0.6),
    (Lang::Spanish, At::End, "os", 0.2),
    (Lang::Spanish, At::Anywhere, "ll", 0.1),
    (Lang::Spanish, At::Anywhere, "ue", 0.15),
    // Portuguese
    (Lang::Portuguese, At::Anywhere, "ã", 0.8),
    (Lang::Portuguese, At::Anywhere, "õ", 0.8),
    (Lang::Portuguese, At::Anywhere, "ção", 0.6),
    (Lang::Portuguese, At::End, "ções", 0.6),
    (Lang::Portuguese, At::Anywhere, "cao", 0.4),
    (Lang::Portuguese, At::End, "oes", 0.2),
    (Lang::Portuguese, At::End, "ência", 0.6),
    (Lang::Portuguese, At::End, "ância", 0.6),
    (Lang::Portuguese, At::End, "ário", 0.5),
    (Lang::Portuguese, At::End, "ária", 0.5),
    (Lang::Portuguese, At::End, "ável", 0.7),
    (Lang::Portuguese, At::End, "ível", 0.7),
    (Lang::Portuguese, At::End, "avel", 0.5),
    (Lang::Portuguese, At::End, "ivel", 0.5),
    (Lang::Portuguese, At::End, "ou", 0.3),
    (Lang::Portuguese, At::End, "ais", 0.3),
    (Lang::Portuguese, At::End, "eis", 0.4),
    (Lang::Portuguese, At::Anywhere, "lh", 0.6),
    (Lang::Portuguese, At::Anywhere, "nh", 0.6),
    (Lang::Portuguese, At::Anywhere, "ç", 0.4),
    (Lang::Portuguese, At::End, "ados", 0.2),
    (Lang::Portuguese, At::End, "adas", 0.2),
    (Lang::Portuguese, At::End, "eiro", 0.4),
    (Lang::Portuguese, At::End, "eira", 0.4),
    (Lang::Portuguese, At::End, "em", 0.3),
    (Lang::Portuguese, At::End, "am", 0.3),
    (Lang::Portuguese, At::End, "os", 0.1),
    // Italian
    (Lang::Italian, At::End, "zione", 0.8),
    (Lang::Italian, At::End, "zioni", 0.8),
    (Lang::Italian, At::End, "ità", 1.0),
    (Lang::Italian, At::Anywhere, "gli", 0.5),
    (Lang::Italian, At::Anywhere, "zz", 0.6),
    (Lang::Italian, At::Anywhere, "cch", 0.6),
    (Lang::Italian, At::Anywhere, "ggi", 0.5),
    (Lang::Italian, At::Anywhere, "cci", 0.4),
    (Lang::Italian, At::Anywhere, "tt", 0.3),
    (Lang::Italian, At::End, "i", 0.3),
    (Lang::Italian, At::End, "etto", 0.5),
    (Lang::Italian, At::End, "etta", 0.5),
    (Lang::Italian, At::End, "ato", 0.2),
    (Lang::Italian, At::End, "ati", 0.3),
    // French
    (Lang::French, At::Anywhere, "eau", 0.7),
    (Lang::French, At::End, "eux", 0.7),
    (Lang::French, At::End, "aux", 0.6),
    (Lang::French, At::Anywhere, "è", 0.8),
    (Lang::French, At::Anywhere, "ê", 0.4),
    (Lang::French, At::Anywhere, "é", 0.25),
    (Lang::French, At::Anywhere, "ç", 0.4),
    (Lang::French, At::Anywhere, "œ", 1.0),
    (Lang::French, At::End, "ée", 0.8),
    (Lang::French, At::End, "ées", 0.8),
    (Lang::French, At::End, "ais", 0.5),
    (Lang::French, At::End, "ait", 0.6),
    (Lang::French, At::End, "aient", 0.8),
    (Lang::French, At::End, "eur", 0.5),
    (Lang::French, At::End, "eurs", 0.6),
    (Lang::French, At::End, "ique", 0.3),
    (Lang::French, At::End, "ette", 0.3),
    (Lang::French, At::Anywhere, "oi", 0.3),
    (Lang::French, At::End, "tion", 0.15),
    (Lang::English, At::End, "tion", 0.15),
    // German
    (Lang::German, At::Anywhere, "ß", 1.0),
    (Lang::German, At::Anywhere, "ä", 0.8),
    (Lang::German, At::Anywhere, "ö", 0.8),
    (Lang::German, At::Anywhere, "ü", 0.8),
    (Lang::German, At::Anywhere, "sch", 0.7),
    (Lang::German, At::End, "ung", 0.7),
    (Lang::German, At::End, "ungen", 0.8),
    (Lang::German, At::End, "keit", 0.9),
    (Lang::German, At::End, "heit", 0.9),
    (Lang::German, At::End, "lich", 0.7),
    (Lang::German, At::End, "chen", 0.5),
    (Lang::German, At::Anywhere, "cht", 0.6),
    (Lang::German, At::Anywhere, "tz", 0.5),
    (Lang::German, At::Anywhere, "pf", 0.4),
    (Lang::German, At::Anywhere, "ei", 0.3),
    (Lang::German, At::Anywhere, "w", 0.3),
    (Lang::German, At::Anywhere, "z", 0.2),
    (Lang::German, At::Anywhere, "ck", 0.2),
    (Lang::German, At::Anywhere, "k", 0.1),
];

/// The base letter of an accented Latin letter (`á` → `a`), or `None` for any other char.
fn unaccent(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        _ => return None,
    })
}

/// The two accentless spellings of a word with accents: folded (`acción` → `accion`) and with
/// the accented letters lost (`accin`, as when a conversion drops non-ASCII letters). `None`
/// when the word has no accent.
fn accentless(word: &str) -> Option<(String, String)> {
    word.chars().any(|c| unaccent(c).is_some()).then(|| {
        let folded = word.chars().map(|c| unaccent(c).unwrap_or(c)).collect();
        let lost = word.chars().filter(|&c| unaccent(c).is_none()).collect();
        (folded, lost)
    })
}

/// Word → languages: looked up several times per word, so a fast hasher (foldhash).
type WordMasks = HashMap<Box<str>, Mask, foldhash::fast::RandomState>;

/// Word evidence shared by every [`Detector`]: built once, on first use.
struct Lexicon {
    /// Every word of the NLTK stop-word lists and the project lexicons, with its languages.
    exact: WordMasks,
    /// Accentless spellings of the accented words (see [`accentless`]), with their languages.
    unaccented: WordMasks,
    /// Indices into [`INFLECTIONS`] by the last byte of their ending.
    inflections_by_last: Vec<Vec<u8>>,
    /// Indices into [`CUES`]: `At::End` cues by their last byte, `At::Anywhere` cues by their
    /// first byte. A word then tries only the cues that can match it.
    end_cues_by_last: Vec<Vec<u8>>,
    anywhere_cues_by_first: Vec<Vec<u8>>,
}

/// A set of [`CUES`] indices.
#[derive(Clone, Copy, Default)]
struct CueSet([u64; 2]);

impl CueSet {
    fn insert(&mut self, i: u8) {
        self.0[usize::from(i / 64)] |= 1 << (i % 64);
    }
    /// The members, ascending.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(half, &bits)| {
            let mut rest = bits;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let i = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    half * 64 + i
                })
            })
        })
    }
    fn is_empty(&self) -> bool {
        self.0 == [0, 0]
    }
}

const _: () = assert!(CUES.len() <= 128 && INFLECTIONS.len() <= 256);

impl Lexicon {
    fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::build)
    }

    fn build() -> Lexicon {
        let mut exact = WordMasks::default();
        for l in Lang::ALL {
            for w in stop_words::lookup(l.code()).unwrap_or_default() {
                *exact.entry(w.replace('\u{2019}', "'").into()).or_default() |= bit(l);
            }
        }
        for (l, text) in LEXICONS {
            let words = text
                .lines()
                .map(|line| line.split('#').next().unwrap_or_default())
                .flat_map(str::split_whitespace);
            for w in words {
                *exact.entry(w.to_lowercase().into()).or_default() |= bit(l);
            }
        }
        let mut unaccented = WordMasks::default();
        for (w, &mask) in &exact {
            if let Some((folded, lost)) = accentless(w) {
                *unaccented.entry(folded.into()).or_default() |= mask;
                if lost.chars().count() >= 3 {
                    *unaccented.entry(lost.into()).or_default() |= mask;
                }
            }
        }
        let mut inflections_by_last = vec![Vec::new(); 256];
        for (i, &(_, ending, _)) in INFLECTIONS.iter().enumerate() {
            let last = ending
                .bytes()
                .last()
                .expect("inflection endings are not empty");
            inflections_by_last[usize::from(last)].push(i as u8);
        }
        let mut end_cues_by_last = vec![Vec::new(); 256];
        let mut anywhere_cues_by_first = vec![Vec::new(); 256];
        for (i, &(_, at, letters, _)) in CUES.iter().enumerate() {
            let (lists, byte) = match at {
                At::End => (&mut end_cues_by_last, letters.bytes().last()),
                At::Anywhere => (&mut anywhere_cues_by_first, letters.bytes().next()),
            };
            lists[usize::from(byte.expect("cues are not empty"))].push(i as u8);
        }
        Lexicon {
            exact,
            unaccented,
            inflections_by_last,
            end_cues_by_last,
            anywhere_cues_by_first,
        }
    }

    /// The [`CUES`] that `word` shows: an `At::End` cue when the word is longer and ends with
    /// it, an `At::Anywhere` cue when the word contains it.
    fn cues_of(&self, word: &str) -> CueSet {
        let bytes = word.as_bytes();
        let mut set = CueSet::default();
        if let Some(&last) = bytes.last() {
            for &i in &self.end_cues_by_last[usize::from(last)] {
                let letters = CUES[usize::from(i)].2.as_bytes();
                if bytes.len() > letters.len() && bytes.ends_with(letters) {
                    set.insert(i);
                }
            }
        }
        for (p, &b) in bytes.iter().enumerate() {
            for &i in &self.anywhere_cues_by_first[usize::from(b)] {
                if bytes[p..].starts_with(CUES[usize::from(i)].2.as_bytes()) {
                    set.insert(i);
                }
            }
        }
        set
    }

    /// The languages among `candidates` whose lexicon holds `word`.
    fn exact(&self, word: &str, candidates: Mask) -> Mask {
        self.exact.get(word).map_or(0, |m| m & candidates)
    }

    /// The evidence of one lowercased word; `buf` is scratch space.
    fn word_evidence(&self, word: &str, buf: &mut String) -> WordEvidence {
        let mut found = WordEvidence::default();
        self.find(word, &mut found, buf);
        found
    }

    fn find(&self, word: &str, found: &mut WordEvidence, buf: &mut String) {
        let mut mask = self.exact(word, ALL_MASK);
        if mask != 0 {
            // A lexicon word: its spelling cues add nothing worth the time.
            found.share(mask, Weight::Exact);
            return;
        }
        if let Some(i) = word.find('\'') {
            // Elision (`l'eau`, `dell'anno`) or clitic (`minister's`, `don't`): judge the
            // apostrophe's side and the bare word apart.
            let (head, tail) = (&word[..=i], &word[i..]);
            found.share(self.exact(head, ALL_MASK), Weight::Exact);
            found.share(self.exact(tail, ALL_MASK), Weight::Exact);
            for part in [&word[..i], &word[i + 1..]] {
                if !part.is_empty() && !part.contains('\'') {
                    self.find(part, found, buf);
                }
            }
            return;
        }
        let mut weight = Weight::Inflected;
        let last = word.as_bytes().last().copied().unwrap_or_default();
        for &i in &self.inflections_by_last[usize::from(last)] {
            let (l, ending, replacement) = INFLECTIONS[usize::from(i)];
            if mask & bit(l) != 0 {
                continue;
            }
            let Some(stem) = word.strip_suffix(ending) else {
                continue;
            };
            if stem.chars().count() < 3 {
                continue;
            }
            buf.clear();
            buf.push_str(stem);
            buf.push_str(replacement);
            mask |= self.exact(buf, bit(l));
        }
        if mask == 0 {
            weight = Weight::Unaccented;
            mask = self.unaccented.get(word).copied().unwrap_or(0);
        }
        found.share(mask, weight);
        found.cues(self.cues_of(word));
    }
}

/// What one lowercased word adds to a text's [`Evidence`] before it is scaled: worked out
/// once per word and thread (see [`Detector::evidence`]), then replayed, in the order found,
/// so the sums are exactly those of working it out each time.
#[derive(Clone, Copy, Default)]
struct WordEvidence {
    /// `(languages, weight)` shares: one, or up to four for a word with an apostrophe (both
    /// sides, both bare parts).
    masks: [Mask; 4],
    weights: [Weight; 4],
    n_shares: u8,
    /// The spelling cues of each part that shows any (up to two, with an apostrophe).
    cues: [CueSet; 2],
    n_cues: u8,
}

impl WordEvidence {
    fn share(&mut self, mask: Mask, weight: Weight) {
        if mask != 0 {
            let n = usize::from(self.n_shares);
            (self.masks[n], self.weights[n]) = (mask, weight);
            self.n_shares += 1;
        }
    }

    fn cues(&mut self, shown: CueSet) {
        if !shown.is_empty() {
            self.cues[usize::from(self.n_cues)] = shown;
            self.n_cues += 1;
        }
    }

    /// Add this evidence, times `scale`, to `ev`.
    fn add_to(&self, scale: f64, ev: &mut Evidence) {
        let n = usize::from(self.n_shares);
        for (&mask, &weight) in self.masks[..n].iter().zip(&self.weights[..n]) {
            ev.share(mask, weight.value() * scale);
        }
        for shown in &self.cues[..usize::from(self.n_cues)] {
            // In CUES order, so the sums are those of a plain scan of CUES.
            for i in shown.iter() {
                let (lang, _, _, w) = CUES[i];
                ev.cues[lang.index()] += w * scale;
            }
        }
    }
}

/// How a word was found in a lexicon; stored in a byte, replayed as its weight.
#[derive(Clone, Copy, Default)]
enum Weight {
    /// As written: 1.
    #[default]
    Exact,
    /// After removing an inflection: [`INFLECTED_WEIGHT`].
    Inflected,
    /// Only without its accents: [`UNACCENTED_WEIGHT`].
    Unaccented,
}

impl Weight {
    fn value(self) -> f64 {
        match self {
            Weight::Exact => 1.0,
            Weight::Inflected => INFLECTED_WEIGHT,
            Weight::Unaccented => UNACCENTED_WEIGHT,
        }
    }
}

/// Most words in one thread's memo of [`WordEvidence`] (`2^(bits - 1)`: 16,384); a full
/// memo starts over. Its table is 1 MiB (32-byte slots), the evidence beside it 0.9 MB.
const EVIDENCE_MEMO_BITS: u32 = 15;

// The "0.9 MB" above: 16,384 entries of at most 56 bytes.
const _: () = assert!(std::mem::size_of::<WordEvidence>() <= 56);

/// A word as written (one camel part) → what it adds to the evidence: the table maps the word
/// to the index of its evidence in `found`.
struct EvidenceMemo {
    table: WordTable,
    found: Vec<WordEvidence>,
}

impl Default for EvidenceMemo {
    fn default() -> EvidenceMemo {
        EvidenceMemo {
            table: WordTable::new(EVIDENCE_MEMO_BITS, random_seed()),
            found: Vec::new(),
        }
    }
}

impl EvidenceMemo {
    /// The key of the word `text[start..start + len]` (`None`: too long to remember), and a
    /// prefetch of its slot for the [`EvidenceMemo::get_or_work_out`] to come.
    #[inline]
    fn key(&self, text: &[u8], start: usize, len: usize) -> Option<PackedWord> {
        let key = PackedWord::new(text, start, len, self.table.seed())?;
        self.table.prefetch(&key);
        Some(key)
    }

    /// The evidence of the word `key` packs: remembered, or `work_out()` (then remembered).
    #[inline]
    fn get_or_work_out(
        &mut self,
        key: &PackedWord,
        work_out: impl FnOnce() -> WordEvidence,
    ) -> WordEvidence {
        if let Some(i) = self.table.get(key) {
            return self.found[i as usize];
        }
        let found = work_out();
        // Emptied here, not by the table itself, so that `found` empties with it.
        if self.table.is_full() {
            self.table.clear();
            self.found.clear();
        }
        if self.table.insert(key, self.found.len() as u32) {
            self.found.push(found);
        }
        found
    }
}

/// Words between two checks of whether the evidence has settled.
const SETTLE_EVERY: usize = 16;
/// Word parts held back before their evidence is added (a block of words has more parts only
/// when words are glued: then the block is added in two goes).
const PENDING_PARTS: usize = 24;

/// A word part found in a text, waiting to be added to the evidence.
#[derive(Clone, Copy, Default)]
struct Pending {
    start: usize,
    len: usize,
    scale: f64,
    key: Option<PackedWord>,
}

/// The word parts found but not yet added, each with its memo key, whose table slot is being
/// fetched meanwhile: added in order when a block of words ends (or the buffer fills), so the
/// sums are those of adding each part as it is found.
#[derive(Default)]
struct PendingParts {
    parts: [Pending; PENDING_PARTS],
    len: usize,
    /// Scratch strings of [`Detector::add_parts`].
    scratch: (String, String),
}

impl PendingParts {
    /// Add every pending part to `ev` and start again.
    fn add_all(
        &mut self,
        detector: &Detector,
        text: &str,
        memo: &mut Option<&mut EvidenceMemo>,
        ev: &mut Evidence,
    ) {
        detector.add_parts(text, &self.parts[..self.len], memo, ev, &mut self.scratch);
        self.len = 0;
    }
}

thread_local! {
    /// Word → its evidence. The lexicon is the same for every detector, so one memo serves
    /// them all.
    static EVIDENCE_MEMO: RefCell<EvidenceMemo> = RefCell::default();
}

/// Whether `word` has a numeric character (a byte test for ASCII words: the only numeric
/// ASCII characters are the digits).
fn has_numeric(word: &str) -> bool {
    if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_digit())
    } else {
        word.chars().any(char::is_numeric)
    }
}

/// Whether a word after `before` starts a sentence: nothing but white space before it, or
/// sentence punctuation (`.`, `!`, `?`, `:`, `¿`, `¡`, `"`, `«`) as the last character that
/// is not white space. Reads bytes while they are ASCII (the white space `str::trim_end`
/// skips there: space, `\t`, `\n`, `\x0B`, `\x0C`, `\r`).
fn starts_sentence(before: &str) -> bool {
    for &b in before.as_bytes().iter().rev() {
        match b {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => continue,
            b'.' | b'!' | b'?' | b':' | b'"' => return true,
            0..=0x7F => return false,
            _ => break,
        }
    }
    before
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '¿' | '¡' | '"' | '«'))
}

/// The parts of a word glued by a lost space, split where a lower-case letter meets an
/// upper-case one (`conIndia` → `con`, `India`); most words have one part.
fn camel_parts(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = word;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = rest.len();
        if rest.is_ascii() {
            if let Some(i) = rest
                .as_bytes()
                .windows(2)
                .position(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase())
            {
                cut = i + 1;
            }
        } else {
            let mut prev_lower = false;
            for (i, c) in rest.char_indices() {
                if prev_lower && c.is_uppercase() {
                    cut = i;
                    break;
                }
                prev_lower = c.is_lowercase();
            }
        }
        let (part, tail) = rest.split_at(cut);
        rest = tail;
        Some(part)
    })
}

/// The word evidence of one text, before it is weighed among candidate languages.
#[derive(Debug, Default, PartialEq)]
struct Evidence {
    /// Each word's languages (its lexicons) and weight, shared evenly among those of them
    /// that are candidates.
    words: Vec<(Mask, f64)>,
    /// Spelling cues, per language.
    cues: Scores,
}

impl Evidence {
    fn share(&mut self, mask: Mask, weight: f64) {
        if mask != 0 {
            self.words.push((mask, weight));
        }
    }

    /// Evidence per language among `candidates` (0 for the others).
    fn scores(&self, candidates: Mask) -> Scores {
        let mut scores = self.cues;
        for &(mask, weight) in &self.words {
            share(&mut scores, mask & candidates, weight);
        }
        for (i, s) in scores.iter_mut().enumerate() {
            if candidates & (1 << i) == 0 {
                *s = 0.0;
            }
        }
        scores
    }
}

/// Split `weight` evenly among the languages of `mask`.
fn share(scores: &mut Scores, mask: Mask, weight: f64) {
    if mask == 0 {
        return;
    }
    let part = weight / mask.count_ones() as f64;
    // Each language's sum gets its parts in the same order whichever way the bits are visited.
    let mut rest = mask;
    while rest != 0 {
        scores[rest.trailing_zeros() as usize] += part;
        rest &= rest - 1;
    }
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("exact", &self.exact.len())
            .field("unaccented", &self.unaccented.len())
            .finish()
    }
}

/// Whether whatlang puts `text` in the Latin script, without asking it when `text` is ASCII:
/// whatlang counts letters per script and skips ASCII punctuation, digits and controls, so an
/// ASCII text is Latin exactly when it has a letter.
fn is_latin_script(text: &str) -> bool {
    if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_alphabetic())
    } else {
        whatlang::detect_script(text) == Some(whatlang::Script::Latin)
    }
}

/// The first [`EVIDENCE_BYTES`] of `text`, cut at a character boundary.
fn opening(text: &str) -> &str {
    if text.len() <= EVIDENCE_BYTES {
        return text;
    }
    let mut end = EVIDENCE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The best language of `mask` in `scores`, with its lead over the runner-up, if it has any
/// evidence.
fn best(scores: &Scores, mask: Mask) -> Option<(Lang, f64)> {
    let (mut top, mut first, mut second) = (None, 0.0, 0.0);
    for (i, &s) in scores.iter().enumerate() {
        if mask & (1 << i) == 0 {
            continue;
        }
        if top.is_none() || s > first {
            second = if top.is_some() { first } else { 0.0 };
            (top, first) = (Some(i), s);
        } else if s > second {
            second = s;
        }
    }
    top.filter(|_| first > 0.0)
        .map(|i| (Lang::ALL[i], first - second))
}

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
/// Only the opening of a text is read ([`EVIDENCE_BYTES`], at most 64 words of it, and no
/// more words once one language leads by 6). Latin-script text is first given word evidence,
/// per language:
/// - a word in the language's lexicon counts 1 (a word in n lexicons, 1/n each). The lexicons
///   are the NLTK stop-word lists of every [`Lang`] plus a few thousand frequent words of
///   English, Spanish, French, German, Portuguese and Italian written for this project
///   (`src/lang/lexicon/`);
/// - a word found after removing an inflection (`ministers`, `negociaciones`) counts 0.8;
///   one found only without its accents (`accion`, or `accin` where the accented letter was
///   lost in a conversion) counts 0.7;
/// - a word no lexicon holds as written gets its spelling cues (`-ing`, `th`, `ñ`, `-ción`,
///   `ão`, `lh`, `-zione`, `eau`, `è`, `ß`, `sch`, `-ung`...), 0.1 to 1 each;
/// - a capitalised word that does not start a sentence (a name, a title in another language)
///   counts half, and words glued by a lost space (`conIndia`) are split at the capital.
///
/// A text is then decided by, in order:
/// 0. for Latin-script text, a fast path: when word evidence over all pipeline languages
///    puts one ahead by at least 2, it is decided (or reported, if not allowed) without a
///    character model. Catalan or Galician text may be taken for Spanish or Portuguese here;
/// 1. whatlang over all its languages: a text it reliably puts in a language with no pipeline
///    (Ukrainian, Kazakh, Chinese...) is reported as that language and goes to the
///    language-neutral pipeline, never silently to a wrong stemmer;
/// 2. word evidence among the candidates (the allowed languages plus the one whatlang
///    reliably sees, if it has a pipeline): a lead of at least 2 decides, and a language
///    outside the allowlist is reported (neutral pipeline);
/// 3. whatlang again: a reliable answer outside the allowlist is reported, neutral pipeline;
/// 4. word evidence plus whatlang restricted to the allowlist (its answer adds its
///    confidence): the best allowed language, with confidence `lead / (lead + 2)`, decided
///    when that reaches the floor, otherwise kept as the best guess. With no word evidence
///    (other scripts), whatlang's own answer and confidence.
#[derive(Debug)]
pub struct Detector {
    allow: Vec<Lang>,
    /// [`Detector::allow`] as a mask.
    allow_mask: Mask,
    floor: f64,
    inner: whatlang::Detector,
    lexicon: &'static Lexicon,
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
        let allow_mask = allow.iter().fold(0, |m, &l| m | bit(l));
        Detector {
            allow,
            allow_mask,
            floor,
            inner,
            lexicon: Lexicon::get(),
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

    /// Word evidence from the first [`EVIDENCE_WORDS`] words of `text` (fewer once one
    /// language leads by [`SETTLED`]).
    /// Words glued by a lost space (`conIndia`) are split at the capital; a capitalised word
    /// that does not start a sentence (a name, a title in another language) counts half.
    fn evidence(&self, text: &str) -> Evidence {
        EVIDENCE_MEMO.with(|memo| match memo.try_borrow_mut() {
            Ok(mut memo) => self.evidence_memoized(text, Some(&mut memo)),
            Err(_) => self.evidence_memoized(text, None),
        })
    }

    /// [`Detector::evidence`] with `memo`, or working out every word when there is none (the
    /// thread's memo already borrowed; the tests' reference).
    fn evidence_memoized(&self, text: &str, mut memo: Option<&mut EvidenceMemo>) -> Evidence {
        // One allocation per text, not one per doubling.
        let mut ev = Evidence {
            words: Vec::with_capacity(EVIDENCE_WORDS),
            ..Evidence::default()
        };
        let mut pending = PendingParts::default();
        for (n, (at, w)) in crate::segment::word_indices(text)
            .take(EVIDENCE_WORDS)
            .enumerate()
        {
            if n > 0 && n % SETTLE_EVERY == 0 {
                pending.add_all(self, text, &mut memo, &mut ev);
                if best(&ev.scores(ALL_MASK), ALL_MASK).is_some_and(|(_, m)| m >= SETTLED) {
                    return ev;
                }
            }
            if has_numeric(w) {
                continue;
            }
            let starts_sentence = starts_sentence(&text[..at]);
            let mut start = at;
            for (i, part) in camel_parts(w).enumerate() {
                let capital = part.chars().next().is_some_and(char::is_uppercase);
                let scale = if capital && (i > 0 || !starts_sentence) {
                    0.5
                } else {
                    1.0
                };
                if pending.len == PENDING_PARTS {
                    pending.add_all(self, text, &mut memo, &mut ev);
                }
                pending.parts[pending.len] = Pending {
                    start,
                    len: part.len(),
                    scale,
                    key: memo
                        .as_deref()
                        .and_then(|m| m.key(text.as_bytes(), start, part.len())),
                };
                pending.len += 1;
                start += part.len();
            }
        }
        pending.add_all(self, text, &mut memo, &mut ev);
        ev
    }

    /// Add the evidence of `parts` of `text` to `ev`, in order: remembered in `memo` or worked
    /// out (lowercased, with the typographic apostrophe folded, and looked up).
    fn add_parts(
        &self,
        text: &str,
        parts: &[Pending],
        memo: &mut Option<&mut EvidenceMemo>,
        ev: &mut Evidence,
        (word, buf): &mut (String, String),
    ) {
        for p in parts {
            let part = &text[p.start..p.start + p.len];
            let mut work_out = || {
                word.clear();
                if part.is_ascii() {
                    word.push_str(part);
                    word.make_ascii_lowercase();
                } else {
                    word.extend(part.chars().flat_map(char::to_lowercase).map(|c| {
                        if c == '\u{2019}' {
                            '\''
                        } else {
                            c
                        }
                    }));
                }
                self.lexicon.word_evidence(word, buf)
            };
            let found = match (memo.as_deref_mut(), &p.key) {
                (Some(memo), Some(key)) => memo.get_or_work_out(key, work_out),
                _ => work_out(),
            };
            found.add_to(p.scale, ev);
        }
    }

    /// A detection decided by word evidence alone, when it puts one of `candidates` at least
    /// [`DECISIVE_MARGIN`] ahead of any other: detected if allowed, otherwise reported.
    fn decisive(&self, scores: &Scores, candidates: Mask) -> Option<Detection> {
        let (lang, margin) = best(scores, candidates)?;
        (margin >= DECISIVE_MARGIN).then(|| {
            let allowed = self.allow_mask & bit(lang) != 0;
            Detection {
                lang: allowed.then_some(lang),
                confidence: (margin / (margin + DECISIVE_MARGIN)).max(self.floor),
                guess: None,
                other: (!allowed).then(|| lang.whatlang().code()),
            }
        })
    }

    /// Detect the language of `text` alone (see the type's docs for the order of evidence).
    pub fn detect(&self, text: &str) -> Detection {
        let text = opening(text);
        let mut d = Detection {
            lang: None,
            confidence: 0.0,
            guess: None,
            other: None,
        };
        let latin = is_latin_script(text);
        let evidence = if latin {
            let ev = self.evidence(text);
            if let Some(d) = self.decisive(&ev.scores(ALL_MASK), ALL_MASK) {
                return d;
            }
            ev
        } else {
            Evidence::default()
        };
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
        // Weigh the allowed languages, plus the one whatlang reliably sees if it has a
        // pipeline but is not allowed (so a French text is not claimed by Spanish words).
        let mut candidates = self.allow_mask;
        if let Some(l) = info
            .as_ref()
            .filter(|i| i.is_reliable())
            .and_then(|i| Lang::from_whatlang(i.lang()))
        {
            candidates |= bit(l);
        }
        let mut scores = evidence.scores(candidates);
        if let Some(d) = self.decisive(&scores, candidates) {
            return d;
        }
        if let Some(info) = info.as_ref().filter(|i| i.is_reliable()) {
            if Lang::from_whatlang(info.lang()).is_some_and(|l| self.allow_mask & bit(l) == 0) {
                d.other = Some(info.lang().code());
                d.confidence = info.confidence();
                return d;
            }
        }
        let words_seen = scores.iter().any(|&s| s > 0.0);
        let restricted = self.inner.detect(text);
        if let Some(info) = &restricted {
            if let Some(l) = Lang::from_whatlang(info.lang()) {
                scores[l.index()] += TRIGRAM_WEIGHT * info.confidence();
            }
        }
        let best = match (words_seen, &restricted) {
            (false, Some(info)) => Lang::from_whatlang(info.lang()).map(|l| (l, info.confidence())),
            _ => best(&scores, self.allow_mask)
                .map(|(l, margin)| (l, margin / (margin + DECISIVE_MARGIN))),
        };
        if let Some((lang, confidence)) = best {
            d.confidence = confidence;
            d.guess = Some(lang);
            if confidence >= self.floor {
                d.lang = Some(lang);
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
    fn indexed_cues_are_the_plain_scan() {
        // The byte-indexed lookup must find exactly the cues a scan of CUES finds.
        let lexicon = Lexicon::get();
        let words = [
            "thinking",
            "ly",
            "weekly",
            "bookshop",
            "acción",
            "acciones",
            "naciones",
            "niño",
            "ação",
            "informações",
            "trabalho",
            "società",
            "pizza",
            "gli",
            "château",
            "eaux",
            "œuvre",
            "straße",
            "müller",
            "zeitung",
            "schicht",
            "k",
            "ß",
            "e",
            "",
            "über",
            "minister's",
            "tion",
            "nation",
            "coração",
            "ççç",
            "ñññ",
            "vacaciones",
            "eee",
        ];
        for w in words {
            let plain: Vec<usize> = CUES
                .iter()
                .enumerate()
                .filter(|(_, &(_, at, letters, _))| match at {
                    At::End => w.len() > letters.len() && w.ends_with(letters),
                    At::Anywhere => w.contains(letters),
                })
                .map(|(i, _)| i)
                .collect();
            let indexed: Vec<usize> = lexicon.cues_of(w).iter().collect();
            assert_eq!(indexed, plain, "{w}");
        }
    }

    #[test]
    fn ascii_script_shortcut_agrees_with_whatlang() {
        // Every ASCII byte in short strings, and longer pseudo-random mixes.
        let mut texts: Vec<String> = (0u8..128).map(|b| char::from(b).to_string()).collect();
        texts.extend((0u8..128).map(|b| format!("12 {} 34\u{7f}", char::from(b))));
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for len in [0, 1, 2, 5, 40, 300] {
            for _ in 0..200 {
                let text: String = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        // Mostly digits and punctuation, so letter-free texts occur.
                        let pool = b"0123456789 .,;:!?-+*/()[]{}@#$%^&_|~`'\"\x7f\t\nqZ";
                        char::from(pool[(state % pool.len() as u64) as usize])
                    })
                    .collect();
                texts.push(text);
            }
        }
        for text in &texts {
            assert_eq!(
                is_latin_script(text),
                whatlang::detect_script(text) == Some(whatlang::Script::Latin),
                "{text:?}"
            );
        }
    }

    #[test]
    fn memoized_word_evidence_is_worked_out_evidence() {
        // Replayed evidence must give exactly the sums of working each word out, cold and warm,
        // for words with apostrophes, inflections, lost accents, cues and mixed case.
        let texts = [
            "The Minister's talks: MINISTERS met in Astana; don't l'eau dell'anno",
            "Las negociaciones ENERGÉTICAS de accion y accin con Niños; conIndia",
            "Straße Zeitung über Müller; château œuvre; informações coração trabalho",
            "vacaciones weekly bookshop thinking nation l\u{2019}énergie d'Europe's",
            "a-very-long-hyphenated-word-that-is-longer-than-the-memo-key-allows ok",
        ];
        let detector = Detector::default();
        for _ in 0..2 {
            for text in texts {
                let plain = detector.evidence_memoized(text, None);
                assert_eq!(detector.evidence(text), plain, "{text}");
                assert!(!plain.words.is_empty(), "{text}");
            }
        }
    }

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

    /// The seven-language allowlist of the routing benchmark (`examples/langid.rs`).
    fn seven() -> Detector {
        use Lang::*;
        Detector::new(
            vec![
                English, Spanish, Russian, French, German, Portuguese, Italian,
            ],
            DEFAULT_FLOOR,
        )
    }

    /// Route each text with the seven-language detector and compare with `expected`.
    fn check_all(cases: &[(&str, Lang)]) {
        let d = seven();
        let wrong: Vec<String> = cases
            .iter()
            .map(|&(text, expected)| (text, expected, d.route(text, None, None)))
            .filter(|(_, expected, r)| r.lang != Some(*expected))
            .map(|(text, expected, r)| format!("{text:?}: expected {expected}, got {}", r.code()))
            .collect();
        assert!(wrong.is_empty(), "misrouted:\n{}", wrong.join("\n"));
    }

    #[test]
    fn short_english_titles_without_stop_words() {
        use Lang::English as En;
        check_all(&[
            ("Ministers reject grain export plan", En),
            ("Pipeline deal signed after long talks", En),
            ("Border clashes leave soldiers dead", En),
            ("Central bank raises interest rates", En),
            ("Opposition leader arrested", En),
            ("Drought threatens wheat harvest", En),
            ("President visits flooded villages", En),
            ("Government announces new sanctions", En),
            ("Protesters demand fair elections", En),
            ("Refugees", En),
            ("Negotiations", En),
            ("Freedom", En),
            ("Spokesman's warning", En),
            ("Strengthening ties", En),
        ]);
    }

    #[test]
    fn spanish_with_accents_typed_or_lost() {
        use Lang::Spanish as Es;
        check_all(&[
            // As written.
            ("Reunión de cancilleres en Astaná", Es),
            ("Negociaciones sobre el reparto del agua", Es),
            // Typed without accents.
            ("Reunion de cancilleres sobre la cuestion del agua", Es),
            ("Aprobacion del presupuesto", Es),
            // Accented letters lost in a conversion (`ó` dropped).
            ("La reunin termin sin acuerdo", Es),
            ("Comisin de investigacin", Es),
            ("negociaciones", Es),
            ("ciudadanos", Es),
            ("Elecciones", Es),
        ]);
    }

    #[test]
    fn romance_and_german_sentences() {
        use Lang::*;
        check_all(&[
            (
                "O governo anunciou novas medidas para proteger os trabalhadores.",
                Portuguese,
            ),
            ("As negociações com a União Europeia continuam", Portuguese),
            (
                "Il governo ha annunciato nuove misure per proteggere i lavoratori.",
                Italian,
            ),
            ("La riunione dei ministri degli esteri", Italian),
            (
                "Le gouvernement a annoncé de nouvelles mesures pour les travailleurs.",
                French,
            ),
            ("Les négociations reprennent à Genève", French),
            ("Die Regierung kündigte neue Maßnahmen an.", German),
            ("Verhandlungen über die Gasversorgung", German),
        ]);
    }

    #[test]
    fn names_and_glued_words_weigh_less_than_the_sentence() {
        use Lang::Spanish as Es;
        check_all(&[
            // English names and titles inside a Spanish sentence.
            (
                "Noticias relacionadas con Research Council, Future Energy Forum y la reunión",
                Es,
            ),
            // A space lost between two words (`conIndia`).
            ("Acuerdos firmados conIndia y Brasil sobre comercio", Es),
        ]);
    }

    #[test]
    fn only_the_opening_of_a_long_text_is_read() {
        let spanish = "Los ministros de Exteriores se reunieron para negociar el acuerdo. ";
        let english = "The ministers met again to negotiate the agreement on water. ";
        let text = format!("{}{}", spanish.repeat(10), english.repeat(200));
        assert!(spanish.len() * 10 >= EVIDENCE_BYTES);
        let r = seven().route(&text, None, None);
        assert_eq!((r.lang, r.source), (Some(Lang::Spanish), Source::Detected));
        // The cut falls inside a multi-byte character without panicking.
        let text = "ñ".repeat(EVIDENCE_BYTES);
        assert_eq!(opening(&text).len(), EVIDENCE_BYTES);
        let text = format!("a{text}");
        assert_eq!(opening(&text).len(), EVIDENCE_BYTES - 1);
    }

    #[test]
    fn glued_words_split_at_the_capital() {
        for (word, parts) in [
            ("conIndia", vec!["con", "India"]),
            ("India", vec!["India"]),
            ("NATO", vec!["NATO"]),
            ("relacionadasconThe", vec!["relacionadascon", "The"]),
            ("", vec![]),
        ] {
            assert_eq!(camel_parts(word).collect::<Vec<_>>(), parts, "{word}");
        }
    }

    /// The char-by-char definitions the byte paths for ASCII text must agree with.
    mod by_chars {
        pub fn has_numeric(word: &str) -> bool {
            word.chars().any(char::is_numeric)
        }

        pub fn starts_sentence(before: &str) -> bool {
            before
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '¿' | '¡' | '"' | '«'))
        }

        pub fn camel_parts(word: &str) -> Vec<&str> {
            let mut parts = vec![];
            let mut rest = word;
            while !rest.is_empty() {
                let mut prev_lower = false;
                let mut cut = rest.len();
                for (i, c) in rest.char_indices() {
                    if prev_lower && c.is_uppercase() {
                        cut = i;
                        break;
                    }
                    prev_lower = c.is_lowercase();
                }
                parts.push(&rest[..cut]);
                rest = &rest[cut..];
            }
            parts
        }
    }

    proptest::proptest! {
        /// Words and the text before them from an alphabet of every kind of character the
        /// byte paths tell apart (letters of both cases, digits, sentence punctuation, every
        /// ASCII white space) plus non-ASCII ones that matter (accented capitals, `¿`, `«`, a
        /// no-break space, a non-ASCII digit).
        #[test]
        fn byte_paths_agree_with_the_char_definitions(
            text in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'z', 'A', 'Z', 'q', 'Q', '0', '9', '.', '!', '?', ':', '"', ',', '-', '\'',
                ' ', '\t', '\n', '\x0B', '\x0C', '\r', 'É', 'é', 'ß', '¿', '¡', '«', '\u{A0}',
                '\u{85}', '٣', 'Ж', 'ж',
            ]), 0..12),
        ) {
            let text: String = text.into_iter().collect();
            proptest::prop_assert_eq!(has_numeric(&text), by_chars::has_numeric(&text));
            proptest::prop_assert_eq!(starts_sentence(&text), by_chars::starts_sentence(&text));
            proptest::prop_assert_eq!(
                camel_parts(&text).collect::<Vec<_>>(),
                by_chars::camel_parts(&text)
            );
        }
    }
}
