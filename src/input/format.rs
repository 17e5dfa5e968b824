//! Which reader an input goes to: the format its extension implies ([`Format::from_path`]),
//! corrected by what its first bytes hold ([`crate::sniff`]), with a note when the choice may
//! surprise.

use super::InputOptions;
use crate::error::{Error, Result};
use crate::sniff::{looks_like_csv, looks_like_lines, one_line_items_header, sniff, Sniffed};
use std::path::Path;

/// How an input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Digest pages: split into items (title + teaser or body).
    Page,
    /// One text per line (a line `Title — teaser` gives both).
    Lines,
    /// CSV with a header (text columns as in training files).
    Csv,
    /// JSON Lines: one object per line with a text field named as CSV text columns are
    /// (`text`, `body`, `content`, `description`...), optional `title`/`headline`, `lang`,
    /// `url`/`link` and `date`/`published`.
    Jsonl,
    /// Saved web pages: the items of a listing, or one article.
    Html,
    /// RSS or Atom feeds: one item per entry.
    Feed,
    /// E-mails saved as files (`.eml`, or a folder of them as one `.mbox` file): the HTML part
    /// read as a web page, else the text part as a digest page.
    Mail,
}

impl Format {
    /// What the format reads the input as, for messages: "a digest page".
    pub fn described(self) -> &'static str {
        match self {
            Format::Page => "a digest page",
            Format::Lines => "one text per line",
            Format::Csv => "CSV",
            Format::Jsonl => "JSON Lines",
            Format::Html => "a web page",
            Format::Feed => "a feed",
            Format::Mail => "an e-mail",
        }
    }

    /// The format an extension implies.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") | Some("tsv") => Format::Csv,
            Some("jsonl") | Some("ndjson") => Format::Jsonl,
            Some("html") | Some("htm") | Some("xhtml") | Some("mhtml") | Some("mht") => {
                Format::Html
            }
            Some("xml") | Some("rss") | Some("atom") | Some("rdf") => Format::Feed,
            Some("eml") | Some("mbox") => Format::Mail,
            _ => Format::Page,
        }
    }
}

/// Whether `head` holds an HTML tag: `<` then a letter, `/` or `!`.
pub(crate) fn has_markup(head: &[u8]) -> bool {
    head.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!')))
}

/// What an input's first bytes decide.
pub(super) struct Choice {
    pub format: Format,
    /// One JSON document: read it whole and its records as JSON Lines.
    pub json_document: bool,
    /// Said with the input's first record.
    pub notice: Option<String>,
    /// Read one item per line: the header lines above the items (not items; a date among
    /// them is every item's).
    pub header_lines: usize,
}

/// The format of an input whose extension (or media type) suggests `guess` and whose first
/// bytes are `head`; a PDF or binary data is an error that says what it is.
pub(super) fn choose(
    path: &Path,
    head: &[u8],
    guess: Format,
    opts: &InputOptions,
) -> Result<Choice> {
    let sniffed = sniff(head);
    let text = sniffed == Sniffed::Text;
    let lines = text && looks_like_lines(head);
    let items = text.then(|| one_line_items_header(head)).flatten();
    let many_lines = head
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .nth(2)
        .is_some();
    let columns = opts.csv.text_columns.as_deref().unwrap_or_default();
    let table = text && looks_like_csv(head, columns);
    let mut choice = Choice {
        format: guess,
        json_document: false,
        notice: None,
        header_lines: 0,
    };
    choice.format = match (sniffed, guess) {
        (Sniffed::Pdf, _) => {
            return Err(Error::file(
                path,
                "a PDF document, not text: topictag does not read PDF; extract its \
                 text first (e.g. `pdftotext -layout FILE.pdf`) and tag the .txt",
            ))
        }
        (Sniffed::Binary(what), _) => {
            return Err(Error::file(
                path,
                format!(
                    "{what}, not text: topictag reads text pages, HTML pages, \
                     RSS/Atom feeds, saved e-mails (.eml, .mbox), CSV and JSON"
                ),
            ))
        }
        (Sniffed::Json { lines: true }, _) => Format::Jsonl,
        (Sniffed::Json { lines: false }, _) => {
            choice.json_document = true;
            Format::Jsonl
        }
        (Sniffed::Html, _) => Format::Html,
        (Sniffed::Feed | Sniffed::Xml, _) => Format::Feed,
        (Sniffed::Mail, _) => Format::Mail,
        // Named .html but without a tag in its head: a text page saved under that name (a
        // digest's text, copied from the browser).
        (Sniffed::Text, Format::Html) if !has_markup(head) => {
            choice.notice =
                Some("named as an HTML page but holds no markup: read as a text page".to_string());
            Format::Page
        }
        (Sniffed::Text, Format::Html | Format::Feed | Format::Mail) => guess,
        // A header with a text column: a table, as JSON Lines are told by content.
        (Sniffed::Text, _) if table => Format::Csv,
        (Sniffed::Text, _) if items.is_some() => {
            choice.header_lines = items.unwrap_or_default();
            // A headline or two piped in is what it looks like: no note.
            if choice.header_lines > 0 {
                choice.notice = Some(
                    "a header, then each line holds one item (`Title — teaser`): read one \
                     item per line under the header"
                        .to_string(),
                );
            } else if many_lines {
                choice.notice = Some(
                    "each line holds one item (`Title — teaser`): read one item per line"
                        .to_string(),
                );
            }
            Format::Lines
        }
        (Sniffed::Text, _) => {
            if lines {
                choice.notice = Some(
                    "every line looks like a text of its own, but the file is read as a digest \
                     page (title + teaser items): if each line is one item, use --input-format \
                     lines"
                        .to_string(),
                );
            }
            Format::Page
        }
    };
    Ok(choice)
}

/// The note for `--text-col` or `--id-col` given for an input read as `format`, which has no
/// columns: they apply to CSV and JSON only.
pub(super) fn columns_note(format: Format, opts: &InputOptions) -> Option<String> {
    if matches!(format, Format::Csv | Format::Jsonl) {
        return None;
    }
    let given = [
        ("--text-col", opts.csv.text_columns.is_some()),
        ("--id-col", opts.id_column.is_some()),
    ];
    let (flag, _) = given.into_iter().find(|(_, given)| *given)?;
    Some(format!(
        "{flag} applies to CSV and JSON, and this input was read as {}: if it is a table, give \
         --input-format csv",
        format.described()
    ))
}
