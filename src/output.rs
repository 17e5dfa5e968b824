//! The rows `topictag tag` and `topictag detect` write, as CSV records and JSON Lines objects
//! formatted straight into a byte buffer.
//!
//! A tagged row has 11 + (number of topics) fields, 101 with a 90-topic model; going through
//! `csv::Writer` field by field (its quoting check, its buffer) or building a `serde_json`
//! value per row cost more than tagging some of the texts. Here only the text fields are
//! checked for quoting or escaping, numbers are written as they are, and the bytes are exactly
//! those `csv::Writer` with its default settings writes, or those `serde_json` writes for the
//! row's object (both tested against the crates). The throughput benchmark formats with the
//! same functions as the command.
//!
//! Columns, in this order (CSV; JSON Lines objects have the same keys, in sorted order as
//! `serde_json` writes a map): `source`, `item`, `title`, `lang`, `confidence`, `topics`, one
//! score per topic (JSON: an object `scores`), then `id`, `text` (unless left out), `date`,
//! `url` and `error`. An error row (an item that could not be read) has `source`, `item`
//! and `error`, the other CSV fields empty; its JSON object holds only those three keys.

use std::io::Write as _;

/// One output row.
#[derive(Clone, Copy, Debug, Default)]
pub struct Row<'a> {
    pub source: &'a str,
    /// The item's number in its source (0: the source itself could not be read).
    pub item: u64,
    pub title: Option<&'a str>,
    /// The text as it was tagged: title and text together.
    pub text: &'a str,
    pub lang: &'a str,
    pub confidence: f64,
    /// Assigned topics, strongest first.
    pub topics: &'a [&'a str],
    /// Probability of every topic, in the header's order (empty for `detect`).
    pub scores: &'a [f32],
    /// The input's id for the item (`--id-col`), passed through unchanged.
    pub id: Option<&'a str>,
    /// The item's date and link, when the input gives them.
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    /// Why the item could not be read: an error row, whose other fields are not written.
    pub error: Option<&'a str>,
    /// Extra members for the JSON Lines object (`"key":value`, comma-separated, no outer
    /// braces), written after the others; for extensions such as explanations. CSV and
    /// tables ignore it.
    pub extra_json: Option<&'a str>,
}

/// The columns before the topic scores.
pub const CSV_COLUMNS: [&str; 6] = ["source", "item", "title", "lang", "confidence", "topics"];

/// The columns after the topic scores (`text` is left out by [`Layout::without_text`]).
pub const ITEM_COLUMNS: [&str; 5] = ["id", "text", "date", "url", "error"];

/// Whether `csv::Writer`, by default, quotes a field of these bytes: when it holds a comma, a
/// quote, a carriage return or a line feed.
fn needs_quotes(bytes: &[u8]) -> bool {
    memchr::memchr3(b',', b'"', b'\n', bytes).is_some() || memchr::memchr(b'\r', bytes).is_some()
}

/// Append `field` as `csv::Writer` writes it by default: in double quotes (inner quotes
/// doubled) when it holds a comma, a quote, a carriage return or a line feed; as it is
/// otherwise.
pub fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    let bytes = field.as_bytes();
    if needs_quotes(bytes) {
        out.push(b'"');
        let mut rest = bytes;
        while let Some(q) = memchr::memchr(b'"', rest) {
            out.extend_from_slice(&rest[..=q]);
            out.push(b'"');
            rest = &rest[q + 1..];
        }
        out.extend_from_slice(rest);
        out.push(b'"');
    } else {
        out.extend_from_slice(bytes);
    }
}

/// The columns a writer writes: the model's topics, and whether the `text` column is there.
/// Built once per output; formats rows without allocating.
#[derive(Clone, Debug)]
pub struct Layout {
    topics: Vec<String>,
    text: bool,
    /// Topic indices in the order of their names (`serde_json` writes a map sorted by key).
    sorted: Vec<usize>,
    /// Per topic, `"name":` as JSON, in `sorted` order.
    json_keys: Vec<Vec<u8>>,
    /// CSV cells that a spreadsheet would run as a formula get a leading `'`
    /// ([`Layout::for_spreadsheets`]).
    guard_formulas: bool,
}

impl Layout {
    /// Every column, with a score per topic of `topics` (none: `detect`'s rows).
    pub fn new(topics: Vec<String>) -> Layout {
        let mut sorted: Vec<usize> = (0..topics.len()).collect();
        sorted.sort_by(|&a, &b| topics[a].cmp(&topics[b]));
        let json_keys = sorted
            .iter()
            .map(|&i| {
                let mut k = Vec::new();
                push_json_string(&mut k, &topics[i]);
                k.push(b':');
                k
            })
            .collect();
        Layout {
            topics,
            text: true,
            sorted,
            json_keys,
            guard_formulas: false,
        }
    }

    /// CSV for a spreadsheet: a cell of text that opens with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return, which Excel and LibreOffice would run as a formula (a page's title
    /// `=HYPERLINK("https://…")`), is written with a `'` before it, as OWASP advises for CSV
    /// that spreadsheets open. The numbers (item, confidence, scores) are never guarded.
    /// JSON Lines are not affected.
    pub fn for_spreadsheets(mut self) -> Layout {
        self.guard_formulas = true;
        self
    }

    /// Leave the `text` column (key) out: compact output.
    pub fn without_text(mut self) -> Layout {
        self.text = false;
        self
    }

    /// The topics scored.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    /// Whether rows carry their text.
    pub fn has_text(&self) -> bool {
        self.text
    }

    /// The column names, in order.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        CSV_COLUMNS
            .iter()
            .copied()
            .chain(self.topics.iter().map(String::as_str))
            .chain(
                ITEM_COLUMNS
                    .iter()
                    .copied()
                    .filter(|&c| self.text || c != "text"),
            )
    }

    /// Append the CSV header.
    pub fn push_csv_header(&self, out: &mut Vec<u8>) {
        for (i, name) in self.columns().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.push_cell(out, name);
        }
        out.push(b'\n');
    }

    /// Append `row` as one CSV record: source, item, title, lang, confidence (3 decimals),
    /// the topics joined by `;`, each score with 4 decimals, then id, text, date, url, error
    /// (empty when unknown). An error row leaves every field but source, item, id and error
    /// empty.
    pub fn push_csv_record(&self, out: &mut Vec<u8>, row: &Row<'_>) {
        self.push_cell(out, row.source);
        write!(out, ",{},", row.item).expect("writing to a Vec");
        if let Some(error) = row.error {
            // title, lang, confidence, topics, the scores: empty; the id; text, date, url: empty.
            out.extend(std::iter::repeat_n(b',', 4 + self.topics.len()));
            self.push_cell(out, row.id.unwrap_or(""));
            out.extend(std::iter::repeat_n(b',', 3 + usize::from(self.text)));
            self.push_cell(out, error);
            out.push(b'\n');
            return;
        }
        self.push_cell(out, row.title.unwrap_or(""));
        out.push(b',');
        self.push_cell(out, row.lang);
        write!(out, ",{:.3},", row.confidence).expect("writing to a Vec");
        // Joined in place, then quoted if a topic name needs it (rare: names are the user's).
        let joined = out.len();
        for (k, t) in row.topics.iter().enumerate() {
            if k > 0 {
                out.push(b';');
            }
            out.extend_from_slice(t.as_bytes());
        }
        if needs_quotes(&out[joined..]) || self.runs_as_formula(&out[joined..]) {
            let topics = String::from_utf8(out.split_off(joined)).expect("topic names are UTF-8");
            self.push_cell(out, &topics);
        }
        for &p in row.scores {
            out.push(b',');
            push_probability(out, p);
        }
        out.push(b',');
        self.push_cell(out, row.id.unwrap_or(""));
        if self.text {
            out.push(b',');
            self.push_cell(out, row.text);
        }
        out.push(b',');
        self.push_cell(out, row.date.unwrap_or(""));
        out.push(b',');
        self.push_cell(out, row.url.unwrap_or(""));
        out.extend_from_slice(b",\n");
    }

    /// Append one text cell of a CSV record or header: quoted when it must be, guarded when
    /// a spreadsheet would run it ([`Layout::for_spreadsheets`]).
    fn push_cell(&self, out: &mut Vec<u8>, field: &str) {
        if self.runs_as_formula(field.as_bytes()) {
            let guarded = format!("'{field}");
            push_csv_field(out, &guarded);
        } else {
            push_csv_field(out, field);
        }
    }

    /// Whether a spreadsheet opening this layout's CSV would read `cell` as a formula.
    fn runs_as_formula(&self, cell: &[u8]) -> bool {
        self.guard_formulas
            && cell
                .first()
                .is_some_and(|b| matches!(b, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
    }

    /// Append `row` as one JSON Lines object (and its line feed): the bytes `serde_json`
    /// writes for the object with the keys `confidence` (rounded to 3 decimals), `date`, `id`,
    /// `item`, `lang`, `scores` (topic → probability rounded to 4 decimals; only with
    /// topics), `source`, `text` (unless left out), `title`, `topics`, `url`, unknown values
    /// `null`; an error row has only `error`, `id` (when known), `item` and `source`. Then
    /// [`Row::extra_json`], if any.
    pub fn push_jsonl_record(&self, out: &mut Vec<u8>, row: &Row<'_>) {
        if let Some(error) = row.error {
            out.extend_from_slice(b"{\"error\":");
            push_json_string(out, error);
            if let Some(id) = row.id {
                out.extend_from_slice(b",\"id\":");
                push_json_string(out, id);
            }
            write!(out, ",\"item\":{},\"source\":", row.item).expect("writing to a Vec");
            push_json_string(out, row.source);
        } else {
            out.extend_from_slice(b"{\"confidence\":");
            push_json_rounded(out, row.confidence, 1e3);
            out.extend_from_slice(b",\"date\":");
            push_json_opt(out, row.date);
            out.extend_from_slice(b",\"id\":");
            push_json_opt(out, row.id);
            write!(out, ",\"item\":{},\"lang\":", row.item).expect("writing to a Vec");
            push_json_string(out, row.lang);
            if !self.topics.is_empty() {
                out.extend_from_slice(b",\"scores\":{");
                for (k, (&t, key)) in self.sorted.iter().zip(&self.json_keys).enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(key);
                    push_json_rounded(out, f64::from(row.scores[t]), 1e4);
                }
                out.push(b'}');
            }
            out.extend_from_slice(b",\"source\":");
            push_json_string(out, row.source);
            if self.text {
                out.extend_from_slice(b",\"text\":");
                push_json_string(out, row.text);
            }
            out.extend_from_slice(b",\"title\":");
            push_json_opt(out, row.title);
            out.extend_from_slice(b",\"topics\":[");
            for (k, t) in row.topics.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                push_json_string(out, t);
            }
            out.extend_from_slice(b"],\"url\":");
            push_json_opt(out, row.url);
        }
        if let Some(extra) = row.extra_json.filter(|e| !e.is_empty()) {
            out.push(b',');
            out.extend_from_slice(extra.as_bytes());
        }
        out.extend_from_slice(b"}\n");
    }
}

/// Append `s` as a JSON string, as `serde_json` writes it: `"` and `\\` escaped with a
/// backslash, control characters as `\b \t \n \f \r` or `\u00XX` (lowercase hex), every
/// other character as its UTF-8 bytes.
pub fn push_json_string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs an escape (most text).
        if let Some(word) = bytes.get(i..i + 8) {
            if !needs_json_escape(u64::from_le_bytes(word.try_into().expect("8 bytes"))) {
                i += 8;
                continue;
            }
        }
        let (at, b) = (i, bytes[i]);
        i += 1;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..at]);
        start = i;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether one of the eight bytes of `w` is a control character, `"` or `\\` (bit tricks:
/// a byte below 0x20, or equal to a given one, sets its top bit in the result; exact for
/// "is there one", which is all that is asked).
fn needs_json_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v;
    let quote = zero_in(w ^ (ONES * u64::from(b'"')));
    let backslash = zero_in(w ^ (ONES * u64::from(b'\\')));
    (below_space | quote | backslash) & HIGH != 0
}

fn push_json_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_json_string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// How `serde_json` writes `k / 10^4` for `k` in `0..=10^4`: [`FOUR_DECIMALS`] without
/// trailing zeros but one (`0.0`, `0.25`, `1.0`). Byte 7 of each entry is its length.
static JSON_TEN_THOUSANDTHS: [[u8; 8]; 10_001] = json_ten_thousandths();

const fn json_ten_thousandths() -> [[u8; 8]; 10_001] {
    let digits = four_decimals();
    let mut table = [[0u8; 8]; 10_001];
    let mut k = 0;
    while k <= 10_000 {
        let mut len = 6;
        while len > 3 && digits[k][len - 1] == b'0' {
            len -= 1;
        }
        let mut i = 0;
        while i < len {
            table[k][i] = digits[k][i];
            i += 1;
        }
        table[k][7] = len as u8;
        k += 1;
    }
    table
}

/// Append `(x * scale).round() / scale` (`scale` 1e3 or 1e4) as `serde_json` writes that
/// `f64`: between 0 and 1 it is the `f64` nearest a decimal of at most 4 digits, whose
/// shortest round-trip form (`serde_json`'s, through `ryu`) is those digits without trailing
/// zeros, `0.0` or `1.0` (read from a table). Anything else goes through `serde_json` itself.
pub fn push_json_rounded(out: &mut Vec<u8>, x: f64, scale: f64) {
    // `k / scale` is `(k * step) / 10^4`, the same decimal.
    let step = match scale {
        1e4 => 1,
        1e3 => 10,
        _ => 0,
    };
    if step == 0 || !(x.is_sign_positive() && x <= 1.0) {
        serde_json::to_writer(&mut *out, &((x * scale).round() / scale)).expect("writing to a Vec");
        return;
    }
    // `(x * scale).round()` (half away from zero) without a libm call: below 2^14 the
    // fraction `t - trunc(t)` is exact.
    let t = x * scale;
    let whole = t as u32;
    let k = whole + u32::from(t - f64::from(whole) >= 0.5);
    let e = &JSON_TEN_THOUSANDTHS[(k * step) as usize];
    out.extend_from_slice(&e[..usize::from(e[7])]);
}

/// Append `p` with four decimals, exactly as `write!(out, "{p:.4}")` does (the text of a
/// probability in `topictag tag` output), without `core::fmt` when `0 <= p <= 1`: there
/// `p * 10^4` is exact in `f64` (24 + 14 bits), so rounding it half to even, as `core::fmt`
/// rounds the exact decimal value, gives the same digits.
pub fn push_probability(out: &mut Vec<u8>, p: f32) {
    if !(p.is_sign_positive() && p <= 1.0) {
        write!(out, "{p:.4}").expect("writing to a Vec");
        return;
    }
    // Adding and taking away 2^52 rounds a value below 2^52 to an integer, half to even (the
    // default rounding of every float operation): `round_ties_even` without a libm call.
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    let v = ((f64::from(p) * 10_000.0 + TWO_52) - TWO_52) as u32;
    out.extend_from_slice(&FOUR_DECIMALS[v as usize]);
}

/// `k / 10^4` with four decimals (`0.0000` to `1.0000`) for `k` in `0..=10^4`.
static FOUR_DECIMALS: [[u8; 6]; 10_001] = four_decimals();

const fn four_decimals() -> [[u8; 6]; 10_001] {
    let mut table = [[0u8; 6]; 10_001];
    let mut k = 0;
    while k <= 10_000 {
        let e = &mut table[k];
        e[0] = b'0' + (k / 10_000) as u8;
        e[1] = b'.';
        let mut rest = k;
        let mut d = 5;
        while d >= 2 {
            e[d] = b'0' + (rest % 10) as u8;
            rest /= 10;
            d -= 1;
        }
        k += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Training refuses topics named as these columns: it must know them all.
    #[test]
    fn training_knows_every_output_column() {
        let ours: Vec<&str> = CSV_COLUMNS.iter().chain(&ITEM_COLUMNS).copied().collect();
        assert_eq!(ours, crate::settings::OUTPUT_COLUMNS);
    }

    /// What `csv::Writer` with default settings writes for these records.
    fn by_csv_crate(records: &[Vec<String>]) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in records {
            w.write_record(r).expect("write");
        }
        w.into_inner().expect("flush")
    }

    fn texts() -> impl Strategy<Value = String> {
        // Quotes, delimiters, line breaks, spaces, `#`, `;` and non-ASCII among letters.
        proptest::string::string_regex("[a-z,\"\r\n #;'é\t]{0,12}").expect("regex")
    }

    /// Texts with everything JSON escapes: quotes, backslashes, every control character, DEL,
    /// non-ASCII letters, a character outside the BMP.
    fn json_texts() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-z\"\\\\\u{0}-\u{1f}\u{7f} é€😀/]{0,12}").expect("regex")
    }

    /// Fields of a row: source, title, lang, id, text, date, url, error.
    struct Fields(Vec<String>);

    impl Fields {
        fn opt(&self, i: usize) -> Option<&str> {
            (!self.0[i].is_empty()).then_some(self.0[i].as_str())
        }

        fn row<'a>(&'a self, topics: &'a [&'a str], scores: &'a [f32], error: bool) -> Row<'a> {
            Row {
                source: &self.0[0],
                item: 7,
                title: self.opt(1),
                lang: &self.0[2],
                confidence: 0.98765,
                topics,
                scores,
                id: self.opt(3),
                text: &self.0[4],
                date: self.opt(5),
                url: self.opt(6),
                error: if error { Some(&self.0[7]) } else { None },
                extra_json: None,
            }
        }
    }

    /// The record as the csv crate writes it from its fields.
    fn expected(r: &Row<'_>, text: bool) -> Vec<u8> {
        let mut fields = vec![r.source.to_string(), r.item.to_string()];
        let item = [
            r.id.unwrap_or(""),
            r.text,
            r.date.unwrap_or(""),
            r.url.unwrap_or(""),
        ];
        let item = item
            .iter()
            .enumerate()
            .filter(|&(i, _)| text || i != 1)
            .map(|(_, s)| s.to_string());
        if let Some(e) = r.error {
            fields.extend(std::iter::repeat_n(String::new(), 4 + r.scores.len()));
            fields.push(r.id.unwrap_or("").to_string());
            fields.extend(std::iter::repeat_n(String::new(), 2 + usize::from(text)));
            fields.push(e.to_string());
        } else {
            fields.extend([
                r.title.unwrap_or("").to_string(),
                r.lang.to_string(),
                format!("{:.3}", r.confidence),
                r.topics.join(";"),
            ]);
            fields.extend(r.scores.iter().map(|p| format!("{p:.4}")));
            fields.extend(item);
            fields.push(String::new());
        }
        by_csv_crate(&[fields])
    }

    /// The object as the command built it with `serde_json` before rows were formatted by
    /// hand (its map sorts keys), with the new keys.
    fn json_value(r: &Row<'_>, topics: &[String], text: bool) -> serde_json::Value {
        if let Some(e) = r.error {
            let mut obj = serde_json::json!({"error": e, "item": r.item, "source": r.source});
            if let Some(id) = r.id {
                obj["id"] = serde_json::json!(id);
            }
            return obj;
        }
        let scores: serde_json::Map<String, serde_json::Value> = topics
            .iter()
            .zip(r.scores)
            .map(|(t, p)| {
                (
                    t.clone(),
                    serde_json::json!((*p as f64 * 1e4).round() / 1e4),
                )
            })
            .collect();
        let mut obj = serde_json::json!({
            "source": r.source,
            "item": r.item,
            "title": r.title,
            "lang": r.lang,
            "confidence": (r.confidence * 1e3).round() / 1e3,
            "topics": r.topics,
            "id": r.id,
            "date": r.date,
            "url": r.url,
        });
        if !topics.is_empty() {
            obj["scores"] = serde_json::Value::Object(scores);
        }
        if text {
            obj["text"] = serde_json::json!(r.text);
        }
        obj
    }

    fn by_serde_json(r: &Row<'_>, topics: &[String], text: bool) -> Vec<u8> {
        let mut out = serde_json::to_vec(&json_value(r, topics, text)).expect("serialize");
        out.push(b'\n');
        out
    }

    fn layout(topics: &[String], text: bool) -> Layout {
        let l = Layout::new(topics.to_vec());
        if text {
            l
        } else {
            l.without_text()
        }
    }

    proptest! {
        #[test]
        fn records_are_what_the_csv_crate_writes(
            fields in proptest::collection::vec(texts(), 8),
            topics in proptest::collection::vec(texts(), 0..4),
            scores in proptest::collection::vec(0.0f32..=1.0, 0..5),
            text: bool,
            error: bool,
        ) {
            let names: Vec<String> = (0..scores.len()).map(|i| format!("t{i}")).collect();
            let topics: Vec<&str> = topics.iter().map(String::as_str).collect();
            let fields = Fields(fields);
            let r = fields.row(&topics, &scores, error);
            let mut out = Vec::new();
            layout(&names, text).push_csv_record(&mut out, &r);
            prop_assert_eq!(out, expected(&r, text));
        }

        #[test]
        fn headers_are_what_the_csv_crate_writes(
            topics in proptest::collection::vec(texts(), 0..4),
            text: bool,
        ) {
            let mut out = Vec::new();
            layout(&topics, text).push_csv_header(&mut out);
            let mut fields: Vec<String> = CSV_COLUMNS.iter().map(|s| s.to_string()).collect();
            fields.extend(topics);
            fields.extend(ITEM_COLUMNS.iter().filter(|&&c| text || c != "text").map(|s| s.to_string()));
            prop_assert_eq!(out, by_csv_crate(&[fields]));
        }

        #[test]
        fn jsonl_objects_are_what_serde_json_writes(
            fields in proptest::collection::vec(json_texts(), 8),
            topics in proptest::collection::btree_set(json_texts(), 0..6),
            scores in proptest::collection::vec(0.0f32..=1.0, 6),
            assigned in proptest::collection::vec(json_texts(), 0..3),
            confidence in 0.0f64..=1.0,
            item: u64,
            text: bool,
            error: bool,
        ) {
            // Unique names, in an order that is not the sorted one.
            let topics: Vec<String> = topics.into_iter().rev().collect();
            let assigned: Vec<&str> = assigned.iter().map(String::as_str).collect();
            let fields = Fields(fields);
            let mut r = fields.row(&assigned, &scores[..topics.len()], error);
            r.confidence = confidence;
            r.item = item;
            let mut out = Vec::new();
            layout(&topics, text).push_jsonl_record(&mut out, &r);
            prop_assert_eq!(
                String::from_utf8(out).expect("UTF-8"),
                String::from_utf8(by_serde_json(&r, &topics, text)).expect("UTF-8")
            );
        }
    }

    /// A row of `detect` (no scores), one with awkward text, and an error row, side by side.
    #[test]
    fn fixed_records() {
        let fields = Fields(
            [
                "pages/a,b.html",
                "He said \"no\"\r\n",
                "es",
                "id-1",
                "He said \"no\"\r\nand left",
                "",
                "https://example.org/a?b=1,2",
                "t.csv:3: invalid UTF-8",
            ]
            .map(String::from)
            .to_vec(),
        );
        let topics = ["trade", "energy;gas"];
        let names: Vec<String> = (0..4).map(|i| format!("t{i}")).collect();
        let layout = Layout::new(names);
        let r = fields.row(&topics, &[0.5, 1.0, 0.0, 0.00005], false);
        let mut out = Vec::new();
        layout.push_csv_record(&mut out, &r);
        assert_eq!(
            String::from_utf8(out.clone()).expect("utf8"),
            "\"pages/a,b.html\",7,\"He said \"\"no\"\"\r\n\",es,0.988,trade;energy;gas,\
             0.5000,1.0000,0.0000,0.0000,id-1,\"He said \"\"no\"\"\r\nand left\",,\
             \"https://example.org/a?b=1,2\",\n"
        );
        assert_eq!(out, expected(&r, true));
        out.clear();
        layout.push_csv_record(&mut out, &fields.row(&[], &[0.0; 4], true));
        assert_eq!(
            String::from_utf8(out.clone()).expect("utf8"),
            "\"pages/a,b.html\",7,,,,,,,,,id-1,,,,t.csv:3: invalid UTF-8\n"
        );
        let detect = fields.row(&[], &[], false);
        out.clear();
        Layout::new(vec![]).push_csv_record(&mut out, &detect);
        assert_eq!(out, expected(&detect, true));
        out.clear();
        Layout::new(vec!["b".into(), "a".into()]).push_jsonl_record(&mut out, &r);
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "{\"confidence\":0.988,\"date\":null,\"id\":\"id-1\",\"item\":7,\"lang\":\"es\",\
             \"scores\":{\"a\":1.0,\"b\":0.5},\"source\":\"pages/a,b.html\",\
             \"text\":\"He said \\\"no\\\"\\r\\nand left\",\"title\":\"He said \\\"no\\\"\\r\\n\",\
             \"topics\":[\"trade\",\"energy;gas\"],\"url\":\"https://example.org/a?b=1,2\"}\n"
        );
    }

    /// A CSV for spreadsheets guards each text cell that would run as a formula, and only
    /// those; numbers and JSON Lines are never guarded.
    #[test]
    fn cells_that_would_run_as_formulas_are_guarded_for_spreadsheets() {
        let cases = [
            (
                "=HYPERLINK(\"https://x.example\",\"ok\")",
                "\"'=HYPERLINK(\"\"https://x.example\"\",\"\"ok\"\")\"",
            ),
            ("+7 per cent", "'+7 per cent"),
            ("-5% in gas exports", "'-5% in gas exports"),
            ("@ministry said", "'@ministry said"),
            ("\tcmd", "'\tcmd"),
            ("Gas talks = progress", "Gas talks = progress"),
            ("", ""),
        ];
        let names = vec!["=risk".to_string(), "trade".to_string()];
        for (cell, want) in cases {
            let fields = Fields(vec![cell.to_string(); 8]);
            let r = fields.row(&["=risk"], &[0.5, 0.25], false);
            let mut out = Vec::new();
            Layout::new(names.clone())
                .for_spreadsheets()
                .push_csv_record(&mut out, &r);
            let got = String::from_utf8(out).expect("utf8");
            let cells = format!(
                "{want},7,{want},{want},0.988,'=risk,0.5000,0.2500,{want},{want},{want},{want},\n"
            );
            assert_eq!(got, cells, "{cell:?}");
            // Without the guard, the cells are as given.
            let mut plain = Vec::new();
            Layout::new(names.clone()).push_csv_record(&mut plain, &r);
            assert_eq!(plain, expected(&r, true), "{cell:?}");
        }
        let mut header = Vec::new();
        Layout::new(names.clone())
            .for_spreadsheets()
            .push_csv_header(&mut header);
        assert!(String::from_utf8(header)
            .expect("utf8")
            .contains(",'=risk,trade,"));
        let fields = Fields(vec!["=SUM(1)".to_string(); 8]);
        let r = fields.row(&[], &[0.5, 0.25], false);
        let (mut guarded, mut plain) = (Vec::new(), Vec::new());
        Layout::new(names.clone())
            .for_spreadsheets()
            .push_jsonl_record(&mut guarded, &r);
        Layout::new(names).push_jsonl_record(&mut plain, &r);
        assert_eq!(guarded, plain);
    }

    /// Each ASCII character and a few longer ones, at each place of a string that spans
    /// the eight-byte steps, comes out as `serde_json` writes it.
    #[test]
    fn json_strings_escape_at_every_position() {
        let specials = (0u8..0x80).map(char::from).chain(['é', '€', '🛢', '\u{7f}']);
        for c in specials {
            for at in 0..18 {
                let mut s: String = "abcdefghijklmnopq".chars().take(at).collect();
                s.push(c);
                s.push_str("rstuvwxyz0123456");
                let mut fast = Vec::new();
                push_json_string(&mut fast, &s);
                let slow = serde_json::to_vec(&s).expect("serialize");
                assert_eq!(fast, slow, "{c:?} at {at}");
            }
        }
        // Every byte value at every place of a clean word, and random words.
        let clean = u64::from_le_bytes(*b"abcdefgh");
        let mut next = crate::testutil::xorshift(7);
        let words = (0..8)
            .flat_map(|k| (0..=255u64).map(move |b| clean & !(0xff << (8 * k)) | b << (8 * k)))
            .chain((0..100_000).map(|_| next()));
        for w in words {
            let has = w
                .to_le_bytes()
                .iter()
                .any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            assert_eq!(needs_json_escape(w), has, "{w:#x}");
        }
    }

    /// Every probability the command can print (each 4-decimal value, its neighbouring `f32`s
    /// and the ties at multiples of 1/32) and every 3-decimal confidence come out as
    /// `serde_json` writes the rounded `f64`.
    #[test]
    fn rounded_numbers_are_what_serde_json_writes() {
        let check = |x: f64, scale: f64| {
            let mut fast = Vec::new();
            push_json_rounded(&mut fast, x, scale);
            let slow = serde_json::to_vec(&((x * scale).round() / scale)).expect("serialize");
            assert_eq!(
                String::from_utf8(fast).expect("ASCII"),
                String::from_utf8(slow).expect("ASCII"),
                "{x:e} at scale {scale}"
            );
        };
        for k in 0..=10_000u32 {
            let p = k as f32 / 1e4;
            for q in [
                p,
                f32::from_bits(p.to_bits() + 1),
                f32::from_bits(p.to_bits().saturating_sub(1)),
            ] {
                check(f64::from(q), 1e4);
            }
            check(f64::from(k) / 1e4, 1e3);
        }
        (0..=32).for_each(|k| check(f64::from(k) / 32.0, 1e4));
        [-0.0, -0.25, 1.5, f64::NAN, f64::INFINITY, 0.00049, 0.9995]
            .into_iter()
            .for_each(|x| {
                check(x, 1e4);
                check(x, 1e3);
            });
    }

    /// Checked over every `f32` from 0 to 1 once (1,065,353,217 values, no difference); here a
    /// stride through them, the ties (multiples of 1/32) and the values outside 0..=1.
    #[test]
    fn probabilities_print_as_core_fmt_does() {
        let check = |p: f32| {
            let mut fast = Vec::new();
            push_probability(&mut fast, p);
            assert_eq!(
                String::from_utf8(fast).expect("ASCII"),
                format!("{p:.4}"),
                "bits {:#x}",
                p.to_bits()
            );
        };
        let one = 1.0f32.to_bits();
        (0..=one)
            .step_by(4093)
            .for_each(|b| check(f32::from_bits(b)));
        (0..=32).for_each(|k| check(k as f32 / 32.0));
        [
            0.000_05,
            0.999_95,
            0.5,
            1.0,
            0.0,
            -0.0,
            -0.25,
            1.000_000_1,
            2.5,
            f32::NAN,
            f32::INFINITY,
        ]
        .into_iter()
        .for_each(check);
    }
}
