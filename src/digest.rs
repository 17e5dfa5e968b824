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
//! # How a page is read
//!
//! Every line is whitespace-normalised and classified as blank (also lines of pure decoration
//! such as `* * *`), a standalone read-more marker, a date line, a navigation line, a photo
//! caption or credit, a byline ("By Jane Doe", "Por Juan Pérez"), or text. Text lines lose a
//! trailing read-more marker (which closes the item) and a leading `date | ` prefix (which
//! becomes the item's date); title lines also lose a trailing `| date` or `(date)` and a list
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
//!   wrapped paragraph, not a title.
//! * Date lines: the layout is learned from the first dated item. If its date came before its
//!   title, every later date line after a body starts a new item; if it came after the title or
//!   after the body, a date line after a body belongs to that body's item.
//! * On a page where every item so far has a date next to its title (or after its body), an
//!   undated title-like line inside an open item is a subheading and stays in its text.
//! * A short credit line ("Photo: Reuters", "(AP Photo/...)") directly after a sentence that is
//!   not an item's teaser drops that sentence too: it is the caption's description.
//! * If the page has no header line before the first title (a single title-like line, then a
//!   body), that line stays the first item's title only when the second item also has a title
//!   with the same spacing (blank line or not) before its body; otherwise it is the header.
//!   At most 16 title-like or date lines wait for a body; a longer run without one (a headline
//!   list) is turned into title-only items as it goes.
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
//! * Only English and Spanish month and weekday names are recognised in dates.

use std::mem;

/// Longest title, in characters.
const MAX_TITLE_CHARS: usize = 160;
/// Most words in a title.
const MAX_TITLE_WORDS: usize = 28;
/// A body line at most this long, directly followed by another text line, is hard-wrapped.
const WRAP_MAX: usize = 110;
/// On a hard-wrapped page, a body line shorter than this that ends a sentence is a paragraph
/// end even without a blank line. (Before the page shows wrapping, any sentence end is.)
const WRAP_MIN: usize = 40;
/// Orphan title-like lines of at most this many words are dropped as kickers.
const KICKER_MAX_WORDS: usize = 3;
/// Bodies shorter than this (in characters) get a warning.
const SHORT_BODY_CHARS: usize = 40;
/// Bodies longer than this (in characters) get a warning: items may have been merged.
const LONG_BODY_CHARS: usize = 30_000;
/// Longest date line, in characters.
const MAX_DATE_CHARS: usize = 80;
/// Most title-like and date lines kept waiting for a body; older ones are resolved early.
const MAX_PENDING: usize = 16;
/// Longest line (in bytes) that can be a caption.
const MAX_CAPTION_BYTES: usize = 600;
/// Most header lines taken from a first block of title-like lines that never gets a body.
const MAX_HEADER_LINES: usize = 3;
/// Longest line (in characters) that can be navigation.
const MAX_NAV_CHARS: usize = 100;

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
        Some(Kind::Drop | Kind::Credit) => LineKind::Chrome,
        Some(Kind::Text(_)) => LineKind::Text(strip_markers(line)),
    }
}

/// Streaming splitter: feed it the lines of a page with [`push_line`](Self::push_line), which
/// returns items as soon as they are complete, then call [`finish`](Self::finish) for the rest.
///
/// Memory is bounded by the item being built (plus at most 16 waiting title or date lines and
/// the first item while the header is undecided), not by the page.
///
/// ```text
/// let mut splitter = Splitter::new();
/// for line in reader.lines() {
///     for item in splitter.push_line(&line?) { /* use item */ }
/// }
/// let rest = splitter.finish(); // rest.items, rest.header, rest.warnings
/// ```
#[derive(Debug)]
pub struct Splitter {
    /// Number of physical lines seen.
    line_no: usize,
    /// A blank line was seen since the last non-blank one.
    blank: bool,
    /// One line of lookahead.
    held: Option<Line>,
    /// Title-like and date lines waiting for a body.
    pre: Vec<Pre>,
    /// The item being built.
    cur: Option<Building>,
    /// Length in characters of the last body line and whether it ended a sentence, if the
    /// previous non-blank line was a body line of `cur`.
    last_body: Option<(usize, bool)>,
    /// Where dates sit relative to titles on this page.
    layout: DateLayout,
    /// The first item was created (or the header decided).
    started: bool,
    /// An item without a date was completed.
    undated_seen: bool,
    /// A line was joined to a previous one that did not end a sentence: the page is
    /// hard-wrapped.
    wrapped_seen: bool,
    header: Option<String>,
    /// Set while the first item's title might still be the header: whether that title was
    /// directly followed by its body.
    first_gap: Option<bool>,
    /// The first item, held until `first_gap` is settled.
    held_first: Option<Item>,
    next_pos: usize,
    out: Vec<Item>,
    warnings: Vec<String>,
}

impl Default for Splitter {
    fn default() -> Self {
        Self::new()
    }
}

impl Splitter {
    /// A splitter at the start of a page.
    pub fn new() -> Self {
        Splitter {
            line_no: 0,
            blank: false,
            held: None,
            pre: Vec::new(),
            cur: None,
            last_body: None,
            layout: DateLayout::Unknown,
            started: false,
            undated_seen: false,
            wrapped_seen: false,
            header: None,
            first_gap: None,
            held_first: None,
            next_pos: 1,
            out: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Feeds one line of the page (a trailing `\n` or `\r\n` is ignored; `\n` or `\r` inside
    /// `line` are taken as line breaks) and returns the items completed by it, in page order.
    /// Usually returns nothing: an item is complete only when the next one starts.
    pub fn push_line(&mut self, line: &str) -> Vec<Item> {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        for part in line.split('\n') {
            let part = part.strip_suffix('\r').unwrap_or(part);
            for piece in part.split('\r') {
                self.feed(piece);
            }
        }
        mem::take(&mut self.out)
    }

    /// The page header, once decided (after the first item is returned, or at the end).
    pub fn header(&self) -> Option<&str> {
        if self.first_gap.is_some() {
            return None;
        }
        self.header.as_deref()
    }

    /// Page-level warnings so far.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Ends the page: returns the remaining items, the header and the page warnings.
    pub fn finish(mut self) -> Finished {
        if let Some(line) = self.held.take() {
            self.process(line);
        }
        self.flush_pre(0);
        if let Some(b) = self.cur.take() {
            self.emit(b.item);
        }
        self.settle_first(true, None);
        if self.next_pos == 1 {
            self.warnings.push("page: no items found".to_string());
        }
        Finished {
            items: mem::take(&mut self.out),
            header: self.header.take(),
            warnings: mem::take(&mut self.warnings),
        }
    }

    fn feed(&mut self, raw: &str) {
        self.line_no += 1;
        let Some(kind) = classify(normalize_line(raw)) else {
            self.blank = true;
            return;
        };
        let line = Line {
            no: self.line_no,
            kind,
            blank_before: mem::take(&mut self.blank),
        };
        self.accept(line);
    }

    /// Applies the rules that need one line of lookahead, then processes the previous line.
    fn accept(&mut self, line: Line) {
        let Some(mut prev) = self.held.take() else {
            self.held = Some(line);
            return;
        };
        if !line.blank_before {
            // A credit directly after a sentence that is not a pending title's teaser: that
            // sentence is the caption's description.
            let description = match &prev.kind {
                Kind::Text(t) => {
                    !t.marker && t.text.len() <= MAX_CAPTION_BYTES && !is_title_like(&t.text)
                }
                _ => false,
            };
            if description && matches!(line.kind, Kind::Credit) && !self.has_pending_title() {
                self.warnings
                    .push(format!("line {}: dropped as a photo caption", prev.no));
                self.held = Some(line);
                return;
            }
            // A title-like line followed by a line in lower case: a wrapped paragraph.
            match (&mut prev.kind, &line.kind) {
                (Kind::Text(p), Kind::Text(n))
                    if !p.marker
                        && !p.body
                        && starts_lowercase(&n.text)
                        && is_title_like(&p.text) =>
                {
                    let first = p.full.take().unwrap_or_else(|| mem::take(&mut p.text));
                    p.text = format!("{first} {}", n.full.as_deref().unwrap_or(&n.text));
                    p.marker = n.marker;
                    p.body = true;
                    p.last_len = n.last_len;
                    self.held = Some(prev);
                    return;
                }
                _ => {}
            }
        }
        self.process(prev);
        self.held = Some(line);
    }

    fn has_pending_title(&self) -> bool {
        self.pre.iter().any(|p| matches!(p, Pre::Short(_)))
    }

    fn process(&mut self, line: Line) {
        match line.kind {
            Kind::Drop | Kind::Credit => self.last_body = None,
            Kind::Date(d) => {
                self.last_body = None;
                self.on_date(line.no, d);
            }
            Kind::Marker => {
                if self.last_body.take().is_some() {
                    // "teaser...\nRead more": drop the ellipsis as for an inline marker.
                    if let Some(b) = self.cur.as_mut() {
                        let kept = clean_before_marker(&b.item.text).len();
                        b.item.text.truncate(kept);
                    }
                }
                self.on_marker(line.no);
            }
            Kind::Text(t) => self.on_text(line.no, line.blank_before, t),
        }
    }

    fn on_text(&mut self, no: usize, blank_before: bool, t: Text) {
        let wrapped = !blank_before
            && self.pre.is_empty()
            && self.last_body.is_some_and(|(len, ends)| {
                len <= WRAP_MAX && (!ends || (self.wrapped_seen && len >= WRAP_MIN))
            });
        match self.cur.as_mut() {
            Some(b) if wrapped && !b.closed => {
                self.wrapped_seen |= self.last_body.is_some_and(|(_, ends)| !ends);
                let text = t.full.unwrap_or(t.text);
                b.item.text.push(' ');
                b.item.text.push_str(&text);
                b.closed = t.marker;
                self.last_body = Some((t.last_len, ends_with_terminator(&text)));
                return;
            }
            _ => {}
        }
        if !t.body && !t.marker && is_title_like(&t.text) {
            self.last_body = None;
            self.push_pre(Pre::Short(Short {
                no,
                text: t.text,
                full: t.full,
                date: t.date,
                blank_before,
            }));
            return;
        }
        self.on_body(no, t);
    }

    fn on_body(&mut self, no: usize, t: Text) {
        if !self.pre.is_empty() {
            self.resolve_pre(Some(no));
        } else if self.cur.as_ref().is_none_or(|b| b.closed) {
            self.open_item(None, None, None);
        }
        let ends = ends_with_terminator(&t.text);
        let Some(b) = self.cur.as_mut() else {
            return;
        };
        if !b.item.text.is_empty() {
            b.item.text.push_str("\n\n");
        }
        b.item.text.push_str(&t.text);
        if let Some(d) = t.date {
            if b.item.date.is_none() {
                b.item.date = Some(d);
            } else {
                let w = format!("item {}: extra date '{d}' ignored", b.item.position);
                b.item.warnings.push(w);
            }
        }
        b.closed = t.marker;
        self.last_body = Some((t.last_len, ends));
    }

    fn on_date(&mut self, no: usize, d: String) {
        let layout = self.layout;
        let attach_to = self.cur.as_mut().filter(|b| match layout {
            DateLayout::BeforeTitle => false,
            DateLayout::AfterTitle | DateLayout::AfterBody => b.item.date.is_none(),
            DateLayout::Unknown => b.item.date.is_none() && !b.closed,
        });
        match attach_to {
            Some(b) if self.pre.is_empty() => {
                b.item.date = Some(d);
                b.closed = true;
                if layout == DateLayout::Unknown {
                    self.layout = DateLayout::AfterBody;
                }
            }
            _ => self.push_pre(Pre::Date { no, text: d }),
        }
    }

    fn on_marker(&mut self, no: usize) {
        let shorts = self
            .pre
            .iter()
            .filter(|p| matches!(p, Pre::Short(_)))
            .count();
        if shorts >= 2 {
            // Title, then a short teaser, then the marker: the last short line is the teaser.
            let i = self.pre.iter().rposition(|p| matches!(p, Pre::Short(_)));
            if let Some(Pre::Short(s)) = i.map(|i| self.pre.remove(i)) {
                let last_len = s.text.chars().count();
                let t = Text {
                    text: clean_before_marker(&s.text).to_string(),
                    full: s.full,
                    date: s.date,
                    marker: true,
                    body: true,
                    last_len,
                };
                self.on_body(no, t);
            }
        } else if shorts == 1 {
            // A lone title with a marker: a title-only item.
            self.resolve_pre(None);
            if let Some(b) = self.cur.as_mut() {
                b.closed = true;
            }
        } else if let Some(b) = self.cur.as_mut() {
            b.closed = true;
        }
    }

    fn push_pre(&mut self, p: Pre) {
        self.pre.push(p);
        if self.pre.len() > MAX_PENDING {
            self.flush_pre(1);
        }
    }

    /// Turns the waiting lines into a new item, because a body line (`body_no`) or a marker
    /// (`None`) arrived. The last title-like line is the title; earlier ones are the header
    /// (before the first item) or orphans.
    fn resolve_pre(&mut self, body_no: Option<usize>) {
        if body_no.is_some() && self.in_dated_article() {
            let pre = mem::take(&mut self.pre);
            if let Some(b) = self.cur.as_mut() {
                for p in pre {
                    if let Pre::Short(s) = p {
                        let text = s.full.unwrap_or(s.text);
                        let w = format!("item {}: '{text}' kept as a subheading", b.item.position);
                        b.item.warnings.push(w);
                        b.item.text.push_str("\n\n");
                        b.item.text.push_str(&text);
                    }
                }
            }
            return;
        }
        let pre = mem::take(&mut self.pre);
        let first = !self.started;
        let title_idx = pre.iter().rposition(|p| matches!(p, Pre::Short(_)));
        let had_dates = pre.iter().any(|p| matches!(p, Pre::Date { .. }));
        let mut header_lines: Vec<String> = Vec::new();
        let mut pending: Option<(usize, String)> = None;
        let mut title: Option<Short> = None;
        let mut date: Option<String> = None;
        let mut date_before: Option<bool> = None;
        for (i, p) in pre.into_iter().enumerate() {
            match p {
                Pre::Date { no, text } => {
                    if title_idx.is_some_and(|t| i > t) {
                        if date.is_none() {
                            date = Some(text);
                            date_before.get_or_insert(false);
                        } else {
                            self.warnings
                                .push(format!("line {no}: extra date '{text}' ignored"));
                        }
                    } else if let Some((old_no, old)) = pending.replace((no, text)) {
                        self.warnings
                            .push(format!("line {old_no}: extra date '{old}' ignored"));
                    }
                }
                Pre::Short(s) if Some(i) == title_idx => {
                    if let Some(d) = s.date.clone() {
                        date = Some(d);
                        if let Some((old_no, old)) = pending.take() {
                            self.warnings
                                .push(format!("line {old_no}: extra date '{old}' ignored"));
                        }
                    } else if let Some((_, d)) = pending.take() {
                        date = Some(d);
                        date_before = Some(true);
                    }
                    title = Some(s);
                }
                Pre::Short(s) => {
                    if first {
                        header_lines.push(s.full.unwrap_or(s.text));
                    } else {
                        let d = s.date.or_else(|| pending.take().map(|p| p.1));
                        self.orphan(s.no, s.text, d);
                    }
                }
            }
        }
        if let Some((_, d)) = pending.take() {
            // Dates with no title after them: the new (untitled) item's date.
            date = Some(d);
            date_before = Some(true);
        }
        match date_before {
            Some(true) if self.layout == DateLayout::Unknown => {
                self.layout = DateLayout::BeforeTitle;
            }
            Some(false) if self.layout == DateLayout::Unknown => {
                self.layout = DateLayout::AfterTitle;
            }
            _ => {}
        }
        if first && !header_lines.is_empty() {
            self.header = Some(header_lines.join(" / "));
        }
        let defer = first && header_lines.is_empty() && !had_dates && body_no.is_some();
        let gap = match (&title, body_no) {
            (Some(s), Some(b)) => Some(s.no + 1 == b),
            _ => None,
        };
        let title_text = title.map(|s| s.text);
        let titled = title_text.is_some();
        self.open_item(title_text, date, gap);
        if defer && titled {
            self.first_gap = gap;
        }
    }

    /// True when the waiting title-like lines are subheadings of the open item: every item so
    /// far has a date next to its title (or after its body), and these lines have none.
    fn in_dated_article(&self) -> bool {
        let Some(b) = self.cur.as_ref() else {
            return false;
        };
        let undated_shorts = self
            .pre
            .iter()
            .all(|p| matches!(p, Pre::Short(s) if s.date.is_none()));
        if b.closed || !undated_shorts || self.undated_seen || b.item.title.is_none() {
            return false;
        }
        match self.layout {
            DateLayout::BeforeTitle | DateLayout::AfterTitle => b.item.date.is_some(),
            DateLayout::AfterBody => b.item.position > 1 && b.item.date.is_none(),
            DateLayout::Unknown => false,
        }
    }

    /// Resolves all but the last `keep` waiting lines without a body: before the first item the
    /// first block of title-like lines is the header; the others become title-only items.
    fn flush_pre(&mut self, keep: usize) {
        if self.pre.len() <= keep {
            return;
        }
        let cut = self.pre.len() - keep;
        let entries: Vec<Pre> = self.pre.drain(..cut).collect();
        let first = !self.started;
        let mut in_header = first;
        let mut header_limit = MAX_HEADER_LINES;
        let mut header_lines: Vec<String> = Vec::new();
        let mut pending: Option<(usize, String)> = None;
        let mut made_orphan = false;
        if first {
            // A long first block is a headline list under a one-line header.
            let block = entries
                .iter()
                .enumerate()
                .take_while(|(i, p)| matches!(p, Pre::Short(s) if *i == 0 || !s.blank_before))
                .count();
            if block > MAX_HEADER_LINES {
                header_limit = 1;
            }
        }
        for p in entries {
            match p {
                Pre::Date { no, text } => {
                    in_header = false;
                    let undated = self.cur.as_mut().filter(|b| b.item.date.is_none());
                    match undated {
                        Some(b) if !made_orphan && pending.is_none() => {
                            b.item.date = Some(text);
                            continue;
                        }
                        _ => {}
                    }
                    if let Some((old_no, old)) = pending.replace((no, text)) {
                        self.warnings
                            .push(format!("line {old_no}: date '{old}' ignored"));
                    }
                }
                Pre::Short(s) => {
                    if in_header
                        && header_lines.len() < header_limit
                        && (header_lines.is_empty() || !s.blank_before)
                    {
                        header_lines.push(s.full.unwrap_or(s.text));
                        continue;
                    }
                    in_header = false;
                    let d = s.date.or_else(|| pending.take().map(|p| p.1));
                    made_orphan |= self.orphan(s.no, s.text, d);
                }
            }
        }
        if let Some((no, text)) = pending {
            if keep > 0 {
                self.pre.insert(0, Pre::Date { no, text });
            } else {
                self.warnings
                    .push(format!("line {no}: date '{text}' ignored"));
            }
        }
        if first {
            if !header_lines.is_empty() {
                self.header = Some(header_lines.join(" / "));
            }
            self.started = true;
        }
    }

    /// A title-like line with no body of its own: a title-only item, or dropped if it is a
    /// kicker of one to three words. Returns whether an item was made.
    fn orphan(&mut self, no: usize, title: String, date: Option<String>) -> bool {
        if title.split_whitespace().count() <= KICKER_MAX_WORDS {
            self.warnings
                .push(format!("line {no}: dropped short line '{title}'"));
            return false;
        }
        let b = self.open_item(Some(title), date, None);
        b.closed = true;
        true
    }

    fn open_item(
        &mut self,
        title: Option<String>,
        date: Option<String>,
        gap: Option<bool>,
    ) -> &mut Building {
        if let Some(b) = self.cur.take() {
            self.emit(b.item);
        }
        let position = self.next_pos;
        self.next_pos += 1;
        if position == 2 {
            self.settle_first(title.is_some(), gap);
        }
        self.started = true;
        self.last_body = None;
        let title = title.map(strip_list_number);
        self.cur.insert(Building {
            item: Item {
                position,
                title,
                text: String::new(),
                date,
                warnings: Vec::new(),
            },
            closed: false,
        })
    }

    fn emit(&mut self, item: Item) {
        if item.position == 1 && self.first_gap.is_some() {
            self.held_first = Some(item);
        } else {
            self.release(item);
        }
    }

    /// Decides whether the first item's title was really the page header, given whether the
    /// second item has a title and its title-to-body spacing.
    fn settle_first(&mut self, next_titled: bool, next_gap: Option<bool>) {
        let Some(gap) = self.first_gap.take() else {
            return;
        };
        let Some(mut item) = self.held_first.take() else {
            return;
        };
        if !next_titled || next_gap.is_some_and(|g| g != gap) {
            self.header = item.title.take().or(self.header.take());
        }
        self.release(item);
    }

    fn release(&mut self, mut item: Item) {
        let pos = item.position;
        self.undated_seen |= item.date.is_none();
        let mut warnings = Vec::new();
        if item.title.is_none() {
            warnings.push(format!("item {pos}: no title"));
        }
        let n = item.text.chars().count();
        if n == 0 {
            warnings.push(format!("item {pos}: no body"));
        } else if n < SHORT_BODY_CHARS {
            warnings.push(format!("item {pos}: body very short ({n} chars)"));
        } else if n > LONG_BODY_CHARS {
            warnings.push(format!(
                "item {pos}: body very long ({n} chars); several items may have been merged"
            ));
        }
        warnings.append(&mut item.warnings);
        item.warnings = warnings;
        self.out.push(item);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateLayout {
    Unknown,
    BeforeTitle,
    AfterTitle,
    AfterBody,
}

#[derive(Debug)]
struct Building {
    item: Item,
    /// A read-more marker or a trailing date ended the body: more text starts a new item.
    closed: bool,
}

#[derive(Debug)]
struct Line {
    no: usize,
    kind: Kind,
    blank_before: bool,
}

#[derive(Debug)]
enum Kind {
    Text(Text),
    Date(String),
    /// A standalone read-more marker.
    Marker,
    /// Navigation, caption or byline: removed.
    Drop,
    /// A short photo credit ("Photo: Reuters"): removed.
    Credit,
}

#[derive(Debug)]
struct Text {
    /// Text without read-more marker and date prefix or suffix.
    text: String,
    /// The line before a date was taken out of it, if one was.
    full: Option<String>,
    date: Option<String>,
    /// The line ended in a read-more marker.
    marker: bool,
    /// Known to be body text, never a title.
    body: bool,
    /// Characters in the last physical line.
    last_len: usize,
}

#[derive(Debug)]
struct Short {
    no: usize,
    text: String,
    full: Option<String>,
    date: Option<String>,
    blank_before: bool,
}

#[derive(Debug)]
enum Pre {
    Short(Short),
    Date { no: usize, text: String },
}

// ---------------------------------------------------------------------------------------------
// Line classification

fn classify(s: String) -> Option<Kind> {
    if s.is_empty() {
        return None;
    }
    if is_standalone_marker(&s) {
        return Some(Kind::Marker);
    }
    if !s.chars().any(char::is_alphanumeric) {
        return None;
    }
    if let Some(d) = parse_date(&s) {
        return Some(Kind::Date(d));
    }
    if is_nav(&s) {
        return Some(Kind::Drop);
    }
    if let Some(credit_only) = caption_kind(&s) {
        return Some(if credit_only {
            Kind::Credit
        } else {
            Kind::Drop
        });
    }
    if let Some(date) = byline(&s) {
        return Some(match date {
            Some(d) => Kind::Date(d),
            None => Kind::Drop,
        });
    }
    let (stripped, marker) = strip_trailing_markers(&s, false);
    if marker && !stripped.chars().any(char::is_alphanumeric) {
        return Some(Kind::Marker);
    }
    let mut text = if marker { stripped.to_string() } else { s };
    let last_len = text.chars().count();
    let mut full = None;
    let mut date = None;
    if let Some((d, rest)) = leading_date(&text) {
        date = Some(d);
        full = Some(mem::replace(&mut text, rest));
    } else if let Some((d, rest)) = trailing_date(&text).filter(|_| !marker && is_title_like(&text))
    {
        date = Some(d);
        full = Some(mem::replace(&mut text, rest));
    }
    Some(Kind::Text(Text {
        text,
        full,
        date,
        marker,
        body: false,
        last_len,
    }))
}

/// Collapses whitespace, drops control, BOM and zero-width characters, trims.
fn normalize_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        match c {
            '\u{feff}' | '\u{200b}' | '\u{2060}' | '\u{00ad}' => continue,
            c if c.is_whitespace() || c.is_control() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

/// `1. Title` or `2) Title` → `Title`.
fn strip_list_number(title: String) -> String {
    let digits = title.chars().take_while(char::is_ascii_digit).count();
    let rest = &title[digits..];
    match rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
        Some(r) if (1..=3).contains(&digits) && r.chars().any(char::is_alphabetic) => {
            r.trim_start().to_string()
        }
        _ => title,
    }
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Ends with `.`, `!`, `?` or `…`, ignoring closing quotes and brackets.
fn ends_with_terminator(s: &str) -> bool {
    let core = s.trim_end_matches(is_closing);
    core.ends_with(['.', '!', '?', '…'])
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*')
}

/// Short, capitalised, not ending like a sentence or clause, at most one sentence break.
fn is_title_like(s: &str) -> bool {
    if s.is_empty() || s.len() > MAX_TITLE_CHARS * 4 || s.chars().count() > MAX_TITLE_CHARS {
        return false;
    }
    if s.split_whitespace().count() > MAX_TITLE_WORDS {
        return false;
    }
    if !s.chars().any(char::is_alphabetic)
        || s.chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_lowercase)
    {
        return false;
    }
    let core = s.trim_end_matches(is_closing);
    if core.ends_with("..") || core.ends_with('…') {
        // A cut-off headline, or a teaser cut before a "read more" line.
        if s.chars().count() > 80 {
            return false;
        }
    } else if core.ends_with('.') {
        let last = core.rsplit(' ').next().unwrap_or(core);
        if !is_initialism(last) {
            return false;
        }
    } else if core.ends_with([',', ';', ':']) {
        return false;
    }
    sentence_breaks(s) < 2
}

/// `U.S.`, `E.U.`, `U.K.`: single letters each followed by a period.
fn is_initialism(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 3
        && parts.last().is_some_and(|p| p.is_empty())
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// Counts `. X`, `! X`, `? X` (X a capital) that are not after an initial or abbreviation.
fn sentence_breaks(s: &str) -> usize {
    const ABBREV: &[&str] = &[
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "prof", "vs", "no",
        "sra", "srta", "dña", "inc", "ltd", "co", "corp", "vol", "art",
    ];
    let chars: Vec<char> = s.chars().collect();
    let mut n = 0;
    for i in 0..chars.len().saturating_sub(2) {
        if !matches!(chars[i], '.' | '!' | '?')
            || chars[i + 1] != ' '
            || !chars[i + 2].is_uppercase()
        {
            continue;
        }
        if chars[i] == '.' {
            let word: String = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_alphanumeric() || **c == '.')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let last = word.rsplit('.').next().unwrap_or("");
            if last.chars().count() <= 1 || ABBREV.contains(&last.to_lowercase().as_str()) {
                continue;
            }
        }
        n += 1;
    }
    n
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

// ---------------------------------------------------------------------------------------------
// Read-more markers

/// Marker phrases (lower case, longest first where one ends another) and whether they are weak: a weak marker only counts in capitals
/// (`MORE`), after an ellipsis, before an arrow, in brackets or alone on its line.
const MARKERS: &[(&str, bool)] = &[
    ("read the rest of this entry", false),
    ("read the full article", false),
    ("read the full story", false),
    ("read full article", false),
    ("read full story", false),
    ("read the rest", false),
    ("read more", false),
    ("continue reading", false),
    ("keep reading", false),
    ("full story", true),
    ("learn more", true),
    ("leer el artículo completo", false),
    ("leer artículo completo", false),
    ("leer nota completa", false),
    ("seguir leyendo", false),
    ("sigue leyendo", false),
    ("siga leyendo", false),
    ("continuar leyendo", false),
    ("continúa leyendo", false),
    ("leer más", false),
    ("leer mas", false),
    ("ver más", false),
    ("ver mas", false),
    // Single words last, so that "Leer más" is matched whole.
    ("more", true),
    ("más", true),
    ("mas", true),
];

const ELLIPSIS_MARKERS: &[&str] = &[
    "[…]", "[...]", "[ … ]", "[ ... ]", "[..]", "(…)", "(...)", "[+]",
];

fn is_arrow(c: char) -> bool {
    matches!(
        c,
        '»' | '›' | '→' | '⟶' | '>' | '▶' | '►' | '▸' | '⇒' | '➔' | '➜' | '⟩'
    )
}

fn is_standalone_marker(s: &str) -> bool {
    if s.len() > 60 {
        return false;
    }
    let core = s.trim_matches(|c: char| c.is_whitespace() || is_arrow(c));
    if !core.is_empty() && core.chars().all(|c| c == '.' || c == '…') {
        return true;
    }
    let (rest, found) = strip_trailing_markers(s, true);
    found && !rest.chars().any(char::is_alphanumeric)
}

/// Removes trailing read-more markers (up to three, e.g. `[…] Read more »`). Returns the rest
/// and whether a marker was found.
fn strip_trailing_markers(s: &str, standalone: bool) -> (&str, bool) {
    let mut rest = s.trim_end();
    let mut found = false;
    for _ in 0..3 {
        match strip_one_marker(rest, standalone) {
            Some(r) => {
                rest = r;
                found = true;
            }
            None => break,
        }
    }
    (rest, found)
}

fn strip_one_marker(s: &str, standalone: bool) -> Option<&str> {
    let t = s.trim_end();
    let t2 = t.trim_end_matches(|c: char| c.is_whitespace() || is_arrow(c));
    let arrow = t2.len() != t.len();
    for e in ELLIPSIS_MARKERS {
        if let Some(r) = t2.strip_suffix(e) {
            return Some(clean_before_marker(r));
        }
    }
    // Bracketed marker: "[Read more]", "(more)".
    let (inner, bracket) = match t2.chars().last() {
        Some(close @ (']' | ')')) => {
            let open = if close == ']' { '[' } else { '(' };
            match t2.rfind(open) {
                Some(i) if t2.len() - i <= 40 => (&t2[i + 1..t2.len() - 1], Some(i)),
                _ => (t2, None),
            }
        }
        _ => (t2, None),
    };
    for (m, weak) in MARKERS {
        let Some(start) = ends_with_ci(inner, m) else {
            continue;
        };
        let before = &inner[..start];
        if before.chars().last().is_some_and(char::is_alphanumeric) {
            continue;
        }
        if bracket.is_some() && !before.trim().is_empty() {
            continue;
        }
        let matched = &inner[start..];
        let first_upper = matched.chars().next().is_some_and(char::is_uppercase);
        let all_upper = !matched.chars().any(char::is_lowercase);
        let after_ellipsis = {
            let b = before.trim_end();
            b.ends_with("..") || b.ends_with('…')
        };
        let strong_context = standalone || arrow || bracket.is_some();
        let ok = if *weak {
            strong_context || after_ellipsis || (all_upper && matched.chars().count() > 1)
        } else {
            strong_context || first_upper
        };
        if !ok {
            continue;
        }
        let rest = match bracket {
            Some(i) => &t2[..i],
            None => before,
        };
        // "NATO WANTS MORE" is a shouted headline, not a marker.
        if *weak && !strong_context && !after_ellipsis && !rest.chars().any(char::is_lowercase) {
            continue;
        }
        return Some(clean_before_marker(rest));
    }
    None
}

/// Case-insensitive `ends_with` for a lower-case needle; returns the byte index where the match
/// starts in `hay`.
fn ends_with_ci(hay: &str, needle: &str) -> Option<usize> {
    let mut h = hay.char_indices().rev();
    let mut start = hay.len();
    for n in needle.chars().rev() {
        let (i, c) = h.next()?;
        let mut lower = c.to_lowercase();
        if lower.next() != Some(n) || lower.next().is_some() {
            return None;
        }
        start = i;
    }
    Some(start)
}

/// Trims what usually precedes a marker: spaces, an ellipsis, a separator.
fn clean_before_marker(s: &str) -> &str {
    let mut r = s.trim_end();
    loop {
        let before = r.len();
        r = r.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '…' | '|' | '–' | '—' | '·' | '•')
        });
        if r.ends_with("..") {
            r = r.trim_end_matches('.');
        }
        if let Some(x) = r.strip_suffix(" -") {
            r = x;
        }
        if r.len() == before {
            return r;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: &[&str] = &[
    "january",
    "jan",
    "february",
    "feb",
    "march",
    "mar",
    "april",
    "apr",
    "may",
    "june",
    "jun",
    "july",
    "jul",
    "august",
    "aug",
    "september",
    "sep",
    "sept",
    "october",
    "oct",
    "november",
    "nov",
    "december",
    "dec",
    "enero",
    "ene",
    "febrero",
    "marzo",
    "abril",
    "abr",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "ago",
    "septiembre",
    "setiembre",
    "set",
    "octubre",
    "noviembre",
    "diciembre",
    "dic",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "lunes",
    "lun",
    "martes",
    "miércoles",
    "miercoles",
    "mié",
    "mie",
    "jueves",
    "jue",
    "viernes",
    "vie",
    "sábado",
    "sabado",
    "sáb",
    "sab",
    "domingo",
    "dom",
];

/// Words that may precede a date and are not part of it.
const DATE_PREFIXES: &[&str] = &[
    "published",
    "posted",
    "updated",
    "last",
    "publication",
    "date",
    "on",
    "publicado",
    "publicada",
    "actualizado",
    "actualizada",
    "fecha",
    "el",
    "de",
    "publicación",
];

/// Words ignored inside a date.
const DATE_FILLERS: &[&str] = &["de", "del", "of", "the", "el", "la", "las", "a", "at", "en"];

const TIME_ZONES: &[&str] = &[
    "am", "pm", "a.m", "p.m", "h", "hs", "hrs", "horas", "hours", "utc", "gmt", "cet", "cest",
    "eet", "eest", "wet", "west", "msk", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt",
    "bst", "ist", "art", "clt", "cot", "pet", "brt", "almt", "trt", "irst", "hkt", "jst",
];

const TIME_UNITS: &[&str] = &[
    "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week",
    "weeks", "month", "months", "year", "years", "minuto", "minutos", "hora", "horas", "día",
    "días", "dia", "dias", "semana", "semanas", "mes", "meses", "año", "años",
];

/// Splits into lower-case tokens with their byte offsets; separators are whitespace and
/// `, | · • ( ) – — ;`; surrounding punctuation is trimmed from each token.
fn date_tokens(s: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |st: usize, end: usize, out: &mut Vec<(usize, String)>| {
        let tok = s[st..end]
            .trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, 'º' | '°' | 'ª'))
            .to_lowercase();
        if !tok.is_empty() {
            out.push((st, tok));
        }
    };
    for (i, c) in s.char_indices() {
        let sep =
            c.is_whitespace() || matches!(c, ',' | '|' | '·' | '•' | '(' | ')' | '–' | '—' | ';');
        if sep {
            if let Some(st) = start.take() {
                push(st, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        push(st, s.len(), &mut out);
    }
    out
}

fn is_day(t: &str) -> bool {
    let digits = t.trim_end_matches(|c: char| !c.is_ascii_digit());
    let suffix = &t[digits.len()..];
    if !["", "st", "nd", "rd", "th", "º", "°", "ª", "er", "o"].contains(&suffix) {
        return false;
    }
    (1..=2).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1900..=2099).contains(&y))
}

/// `12.03.2024`, `12/03/24`, `2024-03-12`, `03-12-2024`.
fn is_numeric_date(t: &str) -> bool {
    let Some(sep) = t.chars().find(|c| matches!(c, '.' | '/' | '-')) else {
        return false;
    };
    let parts: Vec<&str> = t.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let day = |d: u32| (1..=31).contains(&d);
    let month = |m: u32| (1..=12).contains(&m);
    if parts[0].len() == 4 {
        return is_year(parts[0]) && month(n[1]) && day(n[2]) && parts[2].len() <= 2;
    }
    let year_ok = (parts[2].len() == 4 && is_year(parts[2])) || parts[2].len() == 2;
    year_ok
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && ((day(n[0]) && month(n[1])) || (month(n[0]) && day(n[1])))
}

/// `10:30`, `10:30:15`, `10:30h`, `10h30`, `10h`.
fn is_time(t: &str) -> bool {
    let two = |h: &str, m: &str| {
        (1..=2).contains(&h.len())
            && h.chars().all(|c| c.is_ascii_digit())
            && h.parse::<u32>().is_ok_and(|h| h <= 24)
            && m.len() == 2
            && m.chars().all(|c| c.is_ascii_digit())
    };
    let t = t.strip_suffix('h').unwrap_or(t);
    if let Some((h, m)) = t.split_once(':') {
        return match m.split_once(':') {
            Some((m, s)) => two(h, m) && two("0", s),
            None => two(h, m),
        };
    }
    if let Some((h, m)) = t.split_once('h') {
        return two(h, m);
    }
    false
}

fn is_time_zone(t: &str) -> bool {
    if TIME_ZONES.contains(&t) {
        return true;
    }
    ["gmt", "utc"].iter().any(|z| {
        t.strip_prefix(z).is_some_and(|off| {
            off.len() >= 2
                && off.starts_with(['+', '-'])
                && off[1..].chars().all(|c| c.is_ascii_digit() || c == ':')
        })
    })
}

/// Number of tokens making the date itself (weekday + day/month/year), if `t` starts with one.
fn date_core_len(t: &[&str]) -> Option<usize> {
    let mut k = 0;
    if t.first().is_some_and(|w| WEEKDAYS.contains(w)) {
        k = 1;
    }
    let r = &t[k..];
    let get = |i: usize| r.get(i).copied().unwrap_or("");
    let month = |i: usize| MONTHS.contains(&get(i));
    let day = |i: usize| is_day(get(i));
    let year = |i: usize| is_year(get(i));
    let count = |i: usize| get(i).chars().all(|c| c.is_ascii_digit()) && !get(i).is_empty();
    let unit = |i: usize| TIME_UNITS.contains(&get(i));
    // Relative dates.
    if ["yesterday", "today", "ayer", "hoy", "anteayer"].contains(&get(0)) {
        return Some(k + 1);
    }
    if get(0) == "hace" && (count(1) || ["un", "una"].contains(&get(1))) && unit(2) {
        return Some(k + 3);
    }
    if (count(0) || ["an", "one"].contains(&get(0))) && unit(1) && get(2) == "ago" {
        return Some(k + 3);
    }
    if unit(0) && get(1) == "ago" {
        return Some(k + 2);
    }
    if is_numeric_date(get(0)) {
        return Some(k + 1);
    }
    if (month(0) && day(1) && year(2)) || (day(0) && month(1) && year(2)) {
        return Some(k + 3);
    }
    if (month(0) && year(1)) || (day(0) && month(1)) || (month(0) && day(1)) {
        return Some(k + 2);
    }
    None
}

/// If `s` is a date (with optional prefix, weekday, time), the date without the prefix.
fn parse_date(s: &str) -> Option<String> {
    if s.is_empty() || s.len() > MAX_DATE_CHARS * 4 || s.chars().count() > MAX_DATE_CHARS {
        return None;
    }
    let toks = date_tokens(s);
    let mut i = 0;
    while i < toks.len() && DATE_PREFIXES.contains(&toks[i].1.as_str()) {
        i += 1;
    }
    let (core_start, _) = toks.get(i)?;
    let rest: Vec<&str> = toks[i..]
        .iter()
        .map(|t| t.1.as_str())
        .filter(|t| !DATE_FILLERS.contains(t))
        .collect();
    let n = date_core_len(&rest)?;
    if !rest[n..].iter().all(|t| is_time(t) || is_time_zone(t)) {
        return None;
    }
    let d = s[*core_start..].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '|' | '·' | '•' | '–' | '—' | '-' | ':')
    });
    Some(d.to_string())
}

const DATE_SEPARATORS: &[&str] = &[" | ", " — ", " – ", " - ", " · ", " • ", ": ", " / "];

/// `12.03.2024 | Title` → (`12.03.2024`, `Title`). Looks only at the first 100 bytes.
fn leading_date(s: &str) -> Option<(String, String)> {
    let head = prefix(s, 100);
    let mut best: Option<(usize, &str, String)> = None;
    for sep in DATE_SEPARATORS {
        for (i, _) in head.match_indices(sep) {
            if best.as_ref().is_some_and(|b| b.0 >= i) {
                continue;
            }
            if let Some(d) = parse_date(&s[..i]) {
                best = Some((i, sep, d));
            }
        }
    }
    let (i, sep, d) = best?;
    let rest = s[i + sep.len()..].trim();
    rest.chars()
        .any(char::is_alphabetic)
        .then(|| (d, rest.to_string()))
}

/// `Title | 4 Mar 2024` or `Title (4 March 2024)` → (date, `Title`).
fn trailing_date(s: &str) -> Option<(String, String)> {
    if s.len() > MAX_TITLE_CHARS * 4 {
        return None;
    }
    let bracketed = s.strip_suffix(')').and_then(|inner| {
        let open = inner.rfind('(')?;
        let d = parse_date(&inner[open + 1..])?;
        let rest = s[..open].trim();
        rest.chars()
            .any(char::is_alphabetic)
            .then(|| (d, rest.to_string()))
    });
    if bracketed.is_some() {
        return bracketed;
    }
    let mut best: Option<(usize, &str, String)> = None;
    for sep in DATE_SEPARATORS {
        if *sep == ": " {
            continue;
        }
        for (i, _) in s.match_indices(sep) {
            if best.as_ref().is_some_and(|b| b.0 <= i) {
                continue;
            }
            if let Some(d) = parse_date(&s[i + sep.len()..]) {
                best = Some((i, sep, d));
            }
        }
    }
    let (i, _, d) = best?;
    let rest = s[..i].trim();
    rest.chars()
        .any(char::is_alphabetic)
        .then(|| (d, rest.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Navigation, captions, bylines

/// Whole lines (lower case, outer punctuation trimmed) that are navigation or page chrome.
const NAV_PHRASES: &[&str] = &[
    "buscador avanzado",
    "búsqueda avanzada",
    "advanced search",
    "back to top",
    "volver arriba",
    "ir arriba",
    "skip to content",
    "skip to main content",
    "saltar al contenido",
    "load more",
    "cargar más",
    "show more",
    "mostrar más",
    "more news",
    "más noticias",
    "most read",
    "most popular",
    "lo más leído",
    "más leídas",
    "más leídos",
    "all rights reserved",
    "todos los derechos reservados",
    "privacy policy",
    "política de privacidad",
    "terms of use",
    "terms and conditions",
    "aviso legal",
    "cookie policy",
    "política de cookies",
    "contact us",
    "contáctenos",
    "about us",
    "quiénes somos",
    "sign in",
    "log in",
    "iniciar sesión",
    "sign up",
    "regístrate",
    "you may also like",
    "related articles",
    "related posts",
    "related content",
    "related stories",
    "artículos relacionados",
    "noticias relacionadas",
    "leave a comment",
    "deja un comentario",
    "see all",
    "view all",
    "ver todo",
    "ver todos",
    "ver todas",
];

/// Line starts (lower case) of metadata and cross-link lines.
const NAV_PREFIXES: &[&str] = &[
    "tags:",
    "tagged:",
    "etiquetas:",
    "temas:",
    "topics:",
    "filed under",
    "archivado en",
    "categories:",
    "category:",
    "categorías:",
    "categoría:",
    "read also:",
    "also read:",
    "see also:",
    "lee también:",
    "lea también:",
    "ver también:",
    "related:",
    "relacionado:",
    "te puede interesar",
    "también te puede interesar",
    "you may also like",
    "share this",
    "share on ",
    "compartir en ",
    "comparte en ",
    "follow us",
    "síguenos",
    "subscribe to",
    "suscríbete a",
    "sign up for",
    "http://",
    "https://",
    "www.",
];

/// Words that alone make a line navigation (with numbers and filler words).
const NAV_STRONG: &[&str] = &[
    "next",
    "previous",
    "prev",
    "siguiente",
    "siguientes",
    "anterior",
    "anteriores",
    "older",
    "newer",
    "page",
    "pages",
    "página",
    "páginas",
    "pág",
    "pag",
    "results",
    "result",
    "resultados",
    "resultado",
    "viewing",
    "showing",
    "displaying",
    "mostrando",
    "share",
    "compartir",
    "comparte",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "telegram",
    "email",
    "e-mail",
    "correo",
    "print",
    "imprimir",
    "tweet",
    "reddit",
    "subscribe",
    "suscríbete",
    "suscribirse",
    "newsletter",
    "menu",
    "menú",
    "search",
    "buscar",
    "buscador",
    "búsqueda",
    "home",
    "inicio",
    "login",
    "advertisement",
    "publicidad",
    "anuncio",
    "sponsored",
    "patrocinado",
    "comments",
    "comment",
    "comentarios",
    "comentario",
    "top",
    "arriba",
    "load",
    "cargar",
    "rss",
    "filter",
    "filtrar",
    "sort",
    "ordenar",
    "advanced",
    "avanzado",
    "avanzada",
    "enviar",
];

/// Words that may accompany [`NAV_STRONG`] words.
const NAV_FILLERS: &[&str] = &[
    "of",
    "de",
    "del",
    "the",
    "to",
    "a",
    "al",
    "en",
    "on",
    "this",
    "esta",
    "este",
    "esto",
    "and",
    "y",
    "or",
    "o",
    "by",
    "por",
    "via",
    "all",
    "todos",
    "todas",
    "todo",
    "more",
    "más",
    "mas",
    "see",
    "ver",
    "view",
    "show",
    "mostrar",
    "go",
    "ir",
    "back",
    "volver",
    "in",
    "up",
    "us",
    "with",
    "con",
    "first",
    "last",
    "primera",
    "última",
    "primero",
    "último",
    "items",
    "entries",
    "articles",
    "artículos",
    "noticias",
    "posts",
    "post",
    "link",
    "enlace",
    "copy",
    "copiar",
    "x",
    "story",
    "article",
    "artículo",
    "nota",
    "page",
    "results",
    "sorted",
    "date",
    "fecha",
];

fn is_nav(s: &str) -> bool {
    if s.chars().count() > MAX_NAV_CHARS {
        return false;
    }
    let lower = s.to_lowercase();
    if NAV_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    let core = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() {
        return false;
    }
    if NAV_PHRASES.contains(&core) {
        return true;
    }
    let tokens: Vec<&str> = core
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '/' | '•' | '·' | ',' | ':' | ';' | '(' | ')')
        })
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|t| !t.is_empty() && !t.chars().all(|c| matches!(c, '-' | '–' | '—' | '.' | '…')))
        .collect();
    if tokens.is_empty() {
        return false;
    }
    let numeric = |t: &str| t.chars().all(|c| c.is_ascii_digit() || c == '-');
    let all_known = tokens
        .iter()
        .all(|t| NAV_STRONG.contains(t) || NAV_FILLERS.contains(t) || numeric(t));
    let strong = tokens.iter().any(|t| NAV_STRONG.contains(t));
    let only_numbers = tokens.iter().all(|t| numeric(t));
    all_known && (strong || only_numbers)
}

const AGENCIES: &[&str] = &[
    "ap",
    "afp",
    "reuters",
    "efe",
    "epa",
    "dpa",
    "xinhua",
    "tass",
    "ria novosti",
    "sputnik",
    "anadolu",
    "anadolu agency",
    "europa press",
    "getty",
    "getty images",
    "bloomberg",
    "shutterstock",
    "ansa",
    "nurphoto",
    "sipa",
    "zuma",
    "kyodo",
    "yonhap",
    "kremlin.ru",
    "wikimedia commons",
    "ap photo",
    "afp photo",
    "reuters photo",
    "efe photo",
    "istock",
    "unsplash",
    "alamy",
    "press service",
    "sputnik/afp",
    "aa",
];

const CAPTION_STARTS: &[&str] = &[
    "photo:",
    "photos:",
    "photo by ",
    "photo credit",
    "photograph:",
    "photography:",
    "picture:",
    "pictured:",
    "image:",
    "images:",
    "image credit",
    "foto:",
    "fotos:",
    "foto de archivo",
    "fotografía:",
    "fotografia:",
    "imagen:",
    "imágenes:",
    "crédito:",
    "créditos:",
    "credit:",
    "credits:",
    "illustration:",
    "ilustración:",
    "copyright",
    "©",
    "(ap photo",
    "(afp",
    "(reuters",
    "(efe",
    "(photo",
    "(foto",
    "(image",
    "(imagen",
    "(getty",
    "getty images",
];

const CAPTION_WORDS: &[&str] = &[
    "photo",
    "foto",
    "image",
    "imagen",
    "getty",
    "illustration",
    "ilustración",
    "credit",
    "crédito",
];

const CAPTION_INLINE: &[&str] = &[
    "photo:",
    "foto:",
    "photo by ",
    "photo credit",
    "fotografía:",
    "image:",
    "imagen:",
    "credit:",
    "crédito:",
];

/// `Some(credit_only)` if the line is a photo caption or credit; `credit_only` for short lines
/// that are only a credit ("Photo: Reuters", "(AP Photo/Jane Doe)", "© AFP").
fn caption_kind(s: &str) -> Option<bool> {
    if s.len() > MAX_CAPTION_BYTES {
        return None;
    }
    let lower = s.to_lowercase();
    let short = s.chars().count() <= 60;
    if CAPTION_STARTS.iter().any(|p| lower.starts_with(p)) {
        return Some(short);
    }
    if lower.contains('©') {
        return Some(false);
    }
    let credit_in_brackets = lower
        .strip_suffix(')')
        .and_then(|inner| inner.rfind('(').map(|open| inner[open + 1..].trim()))
        .is_some_and(|inner| {
            inner.len() <= 80
                && (CAPTION_WORDS.iter().any(|w| inner.contains(w)) || AGENCIES.contains(&inner))
        });
    if credit_in_brackets {
        return Some(false);
    }
    for kw in CAPTION_INLINE {
        if let Some(i) = lower.rfind(kw) {
            let before = lower[..i].trim_end();
            let at_break = before.is_empty()
                || before.ends_with(['.', '|', '—', '–', '-', '(', '/', ';', ',', '·', '•']);
            if at_break && lower.len() - i <= 80 + kw.len() {
                return Some(false);
            }
        }
    }
    // "Reuters/Jane Doe" or "Jane Doe/EFE" at the end of the line.
    if let Some(slash) = lower.rfind('/') {
        let right = lower[slash + 1..].trim();
        let left = lower[..slash].trim_end();
        let left_tail: Vec<&str> = left.split_whitespace().rev().take(3).collect();
        let left_agency = (1..=left_tail.len()).any(|n| {
            let words: Vec<&str> = left_tail[..n].iter().rev().copied().collect();
            AGENCIES.contains(&words.join(" ").trim_start_matches(['(', '[']))
        });
        if right.len() <= 60
            && !right.contains(['.', ';', ':', '?', '!'])
            && (left_agency || AGENCIES.contains(&right.trim_end_matches([')', ']'])))
        {
            return Some(false);
        }
    }
    None
}

/// `Some(date)` if the line is a byline ("By Jane Doe", "Por Juan Pérez | 4 de marzo de 2024");
/// the date is the one in it, if any.
fn byline(s: &str) -> Option<Option<String>> {
    const PREFIXES: &[&str] = &[
        "written by ",
        "escrito por ",
        "posted by ",
        "publicado por ",
        "by ",
        "por ",
        "author: ",
        "authors: ",
        "autor: ",
        "autora: ",
        "autores: ",
    ];
    const PARTICLES: &[&str] = &[
        "de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "di", "du", "y", "and",
        "&", "e", "bin", "al", "el",
    ];
    if s.len() > 150 {
        return None;
    }
    let lower = s.to_lowercase();
    let p = PREFIXES.iter().find(|p| lower.starts_with(*p))?;
    let rest = s.get(p.len()..)?;
    let mut name = rest;
    let mut date = None;
    for sep in [" | ", " — ", " – ", " - ", " · ", ", ", " on ", " el "] {
        let found = name
            .find(sep)
            .and_then(|i| parse_date(&name[i + sep.len()..]).map(|d| (i, d)));
        if let Some((i, d)) = found {
            date = Some(d);
            name = &name[..i];
            break;
        }
    }
    let words: Vec<&str> = name.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let name_like = words.iter().all(|w| {
        !w.contains([':', '?', '!', '"', '“'])
            && (w.chars().next().is_some_and(char::is_uppercase) || PARTICLES.contains(w))
    });
    let capitalised = words
        .iter()
        .any(|w| w.chars().next().is_some_and(char::is_uppercase));
    (name_like && capitalised).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected item: (title, date, text).
    type Exp<'a> = (Option<&'a str>, Option<&'a str>, &'a str);

    /// Splits `page` both at once and line by line, checks both agree, and checks the items'
    /// positions, titles, dates and texts exactly. Returns the page for further checks.
    fn check(page: &str, expected: &[Exp]) -> Page {
        let got = split_page(page);
        assert_eq!(streamed(page), got, "streaming differs from split_page");
        let summary: Vec<Exp> = got
            .items
            .iter()
            .map(|i| (i.title.as_deref(), i.date.as_deref(), i.text.as_str()))
            .collect();
        assert_eq!(summary, expected, "items differ; page: {got:#?}");
        for (k, item) in got.items.iter().enumerate() {
            assert_eq!(item.position, k + 1);
        }
        got
    }

    /// The page fed to a [`Splitter`] with `str::lines`.
    fn streamed(page: &str) -> Page {
        let mut s = Splitter::new();
        let mut items = Vec::new();
        for line in page.lines() {
            items.extend(s.push_line(line));
        }
        let end = s.finish();
        items.extend(end.items);
        Page {
            header: end.header,
            items,
            warnings: end.warnings,
        }
    }

    #[test]
    fn title_teaser_more_on_consecutive_lines() {
        let page = "\
Caspian Region Watch

Astana Courts Gulf Investors for Its Caspian Ports
The transport ministry has opened talks with two Gulf funds about a stake in the Aktau and Kuryk terminals, hoping to lift volumes on the Middle Corridor before the grain season... MORE

Baku and Yerevan Trade Drafts on a Border Commission
Negotiators met in Tbilisi for a third round on the mandate of a joint commission that would map the frontier; both sides said a text could be ready by spring. MORE

Tashkent Tests a New Water Deal with Its Neighbours
Uzbek officials presented a draft on summer releases from the Toktogul reservoir, trading electricity for water in a scheme that echoes the arrangements of the 1990s…MORE
";
        let p = check(
            page,
            &[
                (
                    Some("Astana Courts Gulf Investors for Its Caspian Ports"),
                    None,
                    "The transport ministry has opened talks with two Gulf funds about a stake in the Aktau and Kuryk terminals, hoping to lift volumes on the Middle Corridor before the grain season",
                ),
                (
                    Some("Baku and Yerevan Trade Drafts on a Border Commission"),
                    None,
                    "Negotiators met in Tbilisi for a third round on the mandate of a joint commission that would map the frontier; both sides said a text could be ready by spring.",
                ),
                (
                    Some("Tashkent Tests a New Water Deal with Its Neighbours"),
                    None,
                    "Uzbek officials presented a draft on summer releases from the Toktogul reservoir, trading electricity for water in a scheme that echoes the arrangements of the 1990s",
                ),
            ],
        );
        assert_eq!(p.header.as_deref(), Some("Caspian Region Watch"));
        assert!(p.all_warnings().next().is_none(), "{p:#?}");
    }

    #[test]
    fn date_title_teaser_with_bracketed_ellipsis() {
        let page = "\
Regional Security Papers

March 14, 2023

Ankara Weighs a Bigger Role in Black Sea Demining

Turkish naval planners have sketched a mission with Romania and Bulgaria to clear drifting mines from shipping lanes, though Ankara insists the Montreux rules still apply to any […]
12.03.2024

Dushanbe Hosts Border Talks After a Tense Winter

Tajik and Kyrgyz delegations spent two days in Dushanbe on the last disputed sections of their frontier, where clashes in previous years displaced thousands of villagers [...]
Mon, 4 Mar 2024

Mongolia Courts Investors for a Rail Link to the Coast

Ulaanbaatar wants foreign partners to finance a line that would carry copper south to Chinese ports more cheaply than the current trucks, a plan debated for a decade […]
";
        let p = check(
            page,
            &[
                (
                    Some("Ankara Weighs a Bigger Role in Black Sea Demining"),
                    Some("March 14, 2023"),
                    "Turkish naval planners have sketched a mission with Romania and Bulgaria to clear drifting mines from shipping lanes, though Ankara insists the Montreux rules still apply to any",
                ),
                (
                    Some("Dushanbe Hosts Border Talks After a Tense Winter"),
                    Some("12.03.2024"),
                    "Tajik and Kyrgyz delegations spent two days in Dushanbe on the last disputed sections of their frontier, where clashes in previous years displaced thousands of villagers",
                ),
                (
                    Some("Mongolia Courts Investors for a Rail Link to the Coast"),
                    Some("Mon, 4 Mar 2024"),
                    "Ulaanbaatar wants foreign partners to finance a line that would carry copper south to Chinese ports more cheaply than the current trucks, a plan debated for a decade",
                ),
            ],
        );
        assert_eq!(p.header.as_deref(), Some("Regional Security Papers"));
    }

    #[test]
    fn spanish_page_with_seguir_leyendo_and_leer_mas() {
        let page = "\
Observatorio de Política Exterior
Internacional

1 de noviembre de 2022
Madrid y Rabat reabren la negociación sobre las aduanas de Ceuta y Melilla
Los equipos técnicos de ambos gobiernos retomaron en Rabat las conversaciones sobre el régimen comercial de las dos ciudades, congeladas desde el verano pasado por discrepancias sobre los controles.
Seguir leyendo »

15 de octubre de 2022
Brasilia propone un fondo regional para la Amazonía
El Gobierno brasileño planteó ante sus vecinos un mecanismo común de financiación para frenar la deforestación, con aportaciones de bancos de desarrollo y de donantes europeos. Leer más
";
        let p = check(
            page,
            &[
                (
                    Some(
                        "Madrid y Rabat reabren la negociación sobre las aduanas de Ceuta y Melilla",
                    ),
                    Some("1 de noviembre de 2022"),
                    "Los equipos técnicos de ambos gobiernos retomaron en Rabat las conversaciones sobre el régimen comercial de las dos ciudades, congeladas desde el verano pasado por discrepancias sobre los controles.",
                ),
                (
                    Some("Brasilia propone un fondo regional para la Amazonía"),
                    Some("15 de octubre de 2022"),
                    "El Gobierno brasileño planteó ante sus vecinos un mecanismo común de financiación para frenar la deforestación, con aportaciones de bancos de desarrollo y de donantes europeos.",
                ),
            ],
        );
        assert_eq!(
            p.header.as_deref(),
            Some("Observatorio de Política Exterior / Internacional")
        );
    }

    #[test]
    fn photo_captions_with_credits_between_items() {
        let page = "\
World Desk

Foto: EFE/Juan Pérez
Georgia Reopens Talks on a Deep-Sea Port at Anaklia
The government in Tbilisi invited new bids for the long-stalled project, promising guarantees that the earlier consortium never received. Read more

Kazakh and Chinese ministers at a signing ceremony in Astana. (AP Photo/Jane Roe)

Caspian Pipeline Consortium Reports Record Exports
Shipments through the Novorossiysk terminal rose in the first quarter despite storms that closed the moorings for several days. Read more

Officials inspect the new customs post on the Uzbek border.
Photo: Reuters

Kyrgyzstan Signs a Hydropower Pact with Abu Dhabi
The agreement covers three plants on the Naryn river and a training programme for Kyrgyz engineers, the energy ministry said on Friday. Read more
Soldiers at a checkpoint near Lachin © AFP
";
        check(
            page,
            &[
                (
                    Some("Georgia Reopens Talks on a Deep-Sea Port at Anaklia"),
                    None,
                    "The government in Tbilisi invited new bids for the long-stalled project, promising guarantees that the earlier consortium never received.",
                ),
                (
                    Some("Caspian Pipeline Consortium Reports Record Exports"),
                    None,
                    "Shipments through the Novorossiysk terminal rose in the first quarter despite storms that closed the moorings for several days.",
                ),
                (
                    Some("Kyrgyzstan Signs a Hydropower Pact with Abu Dhabi"),
                    None,
                    "The agreement covers three plants on the Naryn river and a training programme for Kyrgyz engineers, the energy ministry said on Friday.",
                ),
            ],
        );
    }

    #[test]
    fn long_multi_paragraph_bodies_under_titles() {
        let page = "\
Analysis

Why Central Asia Is Hedging Its Bets

For three decades the governments of the region have balanced Moscow against Beijing, and lately against Ankara and Brussels as well.

That balancing has become harder since 2022, when sanctions reshaped trade routes and pushed re-exports through Kazakh and Kyrgyz warehouses.

Officials now speak openly of a multi-vector policy that is less a doctrine than a daily negotiation.

The Quiet Rise of the Middle Corridor

Freight volumes on the trans-Caspian route tripled in a single year, yet the ferries from Aktau to Baku still cannot keep up with demand.

Investors from the Gulf and the European Union have promised money for ports and rolling stock, but customs procedures remain slow.
";
        let p = check(
            page,
            &[
                (
                    Some("Why Central Asia Is Hedging Its Bets"),
                    None,
                    "For three decades the governments of the region have balanced Moscow against Beijing, and lately against Ankara and Brussels as well.\n\nThat balancing has become harder since 2022, when sanctions reshaped trade routes and pushed re-exports through Kazakh and Kyrgyz warehouses.\n\nOfficials now speak openly of a multi-vector policy that is less a doctrine than a daily negotiation.",
                ),
                (
                    Some("The Quiet Rise of the Middle Corridor"),
                    None,
                    "Freight volumes on the trans-Caspian route tripled in a single year, yet the ferries from Aktau to Baku still cannot keep up with demand.\n\nInvestors from the Gulf and the European Union have promised money for ports and rolling stock, but customs procedures remain slow.",
                ),
            ],
        );
        assert_eq!(p.header.as_deref(), Some("Analysis"));
    }

    #[test]
    fn mixed_english_and_spanish_page() {
        let page = "\
Foreign Affairs Digest / Resumen de prensa

Erdogan Pitches a Gas Hub to Balkan Buyers
Turkish officials told energy ministers from Serbia and North Macedonia that volumes routed through Thrace could replace part of their lost supply. Continue reading

Sánchez viaja a Pekín para hablar de comercio y Ucrania
El presidente del Gobierno se reunirá con Xi Jinping en un viaje que busca equilibrar el déficit comercial y mantener abierto un canal sobre la guerra. Seguir leyendo »

Mirziyoyev Opens Uzbek Energy Sector to Private Bidders
A new decree lets foreign firms build and run power plants under long-term contracts, a break with the state monopoly of the past. Read more
";
        check(
            page,
            &[
                (
                    Some("Erdogan Pitches a Gas Hub to Balkan Buyers"),
                    None,
                    "Turkish officials told energy ministers from Serbia and North Macedonia that volumes routed through Thrace could replace part of their lost supply.",
                ),
                (
                    Some("Sánchez viaja a Pekín para hablar de comercio y Ucrania"),
                    None,
                    "El presidente del Gobierno se reunirá con Xi Jinping en un viaje que busca equilibrar el déficit comercial y mantener abierto un canal sobre la guerra.",
                ),
                (
                    Some("Mirziyoyev Opens Uzbek Energy Sector to Private Bidders"),
                    None,
                    "A new decree lets foreign firms build and run power plants under long-term contracts, a break with the state monopoly of the past.",
                ),
            ],
        );
    }

    #[test]
    fn items_without_titles() {
        let page = "\
Brief Notes

Armenia Joins a Regional Grid Study
Yerevan agreed to share load data with Georgian and Iranian operators for a feasibility study on a joint high-voltage line. MORE

Turkmenistan quietly raised the price of gas sold to Uzbek buyers, according to two traders familiar with the new contract. MORE

The foreign ministers of Azerbaijan and Kazakhstan spoke by phone about transit fees on the Caspian ferry route. MORE
";
        let p = check(
            page,
            &[
                (
                    Some("Armenia Joins a Regional Grid Study"),
                    None,
                    "Yerevan agreed to share load data with Georgian and Iranian operators for a feasibility study on a joint high-voltage line.",
                ),
                (
                    None,
                    None,
                    "Turkmenistan quietly raised the price of gas sold to Uzbek buyers, according to two traders familiar with the new contract.",
                ),
                (
                    None,
                    None,
                    "The foreign ministers of Azerbaijan and Kazakhstan spoke by phone about transit fees on the Caspian ferry route.",
                ),
            ],
        );
        assert_eq!(p.items[1].warnings, vec!["item 2: no title".to_string()]);
    }

    #[test]
    fn navigation_lines_are_dropped() {
        let page = "\
Buscador avanzado
Viewing results 1 - 6 of 8
Latest Commentary

Iran and Tajikistan Revive a Stalled Tunnel Project
Engineers from both countries will inspect the Istiqlol tunnel this summer, a first step towards a repair deal worth tens of millions. MORE
Share
Compartir

Lithuania Tightens Transit Rules for Kaliningrad Freight
Vilnius will require additional checks on rail cargo crossing its territory, a move Moscow called provocative. MORE

Page 2 of 10
« Previous | Next »
Siguiente
1 2 3 … 10
";
        let p = check(
            page,
            &[
                (
                    Some("Iran and Tajikistan Revive a Stalled Tunnel Project"),
                    None,
                    "Engineers from both countries will inspect the Istiqlol tunnel this summer, a first step towards a repair deal worth tens of millions.",
                ),
                (
                    Some("Lithuania Tightens Transit Rules for Kaliningrad Freight"),
                    None,
                    "Vilnius will require additional checks on rail cargo crossing its territory, a move Moscow called provocative.",
                ),
            ],
        );
        assert_eq!(p.header.as_deref(), Some("Latest Commentary"));
    }

    #[test]
    fn crlf_and_bom() {
        let page = "\u{feff}Eastern Partnership Monitor\r\n\r\nMoldova Signs a Gas Storage Deal with Romania\r\nChisinau will book capacity in Romanian storage sites for the winter, reducing its exposure to supplies from the east. MORE\r\n\r\nGeorgia Debates a New Foreign Agents Law\r\nThe draft mirrors earlier proposals that triggered mass protests, and diplomats in Tbilisi warned it could slow the path to the European Union. MORE\r\n";
        let p = check(
            page,
            &[
                (
                    Some("Moldova Signs a Gas Storage Deal with Romania"),
                    None,
                    "Chisinau will book capacity in Romanian storage sites for the winter, reducing its exposure to supplies from the east.",
                ),
                (
                    Some("Georgia Debates a New Foreign Agents Law"),
                    None,
                    "The draft mirrors earlier proposals that triggered mass protests, and diplomats in Tbilisi warned it could slow the path to the European Union.",
                ),
            ],
        );
        assert_eq!(p.header.as_deref(), Some("Eastern Partnership Monitor"));
        // Same page with LF endings gives the same result.
        assert_eq!(split_page(&page.replace("\r\n", "\n")), p);
    }

    #[test]
    fn empty_and_blank_pages() {
        for page in ["", "\n\n", "   \r\n\t\n", "\u{feff}", "* * *\n---\n"] {
            let p = check(page, &[]);
            assert_eq!(p.header, None);
            assert_eq!(p.warnings, vec!["page: no items found".to_string()]);
        }
    }

    #[test]
    fn page_with_only_a_header() {
        let p = check("Latest Articles about the Caucasus\n", &[]);
        assert_eq!(
            p.header.as_deref(),
            Some("Latest Articles about the Caucasus")
        );
        let p = check("Eurasia Review\nAnalysis and Opinion\n\nNext »\n", &[]);
        assert_eq!(
            p.header.as_deref(),
            Some("Eurasia Review / Analysis and Opinion")
        );
    }

    #[test]
    fn hard_wrapped_text_is_joined() {
        let page = "\
Weekly Bulletin

Kazakhstan Doubles Grain Shipments to Afghanistan
Exporters in the north of the country sent twice as much wheat
through the Hairatan crossing as a year earlier, helped by new
rail wagons and lower tariffs.
Read more

Azerbaijan Hosts a Donor Meeting on Mine Clearance
Baku asked foreign partners for equipment and funding to clear
land in districts it regained, saying progress is too slow. MORE
";
        check(
            page,
            &[
                (
                    Some("Kazakhstan Doubles Grain Shipments to Afghanistan"),
                    None,
                    "Exporters in the north of the country sent twice as much wheat through the Hairatan crossing as a year earlier, helped by new rail wagons and lower tariffs.",
                ),
                (
                    Some("Azerbaijan Hosts a Donor Meeting on Mine Clearance"),
                    None,
                    "Baku asked foreign partners for equipment and funding to clear land in districts it regained, saying progress is too slow.",
                ),
            ],
        );
    }

    #[test]
    fn date_after_title_and_after_body() {
        let after_title = "\
News

Turkey and Egypt Restore Full Diplomatic Ties
Published: 5 July 2023
The two countries named ambassadors for the first time in a decade after a string of meetings between their foreign ministers.

Georgia Applies for a Candidate Status Review
Updated 12 December 2023, 10:30 CET
Tbilisi submitted a progress report to Brussels listing judicial reforms and new rules on party finance.
";
        check(
            after_title,
            &[
                (
                    Some("Turkey and Egypt Restore Full Diplomatic Ties"),
                    Some("5 July 2023"),
                    "The two countries named ambassadors for the first time in a decade after a string of meetings between their foreign ministers.",
                ),
                (
                    Some("Georgia Applies for a Candidate Status Review"),
                    Some("12 December 2023, 10:30 CET"),
                    "Tbilisi submitted a progress report to Brussels listing judicial reforms and new rules on party finance.",
                ),
            ],
        );
        let after_body = "\
Briefings

Mongolia Signs a Copper Deal with a Japanese Trader
The contract covers ten years of concentrate from the Oyu Tolgoi area and includes a clause on rail transport through China.
3 hours ago

Kyrgyzstan Lifts Its Ban on Hay Exports
The government cited a good harvest and higher prices across the border in Kazakhstan.
hace 2 días
";
        check(
            after_body,
            &[
                (
                    Some("Mongolia Signs a Copper Deal with a Japanese Trader"),
                    Some("3 hours ago"),
                    "The contract covers ten years of concentrate from the Oyu Tolgoi area and includes a clause on rail transport through China.",
                ),
                (
                    Some("Kyrgyzstan Lifts Its Ban on Hay Exports"),
                    Some("hace 2 días"),
                    "The government cited a good harvest and higher prices across the border in Kazakhstan.",
                ),
            ],
        );
    }

    #[test]
    fn dates_in_title_lines_bylines_and_kickers() {
        let page = "\
Eurasia Files

ANALYSIS
12.03.2024 | Baku Bets on Green Power for Europe
By Jane Doe and Ali Rahimov
An undersea cable under the Black Sea would carry wind power from the Caspian coast to Romania and Hungary by the end of the decade.

Kazakhstan Reviews Its Uranium Contracts (4 March 2024)
Por Juan Pérez | 5 de marzo de 2024
Kazatomprom will renegotiate several supply agreements after production fell short of targets at two mines.
";
        let p = check(
            page,
            &[
                (
                    Some("Baku Bets on Green Power for Europe"),
                    Some("12.03.2024"),
                    "An undersea cable under the Black Sea would carry wind power from the Caspian coast to Romania and Hungary by the end of the decade.",
                ),
                (
                    Some("Kazakhstan Reviews Its Uranium Contracts"),
                    Some("4 March 2024"),
                    "Kazatomprom will renegotiate several supply agreements after production fell short of targets at two mines.",
                ),
            ],
        );
        assert_eq!(p.header.as_deref(), Some("Eurasia Files / ANALYSIS"));
    }

    #[test]
    fn subheadings_numbered_titles_and_unspaced_short_teasers() {
        // Every item is dated next to its title, so an undated short line inside an article is
        // a subheading.
        let page = "\
Steppe Review

Astana Drafts a New Water Code
By Aigerim Sadykova
18 April 2024

The draft gives regional authorities more say over irrigation quotas on the Syr Darya.

Background

Shortages have grown since a dry summer hit cotton and wheat farmers in the south.

Bishkek Names a New Envoy to Moscow
By Daniyar Omurov
17 April 2024

The appointment follows a dispute over the treatment of Kyrgyz migrant workers in Russia.
";
        let p = check(
            page,
            &[
                (
                    Some("Astana Drafts a New Water Code"),
                    Some("18 April 2024"),
                    "The draft gives regional authorities more say over irrigation quotas on the Syr Darya.\n\nBackground\n\nShortages have grown since a dry summer hit cotton and wheat farmers in the south.",
                ),
                (
                    Some("Bishkek Names a New Envoy to Moscow"),
                    Some("17 April 2024"),
                    "The appointment follows a dispute over the treatment of Kyrgyz migrant workers in Russia.",
                ),
            ],
        );
        assert!(p.items[0].warnings.iter().any(|w| w.contains("subheading")));
        // Numbered titles, short teasers, no blank lines, a teaser cut before "Ver más".
        let page = "\
Resumen diario
1. Ankara and Cairo Agree on Naval Drills
The exercise will take place in the eastern Mediterranean.
2) Quito expulsa al embajador mexicano
La cancillería ecuatoriana dio al diplomático 72 horas para salir del país...
Ver más
3. Tehran Reopens Its Embassy in Baku
The mission had been closed for more than a year.
";
        check(
            page,
            &[
                (
                    Some("Ankara and Cairo Agree on Naval Drills"),
                    None,
                    "The exercise will take place in the eastern Mediterranean.",
                ),
                (
                    Some("Quito expulsa al embajador mexicano"),
                    None,
                    "La cancillería ecuatoriana dio al diplomático 72 horas para salir del país",
                ),
                (
                    Some("Tehran Reopens Its Embassy in Baku"),
                    None,
                    "The mission had been closed for more than a year.",
                ),
            ],
        );
    }

    #[test]
    fn headline_list_without_bodies() {
        let page = "\
Top Stories

Russia and Kazakhstan Agree on a New Oil Transit Quota
Uzbekistan Launches Its First Eurobond in Three Years
Armenia Hosts a Conference on Regional Connectivity
";
        let p = check(
            page,
            &[
                (
                    Some("Russia and Kazakhstan Agree on a New Oil Transit Quota"),
                    None,
                    "",
                ),
                (
                    Some("Uzbekistan Launches Its First Eurobond in Three Years"),
                    None,
                    "",
                ),
                (
                    Some("Armenia Hosts a Conference on Regional Connectivity"),
                    None,
                    "",
                ),
            ],
        );
        assert_eq!(p.header.as_deref(), Some("Top Stories"));
        assert_eq!(p.items[0].warnings, vec!["item 1: no body".to_string()]);
    }

    #[test]
    fn page_without_header_line() {
        // The first line is a title: the second item has the same shape.
        let page = "\
Kyrgyz Parliament Approves a Media Law
The bill requires online outlets to register with the ministry of culture, a step critics say will chill reporting. MORE

Tajikistan Opens a Consulate in Herat
The mission will deal with trade and the growing traffic at the border bridges over the Panj river. MORE
";
        let p = check(
            page,
            &[
                (
                    Some("Kyrgyz Parliament Approves a Media Law"),
                    None,
                    "The bill requires online outlets to register with the ministry of culture, a step critics say will chill reporting.",
                ),
                (
                    Some("Tajikistan Opens a Consulate in Herat"),
                    None,
                    "The mission will deal with trade and the growing traffic at the border bridges over the Panj river.",
                ),
            ],
        );
        assert_eq!(p.header, None);
        // A header line above an untitled first item is not taken as its title.
        let page = "\
Notes from the Region

The Uzbek central bank cut its key rate by half a point, citing slower inflation and a stable currency. MORE

Azerbaijan and Turkmenistan Settle a Gas Field Dispute
The two governments agreed to develop the Dostluk field jointly after years of competing claims in the Caspian. MORE
";
        let p = check(
            page,
            &[
                (
                    None,
                    None,
                    "The Uzbek central bank cut its key rate by half a point, citing slower inflation and a stable currency.",
                ),
                (
                    Some("Azerbaijan and Turkmenistan Settle a Gas Field Dispute"),
                    None,
                    "The two governments agreed to develop the Dostluk field jointly after years of competing claims in the Caspian.",
                ),
            ],
        );
        assert_eq!(p.header.as_deref(), Some("Notes from the Region"));
    }

    #[test]
    fn strip_markers_variants() {
        let cases = [
            ("Talks resumed in Geneva... MORE", "Talks resumed in Geneva"),
            ("Talks resumed in Geneva […]", "Talks resumed in Geneva"),
            ("Talks resumed in Geneva. [...]", "Talks resumed in Geneva."),
            ("Talks resumed. Read more »", "Talks resumed."),
            ("Talks resumed. Continue reading →", "Talks resumed."),
            (
                "Las conversaciones siguen. Seguir leyendo »",
                "Las conversaciones siguen.",
            ),
            (
                "Las conversaciones siguen. Leer más",
                "Las conversaciones siguen.",
            ),
            (
                "Las conversaciones siguen… Ver más",
                "Las conversaciones siguen",
            ),
            ("Talks resumed [Read more]", "Talks resumed"),
            ("Talks resumed […] Read more", "Talks resumed"),
            ("  Talks   resumed \u{a0} here  ", "Talks resumed here"),
            // Not markers.
            (
                "The ministry wants to read more",
                "The ministry wants to read more",
            ),
            ("Kazakhstan wants more", "Kazakhstan wants more"),
            ("NATO WANTS MORE", "NATO WANTS MORE"),
            (
                "Queda mucho por ver más allá",
                "Queda mucho por ver más allá",
            ),
            ("Y todavía quiere más", "Y todavía quiere más"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_markers(input), want, "input {input:?}");
        }
    }

    #[test]
    fn date_lines_recognised() {
        for d in [
            "November 1, 2022",
            "Nov. 1, 2022",
            "1 de noviembre de 2022",
            "12.03.2024",
            "2024-03-12",
            "12/03/24",
            "Mon, 4 Mar 2024",
            "Monday, March 4th, 2024 at 10:30 am EST",
            "lunes, 4 de marzo de 2024 - 10:30",
            "Published: 4 March 2024",
            "Publicado el 4 de marzo de 2024",
            "March 2024",
            "4 March",
            "3 hours ago",
            "hace 2 días",
            "Ayer",
        ] {
            assert!(is_date_line(d), "{d:?} should be a date");
        }
        for d in [
            "2022 SCO Summit in Samarkand: Key Takeaways",
            "March 8 Protests Spread to Almaty",
            "Kazakhstan 2024",
            "May Day in Minsk",
            "31.13.2024",
            "The summit ended on November 1, 2022.",
            "",
        ] {
            assert!(!is_date_line(d), "{d:?} should not be a date");
        }
    }

    #[test]
    fn navigation_and_captions_recognised() {
        for s in [
            "Viewing results 1 - 6 of 8",
            "Buscador avanzado",
            "Page 2 of 10",
            "Página 3 de 12",
            "Next »",
            "« Anterior",
            "Siguiente",
            "Share",
            "Compartir",
            "Share: Facebook | Twitter | Email",
            "1 2 3 … 10",
            "Tags: Russia, Kazakhstan, energy",
            "Back to top",
        ] {
            assert!(is_nav(&normalize_line(s)), "{s:?} should be navigation");
        }
        for s in [
            "Next Steps for the Caspian Summit",
            "Share of Russian Gas in EU Imports Falls",
            "Página web del ministerio cae tras un ataque",
        ] {
            assert!(!is_nav(s), "{s:?} should not be navigation");
        }
        for s in [
            "Photo: Reuters",
            "Foto: EFE/Juan Pérez",
            "(AP Photo/Jane Roe)",
            "Ministers in Baku on Tuesday © AFP",
            "Ministers meet in Astana. Photo: Presidential press service",
            "Ministers meet in Astana. Reuters/Pavel Ivanov",
            "Soldiers at the border post (EFE)",
        ] {
            assert!(caption_kind(s).is_some(), "{s:?} should be a caption");
        }
        for s in [
            "The EU/Russia talks stalled again over the summer.",
            "Photographers gathered at the summit venue.",
        ] {
            assert!(caption_kind(s).is_none(), "{s:?} should not be a caption");
        }
    }

    #[test]
    fn streaming_line_by_line_equals_split_page() {
        let page = "\u{feff}International Relations\r\n\r\nNovember 1, 2022\r\n\r\nA Title About Summits\r\n\r\nA teaser about a summit in Astana that ended with a long communiqué and few concrete steps […]\r\nSeptember 30, 2022\r\n\r\nAnother Title on Trade\r\n\r\nA teaser on trade between the Turkic states, which grew faster than expected last year. […]\r\n12.03.2024\r\n\r\nA Third Title on Energy\r\n\r\nA teaser on energy: the new pipeline will carry gas from the Caspian shore to the Black Sea. […]\r\n";
        let whole = split_page(page);
        assert_eq!(whole.items.len(), 3);
        // Line by line, with and without line endings.
        assert_eq!(streamed(page), whole);
        let mut s = Splitter::new();
        let mut items = Vec::new();
        for line in page.split_inclusive('\n') {
            items.extend(s.push_line(line));
        }
        let end = s.finish();
        items.extend(end.items);
        assert_eq!(items, whole.items);
        assert_eq!(end.header, whole.header);
        // Several lines in one call.
        let mut s = Splitter::new();
        let (a, b) = page.split_at(page.find("September").unwrap_or(0));
        let mut items = s.push_line(a);
        items.extend(s.push_line(b));
        items.extend(s.finish().items);
        assert_eq!(items, whole.items);
        // Items come out as soon as the next one starts.
        let mut s = Splitter::new();
        let mut first_seen_at = None;
        for (n, line) in page.lines().enumerate() {
            if !s.push_line(line).is_empty() && first_seen_at.is_none() {
                first_seen_at = Some(n);
            }
        }
        assert!(first_seen_at.is_some_and(|n| n < page.lines().count() - 1));
    }

    #[test]
    fn five_megabyte_single_line_does_not_panic() {
        let unit = "Gas talks between Ankara and Baku resumed after a pause. ";
        let line: String = unit.repeat(5_000_000 / unit.len() + 1);
        let p = split_page(&line);
        assert_eq!(p.items.len(), 1);
        assert!(p.items[0].text.len() > 4_900_000);
        assert!(p.items[0].warnings.iter().any(|w| w.contains("very long")));
        // A 5 MB line without spaces, and one of a single repeated multibyte character.
        let p = split_page(&"ж".repeat(2_600_000));
        assert_eq!(p.items.len(), 1);
        let p = split_page(&format!("Header\n\n{}[…]\n", "x".repeat(5_000_000)));
        assert_eq!(p.items.len(), 1);
        assert!(p.items[0].text.ends_with('x'));
    }

    #[test]
    fn odd_input_never_panics() {
        let fragments = [
            "",
            " ",
            "MORE",
            "[…]",
            "Read more »",
            "November 1, 2022",
            "12.03.2024 |",
            "| 12.03.2024",
            "(",
            ")",
            "©",
            "Photo:",
            "By",
            "Por ",
            "A Short Title",
            "a lowercase line",
            "A long sentence that ends properly and goes on for a while to look like a body.",
            "ж",
            "\u{feff}",
            "\r",
            "…",
            "...",
            "» »",
            "Page 2 of",
            "1",
            "İstanbul İzmir",
            "hace",
            "3 ago",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..300 {
            let mut page = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                page.push_str(fragments[(state % fragments.len() as u64) as usize]);
                if !state.is_multiple_of(3) {
                    page.push('\n');
                }
            }
            let p = split_page(&page);
            assert_eq!(streamed(&page), p);
            for (k, item) in p.items.iter().enumerate() {
                assert_eq!(item.position, k + 1);
                assert_eq!(item.text.trim(), item.text);
            }
        }
        // Many title-like lines with no body keep memory bounded and still give items.
        let page: String = (0..5_000)
            .map(|i| format!("Headline Number {i} About Regional Affairs\n"))
            .collect();
        let p = split_page(&page);
        assert_eq!(p.items.len(), 4_999);
    }

    /// The real example pages in `shared/digests`.
    #[test]
    fn shared_digest_pages_split_into_ten_items() {
        let candidates = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/digests"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/digests"),
        ];
        let Some(dir) = candidates.iter().find(|d| std::path::Path::new(d).is_dir()) else {
            println!("skipping: ../shared/digests not found");
            return;
        };
        let pages = [
            (
                "000_5dc73ade01f3867c.txt",
                "Kazakhstan Expands Economic Cooperation with Russia, but Guards Own Interests",
                "Prospects for Turkey Joining the Russia-Led Customs Union",
            ),
            (
                "002_400b34fb307b0c79.txt",
                "The Sixth CICA Summit: Asian Vision of the Global Development",
                "Economic Cooperation between Central Asia and the European Union",
            ),
        ];
        for (file, first, last) in pages {
            let path = format!("{dir}/{file}");
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    println!("skipping: cannot read {path}: {e}");
                    continue;
                }
            };
            let page = split_page(&text);
            assert_eq!(streamed(&text), page);
            assert_eq!(page.items.len(), 10, "{file}: {page:#?}");
            assert!(page.header.is_some(), "{file}: no header");
            assert!(page.items.iter().all(|i| i.title.is_some()), "{file}");
            assert_eq!(page.items[0].title.as_deref(), Some(first), "{file}");
            assert_eq!(page.items[9].title.as_deref(), Some(last), "{file}");
            for item in &page.items {
                let t = &item.text;
                assert!(!t.trim_end().ends_with("MORE"), "{file}: {t}");
                assert!(!t.contains("[…]") && !t.contains("[...]"), "{file}: {t}");
                assert!(t.lines().all(|l| !is_date_line(l)), "{file}: {t}");
                assert!(t.chars().count() > 200, "{file}: {t}");
            }
            if file.starts_with("002") {
                assert!(page.items.iter().all(|i| i.date.is_some()), "{file}");
                assert_eq!(page.items[0].date.as_deref(), Some("November 1, 2022"));
            }
        }
    }
}
