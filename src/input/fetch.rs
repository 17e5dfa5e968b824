//! Inputs given as web addresses (`https://example.org/world/rss.xml`): fetched over HTTP(S)
//! and read like a file of the same kind, and OPML subscription lists (a feed reader's
//! export), whose feed addresses become inputs. Part of the `cli` feature.
//!
//! A fetch follows redirects (at most [`MAX_REDIRECTS`]), accepts gzip, reads at most
//! [`MAX_DOCUMENT_BYTES`](super::MAX_DOCUMENT_BYTES) and gives up after the timeout
//! (`tag --timeout`, [`DEFAULT_TIMEOUT`]). What went wrong is said with the address: an HTTP
//! status (`HTTP 404 Not Found`), a name that does not resolve, a refused connection, a
//! timeout. The response's `Content-Type` tells the reader what the body is when sniffing
//! cannot (CSV, JSON Lines), and its `charset` decodes a web page or text that is not UTF-8.

use super::{url_of, Format};
use crate::error::{Error, Result};
use encoding_rs::{Encoding, UTF_8};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How long one fetch may take, connection to last byte, unless `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 10;

/// Addresses fetched at the same time when several are given (an OPML list).
const PARALLEL_FETCHES: usize = 4;

/// Fetched bodies held ahead of the reader, at most.
const FETCH_AHEAD: usize = 8;

/// One fetched document.
#[derive(Debug)]
pub struct Fetched {
    /// The address the body came from, after redirects (links in a page resolve against it).
    pub location: String,
    /// The reader the response's `Content-Type` implies, when it implies one.
    pub format: Option<Format>,
    /// The body, as UTF-8 when the response declared another charset for a page or text.
    pub body: Vec<u8>,
    /// The version the server gave the document, to ask next time whether it changed.
    pub validators: Validators,
    /// The server answered a conditional request "304 Not Modified": the document is the
    /// one those validators name, and `body` is empty.
    pub not_modified: bool,
}

/// What a server said a document's version is (its `ETag` and `Last-Modified` headers), sent
/// back as `If-None-Match` and `If-Modified-Since` so that an unchanged feed is not sent again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    /// Neither header was given.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Fetch `url` (at most `timeout`; [`DEFAULT_TIMEOUT`] when `None`). Errors name the address.
pub fn fetch(url: &str, timeout: Option<Duration>) -> Result<Fetched> {
    fetch_with(&agent(timeout), url, None)
}

/// The HTTP client of a run: its TLS settings are built once, and its connections are kept
/// for the next address on the same host.
fn agent(timeout: Option<Duration>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout.unwrap_or(DEFAULT_TIMEOUT)))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("topictag/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// [`fetch`] with `agent`; with `prior` validators, a conditional request.
fn fetch_with(agent: &ureq::Agent, url: &str, prior: Option<&Validators>) -> Result<Fetched> {
    let fail = |m: String| Error::file(url, m);
    let mut request = agent.get(url).header(
        "Accept",
        "application/rss+xml, application/atom+xml, application/feed+json, text/html, \
         application/xhtml+xml, text/csv, application/json, text/plain;q=0.9, */*;q=0.5",
    );
    if let Some(v) = prior {
        if let Some(etag) = &v.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &v.last_modified {
            request = request.header("If-Modified-Since", date);
        }
    }
    let mut response = request.call().map_err(|e| fail(describe(&e)))?;
    let status = response.status();
    if status.as_u16() == 304 {
        if let Some(v) = prior.filter(|v| !v.is_empty()) {
            return Ok(Fetched {
                location: url.to_string(),
                format: None,
                body: Vec::new(),
                validators: v.clone(),
                not_modified: true,
            });
        }
    }
    if !status.is_success() {
        return Err(fail(
            format!(
                "HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string(),
        ));
    }
    let location = {
        use ureq::ResponseExt;
        response.get_uri().to_string()
    };
    let header = |name: &str| {
        let value = response.headers().get(name)?.to_str().ok()?.trim();
        (!value.is_empty()).then(|| value.to_string())
    };
    let content_type = header("content-type");
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let body = response
        .body_mut()
        .with_config()
        .limit(super::MAX_DOCUMENT_BYTES)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => fail(format!(
                "larger than {} MiB: not read",
                super::MAX_DOCUMENT_BYTES >> 20
            )),
            e => fail(describe(&e)),
        })?;
    let (format, charset) = content_type.as_deref().map_or((None, None), media_type);
    Ok(Fetched {
        location,
        body: to_utf8(body, charset, format),
        format,
        validators,
        not_modified: false,
    })
}

/// What went wrong, in words, for a fetch that got no usable response.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "no complete answer within the timeout (--timeout)".into(),
        ureq::Error::HostNotFound => "the host name does not resolve (offline?)".into(),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::BadUri(m) => format!("not a valid web address: {m}"),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            // getaddrinfo's failure comes as a plain I/O error.
            _ if io.to_string().contains("lookup address") => {
                format!("the host name does not resolve (offline?): {io}")
            }
            _ => format!("could not fetch: {io}"),
        },
        e => format!("could not fetch: {e}"),
    }
}

/// The reader a `Content-Type` implies, and its `charset`.
fn media_type(content_type: &str) -> (Option<Format>, Option<&'static Encoding>) {
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| Encoding::for_label(v.trim().trim_matches(['"', '\'']).as_bytes()))?
    });
    let format = match essence.as_str() {
        "text/csv" | "text/tab-separated-values" => Some(Format::Csv),
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" => {
            Some(Format::Jsonl)
        }
        "text/html" | "application/xhtml+xml" | "multipart/related" => Some(Format::Html),
        "message/rfc822" => Some(Format::Mail),
        e if e.ends_with("rss+xml") || e.ends_with("atom+xml") || e.ends_with("rdf+xml") => {
            Some(Format::Feed)
        }
        _ => None,
    };
    (format, charset)
}

/// A body in the declared `charset` as UTF-8, for web pages and text (XML, and so feeds,
/// declares its own encoding, which the feed reader follows). A body with a byte-order mark,
/// or already valid UTF-8, is left as it is. A web page gets a UTF-8 byte-order mark, which
/// outranks its own `<meta charset>` as the response's header does in a browser.
fn to_utf8(body: Vec<u8>, charset: Option<&'static Encoding>, format: Option<Format>) -> Vec<u8> {
    let Some(enc) = charset.filter(|&e| e != UTF_8) else {
        return body;
    };
    let xml = matches!(format, Some(Format::Feed)) || body.trim_ascii_start().starts_with(b"<?xml");
    if xml || Encoding::for_bom(&body).is_some() || std::str::from_utf8(&body).is_ok() {
        return body;
    }
    let (text, _, _) = enc.decode(&body);
    let mut out = Vec::with_capacity(text.len() + 3);
    if format == Some(Format::Html) {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    out.extend_from_slice(text.as_bytes());
    out
}

/// Bytes of a file's head in which an OPML list names itself (`<opml`).
pub const OPML_HEAD_BYTES: usize = 4096;

/// Whether a file that starts with `head` is an OPML list (`<opml` within its first
/// [`OPML_HEAD_BYTES`]).
pub fn is_opml(head: &[u8]) -> bool {
    head[..head.len().min(OPML_HEAD_BYTES)]
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"<opml"))
}

/// The feed addresses of an OPML subscription list (every `outline` with an `xmlUrl`, at any
/// depth, in document order, each once), or `None` when `bytes` is not OPML.
pub fn opml_feeds(bytes: &[u8]) -> Option<Vec<String>> {
    if !is_opml(bytes) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    // An HTML parser reads OPML well enough for attributes (and forgives what a reader's
    // export gets wrong); it lowercases their names.
    let doc = scraper::Html::parse_document(&text);
    let outline = scraper::Selector::parse("outline").expect("valid selector");
    let mut seen = std::collections::HashSet::new();
    Some(
        doc.select(&outline)
            .filter_map(|o| o.attr("xmlurl"))
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty() && seen.insert(u.clone()))
            .collect(),
    )
}

/// Fetches the web addresses among a run's inputs ahead of the reader, a few at a time, so a
/// list of fifty feeds does not wait for fifty fetches one after another. Bodies wait for the
/// reader in a bounded window ([`FETCH_AHEAD`]); [`Prefetch::take`] hands each on once.
pub struct Prefetch {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    ready: Condvar,
}

struct State {
    /// The addresses, by input index, and their results once fetched.
    urls: Vec<(usize, String)>,
    /// Validators of earlier fetches, by address: those requests are conditional.
    prior: std::collections::BTreeMap<String, Validators>,
    done: std::collections::HashMap<usize, Result<Fetched>>,
    /// The next position in `urls` to start, and how many were taken by the reader.
    next: usize,
    taken: usize,
    stop: bool,
}

impl Prefetch {
    /// Start fetching the inputs of `paths` that are web addresses (none: no thread starts);
    /// an address with `prior` validators is fetched only if changed since.
    pub fn start(
        paths: &[std::path::PathBuf],
        timeout: Option<Duration>,
        prior: std::collections::BTreeMap<String, Validators>,
    ) -> Prefetch {
        let urls: Vec<(usize, String)> = paths
            .iter()
            .enumerate()
            .filter_map(|(i, p)| url_of(p).map(|u| (i, u.to_string())))
            .collect();
        let workers = urls.len().min(PARALLEL_FETCHES);
        let agent = agent(timeout);
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                urls,
                prior,
                done: Default::default(),
                next: 0,
                taken: 0,
                stop: false,
            }),
            ready: Condvar::new(),
        });
        for _ in 0..workers {
            let (shared, agent) = (Arc::clone(&shared), agent.clone());
            std::thread::spawn(move || shared.work(&agent));
        }
        Prefetch { shared }
    }

    /// The fetch of input `index` (waiting for it if needed), or `None` when it is not a web
    /// address (or was taken already).
    pub fn take(&self, index: usize) -> Option<Result<Fetched>> {
        let mut s = self.shared.state.lock().expect("prefetch lock");
        if !s.urls.iter().any(|&(i, _)| i == index) {
            return None;
        }
        loop {
            if let Some(r) = s.done.remove(&index) {
                s.taken += 1;
                self.shared.ready.notify_all();
                return Some(r);
            }
            s = self.shared.ready.wait(s).expect("prefetch lock");
        }
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        if let Ok(mut s) = self.shared.state.lock() {
            s.stop = true;
        }
        self.shared.ready.notify_all();
    }
}

impl Shared {
    fn work(&self, agent: &ureq::Agent) {
        loop {
            let (index, url, prior) = {
                let mut s = self.state.lock().expect("prefetch lock");
                // Wait while the window ahead of the reader is full.
                while !s.stop && s.next < s.urls.len() && s.next >= s.taken + FETCH_AHEAD {
                    s = self.ready.wait(s).expect("prefetch lock");
                }
                if s.stop || s.next >= s.urls.len() {
                    return;
                }
                let (index, url) = s.urls[s.next].clone();
                s.next += 1;
                let prior = s.prior.get(&url).cloned();
                (index, url, prior)
            };
            let result = fetch_with(agent, &url, prior.as_ref());
            let mut s = self.state.lock().expect("prefetch lock");
            if s.stop {
                return;
            }
            s.done.insert(index, result);
            self.ready.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_readers_and_charsets() {
        let (f, c) = media_type("text/html; charset=windows-1251");
        assert_eq!(f, Some(Format::Html));
        assert_eq!(c, Some(encoding_rs::WINDOWS_1251));
        assert_eq!(media_type("application/rss+xml").0, Some(Format::Feed));
        assert_eq!(media_type("text/csv;charset=\"utf-8\"").1, Some(UTF_8));
        assert_eq!(media_type("message/rfc822").0, Some(Format::Mail));
        assert_eq!(media_type("application/octet-stream"), (None, None));
    }

    #[test]
    fn pages_in_a_declared_charset_become_utf8() {
        let latin1 = b"<p>Se\xf1or</p>".to_vec();
        let out = to_utf8(latin1, Some(encoding_rs::WINDOWS_1252), Some(Format::Html));
        assert_eq!(out, "\u{feff}<p>Señor</p>".as_bytes());
        // Valid UTF-8 under a stale header, and XML, which declares its own encoding, pass.
        let utf8 = "<p>Señor</p>".as_bytes().to_vec();
        assert_eq!(
            to_utf8(
                utf8.clone(),
                Some(encoding_rs::WINDOWS_1252),
                Some(Format::Html)
            ),
            utf8
        );
        let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>\xf1</rss>".to_vec();
        assert_eq!(
            to_utf8(xml.clone(), Some(encoding_rs::WINDOWS_1252), None),
            xml
        );
    }

    #[test]
    fn opml_lists_give_their_feeds_once_in_order() {
        let opml = br#"<?xml version="1.0"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="World">
    <outline type="rss" text="A" xmlUrl="https://a.example/rss?x=1&amp;y=2" htmlUrl="https://a.example/"/>
    <outline type="rss" text="B" xmlUrl=" https://b.example/atom.xml "/>
  </outline>
  <outline text="no feed" htmlUrl="https://c.example/"/>
  <outline type="rss" text="A again" xmlUrl="https://a.example/rss?x=1&amp;y=2"/>
</body></opml>"#;
        assert_eq!(
            opml_feeds(opml).unwrap(),
            [
                "https://a.example/rss?x=1&y=2",
                "https://b.example/atom.xml"
            ]
        );
        assert_eq!(opml_feeds(b"<rss version=\"2.0\"></rss>"), None);
    }
}
