//! RSS and Atom feeds → items (title, summary, date, link), parsed by `feed-rs` (RSS 0.9x,
//! 1.0 and 2.0, Atom, JSON Feed; the XML declaration's encoding is honoured).
//!
//! Each entry is an item: its title; its summary (RSS `description`), else its content, with
//! HTML stripped by [`crate::html::fragment_text`] (paragraphs kept, images, captions and
//! read-more links dropped); its publication date, else its update date (RFC 3339, in UTC);
//! its `alternate` link, else its first link. The entry's or the feed's `language` /
//! `xml:lang` is kept as a hint for routing, never as a given language.

use crate::html::fragment_text;

/// One entry of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub title: Option<String>,
    pub text: String,
    /// RFC 3339, UTC (`2026-11-03T07:15:00+00:00`).
    pub date: Option<String>,
    pub url: Option<String>,
    /// The entry's language, else the feed's, as declared (`es`, `en-gb`).
    pub lang: Option<String>,
}

/// A parsed feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feed {
    pub title: Option<String>,
    pub entries: Vec<Entry>,
}

/// Parses a feed. Errs with the parser's reason when `bytes` is not a feed.
///
/// ```
/// let feed = topictag::feed::read_feed(br#"<?xml version="1.0"?>
/// <rss version="2.0"><channel><title>Monitor</title><language>es</language>
///   <item><title>Acuerdo de gas</title><link>https://example.org/1</link>
///     <description>&lt;p&gt;Los ministros firmaron.&lt;/p&gt;</description></item>
/// </channel></rss>"#).unwrap();
/// assert_eq!(feed.entries[0].title.as_deref(), Some("Acuerdo de gas"));
/// assert_eq!(feed.entries[0].text, "Los ministros firmaron.");
/// assert_eq!(feed.entries[0].lang.as_deref(), Some("es"));
/// ```
pub fn read_feed(bytes: &[u8]) -> Result<Feed, String> {
    let parser = feed_rs::parser::Builder::new().build();
    let feed = parser.parse(bytes).map_err(|e| describe(&e))?;
    let lang = feed.language.clone();
    let entries = feed
        .entries
        .into_iter()
        .map(|e| {
            let title = e.title.map(|t| plain(&t.content)).filter(|t| !t.is_empty());
            let summary = e.summary.map(|s| plain(&s.content)).unwrap_or_default();
            let text = if summary.is_empty() {
                e.content
                    .and_then(|c| c.body)
                    .map(|b| plain(&b))
                    .unwrap_or_default()
            } else {
                summary
            };
            let url = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(e.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|h| !h.is_empty());
            Entry {
                title,
                text,
                date: e.published.or(e.updated).map(|d| d.to_rfc3339()),
                url,
                lang: e.language.or_else(|| lang.clone()),
            }
        })
        .collect();
    Ok(Feed {
        title: feed.title.map(|t| plain(&t.content)),
        entries,
    })
}

/// Text that may hold HTML, as plain text.
fn plain(s: &str) -> String {
    if s.contains(['<', '&']) {
        fragment_text(s)
    } else {
        crate::digest::strip_markers(s)
    }
}

fn describe(e: &feed_rs::parser::ParseFeedError) -> String {
    format!("not an RSS or Atom feed: {e}")
}
