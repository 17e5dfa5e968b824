//! Fuzz the labelled-CSV reader: `dataset::read_labelled_from` on arbitrary bytes must return
//! `Ok` or an error naming the file, never panic.
//!
//! Input: the first byte picks the options (bit 0: `--lossy`; bit 1: explicit column names
//! `text`, `topics`, `lang`); the rest is the file.
//!
//! The checks live in `tests/checks/mod.rs`, shared with the property tests.
#![no_main]

#[path = "../../tests/checks/mod.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::csv_reader(data));
