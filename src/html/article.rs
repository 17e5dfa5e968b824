//! Article pages: the page as one item, its body the block holding the most prose.

use super::blocks::{classify_text, first_time, normalize, Ctx, Reader, MAX_DEPTH, PROSE_WORDS};
use super::boilerplate::is_boilerplate;
use super::Item;
use crate::digest::{classify_line, LineKind};
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Fewest words of a standfirst (a kicker, a byline or a photo's credit has fewer).
const STANDFIRST_WORDS: usize = 10;

/// Most blocks of a standfirst.
const MAX_STANDFIRST_BLOCKS: usize = 2;

/// How a page marks itself as an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// An `<article>` element or an `og:type` of `article`.
    Article,
    /// Only a top heading (`<h1>`): newsletters' web versions have one too.
    Heading,
}

/// A page's top headings.
static H1: LazyLock<Selector> = LazyLock::new(|| Selector::parse("h1").unwrap());

/// How the page marks itself as an article, if it does.
pub(super) fn mark(doc: &Html) -> Option<Mark> {
    static ARTICLE: LazyLock<Selector> = LazyLock::new(|| {
        Selector::parse("article, meta[property=\"og:type\"][content=\"article\"]").unwrap()
    });
    if doc.select(&ARTICLE).next().is_some() {
        Some(Mark::Article)
    } else if doc.select(&H1).next().is_some() {
        Some(Mark::Heading)
    } else {
        None
    }
}

impl Reader<'_> {
    /// The page as one article.
    pub(super) fn article(&mut self, doc: &Html, root: ElementRef) -> Item {
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
                    .map(|t| without_site_name(&normalize(&t.text().collect::<String>())))
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
        if date.is_none() {
            date = meta_line_date(scope);
        }
        // The standfirst between the headline and the body (`p.standfirst`, an `h2` of a
        // sentence or two under the `h1`): the story in brief, before its paragraphs.
        let mut standfirst: Vec<String> = Vec::new();
        let after_title = scope_blocks
            .iter()
            .skip_while(|b| b.heading != Some(1))
            .skip(1);
        for b in after_title {
            let LineKind::Text(s) = classify_line(&b.text) else {
                continue;
            };
            if parts.first() == Some(&s) || standfirst.len() == MAX_STANDFIRST_BLOCKS {
                break;
            }
            let long_heading = b.heading.is_some_and(|l| l >= 2) && b.words() >= STANDFIRST_WORDS;
            let paragraph = b.heading.is_none() && b.words() >= STANDFIRST_WORDS;
            if (long_heading || paragraph) && b.link.is_none() && !parts.contains(&s) {
                standfirst.push(s);
            } else if b.heading.is_some() {
                break;
            }
        }
        standfirst.extend(parts);
        let parts = standfirst;
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

/// The date a page that is one dated post gives itself: `article:published_time`, else the
/// `datePublished` of its JSON-LD `Article` (`NewsArticle`, `BlogPosting`, `Report`), as
/// written. A newsletter issue's web page says when the issue came out; the stories it lists
/// are of that day. (A section front's `WebPage` or `CollectionPage` date says nothing of its
/// stories.)
pub(super) fn published(doc: &Html) -> Option<String> {
    static LD: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse("script[type=\"application/ld+json\"]").unwrap());
    const POSTS: &[&str] = &["Article", "NewsArticle", "BlogPosting", "Report"];
    fn find(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Array(a) => a.iter().find_map(find),
            serde_json::Value::Object(o) => {
                let post = match o.get("@type") {
                    Some(serde_json::Value::String(t)) => POSTS.contains(&t.as_str()),
                    Some(serde_json::Value::Array(ts)) => ts
                        .iter()
                        .any(|t| t.as_str().is_some_and(|t| POSTS.contains(&t))),
                    _ => false,
                };
                let date = o.get("datePublished").and_then(serde_json::Value::as_str);
                match date.filter(|_| post) {
                    Some(d) => Some(d.trim().to_string()).filter(|d| !d.is_empty()),
                    None => o.get("@graph").and_then(find),
                }
            }
            _ => None,
        }
    }
    meta(doc, "article:published_time").or_else(|| {
        doc.select(&LD).find_map(|script| {
            let text: String = script.text().collect();
            serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .as_ref()
                .and_then(find)
        })
    })
}

/// The date, with its day and year, that ends the page's first `<h1>` (`Daily brief – 30 April
/// 2026`): the day of a brief's stories.
pub(super) fn heading_date(doc: &Html) -> Option<String> {
    let h1 = doc.select(&H1).next()?;
    let text: String = h1.text().collect::<Vec<_>>().join(" ");
    crate::digest::ending_date(&text)
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

/// Class or id words of the elements that hold an article's byline and date, left out of its
/// text as boilerplate but read for the date when nothing else gives one.
const META_NAMES: &[&str] = &[
    "byline",
    "date",
    "meta",
    "posted",
    "published",
    "timestamp",
    "fecha",
];

/// The date on a byline or date line of `scope` (`By Anna Petrova · 3 December 2026`).
fn meta_line_date(scope: NodeRef<'_, Node>) -> Option<String> {
    const MAX_META_CHARS: usize = 200;
    let el = ElementRef::wrap(scope)?;
    el.descendent_elements().find_map(|d| {
        let e = d.value();
        let named = e.classes().chain(e.id()).any(|c| {
            META_NAMES
                .iter()
                .any(|m| c.to_ascii_lowercase().contains(m))
        });
        if !named {
            return None;
        }
        let text = normalize(&d.text().collect::<String>());
        if text.chars().count() > MAX_META_CHARS {
            return None;
        }
        match classify_line(&text) {
            LineKind::Date(date) => Some(date),
            _ => None,
        }
    })
}

/// A `<title>` without the site and section names browsers show after the headline
/// ("Headline | Herald Sun", "Headline » Local » Noticias » Ultima Hora Mallorca"): trailing
/// parts after a spaced separator are dropped while each is short (at most
/// [`SITE_NAME_WORDS`] words) and has fewer words than what comes before it.
pub(super) fn without_site_name(title: &str) -> String {
    const SEPARATORS: [&str; 8] = [" | ", " » ", " - ", " – ", " — ", " :: ", " · ", " / "];
    let mut end = title.len();
    loop {
        let head = &title[..end];
        let Some((at, sep)) = SEPARATORS
            .iter()
            .filter_map(|sep| head.rfind(sep).map(|at| (at, sep.len())))
            .max_by_key(|&(at, _)| at)
        else {
            break;
        };
        let (before, part) = (&head[..at], &head[at + sep..]);
        let words = |s: &str| s.split_whitespace().count();
        if words(part) > SITE_NAME_WORDS || words(part) >= words(before) {
            break;
        }
        end = at;
    }
    title[..end].trim().to_string()
}

/// Words a site or section name in a page's `<title>` has at most.
const SITE_NAME_WORDS: usize = 4;
