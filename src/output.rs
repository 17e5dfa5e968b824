//! The rows `topictag tag` and `topictag detect` write, as CSV records formatted straight into
//! a byte buffer.
//!
//! A tagged row has 6 + (number of topics) fields, 96 with a 90-topic model; going through
//! `csv::Writer` field by field (its quoting check, its buffer) cost more than tagging some of
//! the texts. Here only the text fields are checked for quoting, numbers are written as they
//! are, and the bytes are exactly those `csv::Writer` with its default settings writes (tested
//! against it). The throughput benchmark formats with the same functions as the command.

use std::io::Write as _;

/// One output row.
#[derive(Clone, Copy, Debug)]
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

/// The columns before the topic scores.
pub const CSV_COLUMNS: [&str; 6] = ["source", "item", "title", "lang", "confidence", "topics"];

/// Whether `csv::Writer`, by default, quotes a field of these bytes: when it holds a comma, a
/// quote, a carriage return or a line feed.
fn needs_quotes(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// Append `field` as `csv::Writer` writes it by default: in double quotes (inner quotes
/// doubled) when it holds a comma, a quote, a carriage return or a line feed; as it is
/// otherwise.
pub fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    let bytes = field.as_bytes();
    if needs_quotes(bytes) {
        out.push(b'"');
        for &b in bytes {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(bytes);
    }
}

/// Append the CSV header of rows scored on `topics` (none: `detect`'s header).
pub fn push_csv_header(out: &mut Vec<u8>, topics: &[String]) {
    let names = CSV_COLUMNS
        .iter()
        .copied()
        .chain(topics.iter().map(String::as_str));
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_csv_field(out, name);
    }
    out.push(b'\n');
}

/// Append `row` as one CSV record: source, item, title, lang, confidence (3 decimals), the
/// topics joined by `;`, then each score with 4 decimals.
pub fn push_csv_record(out: &mut Vec<u8>, row: &Row<'_>) {
    push_csv_field(out, row.source);
    write!(out, ",{},", row.item).expect("writing to a Vec");
    push_csv_field(out, row.title.unwrap_or(""));
    out.push(b',');
    push_csv_field(out, row.lang);
    write!(out, ",{:.3},", row.confidence).expect("writing to a Vec");
    // Joined in place, then quoted if a topic name needs it (rare: names are the user's).
    let joined = out.len();
    for (k, t) in row.topics.iter().enumerate() {
        if k > 0 {
            out.push(b';');
        }
        out.extend_from_slice(t.as_bytes());
    }
    if needs_quotes(&out[joined..]) {
        let topics = String::from_utf8(out.split_off(joined)).expect("topic names are UTF-8");
        push_csv_field(out, &topics);
    }
    for &p in row.scores {
        out.push(b',');
        push_probability(out, p);
    }
    out.push(b'\n');
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
    let digit = |d: u32| b'0' + d as u8;
    out.extend_from_slice(&[
        digit(v / 10_000),
        b'.',
        digit(v / 1000 % 10),
        digit(v / 100 % 10),
        digit(v / 10 % 10),
        digit(v % 10),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    fn row<'a>(fields: &'a [String], topics: &'a [&'a str], scores: &'a [f32]) -> Row<'a> {
        Row {
            source: &fields[0],
            item: 7,
            title: (!fields[1].is_empty()).then_some(fields[1].as_str()),
            text: "unused",
            lang: &fields[2],
            confidence: 0.98765,
            topics,
            scores,
        }
    }

    /// The record as the csv crate writes it from its fields.
    fn expected(r: &Row<'_>) -> Vec<u8> {
        let mut fields = vec![
            r.source.to_string(),
            r.item.to_string(),
            r.title.unwrap_or("").to_string(),
            r.lang.to_string(),
            format!("{:.3}", r.confidence),
            r.topics.join(";"),
        ];
        fields.extend(r.scores.iter().map(|p| format!("{p:.4}")));
        by_csv_crate(&[fields])
    }

    proptest! {
        #[test]
        fn records_are_what_the_csv_crate_writes(
            fields in proptest::collection::vec(texts(), 3),
            topics in proptest::collection::vec(texts(), 0..4),
            scores in proptest::collection::vec(0.0f32..=1.0, 0..5),
        ) {
            let topics: Vec<&str> = topics.iter().map(String::as_str).collect();
            let r = row(&fields, &topics, &scores);
            let mut out = Vec::new();
            push_csv_record(&mut out, &r);
            prop_assert_eq!(out, expected(&r));
        }

        #[test]
        fn headers_are_what_the_csv_crate_writes(topics in proptest::collection::vec(texts(), 0..4)) {
            let mut out = Vec::new();
            push_csv_header(&mut out, &topics);
            let mut fields: Vec<String> = CSV_COLUMNS.iter().map(|s| s.to_string()).collect();
            fields.extend(topics);
            prop_assert_eq!(out, by_csv_crate(&[fields]));
        }
    }

    /// A row of `detect` (no scores) and one with awkward text, written side by side.
    #[test]
    fn fixed_records() {
        let fields = [
            "pages/a,b.html".to_string(),
            "He said \"no\"\r\n".into(),
            "es".into(),
        ];
        let topics = ["trade", "energy;gas"];
        let r = row(&fields, &topics, &[0.5, 1.0, 0.0, 0.00005]);
        let mut out = Vec::new();
        push_csv_record(&mut out, &r);
        assert_eq!(
            String::from_utf8(out.clone()).expect("utf8"),
            "\"pages/a,b.html\",7,\"He said \"\"no\"\"\r\n\",es,0.988,trade;energy;gas,0.5000,1.0000,0.0000,0.0000\n"
        );
        assert_eq!(out, expected(&r));
        let detect = row(&fields, &[], &[]);
        out.clear();
        push_csv_record(&mut out, &detect);
        assert_eq!(out, expected(&detect));
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
