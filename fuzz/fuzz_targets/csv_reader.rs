//! Fuzz the labelled-CSV reader: `dataset::read_labelled_from` on arbitrary bytes must return
//! `Ok` or an error naming the file, never panic.
//!
//! Input: the first byte picks the options (bit 0: `--lossy`; bit 1: explicit column names
//! `text`, `topics`, `lang`); the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use topictag::dataset::{read_labelled_from, CsvOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut opts = CsvOptions {
        lossy: mode & 1 == 1,
        ..CsvOptions::default()
    };
    if mode & 2 == 2 {
        opts.text_columns = Some(vec!["title".into(), "text".into()]);
        opts.label_column = Some("topics".into());
        opts.lang_column = Some("lang".into());
    }
    match read_labelled_from(Path::new("fuzz.csv"), rest, &opts) {
        Ok(ds) => {
            assert!(!ds.items.is_empty(), "Ok with no items");
            for item in &ds.items {
                assert!(!item.text.trim().is_empty(), "empty text kept");
                assert!(item.line >= 2, "record on line {}", item.line);
                for l in &item.labels {
                    assert!(!l.is_empty() && l.trim() == l, "label {l:?}");
                }
            }
        }
        Err(e) => {
            assert!(e.to_string().starts_with("fuzz.csv"), "{e}");
        }
    }
});
