//! The command line as a pipeline stage: results that do not depend on how the input is split
//! (`--lang-hint`), and rows that carry the item.
//!
//! Every text here is written for these tests.

mod util;

use std::path::Path;
use util::*;

/// `topictag tag` with the shipped model, JSON Lines out, `extra` flags; the rows.
fn tag_jsonl(inputs: &[&Path], extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec![
        "tag",
        "-q",
        "--model",
        "models/foreign-policy.model",
        "--format",
        "jsonl",
    ];
    args.extend_from_slice(extra);
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    let o = topictag(&args);
    assert_exit(&o, 0);
    jsonl(&o)
}

const ENGLISH: &str =
    "The foreign ministers met to discuss the new gas pipeline and border security";
const SPANISH: &str =
    "Los ministros de exteriores se reunieron para hablar del nuevo gasoducto y la frontera";

/// A CSV of `n` rows: `odd` at the 1-based rows in `at`, `text(row)` elsewhere.
fn csv_file(path: &Path, n: usize, text: impl Fn(usize) -> &'static str, odd: &str, at: &[usize]) {
    let mut s = String::from("text\n");
    for i in 1..=n {
        s.push_str(if at.contains(&i) { odd } else { text(i) });
        s.push('\n');
    }
    std::fs::write(path, s).unwrap();
}

/// An undetermined short text takes its own file's language (that of its first 2,048 rows),
/// also past the reader's first chunk, whatever the other rows of its chunk are; the same with
/// one thread or two; none with `--lang-hint off`.
#[test]
fn lang_hint_is_per_file_and_independent_of_chunks_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("a_en.csv");
    let es = dir.path().join("b_es.csv");
    csv_file(&en, 300, |_| ENGLISH, "2024", &[7]);
    // 2,100 rows, Spanish up to row 2,048 and English after: the reader's chunks hold 2,048
    // rows, so rows 1,800 and 2,090 are tagged in different chunks, and row 2,090's chunk is
    // mostly English; the file's hint is still Spanish.
    let text = |i| if i <= 2048 { SPANISH } else { ENGLISH };
    csv_file(&es, 2100, text, "2024", &[1, 1800, 2090]);
    let code = |rows: &[serde_json::Value], file: &Path, item: u64| -> String {
        let file = file.to_str().unwrap();
        let row = rows
            .iter()
            .find(|r| r["source"] == file && r["item"] == item)
            .unwrap_or_else(|| panic!("no row {file} {item}"));
        row["lang"].as_str().unwrap().to_string()
    };
    let mut runs = Vec::new();
    for threads in ["1", "2"] {
        let rows = tag_jsonl(&[&en, &es], &["--threads", threads]);
        assert_eq!(rows.len(), 2400);
        assert_eq!(code(&rows, &en, 7), "en");
        for item in [1, 1800, 2090] {
            assert_eq!(code(&rows, &es, item), "es", "item {item}");
        }
        assert_eq!(code(&rows, &es, 2), "es");
        runs.push(rows);
    }
    assert_eq!(runs[0], runs[1], "one thread and two give the same rows");
    // Each file alone gives its rows the same languages as both together.
    let alone = tag_jsonl(&[&es], &[]);
    assert_eq!(alone, runs[0][300..], "the Spanish file alone");

    let off = tag_jsonl(&[&en, &es], &["--lang-hint", "off"]);
    assert_eq!(code(&off, &en, 7), "und");
    for item in [1, 1800, 2090] {
        assert_eq!(code(&off, &es, item), "und", "item {item}");
    }
    // Only the undetermined rows differ.
    let differ = off.iter().zip(&runs[0]).filter(|(a, b)| a != b).count();
    assert_eq!(differ, 4);
}
