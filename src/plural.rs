//! Counts in messages: "1 item", "2 items".

use std::fmt::Display;

/// `n` followed by `noun`, with an `s` unless `n` is 1.
///
/// ```
/// # use topictag::plural::counted;
/// assert_eq!(counted(1u64, "item"), "1 item");
/// assert_eq!(counted(0usize, "row"), "0 rows");
/// assert_eq!(counted(11, "trial"), "11 trials");
/// ```
pub fn counted(n: impl Display, noun: &str) -> String {
    match n.to_string() {
        one if one == "1" => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// [`counted`] as the subject of "is" or "are": "1 item is", "2 items are".
///
/// ```
/// # use topictag::plural::counted_are;
/// assert_eq!(counted_are(1, "item"), "1 item is");
/// assert_eq!(counted_are(3, "item"), "3 items are");
/// ```
pub fn counted_are(n: impl Display, noun: &str) -> String {
    match n.to_string() {
        one if one == "1" => format!("1 {noun} is"),
        n => format!("{n} {noun}s are"),
    }
}
