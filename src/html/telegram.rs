//! Telegram channel exports in HTML (`messages.html`, Telegram Desktop's "Export chat history"
//! in its default format): one item per post (`div.message.default`), its opening bold line
//! the title, the rest of its `div.text` the text, its `title` timestamp the date, its first
//! link the link. Service messages (dates, "channel created", pins) and posts with no text (a
//! photo without a caption) are left out and counted. The JSON export is read by
//! `input/jsonl.rs`.
//!
//! A channel's web preview (`https://t.me/s/CHANNEL`, saved from the browser) is read the same
//! way: one item per `div.tgme_widget_message`, its text the bubble's own
//! `div.tgme_widget_message_text` (not that of a post it replies to), its date and link those
//! of the post (`a.tgme_widget_message_date` and its `<time datetime>`); "Forwarded from"
//! lines, channel handles and posts that only hold media are no text.

use super::blocks::{normalize, Ctx, Reader};
use super::Item;
use scraper::{ElementRef, Html, Selector};
use std::sync::LazyLock;

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

static MESSAGES: LazyLock<Selector> = LazyLock::new(|| selector("div.history div.message"));
static TEXT: LazyLock<Selector> = LazyLock::new(|| selector("div.text"));
static DATE: LazyLock<Selector> = LazyLock::new(|| selector("div.date[title]"));
static LINK: LazyLock<Selector> = LazyLock::new(|| selector("a[href]"));
static PREVIEW_POSTS: LazyLock<Selector> = LazyLock::new(|| selector("div.tgme_widget_message"));
static PREVIEW_TEXT: LazyLock<Selector> =
    LazyLock::new(|| selector(".tgme_widget_message_bubble > .tgme_widget_message_text"));
static PREVIEW_DATE: LazyLock<Selector> =
    LazyLock::new(|| selector("a.tgme_widget_message_date[href]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));

impl Reader<'_> {
    /// The posts of a Telegram export and a note on what was left out, or `None` when the page
    /// is not one (no `div.history` holding messages).
    pub(super) fn telegram_posts(&mut self, doc: &Html) -> Option<(Vec<Item>, Option<String>)> {
        let mut messages = doc.select(&MESSAGES).peekable();
        messages.peek()?;
        let (mut items, mut service, mut empty) = (Vec::new(), 0, 0);
        for m in messages {
            if !m.value().classes().any(|c| c == "default") {
                service += 1;
                continue;
            }
            let Some(text) = m.select(&TEXT).next() else {
                empty += 1;
                continue;
            };
            let Some((title, body)) = self.post_text(text) else {
                empty += 1;
                continue;
            };
            let url = text
                .select(&LINK)
                .find_map(|a| a.value().attr("href"))
                .and_then(|h| self.base.resolve(h));
            let date = m
                .select(&DATE)
                .next()
                .and_then(|d| d.value().attr("title"))
                .map(iso_date);
            items.push(Item {
                title,
                text: body,
                date,
                url,
            });
        }
        let note = left_out_note(service, empty);
        Some((items, note))
    }

    /// The posts of a channel's web preview (`t.me/s/CHANNEL`) and a note on what was left
    /// out, or `None` when the page is not one.
    pub(super) fn telegram_preview_posts(
        &mut self,
        doc: &Html,
    ) -> Option<(Vec<Item>, Option<String>)> {
        let mut posts = doc.select(&PREVIEW_POSTS).peekable();
        posts.peek()?;
        let (mut items, mut empty) = (Vec::new(), 0);
        for post in posts {
            let Some(text) = post.select(&PREVIEW_TEXT).next() else {
                empty += 1;
                continue;
            };
            let Some((title, body)) = self.post_text(text) else {
                empty += 1;
                continue;
            };
            let permalink = post.select(&PREVIEW_DATE).next();
            let url = permalink
                .and_then(|a| a.value().attr("href"))
                .and_then(|h| self.base.resolve(h));
            let date = permalink
                .and_then(|a| a.select(&TIME).next())
                .and_then(|t| t.value().attr("datetime"))
                .map(|d| d.trim().to_string());
            items.push(Item {
                title,
                text: body,
                date,
                url,
            });
        }
        Some((items, left_out_note(0, empty)))
    }

    /// A post's text element as its title (its opening bold line) and body (the rest, without
    /// bare web addresses and channel handles); `None` when it holds no text.
    fn post_text(&mut self, text: ElementRef) -> Option<(Option<String>, String)> {
        let blocks = self.blocks(&[*text], Ctx::default());
        let title = bold_title(text);
        let skip = usize::from(title.is_some());
        let lines: Vec<String> = blocks
            .iter()
            .skip(skip)
            .map(|b| without_addresses(&b.text))
            .filter(|l| !l.is_empty() && !is_handle(l))
            .collect();
        let body = lines.join("\n");
        (title.is_some() || !body.is_empty()).then_some((title, body))
    }
}

/// A line that is only a channel's handle (`@geopolitics_live`), as posts sign off.
fn is_handle(line: &str) -> bool {
    line.strip_prefix('@')
        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

/// The note on what a Telegram export's reading left out (for the HTML and the JSON export
/// alike), as a note on the whole file (`page: `), if anything was.
pub(crate) fn left_out_note(service: usize, empty: usize) -> Option<String> {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut left = Vec::new();
    if service > 0 {
        left.push(count(service, "service message", "service messages"));
    }
    if empty > 0 {
        left.push(count(empty, "post without text", "posts without text"));
    }
    (!left.is_empty()).then(|| format!("page: a Telegram export: {} left out", left.join(" and ")))
}

/// The post's opening bold run, when a line break (or nothing) follows it.
fn bold_title(text: ElementRef) -> Option<String> {
    let mut kids = text
        .children()
        .filter(|n| !n.value().as_text().is_some_and(|t| t.trim().is_empty()));
    let first = ElementRef::wrap(kids.next()?)?;
    if !matches!(first.value().name(), "strong" | "b") {
        return None;
    }
    let breaks = match kids.next() {
        None => true,
        Some(n) => n.value().as_element().is_some_and(|e| e.name() == "br"),
    };
    let title = normalize(&first.text().collect::<String>());
    (breaks && !title.is_empty()).then_some(title)
}

/// A line without its bare web addresses (a post's links, not words to tag).
fn without_addresses(line: &str) -> String {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| !(w.starts_with("http://") || w.starts_with("https://")))
        .collect();
    words.join(" ")
}

/// `03.12.2026 07:00:00 UTC+03:00` (the export's timestamp) as `2026-12-03T07:00:00+03:00`;
/// anything else as it is.
fn iso_date(stamp: &str) -> String {
    let stamp = stamp.trim();
    let mut parts = stamp.split_whitespace();
    let (Some(day), Some(time)) = (parts.next(), parts.next()) else {
        return stamp.to_string();
    };
    let d: Vec<&str> = day.split('.').collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if d.len() != 3 || !d.iter().all(|p| numeric(p)) || time.len() != 8 {
        return stamp.to_string();
    }
    let zone = parts
        .next()
        .and_then(|z| z.strip_prefix("UTC"))
        .unwrap_or("");
    format!("{}-{}-{}T{time}{zone}", d[2], d[1], d[0])
}

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn export_timestamps_become_iso_dates() {
        assert_eq!(
            iso_date("03.12.2026 07:00:00 UTC+03:00"),
            "2026-12-03T07:00:00+03:00"
        );
        assert_eq!(iso_date("03.12.2026 07:00:00"), "2026-12-03T07:00:00");
        assert_eq!(iso_date("yesterday"), "yesterday");
    }
}
