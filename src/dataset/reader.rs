//! Reading CSV-like files: the delimiter, line ends, header names and errors that name the
//! file and line. Shared by labelled data and the `tag` command's CSV input.

use super::FieldDecoder;
use crate::error::{Error, Result};
use std::io::{BufRead, Read};
use std::path::Path;

/// A CSV reader's header names, decoded by `fields` (which learns the file's encoding from
/// them); errors name `path`.
pub(crate) fn header_names<R: Read>(
    path: &Path,
    rdr: &mut csv::Reader<R>,
    fields: &mut FieldDecoder,
) -> Result<Vec<String>> {
    Ok(fields.names(rdr.byte_headers().map_err(|e| csv_error(path, e))?))
}

/// Map a CSV parse error to an error that names the file and line.
pub(crate) fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    match e.kind() {
        csv::ErrorKind::Io(_) => Error::file(path, e.to_string()),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::input(
            path,
            line,
            format!("record has {len} fields but the header has {expected_len}"),
        ),
        _ => Error::input(path, line, e.to_string()),
    }
}

/// A buffered reader that reads every line end as LF: `\r\n` (Windows) and a lone `\r` (old Mac
/// exports) both become `\n`. The `csv` crate counts lines only at LF and reports the records
/// after a CRLF one line early, so a file whose line ends are all one kind, or mixed, would
/// otherwise get wrong line numbers in its errors; with LF only, the crate's count is the line.
pub(crate) fn line_ends_to_lf<R: Read>(reader: R) -> LineEndsToLf<std::io::BufReader<R>> {
    LineEndsToLf {
        inner: std::io::BufReader::with_capacity(1 << 16, reader),
        held_cr: false,
    }
}

/// Reads `\r\n` and every lone `\r` as `\n`.
pub(crate) struct LineEndsToLf<R> {
    pub(super) inner: R,
    /// The last byte read was a `\r` at the end of the buffer: the next byte decides.
    pub(super) held_cr: bool,
}

impl<R: BufRead> Read for LineEndsToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < out.len() {
            let buf = self.inner.fill_buf()?;
            if self.held_cr {
                self.held_cr = false;
                out[n] = b'\n';
                n += 1;
                if buf.first() == Some(&b'\n') {
                    self.inner.consume(1);
                }
                continue;
            }
            if buf.is_empty() {
                break;
            }
            let take = buf.len().min(out.len() - n);
            let mut used = 0;
            while used < take {
                // Copy the run up to the next `\r` (or to `take`) at once.
                let run = memchr::memchr(b'\r', &buf[used..take]).unwrap_or(take - used);
                out[n..n + run].copy_from_slice(&buf[used..used + run]);
                n += run;
                used += run;
                if used == take {
                    break;
                }
                used += 1; // the `\r`
                match buf.get(used) {
                    Some(&next) => {
                        out[n] = b'\n';
                        n += 1;
                        if next == b'\n' {
                            used += 1;
                        }
                    }
                    None => {
                        self.held_cr = true;
                        break;
                    }
                }
            }
            self.inner.consume(used);
            if !self.held_cr {
                break;
            }
        }
        Ok(n)
    }
}

/// The field delimiter of a CSV-like file: a tab for `.tsv` (any case), else a comma.
fn delimiter_for(path: &Path) -> u8 {
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    if tsv {
        b'\t'
    } else {
        b','
    }
}

/// A reader whose first bytes were read to find its delimiter, and are given back first.
pub(crate) type Replayed<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

/// Longest header line read to find a file's delimiter.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The field delimiter of a CSV-like file and the reader to go on with (nothing consumed): a
/// tab for `.tsv`; otherwise whichever of comma, semicolon and tab the header line holds most
/// of outside quotes (a comma on a tie or when it holds none). Spreadsheets in locales whose
/// decimal mark is a comma save "CSV" with semicolons. Reads stop at the first line end, so a
/// stream's first rows are not waited for.
pub(crate) fn sniff_delimiter<R: Read>(
    path: &Path,
    mut reader: R,
) -> std::io::Result<(u8, Replayed<R>)> {
    let fixed = delimiter_for(path);
    let mut head = Vec::new();
    if fixed == b',' {
        let mut chunk = [0u8; 8 * 1024];
        while !head.contains(&b'\n') && head.len() < MAX_HEADER_BYTES {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => head.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    if let Some(d) = excel_separator(line) {
        // Excel's `sep=;` line names the delimiter and is not the header: it is read as a
        // blank line (skipped), so line numbers stay those of the file.
        head.drain(..line.len());
        return Ok((d, std::io::Cursor::new(head).chain(reader)));
    }
    let delimiter = if line.is_empty() {
        fixed
    } else {
        header_delimiter(line)
    };
    Ok((delimiter, std::io::Cursor::new(head).chain(reader)))
}

/// The delimiter an Excel `sep=X` first line names (after a byte-order mark), if it is one.
pub(crate) fn excel_separator(line: &[u8]) -> Option<u8> {
    let line = crate::sniff::without_bom(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match line.strip_prefix(b"sep=")? {
        [d] if !d.is_ascii_alphanumeric() && *d != b'"' => Some(*d),
        _ => None,
    }
}

/// The most frequent of `,`, `;` and tab outside quotes in a header line (a comma on a tie).
pub(crate) fn header_delimiter(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}
