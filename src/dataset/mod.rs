//! Labelled data: a CSV file in, [`LabelledItem`]s out (text, optional language, labels).
//!
//! The header decides the columns: the text is `text` (or `body`, `content`, `teaser`,
//! `description`), preceded by `title` (or `headline`) when present; labels come from `topics`
//! (or `labels`, `topic`, `label`, `category`), several joined by `;` or `|`; the language from
//! an optional `lang` (or `language`) column. Every name can be overridden.
//!
//! An optional `known` column says which topics a row's labels speak to (partial labels): the
//! row is a positive for the topics it carries, a negative only for the other topics it knows,
//! and no example at all for the rest. Empty (or `*`) means every topic, as does a file
//! without the column. A label must be among its row's known topics.

mod fields;
mod reader;
mod rows;

pub(crate) use fields::FieldDecoder;
#[cfg(test)]
pub(crate) use fields::LATIN1_CSV_NOTE;
pub(crate) use reader::{
    excel_separator, header_delimiter, header_names, line_ends_to_lf, sniff_delimiter,
};
pub(crate) use rows::{CsvRows, Row};

use crate::error::{Error, Result};
use crate::lang::Lang;
use std::io::Read;
use std::path::Path;

/// Which columns to read, and how.
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    /// Text columns, joined in this order (default: title + text).
    pub text_columns: Option<Vec<String>>,
    /// Labels column.
    pub label_column: Option<String>,
    /// Language column.
    pub lang_column: Option<String>,
    /// Known-topics column (default: `known` if present).
    pub known_column: Option<String>,
    /// Group column (default: `group` if present): rows with the same value fall into the
    /// same cross-validation fold.
    pub group_column: Option<String>,
    /// Replace invalid UTF-8 with U+FFFD (counted as warnings) instead of failing.
    pub lossy: bool,
}

/// One labelled text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelledItem {
    /// Line of the record in its file (1-based; the header is line 1).
    pub line: u64,
    pub text: String,
    /// Language given by the file, if any.
    pub lang: Option<Lang>,
    /// Labels, trimmed, without duplicates, in file order.
    pub labels: Vec<String>,
    /// The topics these labels speak to: the item is a negative only for known topics it does
    /// not carry, and no example for the others. `None`: every topic (the usual case).
    pub known: Option<Vec<String>>,
    /// Rows with the same group (copies or versions of one text, e.g. a headline and its
    /// article) are held out together in cross-validation. `None`: a group of its own.
    pub group: Option<String>,
}

/// A labelled file, read whole.
#[derive(Debug, Default)]
pub struct Dataset {
    pub items: Vec<LabelledItem>,
    /// Things worth telling the user that did not stop the read.
    pub warnings: Vec<String>,
}

/// Text columns, in order of preference (English, then Spanish names); a title column
/// (below) is joined before the text.
pub(crate) const TEXT_NAMES: &[&str] = &[
    "text",
    "body",
    "content",
    "teaser",
    "description",
    "news",
    "summary",
    "lead",
    "abstract",
    "article",
    "snippet",
    "excerpt",
    "sentence",
    "texto",
    "cuerpo",
    "contenido",
    "noticia",
    "entradilla",
    "resumen",
    "descripción",
    "descripcion",
];
pub(crate) const TITLE_NAMES: &[&str] = &["title", "headline", "título", "titulo", "titular"];
const LABEL_NAMES: &[&str] = &[
    "topics",
    "labels",
    "topic",
    "label",
    "category",
    "categories",
    "tags",
    "class",
    "temas",
    "tema",
    "etiquetas",
    "categoría",
    "categoria",
];
pub(crate) const LANG_NAMES: &[&str] = &["lang", "language", "idioma", "lengua"];
/// Names of an input's date and web-address fields, passed through to the output (CSV headers
/// compare in any case; JSON keys as written).
pub(crate) const DATE_NAMES: &[&str] = &[
    "date",
    "published",
    "pubDate",
    "published_at",
    "publishedAt",
    "date_published",
    "seendate",
    "fecha",
];
pub(crate) const URL_NAMES: &[&str] = &["url", "link", "enlace"];
const KNOWN_NAMES: [&str; 1] = ["known"];
const GROUP_NAMES: [&str; 1] = ["group"];

/// Column positions resolved against a header.
#[derive(Clone, Debug, Default)]
pub struct ColumnMap {
    pub text: Vec<usize>,
    pub labels: Option<usize>,
    pub lang: Option<usize>,
    /// Known-topics column ([`LabelledItem::known`]).
    pub known: Option<usize>,
    /// Group column ([`LabelledItem::group`]).
    pub group: Option<usize>,
    /// The first column named as a date or a web address ([`DATE_NAMES`], [`URL_NAMES`]),
    /// passed through to the output when tagging.
    pub date: Option<usize>,
    pub url: Option<usize>,
}

/// A header name as written, without a byte-order mark and spaces, in lower case.
pub(crate) fn normalize_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_lowercase()
}

/// Words a feed reader's or a news API's export sets before a column's name (`Item title`,
/// `Article URL`): a column is known by the name after them.
const HEADER_PREFIXES: &[&str] = &["item ", "article ", "entry ", "post ", "story "];

/// A header name as names are compared: [`normalize_header`], then without a leading
/// [`HEADER_PREFIXES`] word and a trailing note in brackets (`Published (UTC)`), so that
/// `Item title` is a title column and `Published (UTC)` a date column.
///
/// ```text
/// header_key(" Item Title ") == "title"; header_key("Published (UTC)") == "published"
/// ```
pub(crate) fn header_key(h: &str) -> String {
    let name = normalize_header(h);
    let mut key = name.as_str();
    if let Some(open) = key.rfind(" (").filter(|_| key.ends_with(')')) {
        key = key[..open].trim_end();
    }
    for prefix in HEADER_PREFIXES {
        if let Some(rest) = key.strip_prefix(prefix).filter(|r| !r.trim().is_empty()) {
            key = rest.trim_start();
            break;
        }
    }
    key.to_string()
}

/// Resolve the columns of `header`; `need_labels` makes a missing labels column an error.
pub fn resolve_columns(
    path: &Path,
    header: &[String],
    opts: &CsvOptions,
    need_labels: bool,
) -> Result<ColumnMap> {
    let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let found = || {
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let find = |n: &str| keys.iter().position(|h| *h == header_key(n));
    let text = match &opts.text_columns {
        Some(cols) => cols
            .iter()
            .map(|c| {
                find(c).ok_or_else(|| {
                    Error::file(
                        path,
                        format!("no text column '{c}' (columns found: {})", found()),
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?,
        None => {
            let title = TITLE_NAMES.iter().find_map(|n| find(n));
            let body = TEXT_NAMES.iter().find_map(|n| find(n));
            let cols: Vec<usize> = title.into_iter().chain(body).collect();
            if cols.is_empty() {
                return Err(Error::file(
                    path,
                    format!(
                        "no text column: expected one of {} or {} (columns found: {}); \
                         name yours with --text-col NAME",
                        TEXT_NAMES.join(", "),
                        TITLE_NAMES.join(", "),
                        found()
                    ),
                ));
            }
            cols
        }
    };
    let labels = match &opts.label_column {
        Some(c) => Some(find(c).ok_or_else(|| {
            Error::file(
                path,
                format!("no labels column '{c}' (columns found: {})", found()),
            )
        })?),
        None => LABEL_NAMES.iter().find_map(|n| find(n)),
    };
    if need_labels && labels.is_none() {
        return Err(Error::file(
            path,
            format!(
                "no labels column: expected one of {} (columns found: {}); name yours with \
                 --label-col NAME",
                LABEL_NAMES.join(", "),
                found()
            ),
        ));
    }
    let lang = match &opts.lang_column {
        Some(c) => Some(find(c).ok_or_else(|| {
            Error::file(
                path,
                format!("no language column '{c}' (columns found: {})", found()),
            )
        })?),
        None => LANG_NAMES.iter().find_map(|n| find(n)),
    };
    let known = match &opts.known_column {
        Some(c) => Some(find(c).ok_or_else(|| {
            Error::file(
                path,
                format!("no known-topics column '{c}' (columns found: {})", found()),
            )
        })?),
        None => KNOWN_NAMES.iter().find_map(|n| find(n)),
    };
    let group = match &opts.group_column {
        Some(c) => Some(find(c).ok_or_else(|| {
            Error::file(
                path,
                format!("no group column '{c}' (columns found: {})", found()),
            )
        })?),
        None => GROUP_NAMES.iter().find_map(|n| find(n)),
    };
    // A second column of the same name would be silently ignored (issue #18: a file with two
    // `topics` columns lost the second one's labels).
    for i in text
        .iter()
        .chain(&labels)
        .chain(&lang)
        .chain(&known)
        .chain(&group)
    {
        let n = names.iter().filter(|h| **h == names[*i]).count();
        if n > 1 {
            return Err(Error::file(
                path,
                format!(
                    "column '{}' appears {n} times in the header; only one can be read (rename or merge the others)",
                    names[*i]
                ),
            ));
        }
    }
    let named = |list: &[&str]| {
        keys.iter()
            .position(|h| list.iter().any(|n| *h == header_key(n)))
    };
    Ok(ColumnMap {
        text,
        labels,
        lang,
        known,
        group,
        date: named(DATE_NAMES),
        url: named(URL_NAMES),
    })
}

/// Split a labels field on `;` or `|`, trimming and dropping empties and duplicates.
pub fn split_labels(field: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in field.split([';', '|']) {
        let l = l.trim();
        if !l.is_empty() && !out.iter().any(|x| x == l) {
            out.push(l.to_string());
        }
    }
    out
}

/// Split a known-topics field like a labels field; empty, or `*` among the names, means every
/// topic (`None`).
pub fn split_known(field: &str) -> Option<Vec<String>> {
    let known = split_labels(field);
    if known.is_empty() || known.iter().any(|k| k == "*") {
        None
    } else {
        Some(known)
    }
}

/// Join the non-empty text fields of a record with a newline.
pub(crate) fn join_text(parts: &[String]) -> String {
    let kept: Vec<&str> = parts
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    kept.join("\n")
}

/// Read a labelled CSV file.
pub fn read_labelled(path: &Path, opts: &CsvOptions) -> Result<Dataset> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_labelled_from(path, file, opts)
}

/// Read labelled CSV from any reader; `path` names it in messages, and a `.tsv` path is read
/// with tabs between fields.
pub fn read_labelled_from(path: &Path, reader: impl Read, opts: &CsvOptions) -> Result<Dataset> {
    let (delimiter, reader) =
        sniff_delimiter(path, line_ends_to_lf(reader)).map_err(|e| Error::io(path, e))?;
    let mut rows = CsvRows::new(path, reader, delimiter);
    let mut fields = FieldDecoder::new(opts.lossy);
    let header = rows.header_names(&mut fields)?;
    if header.iter().all(|h| normalize_header(h).is_empty()) {
        return Err(Error::file(path, "empty file: expected a header line"));
    }
    if header[0].trim_start().starts_with(['{', '[']) {
        return Err(Error::file(
            path,
            "JSON, not CSV: labelled data is read from CSV or TSV (a header line such as \
             `text,topics`, then a row per item); convert it first, e.g. `jq -r '[.text, \
             (.topics | join(\";\"))] | @csv'`",
        ));
    }
    let cols = resolve_columns(path, &header, opts, true)?;
    let label_col = cols.labels.expect("checked by resolve_columns");
    let mut ds = Dataset::default();
    let mut empty_texts = 0usize;
    for row in rows {
        let Row { record, line, note } = row?;
        if record.len() != header.len() {
            return Err(Error::input(
                path,
                line,
                format!(
                    "record has {} fields but the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
        }
        if let Some(note) = note {
            ds.warnings
                .push(format!("{}:{line}: {note}", path.display()));
        }
        let mut field =
            |i: usize| fields.field(path, line, &header[i], record.get(i).unwrap_or_default());
        let parts = cols
            .text
            .iter()
            .map(|&i| field(i))
            .collect::<Result<Vec<_>>>()?;
        let mut text = join_text(&parts);
        if text.len() > crate::input::MAX_ITEM_BYTES {
            // As `tag` reads it: a model learns from the text it will be shown.
            ds.warnings.push(format!(
                "{}:{line}: {} bytes of text: cut to the first {} (the per-item limit)",
                path.display(),
                text.len(),
                crate::input::MAX_ITEM_BYTES
            ));
            crate::input::truncate_at_char(&mut text, crate::input::MAX_ITEM_BYTES);
        }
        let labels = split_labels(&field(label_col)?);
        let known = match cols.known {
            Some(i) => split_known(&field(i)?),
            None => None,
        };
        let group = match cols.group {
            Some(i) => Some(field(i)?.trim().to_string()).filter(|g| !g.is_empty()),
            None => None,
        };
        if let Some(k) = &known {
            if let Some(l) = labels.iter().find(|l| !k.contains(l)) {
                return Err(Error::input(
                    path,
                    line,
                    format!(
                        "label '{l}' is not among the row's known topics ({}): a row knows every topic it carries",
                        k.join(", ")
                    ),
                ));
            }
        }
        let lang = match cols.lang {
            Some(i) => {
                let code = field(i)?;
                let code = code.trim();
                if code.is_empty() {
                    None
                } else {
                    match Lang::from_code(code) {
                        Some(l) => Some(l),
                        None => {
                            ds.warnings.push(format!(
                                "{}:{line}: language '{code}' has no pipeline; the language will be detected",
                                path.display()
                            ));
                            None
                        }
                    }
                }
            }
            None => None,
        };
        if let Some(note) = fields.take_note() {
            ds.warnings
                .push(format!("{}:{line}: {note}", path.display()));
        }
        if text.trim().is_empty() {
            empty_texts += 1;
            ds.warnings.push(format!(
                "{}:{line}: empty text, record skipped",
                path.display()
            ));
            continue;
        }
        // A text without a letter is no evidence of a topic: tagging assigns it none, so it
        // teaches nothing and measures nothing.
        if !crate::text::has_letter(&text) {
            empty_texts += 1;
            let shown: String = text.chars().take(40).collect();
            ds.warnings.push(format!(
                "{}:{line}: no letter in the text ({shown:?}), record skipped",
                path.display()
            ));
            continue;
        }
        ds.items.push(LabelledItem {
            line,
            text,
            lang,
            labels,
            known,
            group,
        });
    }
    let lossy = fields.take_replaced();
    if lossy > 0 {
        ds.warnings.push(format!(
            "{}: {} held invalid UTF-8, decoded lossily",
            path.display(),
            crate::plural::counted(lossy, "field")
        ));
    }
    ds.warnings.extend(joined_labels(path, &mut ds.items));
    ds.warnings.extend(case_variant_labels(path, &mut ds.items));
    ds.warnings.extend(repeated_texts_note(path, &ds.items));
    if ds.items.is_empty() {
        let why = if empty_texts > 0 {
            "every record has an empty text or one without a letter"
        } else {
            "no records after the header"
        };
        return Err(Error::file(path, why));
    }
    Ok(ds)
}

/// For every item, a group name shared by the items without a group of their own whose texts
/// are the same but for case and spacing (copies, not near-duplicates), `None` for the rest.
/// The names cannot clash with a file's group names (they start with a NUL character).
pub fn repeated_texts(items: &[LabelledItem]) -> Vec<Option<String>> {
    let key = |it: &LabelledItem| {
        it.text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut count: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let keys: Vec<Option<String>> = items
        .iter()
        .map(|it| it.group.is_none().then(|| key(it)))
        .collect();
    for k in keys.iter().flatten() {
        *count.entry(k.clone()).or_default() += 1;
    }
    keys.into_iter()
        .map(|k| k.filter(|k| count[k] > 1).map(|k| format!("\0{k}")))
        .collect()
}

/// A warning when rows repeat another row's text ([`repeated_texts`]), naming the first
/// copy's line.
fn repeated_texts_note(path: &Path, items: &[LabelledItem]) -> Option<String> {
    let copies = repeated_texts(items);
    let mut seen = std::collections::HashSet::new();
    let mut first_line = None;
    let mut repeats = 0usize;
    for (it, c) in items.iter().zip(&copies) {
        if let Some(c) = c {
            if !seen.insert(c) {
                repeats += 1;
                first_line.get_or_insert(it.line);
            }
        }
    }
    first_line.map(|line| {
        format!(
            "{}:{line}: {repeats} row(s) repeat an earlier row's text (this is the first); \
             copies stay in one cross-validation fold so they cannot inflate its scores",
            path.display()
        )
    })
}

/// What may join several labels into one by mistake (labels are separated by `;` or `|`).
const LABEL_JOINERS: &[char] = &[',', '/', '+', '&'];

/// Labels that are several of the file's labels joined by a comma, slash, plus, ampersand or
/// blank (`energy, trade`, `food/health`, `sport health` in a file that also has each part
/// alone) are read as those labels, with one warning per such label at its first line. A
/// label whose parts are not all labels alone (`Law, crime and family`) is one label.
fn joined_labels(path: &Path, items: &mut [LabelledItem]) -> Vec<String> {
    let alone: std::collections::HashSet<String> = items
        .iter()
        .flat_map(|i| i.labels.iter())
        .filter(|l| !l.contains(LABEL_JOINERS) && !l.contains(char::is_whitespace))
        .cloned()
        .collect();
    let parts_of = |label: &str| -> Option<Vec<String>> {
        let by_joiner = LABEL_JOINERS
            .iter()
            .find(|j| label.contains(**j))
            .map(|j| label.split(*j).map(str::trim).collect::<Vec<_>>());
        let parts = by_joiner.unwrap_or_else(|| label.split_whitespace().collect());
        (parts.len() > 1 && parts.iter().all(|p| alone.contains(*p)))
            .then(|| parts.into_iter().map(str::to_string).collect())
    };
    let mut said: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for item in items.iter_mut() {
        if item.labels.iter().all(|l| alone.contains(l)) {
            continue;
        }
        let mut labels: Vec<String> = Vec::with_capacity(item.labels.len() + 1);
        for l in std::mem::take(&mut item.labels) {
            match parts_of(&l) {
                Some(parts) => {
                    if !said.contains(&l) {
                        out.push(format!(
                            "{}:{}: label '{l}' is read as the labels {}, which the file also has \
                             alone; separate labels with ';' or '|'",
                            path.display(),
                            item.line,
                            parts.join(" and ")
                        ));
                        said.push(l);
                    }
                    labels.extend(parts);
                }
                None => labels.push(l),
            }
        }
        once_each(&mut labels);
        item.labels = labels;
    }
    out
}

/// `labels` with each label once, where it first stands.
fn once_each(labels: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    labels.retain(|l| seen.insert(l.clone()));
}

/// Labels that differ only in case (`Food` and `food`) are one topic, named as most rows
/// write it (the first seen on a tie), with one warning per merged spelling.
fn case_variant_labels(path: &Path, items: &mut [LabelledItem]) -> Vec<String> {
    // Each label's rows, in order of first appearance (which breaks ties).
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in items.iter().flat_map(|i| i.labels.iter()) {
        let i = *at.entry(l.as_str()).or_insert_with(|| {
            counts.push((l.clone(), 0));
            counts.len() - 1
        });
        counts[i].1 += 1;
    }
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    for (name, n) in &counts {
        let lower = name.to_lowercase();
        let best = counts
            .iter()
            .filter(|(other, _)| other.to_lowercase() == lower)
            .fold(None::<&(String, usize)>, |best, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            })
            .expect("the label itself matches");
        if best.0 != *name {
            out.push(format!(
                "{}: labels '{name}' and '{}' differ only in case (on {n} and {} rows): read as \
                 '{}'",
                path.display(),
                best.0,
                best.1,
                best.0
            ));
            renamed.push((name.clone(), best.0.clone()));
        }
    }
    if !renamed.is_empty() {
        for item in items.iter_mut() {
            for l in item.labels.iter_mut() {
                if let Some((_, to)) = renamed.iter().find(|(from, _)| from == l) {
                    *l = to.clone();
                }
            }
            once_each(&mut item.labels);
        }
    }
    out
}

impl Dataset {
    /// Every label some item carries, sorted, once each.
    pub fn labels(&self) -> Vec<&str> {
        let mut labels: Vec<&str> = self
            .items
            .iter()
            .flat_map(|it| it.labels.iter().map(String::as_str))
            .collect();
        labels.sort_unstable();
        labels.dedup();
        labels
    }

    /// Check that every known topic is a topic: a label of some item, or one of `topics` (a
    /// model's, when evaluating). A name that is neither is most likely a typo, and would
    /// otherwise silently make the row no example for the topic meant.
    pub fn check_known(&self, path: &Path, topics: &[String]) -> Result<()> {
        let mut labels = self.labels();
        labels.extend(topics.iter().map(String::as_str));
        labels.sort_unstable();
        labels.dedup();
        for it in &self.items {
            for k in it.known.iter().flatten() {
                if labels.binary_search(&k.as_str()).is_err() {
                    let what = if topics.is_empty() {
                        "no row carries it as a label"
                    } else {
                        "it is neither a label of a row nor a topic of the model"
                    };
                    return Err(Error::input(
                        path,
                        it.line,
                        format!(
                            "known topic '{k}' is not a topic: {what} (topics: {})",
                            labels.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// True when some item knows only some topics.
    pub fn has_partial_rows(&self) -> bool {
        self.items.iter().any(|it| it.known.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::reader::{excel_separator, header_delimiter, LineEndsToLf};
    use super::*;

    fn read(csv: &[u8]) -> Result<Dataset> {
        read_labelled_from(Path::new("t.csv"), csv, &CsvOptions::default())
    }

    #[test]
    fn reads_title_text_labels_and_lang() {
        let ds = read("\u{feff}Title,Text,lang,topics\r\nGas deal,\"Two states, one pipe\",en,energy; trade |energy\r\n".as_bytes()).unwrap();
        assert_eq!(
            ds.items,
            [LabelledItem {
                line: 2,
                text: "Gas deal\nTwo states, one pipe".into(),
                lang: Some(Lang::English),
                labels: vec!["energy".into(), "trade".into()],
                known: None,
                group: None,
            }]
        );
    }

    /// Spanish column names are found as English ones are: title, text, labels, language.
    #[test]
    fn spanish_column_names_are_found() {
        let data = "Titular;Texto;Temas;Idioma\nSube el gas;El precio del gas sube;energy;es\n";
        let ds = read_labelled_from(Path::new("es.csv"), data.as_bytes(), &CsvOptions::default())
            .unwrap();
        assert_eq!(ds.items.len(), 1);
        assert_eq!(ds.items[0].text, "Sube el gas\nEl precio del gas sube");
        assert_eq!(ds.items[0].labels, ["energy"]);
        assert_eq!(ds.items[0].lang, Some(crate::lang::Lang::Spanish));
    }

    /// `train --data x.tsv` read the file with commas: its whole header became one column
    /// ("no text column"). A `.tsv` is now split on tabs, as `tag` already split it; commas
    /// inside its fields stay text.
    #[test]
    fn labelled_tsv_is_split_on_tabs() {
        let data: &[u8] = b"text\tcategory\nGas, oil and a pipeline\tenergy\n";
        for name in ["t.tsv", "T.TSV"] {
            let ds = read_labelled_from(Path::new(name), data, &CsvOptions::default()).unwrap();
            assert_eq!(ds.items.len(), 1, "{name}");
            assert_eq!(ds.items[0].text, "Gas, oil and a pipeline");
            assert_eq!(ds.items[0].labels, ["energy"]);
        }
        // The same bytes named .csv: the header has tabs and no comma, so tabs it is.
        assert_eq!(read(data).unwrap().items[0].text, "Gas, oil and a pipeline");
    }

    /// Spreadsheets in many locales save "CSV" with semicolons: the header line decides the
    /// delimiter (the most frequent of comma, semicolon and tab outside quotes; a comma on a
    /// tie), and the rows keep delimiters inside quotes as text.
    #[test]
    fn the_header_line_decides_the_delimiter() {
        let e = read(
            b"\"title\";\"text\";\"topics\"\nGas deal;\"Oil; gas, and a pipe\";energy;trade\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("t.csv:2"),
            "a row with a fourth field fails with its line: {e}"
        );
        let ds = read(b"title;text;topics\nGas deal;\"Oil; gas, and a pipe\";energy\n").unwrap();
        assert_eq!(ds.items[0].text, "Gas deal\nOil; gas, and a pipe");
        assert_eq!(ds.items[0].labels, ["energy"]);
        for (header, want) in [
            (&b"title,text;note,topics\n"[..], b','),
            (b"a;b,c;d\n", b';'),
            (b"\"a,b\";c;d\n", b';'),
            (b"text\n", b','),
            (b"a\tb;c\td\n", b'\t'),
            (b"a,b;c\n", b','),
        ] {
            assert_eq!(
                header_delimiter(header),
                want,
                "{:?}",
                String::from_utf8_lossy(header)
            );
        }
    }

    /// Excel writes a `sep=;` line before the header when asked to name the delimiter: it
    /// decides the delimiter, is not the header, and line numbers stay the file's.
    #[test]
    fn an_excel_sep_line_names_the_delimiter() {
        let ds = read(
            b"\xef\xbb\xbfsep=;\r\ntitle;text;topics\r\nGas deal;Oil, gas and a pipe;energy\r\n",
        )
        .unwrap();
        assert_eq!(ds.items[0].text, "Gas deal\nOil, gas and a pipe");
        let e = read(b"sep=|\ntext|topics\na|energy\nb\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t.csv:4: record has 1 fields but the header has 2");
        assert_eq!(excel_separator(b"sep=,\r"), Some(b','));
        assert_eq!(excel_separator(b"sep=ab"), None);
        assert_eq!(excel_separator(b"separator,text"), None);
    }

    #[test]
    fn json_given_as_labelled_data_is_named_as_such() {
        for data in [
            &b"{\"text\": \"Gas deal\", \"topics\": [\"energy\"]}\n"[..],
            b"[{\"text\": \"a\"}]\n",
        ] {
            let e = read(data).unwrap_err().to_string();
            assert!(
                e.starts_with("t.csv: JSON, not CSV: labelled data is read from CSV or TSV"),
                "{e}"
            );
        }
    }

    #[test]
    fn errors_name_file_line_and_columns() {
        let e = read(b"title,body\nx,y\n").unwrap_err().to_string();
        assert!(
            e.starts_with("t.csv: no labels column: expected one of topics, labels, "),
            "{e}"
        );
        assert!(
            e.ends_with("(columns found: title, body); name yours with --label-col NAME"),
            "{e}"
        );
        let e = read(b"text,topics\na,b\nc\n").unwrap_err().to_string();
        assert_eq!(e, "t.csv:3: record has 1 fields but the header has 2");
        let e = read(b"text,topics\r\na,b\r\nc\r\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t.csv:3: record has 1 fields but the header has 2");
        let e = read(b"text,topics\n\"ok\",x\n\"bad \xff\",y\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t.csv:3: field 'text': invalid UTF-8 at byte 4 of the field (not Windows-1252 text either; use --lossy to replace it)");
        let e = read(b"text,topics\n").unwrap_err().to_string();
        assert_eq!(e, "t.csv: no records after the header");
        let e = read(b"").unwrap_err().to_string();
        assert_eq!(e, "t.csv: empty file: expected a header line");
    }

    /// A labelled file saved by Excel in Windows-1252 trains as the same file in UTF-8 would.
    #[test]
    fn a_windows_1252_training_file_is_read_with_a_note() {
        let ds =
            read(b"texto;temas\r\nGas a Espa\xf1a;energy\r\n\x93Paz\x94;diplomacy\r\n").unwrap();
        let texts: Vec<&str> = ds.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["Gas a España", "“Paz”"]);
        assert_eq!(ds.warnings, [format!("t.csv:2: {LATIN1_CSV_NOTE}")]);
    }

    #[test]
    fn lossy_and_empty_texts_become_warnings() {
        let opts = CsvOptions {
            lossy: true,
            ..CsvOptions::default()
        };
        let ds = read_labelled_from(
            Path::new("t.csv"),
            &b"text,topics\n\"bad \xff\",y\n\"  \",z\n2024,z\n\"--- ...\",y\n"[..],
            &opts,
        )
        .unwrap();
        assert_eq!(ds.items.len(), 1);
        assert_eq!(ds.items[0].text, "bad \u{fffd}");
        // Rows with no letter are no evidence of a topic: skipped as empty ones are.
        assert_eq!(ds.warnings.len(), 4, "{:?}", ds.warnings);
        assert!(
            ds.warnings[1].contains("t.csv:4: no letter in the text (\"2024\")"),
            "{:?}",
            ds.warnings
        );
    }

    /// Fuzzing finding (csv_reader): in a file with lone CR line ends (old Mac exports), every
    /// record was reported on line 1.
    #[test]
    fn lone_cr_line_ends_keep_line_numbers() {
        let e = read(b"text,topics\rok,a\r\"bad \xff\",b\r")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t.csv:3: field 'text': invalid UTF-8 at byte 4 of the field (not Windows-1252 text either; use --lossy to replace it)");
        let ds = read(
            b"\xef\xbb\xbftitle,text,lang,topics\r\0Gas \x8fdeal,\"Two\rpipes\",en,energy\r\n",
        )
        .unwrap_err();
        assert!(ds.to_string().starts_with("t.csv:2: field 'title'"), "{ds}");
        let ds = read(b"text,topics\rab,x\r\"c\rd\",y\re,z").unwrap();
        let lines: Vec<u64> = ds.items.iter().map(|i| i.line).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert_eq!(ds.items[1].text, "c\nd");
    }

    #[test]
    fn line_end_reader_converts_across_buffer_ends() {
        for cap in [1, 2, 3, 64] {
            let data = b"a\rb\r\nc\r\r\n\rd\r";
            let mut r = LineEndsToLf {
                inner: std::io::BufReader::with_capacity(cap, &data[..]),
                held_cr: false,
            };
            let mut out = Vec::new();
            r.read_to_end(&mut out).unwrap();
            assert_eq!(out, b"a\nb\nc\n\n\nd\n", "buffer of {cap}");
        }
    }

    /// Issue #18 (11): a file whose header ends in LF and records in CRLF named line 2 for a
    /// bad record on line 3 (the correction for CRLF files was decided by the first line end).
    #[test]
    fn mixed_line_ends_keep_line_numbers() {
        for data in [
            &b"text,topics\nA,gas\r\n\"bad \xff\",b\r\n"[..],
            &b"text,topics\r\nA,gas\n\"bad \xff\",b\n"[..],
            &b"text,topics\rA,gas\r\n\"bad \xff\",b\n"[..],
        ] {
            let e = read(data).unwrap_err().to_string();
            assert!(e.starts_with("t.csv:3: field 'text'"), "{e}");
        }
    }

    #[test]
    fn known_column_lists_the_topics_a_row_speaks_to() {
        let ds = read(b"text,topics,known\na,energy,energy| trade\nb,,*\nc,trade,\nd,,energy\n")
            .unwrap();
        let known: Vec<Option<Vec<String>>> = ds.items.iter().map(|i| i.known.clone()).collect();
        assert_eq!(
            known,
            [
                Some(vec!["energy".into(), "trade".into()]),
                None,
                None,
                Some(vec!["energy".into()]),
            ]
        );
        ds.check_known(Path::new("t.csv"), &[]).unwrap();
        // No column: every row knows every topic. Another name with --known-col.
        assert!(read(b"text,topics\na,x\n").unwrap().items[0]
            .known
            .is_none());
        let opts = CsvOptions {
            known_column: Some("Coded".into()),
            ..CsvOptions::default()
        };
        let ds = read_labelled_from(
            Path::new("t.csv"),
            &b"text,topics,coded\na,x,x;y\nb,y,\n"[..],
            &opts,
        )
        .unwrap();
        assert_eq!(ds.items[0].known, Some(vec!["x".into(), "y".into()]));
        let e = read_labelled_from(Path::new("t.csv"), &b"text,topics\na,x\n"[..], &opts)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "t.csv: no known-topics column 'Coded' (columns found: text, topics)"
        );
    }

    #[test]
    fn known_topics_that_are_no_topic_or_miss_a_label_fail_with_their_line() {
        let e = read(
            b"text,topics,known\na,energy,energy\nb,trade,trade;energy\n\"c\nd\",energy,trade\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(e, "t.csv:4: label 'energy' is not among the row's known topics (trade): a row knows every topic it carries");
        let ds = read(b"text,topics,known\na,energy,\nb,trade,trade;enrgy\n").unwrap();
        let e = ds
            .check_known(Path::new("t.csv"), &[])
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t.csv:3: known topic 'enrgy' is not a topic: no row carries it as a label (topics: energy, trade)");
        // Evaluating a model, the model's topics count too.
        let model = ["diplomacy".to_string(), "enrgy".to_string()];
        ds.check_known(Path::new("t.csv"), &model).unwrap();
        let e = ds
            .check_known(Path::new("t.csv"), &model[..1])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("nor a topic of the model (topics: diplomacy, energy, trade)"),
            "{e}"
        );
    }

    /// `energy, trade` where `energy` and `trade` are labels of their own is a list written
    /// with the wrong separator (a comma, slash, plus or blank) are read as those labels, said
    /// once with its line; a label with a comma that is no list (`Law, crime and family`) is
    /// one label.
    #[test]
    fn joined_labels_are_read_as_the_labels_they_join() {
        let ds = read(
            b"text,topics\nGas deal,\"energy, trade\"\nOil,energy\nTariffs,trade\n\
              Pipes,\"energy, trade\"\nCourts,\"Law, crime and family\"\nVisa,energy/trade;energy\n\
              Port,energy trade\nSea,energy + trade\n",
        )
        .unwrap();
        let labels: Vec<Vec<&str>> = ds
            .items
            .iter()
            .map(|i| i.labels.iter().map(String::as_str).collect())
            .collect();
        let both = vec!["energy", "trade"];
        assert_eq!(
            labels,
            [
                both.clone(),
                vec!["energy"],
                vec!["trade"],
                both.clone(),
                vec!["Law, crime and family"],
                both.clone(),
                both.clone(),
                both
            ]
        );
        let said = |label: &str, line: u64| {
            format!("t.csv:{line}: label '{label}' is read as the labels energy and trade, which the file also has alone; separate labels with ';' or '|'")
        };
        assert_eq!(
            ds.warnings,
            [
                said("energy, trade", 2),
                said("energy/trade", 7),
                said("energy trade", 8),
                said("energy + trade", 9)
            ]
        );
    }

    /// A text longer than an item may be is cut as `tag` cuts it, and said; copies of a text
    /// are said once, at the first copy.
    #[test]
    fn long_and_repeated_training_texts_are_said() {
        let long = "word ".repeat(crate::input::MAX_ITEM_BYTES / 5 + 10);
        let data = format!("text,topics\n{long},a\nGas deal,b\ngas  DEAL,b\nOther,a\ngas deal,b\n");
        let ds = read(data.as_bytes()).unwrap();
        assert_eq!(ds.items[0].text.len(), crate::input::MAX_ITEM_BYTES);
        assert_eq!(
            ds.warnings,
            [
                format!("t.csv:2: {} bytes of text: cut to the first 2097152 (the per-item limit)", long.trim().len()),
                "t.csv:4: 2 row(s) repeat an earlier row's text (this is the first); copies stay in one cross-validation fold so they cannot inflate its scores".to_string()
            ]
        );
        let copies = repeated_texts(&ds.items);
        assert_eq!(copies[0], None);
        assert!(copies[1].is_some() && copies[1] == copies[2] && copies[2] == copies[4]);
        assert_eq!(copies[3], None);
    }

    /// `Food` and `food` are one topic, named as most rows write it.
    #[test]
    fn labels_differing_in_case_are_one_topic() {
        let ds = read(b"text,topics\na,Food\nb,food\nc,food;FOOD\nd,sport\n").unwrap();
        let labels: Vec<Vec<&str>> = ds
            .items
            .iter()
            .map(|i| i.labels.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            labels,
            [vec!["food"], vec!["food"], vec!["food"], vec!["sport"]]
        );
        assert_eq!(
            ds.warnings,
            [
                "t.csv: labels 'Food' and 'food' differ only in case (on 1 and 2 rows): read as 'food'",
                "t.csv: labels 'FOOD' and 'food' differ only in case (on 1 and 2 rows): read as 'food'"
            ]
        );
    }

    #[test]
    fn quoted_newlines_keep_their_line() {
        let ds = read(b"text,topics\n\"one\ntwo\",a\nthree,b\n").unwrap();
        assert_eq!(ds.items[0].text, "one\ntwo");
        assert_eq!((ds.items[0].line, ds.items[1].line), (2, 4));
        assert_eq!(split_labels(" a | b;;a "), ["a", "b"]);
        assert!(split_labels("").is_empty());
    }

    #[test]
    fn a_stray_quote_neither_merges_training_rows_nor_passes_unsaid() {
        // Without the repair this is one item, `Oil up,energy\nTroops"` labelled security.
        let ds = read(b"text,topics\n\"Oil up,energy\n\"Troops\",security\n").unwrap();
        let got: Vec<_> = ds
            .items
            .iter()
            .map(|i| (i.line, i.labels.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (2, vec!["energy".to_string()]),
                (3, vec!["security".to_string()])
            ]
        );
        assert!(
            ds.warnings
                .iter()
                .any(|w| w.starts_with("t.csv:2: a field begins with a quote")),
            "{:?}",
            ds.warnings
        );
        // A row of another shape is still an error at its line.
        let err = read(b"text,topics\nOil,energy,extra\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("t.csv:2: record has 3 fields but the header has 2"),
            "{err}"
        );
    }
}
