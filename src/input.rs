//! Inputs to tag: files, folders, globs or stdin in; a stream of [`Record`]s out, one per text.
//!
//! Formats are recognised by extension (`.csv` → CSV, `.jsonl`/`.ndjson` → JSON Lines,
//! `.txt` and anything else → digest pages, split into items by [`crate::digest`]) unless one
//! is forced. Records are produced lazily, so memory is bounded by one record (or one page),
//! not by the input. A bad record becomes an `Err` in the stream; the stream goes on.

use crate::dataset::{
    csv_error, decode_field, join_text, resolve_columns, sniff_line_offset, CsvOptions,
};
use crate::digest;
use crate::error::{Error, Result};
use crate::lang::Lang;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How an input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Digest pages: split into items (title + teaser or body).
    Page,
    /// One text per line.
    Lines,
    /// CSV with a header (text columns as in training files).
    Csv,
    /// JSON Lines: one object per line with a `text` (and optional `title`, `lang`) field.
    Jsonl,
}

impl Format {
    /// The format an extension implies.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") | Some("tsv") => Format::Csv,
            Some("jsonl") | Some("ndjson") => Format::Jsonl,
            _ => Format::Page,
        }
    }
}

/// One text to tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The file it came from (`-` for stdin).
    pub source: Arc<str>,
    /// Position in the source: item number on a page, or record number in CSV/JSONL/lines.
    pub number: u64,
    /// Line in the source where the record starts, when known.
    pub line: Option<u64>,
    pub title: Option<String>,
    pub text: String,
    /// Language given by the input (a `lang` column or field).
    pub lang: Option<Lang>,
    /// The item's identifier as the input gave it (an id column or field), passed through to
    /// the output unchanged so results join back to the user's data.
    pub id: Option<String>,
    /// The item's date as the input gave it (a date line of a page, a feed entry's date).
    pub date: Option<String>,
    /// The item's link, when the input gives one (an HTML page or a feed).
    pub url: Option<String>,
    /// Things noticed while reading (from the digest splitter, lossy decoding...).
    pub warnings: Vec<String>,
}

impl Record {
    /// Title and text together, as routing and scoring see them.
    pub fn full_text(&self) -> String {
        match &self.title {
            Some(t) if !t.trim().is_empty() => format!("{t}\n{}", self.text),
            _ => self.text.clone(),
        }
    }
}

/// Options for reading inputs.
#[derive(Clone, Debug, Default)]
pub struct InputOptions {
    /// Force a format instead of guessing from the extension.
    pub format: Option<Format>,
    /// Column names for CSV inputs (and field names for JSON Lines: the first text column).
    pub csv: CsvOptions,
}

/// Expand command-line inputs: files, folders (recursively, sorted), and glob patterns.
/// `-` is stdin. No inputs at all means stdin. A path that does not exist is kept, so that
/// opening it fails in [`records`] like any other bad file; a pattern matching nothing is an
/// error.
pub fn expand(inputs: &[String]) -> Result<Vec<PathBuf>> {
    if inputs.is_empty() {
        return Ok(vec![PathBuf::from("-")]);
    }
    let mut out = Vec::new();
    for arg in inputs {
        let path = PathBuf::from(arg);
        if arg == "-" || path.is_file() {
            out.push(path);
        } else if path.is_dir() {
            walk(&path, &mut out)?;
        } else if arg.contains(['*', '?', '[']) {
            let paths =
                glob::glob(arg).map_err(|e| Error::Config(format!("bad pattern '{arg}': {e}")))?;
            let mut n = 0;
            for p in paths {
                let p = p.map_err(|e| {
                    Error::io(e.path().to_path_buf(), std::io::Error::other(e.to_string()))
                })?;
                if p.is_file() {
                    out.push(p);
                    n += 1;
                }
            }
            if n == 0 {
                return Err(Error::Config(format!("no file matches '{arg}'")));
            }
        } else {
            // A missing file fails like an unreadable one: `records` reports it, the caller
            // counts it and the run goes on with the other inputs.
            out.push(path);
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|e| Error::io(dir, e)))
        .collect::<Result<_>>()?;
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// Open one input (`-` = stdin) and stream its records.
pub fn records(
    path: &Path,
    opts: &InputOptions,
) -> Result<Box<dyn Iterator<Item = Result<Record>> + Send>> {
    let is_stdin = path.as_os_str() == "-";
    let reader: Box<dyn Read + Send> = if is_stdin {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| Error::io(path, e))?)
    };
    let format = opts.format.unwrap_or_else(|| {
        if is_stdin {
            Format::Page
        } else {
            Format::from_path(path)
        }
    });
    let source: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    Ok(match format {
        Format::Page => Box::new(PageRecords::new(source, reader)),
        Format::Lines => Box::new(line_records(source, reader)),
        Format::Csv => Box::new(csv_records(path, source, reader, &opts.csv)?),
        Format::Jsonl => Box::new(jsonl_records(path, source, reader, &opts.csv)),
    })
}

/// Stream the items of a digest page: lines are fed to the [`digest::Splitter`] as they are
/// read, so memory is bounded by the current item, not the page. Splitting never fails;
/// invalid UTF-8 is replaced and reported as a warning on the next item.
struct PageRecords<R> {
    source: Arc<str>,
    lines: std::io::Split<BufReader<R>>,
    splitter: Option<digest::Splitter>,
    pending: std::collections::VecDeque<digest::Item>,
    /// Some line held invalid UTF-8: items with U+FFFD get a warning.
    saw_bad_utf8: bool,
}

impl<R: Read> PageRecords<R> {
    fn new(source: Arc<str>, reader: R) -> Self {
        PageRecords {
            source,
            lines: BufReader::with_capacity(1 << 16, reader).split(b'\n'),
            splitter: Some(digest::Splitter::new()),
            pending: Default::default(),
            saw_bad_utf8: false,
        }
    }

    fn record(&mut self, item: digest::Item) -> Record {
        // The splitter says "item N: ..."; records carry their number already.
        let prefix = format!("item {}: ", item.position);
        let mut warnings: Vec<String> = item
            .warnings
            .into_iter()
            .map(|w| w.strip_prefix(&prefix).map(str::to_string).unwrap_or(w))
            .collect();
        let replaced = |s: &str| s.contains('\u{fffd}');
        if self.saw_bad_utf8
            && (replaced(&item.text) || item.title.as_deref().is_some_and(replaced))
        {
            warnings.push("invalid UTF-8 replaced with U+FFFD".into());
        }
        Record {
            source: self.source.clone(),
            number: item.position as u64,
            line: None,
            title: item.title,
            text: item.text,
            lang: None,
            id: None,
            date: item.date,
            url: None,
            warnings,
        }
    }
}

impl<R: Read> Iterator for PageRecords<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(Ok(self.record(item)));
            }
            let splitter = self.splitter.as_mut()?;
            match self.lines.next() {
                Some(Ok(bytes)) => {
                    let line = match std::str::from_utf8(&bytes) {
                        Ok(s) => std::borrow::Cow::Borrowed(s),
                        Err(_) => {
                            self.saw_bad_utf8 = true;
                            String::from_utf8_lossy(&bytes)
                        }
                    };
                    let items = splitter.push_line(&line);
                    self.pending.extend(items);
                }
                Some(Err(e)) => {
                    self.splitter = None;
                    return Some(Err(Error::io(self.source.as_ref(), e)));
                }
                None => {
                    let done = self.splitter.take()?.finish();
                    self.pending.extend(done.items);
                    if let Some(last) = self.pending.back_mut() {
                        last.warnings.extend(done.warnings);
                    }
                }
            }
        }
    }
}

fn line_records(
    source: Arc<str>,
    reader: impl Read + Send,
) -> impl Iterator<Item = Result<Record>> + Send {
    let mut number = 0u64;
    BufReader::new(reader)
        .split(b'\n')
        .enumerate()
        .filter_map(move |(i, line)| {
            let line_no = i as u64 + 1;
            let bytes = match line {
                Ok(b) => b,
                Err(e) => return Some(Err(Error::io(source.as_ref(), e))),
            };
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            if text.is_empty() {
                return None;
            }
            number += 1;
            let mut warnings = Vec::new();
            if std::str::from_utf8(&bytes).is_err() {
                warnings.push("invalid UTF-8 replaced with U+FFFD".into());
            }
            Some(Ok(Record {
                source: source.clone(),
                number,
                line: Some(line_no),
                title: None,
                text,
                lang: None,
                id: None,
                date: None,
                url: None,
                warnings,
            }))
        })
}

fn csv_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read + Send + 'static,
    opts: &CsvOptions,
) -> Result<impl Iterator<Item = Result<Record>> + Send> {
    let (reader, line_offset) = sniff_line_offset(reader);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(crate::dataset::delimiter_for(path))
        .from_reader(reader);
    let header: Vec<String> = rdr
        .byte_headers()
        .map_err(|e| csv_error(path, e, line_offset))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let cols = resolve_columns(path, &header, opts, false)?;
    let path = path.to_path_buf();
    let lossy = opts.lossy;
    let mut number = 0u64;
    let mut iter = rdr.into_byte_records();
    Ok(std::iter::from_fn(move || {
        let rec = match iter.next()? {
            Ok(r) => r,
            Err(e) => return Some(Err(csv_error(&path, e, line_offset))),
        };
        number += 1;
        let line = rec.position().map(|p| p.line()).unwrap_or(0) + line_offset;
        let mut lossy_count = 0;
        let mut field = |i: usize| {
            decode_field(
                &path,
                line,
                &header[i],
                rec.get(i).unwrap_or_default(),
                lossy,
                &mut lossy_count,
            )
        };
        let result = (|| {
            let parts = cols
                .text
                .iter()
                .map(|&i| field(i))
                .collect::<Result<Vec<_>>>()?;
            let (title, text) = if parts.len() >= 2 {
                (
                    Some(parts[0].trim().to_string()).filter(|t| !t.is_empty()),
                    join_text(&parts[1..]),
                )
            } else {
                (None, join_text(&parts))
            };
            let lang = match cols.lang {
                Some(i) => Lang::from_code(&field(i)?),
                None => None,
            };
            Ok((title, text, lang))
        })();
        Some(result.map(|(title, text, lang)| Record {
            source: source.clone(),
            number,
            line: Some(line),
            title,
            text,
            lang,
            id: None,
            date: None,
            url: None,
            warnings: if lossy_count > 0 {
                vec![format!("{lossy_count} fields held invalid UTF-8")]
            } else {
                vec![]
            },
        }))
    }))
}

fn jsonl_records(
    path: &Path,
    source: Arc<str>,
    reader: impl Read + Send,
    opts: &CsvOptions,
) -> impl Iterator<Item = Result<Record>> + Send {
    let path = path.to_path_buf();
    let text_field = opts
        .text_columns
        .as_ref()
        .and_then(|c| c.last().cloned())
        .unwrap_or_else(|| "text".to_string());
    let lang_field = opts
        .lang_column
        .clone()
        .unwrap_or_else(|| "lang".to_string());
    let mut number = 0u64;
    BufReader::new(reader)
        .split(b'\n')
        .enumerate()
        .filter_map(move |(i, line)| {
            let line_no = i as u64 + 1;
            let bytes = match line {
                Ok(b) => b,
                Err(e) => return Some(Err(Error::io(&path, e))),
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            number += 1;
            let value: serde_json::Value = match serde_json::from_slice(&bytes) {
                Ok(v) => v,
                Err(e) => {
                    return Some(Err(Error::input(
                        &path,
                        line_no,
                        format!("invalid JSON: {e}"),
                    )))
                }
            };
            let get = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
            let Some(text) = get(&text_field).or_else(|| get("body")) else {
                return Some(Err(Error::input(
                    &path,
                    line_no,
                    format!("no string field '{text_field}'"),
                )));
            };
            Some(Ok(Record {
                source: source.clone(),
                number,
                line: Some(line_no),
                title: get("title").or_else(|| get("headline")),
                text,
                lang: get(&lang_field).and_then(|c| Lang::from_code(&c)),
                id: None,
                date: None,
                url: None,
                warnings: vec![],
            }))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(format: Format, data: &'static [u8]) -> Vec<Result<Record>> {
        let opts = InputOptions::default();
        let source: Arc<str> = Arc::from("t");
        match format {
            Format::Csv => csv_records(Path::new("t"), source, data, &opts.csv)
                .unwrap()
                .collect(),
            Format::Jsonl => jsonl_records(Path::new("t"), source, data, &opts.csv).collect(),
            Format::Lines => line_records(source, data).collect(),
            Format::Page => PageRecords::new(source, data).collect(),
        }
    }

    #[test]
    fn csv_with_title_and_bad_rows() {
        let recs = read(
            Format::Csv,
            b"title,text,lang\nGas,Pipeline deal,en\n\"Bad\",\"x \xff\",es\nT,Body,xx\n",
        );
        let first = recs[0].as_ref().unwrap();
        assert_eq!(
            (first.title.as_deref(), first.text.as_str(), first.lang),
            (Some("Gas"), "Pipeline deal", Some(Lang::English))
        );
        assert!(recs[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("t:3: field 'text': invalid UTF-8"));
        assert_eq!(recs[2].as_ref().unwrap().lang, None);
    }

    #[test]
    fn jsonl_reports_bad_lines_and_goes_on() {
        let recs = read(
            Format::Jsonl,
            b"{\"text\":\"a\",\"lang\":\"es\"}\nnot json\n\n{\"title\":\"t\"}\n{\"text\":\"b\"}\n",
        );
        assert_eq!(recs.len(), 4);
        assert_eq!(recs[0].as_ref().unwrap().lang, Some(Lang::Spanish));
        assert!(recs[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("t:2: invalid JSON"));
        assert_eq!(
            recs[2].as_ref().unwrap_err().to_string(),
            "t:4: no string field 'text'"
        );
        assert_eq!(recs[3].as_ref().unwrap().number, 4);
    }

    #[test]
    fn pages_stream_items_with_titles_and_replace_bad_utf8() {
        let recs = read(
            Format::Page,
            b"Weekly Monitor\n\nGas Deal Signed in Ashgabat\nThe two governments agreed on new gas supplies for ten years... MORE\n\nBorder Talks Resume\nNegotiators met again to settle the \xff border line after months of tension... MORE\n",
        );
        let recs: Vec<Record> = recs.into_iter().map(Result::unwrap).collect();
        assert_eq!(recs.len(), 2);
        assert_eq!(
            recs[0].title.as_deref(),
            Some("Gas Deal Signed in Ashgabat")
        );
        assert_eq!(
            recs[0].text,
            "The two governments agreed on new gas supplies for ten years"
        );
        assert_eq!(recs[1].number, 2);
        assert!(recs[1].text.contains('\u{fffd}'));
        assert!(
            recs[1].warnings.iter().any(|w| w.contains("invalid UTF-8")),
            "{:?}",
            recs[1].warnings
        );
    }

    /// A `.tsv` input was read with commas: its whole header became one column and the file
    /// failed with "no text column".
    #[test]
    fn tsv_inputs_are_split_on_tabs() {
        let source: Arc<str> = Arc::from("t.tsv");
        let data: &[u8] = b"title\ttext\tlang\nGas, oil\tPipeline deal, signed\ten\n";
        let opts = InputOptions::default();
        let recs: Vec<Record> = csv_records(Path::new("t.tsv"), source, data, &opts.csv)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].title.as_deref(), Some("Gas, oil"));
        assert_eq!(recs[0].text, "Pipeline deal, signed");
        assert_eq!(recs[0].lang, Some(Lang::English));
    }

    /// A missing input among others made the whole run fail before anything was tagged; now
    /// it is kept, and opening it is the error that gets reported and counted.
    #[test]
    fn missing_inputs_fail_when_opened_not_when_expanded() {
        let paths = expand(&["no/such/page.txt".to_string()]).unwrap();
        assert_eq!(paths, [PathBuf::from("no/such/page.txt")]);
        let err = records(&paths[0], &InputOptions::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("no/such/page.txt: "), "{err}");
        let err = expand(&["no/such/*.txt".to_string()]).unwrap_err();
        assert!(err.to_string().contains("no file matches"), "{err}");
    }

    #[test]
    fn lines_skip_blanks_and_formats_follow_extensions() {
        let recs = read(Format::Lines, b"one\n\n two \n");
        let texts: Vec<_> = recs
            .iter()
            .map(|r| r.as_ref().unwrap().text.clone())
            .collect();
        assert_eq!(texts, ["one", "two"]);
        assert_eq!(Format::from_path(Path::new("a.CSV")), Format::Csv);
        assert_eq!(Format::from_path(Path::new("a.ndjson")), Format::Jsonl);
        assert_eq!(Format::from_path(Path::new("page.txt")), Format::Page);
    }
}
