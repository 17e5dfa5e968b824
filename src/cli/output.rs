//! Writers for tagged rows: CSV, JSON Lines or an aligned table, to stdout or a file.

use super::OutFormat;
use std::fmt::Write as _;
use std::io::Write;
use topictag::tagger::push_probability;

/// One output row.
pub struct Row<'a> {
    pub source: &'a str,
    pub item: u64,
    pub title: Option<&'a str>,
    pub text: &'a str,
    pub lang: &'a str,
    pub confidence: f64,
    /// Assigned topics, strongest first.
    pub topics: &'a [&'a str],
    /// Probability of every topic, in the header's order (empty for `detect`).
    pub scores: &'a [f32],
}

/// Writes rows in one format.
pub struct RowWriter<W: Write> {
    format: OutFormat,
    topics: Vec<String>,
    csv: Option<csv::Writer<W>>,
    plain: Option<W>,
    header_done: bool,
    /// Text of the current field (CSV).
    buf: String,
}

fn shorten(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
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
        let (csv, plain) = match format {
            OutFormat::Csv => (Some(csv::Writer::from_writer(out)), None),
            _ => (None, Some(out)),
        };
        RowWriter {
            format,
            topics,
            csv,
            plain,
            header_done: false,
            buf: String::new(),
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
                let mut h = vec!["source", "item", "title", "lang", "confidence", "topics"];
                h.extend(self.topics.iter().map(String::as_str));
                self.csv.as_mut().expect("csv writer").write_record(&h)?;
            }
            OutFormat::Table => writeln!(
                self.plain.as_mut().expect("plain writer"),
                "{:<28} {:>4}  {:<4} {:>5}  {:<32} title / text",
                "source",
                "item",
                "lang",
                "conf",
                "topics"
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
        match self.csv.take() {
            Some(w) => {
                // csv::Writer has no way to write raw bytes: unwrap it (which flushes it),
                // write, and wrap the sink again. Once per chunk, at a record boundary.
                let mut out = w
                    .into_inner()
                    .map_err(|e| anyhow::anyhow!(e.into_error()))?;
                out.write_all(rows)?;
                self.csv = Some(csv::Writer::from_writer(out));
            }
            None => self.plain.as_mut().expect("plain writer").write_all(rows)?,
        }
        Ok(())
    }

    /// Write one row.
    pub fn write(&mut self, row: &Row<'_>) -> anyhow::Result<()> {
        self.ensure_header()?;
        match self.format {
            OutFormat::Csv => {
                let w = self.csv.as_mut().expect("csv writer");
                // Field by field through one reused buffer: no allocation per row.
                let buf = &mut self.buf;
                w.write_field(row.source)?;
                buf.clear();
                write!(buf, "{}", row.item)?;
                w.write_field(&*buf)?;
                w.write_field(row.title.unwrap_or(""))?;
                w.write_field(row.lang)?;
                buf.clear();
                write!(buf, "{:.3}", row.confidence)?;
                w.write_field(&*buf)?;
                buf.clear();
                for (k, t) in row.topics.iter().enumerate() {
                    if k > 0 {
                        buf.push(';');
                    }
                    buf.push_str(t);
                }
                w.write_field(&*buf)?;
                for &p in row.scores {
                    buf.clear();
                    push_probability(buf, p);
                    w.write_field(&*buf)?;
                }
                w.write_record(std::iter::empty::<&[u8]>())?;
            }
            OutFormat::Jsonl => {
                let w = self.plain.as_mut().expect("plain writer");
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
                let w = self.plain.as_mut().expect("plain writer");
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

    /// Flush and hand back the underlying writer.
    pub fn finish(self) -> anyhow::Result<W> {
        if let Some(w) = self.csv {
            return w.into_inner().map_err(|e| anyhow::anyhow!(e.into_error()));
        }
        let mut w = self.plain.expect("plain writer");
        w.flush()?;
        Ok(w)
    }
}
