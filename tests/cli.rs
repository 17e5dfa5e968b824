//! Integration tests: the real `topictag` binary on fixture files in temporary folders.
//!
//! Fixtures under `tests/fixtures/`, `examples/` and `training/` are written by the team.
//! Tests whose name contains `shared` read `../shared/` and skip with a notice when it is absent.

mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use util::*;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Train on `mini.csv` (min_df 1, 2 folds, plus `extra`) into `dir/name`; the run's output.
fn run_train_mini(dir: &Path, name: &str, extra: &[&str]) -> (PathBuf, Output) {
    let out = dir.join(name);
    let data = fixture("mini.csv");
    let mut args = vec![
        "-q",
        "train",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--min-df",
        "1",
        "--folds",
        "2",
    ];
    args.extend_from_slice(extra);
    let o = topictag(&args);
    (out, o)
}

/// [`run_train_mini`], which must succeed; the model's path.
fn train_mini(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let (out, o) = run_train_mini(dir, name, extra);
    assert_exit(&o, 0);
    out
}

/// `topictag tag` of the example digest with `model`, as JSON Lines.
fn tag_example_digest(model: &Path) -> Output {
    topictag(&[
        "tag",
        "-q",
        "--model",
        model.to_str().unwrap(),
        "--format",
        "jsonl",
        "examples/digest.txt",
    ])
}

fn topics_of(row: &serde_json::Value) -> Vec<String> {
    row["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn readme_command_tags_the_example_digest_with_the_shipped_model() {
    let o = topictag(&["tag", "examples/digest.txt", "--format", "jsonl"]);
    assert_exit(&o, 0);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 8, "{}", stdout(&o));
    let langs: Vec<&str> = rows.iter().map(|r| r["lang"].as_str().unwrap()).collect();
    assert_eq!(langs, ["en", "en", "en", "en", "es", "es", "es", "en"]);
    // Items whose topic no reader could doubt.
    for (i, topic) in [
        (0, "energy"),
        (1, "security"),
        (5, "politics"),
        (6, "energy"),
    ] {
        assert!(
            topics_of(&rows[i]).iter().any(|t| t == topic),
            "item {}: {:?}",
            i + 1,
            rows[i]
        );
    }
    assert!(
        topics_of(&rows[7]).is_empty(),
        "a wrestling festival has no topic: {:?}",
        rows[7]
    );
    for r in &rows {
        assert_eq!(r["scores"].as_object().unwrap().len(), 6);
    }
    assert!(
        stderr(&o).contains("8 items"),
        "closing summary: {}",
        stderr(&o)
    );
}

/// `--bom` starts CSV with a UTF-8 byte-order mark (for Excel) and nothing else changes; with
/// another format it is a usage error before anything is written.
#[test]
fn bom_starts_csv_for_spreadsheets() {
    let plain = topictag(&["tag", "-q", "examples/digest.txt"]);
    let bom = topictag(&["tag", "-q", "--bom", "examples/digest.txt"]);
    assert_exit(&bom, 0);
    assert_eq!(bom.stdout[..3], *b"\xef\xbb\xbf");
    assert_eq!(bom.stdout[3..], plain.stdout[..]);
    let o = topictag(&["tag", "--bom", "--format", "jsonl", "examples/digest.txt"]);
    assert_exit(&o, 2);
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("--bom applies to CSV output only"),
        "{}",
        stderr(&o)
    );
}

/// With `--bom` (a CSV for a spreadsheet), a title or text that a spreadsheet would run as a
/// formula is written with a `'` before it; without it, as given.
#[test]
fn bom_guards_cells_that_would_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hostile.jsonl");
    std::fs::write(
        &input,
        "{\"title\":\"=HYPERLINK(\\\"https://x.example\\\")\",\"text\":\"Gas talks resumed in Baku.\"}\n",
    )
    .unwrap();
    let input = input.to_str().unwrap();
    let guarded = topictag(&["tag", "-q", "--bom", "--no-text", input]);
    assert_exit(&guarded, 0);
    let csv = String::from_utf8(guarded.stdout).unwrap();
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"https://x.example\"\")\",en,"),
        "{csv}"
    );
    let plain = topictag(&["tag", "-q", "--no-text", input]);
    let csv = String::from_utf8(plain.stdout).unwrap();
    assert!(
        csv.contains(",\"=HYPERLINK(\"\"https://x.example\"\")\",en,"),
        "{csv}"
    );
}

#[test]
fn shipped_model_meets_its_floor_on_the_dev_split() {
    let o = topictag(&[
        "eval",
        "--model",
        "models/foreign-policy.model",
        "--data",
        "training/foreign_policy_dev.csv",
        "--json",
    ]);
    assert_exit(&o, 0);
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let micro = r["overall"]["micro"]["f1"].as_f64().unwrap();
    let macro_f1 = r["overall"]["macro_avg"]["f1"].as_f64().unwrap();
    assert!(micro >= 0.80, "dev micro-F1 {micro}");
    assert!(macro_f1 >= 0.80, "dev macro-F1 {macro_f1}");
    let langs: Vec<&str> = r["by_language"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l[0].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["en", "es"]);
}

/// `training/build.sh` reads the real corpora in `../shared/datasets` besides `training/`.
#[test]
fn shipped_model_matches_a_retrain_from_training_data_and_shared_corpora() {
    if !root().join("../shared/datasets").is_dir() {
        eprintln!(
            "skipped: ../shared/datasets is absent, and the shipped model is built from it too"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rebuilt.model");
    let o = Command::new("bash")
        .arg(root().join("training/build.sh"))
        .arg(&out)
        .env("TOPICTAG", env!("CARGO_BIN_EXE_topictag"))
        .output()
        .unwrap();
    assert_exit(&o, 0);
    let committed = std::fs::read(root().join("models/foreign-policy.model")).unwrap();
    let rebuilt = std::fs::read(&out).unwrap();
    assert!(
        committed == rebuilt,
        "models/foreign-policy.model differs from a retrain of training/ and ../shared/datasets: run training/build.sh and commit the result"
    );
}

#[test]
fn training_is_deterministic_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let a = train_mini(dir.path(), "a.model", &[]);
    let b = train_mini(dir.path(), "b.model", &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // The labelled file may also be the first argument, and -o the output.
    let c = dir.path().join("c.model");
    let data = fixture("mini.csv");
    let (data, c_arg) = (data.to_str().unwrap(), c.to_str().unwrap());
    let o = topictag(&[
        "-q", "train", data, "-o", c_arg, "--min-df", "1", "--folds", "2",
    ]);
    assert_exit(&o, 0);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
    let o = topictag(&["-q", "eval", "-m", c_arg, data]);
    assert_exit(&o, 0);
    let o = topictag(&["-q", "train", data, "--data", data, "-o", c_arg]);
    assert_exit(&o, 2);
    // A model named in a folder that does not exist fails before training, saying so.
    let lost = dir.path().join("no-such-folder/m.model");
    let o = topictag(&["-q", "train", data, "-o", lost.to_str().unwrap()]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("no-such-folder does not exist (create it first)"),
        "{}",
        stderr(&o)
    );
    let o = topictag(&["inspect", a.to_str().unwrap()]);
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains("trained on  mini.csv (24 items, seed 42)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn character_n_grams_are_trained_stored_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let out = train_mini(
        dir.path(),
        "chars.model",
        &["--char-grams", "2-4", "--char-weight", "0.7"],
    );
    let o = topictag(&["inspect", out.to_str().unwrap(), "--terms", "40"]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(text.contains("character 2-4-grams (weight 0.7)"), "{text}");
    // Grams are shown in brackets, padding visible, among the strongest columns.
    assert!(text.contains("[ ") || text.contains(" ]"), "{text}");
    let o = tag_example_digest(&out);
    assert_exit(&o, 0);
    assert_eq!(jsonl(&o).len(), 8);
    // Every column, fitted through the items' span: deterministic too.
    let all = [
        "--char-grams",
        "2-4",
        "--features-per-topic",
        "all",
        "--features-per-positive",
        "all",
    ];
    let a = train_mini(dir.path(), "all-a.model", &all);
    let b = train_mini(dir.path(), "all-b.model", &all);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let o = tag_example_digest(&a);
    assert_exit(&o, 0);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 8);
    // A 24-item model: the gas pipeline item gets energy among its topics.
    assert!(
        topics_of(&rows[0]).contains(&"energy".to_string()),
        "{}",
        stdout(&o)
    );
    // A range the flag cannot take is a usage error that says why.
    for bad in ["5-2", "0-3", "2-99", "three"] {
        let (_, o) = run_train_mini(dir.path(), "bad.model", &["--char-grams", bad]);
        assert_exit(&o, 2);
        assert!(
            stderr(&o).contains("n-gram")
                || stderr(&o).contains("MIN-MAX")
                || stderr(&o).contains("length"),
            "{bad}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn naive_bayes_trains_without_debug_noise() {
    let dir = tempfile::tempdir().unwrap();
    let (out, o) = run_train_mini(
        dir.path(),
        "nb.model",
        &["--classifier", "bayes", "--alpha", "0.5"],
    );
    assert_exit(&o, 0);
    assert!(
        !stderr(&o).contains("ClassHistogram"),
        "linfa-bayes debug output leaked: {}",
        stderr(&o)
    );
    let o = topictag(&[
        "tag",
        "-q",
        "--model",
        out.to_str().unwrap(),
        "--input-format",
        "lines",
        "--format",
        "jsonl",
        "examples/digest.txt",
    ]);
    assert_exit(&o, 0);
}

#[test]
fn linear_svm_trains_deterministically_tags_and_is_named_by_inspect() {
    let dir = tempfile::tempdir().unwrap();
    let svm = ["--classifier", "svm", "--alpha", "1"];
    let a = train_mini(dir.path(), "svm-a.model", &svm);
    let b = train_mini(dir.path(), "svm-b.model", &svm);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let o = topictag(&["inspect", a.to_str().unwrap()]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("classifier  svm"), "{}", stdout(&o));
    let o = tag_example_digest(&a);
    assert_exit(&o, 0);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 8);
    // Probabilities, not raw margins: every score between 0 and 1.
    for r in &rows {
        for (_, p) in r["scores"].as_object().unwrap() {
            let p = p.as_f64().unwrap();
            assert!((0.0..=1.0).contains(&p), "{r}");
        }
    }
    // The gas pipeline item gets energy among its topics.
    assert!(
        topics_of(&rows[0]).contains(&"energy".to_string()),
        "{}",
        stdout(&o)
    );
}

#[test]
fn eval_cross_validates_and_reports_per_language() {
    let data = fixture("mini.csv");
    let o = topictag(&[
        "-q",
        "eval",
        "--cv",
        "3",
        "--data",
        data.to_str().unwrap(),
        "--min-df",
        "1",
    ]);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("all languages: 24 items"), "{out}");
    assert!(
        out.contains("language en: 12 items") && out.contains("language es: 12 items"),
        "{out}"
    );
}

/// `eval --cv` on a one-row file: an error that says why (exit 2), never a panic (issue #17).
#[test]
fn eval_cv_on_one_item_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("one.csv");
    std::fs::write(&data, "text,topics\nGas pipeline deal signed,energy\n").unwrap();
    let o = topictag(&[
        "-q",
        "eval",
        "--cv",
        "2",
        "--min-df",
        "1",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(
        err.starts_with("topictag: error: ") && !err.contains("panicked"),
        "{err}"
    );
    assert!(
        err.contains("2 folds of cross-validation need at least 2 items (got 1)"),
        "{err}"
    );
}

#[test]
fn tag_streams_csv_and_jsonl_and_reports_bad_records() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_mini(dir.path(), "m.model", &[]);
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"title\":\"Troops at the border\",\"text\":\"Soldiers and tanks moved to the border after an attack.\"}\n\
         this is not json\n\
         {\"text\":\"Las exportaciones de soja a China crecieron y subieron los aranceles.\",\"lang\":\"es\"}\n",
    )
    .unwrap();
    let o = topictag(&[
        "tag",
        "--model",
        model.to_str().unwrap(),
        "--format",
        "jsonl",
        input.to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 3, "one row per input line");
    let items: Vec<Option<u64>> = rows.iter().map(|r| r["item"].as_u64()).collect();
    assert_eq!(items, [Some(1), Some(2), Some(3)]);
    assert!(rows[1]["error"]
        .as_str()
        .unwrap()
        .contains("in.jsonl:2: invalid JSON"));
    assert_eq!(rows[2]["lang"], "es");
    assert!(
        stderr(&o).contains("in.jsonl:2: invalid JSON"),
        "{}",
        stderr(&o)
    );

    let csv_in = dir.path().join("in.csv");
    std::fs::write(&csv_in, "id,text\n1,Oil and gas output at the refinery fell\n2,El ejército desplegó tropas en la frontera\n").unwrap();
    let o = topictag(&[
        "tag",
        "--model",
        model.to_str().unwrap(),
        "--top",
        "1",
        csv_in.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        &header[..6],
        ["source", "item", "title", "lang", "confidence", "topics"]
    );
    let recs: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!((&recs[0][3], &recs[0][5]), ("en", "energy"));
    assert_eq!((&recs[1][3], &recs[1][5]), ("es", "security"));
}

#[test]
fn tag_out_is_atomic_and_missing_model_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tags.csv");
    std::fs::write(&out, "previous results\n").unwrap();
    let o = topictag(&[
        "tag",
        "--model",
        "no/such.model",
        "--out",
        out.to_str().unwrap(),
        "examples/digest.txt",
    ]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("no/such.model"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous results\n");

    let model = train_mini(dir.path(), "m.model", &[]);
    let o = topictag(&[
        "tag",
        "-q",
        "--model",
        model.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "examples/digest.txt",
    ]);
    assert_exit(&o, 0);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("source,item,title,lang"));
}

/// Ctrl+C while `--out` is being written: exit 130, the earlier file as it was, and no
/// temporary file left beside it.
#[cfg(unix)]
#[test]
fn interrupted_tag_leaves_the_out_file_as_it_was() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let model = train_mini(dir.path(), "m.model", &[]);
    let out = dir.path().join("tags.csv");
    std::fs::write(&out, "previous results\n").unwrap();
    // Reading stdin, which stays open: the run waits with its temporary file open.
    let child = command(&[
        "tag",
        "-q",
        "--model",
        model.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-",
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    // Held open until the run ends: `wait_with_output` would close it, and a run that reads
    // the end of its input before the signal's handler runs ends cleanly instead.
    let mut child = child;
    let stdin = child.stdin.take();
    let temporary = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".topictag-"))
            .count()
    };
    let start = std::time::Instant::now();
    while temporary() == 0 && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(temporary(), 1, "the run never opened its temporary file");
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the run did not stop on SIGINT within 30 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    drop(stdin);
    let mut stderr = Vec::new();
    std::io::Read::read_to_end(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let o = std::process::Output {
        status,
        stdout: Vec::new(),
        stderr,
    };
    assert_exit(&o, 130);
    assert_eq!(temporary(), 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous results\n");
}

#[test]
fn damaged_models_and_bad_training_files_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_mini(dir.path(), "m.model", &[]);
    let bytes = std::fs::read(&model).unwrap();
    let cut = dir.path().join("cut.model");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let o = topictag(&[
        "tag",
        "--model",
        cut.to_str().unwrap(),
        "examples/digest.txt",
    ]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("cut.model: not a usable model: truncated"),
        "{}",
        stderr(&o)
    );
    let o = topictag(&["inspect", "tests/fixtures/mini.csv"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("wrong magic bytes"), "{}", stderr(&o));

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "headline,body\nGas,Pipeline\n").unwrap();
    let o = topictag(&[
        "train",
        "--data",
        bad.to_str().unwrap(),
        "--out",
        dir.path().join("x.model").to_str().unwrap(),
    ]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("bad.csv: no labels column")
            && stderr(&o).contains("columns found: headline, body"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("x.model").exists());
}

#[test]
fn detect_reports_language_and_confidence() {
    let o = topictag(&[
        "detect",
        "--input-format",
        "lines",
        "--format",
        "jsonl",
        "tests/fixtures/mini.csv",
    ]);
    assert_exit(&o, 0);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 25);
    let es = rows.iter().filter(|r| r["lang"] == "es").count();
    assert!(es >= 12, "{es} Spanish lines");
}

#[test]
fn help_teaches_and_bad_usage_exits_2() {
    let o = topictag(&["--help"]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("Exit codes"));
    let o = topictag(&["tag", "--format", "xml"]);
    assert_exit(&o, 2);
}

/// Training rows written for this test: energy items about pipelines, security and politics
/// items, one item with two topics. `energy_known` fills the energy items' `known` cell.
fn partial_csv(energy_known: &str) -> String {
    let rows = [
        ("The pipeline carries gas to the coast", "energy"),
        ("A new pipeline for crude oil exports", "energy"),
        ("Gas prices fall as the pipeline reopens", "energy"),
        ("The oil pipeline was repaired after a leak", "energy"),
        ("Troops patrol the border after an attack", "security"),
        ("Army drills near the border alarm neighbours", "security"),
        ("Soldiers and tanks move to the front", "security"),
        ("Missile tests and troops on alert", "security"),
        ("The opposition wins the election", "politics"),
        ("Parliament votes on the new cabinet", "politics"),
        ("Voters back the ruling party in the election", "politics"),
        ("The prime minister calls an early vote", "politics"),
        (
            "Soldiers guard the refinery before the vote",
            "security;politics",
        ),
    ];
    let mut csv = String::from("text,topics,known\n");
    for (text, topics) in rows {
        let known = if topics == "energy" { energy_known } else { "" };
        csv.push_str(&format!("{text},{topics},{known}\n"));
    }
    csv
}

#[test]
fn known_column_trains_evaluates_and_rejects_bad_cells() {
    let dir = tempfile::tempdir().unwrap();
    let train = |sub: &str, csv: &str| {
        let d = dir.path().join(sub);
        std::fs::create_dir_all(&d).unwrap();
        let data = d.join("data.csv");
        std::fs::write(&data, csv).unwrap();
        let model = d.join("m.model");
        let o = topictag(&[
            "train",
            "--data",
            data.to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
            "--min-df",
            "1",
            "--folds",
            "2",
            "-q",
        ]);
        (data, model, o)
    };
    // Empty known cells, and no column at all, train the same model byte for byte.
    let (_, full, o) = train("full", &partial_csv(""));
    assert_exit(&o, 0);
    assert!(!stdout(&o).contains("known"), "{}", stdout(&o));
    let no_column: String = partial_csv("")
        .lines()
        .map(|l| format!("{}\n", l.rsplit_once(',').unwrap().0))
        .collect();
    let (_, plain, o) = train("plain", &no_column);
    assert_exit(&o, 0);
    assert_eq!(
        std::fs::read(&full).unwrap(),
        std::fs::read(&plain).unwrap()
    );

    // Energy items that know only energy: security no longer learns "pipeline" against it.
    let (data, partial, o) = train("partial", &partial_csv("energy"));
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains("security                      5 items of      9 known"),
        "{}",
        stdout(&o)
    );
    let query = dir.path().join("q.csv");
    std::fs::write(&query, "text\nGas flows through the pipeline\n").unwrap();
    let security = |model: &Path| {
        let o = topictag(&[
            "tag",
            "-q",
            "--model",
            model.to_str().unwrap(),
            "--format",
            "jsonl",
            query.to_str().unwrap(),
        ]);
        assert_exit(&o, 0);
        jsonl(&o)[0]["scores"]["security"].as_f64().unwrap()
    };
    let (with_full, with_partial) = (security(&full), security(&partial));
    assert!(
        with_partial > with_full,
        "security {with_partial} (partial) vs {with_full} (full)"
    );

    // eval scores each row only on the topics it knows.
    let o = topictag(&[
        "eval",
        "--json",
        "--model",
        partial.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let report = &jsonl(&o)[0]["overall"];
    let known: Vec<u64> = report["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["known"].as_u64().unwrap())
        .collect();
    assert_eq!(known, [13, 9, 9]); // energy, politics, security

    // Bad cells: file and line, exit 2, no model written.
    for (csv, message) in [
        (
            partial_csv("energy").replace("early vote,politics,", "early vote,politics,energy"),
            "data.csv:13: label 'politics' is not among the row's known topics (energy)",
        ),
        (
            partial_csv("energy;diplomacy"),
            "data.csv:2: known topic 'diplomacy' is not a topic: no row carries it as a label \
             (topics: energy, politics, security)",
        ),
    ] {
        let (_, model, o) = train("bad", &csv);
        assert_exit_case(&o, 2, message);
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
        assert!(!model.exists());
    }
}

#[test]
fn train_records_the_declared_sources_and_inspect_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sources.txt");
    std::fs::write(
        &list,
        "# corpus\trows\tlicence\nteam_items\t24\tCC BY 4.0\nwire\t3\tresearch use\n",
    )
    .unwrap();
    let out = train_mini(
        dir.path(),
        "src.model",
        &["--sources", list.to_str().unwrap()],
    );
    let o = topictag(&["inspect", out.to_str().unwrap()]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(
        text.contains("sources     team_items (24 rows; licence: CC BY 4.0)\n            wire (3 rows; licence: research use)"),
        "{text}"
    );
    // Without the option a model declares no sources.
    let plain = train_mini(dir.path(), "plain.model", &[]);
    let o = topictag(&["inspect", plain.to_str().unwrap()]);
    assert!(!stdout(&o).contains("sources"), "{}", stdout(&o));
}

/// Train on `mini.csv` with `option` naming a file `name` that holds `content`: the run must
/// fail with exit 2, say `says` on stderr, and write no model.
fn assert_refused_before_training(option: &str, name: &str, content: &str, says: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, content).unwrap();
    let (out, o) = run_train_mini(dir.path(), "bad.model", &[option, file.to_str().unwrap()]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.contains(says), "{option} {name}: {err}");
    assert!(!out.exists(), "no model is written when {option} is bad");
}

#[test]
fn a_bad_sources_list_is_refused_with_its_line_before_training() {
    assert_refused_before_training(
        "--sources",
        "sources.txt",
        "team_items\t24\tCC BY 4.0\nwire\tmany\tresearch use\n",
        "sources.txt:2: field 2 (rows): 'many' is not a whole number",
    );
}

/// How `mini.csv`'s rows are doubled.
#[derive(Clone, Copy, PartialEq)]
enum Copies {
    /// Each row twice, as it is.
    Exact,
    /// Each row twice, the second copy's title opening with `Update:` (a version, not a copy).
    Versions,
    /// Each row twice, both copies in one group of a `group` column.
    Grouped,
}

/// `mini.csv` with every row twice, as `copies` says.
fn doubled_mini(dir: &Path, copies: Copies) -> PathBuf {
    let text = std::fs::read_to_string(fixture("mini.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let grouped = copies == Copies::Grouped;
    let mut out = if grouped {
        format!("{header},group\n")
    } else {
        format!("{header}\n")
    };
    for (i, line) in lines.enumerate() {
        for copy in 0..2 {
            match copies {
                Copies::Grouped => out.push_str(&format!("{line},row{i}\n")),
                Copies::Versions if copy == 1 => out.push_str(&format!("Update: {line}\n")),
                _ => out.push_str(&format!("{line}\n")),
            }
        }
    }
    let path = dir.join(match copies {
        Copies::Exact => "doubled.csv",
        Copies::Versions => "versions.csv",
        Copies::Grouped => "grouped.csv",
    });
    std::fs::write(&path, out).unwrap();
    path
}

fn cv_micro(data: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "-q",
        "eval",
        "--cv",
        "2",
        "--min-df",
        "1",
        "--json",
        "--data",
        data.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = topictag(&args);
    assert_exit(&o, 0);
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    r["overall"]["micro"].clone()
}

#[test]
fn a_group_column_holds_copies_out_together() {
    let dir = tempfile::tempdir().unwrap();
    // Versions of a text split across folds: each item is scored by a model that saw its
    // twin, so the out-of-fold precision is inflated.
    // (Logistic regression: on 24 items its out-of-fold probabilities show the leak most.)
    let logistic = ["--classifier", "logistic"];
    let leaky = cv_micro(&doubled_mini(dir.path(), Copies::Versions), &logistic);
    // Grouped copies share a fold: the scores of the items alone (the same folds as mini.csv).
    let grouped = cv_micro(&doubled_mini(dir.path(), Copies::Grouped), &logistic);
    let alone = cv_micro(&fixture("mini.csv"), &logistic);
    // Exact copies share a fold without a group column.
    let copies = cv_micro(&doubled_mini(dir.path(), Copies::Exact), &logistic);
    let f1 = |v: &serde_json::Value| v["f1"].as_f64().unwrap();
    let p = |v: &serde_json::Value| v["precision"].as_f64().unwrap();
    for held_together in [&grouped, &copies] {
        assert!(
            p(&leaky) > p(held_together) + 0.2,
            "leaky {leaky} held together {held_together}"
        );
    }
    assert!(
        (f1(&grouped) - f1(&alone)).abs() < 0.05,
        "{grouped} {alone}"
    );
    // A named group column must exist; the error names the file and the columns.
    let o = topictag(&[
        "-q",
        "eval",
        "--cv",
        "2",
        "--data",
        dir.path().join("grouped.csv").to_str().unwrap(),
        "--group-col",
        "story",
    ]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("grouped.csv: no group column 'story' (columns found: title, text, lang, topics, group)"),
        "{}",
        stderr(&o)
    );
}

/// A held-out file of short energy headlines and off-topic headlines, in the style of
/// `mini.csv` but shorter (what `--calibrate` is for: text unlike the training text).
fn held_out_headlines(dir: &Path) -> PathBuf {
    let places = [
        "Aktobe",
        "Batumi",
        "Osh",
        "Khujand",
        "Ganja",
        "Shymkent",
        "Termez",
        "Gyumri",
        "Karaganda",
        "Kutaisi",
        "Nukus",
        "Jalal-Abad",
        "Mary",
        "Lankaran",
        "Pavlodar",
        "Vanadzor",
        "Bukhara",
        "Taraz",
        "Zugdidi",
        "Naryn",
        "Dashoguz",
        "Sumqayit",
    ];
    let mut csv = String::from("title,text,lang,topics\n");
    for p in places {
        csv.push_str(&format!("Fuel shortage in {p},,en,energy\n"));
        csv.push_str(&format!("{p} choir wins a song contest,,en,\n"));
    }
    let path = dir.join("held.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

/// Energy F1 of `model` on `data` (`eval --json`).
fn energy_f1(model: &Path, data: &Path) -> f64 {
    let o = topictag(&[
        "-q",
        "eval",
        "--json",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let topics = r["overall"]["topics"].as_array().unwrap();
    let energy = topics.iter().find(|t| t["topic"] == "energy").unwrap();
    energy["f1"].as_f64().unwrap()
}

#[test]
fn calibrate_chooses_thresholds_on_held_out_rows_and_records_them() {
    let dir = tempfile::tempdir().unwrap();
    let held = held_out_headlines(dir.path());
    let held_arg = held.to_str().unwrap();
    let plain = train_mini(dir.path(), "plain.model", &[]);
    let alone = train_mini(
        dir.path(),
        "alone.model",
        &["--calibrate", held_arg, "--calibrate-alone"],
    );
    // On the held-out rows alone the chosen cut is the F1-optimal one, so `eval` (which tags
    // the file as calibration scored it) can only do as well or better there.
    let (before, after) = (energy_f1(&plain, &held), energy_f1(&alone, &held));
    assert!(after >= before, "energy F1 {before} -> {after}");
    assert!(after > 0.9, "energy F1 {after}");
    // Only energy has 20 positives: every other topic keeps the plain model's threshold.
    let thresholds = |m: &Path| -> Vec<f64> {
        let o = topictag(&["inspect", "--json", m.to_str().unwrap()]);
        assert_exit(&o, 0);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["threshold"].as_f64().unwrap())
            .collect()
    };
    let (p, a) = (thresholds(&plain), thresholds(&alone));
    let o = topictag(&["inspect", "--json", alone.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let held_meta = &v["meta"]["held_out"];
    assert_eq!(held_meta["files"], serde_json::json!(["held.csv"]));
    assert_eq!(held_meta["rows"], 44);
    for (t, topic) in held_meta["topics"].as_array().unwrap().iter().enumerate() {
        let name = v["topics"][t]["topic"].as_str().unwrap();
        if name == "energy" {
            assert_eq!(topic["positives"], 22);
            assert!(topic["chosen"].is_number(), "{topic}");
        } else {
            assert!(topic["chosen"].is_null(), "{name}: {topic}");
            assert_eq!(p[t], a[t], "{name}");
        }
    }
    // The text view says where the thresholds come from.
    let o = topictag(&["inspect", alone.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("thresholds  1 of 4 chosen on 44 held-out rows (held.csv)"),
        "{}",
        stdout(&o)
    );
    // Pooled by default with training's out-of-fold rows, which the model records.
    let pooled = train_mini(dir.path(), "pooled.model", &["--calibrate", held_arg]);
    let o = topictag(&["inspect", "--json", pooled.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["meta"]["held_out"]["files"],
        serde_json::json!(["training (out-of-fold)", "held.csv"])
    );
}

#[test]
fn calibrate_refuses_bad_files_and_exclusive_models_before_training() {
    // A held-out row that knows a topic the training file does not have.
    assert_refused_before_training(
        "--calibrate",
        "bad.csv",
        "title,text,lang,topics,known\nFuel shortage,,en,energy,energy\nA choir sings,,en,,weather\n",
        "bad.csv:3: known topic 'weather' is not a topic",
    );
    let dir = tempfile::tempdir().unwrap();
    // Single-label training data gives an exclusive model: no thresholds to choose.
    let single = dir.path().join("single.csv");
    std::fs::write(
        &single,
        "text,topics\nFuel prices rise,energy\nTroops at the border,security\nGas pipeline opens,energy\nArmy drills begin,security\n",
    )
    .unwrap();
    let held = held_out_headlines(dir.path());
    let out = dir.path().join("single.model");
    let o = topictag(&[
        "-q",
        "train",
        "--data",
        single.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--min-df",
        "1",
        "--calibrate",
        held.to_str().unwrap(),
    ]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("trains an exclusive model"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

/// `train --autotune`: the search's choice is printed (as flags too), stored with every trial
/// in a version-5 model, and shown by `inspect`; a model trained without it stays version 4.
#[test]
fn train_autotune_searches_records_the_trace_and_inspect_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let plain = train_mini(dir.path(), "plain.model", &[]);
    assert_eq!(std::fs::read(&plain).unwrap()[8..12], 4u32.to_le_bytes());
    let (out, o) = run_train_mini(
        dir.path(),
        "tuned.model",
        &["--autotune", "--budget", "1m", "--metric", "macro-f1"],
    );
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(text.contains("2-fold cross-validated macro-F1"), "{text}");
    assert!(text.contains("  chosen     macro-F1 0."), "{text}");
    assert!(text.contains("flags: --classifier "), "{text}");
    assert!(text.contains("  runner-up  macro-F1 0."), "{text}");
    assert_eq!(std::fs::read(&out).unwrap()[8..12], 5u32.to_le_bytes());

    let o = topictag(&["inspect", "--json", out.to_str().unwrap()]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let trace = &v["autotune"];
    assert_eq!(trace["metric"], "MacroF1");
    let trials = trace["trials"].as_array().unwrap();
    assert!(trials.len() >= 5, "{trace}");
    let chosen = &trials[trace["chosen"].as_u64().unwrap() as usize];
    // The model reports the chosen settings' cross-validated score as its own.
    let cv = v["meta"]["cv"]["macro_f1"].as_f64().unwrap();
    assert!((chosen["score"].as_f64().unwrap() - cv).abs() < 1e-9, "{v}");
    assert_eq!(v["meta"]["classifier"], chosen["settings"]["classifier"]);

    let o = topictag(&["inspect", "--trials", out.to_str().unwrap()]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(text.contains("autotune    macro-F1 0."), "{text}");
    assert!(
        text.contains(" trial  macro-F1  folds  seconds  end"),
        "{text}"
    );
    let rows = text.lines().filter(|l| l.contains(" alpha ")).count();
    assert!(rows >= trials.len(), "{text}");
    let o = topictag(&["inspect", "--trials", plain.to_str().unwrap()]);
    assert!(stdout(&o).contains("autotune    none"), "{}", stdout(&o));
}

/// `eval --cv K --autotune`: the search on the K folds, then their report; the search's
/// summary goes to stderr, the report (JSON here) to stdout.
#[test]
fn eval_cv_autotune_reports_the_chosen_settings() {
    let data = fixture("mini.csv");
    let o = topictag(&[
        "-q",
        "eval",
        "--cv",
        "2",
        "--data",
        data.to_str().unwrap(),
        "--min-df",
        "1",
        "--autotune",
        "--budget",
        "45s",
        "--json",
    ]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(
        err.contains("autotune: ") && err.contains("micro-F1"),
        "{err}"
    );
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(r["overall"]["micro"]["f1"].as_f64().unwrap() > 0.0);
}

/// Bad autotune requests are usage errors that say what is wrong.
#[test]
fn autotune_flags_are_checked() {
    let data = fixture("mini.csv");
    let data = data.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "train",
                "--data",
                data,
                "--out",
                "x.model",
                "--autotune",
                "--budget",
                "2 weeks",
            ],
            "expected a time such as 90s, 2m, 1m30s or 1h",
        ),
        (
            &[
                "train", "--data", data, "--out", "x.model", "--budget", "5s",
            ],
            "--autotune",
        ),
        (
            &[
                "train",
                "--data",
                data,
                "--out",
                "x.model",
                "--autotune",
                "--metric",
                "f2",
            ],
            "micro-f1",
        ),
        (
            &[
                "train",
                "--data",
                data,
                "--out",
                "x.model",
                "--autotune",
                "--folds",
                "0",
            ],
            "it needs at least 2 folds (got 0)",
        ),
        (
            &["eval", "--data", data, "--autotune"],
            "--autotune searches training settings: it needs --cv K",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (args, want) in cases {
        let mut args = args.to_vec();
        let out = dir.path().join("x.model");
        if let Some(p) = args.iter().position(|a| *a == "x.model") {
            args[p] = out.to_str().unwrap();
        }
        let o = topictag(&args);
        assert_exit_case(&o, 2, &args.join(" "));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
        assert!(!out.exists(), "{args:?} wrote a model");
    }
}

/// A single-label file of more than 4,000 items trains once on every item with 5,000 columns
/// per topic and no folds (its model takes the most probable topic and reads no threshold):
/// stderr names those defaults, the summary says why no cross-validated score is printed, and
/// `--folds 2` brings the folds back. A multi-label file of the same size keeps its folds.
#[test]
fn large_single_label_files_skip_the_folds_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let topics = ["energy", "trade", "security"];
    let words = ["pipeline", "tariff", "troops"];
    let write = |name: &str, multi: bool| {
        let mut csv = String::from("text,topics\n");
        for i in 0..4001 {
            let t = i % 3;
            let labels = if multi && i % 7 == 0 {
                format!("{};{}", topics[t], topics[(t + 1) % 3])
            } else {
                topics[t].to_string()
            };
            csv.push_str(&format!(
                "{} report {} item{},{labels}\n",
                words[t],
                i % 11,
                i % 13
            ));
        }
        let path = dir.path().join(name);
        std::fs::write(&path, csv).unwrap();
        path
    };
    let single = write("single.csv", false);
    let multi = write("multi.csv", true);
    // The linear SVM, the default classifier, keeps its folds at any size; the note says it
    // adds bigrams.
    let out = dir.path().join("m.model");
    let o = topictag(&[
        "train",
        "--data",
        single.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    assert!(
        stderr(&o).contains("large single-label defaults: bigrams ("),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("cross-validated (4 folds)"),
        "{}",
        stdout(&o)
    );
    // Logistic regression (and naive Bayes) skip them.
    let train = |data: &Path, extra: &[&str]| {
        let out = dir.path().join("m.model");
        let mut args = vec![
            "train",
            "--classifier",
            "logistic",
            "--data",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = topictag(&args);
        assert_exit(&o, 0);
        (stdout(&o), stderr(&o))
    };
    let (out, err) = train(&single, &[]);
    assert!(
        err.contains("large single-label defaults: --features-per-topic 5000"),
        "{err}"
    );
    assert!(
        out.contains("no cross-validation (--folds 0): a single-label model"),
        "{out}"
    );
    let (out, err) = train(&single, &["--folds", "2"]);
    assert!(!err.contains("no cross-validation folds"), "{err}");
    assert!(out.contains("cross-validated (2 folds)"), "{out}");
    let (out, err) = train(&multi, &[]);
    assert!(!err.contains("single-label"), "{err}");
    assert!(out.contains("cross-validated (4 folds)"), "{out}");
    // A search scores its trials on folds, then trains as the file's defaults do: no folds.
    let (out, err) = train(&single, &["--autotune", "--budget", "1s"]);
    assert!(
        err.contains("large single-label defaults: --features-per-topic 5000"),
        "{err}"
    );
    assert!(
        err.contains(
            "no cross-validation folds after the search (which scores settings on 4 folds"
        ),
        "{err}"
    );
    assert!(out.contains("4-fold cross-validated accuracy"), "{out}");
    assert!(
        out.contains("no cross-validation (--folds 0): a single-label model"),
        "{out}"
    );
}

/// `mini.csv` has no row without a topic, so its topics' priors are high and its thresholds
/// can fall below them. Texts with nothing for a topic get none: dates and numbers (no
/// letter), and a text whose terms speak against every topic no more than for it.
#[test]
fn a_model_without_no_topic_rows_tags_no_topic_without_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_mini(dir.path(), "m.model", &[]);
    let o = topictag_stdin(
        &[
            "-q",
            "tag",
            "--model",
            model.to_str().unwrap(),
            "--format",
            "jsonl",
            "--input-format",
            "lines",
            "--lang-hint",
            "off",
        ],
        b"2024\n12:30\n...\nOil output falls at the field as gas exports rise\n",
    );
    assert_exit(&o, 0);
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 4);
    for row in &rows[..3] {
        assert!(topics_of(row).is_empty(), "{row}");
    }
    assert!(
        topics_of(&rows[3]).contains(&"energy".to_string()),
        "{}",
        rows[3]
    );
}

/// What a pipeline stage is handed, read as the table or records it is: CSV on stdin (no
/// extension to tell it), a row with an unquoted comma in its last text column, JSON with a
/// byte-order mark, JSON field names in another case, a text field holding a number.
#[test]
fn tables_and_records_on_stdin_are_read_as_what_they_are() {
    let tag = |input: &str, extra: &[&str]| {
        let mut args = vec!["tag", "--no-text", "--lang-hint", "off"];
        args.extend_from_slice(extra);
        if !extra.contains(&"--format") {
            args.extend_from_slice(&["--format", "jsonl"]);
        }
        topictag_stdin(&args, input.as_bytes())
    };
    // CSV on stdin: one row per record, ids passed through.
    let o = tag(
        "doc,title,text\nA7,Gas deal,The two governments signed a gas pipeline deal.\nA8,Troops,Troops mass at the border.\n",
        &["--id-col", "doc"],
    );
    assert_exit(&o, 0);
    let rows = jsonl(&o);
    assert_eq!(
        rows.iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["A7", "A8"]
    );
    assert_eq!(rows[1]["title"], "Troops");
    // An unquoted comma in the last (text) column: the text is put back together, with a
    // warning naming the line; a short row is read with a warning too.
    let o = tag(
        "id,title,text\nc1,Minister resigns,The defence minister, who bought the missiles, resigned.\nc2,Short\n",
        &["--format", "csv"],
    );
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(
        err.contains("line 2 has 5 fields but the header has 3"),
        "{err}"
    );
    assert!(
        err.contains("line 3 has 2 fields but the header has 3"),
        "{err}"
    );
    let o = tag(
        "id,title,text\nc1,Minister resigns,The defence minister, who bought the missiles, resigned.\n",
        &["--format", "jsonl"],
    );
    let whole = tag(
        "id,title,text\nc1,Minister resigns,\"The defence minister, who bought the missiles, resigned.\"\n",
        &["--format", "jsonl"],
    );
    assert_eq!(jsonl(&o)[0]["scores"], jsonl(&whole)[0]["scores"]);
    // JSON Lines with a byte-order mark and capitalised field names.
    let o = tag("\u{feff}{\"ID\": \"x1\", \"Title\": \"Gas deal\", \"Text\": \"Gas pipeline deal signed.\"}\n", &[]);
    assert_exit(&o, 0);
    let row = &jsonl(&o)[0];
    assert_eq!(
        (row["id"].as_str(), row["title"].as_str()),
        (Some("x1"), Some("Gas deal"))
    );
    // A text field that holds a number is named as such.
    let o = tag("{\"id\": \"k4\", \"text\": 5}\n", &[]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("field 'text' holds no text"),
        "{}",
        stderr(&o)
    );
    // --id-col on an input read as a digest page says it does not apply.
    let o = tag(
        "Weekly brief\n\nGas deal signed\nThe ministers agreed on supplies.\n",
        &["--id-col", "doc"],
    );
    assert!(
        stderr(&o).contains("--id-col applies to CSV and JSON"),
        "{}",
        stderr(&o)
    );
}

/// Items routed to a language the model has no training item in are counted in a note: the
/// shipped model routes French to its own pipeline but was trained on English and Spanish.
#[test]
fn items_in_languages_the_model_was_not_trained_on_are_noted() {
    let o = topictag_stdin(
        &["tag", "--input-format", "lines", "--format", "csv"],
        "Les ministres ont signé un accord sur le gazoduc et les exportations de pétrole.\n\
         Gas pipeline deal signed to raise oil exports.\n"
            .as_bytes(),
    );
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(
        err.contains("1 item is in fr, which the model was not trained on (only en, es)"),
        "{err}"
    );
    let o = topictag_stdin(
        &["tag", "--input-format", "lines", "--format", "csv"],
        b"Gas pipeline deal signed to raise oil exports.\n",
    );
    assert!(!stderr(&o).contains("not trained on"), "{}", stderr(&o));
}

/// A record that cannot be tagged keeps the id its input gave it on its error row, in CSV
/// and in JSON Lines, so the row joins back to the user's data.
#[test]
fn error_rows_keep_the_id_of_their_record() {
    let csv = b"id,title,text\nb2,Bad bytes,Oil \xff\xfe exports rise\nb3,Good,Oil exports rise\n";
    let o = topictag_stdin(
        &[
            "-q",
            "tag",
            "--input-format",
            "csv",
            "--format",
            "jsonl",
            "--no-text",
        ],
        csv,
    );
    assert_exit(&o, 1);
    let rows = jsonl(&o);
    assert!(
        rows[0]["error"].as_str().unwrap().contains("invalid UTF-8"),
        "{}",
        rows[0]
    );
    assert_eq!(
        (rows[0]["id"].as_str(), rows[1]["id"].as_str()),
        (Some("b2"), Some("b3"))
    );
    let o = topictag_stdin(
        &["-q", "tag", "--format", "csv", "--no-text"],
        b"{\"id\": \"k4\", \"text\": 5}\n{\"text\": 6}\n",
    );
    assert_exit(&o, 1);
    let out = stdout(&o);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let id = rdr
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "id")
        .unwrap();
    let ids: Vec<String> = rdr.records().map(|r| r.unwrap()[id].to_string()).collect();
    assert_eq!(ids, ["k4", ""]);
}

/// `--exclusive` on rows with several labels trains, and says what it will do to them.
#[test]
fn exclusive_on_rows_with_several_labels_warns() {
    let dir = tempfile::tempdir().unwrap();
    let (_, o) = run_train_mini(dir.path(), "x.model", &["--exclusive"]);
    assert_exit(&o, 0);
    // mini.csv has two rows labelled energy;trade.
    assert!(
        stderr(&o).contains("--exclusive, but 2 of 24 rows have more than one label"),
        "{}",
        stderr(&o)
    );
    let (_, o) = run_train_mini(dir.path(), "m.model", &[]);
    assert!(
        !stderr(&o).contains("more than one label"),
        "{}",
        stderr(&o)
    );
}

/// `--word-classes FILE`: a listed word the training file never shows ("kerosene") counts
/// through its class, the lists are stored in the model and shown by `inspect`, and a bad
/// lists file is refused with its line before training.
#[test]
fn word_classes_carry_unseen_words_and_are_stored_in_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let lists = dir.path().join("lists.txt");
    std::fs::write(
        &lists,
        "# fuels and power\n[energy]\ngas | oil | crude | fuel | pipeline | electricity | power\n\
         gasoducto | electricidad | crudo | refinería | kerosene | queroseno\n",
    )
    .unwrap();
    let with = train_mini(
        dir.path(),
        "with.model",
        &["--word-classes", lists.to_str().unwrap()],
    );
    let without = train_mini(dir.path(), "without.model", &[]);
    let energy = |model: &Path| -> f64 {
        let o = topictag_stdin(
            &[
                "tag",
                "-q",
                "--model",
                model.to_str().unwrap(),
                "--format",
                "jsonl",
            ],
            b"Kerosene shortage grips the northern towns\n",
        );
        assert_exit(&o, 0);
        let row: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        row["scores"]["energy"].as_f64().unwrap()
    };
    let (a, b) = (energy(&with), energy(&without));
    assert!(a > b + 0.1, "with classes {a}, without {b}");
    let o = topictag(&["inspect", with.to_str().unwrap()]);
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains("classes     1 word classes, 13 forms: energy"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&topictag(&["inspect", without.to_str().unwrap()])).contains("classes "));
    assert_refused_before_training(
        "--word-classes",
        "lists.txt",
        "[energy]\noil\n[energy]\n",
        "lists.txt: line 3: class [energy] again",
    );
}
