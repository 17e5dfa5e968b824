//! Writers for tagged rows: CSV, JSON Lines or an aligned table, to stdout or a file.

use super::OutFormat;
use std::io::Write;
pub use topictag::output::Row;
use topictag::output::{push_csv_header, push_csv_record};

/// Writes rows in one format.
pub struct RowWriter<W: Write> {
    format: OutFormat,
    topics: Vec<String>,
    out: W,
    header_done: bool,
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
    /// A writer for rows scored on `topics` (empty: no score columns).
    pub fn new(out: W, format: OutFormat, topics: Vec<String>) -> RowWriter<W> {
        RowWriter {
            format,
            topics,
            out,
            header_done: false,
            buf: Vec::new(),
        }
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
                push_csv_header(&mut self.buf, &self.topics);
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
                push_csv_record(&mut self.buf, row);
                self.out.write_all(&self.buf)?;
            }
            OutFormat::Jsonl => {
                let w = &mut self.out;
                let scores: serde_json::Map<String, serde_json::Value> = self
                    .topics
                    .iter()
                    .zip(row.scores)
                    .map(|(t, p)| {
                        (
                            t.clone(),
                            serde_json::json!((*p as f64 * 1e4).round() / 1e4),
                        )
                    })
                    .collect();
                let mut obj = serde_json::json!({
                    "source": row.source,
                    "item": row.item,
                    "title": row.title,
                    "lang": row.lang,
                    "confidence": (row.confidence * 1e3).round() / 1e3,
                    "topics": row.topics,
                });
                if !self.topics.is_empty() {
                    obj["scores"] = serde_json::Value::Object(scores);
                }
                serde_json::to_writer(&mut *w, &obj)?;
                w.write_all(b"\n")?;
            }
            OutFormat::Table => {
                let w = &mut self.out;
                let topics = if row.topics.is_empty() {
                    "-".to_string()
                } else {
                    row.topics.join(", ")
                };
                let label = row.title.filter(|t| !t.is_empty()).unwrap_or(row.text);
                let source = std::path::Path::new(row.source)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| row.source.to_string());
                writeln!(
                    w,
                    "{:<28} {:>4}  {:<4} {:>5.2}  {:<32} {}",
                    shorten(&source, 28),
                    row.item,
                    row.lang,
                    row.confidence,
                    shorten(&topics, 32),
                    shorten(label, 70)
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
