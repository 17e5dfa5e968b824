//! Owns the page header decision, in one place: which title-like lines before the first item
//! are the page header, and whether a first item's title is really the header.
//!
//! Invariant: while the decision is open the first item is held here, and [`Header::decided`]
//! returns `None`; the second item (or the end of the page) settles it.

use super::splitter::{Pending, Short};
use super::Item;
use crate::segment::word_count;

/// Most header lines taken from a first block of title-like lines that never gets a body.
const MAX_HEADER_LINES: usize = 3;

/// The page header and the first item while the header is undecided.
///
/// If the page has no header line before the first title (a single title-like line, then a
/// body, no date), that title stays the first item's only when the second item also has a
/// title with the same spacing (blank line or not) before its body; otherwise it is the header.
/// Until then the first item is held here.
#[derive(Debug, Default)]
pub(super) struct Header {
    /// The header so far.
    text: Option<String>,
    /// The lines `text` was joined from.
    lines: Vec<String>,
    /// The lines before the first item have been resolved (or the first item exists).
    started: bool,
    /// Set while the first item's title might still be the header: whether that title was
    /// directly followed by its body.
    first_gap: Option<bool>,
    /// The first item, held until `first_gap` is settled.
    held_first: Option<Item>,
}

impl Header {
    /// The header, once decided.
    pub(super) fn decided(&self) -> Option<&str> {
        if self.first_gap.is_some() {
            return None;
        }
        self.text.as_deref()
    }

    /// Whether `line` is one of the header's lines, seen again: a printed page's running
    /// header, copied with every page.
    pub(super) fn repeats(&self, line: &str) -> bool {
        self.lines.iter().any(|l| l == line)
    }

    /// Ends the page: the header as decided.
    pub(super) fn into_text(self) -> Option<String> {
        self.text
    }

    /// No item exists and no header lines were taken yet.
    pub(super) fn before_first(&self) -> bool {
        !self.started
    }

    pub(super) fn mark_started(&mut self) {
        self.started = true;
    }

    /// How header lines are taken from `entries`, the waiting lines before a title (`opens`)
    /// or without one. Before the first title at most three title-like lines are the header,
    /// all of them; without a title, or when more lines wait (a run of headlines before the
    /// first item with a body), the first contiguous block of at most three lines is (only
    /// one when the block is longer: a headline list under a one-line header).
    pub(super) fn intake(&self, first: bool, opens: bool, entries: &[Pending]) -> Intake {
        let shorts = entries
            .iter()
            .filter(|p| matches!(p, Pending::Short(_)))
            .count();
        let block_only = !opens || shorts > MAX_HEADER_LINES;
        let mut limit = usize::MAX;
        // Two headlines or more over the first item are items, not a masthead (whose lines
        // are short, or name an issue or a week with its numbers, or are set in capitals).
        let headline = |p: &Pending| matches!(p, Pending::Short(s) if reads_as_headline(&s.text));
        if first && shorts >= 2 && entries.iter().all(headline) {
            limit = 0;
        } else if first && block_only {
            let block = entries
                .iter()
                .enumerate()
                .take_while(|(i, p)| matches!(p, Pending::Short(s) if *i == 0 || !s.blank_before))
                .count();
            limit = if block <= MAX_HEADER_LINES {
                MAX_HEADER_LINES
            } else {
                usize::from(heads_list(&entries[..block]))
            };
        }
        Intake {
            open: first,
            limit,
            block_only,
            lines: Vec::new(),
        }
    }

    /// The lines before the first item are resolved: `lines` (if any) are the header.
    pub(super) fn start(&mut self, lines: Vec<String>) {
        if !lines.is_empty() {
            self.text = Some(lines.join(" / "));
            self.lines = lines;
        }
        self.started = true;
    }

    /// Gives up the header's lines when nothing came under them: a page of one to three
    /// title-like lines (a headline piped in, a few headlines) is those lines to tag, not a
    /// header over no items.
    pub(super) fn take_lines(&mut self) -> Vec<String> {
        self.text = None;
        std::mem::take(&mut self.lines)
    }

    /// The first item has just opened with its title `gap` (directly followed by its body or
    /// not; `None` without a title or a body). A lone title with no header line and no date
    /// before it may be the header: wait for the second item.
    pub(super) fn wait_for_second(
        &mut self,
        took_header: bool,
        had_dates: bool,
        gap: Option<bool>,
    ) {
        if !took_header && !had_dates {
            self.first_gap = gap;
        }
    }

    /// Holds the first item while undecided; returns any other item.
    pub(super) fn hold(&mut self, item: Item) -> Option<Item> {
        if item.position == 1 && self.first_gap.is_some() {
            self.held_first = Some(item);
            return None;
        }
        Some(item)
    }

    /// Decides, given whether the second item has a title and its title-to-body spacing,
    /// whether the first item's title is the header; returns the first item if it was held.
    pub(super) fn settle(&mut self, next_titled: bool, next_gap: Option<bool>) -> Option<Item> {
        let gap = self.first_gap.take()?;
        let mut item = self.held_first.take()?;
        if !next_titled || next_gap.is_some_and(|g| g != gap) {
            if let Some(title) = item.title.take() {
                self.lines = vec![title.clone()];
                self.text = Some(title);
            }
        }
        Some(item)
    }
}

/// Whether the first line of a run of title-like lines with no blank line between them is a
/// heading over the rest (`Top Stories`, a line half as long as the others)
/// rather than the first headline of a list. A list pasted one headline per line starts
/// with a headline.
fn heads_list(block: &[Pending]) -> bool {
    let words = |p: &Pending| match p {
        Pending::Short(s) => word_count(&s.text),
        Pending::Date { .. } => 0,
    };
    let Some(first) = block.first() else {
        return false;
    };
    let mut rest: Vec<usize> = block[1..].iter().map(words).collect();
    rest.sort_unstable();
    let median = rest.get(rest.len() / 2).copied().unwrap_or(0);
    let n = words(first);
    n <= HEADING_MAX_WORDS || 2 * n <= median
}

/// Words from which a line may read as a headline rather than a masthead.
const HEADLINE_WORDS: usize = 6;

/// Whether a title-like line reads as a headline rather than a masthead's line (`Weekly
/// Monitor`, `No. 19 | 20 May 2026`, `NOTA INTERNA – DIRECCIÓN PARA ASIA CENTRAL`): six words or
/// more, no digit, not in capitals. Two or more such lines before the first item are no
/// header.
fn reads_as_headline(line: &str) -> bool {
    word_count(line) >= HEADLINE_WORDS
        && !line.chars().any(|c| c.is_ascii_digit())
        && (line.chars().any(char::is_lowercase) || !line.chars().any(char::is_uppercase))
}

/// A line of at most this many words over a headline run is its heading.
const HEADING_MAX_WORDS: usize = 3;

/// Header lines being taken from the waiting lines before the first item.
pub(super) struct Intake {
    /// Still taking lines.
    open: bool,
    /// Most lines taken.
    limit: usize,
    /// Only a first block without blank lines or dates between its lines is taken.
    block_only: bool,
    pub(super) lines: Vec<String>,
}

impl Intake {
    /// Takes `s` as a header line if it belongs to the header; otherwise stops taking lines.
    /// A bulleted item's or a table row's title is never a header line, nor is a line linked
    /// to a page below a site's root (a linked headline; a masthead links to the site).
    pub(super) fn offer(&mut self, s: &Short) -> bool {
        let story = s.link.as_deref().is_some_and(crate::html::below_root);
        if s.listed || story {
            self.open = false;
            return false;
        }
        let fits = self.lines.len() < self.limit
            && (!self.block_only || self.lines.is_empty() || !s.blank_before);
        if self.open && fits {
            let text = s.full.clone().unwrap_or_else(|| s.text.clone());
            self.lines.push(text);
            return true;
        }
        self.open = false;
        false
    }

    pub(super) fn date_seen(&mut self) {
        if self.block_only {
            self.open = false;
        }
    }
}
