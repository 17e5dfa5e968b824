//! What is left out of a page: unread elements, page headers, forms, hidden elements,
//! non-content roles, text for screen readers only, read-more links, and class or id names of
//! banners, share bars, ads, bylines, menus...

use super::blocks::{heading_level, name_has_word};
use crate::digest::classify_line;
use scraper::ElementRef;

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
    // "Most read" / "Lo más leído" boxes: other stories' headlines, not this page's items.
    "popular",
    "mostpopular",
    "mostread",
    "trending",
    "leido",
    "leidos",
    "leidas",
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
    // A post's counters (`post-stats`: `124 views`, `0 comments`).
    "stats",
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
    "credit",
    "credits",
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

/// Words of a class or id name that make an element named as boilerplate a part of the
/// layout, which may wrap the content (`has-sidebar`, `content-with-sidebar`, `nav-wrapper`,
/// `navbar-offset`, `menu-push-wrap`; see [`is_content_wrapper`]).
const LAYOUT_WORDS: &[&str] = &[
    "has",
    "with",
    "lay",
    "layout",
    "wrap",
    "wrapper",
    "offset",
    "push",
    "pusher",
    "container",
    "outer",
    "page",
    "site",
];

/// Words of class names that mark related links: boilerplate, except a news aggregator's
/// related coverage ([`cluster_coverage`]).
const RELATED_WORDS: &[&str] = &["related", "relacionadas", "relacionados"];

/// Words of class names that mark a sign-up box on most sites (`newsletter-signup`,
/// `subscribe-widget`) but, on newsletter platforms, the post itself (`article.newsletter-post`):
/// boilerplate only when the element holds no more than such a box does: one heading at most,
/// and a few sentences.
const SIGNUP_WORDS: &[&str] = &["newsletter", "subscribe", "subscription", "suscripcion"];

/// Most text (in characters) of a sign-up box: a heading, a sentence or two, a button.
const MAX_SIGNUP_BOX_CHARS: usize = 600;

/// Words of a class name's modifier (`teaser--sponsored`) that make a card an advertisement.
const PAID_WORDS: &[&str] = &[
    "sponsored",
    "promoted",
    "advertorial",
    "ad",
    "ads",
    "patrocinado",
];

/// Words of class names that mark an element as a title (see [`is_boilerplate`]).
const TITLE_WORDS: &[&str] = &["title", "headline", "heading", "titulo", "titular"];

/// Words of class names that mark a promotion box on most sites but every story card on some
/// (a large broadcaster's front pages: `gs-c-promo`, `gs-c-promo-summary`): boilerplate only
/// when the name ends with the word and the element holds no heading.
const CARD_WORDS: &[&str] = &["promo"];

/// Words of class names that mark a photo's caption on most sites but, on some, the part of
/// a card that holds its headline (`div.caption > a.title + div.snippet` of a search engine's
/// news results, Bootstrap's `carousel-caption`): boilerplate only when the element holds no
/// headline (a heading, or a link of [`HEADLINE_LINK_WORDS`] words or more).
const CAPTION_WORDS: &[&str] = &["caption", "pie"];

/// Fewest words of a link that is a headline (see [`CAPTION_WORDS`]).
const HEADLINE_LINK_WORDS: usize = 3;

/// Whole class names of text shown to screen readers only.
const SCREEN_READER_CLASSES: &[&str] = &[
    "screen-reader-text",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "element-invisible",
];

/// Whole class names of read-more links (on `<a>` only: a container so named may hold the
/// teaser).
const READ_MORE_CLASSES: &[&str] = &["more-link", "read-more", "readmore", "leer-mas"];

/// Whether `el` is a read-more link, or the paragraph that holds one (Joomla's `p.readmore`,
/// whose link repeats the title, `Read more: <title>`), by their whole class names. Left out of
/// the text, its address is still the story's when nothing else links it.
pub(super) fn is_read_more(el: &ElementRef) -> bool {
    matches!(el.value().name(), "a" | "p")
        && el
            .value()
            .classes()
            .any(|c| READ_MORE_CLASSES.iter().any(|h| c.eq_ignore_ascii_case(h)))
}

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

/// Prefixes of class names that label what a post is about or how it is filed, as content
/// systems write them on every post (WordPress: `category-social-affairs`, `tag-ads`,
/// `post-1234`, `format-standard`): a topic named `ads` or `social` is not an ad or a share bar.
const TAXONOMY_PREFIXES: &[&str] = &[
    "tag-",
    "tags-",
    "category-",
    "categories-",
    "cat-",
    "categoria-",
    "etiqueta-",
    "term-",
    "type-",
    "format-",
    "status-",
    "sectionref-",
];

/// Whether a class name is a content system's label of the post (see [`TAXONOMY_PREFIXES`];
/// and `post-1234`, but not `post-share` or `post-comments`, which are parts of a post).
fn is_taxonomy_class(class: &str) -> bool {
    let prefixed = |p: &str| {
        class.len() > p.len() && class.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    TAXONOMY_PREFIXES.iter().any(|p| prefixed(p))
        || (prefixed("post-") && class[5..].bytes().all(|b| b.is_ascii_digit()))
}

/// True when `el` and everything in it is left out.
pub(super) fn is_boilerplate(el: &ElementRef, in_article: bool) -> bool {
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
    // Text for screen readers only ("Continue reading <span class=screen-reader-text>Title
    // </span>"), and read-more links and their paragraphs, by their whole class names.
    let classed = |names: &[&str]| {
        e.classes()
            .any(|c| names.iter().any(|h| c.eq_ignore_ascii_case(h)))
    };
    if classed(SCREEN_READER_CLASSES) || is_read_more(el) {
        return true;
    }
    if is_contents_list(el) || is_contents_box(el) {
        return true;
    }
    // The page's own classes describe its state ("paywall", "modal-open", "has-sidebar"),
    // not a part of it to leave out.
    if matches!(name, "html" | "body") {
        return false;
    }
    // (Wix names its parts in `data-hook`: `post-stats`, `comment-count`.)
    let names = e
        .classes()
        .filter(|c| !is_taxonomy_class(c))
        .chain(e.attr("id"))
        .chain(e.attr("data-hook"));
    // An element that one of its class names calls a title is one, whatever another says
    // (`class="post-preview-title newsletter"` on every title of a newsletter's archive);
    // a name that says both (`newsletter-title`) still marks the signup box's heading.
    let title_class = e
        .classes()
        .any(|c| name_has_word(c, TITLE_WORDS) && !name_has_word(c, BOILER_WORDS));
    if title_class {
        return false;
    }
    if labels_other_stories(el) && !holds_main(el) {
        return true;
    }
    named_as_boilerplate(el, names).is_some_and(|name| !is_content_wrapper(el, name))
}

/// Whether `el` is a table of contents: a list (or a paragraph, a cell) of two links or more
/// that all lead to places on the page itself (`<a href="#item1">`), with little text beside
/// them and no heading inside. A newsletter's "In this issue" repeats the headlines of the
/// stories under it.
fn is_contents_list(el: &ElementRef) -> bool {
    if !matches!(el.value().name(), "ul" | "ol" | "p" | "div" | "td") {
        return false;
    }
    let mut anchors = 0;
    let mut link_chars = 0;
    for d in el.descendent_elements() {
        let n = d.value().name();
        if heading_level(n).is_some() {
            return false;
        }
        if n != "a" {
            continue;
        }
        match d.value().attr("href").map(str::trim) {
            Some(h) if h.len() > 1 && h.starts_with('#') => {
                anchors += 1;
                link_chars += d.text().map(|t| t.trim().chars().count()).sum::<usize>();
            }
            _ => return false,
        }
    }
    let all_chars: usize = el.text().map(|t| t.trim().chars().count()).sum();
    anchors >= 2 && 5 * link_chars >= 4 * all_chars
}

/// Whether `el` holds a table of contents under its label (`<h3>In this issue</h3><ul>…`): a
/// heading of a few words, then nothing but [contents lists](is_contents_list).
fn is_contents_box(el: &ElementRef) -> bool {
    const MAX_LABEL_WORDS: usize = 6;
    let mut kids = el.child_elements();
    let Some(first) = kids.next() else {
        return false;
    };
    let label = heading_level(first.value().name()).is_some()
        && first.text().flat_map(str::split_whitespace).count() <= MAX_LABEL_WORDS;
    let mut lists = 0;
    for k in kids {
        if !is_contents_list(&k) {
            return false;
        }
        lists += 1;
    }
    label && lists > 0
}

/// Whether `el` is a box of other stories that its own heading labels as such
/// (`<section><div><h2>Lo más visto</h2></div><ol>…</ol></section>`, `Most read`, `Related
/// stories`, the lexicon's `[related_labels]`): its first element, or that element's first,
/// is a heading with such a label, and more follows it.
fn labels_other_stories(el: &ElementRef) -> bool {
    if !matches!(el.value().name(), "section" | "div" | "aside" | "ul" | "ol") {
        return false;
    }
    let mut kids = el.child_elements();
    let (Some(first), Some(_)) = (kids.next(), kids.next()) else {
        return false;
    };
    // (An `<h1>` is the page's own title: a page of trending stories is made of them.)
    let label = |h: &ElementRef| heading_level(h.value().name()).is_some_and(|l| l >= 2);
    let heading = Some(first)
        .filter(label)
        .or_else(|| first.child_elements().next().filter(label));
    heading.is_some_and(|h| {
        let text: String = h.text().collect();
        crate::digest::is_related_label(&text)
    })
}

/// Whether `el` is the page's main element (`<main>`, `role="main"`) or holds it.
fn holds_main(el: &ElementRef) -> bool {
    let main =
        |e: &ElementRef| e.value().name() == "main" || e.value().attr("role") == Some("main");
    main(el) || el.descendent_elements().any(|d| main(&d))
}

/// Whether one of `names` (an element's classes, id and `data-hook`) marks `el` as
/// boilerplate: a word of [`BOILER_WORDS`], a paid-for modifier, a promotion box, a caption,
/// related links, a sign-up box. The name that does, if one does.
fn named_as_boilerplate<'a>(
    el: &ElementRef,
    names: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    for full in names {
        // A column beside the listing named by the word alone (`div.side`, a forum's); as a
        // word of a name it may be a front page's secondary stories (`side-story`).
        if full.eq_ignore_ascii_case("side") {
            return Some(full);
        }
        // A modifier (`card--comment`, BEM's `block--modifier`) says which kind of its block
        // an element is, not that it is another part of the page; unless the kind is paid
        // for (`teaser--sponsored`).
        let mut parts = full.split("--");
        let n = parts.next().unwrap_or(full);
        if parts.any(|m| name_has_word(m, PAID_WORDS)) {
            return Some(full);
        }
        let words: Vec<&str> = n
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|w| !w.is_empty())
            .collect();
        for (i, word) in words.iter().enumerate() {
            let w = word.to_ascii_lowercase();
            if CARD_WORDS.contains(&w.as_str()) {
                // A promotion box, or on some sites every story card and its parts
                // (`promo`, `promo-body`, `promo-heading__title`): the box is a name that ends
                // with the word and holds no heading.
                let last = i + 1 == words.len();
                if last
                    && !el
                        .descendent_elements()
                        .any(|d| heading_level(d.value().name()).is_some())
                {
                    return Some(full);
                }
            } else if CAPTION_WORDS.contains(&w.as_str()) {
                // A post's header line (`div.caption-header`: `Source · 6 Dec 2026`) is its
                // date, not a photo's caption.
                if !holds_headline(el) && !is_date_line(el) {
                    return Some(full);
                }
            } else if RELATED_WORDS.contains(&w.as_str()) {
                if !cluster_coverage(el) {
                    return Some(full);
                }
            } else if SIGNUP_WORDS.contains(&w.as_str()) {
                let headings = el
                    .descendent_elements()
                    .filter(|d| heading_level(d.value().name()).is_some())
                    .take(2)
                    .count();
                if headings < 2 && !holds_more_text(el, MAX_SIGNUP_BOX_CHARS) {
                    return Some(full);
                }
            } else if BOILER_WORDS.contains(&w.as_str()) {
                return Some(full);
            }
        }
    }
    None
}

/// Whether `el`, named as boilerplate by `name`, is the element that holds the page's content
/// instead: themes name it after the layout around it (`<main class="lay-sidebar">`,
/// `div.content-with-sidebar`, `div#menu-push-wrap` under an off-canvas menu,
/// `div.sticky-footer-wrapper`). It is the page's `main` element or holds it; or its name
/// says it is a part of the layout ([`LAYOUT_WORDS`]) and it holds most of the page's
/// headings (two at least) and most of its text. A sidebar or a box of other stories (most
/// read, trending) is neither, however much it holds.
fn is_content_wrapper(el: &ElementRef, name: &str) -> bool {
    if holds_main(el) {
        return true;
    }
    if !name_has_word(name, LAYOUT_WORDS) {
        return false;
    }
    let inside = read_parts(*el);
    if inside.headings < 2 {
        return false;
    }
    let Some(root) = el
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "body")
    else {
        return false;
    };
    let page = read_parts(root);
    2 * inside.headings > page.headings && 2 * inside.chars > page.chars
}

/// The headings and the characters of text (spaces aside) of what is read of `el`: elements
/// never read ([`is_unread`]) left out.
#[derive(Default)]
struct ReadParts {
    headings: usize,
    chars: usize,
}

fn read_parts(el: ElementRef) -> ReadParts {
    let mut parts = ReadParts::default();
    let mut stack = vec![*el];
    while let Some(node) = stack.pop() {
        match node.value() {
            scraper::Node::Text(t) => {
                parts.chars += t.chars().filter(|c| !c.is_whitespace()).count();
            }
            scraper::Node::Element(e) => {
                if is_unread(e.name()) {
                    continue;
                }
                if heading_level(e.name()).is_some() {
                    parts.headings += 1;
                }
                stack.extend(node.children());
            }
            _ => {}
        }
    }
    parts
}

/// Whether `el` (a box of related links, or an `<article>` in one) is a news aggregator's
/// related coverage: the box holds articles, its parent holds the lead `<article>` beside it,
/// and that parent is one of several clusters (a sibling of the same tag and class). An
/// article page's related stories, under its one article, stay boilerplate.
fn cluster_coverage(el: &ElementRef) -> bool {
    let boxed = match el.value().name() {
        "article" => el.parent().and_then(ElementRef::wrap),
        _ => Some(*el),
    };
    let Some(boxed) = boxed else {
        return false;
    };
    let Some(cluster) = boxed.parent().and_then(ElementRef::wrap) else {
        return false;
    };
    let holds_articles = boxed
        .descendent_elements()
        .any(|d| d.value().name() == "article" && holds_headline(&d));
    let lead = cluster
        .child_elements()
        .any(|c| c.id() != boxed.id() && c.value().name() == "article");
    let (name, class) = (cluster.value().name(), cluster.value().attr("class"));
    let repeated = cluster
        .parent()
        .into_iter()
        .flat_map(|p| p.children())
        .filter_map(ElementRef::wrap)
        .any(|s| {
            s.id() != cluster.id() && s.value().name() == name && s.value().attr("class") == class
        });
    holds_articles && lead && repeated
}

/// Whether `el` holds more than `max` characters of text (spaces aside).
fn holds_more_text(el: &ElementRef, max: usize) -> bool {
    let mut chars = 0;
    el.text()
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .any(|_| {
            chars += 1;
            chars > max
        })
}

/// Whether the text of `el` is a date line (`6 Dec 2026`, `Reuters | 6 Dec 2026`).
fn is_date_line(el: &ElementRef) -> bool {
    let text: String = el.text().collect::<Vec<_>>().join(" ");
    text.len() <= MAX_DATE_LINE_BYTES
        && matches!(classify_line(&text), crate::digest::LineKind::Date(_))
}

/// Longest text of an element read as a date line (see [`is_date_line`]), in bytes.
const MAX_DATE_LINE_BYTES: usize = 120;

/// Whether `el` holds a heading or a link of [`HEADLINE_LINK_WORDS`] words or more.
fn holds_headline(el: &ElementRef) -> bool {
    el.descendent_elements().any(|d| {
        let name = d.value().name();
        heading_level(name).is_some()
            || (name == "a"
                && d.text().flat_map(str::split_whitespace).count() >= HEADLINE_LINK_WORDS)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    /// Whether the first `sel` element of `html` is left out.
    fn dropped(html: &str, sel: &str) -> bool {
        let doc = Html::parse_document(html);
        let el = doc.select(&Selector::parse(sel).unwrap()).next().unwrap();
        is_boilerplate(&el, false)
    }

    #[test]
    fn page_state_and_post_labels_are_not_boilerplate() {
        // The body's classes say what state the page is in, not what to leave out.
        assert!(!dropped(
            r#"<body class="story paywall modal-open"><p>x</p></body>"#,
            "body"
        ));
        // A post filed under topics named like boilerplate is still content.
        let post = r#"<article class="post-88 post type-post category-social-affairs tag-ads"><p>x</p></article>"#;
        assert!(!dropped(post, "article"));
        // The parts of a post and real boilerplate still go.
        assert!(dropped(r#"<div class="post-share">x</div>"#, "div"));
        assert!(dropped(
            r#"<div class="sidebar category-list">x</div>"#,
            "div"
        ));
        assert!(dropped(
            r#"<section id="related-stories">x</section>"#,
            "section"
        ));
        // A post's counters, named by class or (Wix) by `data-hook`.
        assert!(dropped(
            r#"<div data-hook="post-stats"><span>124 views</span></div>"#,
            "div"
        ));
        assert!(dropped(r#"<div class="entry-stats">x</div>"#, "div"));
        // A forum's column beside its listing, named by the word alone; a front page's
        // secondary stories are no column.
        assert!(dropped(r#"<div class="side"><p>x</p></div>"#, "div"));
        assert!(!dropped(
            r#"<div class="side-story"><h3>Talks resume</h3></div>"#,
            "div"
        ));
        assert!(!dropped(
            r#"<div data-hook="post-description"><p>x</p></div>"#,
            "div"
        ));
        // "promo": a promotion box goes, a story card and its parts stay.
        assert!(dropped(
            r#"<div class="inline-promo">Sign up today</div>"#,
            "div"
        ));
        let card = r#"<div class="gs-c-promo"><h3 class="gs-c-promo-heading__title">Talks resume</h3>
            <p class="gs-c-promo-summary">x</p></div>"#;
        assert!(!dropped(card, "div"));
        assert!(!dropped(card, "h3"));
        assert!(!dropped(card, "p"));
    }

    /// An element that themes name after the layout around it, and that holds the page's
    /// content, stays; a sidebar, a menu or a box of other stories goes however much it holds.
    #[test]
    fn layout_wrappers_holding_the_content_stay() {
        let stories: String = (0..4)
            .map(|i| format!("<div class=card><h2>Story {i} on gas talks</h2><p>The ministers met again and agreed on rail links.</p></div>"))
            .collect();
        let trending: String = (0..6)
            .map(|i| format!("<li><h4>Trending {i}: a celebrity wedding</h4><p>Everyone was there, and the music played all night long in Madrid.</p></li>"))
            .collect();
        assert!(!dropped(
            &format!(r#"<body><main class="lay-sidebar">{stories}</main></body>"#),
            "main"
        ));
        let wrapped = format!(
            r#"<body><div class="has-sidebar"><main>{stories}</main><div class="sidebar"><ul>{trending}</ul></div></div></body>"#
        );
        assert!(!dropped(&wrapped, "div.has-sidebar"));
        assert!(dropped(&wrapped, "div.sidebar"));
        for class in [
            "content-with-sidebar",
            "nav-wrapper",
            "sticky-footer-wrapper",
        ] {
            let page = format!(
                r#"<body><div class="{class}"><div class="posts">{stories}</div><div class="sidebar"><h3>Trending</h3></div></div><div class="site-footer"><h4>About</h4></div></body>"#
            );
            assert!(!dropped(&page, &format!("div.{class}")), "{class}");
            assert!(dropped(&page, "div.sidebar"), "{class}");
            assert!(dropped(&page, "div.site-footer"), "{class}");
        }
        // A sidebar that holds more than the stories beside it is still a sidebar, and a menu's
        // wrapper that holds only the menu is still a menu.
        let bigger = format!(
            r#"<body><div class="posts"><h2>Talks</h2><p>Short.</p></div><div class="sidebar"><ul>{trending}</ul></div></body>"#
        );
        assert!(dropped(&bigger, "div.sidebar"));
        let menu = format!(
            r#"<body><div class="nav-wrapper"><h3>Sections</h3><h3>World</h3></div><div>{stories}</div></body>"#
        );
        assert!(dropped(&menu, "div.nav-wrapper"));
    }

    /// "caption": a photo's caption goes, credit link and all; the caption part of a search
    /// result or a carousel slide, which holds the headline, stays.
    #[test]
    fn captions_go_unless_they_hold_a_headline() {
        assert!(dropped(
            r#"<div class="img-caption">Ministers at the summit. Photo: <a href="/p">J. Doe</a></div>"#,
            "div"
        ));
        assert!(dropped(
            r#"<p class="pie-foto">Vista del puerto de Aktau.</p>"#,
            "p"
        ));
        assert!(!dropped(
            r#"<div class="b_caption"><a href="/n/1">Ferry traffic resumes across the Caspian</a><p>x</p></div>"#,
            "div"
        ));
        assert!(!dropped(
            r#"<div class="carousel-caption"><h5>Talks resume</h5><p>x</p></div>"#,
            "div"
        ));
        // A post's header that is only its source and date stays; a caption with a date in
        // its description still goes.
        assert!(!dropped(
            r#"<div class="caption-header">World Desk · 6 December 2026</div>"#,
            "div"
        ));
        assert!(dropped(
            r#"<div class="caption">Protesters outside parliament in Tbilisi on 5 December 2026. Photo: J. Doe</div>"#,
            "div"
        ));
    }
}
