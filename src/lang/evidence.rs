//! Reading a text's words: its opening words in, per-language [`Evidence`] out (names and
//! capitalised words weighed less, reading stopped once one language clearly leads).

use super::detect::DECISIVE_MARGIN;
use super::lexicon::Lexicon;
use super::lookup::Lookup;
use super::{Lang, Mask, Scores, ALL_MASK};

/// How many leading words the word evidence looks at.
const EVIDENCE_WORDS: usize = 64;

/// Word evidence by which one language leads, checked every 16 words, after which the rest
/// of a long text is not read.
const SETTLED: f64 = 3.0 * DECISIVE_MARGIN;

/// Words between two checks of whether the evidence has settled.
const SETTLE_EVERY: usize = 16;

/// Word evidence from the first [`EVIDENCE_WORDS`] words of `text` (fewer once one language
/// leads by [`SETTLED`]), looked up through this thread's memo.
/// A capitalised word that does not start a sentence (a name, a title in another language)
/// counts half, unless it stands on a line written in capitals (a wire headline), where
/// capitals say nothing of names.
pub(super) fn read(lexicon: &'static Lexicon, text: &str) -> Evidence {
    Lookup::with_thread_memo(lexicon, |lookup| read_with(lookup, text))
}

/// [`read`] through `lookup`.
fn read_with(lookup: &mut Lookup<'_>, text: &str) -> Evidence {
    // One allocation per text, not one per doubling.
    let mut ev = Evidence {
        words: Vec::with_capacity(EVIDENCE_WORDS),
        ..Evidence::default()
    };
    let mut caps = CapitalLines::default();
    for (n, (at, w)) in crate::segment::word_indices(text)
        .take(EVIDENCE_WORDS)
        .enumerate()
    {
        if n > 0 && n % SETTLE_EVERY == 0 {
            lookup.flush(text, &mut ev);
            if best(&ev.scores(ALL_MASK), ALL_MASK).is_some_and(|(_, m)| m >= SETTLED) {
                return ev;
            }
        }
        if has_numeric(w) {
            continue;
        }
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let scale = if capital && !starts_sentence(&text[..at]) && !caps.shouts(text, at, w) {
            0.5
        } else {
            1.0
        };
        lookup.push(text, (at, w.len()), scale, &mut ev);
    }
    lookup.flush(text, &mut ev);
    ev
}

/// Which lines of a text are written in capitals, found line by line as words ask.
#[derive(Default)]
struct CapitalLines {
    /// The end of the last line looked at (its line feed or the text's end), and whether that
    /// line is in capitals. Words come in text order, so one line is enough to remember.
    line_end: usize,
    in_capitals: bool,
}

impl CapitalLines {
    /// Whether `word` (at byte `at` of `text`) has no lowercase letter and stands on a line
    /// in capitals: a line with no lowercase letter and at least two words.
    fn shouts(&mut self, text: &str, at: usize, word: &str) -> bool {
        if word.chars().any(char::is_lowercase) {
            return false;
        }
        if at >= self.line_end {
            let bytes = text.as_bytes();
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
            let line = &text[start..end];
            self.line_end = end;
            self.in_capitals =
                !line.chars().any(char::is_lowercase) && line.split_whitespace().nth(1).is_some();
        }
        self.in_capitals
    }
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

/// The word evidence of one text, before it is weighed among candidate languages.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Evidence {
    /// Each word's languages (its lexicons) and weight, shared evenly among those of them
    /// that are candidates.
    pub(super) words: Vec<(Mask, f64)>,
    /// Spelling cues, per language.
    pub(super) cues: Scores,
}

impl Evidence {
    pub(super) fn share(&mut self, mask: Mask, weight: f64) {
        if mask != 0 {
            self.words.push((mask, weight));
        }
    }

    /// Evidence per language among `candidates` (0 for the others).
    pub(super) fn scores(&self, candidates: Mask) -> Scores {
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

/// The best language of `mask` in `scores`, with its lead over the runner-up, if it has any
/// evidence.
pub(super) fn best(scores: &Scores, mask: Mask) -> Option<(Lang, f64)> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let lexicon = Lexicon::get();
        for _ in 0..2 {
            for text in texts {
                let plain = read_with(&mut Lookup::without_memo(lexicon), text);
                assert_eq!(read(lexicon, text), plain, "{text}");
                assert!(!plain.words.is_empty(), "{text}");
            }
        }
    }

    /// On a line in capitals (a wire headline) every word counts as it would in lower case;
    /// elsewhere a word in capitals is taken for a name or an acronym and counts half.
    #[test]
    fn words_on_lines_in_capitals_count_in_full() {
        let lexicon = Lexicon::get();
        let weights = |text: &str| -> Vec<f64> {
            read_with(&mut Lookup::without_memo(lexicon), text)
                .words
                .iter()
                .map(|w| w.1)
                .collect()
        };
        let lower = weights("el gobierno anuncia nuevas medidas");
        assert_eq!(weights("EL GOBIERNO ANUNCIA NUEVAS MEDIDAS"), lower);
        assert!(lower.iter().all(|&w| w > 0.5), "{lower:?}");
        // A headline in capitals above a body in lower case: the headline's words in full, the
        // acronym in the body at half.
        let headline = weights("GOVERNMENT ANNOUNCES NEW MEASURES\nThe plan met THE union");
        let plain = weights("government announces new measures\nThe plan met the union");
        assert_eq!(headline.len(), plain.len());
        let n = headline.len();
        assert_eq!(headline[..n - 2], plain[..n - 2]);
        assert_eq!(
            headline[n - 2],
            plain[n - 2] / 2.0,
            "{headline:?} {plain:?}"
        );
        // One word alone on its line is not a line in capitals: it counts as a capitalised one.
        let alone = weights("The talks went on\nTHE\nend");
        assert_eq!(alone, weights("The talks went on\nThe\nend"));
        assert_ne!(alone, weights("The talks went on\nthe\nend"));
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
        }
    }
}
