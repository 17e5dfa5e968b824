//! `tag --explain K`: the terms behind each assigned topic, appended to a row already
//! formatted by the row writer, so the row formats themselves stay untouched.
//!
//! - JSON Lines: an `explain` field closes the row's object: an array, one entry per topic
//!   written (in the row's order) with its `logit`, `bias` and `terms` (`term`, `weight`,
//!   `value`, `contribution`), largest contribution first, positive ones only.
//! - Table: one indented line per topic under the item's line: `energy: gas +0.812, ...`.

use super::OutFormat;
use topictag::explain::TopicExplanation;

/// Append the explanations of the topics in `written` to `row`, the bytes of one formatted
/// row (a JSON object and a newline, or a table line).
pub fn append(row: &mut Vec<u8>, format: OutFormat, written: &[&str], ex: &[TopicExplanation]) {
    let shown = ex.iter().filter(|e| written.contains(&e.name.as_str()));
    match format {
        OutFormat::Jsonl => {
            let list: Vec<serde_json::Value> = shown
                .map(|e| {
                    let terms: Vec<serde_json::Value> = e
                        .terms
                        .iter()
                        .map(|c| {
                            serde_json::json!({
                                "term": c.term,
                                "weight": c.weight,
                                "value": c.value,
                                "contribution": c.contribution,
                            })
                        })
                        .collect();
                    serde_json::json!({
                        "topic": e.name,
                        "logit": e.logit,
                        "bias": e.bias,
                        "terms": terms,
                    })
                })
                .collect();
            // The row ends with `}` and a newline: reopen the object.
            while row.last().is_some_and(|b| b.is_ascii_whitespace()) {
                row.pop();
            }
            if row.last() == Some(&b'}') {
                row.pop();
                row.extend_from_slice(b",\"explain\":");
                row.extend_from_slice(serde_json::Value::Array(list).to_string().as_bytes());
                row.extend_from_slice(b"}\n");
            } else {
                row.push(b'\n');
            }
        }
        OutFormat::Table => {
            for e in shown {
                let terms: Vec<String> = e
                    .terms
                    .iter()
                    .map(|c| format!("{} {:+.3}", c.term, c.contribution))
                    .collect();
                let line = format!("      {}: {}\n", e.name, terms.join(", "));
                row.extend_from_slice(line.as_bytes());
            }
        }
        OutFormat::Csv => {}
    }
}
