//! CSV fields as text: UTF-8, or Windows-1252 for a file written in it, as Excel saves "CSV"
//! on a Western Windows (`T\xEDtulo;Resumen`). The file's first field that is not UTF-8
//! decides, unless a field before it held UTF-8 beyond ASCII: then the file is UTF-8 and the
//! bad bytes are damage (an error, or replaced with `--lossy`).

use crate::error::{Error, Result};
use std::path::Path;

/// The note on the row from which a CSV file was read as Windows-1252.
pub(crate) const LATIN1_CSV_NOTE: &str =
    "not UTF-8: the file is read as Windows-1252 (Latin-1), as Excel saves CSV on Windows";

/// Decodes the fields of one CSV file, in order, remembering what the file turned out to be.
#[derive(Debug)]
pub(crate) struct FieldDecoder {
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    lossy: bool,
    /// A field held UTF-8 beyond ASCII: the file is UTF-8.
    utf8: bool,
    /// The file is Windows-1252.
    latin1: bool,
    /// [`LATIN1_CSV_NOTE`] is yet to be given.
    note_due: bool,
    /// Fields whose bytes were replaced since [`FieldDecoder::take_replaced`].
    replaced: usize,
}

impl FieldDecoder {
    pub(crate) fn new(lossy: bool) -> Self {
        FieldDecoder {
            lossy,
            utf8: false,
            latin1: false,
            note_due: false,
            replaced: 0,
        }
    }

    /// The header's names: decoded as fields are, but never an error (a name that is neither
    /// UTF-8 nor Windows-1252 has its bad bytes replaced).
    pub(crate) fn names<'a>(&mut self, raw: impl IntoIterator<Item = &'a [u8]>) -> Vec<String> {
        raw.into_iter()
            .map(|bytes| match self.decode(bytes) {
                Some(s) => s,
                None => String::from_utf8_lossy(bytes).into_owned(),
            })
            .collect()
    }

    /// One field of `column` on `line`: an error naming both when it is not text and the
    /// decoder is not lossy.
    pub(crate) fn field(
        &mut self,
        path: &Path,
        line: u64,
        column: &str,
        bytes: &[u8],
    ) -> Result<String> {
        if let Some(s) = self.decode(bytes) {
            return Ok(s);
        }
        if self.lossy {
            self.replaced += 1;
            return Ok(String::from_utf8_lossy(bytes).into_owned());
        }
        let at = utf8_valid_up_to(bytes);
        let why = if self.utf8 {
            "the rows before it are UTF-8"
        } else {
            "not Windows-1252 text either"
        };
        Err(Error::input(
            path,
            line,
            format!(
                "field '{column}': invalid UTF-8 at byte {at} of the field ({why}; use \
                 --lossy to replace it)"
            ),
        ))
    }

    /// The field as text, deciding the file's encoding at its first field that is not UTF-8;
    /// `None` when it is not text in the file's encoding.
    fn decode(&mut self, bytes: &[u8]) -> Option<String> {
        if self.latin1 {
            return Some(windows_1252(bytes));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                self.utf8 |= !s.is_ascii();
                Some(s.to_string())
            }
            Err(_) if !self.utf8 && crate::input::reads_as_windows_1252(bytes) => {
                self.latin1 = true;
                self.note_due = true;
                Some(windows_1252(bytes))
            }
            Err(_) => None,
        }
    }

    /// [`LATIN1_CSV_NOTE`], once: on the row whose field showed the file's encoding (or the
    /// first row, when its header did).
    pub(crate) fn take_note(&mut self) -> Option<&'static str> {
        std::mem::take(&mut self.note_due).then_some(LATIN1_CSV_NOTE)
    }

    /// How many fields had bytes replaced since the last call.
    pub(crate) fn take_replaced(&mut self) -> usize {
        std::mem::take(&mut self.replaced)
    }
}

fn utf8_valid_up_to(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.len(),
        Err(e) => e.valid_up_to(),
    }
}

fn windows_1252(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(lossy: bool, header: &[&[u8]], rows: &[&[u8]]) -> (Vec<String>, Vec<String>) {
        let mut dec = FieldDecoder::new(lossy);
        let names = dec.names(header.iter().copied());
        let got = rows
            .iter()
            .enumerate()
            .map(
                |(i, f)| match dec.field(Path::new("t.csv"), i as u64 + 2, "text", f) {
                    Ok(s) => format!("{s}{}", dec.take_note().map_or("", |_| " [note]")),
                    Err(e) => e.to_string(),
                },
            )
            .collect();
        (names, got)
    }

    #[test]
    fn a_windows_1252_file_is_read_as_such_from_its_first_such_field() {
        // Decided by the header: every field after it is Windows-1252, with one note.
        let (names, got) = fields(false, &[b"T\xedtulo", b"Resumen"], &[b"Energ\xeda", b"Gas"]);
        assert_eq!(names, ["Título", "Resumen"]);
        assert_eq!(got, ["Energía [note]", "Gas"]);
        // Decided by a row: the note is on that row.
        let (_, got) = fields(
            false,
            &[b"title"],
            &[b"Gas", b"caf\xe9", b"na\xefve \x93x\x94"],
        );
        assert_eq!(got, ["Gas", "café [note]", "naïve “x”"]);
    }

    #[test]
    fn bad_bytes_in_a_utf8_file_are_errors_or_replaced() {
        let (_, got) = fields(false, &["título".as_bytes()], &[b"caf\xe9", b"ok"]);
        assert_eq!(
            got[0],
            "t.csv:2: field 'text': invalid UTF-8 at byte 3 of the field (the rows before it \
             are UTF-8; use --lossy to replace it)"
        );
        assert_eq!(got[1], "ok");
        // Bytes that are not Western text in Windows-1252 either.
        let (_, got) = fields(false, &[b"text"], &[b"bad \xff"]);
        assert!(got[0].ends_with(
            "byte 4 of the field (not Windows-1252 text either; use --lossy to replace it)"
        ));
        let mut dec = FieldDecoder::new(true);
        dec.names([&b"text"[..]]);
        assert_eq!(
            dec.field(Path::new("t"), 2, "text", b"x\xff").unwrap(),
            "x\u{fffd}"
        );
        assert_eq!(dec.take_replaced(), 1);
        assert_eq!(dec.take_replaced(), 0);
    }
}
