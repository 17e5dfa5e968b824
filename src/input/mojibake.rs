//! Double-encoded text repaired: UTF-8 that was once read as windows-1252 and written out
//! again as UTF-8 ("AdemÃ¡s" for "Además", "â€™" for "’", "Â£" for "£"), as feeds and
//! exports of misconfigured sites carry it. Such text defeats language detection and every
//! accented word of the model's vocabulary.
//!
//! A run of characters that windows-1252 can write as bytes 0x80–0xFF is re-encoded so, and
//! replaced by what those bytes say as UTF-8 when they are valid UTF-8; anything else is left
//! as it is. Real text almost never holds such a run: a lead byte (`Ã`, `â`, `Â`...) must be
//! followed by exactly the continuation characters (`¡`, `€`, `™`...) that make it valid, so
//! "São", "«sí»" or a lone "’" stay as they are.
//!
//! ```
//! use topictag::input::mojibake::repair;
//! assert_eq!(repair("AdemÃ¡s, Obama dijo â€œnoâ€\u{9d}").as_deref(), Some("Además, Obama dijo “no”"));
//! assert_eq!(repair("São Paulo, «sí», it’s 2º"), None);
//! ```

/// The byte windows-1252 writes for `c`, for characters that are not ASCII; the five bytes
/// windows-1252 leaves undefined come back from a lenient decoder as C1 controls.
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{80}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(b)
}

/// The warning a file's first repaired item carries.
pub(crate) const REPAIRED_NOTE: &str = "page: double-encoded text (\"AdemÃ¡s\" for \"Además\") \
     repaired, here and in any later item of this file";

/// A whole web page or feed (UTF-8 bytes) repaired before it is parsed, so that nothing the
/// reader strips on the way (a soft hyphen, the second byte of "í") is lost first; returns
/// whether anything was repaired. Bytes that are not UTF-8 are left to the page's decoder.
pub(crate) fn repair_document(bytes: Vec<u8>) -> (Vec<u8>, bool) {
    match std::str::from_utf8(&bytes).ok().and_then(repair) {
        Some(text) => (text.into_bytes(), true),
        None => (bytes, false),
    }
}

/// `text` with its double-encoded runs repaired, or `None` when there is none.
pub fn repair(text: &str) -> Option<String> {
    // Every double-encoded character is a lead character (a byte 0xC2–0xF4 read as
    // windows-1252) followed by a continuation one (0x80–0xBF): a quick test before the scan,
    // which most accented text fails ("á" is a lead, but "ás" is no pair).
    // A lead character U+00C2–U+00F4 is the two bytes C3 82–C3 B4 in UTF-8, so the test
    // looks only where a 0xC3 byte is: ASCII text costs one memchr.
    let continuation = |c: char| cp1252_byte(c).is_some_and(|b| b < 0xc0);
    let bytes = text.as_bytes();
    let paired = memchr::memchr_iter(0xc3, bytes).any(|i| {
        bytes.get(i + 1).is_some_and(|b| (0x82..=0xb4).contains(b))
            && text
                .get(i + 2..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(continuation)
    });
    if !paired {
        return None;
    }
    repair_runs(text)
}

/// The scan of [`repair`], without its quick test.
fn repair_runs(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<u8> = Vec::new();
    let mut run_text = String::new();
    let mut changed = false;
    let mut flush = |run: &mut Vec<u8>, run_text: &mut String, out: &mut String| {
        if run.len() >= 2 {
            if let Ok(s) = std::str::from_utf8(run) {
                if !s.chars().any(|c| c.is_control()) {
                    out.push_str(s);
                    changed = true;
                    run.clear();
                    run_text.clear();
                    return;
                }
            }
        }
        out.push_str(run_text);
        run.clear();
        run_text.clear();
    };
    for c in text.chars() {
        match cp1252_byte(c) {
            Some(b) => {
                run.push(b);
                run_text.push(c);
            }
            None => {
                flush(&mut run, &mut run_text, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut run, &mut run_text, &mut out);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // The quick test before the scan never hides a repair the scan would make.
        #[test]
        fn the_quick_test_misses_nothing(parts in proptest::collection::vec(
            prop::sample::select(vec!["a", " ", "é", "ñ", "Ã", "¡", "³", "©", "â", "€", "™", "Â",
                "£", "Ð", "Ÿ", "Ô", "ô", "õ", "\u{81}", "\u{9d}", "œ", "Š", "–"]), 0..12)) {
            let text = parts.concat();
            prop_assert_eq!(repair(&text), repair_runs(&text));
        }
    }

    #[test]
    fn double_encoded_runs_are_repaired_and_real_text_is_not() {
        let cases = [
            (
                "EEUU dice que Putin ordenÃ³ ciberataques",
                Some("EEUU dice que Putin ordenó ciberataques"),
            ),
            // A lone "Ã": "Á" whose second byte was lost on the way; left as it is.
            ("campaÃ±a, ÃRBITRO", Some("campaña, ÃRBITRO")),
            ("Ã\u{81}ngeles", Some("Ángeles")),
            (
                "The MoD is spending Â£30 million",
                Some("The MoD is spending £30 million"),
            ),
            ("itâ€™s", Some("it’s")),
            ("Пётр — «Мир»", None),
            ("naïve café, Müller, Ærø, señor", None),
            ("ÉTÉ À PARIS", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(repair(text).as_deref(), want, "{text}");
        }
        // One run repaired, a real accent beside it kept.
        assert_eq!(
            repair("Además y tambiÃ©n").as_deref(),
            Some("Además y también")
        );
    }
}
