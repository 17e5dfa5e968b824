//! Word evidence per language: the project lexicons and NLTK stop words, inflections,
//! accentless spellings and spelling cues, built once into a shared [`Lexicon`].

use super::evidence::Evidence;
use super::{bit, Lang, Mask, ALL_MASK};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// Weight of a word found after removing an inflection (`ministers` → `minister`).
const INFLECTED_WEIGHT: f64 = 0.8;

/// Weight of a word found only without its accents (`accion`, typed without them).
const UNACCENTED_WEIGHT: f64 = 0.7;

/// Frequent words of the main digest languages, written for this project (one per line or
/// space-separated; `#` starts a comment). Russian needs none: its script and whatlang settle it.
const LEXICONS: [(Lang, &str); 6] = [
    (Lang::English, include_str!("lexicon/en.txt")),
    (Lang::Spanish, include_str!("lexicon/es.txt")),
    (Lang::French, include_str!("lexicon/fr.txt")),
    (Lang::German, include_str!("lexicon/de.txt")),
    (Lang::Portuguese, include_str!("lexicon/pt.txt")),
    (Lang::Italian, include_str!("lexicon/it.txt")),
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
pub(crate) fn unaccent(c: char) -> Option<char> {
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

/// A word with accents folded to their base letters (`acción` → `accion`), as when typed
/// without them; `None` when the word has no accent.
fn accentless(word: &str) -> Option<String> {
    word.chars()
        .any(|c| unaccent(c).is_some())
        .then(|| word.chars().map(|c| unaccent(c).unwrap_or(c)).collect())
}

/// Word → languages: looked up several times per word, so a fast hasher (foldhash).
type WordMasks = HashMap<Box<str>, Mask, foldhash::fast::RandomState>;

/// Word evidence shared by every [`Detector`]: built once, on first use.
pub(super) struct Lexicon {
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
    pub(super) fn get() -> &'static Lexicon {
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
            if let Some(folded) = accentless(w) {
                *unaccented.entry(folded.into()).or_default() |= mask;
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
    pub(super) fn word_evidence(&self, word: &str, buf: &mut String) -> WordEvidence {
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
/// once per word and thread (see [`super::lookup::Lookup`]), then replayed, in the order found,
/// so the sums are exactly those of working it out each time.
#[derive(Clone, Copy, Default)]
pub(super) struct WordEvidence {
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
    pub(super) fn add_to(&self, scale: f64, ev: &mut Evidence) {
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

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("exact", &self.exact.len())
            .field("unaccented", &self.unaccented.len())
            .finish()
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
}
