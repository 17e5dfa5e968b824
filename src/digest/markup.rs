//! Owns light markup on a line, read before classification: Markdown headings (`## Energy`),
//! bold (`**Title**`), links (`[text](url)`), quote marks (`> `) and list bullets; and
//! one-line items in a bulleted list (`- **Title** — teaser`, `• Title: teaser`, `• Title.
//! Teaser.`), which the splitter reads as a date, a title line and a body line.

use std::borrow::Cow;

use super::classify::{ends_with_terminator, is_title_like, sentence_ends};
use super::dates::leading_date;
use super::markers::{is_standalone_marker, strip_trailing_markers};

/// Bullets that open a list line (followed by a space).
pub(super) const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '◾', '◽', '▸', '►', '▶', '‣', '-', '*', '+', '–', '➡', '✔', '☑',
    // Emoji that posts and newsletters use as bullets (a variation selector may follow them).
    '🔹', '🔸', '🔷', '🔶', '📌', '📍', '👉', '✅', '🔴', '🟠', '🟡', '🟢', '🔵', '🟣', '⚫', '⚪',
];

/// The emoji variation selector that may follow a bullet (`▪️`, `➡️`).
pub(super) const EMOJI_STYLE: char = '\u{FE0F}';
/// Separators between a title and its teaser on one list line, in order of preference.
const SEPARATORS: &[&str] = &[" — ", " – ", " - ", ": "];
/// Fewest words for a bullet's head to be a title, and for its tail to be a teaser.
const MIN_TITLE_WORDS: usize = 4;
/// Fewest words for a bullet's head to be a title before an em or en dash.
const MIN_DASHED_TITLE_WORDS: usize = 2;
const MIN_TEASER_WORDS: usize = 5;
/// Most words in a bullet's first sentence for it to be the item's title.
const MAX_SENTENCE_TITLE_WORDS: usize = 16;
/// Most words in a link's label (`Source`, `Read the full story`) rather than its sentence's.
const MAX_LABEL_WORDS: usize = 4;
/// Most words in the label of a line that is only a Markdown link.
const MAX_LINK_ONLY_WORDS: usize = 2;

/// What a line of a note-taking app's Markdown is when it is no text of the page: a comment
/// (`%% ask about the bond %%`, Obsidian's, hidden when the note is read) or a task (`- [ ]
/// call the embassy`, `- [x] …`), the note-taker's own to-do.
pub(super) fn note_furniture(line: &str) -> Option<&'static str> {
    let t = line.trim();
    if t.len() > 4 && t.starts_with("%%") && t.ends_with("%%") {
        return Some("a comment");
    }
    let rest = t.strip_prefix(['-', '*', '+'])?.trim_start();
    let task = ["[ ] ", "[x] ", "[X] "].iter().any(|m| rest.starts_with(m));
    task.then_some("a task")
}

/// `line` without Markdown markup: heading hashes, quote marks, bold and italic markers
/// around the line and link syntax (`[text](url)` → `text`). Plain lines come back borrowed.
pub(super) fn strip_markup(line: &str) -> Cow<'_, str> {
    if let Some(plain) = slack_links_as_text(line) {
        return Cow::Owned(strip_markup(&plain).into_owned());
    }
    let t = line.trim();
    let markup = t.starts_with(['#', '>', '*', '_'])
        || t.contains("](")
        || t.contains("][")
        || t.contains("[^")
        || t.contains("**")
        || t.contains("[[");
    if !markup {
        return match angle_link(line) {
            Some(_) => Cow::Owned(without_angle_links(line)),
            None => Cow::Borrowed(line),
        };
    }
    let mut s = t;
    let hashes = s.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && s[hashes..].starts_with(' ') {
        s = s[hashes..].trim_start();
    }
    while let Some(rest) = s.strip_prefix("> ").or_else(|| s.strip_prefix('>')) {
        s = rest.trim_start();
    }
    s = without_callout_mark(s);
    let wiki = wikilinks_as_text(s);
    let refs = reference_links_as_text(&wiki);
    let refs = without_footnote_marks(&refs);
    let mut out = without_angle_links(&links_as_text(&refs));
    for mark in ["**", "__"] {
        out = out.replace(mark, "");
    }
    // Italics around the line (`*Analysis*`), or stars set around a title as decoration
    // (`*** Title ***`, which loses its `**` pairs above and keeps a star each side).
    if let Some(inner) = out
        .strip_prefix('*')
        .and_then(|r| r.strip_suffix('*'))
        .map(|r| r.trim_matches(|c| c == '*' || c == ' '))
        .filter(|r| !r.is_empty())
    {
        out = inner.to_string();
    }
    Cow::Owned(out)
}

/// `s` without the mark that opens a callout in a notes app (`[!note]`, `[!warning]-`), which
/// names the callout's kind; its title, if any, stays.
fn without_callout_mark(s: &str) -> &str {
    let Some(rest) = s.strip_prefix("[!") else {
        return s;
    };
    match rest.split_once(']') {
        Some((kind, after)) if !kind.is_empty() && kind.chars().all(char::is_alphanumeric) => {
            after.trim_start_matches(['+', '-']).trim_start()
        }
        _ => s,
    }
}

/// Wiki links as a notes app writes them, as text: `[[Page]]` → `Page`, `[[Page|shown
/// text]]` → `shown text`, `[[Page#Section]]` → `Page`; embeds (`![[map.png]]`) go.
fn wikilinks_as_text(s: &str) -> Cow<'_, str> {
    if !s.contains("[[") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open + 2..].find("]]").map(|i| open + 2 + i) else {
            break;
        };
        let inner = &rest[open + 2..close];
        // A page's name opens with a letter or digit and holds no brackets or code
        // (`&[[Option<u8>; 3]]` is a nested array).
        let name = inner.chars().next().is_some_and(char::is_alphanumeric)
            && !inner.contains(['[', ']', '<', '>', ';', '{', '}']);
        if !name {
            out.push_str(&rest[..close + 2]);
            rest = &rest[close + 2..];
            continue;
        }
        let embed = rest[..open].ends_with('!');
        out.push_str(if embed {
            rest[..open - 1].trim_end()
        } else {
            &rest[..open]
        });
        if !embed {
            let shown = match inner.split_once('|') {
                Some((_, alias)) => alias,
                None => inner
                    .split('#')
                    .next()
                    .filter(|p| !p.is_empty())
                    .unwrap_or(inner),
            };
            out.push_str(shown.trim());
        }
        rest = &rest[close + 2..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A link as Slack writes it (`<https://…|label>`): where it starts and ends, its address and
/// its label.
fn find_slack_link(s: &str) -> Option<(std::ops::Range<usize>, &str, &str)> {
    let mut from = 0;
    while let Some(open) = s[from..].find("<http").map(|i| from + i) {
        if let Some(close) = s[open..].find('>').map(|i| open + i) {
            if let Some((url, label)) = s[open + 1..close].split_once('|') {
                if let Some(url) = web_address(url) {
                    return Some((open..close + 1, url, label));
                }
            }
        }
        from = open + 1;
    }
    None
}

/// `line` with Slack's links (`<https://…|label>`) as their labels; `None` if it has none.
fn slack_links_as_text(line: &str) -> Option<String> {
    let mut rest = line;
    let mut out = String::new();
    while let Some((range, _, label)) = find_slack_link(rest) {
        out.push_str(&rest[..range.start]);
        out.push_str(label);
        rest = &rest[range.end..];
    }
    if out.is_empty() && rest.len() == line.len() {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

/// A text line that ends in a bare web address after a few words of its own (`Kyrgyzstan joins
/// the customs pilot — https://…`, or in brackets as a newsletter's plain-text version writes a
/// link, `Kyrgyzstan joins the customs pilot (https://…)`): the words, without a dash or bar
/// before the address (a colon stays: `… my referral link: https://…` is a sentence about it),
/// and the address.
pub(super) fn trailing_address(line: &str) -> Option<(&str, &str)> {
    if !line.contains("://") {
        return None;
    }
    let t = line.trim_end();
    let (head, last) = t.rsplit_once(char::is_whitespace)?;
    let last = last
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .unwrap_or(last);
    // (An address that ends a sentence, `…: http://example.`, is the sentence's.)
    if last.ends_with(['.', ',', ';', ')', '!', '?']) {
        return None;
    }
    let url = web_address(last)?;
    let head = head
        .trim_end()
        .trim_end_matches(['—', '–', '-', '|', '·', '→', '»'])
        .trim_end();
    (head.split_whitespace().count() >= 2 && !head.contains("://")).then_some((head, url))
}

/// A text line that opens with a bare web address before words of its own, as a link shared in
/// a chat is pasted (`https://example.org/news/visa Kazakhstan extends visa-free stays`): the
/// words, without a dash or bar after the address, and the address.
pub(super) fn leading_address(line: &str) -> Option<(&str, &str)> {
    if !line.contains("://") {
        return None;
    }
    let (first, rest) = line.trim_start().split_once(char::is_whitespace)?;
    let url = web_address(first)?;
    let rest = rest
        .trim_start()
        .trim_start_matches(['—', '–', '-', '|', '·', ':'])
        .trim_start();
    let words = rest.split_whitespace().count();
    (words >= 2 && !rest.contains("://")).then_some((rest, url))
}

/// A Markdown link in a line: where it starts and ends, its text and its address.
struct Link<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    url: &'a str,
}

/// The first Markdown link `[text](url)` in `s` (the text up to the first `]`, the address
/// without blanks); a `[` that opens none is text.
fn find_link(s: &str) -> Option<Link<'_>> {
    let mut from = 0;
    while let Some(open) = s[from..].find('[').map(|i| from + i) {
        let after = &s[open + 1..];
        let found = after.find(']').and_then(|close| {
            let url = after[close + 1..].strip_prefix('(')?;
            let end = url.find(')')?;
            (!url[..end].contains(char::is_whitespace)).then(|| Link {
                start: open,
                end: open + 1 + close + 2 + end + 1,
                text: &after[..close],
                url: &url[..end],
            })
        });
        if found.is_some() {
            return found;
        }
        from = open + 1;
    }
    None
}

/// A Markdown link reference definition (`[gas]: https://… "Title"`, up to three spaces in):
/// its label, in lower case, and its web address. A footnote (`[^1]: …`) is none.
pub(super) fn reference_definition(line: &str) -> Option<(String, &str)> {
    let t = line.trim_end();
    let t = t
        .strip_prefix("   ")
        .or_else(|| t.strip_prefix("  "))
        .unwrap_or(t);
    let t = t.strip_prefix(' ').unwrap_or(t).strip_prefix('[')?;
    let (label, rest) = t.split_once("]:")?;
    if label.trim().is_empty() || label.starts_with('^') || label.contains(['[', ']']) {
        return None;
    }
    let address = rest.split_whitespace().next()?;
    let url = web_address(address.trim_start_matches('<').trim_end_matches('>'))?;
    Some((reference_label(label), url))
}

/// A link mark opening a line as `lynx -dump` writes one (`[3]Kazakhstan opens bidding…`,
/// the address given under `References` at the page's end): its number and the line's text.
pub(super) fn lynx_mark(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start().strip_prefix('[')?;
    let (number, rest) = t.split_once(']')?;
    let text = rest.chars().next()?;
    (is_lynx_number(number) && !text.is_whitespace() && !matches!(text, '[' | '(' | ':'))
        .then_some((number, rest))
}

/// A line of the `References` list that `lynx -dump` ends a page with (`   3. https://…`): the
/// number and the address.
pub(super) fn lynx_reference(line: &str) -> Option<(String, &str)> {
    let (number, address) = line.trim().split_once(". ")?;
    is_lynx_number(number)
        .then(|| web_address(address.trim()))
        .flatten()
        .map(|url| (number.to_string(), url))
}

/// A link's number as `lynx -dump` writes it: one to four digits.
fn is_lynx_number(s: &str) -> bool {
    (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `line` defines a Markdown footnote (`[^1]: Decree 0311 of 11 March.`): a note on
/// the text, not a story's.
pub(super) fn is_footnote_definition(line: &str) -> bool {
    line.trim_start()
        .strip_prefix("[^")
        .and_then(|rest| rest.split_once("]:"))
        .is_some_and(|(label, _)| !label.is_empty() && !label.contains(['[', ']', ' ']))
}

/// `s` without Markdown footnote marks (`talks.[^1] Opposition` → `talks. Opposition`).
fn without_footnote_marks(s: &str) -> Cow<'_, str> {
    if !s.contains("[^") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find("[^") {
        let close = rest[open + 2..].find(']').map(|i| open + 2 + i);
        match close.filter(|&c| c > open + 2 && !rest[open + 2..c].contains([' ', '['])) {
            Some(c) => {
                out.push_str(&rest[..open]);
                rest = &rest[c + 1..];
            }
            None => {
                out.push_str(&rest[..open + 2]);
                rest = &rest[open + 2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A reference label as Markdown matches it: any case, blanks collapsed.
fn reference_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The label of the first Markdown reference link in `s` (`[text][label]`, or `[text][]`
/// whose label is its text), in lower case.
pub(super) fn reference_link(s: &str) -> Option<String> {
    reference_links(s)
        .next()
        .map(|(_, text, label)| reference_label(if label.trim().is_empty() { text } else { label }))
}

/// The reference links of `s` (`[text][label]`): the byte range of each, its text and its
/// label (empty for `[text][]`).
fn reference_links(s: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(open) = s[from..].find('[').map(|i| from + i) {
            from = open + 1;
            let close = s[open + 1..].find(']').map(|i| open + 1 + i)?;
            let Some(after) = s[close + 1..].strip_prefix('[') else {
                continue;
            };
            let end = after.find(']')?;
            let (text, label) = (&s[open + 1..close], &after[..end]);
            if text.trim().is_empty() || label.contains('[') {
                continue;
            }
            let range = open..close + 2 + end + 1;
            from = range.end;
            return Some((range, text, label));
        }
        None
    })
}

/// `[text][label]` → `text`, everywhere in `s`.
fn reference_links_as_text(s: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut kept = 0;
    for (range, text, _) in reference_links(s) {
        out.push_str(&s[kept..range.start]);
        out.push_str(text);
        kept = range.end;
    }
    if kept == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[kept..]);
    Cow::Owned(out)
}

/// `[text](url)` → `text`, everywhere in `s` (a space kept between the text and a letter or
/// digit right before or after the link, so no two words are glued into one). A link that
/// ends the line after a finished sentence, with a label of at most [`MAX_LABEL_WORDS`] words
/// for text (`… supply chains. [Source](…)`), is the sentence's link, not a word of it: its
/// label goes, unless it is a read-more marker, which closes the item.
fn links_as_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(link) = find_link(rest) {
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let after = &rest[link.end..];
        out.push_str(&rest[..link.start]);
        let label = after.trim_matches(['*', '_', ' ']).is_empty()
            && ends_with_terminator(out.trim_end())
            && link.text.split_whitespace().count() <= MAX_LABEL_WORDS
            && !strip_trailing_markers(link.text, false).1;
        if label {
            out.truncate(out.trim_end().len());
        } else {
            if word(out.chars().last()) && word(link.text.chars().next().or(after.chars().next())) {
                out.push(' ');
            }
            out.push_str(link.text);
            if word(out.chars().last()) && word(after.chars().next()) {
                out.push(' ');
            }
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The address of the first Markdown link on a line, when it is a web address, else of the
/// first address in angle brackets (`Read more <https://…>`).
pub(super) fn first_link(line: &str) -> Option<&str> {
    if line.contains("](") {
        let mut rest = line;
        while let Some(link) = find_link(rest) {
            if let Some(url) = web_address(link.url) {
                return Some(url);
            }
            rest = &rest[link.end..];
        }
    }
    angle_link(line)
        .map(|(_, url)| url)
        .or_else(|| find_slack_link(line).map(|(_, url, _)| url))
}

/// The first web address in angle brackets after a blank or at the line's start, as a mail
/// client writes a link in plain text (`Read more <https://…>`): its byte range, brackets
/// included, and the address.
fn angle_link(s: &str) -> Option<(std::ops::Range<usize>, &str)> {
    let mut from = 0;
    while let Some(open) = s[from..].find("<http").map(|i| from + i) {
        let set_apart = s[..open].chars().last().is_none_or(char::is_whitespace);
        let close = s[open..].find('>').map(|i| open + i);
        if let Some(close) = close.filter(|_| set_apart) {
            if let Some(url) = web_address(&s[open + 1..close]) {
                return Some((open..close + 1, url));
            }
        }
        from = open + 1;
    }
    None
}

/// `s` without its addresses in angle brackets and the blanks before them.
fn without_angle_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((range, _)) = angle_link(rest) {
        out.push_str(rest[..range.start].trim_end());
        rest = &rest[range.end..];
    }
    out.push_str(rest);
    out
}

/// A line that is only a link to the item it sits by: a web address (`https://…`,
/// `<https://…>`), one after a label of at most [`MAX_LABEL_WORDS`] words (`Link: https://…`,
/// `Fuente: https://…`), or a Markdown link with a label of at most [`MAX_LINK_ONLY_WORDS`]
/// words for text (`[Source](https://…)`, `→ [Full story](https://…)`); bulleted or quoted or
/// not. Its address.
pub(super) fn link_line<'a>(line: &'a str) -> Option<&'a str> {
    // Every address read here has a scheme: most lines are let go at once.
    if !line.contains("://") {
        return None;
    }
    let t = line.trim();
    let t = without_bullet(t).unwrap_or(t);
    let t = t.trim_start_matches(['>', '→', '»', '🔗', ' ']).trim_end();
    // An address alone, or after a label, with or without angle brackets.
    let bare = |s: &'a str| web_address(s.trim_start_matches('<').trim_end_matches('>'));
    if let Some(url) = bare(t) {
        return Some(url);
    }
    if let Some((label, rest)) = t.split_once(':') {
        let short = label.split_whitespace().count() <= MAX_LABEL_WORDS;
        if short && !label.contains("//") {
            if let Some(url) = bare(rest.trim()) {
                return Some(url);
            }
        }
    }
    // A Slack link alone on its line (`<https://…|Headline of the page>`): its preview.
    if let Some((range, url, _)) = find_slack_link(t) {
        if range.start == 0 && range.end == t.len() {
            return Some(url);
        }
    }
    // How a mail client writes an HTML link as plain text: `Read more <https://…>`.
    if let Some((range, url)) = angle_link(t).filter(|(r, _)| r.end == t.len()) {
        let label = t[..range.start].trim();
        let short = label.split_whitespace().count() <= MAX_LABEL_WORDS;
        if (short || is_standalone_marker(label)) && !label.contains("//") {
            return Some(url);
        }
    }
    // How a newsletter's plain-text version writes a link: `READ MORE (https://…)`.
    // (Not a Markdown link's `](…)`.)
    let bracketed = t.strip_suffix(')').and_then(|i| i.rsplit_once('('));
    if let Some((label, url)) = bracketed.filter(|(l, _)| !l.ends_with(']')) {
        let label = label.trim();
        let short = label.split_whitespace().count() <= MAX_LABEL_WORDS;
        if (short || is_standalone_marker(label)) && !label.contains("//") {
            if let Some(url) = bare(url.trim()) {
                return Some(url);
            }
        }
    }
    // A read-more marker as the link's text stays a marker line (it closes the item), and
    // three words or more may be a headline (`[Georgia passes budget](…)`).
    let link = find_link(t)?;
    let alone = link.start == 0 && t[link.end..].trim().is_empty();
    let label = link.text.split_whitespace().count() <= MAX_LINK_ONLY_WORDS
        && !strip_trailing_markers(link.text, false).1;
    (alone && label).then(|| web_address(link.url))?
}

/// `s` when it is one web address (`http://` or `https://`, no blanks), without the stop or
/// comma of the sentence it ends (`…/news/1.`) and a closing bracket it did not open
/// (`(see https://…/news/1)`), as a mail client's linkifier reads it.
pub(super) fn web_address(s: &str) -> Option<&str> {
    let scheme = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let web = scheme("https://") || scheme("http://");
    if !web || s.contains(char::is_whitespace) {
        return None;
    }
    let stops: &[char] = &['.', ',', ';', ':', '!', '?'];
    let mut s = s.trim_end_matches(stops);
    while s.ends_with(')') && s.matches(')').count() > s.matches('(').count() {
        s = s[..s.len() - 1].trim_end_matches(stops);
    }
    (s.len() > 10).then_some(s)
}

/// A web address opening `s`, as a Markdown link (`[Outlet](https://…)`), in angle brackets
/// (`<https://…>`) or bare: the address, and what follows it.
pub(super) fn opening_address(s: &str) -> Option<(&str, &str)> {
    if s.starts_with('[') {
        let link = find_link(s).filter(|l| l.start == 0)?;
        return Some((web_address(link.url)?, &s[link.end..]));
    }
    if let Some(inner) = s.strip_prefix('<') {
        let close = inner.find('>')?;
        return Some((web_address(&inner[..close])?, &inner[close + 1..]));
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let url = web_address(&s[..end])?;
    Some((url, &s[url.len()..]))
}

/// Whether `line` opens with a list bullet.
pub(super) fn is_list_line(line: &str) -> bool {
    without_bullet(line).is_some()
}

/// The bullet line's content without its bullet, if `line` is a list line.
fn without_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let mut chars = t.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let rest = rest.strip_prefix(EMOJI_STYLE).unwrap_or(rest);
    (BULLETS.contains(&first) && rest.starts_with(' ')).then(|| rest.trim_start())
}

/// A bulleted line read as one item of a list of news items.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ListItem {
    /// A date opening the line (`• 06.12.2026 — Title…`).
    pub(super) date: Option<String>,
    pub(super) title: Option<String>,
    /// The teaser; empty for a headline.
    pub(super) teaser: String,
}

/// A bulleted line that holds a whole item, perhaps after a date: its title and teaser apart
/// (`- **Title** — teaser`, `• Title: teaser`; the title must look like one, four words or
/// more, or two before a typographic dash, and the teaser hold five words or more; a bold head
/// is the title whatever follows it), or written in sentences (`• Title. A teaser.`, `- A
/// headline set as a sentence.`, `- One sentence or more of news.`). A line that does not end
/// as a sentence does (a headline, a point of a list), or that opens in lower case (a point of
/// a list inside a teaser), is read as any other line.
///
/// Under a line ending in a colon (`points`) only lines that hold a title and a teaser apart
/// are items.
pub(super) fn list_item(line: &str, points: bool) -> Option<ListItem> {
    let content = without_bullet(line)?;
    let (date, content) = match leading_date(content) {
        Some((d, rest)) => (Some(d), rest),
        None => (None, content.to_string()),
    };
    if let Some((title, teaser)) = item_parts(&content) {
        return Some(ListItem {
            date,
            title: Some(title),
            teaser,
        });
    }
    if points {
        return None;
    }
    let plain = strip_markup(&content);
    let plain = plain.trim();
    let opens = plain
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    // (A teaser may end in a colon over points of its own.)
    if !opens || !(ends_with_terminator(plain) || plain.ends_with(':')) {
        return None;
    }
    let (title, teaser) = match sentence_title(plain) {
        Some((title, teaser)) => (Some(title), teaser),
        None => (None, plain.to_string()),
    };
    Some(ListItem {
        date,
        title,
        teaser,
    })
}

/// An item written in sentences, split into its title and teaser when its first sentence
/// reads as a headline (`EU and Chile sign a minerals pact. Leaders agreed…`); the teaser is
/// empty for a headline set as a sentence.
pub(super) fn sentence_title(plain: &str) -> Option<(String, String)> {
    let headline = |s: &str| {
        let s = s.trim_end_matches('.');
        let words = s.split_whitespace().count();
        ((MIN_TITLE_WORDS..=MAX_SENTENCE_TITLE_WORDS).contains(&words) && is_title_like(s))
            .then(|| s.to_string())
    };
    match sentence_ends(plain).next() {
        Some(end) => headline(&plain[..end]).map(|t| (t, plain[end..].trim().to_string())),
        None => headline(plain).map(|t| (t, String::new())),
    }
}

/// A line that holds a whole item without a bullet (`Title — teaser`, `Title of four words:
/// a teaser`), read as [`list_item`] reads a list line's content.
pub(super) fn line_item(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    // A bullet, heading, quote or link is markup the page splitter reads.
    let markup = without_bullet(t).is_some() || t.starts_with(['#', '>', '[']) || t.contains("](");
    // A teaser opens as a sentence does: `The talks — which lasted three days — ended.` is one
    // sentence with a dash in it.
    let (title, teaser) = (!markup).then(|| item_parts(t))??;
    let opens = teaser
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    opens.then_some((title, teaser))
}

/// A list line's content (its bullet taken off) as a title and a teaser, if it holds both.
fn item_parts(content: &str) -> Option<(String, String)> {
    let (head, tail) = match content.strip_prefix("**") {
        Some(bold) => {
            let close = bold.find("**")?;
            let tail = bold[close + 2..].trim_start();
            let tail = SEPARATORS
                .iter()
                .find_map(|sep| tail.strip_prefix(sep.trim_start()))
                .unwrap_or(tail);
            (
                strip_markup(bold[..close].trim()).into_owned(),
                strip_markup(tail.trim()).into_owned(),
            )
        }
        None => {
            // A dash parts title and teaser before a colon does (`Eurovision: Armenia finishes
            // eighth — The song…`); a typographic dash, set on purpose, after a title of two
            // words or more, the others after four.
            let plain = strip_markup(content);
            let split = SEPARATORS.iter().find_map(|sep| {
                let at = plain.find(sep)?;
                let head = plain[..at].trim();
                let least = if matches!(*sep, " — " | " – ") {
                    MIN_DASHED_TITLE_WORDS
                } else {
                    MIN_TITLE_WORDS
                };
                (head.split_whitespace().count() >= least)
                    .then(|| (head.to_string(), plain[at + sep.len()..].trim().to_string()))
            });
            split?
        }
    };
    let ok = is_title_like(&head) && tail.split_whitespace().count() >= MIN_TEASER_WORDS;
    ok.then_some((head, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notes_comments_and_tasks_are_no_text() {
        assert_eq!(
            note_furniture("%% private: ask about timing %%"),
            Some("a comment")
        );
        assert_eq!(note_furniture("- [ ] check the statement"), Some("a task"));
        assert_eq!(note_furniture("  * [x] done"), Some("a task"));
        assert_eq!(
            note_furniture("- [Gas deal signed](https://a.example/1)"),
            None
        );
        assert_eq!(note_furniture("Growth of 5%% a year"), None);
        assert_eq!(note_furniture("%%"), None);
    }

    #[test]
    fn markdown_markup_is_taken_off() {
        for (line, want) in [
            ("## Energy", "Energy"),
            (
                "**Kazakhstan raises fuel prices**",
                "Kazakhstan raises fuel prices",
            ),
            ("> A quoted line", "A quoted line"),
            (
                "Read the [full report](https://example.org/r) today.",
                "Read the full report today.",
            ),
            ("*Analysis*", "Analysis"),
            (
                "*** Kazakhstan opens a rail link ***",
                "Kazakhstan opens a rail link",
            ),
            ("#Kazakhstan trends again", "#Kazakhstan trends again"),
            ("Plain [bracketed] text", "Plain [bracketed] text"),
            // The link text ends at the first `]`; words are never glued together.
            ("[…] ⴭ]()x", "[…] ⴭ]()x"),
            (
                "see[the report](https://r.example)now",
                "see the report now",
            ),
            ("a[](https://r.example)b", "a b"),
            ("([report](https://r.example)).", "(report)."),
            ("2 * 3 = 6", "2 * 3 = 6"),
            // A label linked after a finished sentence goes; a read-more marker stays.
            (
                "They signed it. [Source](https://r.example/1)",
                "They signed it.",
            ),
            (
                "*Footer words. [Unsubscribe](https://u.example/x)*",
                "Footer words.",
            ),
            (
                "It ended. [Read more](https://r.example/2)",
                "It ended. Read more",
            ),
            ("It ended [here](https://r.example/3)", "It ended here"),
            // A mail client's plain-text links lose their address.
            ("Darse de baja <https://u.example/x>", "Darse de baja"),
            (
                "**Read the report <https://r.example/4> today**",
                "Read the report today",
            ),
            (
                "Talks on the <border> continue",
                "Talks on the <border> continue",
            ),
            // A notes app's wiki links are their text, its embeds and callout marks go.
            (
                "[[Russia]] holds drills near the [[Kazakhstan#Border|Kazakh]] border",
                "Russia holds drills near the Kazakh border",
            ),
            ("See [[Caspian Sea#Ports]] ![[map.png]]", "See Caspian Sea"),
            ("Unclosed [[link", "Unclosed [[link"),
            (
                "fn f(s: &[[u8; 3]]) and [[ ]]",
                "fn f(s: &[[u8; 3]]) and [[ ]]",
            ),
            ("> [!note]", ""),
            ("> [!warning]- Sanctions update", "Sanctions update"),
            ("> [!not a mark] text", "[!not a mark] text"),
            // Slack's links are their labels.
            (
                "See <https://e.example/gas|Gazprom to halt gas> today",
                "See Gazprom to halt gas today",
            ),
        ] {
            assert_eq!(strip_markup(line), want, "{line}");
        }
    }

    #[test]
    fn lines_that_are_only_links() {
        for (line, want) in [
            ("https://a.example/story", Some("https://a.example/story")),
            (
                "  <https://a.example/story>",
                Some("https://a.example/story"),
            ),
            ("Link: https://a.example/s", Some("https://a.example/s")),
            (
                "- Read the story: https://a.example/s",
                Some("https://a.example/s"),
            ),
            ("[Source](https://a.example/s)", Some("https://a.example/s")),
            (
                "→ [Full story](https://a.example/s)",
                Some("https://a.example/s"),
            ),
            ("[Georgia passes budget](https://a.example/s)", None),
            ("[Read more](https://a.example/s)", None),
            ("## [Energy](https://a.example/s)", None),
            (
                "Officials said on Monday: https://a.example/s was hacked",
                None,
            ),
            (
                "The ministers met in Baku to sign a deal: https://a.example/s",
                None,
            ),
            ("https://", None),
            ("ftp://a.example/file", None),
            // How a mail client writes a link in plain text.
            (
                "Read more <https://a.example/s>",
                Some("https://a.example/s"),
            ),
            (
                "Seguir leyendo » <https://a.example/s>",
                Some("https://a.example/s"),
            ),
            (
                "Ministers in Baku agree a new transit deal <https://a.example/s>",
                None,
            ),
            // How a newsletter's plain-text version writes one.
            (
                "READ MORE (https://a.example/s)",
                Some("https://a.example/s"),
            ),
            (
                "LEER MÁS (https://a.example/s)",
                Some("https://a.example/s"),
            ),
            (
                "Ministers in Baku agree a new transit deal (https://a.example/s)",
                None,
            ),
        ] {
            assert_eq!(link_line(line), want, "{line}");
        }
        assert_eq!(
            trailing_address("Ministers in Baku agree a new transit deal (https://a.example/s)"),
            Some((
                "Ministers in Baku agree a new transit deal",
                "https://a.example/s"
            ))
        );
        assert_eq!(
            trailing_address("The figures are online (https://a.example/s)."),
            None
        );
        assert_eq!(
            first_link("Text [a](mailto:x) and [b](https://b.example/1)."),
            Some("https://b.example/1")
        );
        assert_eq!(first_link("No link [here]."), None);
        assert_eq!(
            first_link("Transit deal signed <https://a.example/t>"),
            Some("https://a.example/t")
        );
        assert_eq!(first_link("a<https://a.example/t>"), None);
    }

    #[test]
    fn bullet_lines_holding_an_item() {
        let item = |t: &str, b: &str| Some((t.to_string(), b.to_string()));
        for (line, want) in [
            (
                "- **Russia moves air defence units to Tajikistan** — The base will receive new batteries.",
                item("Russia moves air defence units to Tajikistan", "The base will receive new batteries."),
            ),
            (
                "• Kyrgyzstan bans a religious group: The supreme court declared the movement extremist.",
                item("Kyrgyzstan bans a religious group", "The supreme court declared the movement extremist."),
            ),
            (
                "* **Gas deal** The two ministers signed the contract in Baku on Monday.",
                item("Gas deal", "The two ministers signed the contract in Baku on Monday."),
            ),
            // A dash parts title and teaser before a colon inside the title does.
            (
                "• Song contest: Armenian entry finishes eighth — The song was the country's best result in years.",
                item("Song contest: Armenian entry finishes eighth", "The song was the country's best result in years."),
            ),
            // A short title before a typographic dash.
            (
                "- Georgia passes budget — Parliament approved spending plans for next year.",
                item("Georgia passes budget", "Parliament approved spending plans for next year."),
            ),
            // A point of a list inside a teaser, not an item.
            ("- Exports: up 5% in October to two billion dollars", None),
            ("- Exports - up 5% in October to two billion dollars", None),
            ("- the talks resumed in Geneva — officials said on Monday", None),
            ("Russia moves units to Tajikistan — The base will receive batteries.", None),
            ("• Three short headline words", None),
        ] {
            let got = list_item(line, true).map(|i| (i.title.unwrap(), i.teaser));
            assert_eq!(got, want, "{line}");
        }
    }

    /// Bulleted news written in sentences, perhaps after a date: the first sentence is the
    /// title when it reads as a headline; a headline alone, or sentences that do not open with
    /// one, are an item too. Under a line ending in a colon they are points of a teaser.
    #[test]
    fn bullet_lines_written_in_sentences() {
        let item = |date: Option<&str>, title: Option<&str>, teaser: &str| {
            Some(ListItem {
                date: date.map(str::to_string),
                title: title.map(str::to_string),
                teaser: teaser.to_string(),
            })
        };
        for (line, want) in [
            (
                "- Ferry traffic resumes across the Caspian. Operators restored the daily crossings on Monday.",
                item(None, Some("Ferry traffic resumes across the Caspian"), "Operators restored the daily crossings on Monday."),
            ),
            (
                "• 03.11.2026 — Parliament ratifies the water treaty with its neighbour. The vote was unanimous in both chambers.",
                item(Some("03.11.2026"), Some("Parliament ratifies the water treaty with its neighbour"), "The vote was unanimous in both chambers."),
            ),
            (
                "* Mongolia opens a new coal rail spur to the border.",
                item(None, Some("Mongolia opens a new coal rail spur to the border"), ""),
            ),
            // The first sentence is no headline (too long, or it ends on a comma-led clause):
            // an untitled item.
            (
                "- After nine rounds of talks that began in the spring and were broken off twice over the route, the two governments finally agreed. The pipeline will run south.",
                item(None, None, "After nine rounds of talks that began in the spring and were broken off twice over the route, the two governments finally agreed. The pipeline will run south."),
            ),
            // An abbreviation does not end the first sentence.
            (
                "- U.S. envoy arrives in Tbilisi for talks. She will meet the prime minister and opposition leaders.",
                item(None, Some("U.S. envoy arrives in Tbilisi for talks"), "She will meet the prime minister and opposition leaders."),
            ),
            // Points of a list, read as lines: no sentence end, or a lower-case start.
            ("- Exports up 5% in October", None),
            ("- the talks resumed in Geneva.", None),
            ("A plain line. With two sentences in it.", None),
        ] {
            assert_eq!(list_item(line, false), want, "{line}");
        }
        assert_eq!(
            list_item("- Mongolia opens a new coal rail spur to the border.", true),
            None
        );
    }
}
