//! `eval --report`, `tag --explain` and `inspect --topic`: the real binary on fixtures written
//! by the team (`tests/fixtures/mini.csv`) and texts written here.

mod util;

use std::path::{Path, PathBuf};
use topictag::lang::Lang;
use topictag::model::TopicModel;
use topictag::text::Analyzer;
use util::*;

fn mini() -> PathBuf {
    root().join("tests/fixtures/mini.csv")
}

/// A small model trained on `mini.csv` into `dir`.
fn train_mini(dir: &Path) -> PathBuf {
    let out = dir.join("mini.model");
    let o = topictag(&[
        "-q",
        "train",
        "--data",
        mini().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--min-df",
        "1",
        "--folds",
        "2",
    ]);
    assert_exit(&o, 0);
    out
}

/// The text between `start` and the next `end` after it, from `from` on.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let a = s.find(start)? + start.len();
    let b = s[a..].find(end)? + a;
    Some(&s[a..b])
}

/// The value of the cell `data-key="KEY"` in the page.
fn cell<'a>(page: &'a str, key: &str) -> &'a str {
    let tag = format!("data-key=\"{key}\">");
    between(page, &tag, "<").unwrap_or_else(|| panic!("no cell {key} in the page"))
}

/// Check the page against `eval --json` output: every topic has a section with its two
/// charts; every score in the page's tables equals the printed one; nothing is fetched.
fn check_page(page: &str, json: &serde_json::Value) {
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    let mut groups = vec![("all".to_string(), &json["overall"])];
    if json["by_language"].as_array().unwrap().len() > 1 {
        for pair in json["by_language"].as_array().unwrap() {
            groups.push((pair[0].as_str().unwrap().to_string(), &pair[1]));
        }
    }
    let topics = json["overall"]["topics"].as_array().unwrap();
    assert!(!topics.is_empty());
    for t in topics {
        let name = t["topic"].as_str().unwrap();
        let section = between(page, &format!("data-topic=\"{name}\""), "</section>")
            .unwrap_or_else(|| panic!("no section for topic {name}"));
        assert_eq!(
            section.matches("<svg").count(),
            2,
            "topic {name}: two charts"
        );
        assert!(section.contains(&format!("{name}: scores by language")));
    }
    assert_eq!(
        page.matches("<section class=\"topic\"").count(),
        topics.len()
    );
    for (lang, scores) in &groups {
        for t in scores["topics"].as_array().unwrap() {
            let name = t["topic"].as_str().unwrap();
            // A ratio with a zero denominator is `-` in the page and 0.0 in the JSON.
            let (support, predicted) = (t["support"].as_u64(), t["predicted"].as_u64());
            let undefined = [
                predicted == Some(0),
                support == Some(0),
                support == Some(0) && predicted == Some(0),
            ];
            for (metric, undefined) in ["precision", "recall", "f1"].into_iter().zip(undefined) {
                let want = match undefined {
                    true => "-".to_string(),
                    false => format!("{:.3}", t[metric].as_f64().unwrap()),
                };
                assert_eq!(cell(page, &format!("{lang}/{name}/{metric}")), want);
            }
            for count in ["support", "predicted"] {
                let want = t[count].as_u64().unwrap().to_string();
                assert_eq!(cell(page, &format!("{lang}/{name}/{count}")), want);
            }
        }
        for (avg, field) in [("micro", "micro"), ("macro", "macro_avg")] {
            for metric in ["precision", "recall", "f1"] {
                let want = format!("{:.3}", scores[field][metric].as_f64().unwrap());
                assert_eq!(cell(page, &format!("{lang}/{avg}/{metric}")), want);
            }
        }
        match scores["accuracy"].as_f64() {
            Some(a) => assert_eq!(cell(page, &format!("{lang}/accuracy")), format!("{a:.3}")),
            None => assert_eq!(
                cell(page, &format!("{lang}/exact_match")),
                format!("{:.3}", scores["exact_match"].as_f64().unwrap())
            ),
        }
    }
    // Self-contained: no script, no stylesheet or image link, no URL but the SVG namespace.
    let lower = page.to_lowercase();
    for bad in [
        "<script",
        "<link",
        "<img",
        "src=",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!lower.contains(bad), "the page holds {bad}");
    }
    let urls = lower.matches("http://").count() + lower.matches("https://").count();
    let namespaces = lower
        .matches("xmlns=\"http://www.w3.org/2000/svg\"")
        .count();
    assert_eq!(urls, namespaces, "only the SVG namespace may be a URL");
    assert!(page.contains("<h2 id=\"confusion\">") && page.contains("<h2 id=\"wrong\">"));
}

#[test]
fn eval_report_holds_the_printed_numbers_and_leaves_stdout_alone() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_mini(dir.path());
    let report = dir.path().join("report.html");
    let data = mini();
    let base = [
        "-q",
        "eval",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ];
    for json in [true, false] {
        let mut plain: Vec<&str> = base.to_vec();
        if json {
            plain.push("--json");
        }
        let mut with: Vec<&str> = plain.clone();
        with.extend(["--report", report.to_str().unwrap()]);
        let a = topictag(&plain);
        let b = topictag(&with);
        assert_exit(&a, 0);
        assert_exit(&b, 0);
        assert_eq!(stdout(&a), stdout(&b), "--report changed stdout");
        assert_eq!(stderr(&a), stderr(&b));
        let page = std::fs::read_to_string(&report).unwrap();
        let printed: serde_json::Value = if json {
            serde_json::from_str(stdout(&a).trim()).unwrap()
        } else {
            let o = topictag(&[&base[..], &["--json"]].concat());
            serde_json::from_str(stdout(&o).trim()).unwrap()
        };
        check_page(&page, &printed);
        assert!(page.contains(&format!("{} on {}", model.display(), mini().display())));
    }
}

#[test]
fn cv_report_holds_the_out_of_fold_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("cv.html");
    let data = mini();
    // Multi-label, then exclusive (one topic per item: accuracy and a plain confusion matrix).
    for extra in [&[][..], &["--exclusive"][..]] {
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
        let a = topictag(&args);
        let b = topictag(&[&args[..], &["--report", report.to_str().unwrap()]].concat());
        assert_exit(&a, 0);
        assert_exit(&b, 0);
        assert_eq!(stdout(&a), stdout(&b));
        let printed: serde_json::Value = serde_json::from_str(stdout(&a).trim()).unwrap();
        let page = std::fs::read_to_string(&report).unwrap();
        check_page(&page, &printed);
        assert!(page.contains("2-fold cross-validation"));
        let exclusive = !extra.is_empty();
        assert_eq!(printed["overall"]["accuracy"].is_number(), exclusive);
        assert_eq!(
            page.contains("Rows: the gold topic; columns: the predicted one"),
            exclusive
        );
    }
}

/// `topictag -q eval --model MODEL --data DATA --report REPORT`.
fn eval_with_report(model: &Path, data: &Path, report: &Path) -> std::process::Output {
    topictag(&[
        "-q",
        "eval",
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ])
}

#[test]
fn a_report_that_cannot_be_written_fails_before_printing() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_mini(dir.path());
    let report = dir.path().join("no/such/folder/report.html");
    let o = eval_with_report(&model, &mini(), &report);
    assert_exit(&o, 2);
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("report.html"), "{}", stderr(&o));
}

/// Items written for this test, one topic each plainly, in English and Spanish.
const ITEMS: &str = r#"{"text": "The gas pipeline to Europe will double gas exports once the new compressor stations open"}
{"text": "Troops and artillery moved to the border after the drone attack on an army base"}
{"text": "El gobierno firma un acuerdo para exportar gas natural licuado y petróleo a Europa"}
{"text": "Nothing here but a recipe for apple pie"}
"#;

fn analyzed(model: &TopicModel, text: &str, lang: &str) -> Vec<String> {
    Analyzer::new(model.analyzer().clone()).analyze(text, Lang::from_code(lang))
}

#[test]
fn explain_lists_terms_of_the_text_that_push_the_topic_up() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("items.jsonl");
    std::fs::write(&input, ITEMS).unwrap();
    let model = TopicModel::load(root().join("models/foreign-policy.model")).unwrap();
    let texts: Vec<String> = ITEMS
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let run = |k: &str| {
        let o = topictag(&[
            "-q",
            "tag",
            "--format",
            "jsonl",
            &format!("--explain={k}"),
            input.to_str().unwrap(),
        ]);
        assert_exit(&o, 0);
        jsonl(&o)
    };
    let all = run("100000");
    let top2 = run("2");
    assert_eq!(all.len(), texts.len());
    let mut explained = 0;
    for (i, (row, row2)) in all.iter().zip(&top2).enumerate() {
        let topics: Vec<&str> = row["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let ex = row["explain"].as_array().expect("an explain field");
        let names: Vec<&str> = ex.iter().map(|e| e["topic"].as_str().unwrap()).collect();
        assert_eq!(names, topics, "one explanation per written topic, in order");
        let terms_of_text = analyzed(&model, &texts[i], row["lang"].as_str().unwrap());
        for (e, e2) in ex.iter().zip(row2["explain"].as_array().unwrap()) {
            explained += 1;
            let topic = e["topic"].as_str().unwrap();
            let terms = e["terms"].as_array().unwrap();
            assert!(!terms.is_empty());
            let c: Vec<f64> = terms
                .iter()
                .map(|t| t["contribution"].as_f64().unwrap())
                .collect();
            assert!(c.windows(2).all(|w| w[0] >= w[1]), "largest first: {c:?}");
            for t in terms {
                let term = t["term"].as_str().unwrap();
                assert!(
                    terms_of_text.iter().any(|x| x == term),
                    "{term} is not a term of {:?}",
                    texts[i]
                );
                let product = t["weight"].as_f64().unwrap() * t["value"].as_f64().unwrap();
                assert!((product - t["contribution"].as_f64().unwrap()).abs() < 1e-5);
            }
            // Only terms that pushed the topic up, all of them: with the ones that pushed it
            // down left out, they add up to logit - bias or more.
            assert!(c.iter().all(|&x| x > 0.0), "{topic}: {c:?}");
            let logit = e["logit"].as_f64().unwrap();
            let bias = e["bias"].as_f64().unwrap();
            let sum: f64 = c.iter().sum();
            assert!(
                sum >= logit - bias - 1e-3,
                "{topic}: {sum} vs {}",
                logit - bias
            );
            // The logit is the one behind the printed probability (4 decimals).
            let p = 1.0 / (1.0 + (-logit).exp());
            assert!((p - row["scores"][topic].as_f64().unwrap()).abs() < 1e-4);
            // K = 2 keeps the first two of the full list.
            let first2: Vec<&serde_json::Value> = terms.iter().take(2).collect();
            let got: Vec<&serde_json::Value> = e2["terms"].as_array().unwrap().iter().collect();
            assert_eq!(got, first2);
        }
    }
    assert!(explained >= 3, "the plain items get topics: {all:?}");
}

#[test]
fn explain_in_tables_and_refused_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("items.jsonl");
    std::fs::write(&input, ITEMS).unwrap();
    let o = topictag(&[
        "-q",
        "tag",
        "--format",
        "table",
        "--explain",
        input.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    let plain = topictag(&["-q", "tag", "--format", "table", input.to_str().unwrap()]);
    // The table's own lines are unchanged; the explanations are indented lines under them.
    let own: Vec<&str> = text.lines().filter(|l| !l.starts_with("      ")).collect();
    assert_eq!(own, stdout(&plain).lines().collect::<Vec<_>>());
    let extra: Vec<&str> = text.lines().filter(|l| l.starts_with("      ")).collect();
    assert!(
        extra.iter().any(|l| l.trim_start().starts_with("energy: ")),
        "{text}"
    );
    for l in &extra {
        // `--explain` alone: 5 terms at most.
        assert!(l.matches(", ").count() <= 4, "{l}");
    }
    let csv = topictag(&["-q", "tag", "--explain", input.to_str().unwrap()]);
    assert_exit(&csv, 2);
    assert!(stderr(&csv).contains("--explain needs"));
}

#[test]
fn inspect_topic_lists_positive_and_negative_terms_with_languages() {
    let dir = tempfile::tempdir().unwrap();
    let model = train_mini(dir.path());
    let data = mini();
    let o = topictag(&[
        "inspect",
        model.to_str().unwrap(),
        "--topic",
        "energy",
        "--terms",
        "5",
        "--json",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let weights = |key: &str| -> Vec<f64> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["weight"].as_f64().unwrap())
            .collect()
    };
    let (pos, neg) = (weights("positive"), weights("negative"));
    assert!(!pos.is_empty() && pos.len() <= 5 && !neg.is_empty() && neg.len() <= 5);
    assert!(pos.windows(2).all(|w| w[0] >= w[1]) && pos.iter().all(|&w| w > 0.0));
    assert!(neg.windows(2).all(|w| w[0] <= w[1]) && neg.iter().all(|&w| w < 0.0));
    // The strongest positive term agrees with the whole model's listing.
    let m = TopicModel::load(&model).unwrap();
    let t = m.topic_index("energy").unwrap();
    let max = m.scorers()[t]
        .weights
        .iter()
        .cloned()
        .fold(f32::MIN, f32::max);
    assert!((pos[0] - max as f64).abs() < 1e-6);
    // Languages: every term of the model occurs in its training file, in English or Spanish
    // items (the file's `lang` column), so each has at least one count, and only those.
    for t in v["positive"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["negative"].as_array().unwrap())
    {
        let langs = t["languages"].as_object().unwrap();
        assert!(!langs.is_empty(), "{t}");
        for (l, n) in langs {
            assert!(l == "en" || l == "es", "{t}");
            assert!(n.as_u64().unwrap() >= 1);
        }
    }
    // "gas" is an English and a Spanish word of the fixture.
    let gas = v["positive"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["term"] == "gas");
    if let Some(gas) = gas {
        assert!(gas["languages"]["en"].as_u64().unwrap() >= 1);
        assert!(gas["languages"]["es"].as_u64().unwrap() >= 1);
    }
    let table = topictag(&["inspect", model.to_str().unwrap(), "--topic", "energy"]);
    assert_exit(&table, 0);
    assert!(stdout(&table).contains("pushes up:") && stdout(&table).contains("pushes down:"));
    let bad = topictag(&["inspect", model.to_str().unwrap(), "--topic", "weather"]);
    assert_exit(&bad, 2);
    assert!(stderr(&bad).contains("no topic 'weather'") && stderr(&bad).contains("energy"));
}

#[test]
fn the_report_says_where_the_shipped_models_thresholds_were_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let model = root().join("models/foreign-policy.model");
    let data = root().join("training/foreign_policy_dev.csv");
    let o = eval_with_report(&model, &data, &page);
    assert_exit(&o, 0);
    let html = std::fs::read_to_string(&page).unwrap();
    let row = between(&html, "thresholds chosen on", "</tr>").expect("a thresholds row");
    // build.sh pools the out-of-fold rows with the real tuning part (training/README.md).
    assert!(
        row.contains("held-out rows (training (out-of-fold), cap_es_laws.csv,")
            && row.contains(": 6 of 6 topics"),
        "{row}"
    );
}
