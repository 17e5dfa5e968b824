//! Inputs to tag: files, folders, globs or stdin in; a stream of [`Record`]s out, one per text.
//!
//! Formats are recognised by extension (`.csv` → CSV, `.jsonl`/`.ndjson` → JSON Lines,
//! `.html`/`.htm`/`.mhtml` → web pages read by [`crate::html`], `.xml`/`.rss`/`.atom` → feeds
//! read by [`crate::feed`], `.eml` → e-mails read by [`crate::mail`], `.txt` and anything
//! else → digest pages, split into items by [`crate::digest`]) unless one is forced. Unless
//! forced, everything but CSV and JSON Lines is also sniffed ([`crate::sniff`]): a page, feed
//! (also a JSON Feed) or e-mail is read as one whatever
//! its extension, JSON Lines saved as `.json` (or piped in) as JSON Lines, and one JSON
//! document holding records (an array of objects, or `{"articles": [...]}`) as those records
//! (read whole, at most [`MAX_DOCUMENT_BYTES`]); a PDF, binary data, XML that is not a feed or
//! a JSON document without records is an error for that file, not junk items; text that
//! opens with a CSV header naming a text column is read as CSV; and a text file that looks
//! like one item per line gets a warning that suggests `--input-format lines` (`format`
//! decides all this). Records are produced lazily, so memory is bounded by one record (or
//! one page), not by the input. A bad record becomes an `Err` in the stream; the stream goes on.
//!
//! One reader a file: `pages` (digest pages, web pages, feeds), `csv`, `jsonl`, `lines`, with
//! `decode` and `format` before them; `walk` (the `cli` feature) expands folders and globs into files.

mod csv;
mod decode;
#[cfg(feature = "cli")]
pub mod fetch;
mod format;
pub mod json_fields;
mod jsonl;
mod lines;
pub mod mojibake;
mod pages;
#[cfg(feature = "cli")]
mod walk;

#[cfg(feature = "cli")]
pub use walk::{expand, Expanded};

pub(crate) use format::has_markup;
pub use format::Format;

use crate::dataset::CsvOptions;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::sniff::SNIFF_BYTES;
use decode::{decode_utf16, read_head};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// One text to tag.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// The file it came from (`-` for stdin).
    pub source: Arc<str>,
    /// Position in the source: item number on a page, or record number in CSV/JSONL/lines.
    pub number: u64,
    /// Line in the source where the record starts, when known.
    pub line: Option<u64>,
    pub title: Option<String>,
    pub text: String,
    /// Language given by the input (a `lang` column or field).
    pub lang: Option<Lang>,
    /// The item's identifier as the input gave it (an id column or field), passed through to
    /// the output unchanged so results join back to the user's data.
    pub id: Option<String>,
    /// The item's date as the input gave it (a date line of a page, a feed entry's date, a
    /// CSV column or JSON field named as a date).
    pub date: Option<String>,
    /// The item's link, when the input gives one (an HTML page, a feed, a CSV column or JSON
    /// field named as a link).
    pub url: Option<String>,
    /// A language the source declares for its items (a feed's `<language>`, a page's
    /// `<html lang>`): only a hint, for texts whose language detection leaves undetermined;
    /// unlike [`lang`](Self::lang) it never overrides detection.
    pub lang_hint: Option<Lang>,
    /// Things noticed while reading (from the digest splitter, lossy decoding...).
    pub warnings: Vec<String>,
}

impl Record {
    /// Title and text together (on two lines; the title alone when the text is empty, as a
    /// training row joins them), as routing and scoring see them.
    pub fn full_text(&self) -> String {
        match &self.title {
            Some(t) if !t.trim().is_empty() && self.text.is_empty() => t.clone(),
            Some(t) if !t.trim().is_empty() => {
                // One allocation of the exact size (`format!` grows its buffer as it goes).
                let mut full = String::with_capacity(t.len() + 1 + self.text.len());
                full.push_str(t);
                full.push('\n');
                full.push_str(&self.text);
                full
            }
            _ => self.text.clone(),
        }
    }
}

/// Options for reading inputs.
#[derive(Clone, Debug, Default)]
pub struct InputOptions {
    /// Force a format instead of guessing from the extension.
    pub format: Option<Format>,
    /// Column names for CSV inputs (and field names for JSON Lines: the first text column).
    pub csv: CsvOptions,
    /// The column (CSV) or field (JSON Lines) read into [`Record::id`]; `None`: one named
    /// `id`, if there is one.
    pub id_column: Option<String>,
    /// How long fetching a web address may take (`None`: 30 seconds). Web addresses are
    /// inputs with the `cli` feature only.
    pub timeout: Option<std::time::Duration>,
}

/// The most bytes one item (title and text) may carry; the rest is cut off with a warning naming
/// the item. Lines are read at most this long (the rest of a longer line is skipped as it is
/// read, never held), so memory stays flat whatever the input: tagging costs about 12 bytes per
/// byte of text, so an item at the cap needs some 25 MB.
pub const MAX_ITEM_BYTES: usize = 2 << 20;

/// Largest web page or feed read (they are parsed whole).
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// Whether an input is a web address (`http://` or `https://`, any case).
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The web address an input path names, if it is one.
pub fn url_of(path: &Path) -> Option<&str> {
    path.to_str().filter(|s| is_url(s))
}

/// A stream of records.
pub type Records = Box<dyn Iterator<Item = Result<Record>> + Send>;

/// Open one input (`-` = stdin; with the `cli` feature, also a web address, fetched) and
/// stream its records.
pub fn records(path: &Path, opts: &InputOptions) -> Result<Records> {
    #[cfg(feature = "cli")]
    if let Some(url) = url_of(path) {
        return fetched_records(path, fetch::fetch(url, opts.timeout)?, opts);
    }
    #[cfg(not(feature = "cli"))]
    if url_of(path).is_some() && !path.exists() {
        return Err(Error::file(
            path,
            "a web address: this build reads files only (the command-line tool fetches \
             addresses; elsewhere, fetch the page and pass its text or a saved file)",
        ));
    }
    let is_stdin = path.as_os_str() == "-";
    let reader: Box<dyn Read + Send> = if is_stdin {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| not_found(path, e))?)
    };
    let guess = if is_stdin {
        Format::Page
    } else {
        Format::from_path(path)
    };
    read_records(path, reader, guess, None, opts)
}

/// The error of opening `path`: for a missing "file" whose name holds spaces (a text typed
/// where a file was expected), how to tag a text itself.
fn not_found(path: &Path, e: std::io::Error) -> Error {
    let spaced = path.to_str().is_some_and(|p| p.trim().contains(' '));
    if e.kind() == std::io::ErrorKind::NotFound && spaced {
        return Error::file(
            path,
            "no such file; to tag a text itself, pipe it in: echo 'TEXT' | topictag tag",
        );
    }
    Error::io(path, e)
}

/// The records of a document fetched from the web address `path` ([`fetch::fetch`]): read as
/// its `Content-Type` says, else as its address's extension says, and sniffed as files are.
#[cfg(feature = "cli")]
pub fn fetched_records(
    path: &Path,
    fetched: fetch::Fetched,
    opts: &InputOptions,
) -> Result<Records> {
    let guess = fetched.format.unwrap_or_else(|| {
        let address = url::Url::parse(&fetched.location).ok();
        address.map_or(Format::Page, |u| Format::from_path(Path::new(u.path())))
    });
    let reader = Box::new(std::io::Cursor::new(fetched.body));
    read_records(path, reader, guess, Some(&fetched.location), opts)
}

/// Read `reader` (the input `path`), whose extension or media type suggests `guess`.
/// `location` is the web address it was fetched from, if it was.
fn read_records(
    path: &Path,
    reader: Box<dyn Read + Send>,
    guess: Format,
    location: Option<&str>,
    opts: &InputOptions,
) -> Result<Records> {
    let mut reader = decode_utf16(reader).map_err(|e| Error::io(path, e))?;
    let source: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    let mut notice = None;
    // One JSON document read as JSON Lines: its "lines" are records, not lines of the file.
    let mut document = false;
    // One item per line under a header: the header's lines (see `format::Choice`).
    let mut header_lines = 0;
    let format = match opts.format {
        Some(f) => f,
        None => {
            if matches!(guess, Format::Csv | Format::Jsonl) {
                guess
            } else {
                let head = read_head(&mut reader, SNIFF_BYTES).map_err(|e| Error::io(path, e))?;
                let choice = format::choose(path, &head, guess, opts)?;
                reader = Box::new(std::io::Cursor::new(head).chain(reader));
                notice = choice.notice;
                header_lines = choice.header_lines;
                if choice.json_document {
                    // One document: read whole (bounded), its records as JSON Lines.
                    let bytes = pages::read_document(
                        path,
                        &mut reader,
                        "one JSON document (JSON Lines is streamed: `jq -c '.[]' FILE.json \
                         > FILE.jsonl`)",
                    )?;
                    let (lines, note) = jsonl::json_document_lines(path, &bytes)?;
                    notice = note;
                    document = true;
                    reader = Box::new(std::io::Cursor::new(lines));
                }
                choice.format
            }
        }
    };
    if let Some(note) = format::columns_note(format, opts) {
        notice = Some(match notice {
            Some(n) => format!("{n}; {note}"),
            None => note,
        });
    }
    let recs: Box<dyn Iterator<Item = Result<Record>> + Send> = match format {
        Format::Page => Box::new(pages::PageRecords::new(source, reader)),
        Format::Lines => Box::new(lines::line_records(source, reader, header_lines)),
        Format::Csv => Box::new(csv::csv_records(
            path,
            source,
            reader,
            &opts.csv,
            opts.id_column.as_deref(),
        )?),
        Format::Jsonl if document => Box::new(
            jsonl::jsonl_records(path, source, reader, &opts.csv, opts.id_column.as_deref()).map(
                |r| {
                    r.map(|rec| Record { line: None, ..rec })
                        .map_err(record_not_line)
                },
            ),
        ),
        Format::Jsonl => Box::new(jsonl::jsonl_records(
            path,
            source,
            reader,
            &opts.csv,
            opts.id_column.as_deref(),
        )),
        Format::Html => Box::new(
            pages::html_records(path, source, reader, location)?
                .into_iter()
                .map(Ok::<Record, Error>),
        ),
        Format::Feed => Box::new(
            pages::feed_records(path, source, reader)?
                .into_iter()
                .map(Ok::<Record, Error>),
        ),
        Format::Mail => pages::mail_records(path, source, reader)?,
    };
    let mut repaired = false;
    let recs =
        recs.map(move |r| r.map(|rec| repair_mojibake(cap_item(flag_empty(rec)), &mut repaired)));
    Ok(match notice {
        None => Box::new(recs),
        Some(w) => Box::new(with_first_warning(recs, w)),
    })
}

/// The note on items whose invalid UTF-8 was replaced with U+FFFD.
pub(crate) const REPLACED_NOTE: &str = "invalid UTF-8 replaced with U+FFFD";

/// The note on items read from lines that were not UTF-8 but Windows-1252 (Latin-1).
pub(crate) const LATIN1_NOTE: &str =
    "not UTF-8: read as Windows-1252 (Latin-1), as a Windows editor saves text";

/// How a line that is not UTF-8 was read ([`decode_line`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotUtf8 {
    /// As Windows-1252 ([`LATIN1_NOTE`]).
    Latin1,
    /// With U+FFFD for the bad bytes ([`REPLACED_NOTE`]).
    Replaced,
}

/// A line's bytes as text: borrowed when they are UTF-8, else [`decode_non_utf8`], with how.
pub(crate) fn decode_line(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<NotUtf8>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(_) => {
            let (text, latin1) = decode_non_utf8(bytes);
            let how = if latin1 {
                NotUtf8::Latin1
            } else {
                NotUtf8::Replaced
            };
            (std::borrow::Cow::Owned(text), Some(how))
        }
    }
}

/// A line that is not valid UTF-8, as text: read as Windows-1252 when no valid multi-byte
/// UTF-8 character is in it (a Latin-1 or Windows file: `energ\xe9tico`), else with U+FFFD
/// for the bad bytes (a UTF-8 file with damaged bytes). Returns whether it was Windows-1252.
pub(crate) fn decode_non_utf8(bytes: &[u8]) -> (String, bool) {
    if !reads_as_windows_1252(bytes) {
        return (String::from_utf8_lossy(bytes).into_owned(), false);
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    (text.into_owned(), true)
}

/// Whether bytes that are not all UTF-8 read as Western text in Windows-1252: no valid
/// multi-byte UTF-8 character among them, and every byte a letter, punctuation or sign of
/// Western European text in Windows-1252 (not `ÿ`, `þ`, `ð`, `×`, `÷` or the C1 gaps, which
/// in text are more likely damage).
pub(crate) fn reads_as_windows_1252(bytes: &[u8]) -> bool {
    let mixed = bytes.utf8_chunks().any(|c| !c.valid().is_ascii());
    let plausible = |b: u8| {
        b < 0x80
            || matches!(b, 0x80 | 0x85 | 0x91..=0x97 | 0xa0..=0xfd)
                && !matches!(b, 0xd7 | 0xde | 0xf0 | 0xf7)
    };
    !mixed && bytes.iter().all(|&b| plausible(b))
}

/// The text a title and a text are tagged as, prepared as every reader prepares an item's
/// fields (double-encoded text repaired, cut to [`MAX_ITEM_BYTES`]) and joined as
/// [`Record::full_text`] joins them: for callers that hold the fields already (the Python
/// package, Spark), so their results equal the command line's on the same fields.
///
/// ```
/// use topictag::input::prepare;
/// assert_eq!(prepare(Some("Gas deal".into()), "Signed today.".into()), "Gas deal\nSigned today.");
/// assert_eq!(prepare(Some("Headline only".into()), String::new()), "Headline only");
/// assert_eq!(prepare(None, "The EUâ€™s gas deal".into()), "The EU’s gas deal");
/// ```
pub fn prepare(title: Option<String>, text: String) -> String {
    let rec = Record {
        title,
        text,
        ..Record::default()
    };
    repair_mojibake(cap_item(rec), &mut true).full_text()
}

/// An item's double-encoded text repaired ([`mojibake::repair`]); the first item of a source
/// that needed it says so (`said` tracks that), once for the file.
fn repair_mojibake(mut rec: Record, said: &mut bool) -> Record {
    let title = rec.title.as_deref().and_then(mojibake::repair);
    let text = mojibake::repair(&rec.text);
    if title.is_none() && text.is_none() {
        return rec;
    }
    if let Some(t) = title {
        rec.title = Some(t);
    }
    if let Some(t) = text {
        rec.text = t;
    }
    if !std::mem::replace(said, true) {
        rec.warnings.push(mojibake::REPAIRED_NOTE.to_string());
    }
    rec
}

/// An item with neither title nor text (an empty CSV cell or JSON field) still gets its row,
/// with no topic; a warning says why.
fn flag_empty(mut rec: Record) -> Record {
    let blank = |s: &str| s.trim().is_empty();
    if blank(&rec.text) && rec.title.as_deref().is_none_or(blank) {
        rec.warnings
            .push("empty text: nothing to tag, so no topic".to_string());
    }
    rec
}

/// Cut an item whose title and text together exceed [`MAX_ITEM_BYTES`] (at a character
/// boundary), with a warning. Readers that bound their lines keep memory flat; this bounds
/// what every reader hands on.
fn cap_item(mut rec: Record) -> Record {
    let title = rec.title.as_ref().map_or(0, String::len);
    let total = title + rec.text.len();
    if total <= MAX_ITEM_BYTES {
        return rec;
    }
    if let Some(t) = rec.title.as_mut() {
        truncate_at_char(t, MAX_ITEM_BYTES);
    }
    let room = MAX_ITEM_BYTES - rec.title.as_ref().map_or(0, String::len);
    truncate_at_char(&mut rec.text, room);
    rec.warnings.push(format!(
        "{total} bytes of text: cut to the first {MAX_ITEM_BYTES} (the per-item limit)"
    ));
    rec
}

/// `s` cut to at most `max` bytes, at a character boundary.
pub(crate) fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// Adds `warning` to the first record of `recs`.
/// An error at a "line" of a JSON document's records, which is the record's number: said so.
fn record_not_line(e: Error) -> Error {
    match e {
        Error::Input {
            path,
            line,
            message,
        } => Error::File {
            path,
            message: format!("record {line}: {message}"),
        },
        other => other,
    }
}

fn with_first_warning(
    recs: impl Iterator<Item = Result<Record>> + Send,
    warning: String,
) -> impl Iterator<Item = Result<Record>> + Send {
    let mut warning = Some(warning);
    recs.map(move |r| {
        r.map(|mut rec| {
            if let Some(w) = warning.take() {
                rec.warnings.insert(0, w);
            }
            rec
        })
    })
}

#[cfg(test)]
mod tests {
    use super::csv::csv_records;
    use super::jsonl::jsonl_records;
    use super::lines::line_records;
    use super::pages::{feed_records, html_records, mail_records, PageRecords};
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn web_addresses_are_told_from_paths() {
        assert!(is_url("https://example.org/rss.xml"));
        assert!(is_url("HTTP://example.org/"));
        assert!(!is_url("https.txt"));
        assert!(!is_url("pages/http://x"));
        assert!(!is_url("-"));
    }

    fn read(format: Format, data: &'static [u8]) -> Vec<Result<Record>> {
        let opts = InputOptions::default();
        let source: Arc<str> = Arc::from("t");
        match format {
            Format::Csv => csv_records(Path::new("t"), source, data, &opts.csv, None)
                .unwrap()
                .collect(),
            Format::Jsonl => jsonl_records(Path::new("t"), source, data, &opts.csv, None).collect(),
            Format::Lines => line_records(source, data, 0).collect(),
            Format::Page => PageRecords::new(source, data).collect(),
            Format::Html => html_records(Path::new("t"), source, data, None)
                .unwrap()
                .into_iter()
                .map(Ok)
                .collect(),
            Format::Feed => feed_records(Path::new("t"), source, data)
                .unwrap()
                .into_iter()
                .map(Ok)
                .collect(),
            Format::Mail => mail_records(Path::new("t"), source, data)
                .unwrap()
                .collect(),
        }
    }

    #[test]
    fn csv_with_title_and_bad_rows() {
        let recs = read(
            Format::Csv,
            b"title,text,lang\nGas,Pipeline deal,en\n\"Bad\",\"x \xff\",es\nT,Body,xx\n",
        );
        let first = recs[0].as_ref().unwrap();
        assert_eq!(
            (first.title.as_deref(), first.text.as_str(), first.lang),
            (Some("Gas"), "Pipeline deal", Some(Lang::English))
        );
        assert!(recs[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("t:3: field 'text': invalid UTF-8"));
        assert_eq!(recs[2].as_ref().unwrap().lang, None);
    }

    /// Excel saves "CSV" in Windows-1252 on a Western Windows: the accented header is still
    /// the title column, the fields are read as Windows-1252, and the first row says so.
    #[test]
    fn a_windows_1252_csv_keeps_its_columns_and_accents() {
        let recs = read(
            Format::Csv,
            b"sep=;\r\nT\xedtulo;Resumen;Fecha\r\nEnerg\xeda;El gas \x93ruso\x94;14/05/2024\r\nPaz;Acuerdo;15/05/2024\r\n",
        );
        let recs: Vec<Record> = recs.into_iter().map(Result::unwrap).collect();
        let got: Vec<_> = recs
            .iter()
            .map(|r| (r.title.as_deref(), r.text.as_str(), r.date.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Energía"), "El gas “ruso”", Some("14/05/2024")),
                (Some("Paz"), "Acuerdo", Some("15/05/2024")),
            ]
        );
        assert_eq!(recs[0].warnings, [crate::dataset::LATIN1_CSV_NOTE]);
        assert!(recs[1].warnings.is_empty());
    }

    /// Ids pass through unchanged: a column or field named `id` by default, the one named by
    /// `--id-col` otherwise (its absence from a CSV header is an error naming the file).
    #[test]
    fn ids_are_read_from_the_id_column_or_field() {
        let csv = |data: &'static [u8], id: Option<&str>| -> Result<Vec<Option<String>>> {
            let opts = CsvOptions::default();
            csv_records(Path::new("t.csv"), Arc::from("t.csv"), data, &opts, id)?
                .map(|r| r.map(|r| r.id))
                .collect()
        };
        let data: &[u8] = b"ID,key,text\n 007 ,a,Gas\n,\"b,c\",Oil\n";
        assert_eq!(
            csv(data, None).unwrap(),
            [Some(" 007 ".to_string()), Some(String::new())]
        );
        assert_eq!(
            csv(data, Some("key")).unwrap(),
            [Some("a".to_string()), Some("b,c".to_string())]
        );
        assert_eq!(csv(b"text\nGas\n", None).unwrap(), [None]);
        let err = csv(data, Some("doc")).unwrap_err().to_string();
        assert!(err.starts_with("t.csv: no id column 'doc'"), "{err}");

        let jsonl = |data: &'static [u8], id: Option<&str>| -> Vec<Option<String>> {
            let opts = CsvOptions::default();
            jsonl_records(Path::new("t"), Arc::from("t"), data, &opts, id)
                .map(|r| r.unwrap().id)
                .collect()
        };
        let data: &[u8] = b"{\"id\":\"a1\",\"n\":42,\"text\":\"x\"}\n{\"id\":7,\"n\":{\"k\":[1]},\"text\":\"y\"}\n{\"id\":null,\"text\":\"z\"}\n";
        assert_eq!(
            jsonl(data, None),
            [Some("a1".to_string()), Some("7".to_string()), None]
        );
        assert_eq!(
            jsonl(data, Some("n")),
            [
                Some("42".to_string()),
                Some("{\"k\":[1]}".to_string()),
                None
            ]
        );
        // Numbers kept as written where a float would round them, whatever the key's case.
        let data: &[u8] = b"{\"ID\":123456789012345678901234567890,\"text\":\"x\"}\n{\"id\":1.50,\"text\":\"y\"}\n{\"id\":-18446744073709551617,\"text\":\"z\"}\n{\"id\":18446744073709551615,\"text\":\"w\"}\n";
        assert_eq!(
            jsonl(data, None),
            [
                Some("123456789012345678901234567890".to_string()),
                Some("1.50".to_string()),
                Some("-18446744073709551617".to_string()),
                Some("18446744073709551615".to_string()),
            ]
        );
    }

    /// A line of a Latin-1 or Windows file is read as Windows-1252; a UTF-8 line with a
    /// damaged byte keeps its good characters and marks the bad one.
    #[test]
    fn non_utf8_lines_are_read_as_windows_1252_unless_mixed() {
        assert_eq!(
            decode_non_utf8(b"Acuerdo energ\xe9tico \x93ya\x94"),
            ("Acuerdo energético “ya”".to_string(), true)
        );
        assert_eq!(
            decode_non_utf8(
                "Tensión \u{e9}"
                    .as_bytes()
                    .iter()
                    .copied()
                    .chain([0xff])
                    .collect::<Vec<u8>>()
                    .as_slice()
            ),
            ("Tensión é\u{fffd}".to_string(), false)
        );
        let recs = read(Format::Page, b"Acuerdo energ\xe9tico con Argelia\nEspa\xf1a y Argelia firmaron un contrato de gas natural por diez a\xf1os.\n");
        let rec = recs[0].as_ref().unwrap();
        assert_eq!(rec.title.as_deref(), Some("Acuerdo energético con Argelia"));
        assert!(rec.text.contains("España"));
        assert_eq!(rec.warnings, [LATIN1_NOTE]);
        // One note for the page, however many of its lines were Windows-1252.
        let page: &'static [u8] = b"Acuerdo energ\xe9tico con Argelia\nEspa\xf1a y Argelia firmaron un contrato de gas natural por diez a\xf1os.\n\nTensi\xf3n en la frontera norte\nLas tropas de ambos pa\xedses se desplegaron cerca de la frontera el lunes.\n\nAcuerdo de comercio con Marruecos\nLos dos pa\xedses firmaron un acuerdo para reducir los aranceles del acero.\n";
        let notes = read(Format::Page, page)
            .iter()
            .flat_map(|r| r.as_ref().unwrap().warnings.clone())
            .filter(|w| w == LATIN1_NOTE)
            .count();
        assert_eq!(notes, 1);
    }

    /// A CSV record that cannot be read keeps its place in the numbering.
    #[test]
    fn bad_csv_records_take_their_number() {
        let recs = read(Format::Csv, b"title,text\na,b\nc,\xff\nf,g\n");
        assert!(recs[1].is_err());
        assert_eq!(recs[2].as_ref().unwrap().number, 3);
    }

    #[test]
    fn jsonl_reports_bad_lines_and_goes_on() {
        let recs = read(
            Format::Jsonl,
            b"{\"text\":\"a\",\"lang\":\"es\"}\nnot json\n\n{\"id\":7}\n{\"text\":\"b\"}\n",
        );
        assert_eq!(recs.len(), 4);
        assert_eq!(recs[0].as_ref().unwrap().lang, Some(Lang::Spanish));
        // The file's line, and the column within it (not serde_json's "line 1").
        assert_eq!(
            recs[1].as_ref().unwrap_err().to_string(),
            "t:2: invalid JSON: expected ident (column 2)"
        );
        let e = recs[2].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("t:4: no text field: expected a string in one of text, body, "));
        assert!(
            e.ends_with(
                " or title, headline, título, titulo, titular; name yours with --text-col NAME"
            ),
            "{e}"
        );
        assert_eq!(recs[3].as_ref().unwrap().number, 4);
    }

    /// What a record passes on besides its scores: title, text, link and date.
    fn passed_on(r: &Record) -> (Option<&str>, &str, Option<&str>, Option<&str>) {
        (
            r.title.as_deref(),
            r.text.as_str(),
            r.url.as_deref(),
            r.date.as_deref(),
        )
    }

    /// JSON Lines fields are found as CSV columns are (a scraper's `headline` and
    /// `description`, an API's `content`), a record with only a title is a headline, and
    /// `url`/`link` and `date`/`published` pass through to the output.
    #[test]
    fn jsonl_fields_are_found_as_csv_columns_are() {
        let recs = read(
            Format::Jsonl,
            "{\"headline\":\"Gas deal\",\"description\":\"Signed.\",\"link\":\"https://e.example/1\",\"published\":\"2026-12-01\"}\n\
             {\"title\":\"Border talks\"}\n{\"content\":\"Troops fired.\",\"summary\":\"Short.\"}\n\
             {\"title\":\"Rail deal\",\"url\":\"https://e.example/2\",\"seendate\":\"20261205T101500Z\"}\n"
                .as_bytes(),
        );
        let recs: Vec<Record> = recs.into_iter().map(Result::unwrap).collect();
        let got: Vec<_> = recs.iter().map(passed_on).collect();
        assert_eq!(
            got,
            [
                (
                    Some("Gas deal"),
                    "Signed.",
                    Some("https://e.example/1"),
                    Some("2026-12-01")
                ),
                (Some("Border talks"), "", None, None),
                (None, "Troops fired.", None, None),
                // GDELT's article list: its `seendate` spelled out.
                (
                    Some("Rail deal"),
                    "",
                    Some("https://e.example/2"),
                    Some("2026-12-05T10:15:00Z")
                ),
            ]
        );
    }

    /// Feed readers' exports (Feedly, Inoreader) and the WordPress REST API nest their fields:
    /// the teaser in `{"content": ...}` or `{"rendered": ...}` as HTML, the link in a list of
    /// `{"href": ...}`, the date as epoch milliseconds or seconds, the language as `language`.
    #[test]
    fn jsonl_fields_nested_by_feed_readers_and_wordpress_are_read() {
        let recs = read(
            Format::Jsonl,
            "{\"title\":\"Mine nationalised\",\"summary\":{\"content\":\"<p>The state took <b>full</b> control.</p>\",\"direction\":\"ltr\"},\"canonical\":[{\"href\":\"https://n.example/1\",\"type\":\"text/html\"}],\"published\":1715760000000,\"language\":\"en\"}\n\
             {\"title\":{\"rendered\":\"Gas law&#8217;s vote\"},\"excerpt\":{\"rendered\":\"<p>Deputies voted.</p>\\n\"},\"link\":\"https://w.example/2\",\"date\":\"2024-05-01T10:00:00\"}\n\
             {\"title\":\"Bare title\",\"summary\":{\"direction\":\"ltr\"},\"published\":1715760000}\n"
                .as_bytes(),
        );
        let recs: Vec<Record> = recs.into_iter().map(Result::unwrap).collect();
        let got: Vec<_> = recs.iter().map(|r| (passed_on(r), r.lang)).collect();
        let may_15 = Some("2024-05-15T08:00:00+00:00");
        assert_eq!(
            got,
            [
                (
                    (
                        Some("Mine nationalised"),
                        "The state took full control.",
                        Some("https://n.example/1"),
                        may_15
                    ),
                    Some(Lang::English)
                ),
                (
                    (
                        Some("Gas law’s vote"),
                        "Deputies voted.",
                        Some("https://w.example/2"),
                        Some("2024-05-01T10:00:00")
                    ),
                    None
                ),
                ((Some("Bare title"), "", None, may_15), None),
            ]
        );
        // A text field in a shape no reader knows is said, not dropped in silence.
        assert!(recs[..2].iter().all(|r| r.warnings.is_empty()));
        assert_eq!(recs[2].warnings.len(), 1);
        assert!(recs[2].warnings[0].starts_with("field 'summary' holds no text"));
    }

    /// NewsAPI's articles: a `content` cut short (`… [+N chars]`) gives way to the
    /// `description`, or loses its marker when there is none; the source's name after the
    /// title goes; an article marked `[Removed]` has nothing to tag and no date, with a warning.
    #[test]
    fn newsapi_articles_cut_short_removed_and_suffixed() {
        let recs = read(
            Format::Jsonl,
            concat!(
                r#"{"source":{"name":"Steppe Wire"},"title":"Astana signs a grain deal - Steppe Wire","description":"The deal covers wheat exports to Iran.","content":"Kazakhstan signed a deal on Tuesday to ship… [+1780 chars]","publishedAt":"2024-12-05T09:12:00Z"}"#,
                "
",
                r#"{"source":{"name":"Caspian Post"},"title":"Baku - Caspian Post - in talks","content":"Officials met in Baku to discuss the ferry line... [+95 chars]"}"#,
                "
",
                r#"{"title":"Ports reopen","content":"Ships left Aktau at dawn [+ chars]"}"#,
                "
",
                r#"{"source":{"id":null,"name":"[Removed]"},"title":"[Removed]","description":"[Removed]","content":"[Removed]","url":"https://removed.com","publishedAt":"1970-01-01T00:00:00Z"}"#,
                "
",
            )
            .as_bytes(),
        );
        let recs: Vec<Record> = recs.into_iter().map(Result::unwrap).collect();
        let got: Vec<_> = recs.iter().map(passed_on).collect();
        assert_eq!(
            got,
            [
                (
                    Some("Astana signs a grain deal"),
                    "The deal covers wheat exports to Iran.",
                    None,
                    Some("2024-12-05T09:12:00Z")
                ),
                (
                    Some("Baku - Caspian Post - in talks"),
                    "Officials met in Baku to discuss the ferry line",
                    None,
                    None
                ),
                (
                    Some("Ports reopen"),
                    "Ships left Aktau at dawn [+ chars]",
                    None,
                    None
                ),
                (None, "", None, None),
            ]
        );
        assert!(recs[..3].iter().all(|r| r.warnings.is_empty()));
        assert!(recs[3].warnings[0].contains("[Removed]"));
    }

    #[test]
    fn pages_stream_items_with_titles_and_replace_bad_utf8() {
        let recs = read(
            Format::Page,
            b"Weekly Monitor\n\nGas Deal Signed in Ashgabat\nThe two governments agreed on new gas supplies for ten years... MORE\n\nBorder Talks Resume\nNegotiators met again to settle the \xff border line after months of tension... MORE\n",
        );
        let recs: Vec<Record> = recs.into_iter().map(Result::unwrap).collect();
        assert_eq!(recs.len(), 2);
        assert_eq!(
            recs[0].title.as_deref(),
            Some("Gas Deal Signed in Ashgabat")
        );
        assert_eq!(
            recs[0].text,
            "The two governments agreed on new gas supplies for ten years"
        );
        assert_eq!(recs[1].number, 2);
        assert!(recs[1].text.contains('\u{fffd}'));
        assert!(
            recs[1].warnings.iter().any(|w| w.contains("invalid UTF-8")),
            "{:?}",
            recs[1].warnings
        );
    }

    /// A `.tsv` input was read with commas: its whole header became one column and the file
    /// failed with "no text column".
    #[test]
    fn tsv_inputs_are_split_on_tabs() {
        let source: Arc<str> = Arc::from("t.tsv");
        let data: &[u8] = b"title\ttext\tlang\nGas, oil\tPipeline deal, signed\ten\n";
        let opts = InputOptions::default();
        let recs: Vec<Record> = csv_records(Path::new("t.tsv"), source, data, &opts.csv, None)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].title.as_deref(), Some("Gas, oil"));
        assert_eq!(recs[0].text, "Pipeline deal, signed");
        assert_eq!(recs[0].lang, Some(Lang::English));
    }

    /// A missing input among others made the whole run fail before anything was tagged; now
    /// it is kept, and opening it is the error that gets reported and counted.
    #[cfg(feature = "cli")]
    #[test]
    fn missing_inputs_fail_when_opened_not_when_expanded() {
        let paths = expand(&["no/such/page.txt".to_string()]).unwrap().paths;
        assert_eq!(paths, [PathBuf::from("no/such/page.txt")]);
        let err = records(&paths[0], &InputOptions::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("no/such/page.txt: "), "{err}");
        // A pattern that matches nothing is said, as an empty folder is, and the other
        // inputs stay.
        let out = expand(&["no/such/*.txt".to_string(), "page.txt".to_string()]).unwrap();
        assert_eq!(out.paths, [PathBuf::from("page.txt")]);
        assert_eq!(out.skipped, ["no file matches 'no/such/*.txt'"]);
    }

    /// Issue #18 (4): a CSV field longer than the bound is cut as it is read (the `csv`
    /// reader never holds it whole); the quotes and delimiters after the cut keep the record's
    /// structure, so the next record is whole and on its line.
    #[test]
    fn csv_fields_are_cut_as_they_are_read() {
        let long = "é, \"quoted\" words ".repeat(200_000); // 4.4 MB, commas and quotes inside
        let data = format!(
            "title,text\n\"Big\",\"{}\"\nNext,\"after, the big one\"\n",
            long.replace('"', "\"\"")
        );
        let data: &'static [u8] = Box::leak(data.into_bytes().into_boxed_slice());
        let recs = read(Format::Csv, data);
        assert_eq!(recs.len(), 2);
        let big = recs[0].as_ref().unwrap();
        assert_eq!(big.title.as_deref(), Some("Big"));
        // The line was cut at the bound; the quotes and commas kept after it add a little,
        // and `records` then cuts the item itself to the bound.
        let len = big.text.len();
        assert!(
            len > MAX_ITEM_BYTES / 2 && len < MAX_ITEM_BYTES + MAX_ITEM_BYTES / 4,
            "{len}"
        );
        assert!(cap_item(big.clone()).text.len() <= MAX_ITEM_BYTES);
        assert!(
            big.warnings.iter().any(|w| w.starts_with("line 2 is ")),
            "{:?}",
            big.warnings
        );
        let next = recs[1].as_ref().unwrap();
        assert_eq!(
            (next.text.as_str(), next.line),
            ("after, the big one", Some(3))
        );
        assert!(next.warnings.is_empty());
    }

    /// Issue #18 (12): UTF-16 with a byte-order mark is decoded, across buffer ends, with
    /// surrogate pairs; other inputs pass through untouched.
    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "Gas 🛢 deal\nzweite Zeile";
        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            // Three bytes per read: code units and surrogate pairs split across reads.
            struct Trickle(std::io::Cursor<Vec<u8>>);
            impl Read for Trickle {
                fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                    let n = buf.len().min(3);
                    self.0.read(&mut buf[..n])
                }
            }
            let mut out = String::new();
            decode_utf16(Box::new(Trickle(std::io::Cursor::new(bytes))))
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(out, text);
        }
        let mut out = Vec::new();
        decode_utf16(Box::new(&b"plain \xff bytes"[..]))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"plain \xff bytes");
    }

    /// UTF-16 without a byte-order mark, as some Windows tools save text, is decoded when its
    /// opening is mostly ASCII, in either byte order; UTF-8 and Latin-1 pass through.
    #[test]
    fn utf16_without_a_byte_order_mark_is_decoded() {
        let text = "Ecuador y México: la ruptura diplomática se prolonga\nMore text follows.\n";
        for le in [true, false] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            let mut out = String::new();
            decode_utf16(Box::new(std::io::Cursor::new(bytes)))
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(out, text, "little endian: {le}");
        }
        for other in [
            text.as_bytes(),
            &b"Ecuador y M\xe9xico: la ruptura diplom\xe1tica"[..],
        ] {
            let mut out = Vec::new();
            decode_utf16(Box::new(other))
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, other);
        }
    }

    #[test]
    fn lines_skip_blanks_and_formats_follow_extensions() {
        let recs = read(Format::Lines, b"one\n\n two \n");
        // A line with a title and its teaser has both.
        let titled = read(
            Format::Lines,
            "Gas deal signed in Baku \u{2014} The ministers agreed on supplies for ten years.\n"
                .as_bytes(),
        );
        let titled = titled[0].as_ref().unwrap();
        assert_eq!(titled.title.as_deref(), Some("Gas deal signed in Baku"));
        assert_eq!(
            titled.text,
            "The ministers agreed on supplies for ten years."
        );
        let texts: Vec<_> = recs
            .iter()
            .map(|r| r.as_ref().unwrap().text.clone())
            .collect();
        assert_eq!(texts, ["one", "two"]);
        assert_eq!(Format::from_path(Path::new("a.CSV")), Format::Csv);
        assert_eq!(Format::from_path(Path::new("a.ndjson")), Format::Jsonl);
        assert_eq!(Format::from_path(Path::new("page.txt")), Format::Page);
    }

    /// The records of `bytes` saved as `name` in `dir`, read with the default options.
    fn read_saved(dir: &Path, name: &str, bytes: &[u8]) -> Vec<Record> {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        records(&path, &InputOptions::default())
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    /// Files as people save them: read by what they hold, with what the output passes on.
    #[test]
    fn saved_files_are_read_by_what_they_hold() {
        let dir = tempfile::tempdir().unwrap();
        let read_file = |name: &str, bytes: &[u8]| read_saved(dir.path(), name, bytes);
        // A digest's text saved under an .html name: items, and a note that says so.
        let text = b"Gas talks resume in Ashgabat\nThe two sides met on Monday to discuss the price of gas and the new pipeline.\n\nBorder deal signed in Bishkek\nThe agreement settles the last disputed sections of the border between the two states.\n";
        let recs = read_file("digest.html", text);
        let titles: Vec<_> = recs.iter().map(|r| r.title.as_deref()).collect();
        assert_eq!(
            titles,
            [
                Some("Gas talks resume in Ashgabat"),
                Some("Border deal signed in Bishkek")
            ]
        );
        assert!(
            recs[0].warnings[0].contains("holds no markup"),
            "{:?}",
            recs[0].warnings
        );
        // A list of whole items, one per line without bullets (`Title — teaser`, `Title of
        // four words: teaser`): an item per line, each with its title; not one untitled item.
        let list = "Gas deal signed in Ashgabat — The two sides agreed on the price of gas for ten years.\n\
            Border deal signed in Bishkek — The agreement settles the last disputed sections.\n\
            New sanctions on Moscow announced: Washington blacklisted dozens of firms on Friday.\n";
        let recs = read_file("list.txt", list.as_bytes());
        let got: Vec<_> = recs
            .iter()
            .map(|r| (r.title.as_deref(), r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("Gas deal signed in Ashgabat"),
                    "The two sides agreed on the price of gas for ten years."
                ),
                (
                    Some("Border deal signed in Bishkek"),
                    "The agreement settles the last disputed sections."
                ),
                (
                    Some("New sanctions on Moscow announced"),
                    "Washington blacklisted dozens of firms on Friday."
                ),
            ]
        );
        assert!(recs[0].warnings[0].starts_with("each line holds one item"));
        // The same under a header set apart: the header is no item, its date every item's;
        // a Spanish line among them stays an item of its own.
        let page = format!(
            "Morning digest, 5 December 2024\n\n{list}Rusia y Bielorrusia firman un tratado — El acuerdo incluye garantías de seguridad.\n"
        );
        let recs = read_file("digest.txt", page.as_bytes());
        let got: Vec<_> = recs
            .iter()
            .map(|r| (r.title.as_deref(), r.date.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Gas deal signed in Ashgabat"), Some("2024-12-05")),
                (Some("Border deal signed in Bishkek"), Some("2024-12-05")),
                (
                    Some("New sanctions on Moscow announced"),
                    Some("2024-12-05")
                ),
                (
                    Some("Rusia y Bielorrusia firman un tratado"),
                    Some("2024-12-05")
                ),
            ]
        );
        assert!(recs[0].warnings[0].starts_with("a header, then each line holds one item"));
        // A feed that declares UTF-8 (or nothing) in Latin-1 bytes: read as Windows-1252.
        for decl in ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", ""] {
            let feed = format!("{decl}<rss version=\"2.0\"><channel><title>Noticias</title><item><title>Acuerdo energ\u{1}tico con Argelia</title><description>El gas llegar\u{1} por el gasoducto.</description></item></channel></rss>");
            let bytes: Vec<u8> = feed
                .bytes()
                .map(|b| if b == 1 { 0xe9 } else { b })
                .collect();
            let recs = read_file("feed.xml", &bytes);
            assert_eq!(
                recs[0].title.as_deref(),
                Some("Acuerdo energético con Argelia"),
                "{decl}"
            );
            assert!(recs[0].warnings.iter().any(|w| w.contains("Windows-1252")));
        }
        // CSV date and address columns go to the output, English or Spanish names.
        let recs = read_file(
            "items.csv",
            b"titular,texto,fecha,enlace\nAcuerdo firmado,Los dos gobiernos firmaron el acuerdo.,2024-07-01,https://x.example/1\nOtro,Sin fecha.,,\n",
        );
        assert_eq!(recs[0].date.as_deref(), Some("2024-07-01"));
        assert_eq!(recs[0].url.as_deref(), Some("https://x.example/1"));
        assert_eq!(
            (recs[1].date.as_deref(), recs[1].url.as_deref()),
            (None, None)
        );
        // A feed reader's export names its columns after the item (`Item title`) and notes
        // the time zone (`Published (UTC)`): read as title, address and date all the same.
        let recs = read_file(
            "export.csv",
            b"\"Item title\",\"Item URL\",\"Feed title\",\"Published (UTC)\",\"Summary\"\nGas deal signed in Baku,https://x.example/2,Wire,2024-12-05,The ministers agreed on supplies.\nHeadline only,https://x.example/3,Wire,2024-12-04,\n",
        );
        let got: Vec<_> = recs
            .iter()
            .map(|r| (r.title.as_deref(), r.url.as_deref(), r.date.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("Gas deal signed in Baku"),
                    Some("https://x.example/2"),
                    Some("2024-12-05")
                ),
                (
                    Some("Headline only"),
                    Some("https://x.example/3"),
                    Some("2024-12-04")
                ),
            ]
        );
        // An empty CSV gives no rows, as one of only a header does (not "no text column").
        assert!(read_file("empty.csv", b"").is_empty());
        assert!(read_file("blank.csv", b"\n\n").is_empty());
    }

    /// A saved page's numeric dates are read the way its unambiguous ones are written.
    #[test]
    fn a_pages_numeric_dates_are_read_one_way() {
        let dir = tempfile::tempdir().unwrap();
        let row = |date: &str, n: usize| {
            format!(
                "<tr><td>{date}</td><td><a href=\"https://x.example/{n}\">Talks on the transit deal, round {n}</a>\
                 <p>Delegations met again in the capital.</p></td></tr>"
            )
        };
        let page = |dates: [&str; 3]| {
            let rows: String = dates.iter().enumerate().map(|(n, d)| row(d, n)).collect();
            format!("<html><body><table>{rows}</table></body></html>")
        };
        let dates = |dates: [&str; 3]| -> Vec<Option<String>> {
            read_saved(dir.path(), "page.html", page(dates).as_bytes())
                .into_iter()
                .map(|r| r.date)
                .collect()
        };
        let iso =
            |d: &[&str]| -> Vec<Option<String>> { d.iter().map(|d| Some(d.to_string())).collect() };
        assert_eq!(
            dates(["13/10/2025", "10/10/2025", "08/10/2025"]),
            iso(&["2025-10-13", "2025-10-10", "2025-10-08"])
        );
        assert_eq!(
            dates(["10/13/2025", "10/10/2025", "10/08/2025"]),
            iso(&["2025-10-13", "2025-10-10", "2025-10-08"])
        );
        // Nothing settles it: as written.
        assert_eq!(
            dates(["11/10/2025", "10/10/2025", "08/10/2025"]),
            iso(&["11/10/2025", "10/10/2025", "08/10/2025"])
        );
        // A text digest is read as a stream: an item with a two-way date waits for the page to
        // say which way it writes them, also when that comes later.
        let digest =
            "Gas talks resume in Vienna\n10/10/2025\nNegotiators met again on transit fees.\n\n\
                      Border deal signed\n13/10/2025\nThe agreement settles the last sections.\n\n\
                      Rail link opens\n08/10/2025\nThe first freight train left on Monday.\n";
        let got: Vec<Option<String>> = read_saved(dir.path(), "digest.txt", digest.as_bytes())
            .into_iter()
            .map(|r| r.date)
            .collect();
        assert_eq!(got, iso(&["2025-10-10", "2025-10-13", "2025-10-08"]));
    }

    /// Links read from pages, feeds and digests lose their tracking parameters; a CSV's link
    /// column is data and stays as given.
    #[test]
    fn page_links_lose_tracking_parameters() {
        let dir = tempfile::tempdir().unwrap();
        let read_file = |name: &str, bytes: &[u8]| read_saved(dir.path(), name, bytes);
        let tracked = "https://x.example/a?id=3&utm_source=letter&utm_campaign=w12";
        let digest = format!(
            "Gas talks resume in Vienna\n{tracked}\nNegotiators met again to discuss transit fees.\n"
        );
        let feed = format!(
            "<rss version=\"2.0\"><channel><title>Wire</title><item><title>Gas talks resume</title>\
             <link>{}</link><description>Negotiators met again.</description></item></channel></rss>",
            tracked.replace('&', "&amp;")
        );
        let page = format!(
            "<html><body><div class=\"card\"><h3><a href=\"{tracked}\">Gas talks resume in Vienna</a></h3>\
             <p>Negotiators met again.</p></div><div class=\"card\"><h3><a href=\"/b?fbclid=IwAR\">\
             Border deal signed</a></h3><p>The line was agreed.</p></div></body></html>"
        );
        for (name, bytes) in [
            ("digest.txt", digest.as_bytes()),
            ("feed.xml", feed.as_bytes()),
            ("page.html", page.as_bytes()),
        ] {
            let recs = read_file(name, bytes);
            assert_eq!(
                recs[0].url.as_deref(),
                Some("https://x.example/a?id=3"),
                "{name}"
            );
        }
        let csv = format!("title,text,url\nGas talks resume,Negotiators met.,{tracked}\n");
        assert_eq!(
            read_file("items.csv", csv.as_bytes())[0].url.as_deref(),
            Some(tracked)
        );
    }

    /// A mail folder saved as one file (mbox) gives each message's items in turn, dated by
    /// their message and numbered on through the file; `>From ` in a body is `From `; a
    /// message that cannot be read is an error of its own, naming it.
    #[test]
    fn mbox_messages_each_give_their_items() {
        let mbox = b"From brief@example.org Wed Mar 12 07:00:00 2025
From: Brief <brief@example.org>
Subject: Caspian brief 12 March
Date: Wed, 12 Mar 2025 07:00:00 +0000

Ferry line opens between Aktau and Baku
The first ship carried forty trucks across the sea on Tuesday night.

Unsubscribe: https://example.org/u

From brief@example.org Thu Mar 13 07:00:00 2025
From: Brief <brief@example.org>
Subject: Caspian brief 13 March
Date: Thu, 13 Mar 2025 07:00:00 +0000

Grain exports through the port reach a record
>From January to March the terminal loaded more grain than in all of last year.

From brief@example.org Fri Mar 14 07:00:00 2025
From: Brief <brief@example.org>
Date: Fri, 14 Mar 2025 07:00:00 +0000
Content-Type: text/html

";
        let recs = read(Format::Mail, mbox);
        let got: Vec<_> = recs
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|r| {
                (
                    r.number,
                    r.title.as_deref(),
                    r.text.as_str(),
                    r.date.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    1,
                    Some("Ferry line opens between Aktau and Baku"),
                    "The first ship carried forty trucks across the sea on Tuesday night.",
                    Some("2025-03-12T07:00:00+00:00")
                ),
                (
                    2,
                    Some("Grain exports through the port reach a record"),
                    "From January to March the terminal loaded more grain than in all of last year.",
                    Some("2025-03-13T07:00:00+00:00")
                ),
            ]
        );
        let errors: Vec<String> = recs
            .iter()
            .filter_map(|r| r.as_ref().err().map(ToString::to_string))
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("t: message 3: "), "{errors:?}");
    }
}
