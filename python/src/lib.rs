//! # storyline_python
//!
//! The Python module `storyline` (its native part, `storyline._storyline`): `annotate` and
//! `Corpus` call the same library functions as `storyline annotate` and the corpus commands,
//! and hand back the very JSON the command prints, parsed by Python's `json`, so a result is
//! what the CLI gives, field for field.
//!
//! The work runs with the GIL released (`Python::detach`): annotating a batch uses every core,
//! and other Python threads go on meanwhile. Errors are the CLI's messages, raised as
//! `storyline.StorylineError`, or `storyline.InputError` (also a `ValueError`) for a bad
//! item given to `annotate`.
#![deny(missing_docs)]

use std::path::PathBuf;
use std::sync::Mutex;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use storyline_corpus::TimelineFilter;
use storyline_ingest::{article_from_json, article_from_text, IngestError};
use storyline_pipeline::{Pipeline, PipelineConfig, RawArticle};
use storyline_query::run::{annotate_batch, ANNOTATE_BATCH};
use storyline_query::{error_message, Quiet, Row, TimelineQuery};

/// mimalloc, as in the `storyline` binary: annotation allocates many small strings.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The fields of a JSON Lines article that a dict item may carry (others are ignored).
const ARTICLE_FIELDS: [&str; 7] = [
    "text",
    "id",
    "title",
    "published",
    "outlet",
    "url",
    "byline",
];

/// At most this many problems are listed in one exception.
const LISTED_PROBLEMS: usize = 10;

/// An exception of the pure-Python part (`storyline/_errors.py`) with `message`.
fn raise(py: Python<'_>, class: &str, message: String) -> PyErr {
    match py
        .import("storyline._errors")
        .and_then(|module| module.getattr(class))
    {
        Ok(class) => match class.cast_into::<pyo3::types::PyType>() {
            Ok(class) => PyErr::from_type(class, message),
            Err(e) => PyErr::from(e),
        },
        Err(e) => e,
    }
}

/// A library error as `storyline.StorylineError`, with the message the CLI prints.
fn corpus_error(py: Python<'_>, err: &storyline_query::Error) -> PyErr {
    raise(py, "StorylineError", error_message(err))
}

/// `problems` (each naming its item) as one `storyline.InputError`.
fn input_error(py: Python<'_>, problems: &[String]) -> PyErr {
    let mut message = problems
        .iter()
        .take(LISTED_PROBLEMS)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    if problems.len() > LISTED_PROBLEMS {
        message.push_str(&format!(
            "\n... and {} more",
            problems.len() - LISTED_PROBLEMS
        ));
    }
    raise(py, "InputError", message)
}

/// Rows parsed into Python objects by `json.loads`.
fn rows_to_py<'py>(py: Python<'py>, rows: &[Row]) -> PyResult<Bound<'py, PyList>> {
    let loads = py.import("json")?.getattr("loads")?;
    let list = PyList::empty(py);
    for row in rows {
        list.append(loads.call1((row.get(),))?)?;
    }
    Ok(list)
}

fn row_to_py<'py>(py: Python<'py>, row: &Row) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((row.get(),))
}

/// A date given as `YYYY-MM-DD` or as a `datetime.date`, as the CLI's date flags read it.
fn date_arg(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<chrono::NaiveDate>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let text: String = if let Ok(s) = value.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else if value.hasattr("isoformat")? {
        // A datetime.date (or datetime, or pandas Timestamp): its day.
        let iso: String = value.call_method0("isoformat")?.extract()?;
        iso.chars().take(10).collect()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a str (YYYY-MM-DD) or a datetime.date, not {}",
            value.get_type().name()?
        )));
    };
    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|e| {
            PyValueError::new_err(format!(
                "invalid value '{text}' for {name}: expected YYYY-MM-DD: {e}"
            ))
        })
}

/// One field of a dict item as the JSON value a JSON Lines record would hold.
fn json_field(
    origin: &str,
    key: &str,
    value: &Bound<'_, PyAny>,
) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    let type_error = || {
        let type_name = value
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "object".into());
        format!("{origin}: field \"{key}\" must be a str, not {type_name}")
    };
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Value::String(s.into_owned()))
            .map_err(|e| format!("{origin}: field \"{key}\": {e}"));
    }
    if let Ok(b) = value.extract::<bool>() {
        if value.cast::<pyo3::types::PyBool>().is_ok() {
            return Ok(Value::Bool(b));
        }
    }
    if value.cast::<pyo3::types::PyInt>().is_ok() {
        return match value.extract::<i64>() {
            Ok(n) => Ok(Value::from(n)),
            Err(_) => value
                .str()
                .map(|s| Value::String(s.to_string()))
                .map_err(|_| type_error()),
        };
    }
    if let Ok(f) = value.cast::<pyo3::types::PyFloat>() {
        // A missing value in a pandas frame is NaN: like null.
        let f = f.value();
        return Ok(serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null));
    }
    if value.hasattr("isoformat").unwrap_or(false) {
        // datetime.date, datetime.datetime, pandas.Timestamp: an ISO date or date-time.
        return value
            .call_method0("isoformat")
            .and_then(|iso| iso.extract::<String>())
            .map(Value::String)
            .map_err(|_| type_error());
    }
    Err(type_error())
}

/// One item given to `annotate`: a text (a page or an article as a file holds it), a dict
/// with the fields of a JSON Lines record, or a path (`os.PathLike`) to a file, read as
/// `storyline annotate` reads it (every article of a `.jsonl` or `.warc` file; the file's stem
/// as the id of a single article). A `str` is always a text, never a path.
fn articles_of(index: usize, item: &Bound<'_, PyAny>) -> Vec<Result<RawArticle, String>> {
    let origin = format!("item {index}");
    if let Ok(text) = item.cast::<PyString>() {
        let article = match text.to_cow() {
            Ok(text) => article_from_text(&text, &origin).map_err(|e| e.to_string()),
            Err(e) => Err(format!("{origin}: not valid text: {e}")),
        };
        return vec![article];
    }
    if let Ok(dict) = item.cast::<PyDict>() {
        return vec![article_of_dict(&origin, dict)];
    }
    if item.hasattr("__fspath__").unwrap_or(false) {
        return match item.extract::<PathBuf>() {
            Ok(path) => storyline_ingest::read_path(&path)
                .map(|article| article.map_err(|e| format!("{origin}: {e}")))
                .collect(),
            Err(e) => vec![Err(format!("{origin}: not a usable path: {e}"))],
        };
    }
    let type_name = item
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into());
    vec![Err(format!(
        "{origin}: expected a str (an article), a dict (with \"text\") or a path, not {type_name}"
    ))]
}

fn article_of_dict(origin: &str, dict: &Bound<'_, PyDict>) -> Result<RawArticle, String> {
    let mut record = serde_json::Map::new();
    for key in ARTICLE_FIELDS {
        if let Some(value) = dict
            .get_item(key)
            .map_err(|e| format!("{origin}: field \"{key}\": {e}"))?
        {
            record.insert(key.to_string(), json_field(origin, key, &value)?);
        }
    }
    article_from_json(&record, origin.to_string()).map_err(|e| format!("{origin}: {e}"))
}

/// Runs the per-document pipeline over articles (texts, dicts with the JSON Lines fields, or
/// paths of files) and returns one dict per article: the object `storyline annotate` prints.
#[pyfunction]
#[pyo3(signature = (items, *, dct=None, raw=false, errors="raise"))]
fn annotate<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    dct: Option<&Bound<'py, PyAny>>,
    raw: bool,
    errors: &str,
) -> PyResult<Bound<'py, PyList>> {
    let skip = match errors {
        "raise" => false,
        "skip" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors must be \"raise\" or \"skip\", not {other:?}"
            )))
        }
    };
    if items.cast::<PyString>().is_ok() || items.cast::<PyDict>().is_ok() {
        return Err(PyTypeError::new_err(
            "annotate takes a list of articles (str or dict): wrap a single article in a list",
        ));
    }
    let config = PipelineConfig {
        raw,
        dct: date_arg("dct", dct)?,
    };
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for (index, item) in items.try_iter()?.enumerate() {
        for article in articles_of(index, &item?) {
            match article {
                Ok(article) => articles.push(article),
                Err(problem) => problems.push(problem),
            }
        }
    }
    if !problems.is_empty() && !skip {
        return Err(input_error(py, &problems));
    }
    // The same batches as `storyline annotate` over the same articles in the same order: a
    // batch learns its repeated lines and dates its undated articles, so equal batches give
    // equal documents.
    let (json, empty) = py.detach(|| {
        let pipeline = Pipeline::new(config);
        let mut empty: Vec<IngestError> = Vec::new();
        let mut json = Vec::with_capacity(articles.len());
        for batch in articles.chunks(ANNOTATE_BATCH) {
            for doc in annotate_batch(&pipeline, batch, &mut Quiet, &mut empty) {
                json.push(serde_json::to_string(&doc));
            }
        }
        (json, empty)
    });
    if !empty.is_empty() && !skip {
        let problems: Vec<String> = empty.iter().map(|e| e.to_string()).collect();
        return Err(input_error(py, &problems));
    }
    let loads = py.import("json")?.getattr("loads")?;
    let list = PyList::empty(py);
    for doc in json {
        let doc = doc.map_err(|e| {
            raise(
                py,
                "StorylineError",
                format!("cannot serialise a document: {e}"),
            )
        })?;
        list.append(loads.call1((doc,))?)?;
    }
    Ok(list)
}

/// A storyline database (an SQLite file, or a `postgres://` URL): ingest articles into it and
/// ask it what the corpus commands show.
#[pyclass(module = "storyline", frozen)]
struct Corpus {
    db: String,
    inner: Mutex<storyline_query::Corpus>,
}

impl Corpus {
    /// Runs `f` on the open database with the GIL released.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut storyline_query::Corpus) -> storyline_query::Result<T> + Send,
    ) -> PyResult<T> {
        let result = py.detach(|| match self.inner.lock() {
            Ok(mut corpus) => Ok(f(&mut corpus)),
            Err(_) => Err(()),
        });
        match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(corpus_error(py, &err)),
            Err(()) => Err(raise(
                py,
                "StorylineError",
                format!(
                    "database {} is unusable: an earlier call panicked",
                    storyline_store::display_db(&self.db)
                ),
            )),
        }
    }
}

/// Paths given as one path or a list of them.
fn paths_arg(paths: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if let Ok(path) = paths.extract::<PathBuf>() {
        return Ok(vec![path]);
    }
    let mut out = Vec::new();
    for item in paths.try_iter().map_err(|_| {
        PyTypeError::new_err("paths must be a path (str or os.PathLike) or a list of paths")
    })? {
        let item = item?;
        out.push(item.extract::<PathBuf>().map_err(|_| {
            PyTypeError::new_err(format!(
                "paths must be a path (str or os.PathLike) or a list of paths, not a list holding {}",
                item.get_type().name().map(|n| n.to_string()).unwrap_or_default()
            ))
        })?);
    }
    Ok(out)
}

#[pymethods]
impl Corpus {
    /// Opens (creating if needed) the database `db`, named as `storyline --db` names it.
    #[new]
    fn new(py: Python<'_>, db: PathBuf) -> PyResult<Corpus> {
        let name = db.to_string_lossy().into_owned();
        let opened = py.detach(|| storyline_query::Corpus::open(&db));
        match opened {
            Ok(corpus) => Ok(Corpus {
                db: name,
                inner: Mutex::new(corpus),
            }),
            Err(err) => Err(corpus_error(py, &err)),
        }
    }

    /// The database as it was named (a PostgreSQL URL without its password).
    #[getter]
    fn db(&self) -> String {
        storyline_store::display_db(&self.db)
    }

    fn __repr__(&self) -> String {
        format!(
            "storyline.Corpus({:?})",
            storyline_store::display_db(&self.db)
        )
    }

    /// Reads, annotates and stores the articles of `paths` (files and folders, recursing), as
    /// `storyline ingest` does; returns its summary.
    #[pyo3(signature = (paths, *, batch=ANNOTATE_BATCH))]
    fn ingest<'py>(
        &self,
        py: Python<'py>,
        paths: &Bound<'py, PyAny>,
        batch: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let paths = paths_arg(paths)?;
        let row = self.with(py, |corpus| {
            let summary = corpus.ingest(&paths, batch.max(1), &mut Quiet)?;
            storyline_query::run::ingest_row(&summary)
        })?;
        row_to_py(py, &row)
    }

    /// Corpus counts, as `storyline stats --format json`.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let row = self.with(py, |corpus| corpus.stats_json())?;
        row_to_py(py, &row)
    }

    /// The merged timeline, as `storyline timeline --format json`.
    #[pyo3(signature = (actor=None, start=None, end=None, all=false, *, story=None))]
    fn timeline<'py>(
        &self,
        py: Python<'py>,
        actor: Option<String>,
        start: Option<&Bound<'py, PyAny>>,
        end: Option<&Bound<'py, PyAny>>,
        all: bool,
        story: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let query = TimelineQuery {
            filter: TimelineFilter {
                actor,
                from: date_arg("start", start)?,
                to: date_arg("end", end)?,
                all,
            },
            story,
        };
        let rows = self.with(py, |corpus| corpus.timeline_json(&query))?;
        rows_to_py(py, &rows)
    }

    /// Every event mention with its document, as `storyline events --format json`.
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = self.with(py, |corpus| corpus.events_json())?;
        rows_to_py(py, &rows)
    }

    /// Who said what, as `storyline quotes --format json`.
    #[pyo3(signature = (speaker=None))]
    fn quotes<'py>(
        &self,
        py: Python<'py>,
        speaker: Option<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let rows = self.with(py, |corpus| corpus.quotes_json(speaker.as_deref()))?;
        rows_to_py(py, &rows)
    }

    /// Stored documents in insertion order, as `storyline documents --format json`
    /// (`--offset`, `--limit`; every document when `limit` is None).
    #[pyo3(signature = (offset=0, limit=None))]
    fn documents<'py>(
        &self,
        py: Python<'py>,
        offset: u64,
        limit: Option<u64>,
    ) -> PyResult<Bound<'py, PyList>> {
        // SQLite takes a signed 64-bit limit.
        let limit = limit.unwrap_or(i64::MAX as u64).min(i64::MAX as u64);
        let rows = self.with(py, |corpus| corpus.documents_json(offset, limit))?;
        rows_to_py(py, &rows)
    }

    /// Articles grouped into stories, as `storyline stories --format json`.
    fn stories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = self.with(py, |corpus| corpus.stories_json())?;
        rows_to_py(py, &rows)
    }

    /// Framing per outlet, conflicts and coverage, as `storyline compare --format json`.
    fn compare<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let row = self.with(py, |corpus| corpus.compare_json())?;
        row_to_py(py, &row)
    }
}

/// The native part of the `storyline` package.
#[pymodule]
fn _storyline(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(annotate, m)?)?;
    m.add_class::<Corpus>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
