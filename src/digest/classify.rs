//! Owns line classification: what one whitespace-normalised line of a page is on its own
//! (blank, read-more marker, date, navigation, caption or credit, byline, or text), and the
//! shape tests the splitter asks of text lines (title-like, sentence end, lower-case start).

use std::mem;

use super::boilerplate::{byline, caption_kind, is_duration, is_letter_line, is_nav};
use super::dates::{leading_date, parse_date, trailing_date};
use super::markers::{is_standalone_marker, strip_trailing_markers};
use super::markup::{opening_address, BULLETS, EMOJI_STYLE};
use super::words::lexicon;
use crate::segment::word_count;

/// Longest title, in characters.
pub(super) const MAX_TITLE_CHARS: usize = 160;
/// Most words in a title.
const MAX_TITLE_WORDS: usize = 28;
/// Most bytes a character takes in UTF-8: a line with more than `n * MAX_UTF8_BYTES` bytes has
/// more than `n` characters, which is cheaper to see than to count.
pub(super) const MAX_UTF8_BYTES: usize = 4;
/// Longest title ending in an ellipsis (a cut-off headline); a longer line is a teaser cut
/// before its "read more" line.
const MAX_CUT_TITLE_CHARS: usize = 80;
/// Sentence breaks a title may hold (a headline with a kicker: `Analysis. Talks resume`).
const MAX_TITLE_SENTENCE_BREAKS: usize = 1;
/// Longest list number stripped from a title (`12. Title`); longer numbers are part of it
/// (`2024. A year of talks`).
const MAX_LIST_NUMBER_DIGITS: usize = 3;

/// What a line is, as the splitter reads it.
#[derive(Debug)]
pub(super) enum Kind {
    Text(Text),
    Date(String),
    /// A standalone read-more marker.
    Marker,
    /// Navigation, caption or byline: removed.
    Drop,
    /// A short photo credit ("Photo: Reuters"): removed.
    Credit,
    /// A line that is only a link (`https://…`, `Link: https://…`, `[Source](https://…)`): its
    /// address goes to the item it sits by. Made by the splitter from the raw line
    /// (`markup::link_line`), never by [`classify`].
    Link(String),
}

/// A text line: a title or a body line.
#[derive(Debug)]
pub(super) struct Text {
    /// Text without read-more marker and date prefix or suffix.
    pub(super) text: String,
    /// The line before a date was taken out of it, if one was.
    pub(super) full: Option<String>,
    pub(super) date: Option<String>,
    /// The line ended in a read-more marker.
    pub(super) marker: bool,
    /// Known to be body text, never a title.
    pub(super) body: bool,
    /// Characters in the last physical line.
    pub(super) last_len: usize,
}

/// Classifies a normalised line ([`normalize_line`]); `None` for a blank line (also lines of
/// pure decoration such as `* * *`).
pub(super) fn classify(s: String) -> Option<Kind> {
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
    if let Some(d) = date_among_navigation(&s) {
        return Some(Kind::Date(d));
    }
    if is_nav(&s) || is_letter_line(&s) {
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
    if is_source_line(&s) {
        return Some(Kind::Drop);
    }
    // A date at the line's start, else at its end, looked for once: a source's dateline, or
    // a title's date (`true` when leading).
    let dated = leading_date(&s)
        .map(|found| (found, true))
        .or_else(|| trailing_date(&s).map(|found| (found, false)));
    if let Some(d) = source_dateline(&s, dated.as_ref().map(|(found, _)| found)) {
        return Some(Kind::Date(d));
    }
    let (stripped, marker) = strip_trailing_markers(&s, false);
    if marker && !stripped.chars().any(char::is_alphanumeric) {
        return Some(Kind::Marker);
    }
    // Without its marker the line is another text: only a leading date counts on it.
    let dated = match marker {
        true => leading_date(stripped).map(|found| (found, true)),
        false => dated,
    };
    let mut text = if marker { stripped.to_string() } else { s };
    let last_len = text.chars().count();
    let mut full = None;
    let mut date = None;
    match dated {
        Some(((d, rest), leading)) if leading || is_title_like(&text) => {
            date = Some(d);
            full = Some(mem::replace(&mut text, rest));
        }
        _ => {}
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

/// Words of a source's name on a dateline (`Reuters | 14 May 2024`, `Europa Press, 3 de mayo`).
const SOURCE_MAX_WORDS: usize = 3;

/// Words of a source's name after its label (`Source: The Wall Street Journal`): the label
/// says what the line is, so a longer name is taken.
const LABELLED_SOURCE_MAX_WORDS: usize = 4;

/// The name after a source label (`Source: Gulf Wire` → `Gulf Wire`; the lexicon's
/// `[source_labels]`), any case.
fn after_source_label(s: &str) -> Option<&str> {
    let head = s.get(..s.find(':')? + 1)?;
    let lower = head.to_lowercase();
    lexicon()
        .source_labels
        .contains(&lower.as_str())
        .then(|| s[head.len()..].trim_start())
}

/// Whether a line is a name of one to `most` capitalised words (`The Moscow Times`, `Agencia
/// de Noticias del Sur`, `Javier M. Soler`), the particles of names (`de`, `la`, `and`; the
/// lexicon's `[name_particles]`) and initials among them not counted, the first word
/// capitalised, nothing that ends a sentence.
pub(crate) fn is_name(s: &str, most: usize) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let particle = |w: &str| {
        lexicon()
            .name_particles
            .contains(&w.to_lowercase().as_str())
    };
    let initial = |w: &str| w.chars().count() == 2 && w.ends_with('.');
    let counted = words.iter().filter(|w| !particle(w) && !initial(w)).count();
    (1..=most).contains(&counted)
        && capital(words[0])
        && words.iter().all(|w| capital(w) || particle(w))
        && !s.trim_end().ends_with(['.', '!', '?', '…', ':'])
}

/// Most words of a name and a place on a byline set as a dateline (`Federico Rivas Molina
/// Buenos Aires`).
const NAMED_DATELINE_WORDS: usize = 6;

/// The date of `line` if it is a byline set as a dateline, as a news site's card shows it
/// under the headline: a name, perhaps with a place, then a date and perhaps a time (`Federico
/// Rivas Molina Buenos Aires - 18 abr 2024 - 14:03 CEST`). Longer than [`source_dateline`]
/// allows: read where a card's parts are, not among a page's lines.
pub(crate) fn named_dateline(line: &str) -> Option<String> {
    trailing_date(&normalize_line(line))
        .filter(|(_, rest)| is_name(rest, NAMED_DATELINE_WORDS))
        .map(|(date, _)| date)
}

/// Whether a whole line names an item's source and nothing else (`Source: Gulf Wire`,
/// `Fuente: Agencia Sur`): a label and a name of up to [`LABELLED_SOURCE_MAX_WORDS`] words
/// that opens with a capital (not `Sources: three officials said`).
pub(crate) fn is_source_line(s: &str) -> bool {
    after_source_label(s.trim()).is_some_and(|name| {
        let words = name.split_whitespace().count();
        (1..=LABELLED_SOURCE_MAX_WORDS).contains(&words)
            && name.chars().next().is_some_and(char::is_uppercase)
    })
}

/// What may stand between a source's name or address and its date (`Reuters | 14 May`, `EFE,
/// 3 de mayo`, `https://… - 12 March`).
const SOURCE_SEPARATORS: &[char] = &[',', ';', '|', '-', '–', '—', ' '];

/// The address and the date of a line that names an item's source by its address, with or
/// without a date (`Source: https://…, 12 March 2026`, `Fuente: <https://…> (12 de marzo de
/// 2026)`, `*Source:* [Outlet](https://…), 12 March 2026`): the line is the item's link and
/// date, no text. `None` when anything else is on the line.
pub(super) fn source_reference(line: &str) -> Option<(&str, Option<String>)> {
    let t = line.trim().trim_start_matches(['*', '_']);
    let rest = after_source_label(t)?.trim_start_matches(['*', '_', ' ']);
    let (url, rest) = opening_address(rest)?;
    let rest = rest
        .trim()
        .trim_start_matches(SOURCE_SEPARATORS)
        .trim_end_matches('.');
    let rest = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(rest);
    match rest.trim() {
        "" => Some((url, None)),
        rest => Some((url, Some(parse_date(rest)?))),
    }
}

/// The date of a line that is a source's name and a date (`Reuters | 14 May 2024`, `AFP - 15
/// May`, `EFE, 3 de mayo de 2024`), as digests set under a headline: the line says when and
/// who, it is no title. A name is one to three capitalised words.
/// `dated` is the date found at the line's start or end and the rest of the line.
fn source_dateline(s: &str, dated: Option<&(String, String)>) -> Option<String> {
    let after_comma;
    let (date, name) = match dated {
        Some((date, rest)) => (date.as_str(), rest.as_str()),
        None => {
            let (name, date) = s.split_once(", ")?;
            after_comma = parse_date(date)?;
            (after_comma.as_str(), name)
        }
    };
    // After a source label the name is taken as `is_source_line` takes it (`Source: EU press
    // corner, 11 March 2026`); without one it must read as a name.
    let named = match after_source_label(name) {
        Some(_) => {
            let name = name.trim_end_matches(SOURCE_SEPARATORS);
            is_source_line(name) && !name.ends_with(['.', '!', '?', ':'])
        }
        None => is_name(name, SOURCE_MAX_WORDS),
    };
    named.then(|| date.to_string())
}

/// Collapses whitespace, drops control, BOM and zero-width characters, trims.
pub(super) fn normalize_line(raw: &str) -> String {
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

/// What follows a list's number opening `s` with its separator (`2. `, `10) `, or in
/// brackets: `[3] `, `(4) `), or its letter (`a) `, `(b) `, `c. `; a capital only with a
/// bracket, `A. Name` being an initial), if one does.
fn after_list_number(s: &str) -> Option<&str> {
    if let Some(rest) = after_list_letter(s) {
        return Some(rest);
    }
    let (open, close) = match s.as_bytes().first() {
        Some(b'[') => (1, "] "),
        Some(b'(') => (1, ") "),
        _ => (0, ""),
    };
    let digits = s[open..].bytes().take_while(u8::is_ascii_digit).count();
    let rest = &s[open + digits..];
    let rest = match open {
        0 => rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")),
        _ => rest.strip_prefix(close),
    };
    (1..=MAX_LIST_NUMBER_DIGITS)
        .contains(&digits)
        .then_some(rest)
        .flatten()
}

/// What follows a list's letter opening `s` (see [`after_list_number`]).
fn after_list_letter(s: &str) -> Option<&str> {
    let (open, s) = match s.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let letter = *s.as_bytes().first()?;
    if !letter.is_ascii_alphabetic() {
        return None;
    }
    let rest = &s[1..];
    match rest.strip_prefix(") ") {
        Some(rest) => Some(rest),
        None if !open && letter.is_ascii_lowercase() => rest.strip_prefix(". "),
        None => None,
    }
}

/// A line's list number and the words after it (`3. Title` → `(3, "Title")`), when words
/// follow it.
pub(crate) fn list_number(s: &str) -> Option<(usize, &str)> {
    let rest = after_list_number(s)?.trim_start();
    let digits = s.trim_start_matches(['[', '(']);
    let n = digits[..digits.bytes().take_while(u8::is_ascii_digit).count()]
        .parse()
        .ok()?;
    rest.chars().any(char::is_alphabetic).then_some((n, rest))
}

/// Whether a line opens with a list's number and a capitalised word (`2. Title`, `10) Título`;
/// not a date's day, `11. okt.`).
pub(super) fn opens_with_list_number(s: &str) -> bool {
    after_list_number(s).is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase))
}

/// `1. Title`, `2) Title` or `• Title` → `Title`.
pub(super) fn strip_list_number(title: String) -> String {
    match without_list_number(&title) {
        rest if rest.len() == title.len() => title,
        rest => rest.to_string(),
    }
}

/// [`strip_list_number`] on a borrowed line.
pub(super) fn without_list_number(title: &str) -> &str {
    if let Some(rest) = title
        .strip_prefix(BULLETS)
        .map(|r| r.strip_prefix(EMOJI_STYLE).unwrap_or(r))
        .filter(|r| r.starts_with(' ') && r.chars().any(char::is_alphabetic))
    {
        return rest.trim_start();
    }
    match after_list_number(title) {
        Some(r) if r.chars().any(char::is_alphabetic) => r.trim_start(),
        _ => title,
    }
}

pub(super) fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Ends with `.`, `!`, `?` or `…` (or their CJK forms `。`, `！`, `？`), ignoring closing quotes and brackets, and the hashtags a
/// note or a post closes with (`… into a river. #mining`).
pub(super) fn ends_with_terminator(s: &str) -> bool {
    let core = without_closing_tags(s).trim_end_matches(is_closing);
    core.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// `s` without the hashtags it ends with (`… a river. #mining #kg` → `… a river.`), when
/// words come before them.
fn without_closing_tags(s: &str) -> &str {
    let mut core = s.trim_end();
    while let Some((head, last)) = core.rsplit_once(char::is_whitespace) {
        let tag = last.strip_prefix('#').is_some_and(|t| {
            t.chars().next().is_some_and(char::is_alphabetic)
                && t.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        });
        if !tag || head.trim().is_empty() {
            break;
        }
        core = head.trim_end();
    }
    core
}

/// Whether `core` ends in a source or a date in brackets (its closing bracket trimmed) set
/// after a sentence's end: `… said. (Source: Example Wire`, `… labour. (RBC, 13/05/2024`.
/// (A name alone there, `… in Isfahan. (BBC News`, may close a one-sentence item.)
fn ends_before_brackets(core: &str) -> bool {
    core.rsplit_once(" (").is_some_and(|(head, inside)| {
        !inside.contains(['(', ')'])
            && head.ends_with(['.', '!', '?'])
            && (after_source_label(inside).is_some() || trailing_date(inside).is_some())
    })
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*')
}

/// The date of a line that is a date and navigation parted by `·` or `|` (a blog's `Dec 6,
/// 2026 · 7 min read`, `6 de diciembre | Compartir`), or a date and a reading time without
/// its reading word after it (`December 5, 2024 · 3 min`).
fn date_among_navigation(s: &str) -> Option<String> {
    let parts: Vec<&str> = s
        .split(['·', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let mut date = None;
    for p in parts {
        match parse_date(p) {
            Some(d) if date.is_none() => date = Some(d),
            _ if is_nav(p) || (date.is_some() && is_duration(p)) => {}
            _ => return None,
        }
    }
    date
}

/// Short, capitalised, not ending like a sentence or clause, at most one sentence break.
pub(super) fn is_title_like(s: &str) -> bool {
    if s.is_empty()
        || s.len() > MAX_TITLE_CHARS * MAX_UTF8_BYTES
        || s.chars().count() > MAX_TITLE_CHARS
    {
        return false;
    }
    if word_count(s) > MAX_TITLE_WORDS {
        return false;
    }
    if !s.chars().any(char::is_alphabetic)
        || after_list_letter(s)
            .unwrap_or(s)
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_lowercase)
    {
        return false;
    }
    let core = without_closing_tags(s).trim_end_matches(is_closing);
    if ends_before_brackets(core) {
        // A sentence, then its source or date in brackets (`… within days. (Source: …)`).
        return false;
    }
    if core.ends_with("..") || core.ends_with('…') {
        // A cut-off headline, or a teaser cut before a "read more" line.
        if s.chars().count() > MAX_CUT_TITLE_CHARS {
            return false;
        }
    } else if core.ends_with('。') {
        return false;
    } else if core.ends_with('.') {
        let last = core.rsplit(' ').next().unwrap_or(core);
        if !is_initialism(last) {
            return false;
        }
    } else if core.ends_with([',', ';', ':']) {
        return false;
    }
    if ends_dangling(core) {
        return false;
    }
    sentence_breaks(s) <= MAX_TITLE_SENTENCE_BREAKS
}

/// Whether a line's last word is one a headline does not end on (`... Line D of the`): an
/// article, conjunction or preposition of the lexicon's `[dangling_ends]`, in lower case.
fn ends_dangling(s: &str) -> bool {
    let last = s.rsplit(char::is_whitespace).next().unwrap_or("");
    s.split_whitespace().nth(1).is_some()
        && last.chars().all(char::is_lowercase)
        && lexicon().dangling_ends.contains(&last)
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
    sentence_ends(s).count()
}

/// Where the sentences of `s` end: the byte offset just after each `.`, `!` or `?` that is
/// followed by a space and a capital and does not close an initial or an abbreviation.
pub(super) fn sentence_ends(s: &str) -> impl Iterator<Item = usize> + '_ {
    let abbreviations = &lexicon().abbreviations;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    (0..chars.len().saturating_sub(2)).filter_map(move |i| {
        let (at, c) = chars[i];
        if !matches!(c, '.' | '!' | '?') || chars[i + 1].1 != ' ' || !chars[i + 2].1.is_uppercase()
        {
            return None;
        }
        if c == '.' {
            let word: String = chars[..i]
                .iter()
                .rev()
                .map(|&(_, c)| c)
                .take_while(|c| c.is_alphanumeric() || *c == '.')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let last = word.rsplit('.').next().unwrap_or("");
            if last.chars().count() <= 1 || abbreviations.contains(&last.to_lowercase().as_str()) {
                return None;
            }
        }
        Some(at + c.len_utf8())
    })
}
