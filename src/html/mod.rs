//! Saved web pages → items (title, text, date, link).
//!
//! A page saved as one MHTML file (`.mhtml`, "Webpage, Single File") is read through its HTML
//! part, with the address it was saved from as the base of its links.
//!
//! The page is decoded (BOM, then the declared `<meta charset>` unless it names a single-byte
//! charset over valid UTF-8, then UTF-8, then windows-1252, the web's default) and parsed by
//! `html5ever` (through `scraper`). Boilerplate is left out wherever it sits: scripts and styles, `nav`, `aside`, `footer`, page headers,
//! forms, captions, hidden elements, navigation / banner / dialog roles, and elements whose
//! class or id names a cookie banner, share bar, newsletter box, related links, ads, bylines,
//! breadcrumbs, menus or pagination, and tables of contents (lists of links to the page's own
//! places, `<a href="#item1">`, under a short label or none).
//!
//! What is left is read as a **listing** when repeated blocks hold items: sibling elements
//! with the same tag and first class (`<article>`, cards, `<li>`) that each hold one title (a
//! heading, or a link of three words or more) and maybe a teaser, a date and a link; or runs of
//! a parent's children that each start with a heading of the same level (`<h2>` + `<p>`...),
//! or that empty separator elements part (`<div class="separator"></div>`).
//! The group with the most text wins, joined by the other groups of its signature elsewhere on
//! the page whose items are not much shorter (the sections of a front page; a story linked
//! twice is one item) and by a lead story in markup of its own (a linked headline in a
//! heading, pointing at a story's address), unless more prose stands outside them than
//! inside, in which case the page is an **article**: its title (`<h1>`), the paragraphs of
//! the block holding the most prose (after its standfirst), its date and the page's URL. A heading over a list of linked headlines is a
//! section, not an item: its headlines are. Newsletter layouts count too: a table per story
//! (a member of a group with neither a link nor a text, the masthead, is left out). A page
//! with neither, whose items are only separated by `<br>` inside one block or are paragraphs
//! each opening with a bold title and a line break (or run into the text, ended by a full stop
//! or colon), is read as **text**: its visible text (a
//! `<br>` a line break, a block element a paragraph) through the plain-text splitter, each
//! item with its title's link. Prose on a page that does not mark itself as an article
//! (`<article>`, `og:type` article) is read as text first, as an article only when that gives
//! no items; under an `<h1>` alone, as text only when each item links to a story of its own
//! (a newsletter's web version, not an article's bold subheadings).
//!
//! Dates come from `<time datetime>` (the attribute, else its text), `article:published_time`
//! for articles (else the date on their byline or date element; and for the stories of a page
//! that is one dated post, a newsletter issue, when none has a date of its own, with its
//! JSON-LD `Article`'s `datePublished`), or a visible date line
//! ([`crate::digest::classify_line`], shared with the plain-text splitter, which also drops
//! bylines, captions and read-more markers); an undated story of a listing takes the date
//! of a heading over it that is a date alone (`<h2>14 October 2025</h2>`). Links are
//! resolved against `<base href>`, else the canonical URL, else `og:url`; tracking
//! parameters (`utm_source`, `fbclid`…) are dropped from them when the page becomes records.
//!
//! A Telegram channel exported as HTML (`messages.html`) is read post by post ([`Layout::Posts`]).
//!
//! A page with no listing, no article and no text items is an error ([`read_page`]), never
//! junk items.

mod article;
mod blocks;
mod boilerplate;
mod decode;
mod links;
mod listing;
mod mhtml;
mod telegram;
#[cfg(test)]
mod tests;

use crate::digest::{classify_line, LineKind};
use article::Mark;
use blocks::{Block, Ctx, Reader, MAX_DEPTH};
pub(crate) use links::unwrap_redirect;
pub use links::without_tracking;
use links::Base;
pub(crate) use listing::below_root;
use scraper::Html;

pub use decode::decode;
pub(crate) use decode::stale_label;
pub(crate) use mhtml::is_mhtml;
pub(crate) use telegram::left_out_note as telegram_note;

/// Least prose (in characters) for a page without a listing to be read as an article.
const MIN_ARTICLE_CHARS: usize = 150;

/// Characters of text from which one item of a listing is an article's body, not a teaser.
const ARTICLE_BODY_CHARS: usize = 1000;

/// Characters of prose of the shortest stories (a few sentences of a wire or tabloid item).
const SHORT_STORY_CHARS: usize = 400;

/// How many times the rest of a listing's text an article's body must hold for the listing to
/// be that article and the links beside it.
const ARTICLE_DOMINANCE: usize = 3;

/// Whether a listing of headlines alone (no item has a teaser) stands beside an article: the
/// page marks itself as one (`<article>`, `og:type`) and holds a short story's worth of prose
/// (`outside`, [`SHORT_STORY_CHARS`]) outside the listing. A page of headlines has little
/// prose beyond them.
fn headlines_beside_article(items: &[Item], outside: usize, doc: &Html) -> bool {
    outside >= SHORT_STORY_CHARS
        && items.iter().all(|i| i.text.is_empty())
        && article::mark(doc) == Some(Mark::Article)
}

/// Whether a listing's items are one article's body and a few headlines or links beside it:
/// one item of at least [`ARTICLE_BODY_CHARS`] holding [`ARTICLE_DOMINANCE`] times the text
/// of all the others.
fn one_story(items: &[Item]) -> bool {
    let sizes: Vec<usize> = items.iter().map(|i| i.text.chars().count()).collect();
    let Some(&largest) = sizes.iter().max() else {
        return false;
    };
    let rest: usize = sizes.iter().sum::<usize>() - largest;
    items.len() >= 2 && largest >= ARTICLE_BODY_CHARS && largest >= ARTICLE_DOMINANCE * rest
}

/// One item of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    pub title: Option<String>,
    /// Teaser or body: paragraphs separated by `"\n\n"`, whitespace-normalised.
    pub text: String,
    /// `<time datetime>` as given, else the date as written on the page.
    pub date: Option<String>,
    /// Absolute when the page gives a base (`<base>`, canonical, `og:url`) or the link is
    /// absolute; otherwise as written.
    pub url: Option<String>,
}

/// How the page was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Repeated item blocks.
    Listing,
    /// One article: the page is one item.
    Article,
    /// Neither: items found by the plain-text splitter in the page's visible text (titles and
    /// teasers separated by `<br>` inside one block, or paragraphs that open with a bold
    /// title), each with the link of its title's block or of its own blocks.
    Text,
    /// The posts of a chat export (a Telegram channel's `messages.html`): one item per post.
    Posts,
}

/// A read page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub items: Vec<Item>,
    pub layout: Layout,
    /// The `<html lang>` attribute, as given.
    pub lang: Option<String>,
    /// The encoding the bytes were decoded with.
    pub encoding: &'static str,
    /// Doubts about the page (lossy decoding, content nested too deep...).
    pub warnings: Vec<String>,
}

/// Items of two or more found by the plain-text splitter in the page's visible text, if any,
/// each with the link of its title's block, else the first link among its own blocks.
fn text_items(blocks: &[Block], base: &Base) -> Option<Vec<Item>> {
    let page = crate::digest::split_page(&blocks::visible_text(blocks));
    let mut at = 0;
    let mut items = Vec::new();
    for i in page.items {
        let Some(title) = i.title else { continue };
        // (A link written out in the text, as in a `<pre>`, is the splitter's.)
        let url = item_link(blocks, &mut at, &title, &i.text)
            .and_then(|h| base.resolve(h))
            .or(i.url);
        items.push(Item {
            title: Some(title),
            text: i.text,
            date: i.date,
            url,
        });
    }
    (items.len() >= 2).then_some(items)
}

/// Whether every item has a link and no two share one.
fn links_apart(items: &[Item]) -> bool {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .all(|i| i.url.as_deref().is_some_and(|u| seen.insert(u)))
}

/// A newsletter's stories numbered in turn (`1. Iran seizes a tanker.` in bold, run into its
/// paragraph or on a line of its own; then `2.`, `3.`...), when there are at least three and
/// each has a body: the words after the number are the title, the rest of its paragraph the
/// body. What stands before the first and after the last story (an introduction, a sign-off)
/// is no story. Numbered headings over paragraphs are a report's sections, not stories.
fn numbered_stories(blocks: &[Block], base: &Base) -> Option<Vec<Item>> {
    let number = |b: &Block, k: usize| -> Option<String> {
        let rest = b.text.trim_start().strip_prefix(k.to_string().as_str())?;
        let title = rest.strip_prefix(['.', ')'])?.trim();
        let titled = b.heading.is_none() && (b.run_in || b.words() <= 20);
        (titled && !title.is_empty()).then(|| title.trim_end_matches('.').to_string())
    };
    let mut items: Vec<Item> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let Some(title) = number(&blocks[i], items.len() + 1) else {
            i += 1;
            continue;
        };
        let head = &blocks[i];
        // The body: the rest of its paragraph.
        let mut j = i + 1;
        while j < blocks.len()
            && blocks[j].same_paragraph
            && number(&blocks[j], items.len() + 2).is_none()
        {
            j += 1;
        }
        let body = &blocks[i + 1..j];
        if body.is_empty() {
            return None;
        }
        let link = head.link.as_deref().or(head.any_link.as_deref());
        let link = link.or_else(|| body.iter().find_map(|b| b.any_link.as_deref()));
        items.push(Item {
            title: Some(title),
            text: body
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            date: None,
            url: link.and_then(|h| base.resolve(h)),
        });
        i = j;
    }
    (items.len() >= 3).then_some(items)
}

/// Marks of a page whose content is data in a script, rendered by the browser: Next.js,
/// Nuxt, and the state object of other web apps.
const SCRIPT_DATA: &[&str] = &[
    "__NEXT_DATA__",
    "__NUXT__",
    "window.__INITIAL_STATE__",
    "window.__PRELOADED_STATE__",
];

/// The link of a text item titled `title`, looked for from block `at` on (which moves past
/// its title's block): the title block's, else that of the first block after it whose opening
/// words are in `text`, up to a block that is neither.
fn item_link<'b>(blocks: &'b [Block], at: &mut usize, title: &str, text: &str) -> Option<&'b str> {
    let start = *at + blocks[*at..].iter().position(|b| b.text.contains(title))?;
    *at = start + 1;
    let head = &blocks[start];
    if let Some(link) = head.link.as_deref().or(head.any_link.as_deref()) {
        return Some(link);
    }
    let opening = |b: &Block| {
        let words: Vec<&str> = b.text.split_whitespace().take(6).collect();
        !words.is_empty() && text.contains(&words.join(" "))
    };
    blocks[start + 1..]
        .iter()
        .take_while(|b| opening(b))
        .find_map(|b| b.any_link.as_deref())
}

/// Decodes and reads a saved page. Errs (with a message for the user) when the page holds no
/// listing and no article: a login form, an error page, a page of links only.
pub fn read_page(bytes: &[u8]) -> Result<Page, String> {
    read_page_from(bytes, None)
}

/// [`read_page`] for a page fetched from `location`, which relative links resolve against
/// when the page names no address of its own.
pub fn read_page_from(bytes: &[u8], location: Option<&str>) -> Result<Page, String> {
    let saved = if mhtml::is_mhtml(bytes) {
        Some(mhtml::page_part(bytes)?)
    } else {
        None
    };
    let (bytes, location) = match &saved {
        Some((page, saved_from)) => (&page[..], saved_from.as_deref().or(location)),
        None => (bytes, location),
    };
    let (text, encoding, warning) = decode(bytes);
    let mut page = read_at(&text, location)?;
    page.encoding = encoding.name();
    if let Some(w) = warning {
        page.warnings.insert(0, w);
    }
    Ok(page)
}

/// Reads an already decoded page (see [`read_page`]).
///
/// ```
/// let page = topictag::html::read_str(r#"<html><body><nav><a href="/">Home</a></nav>
///   <article><h2><a href="https://example.org/a">Gas talks resume</a></h2>
///     <time datetime="2026-11-02">2 Nov</time><p>Negotiators met in Vienna.</p></article>
///   <article><h2><a href="https://example.org/b">Border deal signed</a></h2>
///     <p>The two governments agreed on the line.</p></article></body></html>"#).unwrap();
/// assert_eq!(page.items.len(), 2);
/// assert_eq!(page.items[0].title.as_deref(), Some("Gas talks resume"));
/// assert_eq!(page.items[0].date.as_deref(), Some("2026-11-02"));
/// assert_eq!(page.items[1].text, "The two governments agreed on the line.");
/// ```
pub fn read_str(text: &str) -> Result<Page, String> {
    read_at(text, None)
}

/// [`read_str`] for a page saved from `location` (an MHTML file's address), which relative
/// links are resolved against when the page gives no base of its own.
fn read_at(text: &str, location: Option<&str>) -> Result<Page, String> {
    let location = location.or_else(|| links::saved_from(text));
    let doc = Html::parse_document(text);
    let root = doc.root_element();
    let lang = root
        .attr("lang")
        .or_else(|| root.attr("xml:lang"))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let base = Base::of(&doc, location);
    let mut reader = Reader {
        base: &base,
        too_deep: false,
        furniture: 0,
    };

    let posts = reader
        .telegram_posts(&doc)
        .or_else(|| reader.telegram_preview_posts(&doc));
    if let Some((items, note)) = posts {
        if items.is_empty() {
            return Err("a Telegram export with no post that has text".to_string());
        }
        return Ok(Page {
            items,
            layout: Layout::Posts,
            lang,
            encoding: "UTF-8",
            warnings: note.into_iter().collect(),
        });
    }
    // The whole page's blocks, for the prose that stands outside a listing.
    let all = reader.blocks(&[*root], Ctx::default());
    let prose_total: usize = all.iter().filter(|b| b.is_prose()).map(|b| b.chars()).sum();

    let listing = reader.best_listing(root);
    let mut warnings = Vec::new();
    // A newsletter's numbered stories (`1. Iran seizes a tanker.` in bold, then its text;
    // 2., 3.... in turn) are items, where the page would otherwise be read as one article.
    let numbered = || numbered_stories(&all, &base);
    let (mut items, layout) = match listing {
        Some(l) if l.score >= prose_total.saturating_sub(l.prose) => {
            let outside = prose_total.saturating_sub(l.prose);
            let article = one_story(&l.items) || headlines_beside_article(&l.items, outside, &doc);
            if let Some(items) = article.then(numbered).flatten() {
                (items, Layout::Text)
            } else if article {
                // A "listing" of one article and the headlines beside it (related stories, a
                // topic bar, "write for us"): the page is that article.
                (vec![reader.article(&doc, root)], Layout::Article)
            } else {
                (l.items, Layout::Listing)
            }
        }
        _ => {
            // Only a page with enough prose can be an article; how it marks itself decides.
            let enough = prose_total >= MIN_ARTICLE_CHARS;
            let mark = if enough { article::mark(&doc) } else { None };
            if let Some(items) = mark.is_some().then(numbered).flatten() {
                (items, Layout::Text)
            } else if mark == Some(Mark::Article) {
                (vec![reader.article(&doc, root)], Layout::Article)
            } else if let Some(items) =
                text_items(&all, &base).filter(|items| mark.is_none() || links_apart(items))
            {
                // Prose with no mark of an article (a newsletter's paragraphs, each a bold
                // title, a line break and a teaser) is read as text when that gives items;
                // under an `<h1>` only when each item links to a story of its own (an
                // article's bold subheadings do not).
                (items, Layout::Text)
            } else if enough {
                (vec![reader.article(&doc, root)], Layout::Article)
            } else {
                let chars: usize = all.iter().map(Block::chars).sum();
                // Why there may be nothing: text too deep to read, or a page that builds
                // itself from data in a script (a web app saved before it rendered).
                let why = if reader.too_deep {
                    format!("; elements nested deeper than {MAX_DEPTH} levels were left out")
                } else if SCRIPT_DATA.iter().any(|m| text.contains(m)) {
                    "; its stories seem to be data in a script (a web app's page saved before \
                     it was shown): save it again once the page is displayed, or tag its feed"
                        .to_string()
                } else {
                    String::new()
                };
                return Err(format!(
                    "no news items found in this HTML page: no repeated item blocks and no \
                     article text ({chars} characters of text outside navigation, forms and \
                     scripts){why}"
                ));
            }
        }
    };
    if reader.too_deep {
        warnings.push(format!(
            "elements nested deeper than {MAX_DEPTH} levels were left out"
        ));
    }
    // A dated post's stories (a newsletter issue's web page), none dated on its own, are of
    // the post's day, or of the day its heading names (`Daily brief – 30 April 2026`).
    if layout != Layout::Article && items.iter().all(|i| i.date.is_none()) {
        if let Some(day) = article::published(&doc).or_else(|| article::heading_date(&doc)) {
            for i in &mut items {
                i.date = Some(day.clone());
            }
        }
    }
    Ok(Page {
        items,
        layout,
        lang,
        encoding: "UTF-8",
        warnings,
    })
}

/// Elements that text in a feed or a record is written with, by name: a `<` before one of
/// them opens markup, a `<` before another word is text (`Rusia <amenaza>`).
const FRAGMENT_TAGS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "aside",
    "audio",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "ins",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "script",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "video",
    "wbr",
];

/// Whether `s` holds HTML: a tag of an element text is written with ([`FRAGMENT_TAGS`], in
/// any case, opening or closing), a comment, or a character reference (`&amp;`, `&#8217;`).
/// `Rusia <amenaza> con…`, `a < b` and `R&D` hold none.
pub fn holds_html(s: &str) -> bool {
    let b = s.as_bytes();
    let tag = memchr::memchr_iter(b'<', b).any(|i| {
        let rest = &b[i + 1..];
        if rest.starts_with(b"!--") {
            return true;
        }
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let len = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = std::str::from_utf8(&rest[..len]).unwrap_or("");
        let ends = matches!(
            rest.get(len),
            Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
        );
        ends && FRAGMENT_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
    });
    tag || holds_char_ref(b)
}

/// Whether `b` holds a character reference (`&amp;`, `&#8217;`); `R&D` and `a & b` do not.
pub(crate) fn holds_char_ref(b: &[u8]) -> bool {
    memchr::memchr_iter(b'&', b).any(|i| {
        let rest = &b[i + 1..];
        let name = rest
            .iter()
            .take(32)
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
            .count();
        name >= 2 && rest.get(name) == Some(&b';')
    })
}

/// The text of an HTML fragment (a feed entry's summary): its paragraphs separated by
/// `"\n\n"`, without images, captions, scripts and read-more links.
pub fn fragment_text(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let base = Base::default();
    let mut reader = Reader {
        base: &base,
        too_deep: false,
        furniture: 0,
    };
    let blocks = reader.blocks(&[*doc.root_element()], Ctx::default());
    let mut parts: Vec<String> = Vec::new();
    for b in &blocks {
        if let LineKind::Text(t) = classify_line(&b.text) {
            parts.push(t);
        }
    }
    parts.join("\n\n")
}
