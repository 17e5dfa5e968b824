//! JSON Lines inputs: one record per object, a bad line an error of its own.

use super::json_fields::{self, run_text};
use super::lines::{BoundedLines, Line};
use super::{Record, MAX_ITEM_BYTES};
use crate::dataset::{CsvOptions, DATE_NAMES, LANG_NAMES, TEXT_NAMES, TITLE_NAMES, URL_NAMES};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::sniff::find_records;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// A JSON value as an id: a string as it is, `null` as none, anything else as its JSON text.
/// A number that `serde_json` holds as a float (an integer above 2^64, `1.50`) is its text as
/// written in `line`, not the float's (`1.2345678901234568e+29`).
fn json_id(v: &serde_json::Value, line: &[u8], field: &str) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        serde_json::Value::Number(n) if n.is_f64() => {
            written_value(line, field).or_else(|| Some(n.to_string()))
        }
        other => Some(other.to_string()),
    }
}

/// The text of `field`'s value as written in the JSON object `line`, the field found as
/// [`with_lowercase_keys`] finds it (its own name, else the first name that lowercases to it).
fn written_value(line: &[u8], field: &str) -> Option<String> {
    use serde_json::value::RawValue;
    let fields: std::collections::BTreeMap<String, &RawValue> =
        serde_json::from_slice(line).ok()?;
    let value = fields.get(field).or_else(|| {
        fields
            .iter()
            .find_map(|(k, v)| (k.to_lowercase() == field).then_some(v))
    })?;
    Some(value.get().to_string())
}

pub(super) fn jsonl_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read + Send,
    opts: &CsvOptions,
    id: Option<&str>,
) -> impl Iterator<Item = Result<Record>> + Send {
    // Field names match in any case, as CSV headers do: records get lowercase aliases.
    let id_field = id.unwrap_or("id").to_lowercase();
    let path = path.to_path_buf();
    let forced_text = opts
        .text_columns
        .as_ref()
        .and_then(|c| c.last().map(|n| n.to_lowercase()));
    let lang_fields: Vec<String> = match &opts.lang_column {
        Some(name) => vec![name.to_lowercase()],
        None => LANG_NAMES.iter().map(|n| n.to_string()).collect(),
    };
    let text_names: Vec<String> = TEXT_NAMES.iter().map(|n| n.to_string()).collect();
    let mut number = 0u64;
    // A JSON line cut short is not JSON: lines may be a little longer than an item.
    BoundedLines::new(reader, MAX_ITEM_BYTES + MAX_ITEM_BYTES / 4)
        .enumerate()
        .filter_map(move |(i, line)| {
            let line_no = i as u64 + 1;
            let Line { bytes, dropped } = match line {
                Ok(l) => l,
                Err(e) => return Some(Err(Error::io(&path, e))),
            };
            if bytes.iter().all(u8::is_ascii_whitespace) && dropped == 0 {
                return None;
            }
            number += 1;
            if dropped > 0 {
                return Some(Err(Error::input(
                    &path,
                    line_no,
                    format!(
                        "a line of {} bytes: longer than a record may be ({} bytes); skipped",
                        bytes.len() as u64 + dropped,
                        MAX_ITEM_BYTES + MAX_ITEM_BYTES / 4
                    ),
                )));
            }
            // A byte-order mark opens the first line of files Windows tools write.
            let json = match line_no {
                1 => crate::sniff::without_bom(&bytes),
                _ => &bytes,
            };
            let value: serde_json::Value = match serde_json::from_slice(json) {
                Ok(v) => with_lowercase_keys(v),
                Err(e) => {
                    return Some(Err(Error::input(
                        &path,
                        line_no,
                        format!("invalid JSON: {}", in_line(&e)),
                    )))
                }
            };
            let get = |k: &str| value.get(k).and_then(json_fields::text);
            let first = |names: &[&str]| names.iter().find_map(|k| get(k));
            let title = first(TITLE_NAMES);
            // The named field, else the first of the usual text fields (as CSV columns are
            // found); a record with a title and no text is a headline.
            let text_names = match &forced_text {
                Some(f) => std::slice::from_ref(f),
                None => &text_names[..],
            };
            // A text cut short with NewsAPI's marker (`… [+2817 chars]`) gives way to a later
            // text field (its `description`), and loses the marker when none follows.
            let mut texts = text_names.iter().filter_map(|k| get(k));
            let text = texts.next().map(|t| match cut_short(&t) {
                Some(kept) => texts.next().unwrap_or_else(|| kept.to_string()),
                None => t,
            });
            // A NewsAPI article taken down (`"title": "[Removed]"`) is a placeholder: nothing
            // to tag, and no date (it says 1970).
            let removed = title.as_deref() == Some(REMOVED)
                && text.as_deref().is_none_or(|t| t == REMOVED || t.is_empty());
            // The source's name that NewsAPI and news aggregators append to titles
            // (`Headline - Reuters`) is no part of the headline.
            let title = match (title, source_name(&value)) {
                (Some(t), Some(name)) => Some(without_source_suffix(t, name)),
                (t, _) => t,
            };
            // A text field in a shape no reader here knows is said, not silently dropped.
            let unread: Vec<&str> = match text {
                Some(_) => vec![],
                None => text_names
                    .iter()
                    .filter(|k| value.get(k.as_str()).is_some_and(|v| !v.is_null()))
                    .map(String::as_str)
                    .collect(),
            };
            let id = value
                .get(&id_field)
                .and_then(|v| json_id(v, json, &id_field));
            let text = match (text, &title) {
                (Some(t), _) => t,
                (None, Some(_)) if forced_text.is_none() => String::new(),
                (None, _) => {
                    let id = id.clone();
                    return Some(Err(Error::input(
                        &path,
                        line_no,
                        match &forced_text {
                            Some(f) if unread.is_empty() => format!("no string field '{f}'"),
                            Some(f) => format!("field '{f}' holds no text: {}", UNREAD_SHAPES),
                            None if !unread.is_empty() => {
                                format!("field '{}' holds no text: {}", unread[0], UNREAD_SHAPES)
                            }
                            None => format!(
                                "no text field: expected a string in one of {} or {}; name \
                                 yours with --text-col NAME",
                                TEXT_NAMES.join(", "),
                                TITLE_NAMES.join(", ")
                            ),
                        },
                    )
                    .with_id(id)))
                }
            };
            let record = Record {
                source: source.clone(),
                number,
                line: Some(line_no),
                title,
                text,
                lang: lang_fields
                    .iter()
                    .find_map(|k| Lang::from_code(value.get(k)?.as_str()?)),
                id,
                date: DATE_NAMES
                    .iter()
                    .find_map(|k| json_fields::date(value.get(*k)?)),
                url: json_fields::url(&value, URL_NAMES),
                lang_hint: None,
                warnings: unread
                    .iter()
                    .map(|k| format!("field '{k}' holds no text, so only the title was tagged: {UNREAD_SHAPES}"))
                    .collect(),
            };
            Some(Ok(match removed {
                true => Record {
                    title: None,
                    text: String::new(),
                    lang: None,
                    date: None,
                    url: None,
                    warnings: vec!["an article marked [Removed] by its feed: nothing to tag".into()],
                    ..record
                },
                false => record,
            }))
        })
}

/// What NewsAPI writes in every field of an article taken down.
const REMOVED: &str = "[Removed]";

/// `text` without NewsAPI's closing marker of a text cut short (`… [+2817 chars]`) and the
/// ellipsis before it, if it has one.
fn cut_short(text: &str) -> Option<&str> {
    let t = text.trim_end();
    let open = t.strip_suffix(" chars]")?.rfind("[+")?;
    let count = &t[open + 2..t.len() - " chars]".len()];
    if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(t[..open].trim_end().trim_end_matches(['…', '.']).trim_end())
}

/// The name of a record's source, as NewsAPI gives it: `"source": {"name": "Reuters"}`.
fn source_name(value: &serde_json::Value) -> Option<&str> {
    value.get("source")?.get("name")?.as_str()
}

/// `title` without ` - NAME` (or ` | NAME`, ` — NAME`) at its end.
fn without_source_suffix(title: String, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        return title;
    }
    let kept = title.strip_suffix(name).and_then(|head| {
        let head = head.trim_end();
        let head = head.strip_suffix(['-', '|', '–', '—'])?.trim_end();
        (!head.is_empty()).then_some(head)
    });
    match kept {
        Some(head) => head.to_string(),
        None => title,
    }
}

/// `value` with, for each key of an object that is not in lowercase, the same field under its
/// lowercase name too (unless the object has that name already): `{"Text": ...}` is read as
/// `{"text": ...}` is.
fn with_lowercase_keys(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(o) = value.as_object_mut() {
        let aliases: Vec<(String, serde_json::Value)> = o
            .iter()
            .filter(|(k, _)| k.chars().any(char::is_uppercase))
            .map(|(k, v)| (k.to_lowercase(), v.clone()))
            .filter(|(k, _)| !o.contains_key(k))
            .collect();
        for (k, v) in aliases {
            o.entry(k).or_insert(v);
        }
    }
    value
}

/// What a text field may hold, for errors and warnings about one that holds none of these.
const UNREAD_SHAPES: &str = "expected a string, a list of strings or runs of text, or an object \
    with a content, rendered, value or text string";

/// The kind of a run of rich text (`bold`, `link`, `text_link`...); none for a plain string.
fn run_kind(run: &serde_json::Value) -> Option<&str> {
    run.get("type")?.as_str()
}

/// The records of one JSON document (an array of objects, or an object holding one such
/// array, as news APIs return them; or a Telegram channel export), as JSON Lines: one object
/// per line, in order; and a note on what was left out, if anything. `bytes` is the whole
/// document.
pub(super) fn json_document_lines(path: &Path, bytes: &[u8]) -> Result<(Vec<u8>, Option<String>)> {
    let bytes = crate::sniff::without_bom(bytes);
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::file(path, format!("invalid JSON: {e}")))?;
    if let Some(export) = telegram_posts(&value) {
        return Ok(export);
    }
    let records = find_records(&value);
    let Some(records) = records else {
        return Err(Error::file(
            path,
            "a JSON document without a list of records: topictag reads an array of objects, an \
             object holding one (`{\"articles\": [...]}`), or JSON Lines (one object per line)",
        ));
    };
    let mut out = Vec::with_capacity(bytes.len());
    for r in records {
        serde_json::to_writer(&mut out, &r).map_err(|e| Error::file(path, e.to_string()))?;
        out.push(b'\n');
    }
    Ok((out, None))
}

/// The posts of a Telegram export (`result.json` of Telegram Desktop's "Export chat history"
/// in JSON: `{"name": ..., "type": "public_channel", "messages": [...]}`), as JSON Lines of
/// `id`, `date`, `title`, `text`: a post's opening bold line is its title (news channels
/// set their headline so), the rest its text. Service messages (channel created, message
/// pinned...) and posts with no text (a photo without a caption) are left out, and counted in
/// the note. `None` when `value` is not such an export.
fn telegram_posts(value: &serde_json::Value) -> Option<(Vec<u8>, Option<String>)> {
    let messages = value.get("messages")?.as_array()?;
    let export = value.get("type").is_some_and(serde_json::Value::is_string)
        && messages
            .iter()
            .all(|m| m.get("type").is_some() && m.get("date").is_some());
    if !export {
        return None;
    }
    let mut out = Vec::new();
    let (mut service, mut empty) = (0, 0);
    for m in messages {
        if m.get("type").and_then(|t| t.as_str()) != Some("message") {
            service += 1;
            continue;
        }
        let runs: &[serde_json::Value] = match m.get("text") {
            Some(serde_json::Value::Array(runs)) => runs,
            Some(text @ serde_json::Value::String(_)) => std::slice::from_ref(text),
            _ => &[],
        };
        // A bare address is the post's link, not its words; a linked phrase keeps its words.
        let url = runs.iter().find_map(|r| match run_kind(r) {
            Some("text_link") => r.get("href").and_then(|h| h.as_str()),
            Some("link") => run_text(r),
            _ => None,
        });
        let words: Vec<serde_json::Value> = runs
            .iter()
            .filter(|r| run_kind(r) != Some("link"))
            .cloned()
            .collect();
        let (title, text) = title_and_text(&words);
        if title.is_none() && text.is_empty() {
            empty += 1;
            continue;
        }
        let post = serde_json::json!({
            "id": m.get("id"),
            "date": m.get("date"),
            "title": title,
            "text": text,
            "url": url,
        });
        out.extend_from_slice(post.to_string().as_bytes());
        out.push(b'\n');
    }
    let note = crate::html::telegram_note(service, empty);
    Some((out, note))
}

/// A post's title (its opening bold run, when a line break follows it) and text.
fn title_and_text(runs: &[serde_json::Value]) -> (Option<String>, String) {
    let joined = |runs: &[serde_json::Value]| {
        runs.iter()
            .filter_map(run_text)
            .collect::<String>()
            .trim()
            .to_string()
    };
    if let [first, rest @ ..] = runs {
        let breaks = rest
            .first()
            .and_then(run_text)
            .is_some_and(|t| t.starts_with('\n'));
        if run_kind(first) == Some("bold") && (rest.is_empty() || breaks) {
            let title = joined(std::slice::from_ref(first));
            if !title.is_empty() {
                return (Some(title), joined(rest));
            }
        }
    }
    (None, joined(runs))
}

/// A JSON error within one line of a JSON Lines file: its column only (serde_json counts
/// lines within the line it was given, always "line 1", under the file's own line number).
fn in_line(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => format!("{message} (column {})", e.column()),
        None => text,
    }
}
