//! The page's text as blocks: the tree walk that collects runs of text between block
//! boundaries (with their heading level, paragraph and link, and whether only a `<br>` parts
//! them from the block before), the visible text rebuilt from them, dates and title clean-up.

use super::boilerplate::is_boilerplate;
use super::links::Base;
use crate::digest::{classify_line, LineKind};
use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

/// Deepest element nesting read; deeper content is left out (with a warning).
pub(super) const MAX_DEPTH: usize = 200;
/// Words for a paragraph to count as prose.
pub(super) const PROSE_WORDS: usize = 12;

/// A run of text between block boundaries.
#[derive(Debug, Clone)]
pub(super) struct Block {
    /// Whitespace-normalised.
    pub(super) text: String,
    /// Level of the heading it is in.
    pub(super) heading: Option<u8>,
    /// Inside a `<p>`.
    pub(super) para: bool,
    /// Link target when links cover most of the block's text.
    pub(super) link: Option<String>,
    /// The first link target in the block.
    pub(super) any_link: Option<String>,
    /// Only line breaks (`<br>`, `<hr>`) stand between the previous block and this one, no
    /// block element's boundary: the two are lines of one paragraph.
    pub(super) same_paragraph: bool,
    /// A link that opens the block (after a label at most: `<b>Tajikistan:</b>`) and is
    /// followed by text of its own (`<li><a>Headline</a> <span>teaser</span></li>`): the
    /// link's text (part of `text`) and target.
    pub(super) lead_link: Option<(String, String)>,
    /// A bold headline run into its paragraph's text (`<p><strong>Title.</strong> Text`),
    /// its stop dropped.
    pub(super) run_in: bool,
    /// All its text is inside a `<time>` or an element named as a date (`posted-on`,
    /// `entry-date`): a date as shown ("2h", "Posted on …"), never an item's words.
    pub(super) dated: bool,
    /// All its text is inside an element named as a story's section or category
    /// (`news-list-item__section`, `category`, `rubric`): a label, not teaser text.
    pub(super) labelled: bool,
}

impl Block {
    pub(super) fn chars(&self) -> usize {
        self.text.len()
    }
    pub(super) fn words(&self) -> usize {
        crate::segment::word_count(&self.text)
    }
    pub(super) fn is_prose(&self) -> bool {
        self.para && self.heading.is_none() && self.words() >= PROSE_WORDS
    }
}

/// Context inherited down the tree.
#[derive(Clone, Copy, Default)]
pub(super) struct Ctx<'a> {
    pub(super) heading: Option<u8>,
    pub(super) para: bool,
    pub(super) in_article: bool,
    pub(super) href: Option<&'a str>,
    pub(super) depth: usize,
    /// Inside a `<time>` or an element named as a date.
    pub(super) in_date: bool,
    /// Inside an element named as a section or category label ([`Block::labelled`]).
    pub(super) in_label: bool,
    /// Inside a `<pre>`: its line breaks are the text's.
    pub(super) pre: bool,
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
    /// The block's opening linked text (bytes of `buf`, after a label at most) and its
    /// target, while no unlinked text has come after it; `lead_closed` once some has.
    lead: Option<(usize, usize, String)>,
    lead_closed: bool,
    /// Since the last block pushed: a line break was seen, and a block boundary was.
    line_break: bool,
    paragraph_break: bool,
    /// An inline element ended since the last text.
    after_inline: bool,
    /// The block is a run-in headline ([`Block::run_in`]).
    run_in: bool,
    /// Every text of the block so far came from inside a date ([`Block::dated`]).
    dated: bool,
    /// Every text of the block so far came from inside a label ([`Block::labelled`]).
    labelled: bool,
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
            self.dated = ctx.in_date;
            self.labelled = ctx.in_label;
        } else {
            self.dated &= ctx.in_date;
            self.labelled &= ctx.in_label;
        }
        self.chars += n;
        if let Some(h) = ctx.href {
            self.link_chars += n;
            if self.link.is_none() {
                self.link = Some(h.to_string());
            }
        }
        // Words glued across the end of an inline element ("<span>EN DIRECTO</span>Elecciones",
        // set apart by a style sheet) are parted when a capital follows a letter.
        if std::mem::take(&mut self.after_inline)
            && self.buf.ends_with(char::is_alphabetic)
            && s.starts_with(char::is_uppercase)
        {
            self.buf.push(' ');
        }
        let before = self.buf.len();
        self.buf.push_str(s);
        if !self.lead_closed {
            match (ctx.href, &mut self.lead) {
                (Some(h), None) if self.chars == n || is_label(&self.buf[..before]) => {
                    self.lead = Some((before, self.buf.len(), h.into()))
                }
                (Some(h), Some((_, end, target))) if h == target => *end = self.buf.len(),
                // Text before any link: a label, if it is one when the link comes.
                (None, None) => {}
                _ => self.lead_closed = true,
            }
        }
    }

    /// Preformatted text (a digest pasted into a `<pre>`): each of its lines a line, and a
    /// blank line a paragraph's end.
    fn preformatted(&mut self, s: &str, ctx: &Ctx) {
        let mut blank = false;
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                if line.trim().is_empty() {
                    blank = true;
                    continue;
                }
                if std::mem::take(&mut blank) {
                    self.flush();
                } else {
                    self.end_line();
                }
            }
            self.text(line, ctx);
        }
        if blank {
            self.flush();
        }
    }

    /// An inline element's end: the next text may be glued to it.
    fn inline_end(&mut self) {
        self.after_inline = true;
    }

    fn href(&mut self, h: &str) {
        if self.any_link.is_none() {
            self.any_link = Some(h.to_string());
        }
    }

    /// Ends the current block at a block element's boundary.
    fn flush(&mut self) {
        self.end_block();
        self.paragraph_break = true;
    }

    /// Ends the current block at a line break; but a break inside a heading, or inside the
    /// link that all of the block's text is in, is where an editor wrapped a headline
    /// (`<h3>What China<br>wants</h3>`): a space.
    fn break_line(&mut self, ctx: &Ctx) {
        let in_link = ctx.href.is_some_and(|h| {
            self.link.as_deref() == Some(h) && self.link_chars == self.chars && self.chars > 0
        });
        if ctx.heading.is_some() || in_link {
            self.buf.push(' ');
            return;
        }
        self.end_line();
    }

    /// Ends the current block as a line: the next one is of the same paragraph.
    fn end_line(&mut self) {
        self.end_block();
        self.line_break = true;
    }

    fn end_block(&mut self) {
        if self.chars > 0 {
            let text = normalize(&self.buf);
            let link = self
                .link
                .take()
                .filter(|_| self.link_chars * 10 >= self.chars * 8);
            // Text after the opening link: the link leads a block of its own text.
            // (Or after a date, with no text after it: a dated headline.)
            let lead_link = self.lead.take().and_then(|(start, end, target)| {
                let lead = normalize(&self.buf[start..end]);
                let dated = date_label(&self.buf[..start]).is_some();
                ((self.lead_closed || dated) && !lead.is_empty() && lead.len() < text.len())
                    .then_some((lead, target))
            });
            self.blocks.push(Block {
                text,
                heading: self.heading,
                para: self.para,
                link,
                any_link: self.any_link.take(),
                same_paragraph: self.line_break && !self.paragraph_break,
                lead_link,
                run_in: std::mem::take(&mut self.run_in),
                dated: std::mem::take(&mut self.dated),
                labelled: std::mem::take(&mut self.labelled),
            });
            self.line_break = false;
            self.paragraph_break = false;
        }
        self.buf.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.link = None;
        self.any_link = None;
        self.lead = None;
        self.lead_closed = false;
        self.heading = None;
        self.para = false;
        self.dated = false;
        self.labelled = false;
    }
}

/// Words of a bold run at the start of a paragraph for it to be a headline run in.
const RUN_IN_WORDS: usize = 3;

/// Words of a label before a block's opening link (`<b>Tajikistan:</b> <a>…</a>`).
const LABEL_WORDS: usize = 3;

/// Whether `text` is a label set before a link: a few words ending with a colon or a bar.
fn is_label(text: &str) -> bool {
    let t = text.trim();
    let short =
        t.ends_with([':', '|', '—', '–', '·']) && t.split_whitespace().count() <= LABEL_WORDS;
    // A date before the headline (`<li><b>1 Dec 2026</b> – <a>…</a>`) is a label too, of any
    // length: the item's date ([`date_label`]).
    short || date_label(t).is_some()
}

/// The date a label before a block's opening link shows (`1 Dec 2026 –`, `06.12.2026 |`), if
/// it is one.
pub(super) fn date_label(label: &str) -> Option<&str> {
    let t = label.trim();
    let date = t.strip_suffix([':', '|', '—', '–', '·', '-'])?.trim_end();
    crate::digest::is_date_line(date).then_some(date)
}

/// Whitespace runs (and no-break spaces) become one space; zero-width characters go.
pub(super) fn normalize(s: &str) -> String {
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

/// The heading level of a title that is no heading element: a definition list's term, a
/// disclosure's `<summary>` (below `<h6>`'s).
pub(super) const TERM_LEVEL: u8 = 7;

pub(super) fn heading_level(name: &str) -> Option<u8> {
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

/// Words of a class or id that name an element holding a date (`post-date`, `entry_time`,
/// `fecha`): sites style such an inline element as a line of its own, so it is one block, not
/// glued to the title beside it.
const DATE_CLASS_WORDS: &[&str] = &[
    "date",
    "time",
    "datetime",
    "timestamp",
    "published",
    "posted",
    "fecha",
    "datum",
];

/// Whether a class or id name holds one of `words` (split on `-` and `_`, any case:
/// `story__kicker`, `post-date`).
pub(super) fn name_has_word(name: &str, words: &[&str]) -> bool {
    name.split(['-', '_'])
        .any(|w| words.iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// Whether an element's class or id names a date (see [`DATE_CLASS_WORDS`]), or its tooltip
/// is one ([`title_date`]).
fn names_a_date(e: &scraper::node::Element) -> bool {
    e.classes()
        .chain(e.id())
        .any(|c| name_has_word(c, DATE_CLASS_WORDS))
        || title_date(e).is_some()
}

/// Longest tooltip read as a date, in bytes.
const MAX_TITLE_DATE_BYTES: usize = 60;

/// An element's tooltip when it is a date (`<span title="Published: Tue, 14 Oct 2025 09:40:00
/// GMT">3h</span>`, as feed readers show an entry's age): the full date behind a short one.
fn title_date(e: &scraper::node::Element) -> Option<&str> {
    let t = e.attr("title")?.trim();
    (t.len() <= MAX_TITLE_DATE_BYTES && crate::digest::is_date_line(t)).then_some(t)
}

/// Words of class names of a kicker: the label over a headline (section, genre, "live").
const KICKER_CLASS_WORDS: &[&str] = &[
    "kicker",
    "antetitulo",
    "eyebrow",
    "overline",
    "volanta",
    "pretitle",
    "supratitulo",
];

/// Words of class names of a story's section or category label, shown beside its headline.
const LABEL_CLASS_WORDS: &[&str] = &[
    "section",
    "category",
    "categories",
    "rubric",
    "rubrica",
    "seccion",
    "categoria",
];

/// Whether an element's class names mark it as a section or category label (not a page's
/// `<section>` element, whose name is its tag).
fn names_a_label(e: &scraper::node::Element) -> bool {
    e.classes().any(|c| name_has_word(c, LABEL_CLASS_WORDS))
}

/// Whether an element's class names mark it as a kicker.
fn names_a_kicker(e: &scraper::node::Element) -> bool {
    e.classes().any(|c| name_has_word(c, KICKER_CLASS_WORDS))
}

/// Whether a paragraph's opening bold text is a headline run into the text: at least
/// [`RUN_IN_WORDS`] words, ended as a headline is (a full stop, a colon...); bold words that
/// the sentence goes on from are emphasis.
fn is_run_in_headline(bold: &ElementRef) -> bool {
    bold.text()
        .collect::<String>()
        .trim_end()
        .ends_with(['.', ':', '!', '?'])
        && bold
            .text()
            .flat_map(str::split_whitespace)
            .nth(RUN_IN_WORDS - 1)
            .is_some()
}

/// Whether no text stands directly in `node`, only elements and white space between them.
pub(super) fn no_text_of_its_own(node: NodeRef<'_, Node>) -> bool {
    node.children()
        .all(|c| c.value().as_text().is_none_or(|t| t.trim().is_empty()))
}

/// A link among sibling links with no text between them (`<a class="list-group-item">` one
/// under another, as a style sheet sets them): a line of its own, not glued to the next.
fn stacked_link(el: ElementRef) -> bool {
    if el.value().name() != "a" {
        return false;
    }
    let Some(parent) = el.parent() else {
        return false;
    };
    let links = parent
        .children()
        .filter(|c| c.value().as_element().is_some_and(|e| e.name() == "a"))
        .count();
    links >= 2 && no_text_of_its_own(parent)
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

pub(super) struct Reader<'b> {
    pub(super) base: &'b Base,
    pub(super) too_deep: bool,
    /// Blocks read as no item because they are an ad or a mail's footer: a group of siblings
    /// does not count them among the members that should be items.
    pub(super) furniture: usize,
}

impl<'b> Reader<'b> {
    /// The blocks of `nodes` (and their descendants), boilerplate left out.
    pub(super) fn blocks<'a>(&mut self, nodes: &[NodeRef<'a, Node>], ctx: Ctx<'a>) -> Vec<Block> {
        let mut c = Collector::default();
        for n in nodes {
            self.walk(*n, ctx, &mut c);
        }
        c.flush();
        c.blocks
    }

    fn walk<'a>(&mut self, node: NodeRef<'a, Node>, ctx: Ctx<'a>, c: &mut Collector) {
        match node.value() {
            Node::Text(t) if ctx.pre => c.preformatted(t, &ctx),
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
                    c.break_line(&ctx);
                    return;
                }
                // A kicker ("Energía", "Opinion") set over the headline, often inside its heading
                // or link: a short line of its own, neither title nor link.
                let kicker = names_a_kicker(e);
                // A paragraph that opens with a bold headline run into its text (a newsletter's
                // `<p><strong>Oil output hits a record.</strong> Production…</p>`): the headline
                // is a line of its own, as if a `<br>` followed it.
                let run_in = !kicker
                    && matches!(name, "strong" | "b")
                    && ctx.para
                    && c.chars == 0
                    && is_run_in_headline(&el);
                // A `<time>` stays inline (a byline's "Name City - <time>" is one line), but
                // its words, as an element named as a date, are a date's.
                let named_date = names_a_date(e);
                let dated = name == "time" || named_date;
                // An element a web component places in one of its named slots (`<a
                // slot="title">` of a post) is laid out apart from the others.
                let slotted = e.attr("slot").is_some();
                let block = kicker || is_block(name) || named_date || slotted || stacked_link(el);
                if block {
                    c.flush();
                }
                let mut inner = ctx;
                inner.depth += 1;
                inner.in_date |= dated;
                inner.in_label |= names_a_label(e);
                if kicker {
                    inner.heading = None;
                    inner.href = None;
                } else {
                    if let Some(l) = heading_level(name) {
                        inner.heading = Some(l);
                    } else if name == "summary" && inner.heading.is_none() {
                        // A disclosure's `<summary>` is the title of what it shows or hides
                        // (a brief's stories folded as `<details>`).
                        inner.heading = Some(TERM_LEVEL);
                    }
                    match name {
                        "p" => inner.para = true,
                        "pre" => inner.pre = true,
                        "article" => inner.in_article = true,
                        "a" => {
                            if let Some(h) =
                                e.attr("href").filter(|h| self.base.resolve(h).is_some())
                            {
                                inner.href = Some(h);
                                c.href(h);
                            }
                        }
                        _ => {}
                    }
                }
                for child in node.children() {
                    self.walk(child, inner, c);
                }
                if block {
                    c.flush();
                } else if run_in {
                    // Its full stop or colon ends the headline, not a sentence.
                    let end = c.buf.trim_end().trim_end_matches(['.', ':']).len();
                    c.buf.truncate(end);
                    c.run_in = true;
                    c.end_line();
                } else {
                    c.inline_end();
                }
            }
            _ => {}
        }
    }
}

/// The page's visible text as plain lines, from its `blocks`: lines of one paragraph (split by
/// `<br>`) on consecutive lines, paragraphs apart. What the plain-text splitter reads when a
/// page has no listing of elements (items separated by `<br>` and bold titles in one block).
pub(super) fn visible_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        out.push_str(if b.same_paragraph { "\n" } else { "\n\n" });
        out.push_str(&b.text);
    }
    out
}

/// The first `<time>` (its `datetime`, else its text), other `datetime` attribute or tooltip
/// that is a date ([`title_date`]) in `nodes`.
pub(super) fn first_time(nodes: &[NodeRef<'_, Node>]) -> Option<String> {
    for n in nodes {
        let Some(el) = ElementRef::wrap(*n) else {
            continue;
        };
        for d in std::iter::once(el).chain(el.descendent_elements()) {
            let e = d.value();
            if let Some(dt) = e.attr("datetime").map(str::trim).filter(|s| !s.is_empty()) {
                return Some(dt.to_string());
            }
            if let Some(t) = title_date(e) {
                return Some(t.to_string());
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

/// The text of the first element in `nodes` whose class names a date or time (`date`,
/// `timestamp`, `published`, `PagePromo-date`...) and which reads as a date, or the date in
/// the item's `<footer>`, wherever it is, or an element of its byline that reads as a date
/// (`<div class="byline"><a>Ana Ruiz</a> <span>11 oct 2025</span></div>`): a byline left
/// out as boilerplate may hold the item's only date.
pub(super) fn dated_by_class(nodes: &[NodeRef<'_, Node>]) -> Option<String> {
    let named = |words: &'static [&'static str]| {
        move |c: &str| {
            let c = c.to_ascii_lowercase();
            words.iter().any(|w| c.contains(w))
        }
    };
    let dated = named(&["date", "time", "published"]);
    let byline = named(&["byline", "firma"]);
    for n in nodes {
        let Some(el) = ElementRef::wrap(*n) else {
            continue;
        };
        let mut in_byline: Option<ElementRef> = None;
        for d in std::iter::once(el).chain(el.descendent_elements()) {
            if in_byline.is_some_and(|b| !d.ancestors().any(|a| a.id() == b.id())) {
                in_byline = None;
            }
            if in_byline.is_none() && d.value().classes().any(byline) {
                in_byline = Some(d);
                continue;
            }
            // An item's own `<footer>` (left out as a page's is) holds its details, a date
            // among them.
            let footer = d.value().name() == "footer";
            if !footer && in_byline.is_none() && !d.value().classes().any(dated) {
                continue;
            }
            let t = normalize(&d.text().collect::<String>());
            if t.is_empty() || t.len() > 60 {
                continue;
            }
            if crate::digest::is_date_line(&t) {
                return Some(t);
            }
            // (In a footer's bar of details, `December 5, 2024 · 3 min · Ana Ruiz`, the part
            // that is a date.)
            let part = || {
                t.split(['·', '|', '•'])
                    .map(str::trim)
                    .find(|p| crate::digest::is_date_line(p))
                    .map(str::to_string)
            };
            if let Some(date) = footer.then(part).flatten() {
                return Some(date);
            }
        }
    }
    None
}

/// A title without trailing read-more markers.
pub(super) fn classify_text(title: &str) -> String {
    match classify_line(title) {
        LineKind::Text(t) if !t.is_empty() => t,
        _ => title.to_string(),
    }
}
