//! RSS and Atom feeds → items (title, summary, date, link), parsed by `feed-rs` (RSS 0.9x,
//! 1.0 and 2.0, Atom, JSON Feed; the XML declaration's encoding is honoured).
//!
//! Each entry is an item: its title; its summary (RSS `description`), else its content, with
//! HTML stripped by [`crate::html::fragment_text`] (paragraphs kept, images, captions and
//! read-more links dropped); its publication date, else its update date (RFC 3339, with the
//! offset the feed writes it with, so that it stays on the publisher's day; a day written alone
//! stays a day);
//! its `alternate` link, else its first link. The entry's or the feed's `language` /
//! `xml:lang` is kept as a hint for routing, never as a given language. A news aggregator's
//! `Headline - Source` title (Google News) gives the headline when the summary opens with it
//! and names the source; the summary's opening `Headline Source` line is then left out, and
//! so are the other outlets' headlines listed under it (a story cluster's related coverage).

use crate::html::fragment_text;

/// One entry of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub title: Option<String>,
    pub text: String,
    /// RFC 3339 with the offset the feed writes (`2026-11-03T07:15:00+01:00`), or a day written
    /// alone (`2026-11-03`).
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
    let mut feed = match parse(bytes)? {
        Ok(feed) => feed,
        // What feed readers forgive and feed-rs does not: mended, then parsed again.
        Err(e) => match repaired(bytes) {
            Some(fixed) => parse(&fixed)?.map_err(|_| describe(&e, bytes))?,
            None => return Err(describe(&e, bytes)),
        },
    };
    if feed.entries.is_empty() {
        // `<rss xmlns="http://backend.userland.com/rss2">`, as old Radio UserLand templates
        // wrote it, puts every element in a namespace where feed-rs finds no item.
        if let Some(Ok(fixed)) = without_rss_namespace(bytes)
            .map(|b| parse(&b))
            .transpose()?
        {
            feed = fixed;
        }
    }
    if feed.entries.is_empty() {
        let tags = count_tags(bytes, b"<item") + count_tags(bytes, b"<entry");
        return Err(match tags {
            0 => "this feed has no entries: nothing to tag".to_string(),
            n => {
                format!("none of this feed's {n} <item>/<entry> elements could be read as an entry")
            }
        });
    }
    let lang = feed.language.clone();
    // Relative entry links resolve against the channel's own address (`<link>` of an RSS
    // channel; Atom's `xml:base` is resolved by the parser).
    let site = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .and_then(|l| url::Url::parse(l.href.trim()).ok());
    // A date at midnight UTC may be a day written alone (`<dc:date>2024-12-05</dc:date>`),
    // which the parser makes a time stamp: the day is given as written.
    let midnight = |d: &chrono::DateTime<chrono::Utc>| d.time() == chrono::NaiveTime::MIN;
    // The entries as the XML writes them, read for what the parser does not give: every date
    // as written (its time zone, a day written alone, a date the parser could not read); a
    // FeedBurner feed's `feedburner:origLink` (the publisher's own address, which the same
    // story has on the site and in other feeds, where the entry's link goes through the
    // proxy); a Media RSS description, a video feed's only text, which the parser keeps only
    // beside a `media:content`.
    let blocks = Some(entry_blocks(bytes)).filter(|b| b.len() == feed.entries.len());
    // A JSON Feed's dates as written, for the same reasons.
    let json_dates = json_feed_dates(bytes).filter(|d| d.len() == feed.entries.len());
    let written = |i: usize, tags: &[&str]| match &json_dates {
        Some(dates) if tags == DATE_TAGS => dates[i].clone(),
        _ => written_value(blocks.as_ref()?[i], tags),
    };
    let entries = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let title = e.title.map(|t| plain(&t.content)).filter(|t| !t.is_empty());
            let summary = e.summary.map(|s| plain(&s.content)).unwrap_or_default();
            let (title, source) = match title {
                Some(t) => match source_suffix(&t, &summary) {
                    Some((headline, source)) => (Some(headline), Some(source)),
                    None => (Some(t), None),
                },
                None => (None, None),
            };
            let summary = body(summary, title.as_deref(), source.as_deref());
            // Else the content; else a Media RSS description (a video feed's only text).
            let text = if summary.is_empty() {
                let media = e.media.iter().find_map(|m| m.description.as_ref());
                e.content
                    .and_then(|c| c.body)
                    .or_else(|| media.map(|d| d.content.clone()))
                    .or_else(|| written(i, &["media:description"]))
                    .map(|b| body(plain(&b), title.as_deref(), source.as_deref()))
                    .unwrap_or_default()
            } else {
                summary
            };
            // The entry's link, else its id when that is an address (an RSS `<guid>` is a
            // permalink unless it says otherwise).
            let url = written(i, &["feedburner:origLink"])
                .map(|h| h.replace("&amp;", "&"))
                .filter(|h| h.starts_with("http://") || h.starts_with("https://"))
                .or_else(|| {
                    e.links
                        .iter()
                        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                        .or(e.links.first())
                        .map(|l| crate::html::unwrap_redirect(l.href.trim()))
                })
                .filter(|h| !h.is_empty())
                .or_else(|| {
                    let id = e.id.trim();
                    (id.starts_with("http://") || id.starts_with("https://"))
                        .then(|| id.to_string())
                })
                .map(|h| match (&site, url::Url::parse(&h)) {
                    (_, Ok(_)) | (None, _) => h,
                    (Some(site), Err(_)) => site.join(&h).map(String::from).unwrap_or(h),
                });
            Entry {
                title,
                text,
                date: e
                    .published
                    .or(e.updated)
                    .map(|d| {
                        let raw = written(i, DATE_TAGS);
                        let day = raw.clone().filter(|raw| {
                            let day = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d");
                            midnight(&d) && raw.len() == 10 && day.is_ok()
                        });
                        day.or_else(|| in_written_zone(raw.as_deref()?, &d))
                            .unwrap_or_else(|| d.to_rfc3339())
                    })
                    .or_else(|| {
                        let raw = written(i, DATE_TAGS)?;
                        let iso = chrono::NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M:%S");
                        (iso.is_ok() || crate::digest::is_date_line(&raw)).then_some(raw)
                    }),
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

/// `date` (the parser's, in UTC) in the time zone `raw` (the same date as the feed writes it,
/// RFC 3339 or RFC 2822) gives it: `2024-04-19T21:00:00-05:00` stays on the evening of the
/// 19th, where UTC would move it to the 20th. `None` when `raw` does not read as that instant.
fn in_written_zone(raw: &str, date: &chrono::DateTime<chrono::Utc>) -> Option<String> {
    let raw = raw.trim();
    let written = chrono::DateTime::parse_from_rfc3339(raw)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(raw))
        .ok()?;
    (written == *date).then(|| written.to_rfc3339())
}

/// Text that may hold HTML, as plain text.
fn plain(s: &str) -> String {
    if crate::html::holds_html(s) {
        let text = fragment_text(s);
        // HTML escaped twice (`&amp;lt;p&amp;gt;`, as some content systems export it) is
        // still markup once read: read it again.
        match crate::input::has_markup(text.as_bytes()) && text.contains('>') {
            true => fragment_text(&text),
            false => text,
        }
    } else {
        crate::digest::strip_markers(s)
    }
}

/// An aggregator's `Headline - Source` title (Google News, Bing News...), split into the
/// headline and the source's name, when the summary confirms it: it opens with the headline
/// and names the source (a summary of the form `<a>Headline</a> <font>Source</font>`, and
/// related headlines after it). `None` for other titles, which keep their dashes.
fn source_suffix(title: &str, summary: &str) -> Option<(String, String)> {
    let (headline, source) = title.rsplit_once(" - ")?;
    let (headline, source) = (headline.trim(), source.trim());
    let words = source.split_whitespace().count();
    let named = !headline.is_empty()
        && (1..=6).contains(&words)
        && summary.starts_with(headline)
        && summary.contains(source);
    named.then(|| (headline.to_string(), source.to_string()))
}

/// Whether two texts hold the same words, case and punctuation aside (`b` not empty).
fn same_words(a: &str, b: &str) -> bool {
    !b.is_empty() && crate::digest::same_words(a, b)
}

/// Most words of a related headline under an aggregator's entry (with its source's name).
const MAX_RELATED_HEADLINE_WORDS: usize = 25;

/// An entry's summary or content as plain text, without a publisher's feed footer; empty
/// when it only repeats the title (headline feeds do: the entry is its title alone), and
/// without an opening line that is the title and its `source` (news aggregators), nor the
/// other outlets' headlines listed under it (Google News's story clusters).
fn body(mut text: String, title: Option<&str>, source: Option<&str>) -> String {
    if let (Some(t), Some(src)) = (title, source) {
        let end = text.find('\n').unwrap_or(text.len());
        if same_words(&format!("{t} {src}"), &text[..end]) {
            text.replace_range(..end, "");
            text = text.trim_start().to_string();
            let headlines = text
                .lines()
                .all(|l| l.split_whitespace().count() <= MAX_RELATED_HEADLINE_WORDS);
            if headlines {
                text.clear();
            }
        }
    }
    let last = text.rfind("\n\n").map_or(0, |i| i + 2);
    if let Some(at) = feed_footer_start(&text[last..], title) {
        text.truncate(last + at);
        text.truncate(text.trim_end().len());
    }
    if title.is_some_and(|t| same_words(t, &text)) {
        text.clear();
    }
    text
}

/// Openings and middles of the line feed plugins append to every entry ("The post X appeared
/// first on Y.", Yoast SEO's default and its translations), lower-cased.
const FEED_FOOTERS: &[(&str, &str)] = &[
    ("the post ", " appeared first on "),
    ("the post ", " first appeared on "),
    ("la entrada ", " se publicó primero en "),
    ("la entrada ", " aparece primero en "),
    ("el post ", " apareció primero en "),
    ("l’article ", " est apparu en premier sur "),
    ("l'article ", " est apparu en premier sur "),
    ("der beitrag ", " erschien zuerst auf "),
    ("o post ", " apareceu primeiro em "),
    ("l’articolo ", " proviene da "),
    ("l'articolo ", " proviene da "),
];

/// Where a paragraph's feed footer starts: the paragraph itself, or its last sentences when
/// the footer was run on after the excerpt ("…the dam. The post X appeared first on Y.").
fn feed_footer_start(paragraph: &str, title: Option<&str>) -> Option<usize> {
    let sentences = paragraph
        .match_indices(['.', '!', '?', '…'])
        .map(|(i, m)| i + m.len())
        .filter(|&i| paragraph[i..].starts_with(' '))
        .map(|i| i + 1);
    std::iter::once(0)
        .chain(sentences)
        .find(|&at| is_feed_footer(&paragraph[at..], title))
}

/// Whether a paragraph is a feed footer: one line, "The post", the entry's title (when it has
/// one, in the same words whatever the quotes and apostrophes), "appeared first on" and a site
/// name of a few words.
fn is_feed_footer(paragraph: &str, title: Option<&str>) -> bool {
    const MAX_FOOTER_CHARS: usize = 400;
    const MAX_SITE_WORDS: usize = 8;
    if paragraph.len() > MAX_FOOTER_CHARS || paragraph.contains('\n') {
        return false;
    }
    let lower = paragraph.to_lowercase();
    let title = title.map(str::to_lowercase);
    FEED_FOOTERS.iter().any(|(start, middle)| {
        let Some(rest) = lower.strip_prefix(start) else {
            return false;
        };
        let Some((post, site)) = rest.split_once(middle) else {
            return false;
        };
        title.as_deref().is_none_or(|t| same_words(post, t))
            && site.split_whitespace().count() <= MAX_SITE_WORDS
    })
}

fn describe(e: &feed_rs::parser::ParseFeedError, bytes: &[u8]) -> String {
    // A feed's root that the parser still refused is a broken feed, not another kind of XML.
    let head = &bytes[..bytes.len().min(4096)];
    let rooted = [&b"<rss"[..], b"<feed", b"<rdf:RDF"]
        .iter()
        .any(|r| head.windows(r.len()).any(|w| w == *r));
    if rooted {
        return format!("an RSS or Atom feed that cannot be read: {e}");
    }
    // Another kind of XML says what it is by its root.
    match root_name(head) {
        Some("en-export") => {
            "an Evernote export (.enex), which topictag does not read: export the \
             notes as HTML (one page per note) and tag those pages"
                .to_string()
        }
        Some("urlset" | "sitemapindex") => {
            "a sitemap (a list of a site's addresses), not a feed: no news items in it".to_string()
        }
        Some(root) => format!("an XML document whose root is <{root}>, not an RSS or Atom feed"),
        None => format!("not an RSS or Atom feed: {e}"),
    }
}

/// The name of the root element of an XML document's opening bytes: the first tag that is not
/// a declaration (`<?xml`), a doctype or a comment.
fn root_name(head: &[u8]) -> Option<&str> {
    let mut rest = head;
    loop {
        let at = memchr::memchr(b'<', rest)?;
        rest = &rest[at + 1..];
        match rest.first()? {
            b'?' | b'!' => continue,
            c if c.is_ascii_alphabetic() => {
                let end = rest
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))?;
                return std::str::from_utf8(&rest[..end]).ok();
            }
            _ => return None,
        }
    }
}

/// `bytes` parsed by a new feed-rs parser (one that failed keeps state that trips an
/// assertion in the next parse). A panic inside the parser is an error for this file, not the
/// end of the run.
fn parse(
    bytes: &[u8],
) -> Result<Result<feed_rs::model::Feed, feed_rs::parser::ParseFeedError>, String> {
    std::panic::catch_unwind(|| feed_rs::parser::Builder::new().build().parse(bytes)).map_err(
        |_| "the feed parser failed on this file (an internal error of feed-rs)".to_string(),
    )
}

/// A feed feed-rs could not parse, with what real feeds get wrong and readers forgive mended:
/// `<rss>` without its `version` (read as RSS 2.0), and empty elements of an extension with no
/// attributes (`<media:description/>`, `<media:credit/>`, as a large newspaper's feed has
/// them), which carry nothing and which feed-rs takes for missing text. `None` when there is
/// nothing to mend.
fn repaired(bytes: &[u8]) -> Option<Vec<u8>> {
    let versioned = with_rss_version(bytes);
    let bytes = versioned.as_deref().unwrap_or(bytes);
    let emptied = without_empty_extensions(bytes);
    let bytes = emptied.as_deref().unwrap_or(bytes);
    match with_bare_ampersands_escaped(bytes) {
        Some(fixed) => Some(fixed),
        None => emptied.or(versioned),
    }
}

/// `bytes` with every `&` that opens no reference (`Q&A`, `?id=5&ref=rss`: the commonest
/// error of hand-made feeds) written `&amp;`, outside CDATA sections; `None` when there is none.
fn with_bare_ampersands_escaped(bytes: &[u8]) -> Option<Vec<u8>> {
    let reference = |rest: &[u8]| {
        let (body, digits): (&[u8], fn(&u8) -> bool) = match rest {
            [b'#', b'x' | b'X', body @ ..] => (body, u8::is_ascii_hexdigit),
            [b'#', body @ ..] => (body, u8::is_ascii_digit),
            body => (body, u8::is_ascii_alphanumeric),
        };
        let n = body.iter().take(32).take_while(|b| digits(b)).count();
        n > 0 && body.get(n) == Some(&b';') && (rest[0] == b'#' || body[0].is_ascii_alphabetic())
    };
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let (mut i, mut found) = (0, false);
    while i < bytes.len() {
        if bytes[i..].starts_with(b"<![CDATA[") {
            let end = bytes[i..]
                .windows(3)
                .position(|w| w == b"]]>")
                .map_or(bytes.len(), |p| i + p + 3);
            out.extend_from_slice(&bytes[i..end]);
            i = end;
            continue;
        }
        if bytes[i] == b'&' && !reference(&bytes[i + 1..]) {
            out.extend_from_slice(b"&amp;");
            found = true;
        } else {
            out.push(bytes[i]);
        }
        i += 1;
    }
    found.then_some(out)
}

/// `bytes` without its empty, attribute-less elements of a namespace prefix (`<media:credit/>`,
/// `<dc:creator />`); `None` when it has none.
fn without_empty_extensions(bytes: &[u8]) -> Option<Vec<u8>> {
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let mut out = Vec::new();
    let (mut copied, mut i, mut found) = (0, 0, false);
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + off;
        let mut j = start + 1;
        while j < bytes.len() && name_byte(bytes[j]) {
            j += 1;
        }
        let prefixed = j > start + 1 && bytes.get(j) == Some(&b':');
        if prefixed {
            j += 1;
            let local = j;
            while j < bytes.len() && name_byte(bytes[j]) {
                j += 1;
            }
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j > local && bytes[j..].starts_with(b"/>") {
                out.extend_from_slice(&bytes[copied..start]);
                copied = j + 2;
                found = true;
            }
        }
        i = start + 1;
    }
    found.then(|| {
        out.extend_from_slice(&bytes[copied..]);
        out
    })
}

/// Where the encoding named by the XML declaration at the start of `bytes` is: the offset of
/// its value and its length.
fn declared_encoding(bytes: &[u8]) -> Option<(usize, usize)> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl_end = start + bytes[start..].windows(2).position(|w| w == b"?>")?;
    let decl = &bytes[start..decl_end];
    if !decl.starts_with(b"<?xml") {
        return None;
    }
    let at = decl.windows(8).position(|w| w == b"encoding")? + 8;
    let rest = &decl[at..];
    let open = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    if rest[..open]
        .iter()
        .any(|&b| b != b'=' && !b.is_ascii_whitespace())
    {
        return None;
    }
    let quote = rest[open];
    let len = rest[open + 1..].iter().position(|&b| b == quote)?;
    Some((start + at + open + 1, len))
}

/// A feed whose XML declaration names a single-byte encoding (ISO-8859-1, windows-1251...)
/// while its bytes are valid UTF-8 holding non-ASCII text, as [`crate::html::stale_label`]
/// tells for pages. Returns the bytes declared as UTF-8 and the note to give, or `None`.
pub(crate) fn stale_declaration(bytes: &[u8]) -> Option<(Vec<u8>, String)> {
    let (value, len) = declared_encoding(bytes)?;
    let enc = encoding_rs::Encoding::for_label(&bytes[value..value + len])?;
    let note = crate::html::stale_label(enc, bytes)?;
    let mut fixed = Vec::with_capacity(bytes.len());
    fixed.extend_from_slice(&bytes[..value]);
    fixed.extend_from_slice(b"UTF-8");
    fixed.extend_from_slice(&bytes[value + len..]);
    Some((fixed, note))
}

/// A feed declared UTF-8 (or not declared: XML's default) whose bytes are not UTF-8 but read
/// as Western text in Windows-1252 (a feed saved by a Windows editor, or a server that never
/// converted its Latin-1 text): the feed as UTF-8 and the note to give, or `None`.
pub(crate) fn latin1_as_utf8(bytes: &[u8]) -> Option<(Vec<u8>, String)> {
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let utf8 = match declared_encoding(bytes) {
        Some((value, len)) => encoding_rs::Encoding::for_label(&bytes[value..value + len])
            .is_some_and(|e| e == encoding_rs::UTF_8),
        None => true,
    };
    if !utf8 {
        return None;
    }
    let (text, western) = crate::input::decode_non_utf8(bytes);
    western.then(|| {
        (
            text.into_bytes(),
            "declared UTF-8 (or nothing) but not UTF-8: read as Windows-1252 (Latin-1)".to_string(),
        )
    })
}

/// `bytes` with the default namespace (`xmlns="..."`) of its `<rss>` start tag removed (RSS
/// 2.0 has none); `None` when that tag declares none.
fn without_rss_namespace(bytes: &[u8]) -> Option<Vec<u8>> {
    let (at, end) = rss_start_tag(bytes)?;
    let tag = &bytes[at..end];
    let attr = tag
        .windows(7)
        .position(|w| w[0].is_ascii_whitespace() && &w[1..] == b"xmlns=")?;
    let quote = *tag.get(attr + 7)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let close = attr + 8 + tag[attr + 8..].iter().position(|&b| b == quote)?;
    let mut fixed = Vec::with_capacity(bytes.len());
    fixed.extend_from_slice(&bytes[..at + attr]);
    fixed.extend_from_slice(&bytes[at + close + 1..]);
    Some(fixed)
}

/// Where the attributes of the `<rss>` start tag begin (just after `<rss`) and where the tag
/// ends (its `>`); `None` without one (`<rssfeed>` is none).
fn rss_start_tag(bytes: &[u8]) -> Option<(usize, usize)> {
    let after = bytes.windows(4).position(|w| w == b"<rss")? + 4;
    if !matches!(bytes.get(after), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')) {
        return None;
    }
    let end = after + bytes[after..].iter().position(|&b| b == b'>')?;
    Some((after, end))
}

/// Where `bytes` holds a start tag whose name is `open` without its `<` (`<item>`,
/// `<item rdf:about=...>`, not `<itemize>`).
fn tag_starts<'a>(bytes: &'a [u8], open: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    bytes
        .windows(open.len() + 1)
        .enumerate()
        .filter(move |(_, w)| {
            w.starts_with(open)
                && matches!(w[open.len()], b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')
        })
        .map(|(i, _)| i)
}

/// How many start tags `bytes` holds whose name is `open` ([`tag_starts`]).
fn count_tags(bytes: &[u8], open: &[u8]) -> usize {
    tag_starts(bytes, open).count()
}

/// The elements an entry's date may be written in.
const DATE_TAGS: &[&str] = &["pubDate", "dc:date", "published", "updated"];

/// The `date_published` (else `date_modified`) of each item of a JSON Feed, as written; `None`
/// when the bytes are no JSON Feed.
fn json_feed_dates(bytes: &[u8]) -> Option<Vec<Option<String>>> {
    let feed: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let items = feed.get("items")?.as_array()?;
    Some(
        items
            .iter()
            .map(|item| {
                ["date_published", "date_modified"]
                    .iter()
                    .find_map(|k| item.get(*k)?.as_str())
                    .map(|d| d.trim().to_string())
            })
            .collect(),
    )
}

/// The bytes of each `<item>` or `<entry>` of `bytes`, in document order (each up to the
/// next one's start).
fn entry_blocks(bytes: &[u8]) -> Vec<&[u8]> {
    let mut starts: Vec<usize> = tag_starts(bytes, b"<item")
        .chain(tag_starts(bytes, b"<entry"))
        .collect();
    starts.sort_unstable();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| &bytes[start..starts.get(k + 1).copied().unwrap_or(bytes.len())])
        .collect()
}

/// What an entry's bytes ([`entry_blocks`]) write in the first of the elements `tags` it has,
/// as written: a date the parser cannot read ([`DATE_TAGS`]: `2026-11-20 09:30:00`, `Vie, 05
/// Dic 2026 21:45:00 +0100`; kept when it reads as a date, as a page's dates are), or an
/// element the parser does not keep (`feedburner:origLink`, a lone `media:description`).
fn written_value(block: &[u8], tags: &[&str]) -> Option<String> {
    use memchr::memmem::find;
    tags.iter().find_map(|tag| {
        let open = format!("<{tag}");
        let at = tag_starts(block, open.as_bytes()).next()?;
        let a = at + find(&block[at..], b">")?;
        if block[a - 1] == b'/' {
            return None;
        }
        let a = a + 1;
        let b = a + find(&block[a..], format!("</{tag}>").as_bytes())?;
        let value = String::from_utf8_lossy(&block[a..b]);
        let value = value.trim();
        let value = value
            .strip_prefix("<![CDATA[")
            .and_then(|v| v.strip_suffix("]]>"))
            .unwrap_or(value)
            .trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// `bytes` with `version="2.0"` added to its `<rss>` start tag, when that tag has no
/// version; `None` otherwise.
fn with_rss_version(bytes: &[u8]) -> Option<Vec<u8>> {
    let (after, end) = rss_start_tag(bytes)?;
    if bytes[after..end].windows(7).any(|w| w == b"version") {
        return None;
    }
    let mut fixed = Vec::with_capacity(bytes.len() + 16);
    fixed.extend_from_slice(&bytes[..after]);
    fixed.extend_from_slice(b" version=\"2.0\"");
    fixed.extend_from_slice(&bytes[after..]);
    Some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rss(title: &str, description: &str, content: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Site</title><item><title>{title}</title>
<description><![CDATA[{description}]]></description>
<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>"#
        )
    }

    /// What hand-made feeds get wrong and readers forgive: a bare `&` (the whole feed was
    /// refused), a relative `<link>` (resolved against the channel's), no `<link>` but a
    /// `<guid>` that is an address. A `&` inside CDATA and real references stay as they are.
    #[test]
    fn bare_ampersands_relative_links_and_guid_permalinks() {
        let feed = read_feed(
            br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Trade Desk</title>
<link>https://trade.example/</link>
<item><title>Q&A: what the deal means &amp; for whom</title><link>/qa?id=5&ref=rss</link>
<description><![CDATA[Farmers & ministers met.]]></description></item>
<item><title>Minerals pact &#x2014; signed</title><guid>https://trade.example/news/4</guid>
<description>Signed in Tokyo.</description></item>
</channel></rss>"#,
        )
        .unwrap();
        let e = &feed.entries;
        assert_eq!(
            e[0].title.as_deref(),
            Some("Q&A: what the deal means & for whom")
        );
        assert_eq!(
            e[0].url.as_deref(),
            Some("https://trade.example/qa?id=5&ref=rss")
        );
        assert_eq!(e[0].text, "Farmers & ministers met.");
        assert_eq!(e[1].title.as_deref(), Some("Minerals pact \u{2014} signed"));
        assert_eq!(e[1].url.as_deref(), Some("https://trade.example/news/4"));
    }

    /// XML that is no feed is named by its root, so the user learns what the file is.
    #[test]
    fn other_xml_is_named_by_its_root() {
        let enex = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export4.dtd">
<en-export application="Evernote"><note><title>Gas</title><content><![CDATA[<p>x</p>]]></content></note></en-export>"#;
        let err = read_feed(enex).unwrap_err();
        assert!(err.starts_with("an Evernote export (.enex)"), "{err}");
        let other =
            br#"<?xml version="1.0"?><!-- made by hand --><catalog><book>x</book></catalog>"#;
        let err = read_feed(other).unwrap_err();
        assert_eq!(
            err,
            "an XML document whose root is <catalog>, not an RSS or Atom feed"
        );
    }

    /// A date keeps the time zone the feed writes it in, so that it stays on its day (in UTC
    /// an evening in Bogotá is the next day); only its form is made RFC 3339.
    #[test]
    fn dates_keep_their_written_time_zone() {
        let feed = read_feed(
            br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Talks resume in Caracas</title><link>https://d.example/1</link><pubDate>Fri, 19 Apr 2024 21:00:00 -0500</pubDate><description>Both sides met.</description></item>
<item><title>Ceasefire extended</title><link>https://d.example/2</link><pubDate>Fri, 19 Apr 2024 23:30:00 EST</pubDate><description>Six more months.</description></item>
<item><title>Ministers meet in Astana</title><link>https://d.example/3</link><pubDate>Sat, 20 Apr 2024 01:15:00 +0500</pubDate><description>In Astana.</description></item>
<item><title>Border talks</title><link>https://d.example/4</link><pubDate>Sat, 20 Apr 2024 08:00:00 GMT</pubDate><description>In Baku.</description></item>
</channel></rss>"#,
        )
        .unwrap();
        let dates: Vec<Option<&str>> = feed.entries.iter().map(|e| e.date.as_deref()).collect();
        assert_eq!(
            dates,
            [
                Some("2024-04-19T21:00:00-05:00"),
                Some("2024-04-19T23:30:00-05:00"),
                Some("2024-04-20T01:15:00+05:00"),
                Some("2024-04-20T08:00:00+00:00")
            ]
        );
        let atom = read_feed(
            br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><title>Talks resume in Caracas</title><id>https://d.example/1</id><updated>2024-04-19T21:00:00-05:00</updated><summary>Both sides met.</summary></entry></feed>"#,
        )
        .unwrap();
        assert_eq!(
            atom.entries[0].date.as_deref(),
            Some("2024-04-19T21:00:00-05:00")
        );
        let json = read_feed(
            br#"{"version": "https://jsonfeed.org/version/1.1", "title": "Andes", "items": [
{"id": "1", "url": "https://d.example/1", "title": "Talks resume in Caracas", "content_text": "Both sides met.", "date_published": "2024-04-19T21:00:00-05:00"}]}"#,
        )
        .unwrap();
        assert_eq!(
            json.entries[0].date.as_deref(),
            Some("2024-04-19T21:00:00-05:00")
        );
    }

    /// A day written alone (`<dc:date>2024-12-05</dc:date>`, an Atom `<updated>` of a day) is
    /// that day, not midnight UTC of it; a time stamp at midnight stays a time stamp.
    #[test]
    fn a_day_written_alone_stays_a_day() {
        let feed = read_feed(
            br#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Desk</title>
<item><title>Grain exports rise</title><link>https://d.example/1</link><dc:date>2024-12-05</dc:date><description>Up a tenth.</description></item>
<item><title>Rail link opens</title><link>https://d.example/2</link><dc:date>2024-12-04T00:00:00Z</dc:date><description>Trains run.</description></item>
<item><title>Talks resume</title><link>https://d.example/3</link><pubDate>Tue, 03 Dec 2024 08:00:00 GMT</pubDate><description>In Baku.</description></item>
</channel></rss>"#,
        )
        .unwrap();
        let dates: Vec<Option<&str>> = feed.entries.iter().map(|e| e.date.as_deref()).collect();
        assert_eq!(
            dates,
            [
                Some("2024-12-05"),
                Some("2024-12-04T00:00:00+00:00"),
                Some("2024-12-03T08:00:00+00:00")
            ]
        );
        // Likewise in a JSON Feed.
        let feed = read_feed(
            br#"{"version": "https://jsonfeed.org/version/1.1", "title": "Desk", "items": [
{"id": "1", "url": "https://d.example/1", "title": "Grain exports rise", "content_text": "Up a tenth.", "date_published": "2024-12-05"},
{"id": "2", "url": "https://d.example/2", "title": "Rail link opens", "content_text": "Trains run.", "date_published": "2024-12-04T00:00:00Z"}]}"#,
        )
        .unwrap();
        let dates: Vec<Option<&str>> = feed.entries.iter().map(|e| e.date.as_deref()).collect();
        assert_eq!(
            dates,
            [Some("2024-12-05"), Some("2024-12-04T00:00:00+00:00")]
        );
    }

    /// A date the parser cannot read (no zone, a Spanish RFC 822 date, a date in words) is kept
    /// as the feed writes it; one it reads is given in RFC 3339.
    #[test]
    fn dates_the_parser_cannot_read_are_kept_as_written() {
        let item = |date: &str| {
            format!("<item><title>Gas talks</title><description>Talks resumed.</description><pubDate>{date}</pubDate></item>")
        };
        let feed = read_feed(
            format!(
                r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>{}{}{}{}{}</channel></rss>"#,
                item("Fri, 04 Dec 2026 10:00:00 GMT"),
                item("2026-11-20 09:30:00"),
                item("2026-11-20T09:30:00"),
                item("Vie, 05 Dic 2026 21:45:00 +0100"),
                item("5 de diciembre de 2026"),
            )
            .as_bytes(),
        )
        .unwrap();
        let dates: Vec<_> = feed.entries.iter().map(|e| e.date.as_deref()).collect();
        assert_eq!(
            dates,
            [
                Some("2026-12-04T10:00:00+00:00"),
                Some("2026-11-20 09:30:00"),
                Some("2026-11-20T09:30:00"),
                Some("Vie, 05 Dic 2026 21:45:00 +0100"),
                Some("5 de diciembre de 2026"),
            ]
        );
    }

    /// HTML escaped twice in a summary (`&amp;lt;p&amp;gt;`) is read as the markup it is.
    #[test]
    fn doubly_escaped_html_is_read_as_html() {
        let feed = read_feed(
            br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Ministry</title>
<item><title>Ministers meet in Tokyo</title>
<description>&amp;lt;p&amp;gt;The two ministers discussed &amp;lt;b&amp;gt;trade&amp;lt;/b&amp;gt; and security.&amp;lt;/p&amp;gt;</description></item>
</channel></rss>"#,
        )
        .unwrap();
        assert_eq!(
            feed.entries[0].text,
            "The two ministers discussed trade and security."
        );
    }

    /// A `<` before a word that names no element text is written with is text (`Rusia
    /// <amenaza>`), in a title or a summary; markup around it is still read as markup.
    #[test]
    fn angle_brackets_around_a_word_are_text() {
        let feed = read_feed(
            br#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:f</id><updated>2026-12-05T00:00:00Z</updated>
<entry><title type="text">Moscow &lt;warns&gt; Chisinau over gas debts</title><id>urn:1</id><updated>2026-12-03T09:00:00Z</updated>
<summary type="text">Inflation stays &lt;3% as the &lt;i&gt;central bank&lt;/i&gt; says.</summary></entry>
</feed>"#,
        )
        .unwrap();
        let e = &feed.entries[0];
        assert_eq!(
            e.title.as_deref(),
            Some("Moscow <warns> Chisinau over gas debts")
        );
        assert_eq!(e.text, "Inflation stays <3% as the central bank says.");
        assert!(!crate::html::holds_html("R&D spending, a < b, <amenaza>"));
        assert!(crate::html::holds_html("a <BR/> b"));
        assert!(crate::html::holds_html("Tom &amp; Jerry"));
    }

    /// The line a feed plugin appends to every entry is not the entry's text; in any of its
    /// languages, and whether or not it is all the summary holds.
    #[test]
    fn feed_footers_are_dropped() {
        let cases = [
            (
                "Talks resume",
                "<p>The ministers met in Geneva.</p><p>The post <a href=\"/1\">Talks resume</a> appeared first on <a href=\"/\">Site</a>.</p>",
                "The ministers met in Geneva.",
            ),
            (
                "Se reanudan las conversaciones",
                "<p>Los ministros se reunieron en Ginebra.</p><p>La entrada <a href=\"/1\">Se reanudan las conversaciones</a> se publicó primero en <a href=\"/\">Sitio</a>.</p>",
                "Los ministros se reunieron en Ginebra.",
            ),
            (
                "Talks resume",
                "<p>The post Talks resume first appeared on Site.</p>",
                "The full story from the content.",
            ),
            // Run on after the excerpt, in the same paragraph.
            (
                "Talks resume",
                "<p>The ministers met in Geneva. The post Talks resume appeared first on Site.</p>",
                "The ministers met in Geneva.",
            ),
            // The title with a straight apostrophe, the footer with a curly one.
            (
                "Baku's offer",
                "<p>The ministers met in Geneva.</p><p>The post Baku&#8217;s offer appeared first on Site.</p>",
                "The ministers met in Geneva.",
            ),
        ];
        for (title, description, want) in cases {
            let content = "<p>The full story from the content.</p>";
            let feed = read_feed(rss(title, description, content).as_bytes()).unwrap();
            assert_eq!(feed.entries[0].text, want, "{description}");
        }
    }

    /// A summary that repeats the title adds nothing: the entry is a headline (and its
    /// content, if any, is read instead).
    #[test]
    fn a_summary_repeating_the_title_is_no_text() {
        let feed =
            read_feed(rss("Talks resume in Geneva", "Talks resume in Geneva.", "").as_bytes())
                .unwrap();
        assert_eq!(feed.entries[0].text, "");
        let feed = read_feed(
            rss(
                "Talks resume",
                "<b>Talks</b> resume",
                "<p>Envoys met again.</p>",
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(feed.entries[0].text, "Envoys met again.");
    }

    /// A last paragraph that only sounds like a footer is text.
    #[test]
    fn text_about_a_post_is_kept() {
        let description = "<p>Envoys met.</p><p>The post of ambassador appeared first on a shortlist of three diplomats in May and is still vacant.</p>";
        let feed = read_feed(rss("Envoys meet", description, "").as_bytes()).unwrap();
        assert!(
            feed.entries[0].text.contains("still vacant"),
            "{}",
            feed.entries[0].text
        );
    }

    #[test]
    fn rss_without_a_version_is_read_as_rss_2() {
        let feed = read_feed(
            "<rss>\n<channel><title>Noticias</title>\n<item><title><![CDATA[Acuerdo de gas]]></title>\n\
             <link>https://example.org/1</link><description><![CDATA[<img src='a.jpg' /> Los ministros firmaron el acuerdo.]]></description></item>\n\
             </channel></rss>"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(feed.entries.len(), 1);
        assert_eq!(feed.entries[0].title.as_deref(), Some("Acuerdo de gas"));
        assert_eq!(feed.entries[0].text, "Los ministros firmaron el acuerdo.");
        // Not a feed stays an error; a versioned <rss> is not touched.
        assert!(read_feed(b"<rss><channel>").is_err());
        assert_eq!(with_rss_version(b"<rss version=\"0.91\">"), None);
        assert_eq!(with_rss_version(b"<rssfeed>"), None);
    }

    #[test]
    fn a_namespaced_rss_root_still_gives_its_items_and_no_item_is_an_error() {
        let feed = |root: &str, items: &str| {
            format!("<?xml version=\"1.0\"?>{root}<channel><title>Noticias</title>{items}</channel></rss>")
        };
        let item = "<item><title>Acuerdo de gas</title><description>Los ministros firmaron.</description></item>";
        for root in [
            "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\">",
            "<rss xmlns='http://backend.userland.com/rss2' version=\"2.0\">",
        ] {
            let read = read_feed(feed(root, item).as_bytes()).unwrap();
            assert_eq!(read.entries.len(), 1, "{root}");
            assert_eq!(read.entries[0].text, "Los ministros firmaron.");
        }
        let empty = read_feed(feed("<rss version=\"2.0\">", "").as_bytes()).unwrap_err();
        assert_eq!(empty, "this feed has no entries: nothing to tag");
        let odd = feed(
            "<rss version=\"2.0\" xmlns=\"urn:x\">",
            "<x:item xmlns:x=\"urn:y\"/><itemize/>",
        );
        assert_eq!(count_tags(odd.as_bytes(), b"<item"), 0);
    }

    #[test]
    fn a_stale_single_byte_declaration_over_utf8_is_read_as_utf8() {
        let feed = |decl: &str| {
            format!("<?xml version=\"1.0\" encoding={decl}?><rss version=\"2.0\"><channel><item><title>Новости Оренбурга</title></item></channel></rss>")
        };
        let (fixed, note) = stale_declaration(feed("\"windows-1251\"").as_bytes()).unwrap();
        assert_eq!(fixed, feed("\"UTF-8\"").as_bytes());
        assert_eq!(
            note,
            "declares windows-1251 but its bytes are UTF-8: read as UTF-8"
        );
        let read = read_feed(&fixed).unwrap();
        assert_eq!(read.entries[0].title.as_deref(), Some("Новости Оренбурга"));
        assert!(stale_declaration(feed("'ISO-8859-1'").as_bytes()).is_some());
        // Declared UTF-8, real single-byte bytes, or nothing beyond ASCII: left as they are.
        assert!(stale_declaration(feed("\"utf-8\"").as_bytes()).is_none());
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Espa\xf1a</title></channel></rss>";
        assert!(stale_declaration(latin1).is_none());
        let ascii = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>";
        assert!(stale_declaration(ascii.as_bytes()).is_none());
    }

    /// A video feed's only text is its Media RSS description, grouped, bare or typed as
    /// HTML; a FeedBurner entry's address is the publisher's (`feedburner:origLink`), not the
    /// proxy's, so the same story on the site is the same story to `--new-only`.
    #[test]
    fn media_descriptions_and_feedburner_original_links() {
        let feed = read_feed(
            br#"<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><title>V</title><link>https://v.example/</link>
<item><title>Ferry traffic resumes</title><link>http://feedproxy.example/~r/V/~3/a1/</link><feedburner:origLink>https://v.example/ferry?id=1&amp;s=2</feedburner:origLink>
<media:group><media:content url="https://v.example/1.mp4"/><media:description>Operators restored the crossings.</media:description></media:group></item>
<item><title>Border post reopens</title><link>https://v.example/2</link><media:description>Trucks crossed again on Monday.</media:description></item>
<item><title>Grain deal signed</title><link>https://v.example/3</link><media:description type="html">&lt;p&gt;The ministers &lt;b&gt;signed&lt;/b&gt; it.&lt;/p&gt;</media:description></item>
<item><title>No text here</title><link>https://v.example/4</link><media:description/></item>
</channel></rss>"#,
        )
        .unwrap();
        let texts: Vec<&str> = feed.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Operators restored the crossings.",
                "Trucks crossed again on Monday.",
                "The ministers signed it.",
                ""
            ]
        );
        let urls: Vec<&str> = feed
            .entries
            .iter()
            .filter_map(|e| e.url.as_deref())
            .collect();
        assert_eq!(
            urls,
            [
                "https://v.example/ferry?id=1&s=2",
                "https://v.example/2",
                "https://v.example/3",
                "https://v.example/4"
            ]
        );
    }

    #[test]
    fn empty_extension_elements_do_not_lose_the_feed() {
        let feed = read_feed(
            br#"<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<item><title>Gas talks</title><media:content url="https://e.example/a.jpg" medium="image"/>
<media:description/><media:credit /><description>The ministers met again.</description></item>
</channel></rss>"#,
        )
        .unwrap();
        assert_eq!(feed.entries[0].text, "The ministers met again.");
        assert_eq!(
            without_empty_extensions(b"<a:b/> x <c:d y=\"1\"/> <e/> <f:g></f:g>").unwrap(),
            b" x <c:d y=\"1\"/> <e/> <f:g></f:g>"
        );
        assert_eq!(without_empty_extensions(b"<p>no such element</p>"), None);
    }
}
