//! Keys for the per-thread word memos of the router ([`crate::lang`]) and the tagger
//! ([`crate::tagger`]).

/// Longer words (in bytes) are not memoized: they are worked out every time.
pub(crate) const MEMO_WORD_BYTES: usize = 24;

/// A memoized word, stored inline in a memo's table: a lookup reads no second allocation
/// (with tables bigger than the CPU caches, that pointer chase was the cost of a hit), and
/// compares fixed-size arrays. Bytes past `len` are always zero.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct WordKey {
    len: u8,
    bytes: [u8; MEMO_WORD_BYTES],
}

impl WordKey {
    /// The word as a key, or `None` when it is too long to memoize.
    pub(crate) fn new(word: &str) -> Option<WordKey> {
        let mut bytes = [0; MEMO_WORD_BYTES];
        bytes
            .get_mut(..word.len())?
            .copy_from_slice(word.as_bytes());
        Some(WordKey {
            len: word.len() as u8,
            bytes,
        })
    }
}
