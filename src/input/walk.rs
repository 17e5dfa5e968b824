//! Command-line inputs expanded into files: folders walked (sorted, without loops or second
//! names of a file) and glob patterns matched. Part of the `cli` feature.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Command-line inputs, expanded into the files to read.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in order (`-` is stdin).
    pub paths: Vec<PathBuf>,
    /// Parts of folders that could not be read (an unreadable subfolder, a broken link): each
    /// is reported and counted as a failed input, like an unreadable file; the walk goes on.
    pub errors: Vec<Error>,
    /// What a folder walk skipped on purpose, one message each: links that loop back to a
    /// folder being walked, special files (FIFOs, devices, sockets), second paths to a file
    /// already listed, the resource folders of saved pages; a folder or a pattern with no
    /// file in it; and one message counting the web assets (scripts, styles, images, fonts)
    /// left out.
    pub skipped: Vec<String>,
    /// (device, inode) of every file listed, so each is read once.
    seen: std::collections::HashSet<(u64, u64)>,
}

impl Expanded {
    /// Add a regular file. One found by a walk (`walked`) is skipped when another path to it
    /// is listed already; one named on the command line is always kept.
    fn push_file(&mut self, path: PathBuf, meta: &std::fs::Metadata, walked: bool) {
        if let Some(id) = file_id(meta) {
            if !self.seen.insert(id) && walked {
                self.skipped.push(format!(
                    "{}: skipped: the same file as one listed before",
                    path.display()
                ));
                return;
            }
        }
        self.paths.push(path);
    }

    /// Add a file named on the command line or matched by a pattern: an OPML subscription
    /// list gives its feeds (see [`subscriptions`]), any other file itself.
    fn push_named(&mut self, path: PathBuf, meta: &std::fs::Metadata) {
        match subscriptions(&path) {
            Some(Ok((feeds, other))) => {
                self.paths.extend(feeds.into_iter().map(PathBuf::from));
                self.skipped.extend(other.into_iter().map(|f| {
                    format!(
                        "{}: skipped the feed '{f}': not a web address",
                        path.display()
                    )
                }));
            }
            Some(Err(e)) => self.errors.push(e),
            None => self.push_file(path, meta, false),
        }
    }
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Expand command-line inputs: files, folders (recursively, sorted), and glob patterns.
/// `-` is stdin. No inputs at all means stdin. A path that does not exist is kept, so that
/// opening it fails in [`records`](super::records) like any other bad file; a pattern matching
/// nothing is an error. A special file named on the command line (a FIFO, `/dev/stdin`) is kept and read as
/// a stream; in folders and glob matches only regular files are taken. Folder walks follow
/// symbolic links but never a loop, and list each file once (see [`Expanded`]).
pub fn expand(inputs: &[String]) -> Result<Expanded> {
    let mut out = Expanded::default();
    if inputs.is_empty() {
        out.paths.push(PathBuf::from("-"));
        return Ok(out);
    }
    for arg in inputs {
        let path = PathBuf::from(arg);
        if super::is_url(arg) {
            out.paths.push(path);
            continue;
        }
        let meta = std::fs::metadata(&path).ok();
        if arg == "-" {
            out.paths.push(path);
        } else if let Some(m) = meta.as_ref().filter(|m| m.is_file()) {
            out.push_named(path, m);
        } else if meta.as_ref().is_some_and(|m| m.is_dir()) {
            let before = out.paths.len();
            walk(&path, &mut out);
            if out.paths.len() == before {
                // Said, not silent: a run that tags nothing should say why.
                out.skipped.push(format!(
                    "{}: a folder with no file to tag in it",
                    path.display()
                ));
            }
        } else if meta.is_none() && arg.contains(['*', '?', '[']) {
            let paths =
                glob::glob(arg).map_err(|e| Error::Config(format!("bad pattern '{arg}': {e}")))?;
            let mut n = 0;
            for p in paths {
                let p = p.map_err(|e| {
                    Error::io(e.path().to_path_buf(), std::io::Error::other(e.to_string()))
                })?;
                if let Some(m) = std::fs::metadata(&p).ok().filter(|m| m.is_file()) {
                    out.push_named(p, &m);
                    n += 1;
                }
            }
            if n == 0 {
                // As a folder with nothing in it: said, and the other inputs still tagged (a
                // daily `tag 'saved/*.html' 'feeds/*.xml'` on a day with no saved page).
                out.skipped.push(format!("no file matches '{arg}'"));
            }
        } else {
            // A missing file fails like an unreadable one: `records` reports it, the caller
            // counts it and the run goes on with the other inputs. A special file named
            // explicitly is read as a stream.
            out.paths.push(path);
        }
    }
    Ok(out)
}

/// The feeds of an OPML subscription list named on the command line or matched by a pattern
/// (a feed reader's export: `.opml`, or `.xml` that holds `<opml>`): the web addresses to
/// fetch, and the feeds that are not web addresses (skipped with a warning); `None` for any
/// other file. A list without a web address in it is an error for that file.
fn subscriptions(path: &Path) -> Option<Result<(Vec<String>, Vec<String>)>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("opml") | Some("xml")) {
        return None;
    }
    // A feed saved as `.xml` is read whole later: only its head is read here.
    let read = || -> std::io::Result<Option<Vec<u8>>> {
        use std::io::Read;
        let mut file = std::fs::File::open(path)?;
        let mut bytes = Vec::new();
        (&mut file)
            .take(super::fetch::OPML_HEAD_BYTES as u64)
            .read_to_end(&mut bytes)?;
        if !super::fetch::is_opml(&bytes) {
            return Ok(None);
        }
        file.take(super::MAX_DOCUMENT_BYTES)
            .read_to_end(&mut bytes)?;
        Ok(Some(bytes))
    };
    let bytes = match read() {
        Ok(Some(b)) => b,
        Ok(None) => return None,
        Err(e) => return Some(Err(Error::io(path, e))),
    };
    let (web, other): (Vec<String>, Vec<String>) = super::fetch::opml_feeds(&bytes)?
        .into_iter()
        .partition(|f| super::is_url(f));
    Some(if web.is_empty() {
        Err(Error::file(
            path,
            "an OPML list with no feed address in it (no outline has an http(s) xmlUrl)",
        ))
    } else {
        Ok((web, other))
    })
}

/// Suffixes of the folder a browser saves a page's resources in ("Save Page As", "Web Page,
/// complete": `Monitor.html` and `Monitor_files/`), as Windows names them in several languages.
const RESOURCE_FOLDER_SUFFIXES: &[&str] =
    &["_files", "_archivos", "-Dateien", "_fichiers", "_arquivos"];

/// Extensions of files that are a page's parts, never a text to tag: scripts, styles, images,
/// fonts, media. A folder walk leaves them out (named on the command line, they are read and
/// reported like any file).
const ASSET_EXTENSIONS: &[&str] = &[
    "js", "mjs", "css", "map", "svg", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp",
    "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "webm", "wasm",
];

/// Whether `e` is the resource folder of a page saved beside it (`X_files` next to `X.html`).
fn is_resource_folder(e: &walkdir::DirEntry) -> bool {
    let Some(name) = e.file_name().to_str() else {
        return false;
    };
    let Some(stem) = RESOURCE_FOLDER_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|stem| !stem.is_empty())
    else {
        return false;
    };
    let parent = e.path().parent().unwrap_or(Path::new("."));
    e.file_type().is_dir()
        && ["html", "htm", "xhtml", "HTML", "HTM"]
            .iter()
            .any(|ext| parent.join(format!("{stem}.{ext}")).is_file())
}

fn is_asset(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ASSET_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

/// Walk `dir` in sorted order, skipping hidden entries, the resource folders of saved pages
/// and web assets (scripts, styles, images, fonts).
fn walk(dir: &Path, out: &mut Expanded) {
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
    };
    let mut resources: Vec<String> = Vec::new();
    let mut assets = 0usize;
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_resource_folder(e) {
                resources.push(format!(
                    "{}: skipped: the resources of a saved page (scripts, styles, images, frames)",
                    e.path().display()
                ));
                return false;
            }
            !hidden(e)
        });
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                if let Some(ancestor) = e.loop_ancestor() {
                    out.skipped.push(format!(
                        "{}: skipped: a link back to {}, which is being read already",
                        path.display(),
                        ancestor.display()
                    ));
                } else {
                    let io = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                    out.errors.push(Error::io(path, io));
                }
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if !ft.is_file() {
            out.skipped.push(format!(
                "{}: skipped: not a regular file ({})",
                entry.path().display(),
                special_kind(&ft)
            ));
            continue;
        }
        if is_asset(entry.path()) {
            assets += 1;
            continue;
        }
        // A subscription list's feeds are on the web: a folder walk does not go there unasked.
        if subscriptions(entry.path()).is_some() {
            out.skipped.push(format!(
                "{}: skipped: an OPML subscription list (name it, or match it with a pattern, \
                 to fetch its feeds)",
                entry.path().display()
            ));
            continue;
        }
        match entry.metadata() {
            Ok(m) => out.push_file(entry.into_path(), &m, true),
            Err(e) => {
                let path = entry.path().to_path_buf();
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                out.errors.push(Error::io(path, io));
            }
        }
    }
    out.skipped.extend(resources);
    if assets > 0 {
        out.skipped.push(format!(
            "{}: skipped {assets} web asset file(s) (scripts, styles, images, fonts, media)",
            dir.display()
        ));
    }
}

/// What a file that is neither a regular file nor a folder is, for messages.
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    let _ = ft;
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of pages saved "complete" holds each page's resources beside it: the
    /// resource folders and loose web assets are left out of a walk, with a message each
    /// (assets counted in one); a `_files` folder with no page beside it is walked; a file
    /// named on the command line is kept whatever its extension.
    #[test]
    fn saved_page_resources_and_assets_are_left_out_of_walks() {
        let dir = tempfile::tempdir().unwrap();
        let p = |rel: &str| dir.path().join(rel);
        for d in ["Monitor_files", "Notes_files"] {
            std::fs::create_dir(p(d)).unwrap();
        }
        for f in [
            "Monitor.html",
            "Monitor_files/app.js",
            "Monitor_files/frame.html",
            "Notes_files/digest.txt",
            "logo.PNG",
            "style.css",
            "digest.txt",
        ] {
            std::fs::write(p(f), "Gas deal\nThe ministers signed it.\n").unwrap();
        }
        let out = expand(&[dir.path().to_string_lossy().into_owned()]).unwrap();
        let names: Vec<String> = out
            .paths
            .iter()
            .map(|q| {
                q.strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            names,
            ["Monitor.html", "Notes_files/digest.txt", "digest.txt"]
        );
        assert_eq!(out.skipped.len(), 2, "{:?}", out.skipped);
        assert!(out.skipped[0].ends_with("Monitor_files: skipped: the resources of a saved page (scripts, styles, images, frames)"));
        assert!(out.skipped[1].contains("skipped 2 web asset file(s)"));
        let named = p("style.css").to_string_lossy().into_owned();
        assert_eq!(
            expand(std::slice::from_ref(&named)).unwrap().paths,
            [PathBuf::from(named)]
        );
    }

    /// A folder with nothing to tag in it is said, not silently a run over nothing.
    #[test]
    fn an_empty_folder_is_said() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("empty")).unwrap();
        let arg = dir.path().join("empty").to_string_lossy().into_owned();
        let out = expand(&[arg]).unwrap();
        assert!(out.paths.is_empty());
        assert_eq!(out.skipped.len(), 1);
        assert!(out.skipped[0].ends_with("a folder with no file to tag in it"));
    }
}
