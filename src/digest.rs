//! Digest pages: page text in, items (title + text) out. (Interim splitter: blank-line blocks.)

/// One item found on a page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Item {
    pub position: usize,
    pub title: Option<String>,
    pub text: String,
    pub date: Option<String>,
    pub warnings: Vec<String>,
}

/// A split page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub header: Option<String>,
    pub items: Vec<Item>,
    pub warnings: Vec<String>,
}

/// Split a page into items at blank lines.
pub fn split_page(text: &str) -> Page {
    let mut page = Page::default();
    for block in text.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        page.items.push(Item {
            position: page.items.len() + 1,
            text: block.to_string(),
            ..Item::default()
        });
    }
    page
}
