//! Owns Markdown (GFM) tables on a digest page: a header row naming the columns
//! (`| Date | Source | Headline |`), a delimiter row (`|---|:---:|`), then one item per row,
//! each cell read by what its column's name says it holds: a date, the title, a teaser, a link,
//! or what is no text of the item (the source, a tag, a row number).

use super::classify::is_title_like;
use super::markup::{first_link, strip_markup, web_address, ListItem};

/// Fewest words in a cell of an unnamed column for it to join the teaser.
const MIN_TEASER_WORDS: usize = 5;

/// What a column holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Date,
    Title,
    Teaser,
    Link,
    /// No text of the item: its source, author, tags, section, language or number.
    Skip,
    /// A name not known: its cells join the teaser when they are long enough, and the longest
    /// is the title when no column is named as one.
    Other,
}

/// Column names, lower-cased and without accents, by what the column holds.
const NAMES: &[(Column, &[&str])] = &[
    (
        Column::Date,
        &[
            "date",
            "published",
            "publication date",
            "day",
            "when",
            "time",
            "fecha",
            "dia",
            "hora",
            "datum",
            "data",
        ],
    ),
    (
        Column::Title,
        &[
            "headline", "title", "story", "item", "news", "article", "subject", "titular",
            "titulo", "noticia", "asunto", "articulo", "titre", "titel",
        ],
    ),
    (
        Column::Teaser,
        &[
            "summary",
            "teaser",
            "description",
            "text",
            "abstract",
            "lead",
            "excerpt",
            "snippet",
            "body",
            "details",
            "resumen",
            "descripcion",
            "extracto",
            "entradilla",
            "texto",
            "sumario",
            "resume",
        ],
    ),
    (
        Column::Link,
        &[
            "link", "url", "href", "address", "enlace", "vinculo", "lien",
        ],
    ),
    (
        Column::Skip,
        &[
            "source",
            "outlet",
            "publisher",
            "media",
            "author",
            "by",
            "topic",
            "topics",
            "tag",
            "tags",
            "section",
            "category",
            "language",
            "lang",
            "id",
            "no",
            "#",
            "rank",
            "fuente",
            "medio",
            "autor",
            "tema",
            "temas",
            "etiquetas",
            "seccion",
            "categoria",
            "idioma",
            "source link",
        ],
    ),
];

/// A Markdown table being read: what each column holds.
#[derive(Debug)]
pub(super) struct Table {
    columns: Vec<Column>,
}

/// Whether `line` may be a table's header row: a row opening with a pipe (`| Date | … |`).
/// Only the delimiter row under it tells.
pub(super) fn may_open_table(line: &str) -> bool {
    line.trim_start().starts_with('|') && cells(line).len() >= 2
}

impl Table {
    /// The table whose header row is `header`, when `delimiter` is its delimiter row: a cell
    /// of dashes (`---`, `:--`, `:-:`) under each column.
    pub(super) fn open(header: &str, delimiter: &str) -> Option<Table> {
        let names = cells(header);
        let marks = cells(delimiter);
        let dashes = |c: &str| {
            let c = c.trim_start_matches(':').trim_end_matches(':');
            !c.is_empty() && c.chars().all(|c| c == '-')
        };
        if names.len() < 2 || marks.len() != names.len() || !marks.iter().all(|c| dashes(c)) {
            return None;
        }
        Some(Table {
            columns: names.iter().map(|n| column(n)).collect(),
        })
    }

    /// A row of the table read as an item (`Some(None)` for a row of empty cells), with the
    /// item's link; `None` when `line` is no row (a blank line or one without a pipe ends a
    /// table).
    pub(super) fn row(&self, line: &str) -> Option<Option<(ListItem, Option<String>)>> {
        if line.trim().is_empty() || !line.contains('|') {
            return None;
        }
        let cells = cells(line);
        let mut date = None;
        let mut title = None;
        let mut teaser = Vec::new();
        let mut others = Vec::new();
        let mut link = None;
        for (i, cell) in cells.iter().enumerate() {
            let text = strip_markup(cell).trim().to_string();
            let column = self.columns.get(i).copied().unwrap_or(Column::Other);
            if column != Column::Skip && link.is_none() {
                link = first_link(cell)
                    .or_else(|| {
                        (column == Column::Link)
                            .then(|| web_address(cell))
                            .flatten()
                    })
                    .map(str::to_string);
            }
            if text.is_empty() {
                continue;
            }
            match column {
                Column::Date if date.is_none() => date = Some(text),
                Column::Title if title.is_none() => title = Some(text),
                Column::Teaser => teaser.push(text),
                Column::Other => others.push(text),
                _ => {}
            }
        }
        // With no column named as the title, the longest unnamed cell is.
        if title.is_none() {
            let words = |s: &String| s.split_whitespace().count();
            if let Some(i) = (0..others.len()).rev().max_by_key(|&i| words(&others[i])) {
                title = Some(others.remove(i));
            }
        }
        teaser.extend(
            others
                .into_iter()
                .filter(|s| s.split_whitespace().count() >= MIN_TEASER_WORDS),
        );
        let mut teaser = teaser.join(" ");
        // A title cell may end in a full stop; one that still reads as a sentence opens the
        // teaser instead.
        if let Some(t) = title.as_mut() {
            if t.ends_with('.') && !t.ends_with("..") {
                t.pop();
            }
        }
        if let Some(t) = title.take_if(|t| !is_title_like(t)) {
            teaser = if teaser.is_empty() {
                t
            } else {
                format!("{t} {teaser}")
            };
        }
        if title.is_none() && teaser.is_empty() {
            return Some(None);
        }
        Some(Some((
            ListItem {
                date,
                title,
                teaser,
            },
            link,
        )))
    }
}

/// What a column named `name` holds.
fn column(name: &str) -> Column {
    let name: String = strip_markup(name)
        .trim()
        .trim_end_matches([':', '.'])
        .to_lowercase()
        .chars()
        .map(|c| crate::lang::unaccent(c).unwrap_or(c))
        .collect();
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map_or(Column::Other, |&(column, _)| column)
}

/// The cells of a table row, trimmed: split at every pipe not escaped as `\|`, without the
/// empty ends an opening and a closing pipe leave.
fn cells(line: &str) -> Vec<String> {
    let mut t = line.trim();
    t = t.strip_prefix('|').unwrap_or(t);
    if t.ends_with('|') && !t.ends_with("\\|") {
        t = &t[..t.len() - 1];
    }
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell).trim().to_string()),
            c => cell.push(c),
        }
    }
    out.push(cell.trim().to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_split_at_unescaped_pipes() {
        assert_eq!(cells("| a | b \\| c |  |"), ["a", "b | c", ""]);
        assert_eq!(cells("a | b"), ["a", "b"]);
    }

    #[test]
    fn columns_are_known_by_their_names_in_english_and_spanish() {
        let t = Table::open(
            "| **Fecha** | Fuente | Titular | Resumen | Enlace |",
            "|:--|---|---|:-:|--|",
        )
        .unwrap();
        use Column::*;
        assert_eq!(t.columns, [Date, Skip, Title, Teaser, Link]);
        assert!(Table::open("| a | b |", "| a | b |").is_none());
        assert!(Table::open("| a | b |", "|---|").is_none());
    }

    #[test]
    fn a_row_without_a_title_column_takes_its_longest_cell() {
        let t = Table::open("| # | Item | Region |", "|-|-|-|").unwrap();
        let (item, link) = t
            .row("| 3 | [Baku hosts a gas forum](https://example.org/g) | Caucasus |")
            .unwrap()
            .unwrap();
        assert_eq!(item.title.as_deref(), Some("Baku hosts a gas forum"));
        assert_eq!(item.teaser, "");
        assert_eq!(link.as_deref(), Some("https://example.org/g"));
        assert_eq!(t.row("|  |  |  |"), Some(None));
        assert_eq!(t.row("After the table."), None);
    }
}
