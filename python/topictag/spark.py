"""Tag a Spark DataFrame's texts on the executors, with ``mapInArrow``.

>>> from topictag import spark as tt_spark                        # doctest: +SKIP
>>> tagged = tt_spark.tag(df, "text", title_col="title")          # doctest: +SKIP
>>> tagged.select("lang", "topics", "scores").show()              # doctest: +SKIP

Only the DataFrame API is used (no RDDs), so it also runs on Spark Connect. Batches go to the
Python workers as Arrow record batches and come back as Arrow (``mapInArrow``): the input
columns pass through untouched and no pandas frame is built, which more than halves Spark's
own share of the time against ``mapInPandas`` (still used on Spark before 3.3, which lacks
``mapInArrow``; ``arrow=False`` asks for it). The model's bytes
travel with the function (a hundred kilobytes or so); each Python worker builds one tagger
from them the first time it needs it and keeps it for the tasks that follow. Every executor
needs the ``topictag`` package installed (``pip install``, or ship the wheel with
``--py-files`` / ``spark.archives``). Texts are tagged one by one, so results do not depend on
partitioning: they equal the command-line tool's with ``--lang-hint off``.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any, Dict, Iterator, Optional, Union

from . import RESULT_COLUMNS, Tagger

__all__ = ["tag", "result_fields"]

#: Taggers made in this Python process, by the SHA-256 of their model bytes and threshold.
_TAGGERS: Dict[Any, Tagger] = {}


def _tagger(model: bytes, threshold: Optional[float]) -> Tagger:
    key = (hashlib.sha256(model).hexdigest(), threshold)
    tagger = _TAGGERS.get(key)
    if tagger is None:
        tagger = _TAGGERS[key] = Tagger.from_bytes(model, threshold)
    return tagger


def result_fields(prefix: str = ""):
    """The Spark fields :func:`tag` adds, in order."""
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        FloatType,
        StringType,
        StructField,
    )

    types = {
        "lang": StringType(),
        "confidence": DoubleType(),
        "topics": ArrayType(StringType()),
        "scores": ArrayType(FloatType()),
        "error": StringType(),
    }
    return [StructField(prefix + c, types[c], True) for c in RESULT_COLUMNS]


def _model_bytes(model: Union[None, str, "os.PathLike[str]", bytes, Tagger]) -> tuple:
    if model is None:
        t = Tagger()
        return t.to_bytes(), None
    if isinstance(model, Tagger):
        return model.to_bytes(), model.threshold
    if isinstance(model, (bytes, bytearray)):
        Tagger.from_bytes(bytes(model))  # fail here, on the driver, if they are no model
        return bytes(model), None
    # A path is read on the driver: executors need not see the file.
    t = Tagger(model)
    return t.to_bytes(), None


def tag(
    df: Any,
    text_col: str,
    title_col: Optional[str] = None,
    lang_col: Optional[str] = None,
    model: Union[None, str, "os.PathLike[str]", bytes, Tagger] = None,
    prefix: str = "",
    arrow: bool = True,
) -> Any:
    """``df`` with the tagging results as new columns, computed on the executors.

    Adds ``lang`` (string: the pipeline used, as :meth:`topictag.Tagger.tag` gives it),
    ``confidence`` (double),
    ``topics`` (array of assigned topic names, strongest first), ``scores`` (array of floats:
    every topic's probability, in the model's topic order, ``Tagger(...).topics``) and
    ``error`` (null, or why that row's text could not be tagged), each name preceded by
    ``prefix``; a name ``df`` already has, in any case (Spark resolves names regardless of
    case), is an error.

    ``model``: ``None`` for the default model built into the package, a model file's path (read
    here, on the driver), its bytes, or a :class:`topictag.Tagger` (its threshold is kept).
    ``title_col`` is joined before the text as the command-line tool joins a ``title`` column;
    ``lang_col`` holds language codes that skip detection, read as :meth:`topictag.Tagger.tag`
    reads ``langs`` (null: detect). ``arrow=False``
    moves batches through pandas (``mapInPandas``) instead of Arrow; the results are the same.
    """
    from pyspark.sql.types import StructType

    names = [prefix + c for c in RESULT_COLUMNS]
    present = {c.lower() for c in df.columns}
    taken = [n for n in names if n.lower() in present]
    if taken:
        raise ValueError(
            f"the DataFrame already has column(s) {taken}: pass prefix= to name the results apart"
        )
    for col in (text_col, title_col, lang_col):
        if col is not None and col not in df.columns:
            raise ValueError(f"no column {col!r} in the DataFrame (columns: {df.columns})")
    data, threshold = _model_bytes(model)
    schema = StructType(list(df.schema.fields) + result_fields(prefix))

    columns = (data, threshold, text_col, title_col, lang_col, names)
    if arrow and hasattr(df, "mapInArrow"):
        return df.mapInArrow(_arrow_batches(*columns), schema)
    return df.mapInPandas(_pandas_batches(*columns), schema)


def _pandas_batches(data, threshold, text_col, title_col, lang_col, names):
    def tag_batches(batches: Iterator[Any]) -> Iterator[Any]:
        tagger = _tagger(data, threshold)
        for pdf in batches:
            cols = tagger.tag_columns(
                pdf[text_col].tolist(),
                None if title_col is None else pdf[title_col].tolist(),
                None if lang_col is None else pdf[lang_col].tolist(),
            )
            for c, name in zip(RESULT_COLUMNS, names):
                pdf[name] = cols[c]
            yield pdf

    return tag_batches


def _arrow_batches(data, threshold, text_col, title_col, lang_col, names):
    def tag_batches(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        types = {
            "lang": pa.string(),
            "confidence": pa.float64(),
            "topics": pa.list_(pa.string()),
            "scores": pa.list_(pa.float32()),
            "error": pa.string(),
        }
        tagger = _tagger(data, threshold)
        for batch in batches:
            cols = tagger.tag_columns(
                batch.column(text_col).to_pylist(),
                None if title_col is None else batch.column(title_col).to_pylist(),
                None if lang_col is None else batch.column(lang_col).to_pylist(),
            )
            added = [pa.array(cols[c], types[c]) for c in RESULT_COLUMNS]
            yield pa.RecordBatch.from_arrays(
                list(batch.columns) + added, names=list(batch.schema.names) + names
            )

    return tag_batches
