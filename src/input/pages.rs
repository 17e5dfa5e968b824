//! Documents split into items: digest pages (streamed line by line through the digest
//! splitter), web pages and feeds (read whole, at most [`MAX_DOCUMENT_BYTES`]).

use super::lines::{bounded_lines, BoundedLines, Line};
use super::{Record, MAX_DOCUMENT_BYTES, MAX_ITEM_BYTES};
use crate::digest;
use crate::error::{Error, Result};
use crate::lang::Lang;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

/// A whole web page or feed, at most [`MAX_DOCUMENT_BYTES`].
pub(super) fn read_document(path: &Path, reader: impl Read, kind: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::file(
            path,
            format!(
                "larger than {} MiB: too big for {kind}",
                MAX_DOCUMENT_BYTES >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// The items of a saved web page.
pub(super) fn html_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read,
    location: Option<&str>,
) -> Result<Vec<Record>> {
    let bytes = read_document(path, reader, "a web page or feed")?;
    let (bytes, repaired) = super::mojibake::repair_document(bytes);
    let mut page =
        crate::html::read_page_from(&bytes, location).map_err(|m| Error::file(path, m))?;
    if repaired {
        page.warnings
            .push(super::mojibake::REPAIRED_NOTE.to_string());
    }
    Ok(page_records(source, page))
}

/// A page's link without its tracking parameters ([`crate::html::without_tracking`]). Links
/// of CSV and JSON rows are data, and stay as given.
fn untracked(url: String) -> String {
    match crate::html::without_tracking(&url) {
        std::borrow::Cow::Borrowed(_) => url,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// The records of a page read by [`crate::html`].
fn page_records(source: Arc<str>, page: crate::html::Page) -> Vec<Record> {
    let hint = page.lang.as_deref().and_then(Lang::from_code);
    // What reading the page noticed (its charset, its nesting) is the page's, said once with
    // its first item but not as that item's.
    let page_level = |w: String| match w.starts_with("page: ") {
        true => w,
        false => format!("page: {w}"),
    };
    let mut page_warnings = Some(page.warnings.into_iter().map(page_level).collect());
    // A page writes its numeric dates one way: `13/10/2025` says how to read `10/10/2025`.
    let order = digest::page_date_order(page.items.iter().filter_map(|i| i.date.as_deref()));
    page.items
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
            date: it.date.map(|d| digest::output_date_in(d, order)),
            url: it.url.map(untracked),
            lang_hint: hint,
            warnings: page_warnings.take().unwrap_or_default(),
        })
        .collect()
}

/// The items of a saved e-mail: its HTML part's, read as a web page; else (no HTML part, or
/// one with no items) its text part's, read as a digest page under the subject line.
/// A mail folder saved as one file (mbox) gives the items of each message in turn, numbered on
/// through the file; a message that cannot be read is an error row of its own.
pub(super) fn mail_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read,
) -> Result<Box<dyn Iterator<Item = Result<Record>> + Send>> {
    let bytes = read_document(path, reader, "an e-mail")?;
    let Some(messages) = crate::mail::mbox_messages(&bytes) else {
        return message_records(path, source, &bytes);
    };
    let mut records: Vec<Result<Record>> = Vec::new();
    for (k, message) in messages.iter().enumerate() {
        match message_records(path, source.clone(), message) {
            Ok(items) => records.extend(items),
            Err(Error::File { message, .. }) => {
                records.push(Err(Error::file(
                    path,
                    format!("message {}: {message}", k + 1),
                )));
            }
            Err(e) => records.push(Err(e)),
        }
    }
    let mut number = 0;
    for r in records.iter_mut().flatten() {
        number += 1;
        r.number = number;
    }
    Ok(Box::new(records.into_iter()))
}

/// The items of one mail message (see [`mail_records`]).
fn message_records(
    path: &Path,
    source: Arc<str>,
    bytes: &[u8],
) -> Result<Box<dyn Iterator<Item = Result<Record>> + Send>> {
    let mail = crate::mail::read_mail(bytes).map_err(|m| Error::file(path, m))?;
    // A newsletter's stories are of the day it was sent, unless they say otherwise.
    let sent = mail.date.clone();
    let dated = move |mut r: Record| {
        if r.date.is_none() {
            r.date.clone_from(&sent);
        }
        r
    };
    let mut note = None;
    let text = match mail.body {
        crate::mail::Body::Text(text) => text,
        crate::mail::Body::Html(html) => {
            let page = match html {
                Ok(text) => crate::html::read_str(&text),
                Err(bytes) => crate::html::read_page(&bytes),
            };
            match (page, mail.alternative) {
                (Ok(page), _) => {
                    let records = page_records(source, page);
                    return Ok(Box::new(records.into_iter().map(dated).map(Ok)));
                }
                (Err(m), None) => return Err(Error::file(path, format!("an e-mail: {m}"))),
                (Err(_), Some(text)) => {
                    note = Some("page: the e-mail's HTML holds no items: its text part is read");
                    text
                }
            }
        }
    };
    let page = match mail.subject {
        Some(subject) => format!("{subject}\n\n{text}"),
        None => text,
    };
    let records = PageRecords::new(source, std::io::Cursor::new(page.into_bytes()))
        .map(move |r| r.map(&dated));
    Ok(match note {
        Some(w) => Box::new(super::with_first_warning(records, w.to_string())),
        None => Box::new(records),
    })
}

/// The entries of an RSS or Atom feed.
pub(super) fn feed_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read,
) -> Result<Vec<Record>> {
    let bytes = read_document(path, reader, "a web page or feed")?;
    // An empty file (a failed save) has nothing to tag, as an empty page has: said by the
    // caller, not an error.
    if crate::sniff::without_bom(&bytes).trim_ascii().is_empty() {
        return Ok(Vec::new());
    }
    let fixed =
        crate::feed::stale_declaration(&bytes).or_else(|| crate::feed::latin1_as_utf8(&bytes));
    let (bytes, mut stale) = match fixed {
        Some((fixed, note)) => (fixed, Some(format!("page: {note}"))),
        None => (bytes, None),
    };
    let (bytes, repaired) = super::mojibake::repair_document(bytes);
    let feed = crate::feed::read_feed(&bytes).map_err(|m| Error::file(path, m))?;
    // Entries with only a title are said once for the feed, not once per entry (a news
    // aggregator's feed has many).
    let total = feed.entries.len();
    let bare = feed.entries.iter().filter(|e| e.text.is_empty()).count();
    let mut note = match bare {
        0 => None,
        _ if bare == total => Some(
            "page: no entry of this feed has a summary or content (beyond its title): only titles are tagged"
                .to_string(),
        ),
        1 => Some(
            "page: 1 entry has no summary or content (beyond its title): only its title is tagged".to_string(),
        ),
        _ => Some(format!(
            "page: {bare} of {total} entries have no summary or content (beyond their titles): only their titles are tagged"
        )),
    };
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| Record {
            source: source.clone(),
            number: i as u64 + 1,
            line: None,
            title: e.title,
            warnings: note
                .take()
                .into_iter()
                .chain(if i == 0 { stale.take() } else { None })
                .chain((i == 0 && repaired).then(|| super::mojibake::REPAIRED_NOTE.to_string()))
                .collect(),
            text: e.text,
            lang: None,
            id: None,
            date: e.date.map(crate::digest::output_date),
            url: e.url.map(untracked),
            lang_hint: e.lang.as_deref().and_then(Lang::from_code),
        })
        .collect())
}

/// Whether a page's lines were read as Windows-1252 ([`super::decode_non_utf8`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Latin1 {
    No,
    Unsaid,
    Said,
}

/// Stream the items of a digest page: lines are fed to the [`digest::Splitter`] as they are
/// read, so memory is bounded by the current item, not the page. Splitting never fails;
/// invalid UTF-8 is replaced and reported as a warning on the next item.
pub(super) struct PageRecords<R> {
    source: Arc<str>,
    lines: BoundedLines<BufReader<R>>,
    line_no: u64,
    splitter: Option<digest::Splitter>,
    pending: std::collections::VecDeque<digest::Item>,
    /// Some line held invalid UTF-8: items with U+FFFD get a warning.
    saw_bad_utf8: bool,
    /// Lines were read as Windows-1252, and whether an item said so yet (once a file).
    latin1: Latin1,
    /// Lines cut at [`MAX_ITEM_BYTES`] whose item has not been handed out yet: the line's
    /// number, its length, and the last words kept, to find the item that holds it.
    cut_lines: Vec<(u64, u64, String)>,
    /// Items handed out so far.
    handed_out: u64,
    /// Every line so far was blank (whitespace, byte-order marks).
    blank: bool,
    /// What the page's dates so far showed of their order (`13/10/2025`: day first), which
    /// settles how two-way dates (`10/10/2025`) are read.
    dates: digest::DatesSeen,
}

/// Most items held back while a two-way date (`10/10/2025`) waits for the page to show
/// which way it writes its dates.
const MAX_HELD_FOR_DATES: usize = 256;

impl<R: Read> PageRecords<R> {
    pub(super) fn new(source: Arc<str>, reader: R) -> Self {
        PageRecords {
            source,
            lines: bounded_lines(reader),
            line_no: 0,
            splitter: Some(digest::Splitter::new()),
            pending: Default::default(),
            saw_bad_utf8: false,
            latin1: Latin1::No,
            cut_lines: Vec::new(),
            handed_out: 0,
            blank: true,
            dates: Default::default(),
        }
    }

    /// Takes the splitter's `items` in, noting which way their dates are written.
    fn take_items(&mut self, items: Vec<digest::Item>) {
        for date in items.iter().filter_map(|i| i.date.as_deref()) {
            self.dates.see(date);
        }
        self.pending.extend(items);
    }

    /// Whether the next item waits for more of the page: its date reads both ways, the page
    /// has not yet shown which, and more of it is to come.
    fn waits_for_dates(&self) -> bool {
        let two_way = |d: &str| {
            let day = digest::output_date_in(d.to_string(), digest::DateOrder::DayFirst);
            day != d && digest::output_date(d.to_string()) == d
        };
        self.splitter.is_some()
            && !self.dates.any_one_way()
            && self.pending.len() < MAX_HELD_FOR_DATES
            && self
                .pending
                .front()
                .and_then(|i| i.date.as_deref())
                .is_some_and(two_way)
    }

    /// The error row of a page with text that gave no item: every line was a marker, a date,
    /// navigation or decoration, named in the splitter's warnings where it dropped them.
    fn nothing_to_tag(&self, warnings: Vec<String>) -> Error {
        let dropped: Vec<String> = warnings
            .into_iter()
            .filter(|w| w.starts_with("line "))
            .collect();
        let why = match dropped.is_empty() {
            true => "its lines are read-more markers, dates, navigation or decoration".to_string(),
            false => dropped.join("; "),
        };
        Error::file(self.source.as_ref(), format!("nothing to tag: {why}"))
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
            warnings.push(super::REPLACED_NOTE.into());
        }
        if self.latin1 == Latin1::Unsaid {
            self.latin1 = Latin1::Said;
            warnings.push(super::LATIN1_NOTE.into());
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
            date: item
                .date
                .map(|d| digest::output_date_in(d, self.dates.order())),
            url: item.url.map(untracked),
            lang_hint: None,
            warnings,
        }
    }
}

impl<R: Read> Iterator for PageRecords<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        loop {
            if !self.waits_for_dates() {
                if let Some(item) = self.pending.pop_front() {
                    self.handed_out += 1;
                    return Some(Ok(self.record(item)));
                }
            }
            let splitter = self.splitter.as_mut()?;
            match self.lines.next() {
                Some(Ok(Line { bytes, dropped })) => {
                    self.line_no += 1;
                    let (line, how) = super::decode_line(&bytes);
                    match how {
                        // Said once per page, at the first item after it.
                        Some(super::NotUtf8::Latin1) if self.latin1 == Latin1::No => {
                            self.latin1 = Latin1::Unsaid
                        }
                        Some(super::NotUtf8::Replaced) => self.saw_bad_utf8 = true,
                        _ => {}
                    }
                    self.blank &= line
                        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                        .is_empty();
                    if dropped > 0 {
                        let words: Vec<&str> = line.split_whitespace().rev().take(3).collect();
                        let tail = words.into_iter().rev().collect::<Vec<_>>().join(" ");
                        let len = bytes.len() as u64 + dropped;
                        self.cut_lines.push((self.line_no, len, tail));
                    }
                    let items = splitter.push_line(&line);
                    self.take_items(items);
                }
                Some(Err(e)) => {
                    self.splitter = None;
                    return Some(Err(Error::io(self.source.as_ref(), e)));
                }
                None => {
                    let done = self.splitter.take()?.finish();
                    // An empty input gives no rows, as a CSV of only a header does; a
                    // page with text but no item is reported.
                    if done.items.is_empty() && self.handed_out == 0 && !self.blank {
                        return Some(Err(self.nothing_to_tag(done.warnings)));
                    }
                    self.take_items(done.items);
                    if let Some(last) = self.pending.back_mut() {
                        last.warnings.extend(done.warnings);
                    }
                }
            }
        }
    }
}
