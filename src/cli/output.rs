//! Writers for tagged rows: CSV, JSON Lines or an aligned table, to stdout or a file.

use super::OutFormat;
use std::io::Write;
pub use topictag::output::{Layout, Row};

/// Writes rows in one format.
pub struct RowWriter<W: Write> {
    format: OutFormat,
    layout: Layout,
    out: W,
    header_done: bool,
    /// Start CSV with a UTF-8 byte-order mark (for spreadsheets).
    bom: bool,
    /// The current CSV record.
    buf: Vec<u8>,
}

/// Flatten `s` to one line of at most `max` characters for the table. Control characters
/// (terminal escape codes in a title) are shown as `\u{1b}`, never sent to the terminal.
fn shorten(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat: String = flat
        .chars()
        .flat_map(|c| {
            let shown = if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            };
            shown.chars().collect::<Vec<_>>()
        })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

impl<W: Write> RowWriter<W> {
    /// A writer of rows with `layout`'s columns (CSV, JSON Lines; tables show a summary).
    pub fn new(out: W, format: OutFormat, layout: Layout) -> RowWriter<W> {
        RowWriter {
            format,
            layout,
            out,
            header_done: false,
            bom: false,
            buf: Vec::new(),
        }
    }

    /// A CSV writer that starts with a UTF-8 byte-order mark, before the header.
    pub fn with_bom(mut self, bom: bool) -> RowWriter<W> {
        self.bom = bom;
        self
    }

    /// A writer that never writes the header: for rows formatted apart (in parallel) and
    /// handed to a main writer with [`RowWriter::write_formatted`].
    pub fn without_header(mut self) -> RowWriter<W> {
        self.header_done = true;
        self
    }

    /// The header, once, before the first row (tables and CSV have one; JSON Lines not).
    fn ensure_header(&mut self) -> anyhow::Result<()> {
        if self.header_done {
            return Ok(());
        }
        self.header_done = true;
        match self.format {
            OutFormat::Csv => {
                self.buf.clear();
                if self.bom {
                    self.buf.extend_from_slice("\u{feff}".as_bytes());
                }
                self.layout.push_csv_header(&mut self.buf);
                self.out.write_all(&self.buf)?;
            }
            OutFormat::Table => writeln!(
                self.out,
                "{:<28} {:>4}  {:<4} {:>5}  {:<32} title / text",
                "source", "item", "lang", "conf", "topics"
            )?,
            OutFormat::Jsonl => {}
        }
        Ok(())
    }

    /// Append rows that a [`RowWriter::without_header`] of the same format and topics
    /// formatted (the bytes its `finish` returned), after the header if it is still due.
    pub fn write_formatted(&mut self, rows: &[u8]) -> anyhow::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.ensure_header()?;
        self.out.write_all(rows)?;
        Ok(())
    }

    /// Write one row.
    pub fn write(&mut self, row: &Row<'_>) -> anyhow::Result<()> {
        self.ensure_header()?;
        match self.format {
            OutFormat::Csv => {
                self.buf.clear();
                self.layout.push_csv_record(&mut self.buf, row);
                self.out.write_all(&self.buf)?;
            }
            OutFormat::Jsonl => {
                self.buf.clear();
                self.layout.push_jsonl_record(&mut self.buf, row);
                self.out.write_all(&self.buf)?;
            }
            OutFormat::Table => {
                let w = &mut self.out;
                let topics = if row.topics.is_empty() {
                    "-".to_string()
                } else {
                    row.topics.join(", ")
                };
                let label = match row.error {
                    Some(e) => format!("error: {e}"),
                    None => row
                        .title
                        .filter(|t| !t.is_empty())
                        .unwrap_or(row.text)
                        .to_string(),
                };
                let (lang, topics) = match row.error {
                    Some(_) => ("-", String::new()),
                    None => (row.lang, topics),
                };
                let source = std::path::Path::new(row.source)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| row.source.to_string());
                writeln!(
                    w,
                    "{:<28} {:>4}  {:<4} {:>5.2}  {:<32} {}",
                    shorten(&source, 28),
                    row.item,
                    lang,
                    row.confidence,
                    shorten(&topics, 32),
                    shorten(&label, 70)
                )?;
            }
        }
        Ok(())
    }

    /// Write the header if no row did (a run with no rows still gives a CSV with its
    /// columns), flush and hand back the underlying writer.
    pub fn finish(mut self) -> anyhow::Result<W> {
        self.ensure_header()?;
        self.out.flush()?;
        Ok(self.out)
    }
}
