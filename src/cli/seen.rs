//! `tag --new-only FILE`: the items earlier runs tagged, so that a feed or a page followed day
//! after day is tagged for what is new on it only.
//!
//! The file is plain text, one key per line (`#` lines are comments): an item's link where it
//! has one (feeds and web pages give them), else `text:` and a hash of its title and text
//! (whitespace collapsed, so a page saved again with other line breaks is the same item). It
//! is read before the run and rewritten (atomically, old keys first) only once the output is
//! complete: a run that fails to write its output records nothing, so its items come again.
//!
//! It also keeps, per web address read, the version the server gave (`validators:`, the
//! address, its `ETag` and `Last-Modified`, tab-separated), so that the next run asks for the
//! document only if it changed: an unchanged feed is not sent again (HTTP 304).

use anyhow::Result;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use topictag::error::Error;
use topictag::fsutil::write_atomic;
use topictag::input::fetch::Validators;
use topictag::input::Record;

/// The start of a line that holds an address's validators (a key never starts so: links
/// have a scheme, hashes start `text:`).
const VALIDATORS: &str = "validators:\t";

/// The first line of a file this module writes.
const HEADER: &str = "# topictag tag --new-only: items already tagged, one key per line \
(the item's link, or text: and a hash of its title and text)";

/// The keys of items tagged by earlier runs, and of those this run lets through.
pub(super) struct Seen {
    path: PathBuf,
    /// The file's lines as read (comments included), written back first.
    lines: Vec<String>,
    known: HashSet<String>,
    /// Keys first met in this run, in input order.
    added: Vec<String>,
    /// Items left out because their key was known.
    pub skipped: u64,
    /// Validators by address: those of the file, updated by this run's fetches.
    validators: std::collections::BTreeMap<String, Validators>,
}

impl Seen {
    /// Read `path`; a missing file is an empty list (the first run).
    pub(super) fn open(path: &Path) -> Result<Seen> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Found out now, not after the rows are written: the next run would tag them
                // again.
                let folder = path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                if !folder.is_dir() {
                    return Err(Error::file(
                        path,
                        format!(
                            "cannot be created: no folder {} (create it first)",
                            folder.display()
                        ),
                    )
                    .into());
                }
                Vec::new()
            }
            Err(e) => return Err(Error::io(path, e).into()),
        };
        let mut seen = Seen {
            path: path.to_path_buf(),
            lines: Vec::new(),
            known: HashSet::new(),
            added: Vec::new(),
            skipped: 0,
            validators: Default::default(),
        };
        let foreign = |line| {
            Error::input(
                path,
                line,
                "not a list of seen items written by --new-only (name a new file, which the \
                 run creates, or one an earlier --new-only run wrote)",
            )
        };
        if bytes.is_empty() {
            return Ok(seen);
        }
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let line = std::str::from_utf8(line).map_err(|_| foreign(i as u64 + 1))?;
            let line = line.strip_suffix('\r').unwrap_or(line);
            // Never rewrite a file of the user's that was named by mistake.
            if i == 0 && line != HEADER {
                return Err(foreign(1).into());
            }
            if i == 0 || line.is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix(VALIDATORS) {
                let mut fields = rest.split('\t');
                let (url, etag, date) = (fields.next(), fields.next(), fields.next());
                let (Some(url), Some(etag), Some(date), None) = (url, etag, date, fields.next())
                else {
                    return Err(foreign(i as u64 + 1).into());
                };
                let field = |f: &str| (!f.is_empty()).then(|| f.to_string());
                let v = Validators {
                    etag: field(etag),
                    last_modified: field(date),
                };
                seen.validators.insert(url.to_string(), v);
                continue;
            }
            if !line.starts_with('#') {
                seen.known.insert(line.to_string());
            }
            seen.lines.push(line.to_string());
        }
        Ok(seen)
    }

    /// Whether `rec` is new: not in the file and not met earlier in this run (the same story
    /// in two feeds is tagged once). A new record's key is remembered.
    pub(super) fn admit(&mut self, rec: &Record) -> bool {
        let key = key(rec);
        if self.known.contains(&key) {
            self.skipped += 1;
            return false;
        }
        self.known.insert(key.clone());
        self.added.push(key);
        true
    }

    /// The validators of the web addresses earlier runs read.
    pub(super) fn validators(&self) -> std::collections::BTreeMap<String, Validators> {
        self.validators.clone()
    }

    /// Remember the version `url` was read at (none given: forget it).
    pub(super) fn set_validators(&mut self, url: &str, v: &Validators) {
        let clean = |f: &Option<String>| f.as_deref().is_none_or(|s| !s.contains(char::is_control));
        if v.is_empty()
            || !clean(&v.etag)
            || !clean(&v.last_modified)
            || url.contains(char::is_whitespace)
        {
            self.validators.remove(url);
        } else {
            self.validators.insert(url.to_string(), v.clone());
        }
    }

    /// Rewrite the file with the keys of this run added, then the validators.
    pub(super) fn save(&self) -> Result<()> {
        write_atomic(&self.path, |w| {
            writeln!(w, "{HEADER}")?;
            for line in self.lines.iter().chain(&self.added) {
                writeln!(w, "{line}")?;
            }
            for (url, v) in &self.validators {
                let field = |f: &Option<String>| f.clone().unwrap_or_default();
                writeln!(
                    w,
                    "{VALIDATORS}{url}\t{}\t{}",
                    field(&v.etag),
                    field(&v.last_modified)
                )?;
            }
            Ok(())
        })?;
        Ok(())
    }
}

/// Query parameters that say where a reader came from, not what the page is: the same story
/// linked from a newsletter (`?utm_source=newsletter`) and from its site is one story.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi",
];

/// `url` without its tracking parameters (`utm_*` and [`TRACKING`]) and its `#fragment`;
/// as given when it is no absolute address.
fn without_tracking(url: &str) -> String {
    let Ok(mut u) = url::Url::parse(url) else {
        return url.to_string();
    };
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && !TRACKING.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let tracked = u.query_pairs().count() != kept.len();
    if tracked {
        u.set_query(None);
        if !kept.is_empty() {
            u.query_pairs_mut().extend_pairs(&kept);
        }
    }
    if tracked || u.fragment().is_some() {
        u.set_fragment(None);
        return u.into();
    }
    url.to_string()
}

/// An item's key: its link (without tracking parameters), else a hash of its words.
fn key(rec: &Record) -> String {
    if let Some(url) = rec.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        let url = without_tracking(url);
        // A link holds no white space; escape any that a broken page put there, so that the
        // key stays one line.
        return url
            .chars()
            .map(|c| match c {
                ' ' => "%20".to_string(),
                c if c.is_whitespace() => format!("%{:02X}", c as u32 & 0xff),
                c => c.to_string(),
            })
            .collect();
    }
    // FNV-1a over the words, with one space between them: the same on every platform and in
    // every version, unlike the standard library's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let title = rec.title.as_deref().unwrap_or("");
    for (i, word) in title
        .split_whitespace()
        .chain(std::iter::once("\u{1}"))
        .chain(rec.text.split_whitespace())
        .enumerate()
    {
        if i > 0 {
            h = (h ^ u64::from(b' ')).wrapping_mul(0x0100_0000_01b3);
        }
        for &b in word.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("text:{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn record(title: &str, text: &str, url: Option<&str>) -> Record {
        Record {
            source: Arc::from("page.html"),
            number: 1,
            line: None,
            title: Some(title.into()),
            text: text.into(),
            lang: None,
            id: None,
            date: None,
            url: url.map(Into::into),
            lang_hint: None,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn keys_are_links_or_hashes_of_the_words() {
        let a = record("Talks resume", "The two delegations met\nin Baku.", None);
        let b = record("Talks  resume", "The two delegations met in Baku. ", None);
        let c = record("Talks resume in Baku", "The two delegations met.", None);
        assert_eq!(
            key(&a),
            key(&b),
            "line breaks and spaces do not make an item new"
        );
        assert_ne!(
            key(&a),
            key(&c),
            "words moved from the text to the title do"
        );
        assert!(key(&a).starts_with("text:") && key(&a).len() == 21);
        let linked = record("x", "y", Some(" https://example.org/a b\n"));
        assert_eq!(key(&linked), "https://example.org/a%20b");
        // A link from a newsletter is the story's link: tracking parameters and the fragment
        // are no part of the key; other parameters are.
        let plain = record("x", "y", Some("https://example.org/lng/?id=7"));
        for tracked in [
            "https://example.org/lng/?id=7&utm_source=newsletter&utm_medium=email",
            "https://example.org/lng/?utm_campaign=x&id=7&fbclid=abc#comments",
        ] {
            assert_eq!(
                key(&record("x", "y", Some(tracked))),
                key(&plain),
                "{tracked}"
            );
        }
        assert_ne!(
            key(&record("x", "y", Some("https://example.org/lng/?id=8"))),
            key(&plain)
        );
    }

    #[test]
    fn a_second_run_admits_only_what_is_new_and_keeps_comments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seen.txt");
        let one = record("One", "first story", Some("https://example.org/1"));
        let two = record("Two", "second story", None);
        let mut seen = Seen::open(&path).unwrap();
        assert!(seen.admit(&one) && seen.admit(&two));
        assert!(!seen.admit(&one), "the same item twice in one run");
        seen.save().unwrap();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("# a note of the user's\n");
        std::fs::write(&path, text).unwrap();

        let three = record("Three", "third story", Some("https://example.org/3"));
        let mut seen = Seen::open(&path).unwrap();
        assert!(!seen.admit(&one) && !seen.admit(&two));
        assert!(seen.admit(&three));
        assert_eq!(seen.skipped, 2);
        seen.save().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], HEADER);
        assert_eq!(lines.len(), 5, "{text}");
        assert_eq!(lines[3], "# a note of the user's");
        assert_eq!(lines[4], "https://example.org/3");
    }

    /// Validators are kept per address, replaced by a later fetch, forgotten when a server
    /// gives none, and never written with characters that would break the line.
    #[test]
    fn validators_round_trip_by_address() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seen.txt");
        let v = |etag: Option<&str>, date: Option<&str>| Validators {
            etag: etag.map(str::to_string),
            last_modified: date.map(str::to_string),
        };
        let (a, b, c) = (
            "https://a.example/rss",
            "https://b.example/feed",
            "https://c.example/",
        );
        let mut seen = Seen::open(&path).unwrap();
        seen.set_validators(a, &v(Some("\"x1\""), None));
        seen.set_validators(b, &v(None, Some("Sat, 05 Dec 2026 08:00:00 GMT")));
        seen.set_validators(c, &v(Some("bad\tetag"), None));
        seen.save().unwrap();
        let mut seen = Seen::open(&path).unwrap();
        let got = seen.validators();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[a], v(Some("\"x1\""), None));
        assert_eq!(got[b], v(None, Some("Sat, 05 Dec 2026 08:00:00 GMT")));
        seen.set_validators(a, &v(Some("\"x2\""), None));
        seen.set_validators(b, &Validators::default());
        seen.save().unwrap();
        let got = Seen::open(&path).unwrap().validators();
        assert_eq!(got.len(), 1);
        assert_eq!(got[a], v(Some("\"x2\""), None));
        // A damaged validators line is refused like any foreign line.
        let text = format!("{HEADER}\nvalidators:\thttps://a.example/rss\n");
        std::fs::write(&path, text).unwrap();
        let err = Seen::open(&path).err().unwrap().to_string();
        assert!(err.contains("seen.txt:2: not a list"), "{err}");
    }

    #[test]
    fn a_file_not_written_by_new_only_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seen.txt");
        let refused = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            let err = Seen::open(&path).err().unwrap().to_string();
            let after = std::fs::read(&path).unwrap();
            assert_eq!(after, bytes, "the file was changed");
            err
        };
        let bad = [HEADER.as_bytes(), b"\nhttps://example.org/1\n\xff\xfe\n"].concat();
        assert!(refused(&bad).contains("seen.txt:3: not a list"));
        // A file of the user's named by mistake is not taken, and not rewritten.
        let err = refused(b"id,title,text\n1,Talks,The talks resumed\n");
        assert!(
            err.contains("seen.txt:1: not a list of seen items"),
            "{err}"
        );
    }
}
