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

/// CSV and JSON Lines rows carry the item: its id (`--id-col`, or a column named `id`), the
/// text that was tagged (title and text), date and url (empty when unknown) and an `error`;
/// `--no-text` leaves the text out.
#[test]
fn rows_carry_id_text_date_and_url() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        format!("key,id,title,text\nk-1,a,Gas talks,\"{ENGLISH}, again\"\nk-2,b,,{SPANISH}\n"),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["tag", "-q", "--model", "models/foreign-policy.model"];
        args.extend_from_slice(extra);
        args.push(input.to_str().unwrap());
        let o = topictag(&args);
        assert_exit(&o, 0);
        o
    };
    let o = run(&["--id-col", "key"]);
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let topics = [
        "energy",
        "security",
        "trade",
        "integration",
        "diplomacy",
        "politics",
    ];
    let mut expected: Vec<&str> = vec!["source", "item", "title", "lang", "confidence", "topics"];
    let mut sorted = header[6..12].to_vec();
    sorted.sort();
    let mut want: Vec<&str> = topics.to_vec();
    want.sort();
    assert_eq!(sorted, want, "a score column per topic");
    expected.extend(header[6..12].iter().map(String::as_str));
    expected.extend(["id", "text", "date", "url", "error"]);
    assert_eq!(header, expected);
    let recs: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(
        &recs[0][12..],
        ["k-1", &format!("Gas talks\n{ENGLISH}, again"), "", "", ""]
    );
    assert_eq!(&recs[1][12..], ["k-2", SPANISH, "", "", ""]);

    // The `id` column by default; JSON Lines with the same keys; --no-text.
    let o = run(&["--format", "jsonl"]);
    let rows = jsonl(&o);
    assert_eq!(rows[0]["id"], "a");
    assert_eq!(rows[1]["id"], "b");
    assert_eq!(rows[0]["text"], format!("Gas talks\n{ENGLISH}, again"));
    assert_eq!(
        (&rows[0]["date"], &rows[0]["url"]),
        (&serde_json::Value::Null, &serde_json::Value::Null)
    );
    assert!(rows[0].get("error").is_none());
    let o = run(&["--format", "jsonl", "--no-text"]);
    let compact = jsonl(&o);
    for (c, full) in compact.iter().zip(&rows) {
        assert!(c.get("text").is_none());
        let mut full = full.clone();
        full.as_object_mut().unwrap().remove("text");
        assert_eq!(c, &full, "only the text is left out");
    }
    let o = run(&["--no-text"]);
    assert!(stdout(&o).starts_with("source,item,title,lang,confidence,topics,"));
    assert!(stdout(&o)
        .lines()
        .next()
        .unwrap()
        .ends_with(",id,date,url,error"));

    // A missing id column is an error row for that file, naming the flag.
    let o = topictag(&[
        "tag",
        "-q",
        "--id-col",
        "doc",
        "--format",
        "jsonl",
        input.to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0]["error"]
            .as_str()
            .unwrap()
            .contains("no id column 'doc' (--id-col"),
        "{}",
        rows[0]
    );
}

/// A headline typed or piped in is tagged, and so is every line of a list pasted one headline
/// per line; a page with text but nothing to tag is an error row naming it (exit 1), never
/// silence (an empty page gives no rows, as an empty CSV does: `tests/robustness.rs`).
#[test]
fn a_headline_piped_in_is_tagged_and_an_empty_page_is_an_error() {
    let o = topictag_stdin(
        &["tag", "-q", "-f", "jsonl"],
        b"Navy ships shadow a tanker near the strait\n",
    );
    assert_exit(&o, 0);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 1, "{}", stdout(&o));
    assert_eq!(
        rows[0]["title"],
        "Navy ships shadow a tanker near the strait"
    );

    let list = "Parliament Elects a New Speaker After a Week of Votes\n\
                Two Neighbours Reopen Their Border Crossing for Trucks\n\
                The Central Bank Holds Its Rate for a Third Month\n\
                A Ceasefire Holds in the Valley After Talks\n";
    let o = topictag_stdin(&["tag", "-q", "-f", "jsonl", "--no-text"], list.as_bytes());
    assert_exit(&o, 0);
    let titles: Vec<String> = jsonl(&o).iter().map(|r| r["title"].to_string()).collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(titles[0].contains("Parliament Elects"), "{titles:?}");

    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("markers.txt");
    std::fs::write(&page, "Read more »\n\n* * *\n").unwrap();
    let o = topictag(&["tag", "-q", "-f", "jsonl", page.to_str().unwrap()]);
    assert_exit(&o, 1);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 1);
    let error = rows[0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("markers.txt: nothing to tag: "), "{error}");

    // A text typed where a file name goes: the error says how to tag a text.
    let o = topictag(&["tag", "-q", "Navy ships shadow a tanker"]);
    assert_exit(&o, 1);
    assert!(stdout(&o).contains("no such file; to tag a text itself, pipe it in"));
}

/// Every input row gives one output row, in order; unreadable ones an error row (CSV: the
/// `error` column and the row's id, other result fields empty), and the exit code is 1.
#[test]
fn every_input_row_gives_one_output_row() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let mut data = format!("id,text\n1,{ENGLISH}\n2,\"bad ").into_bytes();
    data.extend_from_slice(b"\xff byte\"\n3,");
    data.extend_from_slice(SPANISH.as_bytes());
    data.push(b'\n');
    std::fs::write(&input, data).unwrap();
    let o = topictag(&["tag", "-q", "--no-text", input.to_str().unwrap()]);
    assert_exit(&o, 1);
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    let recs: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 3);
    let last = recs[0].len() - 1;
    let ids: Vec<&str> = recs.iter().map(|r| &r[last - 3]).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!((&recs[0][3], &recs[2][3]), ("en", "es"));
    assert_eq!(&recs[1][1], "2");
    assert!(
        recs[1][last].contains("in.csv:3: field 'text': invalid UTF-8"),
        "{:?}",
        recs[1]
    );
    // Every other field of the error row is empty: the id is the one kept.
    assert!(
        recs[1]
            .iter()
            .enumerate()
            .skip(2)
            .take(last - 2)
            .all(|(i, f)| f.is_empty() || i == last - 3),
        "{:?}",
        recs[1]
    );
    assert!(recs[0][last].is_empty() && recs[2][last].is_empty());
    assert!(stderr(&o).contains("in.csv:3: field 'text': invalid UTF-8"));

    // detect too.
    let o = topictag(&["detect", "-q", "--format", "jsonl", input.to_str().unwrap()]);
    assert_exit(&o, 1);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 3);
    assert!(rows[1]["error"].is_string() && rows[0]["id"] == "1" && rows[2]["lang"] == "es");
}

/// `TOPICTAG_MODEL` is the model of `tag`, `eval` and `inspect` when no `--model` is given,
/// `--model` still wins, and a variable pointing nowhere is a clear usage error.
#[test]
fn topictag_model_is_honoured_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("mini.model");
    let data = root().join("tests/fixtures/mini.csv");
    let o = topictag(&[
        "-q",
        "train",
        "--data",
        data.to_str().unwrap(),
        "--out",
        model.to_str().unwrap(),
        "--min-df",
        "1",
        "--folds",
        "0",
    ]);
    assert_exit(&o, 0);
    let with_env = |args: &[&str], value: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_topictag"))
            .args(args)
            .current_dir(root())
            .env("TOPICTAG_MODEL", value)
            .output()
            .expect("run topictag")
    };
    let o = with_env(&["inspect", "--json"], &model);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["file"], model.to_str().unwrap());
    assert_eq!(v["meta"]["trained_items"], 24);
    let o = with_env(
        &["eval", "--json", "--data", data.to_str().unwrap()],
        &model,
    );
    assert_exit(&o, 0);
    let o = with_env(
        &["tag", "-q", "--format", "jsonl", "examples/digest.txt"],
        &model,
    );
    assert_exit(&o, 0);
    let env_rows = jsonl(&o);
    let o = with_env(
        &[
            "tag",
            "-q",
            "--format",
            "jsonl",
            "--model",
            model.to_str().unwrap(),
            "examples/digest.txt",
        ],
        Path::new("elsewhere.model"),
    );
    assert_exit(&o, 0);
    assert_eq!(jsonl(&o), env_rows, "--model wins over TOPICTAG_MODEL");
    let shipped = tag_jsonl(&[Path::new("examples/digest.txt")], &[]);
    assert_ne!(shipped, env_rows, "the variable changed the model");

    let missing = dir.path().join("gone.model");
    for args in [
        &["tag", "examples/digest.txt"][..],
        &["inspect"],
        &["eval", "--data", "x.csv"],
    ] {
        let o = with_env(args, &missing);
        assert_exit_case(&o, 2, args[0]);
        let err = stderr(&o);
        assert!(
            err.contains("TOPICTAG_MODEL is set to") && err.contains("gone.model"),
            "{err}"
        );
    }
}
