//! Helpers shared by the unit tests.

/// A xorshift64 generator: the same numbers from the same seed on every run and platform, no
/// dependency.
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
