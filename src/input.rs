//! Inputs to tag: files, folders, globs or stdin in; a stream of [`Record`]s out, one per text.
//!
//! Formats are recognised by extension (`.csv` → CSV, `.jsonl`/`.ndjson` → JSON Lines,
//! `.html`/`.htm` → web pages read by [`crate::html`], `.xml`/`.rss`/`.atom` → feeds read by
//! [`crate::feed`], `.txt` and anything else → digest pages, split into items by
//! [`crate::digest`]) unless one is forced. Unless forced, everything but CSV and JSON Lines is
//! also sniffed ([`crate::sniff`]): a page or feed is read as one whatever its extension; a
//! PDF, binary data or XML that is not a feed is an error for that file, not junk items; and a
//! text file that looks like one item per line gets a warning that suggests
//! `--input-format lines`. Records are produced lazily, so memory is bounded by one record (or
//! one page), not by the input. A bad record becomes an `Err` in the stream; the stream goes on.

use crate::dataset::{
    csv_error, decode_field, join_text, line_ends_to_lf, resolve_columns, CsvOptions,
};
use crate::digest;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::sniff::{looks_like_lines, sniff, Sniffed, SNIFF_BYTES};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How an input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Digest pages: split into items (title + teaser or body).
    Page,
    /// One text per line.
    Lines,
    /// CSV with a header (text columns as in training files).
    Csv,
    /// JSON Lines: one object per line with a `text` (and optional `title`, `lang`) field.
    Jsonl,
    /// Saved web pages: the items of a listing, or one article.
    Html,
    /// RSS or Atom feeds: one item per entry.
    Feed,
}

impl Format {
    /// The format an extension implies.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") | Some("tsv") => Format::Csv,
            Some("jsonl") | Some("ndjson") => Format::Jsonl,
            Some("html") | Some("htm") | Some("xhtml") => Format::Html,
            Some("xml") | Some("rss") | Some("atom") | Some("rdf") => Format::Feed,
            _ => Format::Page,
        }
    }
}

/// One text to tag.
#[derive(Clone, Debug, PartialEq)]
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
    /// The item's date as the input gave it (a date line of a page, a feed entry's date).
    pub date: Option<String>,
    /// The item's link, when the input gives one (an HTML page or a feed).
    pub url: Option<String>,
    /// A language the source declares for its items (a feed's `<language>`, a page's
    /// `<html lang>`): only a hint, for texts whose language detection leaves undetermined;
    /// unlike [`lang`](Self::lang) it never overrides detection.
    pub lang_hint: Option<Lang>,
    /// Things noticed while reading (from the digest splitter, lossy decoding...).
    pub warnings: Vec<String>,
}

impl Record {
    /// Title and text together, as routing and scoring see them.
    pub fn full_text(&self) -> String {
        match &self.title {
            Some(t) if !t.trim().is_empty() => format!("{t}\n{}", self.text),
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
}

/// The most bytes one item (title and text) may carry; the rest is cut off with a warning naming
/// the item. Lines are read at most this long (the rest of a longer line is skipped as it is
/// read, never held), so memory stays flat whatever the input: tagging costs about 12 bytes per
/// byte of text, so an item at the cap needs some 25 MB.
pub const MAX_ITEM_BYTES: usize = 2 << 20;

/// Command-line inputs, expanded into the files to read.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in order (`-` is stdin).
    pub paths: Vec<PathBuf>,
    /// Parts of folders that could not be read (an unreadable subfolder, a broken link): each
    /// is reported and counted as a failed input, like an unreadable file; the walk goes on.
    pub errors: Vec<Error>,
    /// What a folder walk skipped on purpose, one message each: links that loop back to a
    /// folder being walked, special files (FIFOs, devices, sockets), second paths to a file
    /// already listed.
    pub skipped: Vec<String>,
    /// (device, inode) of every file listed, so each is read once.
    seen: std::collections::HashSet<(u64, u64)>,
}

impl Expanded {
    /// Add a regular file. One found by a walk (`walked`) is skipped when another path to it
    /// is listed already; one named on the command line is always kept.
    fn push_file(&mut self, path: PathBuf, meta: &std::fs::Metadata, walked: bool) {
        if let Some(id) = file_id(meta) {
            if !self.seen.insert(id) && walked {
                self.skipped.push(format!(
                    "{}: skipped: the same file as one listed before",
                    path.display()
                ));
                return;
            }
        }
        self.paths.push(path);
    }
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Expand command-line inputs: files, folders (recursively, sorted), and glob patterns.
/// `-` is stdin. No inputs at all means stdin. A path that does not exist is kept, so that
/// opening it fails in [`records`] like any other bad file; a pattern matching nothing is an
/// error. A special file named on the command line (a FIFO, `/dev/stdin`) is kept and read as
/// a stream; in folders and glob matches only regular files are taken. Folder walks follow
/// symbolic links but never a loop, and list each file once (see [`Expanded`]).
pub fn expand(inputs: &[String]) -> Result<Expanded> {
    let mut out = Expanded::default();
    if inputs.is_empty() {
        out.paths.push(PathBuf::from("-"));
        return Ok(out);
    }
    for arg in inputs {
        let path = PathBuf::from(arg);
        let meta = std::fs::metadata(&path).ok();
        if arg == "-" {
            out.paths.push(path);
        } else if let Some(m) = meta.as_ref().filter(|m| m.is_file()) {
            out.push_file(path, m, false);
        } else if meta.as_ref().is_some_and(|m| m.is_dir()) {
            walk(&path, &mut out);
        } else if meta.is_none() && arg.contains(['*', '?', '[']) {
            let paths =
                glob::glob(arg).map_err(|e| Error::Config(format!("bad pattern '{arg}': {e}")))?;
            let mut n = 0;
            for p in paths {
                let p = p.map_err(|e| {
                    Error::io(e.path().to_path_buf(), std::io::Error::other(e.to_string()))
                })?;
                if let Some(m) = std::fs::metadata(&p).ok().filter(|m| m.is_file()) {
                    out.push_file(p, &m, false);
                    n += 1;
                }
            }
            if n == 0 {
                return Err(Error::Config(format!("no file matches '{arg}'")));
            }
        } else {
            // A missing file fails like an unreadable one: `records` reports it, the caller
            // counts it and the run goes on with the other inputs. A special file named
            // explicitly is read as a stream.
            out.paths.push(path);
        }
    }
    Ok(out)
}

/// Walk `dir` in sorted order, skipping hidden entries.
fn walk(dir: &Path, out: &mut Expanded) {
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
    };
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                if let Some(ancestor) = e.loop_ancestor() {
                    out.skipped.push(format!(
                        "{}: skipped: a link back to {}, which is being read already",
                        path.display(),
                        ancestor.display()
                    ));
                } else {
                    let io = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                    out.errors.push(Error::io(path, io));
                }
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if !ft.is_file() {
            out.skipped.push(format!(
                "{}: skipped: not a regular file ({})",
                entry.path().display(),
                special_kind(&ft)
            ));
            continue;
        }
        match entry.metadata() {
            Ok(m) => out.push_file(entry.into_path(), &m, true),
            Err(e) => {
                let path = entry.path().to_path_buf();
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                out.errors.push(Error::io(path, io));
            }
        }
    }
}

/// What a file that is neither a regular file nor a folder is, for messages.
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    let _ = ft;
    "a special file"
}

/// Largest web page or feed read (they are parsed whole).
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// Open one input (`-` = stdin) and stream its records.
pub fn records(
    path: &Path,
    opts: &InputOptions,
) -> Result<Box<dyn Iterator<Item = Result<Record>> + Send>> {
    let is_stdin = path.as_os_str() == "-";
    let reader: Box<dyn Read + Send> = if is_stdin {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
    };
    let mut reader = decode_utf16(reader).map_err(|e| Error::io(path, e))?;
    let source: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    let mut notice = None;
    let format = match opts.format {
        Some(f) => f,
        None => {
            let guess = if is_stdin {
                Format::Page
            } else {
                Format::from_path(path)
            };
            if matches!(guess, Format::Csv | Format::Jsonl) {
                guess
            } else {
                let head = read_head(&mut reader, SNIFF_BYTES).map_err(|e| Error::io(path, e))?;
                let sniffed = sniff(&head);
                let lines = sniffed == Sniffed::Text && looks_like_lines(&head);
                reader = Box::new(std::io::Cursor::new(head).chain(reader));
                match (sniffed, guess) {
                    (Sniffed::Pdf, _) => {
                        return Err(Error::file(
                            path,
                            "a PDF document, not text: topictag does not read PDF; extract its \
                             text first (e.g. `pdftotext -layout FILE.pdf`) and tag the .txt",
                        ))
                    }
                    (Sniffed::Binary(what), _) => {
                        return Err(Error::file(
                            path,
                            format!(
                                "{what}, not text: topictag reads text pages, HTML pages, \
                                 RSS/Atom feeds, CSV and JSON Lines"
                            ),
                        ))
                    }
                    (Sniffed::Html, _) => Format::Html,
                    (Sniffed::Feed | Sniffed::Xml, _) => Format::Feed,
                    (Sniffed::Text, Format::Html | Format::Feed) => guess,
                    (Sniffed::Text, _) => {
                        if lines {
                            notice = Some(
                                "every line looks like a text of its own, but the file is read \
                                 as a digest page (title + teaser items): if each line is one \
                                 item, use --input-format lines"
                                    .to_string(),
                            );
                        }
                        Format::Page
                    }
                }
            }
        }
    };
    let recs: Box<dyn Iterator<Item = Result<Record>> + Send> = match format {
        Format::Page => Box::new(PageRecords::new(source, reader)),
        Format::Lines => Box::new(line_records(source, reader)),
        Format::Csv => Box::new(csv_records(
            path,
            source,
            reader,
            &opts.csv,
            opts.id_column.as_deref(),
        )?),
        Format::Jsonl => Box::new(jsonl_records(
            path,
            source,
            reader,
            &opts.csv,
            opts.id_column.as_deref(),
        )),
        Format::Html => Box::new(
            html_records(path, source, reader)?
                .into_iter()
                .map(Ok::<Record, Error>),
        ),
        Format::Feed => Box::new(
            feed_records(path, source, reader)?
                .into_iter()
                .map(Ok::<Record, Error>),
        ),
    };
    let recs = recs.map(|r| r.map(cap_item));
    Ok(match notice {
        None => Box::new(recs),
        Some(w) => Box::new(with_first_warning(recs, w)),
    })
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

fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// One line of a [`BoundedLines`] reader.
struct Line {
    /// The line without its `\n`, at most the bound (cut at a UTF-8 character boundary).
    bytes: Vec<u8>,
    /// Bytes of the line past the bound, read and dropped.
    dropped: u64,
}

/// Splits a reader into lines on `\n` like [`BufRead::split`], but keeps at most `max` bytes
/// of each: the rest of a longer line is read and dropped, never held, so a 500 MB line (or an
/// endless stream such as `/dev/zero`) costs no more memory than a short one.
struct BoundedLines<R> {
    inner: R,
    max: usize,
}

impl<R: BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<std::io::Result<Line>> {
        let mut line = Line {
            bytes: Vec::new(),
            dropped: 0,
        };
        let mut any = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if buf.is_empty() {
                break;
            }
            any = true;
            let (part, used, end) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], i + 1, true),
                None => (buf, buf.len(), false),
            };
            let room = self.max.saturating_sub(line.bytes.len());
            let keep = room.min(part.len());
            line.bytes.extend_from_slice(&part[..keep]);
            line.dropped += (part.len() - keep) as u64;
            self.inner.consume(used);
            if end {
                break;
            }
        }
        if !any {
            return None;
        }
        if line.dropped > 0 {
            // Do not leave half a character at the cut.
            let cut = utf8_char_start(&line.bytes);
            line.dropped += (line.bytes.len() - cut) as u64;
            line.bytes.truncate(cut);
        }
        Some(Ok(line))
    }
}

/// Where to cut `bytes` so that no multi-byte UTF-8 character is left incomplete at the end.
fn utf8_char_start(bytes: &[u8]) -> usize {
    let n = bytes.len();
    for back in 1..=n.min(4) {
        let b = bytes[n - back];
        if b & 0xC0 == 0x80 {
            continue; // a continuation byte: look further back for the lead byte
        }
        let width = match b {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        return if back < width { n - back } else { n };
    }
    n
}

fn bounded_lines<R: Read>(reader: R) -> BoundedLines<BufReader<R>> {
    BoundedLines {
        inner: BufReader::with_capacity(1 << 16, reader),
        max: MAX_ITEM_BYTES,
    }
}

/// An input that starts with a UTF-16 byte-order mark (little or big endian) is decoded to
/// UTF-8; anything else passes through unchanged. (UTF-16 without a mark is not recognised.)
fn decode_utf16(reader: Box<dyn Read + Send>) -> std::io::Result<Box<dyn Read + Send>> {
    let mut buf = BufReader::with_capacity(1 << 16, reader);
    let little = match buf.fill_buf()? {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(Box::new(buf)),
    };
    buf.consume(2);
    Ok(Box::new(Utf16Reader {
        inner: buf,
        little,
        carry: Vec::new(),
        out: Vec::new(),
        pos: 0,
    }))
}

/// UTF-16 in, UTF-8 out; unpaired surrogates and an odd final byte become U+FFFD.
struct Utf16Reader<R> {
    inner: R,
    little: bool,
    /// Bytes of an incomplete code unit, or of a high surrogate waiting for its pair.
    carry: Vec<u8>,
    /// Decoded UTF-8 not handed out yet, from `pos`.
    out: Vec<u8>,
    pos: usize,
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.out.len() {
            self.out.clear();
            self.pos = 0;
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                if self.carry.is_empty() {
                    return Ok(0);
                }
                self.carry.clear();
                self.out.extend_from_slice("\u{fffd}".as_bytes());
                break;
            }
            let mut bytes = std::mem::take(&mut self.carry);
            bytes.extend_from_slice(buf);
            let n = buf.len();
            self.inner.consume(n);
            let mut units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| {
                    let pair = [p[0], p[1]];
                    if self.little {
                        u16::from_le_bytes(pair)
                    } else {
                        u16::from_be_bytes(pair)
                    }
                })
                .collect();
            let mut keep = bytes.len() % 2;
            if units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                units.pop();
                keep += 2;
            }
            self.carry = bytes[bytes.len() - keep..].to_vec();
            let mut tmp = [0u8; 4];
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                self.out
                    .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
        let n = dst.len().min(self.out.len() - self.pos);
        dst[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Reads up to `n` bytes (fewer only at the end of the input).
fn read_head(reader: &mut impl Read, n: usize) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    reader.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// A whole web page or feed, at most [`MAX_DOCUMENT_BYTES`].
fn read_document(path: &Path, reader: impl Read) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::file(
            path,
            format!(
                "larger than {} MiB: too big for a web page or feed",
                MAX_DOCUMENT_BYTES >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// Adds `warning` to the first record of `recs`.
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

/// The language a declared tag names (`es`, `en-GB`, `pt_BR`), if it has a pipeline.
fn lang_of_tag(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next()?;
    Lang::from_code(primary)
}

fn html_records(path: &Path, source: Arc<str>, reader: impl Read) -> Result<Vec<Record>> {
    let bytes = read_document(path, reader)?;
    let page = crate::html::read_page(&bytes).map_err(|m| Error::file(path, m))?;
    let hint = page.lang.as_deref().and_then(lang_of_tag);
    let mut page_warnings = Some(page.warnings);
    Ok(page
        .items
        .into_iter()
        .enumerate()
        .map(|(i, it)| Record {
            source: source.clone(),
            number: i as u64 + 1,
            line: None,
            title: it.title,
            text: it.text,
            lang: None,
            id: None,
            date: it.date,
            url: it.url,
            lang_hint: hint,
            warnings: page_warnings.take().unwrap_or_default(),
        })
        .collect())
}

fn feed_records(path: &Path, source: Arc<str>, reader: impl Read) -> Result<Vec<Record>> {
    let bytes = read_document(path, reader)?;
    let feed = crate::feed::read_feed(&bytes).map_err(|m| Error::file(path, m))?;
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| Record {
            source: source.clone(),
            number: i as u64 + 1,
            line: None,
            title: e.title,
            warnings: if e.text.is_empty() {
                vec!["entry without a summary or content: only its title is tagged".into()]
            } else {
                vec![]
            },
            text: e.text,
            lang: None,
            id: None,
            date: e.date,
            url: e.url,
            lang_hint: e.lang.as_deref().and_then(lang_of_tag),
        })
        .collect())
}

/// Stream the items of a digest page: lines are fed to the [`digest::Splitter`] as they are
/// read, so memory is bounded by the current item, not the page. Splitting never fails;
/// invalid UTF-8 is replaced and reported as a warning on the next item.
struct PageRecords<R> {
    source: Arc<str>,
    lines: BoundedLines<BufReader<R>>,
    line_no: u64,
    splitter: Option<digest::Splitter>,
    pending: std::collections::VecDeque<digest::Item>,
    /// Some line held invalid UTF-8: items with U+FFFD get a warning.
    saw_bad_utf8: bool,
    /// Lines cut at [`MAX_ITEM_BYTES`] whose item has not been handed out yet: the line's
    /// number, its length, and the last words kept, to find the item that holds it.
    cut_lines: Vec<(u64, u64, String)>,
}

impl<R: Read> PageRecords<R> {
    fn new(source: Arc<str>, reader: R) -> Self {
        PageRecords {
            source,
            lines: bounded_lines(reader),
            line_no: 0,
            splitter: Some(digest::Splitter::new()),
            pending: Default::default(),
            saw_bad_utf8: false,
            cut_lines: Vec::new(),
        }
    }

    fn record(&mut self, item: digest::Item) -> Record {
        // The splitter says "item N: ..."; records carry their number already.
        let prefix = format!("item {}: ", item.position);
        let mut warnings: Vec<String> = item
            .warnings
            .into_iter()
            .map(|w| w.strip_prefix(&prefix).map(str::to_string).unwrap_or(w))
            .collect();
        let replaced = |s: &str| s.contains('\u{fffd}');
        if self.saw_bad_utf8
            && (replaced(&item.text) || item.title.as_deref().is_some_and(replaced))
        {
            warnings.push("invalid UTF-8 replaced with U+FFFD".into());
        }
        let last = self.pending.is_empty() && self.splitter.is_none();
        self.cut_lines.retain(|(line, len, tail)| {
            let here = item.text.contains(tail.as_str())
                || item.title.as_deref().is_some_and(|t| t.contains(tail.as_str()));
            if here || last {
                warnings.push(format!(
                    "line {line} is {len} bytes long: cut to the first {MAX_ITEM_BYTES} (the per-item limit)"
                ));
            }
            !(here || last)
        });
        Record {
            source: self.source.clone(),
            number: item.position as u64,
            line: None,
            title: item.title,
            text: item.text,
            lang: None,
            id: None,
            date: item.date,
            url: None,
            lang_hint: None,
            warnings,
        }
    }
}

impl<R: Read> Iterator for PageRecords<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(Ok(self.record(item)));
            }
            let splitter = self.splitter.as_mut()?;
            match self.lines.next() {
                Some(Ok(Line { bytes, dropped })) => {
                    self.line_no += 1;
                    let line = match std::str::from_utf8(&bytes) {
                        Ok(s) => std::borrow::Cow::Borrowed(s),
                        Err(_) => {
                            self.saw_bad_utf8 = true;
                            String::from_utf8_lossy(&bytes)
                        }
                    };
                    if dropped > 0 {
                        let words: Vec<&str> = line.split_whitespace().rev().take(3).collect();
                        let tail = words.into_iter().rev().collect::<Vec<_>>().join(" ");
                        let len = bytes.len() as u64 + dropped;
                        self.cut_lines.push((self.line_no, len, tail));
                    }
                    let items = splitter.push_line(&line);
                    self.pending.extend(items);
                }
                Some(Err(e)) => {
                    self.splitter = None;
                    return Some(Err(Error::io(self.source.as_ref(), e)));
                }
                None => {
                    let done = self.splitter.take()?.finish();
                    self.pending.extend(done.items);
                    if let Some(last) = self.pending.back_mut() {
                        last.warnings.extend(done.warnings);
                    }
                }
            }
        }
    }
}

fn line_records(
    source: Arc<str>,
    reader: impl Read + Send,
) -> impl Iterator<Item = Result<Record>> + Send {
    let mut number = 0u64;
    bounded_lines(reader)
        .enumerate()
        .filter_map(move |(i, line)| {
            let line_no = i as u64 + 1;
            let Line { bytes, dropped } = match line {
                Ok(l) => l,
                Err(e) => return Some(Err(Error::io(source.as_ref(), e))),
            };
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            if text.is_empty() {
                return None;
            }
            number += 1;
            let mut warnings = Vec::new();
            if std::str::from_utf8(&bytes).is_err() {
                warnings.push("invalid UTF-8 replaced with U+FFFD".into());
            }
            if dropped > 0 {
                warnings.push(format!(
                    "line {line_no} is {} bytes long: cut to the first {MAX_ITEM_BYTES} (the per-item limit)",
                    bytes.len() as u64 + dropped
                ));
            }
            Some(Ok(Record {
                source: source.clone(),
                number,
                line: Some(line_no),
                title: None,
                text,
                lang: None,
                id: None,
                date: None,
                url: None,
                lang_hint: None,
                warnings,
            }))
        })
}

/// The index of the id column: `--id-col NAME` (an error when the header lacks it), else a
/// column named `id`, if any. Names compare as the text columns' do (trimmed, any case).
fn id_column(path: &Path, header: &[String], name: Option<&str>) -> Result<Option<usize>> {
    let norm = |h: &str| h.trim_start_matches('\u{feff}').trim().to_lowercase();
    let find = |n: &str| header.iter().position(|h| norm(h) == norm(n));
    match name {
        Some(n) => find(n).map(Some).ok_or_else(|| {
            Error::file(
                path,
                format!(
                    "no id column '{n}' (--id-col; columns found: {})",
                    header.join(", ")
                ),
            )
        }),
        None => Ok(find("id")),
    }
}

/// A JSON value as an id: a string as it is, `null` as none, anything else as its JSON text.
fn json_id(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn csv_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read + Send + 'static,
    opts: &CsvOptions,
    id: Option<&str>,
) -> Result<impl Iterator<Item = Result<Record>> + Send> {
    let capped = CsvLineCap::new(line_ends_to_lf(reader), crate::dataset::delimiter_for(path));
    let cut_lines = capped.cut.clone();
    let watch = QuoteWatch::new(capped);
    let quotes = watch.state.clone();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(crate::dataset::delimiter_for(path))
        .from_reader(watch);
    let header: Vec<String> = rdr
        .byte_headers()
        .map_err(|e| csv_error(path, e))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let cols = resolve_columns(path, &header, opts, false)?;
    let id_col = id_column(path, &header, id)?;
    let path = path.to_path_buf();
    let lossy = opts.lossy;
    let mut number = 0u64;
    let mut iter = rdr.into_byte_records();
    Ok(std::iter::from_fn(move || {
        let rec = iter.next()?;
        // A record that cannot be parsed still takes its number, as its error row shows.
        number += 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => return Some(Err(csv_error(&path, e))),
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if let Some(e) = quotes.swallowed(&path, line, &rec) {
            return Some(Err(e));
        }
        let cut = cut_lines.taken_within(line, &rec);
        let mut lossy_count = 0;
        let mut field = |i: usize| {
            decode_field(
                &path,
                line,
                &header[i],
                rec.get(i).unwrap_or_default(),
                lossy,
                &mut lossy_count,
            )
        };
        let result = (|| {
            let parts = cols
                .text
                .iter()
                .map(|&i| field(i))
                .collect::<Result<Vec<_>>>()?;
            let (title, text) = if parts.len() >= 2 {
                (
                    Some(parts[0].trim().to_string()).filter(|t| !t.is_empty()),
                    join_text(&parts[1..]),
                )
            } else {
                (None, join_text(&parts))
            };
            let lang = match cols.lang {
                Some(i) => Lang::from_code(&field(i)?),
                None => None,
            };
            let id = id_col.map(&mut field).transpose()?;
            Ok((title, text, lang, id))
        })();
        Some(result.map(|(title, text, lang, id)| Record {
            source: source.clone(),
            number,
            line: Some(line),
            title,
            text,
            lang,
            id,
            date: None,
            url: None,
            lang_hint: None,
            warnings: (lossy_count > 0)
                .then(|| format!("{lossy_count} fields held invalid UTF-8"))
                .into_iter()
                .chain(cut.into_iter().map(|(l, len)| {
                    format!(
                        "line {l} is {len} bytes long: cut to the first {MAX_ITEM_BYTES} (the per-item limit)"
                    )
                }))
                .collect(),
        }))
    }))
}

/// Bounds the physical lines of a CSV stream to [`MAX_ITEM_BYTES`] as they are read, so that
/// the `csv` reader never buffers a huge field: past the bound, a line's bytes are dropped
/// except quotes and delimiters, which keep the record's structure (its fields, and where a
/// quoted field ends). The cut falls after a whole UTF-8 character.
struct CsvLineCap<R> {
    inner: R,
    delimiter: u8,
    /// Bytes of the current line so far, and its number.
    len: u64,
    line: u64,
    /// Continuation bytes the last character kept still needs.
    need: u8,
    cut: Arc<CutLines>,
}

/// Lines [`CsvLineCap`] cut: (line, full length), shared with the record iterator.
#[derive(Default)]
struct CutLines(std::sync::Mutex<Vec<(u64, u64)>>);

impl CutLines {
    /// Take the cut lines that fall within the record starting at `line`.
    fn taken_within(&self, line: u64, rec: &csv::ByteRecord) -> Vec<(u64, u64)> {
        let mut cut = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if cut.is_empty() {
            return Vec::new();
        }
        let breaks: u64 = rec
            .iter()
            .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
            .sum();
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut *cut)
            .into_iter()
            .partition(|(l, _)| (line..=line + breaks).contains(l));
        *cut = rest;
        mine
    }
}

impl<R> CsvLineCap<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        CsvLineCap {
            inner,
            delimiter,
            len: 0,
            line: 1,
            need: 0,
            cut: Arc::default(),
        }
    }

    /// Record the end of a line: if it was cut, say so.
    fn end_line(&mut self) {
        if self.len > MAX_ITEM_BYTES as u64 {
            let mut cut = self.cut.0.lock().unwrap_or_else(|e| e.into_inner());
            cut.push((self.line, self.len));
        }
        self.line += 1;
        self.len = 0;
    }
}

impl<R: Read> Read for CsvLineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                self.end_line();
                return Ok(0);
            }
            let mut kept = 0;
            for i in 0..n {
                let b = buf[i];
                // (`buf` is compacted in place: `kept <= i`.)
                self.len += 1;
                let keep = if b == b'\n' {
                    self.end_line();
                    true
                } else if self.len <= MAX_ITEM_BYTES as u64 {
                    true
                } else {
                    // Past the bound: the rest of a character begun within it, and structure.
                    b == b'"' || b == self.delimiter || (b & 0xC0 == 0x80 && self.need > 0)
                };
                if keep {
                    self.need = match b {
                        0xC0..=0xDF => 1,
                        0xE0..=0xEF => 2,
                        0xF0..=0xF7 => 3,
                        0x80..=0xBF => self.need.saturating_sub(1),
                        _ => 0,
                    };
                    buf[kept] = b;
                    kept += 1;
                } else {
                    self.need = 0;
                }
            }
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

/// Watches the quotes of a CSV stream as the `csv` reader pulls it, to catch a quote that is
/// never closed: the `csv` crate then reads the rest of the file into one field, silently.
struct QuoteWatch<R> {
    inner: R,
    state: Arc<QuoteState>,
}

/// What [`QuoteWatch`] saw; shared with the record iterator.
#[derive(Default)]
struct QuoteState {
    /// Line where the last quote that opened a quoted part was (0: inside no quote).
    open_at: std::sync::atomic::AtomicU64,
    /// The end of the input was read while inside quotes.
    open_at_end: std::sync::atomic::AtomicBool,
    /// Current line (1-based) and whether we are inside quotes, for the reading side only.
    cursor: std::sync::Mutex<(u64, bool)>,
}

impl<R> QuoteWatch<R> {
    fn new(inner: R) -> Self {
        let state = QuoteState::default();
        *state.cursor.lock().unwrap_or_else(|e| e.into_inner()) = (1, false);
        QuoteWatch {
            inner,
            state: Arc::new(state),
        }
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::sync::atomic::Ordering::Relaxed;
        let n = self.inner.read(buf)?;
        let mut cursor = self.state.cursor.lock().unwrap_or_else(|e| e.into_inner());
        let (line, inside) = &mut *cursor;
        if n == 0 {
            self.state.open_at_end.store(*inside, Relaxed);
        }
        for &b in &buf[..n] {
            match b {
                b'\n' => *line += 1,
                // A doubled quote inside quotes toggles twice: parity is all that matters.
                b'"' => {
                    *inside = !*inside;
                    if *inside {
                        self.state.open_at.store(*line, Relaxed);
                    }
                }
                _ => {}
            }
        }
        Ok(n)
    }
}

impl QuoteState {
    /// An error when `rec` (starting on `line`) is the record that an unclosed quote ran to
    /// the end of the file: it holds the quote's line and at least one line break after it.
    fn swallowed(&self, path: &Path, line: u64, rec: &csv::ByteRecord) -> Option<Error> {
        use std::sync::atomic::Ordering::Relaxed;
        if !self.open_at_end.load(Relaxed) {
            return None;
        }
        let open = self.open_at.load(Relaxed);
        let breaks = rec
            .iter()
            .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
            .sum::<u64>();
        if breaks == 0 || !(line..=line + breaks).contains(&open) {
            return None;
        }
        Some(Error::input(
            path,
            open,
            "a quote opened here is never closed: the rest of the file would be one field; \
             record skipped",
        ))
    }
}

fn jsonl_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read + Send,
    opts: &CsvOptions,
    id: Option<&str>,
) -> impl Iterator<Item = Result<Record>> + Send {
    let id_field = id.unwrap_or("id").to_string();
    let path = path.to_path_buf();
    let text_field = opts
        .text_columns
        .as_ref()
        .and_then(|c| c.last().cloned())
        .unwrap_or_else(|| "text".to_string());
    let lang_field = opts
        .lang_column
        .clone()
        .unwrap_or_else(|| "lang".to_string());
    let mut number = 0u64;
    // A JSON line cut short is not JSON: lines may be a little longer than an item.
    BoundedLines {
        inner: BufReader::with_capacity(1 << 16, reader),
        max: MAX_ITEM_BYTES + MAX_ITEM_BYTES / 4,
    }
    .enumerate()
    .filter_map(move |(i, line)| {
        let line_no = i as u64 + 1;
        let Line { bytes, dropped } = match line {
            Ok(l) => l,
            Err(e) => return Some(Err(Error::io(&path, e))),
        };
        if bytes.iter().all(u8::is_ascii_whitespace) && dropped == 0 {
            return None;
        }
        number += 1;
        if dropped > 0 {
            return Some(Err(Error::input(
                &path,
                line_no,
                format!(
                    "a line of {} bytes: longer than a record may be ({} bytes); skipped",
                    bytes.len() as u64 + dropped,
                    MAX_ITEM_BYTES + MAX_ITEM_BYTES / 4
                ),
            )));
        }
        let value: serde_json::Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => {
                return Some(Err(Error::input(
                    &path,
                    line_no,
                    format!("invalid JSON: {e}"),
                )))
            }
        };
        let get = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let Some(text) = get(&text_field)
            .or_else(|| get("body"))
            .or_else(|| get("summary"))
            .or_else(|| get("lead"))
            .or_else(|| get("abstract"))
        else {
            return Some(Err(Error::input(
                &path,
                line_no,
                format!("no string field '{text_field}'"),
            )));
        };
        Some(Ok(Record {
            source: source.clone(),
            number,
            line: Some(line_no),
            title: get("title").or_else(|| get("headline")),
            text,
            lang: get(&lang_field).and_then(|c| Lang::from_code(&c)),
            id: value.get(&id_field).and_then(json_id),
            date: None,
            url: None,
            lang_hint: None,
            warnings: vec![],
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(format: Format, data: &'static [u8]) -> Vec<Result<Record>> {
        let opts = InputOptions::default();
        let source: Arc<str> = Arc::from("t");
        match format {
            Format::Csv => csv_records(Path::new("t"), source, data, &opts.csv, None)
                .unwrap()
                .collect(),
            Format::Jsonl => jsonl_records(Path::new("t"), source, data, &opts.csv, None).collect(),
            Format::Lines => line_records(source, data).collect(),
            Format::Page => PageRecords::new(source, data).collect(),
            Format::Html => html_records(Path::new("t"), source, data)
                .unwrap()
                .into_iter()
                .map(Ok)
                .collect(),
            Format::Feed => feed_records(Path::new("t"), source, data)
                .unwrap()
                .into_iter()
                .map(Ok)
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
            b"{\"text\":\"a\",\"lang\":\"es\"}\nnot json\n\n{\"title\":\"t\"}\n{\"text\":\"b\"}\n",
        );
        assert_eq!(recs.len(), 4);
        assert_eq!(recs[0].as_ref().unwrap().lang, Some(Lang::Spanish));
        assert!(recs[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("t:2: invalid JSON"));
        assert_eq!(
            recs[2].as_ref().unwrap_err().to_string(),
            "t:4: no string field 'text'"
        );
        assert_eq!(recs[3].as_ref().unwrap().number, 4);
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
    #[test]
    fn missing_inputs_fail_when_opened_not_when_expanded() {
        let paths = expand(&["no/such/page.txt".to_string()]).unwrap().paths;
        assert_eq!(paths, [PathBuf::from("no/such/page.txt")]);
        let err = records(&paths[0], &InputOptions::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("no/such/page.txt: "), "{err}");
        let err = expand(&["no/such/*.txt".to_string()]).unwrap_err();
        assert!(err.to_string().contains("no file matches"), "{err}");
    }

    /// Issue #18 (4): lines are cut at the bound as they are read, at a character boundary,
    /// whatever the buffer size; what is dropped is counted.
    #[test]
    fn bounded_lines_cut_long_lines_at_a_character() {
        let data = "ab\néé€x\n\nlast".as_bytes();
        for cap in [1, 2, 3, 5, 64] {
            let lines: Vec<(String, u64)> = BoundedLines {
                inner: BufReader::with_capacity(cap, data),
                max: 6,
            }
            .map(|l| {
                let l = l.unwrap();
                (String::from_utf8(l.bytes).unwrap(), l.dropped)
            })
            .collect();
            let want = [("ab", 0), ("éé", 4), ("", 0), ("last", 0)];
            let want: Vec<(String, u64)> = want.iter().map(|(s, n)| (s.to_string(), *n)).collect();
            assert_eq!(lines, want, "buffer of {cap}");
        }
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

    #[test]
    fn lines_skip_blanks_and_formats_follow_extensions() {
        let recs = read(Format::Lines, b"one\n\n two \n");
        let texts: Vec<_> = recs
            .iter()
            .map(|r| r.as_ref().unwrap().text.clone())
            .collect();
        assert_eq!(texts, ["one", "two"]);
        assert_eq!(Format::from_path(Path::new("a.CSV")), Format::Csv);
        assert_eq!(Format::from_path(Path::new("a.ndjson")), Format::Jsonl);
        assert_eq!(Format::from_path(Path::new("page.txt")), Format::Page);
    }
}
