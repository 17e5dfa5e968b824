//! Word segmentation: where the words of a text are, as UAX #29 defines them.
//!
//! A leaf module: routing (`lang`) and analysis (`text`) both segment with it, and it depends
//! on neither. [`word_indices`] gives exactly what `unicode-segmentation` gives, found by a scan
//! of its own on ASCII text.

use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};

/// Step 1: the words of `text` with their byte offsets, exactly as `unicode-segmentation`'s
/// [`UnicodeSegmentation::unicode_word_indices`] gives them (UAX #29 word boundaries, keeping
/// the segments that have a letter or digit). On ASCII text a scan of its own finds them: the
/// crate walks every segment, spaces and punctuation included, through two function pointers;
/// this loop only visits words. Every stage that segments (routing, training, tagging) uses it.
///
/// ```
/// let words: Vec<_> = topictag::segment::word_indices("Kazakhstan-Kyrgyzstan: 1,500 troops' e.g.").collect();
/// assert_eq!(words, [(0, "Kazakhstan"), (11, "Kyrgyzstan"), (23, "1,500"), (29, "troops"), (37, "e.g")]);
/// ```
pub fn word_indices(text: &str) -> WordIndices<'_> {
    if text.is_ascii() {
        WordIndices::Ascii(AsciiWords {
            text,
            at: 0,
            block: usize::MAX,
            core: 0,
        })
    } else {
        WordIndices::Unicode(text.unicode_word_indices())
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
///
/// ```
/// assert_eq!(topictag::segment::prefix("año", 2), "a");
/// assert_eq!(topictag::segment::prefix("año", 9), "año");
/// ```
pub fn prefix(s: &str, max: usize) -> &str {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// How many words `text` reads as, for rules of length (a title's, a teaser's, a
/// paragraph's): its words between spaces, where a run of a script written without spaces
/// (Chinese, Japanese, Thai, Lao, Khmer, Burmese) counts one word per two of its characters,
/// about the length of a word there.
///
/// ```
/// use topictag::segment::word_count;
/// assert_eq!(word_count("Kazakhstan extends visa-free stays"), 4);
/// assert_eq!(word_count("中国同哈萨克斯坦签署协定"), 6);
/// assert_eq!(word_count("Xi 访问 Astana"), 3);
/// ```
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| {
            let unspaced = w.chars().filter(|&c| written_without_spaces(c)).count();
            unspaced.div_ceil(2).max(1)
        })
        .sum()
}

/// Whether `c` is of a script written without spaces between words.
fn written_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'   // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{2FA1F}')
}

/// The words of `text`, as [`word_indices`] finds them.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    word_indices(text).map(|(_, w)| w)
}

/// Iterator of [`word_indices`].
#[derive(Debug)]
pub enum WordIndices<'a> {
    Ascii(AsciiWords<'a>),
    Unicode(UnicodeWordIndices<'a>),
}

impl<'a> Iterator for WordIndices<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            WordIndices::Ascii(words) => words.next(),
            WordIndices::Unicode(words) => words.next(),
        }
    }
}

/// The words of an ASCII text under the UAX #29 rules as they apply to ASCII (the table in
/// `unicode-segmentation`'s `AsciiWordBoundIter`): a word is a run of letters, digits and `_`
/// that also takes `.`, `'` or `:` between two letters and `.`, `,`, `;` or `'` between two
/// digits, and has at least one letter or digit. Everything else (spaces, line breaks,
/// punctuation) falls between words.
///
/// The text is classified 64 bytes at a time into a bit mask of its letters, digits and `_`
/// (eight bytes per step, see `core_bytes`); words start and end where the mask changes,
/// found with `trailing_zeros`, and only a byte that could join two parts of a word is looked
/// at on its own.
#[derive(Debug)]
pub struct AsciiWords<'a> {
    text: &'a str,
    at: usize,
    /// Start of the 64-byte block whose mask is `core` (`usize::MAX`: none yet).
    block: usize,
    /// Bit `i`: byte `block + i` is a letter, digit or `_` (bytes past the end: not).
    core: u64,
}

/// Byte classes of the ASCII word scan: bits of [`ASCII_CLASS`].
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const UNDERSCORE: u8 = 4;
/// Letters, digits and `_`: the bytes a word is made of ([`core_bytes`] finds them eight at a
/// time; the tests check it against this class).
#[cfg(test)]
const CORE: u8 = LETTER | DIGIT | UNDERSCORE;
/// `.`, `'`, `:`: join two letters.
const MID_LETTER: u8 = 8;
/// `.`, `,`, `;`, `'`: join two digits.
const MID_NUM: u8 = 16;

/// The class bits of every byte (non-ASCII bytes: none; [`AsciiWords`] only sees ASCII).
static ASCII_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        class[b] = if c.is_ascii_alphabetic() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            match c {
                b'_' => UNDERSCORE,
                b'.' | b'\'' => MID_LETTER | MID_NUM,
                b':' => MID_LETTER,
                b',' | b';' => MID_NUM,
                _ => 0,
            }
        };
        b += 1;
    }
    class
};

/// Eight bytes at a time: the high bit of each byte of `x` (all ASCII) that is a letter, a
/// digit or `_`. Each test adds a constant to every byte at once; an ASCII byte plus at most
/// 0x80 never carries into the next byte.
#[inline]
fn core_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit set where `lo <= byte <= hi`.
    let within = |x: u64, lo: u8, hi: u8| {
        (x.wrapping_add(ONES * u64::from(0x80 - lo)) & !x.wrapping_add(ONES * u64::from(0x7f - hi)))
            & HIGH
    };
    // `| 0x20` folds upper case onto lower case (and nothing else onto `a..=z`).
    within(x | (ONES * 0x20), b'a', b'z') | within(x, b'0', b'9') | within(x, b'_', b'_')
}

/// Bit `i` set when byte `start + i` of `bytes` (ASCII) is a letter, digit or `_`.
#[inline]
fn block_mask(bytes: &[u8], start: usize) -> u64 {
    let mut padded = [0u8; 64];
    let block = match bytes.get(start..start + 64) {
        Some(block) => block,
        None => {
            // The last, partial block: zero bytes after the end are not word bytes.
            let tail = &bytes[start..];
            padded[..tail.len()].copy_from_slice(tail);
            &padded
        }
    };
    let mut mask = 0;
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let high = core_bytes(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        // Gather the eight high bits into one byte: each lands on bit 56 + lane, and no two
        // partial products meet (so nothing carries).
        let lanes = ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        mask |= lanes << (8 * k);
    }
    mask
}

impl AsciiWords<'_> {
    /// The first position at or after `from` whose byte is (`core`) or is not (`!core`) a
    /// letter, digit or `_`; the text's length if there is none.
    #[inline(always)]
    fn find(&mut self, from: usize, core: bool) -> usize {
        // Most words start and end inside the block at hand.
        if from & !63 == self.block {
            if let Some(at) = self.in_block(from, core) {
                return at;
            }
        }
        self.find_in_next_blocks(from, core)
    }

    /// [`AsciiWords::find`] within the block at hand (which holds `from`), if it is there.
    #[inline(always)]
    fn in_block(&self, from: usize, core: bool) -> Option<usize> {
        let bits = if core { self.core } else { !self.core } >> (from & 63);
        (bits != 0).then(|| (from + bits.trailing_zeros() as usize).min(self.text.len()))
    }

    /// [`AsciiWords::find`] when the answer is not in the block at hand.
    #[inline(never)]
    fn find_in_next_blocks(&mut self, from: usize, core: bool) -> usize {
        let bytes = self.text.as_bytes();
        let mut at = from;
        while at < bytes.len() {
            let block = at & !63;
            if block != self.block {
                self.core = block_mask(bytes, block);
                self.block = block;
            }
            if let Some(found) = self.in_block(at, core) {
                return found;
            }
            at = block + 64;
        }
        bytes.len()
    }
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.text.as_bytes();
        let class = |b: u8| ASCII_CLASS[usize::from(b)];
        loop {
            let start = self.find(self.at, true);
            if start >= bytes.len() {
                self.at = start;
                return None;
            }
            let mut end = start;
            loop {
                end = self.find(end, false);
                // A joiner between two letters (or two digits) keeps the word going; the byte
                // after it is then part of the word too.
                let (Some(&b), Some(&next)) = (bytes.get(end), bytes.get(end + 1)) else {
                    break;
                };
                let (c, both) = (class(b), class(bytes[end - 1]) & class(next));
                let joins = (c & MID_LETTER != 0 && both & LETTER != 0)
                    || (c & MID_NUM != 0 && both & DIGIT != 0);
                if !joins {
                    break;
                }
                end += 2;
            }
            self.at = end;
            // A run of underscores alone is not a word (a joined word has letters or digits).
            if bytes[start] != b'_' || bytes[start..end].iter().any(|&b| b != b'_') {
                return Some((start, &self.text[start..end]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII scan must give exactly the words and offsets of `unicode-segmentation`:
    /// every string of up to 5 characters over the classes the rules tell apart, and longer
    /// pseudo-random ASCII strings.
    #[test]
    fn ascii_words_are_unicode_words() {
        let check = |text: &str| {
            let ours: Vec<(usize, &str)> = word_indices(text).collect();
            let theirs: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            assert_eq!(ours, theirs, "{text:?}");
        };
        let alphabet = b"aZ09.,;:'_ \r\n-\"";
        let mut text = Vec::new();
        let mut counters = Vec::new();
        for len in 0..=5 {
            counters.clear();
            counters.resize(len, 0usize);
            loop {
                text.clear();
                text.extend(counters.iter().map(|&i| alphabet[i]));
                check(std::str::from_utf8(&text).expect("ASCII"));
                // Next string of this length, as an odometer.
                let Some(pos) = counters.iter().rposition(|&i| i + 1 < alphabet.len()) else {
                    break;
                };
                counters[pos] += 1;
                counters[pos + 1..].iter_mut().for_each(|i| *i = 0);
            }
        }
        // The same pseudo-random strings on every run.
        let mut next = crate::testutil::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let len = (next() % 60) as usize;
            let text: String = (0..len).map(|_| char::from((next() % 128) as u8)).collect();
            check(&text);
        }
        // Longer strings over the classes the rules tell apart, so that words, joiners and
        // underscores fall across the eight-byte steps and 64-byte blocks of the scan.
        for _ in 0..5000 {
            let len = (next() % 200) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            check(std::str::from_utf8(&text).expect("ASCII"));
        }
        // Non-ASCII text takes the crate's own path.
        check("Kazakhstan–Kyrgyzstan: l’énergie, 1 500 ñandúes");
    }

    /// The eight-byte classifier agrees with the byte table for every ASCII byte in every lane,
    /// whatever the other lanes hold.
    #[test]
    fn core_bytes_agree_with_the_table() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for b in 0..128u8 {
            for lane in 0..8 {
                for _ in 0..16 {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let mut x = state & 0x7f7f_7f7f_7f7f_7f7f;
                    x = (x & !(0xff << (8 * lane))) | (u64::from(b) << (8 * lane));
                    let core = ASCII_CLASS[usize::from(b)] & CORE != 0;
                    assert_eq!(
                        core_bytes(x) >> (8 * lane + 7) & 1 == 1,
                        core,
                        "byte {b} lane {lane}"
                    );
                }
            }
        }
    }
}
