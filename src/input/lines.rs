//! Line reading with a bound on each line's length, and the one-text-per-line format.

use super::{Record, MAX_ITEM_BYTES};
use crate::error::{Error, Result};
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

/// One line of a [`BoundedLines`] reader.
pub(super) struct Line {
    /// The line without its `\n`, at most the bound (cut at a UTF-8 character boundary).
    pub(super) bytes: Vec<u8>,
    /// Bytes of the line past the bound, read and dropped.
    pub(super) dropped: u64,
}

/// Splits a reader into lines on `\n` like [`BufRead::split`], but keeps at most `max` bytes
/// of each: the rest of a longer line is read and dropped, never held, so a 500 MB line (or an
/// endless stream such as `/dev/zero`) costs no more memory than a short one.
pub(super) struct BoundedLines<R> {
    inner: R,
    max: usize,
}

impl<R: BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<std::io::Result<Line>> {
        let mut line = Line {
            bytes: Vec::new(),
            dropped: 0,
        };
        let mut any = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if buf.is_empty() {
                break;
            }
            any = true;
            let (part, used, end) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], i + 1, true),
                None => (buf, buf.len(), false),
            };
            let room = self.max.saturating_sub(line.bytes.len());
            let keep = room.min(part.len());
            line.bytes.extend_from_slice(&part[..keep]);
            line.dropped += (part.len() - keep) as u64;
            self.inner.consume(used);
            if end {
                break;
            }
        }
        if !any {
            return None;
        }
        if line.dropped > 0 {
            // Do not leave half a character at the cut.
            let cut = utf8_char_start(&line.bytes);
            line.dropped += (line.bytes.len() - cut) as u64;
            line.bytes.truncate(cut);
        }
        Some(Ok(line))
    }
}

/// Where to cut `bytes` so that no multi-byte UTF-8 character is left incomplete at the end.
fn utf8_char_start(bytes: &[u8]) -> usize {
    let n = bytes.len();
    for back in 1..=n.min(4) {
        let b = bytes[n - back];
        if b & 0xC0 == 0x80 {
            continue; // a continuation byte: look further back for the lead byte
        }
        let width = match b {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        return if back < width { n - back } else { n };
    }
    n
}

/// Lines of `reader` of at most [`MAX_ITEM_BYTES`] each.
pub(super) fn bounded_lines<R: Read>(reader: R) -> BoundedLines<BufReader<R>> {
    BoundedLines::new(reader, MAX_ITEM_BYTES)
}

impl<R: Read> BoundedLines<BufReader<R>> {
    /// Lines of `reader` of at most `max` bytes each.
    pub(super) fn new(reader: R, max: usize) -> Self {
        BoundedLines {
            inner: BufReader::with_capacity(1 << 16, reader),
            max,
        }
    }
}

/// One record per non-blank line; a line that holds a title and its teaser (`Title — teaser`,
/// [`crate::digest::one_line_item`]) has both. The first `header` non-blank lines are the
/// list's header, not records: a date in them (`Morning digest, 5 December 2024`) is every
/// record's.
pub(super) fn line_records(
    source: Arc<str>,
    reader: impl Read + Send,
    header: usize,
) -> impl Iterator<Item = Result<Record>> + Send {
    let mut number = 0u64;
    let mut header_left = header;
    let mut date: Option<String> = None;
    bounded_lines(reader)
        .enumerate()
        .filter_map(move |(i, line)| {
            let line_no = i as u64 + 1;
            let Line { bytes, dropped } = match line {
                Ok(l) => l,
                Err(e) => return Some(Err(Error::io(source.as_ref(), e))),
            };
            let (text, how) = super::decode_line(&bytes);
            let text = text.trim().to_string();
            let note = how.map(|how| match how {
                super::NotUtf8::Latin1 => super::LATIN1_NOTE,
                super::NotUtf8::Replaced => super::REPLACED_NOTE,
            });
            if text.is_empty() {
                return None;
            }
            if header_left > 0 {
                header_left -= 1;
                if date.is_none() {
                    date = crate::digest::heading_date(&text).map(crate::digest::output_date);
                }
                return None;
            }
            number += 1;
            let (title, text) = match crate::digest::one_line_item(&text) {
                Some((title, teaser)) => (Some(title), teaser),
                None => (None, text),
            };
            let mut warnings = Vec::new();
            if let Some(note) = note {
                warnings.push(note.into());
            }
            if dropped > 0 {
                warnings.push(format!(
                    "line {line_no} is {} bytes long: cut to the first {MAX_ITEM_BYTES} (the per-item limit)",
                    bytes.len() as u64 + dropped
                ));
            }
            Some(Ok(Record {
                source: source.clone(),
                number,
                line: Some(line_no),
                title,
                text,
                date: date.clone(),
                warnings,
                ..Record::default()
            }))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #18 (4): lines are cut at the bound as they are read, at a character boundary,
    /// whatever the buffer size; what is dropped is counted.
    #[test]
    fn bounded_lines_cut_long_lines_at_a_character() {
        let data = "ab\néé€x\n\nlast".as_bytes();
        for cap in [1, 2, 3, 5, 64] {
            let lines: Vec<(String, u64)> = BoundedLines {
                inner: BufReader::with_capacity(cap, data),
                max: 6,
            }
            .map(|l| {
                let l = l.unwrap();
                (String::from_utf8(l.bytes).unwrap(), l.dropped)
            })
            .collect();
            let want = [("ab", 0), ("éé", 4), ("", 0), ("last", 0)];
            let want: Vec<(String, u64)> = want.iter().map(|(s, n)| (s.to_string(), *n)).collect();
            assert_eq!(lines, want, "buffer of {cap}");
        }
    }
}
