//! Dataset loading shared by the benchmark examples (`quality.rs`, `throughput.rs`), included
//! by each with `#[path = "common/mod.rs"] mod common;`. Reads `../shared/datasets` files at run
//! time; nothing from them is stored in the repository.

// Each example uses a part of this module.
#![allow(dead_code)]

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Every non-blank line of a JSON Lines file, parsed; errors name the file and line.
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let f = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: bad JSON", path.display(), i + 1))?,
        );
    }
    Ok(out)
}

#[derive(Deserialize)]
struct ReutersDoc {
    #[serde(default)]
    newid: u64,
    #[serde(default)]
    modapte: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

/// One Reuters document of the split: its `newid`, text (title + "\n" + body) and labels
/// (sorted, among the split's categories).
pub struct ReutersItem {
    pub id: u64,
    pub text: String,
    pub labels: Vec<String>,
}

/// Reuters-21578 ModApte-90 as `benches/peers/peers.py` defines it.
pub struct Modapte90 {
    pub train: Vec<ReutersItem>,
    pub test: Vec<ReutersItem>,
    /// The categories with at least one train and one test document, sorted.
    pub categories: Vec<String>,
    /// Documents marked `modapte` train / test before dropping those without a category.
    pub modapte_train: usize,
    pub modapte_test: usize,
}

/// Load `reuters21578_all.jsonl`: documents with `modapte == "train"/"test"`; the categories
/// are those with >= 1 train and >= 1 test document; documents without any are dropped.
pub fn load_modapte90(path: &Path) -> Result<Modapte90> {
    let docs: Vec<ReutersDoc> = read_jsonl(path)?;
    let split = |name: &str| -> Vec<&ReutersDoc> {
        docs.iter()
            .filter(|d| d.modapte.as_deref() == Some(name))
            .collect()
    };
    let (train_docs, test_docs) = (split("train"), split("test"));
    let topics = |ds: &[&ReutersDoc]| -> BTreeSet<String> {
        ds.iter().flat_map(|d| d.topics.iter().cloned()).collect()
    };
    let categories: Vec<String> = topics(&train_docs)
        .intersection(&topics(&test_docs))
        .cloned()
        .collect();
    let keep = |ds: &[&ReutersDoc]| -> Vec<ReutersItem> {
        ds.iter()
            .filter_map(|d| {
                let labels: Vec<String> = d
                    .topics
                    .iter()
                    .filter(|t| categories.binary_search(t).is_ok())
                    .cloned()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                (!labels.is_empty()).then(|| ReutersItem {
                    id: d.newid,
                    text: format!(
                        "{}\n{}",
                        d.title.as_deref().unwrap_or(""),
                        d.body.as_deref().unwrap_or("")
                    ),
                    labels,
                })
            })
            .collect()
    };
    Ok(Modapte90 {
        train: keep(&train_docs),
        test: keep(&test_docs),
        modapte_train: train_docs.len(),
        modapte_test: test_docs.len(),
        categories,
    })
}

/// UTC time as `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days, no date crate needed).
pub fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}
