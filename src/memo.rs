//! The table behind the per-thread word memos of the router ([`crate::lang`]) and the tagger
//! ([`crate::tagger`]).

/// Longer words (in bytes) are not memoized: they are worked out every time.
pub(crate) const MEMO_WORD_BYTES: usize = 24;

/// A hash seed that differs between processes and threads, so that no input can be crafted to
/// crowd a memo's table.
pub(crate) fn random_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = foldhash::fast::RandomState::default().build_hasher();
    h.write_u64(0x5eed);
    h.finish()
}

/// A word as [`WordTable`] keys it: its bytes zero-padded into two integers, its length and a
/// seeded hash. Built straight from the text (two unaligned loads when 24 bytes past the word's
/// start are in the text), so a lookup copies nothing.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PackedWord {
    lo: u128,
    hi: u64,
    len: u32,
    hash: u64,
}

impl PackedWord {
    /// The word `text[start..start + len]`, or `None` when it is longer than
    /// [`MEMO_WORD_BYTES`] (or empty).
    #[inline]
    pub(crate) fn new(text: &[u8], start: usize, len: usize, seed: u64) -> Option<PackedWord> {
        if len == 0 || len > MEMO_WORD_BYTES {
            return None;
        }
        let load = |w: &[u8]| {
            let part = |i: usize| u64::from_le_bytes(w[i..i + 8].try_into().expect("8 bytes"));
            [part(0), part(8), part(16)]
        };
        let parts = match text.get(start..start + MEMO_WORD_BYTES) {
            Some(window) => load(window),
            None => {
                // Near the end of the text: the word alone, zero-padded.
                let mut padded = [0u8; MEMO_WORD_BYTES];
                padded[..len].copy_from_slice(&text[start..start + len]);
                load(&padded)
            }
        };
        // Keep the word's bytes only: the loads above read past its end. `KEEP[n]` keeps the
        // low `n` bytes of a part (a table, so that no branch depends on the length).
        const KEEP: [u64; 9] = {
            let mut keep = [u64::MAX; 9];
            let mut n = 0;
            while n < 8 {
                keep[n] = (1u64 << (8 * n)) - 1;
                n += 1;
            }
            keep
        };
        let keep = |at: usize| KEEP[len.saturating_sub(at).min(8)];
        let (a, b, c) = (parts[0] & keep(0), parts[1] & keep(8), parts[2] & keep(16));
        let len = len as u32;
        let lo = u128::from(a) | (u128::from(b) << 64);
        Some(PackedWord {
            lo,
            hi: c,
            len,
            hash: hash_of(lo, c, len, seed),
        })
    }

    /// The word's length in bytes.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }
}

/// A seeded hash of a packed word's bytes and length (folded multiplies, as foldhash mixes).
#[inline]
fn hash_of(lo: u128, hi: u64, len: u32, seed: u64) -> u64 {
    let mix = |a: u64, b: u64| {
        let m = u128::from(a) * u128::from(b);
        (m as u64) ^ ((m >> 64) as u64)
    };
    let h = mix(
        (lo as u64) ^ seed,
        ((lo >> 64) as u64) ^ 0x243f_6a88_85a3_08d3,
    ) ^ mix(
        hi ^ seed.rotate_left(32),
        u64::from(len) ^ 0x1319_8a2e_0370_7344,
    );
    mix(h, 0x9e37_79b9_7f4a_7c15)
}

/// One slot of a [`WordTable`]: a packed word (length 0: empty) and its value. 32 bytes,
/// aligned, so a slot never straddles two cache lines and a hit reads one line.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    lo: u128,
    hi: u64,
    len: u32,
    value: u32,
}

const _: () = assert!(std::mem::size_of::<Slot>() == 32);

/// Longest run of slots a lookup or an insertion walks; past it a word is a miss (and is not
/// stored), so a crowded neighbourhood costs a fixed amount whatever the input.
const MAX_PROBES: usize = 32;

/// An open-addressing map from words (at most [`MEMO_WORD_BYTES`] bytes) to `u32`, for the
/// per-thread memos: a power-of-two array of 32-byte slots, linear probing, at most half full.
/// It starts small and doubles up to `2^max_bits` slots; when full at that size it is emptied
/// and starts again: frequent words come back after one more analysis each, which costs far
/// less than keeping track of which words are frequent.
pub(crate) struct WordTable {
    slots: Vec<Slot>,
    words: usize,
    max_bits: u32,
    seed: u64,
}

/// Slots of a new table: 128 KiB.
const FIRST_BITS: u32 = 12;

impl WordTable {
    /// An empty table that grows to `2^max_bits` slots (at most `2^(max_bits - 1)` words),
    /// hashing with `seed`.
    pub(crate) fn new(max_bits: u32, seed: u64) -> WordTable {
        WordTable {
            slots: vec![Slot::default(); 1 << FIRST_BITS.min(max_bits)],
            words: 0,
            max_bits,
            seed,
        }
    }

    /// The hash seed (pass it to [`PackedWord::new`]).
    pub(crate) fn seed(&self) -> u64 {
        self.seed
    }

    /// Most words the table holds before it grows or empties itself.
    pub(crate) fn capacity(&self) -> usize {
        self.slots.len() / 2
    }

    /// Most words the table ever holds.
    pub(crate) fn max_words(&self) -> usize {
        1 << (self.max_bits - 1)
    }

    /// Words stored now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.words
    }

    /// Whether the table holds as many words as it ever does (the next insertion empties it).
    pub(crate) fn is_full(&self) -> bool {
        self.words >= self.max_words()
    }

    /// Forget every word.
    pub(crate) fn clear(&mut self) {
        if self.words > 0 {
            self.slots.fill(Slot::default());
            self.words = 0;
        }
    }

    /// Ask the processor to bring `w`'s first slot into cache, ahead of a [`WordTable::get`].
    #[inline]
    pub(crate) fn prefetch(&self, w: &PackedWord) {
        let slot = &self.slots[(w.hash as usize) & (self.slots.len() - 1)];
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch is a hint that never faults, whatever the address (here a valid
        // one), and SSE, which it needs, is part of every x86-64 processor.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(slot).cast());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = slot;
    }

    /// The value stored for `w`.
    #[inline]
    pub(crate) fn get(&self, w: &PackedWord) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = (w.hash as usize) & mask;
        for _ in 0..MAX_PROBES {
            let s = &self.slots[i];
            if s.len == w.len && s.lo == w.lo && s.hi == w.hi {
                return Some(s.value);
            }
            if s.len == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
        None
    }

    /// Store `value` for `w` (not already stored). When the table is half full it first
    /// doubles, or at its largest size empties itself; nothing is stored (`false`) when the
    /// probe run is longer than [`MAX_PROBES`].
    #[inline]
    pub(crate) fn insert(&mut self, w: &PackedWord, value: u32) -> bool {
        if self.words >= self.capacity() {
            if self.slots.len() < 1 << self.max_bits {
                self.grow();
            } else {
                self.clear();
            }
        }
        self.put(
            w.hash,
            Slot {
                lo: w.lo,
                hi: w.hi,
                len: w.len,
                value,
            },
        )
    }

    /// Twice the slots, the same words (as long as their probe runs allow).
    #[cold]
    fn grow(&mut self) {
        let doubled = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        self.words = 0;
        for s in old.into_iter().filter(|s| s.len > 0) {
            self.put(hash_of(s.lo, s.hi, s.len, self.seed), s);
        }
    }

    #[inline]
    fn put(&mut self, hash: u64, slot: Slot) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = (hash as usize) & mask;
        for _ in 0..MAX_PROBES {
            let s = &mut self.slots[i];
            if s.len == 0 {
                *s = slot;
                self.words += 1;
                return true;
            }
            i = (i + 1) & mask;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packed(text: &str, seed: u64) -> Option<PackedWord> {
        PackedWord::new(text.as_bytes(), 0, text.len(), seed)
    }

    /// A word packs the same wherever it sits: at the end of a text (copied) or inside one
    /// (loaded with the bytes after it, then masked); and different words differ.
    #[test]
    fn words_pack_the_same_anywhere() {
        let words = [
            "a",
            "ab",
            "gas",
            "pipeline",
            "fifteen_chars__",
            "sixteen_chars___",
            "seventeen_chars__",
            "twenty-three_characters",
            "twenty-four_characters__",
        ];
        for (i, w) in words.iter().enumerate() {
            let alone = packed(w, 7).expect("short enough");
            let inside = format!("{w}xxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
            let inner = PackedWord::new(inside.as_bytes(), 0, w.len(), 7).expect("short");
            assert_eq!(
                (alone.lo, alone.hi, alone.len, alone.hash),
                (inner.lo, inner.hi, inner.len, inner.hash),
                "{w}"
            );
            for other in &words[i + 1..] {
                let o = packed(other, 7).expect("short enough");
                assert_ne!((alone.lo, alone.hi, alone.len), (o.lo, o.hi, o.len));
            }
        }
        assert!(packed("twenty-five_characters___", 7).is_none());
        assert!(packed("", 7).is_none());
        // The seed changes the hash.
        assert_ne!(
            packed("gas", 1).map(|w| w.hash),
            packed("gas", 2).map(|w| w.hash)
        );
    }

    /// Against a `HashMap`: the table returns what was stored and nothing for words not
    /// stored since it last emptied itself; a small table forces long probe runs.
    #[test]
    fn table_agrees_with_a_hash_map() {
        let mut table = WordTable::new(6, 42);
        let mut model = std::collections::HashMap::new();
        let (mut state, mut hits) = (1u64, 0);
        for step in 0..20_000u32 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let word = format!("w{}", (state >> 33) % 90);
            let w = packed(&word, table.seed()).expect("short");
            match table.get(&w) {
                Some(v) => {
                    assert_eq!(model.get(&word), Some(&v), "{word}");
                    hits += 1;
                }
                None => {
                    assert!(!model.contains_key(&word), "{word} was stored");
                    let before = table.len();
                    table.insert(&w, step);
                    if before >= table.capacity() {
                        // Full at its largest size: emptied first, then stored.
                        model.clear();
                        assert_eq!(table.len(), 1);
                        model.insert(word, step);
                    } else if table.len() == before + 1 {
                        model.insert(word, step);
                    } else {
                        // The probe run was full: not stored.
                        assert_eq!(table.len(), before);
                    }
                }
            }
            assert!(table.len() <= table.capacity());
            assert_eq!(table.len(), model.len());
        }
        assert!(hits > 2_000, "hits {hits}");
    }

    /// A table that doubles keeps the words it held, with their values, up to its largest
    /// size.
    #[test]
    fn growing_keeps_the_words() {
        let mut table = WordTable::new(14, 9);
        let words: Vec<String> = (0..9_000).map(|i| format!("word{i}")).collect();
        let mut stored = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let w = packed(word, table.seed()).expect("short");
            assert_eq!(table.get(&w), None);
            let before = table.len();
            table.insert(&w, i as u32);
            if table.len() > before {
                stored.push(i);
            }
            if table.len() == table.max_words() {
                break;
            }
        }
        // At most a few words whose probe run was full are missing.
        assert!(
            stored.len() == table.max_words() && stored.len() > 8_150,
            "{}",
            stored.len()
        );
        for &i in &stored {
            let w = packed(&words[i], table.seed()).expect("short");
            assert_eq!(table.get(&w), Some(i as u32), "{}", words[i]);
        }
        // Full at its largest size: the next new word empties it.
        for word in ["one", "two", "three"].iter().cycle().take(200) {
            let w = packed(word, table.seed()).expect("short");
            if table.get(&w).is_none() {
                table.insert(&w, 1);
            }
        }
        assert_eq!(table.len(), 3);
    }
}
