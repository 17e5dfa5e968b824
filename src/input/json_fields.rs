//! The fields of a JSON record as readers and exporters write them, read as plain values:
//! text wrapped in an object (Feedly's and Inoreader's `{"content": ...}`, the WordPress REST
//! API's `{"rendered": ...}`, read as HTML), links given as lists of `{"href": ...}`, and dates
//! given as epoch numbers.

use serde_json::Value;

/// Keys under which an object holds its text, in order of preference: `content` (Feedly,
/// Inoreader, the Google Reader API), `rendered` (WordPress), `value` (Atom converted to
/// JSON, feedparser's `*_detail`), `text`, `html`, and XML-to-JSON converters' `#text`/`$t`.
const WRAPPED_TEXT_KEYS: &[&str] = &[
    "content", "rendered", "value", "text", "html", "#text", "$t",
];

/// Keys of a record's web address beyond the CSV names ([`crate::dataset::URL_NAMES`]), as
/// feed readers export them (Feedly's `canonicalUrl`, `canonical`/`alternate` lists of links).
const MORE_URL_NAMES: &[&str] = &[
    "canonicalUrl",
    "canonical_url",
    "canonical",
    "alternate",
    "permalink",
    "links",
];

/// A field's text: a string, as it is; rich text given as a list of runs (strings, and
/// objects with a `text` string, such as `{"type": "bold", "text": "..."}`), joined; or an
/// object wrapping it ([`WRAPPED_TEXT_KEYS`]), whose text is HTML as exporters write it
/// (markup and character references read as HTML). A plain string is never changed: a
/// pipeline's text is tagged as it was given, by the command line as by the Python package.
///
/// ```
/// # use topictag::input::json_fields::text;
/// let v = serde_json::json!({"content": "<p>Gas &amp; oil.</p>", "direction": "ltr"});
/// assert_eq!(text(&v).as_deref(), Some("Gas & oil."));
/// assert_eq!(text(&serde_json::json!("R&amp;D")).as_deref(), Some("R&amp;D"));
/// assert_eq!(text(&serde_json::json!(42)), None);
/// ```
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(runs) => runs.iter().map(run_text).collect(),
        Value::Object(map) => {
            let html = WRAPPED_TEXT_KEYS
                .iter()
                .find_map(|k| map.get(*k)?.as_str())?;
            Some(if has_markup(html) {
                crate::html::fragment_text(html)
            } else {
                html.to_string()
            })
        }
        _ => None,
    }
}

/// One run of rich text.
pub(super) fn run_text(run: &Value) -> Option<&str> {
    match run {
        Value::String(s) => Some(s),
        other => other.get("text")?.as_str(),
    }
}

/// Whether text holds an HTML tag (`<p>`, `</b>`, `<br/>`, `<!--`: [`super::has_markup`]) or a
/// character reference (`&amp;`, `&#8217;`); `a < b` and `R&D` are not markup.
fn has_markup(s: &str) -> bool {
    let b = s.as_bytes();
    super::has_markup(b) || crate::html::holds_char_ref(b)
}

/// A record's web address: the first of `names`, else of [`MORE_URL_NAMES`], that holds one:
/// a string, an object with an `href` (or `url`), or a list of either (a link of type
/// `text/html` or relation `alternate` first).
pub fn url(record: &Value, names: &[&str]) -> Option<String> {
    names
        .iter()
        .chain(MORE_URL_NAMES)
        .find_map(|k| address(record.get(*k)?))
}

fn address(v: &Value) -> Option<String> {
    let found = match v {
        Value::String(s) => Some(s.trim()),
        Value::Object(link) => ["href", "url"]
            .iter()
            .find_map(|k| link.get(*k)?.as_str())
            .map(str::trim),
        Value::Array(links) => {
            let page = |l: &&Value| {
                l.get("type").and_then(Value::as_str) == Some("text/html")
                    || l.get("rel").and_then(Value::as_str) == Some("alternate")
            };
            let best = links.iter().find(page).or(links.first())?;
            return address(best);
        }
        _ => None,
    };
    found.filter(|s| !s.is_empty()).map(str::to_string)
}

/// A record's date: a string as written (ISO 8601's compact form, `20241205T101500Z` as GDELT
/// gives its `seendate`, spelled out), or a number of seconds (or, from 10^11 up,
/// milliseconds) since 1970 as an RFC 3339 time in UTC, as feeds' dates are given.
///
/// ```
/// # use topictag::input::json_fields::date;
/// assert_eq!(date(&serde_json::json!("20241205T101500Z")).as_deref(), Some("2024-12-05T10:15:00Z"));
/// let v = serde_json::json!(1715760000000u64);
/// assert_eq!(date(&v).as_deref(), Some("2024-05-15T08:00:00+00:00"));
/// assert_eq!(date(&serde_json::json!(1715760000)).as_deref(), Some("2024-05-15T08:00:00+00:00"));
/// assert_eq!(date(&serde_json::json!("15 May 2024")).as_deref(), Some("15 May 2024"));
/// ```
pub fn date(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            Some(compact_iso(s).unwrap_or_else(|| s.clone())).filter(|s| !s.trim().is_empty())
        }
        Value::Number(n) => {
            let n = n.as_f64()?;
            let millis = if n.abs() >= 1e11 { n } else { n * 1000.0 };
            chrono::DateTime::from_timestamp_millis(millis as i64)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false))
        }
        _ => None,
    }
}

/// ISO 8601's basic form (`20241205T101500Z`, `20241205T1015Z`) in its extended form.
fn compact_iso(s: &str) -> Option<String> {
    let (day, time) = s.trim().split_once('T')?;
    let (clock, zone) = match time.strip_suffix('Z') {
        Some(c) => (c, "Z"),
        None => (time, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if day.len() != 8 || !matches!(clock.len(), 4 | 6) || !digits(day) || !digits(clock) {
        return None;
    }
    let seconds = clock.get(4..6).map(|s| format!(":{s}")).unwrap_or_default();
    Some(format!(
        "{}-{}-{}T{}:{}{seconds}{zone}",
        &day[..4],
        &day[4..6],
        &day[6..],
        &clock[..2],
        &clock[2..4]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn markup_is_told_from_text_that_merely_holds_brackets() {
        for s in [
            "<p>x</p>",
            "a<br/>b",
            "x &amp; y",
            "it&#8217;s",
            "<!-- c -->",
        ] {
            assert!(has_markup(s), "{s}");
        }
        for s in ["a < b", "R&D spending", "x & y", "5<6", "AT&T; next", "&;"] {
            assert!(!has_markup(s), "{s}");
        }
    }

    #[test]
    fn wrapped_and_rich_text_is_read() {
        let cases = [
            (json!("Plain."), Some("Plain.")),
            // A plain string is tagged as given, markup or not.
            (
                json!("<p>Kept &amp; as is</p>"),
                Some("<p>Kept &amp; as is</p>"),
            ),
            (
                json!({"rendered": "<p>Gas deal&#8217;s terms</p>\n", "protected": false}),
                Some("Gas deal’s terms"),
            ),
            (
                json!({"type": "html", "value": "A <b>bold</b> move"}),
                Some("A bold move"),
            ),
            (
                json!(["Gas ", {"type": "bold", "text": "deal"}]),
                Some("Gas deal"),
            ),
            (json!({"direction": "ltr"}), None),
            (json!(null), None),
        ];
        for (v, want) in cases {
            assert_eq!(text(&v).as_deref(), want, "{v}");
        }
    }

    #[test]
    fn addresses_are_found_in_strings_objects_and_lists() {
        let cases = [
            (
                json!({"link": " https://a.example/1 "}),
                Some("https://a.example/1"),
            ),
            (
                json!({"canonical": [{"href": "https://a.example/2", "type": "text/html"}]}),
                Some("https://a.example/2"),
            ),
            (
                json!({"alternate": [{"href": "https://a.example/f.xml", "type": "application/rss+xml"}, {"href": "https://a.example/3", "type": "text/html"}]}),
                Some("https://a.example/3"),
            ),
            (
                json!({"url": "", "canonicalUrl": "https://a.example/4"}),
                Some("https://a.example/4"),
            ),
            (
                json!({"link": {"href": "https://a.example/5"}}),
                Some("https://a.example/5"),
            ),
            (json!({"origin": {"htmlUrl": "https://a.example"}}), None),
        ];
        for (v, want) in cases {
            assert_eq!(url(&v, crate::dataset::URL_NAMES).as_deref(), want, "{v}");
        }
    }
}
