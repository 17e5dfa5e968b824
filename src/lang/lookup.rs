//! Word evidence looked up through a per-thread memo: word parts are queued with their memo
//! keys (whose table slots are prefetched meanwhile) and added to a text's evidence in order.

use super::evidence::Evidence;
use super::lexicon::{Lexicon, WordEvidence};
use crate::memo::{random_seed, PackedWord, WordTable};
use std::cell::RefCell;

/// Most words in one thread's memo of [`WordEvidence`] (`2^(bits - 1)`: 16,384); a full
/// memo starts over. Its table is 1 MiB (32-byte slots), the evidence beside it 0.9 MB.
const EVIDENCE_MEMO_BITS: u32 = 15;

// The "0.9 MB" above: 16,384 entries of at most 56 bytes.
const _: () = assert!(std::mem::size_of::<WordEvidence>() <= 56);

/// A word as written (one word part) → what it adds to the evidence: the table maps the word
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

/// Words held back before their evidence is added (more than a block of
/// [`super::evidence`]'s 16 words, so a block is added in one go).
const QUEUED_PARTS: usize = 24;

/// A word part found in a text, waiting to be added to the evidence.
#[derive(Clone, Copy, Default)]
struct Queued {
    start: usize,
    len: usize,
    scale: f64,
    key: Option<PackedWord>,
}

thread_local! {
    /// Word → its evidence. The lexicon is the same for every detector, so one memo serves
    /// them all.
    static EVIDENCE_MEMO: RefCell<EvidenceMemo> = RefCell::default();
}

/// Looks up the word parts of one text and adds their evidence, in the order queued, to an
/// [`Evidence`]: remembered in the thread's memo, or worked out (lowercased, with the
/// typographic apostrophe folded, and looked up in the [`Lexicon`]). A part is queued with its
/// memo key, whose table slot is fetched meanwhile; the queue is added when the caller ends a
/// block of words ([`Lookup::flush`]) or when it fills, so the sums are those of adding each
/// part as it is found.
pub(super) struct Lookup<'m> {
    lexicon: &'static Lexicon,
    /// `None`: every part is worked out (the thread's memo is already borrowed; the tests'
    /// reference).
    memo: Option<&'m mut EvidenceMemo>,
    queue: [Queued; QUEUED_PARTS],
    len: usize,
    /// Scratch strings: the lowercased part, and the lexicon's own.
    scratch: (String, String),
}

impl Lookup<'_> {
    /// Run `f` with a lookup through this thread's memo (or without one, when the memo is
    /// already in use further up the stack).
    pub(super) fn with_thread_memo<R>(
        lexicon: &'static Lexicon,
        f: impl FnOnce(&mut Lookup<'_>) -> R,
    ) -> R {
        EVIDENCE_MEMO.with(|memo| match memo.try_borrow_mut() {
            Ok(mut memo) => f(&mut Lookup::new(lexicon, Some(&mut memo))),
            Err(_) => f(&mut Lookup::new(lexicon, None)),
        })
    }

    /// A lookup that works out every part.
    #[cfg(test)]
    pub(super) fn without_memo(lexicon: &'static Lexicon) -> Lookup<'static> {
        Lookup::new(lexicon, None)
    }

    fn new<'m>(lexicon: &'static Lexicon, memo: Option<&'m mut EvidenceMemo>) -> Lookup<'m> {
        Lookup {
            lexicon,
            memo,
            queue: [Queued::default(); QUEUED_PARTS],
            len: 0,
            scratch: (String::new(), String::new()),
        }
    }

    /// Queue the word part `text[start..start + len]`, whose evidence counts `scale` times.
    /// A full queue is first added to `ev`.
    #[inline]
    pub(super) fn push(
        &mut self,
        text: &str,
        (start, len): (usize, usize),
        scale: f64,
        ev: &mut Evidence,
    ) {
        if self.len == QUEUED_PARTS {
            self.flush(text, ev);
        }
        self.queue[self.len] = Queued {
            start,
            len,
            scale,
            key: self
                .memo
                .as_deref()
                .and_then(|m| m.key(text.as_bytes(), start, len)),
        };
        self.len += 1;
    }

    /// Add the evidence of every queued part of `text` to `ev`, in order, and empty the queue.
    pub(super) fn flush(&mut self, text: &str, ev: &mut Evidence) {
        let (word, buf) = &mut self.scratch;
        for p in &self.queue[..self.len] {
            let part = &text[p.start..p.start + p.len];
            let lexicon = self.lexicon;
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
                lexicon.word_evidence(word, buf)
            };
            let found = match (self.memo.as_deref_mut(), &p.key) {
                (Some(memo), Some(key)) => memo.get_or_work_out(key, work_out),
                _ => work_out(),
            };
            found.add_to(p.scale, ev);
        }
        self.len = 0;
    }
}
