//! Fuzz the model loader: `TopicModel::from_bytes` on arbitrary bytes must return `Ok` or a
//! clear `Err`, never panic or allocate without bound. A model that loads must also survive
//! being used (tagging, deciding, writing back).
//!
//! Input: the first byte picks the mode. Even: the rest is a whole file (magic, version,
//! length, CRC, payload). Odd: the rest is a payload, wrapped in a valid header with the right
//! length and checksum, so mutations reach the decoder and the validation past the CRC check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use topictag::model::{TopicModel, FORMAT_VERSION, MAGIC};
use topictag::tagger::Tagger;

fn wrap(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(24 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 1 {
        wrap(rest)
    } else {
        rest.to_vec()
    };
    let Ok(model) = TopicModel::from_bytes(Path::new("fuzz.model"), &bytes) else {
        return;
    };
    // A loaded model is valid: writing it back and reading it again must work.
    let again = model.to_bytes().expect("a loaded model encodes");
    TopicModel::from_bytes(Path::new("again.model"), &again).expect("a written model loads");
    // And using it must not panic.
    let n = model.topics.len();
    let tagger = Tagger::new(model);
    for text in [
        "Gas pipeline deal signed as troops mass on the border",
        "Las exportaciones de gas crecieron",
        "",
        "l'énergie 2024 \u{202e}مرحبا 😀",
    ] {
        let t = tagger.tag(text, None, None);
        assert_eq!(t.probs.len(), n);
        assert!(t.topics.iter().all(|&i| i < n));
    }
});
