//! `topictag._native`: the engine's [`Tagger`](topictag::tagger::Tagger) for Python.
//!
//! The Python package (`python/topictag/`) wraps this module; its docstrings are the user
//! documentation. What this layer owns:
//! - reading Python values into texts, with a per-row error for a missing value, a non-string
//!   or a string that is not valid Unicode (a lone surrogate), never a failed batch;
//! - tagging a whole batch with the GIL released;
//! - turning the engine's topic indices into topic names.
//!
//! Texts are tagged one by one with no batch hint (`Tagger::tag(text, given, None)`): a
//! result never depends on which other texts share the batch, so Spark's partitioning cannot
//! change it.

use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use std::path::Path;
use std::sync::Arc;
use topictag::lang::Lang;
use topictag::model::TopicModel;
use topictag::tagger::Tagger as Engine;

/// The model shipped in the repository's `models/`, built into the extension.
static DEFAULT_MODEL: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../models/foreign-policy.model"
));

/// The name the default model's errors carry.
const DEFAULT_MODEL_NAME: &str = "models/foreign-policy.model (built in)";

/// One row, read from Python: the text to tag (title and text joined) and its given
/// language, or why it cannot be tagged.
type Input = Result<(String, Option<Lang>), String>;

/// One row's result.
type Output = Result<topictag::tagger::Tagged, String>;

/// A loaded model, ready to tag. Immutable: share it between threads freely.
#[pyclass(module = "topictag._native", frozen, name = "Tagger")]
struct Tagger {
    engine: Arc<Engine>,
    /// The model file's bytes, kept so the tagger can be pickled and broadcast.
    bytes: Arc<[u8]>,
    /// The threshold as given (an `f64`, so that Python reads back the float it passed).
    threshold: Option<f64>,
    /// Topic names as Python strings, made once.
    topics: Vec<Py<PyString>>,
}

/// The threshold checked as the command line's `--threshold` is (`settings::probability`).
fn check_threshold(threshold: Option<f64>) -> PyResult<()> {
    match threshold {
        Some(t) => topictag::settings::probability("threshold", t)
            .map(|_| ())
            .map_err(PyValueError::new_err),
        None => Ok(()),
    }
}

impl Tagger {
    fn build(
        py: Python<'_>,
        name: &str,
        bytes: Arc<[u8]>,
        threshold: Option<f64>,
    ) -> PyResult<Self> {
        check_threshold(threshold)?;
        let model = TopicModel::from_bytes(Path::new(name), &bytes)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let topics = model
            .topics()
            .iter()
            .map(|t| PyString::new(py, t).unbind())
            .collect();
        Ok(Tagger {
            engine: Arc::new(Engine::new(model).with_threshold(threshold.map(|t| t as f32))),
            bytes,
            threshold,
            topics,
        })
    }

    /// Read the columns into inputs (holding the GIL), then tag them (without it). `ids`, when
    /// given, must be as long as `texts`: checked here, before any work.
    fn run(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        titles: Option<&Bound<'_, PyAny>>,
        langs: Option<&Bound<'_, PyAny>>,
        ids: Option<&[Bound<'_, PyAny>]>,
    ) -> PyResult<Vec<Output>> {
        let texts = column(texts, "texts")?;
        let n = texts.len();
        let titles = titles.map(|t| column(t, "titles")).transpose()?;
        let langs = langs.map(|l| column(l, "langs")).transpose()?;
        let lengths = [
            ("titles", titles.as_ref().map(Vec::len)),
            ("langs", langs.as_ref().map(Vec::len)),
            ("ids", ids.map(<[_]>::len)),
        ];
        for (name, len) in lengths {
            if let Some(len) = len.filter(|&len| len != n) {
                return Err(PyValueError::new_err(format!(
                    "{name} has {len} values but texts has {n}"
                )));
            }
        }
        let inputs: Vec<Input> = (0..n)
            .map(|i| {
                read_row(
                    &texts[i],
                    titles.as_ref().map(|t| &t[i]),
                    langs.as_ref().map(|l| &l[i]),
                )
            })
            .collect();
        let engine = &self.engine;
        Ok(py.detach(|| {
            inputs
                .into_iter()
                .map(|input| input.map(|(text, lang)| engine.tag(&text, lang, None)))
                .collect()
        }))
    }

    fn names<'py>(&self, py: Python<'py>, topics: &[usize]) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, topics.iter().map(|&i| self.topics[i].bind(py)))
    }
}

/// An `OSError` as Python raises one: `errno` and `filename` set, so it is the matching
/// subclass (`FileNotFoundError`, `IsADirectoryError`, `PermissionError`...), and the message
/// `[Errno 2] cannot read model: No such file or directory: 'x.model'`.
fn os_error(e: &std::io::Error, what: &str, path: &str) -> PyErr {
    let message = e.to_string();
    match e.raw_os_error() {
        Some(code) => {
            let reason = message
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&message);
            PyOSError::new_err((code, format!("{what}: {reason}"), path.to_string()))
        }
        None => PyOSError::new_err(format!("{what} {path}: {message}")),
    }
}

/// The values of a sequence or any iterable (a list, a tuple, a pandas Series...). Iterables
/// whose items are not values (one string's characters, bytes, a dict's keys, a DataFrame's
/// column names) are refused, since tagging them is never what was meant.
fn column<'py>(values: &Bound<'py, PyAny>, name: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let refused = if values.is_instance_of::<PyString>() {
        Some("one string (wrap it in a list)")
    } else if values.is_instance_of::<PyBytes>() || values.is_instance_of::<PyByteArray>() {
        Some("bytes (decode them into strings)")
    } else if values.is_instance_of::<PyDict>() {
        Some("a dict (pass its values())")
    } else if values.hasattr("columns")? && values.hasattr("iloc")? {
        Some("a DataFrame (pass one of its columns, or use tag_dataframe)")
    } else {
        None
    };
    if let Some(what) = refused {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a sequence of values, not {what}"
        )));
    }
    values.try_iter()?.collect()
}

/// Whether `value` is a missing value: `None`, a float NaN, or pandas' `NA` and `NaT` (what
/// pandas' string and Arrow-backed columns hold for a missing cell).
fn is_missing(value: &Bound<'_, PyAny>) -> bool {
    if value.is_none() {
        return true;
    }
    if value.is_instance_of::<PyString>() {
        return false;
    }
    if value.extract::<f64>().is_ok_and(f64::is_nan) {
        return true;
    }
    value
        .get_type()
        .name()
        .is_ok_and(|n| n.to_cow().is_ok_and(|n| n == "NAType" || n == "NaTType"))
}

/// The string `value` holds; `None` when missing; an error naming `field` otherwise.
fn string(value: &Bound<'_, PyAny>, field: &str) -> Result<Option<String>, String> {
    if let Ok(s) = value.cast::<PyString>() {
        return s
            .to_cow()
            .map(|c| Some(c.into_owned()))
            .map_err(|_| format!("{field} is not valid Unicode (it holds a lone surrogate)"));
    }
    if is_missing(value) {
        return Ok(None);
    }
    let type_name = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".into());
    Err(format!("{field} is {type_name}, not str"))
}

/// Title and text prepared and joined as the command-line tool prepares an item's fields
/// (`input::prepare`: double-encoded text repaired, cut at the per-item limit, a title that
/// is not blank first, on its own line). A missing text with a title is a headline alone.
fn read_row(
    text: &Bound<'_, PyAny>,
    title: Option<&Bound<'_, PyAny>>,
    lang: Option<&Bound<'_, PyAny>>,
) -> Input {
    let text = string(text, "text")?;
    let title = match title {
        Some(t) => string(t, "title")?,
        None => None,
    };
    let text = match (text, &title) {
        (Some(text), _) => text,
        (None, Some(t)) if !t.trim().is_empty() => String::new(),
        (None, _) => return Err("text is missing".into()),
    };
    // Like a `lang` column of the tool's inputs: a code it does not know means "detect".
    let lang = match lang {
        Some(l) => string(l, "lang")?.and_then(|c| Lang::from_code(&c)),
        None => None,
    };
    Ok((topictag::input::prepare(title, text), lang))
}

#[pymethods]
impl Tagger {
    /// Load a model file.
    #[staticmethod]
    #[pyo3(signature = (path, threshold=None))]
    fn load(py: Python<'_>, path: &str, threshold: Option<f64>) -> PyResult<Self> {
        let bytes = std::fs::read(path).map_err(|e| os_error(&e, "cannot read model", path))?;
        Self::build(py, path, bytes.into(), threshold)
    }

    /// A model from the bytes of a model file.
    #[staticmethod]
    #[pyo3(signature = (data, threshold=None))]
    fn from_bytes(py: Python<'_>, data: &[u8], threshold: Option<f64>) -> PyResult<Self> {
        Self::build(py, "<model bytes>", data.into(), threshold)
    }

    /// The model built into the extension.
    #[staticmethod]
    #[pyo3(signature = (threshold=None))]
    fn default_model(py: Python<'_>, threshold: Option<f64>) -> PyResult<Self> {
        Self::build(py, DEFAULT_MODEL_NAME, DEFAULT_MODEL.into(), threshold)
    }

    /// The model file's bytes.
    fn model_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.bytes)
    }

    #[getter]
    fn threshold(&self) -> Option<f64> {
        self.threshold
    }

    /// Topic names, in the order of every `scores` list.
    #[getter]
    fn topics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.topics.iter().map(|t| t.bind(py)))
    }

    /// The language codes the model's detector may answer.
    #[getter]
    fn languages(&self) -> Vec<String> {
        self.engine.model().routing().allow.clone()
    }

    /// One dict per text: `id` (when ids are given), `lang`, `confidence`, `topics`,
    /// `scores`, `error`.
    #[pyo3(signature = (texts, titles=None, langs=None, ids=None))]
    fn tag<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        titles: Option<&Bound<'py, PyAny>>,
        langs: Option<&Bound<'py, PyAny>>,
        ids: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let ids = ids.map(|i| column(i, "ids")).transpose()?;
        let outputs = self.run(py, texts, titles, langs, ids.as_deref())?;
        let rows = PyList::empty(py);
        for (i, out) in outputs.iter().enumerate() {
            let row = PyDict::new(py);
            if let Some(ids) = &ids {
                row.set_item("id", &ids[i])?;
            }
            match out {
                Ok(t) => {
                    row.set_item("lang", t.route.code())?;
                    row.set_item("confidence", t.route.confidence)?;
                    row.set_item("topics", self.names(py, &t.topics)?)?;
                    row.set_item("scores", &t.probs)?;
                    row.set_item("error", py.None())?;
                }
                Err(e) => {
                    for key in ["lang", "confidence", "topics", "scores"] {
                        row.set_item(key, py.None())?;
                    }
                    row.set_item("error", e)?;
                }
            }
            rows.append(row)?;
        }
        Ok(rows)
    }

    /// The results as columns: a dict of five lists (`lang`, `confidence`, `topics`,
    /// `scores`, `error`), one value per text; a failed row holds `None` but its error.
    #[pyo3(signature = (texts, titles=None, langs=None))]
    fn tag_columns<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        titles: Option<&Bound<'py, PyAny>>,
        langs: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let outputs = self.run(py, texts, titles, langs, None)?;
        let n = outputs.len();
        let (lang, confidence, topics, scores, error) = (
            PyList::empty(py),
            PyList::empty(py),
            PyList::empty(py),
            PyList::empty(py),
            PyList::empty(py),
        );
        for out in &outputs {
            match out {
                Ok(t) => {
                    lang.append(t.route.code())?;
                    confidence.append(t.route.confidence)?;
                    topics.append(self.names(py, &t.topics)?)?;
                    scores.append(&t.probs)?;
                    error.append(py.None())?;
                }
                Err(e) => {
                    for col in [&lang, &confidence, &topics, &scores] {
                        col.append(py.None())?;
                    }
                    error.append(e)?;
                }
            }
        }
        debug_assert_eq!(lang.len(), n);
        let out = PyDict::new(py);
        out.set_item("lang", lang)?;
        out.set_item("confidence", confidence)?;
        out.set_item("topics", topics)?;
        out.set_item("scores", scores)?;
        out.set_item("error", error)?;
        Ok(out)
    }
}

/// The items of one input file as the command-line tool reads them (a digest page, a saved
/// web page, a feed, an e-mail, CSV, JSON Lines or JSON, by extension and content): one dict
/// per item with `source`, `item`, `title`, `text`, `date`, `url`, `lang` (as given by the
/// input), `id` and `error` (why a record could not be read; then only `source`, `item` and
/// `id`, when it could be read, are set). A file that cannot be read at all raises `OSError` (I/O) or `ValueError`.
#[pyfunction]
fn read_items<'py>(py: Python<'py>, path: &str) -> PyResult<Bound<'py, PyList>> {
    let path_buf = Path::new(path);
    let opts = topictag::input::InputOptions::default();
    // A record that cannot be read: its id, when the input gave one, and why.
    type Unread = (Option<String>, String);
    let read: Vec<Result<topictag::input::Record, Unread>> = py
        .detach(|| {
            topictag::input::records(path_buf, &opts).map(|recs| {
                recs.map(|r| r.map_err(|e| (e.record_id().map(str::to_string), e.to_string())))
                    .collect::<Vec<_>>()
            })
        })
        .map_err(|e| match &e {
            topictag::error::Error::Io { source, .. } => os_error(source, "cannot read", path),
            other => PyValueError::new_err(other.to_string()),
        })?;
    let rows = PyList::empty(py);
    for (i, r) in read.into_iter().enumerate() {
        let row = PyDict::new(py);
        row.set_item("source", path)?;
        match r {
            Ok(rec) => {
                row.set_item("item", rec.number)?;
                row.set_item("title", rec.title)?;
                row.set_item("text", rec.text)?;
                row.set_item("date", rec.date)?;
                row.set_item("url", rec.url)?;
                row.set_item("lang", rec.lang.map(|l| l.code()))?;
                row.set_item("id", rec.id)?;
                row.set_item("error", py.None())?;
            }
            Err((id, e)) => {
                row.set_item("item", i + 1)?;
                for key in ["title", "text", "date", "url", "lang"] {
                    row.set_item(key, py.None())?;
                }
                row.set_item("id", id)?;
                row.set_item("error", e)?;
            }
        }
        rows.append(row)?;
    }
    Ok(rows)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Tagger>()?;
    m.add_function(wrap_pyfunction!(read_items, m)?)?;
    m.add("ENGINE_VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
