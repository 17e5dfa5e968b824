//! CSV records with the line each starts on, and a repair for the commonest fault of CSV written
//! by hand or by a careless export: a field that *begins* with a quote that is not closed on its
//! line (`1,"Oil up,energy`). The `csv` crate then reads on, silently, until some later quote:
//! the rows between become one field of one record (merged rows), or, when no quote follows,
//! the rest of the file does.
//!
//! [`CsvRows`] keeps the raw lines of the record being read. A record that runs over several
//! lines is checked for the marks of such a quote: its quoted field never closes, or closes with
//! text right after the quote (`..."Troops",security`), which well-formed CSV never has. It is
//! then read again line by line, the stray quote taken as a plain character; the repair is kept
//! only when every line so read is a whole row (as many fields as the header), and its first row
//! carries a note that says what was done. Otherwise the record stays as the `csv` crate read it
//! (with a note), or, for a quote never closed, becomes an error: the rows after it are not
//! silently swallowed.

use super::reader::csv_error;
use crate::error::{Error, Result};
use std::collections::VecDeque;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One CSV record, the line it starts on, and what was repaired to read it, if anything.
#[derive(Debug)]
pub(crate) struct Row {
    pub record: csv::ByteRecord,
    pub line: u64,
    /// A note for the user about how this row was read (a stray quote), without file or line.
    pub note: Option<String>,
}

/// The records of a CSV stream as [`Row`]s, records with a stray quote repaired (see the
/// module's documentation). Records may have any number of fields; callers check.
pub(crate) struct CsvRows<R: Read> {
    path: PathBuf,
    /// The raw bytes read are kept by the reader under it ([`KeepLines`]).
    rdr: csv::Reader<KeepLines<R>>,
    delimiter: u8,
    /// Fields per record: the header's (0 until the header is read: no repair before).
    fields: usize,
    /// Lines of the file before the stream's first (for a part of a file read again).
    offset: u64,
    pending: VecDeque<Row>,
}

impl<R: Read> CsvRows<R> {
    /// Records of `reader` (whose first line is a header); `path` names it in errors.
    pub(crate) fn new(path: &Path, reader: R, delimiter: u8) -> Self {
        Self::with(path, reader, delimiter, true, 0)
    }

    fn with(path: &Path, reader: R, delimiter: u8, has_headers: bool, offset: u64) -> Self {
        let rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(has_headers)
            .delimiter(delimiter)
            .from_reader(KeepLines {
                inner: reader,
                kept: Kept::new(),
            });
        CsvRows {
            path: path.to_path_buf(),
            rdr,
            delimiter,
            fields: 0,
            offset,
            pending: VecDeque::new(),
        }
    }

    /// The header's names, decoded by `fields`.
    pub(crate) fn header_names(&mut self, fields: &mut super::FieldDecoder) -> Result<Vec<String>> {
        let names = super::header_names(&self.path, &mut self.rdr, fields)?;
        self.fields = names.len();
        Ok(names)
    }

    fn next_row(&mut self) -> Option<Result<Row>> {
        if let Some(row) = self.pending.pop_front() {
            return Some(Ok(row));
        }
        let mut record = csv::ByteRecord::new();
        match self.rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(Err(csv_error(&self.path, e))),
        }
        // The record's raw bytes: from where the crate began to read it (before the blank
        // lines it skipped) to where it stopped.
        let start = record.position().map_or(0, |p| p.byte());
        let end = self.rdr.position().byte();
        let kept = &mut self.rdr.get_mut().kept;
        let raw = kept.get(start, end);
        let blank = raw.iter().take_while(|&&b| b == b'\n').count();
        let raw = &raw[blank..];
        let first = record.position().map_or(1, |p| p.line()) + blank as u64;
        let stray = match self.fields {
            0 => None,
            _ => stray_quote(raw, self.delimiter).map(|stray| (stray, raw.to_vec())),
        };
        kept.release(end);
        let mut note = None;
        if let Some((stray, raw)) = stray {
            if let Some(rows) = self.reread(&raw, first, &stray) {
                self.pending.extend(rows);
                return self.pending.pop_front().map(Ok);
            }
            if stray.unclosed {
                return Some(Err(Error::input(
                    &self.path,
                    self.offset + first + stray.line,
                    "a quote opened here is never closed: the rest of the file would be one \
                     field; record skipped (close the quote, or double it: \"\")",
                )));
            }
            let lines = memchr::memchr_iter(b'\n', raw.strip_suffix(b"\n").unwrap_or(&raw)).count();
            note = Some(format!(
                "lines {}-{} were read as one record: a quoted field runs over them and \
                 closes with text right after its quote (an unescaped quote?)",
                self.offset + first,
                self.offset + first + lines as u64
            ));
        }
        Some(Ok(Row {
            record,
            line: self.offset + first,
            note,
        }))
    }

    /// The record on `raw` (lines from `first` on) read again with `stray` as a plain
    /// character: its line as one row, the lines after it as rows of their own. `None` unless
    /// every row so read has the header's number of fields.
    fn reread(&self, raw: &[u8], first: u64, stray: &Stray) -> Option<Vec<Row>> {
        if stray.line != 0 {
            return None;
        }
        let end = memchr::memchr(b'\n', raw).unwrap_or(raw.len());
        let (prefix, rest_of_line) = raw[..end].split_at(stray.at);
        let mut record = csv::ByteRecord::new();
        if !prefix.is_empty() {
            // The fields before the stray quote, as CSV (the prefix ends with a delimiter,
            // which leaves an empty last field: not one).
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(self.delimiter)
                .from_reader(prefix);
            rdr.read_byte_record(&mut record).ok()?;
            record.truncate(record.len().saturating_sub(1));
        }
        for field in rest_of_line.split(|&b| b == self.delimiter) {
            record.push_field(field);
        }
        if record.len() != self.fields {
            return None;
        }
        let line = self.offset + first;
        let mut rows = vec![Row {
            record,
            line,
            note: Some(
                "a field begins with a quote that is not closed on its line: the quote was read \
                 as a plain character, and the lines after it as rows of their own (quote the \
                 whole field, or double the quote: \"\")"
                    .to_string(),
            ),
        }];
        let rest = raw.get(end + 1..).unwrap_or_default();
        let mut after = CsvRows::with(&self.path, rest, self.delimiter, false, line);
        after.fields = self.fields;
        for row in &mut after {
            let row = row.ok()?;
            if row.record.len() != self.fields {
                return None;
            }
            rows.push(row);
        }
        Some(rows)
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Result<Row>> {
        self.next_row()
    }
}

/// A quote that opens a field spanning lines and does not close as CSV's quotes do.
#[derive(Debug, PartialEq)]
struct Stray {
    /// Byte offset of the quote in the record's raw text, and its line within the record (0:
    /// the record's first line).
    at: usize,
    line: u64,
    /// It is never closed (else it closes with text right after its closing quote).
    unclosed: bool,
}

/// The first quoted field of `raw` (one record's lines) that runs over a line end and either
/// never closes or closes with text right after its quote. Follows the `csv` crate's reading:
/// a field is quoted only when its first byte is a quote, and `""` inside is a quote.
fn stray_quote(raw: &[u8], delimiter: u8) -> Option<Stray> {
    let stray = |open: usize, unclosed| Stray {
        at: open,
        line: memchr::memchr_iter(b'\n', &raw[..open]).count() as u64,
        unclosed,
    };
    // `i` is always the start of a field.
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'"' {
            let open = i;
            let mut spans = false;
            let mut j = i + 1;
            loop {
                let Some(q) = memchr::memchr(b'"', &raw[j..]).map(|q| j + q) else {
                    spans |= memchr::memchr(b'\n', &raw[j..]).is_some();
                    return spans.then(|| stray(open, true));
                };
                spans |= memchr::memchr(b'\n', &raw[j..q]).is_some();
                match raw.get(q + 1).copied() {
                    // A doubled quote: text.
                    Some(b'"') => j = q + 2,
                    // Text right after the closing quote of a field that ran over a line end.
                    Some(b) if spans && b != b'\n' && b != delimiter => {
                        return Some(stray(open, false))
                    }
                    _ => {
                        i = q + 1;
                        break;
                    }
                }
            }
        }
        // On to the next field: past the next delimiter or line end (a quote within is text).
        match memchr::memchr2(delimiter, b'\n', &raw[i..]) {
            Some(p) => i += p + 1,
            None => break,
        }
    }
    None
}

/// The raw bytes of a stream from the oldest still wanted on, as [`KeepLines`] read them.
struct Kept {
    bytes: Vec<u8>,
    /// The stream offset of `bytes[0]`.
    base: u64,
}

/// Bytes released are dropped from the front only once this many have gathered.
const RELEASE_BYTES: u64 = 64 * 1024;

impl Kept {
    fn new() -> Self {
        Kept {
            bytes: Vec::new(),
            base: 0,
        }
    }

    fn push(&mut self, buf: &[u8]) {
        self.bytes.extend_from_slice(buf);
    }

    /// The stream's bytes from offset `start` to `end` (as far as read and still kept).
    fn get(&self, start: u64, end: u64) -> &[u8] {
        let at = |o: u64| (o.saturating_sub(self.base) as usize).min(self.bytes.len());
        &self.bytes[at(start)..at(end).max(at(start))]
    }

    /// Bytes before stream offset `end` are no longer wanted.
    fn release(&mut self, end: u64) {
        let cut = end.saturating_sub(self.base);
        if cut >= RELEASE_BYTES {
            let cut = (cut as usize).min(self.bytes.len());
            self.bytes.drain(..cut);
            self.base += cut as u64;
        }
    }
}

/// Passes a stream through, keeping its raw bytes in [`Kept`].
struct KeepLines<R> {
    inner: R,
    kept: Kept,
}

impl<R: Read> Read for KeepLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.push(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, fields, note?) of every row of `csv`, or the first error's message.
    fn rows(csv: &str) -> std::result::Result<Vec<(u64, Vec<String>, bool)>, String> {
        let mut rows = CsvRows::new(Path::new("t.csv"), csv.as_bytes(), b',');
        rows.header_names(&mut crate::dataset::FieldDecoder::new(true))
            .map_err(|e| e.to_string())?;
        rows.map(|r| {
            r.map(|r| {
                let fields = r
                    .record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                (r.line, fields, r.note.is_some())
            })
            .map_err(|e| e.to_string())
        })
        .collect()
    }

    fn row(line: u64, fields: &[&str], note: bool) -> (u64, Vec<String>, bool) {
        (line, fields.iter().map(|s| s.to_string()).collect(), note)
    }

    #[test]
    fn well_formed_quotes_are_read_as_the_csv_crate_reads_them() {
        let csv = "text,topics\n\"Oil, gas\nand coal\",energy\n\"say \"\"no\"\"\",x\nplain,y\n";
        assert_eq!(
            rows(csv).unwrap(),
            vec![
                row(2, &["Oil, gas\nand coal", "energy"], false),
                row(4, &["say \"no\"", "x"], false),
                row(5, &["plain", "y"], false),
            ]
        );
    }

    #[test]
    fn a_quote_closed_with_text_after_it_no_longer_merges_rows() {
        // The csv crate alone reads one record: `Oil up,energy\nTroops"`, `security`.
        let csv = "text,topics\n\"Oil up,energy\n\"Troops\",security\nVote,politics\n";
        assert_eq!(
            rows(csv).unwrap(),
            vec![
                row(2, &["\"Oil up", "energy"], true),
                row(3, &["Troops", "security"], false),
                row(4, &["Vote", "politics"], false),
            ]
        );
    }

    #[test]
    fn a_quote_never_closed_no_longer_swallows_the_rest_of_the_file() {
        let csv = "title,text\nA,\"gas deal\nB,troops\n\nC,vote\n";
        assert_eq!(
            rows(csv).unwrap(),
            vec![
                row(2, &["A", "\"gas deal"], true),
                row(3, &["B", "troops"], false),
                row(5, &["C", "vote"], false),
            ]
        );
        // Two stray quotes: each is repaired, the second within the first's re-reading.
        let csv = "title,text\nA,\"gas deal\nB,troops\nC,\"vote\nD,talks\n";
        let got = rows(csv).unwrap();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[2], row(4, &["C", "\"vote"], true));
        assert_eq!(got[3], row(5, &["D", "talks"], false));
    }

    #[test]
    fn what_cannot_be_repaired_is_said() {
        // The lines after the quote are not rows of the header's shape: a quote never
        // closed is an error at its line, not a silent swallow.
        let csv = "title,text\nA,\"gas deal\nno comma here\nnor here\n";
        let err = rows(csv).unwrap_err();
        assert!(
            err.contains("t.csv:2: a quote opened here is never closed"),
            "{err}"
        );
        // A dirty close whose lines are not rows either: kept as read, with a note.
        let csv = "text,topics\n\"first part\nsecond \"part\" here\",x\n";
        let got = rows(csv).unwrap();
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].2, "{got:?}");
    }

    #[test]
    fn blank_lines_before_a_record_do_not_shift_its_line() {
        // The csv crate's own position is where it began to read, before the blank lines.
        let csv = "text,topics\n\n\nOil,energy\n\n\"Gas\nand coal\",energy\nVote,politics\n";
        assert_eq!(
            rows(csv).unwrap(),
            vec![
                row(4, &["Oil", "energy"], false),
                row(6, &["Gas\nand coal", "energy"], false),
                row(8, &["Vote", "politics"], false),
            ]
        );
    }

    #[test]
    fn stray_quotes_are_found_as_the_csv_crate_reads_quotes() {
        let s = |raw: &str| stray_quote(raw.as_bytes(), b',');
        assert_eq!(s("a,\"b\nc\",d"), None, "closed cleanly");
        assert_eq!(s("a,b\"c\nd"), None, "a quote inside a field is text");
        assert_eq!(s("\"x\" y,z"), None, "text after the quote on one line");
        assert_eq!(
            s("a,\"b\nc\" d"),
            Some(Stray {
                at: 2,
                line: 0,
                unclosed: false
            })
        );
        assert_eq!(
            s("a,b\n\"c\nd"),
            Some(Stray {
                at: 4,
                line: 1,
                unclosed: true
            })
        );
        assert_eq!(s("\"a\"\"\nb\""), None, "a doubled quote is text");
    }

    #[test]
    fn kept_bytes_are_released_in_large_steps_and_stay_addressable() {
        let mut kept = Kept::new();
        let line = "x".repeat(99) + "\n";
        for _ in 0..2000 {
            kept.push(line.as_bytes());
        }
        kept.release(1000);
        assert_eq!(kept.base, 0, "too little to drop yet");
        kept.release(100_000);
        assert_eq!((kept.base, kept.bytes.len()), (100_000, 100_000));
        assert_eq!(kept.get(150_000, 150_100), line.as_bytes());
        assert_eq!(
            kept.get(199_950, 250_000),
            &line.as_bytes()[50..],
            "as far as read"
        );
        assert_eq!(kept.get(10, 20), b"", "released");
    }
}
