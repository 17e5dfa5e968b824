//! What a file holds, from its first bytes: a web page, a feed (RSS, Atom or JSON Feed), an
//! e-mail, other XML, JSON (one document, or JSON Lines), a PDF, binary data or text.
//! Extensions lie (a page saved as `.txt`, a feed served as `.xml`), so inputs whose format is
//! not forced are sniffed before they are read; and text that looks like one item per line is
//! told apart from a digest page.
//!
//! ```
//! use topictag::sniff::{sniff, Sniffed};
//! assert_eq!(sniff(b"<!DOCTYPE html><html><body>"), Sniffed::Html);
//! assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), Sniffed::Feed);
//! assert_eq!(sniff(b"%PDF-1.7\n1 0 obj"), Sniffed::Pdf);
//! assert_eq!(sniff(b"From: brief@example.org\r\nSubject: Brief\r\n\r\nGas"), Sniffed::Mail);
//! assert_eq!(sniff(b"Weekly Monitor\n\nGas deal signed"), Sniffed::Text);
//! ```

/// `bytes` without the UTF-8 byte-order mark that Windows tools write at a file's start.
pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// Bytes to read before deciding.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// What the first bytes of a file look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// An HTML (or XHTML) document, or a page saved as one MHTML file.
    Html,
    /// An RSS, RDF or Atom feed.
    Feed,
    /// An e-mail saved as a file (`.eml`): see [`crate::mail`].
    Mail,
    /// XML that is neither a page nor a feed.
    Xml,
    /// JSON: one document, or JSON Lines when every line is an object of its own.
    Json {
        /// The first line is a whole JSON object (so the file reads as JSON Lines).
        lines: bool,
    },
    /// A PDF document.
    Pdf,
    /// Binary data; the name of the kind when known (`a ZIP archive (.docx, .xlsx, .epub...)`).
    Binary(&'static str),
    /// Text.
    Text,
}

const MAGIC: &[(&[u8], &str)] = &[
    (
        b"PK\x03\x04",
        "a ZIP archive (.zip, .docx, .xlsx, .odt, .epub...)",
    ),
    (
        b"\x1f\x8b",
        "a gzip archive (decompress it first: `gunzip -k FILE.gz`, and tag what it holds)",
    ),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old Office document (.doc, .xls, .ppt) or an Outlook message (.msg: save it as .eml or .html)",
    ),
    (b"\x7fELF", "an executable"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"TOPICTAG", "a topictag model file"),
    (
        b"{\\rtf",
        "an RTF document (save it as plain text or as a web page: File > Save as)",
    ),
];

/// Sniffs the first bytes of a file (pass at least [`SNIFF_BYTES`] when the file has them).
pub fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(b"%PDF-") {
        return Sniffed::Pdf;
    }
    for (magic, what) in MAGIC {
        if head.starts_with(magic) {
            return Sniffed::Binary(what);
        }
    }
    // UTF-16 and UTF-32 text has NUL bytes: leave it to the text readers.
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
    let head = without_bom(head);
    if !utf16 {
        let control = head
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
            .count();
        if head.contains(&0) || control * 10 > head.len() {
            return Sniffed::Binary("binary data");
        }
    }
    if crate::html::is_mhtml(head) {
        return Sniffed::Html;
    }
    if crate::mail::is_mail(head) {
        return Sniffed::Mail;
    }
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower: Vec<u8> = head[start..head.len().min(start + 2048)].to_ascii_lowercase();
    let has = |s: &[u8]| lower.windows(s.len()).any(|w| w == s);
    if looks_like_json(&lower) {
        if has(b"jsonfeed.org/version") {
            return Sniffed::Feed;
        }
        let first = head[start..]
            .split(|&b| b == b'\n')
            .next()
            .unwrap_or_default();
        let lines = serde_json::from_slice::<serde_json::Value>(first)
            .is_ok_and(|v| v.as_object().is_some_and(is_record));
        return Sniffed::Json { lines };
    }
    if !lower.starts_with(b"<") {
        return Sniffed::Text;
    }
    if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
        return Sniffed::Feed;
    }
    if has(b"<!doctype html") || has(b"<html") || has(b"<head") || has(b"<body") {
        return Sniffed::Html;
    }
    if lower.starts_with(b"<?xml") {
        return Sniffed::Xml;
    }
    // A fragment of a page: markup from the first byte on.
    if has(b"<div") || has(b"<p>") || has(b"<article") || has(b"<h1") || has(b"<h2") {
        return Sniffed::Html;
    }
    Sniffed::Text
}

/// Whether a JSON object is one record (a text or title field, or no list of objects in it),
/// not a document that holds the records (`{"status": "ok", "articles": [{...}]}`).
fn is_record(o: &serde_json::Map<String, serde_json::Value>) -> bool {
    let mut names = crate::dataset::TEXT_NAMES
        .iter()
        .chain(crate::dataset::TITLE_NAMES);
    let texty = names.any(|n| o.get(*n).is_some_and(serde_json::Value::is_string));
    texty || !o.values().any(|v| find_records(v).is_some())
}

/// Keys under which a JSON document commonly holds its records (`{"articles": [...]}`), in
/// order of preference; otherwise the first array of objects among its values (see [`find_records`]).
const RECORD_KEYS: &[&str] = &[
    "items",
    "articles",
    "results",
    "data",
    "entries",
    "news",
    "documents",
    "records",
];

/// How deep in objects a JSON document's list of records is looked for (`{"data": {"articles":
/// [...]}}` is two levels down).
const MAX_RECORD_DEPTH: usize = 3;

/// The records of a JSON document: an array of objects; or in an object, the array under one
/// of [`RECORD_KEYS`], else the first array of objects among its values, else the same in the
/// objects it holds, [`MAX_RECORD_DEPTH`] levels down at most (a news API's `{"status": "ok",
/// "data": {"articles": [...]}}`).
pub(crate) fn find_records(value: &serde_json::Value) -> Option<&Vec<serde_json::Value>> {
    fn within(value: &serde_json::Value, depth: usize) -> Option<&Vec<serde_json::Value>> {
        let map = match value {
            serde_json::Value::Object(map) => map,
            _ => return json_records(value),
        };
        let direct = RECORD_KEYS
            .iter()
            .find_map(|k| map.get(*k).and_then(json_records))
            .or_else(|| map.values().find_map(json_records));
        if direct.is_some() || depth <= 1 {
            return direct;
        }
        map.values()
            .filter(|v| v.is_object())
            .find_map(|v| within(v, depth - 1))
    }
    within(value, MAX_RECORD_DEPTH)
}

/// The records a JSON value is, if it is a list of them: a non-empty array of objects.
fn json_records(v: &serde_json::Value) -> Option<&Vec<serde_json::Value>> {
    v.as_array()
        .filter(|a| !a.is_empty() && a.iter().all(serde_json::Value::is_object))
}

/// Whether text (from its first non-blank byte) opens like a JSON object or array: `{"`, `{}`,
/// `[{`, `["`, `[[`, `[]` or `[` and a number ended by `,` or `]`, blanks allowed between (not
/// `[Update] Title`, nor a chat export's `[12/03/2026, 08:16:40] Ana: …`).
fn looks_like_json(text: &[u8]) -> bool {
    let next = |rest: &[u8]| rest.iter().copied().find(|b| !b.is_ascii_whitespace());
    match text.first() {
        Some(b'{') => matches!(next(&text[1..]), Some(b'"' | b'}')),
        Some(b'[') => {
            let rest = text[1..].trim_ascii_start();
            match rest.first() {
                Some(b'{' | b'"' | b'[' | b']') => true,
                Some(b'0'..=b'9' | b'-') => {
                    let number = rest
                        .iter()
                        .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e'))
                        .count();
                    // (`[1]` opening a line of text is a reference mark, as `lynx -dump`
                    // writes links: `[1]Headline`.)
                    let after = &rest[number..];
                    match next(after) {
                        Some(b',') => true,
                        Some(b']') => {
                            let close = after.iter().position(|&b| b == b']').unwrap_or(0);
                            matches!(next(&after[close + 1..]), None | Some(b',' | b']' | b'}'))
                        }
                        _ => false,
                    }
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// True when `head` (the start of a text file) reads as one item per line: at least five
/// lines, no blank lines between them, and most of them whole sentences of six words or more
/// (a digest page has blank lines between items, or short titles between teasers).
///
/// ```
/// use topictag::sniff::looks_like_lines;
/// let lines = "The ministers agreed on a new gas pipeline route across the sea.\n\
///     Border talks resumed in Geneva after a pause of several months.\n\
///     The central bank raised its main rate by half a point on Tuesday.\n\
///     Parliament approved the defence budget by a narrow margin last night.\n\
///     Exports of grain through the port doubled compared with last year.\n";
/// assert!(looks_like_lines(lines.as_bytes()));
/// let page = "Weekly Monitor\n\nGas Deal Signed\nThe two governments agreed on new supplies.\n";
/// assert!(!looks_like_lines(page.as_bytes()));
/// ```
pub fn looks_like_lines(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let body = body_lines(&text, head.len());
    if body.is_empty() {
        return false;
    }
    let full = body.iter().filter(|l| !l.trim().is_empty()).count();
    let blank = body.len() - full;
    if full < 5 || blank * 10 > full {
        return false;
    }
    let sentences = body
        .iter()
        .filter(|l| {
            let l = l.trim();
            l.split_whitespace().count() >= 6
                && l.ends_with(['.', '!', '?', '…', '"', '”', '»', ')', '\''])
        })
        .count();
    sentences * 10 >= full * 7
}

/// The lines of `text` (the head of a file, `len` bytes read) from its first line that is not
/// blank to its last, without a last line that the head's end probably cut.
fn body_lines(text: &str, len: usize) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    if len >= SNIFF_BYTES && lines.len() > 1 {
        lines.pop(); // probably cut
    }
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].to_vec(),
        _ => Vec::new(),
    }
}

/// Most header lines above a list of one-line items (`Morning digest, 5 December 2024`).
const MAX_ITEM_LIST_HEADER_LINES: usize = 2;
/// Longest header line above a list of one-line items, in characters.
const MAX_ITEM_LIST_HEADER_CHARS: usize = 120;
/// Fewest one-line items under a header for the file to read as such a list.
const MIN_ITEMS_UNDER_HEADER: usize = 3;
/// Fewest one-line items among other short lines, without a header.
const MIN_MOSTLY_ITEMS: usize = 2;

/// True when `head` (the start of a text file) is a list of whole items, one per line
/// without bullets (`Title — teaser`, [`crate::digest::one_line_item`]); see
/// [`one_line_items_header`], which also says how many header lines open it.
///
/// ```
/// use topictag::sniff::looks_like_one_line_items;
/// let list = "Gas deal signed in Baku — The ministers agreed on supplies for ten years.\n\
///     Border talks resume — Negotiators met again in Geneva after a long pause.\n\
///     Rail link opens to Tehran — The first freight train left Almaty on Monday.\n";
/// assert!(looks_like_one_line_items(list.as_bytes()));
/// assert!(!looks_like_one_line_items(b"Gas deal signed in Baku\nThe ministers agreed on supplies.\n"));
/// assert!(looks_like_one_line_items("Gas deal signed in Baku — The ministers agreed on ten years of supplies.\n".as_bytes()));
/// assert!(!looks_like_one_line_items("Gas deal signed in Baku — Ministers Agree on Supplies\n".as_bytes()));
/// ```
pub fn looks_like_one_line_items(head: &[u8]) -> bool {
    one_line_items_header(head).is_some()
}

/// When `head` is a list of whole items one per line without bullets, the number of header
/// lines above them (non-blank lines; `Some(0)` for none). The items stand on consecutive
/// lines: every line such an item, three or more of them or one or two whose teasers end as
/// sentences do (a headline piped in, `Title — teaser.`); or two thirds of the lines such
/// items and the others short (a bare headline, an item whose teaser is too short to tell),
/// two items or more. A header is one or two short lines that are not items, set apart by a
/// blank line, over three items or more (`Morning digest, 5 December 2024`).
///
/// ```
/// use topictag::sniff::one_line_items_header;
/// let page = "Morning digest, 5 December 2024\n\n\
///     Gas deal signed in Baku — The ministers agreed on supplies for ten years.\n\
///     Border talks resume — Negotiators met again in Geneva after a long pause.\n\
///     Rail link opens to Tehran — The first freight train left Almaty on Monday.\n\
///     Barcelona wins in Mallorca — Two goals.\n";
/// assert_eq!(one_line_items_header(page.as_bytes()), Some(1));
/// // Without the blank line the header could be a title over a teaser: a digest page.
/// assert_eq!(one_line_items_header(page.replacen("\n\n", "\n", 1).as_bytes()), None);
/// ```
pub fn one_line_items_header(head: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(head);
    let body = body_lines(&text, head.len());
    if reads_as_items(&body, MIN_MOSTLY_ITEMS) {
        return Some(0);
    }
    // A header: short lines that are not items, then a blank line, then the items.
    let blank = body.iter().position(|l| l.trim().is_empty())?;
    let (header, rest) = body.split_at(blank);
    let first = rest.iter().position(|l| !l.trim().is_empty())?;
    let ok = header.len() <= MAX_ITEM_LIST_HEADER_LINES
        && header
            .iter()
            .all(|l| short(l) && crate::digest::one_line_item(l).is_none())
        && reads_as_items(&rest[first..], MIN_ITEMS_UNDER_HEADER);
    ok.then_some(header.len())
}

/// A short line: one that can stand among one-line items, or head them.
fn short(line: &str) -> bool {
    line.trim().chars().count() <= MAX_ITEM_LIST_HEADER_CHARS
}

/// Whether consecutive `lines` (no blank one among them) are one-line items: all of them (see
/// [`one_line_items_header`]), or two thirds and at least `least`, the others short.
fn reads_as_items(lines: &[&str], least: usize) -> bool {
    let items: Vec<Option<(String, String)>> = lines
        .iter()
        .map(|l| crate::digest::one_line_item(l))
        .collect();
    let found = items.iter().flatten().count();
    let sentence =
        |(_, teaser): &(String, String)| teaser.trim_end().ends_with(['.', '!', '?', '…']);
    if found == lines.len() {
        return found >= least.max(3) || (found > 0 && items.iter().flatten().all(sentence));
    }
    found >= least
        && found * 3 >= lines.len() * 2
        && lines
            .iter()
            .zip(&items)
            .all(|(l, item)| item.is_some() || (!l.trim().is_empty() && short(l)))
}

/// True when `head` (the start of a text file) is a CSV, TSV or semicolon table: a header of
/// at least two short fields, one of them a text or title column (`text`, `title`, `body`...,
/// or one of `columns`, the names the user gave), and a next record, if any, of more than one
/// field (as many as the header's, or more or fewer when a text holds an unquoted delimiter). CSV piped in or saved without its extension is then read as the table it is, not
/// as one digest item.
///
/// ```
/// use topictag::sniff::looks_like_csv;
/// assert!(looks_like_csv(b"id,title,text\nA7,Gas deal,\"Signed, at last.\"\n", &[]));
/// assert!(looks_like_csv(b"doc;Body\n1;Troops at the border\n", &[]));
/// assert!(looks_like_csv(b"ref\tstory\n1\tTroops at the border\n", &["story".into()]));
/// assert!(!looks_like_csv(b"Title, text and more\nGas deal signed in Baku.\n", &[]));
/// assert!(!looks_like_csv(b"Weekly Monitor\n\nGas deal signed\n", &[]));
/// ```
pub fn looks_like_csv(head: &[u8], columns: &[String]) -> bool {
    let head = without_bom(head);
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    // Excel's `sep=;` line names the delimiter; the header follows it.
    let (delimiter, head) = match crate::dataset::excel_separator(first) {
        Some(d) => (d, head.get(first.len() + 1..).unwrap_or_default()),
        None => (crate::dataset::header_delimiter(first), head),
    };
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(head);
    let mut records = rdr.byte_records();
    let Some(Ok(header)) = records.next() else {
        return false;
    };
    let names: Vec<String> = header
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
        .collect();
    let known = |n: &String| {
        crate::dataset::TEXT_NAMES
            .iter()
            .chain(crate::dataset::TITLE_NAMES)
            .any(|k| k == n)
            || columns.iter().any(|c| c.trim().eq_ignore_ascii_case(n))
    };
    let short = names
        .iter()
        .all(|n| !n.is_empty() && n.chars().count() <= 40);
    if names.len() < 2 || !short || !names.iter().any(known) {
        return false;
    }
    match records.next() {
        Some(Ok(row)) => row.len() >= 2,
        // A cut record at the end of the head, or none: the header decides.
        Some(Err(_)) | None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON is told from text that starts with a bracket, JSON Feed from other JSON, and JSON
    /// Lines from one JSON document.
    #[test]
    fn json_documents_feeds_and_lines() {
        let cases: [(&str, Sniffed); 14] = [
            (
                r#"{"status": "ok", "articles": [{"title": "Gas deal"}]}"#,
                Sniffed::Json { lines: false },
            ),
            (
                r#"{"version":"https://jsonfeed.org/version/1.1","items":[]}"#,
                Sniffed::Feed,
            ),
            (
                "  [\n  {\"text\": \"Gas deal\"}\n]",
                Sniffed::Json { lines: false },
            ),
            (
                "{\"text\": \"Gas deal\"}\n{\"text\": \"Border talks\"}\n",
                Sniffed::Json { lines: true },
            ),
            (
                "{\n  \"text\": \"Gas deal\"\n}",
                Sniffed::Json { lines: false },
            ),
            (
                "[Update] Kazakhstan signs a gas deal\nThe ministers met.",
                Sniffed::Text,
            ),
            ("[…] the rest of the story", Sniffed::Text),
            ("{{template}} is not JSON", Sniffed::Text),
            // A chat exported as text: its messages open with a bracketed date.
            (
                "[12/03/2026, 08:16:40] Ana Ruiz: Gas deal signed https://example.org/gas",
                Sniffed::Text,
            ),
            ("[2026-03-12 08:16] Ana: Gas deal signed", Sniffed::Text),
            ("[1, 2.5e3, -4]", Sniffed::Json { lines: false }),
            ("[7]", Sniffed::Json { lines: false }),
            // `lynx -dump`'s reference marks.
            (
                "   [1]Gas deal signed\n\n   The ministers met.",
                Sniffed::Text,
            ),
            ("[2] Border talks resume", Sniffed::Text),
        ];
        for (head, want) in cases {
            assert_eq!(sniff(head.as_bytes()), want, "{head}");
        }
    }
}
