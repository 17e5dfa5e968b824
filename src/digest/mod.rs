//! Splits the plain text of a saved news-digest page into items: page text in, [`Page`] out
//! (an optional header plus numbered [`Item`]s, each with a title, a cleaned body text and a date).
//!
//! A digest page is a header (site name, section title) followed by repeated items. An item is
//! a title line and a teaser or a full article body (one or several paragraphs), sometimes with
//! a date line before or after the title, often with a "read more" marker at the end of the
//! teaser (`MORE`, `... MORE`, `[…]`, `Read more`, `Seguir leyendo »`, `Leer más`, ...). Photo
//! captions and credits, bylines and navigation lines ("Page 2 of 10", "Next »", "Compartir")
//! may sit anywhere. Pages may mix English and Spanish, use CRLF line endings or start with a
//! BOM.
//!
//! The splitter works line by line ([`Splitter`]); [`split_page`] is a thin wrapper over it, so
//! both give identical results. It never fails and never panics: odd input gives fewer or
//! rougher items plus warnings.
//!
//! The module's files, in the order a line goes through them: `table` (a Markdown table's rows
//! as items), `chat` (a chat export's message lines, each opening an item), `markup` (Markdown markup taken off, bulleted one-line items cut into a title and
//! a teaser), `classify` (what a line is),
//! using `markers` (read-more markers), `dates` (date lines and date parts) and `boilerplate`
//! (navigation, captions, bylines), whose vocabularies `words` reads from `words/*.txt`; then
//! `splitter` (the state machine that groups lines into items), with `header` deciding the
//! page header.
//!
//! # How a page is read
//!
//! A line that is only a link (`https://…`, `Link: https://…`, `[Source](https://…)`, a mail
//! client's `Read more <https://…>`) gives its address to the item it sits by (the line after
//! it, when set apart above it and directly on it) and is no text; under a teaser it ends the
//! item, and an untitled one-paragraph item so ended takes its first sentence as its title when
//! it reads as a headline. A Markdown link's address on a title or text line is its item's too
//! (the first one found; else an address in angle brackets), but not a navigation line's. A short label linked after a teaser's last sentence
//! (`… chains. [Source](…)`) is dropped.
//! Markdown markup is taken off first (`## Heading`, `**bold**`, `[text](url)`, `> `, `[[wiki
//! links]]`), a Markdown table's rows are items each (`table`: cells by their column's name), and a
//! bulleted line that holds a whole item (`- **Title** — teaser`, `• Title of four words or
//! more: a teaser of five words or more`, or sentences: `• 06.12.2026 — Title. Teaser.`, whose
//! first sentence is the title when it reads as a headline) is read as a date, a title line and
//! a body line that start a new item; bullets under a line ending in a colon are points of a
//! teaser, read as other lines. Every line is whitespace-normalised and classified as blank
//! (also lines of pure decoration such as `* * *`), a standalone read-more marker, a date line,
//! a navigation line (a newsletter's greeting and sign-off too), a photo caption or credit, a byline ("By Jane Doe", "Por Juan Pérez"),
//! or text. Text lines lose a trailing read-more marker (which closes the item) and a leading
//! `date | ` prefix (which becomes the item's date); title lines also lose a trailing `| date` or `(date)` and a list
//! number (`1.`, `2)`).
//!
//! * A text line is *title-like* when it is short (at most 160 characters and 28 words), starts
//!   with a capital or a digit, does not end in `.`, `,`, `;` or `:` and holds at most one
//!   sentence break. Title-like lines wait (with any date lines) until the next body line; then
//!   the last of them becomes the title of a new item, and the earlier ones become the page
//!   header (before the first item) or title-only items (later; one to three words are dropped
//!   as kickers such as "ANALYSIS").
//! * A body line (any other text line, or any line carrying a read-more marker) is appended to
//!   the open item as a new paragraph, or starts an untitled item when the previous item was
//!   closed by a marker or a trailing date.
//! * Hard wrapping: a line directly below a body line of at most 110 characters that does not
//!   end a sentence continues that paragraph. Once the page has shown such wrapping, a line
//!   below any body line of 40 to 110 characters does too.
//! * A title-like line directly followed by a line starting in lower case is the first line of a
//!   wrapped paragraph, not a title; so is a line that ends on an article, conjunction or
//!   preposition (`…on Line D of the`, the lexicon's `[dangling_ends]`). On a page that has
//!   shown wrapping, a long title-like line directly under a headline, with a body line
//!   directly under it, is the teaser's first line.
//! * A source's name and a date on one line (`Reuters | 14 May 2024`, `EFE, 3 de mayo de
//!   2024`) is a date line; a forwarded message's header lines (`From:`, `Subject:`...) are
//!   page chrome.
//! * Date lines: the layout is learned from the first dated item. If its date came before its
//!   title, every later date line after a body starts a new item; if it came after the title or
//!   after the body, a date line after a body belongs to that body's item.
//! * On a page where every item so far has a date next to its title (or after its body), an
//!   undated title-like line inside an open item is a subheading and stays in its text. A date
//!   set apart (a blank line) above the first title is the page's: it goes to the first item
//!   and does not make the page a dated one.
//! * A newsletter's footer is no text: a line that opens one (`Our mailing address is:`,
//!   `¿Quieres cambiar cómo recibes estos correos?`, `Copyright © 2026 …`, `Powered by …`;
//!   the lexicon's `[footer_starts]` and `[footer_phrases]`) after the first item, with the
//!   short lines under it, when they run to the page's end (at most 40 lines of at most 160
//!   characters; otherwise they are read as other lines). A postal address on one line
//!   (`Eurasia Brief, 12 Abai Avenue, Almaty 050000`) and a bar of links with a site's
//!   address in it (`More at example.org · Follow us`) are navigation wherever they stand.
//! * A short credit line ("Photo: Reuters", "(AP Photo/...)") directly after a sentence that is
//!   not an item's teaser drops that sentence too: it is the caption's description.
//! * If the page has no header line before the first title (a single title-like line, then a
//!   body), that line stays the first item's title only when the second item also has a title
//!   with the same spacing (blank line or not) before its body; otherwise it is the header.
//!   At most 16 title-like or date lines wait for a body; a longer run without one (a headline
//!   list) is turned into title-only items as it goes. The first line of such a run is its
//!   header only when set apart (a blank line below it) or shaped as a heading (at most three
//!   words, or half as many as the headlines under it): a list pasted one headline per line
//!   starts with a headline.
//! * Title-like lines with nothing under them (a headline piped in, two or three headlines)
//!   are title-only items, not a header over an empty page. A page with no item at all is
//!   reported by the reader as an error (`input::pages`), never silently skipped.
//!
//! # Known limits
//!
//! * Subheadings inside long articles on undated pages look like titles and start new items.
//! * Hard-wrapped text needs blank lines, markers or date lines between items: a title directly
//!   below a wrapped body line is read as part of that paragraph.
//! * A page-level date under the header goes to the first item. When the first item has no
//!   date and later ones do, dates after a marker-closed body go to the next item.
//! * Caption descriptions without a credit, bylines without "By"/"Por", and navigation words
//!   outside the built-in English/Spanish vocabulary stay in the text; a real title that reads
//!   like a byline ("By Land and Sea") or only of navigation words is dropped.
//! * Only English and Spanish words are known (month and weekday names, markers, navigation,
//!   captions, bylines): the languages with a file in `words/`.

mod boilerplate;
mod chat;
mod classify;
mod dates;
mod header;
mod markers;
mod markup;
mod splitter;
mod table;
#[cfg(test)]
mod tests;
mod words;

pub use splitter::Splitter;

pub(crate) use boilerplate::{is_related_label, is_web_address};
use classify::{classify, normalize_line, Kind};
pub(crate) use classify::{is_name, is_source_line, list_number, named_dateline};
pub(crate) use dates::ending_date;
use dates::parse_date;
pub use dates::{DateOrder, DatesSeen};
use markers::strip_trailing_markers;

/// One item of a digest page: a title (if any), its body text and its date (if any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// 1-based position of the item on the page, in reading order.
    pub position: usize,
    /// The item's title, whitespace-normalised; `None` for a lone paragraph.
    pub title: Option<String>,
    /// The body with read-more markers, captions, dates, bylines and navigation removed.
    /// Paragraphs are separated by `"\n\n"`; inside a paragraph every run of whitespace is a
    /// single space; no leading or trailing whitespace. Empty for a title-only item.
    pub text: String,
    /// The item's date as written on the page (e.g. `November 1, 2022`, `12.03.2024`),
    /// without prefixes such as `Published:`.
    pub date: Option<String>,
    /// The item's link as written: its title's Markdown link, else the first link of its text
    /// (a read-more link, `[Source](…)`), else a line of its own that is only an address
    /// (`https://…`, `Link: https://…`) directly by the item.
    pub url: Option<String>,
    /// Doubts about this item, each starting with `item N: ` (e.g. `item 3: no title`).
    pub warnings: Vec<String>,
}

impl Item {
    /// Title and text joined by a blank line (just the text if there is no title): the whole
    /// content of the item, e.g. for tagging.
    pub fn full_text(&self) -> String {
        match &self.title {
            Some(t) if self.text.is_empty() => t.clone(),
            Some(t) => format!("{t}\n\n{}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A split digest page: its header and its items in page order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// The page header (site name, section title); several header lines are joined with ` / `.
    pub header: Option<String>,
    /// The items, numbered 1, 2, 3, ... in page order.
    pub items: Vec<Item>,
    /// Page-level doubts (dropped lines, no items found, ...), each naming a line number or
    /// the page.
    pub warnings: Vec<String>,
}

impl Page {
    /// All warnings: the page's, then every item's in order.
    pub fn all_warnings(&self) -> impl Iterator<Item = &str> {
        self.warnings
            .iter()
            .chain(self.items.iter().flat_map(|i| i.warnings.iter()))
            .map(String::as_str)
    }
}

/// What [`Splitter::finish`] returns: the items not yet returned by [`Splitter::push_line`],
/// the page header and the page-level warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finished {
    /// Items still held when the page ended (usually the last one or two).
    pub items: Vec<Item>,
    /// The page header, as in [`Page::header`].
    pub header: Option<String>,
    /// Page-level warnings, as in [`Page::warnings`].
    pub warnings: Vec<String>,
}

/// Whether two texts are the same words, any case and punctuation aside (`Danube ports:
/// Romania's terminal` and `DANUBE PORTS: ROMANIA'S TERMINAL`).
pub(crate) fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// Splits a whole page of text into its header and items. Never fails: odd input gives fewer
/// or rougher items and warnings. Built on [`Splitter`] and identical to feeding it every line.
pub fn split_page(text: &str) -> Page {
    split_lines(text.split('\n'))
}

/// Feeds `lines` (with or without their line breaks) to a [`Splitter`] and collects the page.
pub fn split_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Page {
    let mut splitter = Splitter::new();
    let mut items = Vec::new();
    for line in lines {
        items.extend(splitter.push_line(line));
    }
    let end = splitter.finish();
    items.extend(end.items);
    Page {
        header: end.header,
        items,
        warnings: end.warnings,
    }
}

/// A line that holds a whole item, as lists of one item per line write it: its title and its
/// teaser, parted by a dash (` — `, ` – `, after a title of two words or more; ` - ` after
/// four) or a colon (after a title of four words or more), the teaser five words or more and
/// opening as a sentence does (a capital or a digit). A line with a bullet, heading, quote or
/// link is none: that markup is the page splitter's to read.
///
/// ```
/// use topictag::digest::one_line_item;
/// let (title, teaser) = one_line_item("Georgia passes budget — Parliament approved the plans for next year.").unwrap();
/// assert_eq!((title.as_str(), teaser.as_str()), ("Georgia passes budget", "Parliament approved the plans for next year."));
/// assert_eq!(one_line_item("Russia: Central Bank raises its key rate to 16%"), None);
/// assert_eq!(one_line_item("The talks — which lasted three days — ended."), None);
/// ```
pub fn one_line_item(line: &str) -> Option<(String, String)> {
    markup::line_item(line)
}

/// Normalises whitespace (runs of whitespace become one space, BOM and zero-width characters
/// are removed) and removes read-more markers at the end of `text` (`... MORE`, `[…]`,
/// `Read more »`, `Seguir leyendo »`, `Leer más`, ...), with the ellipsis before them.
pub fn strip_markers(text: &str) -> String {
    let norm = normalize_line(text);
    strip_trailing_markers(&norm, false).0.to_string()
}

/// True when `line` is only a date, optionally with a weekday, a time, a time zone or a prefix
/// such as `Published:`: `November 1, 2022`, `1 de noviembre de 2022`, `12.03.2024`,
/// `Mon, 4 Mar 2024 10:30 CET`, `3 hours ago`, `hace 2 días`.
pub fn is_date_line(line: &str) -> bool {
    parse_date(&normalize_line(line)).is_some()
}

/// An item's date as output gives it: ISO 8601 when it names a day unambiguously
/// (`6 de diciembre de 2026`, `December 6, 2026`, `06.12.2026` → `2026-12-06`; with the time
/// when it is given in UTC: `2026-12-06T15:20:00Z`), so that a column of dates sorts; as written
/// otherwise (`3 hours ago`, `6 Dec` without a year, `06/12/2026`, which reads both ways, an
/// RFC 3339 stamp already).
///
/// ```
/// use topictag::digest::output_date;
/// assert_eq!(output_date("Sábado, 6 de diciembre de 2026".into()), "2026-12-06");
/// assert_eq!(output_date("Dec 6, 2026 15:20 GMT".into()), "2026-12-06T15:20:00Z");
/// assert_eq!(output_date("06-Dec-2026".into()), "2026-12-06");
/// assert_eq!(output_date("06/12/2026".into()), "06/12/2026");
/// assert_eq!(output_date("3 hours ago".into()), "3 hours ago");
/// ```
pub fn output_date(date: String) -> String {
    output_date_in(date, DateOrder::Unknown)
}

/// [`output_date`] for a date of a page whose numeric dates read in `order` ([`page_date_order`]).
///
/// ```
/// use topictag::digest::{output_date_in, page_date_order};
/// let order = page_date_order(["13/10/2025", "10/10/2025"]);
/// assert_eq!(output_date_in("10/10/2025".into(), order), "2025-10-10");
/// assert_eq!(output_date_in("08/10/2025".into(), order), "2025-10-08");
/// ```
pub fn output_date_in(date: String, order: DateOrder) -> String {
    dates::iso_date(&normalize_line(&date), order).unwrap_or(date)
}

/// Which way the numeric dates among a page's `dates` are written ([`DateOrder`]): the day
/// first when one of them can only be read so (`13/10/2025`), the month first likewise
/// (`10/13/2025`), otherwise (neither, or both) unknown.
///
/// ```
/// use topictag::digest::{page_date_order, DateOrder};
/// assert_eq!(page_date_order(["10/13/2025", "10/10/2025"]), DateOrder::MonthFirst);
/// assert_eq!(page_date_order(["10/10/2025", "5 Oct 2025"]), DateOrder::Unknown);
/// assert_eq!(page_date_order(["13/10/2025", "10/13/2025"]), DateOrder::Unknown);
/// ```
pub fn page_date_order<'a>(dates: impl IntoIterator<Item = &'a str>) -> DateOrder {
    let mut seen = DatesSeen::default();
    for d in dates {
        seen.see(d);
    }
    seen.order()
}

impl DatesSeen {
    /// Takes in a page's date as written (see [`page_date_order`]).
    pub fn see(&mut self, date: &str) {
        self.see_normalized(&normalize_line(date));
    }
}

/// The date a heading line names, alone or at its start or end (`Morning digest, 5 December
/// 2024`, `05.12.2024 — Morning digest`), as written.
///
/// ```
/// use topictag::digest::heading_date;
/// assert_eq!(heading_date("Morning digest, 5 December 2024").as_deref(), Some("5 December 2024"));
/// assert_eq!(heading_date("Morning digest"), None);
/// ```
pub fn heading_date(line: &str) -> Option<String> {
    let line = normalize_line(line);
    parse_date(&line)
        .or_else(|| dates::leading_date(&line).map(|(d, _)| d))
        .or_else(|| dates::trailing_date(&line).map(|(d, _)| d))
        .or_else(|| line.rsplit_once(", ").and_then(|(_, d)| parse_date(d)))
}

/// Whether `line` is the label that marks an advertisement in a newsletter or a listing
/// (`SPONSORED`, `Advertisement`, *Publicidad*, *Contenido patrocinado*; the lexicon's
/// `[ad_labels]`): the block it stands in is no item.
///
/// ```
/// use topictag::digest::is_ad_label;
/// assert!(is_ad_label(" SPONSORED "));
/// assert!(is_ad_label("Contenido patrocinado:"));
/// assert!(!is_ad_label("Sponsored trips to Baku draw criticism"));
/// ```
pub fn is_ad_label(line: &str) -> bool {
    boilerplate::is_label(line, &words::lexicon().ad_labels)
}

/// Whether a line opens a mail's or page's footer (`Unsubscribe`, *Darse de baja*, `Powered by
/// …`, `Copyright © 2026 …`): the lexicon's `[footer_starts]` and `[footer_phrases]`, or a
/// copyright line with its year.
///
/// ```
/// use topictag::digest::opens_footer;
/// assert!(opens_footer("Unsubscribe | Update your preferences"));
/// assert!(opens_footer("Copyright © 2026 Eurasia Brief"));
/// assert!(!opens_footer("Tbilisi reopens the port tender"));
/// ```
pub fn opens_footer(line: &str) -> bool {
    boilerplate::opens_footer(line)
}

/// What one line is on its own, as the splitter reads it: for readers of structured pages
/// (HTML, feeds) whose blocks are already separated and only need sorting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Nothing alphanumeric.
    Empty,
    /// Body or title text, whitespace-normalised, with trailing read-more markers removed.
    Text(String),
    /// A date line, or a byline with a date: the date as written.
    Date(String),
    /// A standalone read-more marker (`Read more »`, `Seguir leyendo`).
    Marker,
    /// Navigation, a photo caption or credit, or a byline without a date.
    Chrome,
}

/// Classifies one line the way the splitter does (see [`LineKind`]).
///
/// ```
/// use topictag::digest::{classify_line, LineKind};
/// assert_eq!(classify_line("Seguir leyendo »"), LineKind::Marker);
/// assert_eq!(classify_line("By Jane Doe"), LineKind::Chrome);
/// assert!(matches!(classify_line("3 de noviembre de 2026"), LineKind::Date(_)));
/// assert_eq!(
///     classify_line("Talks resume in Geneva... Read more"),
///     LineKind::Text("Talks resume in Geneva".into())
/// );
/// ```
pub fn classify_line(line: &str) -> LineKind {
    match classify(normalize_line(line)) {
        None => LineKind::Empty,
        Some(Kind::Marker) => LineKind::Marker,
        Some(Kind::Date(d)) => LineKind::Date(d),
        Some(Kind::Drop | Kind::Credit | Kind::Link(_)) => LineKind::Chrome,
        Some(Kind::Text(_)) => LineKind::Text(strip_markers(line)),
    }
}
