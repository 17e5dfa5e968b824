//! Checks shared by the property tests (`tests/properties.rs`) and the fuzz targets
//! (`fuzz/fuzz_targets/*.rs`, which include this file with `#[path]`), so that a property and
//! its fuzz target check exactly the same things. Every check panics on failure (proptest
//! reports and shrinks a panic like any failed case).

// Each includer uses a part of this module.
#![allow(dead_code)]

use std::path::Path;
use topictag::dataset::{read_labelled_from, CsvOptions};
use topictag::digest::{split_lines, split_page, Page};
use topictag::model::{TopicModel, MAGIC, OLDEST_FORMAT_VERSION};
use topictag::tagger::Tagger;

/// A model file around `payload` with a valid header: right length and checksum, so that
/// mutations reach the decoder and the validation past the CRC check. The version is 3, the
/// payload of a model without an autotune trace (what `to_bytes` writes for one).
pub fn wrap(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(24 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&OLDEST_FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// A model that loads is fully usable: it writes itself back and loads again, and tagging
/// gives a probability per topic and topic indices in range.
pub fn check_loaded_model(model: TopicModel) {
    let n = model.topics().len();
    let again = model.to_bytes().expect("a loaded model encodes");
    TopicModel::from_bytes(Path::new("again.model"), &again).expect("a written model loads");
    let tagger = Tagger::new(model);
    for text in [
        "Gas pipeline deal signed as troops mass on the border",
        "Las exportaciones de gas crecieron",
        "",
        "😀 مرحبا",
        "l'énergie 2024 \u{202e}مرحبا 😀",
    ] {
        let t = tagger.tag(text, None, None);
        assert_eq!(t.probs.len(), n);
        assert!(t.topics.iter().all(|&i| i < n));
    }
}

/// The `model_loader` fuzz target: first byte even, the rest is a whole file; odd, the rest is
/// a payload wrapped by [`wrap`]. Loading never panics; a model that loads passes
/// [`check_loaded_model`].
pub fn model_loader(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 1 {
        wrap(rest)
    } else {
        rest.to_vec()
    };
    if let Ok(model) = TopicModel::from_bytes(Path::new("fuzz.model"), &bytes) {
        check_loaded_model(model);
    }
}

/// The `csv_reader` fuzz target: first byte = options (bit 0 `--lossy`, bit 1 explicit column
/// names `title`+`text`, `topics`, `lang`), the rest = the file. `Ok` has items with text, a
/// line after the header and trimmed non-empty labels; an error names the file.
pub fn csv_reader(data: &[u8]) {
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
        Err(e) => assert!(e.to_string().starts_with("fuzz.csv"), "{e}"),
    }
}

/// The page as the splitter sees it, line by line: BOM and zero-width characters removed,
/// control characters as spaces. Every word the splitter outputs is a substring of this.
pub fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}' | '\u{00ad}'))
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// `text` with every line that ends in a hyphen joined to the next without it, as the
/// splitter joins `Rus-` / `sia` (blanks and invisible characters at the line's ends ignored).
fn rejoined_hyphens(text: &str) -> String {
    let invisible = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}' | '\u{00ad}')
    };
    let mut out = String::with_capacity(text.len());
    // (`\r\n` and a lone `\r` break lines too.)
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        let kept = out.trim_end_matches(invisible).len();
        if i > 0 && out[..kept].ends_with('-') {
            out.truncate(kept - 1);
            out.push_str(line.trim_start_matches(invisible));
        } else {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

/// What holds for every page: streaming it one physical line at a time (line breaks kept)
/// gives the same page as `split_page`, items are numbered 1, 2, 3, ..., texts are trimmed
/// and have no run of three line breaks, and no word is invented (words may lose Markdown's
/// `**` and `__`, and a word broken over two lines with a hyphen, `Rus-` / `sia`, is rejoined).
pub fn check_page(text: &str) -> Page {
    let page = split_page(text);
    assert_eq!(
        split_lines(text.split_inclusive('\n')),
        page,
        "streaming differs from split_page"
    );
    let seen = visible(text);
    // Markdown bold markers are taken off lines (`**Title**,` → `Title,`).
    let unmarked = seen.replace("**", "").replace("__", "");
    let rejoined = visible(&rejoined_hyphens(text));
    let seen_word = |w: &str| seen.contains(w) || unmarked.contains(w) || rejoined.contains(w);
    for (k, item) in page.items.iter().enumerate() {
        assert_eq!(item.position, k + 1);
        assert_eq!(item.text.trim(), item.text, "untrimmed text");
        assert!(!item.text.contains("\n\n\n"), "{:?}", item.text);
        let words = item
            .text
            .split_whitespace()
            .chain(item.title.iter().flat_map(|t| t.split_whitespace()))
            .chain(item.date.iter().flat_map(|d| d.split_whitespace()));
        for w in words {
            assert!(seen_word(w), "invented word {w:?} in {item:?}");
        }
    }
    for w in page.header.iter().flat_map(|h| h.split_whitespace()) {
        assert!(w == "/" || seen_word(w), "invented header word {w:?}");
    }
    page
}

/// The `digest_splitter` fuzz target: [`check_page`] on arbitrary bytes read as UTF-8.
pub fn digest_splitter(data: &[u8]) {
    check_page(&String::from_utf8_lossy(data));
}
