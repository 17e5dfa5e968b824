//! Saved web pages → items (title, text, date, link).
//!
//! The page is decoded (BOM, then the declared `<meta charset>`, then UTF-8, then
//! windows-1252, the web's default) and parsed by `html5ever` (through `scraper`). Boilerplate
//! is left out wherever it sits: scripts and styles, `nav`, `aside`, `footer`, page headers,
//! forms, captions, hidden elements, navigation / banner / dialog roles, and elements whose
//! class or id names a cookie banner, share bar, newsletter box, related links, ads, bylines,
//! breadcrumbs, menus or pagination.
//!
//! What is left is read as a **listing** when repeated blocks hold items: sibling elements
//! with the same tag and first class (`<article>`, cards, `<li>`) that each hold one title (a
//! heading, or a link of three words or more) and maybe a teaser, a date and a link; or runs of
//! a parent's children that each start with a heading of the same level (`<h2>` + `<p>`...).
//! The group with the most text wins, unless more prose stands outside it than inside, in which
//! case the page is an **article**: its title (`<h1>`), the paragraphs of the block holding the
//! most prose, its date and the page's URL.
//!
//! Dates come from `<time datetime>` (the attribute, else its text), `article:published_time`
//! for articles, or a visible date line ([`crate::digest::classify_line`], shared with the
//! plain-text splitter, which also drops bylines, captions and read-more markers). Links are
//! resolved against `<base href>`, else the canonical URL, else `og:url`.
//!
//! A page with neither a listing nor an article is an error ([`read_page`]), never junk items.

use crate::digest::{classify_line, LineKind};
use ego_tree::{NodeId, NodeRef};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;
use std::sync::LazyLock;
use url::Url;

/// Bytes searched for a `<meta charset>` declaration.
const HEAD_BYTES: usize = 16 * 1024;
/// Deepest element nesting read; deeper content is left out (with a warning).
const MAX_DEPTH: usize = 200;
/// Words for a paragraph to count as prose.
const PROSE_WORDS: usize = 12;
/// Least prose (in characters) for a page without a listing to be read as an article.
const MIN_ARTICLE_CHARS: usize = 150;
/// Words for a link alone to be an item's title.
const LINK_TITLE_WORDS: usize = 3;
/// Blocks before an item's title with fewer words are kickers or labels, not text.
const KICKER_WORDS: usize = 15;

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

/// Decodes and reads a saved page. Errs (with a message for the user) when the page holds no
/// listing and no article: a login form, an error page, a page of links only.
pub fn read_page(bytes: &[u8]) -> Result<Page, String> {
    let (text, encoding, warning) = decode(bytes);
    let mut page = read_str(&text)?;
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
    let doc = Html::parse_document(text);
    let root = doc.root_element();
    let lang = root
        .attr("lang")
        .or_else(|| root.attr("xml:lang"))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let base = Base::of(&doc);
    let mut reader = Reader {
        base: &base,
        too_deep: false,
    };

    // The whole page's blocks, for the prose that stands outside a listing.
    let all = reader.blocks(&[*root], Ctx::default());
    let prose_total: usize = all.iter().filter(|b| b.is_prose()).map(|b| b.chars()).sum();

    let listing = reader.best_listing(root);
    let mut warnings = Vec::new();
    let (items, layout) = match listing {
        Some(l) if l.score >= prose_total.saturating_sub(l.prose) => (l.items, Layout::Listing),
        _ if prose_total >= MIN_ARTICLE_CHARS => {
            (vec![reader.article(&doc, root)], Layout::Article)
        }
        _ => {
            let chars: usize = all.iter().map(Block::chars).sum();
            return Err(format!(
                "no news items found in this HTML page: no repeated item blocks and no article \
                 text ({chars} characters of text outside navigation, forms and scripts)"
            ));
        }
    };
    if reader.too_deep {
        warnings.push(format!(
            "elements nested deeper than {MAX_DEPTH} levels were left out"
        ));
    }
    Ok(Page {
        items,
        layout,
        lang,
        encoding: "UTF-8",
        warnings,
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

/// Decodes a page: BOM, else the declared charset, else UTF-8 when valid, else windows-1252.
/// Returns the text, the encoding used and a warning when bytes were replaced or guessed.
pub fn decode(bytes: &[u8]) -> (String, &'static Encoding, Option<String>) {
    if let Some((enc, n)) = Encoding::for_bom(bytes) {
        let (s, bad) = enc.decode_without_bom_handling(&bytes[n..]);
        let w = bad.then(|| format!("invalid {} replaced with U+FFFD", enc.name()));
        return (s.into_owned(), enc, w);
    }
    let enc = match declared_charset(bytes) {
        Some(e) => e,
        None => match std::str::from_utf8(bytes) {
            Ok(s) => return (s.to_string(), UTF_8, None),
            Err(_) => {
                let (s, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                return (
                    s.into_owned(),
                    WINDOWS_1252,
                    Some("no charset declared and not UTF-8: read as windows-1252".into()),
                );
            }
        },
    };
    let (s, bad) = enc.decode_without_bom_handling(bytes);
    let w = bad.then(|| {
        format!(
            "bytes invalid in the declared charset {} replaced with U+FFFD",
            enc.name()
        )
    });
    (s.into_owned(), enc, w)
}

/// The charset a page declares in `<meta charset>` or `<meta http-equiv="Content-Type">`
/// within its first 16 KiB (parsed as HTML, read as windows-1252 so every byte is kept).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Selector> = LazyLock::new(|| Selector::parse("meta").unwrap());
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let mentions = head.windows(7).any(|w| w.eq_ignore_ascii_case(b"charset"));
    if !mentions {
        return None;
    }
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(head);
    let doc = Html::parse_document(&text);
    let label = doc.select(&META).find_map(|m| {
        if let Some(c) = m.attr("charset") {
            return Some(c.to_string());
        }
        let equiv = m.attr("http-equiv")?;
        if !equiv.trim().eq_ignore_ascii_case("content-type") {
            return None;
        }
        let content = m.attr("content")?.to_ascii_lowercase();
        let at = content.find("charset=")? + "charset=".len();
        let value = content[at..]
            .trim_start_matches(['"', '\''])
            .split(['"', '\'', ';', ' '])
            .next()?;
        Some(value.to_string())
    })?;
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    // As browsers do: a page that says UTF-16 in ASCII bytes is not UTF-16.
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else if enc == encoding_rs::X_USER_DEFINED {
            WINDOWS_1252
        } else {
            enc
        },
    )
}

/// Where relative links point: `<base href>`, else the canonical URL, else `og:url`.
#[derive(Default)]
struct Base {
    base: Option<Url>,
    /// The page's own address (canonical, else `og:url`), for an article's link.
    page: Option<Url>,
}

impl Base {
    fn of(doc: &Html) -> Base {
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
        let page = canonical.or(og);
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
    fn resolve(&self, href: &str) -> Option<String> {
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

/// A run of text between block boundaries.
#[derive(Debug)]
struct Block {
    /// Whitespace-normalised.
    text: String,
    /// Level of the heading it is in.
    heading: Option<u8>,
    /// Inside a `<p>`.
    para: bool,
    /// Link target when links cover most of the block's text.
    link: Option<String>,
    /// The first link target in the block.
    any_link: Option<String>,
}

impl Block {
    fn chars(&self) -> usize {
        self.text.len()
    }
    fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
    fn is_prose(&self) -> bool {
        self.para && self.heading.is_none() && self.words() >= PROSE_WORDS
    }
}

/// Context inherited down the tree.
#[derive(Clone, Copy, Default)]
struct Ctx<'a> {
    heading: Option<u8>,
    para: bool,
    in_article: bool,
    href: Option<&'a str>,
    depth: usize,
}

/// Collects blocks.
#[derive(Default)]
struct Collector {
    blocks: Vec<Block>,
    buf: String,
    heading: Option<u8>,
    para: bool,
    chars: usize,
    link_chars: usize,
    link: Option<String>,
    any_link: Option<String>,
}

impl Collector {
    fn text(&mut self, s: &str, ctx: &Ctx) {
        let n = s.chars().filter(|c| !c.is_whitespace()).count();
        if n == 0 {
            self.buf.push(' ');
            return;
        }
        if self.chars == 0 {
            self.heading = ctx.heading;
            self.para = ctx.para;
        }
        self.chars += n;
        if let Some(h) = ctx.href {
            self.link_chars += n;
            if self.link.is_none() {
                self.link = Some(h.to_string());
            }
        }
        self.buf.push_str(s);
    }

    fn href(&mut self, h: &str) {
        if self.any_link.is_none() {
            self.any_link = Some(h.to_string());
        }
    }

    fn flush(&mut self) {
        if self.chars > 0 {
            let text = normalize(&self.buf);
            let link = self
                .link
                .take()
                .filter(|_| self.link_chars * 10 >= self.chars * 8);
            self.blocks.push(Block {
                text,
                heading: self.heading,
                para: self.para,
                link,
                any_link: self.any_link.take(),
            });
        }
        self.buf.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.link = None;
        self.any_link = None;
        self.heading = None;
        self.para = false;
    }
}

/// Whitespace runs (and no-break spaces) become one space; zero-width characters go.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
        ) {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "figure"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "body"
            | "html"
    )
}

/// Elements never read.
fn is_unread(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "math"
            | "canvas"
            | "nav"
            | "aside"
            | "button"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "label"
            | "dialog"
            | "figcaption"
            | "picture"
            | "video"
            | "audio"
            | "object"
            | "embed"
            | "map"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "footer"
    )
}

/// Words of class and id names that mark boilerplate (names are split on `-`, `_` and
/// spaces, and compared whole, so `story-card__teaser` is not `tease`).
const BOILER_WORDS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "sharebar",
    "social",
    "compartir",
    "related",
    "relacionadas",
    "relacionados",
    "newsletter",
    "subscribe",
    "subscription",
    "suscripcion",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "publicidad",
    "anuncio",
    "sponsored",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "comment",
    "comments",
    "comentarios",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "pager",
    "pagination",
    "paginacion",
    "skip",
    "footer",
    "caption",
    "credit",
    "credits",
    "pie",
    "modal",
    "popup",
    "paywall",
    "byline",
    "author",
    "authors",
    "autor",
    "autores",
    "firma",
    "login",
    "signin",
];

/// Roles that are not content.
const BOILER_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "alert",
];

/// True when `el` and everything in it is left out.
fn is_boilerplate(el: &ElementRef, in_article: bool) -> bool {
    let e = el.value();
    let name = e.name();
    if is_unread(name) {
        return true;
    }
    // A page's header (logo, menus) goes; an item's header (its title, its date) stays.
    if name == "header" && !in_article {
        let mut navigation = false;
        let mut title = false;
        for d in el.descendent_elements() {
            let n = d.value().name();
            navigation |= n == "nav" || d.value().attr("role") == Some("navigation");
            title |= heading_level(n).is_some_and(|l| l >= 2);
        }
        if navigation || !title {
            return true;
        }
    }
    // Whole-page forms (ASP.NET) hold the content: only forms without headings are dropped.
    if name == "form"
        && !el
            .descendent_elements()
            .any(|d| heading_level(d.value().name()).is_some())
    {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(role) = e.attr("role") {
        if BOILER_ROLES
            .iter()
            .any(|r| role.trim().eq_ignore_ascii_case(r))
        {
            return true;
        }
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    let names = e.attr("class").into_iter().chain(e.attr("id"));
    for n in names {
        for word in n.split(|c: char| c.is_whitespace() || c == '-' || c == '_') {
            if word.is_empty() {
                continue;
            }
            let w = word.to_ascii_lowercase();
            if BOILER_WORDS.contains(&w.as_str()) {
                return true;
            }
        }
    }
    false
}

/// A candidate item.
struct Cand {
    item: Item,
    /// Title and text characters.
    chars: usize,
    /// Prose characters inside it.
    prose: usize,
}

/// The best listing found.
struct Listing {
    items: Vec<Item>,
    score: usize,
    prose: usize,
}

struct Reader<'b> {
    base: &'b Base,
    too_deep: bool,
}

impl<'b> Reader<'b> {
    /// The blocks of `nodes` (and their descendants), boilerplate left out.
    fn blocks<'a>(&mut self, nodes: &[NodeRef<'a, Node>], ctx: Ctx<'a>) -> Vec<Block> {
        let mut c = Collector::default();
        for n in nodes {
            self.walk(*n, ctx, &mut c);
        }
        c.flush();
        c.blocks
    }

    fn walk<'a>(&mut self, node: NodeRef<'a, Node>, ctx: Ctx<'a>, c: &mut Collector) {
        match node.value() {
            Node::Text(t) => c.text(t, &ctx),
            Node::Element(e) => {
                if ctx.depth >= MAX_DEPTH {
                    self.too_deep = true;
                    return;
                }
                let el = ElementRef::wrap(node).expect("an element node");
                let name = e.name();
                if is_boilerplate(&el, ctx.in_article) {
                    if is_block(name) {
                        c.flush();
                    }
                    return;
                }
                if name == "br" || name == "hr" {
                    c.flush();
                    return;
                }
                let block = is_block(name);
                if block {
                    c.flush();
                }
                let mut inner = ctx;
                inner.depth += 1;
                if let Some(l) = heading_level(name) {
                    inner.heading = Some(l);
                }
                match name {
                    "p" => inner.para = true,
                    "article" => inner.in_article = true,
                    "a" => {
                        if let Some(h) = e.attr("href").filter(|h| self.base.resolve(h).is_some()) {
                            inner.href = Some(h);
                            c.href(h);
                        }
                    }
                    _ => {}
                }
                for child in node.children() {
                    self.walk(child, inner, c);
                }
                if block {
                    c.flush();
                }
            }
            _ => {}
        }
    }

    /// The listing with the most text, if any: groups of same-signature siblings, or runs of
    /// children that start with a heading of one level.
    fn best_listing(&mut self, root: ElementRef) -> Option<Listing> {
        let mut best: Option<Listing> = None;
        let mut stack: Vec<(ElementRef, bool, usize)> = vec![(root, false, 0)];
        while let Some((el, in_article, depth)) = stack.pop() {
            if depth >= MAX_DEPTH {
                continue;
            }
            let in_article = in_article || el.value().name() == "article";
            let kids: Vec<ElementRef> = el
                .child_elements()
                .filter(|k| !is_boilerplate(k, in_article))
                .collect();
            let ctx = Ctx {
                in_article,
                depth: depth + 1,
                ..Ctx::default()
            };
            // Same-signature siblings.
            let mut groups: HashMap<(String, String), Vec<ElementRef>> = HashMap::new();
            let mut order: Vec<(String, String)> = Vec::new();
            for k in &kids {
                if !can_be_item(k) {
                    continue;
                }
                let sig = signature(k);
                let g = groups.entry(sig.clone()).or_default();
                if g.is_empty() {
                    order.push(sig);
                }
                g.push(*k);
            }
            for sig in order {
                let members = &groups[&sig];
                if members.len() < 2 {
                    continue;
                }
                let cands: Vec<Option<Cand>> = members
                    .iter()
                    .map(|m| self.candidate(&[**m], ctx))
                    .collect();
                consider(&mut best, cands);
            }
            // Heading runs.
            let mut per_level = [0usize; 7];
            for k in &kids {
                if let Some(l) = heading_level(k.value().name()) {
                    per_level[l as usize] += 1;
                }
            }
            let level = (1..=6).max_by_key(|&l| (per_level[l], std::cmp::Reverse(l)));
            if let Some(level) = level.filter(|&l| per_level[l] >= 2) {
                let mut runs: Vec<Vec<NodeRef<Node>>> = Vec::new();
                // The run being built; `None` before the first heading and after a block
                // that holds headings of its own.
                let mut open = false;
                for child in el.children() {
                    let starts = child
                        .value()
                        .as_element()
                        .and_then(|e| heading_level(e.name()))
                        == Some(level as u8);
                    if starts {
                        runs.push(vec![child]);
                        open = true;
                        continue;
                    }
                    if !open {
                        continue;
                    }
                    if let Some(k) = ElementRef::wrap(child) {
                        if is_boilerplate(&k, in_article) {
                            continue;
                        }
                        let nested = k
                            .descendent_elements()
                            .any(|d| heading_level(d.value().name()) == Some(level as u8));
                        if nested {
                            open = false;
                            continue;
                        }
                    }
                    if let Some(run) = runs.last_mut() {
                        run.push(child);
                    }
                }
                let cands: Vec<Option<Cand>> =
                    runs.iter().map(|r| self.candidate(r, ctx)).collect();
                consider(&mut best, cands);
            }
            for k in kids.into_iter().rev() {
                stack.push((k, in_article, depth + 1));
            }
        }
        best
    }

    /// An item made of `nodes`, if they look like one: one title (a heading, or a link of a
    /// few words), and no second title of the same rank.
    fn candidate<'a>(&mut self, nodes: &[NodeRef<'a, Node>], ctx: Ctx<'a>) -> Option<Cand> {
        let blocks = self.blocks(nodes, ctx);
        let titled = |b: &Block| {
            !matches!(
                classify_line(&b.text),
                LineKind::Date(_) | LineKind::Marker | LineKind::Chrome | LineKind::Empty
            )
        };
        let heading = blocks.iter().position(|b| b.heading.is_some() && titled(b));
        let t = match heading {
            Some(i) => {
                let level = blocks[i].heading;
                let same = blocks
                    .iter()
                    .filter(|b| b.heading == level && titled(b))
                    .count();
                if same > 1 {
                    return None;
                }
                i
            }
            None => {
                let link_title =
                    |b: &Block| b.link.is_some() && b.words() >= LINK_TITLE_WORDS && titled(b);
                let i = blocks.iter().position(link_title)?;
                if blocks.iter().filter(|b| link_title(b)).count() > 2 {
                    return None;
                }
                i
            }
        };
        let title = blocks[t].text.clone();
        let mut date = first_time(nodes);
        let mut parts: Vec<String> = Vec::new();
        let mut prose = 0;
        for (i, b) in blocks.iter().enumerate() {
            if i == t {
                continue;
            }
            match classify_line(&b.text) {
                LineKind::Date(d) => {
                    date.get_or_insert(d);
                }
                LineKind::Text(s) => {
                    let short_link = b.link.is_some() && b.words() < 4;
                    if (i < t && b.words() < KICKER_WORDS) || short_link || s == title {
                        continue;
                    }
                    if b.is_prose() {
                        prose += b.chars();
                    }
                    parts.push(s);
                }
                _ => {}
            }
        }
        let url = blocks[t]
            .link
            .as_deref()
            .or(blocks[t].any_link.as_deref())
            .or_else(|| blocks.iter().find_map(|b| b.any_link.as_deref()))
            .and_then(|h| self.base.resolve(h));
        let text = parts.join("\n\n");
        let title = classify_text(&title);
        let chars = title.len() + text.len();
        Some(Cand {
            item: Item {
                title: Some(title),
                text,
                date,
                url,
            },
            chars,
            prose,
        })
    }

    /// The page as one article.
    fn article(&mut self, doc: &Html, root: ElementRef) -> Item {
        // Credit each prose paragraph to its parent; the parent with the most is the body.
        let mut credit: HashMap<NodeId, usize> = HashMap::new();
        let mut order: Vec<NodeId> = Vec::new();
        self.credit_prose(root, false, 0, &mut credit, &mut order);
        let mut top: Option<(NodeId, usize)> = None;
        for id in &order {
            if top.is_none_or(|(_, c)| credit[id] > c) {
                top = Some((*id, credit[id]));
            }
        }
        let mut body = top.and_then(|(id, _)| doc.tree.get(id)).unwrap_or(*root);
        // Paragraphs split over sibling blocks: take their common parent.
        if let Some(parent) = body.parent() {
            let best = credit.get(&body.id()).copied().unwrap_or(0);
            let siblings = parent
                .children()
                .filter(|c| c.id() != body.id())
                .any(|c| credit.get(&c.id()).copied().unwrap_or(0) * 5 >= best);
            if siblings {
                body = parent;
            }
        }
        let scope = std::iter::once(body)
            .chain(body.ancestors())
            .find(|n| {
                n.value().as_element().is_some_and(|e| {
                    matches!(e.name(), "article" | "main") || e.attr("role") == Some("main")
                })
            })
            .unwrap_or(body);
        let in_article = std::iter::once(body).chain(body.ancestors()).any(|n| {
            n.value()
                .as_element()
                .is_some_and(|e| e.name() == "article")
        });
        let ctx = Ctx {
            in_article,
            ..Ctx::default()
        };
        let scope_blocks = self.blocks(&[scope], ctx);
        let title = scope_blocks
            .iter()
            .find(|b| b.heading == Some(1))
            .map(|b| b.text.clone())
            .or_else(|| {
                let all = self.blocks(&[*root], Ctx::default());
                all.iter()
                    .find(|b| b.heading == Some(1))
                    .map(|b| b.text.clone())
            })
            .or_else(|| meta(doc, "og:title"))
            .or_else(|| {
                static TITLE: LazyLock<Selector> =
                    LazyLock::new(|| Selector::parse("title").unwrap());
                doc.select(&TITLE)
                    .next()
                    .map(|t| normalize(&t.text().collect::<String>()))
            })
            .filter(|t| !t.is_empty());
        let mut date = first_time(&[scope])
            .or_else(|| meta(doc, "article:published_time"))
            .or_else(|| meta(doc, "date"));
        let mut parts = Vec::new();
        for b in self.blocks(&[body], ctx) {
            match classify_line(&b.text) {
                LineKind::Date(d) => {
                    date.get_or_insert(d);
                }
                LineKind::Text(s) => {
                    let short_link = b.link.is_some() && b.words() < 4;
                    if b.heading == Some(1) || short_link || Some(&s) == title.as_ref() {
                        continue;
                    }
                    parts.push(s);
                }
                _ => {}
            }
        }
        Item {
            title: title.map(|t| classify_text(&t)),
            text: parts.join("\n\n"),
            date,
            url: self
                .base
                .page
                .as_ref()
                .or(self.base.base.as_ref())
                .map(|u| u.to_string()),
        }
    }

    fn credit_prose(
        &mut self,
        el: ElementRef,
        in_article: bool,
        depth: usize,
        credit: &mut HashMap<NodeId, usize>,
        order: &mut Vec<NodeId>,
    ) {
        if depth >= MAX_DEPTH || is_boilerplate(&el, in_article) {
            return;
        }
        let in_article = in_article || el.value().name() == "article";
        if el.value().name() == "p" {
            let text = normalize(&el.text().collect::<String>());
            if text.split_whitespace().count() >= PROSE_WORDS {
                if let Some(parent) = el.parent() {
                    let e = credit.entry(parent.id()).or_insert_with(|| {
                        order.push(parent.id());
                        0
                    });
                    *e += text.len();
                }
            }
            return;
        }
        for k in el.child_elements() {
            self.credit_prose(k, in_article, depth + 1, credit, order);
        }
    }
}

/// Keeps the better of `best` and the group `cands` (at least two items, at least half of the
/// group item-like).
fn consider(best: &mut Option<Listing>, cands: Vec<Option<Cand>>) {
    let n = cands.len();
    let items: Vec<Cand> = cands.into_iter().flatten().collect();
    if items.len() < 2 || items.len() * 2 < n {
        return;
    }
    let score: usize = items.iter().map(|c| c.chars).sum();
    let prose: usize = items.iter().map(|c| c.prose).sum();
    let better = match best {
        Some(b) => (score, items.len()) > (b.score, b.items.len()),
        None => true,
    };
    if better {
        *best = Some(Listing {
            items: items.into_iter().map(|c| c.item).collect(),
            score,
            prose,
        });
    }
}

/// Elements that can be one item of a listing (not inline text, not a list itself).
fn can_be_item(el: &ElementRef) -> bool {
    let name = el.value().name();
    match name {
        "a" => el
            .descendent_elements()
            .any(|d| heading_level(d.value().name()).is_some()),
        _ => !matches!(
            name,
            "p" | "span"
                | "em"
                | "strong"
                | "b"
                | "i"
                | "u"
                | "small"
                | "time"
                | "img"
                | "br"
                | "hr"
                | "font"
                | "abbr"
                | "sup"
                | "sub"
                | "code"
                | "blockquote"
                | "pre"
                | "figure"
                | "ul"
                | "ol"
                | "dl"
                | "table"
                | "tbody"
                | "thead"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
        ),
    }
}

/// Tag and first class name: what repeated item blocks share.
fn signature(el: &ElementRef) -> (String, String) {
    let e = el.value();
    let class = if e.name() == "article" {
        String::new()
    } else {
        e.classes().next().unwrap_or("").to_string()
    };
    (e.name().to_string(), class)
}

/// The first `<time>` (its `datetime`, else its text) or other `datetime` attribute in `nodes`.
fn first_time(nodes: &[NodeRef<'_, Node>]) -> Option<String> {
    for n in nodes {
        let Some(el) = ElementRef::wrap(*n) else {
            continue;
        };
        for d in std::iter::once(el).chain(el.descendent_elements()) {
            let e = d.value();
            if let Some(dt) = e.attr("datetime").map(str::trim).filter(|s| !s.is_empty()) {
                return Some(dt.to_string());
            }
            if e.name() == "time" {
                let t = normalize(&d.text().collect::<String>());
                if !t.is_empty() {
                    return Some(t);
                }
            }
        }
    }
    None
}

/// A `<meta property|name=... content>` value.
fn meta(doc: &Html, key: &str) -> Option<String> {
    static META: LazyLock<Selector> = LazyLock::new(|| Selector::parse("meta[content]").unwrap());
    doc.select(&META)
        .find(|m| m.attr("property") == Some(key) || m.attr("name") == Some(key))
        .and_then(|m| m.attr("content"))
        .map(normalize)
        .filter(|s| !s.is_empty())
}

/// A title without trailing read-more markers.
fn classify_text(title: &str) -> String {
    match classify_line(title) {
        LineKind::Text(t) if !t.is_empty() => t,
        _ => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "<div class=\"card\"><header><h3><a href=\"/n/{i}\">Ministers meet for round {i}</a></h3></header>\
                     <p>Delegations discussed the gas transit contract and the border crossings.</p></div>"
                )
            })
            .collect()
    }

    /// Deep nesting is cut off with a warning instead of overflowing the stack.
    #[test]
    fn deeply_nested_pages_do_not_overflow() {
        let depth = 5_000;
        let page = format!(
            "<html><body><main>{}</main>{}{}</body></html>",
            cards(3),
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let page = read_str(&page).unwrap();
        assert_eq!(page.items.len(), 3);
        assert!(page.warnings.iter().any(|w| w.contains("nested deeper")));
    }

    /// An item's `<header>` (its title) stays; the page's (logo and menu) goes.
    #[test]
    fn item_headers_stay_page_headers_go() {
        let page = format!(
            "<html><body><header><div class=\"logo\">Monitor</div><ul><li><a href=\"/a\">World news today</a></li></ul></header>\
             <section>{}</section></body></html>",
            cards(2)
        );
        let page = read_str(&page).unwrap();
        let titles: Vec<_> = page
            .items
            .iter()
            .map(|i| i.title.clone().unwrap())
            .collect();
        assert_eq!(
            titles,
            ["Ministers meet for round 0", "Ministers meet for round 1"]
        );
        assert_eq!(
            page.items[1].url.as_deref(),
            Some("/n/1"),
            "no base: as written"
        );
    }

    #[test]
    fn charsets_from_bom_meta_and_fallback() {
        let body = "<p>Caf\u{e9} se\u{f1}or</p>";
        let latin1 = |s: &str| -> Vec<u8> { s.chars().map(|c| c as u32 as u8).collect() };
        let declared = format!(
            "<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=ISO-8859-1\"></head><body>{body}</body></html>"
        );
        let (text, enc, warning) = decode(&latin1(&declared));
        assert!(text.contains("Café señor"), "{text}");
        assert_eq!((enc.name(), warning), ("windows-1252", None));
        let undeclared = format!("<html><body>{body}</body></html>");
        let (text, enc, warning) = decode(&latin1(&undeclared));
        assert!(text.contains("Café señor"));
        assert_eq!(enc.name(), "windows-1252");
        assert!(warning.unwrap().contains("no charset declared"));
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend(undeclared.as_bytes());
        let (text, enc, warning) = decode(&bom);
        assert!(text.starts_with("<html>") && text.contains("Café señor"));
        assert_eq!((enc.name(), warning), ("UTF-8", None));
    }

    #[test]
    fn fragments_keep_paragraphs_and_drop_images_and_markers() {
        let t = fragment_text(
            "<p><img src=x.jpg>First <b>point</b>.</p><p>Second point. <a href=/x>Read more</a></p>\
             <figure><figcaption>Photo: Agency</figcaption></figure><script>var a;</script>",
        );
        assert_eq!(t, "First point.\n\nSecond point.");
    }
}
