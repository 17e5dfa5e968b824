//! Bytes → text: the BOM, else the declared `<meta charset>` (unless it names a single-byte
//! charset and the bytes are valid UTF-8 with non-ASCII text), else UTF-8, else windows-1252.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use scraper::{Html, Selector};
use std::sync::LazyLock;

/// Bytes searched for a `<meta charset>` declaration.
const HEAD_BYTES: usize = 16 * 1024;

/// Decodes a page: BOM, else the declared charset, else UTF-8 when valid, else windows-1252.
/// A declared single-byte charset (ISO-8859-*, windows-125*) gives way to UTF-8 when the bytes
/// hold non-ASCII text and are valid UTF-8: a stale declaration, not a Latin-1 page.
/// Returns the text, the encoding used and a warning when bytes were replaced or guessed.
pub fn decode(bytes: &[u8]) -> (String, &'static Encoding, Option<String>) {
    if let Some((enc, n)) = Encoding::for_bom(bytes) {
        let (s, bad) = enc.decode_without_bom_handling(&bytes[n..]);
        let w = bad.then(|| format!("invalid {} replaced with U+FFFD", enc.name()));
        return (s.into_owned(), enc, w);
    }
    let enc = match declared_charset(bytes) {
        Some(e) => e,
        None => match std::str::from_utf8(bytes) {
            Ok(s) => return (s.to_string(), UTF_8, None),
            Err(_) => {
                let (s, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                return (
                    s.into_owned(),
                    WINDOWS_1252,
                    Some("no charset declared and not UTF-8: read as windows-1252".into()),
                );
            }
        },
    };
    if let Some(w) = stale_label(enc, bytes) {
        let s = std::str::from_utf8(bytes).expect("checked by stale_label");
        return (s.to_string(), UTF_8, Some(w));
    }
    let (s, bad) = enc.decode_without_bom_handling(bytes);
    let w = bad.then(|| {
        format!(
            "bytes invalid in the declared charset {} replaced with U+FFFD",
            enc.name()
        )
    });
    (s.into_owned(), enc, w)
}

/// The note for bytes declared in the single-byte charset `enc` that are valid UTF-8 holding
/// non-ASCII text: a page or feed saved or served as UTF-8 under a stale legacy declaration.
/// Read as declared it would be mojibake ("mÃ¡s"), and text in a single-byte charset is almost
/// never valid UTF-8 once it holds a non-ASCII letter. `None` when the declaration stands.
pub(crate) fn stale_label(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    (enc != UTF_8
        && enc.is_single_byte()
        && !bytes.is_ascii()
        && std::str::from_utf8(bytes).is_ok())
    .then(|| {
        format!(
            "declares {} but its bytes are UTF-8: read as UTF-8",
            enc.name()
        )
    })
}

/// The charset a page declares in `<meta charset>` or `<meta http-equiv="Content-Type">`
/// within its first 16 KiB (parsed as HTML, read as windows-1252 so every byte is kept).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Selector> = LazyLock::new(|| Selector::parse("meta").unwrap());
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let mentions = head.windows(7).any(|w| w.eq_ignore_ascii_case(b"charset"));
    if !mentions {
        return None;
    }
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(head);
    let doc = Html::parse_document(&text);
    let label = doc.select(&META).find_map(|m| {
        if let Some(c) = m.attr("charset") {
            return Some(c.to_string());
        }
        let equiv = m.attr("http-equiv")?;
        if !equiv.trim().eq_ignore_ascii_case("content-type") {
            return None;
        }
        let content = m.attr("content")?.to_ascii_lowercase();
        let at = content.find("charset=")? + "charset=".len();
        let value = content[at..]
            .trim_start_matches(['"', '\''])
            .split(['"', '\'', ';', ' '])
            .next()?;
        Some(value.to_string())
    })?;
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    // As browsers do: a page that says UTF-16 in ASCII bytes is not UTF-16.
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else if enc == encoding_rs::X_USER_DEFINED {
            WINDOWS_1252
        } else {
            enc
        },
    )
}
