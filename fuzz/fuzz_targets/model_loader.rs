//! Fuzz the model loader: `TopicModel::from_bytes` on arbitrary bytes must return `Ok` or a
//! clear `Err`, never panic or allocate without bound. A model that loads must also survive
//! being used (tagging, deciding, writing back).
//!
//! Input: the first byte picks the mode. Even: the rest is a whole file (magic, version,
//! length, CRC, payload). Odd: the rest is a payload, wrapped in a valid header with the right
//! length and checksum, so mutations reach the decoder and the validation past the CRC check.
//!
//! The checks live in `tests/checks/mod.rs`, shared with the property tests.
#![no_main]

#[path = "../../tests/checks/mod.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::model_loader(data));
