//! Where a page's relative links point: `<base href>`, else the canonical URL, else `og:url`.

use scraper::{Html, Selector};
use std::sync::LazyLock;
use url::Url;

/// The address in the comment a browser writes at the top of a page it saves
/// (`<!-- saved from url=(0032)https://www.example.org/publications -->`), if there is one
/// in its first 4 KiB.
pub(super) fn saved_from(text: &str) -> Option<&str> {
    const MARK: &str = "<!-- saved from url=(";
    // In the first lines only: a page's text may quote such a comment.
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let at = text[..end].find(MARK)? + MARK.len();
    let rest = &text[at..];
    let rest = &rest[rest.find(')')? + 1..];
    let url = rest[..rest.find("-->")?].trim();
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

/// Where relative links point: `<base href>`, else the canonical URL, else `og:url`.
#[derive(Default)]
pub(super) struct Base {
    pub(super) base: Option<Url>,
    /// The page's own address (canonical, else `og:url`), for an article's link.
    pub(super) page: Option<Url>,
}

impl Base {
    /// The base of `doc`, saved from `location` if known (used when the page names no
    /// canonical or `og:url` address of its own).
    pub(super) fn of(doc: &Html, location: Option<&str>) -> Base {
        static BASE: LazyLock<Selector> = LazyLock::new(|| Selector::parse("base[href]").unwrap());
        static CANON: LazyLock<Selector> =
            LazyLock::new(|| Selector::parse("link[rel][href]").unwrap());
        static OG: LazyLock<Selector> =
            LazyLock::new(|| Selector::parse("meta[property][content]").unwrap());
        let canonical = doc
            .select(&CANON)
            .find(|l| {
                l.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                })
            })
            .and_then(|l| Url::parse(l.attr("href")?.trim()).ok());
        let og = doc
            .select(&OG)
            .find(|m| m.attr("property") == Some("og:url"))
            .and_then(|m| Url::parse(m.attr("content")?.trim()).ok());
        let saved_from = location.and_then(|l| Url::parse(l.trim()).ok());
        let page = canonical.or(og).or(saved_from);
        let base = doc
            .select(&BASE)
            .next()
            .and_then(|b| {
                let href = b.attr("href")?.trim();
                Url::parse(href)
                    .ok()
                    .or_else(|| page.as_ref()?.join(href).ok())
            })
            .or_else(|| page.clone());
        Base { base, page }
    }

    /// `href` resolved, or as written when it cannot be; `None` for in-page and script links.
    pub(super) fn resolve(&self, href: &str) -> Option<String> {
        let href = href.trim();
        let lower = href.get(..11).unwrap_or(href).to_ascii_lowercase();
        if href.is_empty()
            || href.starts_with('#')
            || lower.starts_with("javascript:")
            || lower.starts_with("mailto:")
        {
            return None;
        }
        if let Ok(u) = Url::parse(href) {
            return Some(u.into());
        }
        Some(match &self.base {
            Some(b) => b
                .join(href)
                .map(String::from)
                .unwrap_or_else(|_| href.into()),
            None => href.to_string(),
        })
    }
}
