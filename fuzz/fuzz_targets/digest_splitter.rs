//! Fuzz the digest splitter: `digest::split_page` and the streaming `Splitter` on arbitrary
//! text never panic, agree with each other, number items 1, 2, 3, ... and invent no text.
//!
//! The checks live in `tests/checks/mod.rs`, shared with the property tests.
#![no_main]

#[path = "../../tests/checks/mod.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::digest_splitter(data));
