//! Output files that are never half-written, and never written over something that is not a
//! file: write to a temporary file beside the target, fsync, rename.
//!
//! What a target path may be ([`AtomicFile::create`]):
//!
//! | target | what happens |
//! | --- | --- |
//! | missing, or a regular file | written atomically (temporary file, fsync, rename) |
//! | a symbolic link | followed: the file it points to is written atomically, the link stays |
//! | a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) | written directly, never replaced; a write error (`/dev/full`) is an error |
//! | a folder, a block device, a socket, a link to nothing | refused with an error naming the path |

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written: content goes to a temporary file beside the target and replaces the
/// target only on [`AtomicFile::commit`]. Dropped without commit (an error, a panic), the
/// temporary file is removed and any earlier file is left untouched. A program stopped by a
/// signal removes the temporary files being written with [`remove_temporary_files`] (the
/// command line does on Ctrl+C and SIGTERM); a kill that cannot be caught can leave a
/// `.topictag-*.tmp` file beside the target, and the next `AtomicFile` in that folder removes
/// such leftovers (see `sweep_stale`). A special file (a device, a FIFO) is written directly
/// instead; see the module docs.
pub struct AtomicFile {
    /// The target as the caller named it: every error names it (never the temporary file).
    path: PathBuf,
    sink: Target,
}

enum Target {
    /// A regular file, through a temporary file renamed over `real` (the target with symbolic
    /// links resolved).
    Replace {
        real: PathBuf,
        writer: BufWriter<TempWriter>,
        /// Declared dropped after `writer`: the temporary file is gone before its entry is.
        _live: Live,
    },
    /// A character device or a FIFO, written in place.
    Direct(BufWriter<std::fs::File>),
}

/// The temporary files being written, for [`remove_temporary_files`].
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A temporary file's entry in [`LIVE`], for as long as the file is being written.
struct Live(PathBuf);

impl Live {
    fn new(path: &Path) -> Live {
        if let Ok(mut live) = LIVE.lock() {
            live.push(path.to_path_buf());
        }
        Live(path.to_path_buf())
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock() {
            live.retain(|p| p != &self.0);
        }
    }
}

/// Removes the temporary files of every [`AtomicFile`] still being written, leaving their
/// targets as they were: for a program about to exit on a signal (Ctrl+C), where no
/// destructor runs. Returns how many it removed.
pub fn remove_temporary_files() -> usize {
    let Ok(live) = LIVE.lock() else {
        return 0;
    };
    live.iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}

/// Writes to the temporary file's handle: `NamedTempFile`'s own `Write` would put the
/// temporary path into every error message.
struct TempWriter(tempfile::NamedTempFile);

impl Write for TempWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.as_file_mut().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.as_file_mut().flush()
    }
}

/// What a target path is, once symbolic links are followed.
enum Resolved {
    Regular(PathBuf),
    Special(PathBuf),
}

/// The kind of a file that is neither a regular file nor a folder, for messages.
fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_fifo() {
            return Some("a FIFO");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    let _ = ft;
    None
}

/// Follow `path` to what will be written; refuse what must not be.
fn resolve(path: &Path) -> Result<Resolved> {
    let refuse = |m: String| Err(Error::file(path, m));
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if link {
                return refuse("is a symbolic link to a missing file; refusing to write".into());
            }
            return Ok(Resolved::Regular(path.to_path_buf()));
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let real = if link {
        std::fs::canonicalize(path).map_err(|e| Error::io(path, e))?
    } else {
        path.to_path_buf()
    };
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(Resolved::Regular(real));
    }
    if ft.is_dir() {
        return refuse("is a folder, not a file".into());
    }
    match special_kind(&ft) {
        Some("a character device" | "a FIFO") => Ok(Resolved::Special(real)),
        Some(kind) => refuse(format!("is {kind}, not a regular file; refusing to write")),
        None => refuse("is not a regular file; refusing to write".into()),
    }
}

impl AtomicFile {
    /// Start writing `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let real = match resolve(path)? {
            Resolved::Regular(real) => real,
            Resolved::Special(real) => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&real)
                    .map_err(|e| Error::io(path, e))?;
                return Ok(AtomicFile {
                    path: path.to_path_buf(),
                    sink: Target::Direct(BufWriter::new(f)),
                });
            }
        };
        let dir = match real.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".topictag-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| Error::io(path, std::io::Error::new(e.kind(), strip_tmp_path(&e))))?;
        // Held until the file is renamed or removed (or the process dies): tells a sweep in
        // another process that this temporary file is alive.
        let _ = tmp.as_file().lock();
        sweep_stale(&dir, tmp.path());
        let live = Live::new(tmp.path());
        Ok(AtomicFile {
            path: path.to_path_buf(),
            sink: Target::Replace {
                real,
                writer: BufWriter::new(TempWriter(tmp)),
                _live: live,
            },
        })
    }

    /// Flush, fsync and rename over the target (a special file: flush only).
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let io = |e| Error::io(&path, e);
        let (real, writer) = match self.sink {
            Target::Direct(mut f) => return f.flush().map_err(io),
            Target::Replace { real, writer, .. } => (real, writer),
        };
        let tmp = writer.into_inner().map_err(|e| io(e.into_error()))?.0;
        // Temporary files are private (0600); the result should be an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(io)?;
        }
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&real).map_err(|e| io(e.error))?;
        // Make the rename itself durable.
        let dir = real
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// `tempfile` appends "at path ..." to its errors; the message should name the target only.
fn strip_tmp_path(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" at path ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl AtomicFile {
    /// The writer underneath, whose errors do not name the target.
    fn raw(&mut self) -> &mut dyn Write {
        match &mut self.sink {
            Target::Replace { writer, .. } => writer,
            Target::Direct(f) => f,
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.raw().write(buf);
        r.map_err(|e| name_target(&self.path, e))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.raw().flush();
        r.map_err(|e| name_target(&self.path, e))
    }
}

/// The same error, its message prefixed with the target's name (a disk-full error names the
/// file the user asked for, not a temporary one).
fn name_target(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Whether the file at `path` opens with a topictag model's magic bytes (a missing or
/// unreadable file does not).
pub fn holds_model(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == crate::model::MAGIC)
}

/// Refuse, before any work, to replace a file of another kind: a model where rows are to be
/// written (`writes_model` false), or a non-empty file that is no model where a model is (a
/// CSV named by mistake after `-o`). A missing or empty `out` is fine.
pub fn ensure_same_kind(out: &Path, writes_model: bool) -> Result<()> {
    let Ok(meta) = std::fs::metadata(out) else {
        return Ok(());
    };
    if !meta.is_file() || meta.len() == 0 {
        return Ok(());
    }
    match (writes_model, holds_model(out)) {
        (true, false) => Err(Error::file(
            out,
            "exists and is not a topictag model: it would be replaced by one; remove it or \
             choose another --out",
        )),
        (false, true) => Err(Error::file(
            out,
            "is a topictag model: it would be replaced by rows of results; choose another --out",
        )),
        _ => Ok(()),
    }
}

/// Check, before any work, that `out` can be written where it is named: its folder exists
/// and is a folder, and `out` is not a folder itself (so a long run does not end in "No such
/// file or directory").
pub fn ensure_writable_place(out: &Path) -> Result<()> {
    if out.is_dir() {
        return Err(Error::file(out, "is a folder, not a file"));
    }
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => return Ok(()),
    };
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::file(
            out,
            format!("cannot be written: {} is not a folder", dir.display()),
        )),
        Err(_) => Err(Error::file(
            out,
            format!(
                "cannot be written: the folder {} does not exist (create it first)",
                dir.display()
            ),
        )),
    }
}

/// Refuse to write `out` when it is the same file as `input` (compared by device and inode,
/// so another name, a link or `./x` for `x` are caught too): `what` says what `input` is
/// ("the training data", "the model"). Missing files and special files are never the same.
pub fn ensure_distinct(out: &Path, what: &str, input: &Path) -> Result<()> {
    let (Ok(a), Ok(b)) = (std::fs::metadata(out), std::fs::metadata(input)) else {
        return Ok(());
    };
    if !a.is_file() || !b.is_file() {
        return Ok(());
    }
    #[cfg(unix)]
    let same = {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    };
    #[cfg(not(unix))]
    let same = std::fs::canonicalize(out).ok() == std::fs::canonicalize(input).ok();
    if same {
        return Err(Error::file(
            out,
            format!(
                "is the same file as {what} ({}); refusing to overwrite it",
                input.display()
            ),
        ));
    }
    Ok(())
}

/// Temporary files older than this may be leftovers (younger ones may not be locked yet).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Remove the `.topictag-*.tmp` files in `dir` (other than `keep`) that a killed process left:
/// older than [`STALE_AFTER`] and not locked by a live writer. Best effort: errors are ignored.
fn sweep_stale(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".topictag-") && name.ends_with(".tmp")) || entry.path() == keep {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !old {
            continue;
        }
        if let Ok(f) = std::fs::File::open(entry.path()) {
            if f.try_lock().is_ok() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Write `path` atomically with [`AtomicFile`]: `fill` writes the whole content.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    fill(f.raw()).map_err(|e| Error::io(path, e))?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model is not replaced by rows, nor a file of rows by a model; missing and empty
    /// files may be written.
    #[test]
    fn files_of_another_kind_are_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.model");
        std::fs::write(&model, b"TOPICTAG\x00\x01rest").unwrap();
        let rows = dir.path().join("rows.csv");
        std::fs::write(&rows, b"text,topics\n").unwrap();
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        let missing = dir.path().join("missing");
        assert!(holds_model(&model) && !holds_model(&rows) && !holds_model(&missing));
        let e = ensure_same_kind(&rows, true).unwrap_err().to_string();
        assert!(
            e.contains("rows.csv: exists and is not a topictag model"),
            "{e}"
        );
        let e = ensure_same_kind(&model, false).unwrap_err().to_string();
        assert!(e.contains("m.model: is a topictag model"), "{e}");
        for ok in [
            (&model, true),
            (&rows, false),
            (&empty, true),
            (&missing, false),
        ] {
            assert!(ensure_same_kind(ok.0, ok.1).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, |w| w.write_all(b"old")).unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.unwrap_err().to_string().contains("disk full"));
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary file was not removed");
    }

    #[test]
    fn leftovers_of_killed_writers_are_swept_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - 2 * STALE_AFTER;
        let make = |name: &str, mtime| {
            let path = dir.path().join(name);
            let f = std::fs::File::create(&path).unwrap();
            f.set_modified(mtime).unwrap();
            (path, f)
        };
        // A killed writer's file: old, unlocked.
        let (dead, dead_file) = make(".topictag-dead.tmp", old);
        drop(dead_file);
        // A live writer's file: old (a slow stream), but locked.
        let (live, live_file) = make(".topictag-live.tmp", old);
        live_file.lock().unwrap();
        // A file just created, not locked yet, and a file that is not ours.
        let (young, _young_file) = make(".topictag-young.tmp", std::time::SystemTime::now());
        let (other, _other_file) = make("notes.tmp", old);

        write_atomic(&dir.path().join("out.txt"), |w| w.write_all(b"new")).unwrap();
        assert!(!dead.exists(), "a stale leftover was kept");
        assert!(live.exists() && young.exists() && other.exists());
        drop(live_file);
    }
}
