//! Files that are never half-written: write to a temporary file beside the target, fsync, rename.

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written: content goes to a temporary file beside the target and replaces the
/// target only on [`AtomicFile::commit`]. Dropped without commit (an error, a panic), the
/// temporary file is removed and any earlier file is left untouched. A kill can leave a
/// `.topictag-*.tmp` file beside it; the next `AtomicFile` in that folder removes such leftovers
/// (see `sweep_stale`).
pub struct AtomicFile {
    path: PathBuf,
    writer: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Start writing `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".topictag-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(path, e))?;
        // Held until the file is renamed or removed (or the process dies): tells a sweep in
        // another process that this temporary file is alive.
        let _ = tmp.as_file().lock();
        sweep_stale(dir, tmp.path());
        Ok(AtomicFile {
            path: path.to_path_buf(),
            writer: BufWriter::new(tmp),
        })
    }

    /// Flush, fsync and rename over the target.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let io = |e| Error::io(&path, e);
        let tmp = self.writer.into_inner().map_err(|e| io(e.into_error()))?;
        // Temporary files are private (0600); the result should be an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(io)?;
        }
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&path).map_err(|e| io(e.error))?;
        // Make the rename itself durable.
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
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
    fill(&mut f).map_err(|e| Error::io(path, e))?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

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
