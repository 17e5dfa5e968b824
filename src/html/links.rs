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

    /// `href` resolved (the article's address for a redirect link, [`unwrap_redirect`]), or
    /// as written when it cannot be; `None` for in-page and script links.
    pub(super) fn resolve(&self, href: &str) -> Option<String> {
        self.resolved(href).map(|h| unwrap_redirect(&h))
    }

    fn resolved(&self, href: &str) -> Option<String> {
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

/// Sites whose links on a news page are share buttons or profiles, not stories (by the
/// label before the top-level domain: `x` is `x.com`, `t` is `t.me`, `wa` is `wa.me`).
const SOCIAL_SITES: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "t",
    "telegram",
    "wa",
    "whatsapp",
    "linkedin",
    "vk",
    "ok",
    "reddit",
    "pinterest",
    "instagram",
    "youtube",
    "tiktok",
    "threads",
    "bsky",
    "mastodon",
];

/// Whether `href` is a share button's (`/share?url=…`, `/intent/tweet`, `mailto:`) or a social
/// site's link rather than a story's.
pub(super) fn is_share_link(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    if ["mailto:", "javascript:", "tel:", "sms:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return true;
    }
    let social = Url::parse(&lower).ok().is_some_and(|u| {
        let labels: Vec<&str> = u.host_str().unwrap_or("").split('.').collect();
        labels.len() >= 2 && SOCIAL_SITES.contains(&labels[labels.len() - 2])
    });
    let path = lower.split(['?', '#']).next().unwrap_or("");
    social
        || path
            .split('/')
            .any(|seg| matches!(seg, "share" | "sharer" | "sharer.php" | "intent"))
}

/// The article's own address for a search engine's or a social site's redirect link (Google
/// Alerts feeds link every entry through `https://www.google.com/url?...&url=ARTICLE`, Yahoo's
/// results through `https://r.search.yahoo.com/.../RU=ARTICLE/RK=...`, Facebook's outgoing
/// links through `l.facebook.com/l.php?u=ARTICLE`, DuckDuckGo's through `/l/?uddg=ARTICLE`);
/// other links as given.
pub(crate) fn unwrap_redirect(href: &str) -> String {
    let target = Url::parse(href).ok().and_then(|u| {
        let host = u.host_str()?;
        let on = |site: &str| {
            host.split('.')
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w[0] == site)
        };
        let query = |names: &[&str]| {
            u.query_pairs()
                .find(|(k, _)| names.contains(&k.as_ref()))
                .map(|(_, v)| v.into_owned())
        };
        let found = if on("google") && u.path() == "/url" {
            query(&["url", "q"])
        } else if on("yahoo") {
            // Parameters written as path segments, percent-encoded.
            u.path_segments()?
                .flat_map(|seg| url::form_urlencoded::parse(seg.as_bytes()))
                .find(|(k, _)| k == "RU")
                .map(|(_, v)| v.into_owned())
        } else if on("facebook") && u.path() == "/l.php" {
            query(&["u"])
        } else if on("duckduckgo") && u.path() == "/l/" {
            query(&["uddg"])
        } else {
            None
        };
        found.filter(|v| v.starts_with("http://") || v.starts_with("https://"))
    });
    target.unwrap_or_else(|| href.to_string())
}

/// Query parameters that only tell a site where a reader came from (`utm_source`, `fbclid`,
/// a mailing's `mc_cid`): not the story's address. Names of `utm_` are matched by prefix.
const TRACKING_PARAMETERS: &[&str] = &[
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
    "mc_eid", "_hsenc", "_hsmi", "mkt_tok",
];

/// `url` without its tracking parameters (see [`TRACKING_PARAMETERS`]), the rest as written:
/// the same story linked from a newsletter and from a feed is then one address.
///
/// ```
/// use topictag::html::without_tracking;
/// assert_eq!(
///     without_tracking("https://example.org/a?id=3&utm_source=mail&utm_medium=email#top"),
///     "https://example.org/a?id=3#top"
/// );
/// assert_eq!(without_tracking("https://example.org/b?fbclid=IwAR0"), "https://example.org/b");
/// assert_eq!(without_tracking("https://example.org/c?utmost=1"), "https://example.org/c?utmost=1");
/// ```
pub fn without_tracking(url: &str) -> std::borrow::Cow<'_, str> {
    let (head, fragment) = match url.find('#') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    let Some((path, query)) = head.split_once('?') else {
        return url.into();
    };
    let tracking = |part: &&str| {
        let name = part.split('=').next().unwrap_or("").to_ascii_lowercase();
        name.starts_with("utm_") || TRACKING_PARAMETERS.contains(&name.as_str())
    };
    if !query.split('&').any(|p| tracking(&p)) {
        return url.into();
    }
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !tracking(p))
        .collect();
    let mut out = path.to_string();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out.push_str(fragment);
    out.into()
}

#[cfg(test)]
mod redirect_tests {
    use super::*;

    /// Links through a redirect (Google Alerts feeds, Yahoo results, Facebook's outgoing
    /// links) are the article's; a link that only looks like one is kept.
    #[test]
    fn redirect_links_point_at_the_article() {
        let cases = [
            (
                "https://www.google.com/url?rct=j&sa=t&url=https://example.com/news/1%3Fa%3D2&ct=ga",
                "https://example.com/news/1?a=2",
            ),
            ("https://www.google.com/url?q=ftp://x", "https://www.google.com/url?q=ftp://x"),
            ("https://example.org/url?url=https://a.b/", "https://example.org/url?url=https://a.b/"),
            (
                "https://r.search.yahoo.example/_ylt=AwrF;_ylu=Y29s/RV=2/RO=10/RU=https%3a%2f%2fnews.example.org%2fmalta-talks%2f/RK=2/RS=abc-",
                "https://news.example.org/malta-talks/",
            ),
            (
                "https://l.facebook.com/l.php?u=https%3A%2F%2Fnews.example.org%2Fa%3Fid%3D3&h=AT0",
                "https://news.example.org/a?id=3",
            ),
            ("https://duckduckgo.com/l/?uddg=https%3A%2F%2Fnews.example.org%2Fb", "https://news.example.org/b"),
            ("https://news.yahoo.example/world/story-1.html", "https://news.yahoo.example/world/story-1.html"),
        ];
        for (href, want) in cases {
            assert_eq!(unwrap_redirect(href), want);
        }
    }
}
