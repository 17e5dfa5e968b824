//! The input stream of `tag` and `detect`: inputs read in chunks on their own thread, failed
//! records as entries of their own, the output sink and the closing summary.

use super::bar;
use super::output::{Row, RowWriter};
use super::seen::Seen;
use anyhow::Result;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use topictag::fsutil::AtomicFile;
use topictag::input::{self, Expanded, InputOptions, Record};
use topictag::plural::counted;

/// Records tagged together: bounded memory, and the unit of parallel work.
const CHUNK: usize = 2048;
/// A chunk is handed on early once its texts hold this many bytes, so that long items (up to
/// `input::MAX_ITEM_BYTES` each) cannot pile up 2,048 to a chunk: with three chunks being read
/// or tagged (about 12 bytes of work per byte of text) and two more being written by `tag`'s
/// [`Writer`] (their rows and records, a few bytes per byte of text), tagging stays within
/// some 250 MB.
const CHUNK_BYTES: usize = 4 << 20;

/// Counts for the closing summary.
#[derive(Default)]
pub(super) struct Summary {
    pub sources: u64,
    pub items: u64,
    pub failed: u64,
    pub warnings: u64,
    /// Items left out as tagged by an earlier run (`tag --new-only`).
    pub seen: u64,
    /// Web addresses unchanged since an earlier run read them (`tag --new-only`: HTTP 304).
    pub unchanged: u64,
    pub per_lang: BTreeMap<String, u64>,
    pub per_topic: BTreeMap<String, u64>,
}

/// Add one to `key`'s count, allocating the key only the first time (this runs per item on the
/// thread that writes the output, while the workers wait).
pub(super) fn count(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

impl Summary {
    pub(super) fn print(&self, elapsed: f64) {
        let rate = self.items as f64 / elapsed.max(1e-9);
        let mut seen = if self.seen > 0 {
            format!(", {} seen before and left out", self.seen)
        } else {
            String::new()
        };
        if self.unchanged > 0 {
            seen += &format!(
                ", {} web addresses unchanged since the last run",
                self.unchanged
            );
        }
        diag!(
            "topictag: {}, {} ({rate:.0} items/s){seen}, {} failed, {}",
            counted(self.sources, "input"),
            counted(self.items, "item"),
            self.failed,
            counted(self.warnings, "warning")
        );
        let fmt = |m: &BTreeMap<String, u64>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.per_lang.is_empty() {
            diag!("topictag: languages: {}", fmt(&self.per_lang));
        }
        if !self.per_topic.is_empty() {
            diag!("topictag: topics: {}", fmt(&self.per_topic));
        }
    }

    /// A note on items routed to languages the model has no training item in (`trained`:
    /// the languages it has): their topics rest only on words shared with those.
    pub(super) fn print_untrained(&self, trained: &[&str]) {
        let untrained: BTreeMap<String, u64> = self
            .per_lang
            .iter()
            .filter(|(l, _)| l.as_str() != "und" && !trained.contains(&l.as_str()))
            .map(|(l, n)| (l.clone(), *n))
            .collect();
        if untrained.is_empty() || trained.is_empty() {
            return;
        }
        let n: u64 = untrained.values().sum();
        diag!(
            "topictag: note: {} in {}, which the model was not trained on (only {}): their \
             topics rest on the few words they share with those languages",
            topictag::plural::counted_are(n, "item"),
            untrained.keys().cloned().collect::<Vec<_>>().join(", "),
            trained.join(", ")
        );
    }
}

/// A record that could not be read: where, and why. `tag` writes it as an error row.
pub(super) struct Failure {
    pub source: std::sync::Arc<str>,
    /// Its number in the source, as a record read there would have had; `None` when the
    /// source itself could not be opened.
    pub number: Option<u64>,
    /// The identifier the input gave the record, when it could be read.
    pub id: Option<String>,
    pub message: String,
}

/// The error row of an entry that could not be read.
impl Failure {
    pub(super) fn row(&self) -> Row<'_> {
        Row {
            source: &self.source,
            item: self.number.unwrap_or(0),
            id: self.id.as_deref(),
            error: Some(&self.message),
            ..Row::default()
        }
    }
}

/// One entry of the input stream, in input order.
pub(super) struct Entry {
    /// Which input of this run it comes from (0, 1, ...).
    pub source: usize,
    /// Its position among its source's entries (0, 1, ...).
    pub ordinal: usize,
    pub item: std::result::Result<Record, Failure>,
}

/// Entries of a source whose languages give its hint (`--lang-hint file`): its first
/// `HINT_WINDOW` entries. They always travel in one chunk, so the hint is the same whatever
/// the chunking and the threads.
pub(super) const HINT_WINDOW: usize = CHUNK;

/// Read every input in chunks and hand each chunk (entries in input order) to `each`, which
/// owns it (and may pass it on to a [`Writer`] to be dropped there).
/// Unreadable inputs and bad records are reported on stderr, counted, and passed on as
/// failed entries; the run goes on.
///
/// Reading runs on its own thread, one chunk ahead of `each` (a channel of one chunk), so the
/// workers tag a chunk while the next one is parsed; memory stays bounded by a few chunks. An
/// error from `each` stops the reader. Chunks span files, but the first [`HINT_WINDOW`]
/// entries of a source are never split between two chunks.
///
/// With `seen` (`tag --new-only`), records it has met before are left out as they are read
/// (their warnings still reported), and the rest are added to it.
pub(super) fn for_each_chunk(
    inputs: Expanded,
    opts: &InputOptions,
    quiet: bool,
    mut seen: Option<&mut Seen>,
    summary: &mut Summary,
    mut each: impl FnMut(Vec<Entry>, &mut Summary) -> Result<()>,
) -> Result<()> {
    // Folder parts that could not be read count as failed inputs; what a walk skipped on
    // purpose (loops, special files, second names of a file) is a warning.
    for e in &inputs.errors {
        diag!("topictag: error: {e}");
    }
    // They get their error rows first, each a source of its own (numbered after the files).
    let walk_failures: Vec<Failure> = inputs
        .errors
        .iter()
        .map(|e| Failure {
            source: std::sync::Arc::from(
                e.path()
                    .map_or_else(|| "-".into(), |p| p.to_string_lossy().into_owned()),
            ),
            number: None,
            id: None,
            message: e.to_string(),
        })
        .collect();
    for w in &inputs.skipped {
        diag!("topictag: warning: {w}");
    }
    summary.failed += inputs.errors.len() as u64;
    summary.warnings += inputs.skipped.len() as u64;
    let paths = inputs.paths;
    let pb = bar(
        quiet,
        (paths.len() > 1).then_some(paths.len() as u64),
        "tagging",
    );
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Entry>>(1);
    let reader_pb = pb.clone();
    let (result, counts) = std::thread::scope(|scope| {
        // Returns (sources, failed) and the warnings of records left out as seen; stops early
        // when the receiver is gone.
        let reader = scope.spawn(move || {
            let (mut sources, mut failed, mut read) = (0u64, 0u64, 0u64);
            let mut left_out = Summary::default();
            // Web addresses are fetched a few at a time ahead of this loop.
            // With --new-only, an address read before is fetched only if it changed.
            let prior = seen.as_deref().map(Seen::validators).unwrap_or_default();
            let prefetch = input::fetch::Prefetch::start(&paths, opts.timeout, prior);
            // Chunks span files, so many small pages still fill both cores.
            let mut chunk = Chunker {
                chunk: Vec::with_capacity(CHUNK),
                window: Vec::new(),
                bytes: 0,
                tx,
            };
            for (k, failure) in walk_failures.into_iter().enumerate() {
                let failed = Entry {
                    source: paths.len() + k,
                    ordinal: 0,
                    item: Err(failure),
                };
                if chunk.push(failed).is_err() || chunk.end_source().is_err() {
                    return (sources, 0, left_out);
                }
            }
            for (index, path) in paths.iter().enumerate() {
                sources += 1;
                let source: std::sync::Arc<str> = std::sync::Arc::from(path.to_string_lossy());
                let entry = |ordinal, item| Entry {
                    source: index,
                    ordinal,
                    item,
                };
                let opened = match prefetch.take(index) {
                    Some(Ok(f)) if f.not_modified => {
                        // Nothing new at this address since the last run: no rows.
                        left_out.unchanged += 1;
                        reader_pb.inc(1);
                        continue;
                    }
                    Some(fetched) => fetched.and_then(|f| {
                        if let (Some(seen), Some(url)) = (seen.as_deref_mut(), input::url_of(path))
                        {
                            seen.set_validators(url, &f.validators);
                        }
                        input::fetched_records(path, f, opts)
                    }),
                    None => input::records(path, opts),
                };
                let records = match opened {
                    Ok(r) => r,
                    Err(e) => {
                        let message = e.to_string();
                        reader_pb.suspend(|| diag!("topictag: error: {message}"));
                        failed += 1;
                        let failure = Failure {
                            source,
                            number: None,
                            id: None,
                            message,
                        };
                        if chunk.push(entry(0, Err(failure))).is_err() {
                            return (sources, failed, left_out);
                        }
                        if chunk.end_source().is_err() {
                            return (sources, failed, left_out);
                        }
                        continue;
                    }
                };
                let mut number = 0;
                // Entries passed on from this source (records left out take no place).
                let mut ordinal = 0;
                let seen_before = left_out.seen;
                for rec in records {
                    let item = match rec {
                        Ok(r) => {
                            number = r.number;
                            if let Some(seen) = seen.as_deref_mut() {
                                if !seen.admit(&r) {
                                    left_out.seen += 1;
                                    reader_pb.suspend(|| report_warnings(&r, &mut left_out));
                                    continue;
                                }
                            }
                            read += 1;
                            Ok(r)
                        }
                        Err(e) => {
                            let message = e.to_string();
                            reader_pb.suspend(|| diag!("topictag: error: {message}"));
                            failed += 1;
                            number += 1;
                            Err(Failure {
                                source: source.clone(),
                                number: Some(number),
                                id: e.record_id().map(str::to_string),
                                message,
                            })
                        }
                    };
                    if chunk.push(entry(ordinal, item)).is_err() {
                        return (sources, failed, left_out);
                    }
                    ordinal += 1;
                }
                if ordinal == 0 && left_out.seen == seen_before {
                    // An empty file (a page whose save failed, a header-only CSV): said, not
                    // silent.
                    reader_pb.suspend(|| {
                        diag!("topictag: warning: {source}: nothing to tag in it (no text, or no rows)")
                    });
                    left_out.warnings += 1;
                }
                if chunk.end_source().is_err() {
                    return (sources, failed, left_out);
                }
                reader_pb.inc(1);
                reader_pb.set_message(format!("{read} items"));
            }
            chunk.finish();
            (sources, failed, left_out)
        });
        let mut result = Ok(());
        for chunk in rx.iter() {
            if let Err(e) = each(chunk, summary) {
                result = Err(e);
                break;
            }
        }
        drop(rx); // a reader blocked on a full channel now stops
        let counts = reader.join();
        (result, counts)
    });
    let (sources, failed, left_out) =
        counts.map_err(|_| anyhow::anyhow!("the input reader panicked"))?;
    summary.sources += sources;
    summary.failed += failed;
    summary.seen += left_out.seen;
    summary.unchanged += left_out.unchanged;
    summary.warnings += left_out.warnings;
    pb.finish_and_clear();
    result
}

/// Packs entries into chunks of at most [`CHUNK`] and sends them, keeping each source's first
/// [`HINT_WINDOW`] entries together.
struct Chunker {
    chunk: Vec<Entry>,
    /// The current source's opening entries, while there are fewer than [`HINT_WINDOW`].
    window: Vec<Entry>,
    /// Bytes of text in `chunk`: a chunk is also handed on once it holds [`CHUNK_BYTES`].
    bytes: usize,
    tx: std::sync::mpsc::SyncSender<Vec<Entry>>,
}

/// Bytes of text an entry carries.
fn entry_bytes(e: &Entry) -> usize {
    e.item.as_ref().map_or(0, |r| {
        r.text.len() + r.title.as_ref().map_or(0, String::len)
    })
}

/// The receiver is gone: stop reading.
struct Stopped;

impl Chunker {
    fn send(&mut self) -> std::result::Result<(), Stopped> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        self.bytes = 0;
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        self.tx.send(full).map_err(|_| Stopped)
    }

    fn push(&mut self, e: Entry) -> std::result::Result<(), Stopped> {
        if e.ordinal < HINT_WINDOW {
            self.window.push(e);
            if self.window.len() == HINT_WINDOW {
                self.flush_window()?;
            }
            return Ok(());
        }
        self.bytes += entry_bytes(&e);
        self.chunk.push(e);
        if self.chunk.len() == CHUNK || self.bytes >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(())
    }

    /// Move the opening entries into the chunk, after sending the chunk if they do not fit.
    fn flush_window(&mut self) -> std::result::Result<(), Stopped> {
        if self.chunk.len() + self.window.len() > CHUNK {
            self.send()?;
        }
        self.bytes += self.window.iter().map(entry_bytes).sum::<usize>();
        self.chunk.append(&mut self.window);
        if self.chunk.len() == CHUNK || self.bytes >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(())
    }

    fn end_source(&mut self) -> std::result::Result<(), Stopped> {
        self.flush_window()
    }

    fn finish(mut self) {
        if self.flush_window().is_ok() {
            let _ = self.send();
        }
    }
}

/// stdout, or an atomically written file.
pub(super) enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(AtomicFile),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

impl Sink {
    pub(super) fn open(out: Option<&Path>) -> Result<Sink> {
        Ok(match out {
            Some(p) => Sink::File(AtomicFile::create(p)?),
            None => Sink::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            )),
        })
    }
    pub(super) fn close(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => Ok(w.flush()?),
            Sink::File(f) => Ok(f.commit()?),
        }
    }
}

/// Report a record's warnings on stderr and count them. A page's own warnings ride on its
/// last record; they name the page (and their line), not that record.
pub(super) fn report_warnings(rec: &Record, summary: &mut Summary) {
    for w in &rec.warnings {
        if let Some(page) = w.strip_prefix("page: ") {
            diag!("topictag: warning: {}: {page}", rec.source);
        } else if w.starts_with("line ") && w.contains(": ") {
            diag!("topictag: warning: {}: {w}", rec.source);
        } else {
            diag!("topictag: warning: {} item {}: {w}", rec.source, rec.number);
        }
        summary.warnings += 1;
    }
}

/// One chunk's output for a [`Writer`]: its rows, formatted, and what the chunk leaves behind.
pub(super) struct Batch {
    /// Formatted rows, written in this order.
    pub pieces: Vec<Vec<u8>>,
    /// The chunk's records and whatever else tagging them allocated: freed on the writer's
    /// thread, after the rows are written, instead of between two chunks on the main one.
    pub spent: Box<dyn Send>,
}

/// Writes formatted rows on a thread of its own, so that the workers tag the next chunk
/// while the last one is written (and its memory freed). One batch waits in the channel
/// while another is written: memory stays bounded by two chunks' output.
///
/// A write error ends the thread: [`Writer::send`] then fails, and [`Writer::finish`] returns
/// the error.
pub(super) struct Writer {
    tx: std::sync::mpsc::SyncSender<Batch>,
    thread: std::thread::JoinHandle<Result<RowWriter<Sink>>>,
}

impl Writer {
    /// Start the thread that writes to `out`.
    pub(super) fn spawn(mut out: RowWriter<Sink>) -> Result<Writer> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(1);
        let thread = std::thread::Builder::new()
            .name("topictag-writer".into())
            .spawn(move || {
                for Batch { pieces, spent } in rx {
                    for piece in &pieces {
                        out.write_formatted(piece)?;
                    }
                    drop(spent);
                }
                Ok(out)
            })?;
        Ok(Writer { tx, thread })
    }

    /// Queue a batch, waiting while another one is queued. Fails once the writer has stopped
    /// on an error, which [`Writer::finish`] returns.
    pub(super) fn send(&self, batch: Batch) -> Result<()> {
        self.tx
            .send(batch)
            .map_err(|_| anyhow::anyhow!("the output writer stopped"))
    }

    /// Wait until every queued batch is written; the row writer, or the write error.
    pub(super) fn finish(self) -> Result<RowWriter<Sink>> {
        drop(self.tx);
        self.thread
            .join()
            .map_err(|_| anyhow::anyhow!("the output writer panicked"))?
    }
}
