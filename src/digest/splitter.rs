//! Owns the line-by-line state machine that turns classified lines into items: the one line of
//! lookahead, the title and date lines waiting for a body (resolved in one place,
//! [`Splitter::resolve_pending`]), the item being built and what the page has shown so far
//! (date layout, hard wrapping). The page header is [`Header`]'s to decide.
//!
//! Invariant: every item leaves through [`Splitter::emit`], numbered in page order, and the
//! first item is held back only while [`Header`] has not decided whether its title is the page
//! header.

use std::collections::HashMap;
use std::mem;

use super::boilerplate::{
    is_forward_marker, is_greeting, is_letter_intro, is_mail_field, is_nav, is_print_furniture,
    is_related_label, is_signoff, opens_consent, opens_footer, visible_chars, MAX_CAPTION_BYTES,
};
use super::chat::{self, Message};
use super::classify::{
    classify, ends_with_terminator, is_title_like, normalize_line, opens_with_list_number,
    source_reference, starts_lowercase, strip_list_number, without_list_number, Kind, Text,
};
use super::dates::{date_shape, ending_date, has_day_and_year};
use super::header::Header;
use super::markers::clean_before_marker;
use super::markup::{
    self, first_link, is_footnote_definition, is_list_line, leading_address, link_line, list_item,
    lynx_mark, lynx_reference, reference_definition, reference_link, sentence_title, strip_markup,
    trailing_address, ListItem,
};
use super::table::{may_open_table, Table};
use super::{classify_line, Finished, Item, LineKind};
use crate::segment::word_count;

/// A body line at most this long, directly followed by another text line, is hard-wrapped.
const WRAP_MAX: usize = 110;
/// On a hard-wrapped page, a body line shorter than this that ends a sentence is a paragraph
/// end even without a blank line. (Before the page shows wrapping, any sentence end is.)
const WRAP_MIN: usize = 40;
/// Orphan title-like lines of at most this many words are dropped as kickers.
const KICKER_MAX_WORDS: usize = 3;
/// Lines of a Markdown note's front matter at most.
const MAX_FRONT_MATTER_LINES: usize = 40;

/// Whether a line can be in YAML front matter: `key: value` (or `key:`), an indented line,
/// a list entry, or blank.
fn is_front_matter_line(line: &str) -> bool {
    if line.trim().is_empty() || line.starts_with([' ', '\t']) || line.starts_with("- ") {
        return true;
    }
    line.split_once(':').is_some_and(|(key, value)| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
            && (value.is_empty() || value.starts_with(' '))
    })
}

/// Lines of a cookie or consent notice at most, its opening line included: a heading, a
/// paragraph or two, and its buttons (`Accept all`, `Manage preferences`).
const MAX_CONSENT_LINES: usize = 8;
/// Bodies shorter than this (in characters) get a warning.
const SHORT_BODY_CHARS: usize = 40;
/// Bodies longer than this (in characters) get a warning: items may have been merged.
const LONG_BODY_CHARS: usize = 30_000;
/// Most title-like and date lines kept waiting for a body; older ones are resolved early.
const MAX_PENDING: usize = 16;
/// Longest line (in characters, a web address counting as one) under a page's footer opener:
/// a longer one is text.
const MAX_FOOTER_LINE_CHARS: usize = 160;
/// Most lines of a page's footer, blank ones and its opener included.
const MAX_FOOTER_LINES: usize = 40;
/// Fewest words of a sentence under a headline that shows a story goes on under a footer.
const STORY_SENTENCE_WORDS: usize = 8;
/// What an item's link is, until the page's end, when it is a reference link's label: a mark no
/// address starts with.
const REFERENCE: &str = "\u{1}reference:";
/// Longest line (in characters) of a letter's signature under its sign-off: a name, a role,
/// an organisation, a telephone number.
const MAX_SIGNATURE_LINE_CHARS: usize = 100;
/// Most lines of a signature, blank ones and the sign-off included (a mail client's HTML
/// sets each of its lines apart).
const MAX_SIGNATURE_LINES: usize = 16;
/// Fewest words (those a dash joins counted apart: `EU–Armenia`) of a list line read as a
/// headline whose bullets set further in are its points; a shorter one names a section
/// (`4. Other`, `2. South Caucasus`).
const MIN_HEADLINE_WORDS: usize = 4;
/// Most headlines held back as a page's possible table of contents before an item with a
/// body shows whether they are.
const MAX_CONTENTS: usize = 40;
/// Most headlines in a block of links to related pages ([`Splitter::labelled`]).
const MAX_RELATED_LINES: usize = 12;
/// Most lines of an advertisement under its label ([`Splitter::labelled`]).
const MAX_AD_LINES: usize = 8;

/// Streaming splitter: feed it the lines of a page with [`push_line`](Self::push_line), which
/// returns items as soon as they are complete, then call [`finish`](Self::finish) for the rest.
///
/// Memory is bounded by the item being built (plus at most 16 waiting title or date lines, 40
/// short lines of a possible footer, 14 lines under a label and the first item while the
/// header is undecided), not by the page.
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
    /// Blank lines (and bulleted-item boundaries) fed so far: whether one lies between two
    /// lines.
    blanks: usize,
    /// [`Splitter::blanks`] when the line being processed was fed (lines are processed one
    /// line late, see `accept`).
    line_blanks: usize,
    /// One line of lookahead.
    held: Option<Line>,
    /// The last line that was not a list line ended in a colon: list lines are points of a
    /// teaser, not items.
    points: bool,
    /// The indentation of the bulleted item whose points those are, if one opened them.
    points_over: Option<usize>,
    /// The indentation of the last list line that was read as a headline (`1) Russia–Kazakhstan:
    /// oil transit disrupted`): bullets set further in under it are its item's points.
    headline_over: Option<usize>,
    /// The line ending in a colon was a heading of a few words (`Weekly wrap:`): set apart
    /// by a blank line, it heads a list of items, not of points (and is dropped: `process`).
    points_heading: bool,
    /// Title-like and date lines waiting for a body.
    pending: Vec<Pending>,
    /// The pieces of a bulleted item are being taken in ([`Splitter::feed_list_item`]).
    in_list_item: bool,
    /// The item being built.
    cur: Option<Building>,
    /// The first item was written in sentences ([`Building::in_sentences`]).
    first_in_sentences: bool,
    /// The page's date, set apart above its first title, or the latest date heading set apart
    /// like it (see `on_date`): every undated item's opened under it.
    page_date: Option<String>,
    /// The lines of what may be the page's footer, with their numbers ([`Splitter::footer`]).
    footer: Vec<(usize, String)>,
    /// The footer is a letter's signature so far: it opened with a sign-off.
    signature: bool,
    /// Under a forwarded message's marker, before the blank line that ends its header fields
    /// ([`Splitter::forwarded`]): whether a field was seen yet.
    in_forward_head: Option<bool>,
    /// The last line of text was a letter's greeting, before the first item
    /// ([`Splitter::letter_intro`]).
    greeted: bool,
    /// What may be a block of links to related pages or an advertisement, under its label
    /// ([`Splitter::labelled`]).
    labelled: Option<Labelled>,
    /// The lines of a front matter being read ([`Splitter::front_matter`]).
    front: Option<Vec<String>>,
    /// A line that may be a Markdown table's header row, with its number, held until the next
    /// line shows whether it is ([`Splitter::table_line`]).
    table_head: Option<(usize, String)>,
    /// The Markdown table being read.
    table: Option<Table>,
    /// A chat message of a word or two (`Mira:`), with its date and line number, held until
    /// the next line shows whether lines of its own go on under it ([`Splitter::chat_line`]).
    chatter: Option<(usize, String, String)>,
    /// A chat's message line was seen: the page is a chat, whose lines are messages' (never
    /// the page's header or a subheading).
    in_chat: bool,
    /// Inside a cookie or consent notice ([`Splitter::consent`]): its lines so far, and
    /// whether one was a button.
    consent: Option<(usize, bool)>,
    /// Length in characters of the last body line and whether it ended a sentence, if the
    /// previous non-blank line was a body line of `cur`.
    last_body: Option<(usize, bool)>,
    /// What the page has shown so far.
    seen: Seen,
    /// The page header and the first item while the header is undecided.
    header: Header,
    next_pos: usize,
    /// The headlines released before any item with a body, held back while they may be the
    /// page's table of contents ([`Splitter::hand_out`]); `None` once that is decided.
    contents: Option<Vec<Item>>,
    out: Vec<Item>,
    /// Markdown link reference definitions met so far (`[gas]: https://…`): label → address.
    references: HashMap<String, String>,
    /// Once a reference link (`[Title][gas]`) is met: the items made since, held until the
    /// page's end, where the definitions (written last, as a rule) give them their addresses.
    awaiting_references: Option<Vec<Item>>,
    /// In the `References` list that `lynx -dump` ends a page with, under link marks.
    lynx_references: bool,
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
            blanks: 0,
            line_blanks: 0,
            held: None,
            points: false,
            points_over: None,
            headline_over: None,
            points_heading: false,
            in_list_item: false,
            pending: Vec::new(),
            cur: None,
            first_in_sentences: false,
            page_date: None,
            footer: Vec::new(),
            signature: false,
            greeted: false,
            in_forward_head: None,
            labelled: None,
            consent: None,
            front: None,
            table_head: None,
            table: None,
            chatter: None,
            in_chat: false,
            last_body: None,
            seen: Seen::default(),
            header: Header::default(),
            next_pos: 1,
            contents: Some(Vec::new()),
            out: Vec::new(),
            references: HashMap::new(),
            awaiting_references: None,
            lynx_references: false,
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
        let out = mem::take(&mut self.out);
        match self.awaiting_references.as_mut() {
            Some(held) => {
                held.extend(out);
                Vec::new()
            }
            None => out,
        }
    }

    /// The page header, once decided (after the first item is returned, or at the end).
    pub fn header(&self) -> Option<&str> {
        self.header.decided()
    }

    /// Page-level warnings so far.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Ends the page: returns the remaining items, the header and the page warnings.
    pub fn finish(mut self) -> Finished {
        // A front matter never closed was none.
        self.feed_held_front();
        if let Some((no, head)) = self.table_head.take() {
            self.at_line(no, |s| s.feed_line(&head));
        }
        self.drop_chatter();
        // A block of related links or an advertisement ran to the page's end.
        self.drop_labelled();
        // What the footer held back is dropped: it ran to the page's end.
        let footer = mem::take(&mut self.footer);
        let last = footer.iter().rev().find(|(_, l)| !l.trim().is_empty());
        if let (Some((from, first)), Some((to, _))) = (footer.first(), last) {
            let what = if self.signature {
                "signature"
            } else {
                "footer"
            };
            self.warnings.push(format!(
                "lines {from}-{to}: dropped the page's {what} from '{}'",
                first.trim()
            ));
        }
        self.resolve_all();
        if let Some(b) = self.cur.take() {
            self.emit(b);
        }
        if let Some(first) = self.header.settle(true, None) {
            self.release(first);
        }
        if self.next_pos == 1 {
            // Title-like lines with nothing under them are what there is to tag: headlines
            // given as such, with no warning that they have no body.
            self.seen.only_titles = true;
            for line in self.header.take_lines() {
                let b = self.open_item(Some(line), None, None);
                b.closed = true;
            }
            if let Some(b) = self.cur.take() {
                self.emit(b);
            }
        }
        // Headlines held as a possible table of contents were the page's own.
        if let Some(run) = self.contents.take() {
            self.out.extend(run);
        }
        if self.next_pos == 1 {
            self.warnings.push("page: no items found".to_string());
        }
        // Headlines among items with bodies are worth a word; a page of headlines only is a
        // headline list, and its items are what was given.
        let items = self.next_pos - 1;
        if let Some(first) = self
            .seen
            .first_headline
            .filter(|_| self.seen.headlines < items)
        {
            self.warnings.push(match self.seen.headlines {
                1 => format!("page: item {first} is a headline with no body"),
                n => format!(
                    "page: {n} items are headlines with no body (the first is item {first})"
                ),
            });
        }
        let mut items = self.awaiting_references.take().unwrap_or_default();
        items.append(&mut self.out);
        for item in &mut items {
            if let Some(label) = item.url.as_deref().and_then(|u| u.strip_prefix(REFERENCE)) {
                item.url = self.references.get(label).cloned();
            }
        }
        Finished {
            items,
            header: self.header.into_text(),
            warnings: mem::take(&mut self.warnings),
        }
    }

    fn feed(&mut self, raw: &str) {
        self.line_no += 1;
        if self.forwarded(raw) {
            return;
        }
        // A link reference definition (or a line of the `References` list `lynx -dump` ends a
        // page with) is the address of links elsewhere, no text; a footnote is a note on the
        // text, none of it.
        let definition = reference_definition(raw)
            .or_else(|| lynx_reference(raw).filter(|_| self.lynx_references));
        if let Some((label, url)) = definition {
            self.references
                .entry(label)
                .or_insert_with(|| url.to_string());
            return;
        }
        if self.lynx_references {
            if raw.trim().is_empty() {
                return;
            }
            self.lynx_references = false;
        }
        if self.awaiting_references.is_some() && raw.trim() == "References" {
            self.lynx_references = true;
            return;
        }
        if is_footnote_definition(raw) {
            self.warnings.push(format!(
                "line {}: dropped footnote '{}'",
                self.line_no,
                raw.trim()
            ));
            return;
        }
        if !self.front_matter(raw)
            && !self.note_furniture(raw)
            && !self.table_line(raw)
            && !self.chat_line(raw)
            && !self.consent(raw)
            && !self.labelled(raw)
            && !self.footer(raw)
            && !self.letter_intro(raw)
        {
            self.feed_line(raw);
        }
    }

    /// Takes `raw` in as the first line of a chat's message ([`chat::message`]), if it is
    /// one: what came before ends there, and the message opens an item with its date (its
    /// text, if any, is fed as a bulleted item's is: never the page's header; a web address
    /// ending it is its link). A line of the chat's own, a deleted message or a medium left
    /// out is dropped, and so is chatter with nothing under it.
    fn chat_line(&mut self, raw: &str) -> bool {
        if chat::is_placeholder(raw) || chat::is_chat_furniture(raw) {
            self.warnings
                .push(format!("line {}: dropped '{}'", self.line_no, raw.trim()));
            return true;
        }
        let Some(message) = chat::message(raw) else {
            if !raw.trim().is_empty() {
                // Lines under a short message: it was no chatter, or it led in to them
                // (`Mira:` over the news), which are the message's text.
                if let Some((no, date, text)) = self.chatter.take() {
                    let lead_in = chat::is_lead_in(&text);
                    if lead_in {
                        self.warnings
                            .push(format!("line {no}: dropped chat lead-in '{text}'"));
                    }
                    self.at_line(no, |s| {
                        s.open_message(&date, if lead_in { "" } else { &text })
                    });
                }
            }
            return false;
        };
        self.drop_chatter();
        self.in_chat = true;
        self.set_blank();
        self.resolve_all();
        if let Some(b) = self.cur.as_mut() {
            b.closed = true;
        }
        match message {
            Message::Dropped(what) => self
                .warnings
                .push(format!("line {}: dropped {what}", self.line_no)),
            Message::Post {
                date,
                text,
                chatter: true,
            } => self.chatter = Some((self.line_no, date, text.to_string())),
            Message::Post { date, text, .. } => self.open_message(&date, text),
        }
        true
    }

    /// Runs `feed` on a line held back earlier, as line `no` of the page (its warnings name
    /// that line), then goes back to the line being read.
    fn at_line(&mut self, no: usize, feed: impl FnOnce(&mut Self)) {
        let line_no = mem::replace(&mut self.line_no, no);
        feed(self);
        self.line_no = line_no;
    }

    /// Drops the chatter held back ([`Splitter::chatter`]): nothing went on under it.
    fn drop_chatter(&mut self) {
        if let Some((no, _, text)) = self.chatter.take() {
            self.warnings
                .push(format!("line {no}: dropped chat message '{text}'"));
        }
    }

    /// A chat message's date and the text on its first line, as a bulleted item's pieces.
    fn open_message(&mut self, date: &str, text: &str) {
        self.in_list_item = true;
        if !date.is_empty() {
            self.feed_piece(date, None);
        }
        let (text, url) = match text.rsplit_once(char::is_whitespace) {
            Some((head, last)) if link_line(last).is_some() => (head, Some(last)),
            _ => (text, None),
        };
        if !text.trim().is_empty() {
            self.feed_line(text);
        }
        if let Some(url) = url {
            self.feed_line(url);
        }
        self.process_held();
        self.in_list_item = false;
    }

    /// Takes `raw` in as part of a Markdown table ([`Table`]), if it is: a line that may be a
    /// header row is held until the next line, and a delimiter row under it opens a table,
    /// whose rows are items each, until a line that is no row. A held line that was no
    /// header is fed as other lines are, with its own number.
    fn table_line(&mut self, raw: &str) -> bool {
        if let Some(table) = &self.table {
            match table.row(raw) {
                Some(Some((item, link))) => {
                    // A row is a whole item: nothing under the table joins it.
                    self.feed_list_item(item, link);
                    if let Some(b) = self.cur.as_mut() {
                        b.closed = true;
                    }
                    return true;
                }
                Some(None) => return true,
                None => self.table = None,
            }
        }
        if let Some((no, head)) = self.table_head.take() {
            if let Some(table) = Table::open(&head, raw) {
                self.table = Some(table);
                return true;
            }
            self.at_line(no, |s| s.feed_line(&head));
        }
        if may_open_table(raw) {
            self.table_head = Some((self.line_no, raw.to_string()));
            return true;
        }
        false
    }

    /// Drops a note's comment or task line ([`markup::note_furniture`]), with a warning.
    fn note_furniture(&mut self, raw: &str) -> bool {
        let Some(what) = markup::note_furniture(raw) else {
            return false;
        };
        self.warnings.push(format!(
            "line {}: dropped {what} '{}'",
            self.line_no,
            raw.trim()
        ));
        true
    }

    /// Holds back a Markdown note's YAML front matter (`---` on the first line, `key: value`
    /// lines, `---` or `...` closing it), dropped when it closes. A line of another shape, or
    /// more lines than front matter has, shows it was none: the held lines are fed as others.
    fn front_matter(&mut self, raw: &str) -> bool {
        let line = raw.trim_end();
        let Some(held) = self.front.as_mut() else {
            if self.line_no == 1 && line.trim_start_matches('\u{feff}') == "---" {
                self.front = Some(vec![raw.to_string()]);
                return true;
            }
            return false;
        };
        if held.len() > 1 && (line == "---" || line == "...") {
            self.front = None;
            self.warnings.push(format!(
                "line 1: dropped the front matter (to line {})",
                self.line_no
            ));
            return true;
        }
        if held.len() <= MAX_FRONT_MATTER_LINES && is_front_matter_line(line) {
            held.push(raw.to_string());
            return true;
        }
        self.feed_held_front();
        false
    }

    /// Feeds the lines [`Splitter::front_matter`] held back, which were no front matter, as
    /// other lines are fed (with their own numbers).
    fn feed_held_front(&mut self) {
        let Some(held) = self.front.take() else {
            return;
        };
        for (i, line) in held.iter().enumerate() {
            self.at_line(i + 1, |s| {
                if !s.consent(line) && !s.footer(line) {
                    s.feed_line(line);
                }
            });
        }
    }

    /// Drops `raw` if it opens a cookie or consent notice (`boilerplate::opens_consent`), or
    /// is part of one: its text and its buttons under the opening line. A blank line ends the
    /// notice, and so does, in a page copied without blank lines, the first line after its
    /// buttons that is not one, or its [`MAX_CONSENT_LINES`]th line.
    fn consent(&mut self, raw: &str) -> bool {
        let line = raw.trim();
        if line.is_empty() {
            self.consent = None;
            return false;
        }
        match &mut self.consent {
            None if opens_consent(line) => {
                self.warnings.push(format!(
                    "line {}: dropped a cookie or consent notice '{line}'",
                    self.line_no
                ));
                self.consent = Some((1, false));
                true
            }
            None => false,
            Some((lines, buttons)) => {
                let button = is_nav(line);
                if *lines == MAX_CONSENT_LINES || (*buttons && !button) {
                    self.consent = None;
                    return false;
                }
                *lines += 1;
                *buttons |= button;
                true
            }
        }
    }

    /// Holds `raw` back if it may belong to a block of lines under a label of its own, once
    /// the lines show what the block is ([`Labelled`]):
    ///
    /// - links to other pages (`Related`, `Read also:`, *Noticias relacionadas*;
    ///   `boilerplate::is_related_label`), once an item has begun: headlines, one a line, to a
    ///   blank line. A line that is not a headline (a teaser), or more headlines than such a
    ///   block has, show the lines were the page's own;
    /// - an advertisement (`SPONSORED`, *Publicidad*; [`super::is_ad_label`]) directly over
    ///   its lines, on a page that sets its paragraphs apart with blank lines: its title and
    ///   text, to a blank line. A label with a blank line under it is an ad's slot in an
    ///   article (navigation), and more lines than an advertisement has were the page's own.
    ///
    /// A block that ends at a blank line is dropped; lines that were the page's own are fed
    /// as other lines.
    fn labelled(&mut self, raw: &str) -> bool {
        let line = strip_markup(raw.trim());
        let line = without_list_number(line.trim());
        let Some(block) = self.labelled.as_mut() else {
            let kind = if self.next_pos > 1 && is_related_label(line) {
                LabelKind::Related
            } else if self.blanks > 0 && super::is_ad_label(line) {
                LabelKind::Ad
            } else {
                return false;
            };
            self.labelled = Some(Labelled {
                kind,
                lines: vec![(self.line_no, raw.to_string())],
                body: 0,
            });
            return true;
        };
        let (max, fits) = match block.kind {
            LabelKind::Related => (MAX_RELATED_LINES, is_title_like(line)),
            LabelKind::Ad => (MAX_AD_LINES, true),
        };
        if line.is_empty() {
            // (A blank line or two may set the label apart from its headlines.)
            if block.body == 0 && block.kind == LabelKind::Related && block.lines.len() < 3 {
                block.lines.push((self.line_no, raw.to_string()));
                return true;
            }
            self.drop_labelled();
            return false;
        }
        if block.body == max || !fits {
            for (no, line) in self.labelled.take().map(|b| b.lines).unwrap_or_default() {
                self.at_line(no, |s| {
                    if !s.footer(&line) {
                        s.feed_line(&line);
                    }
                });
            }
            return false;
        }
        block.lines.push((self.line_no, raw.to_string()));
        block.body += 1;
        true
    }

    /// Drops the labelled block held back ([`Splitter::labelled`]) if lines went on under
    /// its label; a label alone was held for nothing, and is fed.
    fn drop_labelled(&mut self) {
        let Some(block) = self.labelled.take() else {
            return;
        };
        let mut lines = block
            .lines
            .into_iter()
            .filter(|(_, l)| !l.trim().is_empty());
        if block.body == 0 {
            for (no, line) in lines {
                self.at_line(no, |s| s.feed_line(&line));
            }
            return;
        }
        if let Some((no, label)) = lines.next() {
            let what = match block.kind {
                LabelKind::Related => format!("{} related link(s)", block.body),
                LabelKind::Ad => format!("an advertisement of {} line(s)", block.body),
            };
            self.warnings.push(format!(
                "line {no}: dropped {what} under '{}'",
                label.trim()
            ));
        }
    }

    /// Takes in one physical line (see [`Splitter::feed`]).
    fn feed_line(&mut self, raw: &str) {
        // A source line giving the item's address, and maybe its date: a date line with a link.
        if let Some((url, date)) = source_reference(raw) {
            let url = url.to_string();
            let line = match date {
                Some(d) => self.line(Kind::Date(d), Some(url)),
                None => self.line(Kind::Link(url), None),
            };
            self.accept(line);
            return;
        }
        if let Some(url) = link_line(raw) {
            let line = self.line(Kind::Link(url.to_string()), None);
            self.accept(line);
            return;
        }
        // A link mark as `lynx -dump` writes it (`[3]Title`): its address comes at the end.
        let (raw, lynx) = match lynx_mark(raw) {
            Some((number, rest)) => (rest, Some(number)),
            None => (raw, None),
        };
        // A bare address ending a line of text is its item's link (`Title — https://…`), and
        // so is one opening it (`https://… Title`, a link shared in a chat).
        let (raw, bare) = match trailing_address(raw).or_else(|| leading_address(raw)) {
            Some((words, url)) => (words, Some(url)),
            None => (raw, None),
        };
        let link = first_link(raw).or(bare).map(str::to_string).or_else(|| {
            // (Its address is given by a definition later on: see `finish`.)
            let label = lynx.map(str::to_string).or_else(|| reference_link(raw))?;
            self.awaiting_references.get_or_insert_with(Vec::new);
            Some(format!("{REFERENCE}{label}"))
        });
        // Bullets under a line ending in a colon are points of a list inside a teaser; under
        // a bullet ending in one, only bullets set further in.
        let trimmed = raw.trim();
        let indent = raw.len() - raw.trim_start().len();
        let listed = is_list_line(trimmed);
        if listed && self.points_over.is_some_and(|over| indent <= over) {
            self.points = false;
        }
        if trimmed.is_empty() && self.points_heading {
            self.points = false;
        }
        let points = self.points;
        if !trimmed.is_empty() && !listed {
            self.points = trimmed.ends_with(':');
            self.points_heading = is_list_heading(trimmed);
            self.points_over = None;
        }
        // A printed page's contents lines and running headers are no text.
        if is_print_furniture(raw) {
            let line = self.line(Kind::Drop, None);
            self.accept(line);
            return;
        }
        // Under a headline set as a list line, a bullet set further in that is no item of its
        // own (a title and a teaser apart) is a point of that headline's item.
        let under_headline = self.headline_over.is_some_and(|over| indent > over);
        if listed && under_headline && list_item(raw, true).is_none() {
            self.feed_body_piece(&strip_markup(raw), link);
            return;
        }
        if !trimmed.is_empty() && self.headline_over.take().is_some() {
            // The points end here: what follows is set apart from them, as a bulleted item is.
            self.set_blank();
        }
        if let Some(item) = list_item(raw, points) {
            // Bullets set further in under it are its points (`1) Title` / `   - detail`).
            self.points = true;
            self.points_heading = false;
            self.points_over = Some(indent);
            self.feed_list_item(item, link);
            return;
        }
        // (A headline, not a section's name: `4. Other`, `2. South Caucasus` head items.)
        if (listed || opens_with_list_number(trimmed)) && !trimmed.ends_with(':') {
            let plain = strip_markup(trimmed);
            let head = without_list_number(&plain);
            let words = head
                .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/'))
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            if words >= MIN_HEADLINE_WORDS && is_title_like(head) {
                self.headline_over = Some(indent);
            }
        }
        self.feed_piece(&strip_markup(raw), link);
    }

    /// Takes `raw` into the page's footer, if it belongs there. A line that opens one
    /// (`boilerplate::opens_footer`: `Our mailing address is:`, `Copyright © 2026 …`), once an
    /// item has begun, and the short lines under it (a postal address over several lines,
    /// preference links, blank lines) are held back; at the page's end they are dropped.
    /// Before any item, such an opener is dropped alone.
    /// A letter's sign-off (`Best regards,`) opens one too, its signature: a few lines of a
    /// name, a role, a telephone (which a footer's opener may follow).
    /// A longer line, or more lines than a footer (or a signature) has, shows they were not
    /// the page's footer (a copyright sentence in a list of sentences, news after a
    /// newsletter's `See you next week!`): they are fed as other lines.
    fn footer(&mut self, raw: &str) -> bool {
        let line = raw.trim();
        if self.footer.is_empty() {
            let begun = self.next_pos > 1 || self.cur.is_some();
            if !begun {
                // Before any item, a footer's opener is only itself (`(C) 2026 Wire Service.
                // All rights reserved.` under a list of headlines): no teaser of theirs.
                if !opens_footer(line) {
                    return false;
                }
                self.warnings
                    .push(format!("line {}: dropped '{line}'", self.line_no));
                return true;
            }
            if opens_footer(line) {
                self.signature = false;
            } else if is_signoff(line) {
                self.signature = true;
            } else {
                return false;
            }
        } else {
            let (longest, most) = if self.signature {
                (MAX_SIGNATURE_LINE_CHARS, MAX_SIGNATURE_LINES)
            } else {
                (MAX_FOOTER_LINE_CHARS, MAX_FOOTER_LINES)
            };
            if visible_chars(line) > longest
                || self.footer.len() == most
                || self.story_in_footer(line)
            {
                self.signature = false;
                for (no, line) in mem::take(&mut self.footer) {
                    self.at_line(no, |s| s.feed_line(&line));
                }
                return false;
            }
            if self.signature && opens_footer(line) {
                self.signature = false;
            }
        }
        self.footer.push((self.line_no, raw.to_string()));
        true
    }

    /// Whether `line` under the footer held back, with the line over it, starts a story: a
    /// headline alone after a blank line (and maybe before one; not a footer's own line, not a question or a label
    /// such as `Why am I getting this?`), then a sentence of [`STORY_SENTENCE_WORDS`] words
    /// or more. News goes on after a newsletter's `Unsubscribe:` line, as in a second mail.
    fn story_in_footer(&self, line: &str) -> bool {
        // (A blank line may set the headline apart from its sentence too.)
        let held = match self.footer.as_slice() {
            [rest @ .., (_, last)] if last.trim().is_empty() => rest,
            all => all,
        };
        let [.., (_, blank), (_, over)] = held else {
            return false;
        };
        let (blank, over) = (blank.trim(), over.trim());
        let headline = blank.is_empty()
            && !opens_footer(over)
            && is_title_like(over)
            && !over.ends_with(['?', ':'])
            && matches!(classify_line(over), LineKind::Text(_));
        headline
            && !opens_footer(line)
            && ends_with_terminator(line)
            && !starts_lowercase(line)
            && word_count(line) >= STORY_SENTENCE_WORDS
    }

    /// Reads a forwarded message's marker (`---------- Forwarded message ---------`) and the
    /// header fields under it (`From:`, `Date:`, `Subject:`... up to the blank line after
    /// them; Apple Mail sets a blank line before them too), which are dropped. Above a marker
    /// that comes before a second item, what was read is the forwarder's note (`FYI, see item
    /// 2`, `Sent from my iPhone`): the page starts again under it, with a warning.
    fn forwarded(&mut self, raw: &str) -> bool {
        let line = raw.trim();
        if let Some(fields) = self.in_forward_head {
            if line.is_empty() {
                if fields {
                    self.in_forward_head = None;
                }
                return true;
            }
            if is_mail_field(line) {
                self.in_forward_head = Some(true);
                return true;
            }
            self.in_forward_head = None;
            return false;
        }
        if !is_forward_marker(line) {
            return false;
        }
        if self.next_pos <= 2 {
            let mut warnings = mem::take(&mut self.warnings);
            let read = self.line_no > 1;
            let line_no = self.line_no;
            *self = Splitter::new();
            self.line_no = line_no;
            if read {
                warnings.push(format!(
                    "line {line_no}: dropped the lines above the forwarded message"
                ));
            }
            self.warnings = warnings;
        }
        self.in_forward_head = Some(false);
        true
    }

    /// Drops a letter's introduction before the first item (`Please find below today's press
    /// summary.`, or under a greeting `Today we bring you the main stories.`;
    /// [`is_letter_intro`]), with a warning: it is no item's text.
    fn letter_intro(&mut self, raw: &str) -> bool {
        let line = raw.trim();
        if line.is_empty() {
            return false;
        }
        let before_first = self.next_pos == 1 && self.cur.is_none() && self.header.before_first();
        let greeted = mem::replace(&mut self.greeted, before_first && is_greeting(line));
        if !before_first || !is_letter_intro(line, greeted) {
            return false;
        }
        self.greeted = greeted;
        self.warnings.push(format!(
            "line {}: dropped the letter's introduction '{line}'",
            self.line_no
        ));
        true
    }

    /// A list line holding a whole item: its date, title and teaser, on the same line number,
    /// a new item whatever came before.
    fn feed_list_item(&mut self, item: ListItem, link: Option<String>) {
        // (The held line's blank line after it, if one was, before this item's own.)
        if self.blank {
            if let Some(held) = self.held.as_mut() {
                held.blank_after = true;
            }
        }
        self.set_blank();
        if item.title.is_none() {
            // No title to open the item: what came before ends here, as at the page's end,
            // waiting headlines (or a section's heading) included.
            self.resolve_all();
            if let Some(b) = self.cur.as_mut() {
                b.closed = true;
            }
        }
        // The line held for lookahead is no piece of this item (a heading over the list).
        self.process_held();
        self.in_list_item = true;
        if let Some(d) = &item.date {
            self.feed_piece(d, None);
        }
        // The teaser is body text whatever its shape: one that reads as a headline (`… a day.
        // #energy`) would otherwise wait as a title and end as the page's header.
        match &item.title {
            Some(title) => {
                self.feed_piece(title, link);
                if !item.teaser.is_empty() {
                    self.feed_body_piece(&item.teaser, None);
                }
            }
            None => self.feed_body_piece(&item.teaser, link),
        }
        // Its last piece taken in now, while it is known to be the item's (the next line is
        // set apart, so the lookahead has nothing to join).
        self.process_held();
        self.in_list_item = false;
        self.set_blank();
    }

    /// The line being fed, as `kind`.
    fn line(&mut self, kind: Kind, link: Option<String>) -> Line {
        Line {
            no: self.line_no,
            kind,
            blank_before: mem::take(&mut self.blank),
            blank_after: false,
            blanks: self.blanks,
            link,
        }
    }

    fn set_blank(&mut self) {
        self.blank = true;
        self.blanks += 1;
    }

    /// Classifies one piece of a physical line (the line, or a bulleted item's title or
    /// teaser) and takes it in.
    fn feed_piece(&mut self, raw: &str, link: Option<String>) {
        self.feed_classified(raw, link, false);
    }

    /// Like [`Splitter::feed_piece`], for a piece known to be body text if it is text.
    fn feed_body_piece(&mut self, raw: &str, link: Option<String>) {
        self.feed_classified(raw, link, true);
    }

    fn feed_classified(&mut self, raw: &str, link: Option<String>, body: bool) {
        let Some(mut kind) = classify(normalize_line(raw)) else {
            self.set_blank();
            return;
        };
        if let Kind::Text(t) = &mut kind {
            t.body |= body;
        }
        let line = self.line(kind, link);
        self.accept(line);
    }

    /// Processes the line held for lookahead, if any.
    fn process_held(&mut self) {
        if let Some(line) = self.held.take() {
            self.process(line);
        }
    }

    /// Processes the held line and resolves every waiting line without a body.
    fn resolve_all(&mut self) {
        self.process_held();
        self.resolve_pending(End::Page);
    }

    /// Applies the rules that need one line of lookahead, then processes the previous line.
    fn accept(&mut self, mut line: Line) {
        let Some(mut prev) = self.held.take() else {
            self.held = Some(line);
            return;
        };
        // A link set apart above a line and directly on it is that line's (`https://…` over a
        // title): handed on, not given to the item above.
        if let Kind::Link(url) = &mut prev.kind {
            let onto_text = !matches!(line.kind, Kind::Link(_));
            if prev.blank_before && !line.blank_before && line.link.is_none() && onto_text {
                // The link line is transparent: the line after it is set apart as it was.
                line.link = Some(mem::take(url));
                line.blank_before = true;
                self.held = Some(line);
                return;
            }
        }
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
            // A title-like line followed by a line in lower case: a wrapped paragraph (not a
            // bulleted item's title and teaser, which its line sets apart).
            match (&mut prev.kind, &line.kind) {
                (Kind::Text(p), Kind::Text(n))
                    if !self.in_list_item
                        && !p.marker
                        && !p.body
                        && starts_lowercase(&n.text)
                        && is_title_like(&p.text) =>
                {
                    let mut first = p.full.take().unwrap_or_else(|| mem::take(&mut p.text));
                    let first_len = first.chars().count();
                    join_wrapped(&mut first, n.full.as_deref().unwrap_or(&n.text));
                    // A headline's last words wrapped onto a shorter line (`…backed by
                    // Russian` / `assets`) still make a headline, not a paragraph.
                    let headline =
                        !n.marker && n.text.chars().count() < first_len && is_title_like(&first);
                    p.text = first;
                    p.marker = n.marker;
                    p.body = !headline;
                    p.last_len = n.last_len;
                    prev.link = prev.link.or(line.link);
                    self.held = Some(prev);
                    return;
                }
                _ => {}
            }
        }
        prev.blank_after = line.blank_before;
        self.process(prev);
        self.held = Some(line);
    }

    fn has_pending_title(&self) -> bool {
        self.pending.iter().any(|p| matches!(p, Pending::Short(_)))
    }

    fn process(&mut self, line: Line) {
        self.line_blanks = line.blanks;
        match line.kind {
            Kind::Drop | Kind::Credit => {
                // Its link is the navigation's or the credit's (`Unsubscribe <https://…>`).
                self.last_body = None;
                return;
            }
            Kind::Link(url) => {
                // A second address alone on its line for the same item (a list of bare links)
                // is said, not lost unseen.
                if let Some(had) = self.link_target().filter(|had| **had != url) {
                    let w = format!(
                        "line {}: dropped the link {url}: its item has {had}",
                        line.no
                    );
                    self.warnings.push(w);
                }
                // A link line under a teaser ends its item, as a read-more line does: a
                // paragraph after it is another item (`Teaser.` / `Read more <https://…>`).
                let after_body = self.last_body.take().is_some();
                if let Some(b) = self.on_link(url).filter(|_| after_body) {
                    b.closed = true;
                    b.in_sentences = !b.item.text.contains("\n\n");
                }
            }
            Kind::Date(d) => {
                self.last_body = None;
                let apart = line.blank_before && line.blank_after;
                self.on_date(line.no, line.blank_before, apart, d);
            }
            Kind::Marker => {
                if self.last_body.take().is_some() {
                    // "teaser...\nRead more": drop the ellipsis as for an inline marker.
                    if let Some(b) = self.cur.as_mut() {
                        let kept = clean_before_marker(&b.item.text).len();
                        b.item.text.truncate(kept);
                    }
                }
                self.on_marker();
            }
            Kind::Text(t) if line.blank_after && is_list_heading(&t.text) => {
                self.warnings.push(format!(
                    "line {}: dropped list heading '{}'",
                    line.no, t.text
                ));
                self.last_body = None;
                return;
            }
            Kind::Text(t) => self.on_text(line.no, line.blank_before, t),
        }
        if let Some(url) = line.link {
            self.on_link(url);
        }
    }

    /// The address a link taken in now would find already set ([`Splitter::on_link`]).
    fn link_target(&self) -> Option<&String> {
        let waiting = self.pending.iter().rev().find_map(|p| match p {
            Pending::Short(s) => Some(s),
            Pending::Date { .. } => None,
        });
        match waiting {
            Some(s) => s.link.as_ref(),
            None => self.cur.as_ref()?.item.url.as_ref(),
        }
    }

    /// A link on or by the line just taken in: the title waiting last's, else the open
    /// item's, unless it has one. The open item when the link went to it.
    fn on_link(&mut self, url: String) -> Option<&mut Building> {
        let waiting = self.pending.iter_mut().rev().find_map(|p| match p {
            Pending::Short(s) => Some(s),
            Pending::Date { .. } => None,
        });
        if let Some(s) = waiting {
            s.link.get_or_insert(url);
            return None;
        }
        let b = self.cur.as_mut()?;
        b.item.url.get_or_insert(url);
        Some(b)
    }

    fn on_text(&mut self, no: usize, blank_before: bool, t: Text) {
        // (After a sentence's end, a line that opens with a list's number, `2. Title`, is the
        // next entry of a numbered list, not the paragraph's wrapped line.)
        let wrapped = !blank_before
            && self.pending.is_empty()
            && self.last_body.is_some_and(|(len, ends)| {
                len <= WRAP_MAX
                    && (!ends
                        || (self.seen.wrapped
                            && len >= WRAP_MIN
                            && !opens_with_list_number(&t.text)))
            });
        match self.cur.as_mut() {
            Some(b) if wrapped && !b.closed => {
                self.seen.wrapped |= self.last_body.is_some_and(|(_, ends)| !ends);
                let text = t.full.unwrap_or(t.text);
                join_wrapped(&mut b.item.text, &text);
                b.closed = t.marker;
                self.last_body = Some((t.last_len, ends_with_terminator(&text)));
                return;
            }
            _ => {}
        }
        if !t.body && !t.marker && self.header.repeats(t.full.as_deref().unwrap_or(&t.text)) {
            self.warnings
                .push(format!("line {no}: dropped running header '{}'", t.text));
            return;
        }
        if !t.body && !t.marker && is_title_like(&t.text) {
            self.last_body = None;
            self.push_pending(Pending::Short(Short {
                no,
                blanks: self.line_blanks,
                text: t.text,
                full: t.full,
                date: t.date,
                blank_before,
                link: None,
                listed: self.in_list_item || self.in_chat,
            }));
            return;
        }
        let mut t = t;
        if !blank_before && self.wrapped_under_title() {
            if let Some(Pending::Short(first)) = self.pending.pop() {
                t.text = format!("{} {}", first.full.unwrap_or(first.text), t.text);
            }
        }
        let in_sentences = blank_before && self.paragraph_items(&t.text);
        self.on_body(t);
        if in_sentences {
            if let Some(b) = self.cur.as_mut() {
                b.in_sentences = true;
            }
        }
    }

    /// Whether a paragraph set apart (`text`) under an untitled item of one paragraph is an
    /// item of its own, and both are written in sentences (`Kazakhstan to build a second
    /// nuclear plant. The state company said…`): both open with a headline set as a sentence
    /// ([`headline_sentence`]). The open item is then closed and titled from its first
    /// sentence when it is released, as the new one will be. Paragraphs under a title are its
    /// body, and so are an untitled article's (`The ministers met on Friday. …` / `Both sides
    /// described…`).
    fn paragraph_items(&mut self, text: &str) -> bool {
        let Some(b) = self.cur.as_mut() else {
            return false;
        };
        let one_paragraph = !b.item.text.is_empty() && !b.item.text.contains("\n\n");
        let apart = self.pending.is_empty()
            && !b.closed
            && b.item.title.is_none()
            && one_paragraph
            && headline_sentence(&b.item.text)
            && headline_sentence(text);
        if apart {
            b.in_sentences = true;
            b.closed = true;
        }
        apart
    }

    /// True when the two waiting lines are a headline and, directly under it, the first line
    /// of its teaser that happens to look like a title ("…said the office would help Kyrgyz
    /// exporters meet" / "EU standards…"), the teaser's next line directly under that: on a
    /// page that hard-wraps its teasers, a long second line is wrapped text, not a title.
    fn wrapped_under_title(&self) -> bool {
        if !self.seen.wrapped {
            return false;
        }
        match self.pending.as_slice() {
            [Pending::Short(head), Pending::Short(line)] => {
                !line.blank_before
                    && head.date.is_none()
                    && line.date.is_none()
                    && word_count(&head.text) > KICKER_MAX_WORDS
                    && (WRAP_MIN..=WRAP_MAX).contains(&line.text.chars().count())
            }
            _ => false,
        }
    }

    fn on_body(&mut self, t: Text) {
        if !self.pending.is_empty() {
            self.resolve_pending(End::Body);
        } else if let Some(b) = self.cur.as_mut().filter(|b| b.article_head) {
            // The article's body, under its head (see `Building::article_head`).
            b.article_head = false;
            b.closed = false;
        } else if self
            .cur
            .as_ref()
            .is_none_or(|b| b.closed || opens_entry(b, &t))
        {
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
        let leading = t.date.as_deref().is_some_and(|d| leads_with(&t, d));
        if let Some(d) = t.date {
            if b.item.date.is_none() {
                b.entry_dated = leading;
                b.item.date = Some(d);
            } else {
                let w = format!("item {}: extra date '{d}' ignored", b.item.position);
                b.item.warnings.push(w);
            }
        }
        b.closed = t.marker;
        self.last_body = Some((t.last_len, ends));
    }

    /// A date line; `apart` when blank lines set it apart on both sides.
    fn on_date(&mut self, no: usize, blank_before: bool, apart: bool, d: String) {
        // A bulleted item's own date (`• 06.12.2026 — Title…`) is never the item above's.
        if self.in_list_item {
            self.push_pending(Pending::Date { no, text: d });
            return;
        }
        // On a page whose first title had a date set apart above it (the page's date), a date
        // set apart and written as that one was heads the items under it as that one did
        // (`14 October 2025` / items / `10 October 2025` / items): it is theirs, not the item's
        // above, once an item has shown that dates do not follow every item. (Until then it
        // reads both ways, and is the item's above; a newsletter's masthead date and its
        // stories' dates are written apart.)
        let heading = self
            .page_date
            .as_ref()
            .is_some_and(|p| apart && self.seen.own_undated && date_shape(p) == date_shape(&d));
        if heading && self.pending.is_empty() {
            self.page_date = Some(d);
            return;
        }
        let layout = self.seen.dates;
        // A name of a few words directly under a teaser and a date directly under the name
        // are the item's byline and date (`Teaser.` / `Ana Ruiz` / `Dec 1, 2024`), where
        // dates have not been seen over titles (nor under them).
        let byline = match self.pending.as_slice() {
            [Pending::Short(s)] => {
                !s.blank_before
                    && !blank_before
                    && s.date.is_none()
                    && s.link.is_none()
                    && word_count(&s.text) <= KICKER_MAX_WORDS
            }
            _ => false,
        };
        let open = self
            .cur
            .as_ref()
            .is_some_and(|b| !b.closed && b.item.date.is_none() && !b.item.text.is_empty());
        let after_body = matches!(layout, DateLayout::Unknown | DateLayout::AfterBody);
        let mut dropped_byline = false;
        if byline && open && after_body {
            if let Some(Pending::Short(s)) = self.pending.pop() {
                self.warnings
                    .push(format!("line {}: dropped byline '{}'", s.no, s.text));
                dropped_byline = true;
            }
        }
        let attach_to = self.cur.as_mut().filter(|b| match layout {
            DateLayout::BeforeTitle => false,
            DateLayout::AfterTitle | DateLayout::AfterBody => b.item.date.is_none(),
            DateLayout::Unknown => b.item.date.is_none() && !b.closed,
        });
        match attach_to {
            Some(b) if self.pending.is_empty() => {
                b.item.date = Some(d);
                b.closed = true;
                b.article_head = dropped_byline && b.item.position == 1 && b.item.title.is_some();
                // (An untitled item, a letter's introduction maybe, shows no layout.)
                if layout == DateLayout::Unknown && b.item.title.is_some() {
                    self.seen.dates = DateLayout::AfterBody;
                }
            }
            _ => self.push_pending(Pending::Date { no, text: d }),
        }
    }

    fn on_marker(&mut self) {
        let shorts = self
            .pending
            .iter()
            .filter(|p| matches!(p, Pending::Short(_)))
            .count();
        if shorts >= 2 {
            // Title, then a short teaser, then the marker: the last short line is the teaser.
            let i = self
                .pending
                .iter()
                .rposition(|p| matches!(p, Pending::Short(_)));
            if let Some(Pending::Short(s)) = i.map(|i| self.pending.remove(i)) {
                let last_len = s.text.chars().count();
                let t = Text {
                    text: clean_before_marker(&s.text).to_string(),
                    full: s.full,
                    date: s.date,
                    marker: true,
                    body: true,
                    last_len,
                };
                self.on_body(t);
                if let Some(url) = s.link {
                    self.on_link(url);
                }
            }
        } else if shorts == 1 {
            // A lone title with a marker: a title-only item.
            self.resolve_pending(End::Marker);
            if let Some(b) = self.cur.as_mut() {
                b.closed = true;
            }
        } else if let Some(b) = self.cur.as_mut() {
            b.closed = true;
        }
    }

    fn push_pending(&mut self, p: Pending) {
        self.pending.push(p);
        if self.pending.len() > MAX_PENDING {
            self.resolve_pending(End::Overflow);
        }
    }

    /// Resolves the waiting title-like and date lines, because of `end`.
    ///
    /// When a body or a marker ends the wait, the last title-like line is the title of a new
    /// item, with the date next to it; the waiting lines before it are the page header (before
    /// the first item), title-only items or dropped kickers, and their dates. When nothing
    /// follows (too many waiting lines, or the end of the page), every waiting line is one of
    /// those (all but the newest on overflow), and a date goes to the open item if it has none.
    fn resolve_pending(&mut self, end: End) {
        let opens = matches!(end, End::Body | End::Marker);
        if end == End::Body && self.in_dated_article() {
            self.keep_as_subheadings();
            return;
        }
        let keep = usize::from(end == End::Overflow);
        if !opens && self.pending.len() <= keep {
            return;
        }
        let cut = self.pending.len() - keep;
        let mut entries: Vec<Pending> = self.pending.drain(..cut).collect();
        let first = self.header.before_first();
        let had_dates = entries.iter().any(|p| matches!(p, Pending::Date { .. }));
        // The title and the dates after it, if a new item opens.
        let mut title_at = entries
            .iter()
            .rposition(|p| matches!(p, Pending::Short(_)))
            .filter(|_| opens);
        // A headline whose last words wrapped onto a short line of their own (`…a Loan Backed
        // by Frozen` / `Assets`) is one title.
        if let Some(i) = title_at.filter(|&i| i > 0) {
            if let [Pending::Short(a), Pending::Short(b)] = &entries[i - 1..=i] {
                if wraps_into(a, b) {
                    let Pending::Short(b) = entries.remove(i) else {
                        unreachable!("matched as a title above")
                    };
                    if let Pending::Short(a) = &mut entries[i - 1] {
                        let mut text = a.full.take().unwrap_or_else(|| mem::take(&mut a.text));
                        join_wrapped(&mut text, b.full.as_deref().unwrap_or(&b.text));
                        a.text = text;
                        a.link = a.link.take().or(b.link);
                    }
                    title_at = Some(i - 1);
                }
            }
        }
        let after_title = title_at.map(|i| entries.split_off(i)).unwrap_or_default();

        // The lines before the title: header lines, orphans and their dates.
        let mut intake = self.header.intake(first, opens, &entries);
        // A date before the title, waiting for an orphan or the title.
        let mut pending: Option<(usize, String)> = None;
        let mut made_orphan = false;
        // Whether the line before was made a title-only item, and whether a blank line
        // preceded it. A short line continues such a run (it is a headline) unless a blank
        // line sets it apart from a run without blank lines (a section heading, maybe).
        let mut run: Option<bool> = None;
        // The date written on a header line.
        let mut header_date: Option<String> = None;
        let last = entries.len().saturating_sub(1);
        let ignored = if opens { "extra date" } else { "date" };
        for (i, p) in entries.into_iter().enumerate() {
            match p {
                Pending::Date { no, text } => {
                    intake.date_seen();
                    if !opens && !made_orphan && pending.is_none() {
                        if let Some(b) = self.cur.as_mut().filter(|b| b.item.date.is_none()) {
                            b.item.date = Some(text);
                            continue;
                        }
                    }
                    if let Some((old_no, old)) = pending.replace((no, text)) {
                        self.warnings
                            .push(format!("line {old_no}: {ignored} '{old}' ignored"));
                    }
                }
                Pending::Short(s) => {
                    if intake.offer(&s) {
                        // A header line's own date, with its day (`Press summary – 25 April
                        // 2024`, `Daily brief 2024-04-25`), is the page's date.
                        let d = s.date.filter(|d| has_day_and_year(d));
                        header_date = header_date.or(d).or_else(|| ending_date(&s.text));
                        // Set now: the title-only items made below are released at once.
                        if first && self.page_date.is_none() {
                            self.page_date.clone_from(&header_date);
                        }
                        run = None;
                        continue;
                    }
                    // Directly above a title that opens an item, a short line is its kicker.
                    let in_run =
                        run.is_some_and(|blank| blank || !s.blank_before) && !(opens && i == last);
                    let blank_before = s.blank_before;
                    // A date set apart above the page's first title is the page's date, as
                    // when a body follows (below): every undated headline's.
                    if first && !made_orphan && blank_before && self.page_date.is_none() {
                        if let Some((_, d)) = pending.take() {
                            self.page_date = Some(d);
                        }
                    }
                    let d = s.date.or_else(|| pending.take().map(|p| p.1));
                    let made = self.orphan(s.no, s.text, d, in_run, s.link);
                    made_orphan |= made;
                    run = made.then_some(blank_before);
                }
            }
        }
        let header_lines = intake.lines;
        let took_header = !header_lines.is_empty();
        if first && self.page_date.is_none() {
            self.page_date = header_date;
        }
        if first {
            self.header.start(header_lines);
        }
        if !opens {
            if let Some((no, text)) = pending {
                if keep > 0 {
                    self.pending.insert(0, Pending::Date { no, text });
                } else {
                    self.warnings
                        .push(format!("line {no}: date '{text}' ignored"));
                }
            }
            return;
        }

        // The new item: its title and date.
        let mut title: Option<Short> = None;
        let mut date: Option<String> = None;
        let mut date_before: Option<bool> = None;
        let mut after_title = after_title.into_iter();
        if let Some(Pending::Short(s)) = after_title.next() {
            if let Some(d) = s.date.clone() {
                date = Some(d);
                if let Some((old_no, old)) = pending.take() {
                    self.warnings
                        .push(format!("line {old_no}: extra date '{old}' ignored"));
                }
            } else if let Some((_, d)) = pending.take() {
                // A date set apart above the first title (a blank line between) is the page's
                // date, every undated item's when it is released (a date under the first
                // teaser is still the first item's); it says nothing of where items keep theirs.
                if first && s.blank_before {
                    self.page_date = Some(d);
                } else {
                    date_before = Some(true);
                    date = Some(d);
                }
            }
            title = Some(s);
        }
        for p in after_title {
            if let Pending::Date { no, text } = p {
                if date.is_none() {
                    date = Some(text);
                    date_before.get_or_insert(false);
                } else {
                    self.warnings
                        .push(format!("line {no}: extra date '{text}' ignored"));
                }
            }
        }
        if let Some((_, d)) = pending.take() {
            // Dates with no title after them: the new (untitled) item's date.
            date = Some(d);
            date_before = Some(true);
        }
        match date_before {
            Some(true) if self.seen.dates == DateLayout::Unknown => {
                self.seen.dates = DateLayout::BeforeTitle;
            }
            Some(false) if self.seen.dates == DateLayout::Unknown => {
                self.seen.dates = DateLayout::AfterTitle;
            }
            _ => {}
        }
        // Whether the title was directly followed by its body: no blank line between them
        // (a byline or navigation line dropped between them does not count).
        let gap = match &title {
            Some(s) if end == End::Body => Some(s.blanks == self.line_blanks),
            _ => None,
        };
        // A bulleted item's title is never the page's header.
        let listed = title.as_ref().is_some_and(|s| s.listed);
        let (title, link) = title.map(|s| (s.text, s.link)).unzip();
        self.open_item(title, date, gap).item.url = link.flatten();
        if first && !listed {
            self.header.wait_for_second(took_header, had_dates, gap);
        }
    }

    /// The waiting title-like lines are subheadings of the open item (see
    /// [`in_dated_article`](Self::in_dated_article)): they stay in its text.
    fn keep_as_subheadings(&mut self) {
        let pending = mem::take(&mut self.pending);
        let Some(b) = self.cur.as_mut() else {
            return;
        };
        for p in pending {
            if let Pending::Short(s) = p {
                let text = s.full.unwrap_or(s.text);
                let w = format!("item {}: '{text}' kept as a subheading", b.item.position);
                b.item.warnings.push(w);
                b.item.text.push_str("\n\n");
                b.item.text.push_str(&text);
            }
        }
    }

    /// True when the waiting title-like lines are subheadings of the open item: every item so
    /// far has a date next to its title (or after its body), and these lines have none.
    fn in_dated_article(&self) -> bool {
        let Some(b) = self.cur.as_ref() else {
            return false;
        };
        let undated_shorts = self
            .pending
            .iter()
            .all(|p| matches!(p, Pending::Short(s) if s.date.is_none() && !s.listed));
        if b.closed || !undated_shorts || self.seen.undated || b.item.title.is_none() {
            return false;
        }
        match self.seen.dates {
            DateLayout::BeforeTitle | DateLayout::AfterTitle => b.item.date.is_some(),
            DateLayout::AfterBody => b.item.position > 1 && b.item.date.is_none(),
            DateLayout::Unknown => false,
        }
    }

    /// A title-like line with no body of its own: a title-only item, or dropped if it is a
    /// kicker of one to three words. Inside a run of title-only items (`in_run`) a line of two
    /// or three words is a short headline (`Cumbre en Lima`), not a kicker. Returns whether an
    /// item was made.
    fn orphan(
        &mut self,
        no: usize,
        title: String,
        date: Option<String>,
        in_run: bool,
        link: Option<String>,
    ) -> bool {
        let words = word_count(&title);
        if words <= KICKER_MAX_WORDS && !(in_run && words > 1) {
            self.warnings
                .push(format!("line {no}: dropped short line '{title}'"));
            return false;
        }
        let b = self.open_item(Some(title), date, None);
        b.closed = true;
        b.item.url = link;
        true
    }

    /// Starts a new item (completing the open one); `gap` is whether its title was directly
    /// followed by its body, when both are known.
    fn open_item(
        &mut self,
        title: Option<String>,
        date: Option<String>,
        gap: Option<bool>,
    ) -> &mut Building {
        if let Some(b) = self.cur.take() {
            self.emit(b);
        }
        let position = self.next_pos;
        self.next_pos += 1;
        if position == 2 {
            if let Some(first) = self.header.settle(title.is_some(), gap) {
                self.release(first);
            }
        }
        self.header.mark_started();
        self.last_body = None;
        let title = title.map(strip_list_number);
        self.cur.insert(Building {
            item: Item {
                position,
                title,
                text: String::new(),
                date,
                url: None,
                warnings: Vec::new(),
            },
            closed: false,
            entry_dated: false,
            in_sentences: false,
            page_date: self.page_date.clone(),
            article_head: false,
        })
    }

    /// Completes an item: released now, or held by [`Header`] if it is the first and its
    /// title may be the header.
    fn emit(&mut self, b: Building) {
        let mut item = b.item;
        if item.date.is_none() {
            self.seen.own_undated |= !item.text.is_empty();
            item.date = b.page_date;
        }
        if b.in_sentences {
            title_from_sentence(&mut item);
            self.first_in_sentences |= item.position == 1;
        }
        if let Some(item) = self.header.hold(item) {
            self.release(item);
        }
    }

    fn release(&mut self, mut item: Item) {
        let pos = item.position;
        if pos == 1 && self.first_in_sentences {
            // Its title may have been the page header.
            title_from_sentence(&mut item);
        }
        self.seen.undated |= item.date.is_none();
        let mut warnings = Vec::new();
        if item.title.is_none() {
            warnings.push(format!("item {pos}: no title"));
        }
        let n = item.text.chars().count();
        if n == 0 && item.title.is_some() {
            // Counted, and named once at the end of the page (`finish`): a headline list is no
            // cause for a warning per item, nor for any when headlines are all the page holds.
            if !self.seen.only_titles {
                self.seen.headlines += 1;
                self.seen.first_headline.get_or_insert(pos);
            }
        } else if n == 0 {
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
        self.hand_out(item);
    }

    /// Hands a released item out, through the table-of-contents check: the headlines that open
    /// a page before any item with a body are held back ([`MAX_CONTENTS`] at most); when the
    /// first item with a body bears the first one's title (the same words, any case: `IN THIS
    /// ISSUE` / `1. Danube ports…` / … / `1. DANUBE PORTS…` / its story), they were the
    /// page's table of contents and are dropped, with a warning, and the items after them
    /// numbered on from 1. Otherwise they are handed out as they were.
    fn hand_out(&mut self, mut item: Item) {
        let Some(run) = self.contents.as_mut() else {
            self.out.push(item);
            return;
        };
        if item.text.is_empty() && item.title.is_some() && run.len() < MAX_CONTENTS {
            run.push(item);
            return;
        }
        let run = self.contents.take().unwrap_or_default();
        let contents = !item.text.is_empty()
            && run
                .first()
                .and_then(|first| first.title.as_deref())
                .is_some_and(|first| {
                    item.title
                        .as_deref()
                        .is_some_and(|title| super::same_words(first, title))
                });
        if !contents {
            self.out.extend(run);
            self.out.push(item);
            return;
        }
        let dropped = run.len();
        let headlines = match dropped {
            1 => "1 headline".to_string(),
            n => format!("{n} headlines"),
        };
        self.warnings.push(format!(
            "page: dropped the table of contents ({headlines} that the items under it repeat)"
        ));
        self.seen.headlines -= dropped;
        self.seen.first_headline = None;
        renumber(&mut item, dropped);
        if let Some(b) = self.cur.as_mut() {
            renumber(&mut b.item, dropped);
        }
        self.next_pos -= dropped;
        self.out.push(item);
    }
}

/// Whether a paragraph opens with a headline set as a sentence and goes on after it
/// ([`sentence_title`]), its first word a name rather than an English or Spanish function
/// word: a headline names its subject (`Kazakhstan signs…`, `Georgia's parliament passes…`);
/// an article's sentences open with `The`, `Both`, `It`, `El`... An acronym in capitals (`US`,
/// `UE`) is a name.
fn headline_sentence(text: &str) -> bool {
    static FUNCTION_WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let function_words = FUNCTION_WORDS.get_or_init(|| {
        ["en", "es"]
            .iter()
            .flat_map(|l| stop_words::lookup(l).unwrap_or_default().iter().copied())
            .collect()
    });
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    let acronym = first
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit());
    let name = acronym || !function_words.contains(first.to_lowercase().as_str());
    name && sentence_title(text).is_some_and(|(_, teaser)| !teaser.is_empty())
}

/// Moves an item `by` places up, its warnings' `item N:` with it.
fn renumber(item: &mut Item, by: usize) {
    let old = format!("item {}:", item.position);
    item.position -= by;
    let new = format!("item {}:", item.position);
    for w in &mut item.warnings {
        if let Some(rest) = w.strip_prefix(&old) {
            *w = format!("{new}{rest}");
        }
    }
}

/// What the page has shown so far.
#[derive(Debug, Default)]
struct Seen {
    /// Where dates sit relative to titles.
    dates: DateLayout,
    /// An item without a date was completed.
    undated: bool,
    /// An item with a text and no date of its own (the page's aside) was completed.
    own_undated: bool,
    /// Items completed with a title and no body, and the first of them.
    headlines: usize,
    first_headline: Option<usize>,
    /// The page is one to three title-like lines and nothing else: its items are those lines.
    only_titles: bool,
    /// A line was joined to a previous one that did not end a sentence: the page is
    /// hard-wrapped.
    wrapped: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum DateLayout {
    #[default]
    Unknown,
    BeforeTitle,
    AfterTitle,
    AfterBody,
}

/// What ends the wait of the pending lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// A body line (the line being processed): the last title-like line is its title.
    Body,
    /// A read-more marker after a lone title: a title-only item.
    Marker,
    /// Too many lines wait: all but the newest are resolved without a body.
    Overflow,
    /// The page ended (or an untitled item of a bulleted list starts).
    Page,
}

#[derive(Debug)]
struct Building {
    item: Item,
    /// A read-more marker or a trailing date ended the body: more text starts a new item.
    closed: bool,
    /// Its date opened a paragraph of its text (`12 January — Ministers meet…`): the first
    /// entry of a chronology, if the next paragraph opens with one too ([`opens_entry`]).
    entry_dated: bool,
    /// A link line ended its one paragraph (`Title. Teaser.` / `https://…`): an item written
    /// in sentences, as a bulleted one may be.
    in_sentences: bool,
    /// The page's date (or the date heading over the item) when the item opened: its date if
    /// it has none of its own.
    page_date: Option<String>,
    /// A byline and a date under its first paragraph closed the page's first item: the head
    /// of an article (headline, standfirst, author, date), whose untitled body goes on under
    /// it, past a share bar, rather than opening an item of its own.
    article_head: bool,
}

/// A block of lines under a label of its own, held back by [`Splitter::labelled`] until its
/// lines show what it is.
#[derive(Debug)]
struct Labelled {
    kind: LabelKind,
    /// The label's line and the lines after it, with their numbers.
    lines: Vec<(usize, String)>,
    /// How many lines went on under the label (blank ones aside).
    body: usize,
}

/// What a labelled block may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    /// Links to other pages: headlines, one a line.
    Related,
    /// An advertisement: its title and text.
    Ad,
}

/// Whether `b`, directly under the headline `a`, is its last words wrapped onto a line of their
/// own: a few words, far shorter than a line that reached the page's width, making a headline
/// with it.
fn wraps_into(a: &Short, b: &Short) -> bool {
    let (a_len, b_len) = (a.text.chars().count(), b.text.chars().count());
    !b.blank_before
        && !a.listed
        && !b.listed
        && a.date.is_none()
        && b.date.is_none()
        && a_len >= WRAP_MIN
        && b_len * 3 <= a_len
        && word_count(&b.text) <= KICKER_MAX_WORDS
        && !ends_with_terminator(&a.text)
        && is_title_like(&format!("{} {}", a.text, b.text))
}

/// A heading of a few words that ends in a colon (`Weekly wrap:`, *Lo esencial:*): set apart
/// from what follows, it heads a list, and is no text of its own.
fn is_list_heading(line: &str) -> bool {
    line.ends_with(':') && word_count(line) <= KICKER_MAX_WORDS
}

/// Appends `next`, the wrapped line under `text`, after a space; or without one, and without
/// the hyphen, when the hyphen breaks a word that `next` goes on with (`Rus-` / `sia`, as text
/// copied from a PDF has it): a letter before the hyphen, a lowercase letter after the break.
fn join_wrapped(text: &mut String, next: &str) {
    let broken = text.strip_suffix('-').is_some_and(|head| {
        head.chars().next_back().is_some_and(char::is_alphabetic)
            && next.chars().next().is_some_and(char::is_lowercase)
    });
    match broken {
        true => {
            text.pop();
        }
        false => text.push(' '),
    }
    text.push_str(next);
}

/// An untitled item written in sentences takes its first sentence as its title when it reads
/// as a headline (`EU and Chile sign a minerals pact. Leaders agreed…`).
/// Whether paragraph `t` is an entry of its own under item `b`, dated untitled or dated by a
/// paragraph's opening date: it opens with a date of its own (a chronology's `12 January —
/// Ministers meet…` / `3 February — …`).
fn opens_entry(b: &Building, t: &Text) -> bool {
    (b.item.title.is_none() || b.entry_dated)
        && !b.item.text.is_empty()
        && b.item.date.is_some()
        && t.date.as_deref().is_some_and(|d| leads_with(t, d))
}

/// Whether text line `t` opened with its date `date`.
fn leads_with(t: &Text, date: &str) -> bool {
    t.full.as_deref().is_some_and(|f| {
        f.trim_start()
            .trim_start_matches(['*', '_'])
            .starts_with(date)
    })
}

fn title_from_sentence(item: &mut Item) {
    if item.title.is_none() {
        if let Some((title, teaser)) = sentence_title(&item.text) {
            item.title = Some(strip_list_number(title));
            item.text = teaser;
        }
    }
}

#[derive(Debug)]
struct Line {
    no: usize,
    kind: Kind,
    blank_before: bool,
    /// A blank line came after it (known once the next line is: see `accept`).
    blank_after: bool,
    /// [`Splitter::blanks`] when it was fed.
    blanks: usize,
    /// The address of the line's first Markdown link.
    link: Option<String>,
}

/// A title-like line waiting for a body.
#[derive(Debug)]
pub(super) struct Short {
    no: usize,
    /// [`Splitter::blanks`] when the line came.
    blanks: usize,
    pub(super) text: String,
    pub(super) full: Option<String>,
    date: Option<String>,
    pub(super) blank_before: bool,
    /// The line's link ([`Splitter::on_link`]).
    pub(super) link: Option<String>,
    /// The title of a bulleted item or a table row: an item's, never a subheading or the
    /// page header.
    pub(super) listed: bool,
}

/// A line waiting for a body.
#[derive(Debug)]
pub(super) enum Pending {
    Short(Short),
    Date { no: usize, text: String },
}
