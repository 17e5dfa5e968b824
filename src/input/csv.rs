//! CSV and TSV inputs: one record per row, with bounded fields; a stray quote is repaired
//! rather than left to merge rows or swallow the rest of the file ([`CsvRows`]).

use super::{Record, MAX_ITEM_BYTES};
use crate::dataset::{
    header_key, join_text, line_ends_to_lf, resolve_columns, ColumnMap, CsvOptions, CsvRows, Row,
};
use crate::error::{Error, Result};
use crate::lang::Lang;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// The index of the id column: `--id-col NAME` (an error when the header lacks it), else a
/// column named `id`, if any. Names compare as the text columns' do (trimmed, any case).
fn id_column(path: &Path, header: &[String], name: Option<&str>) -> Result<Option<usize>> {
    let find = |n: &str| header.iter().position(|h| header_key(h) == header_key(n));
    match name {
        Some(n) => find(n).map(Some).ok_or_else(|| {
            Error::file(
                path,
                format!(
                    "no id column '{n}' (--id-col; columns found: {})",
                    header.join(", ")
                ),
            )
        }),
        None => Ok(find("id")),
    }
}

/// The warning for a row of `width` fields under a header of another width.
fn ragged_row(line: u64, width: usize, header: &[String], cols: &ColumnMap) -> String {
    let n = header.len();
    let last = &header[n - 1];
    let what = if width < n {
        "the missing ones are read as empty".to_string()
    } else if cols.text.last() == Some(&(n - 1)) {
        format!(
            "an unquoted delimiter in the text? the fields after '{last}' are read as part of it"
        )
    } else {
        format!("an unquoted delimiter in a text? the fields after '{last}' are not read, and the columns after it may be shifted: quote texts that hold the delimiter")
    };
    format!("line {line} has {width} fields but the header has {n}: {what}")
}

pub(super) fn csv_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read + Send + 'static,
    opts: &CsvOptions,
    id: Option<&str>,
) -> Result<impl Iterator<Item = Result<Record>> + Send> {
    let (delimiter, reader) = crate::dataset::sniff_delimiter(path, line_ends_to_lf(reader))
        .map_err(|e| Error::io(path, e))?;
    let capped = CsvLineCap::new(reader, delimiter);
    let cut_lines = capped.cut.clone();
    let mut rows = CsvRows::new(path, capped, delimiter);
    let mut fields = crate::dataset::FieldDecoder::new(opts.lossy);
    let header = rows.header_names(&mut fields)?;
    // An empty file has no header and no rows: no rows out, as a file of only a header gives.
    let empty = header.is_empty();
    let cols = match empty {
        true => ColumnMap::default(),
        false => resolve_columns(path, &header, opts, false)?,
    };
    let id_col = match empty {
        true => None,
        false => id_column(path, &header, id)?,
    };
    let path = path.to_path_buf();
    let mut number = 0u64;
    Ok(std::iter::from_fn(move || {
        let row = rows.next()?;
        // A record that cannot be parsed still takes its number, as its error row shows.
        number += 1;
        let Row {
            record: rec,
            line,
            note,
        } = match row {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        let cut = cut_lines.taken_within(line, &rec);
        // A row of more fields than the header mostly means an unquoted delimiter in a text:
        // when the text is the last column, the fields after it are put back into it.
        let (width, last) = (rec.len(), header.len().saturating_sub(1));
        let ragged = (width != header.len() && !header.is_empty())
            .then(|| ragged_row(line, width, &header, &cols));
        let rejoin = width > header.len() && cols.text.last() == Some(&last);
        let mut field = |i: usize, j: usize| {
            fields.field(&path, line, &header[i], rec.get(j).unwrap_or_default())
        };
        // The id first: a row that cannot be read still names it on its error row.
        let id = id_col.map(|i| field(i, i)).transpose();
        let known_id = id.as_ref().ok().cloned().flatten();
        let result = (|| {
            let id = id?;
            let parts = cols
                .text
                .iter()
                .map(|&i| match rejoin && i == last {
                    false => field(i, i),
                    true => (i..width)
                        .map(|j| field(i, j))
                        .collect::<Result<Vec<_>>>()
                        .map(|p| p.join(&char::from(delimiter).to_string())),
                })
                .collect::<Result<Vec<_>>>()?;
            let (title, text) = if parts.len() >= 2 {
                (
                    Some(parts[0].trim().to_string()).filter(|t| !t.is_empty()),
                    join_text(&parts[1..]),
                )
            } else {
                (None, join_text(&parts))
            };
            let lang = match cols.lang {
                Some(i) => Lang::from_code(&field(i, i)?),
                None => None,
            };
            let mut passed = |col: Option<usize>| -> Result<Option<String>> {
                let value = col.map(|i| field(i, i)).transpose()?;
                Ok(value
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty()))
            };
            let (date, url) = (passed(cols.date)?, passed(cols.url)?);
            Ok((title, text, lang, id, date, url))
        })();
        // The Windows-1252 note waits for a row that is read.
        let result = result.map_err(|e: Error| e.with_id(known_id));
        let latin1 = result.as_ref().ok().and_then(|_| fields.take_note());
        let replaced = fields.take_replaced();
        Some(result.map(|(title, text, lang, id, date, url)| Record {
            source: source.clone(),
            number,
            line: Some(line),
            title,
            text,
            lang,
            id,
            date,
            url,
            lang_hint: None,
            warnings: note
                .into_iter()
                .chain(ragged)
                .chain(latin1.map(str::to_string))
                .chain((replaced > 0).then(|| {
                    format!("{} held invalid UTF-8", crate::plural::counted(replaced, "field"))
                }))
                .chain(cut.into_iter().map(|(l, len)| {
                    format!(
                        "line {l} is {len} bytes long: cut to the first {MAX_ITEM_BYTES} (the per-item limit)"
                    )
                }))
                .collect(),
        }))
    }))
}

/// Bounds the physical lines of a CSV stream to [`MAX_ITEM_BYTES`] as they are read, so that
/// the `csv` reader never buffers a huge field: past the bound, a line's bytes are dropped
/// except quotes and delimiters, which keep the record's structure (its fields, and where a
/// quoted field ends). The cut falls after a whole UTF-8 character.
struct CsvLineCap<R> {
    inner: R,
    delimiter: u8,
    /// Bytes of the current line so far, and its number.
    len: u64,
    line: u64,
    /// Continuation bytes the last character kept still needs.
    need: u8,
    /// The bound: [`MAX_ITEM_BYTES`] (smaller in tests).
    max: u64,
    cut: Arc<CutLines>,
}

/// Lines [`CsvLineCap`] cut: (line, full length), shared with the record iterator.
#[derive(Default)]
struct CutLines(std::sync::Mutex<Vec<(u64, u64)>>);

impl CutLines {
    /// Take the cut lines that fall within the record starting at `line`.
    fn taken_within(&self, line: u64, rec: &csv::ByteRecord) -> Vec<(u64, u64)> {
        let mut cut = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if cut.is_empty() {
            return Vec::new();
        }
        let breaks: u64 = rec
            .iter()
            .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
            .sum();
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut *cut)
            .into_iter()
            .partition(|(l, _)| (line..=line + breaks).contains(l));
        *cut = rest;
        mine
    }
}

impl<R> CsvLineCap<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        CsvLineCap {
            inner,
            delimiter,
            len: 0,
            line: 1,
            need: 0,
            max: MAX_ITEM_BYTES as u64,
            cut: Arc::default(),
        }
    }

    /// Record the end of a line: if it was cut, say so.
    fn end_line(&mut self) {
        if self.len > self.max {
            let mut cut = self.cut.0.lock().unwrap_or_else(|e| e.into_inner());
            cut.push((self.line, self.len));
        }
        self.line += 1;
        self.len = 0;
    }
}

impl<R: Read> Read for CsvLineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                self.end_line();
                return Ok(0);
            }
            let kept = self.cap(&mut buf[..n]);
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

impl<R> CsvLineCap<R> {
    /// Apply the bound to the `buf` just read, compacting the kept bytes to its front; how many.
    fn cap(&mut self, buf: &mut [u8]) -> usize {
        let mut kept = 0;
        let mut i = 0;
        while i < buf.len() {
            // The rest of this line in `buf`, its `\n` included.
            let end = memchr::memchr(b'\n', &buf[i..]).map_or(buf.len(), |p| i + p + 1);
            if self.len + (end - i) as u64 <= self.max {
                // All of it stays within the bound (the usual case): keep it whole.
                self.need = utf8_need(self.need, &buf[i..end]);
                buf.copy_within(i..end, kept);
                kept += end - i;
                self.len += (end - i) as u64;
                if buf[end - 1] == b'\n' {
                    self.end_line();
                }
            } else {
                for j in i..end {
                    if self.keep(buf[j]) {
                        buf[kept] = buf[j];
                        kept += 1;
                    }
                }
            }
            i = end;
        }
        kept
    }

    /// One byte of a line that reaches the bound: whether it is kept.
    fn keep(&mut self, b: u8) -> bool {
        self.len += 1;
        let keep = if b == b'\n' {
            self.end_line();
            true
        } else if self.len <= self.max {
            true
        } else {
            // Past the bound: the rest of a character begun within it, and structure.
            b == b'"' || b == self.delimiter || (b & 0xC0 == 0x80 && self.need > 0)
        };
        self.need = if keep {
            utf8_need_after(self.need, b)
        } else {
            0
        };
        keep
    }
}

/// Continuation bytes still due after byte `b`, when `need` were due before it.
fn utf8_need_after(need: u8, b: u8) -> u8 {
    match b {
        0xC0..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF7 => 3,
        0x80..=0xBF => need.saturating_sub(1),
        _ => 0,
    }
}

/// [`utf8_need_after`] over `bytes`. Only the last four bytes can matter: a lead byte among them
/// resets the count, and four continuation bytes in a row leave none due.
fn utf8_need(need: u8, bytes: &[u8]) -> u8 {
    let (start, tail) = match bytes.len().checked_sub(4) {
        Some(k) => (0, &bytes[k..]),
        None => (need, bytes),
    };
    tail.iter().fold(start, |need, &b| utf8_need_after(need, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::xorshift;

    /// The bound byte by byte, as [`CsvLineCap::keep`] applies it past the fast path.
    fn reference(input: &[u8], max: u64) -> (Vec<u8>, Vec<(u64, u64)>) {
        let mut cap = CsvLineCap::new(&b""[..], b',');
        cap.max = max;
        let out = input.iter().copied().filter(|&b| cap.keep(b)).collect();
        cap.end_line();
        let cut = std::mem::take(&mut *cap.cut.0.lock().unwrap());
        (out, cut)
    }

    /// Reads `input` through [`CsvLineCap`] in reads of random sizes.
    fn through_reader(
        input: &[u8],
        max: u64,
        next: &mut impl FnMut() -> u64,
    ) -> (Vec<u8>, Vec<(u64, u64)>) {
        let mut cap = CsvLineCap::new(input, b',');
        cap.max = max;
        let mut out = Vec::new();
        loop {
            let mut buf = vec![0; 1 + (next() % 24) as usize];
            let n = cap.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        let cut = std::mem::take(&mut *cap.cut.0.lock().unwrap());
        (out, cut)
    }

    #[test]
    fn line_cap_fast_path_equals_the_byte_by_byte_rule() {
        let pieces: [&[u8]; 8] = [
            b"a",
            b"\n",
            b"\"",
            b",",
            "é".as_bytes(),
            "中".as_bytes(),
            "🛢".as_bytes(),
            b"\r",
        ];
        let mut next = xorshift(0x5eed);
        for case in 0..2000 {
            let len = (next() % 60) as usize;
            let mut input = Vec::new();
            for _ in 0..len {
                input.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
            }
            if case % 7 == 0 {
                input.push(0x80); // a stray continuation byte
            }
            let max = 1 + next() % 12;
            let expected = reference(&input, max);
            assert_eq!(
                through_reader(&input, max, &mut next),
                expected,
                "input {input:?}, max {max}"
            );
            // The kept bytes of a line are valid UTF-8 whenever the line was.
            if std::str::from_utf8(&input).is_ok() {
                assert!(
                    std::str::from_utf8(&expected.0).is_ok(),
                    "input {input:?}, max {max}"
                );
            }
        }
    }
}
