//! Owns date recognition: whether a line or part of one is a date as pages write them
//! (`November 1, 2022`, `1 de noviembre de 2022`, `12.03.2024`, `Mon, 4 Mar 2024 10:30 CET`,
//! `3 hours ago`, `hace 2 días`), with an optional prefix (`Published:`), weekday, time and zone.

use std::ops::RangeInclusive;

use super::classify::{MAX_TITLE_CHARS, MAX_UTF8_BYTES};
use super::words::{lexicon, Relative};
use crate::segment::prefix;

/// Longest date line, in characters.
pub(super) const MAX_DATE_CHARS: usize = 80;
/// Bytes at the start of a line searched for a `date | ` prefix: a date and its separator fit.
const LEADING_DATE_SCAN_BYTES: usize = 100;
/// Four-digit numbers read as years: news dates, not other four-digit numbers.
const YEARS: RangeInclusive<u32> = 1900..=2099;

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
    if !suffix.is_empty() && !lexicon().ordinal_suffixes.contains(&suffix) {
        return false;
    }
    (1..=2).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

/// A year as pages write one: four digits, 1900 to 2099.
pub(super) fn is_year(t: &str) -> bool {
    t.len() == 4 && t.parse::<u32>().is_ok_and(|y| YEARS.contains(&y))
}

/// A numeric date's separator, its three parts as written and their numbers (`12/03/24` →
/// `/`, `["12", "03", "24"]`, `[12, 3, 24]`): three runs of one to four digits parted by one of
/// `.`, `/`, `-`.
fn numeric_parts(t: &str) -> Option<(char, Vec<&str>, Vec<u32>)> {
    let sep = t.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = t.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    Some((sep, parts, n))
}

/// `12.03.2024`, `12/03/24`, `2024-03-12`, `03-12-2024`.
fn is_numeric_date(t: &str) -> bool {
    let Some((_, parts, n)) = numeric_parts(t) else {
        return false;
    };
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
    if lexicon().time_zones.contains(&t) {
        return true;
    }
    // A numeric offset after the time, as mail and feed dates write it (`+0100`: its sign is
    // trimmed off with the token's other punctuation).
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (hours, minutes) = (&t[..2], &t[2..]);
        if hours <= "14" && minutes < "60" {
            return true;
        }
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
    let lex = lexicon();
    let mut k = 0;
    if t.first().is_some_and(|w| lex.weekdays.contains(w)) {
        k = 1;
    }
    let r = &t[k..];
    let get = |i: usize| r.get(i).copied().unwrap_or("");
    let month = |i: usize| lex.months.contains(&get(i));
    let day = |i: usize| is_day(get(i));
    let year = |i: usize| is_year(get(i));
    let count = |i: usize| get(i).chars().all(|c| c.is_ascii_digit()) && !get(i).is_empty();
    let unit = |i: usize| lex.time_units.contains(&get(i));
    // Relative dates.
    if lex.relative_days.contains(&get(0)) {
        return Some(k + 1);
    }
    // "hace 3 horas", "hace un día": the count and its words from one language.
    let before = |l: &Relative| {
        l.before.contains(&get(0)) && (count(1) || l.one.contains(&get(1))) && unit(2)
    };
    if lex.relative.iter().any(before) {
        return Some(k + 3);
    }
    // "3 hours ago", "an hour ago".
    let after = |l: &Relative| {
        (count(0) || l.one.contains(&get(0))) && unit(1) && l.after.contains(&get(2))
    };
    if lex.relative.iter().any(after) {
        return Some(k + 3);
    }
    // "hours ago".
    if unit(0) && lex.relative.iter().any(|l| l.after.contains(&get(1))) {
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
pub(super) fn parse_date(s: &str) -> Option<String> {
    if s.is_empty()
        || s.len() > MAX_DATE_CHARS * MAX_UTF8_BYTES
        || s.chars().count() > MAX_DATE_CHARS
    {
        return None;
    }
    let lex = lexicon();
    let toks = date_tokens(s);
    let mut i = 0;
    while i < toks.len() && lex.date_prefixes.contains(&toks[i].1.as_str()) {
        i += 1;
    }
    let (core_start, _) = toks.get(i)?;
    let rest: Vec<&str> = toks[i..]
        .iter()
        .map(|t| t.1.as_str())
        .filter(|t| !lex.date_fillers.contains(t))
        .collect();
    let n = date_core_len(&rest)?;
    if !rest[n..].iter().all(|t| is_time(t) || is_time_zone(t)) {
        return None;
    }
    let trim = |d: &'_ str| -> usize {
        d.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | '|' | '·' | '•' | '–' | '—' | '-' | ':')
        })
        .len()
    };
    let mut d = s[*core_start..].trim_start_matches(['(', '[', ' ']);
    d = &d[..trim(d)];
    // The bracket that closes a bracketed date, `(15/07/2024)`, whose opening one is before
    // the date's start.
    for (open, close) in [('(', ')'), ('[', ']')] {
        while d.ends_with(close) && d.matches(open).count() < d.matches(close).count() {
            d = &d[..d.len() - 1];
            d = &d[..trim(d)];
        }
    }
    Some(d.to_string())
}

/// The shape of a date as written: each token's kind (weekday, month name, day, year, a
/// numeric date by its separator, a time) or, for any other word, the word itself. Dates
/// written by one template share it (`14 October 2025`, `10 October 2025`); a masthead's date
/// and the dates of its stories often do not (`Monday, December 7, 2026`, `December 5, 2026`).
pub(super) fn date_shape(s: &str) -> Vec<String> {
    let lex = lexicon();
    date_tokens(s)
        .into_iter()
        .map(|(_, t)| {
            let kind = if lex.weekdays.contains(&t.as_str()) {
                "<weekday>"
            } else if lex.months.contains(&t.as_str()) {
                "<month>"
            } else if is_day(&t) {
                "<day>"
            } else if is_year(&t) {
                "<year>"
            } else if is_numeric_date(&t) {
                return format!(
                    "<numeric{}>",
                    t.chars().find(|c| !c.is_ascii_digit()).unwrap_or(' ')
                );
            } else if is_time(&t) {
                "<time>"
            } else {
                return t;
            };
            kind.to_string()
        })
        .collect()
}

/// A date as ISO 8601 when it names a day unambiguously: `2026-12-06`, and
/// `2026-12-06T15:20:00Z` when a time is given in UTC (`GMT`, `UTC`, `Z`). `None` for a
/// relative date (`3 hours ago`), one without a year (`6 Dec`), a numeric one that reads both
/// ways (`06/12/2026`: day first in most of the world, month first in the United States; a
/// date with dots, `06.12.2026`, is day first), or anything [`parse_date`] does not read.
/// A numeric date that reads both ways is read in `order`, the page's (see [`DateOrder`]).
pub(super) fn iso_date(s: &str, order: DateOrder) -> Option<String> {
    let lex = lexicon();
    let words = date_words(s);
    let r: Vec<&str> = words.iter().map(String::as_str).collect();
    let get = |i: usize| r.get(i).copied().unwrap_or("");
    let day = |t: &str| {
        let digits = t.trim_end_matches(|c: char| !c.is_ascii_digit());
        is_day(t).then(|| digits.parse::<u32>().ok()).flatten()
    };
    let month = |t: &str| lex.months.contains(&t).then(|| month_number(t)).flatten();
    let year = |t: &str| is_year(t).then(|| t.parse::<i32>().ok()).flatten();
    // `06-Dec-2026`, as some content systems write it.
    let named: Vec<&str> = get(0).split(['-', '/', '.']).collect();
    let (ymd, used) = if is_numeric_date(get(0)) {
        (numeric_ymd(get(0), order)?, 1)
    } else if let [dd, m, y] = named[..] {
        ((year(y)?, month(m)?, day(dd)?), 1)
    } else if let (Some(m), Some(dd), Some(y)) = (month(get(0)), day(get(1)), year(get(2))) {
        ((y, m, dd), 3)
    } else if let (Some(dd), Some(m), Some(y)) = (day(get(0)), month(get(1)), year(get(2))) {
        ((y, m, dd), 3)
    } else {
        return None;
    };
    let date = chrono::NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2)?;
    let day_only = date.format("%Y-%m-%d").to_string();
    let after = &r[used..];
    if !after.iter().all(|t| is_time(t) || is_time_zone(t)) {
        return None;
    }
    let utc = after.iter().any(|t| matches!(*t, "gmt" | "utc" | "z"));
    let time = after.first().and_then(|t| clock(t));
    Some(match (time, utc, after.len()) {
        (Some((h, m, sec)), true, 2) => format!("{day_only}T{h:02}:{m:02}:{sec:02}Z"),
        _ => day_only,
    })
}

/// The number of a month's name or abbreviation (English or Spanish), if it is one.
fn month_number(name: &str) -> Option<u32> {
    const STEMS: [(&str, u32); 17] = [
        ("jan", 1),
        ("ene", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("abr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("ago", 8),
        ("sep", 9),
        ("set", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
        ("dic", 12),
    ];
    let stem = name.get(..3)?;
    STEMS.iter().find(|(s, _)| *s == stem).map(|&(_, n)| n)
}

/// (year, month, day) of a numeric date ([`is_numeric_date`]) when it reads one way only.
fn numeric_ymd(t: &str, order: DateOrder) -> Option<(i32, u32, u32)> {
    let (sep, parts, n) = numeric_parts(t)?;
    if parts[0].len() == 4 {
        return Some((n[0] as i32, n[1], n[2]));
    }
    // A two-digit year only after dots (`24.04.26`): `22-07-07` may be year first.
    let year = match parts[2].len() {
        4 => n[2] as i32,
        2 if sep == '.' => 2000 + n[2] as i32,
        _ => return None,
    };
    let order = match shown_order(sep, &n) {
        DateOrder::Unknown => order,
        shown => shown,
    };
    let (d, m) = match order {
        DateOrder::DayFirst => (n[0], n[1]),
        DateOrder::MonthFirst => (n[1], n[0]),
        DateOrder::Unknown => return None,
    };
    Some((year, m, d))
}

/// Which way a numeric date's day and month read on their own ([`numeric_parts`]): day first
/// with dots or when the first number is above 12, month first when the second is, `Unknown`
/// when either reading is a date.
fn shown_order(sep: char, n: &[u32]) -> DateOrder {
    if sep == '.' || n[0] > 12 {
        DateOrder::DayFirst
    } else if n[1] > 12 {
        DateOrder::MonthFirst
    } else {
        DateOrder::Unknown
    }
}

/// The words of a date that say which day it is: its tokens without fillers (`de`, `of`) and
/// without a leading weekday, after any prefix of a date line (`Posted:`).
fn date_words(s: &str) -> Vec<String> {
    // (Without its prefix, if it is a date as a line's; `06-Dec-2026` is read by the caller.)
    let d = parse_date(s).unwrap_or_else(|| s.to_string());
    let lex = lexicon();
    let rest: Vec<String> = date_tokens(&d)
        .into_iter()
        .map(|t| t.1)
        .filter(|t| !lex.date_fillers.contains(&t.as_str()))
        .collect();
    let weekday = rest
        .first()
        .is_some_and(|w| lex.weekdays.contains(&w.as_str()));
    rest.into_iter().skip(usize::from(weekday)).collect()
}

/// Which number comes first in a page's numeric dates written with `/` or `-` (`10/12/2025`):
/// the day, as most of the world writes it, or the month, as the United States does. A page
/// writes all its dates one way, so one date that reads only one way (`13/10/2025`) settles
/// the others (`10/10/2025`); a page that shows both ways, or neither, leaves them as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    #[default]
    Unknown,
    DayFirst,
    MonthFirst,
}

/// What a page's numeric dates written with `/` or `-` have shown of their order so far: a
/// date that reads only day first (`13/10/2025`), one that reads only month first
/// (`10/13/2025`). Dates with dots and dates that open with the year say nothing of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DatesSeen {
    day_first: bool,
    month_first: bool,
}

impl DatesSeen {
    /// Takes in a normalised date as written.
    pub(super) fn see_normalized(&mut self, date: &str) {
        let words = date_words(date);
        let Some((sep, parts, n)) = words
            .first()
            .filter(|t| is_numeric_date(t))
            .and_then(|t| numeric_parts(t))
        else {
            return;
        };
        if sep == '.' || parts[0].len() == 4 {
            return;
        }
        match shown_order(sep, &n) {
            DateOrder::DayFirst => self.day_first = true,
            DateOrder::MonthFirst => self.month_first = true,
            DateOrder::Unknown => {}
        }
    }

    /// Whether any date seen read one way only.
    pub fn any_one_way(&self) -> bool {
        self.day_first || self.month_first
    }

    /// The page's order: the one its one-way dates showed, `Unknown` if they showed both or
    /// none.
    pub fn order(&self) -> DateOrder {
        match (self.day_first, self.month_first) {
            (true, false) => DateOrder::DayFirst,
            (false, true) => DateOrder::MonthFirst,
            _ => DateOrder::Unknown,
        }
    }
}

/// Hours, minutes and seconds of a time token ([`is_time`]).
fn clock(t: &str) -> Option<(u32, u32, u32)> {
    if !is_time(t) {
        return None;
    }
    let t = t.strip_suffix('h').unwrap_or(t);
    let mut parts = t.split([':', 'h']).map(|p| p.parse::<u32>().ok());
    let h = parts.next()??;
    let m = parts.next().flatten().unwrap_or(0);
    let sec = parts.next().flatten().unwrap_or(0);
    (h < 24 && m < 60 && sec < 60).then_some((h, m, sec))
}

const DATE_SEPARATORS: &[&str] = &[" | ", " — ", " – ", " - ", " · ", " • ", ": ", " / "];

/// The date, with its day and year, that ends a line of words after a comma or a space alone
/// (`Press summary, April 25, 2024`, `Daily brief 2024-04-25`): a page header's date. The
/// longest date that ends the line decides: the end of a range (`Semana del 6 al 12 de octubre
/// de 2026`) or a month alone is none. Titles are not read so (`Talks set for 5 May`); their
/// dates stand apart ([`trailing_date`]).
pub(crate) fn ending_date(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let most = MAX_ENDING_DATE_WORDS.min(words.len().saturating_sub(1));
    let (k, tail, date) = (1..=most).rev().find_map(|k| {
        let tail = words[words.len() - k..].join(" ");
        parse_date(&tail).map(|d| (k, tail, d))
    })?;
    let before = &words[..words.len() - k];
    let day_and_year = has_day_and_year(&tail);
    let last = before.last().map(|w| w.to_lowercase()).unwrap_or_default();
    let range =
        RANGE_WORDS.contains(&last.as_str()) || last.ends_with(|c: char| c.is_ascii_digit());
    let words_before = before.iter().any(|w| w.chars().any(char::is_alphabetic));
    (day_and_year && !range && words_before).then_some(date)
}

/// Whether a date as written names its day and its year (`25 April 2024`, `2024-04-25`, not
/// `March 2025`): a number of four digits and one of one or two.
pub(super) fn has_day_and_year(date: &str) -> bool {
    let runs: Vec<usize> = date
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .filter(|&n| n > 0)
        .collect();
    runs.contains(&4) && runs.iter().any(|&n| n <= 2)
}

/// Most words of a date that ends a header line (`Monday, 22 April 2024`, `25 de abril de
/// 2024`).
const MAX_ENDING_DATE_WORDS: usize = 5;

/// Words before the last date of a range (`del 6 al 12 de octubre`, `6 to 12 October`).
const RANGE_WORDS: &[&str] = &[
    "al", "to", "-", "–", "—", "y", "and", "through", "hasta", "till", "until", "a",
];

/// `12.03.2024 | Title` → (`12.03.2024`, `Title`). Looks only at the first 100 bytes.
pub(super) fn leading_date(s: &str) -> Option<(String, String)> {
    let head = prefix(s, LEADING_DATE_SCAN_BYTES);
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
pub(super) fn trailing_date(s: &str) -> Option<(String, String)> {
    if s.len() > MAX_TITLE_CHARS * MAX_UTF8_BYTES {
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
