//! Fuzz the digest splitter: `digest::split_page` and the streaming `Splitter` on arbitrary
//! text never panic, agree with each other, number items 1, 2, 3, ... and invent no text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use topictag::digest::{split_page, Page, Splitter};

/// The page as the splitter sees it: each line with BOM / zero-width characters removed and
/// control characters as spaces (the splitter's whitespace normalisation keeps every other
/// character). Every word it outputs must be a substring of this.
fn visible(text: &str) -> String {
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

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let page = split_page(&text);

    // Streaming, one physical line at a time with its line break, gives the same page.
    let mut s = Splitter::new();
    let mut items = Vec::new();
    for line in text.split_inclusive('\n') {
        items.extend(s.push_line(line));
    }
    let end = s.finish();
    items.extend(end.items);
    let streamed = Page {
        header: end.header,
        items,
        warnings: end.warnings,
    };
    assert_eq!(streamed, page, "streaming differs from split_page");

    let seen = visible(&text);
    for (k, item) in page.items.iter().enumerate() {
        assert_eq!(item.position, k + 1);
        assert_eq!(item.text.trim(), item.text, "untrimmed text");
        for word in item
            .text
            .split_whitespace()
            .chain(item.title.iter().flat_map(|t| t.split_whitespace()))
            .chain(item.date.iter().flat_map(|t| t.split_whitespace()))
        {
            assert!(seen.contains(word), "invented word {word:?}");
        }
    }
    for word in page.header.iter().flat_map(|h| h.split_whitespace()) {
        assert!(
            seen.contains(word) || word == "/",
            "invented header word {word:?}"
        );
    }
});
