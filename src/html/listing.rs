//! Listing pages: finding the group of repeated item blocks with the most text.

use super::blocks::{
    classify_text, date_label, dated_by_class, first_time, heading_level, no_text_of_its_own,
    Block, Ctx, Reader, MAX_DEPTH, TERM_LEVEL,
};
use super::boilerplate::{is_boilerplate, is_read_more};
use super::Item;
use crate::digest::{
    classify_line, is_ad_label, is_name, is_source_line, list_number, named_dateline, opens_footer,
    LineKind,
};
use crate::segment::word_count;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node};
use std::collections::HashMap;

/// Words for a link alone to be an item's title.
const LINK_TITLE_WORDS: usize = 3;
/// Blocks before an item's title with fewer words are kickers or labels, not text.
const KICKER_WORDS: usize = 15;

/// A candidate item.
struct Cand {
    item: Item,
    /// Title and text characters.
    chars: usize,
    /// Prose characters inside it.
    prose: usize,
    /// Its title is a heading (not a link of a few words).
    headed: bool,
}

/// The best listing found.
pub(super) struct Listing {
    pub(super) items: Vec<Item>,
    pub(super) score: usize,
    pub(super) prose: usize,
}

/// A group of item-like blocks: same-signature siblings, or the heading runs of one parent.
struct Group {
    /// Tag and first class of the members, or `h2-run` (and no class) for heading runs.
    sig: (String, String),
    /// The members' first nodes, in page order.
    members: Vec<NodeId>,
    items: Vec<Cand>,
    score: usize,
}

impl Reader<'_> {
    /// The listing with the most text, if any: groups of same-signature siblings, or runs of
    /// children that start with a heading of one level; with it, the other groups of its
    /// signature elsewhere on the page (the sections of a front page), in page order.
    pub(super) fn best_listing(&mut self, root: ElementRef) -> Option<Listing> {
        let mut found: Vec<Group> = Vec::new();
        // Blocks alone of their signature among their siblings, with their context.
        let mut singles: Vec<((String, String), ElementRef, Ctx)> = Vec::new();
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
            // Links side by side with no text between them are a list of links styled as
            // blocks (`<a class="list-group-item">`), not links inside a sentence.
            let bare = no_text_of_its_own(*el);
            let items: Vec<ElementRef> = kids
                .iter()
                .copied()
                .filter(|k| can_be_item(k, bare))
                .collect();
            for (k, sig) in items.iter().zip(sibling_signatures(&items)) {
                let g = groups.entry(sig.clone()).or_default();
                if g.is_empty() {
                    order.push(sig);
                }
                g.push(*k);
            }
            for sig in order {
                let members = &groups[&sig];
                if members.len() < 2 {
                    singles.push((sig, members[0], ctx));
                    continue;
                }
                // Blocks that each hold a cluster of `<article>`s (a news aggregator's top
                // stories, each with its related coverage) are a listing of the articles.
                let clusters = members.iter().any(|m| nested_articles(&[**m]) >= 2);
                let members: Vec<(ElementRef, Ctx)> = if clusters {
                    members
                        .iter()
                        .flat_map(|m| leaf_articles(*m, ctx))
                        .collect()
                } else {
                    members.iter().map(|m| (*m, ctx)).collect()
                };
                // An article that holds others (a lead story with its coverage inside it) is
                // read without them.
                let parts: Vec<Vec<NodeRef<Node>>> =
                    members.iter().map(|(m, _)| own_parts(*m)).collect();
                let ids = members.iter().map(|(m, _)| m.id()).collect();
                found.extend(self.group_of(sig, ids, |r| {
                    let mut cands: Vec<Option<Cand>> = members
                        .iter()
                        .zip(&parts)
                        .map(|((_, ctx), nodes)| r.candidate(nodes, *ctx))
                        .collect();
                    // Among titled blocks, one of the same kind with prose and no title is an
                    // item too (a live blog's update without a headline).
                    if cands.iter().flatten().count() >= 2 {
                        let slots = members.iter().zip(&parts).zip(cands.iter_mut());
                        for (((_, ctx), nodes), c) in slots {
                            if c.is_none() {
                                *c = r.untitled(nodes, *ctx);
                            }
                        }
                    }
                    cands
                }));
            }
            // Heading runs (a heading wrapped alone in a `<div>`, as block editors set it,
            // counts as the heading).
            let mut per_level = [0usize; 7];
            for k in &kids {
                if let Some(l) = heading_level(unwrapped(*k).value().name()) {
                    per_level[l as usize] += 1;
                }
            }
            let level = (1..=6).max_by_key(|&l| (per_level[l], std::cmp::Reverse(l)));
            if let Some(level) = level.filter(|&l| per_level[l] >= 2) {
                let mut runs: Vec<Vec<NodeRef<Node>>> = Vec::new();
                // Whether a run is being built: not before the first heading, nor after a
                // heading of a higher rank or a block that holds headings of its own.
                let mut open = false;
                for child in el.children() {
                    // (What a `<div>` wraps alone, as a block editor sets it.)
                    let inner = ElementRef::wrap(child).map(unwrapped);
                    let child_level = inner.and_then(|e| heading_level(e.value().name()));
                    if child_level == Some(level as u8) {
                        runs.push(vec![child]);
                        open = true;
                        continue;
                    }
                    // A heading of a higher rank (`<h2>Kyrgyzstan</h2>` among `<h3>` stories)
                    // names the section that follows: it ends the run and is no item's text.
                    if child_level.is_some_and(|l| l < level as u8) {
                        open = false;
                        continue;
                    }
                    // A thematic break (`<hr>`) ends the story: what follows it (a poll, a
                    // sign-off) is none of its text.
                    if inner.is_some_and(|e| e.value().name() == "hr") {
                        open = false;
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
                let ids = runs.iter().map(|r| r[0].id()).collect();
                let sig = (format!("h{level}-run"), String::new());
                found.extend(self.group_of(sig, ids, |r| r.candidates(&runs, ctx)));
            }
            // A definition list's terms with their descriptions (`<dt>` headline, `<dd>`
            // teaser): each term and what follows it up to the next.
            if el.value().name() == "dl" {
                let mut runs: Vec<Vec<NodeRef<Node>>> = Vec::new();
                for child in el.children() {
                    let term = child.value().as_element().is_some_and(|e| e.name() == "dt");
                    match runs.last_mut() {
                        Some(run) if !term => run.push(child),
                        _ if term => runs.push(vec![child]),
                        _ => {}
                    }
                }
                let ids = runs.iter().map(|r| r[0].id()).collect();
                let sig = ("dt-run".into(), String::new());
                found.extend(self.group_of(sig, ids, |r| {
                    runs.iter().map(|run| r.term_candidate(run, ctx)).collect()
                }));
            }
            // Runs between separators: stories whose parts (image, label, title, teaser) are
            // siblings with no element of their own, parted by empty elements of one
            // signature (`<div class="separator"></div>`).
            if let Some(sep) = separator(&kids) {
                let mut runs: Vec<Vec<NodeRef<Node>>> = vec![Vec::new()];
                for child in el.children() {
                    let parts = ElementRef::wrap(child)
                        .is_some_and(|k| is_empty_element(&k) && signature(&k) == sep);
                    if parts {
                        runs.push(Vec::new());
                    } else if let Some(run) = runs.last_mut() {
                        run.push(child);
                    }
                }
                runs.retain(|r| r.iter().any(|n| n.value().is_element()));
                if runs.len() >= 2 {
                    let ids = runs
                        .iter()
                        .map(|r| {
                            r.iter()
                                .find(|n| n.value().is_element())
                                .expect("kept")
                                .id()
                        })
                        .collect();
                    let sig = ("sep-run".into(), sep.1.clone());
                    found.extend(self.group_of(sig, ids, |r| r.candidates(&runs, ctx)));
                }
            }
            // Cycles of siblings: stories whose parts are siblings of one parent, each part
            // in an element of its own kind (`<p class="date">`, `<p class="title">`,
            // `<p class="teaser">`, again and again): each turn of the cycle is a story.
            if let Some(runs) = cycle_runs(el, &kids) {
                let ids = runs.iter().map(|r| r[0].id()).collect();
                let sig = ("cycle-run".into(), String::new());
                found.extend(self.group_of(sig, ids, |r| r.candidates(&runs, ctx)));
            }
            for k in kids.into_iter().rev() {
                stack.push((k, in_article, depth + 1));
            }
        }
        let Some(best) = (0..found.len()).max_by_key(|&i| {
            let g = &found[i];
            (g.score, g.items.len(), std::cmp::Reverse(i))
        }) else {
            return self.lone_card(singles);
        };
        let mean = |g: &Group| g.score / g.items.len();
        let mut chosen = vec![found.remove(best)];
        let least_mean = mean(&chosen[0]) / 2;
        // Then the others of its signature, largest first.
        found.sort_by_key(|g| std::cmp::Reverse(g.score));
        let headlines = |g: &Group| g.items.iter().all(|c| c.item.text.is_empty());
        let best_headlines = headlines(&chosen[0]);
        // Whether most of a group's items link to stories (see [`story_address`]): a list of
        // headlines that do joins one of sections that do not (a site's menu of its parts,
        // set in the page's body as a list like the stories') only when it does too.
        let to_stories = |g: &Group| {
            let n = g
                .items
                .iter()
                .filter(|c| c.item.url.as_deref().is_some_and(story_address))
                .count();
            2 * n > g.items.len()
        };
        let best_to_stories = to_stories(&chosen[0]);
        for g in found {
            if best_headlines && best_to_stories && !to_stories(&g) {
                continue;
            }
            let apart = |h: &Group| !overlaps(root, &g, h);
            // Of the best group's shape: its signature (or, for lists of headlines alone, its
            // tag: a front page's top lists and section lists are classed apart), and items
            // not much shorter (a list of short links that shares the tag is not a section
            // of stories).
            let shape = g.sig == chosen[0].sig
                || (best_headlines && g.sig.0 == chosen[0].sig.0 && headlines(&g));
            if shape && mean(&g) >= least_mean && chosen.iter().all(apart) {
                chosen.push(g);
            }
        }
        // Then the blocks of its signature alone in their part of the page (a front page's
        // lead story above the lists), on the same terms; and, of any other shape, a block
        // whose title is a linked headline of a story (a front page's lead: one `<h2>`
        // headline, perhaps a teaser, above lists of another markup).
        let sig = chosen[0].sig.clone();
        for (single_sig, el, ctx) in singles {
            let Some(c) = self.candidate(&[*el], ctx) else {
                continue;
            };
            // (A lead story may be a headline alone over a list of teased stories.)
            let lead = lead_story(&c, &el);
            if !same_shape(&single_sig, &el, &sig) && !lead {
                continue;
            }
            let single = Group {
                sig: sig.clone(),
                members: vec![el.id()],
                score: c.chars,
                items: vec![c],
            };
            let long_enough = lead || mean(&single) >= least_mean;
            if long_enough && !chosen.iter().any(|g| overlaps(root, g, &single)) {
                chosen.push(single);
            }
        }
        chosen.sort_by_key(|g| g.members[0]);
        let headings = date_headings(root, &chosen);
        let mut seen = std::collections::HashSet::new();
        let mut listing = Listing {
            items: Vec::new(),
            score: 0,
            prose: 0,
        };
        let mut seen_text = std::collections::HashSet::new();
        let members = chosen
            .into_iter()
            .flat_map(|g| g.members.into_iter().zip(g.items));
        for (member, mut c) in members {
            // An undated story takes the date of the date heading over it (`<h2>14 October
            // 2025</h2>` over that day's list).
            if c.item.date.is_none() {
                let over = headings.iter().rev().find(|(at, _)| *at < member);
                c.item.date = over.map(|(_, date)| date.clone());
            }
            // A story linked from two sections is one item, also when the two links are two
            // forms of its address (`/a/29098899.html` and `/a/slug/29098899.html`): the same
            // title with the same link or the same text.
            // (Untitled items with no link, a live blog's updates, are told apart by text.)
            let bare = c.item.title.is_none() && c.item.url.is_none();
            let by_link = bare || seen.insert((c.item.title.clone(), c.item.url.clone()));
            let by_text = seen_text.insert((c.item.title.clone(), c.item.text.clone()));
            if by_link && by_text {
                listing.score += c.chars;
                listing.prose += c.prose;
                listing.items.push(c.item);
            }
        }
        unnumbered(&mut listing.items);
        Some(listing)
    }

    /// A page whose one story is a card (a search page with one result), when no group of
    /// blocks was found: a block alone of its kind whose title is a linked headline of a story
    /// ([`lead_story`]). Blocks that hold the card's headline give the same item; a second story
    /// makes the page no card's.
    fn lone_card(&mut self, singles: Vec<((String, String), ElementRef, Ctx)>) -> Option<Listing> {
        let mut card: Option<Cand> = None;
        for (_, el, ctx) in singles {
            let Some(c) = self.candidate(&[*el], ctx) else {
                continue;
            };
            if !c.headed || !lead_story(&c, &el) {
                continue;
            }
            match &card {
                Some(k) if (&k.item.title, &k.item.url) != (&c.item.title, &c.item.url) => {
                    return None;
                }
                // Blocks are met outer first: the innermost that holds the card's prose is
                // read (not its header alone, nor the page around it).
                Some(k) if c.prose < k.prose => {}
                _ => card = Some(c),
            }
        }
        let c = card?;
        Some(Listing {
            score: c.chars,
            prose: c.prose,
            items: vec![c.item],
        })
    }

    /// The group of the members `ids` whose candidates `read` gives, one per member; the ads
    /// and footers `read` met (counted in `Reader::furniture`) are not counted among the
    /// members that should be items (see [`group`]).
    fn group_of(
        &mut self,
        sig: (String, String),
        ids: Vec<NodeId>,
        read: impl FnOnce(&mut Self) -> Vec<Option<Cand>>,
    ) -> Option<Group> {
        let before = self.furniture;
        let cands = read(self);
        group(sig, ids, cands, self.furniture - before)
    }

    /// Each run's [`Reader::candidate`].
    fn candidates<'a>(
        &mut self,
        runs: &[Vec<NodeRef<'a, Node>>],
        ctx: Ctx<'a>,
    ) -> Vec<Option<Cand>> {
        runs.iter().map(|r| self.candidate(r, ctx)).collect()
    }

    /// An untitled item made of `nodes`: their paragraphs and their date, if they have a date
    /// and one paragraph of [`super::blocks::PROSE_WORDS`] words or more.
    fn untitled<'a>(&mut self, nodes: &[NodeRef<'a, Node>], ctx: Ctx<'a>) -> Option<Cand> {
        if nested_articles(nodes) >= 2 {
            return None;
        }
        let blocks = self.blocks(nodes, ctx);
        if !blocks.iter().any(Block::is_prose) || blocks.iter().any(|b| b.run_in) {
            return None;
        }
        let mut date = first_time(nodes);
        let mut parts: Vec<String> = Vec::new();
        let mut prose = 0;
        for b in &blocks {
            match classify_line(&b.text) {
                LineKind::Date(d) => {
                    date.get_or_insert(d);
                }
                LineKind::Text(_) if b.dated => {}
                LineKind::Text(s) if b.para && b.heading.is_none() => {
                    if b.is_prose() {
                        prose += b.chars();
                    }
                    parts.push(s);
                }
                _ => {}
            }
        }
        // Dated, as a live blog's updates are: an undated block of prose among stories is
        // more often an introduction or a note (a newsletter's "Dear readers").
        date.as_ref()?;
        let text = parts.join("\n\n");
        Some(Cand {
            chars: text.len(),
            item: Item {
                title: None,
                text,
                date,
                url: None,
            },
            prose,
            headed: false,
        })
    }

    /// An item made of `nodes`, if they look like one: one title (a heading, or a link of a
    /// few words), and no second title of the same rank.
    fn candidate<'a>(&mut self, nodes: &[NodeRef<'a, Node>], ctx: Ctx<'a>) -> Option<Cand> {
        // A block that holds two `<article>`s is a cluster of stories (a news aggregator's
        // top story with its related coverage), not one story: the articles are the items.
        if nested_articles(nodes) >= 2 {
            return None;
        }
        let blocks = self.blocks(nodes, ctx);
        self.candidate_of(nodes, blocks)
    }

    /// A definition list's term with what follows it (`nodes[0]` the `<dt>`): the term is the
    /// title as a heading would be, linked or not (a `<dd>` that only links to a backgrounder
    /// is no title).
    fn term_candidate<'a>(&mut self, nodes: &[NodeRef<'a, Node>], ctx: Ctx<'a>) -> Option<Cand> {
        let mut blocks = self.blocks(&nodes[..1], ctx);
        for b in &mut blocks {
            b.heading.get_or_insert(TERM_LEVEL);
        }
        blocks.extend(self.blocks(&nodes[1..], ctx));
        self.candidate_of(nodes, blocks)
    }

    /// [`Reader::candidate`] once `nodes` are read as `blocks`.
    fn candidate_of(&mut self, nodes: &[NodeRef<Node>], blocks: Vec<Block>) -> Option<Cand> {
        // A short block labelled as an advertisement at its top (`SPONSORED` over a
        // newsletter's ad) is none; an article with an ad slot inside it is still one.
        if blocks.len() <= MAX_AD_BLOCKS && blocks.iter().take(2).any(|b| is_ad_label(&b.text)) {
            self.furniture += 1;
            return None;
        }
        // Nor is a mail's footer set out as one more story's cell (`Powered by …` over
        // `Unsubscribe · Preferences`): two lines of it make it one.
        if blocks.iter().filter(|b| opens_footer(&b.text)).count() >= MIN_FOOTER_LINES {
            self.furniture += 1;
            return None;
        }
        let blocks = lead_link_title(blocks);
        let titled = |b: &Block| {
            !matches!(
                classify_line(&b.text),
                LineKind::Date(_) | LineKind::Marker | LineKind::Chrome | LineKind::Empty
            )
        };
        // A line that can be a title: a heading, or a linked line of a few words.
        let headed = |b: &Block| b.heading.is_some() && titled(b);
        let link_title = |b: &Block| b.link.is_some() && b.words() >= LINK_TITLE_WORDS && titled(b);
        // A heading of a word or two over a longer linked one ("Opinion" over its headline)
        // is a label; the linked heading is the title.
        let heading = blocks.iter().position(headed).map(|i| {
            let label = blocks[i].link.is_none() && blocks[i].words() < LINK_TITLE_WORDS;
            let linked = blocks[i + 1..]
                .iter()
                .position(|b| headed(b) && link_title(b));
            match linked {
                Some(j) if label => i + 1 + j,
                _ => i,
            }
        });
        let t = match heading {
            Some(i) => {
                // Copies of the title for other screen sizes (`hidden-xs`, `visible-sm`) are
                // one title.
                let level = blocks[i].heading;
                let mut same: Vec<&str> = blocks
                    .iter()
                    .filter(|b| b.heading == level && titled(b))
                    .map(|b| b.text.as_str())
                    .collect();
                same.sort_unstable();
                same.dedup();
                if same.len() > 1 {
                    return None;
                }
                i
            }
            None => {
                let i = blocks.iter().position(link_title)?;
                if blocks.iter().filter(|b| link_title(b)).count() > 2 {
                    return None;
                }
                i
            }
        };
        // A heading over a list of linked headlines is a section of the page, not an item
        // whose teaser happens to be links: its headlines are the items.
        // (Headlines counted among titled blocks; their characters among all blocks.)
        let (mut headlines, mut headline_chars, mut other_chars) = (0, 0, 0);
        let others = blocks.iter().enumerate().filter(|&(i, _)| i != t);
        for b in others.map(|(_, b)| b) {
            let headline = b.link.is_some() && b.words() >= LINK_TITLE_WORDS;
            if headline {
                headline_chars += b.chars();
            }
            if titled(b) {
                if headline {
                    headlines += 1;
                } else {
                    other_chars += b.chars();
                }
            }
        }
        if headlines >= 2 && headline_chars > other_chars {
            return None;
        }
        // Likewise an unlinked heading (a section name) over two or more stories, each a
        // linked headline with its own teaser: in one line (`<li><a>…</a> <span>…</span>`) or
        // a linked line followed by an unlinked one (`<li><a>…</a><p>…</p>`).
        if blocks[t].link.is_none() {
            let in_line = blocks
                .iter()
                .filter(|b| b.link.is_none())
                .filter_map(|b| b.lead_link.as_ref())
                .filter(|(lead, _)| word_count(lead) >= LINK_TITLE_WORDS)
                .map(|(_, target)| target.as_str());
            let teased = blocks.windows(2).filter_map(|w| {
                let teaser = w[1].link.is_none()
                    && w[1].heading.is_none()
                    && w[1].words() >= LEAD_TEASER_WORDS
                    && titled(&w[1]);
                (link_title(&w[0]) && teaser)
                    .then_some(w[0].link.as_deref())
                    .flatten()
            });
            let mut stories: Vec<&str> = in_line.chain(teased).collect();
            stories.sort_unstable();
            stories.dedup();
            if stories.len() >= 2 {
                return None;
            }
        }
        // Nor is a section of a newsletter whose paragraphs open with a headline run into the
        // text: those are its stories (read as text).
        if blocks.iter().any(|b| b.run_in) {
            return None;
        }
        // Nor is a block that holds other stories: linked headlines to three addresses or
        // more besides its title's, with no more text than teasers of that many stories would
        // have (a page whose unclosed `<div>`s nest each story in the one before would
        // otherwise give one story's title over the teasers of the next ones; an article with
        // a few related links has far more text of its own).
        let own = blocks[t].link.as_deref();
        let other_story = |b: &Block| link_title(b) && b.link.as_deref() != own;
        let mut elsewhere: Vec<&str> = blocks
            .iter()
            .filter(|b| other_story(b))
            .filter_map(|b| b.link.as_deref())
            .collect();
        elsewhere.sort_unstable();
        elsewhere.dedup();
        if elsewhere.len() >= OTHER_STORIES && other_chars < elsewhere.len() * TEASER_CHARS {
            return None;
        }
        // Likewise a block where another story, its linked headline and a teaser, comes
        // before the title (the last story of such a nest, titled by a heading).
        let before = &blocks[..t];
        let other_headline = before.iter().position(other_story);
        if let Some(h) = other_headline {
            if before[h + 1..]
                .iter()
                .any(|b| b.link.is_none() && b.words() >= KICKER_WORDS)
            {
                return None;
            }
        }
        // A separator left over from a date or label shown apart before the headline
        // (`<span class="date">…</span> — <a>Headline</a>`) is no part of it.
        let title = without_leading_separator(&blocks[t].text).to_string();
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
                // Words shown inside a date ("2h", "Posted on"): no text; a stamp the
                // classifier does not read is the date when there is none.
                LineKind::Text(s) if b.dated && b.words() <= 6 => {
                    date = date.or(s.chars().any(|c| c.is_ascii_digit()).then_some(s));
                }
                LineKind::Text(s) => {
                    // A byline under the headline, with its place and date (`Federico Rivas
                    // Molina Buenos Aires - 18 abr 2024 - 14:03 CEST`): the date, no text.
                    if let Some(d) = named_dateline(&b.text).filter(|_| i > t) {
                        date.get_or_insert(d);
                        continue;
                    }
                    let short_link = b.link.is_some() && b.words() < 4;
                    // Short words over a title are a kicker ("Analysis", "World news"); a
                    // sentence there is a teaser set above its headline.
                    let sentence = b.words() >= 5 && s.trim_end().ends_with(['.', '…']);
                    let kicker = i < t && b.words() < KICKER_WORDS && !sentence;
                    // A word or two under the teaser, no sentence, is the story's section or
                    // category ("World", "Bilateral relations"), as a kicker is above it.
                    // So is a source line (`Fuente: Agencia Sur`).
                    // So is a longer one marked as a section or category
                    // (`<div class="item__section">Energy and Infrastructure</div>`).
                    let no_sentence = !s.trim_end().ends_with(['.', '!', '?', '…', ':']);
                    let label = i > t
                        && b.heading.is_none()
                        && ((b.words() <= SECTION_LABEL_WORDS && no_sentence)
                            || (i == t + 1 && is_name(&s, PUBLISHER_WORDS))
                            || (b.labelled && b.words() <= NAMED_LABEL_WORDS && no_sentence)
                            || is_source_line(&s));
                    if kicker || label || short_link || s == title {
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
            .or_else(|| stretched_link(nodes))
            .or_else(|| read_more_link(nodes))
            .and_then(|h| self.base.resolve(h));
        let text = parts.join("\n\n");
        let title = classify_text(without_domain(&title));
        // A time stamp inside the headline's link ("16. Mar, 09:24 Google accused…", a latest
        // news list's "8:38 …") is the item's date, not words of its title.
        let title = match timed_title(&title) {
            Some((stamp, rest)) => {
                date.get_or_insert(stamp);
                rest
            }
            None => title,
        };
        // Likewise a date set before the headline's link in its line (`Nov 28, 2026 –
        // <a>Headline</a>`).
        let dated_lead = blocks[t].lead_link.as_ref().and_then(|(lead, _)| {
            let at = blocks[t].text.find(lead.as_str())?;
            Some((date_label(&blocks[t].text[..at])?.to_string(), lead.clone()))
        });
        let title = match dated_lead {
            Some((stamp, lead)) if title.ends_with(lead.as_str()) => {
                date.get_or_insert(stamp);
                classify_text(&lead)
            }
            _ => title,
        };
        // A date the page shows only inside what is left out (a byline block holding the
        // date, as `div.byline > span.date` has it).
        if date.is_none() {
            date = dated_by_class(nodes);
        }
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
            headed: heading.is_some(),
        })
    }
}

/// The headings of the page that are a date alone (`<h2>14 October 2025</h2>` over a day's
/// stories), in page order, those inside a story of `chosen` left out.
fn date_headings(root: ElementRef, chosen: &[Group]) -> Vec<(NodeId, String)> {
    let members: std::collections::HashSet<NodeId> = chosen
        .iter()
        .flat_map(|g| g.members.iter().copied())
        .collect();
    // A heading, or a block set between the stories as one of their siblings (`<div
    // class="feed__date">14 March 2025</div>` over that day's stories).
    let parents: std::collections::HashSet<NodeId> = members
        .iter()
        .filter_map(|m| root.tree().get(*m)?.parent().map(|p| p.id()))
        .collect();
    let between = |h: &ElementRef| {
        h.parent().is_some_and(|p| parents.contains(&p.id()))
            && !h.descendants().any(|d| members.contains(&d.id()))
    };
    root.descendent_elements()
        .filter(|h| heading_level(h.value().name()).is_some() || between(h))
        .filter(|h| !members.contains(&h.id()) && !h.ancestors().any(|a| members.contains(&a.id())))
        .filter_map(|h| match classify_line(&h.text().collect::<String>()) {
            LineKind::Date(d) => Some((h.id(), d)),
            _ => None,
        })
        .collect()
}

/// Titles numbered in turn (`1. Gas deal signed`, `2. …`, as a newsletter counts its stories)
/// without their numbers, when the numbered titles count 1, 2, 3… in page order (an unnumbered
/// one between them, a reading tip, may stand apart). A number out of turn is a headline's
/// own words (`5. Mai: talks resume`).
fn unnumbered(items: &mut [Item]) {
    let numbers: Vec<usize> = items
        .iter()
        .filter_map(|i| list_number(i.title.as_deref()?))
        .map(|(n, _)| n)
        .collect();
    let in_turn = numbers.len() >= 2 && numbers.iter().enumerate().all(|(k, &n)| n == k + 1);
    if !in_turn {
        return;
    }
    for item in items {
        if let Some(title) = &mut item.title {
            if let Some((_, rest)) = list_number(title) {
                *title = rest.to_string();
            }
        }
    }
}

/// Lines that open a footer (`Unsubscribe`, `Powered by …`) that make a block a mail's footer,
/// not a story: one may be a story's words (`Powered by wind, the grid…`).
const MIN_FOOTER_LINES: usize = 2;

/// Linked headlines of other stories that make a block a container of stories, not an item
/// (when it has at most [`TEASER_CHARS`] of other text per story).
const OTHER_STORIES: usize = 3;
/// Characters of a long teaser.
const TEASER_CHARS: usize = 400;

/// A title that opens with a time of day, alone or ending a date ("8:38", "16. Mar, 09:24",
/// "Mar 16, 2018 9:24 AM"), split into that stamp and the headline after it (three words at
/// least). A date without a time ("1 May rallies…") is left in the title: it may be its words.
pub(super) fn timed_title(title: &str) -> Option<(String, String)> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let clock = |w: &str| {
        let w = w.trim_end_matches([',', '.', 'h']);
        let (h, m) = w.split_once(':')?;
        (!h.is_empty()
            && h.len() <= 2
            && h.bytes().all(|b| b.is_ascii_digit())
            && m.len() == 2
            && m.bytes().all(|b| b.is_ascii_digit()))
        .then_some(())
    };
    (1..=6.min(words.len())).rev().find_map(|k| {
        let mut end = k;
        if words
            .get(end)
            .is_some_and(|w| matches!(*w, "AM" | "PM" | "am" | "pm"))
        {
            end += 1;
        }
        if words.len() < end + 3 || clock(words[k - 1]).is_none() {
            return None;
        }
        let stamp = words[..end].join(" ");
        let dated = k == 1 || matches!(classify_line(&stamp), LineKind::Date(_));
        dated.then(|| (stamp, words[end..].join(" ")))
    })
}

/// Most words of a section's or category's label under a story's teaser.
const SECTION_LABEL_WORDS: usize = 2;

/// Most words of a publisher's name set directly under a headline (`The Moscow Times`, as
/// alerts and aggregators list their results), every word capitalised.
const PUBLISHER_WORDS: usize = 4;

/// Words of a block marked as a story's section or category ([`Block::labelled`]) for it to
/// be a label under the teaser, not text.
const NAMED_LABEL_WORDS: usize = 6;

/// Most blocks in an advertisement between a listing's stories (its label, an image's
/// text, a line or two and a link).
const MAX_AD_BLOCKS: usize = 4;

/// Words of a lead story's headline at least.
const LEAD_WORDS: usize = 5;

/// Whether a block of its own shape (`el`) is a story's lead: a headline of [`LEAD_WORDS`]
/// words in a heading, or in a link around the story's picture (`<a><img><div>Headline</div>
/// </a>`), linked to an address shaped like a story's (not a section's `/world/`).
fn lead_story(c: &Cand, el: &ElementRef) -> bool {
    let words = c.item.title.as_deref().map_or(0, word_count);
    let pictured = || {
        el.descendent_elements().any(|a| {
            a.value().name() == "a"
                && a.descendent_elements()
                    .any(|d| matches!(d.value().name(), "img" | "picture"))
                && a.text().flat_map(str::split_whitespace).count() >= LEAD_WORDS
        })
    };
    words >= LEAD_WORDS
        && c.item.url.as_deref().is_some_and(story_address)
        && (c.headed || pictured())
}

/// Whether a link points to a page below a site's root (not `/`, `#top` or `?page=2`).
pub(crate) fn below_root(url: &str) -> bool {
    url_path(url).split('/').any(|s| !s.is_empty())
}

/// A link's path, without the site, the query or the fragment.
fn url_path(url: &str) -> &str {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    path.split(['?', '#']).next().unwrap_or("")
}

/// Whether a link's path looks like a story's: a number of four digits or more (an id, a
/// date), a slug of three words or more, or a page file under a folder
/// (`/2014/07/24/world/flight/index.html`, `/a/29098899.html`, `/politics/pact-signed-in-baku`).
pub(super) fn story_address(url: &str) -> bool {
    let path = url_path(url);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(last) = segments.last() else {
        return false;
    };
    let digits = path
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() >= 4);
    let page = [".html", ".htm", ".shtml", ".php", ".asp", ".aspx"]
        .iter()
        .any(|ext| last.to_ascii_lowercase().ends_with(ext));
    digits || last.matches('-').count() >= 2 || (segments.len() >= 2 && page)
}

/// Turns of a cycle shorter than this are not tried (longer stories are not told by their
/// parts' kinds alone).
const MAX_CYCLE: usize = 5;

/// The children of `el` in turns of a cycle of its element children `kids` (see
/// [`part_kind`]): the longest stretch of `kids` that repeats one cycle of two to
/// [`MAX_CYCLE`] parts, at least twice, in whole turns of which one part can be a title. Its
/// first element opens each turn: a stretch whose length is not a multiple of the cycle's (a
/// dated heading over stories dated under their teasers: `date, title, teaser, date, …,
/// teaser, date`) could be read two ways and is not read at all. Each turn holds its elements
/// with the nodes between them.
fn cycle_runs<'a>(
    el: ElementRef<'a>,
    kids: &[ElementRef<'a>],
) -> Option<Vec<Vec<NodeRef<'a, Node>>>> {
    if kids.len() < 4 {
        return None;
    }
    let kinds: Vec<(String, String, PartKind)> = kids
        .iter()
        .map(|k| {
            let (tag, class) = signature(&unwrapped(*k));
            (tag, class, part_kind(k))
        })
        .collect();
    // The longest stretch, the shortest cycle first: (start, length, cycle).
    let mut best: Option<(usize, usize, usize)> = None;
    for cycle in 2..=MAX_CYCLE {
        // Stretches `[start, end)` in which every element's kind is the one a cycle before.
        let mut start = 0;
        for end in cycle..=kinds.len() {
            if end < kinds.len() && kinds[end] == kinds[end - cycle] {
                continue;
            }
            let len = end - start;
            // Whole turns only (see above); a cycle that is a shorter one repeated is the
            // shorter one's; one part of each turn can be a title.
            let turn = &kinds[start..start + cycle];
            let proper = (1..cycle)
                .filter(|d| cycle % d == 0)
                .all(|d| (d..cycle).any(|i| turn[i] != turn[i - d]));
            let titled = turn.iter().any(|k| k.2 == PartKind::Title)
                && turn.iter().all(|k| k.2 != PartKind::Block);
            // Parts, not blocks that are items of their own by their kind (a live blog's
            // updates with and without a headline, `<div class="block">` all): each part of
            // a turn marked apart, or each a paragraph or a line.
            let parts = turn
                .iter()
                .enumerate()
                .all(|(i, k)| turn[..i].iter().all(|o| (&o.0, &o.1) != (&k.0, &k.1)))
                || turn.iter().all(|k| PART_TAGS.contains(&k.0.as_str()));
            let better = best.is_none_or(|b| len > b.1);
            if len >= 2 * cycle && len % cycle == 0 && proper && titled && parts && better {
                best = Some((start, len, cycle));
            }
            start = end + 1 - cycle;
        }
    }
    let (start, len, cycle) = best?;
    let firsts: Vec<NodeId> = (start..start + len)
        .step_by(cycle)
        .map(|i| kids[i].id())
        .collect();
    let last = kids[start + len - 1].id();
    let mut runs: Vec<Vec<NodeRef<Node>>> = Vec::new();
    let mut open = false;
    for child in el.children() {
        if firsts.contains(&child.id()) {
            runs.push(Vec::new());
            open = true;
        }
        if open {
            runs.last_mut().expect("opened").push(child);
        }
        if child.id() == last {
            break;
        }
    }
    Some(runs)
}

/// `el`, or the element it wraps alone (no text of its own beside it), down a few levels: a
/// block editor sets each heading and each paragraph in a `<div>` of its own (`<div><h2>…</h2>
/// </div><div><p>…</p></div>`), and the parts of a cycle are told apart by what they wrap.
fn unwrapped(el: ElementRef<'_>) -> ElementRef<'_> {
    const MAX_WRAPPERS: usize = 4;
    let mut el = el;
    for _ in 0..MAX_WRAPPERS {
        if el.value().name() != "div" {
            break;
        }
        let mut kids = el.child_elements();
        let (Some(only), None) = (kids.next(), kids.next()) else {
            break;
        };
        let own_text = el
            .children()
            .filter_map(|c| c.value().as_text())
            .any(|t| !t.trim().is_empty());
        if own_text {
            break;
        }
        el = only;
    }
    el
}

/// Elements that are parts of a story, not a story's block, in a cycle whose parts all share
/// their tag and class.
const PART_TAGS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "time", "strong", "b", "em", "small",
    "font",
];

/// What a sibling holds, for [`cycle_runs`]: a date alone, a title (a heading, or a link
/// alone of a few words), other text, or too much to be a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PartKind {
    Date,
    Title,
    Other,
    /// More than [`PART_NODES`] nodes: a block, not a part.
    Block,
}

/// Nodes in a part of a story at most (a date, a linked headline with its markup, a teaser).
const PART_NODES: usize = 40;

fn part_kind(el: &ElementRef) -> PartKind {
    // (A block with many nodes is no part; its text is not read.)
    if el.descendants().nth(PART_NODES).is_some() {
        return PartKind::Block;
    }
    let text: String = el.text().collect::<Vec<_>>().join(" ");
    if let LineKind::Date(_) = classify_line(&text) {
        return PartKind::Date;
    }
    let words = word_count;
    let heading = heading_level(el.value().name()).is_some()
        || el
            .descendent_elements()
            .any(|d| heading_level(d.value().name()).is_some());
    let link_alone = el
        .descendent_elements()
        .chain(std::iter::once(*el))
        .filter(|d| d.value().name() == "a")
        .any(|a| words(&a.text().collect::<Vec<_>>().join(" ")) == words(&text));
    match (heading || link_alone) && words(&text) >= LINK_TITLE_WORDS {
        true => PartKind::Title,
        false => PartKind::Other,
    }
}

/// The address of an empty link laid over a whole card (`<a class="entry-link" href="…"
/// aria-label="post link to …"></a>`, a blog theme's "stretched link"), the story's only link
/// when its title is not linked: the first link in `nodes` with no text that points to a page
/// below a site's root and is no share button's ([`super::links::is_share_link`]).
fn stretched_link<'a>(nodes: &[NodeRef<'a, Node>]) -> Option<&'a str> {
    nodes
        .iter()
        .filter_map(|n| ElementRef::wrap(*n))
        .flat_map(|el| std::iter::once(el).chain(el.descendent_elements()))
        .filter(|a| a.value().name() == "a" && a.text().all(|t| t.trim().is_empty()))
        .filter_map(|a| a.value().attr("href"))
        .find(|h| below_root(h) && !super::links::is_share_link(h))
}

/// The address of a read-more link left out of the text ([`is_read_more`]: `<a
/// class="read-more">Leer más</a>`), the story's only link when its title is not linked.
fn read_more_link<'a>(nodes: &[NodeRef<'a, Node>]) -> Option<&'a str> {
    nodes
        .iter()
        .filter_map(|n| ElementRef::wrap(*n))
        .flat_map(|el| std::iter::once(el).chain(el.descendent_elements()))
        .filter(is_read_more)
        .flat_map(|el| std::iter::once(el).chain(el.descendent_elements()))
        .filter(|a| a.value().name() == "a")
        .filter_map(|a| a.value().attr("href"))
        .find(|h| below_root(h) && !super::links::is_share_link(h))
}

/// An element with neither text nor any element inside (`<div class="separator"></div>`).
fn is_empty_element(el: &ElementRef) -> bool {
    matches!(el.value().name(), "div" | "span" | "li" | "p")
        && el.children().all(|c| c.value().is_text())
        && no_text_of_its_own(**el)
}

/// The signature of the empty elements that part `kids` into stories: the most frequent one,
/// when its elements are fewer than the siblings that are not empty.
fn separator(kids: &[ElementRef]) -> Option<(String, String)> {
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for k in kids.iter().filter(|k| is_empty_element(k)) {
        *counts.entry(signature(k)).or_default() += 1;
    }
    let filled = kids.iter().filter(|k| !is_empty_element(k)).count();
    counts
        .into_iter()
        .filter(|&(_, n)| filled > n)
        .max_by_key(|(sig, n)| (*n, std::cmp::Reverse(sig.clone())))
        .map(|(sig, _)| sig)
}

/// The group of `cands` (members `ids`), if it is one: at least two items, and at least half
/// of its members item-like, not counting the `furniture` among them (ads, a mail's footer).
/// Where the items link to their stories, a member with neither a link nor a text is the
/// page's title or a label set in the same block (a newsletter's masthead), not a story.
fn group(
    sig: (String, String),
    ids: Vec<NodeId>,
    cands: Vec<Option<Cand>>,
    furniture: usize,
) -> Option<Group> {
    let n = cands.len().saturating_sub(furniture);
    let linked = cands
        .iter()
        .flatten()
        .filter(|c| c.item.url.is_some())
        .count();
    let story = |c: &Cand| linked < 2 || c.item.url.is_some() || !c.item.text.is_empty();
    let (members, items): (Vec<NodeId>, Vec<Cand>) = ids
        .into_iter()
        .zip(cands)
        .filter_map(|(id, c)| Some((id, c.filter(story)?)))
        .unzip();
    if items.len() < 2 || items.len() * 2 < n {
        return None;
    }
    let score = items.iter().map(|c| c.chars).sum();
    Some(Group {
        sig,
        members,
        items,
        score,
    })
}

/// `<article>` elements inside `nodes` (not counting the nodes themselves).
fn nested_articles(nodes: &[NodeRef<Node>]) -> usize {
    nodes
        .iter()
        .flat_map(|n| n.descendants().skip(1))
        .filter(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| e.name() == "article")
        })
        .count()
}

/// The `<article>`s inside `el`, with their context (`ctx` is `el`'s), in page order (an
/// article that holds others before them; [`own_parts`] reads it without them); `el` itself
/// when it holds none.
fn leaf_articles<'a>(el: ElementRef<'a>, ctx: Ctx<'a>) -> Vec<(ElementRef<'a>, Ctx<'a>)> {
    let found: Vec<(ElementRef, Ctx)> = el
        .descendent_elements()
        .skip(1)
        .filter(|d| d.value().name() == "article")
        .map(|d| {
            let below = d.ancestors().take_while(|a| a.id() != el.id()).count();
            let ctx = Ctx {
                in_article: ctx.in_article || el.value().name() == "article",
                depth: ctx.depth + below + 1,
                ..ctx
            };
            (d, ctx)
        })
        .collect();
    if found.is_empty() {
        vec![(el, ctx)]
    } else {
        found
    }
}

/// `el` as one item's nodes: itself, or, when it is an `<article>` that holds others, its
/// children that are and hold none.
fn own_parts(el: ElementRef) -> Vec<NodeRef<Node>> {
    if el.value().name() != "article" || nested_articles(&[*el]) == 0 {
        return vec![*el];
    }
    el.children()
        .filter(|c| {
            c.value().as_element().is_none_or(|e| e.name() != "article")
                && nested_articles(&[*c]) == 0
        })
        .collect()
}

/// Whether a member of one group is, holds or is held by a member of the other.
fn overlaps(root: ElementRef, a: &Group, b: &Group) -> bool {
    let tree = root.tree();
    let within = |inner: &Group, outer: &Group| {
        inner.members.iter().any(|&id| {
            tree.get(id)
                .into_iter()
                .flat_map(|n| std::iter::once(n).chain(n.ancestors()))
                .any(|n| outer.members.contains(&n.id()))
        })
    };
    within(a, b) || within(b, a)
}

/// Elements that can be one item of a listing (not inline text, not a list itself).
fn can_be_item(el: &ElementRef, bare: bool) -> bool {
    let name = el.value().name();
    match name {
        "a" => {
            bare || el
                .descendent_elements()
                .any(|d| heading_level(d.value().name()).is_some())
        }
        // A paragraph styled as a block of its own (`<p class="news-item">`, a CMS's list of
        // news) can be an item; bare paragraphs are a text's.
        "p" => el
            .value()
            .attr("class")
            .is_some_and(|c| !c.trim().is_empty()),
        _ => !matches!(
            name,
            "span"
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

/// Words of text after a block's opening link for the link to be a title and the rest its
/// teaser (`<li><a>Headline</a> <span>teaser</span></li>`).
const LEAD_TEASER_WORDS: usize = 5;

/// A member's blocks with, when none is a heading or a linked line, the opening link of the
/// first block that has one ([`Block::lead_link`]: at least [`LINK_TITLE_WORDS`] words,
/// followed by [`LEAD_TEASER_WORDS`]) made a block of its own, the title, before the rest,
/// its teaser.
fn lead_link_title(mut blocks: Vec<Block>) -> Vec<Block> {
    let titled = blocks
        .iter()
        .any(|b| b.heading.is_some() || (b.link.is_some() && b.words() >= LINK_TITLE_WORDS));
    if titled {
        return blocks;
    }
    let Some(i) = blocks.iter().position(|b| b.lead_link.is_some()) else {
        return blocks;
    };
    let (lead, target) = blocks[i].lead_link.clone().expect("checked");
    // After the label, if any: it is left out, as kickers are.
    let Some(at) = blocks[i].text.find(&lead) else {
        return blocks;
    };
    // (The headline's own full stop, when the link leaves it out, is no part of the teaser.)
    let rest =
        blocks[i].text[at + lead.len()..].trim_start_matches([' ', '-', '–', '—', ':', '|', '.']);
    // A date as the label is the item's: a block of its own, read as a date line.
    let date = date_label(&blocks[i].text[..at]).map(|d| Block {
        text: d.to_string(),
        link: None,
        lead_link: None,
        ..blocks[i].clone()
    });
    // (A dated headline needs no teaser: `<li>December 6, 2026 – <a>Headline</a></li>`.)
    let dated_headline = rest.is_empty() && date.is_some();
    if word_count(&lead) < LINK_TITLE_WORDS
        || (word_count(rest) < LEAD_TEASER_WORDS && !dated_headline)
    {
        return blocks;
    }
    let teaser = Block {
        text: rest.to_string(),
        link: None,
        lead_link: None,
        ..blocks[i].clone()
    };
    let title = &mut blocks[i];
    title.text = lead;
    title.link = Some(target);
    title.lead_link = None;
    if !dated_headline {
        blocks.insert(i + 1, teaser);
    }
    if let Some(date) = date {
        blocks.insert(i, date);
    }
    blocks
}

/// `text` without a separator (`— `, `| `, `· `...) that opens it.
fn without_leading_separator(text: &str) -> &str {
    let mut t = text;
    while let Some(rest) = t
        .strip_prefix(['—', '–', '-', '|', '·', ':', '•'])
        .filter(|r| r.starts_with(' '))
    {
        t = rest.trim_start();
    }
    t
}

/// `title` without the site's address a link aggregator writes after it (`Talks resume
/// (example.org)`, as forums and news aggregators list links): the source, not the headline.
fn without_domain(title: &str) -> &str {
    let site = title
        .strip_suffix(')')
        .and_then(|inner| inner.rfind(" (").map(|open| (open, &inner[open + 2..])));
    match site {
        Some((open, site)) if crate::digest::is_web_address(site) => title[..open].trim_end(),
        _ => title,
    }
}

/// An element's class names in the order written, each without a number at its end: some
/// sites number their items (`story1`, `story2`, `bullet-3`). None for `<article>`, which is
/// an item whatever its classes.
fn class_names<'a>(el: &ElementRef<'a>) -> Vec<&'a str> {
    let e = el.value();
    if e.name() == "article" {
        return Vec::new();
    }
    let mut names: Vec<&str> = Vec::new();
    // A schema.org type (`<tr itemscope itemtype="http://schema.org/Article">`, as a mail of
    // alerts marks its stories among other rows) sets a block apart as a class would.
    if e.attr("itemscope").is_some() {
        if let Some(kind) = e.attr("itemtype").map(str::trim).filter(|t| !t.is_empty()) {
            names.push(kind);
        }
    }
    for c in e.attr("class").unwrap_or("").split_whitespace() {
        let c = c.trim_end_matches(|c: char| c.is_ascii_digit());
        if !names.contains(&c) {
            names.push(c);
        }
    }
    names
}

/// Tag and first class name written.
fn signature(el: &ElementRef) -> (String, String) {
    let class = class_names(el).first().copied().unwrap_or("").to_string();
    (el.value().name().to_string(), class)
}

/// What repeated item blocks among `siblings` share: tag and, of each one's class names, the
/// one most of its siblings of that tag carry (the first written on a tie). A card marked
/// `class="featured post"` among `class="post"` ones is a `post`, whatever the order.
fn sibling_signatures(siblings: &[ElementRef]) -> Vec<(String, String)> {
    let names: Vec<Vec<&str>> = siblings.iter().map(class_names).collect();
    let mut count: HashMap<(&str, &str), usize> = HashMap::new();
    for (k, names) in siblings.iter().zip(&names) {
        for c in names {
            *count.entry((k.value().name(), c)).or_default() += 1;
        }
    }
    siblings
        .iter()
        .zip(&names)
        .map(|(k, names)| {
            let tag = k.value().name();
            let class = names
                .iter()
                .enumerate()
                .max_by_key(|&(i, c)| (count[&(tag, *c)], std::cmp::Reverse(i)))
                .map_or("", |(_, c)| c);
            (tag.to_string(), class.to_string())
        })
        .collect()
}

/// Whether a block alone among its siblings (signature `own`) is of a listing's shape `sig`:
/// the same signature, or the same tag with `sig`'s class among its own.
fn same_shape(own: &(String, String), el: &ElementRef, sig: &(String, String)) -> bool {
    own == sig || (own.0 == sig.0 && !sig.1.is_empty() && class_names(el).contains(&sig.1.as_str()))
}
