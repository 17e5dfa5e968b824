"""The Python API: results, per-row errors, pickling, pandas, and equality with the tool."""

from __future__ import annotations

import math
import os
import pickle
import threading

import pytest

import topictag
from conftest import DEFAULT_MODEL, as_cli, assert_rows_equal

ENERGY = "Gas pipeline deal signed to raise oil and gas exports to Europe"
SECURITY = "Troops held military exercises and missile tests near the border"


@pytest.fixture(scope="module")
def tagger():
    return topictag.Tagger()


def test_default_model_tags_with_topic_names(tagger):
    rows = tagger.tag([ENERGY, SECURITY])
    assert [r["lang"] for r in rows] == ["en", "en"]
    assert "energy" in rows[0]["topics"] and "security" in rows[1]["topics"]
    for r in rows:
        assert r["error"] is None
        assert len(r["scores"]) == len(tagger.topics)
        assert all(0.0 <= s <= 1.0 for s in r["scores"])
        assert 0.0 <= r["confidence"] <= 1.0
        # Topics are the ones whose score the model's thresholds accept: strongest first.
        scores = [r["scores"][tagger.topics.index(t)] for t in r["topics"]]
        assert scores == sorted(scores, reverse=True)


def test_model_path_and_bytes_give_the_same_tags(tagger):
    by_path = topictag.Tagger(DEFAULT_MODEL)
    by_bytes = topictag.Tagger.from_bytes(DEFAULT_MODEL.read_bytes())
    texts = [ENERGY, SECURITY, "Las tropas realizaron maniobras cerca de la frontera"]
    assert by_path.tag(texts) == by_bytes.tag(texts)
    assert by_path.topics == by_bytes.topics


def test_bad_model_and_threshold_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"not a model at all")
    with pytest.raises(ValueError, match="bad.model"):
        topictag.Tagger(bad)
    with pytest.raises(FileNotFoundError, match="missing.model") as missing:
        topictag.Tagger(tmp_path / "missing.model")
    assert missing.value.errno == 2 and missing.value.filename == str(tmp_path / "missing.model")
    with pytest.raises(IsADirectoryError):
        topictag.Tagger(tmp_path)
    with pytest.raises(FileNotFoundError):
        topictag.Tagger(os.fsencode(tmp_path / "missing.model"))
    with pytest.raises(ValueError, match="threshold"):
        topictag.Tagger(threshold=1.5)
    with pytest.raises(ValueError):
        topictag.Tagger.from_bytes(b"")


def test_threshold_replaces_the_tuned_ones():
    tuned = topictag.Tagger().tag([ENERGY])[0]
    everything = topictag.Tagger(threshold=0.0).tag([ENERGY])[0]
    # Every topic the text raises above its prior, however little: more than the tuned cut.
    assert set(tuned["topics"]) < set(everything["topics"])
    nothing = topictag.Tagger(threshold=1.0).tag([ENERGY])[0]
    assert nothing["topics"] == []
    # The threshold reads back as the float given (not its f32 rounding).
    assert topictag.Tagger(threshold=0.9).threshold == 0.9


def test_bad_values_become_row_errors_not_a_failed_batch(tagger):
    lone = "Gas deal \ud800 signed"
    rows = tagger.tag([ENERGY, None, float("nan"), 42, lone, b"bytes", SECURITY])
    assert [r["error"] for r in rows] == [
        None,
        "text is missing",
        "text is missing",
        "text is int, not str",
        "text is not valid Unicode (it holds a lone surrogate)",
        "text is bytes, not str",
        None,
    ]
    for r in rows[1:-1]:
        assert r["lang"] is None and r["topics"] is None and r["scores"] is None
    assert rows[0] == tagger.tag([ENERGY])[0] and rows[-1] == tagger.tag([SECURITY])[0]


def test_pandas_missing_values_are_missing(tagger):
    pd = pytest.importorskip("pandas")
    na = pd.array([pd.NA], dtype="string")
    assert tagger.tag([pd.NA])[0]["error"] == "text is missing"
    assert tagger.tag([pd.NaT])[0]["error"] == "text is missing"
    # A missing title or language is no title and "detect", as None is.
    assert tagger.tag([ENERGY], titles=na)[0] == tagger.tag([ENERGY])[0]
    assert tagger.tag([ENERGY], langs=na)[0] == tagger.tag([ENERGY])[0]
    df = pd.DataFrame({"text": [ENERGY, None], "given": [None, "en"]}).convert_dtypes()
    out = topictag.tag_dataframe(df, lang_col="given")
    assert out["error"].tolist() == [None, "text is missing"]
    assert out.loc[0, "topics"] == tagger.tag([ENERGY])[0]["topics"]


def test_a_title_without_text_is_a_headline(tagger):
    headline = "Oil prices jump after the producers cut output"
    alone = tagger.tag([headline])[0]
    assert alone["error"] is None and "energy" in alone["topics"]
    for missing in (None, float("nan"), ""):
        assert tagger.tag([missing], titles=[headline])[0] == alone


def test_texts_are_prepared_as_the_tool_prepares_fields(tagger):
    # Double-encoded UTF-8 (UTF-8 read as Windows-1252) is repaired, as the tool repairs it.
    fixed = "The EU\u2019s new gas pipeline deal with Azerbaijan"
    broken = fixed.encode("utf-8").decode("cp1252")
    assert tagger.tag([broken]) == tagger.tag([fixed])
    # A language tag with a region is read by its language.
    assert tagger.tag([ENERGY], langs=["es-419"])[0]["lang"] == "es"


def test_iterables_that_are_not_columns_are_refused(tagger):
    pd = pytest.importorskip("pandas")
    for value, hint in [
        ("one text", "wrap it in a list"),
        (b"bytes", "decode"),
        ({"a": ENERGY}, "values()"),
        (pd.DataFrame({"text": [ENERGY]}), "one of its columns"),
    ]:
        with pytest.raises(TypeError, match=hint):
            tagger.tag(value)
    with pytest.raises(TypeError, match="titles must be"):
        tagger.tag([ENERGY], titles="a title")


def test_titles_langs_and_ids(tagger):
    rows = tagger.tag(
        ["signed in Brussels", "signed in Brussels", "x"],
        titles=["Gas pipeline deal", None, 3],
        langs=["es", None, None],
        ids=["a", "b", 7],
    )
    assert [r["id"] for r in rows] == ["a", "b", 7]
    assert rows[0]["lang"] == "es"  # given, not detected
    assert rows[0]["scores"] != rows[1]["scores"]  # the title is part of the text
    assert rows[2]["error"] == "title is int, not str"
    # A title is joined before the text on its own line, as the tool joins a title column.
    joined = tagger.tag(["Gas pipeline deal\nsigned in Brussels"], langs=["es"])[0]
    assert {k: v for k, v in rows[0].items() if k != "id"} == joined


def test_column_lengths_must_agree(tagger):
    with pytest.raises(ValueError, match="titles has 1 values but texts has 2"):
        tagger.tag(["a", "b"], titles=["t"])
    with pytest.raises(TypeError, match="not one string"):
        tagger.tag("a text, not a list")


def test_tag_columns_match_tag(tagger):
    texts = [ENERGY, None, SECURITY]
    rows = tagger.tag(texts)
    cols = tagger.tag_columns(texts)
    for key in ("lang", "confidence", "topics", "scores", "error"):
        assert cols[key] == [r[key] for r in rows]


def test_pickles_by_model_bytes():
    t = topictag.Tagger(threshold=0.3)
    data = pickle.dumps(t)
    assert len(data) < len(t.to_bytes()) + 1024
    back = pickle.loads(data)
    assert back.threshold == pytest.approx(0.3)
    assert back.tag([ENERGY, SECURITY]) == t.tag([ENERGY, SECURITY])


def test_threads_share_one_tagger(tagger):
    texts = [ENERGY, SECURITY] * 500
    expected = tagger.tag(texts)
    results = [None] * 4

    def work(i):
        results[i] = tagger.tag(texts)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(r == expected for r in results)


def test_tag_dataframe_adds_columns():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"title": ["Energy", None], "text": [ENERGY, None], "n": [1, 2]})
    out = topictag.tag_dataframe(df, text_col="text", title_col="title")
    assert list(df.columns) == ["title", "text", "n"]  # the input is left as it was
    assert list(out.columns) == ["title", "text", "n", "lang", "confidence", "topics", "scores", "error"]
    assert out.loc[0, "lang"] == "en" and "energy" in out.loc[0, "topics"]
    assert out.loc[1, "error"] == "text is missing"
    assert topictag.tag_dataframe(df, prefix="tt_").columns[-1] == "tt_error"
    with pytest.raises(ValueError, match="prefix"):
        topictag.tag_dataframe(out)
    with pytest.raises(KeyError, match="body"):
        topictag.tag_dataframe(df, text_col="body")
    twice = pd.concat([df[["text"]], df[["text"]]], axis=1)
    with pytest.raises(ValueError, match="2 columns named 'text'"):
        topictag.tag_dataframe(twice)


def test_python_equals_cli_on_own_texts(own, tagger):
    items, cli_rows = own
    results = tagger.tag(
        [it["text"] for it in items],
        titles=[it["title"] for it in items],
        langs=[it["lang"] for it in items],
    )
    assert len(items) >= 3000
    assert_rows_equal(cli_rows, results, tagger.topics)


def test_shared_reuters_python_equals_cli(reuters, tagger):
    items, cli_rows = reuters
    results = tagger.tag([it["text"] for it in items], titles=[it["title"] for it in items])
    assert_rows_equal(cli_rows, results, tagger.topics)


def test_read_items_reads_files_as_the_tool_does(tmp_path, tagger):
    """`read_items` gives the items the tool tags, in order, with titles, dates and links; and
    tagging them from Python equals the tool's rows (`--lang-hint off`)."""
    import csv
    import subprocess

    from conftest import REPO, cli_binary

    digest = tmp_path / "brief.txt"
    digest.write_text(
        "Caspian Weekly\n\n"
        "Kazakhstan raises its oil output target\n"
        "The energy ministry expects Tengiz and Kashagan to pump more after maintenance.\n\n"
        "Georgia and Armenia open a border crossing\n"
        "The crossing near Sadakhlo will handle trucks and cut waiting times for freight.\n",
        encoding="utf-8",
    )
    feed = REPO / "tests" / "fixtures" / "feeds" / "monitor_rss.xml"
    bad = tmp_path / "records.jsonl"
    bad.write_text(
        '{"text": "Border talks resumed."}\n{"note": 1}\n{"id": "r3", "text": 5}\n', encoding="utf-8"
    )
    for path in (digest, feed, bad):
        items = topictag.read_items(path)
        out = subprocess.run(
            [cli_binary(), "tag", str(path), "--format", "csv", "--lang-hint", "off",
             "--quiet", "--model", str(DEFAULT_MODEL)],
            capture_output=True, text=True, encoding="utf-8",
        )
        cli = list(csv.DictReader(out.stdout.splitlines()))
        assert [i["title"] or "" for i in items] == [r["title"] for r in cli], path
        assert [i["url"] or "" for i in items] == [r["url"] for r in cli], path
        assert [i["date"] or "" for i in items] == [r["date"] for r in cli], path
        assert [i["id"] or "" for i in items] == [r["id"] for r in cli], path
        ok = [i for i in items if i["error"] is None]
        rows = tagger.tag([i["text"] for i in ok], titles=[i["title"] for i in ok])
        assert_rows_equal([r for r in cli if not r["error"]], rows, tagger.topics)
    items = topictag.read_items(digest)
    assert items[1]["title"] == "Georgia and Armenia open a border crossing"
    assert items[1]["item"] == 2 and items[1]["source"] == str(digest)
    read = topictag.read_items(bad)
    errors = [i["error"] for i in read]
    assert errors[0] is None and "no text field" in errors[1]
    # A record that cannot be tagged keeps the id it was given, as the tool's error row does.
    assert "holds no text" in errors[2] and read[2]["id"] == "r3" and read[1]["id"] is None
    with pytest.raises(OSError):
        topictag.read_items(tmp_path / "missing.txt")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n")
    with pytest.raises(ValueError, match="PDF"):
        topictag.read_items(pdf)
    # The package reads files; fetching addresses is the command-line tool's.
    with pytest.raises(ValueError, match="a web address"):
        topictag.read_items("https://example.org/world/rss.xml")
