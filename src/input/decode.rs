//! Bytes before parsing: UTF-16 inputs (with a byte-order mark, or mostly ASCII without one)
//! decoded to UTF-8, and the head of an input read for sniffing.

use std::io::{BufRead, BufReader, Read};

/// An input that starts with a UTF-16 byte-order mark (little or big endian) is decoded to
/// UTF-8, and so is one without a mark whose opening reads as UTF-16 of mostly ASCII text
/// ([`unmarked_utf16`]: a file some Windows tools write); anything else passes through
/// unchanged.
pub(super) fn decode_utf16(reader: Box<dyn Read + Send>) -> std::io::Result<Box<dyn Read + Send>> {
    let mut buf = BufReader::with_capacity(1 << 16, reader);
    // The byte order, and the length of the mark that says it.
    let (little, mark) = match buf.fill_buf()? {
        [0xFF, 0xFE, ..] => (true, 2),
        [0xFE, 0xFF, ..] => (false, 2),
        head => match unmarked_utf16(head) {
            Some(little) => (little, 0),
            None => return Ok(Box::new(buf)),
        },
    };
    buf.consume(mark);
    Ok(Box::new(Utf16Reader {
        inner: buf,
        little,
        carry: Vec::new(),
        out: Vec::new(),
        pos: 0,
    }))
}

/// Bytes of an input's opening looked at for UTF-16 without a byte-order mark.
const UNMARKED_HEAD_BYTES: usize = 1024;

/// Whether `head` (an input's opening, no byte-order mark) is UTF-16 of mostly ASCII text:
/// of its first code units, nine in ten or more are a printable ASCII character or a line
/// break, with the zero byte on one side (`Some(true)`: little endian) every time. Text in
/// any single-byte charset or in UTF-8 has no zero bytes.
fn unmarked_utf16(head: &[u8]) -> Option<bool> {
    let head = &head[..head.len().min(UNMARKED_HEAD_BYTES)];
    let units = head.len() / 2;
    if units < 4 {
        return None;
    }
    let ascii = |b: u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7e);
    let (mut little, mut big) = (0, 0);
    for pair in head.chunks_exact(2) {
        match (pair[0], pair[1]) {
            (b, 0) if ascii(b) => little += 1,
            (0, b) if ascii(b) => big += 1,
            _ => {}
        }
    }
    let most = |n: usize| n * 10 >= units * 9;
    match (most(little), most(big)) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// UTF-16 in, UTF-8 out; unpaired surrogates and an odd final byte become U+FFFD.
struct Utf16Reader<R> {
    inner: R,
    little: bool,
    /// Bytes of an incomplete code unit, or of a high surrogate waiting for its pair.
    carry: Vec<u8>,
    /// Decoded UTF-8 not handed out yet, from `pos`.
    out: Vec<u8>,
    pos: usize,
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.out.len() {
            self.out.clear();
            self.pos = 0;
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                if self.carry.is_empty() {
                    return Ok(0);
                }
                self.carry.clear();
                self.out.extend_from_slice("\u{fffd}".as_bytes());
                break;
            }
            let mut bytes = std::mem::take(&mut self.carry);
            bytes.extend_from_slice(buf);
            let n = buf.len();
            self.inner.consume(n);
            let mut units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| {
                    let pair = [p[0], p[1]];
                    if self.little {
                        u16::from_le_bytes(pair)
                    } else {
                        u16::from_be_bytes(pair)
                    }
                })
                .collect();
            let mut keep = bytes.len() % 2;
            if units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                units.pop();
                keep += 2;
            }
            self.carry = bytes[bytes.len() - keep..].to_vec();
            let mut tmp = [0u8; 4];
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                self.out
                    .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
        let n = dst.len().min(self.out.len() - self.pos);
        dst[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Reads up to `n` bytes (fewer only at the end of the input).
pub(super) fn read_head(reader: &mut impl Read, n: usize) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    reader.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}
