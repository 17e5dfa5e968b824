"""Multilingual topic tagging of news items, from Python.

The engine is the ``topictag`` Rust library, compiled into this package: the same detector,
analyzer, features and classifiers as the ``topictag`` command-line tool, so a text gets the
same language, confidence, topics and scores here as there (tested row for row).

>>> import topictag
>>> tagger = topictag.Tagger()           # the default model, built into the package
>>> rows = tagger.tag(["Gas pipeline deal signed to raise oil and gas exports"])
>>> rows[0]["lang"], "energy" in rows[0]["topics"]
('en', True)

Every text is tagged on its own (no "dominant language of the batch" hint), so results never
depend on how texts are grouped into batches or Spark partitions. Texts are prepared as the
tool prepares a file's fields (double-encoded UTF-8 repaired, cut at 2 MiB). A text that
cannot be read (missing with no title, not a string, or a string with a lone surrogate) gets
an ``error`` and no tags; the other texts of the batch are tagged as usual. Missing means
``None``, NaN, or pandas' ``NA`` / ``NaT``. The GIL is released while a batch is tagged, so
threads can tag batches in parallel.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Optional, Union

from . import _native

__all__ = ["Tagger", "tag_dataframe", "read_items", "ENGINE_VERSION"]

ENGINE_VERSION: str = _native.ENGINE_VERSION

#: The columns :func:`tag_dataframe` and :func:`topictag.spark.tag` add (before ``prefix``).
RESULT_COLUMNS = ("lang", "confidence", "topics", "scores", "error")


class Tagger:
    """A topic model, ready to tag texts.

    ``Tagger()`` uses the default model built into the package (``models/foreign-policy.model``
    of the repository the wheel was built from: energy, security, trade, integration,
    diplomacy, politics); ``Tagger(path)`` loads a model file written by ``topictag train``.
    ``threshold`` replaces every topic's tuned threshold by one probability, like the tool's
    ``--threshold``.

    A tagger pickles as its model's bytes (about 200 kilobytes for the default model),
    so it can be sent to Spark or multiprocessing workers; :meth:`from_bytes` rebuilds one.
    """

    __slots__ = ("_inner",)

    def __init__(
        self,
        model_path: Union[str, bytes, "os.PathLike[str]", None] = None,
        threshold: Optional[float] = None,
    ) -> None:
        if model_path is None:
            self._inner = _native.Tagger.default_model(threshold)
        else:
            self._inner = _native.Tagger.load(os.fsdecode(model_path), threshold)

    @classmethod
    def from_bytes(cls, data: bytes, threshold: Optional[float] = None) -> "Tagger":
        """A tagger from the bytes of a model file (e.g. a Spark broadcast variable's value)."""
        tagger = cls.__new__(cls)
        tagger._inner = _native.Tagger.from_bytes(bytes(data), threshold)
        return tagger

    def to_bytes(self) -> bytes:
        """The model file's bytes: ``Tagger.from_bytes(t.to_bytes())`` tags like ``t``."""
        return self._inner.model_bytes()

    @property
    def topics(self) -> list:
        """Topic names, in the order of every ``scores`` list."""
        return self._inner.topics

    @property
    def threshold(self) -> Optional[float]:
        """The one threshold replacing the tuned ones, or ``None``."""
        return self._inner.threshold

    @property
    def languages(self) -> list:
        """Language codes (ISO 639-1) the model's detector may answer. The model may have
        been trained on fewer (the shipped one on ``en`` and ``es``; ``topictag inspect`` lists
        its training languages): texts in the others are routed to their own stemmer, but
        their topics rest on the words they share with the training languages."""
        return self._inner.languages

    def tag(
        self,
        texts: Iterable[Any],
        titles: Optional[Iterable[Any]] = None,
        langs: Optional[Iterable[Any]] = None,
        ids: Optional[Iterable[Any]] = None,
    ) -> list:
        """Tag texts; one dict per text, in order.

        ``titles`` (optional, one per text, ``None`` for none) are joined before their text as
        the command-line tool joins a ``title`` column; a row with a title and a missing text
        is tagged on its title. ``langs`` (optional, ``None`` to detect) skip detection like
        the tool's ``lang`` column: an ISO 639-1 or 639-3 code or an English name of a language
        with a Snowball stemmer (a tag such as ``en-US`` by its first part); anything else means
        "detect". ``ids`` are copied into the results.

        Each dict has ``lang`` (the pipeline used: the ISO 639-1 code of a language with a
        stemmer, the detector's ISO 639-3 code of another one such as ``cmn``, or ``und``),
        ``confidence`` (the detector's), ``topics`` (assigned topic names, strongest first),
        ``scores`` (the probability of every topic, in :attr:`topics` order), ``error``
        (``None``, or why the text could not be tagged; then the others are ``None``), and
        ``id`` when ``ids`` were given.
        """
        return self._inner.tag(texts, titles, langs, ids)

    def tag_columns(
        self,
        texts: Iterable[Any],
        titles: Optional[Iterable[Any]] = None,
        langs: Optional[Iterable[Any]] = None,
    ) -> dict:
        """Like :meth:`tag`, as a dict of lists (``lang``, ``confidence``, ``topics``,
        ``scores``, ``error``): cheaper to turn into DataFrame columns."""
        return self._inner.tag_columns(texts, titles, langs)

    def __reduce__(self):
        return (Tagger.from_bytes, (self.to_bytes(), self.threshold))

    def __repr__(self) -> str:
        return f"topictag.Tagger(topics={self.topics!r})"


def _values(df: Any, col: Optional[str]) -> Optional[list]:
    if col is None:
        return None
    if col not in df.columns:
        raise KeyError(f"no column {col!r} in the DataFrame (columns: {list(df.columns)})")
    n = list(df.columns).count(col)
    if n > 1:
        raise ValueError(f"the DataFrame has {n} columns named {col!r}: rename them apart")
    return df[col].tolist()


def tag_dataframe(
    df: Any,
    text_col: str = "text",
    title_col: Optional[str] = None,
    lang_col: Optional[str] = None,
    tagger: Optional[Tagger] = None,
    prefix: str = "",
) -> Any:
    """A copy of the pandas DataFrame ``df`` with the tagging results as new columns.

    The columns are ``lang``, ``confidence``, ``topics`` (lists of names), ``scores`` (lists
    of probabilities in ``tagger.topics`` order) and ``error`` (``None`` for tagged rows), each
    name preceded by ``prefix``. A name ``df`` already has is an error: pass a ``prefix``.
    ``tagger`` defaults to ``Tagger()``.

    >>> import pandas as pd, topictag
    >>> df = pd.DataFrame({"text": ["Troops and missiles mass near the border", None]})
    >>> out = topictag.tag_dataframe(df)
    >>> out.loc[0, "lang"], out.loc[1, "error"]
    ('en', 'text is missing')
    """
    tagger = tagger if tagger is not None else _default_tagger()
    names = [prefix + c for c in RESULT_COLUMNS]
    taken = [n for n in names if n in df.columns]
    if taken:
        raise ValueError(
            f"the DataFrame already has column(s) {taken}: pass prefix= to name the results apart"
        )
    cols = tagger.tag_columns(
        _values(df, text_col), _values(df, title_col), _values(df, lang_col)
    )
    out = df.copy()
    for c, name in zip(RESULT_COLUMNS, names):
        out[name] = cols[c]
    return out


def read_items(path: Union[str, "os.PathLike[str]"]) -> list:
    """The items of one input file, read as the command-line tool reads them: a digest page
    (split into title + teaser items), a saved web page (``.html``, ``.mhtml``), an RSS/Atom
    feed, a saved e-mail (``.eml``), a Telegram export, CSV, JSON Lines or a JSON document,
    told by extension and content.

    One dict per item, in order: ``source`` (``path``), ``item`` (its number), ``title``,
    ``text``, ``date``, ``url``, ``lang`` (when the input gives one), ``id`` and ``error``
    (``None``, or why that record could not be read; then the others but ``id`` are
    ``None``, and ``id`` too unless it could be read). A file
    that cannot be opened raises ``OSError``; one that cannot be read as any format
    (a PDF, binary data) raises ``ValueError``.

    >>> import topictag
    >>> items = topictag.read_items("digest.txt")                      # doctest: +SKIP
    >>> rows = topictag.Tagger().tag([i["text"] for i in items],
    ...                              titles=[i["title"] for i in items])  # doctest: +SKIP
    """
    return _native.read_items(os.fspath(path))


_DEFAULT: Optional[Tagger] = None


def _default_tagger() -> Tagger:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Tagger()
    return _DEFAULT
