"""Spark local[2]: `topictag.spark.tag` on 3,000+ texts equals the command-line tool row for row.

Skipped with a notice when Java or PySpark is absent (tests/all.sh installs PySpark and says
when it skips for want of Java)."""

from __future__ import annotations

import os
import sys

import pytest

import topictag
from conftest import assert_rows_equal, java_available

if not java_available():
    pytest.skip("java is absent: the Spark tests are skipped", allow_module_level=True)
pyspark = pytest.importorskip("pyspark", reason="pyspark is absent: the Spark tests are skipped")
from topictag import spark as tt_spark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("topictag-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def spark_tag(spark, items, partitions, **kw):
    """Tag `items` through Spark, split into `partitions`; results in input order."""
    import pandas as pd

    pdf = pd.DataFrame(
        {
            "id": [it["id"] for it in items],
            "title": [it["title"] for it in items],
            "text": [it["text"] for it in items],
            "lang_given": [it["lang"] for it in items],
        }
    )
    df = spark.createDataFrame(pdf, "id long, title string, text string, lang_given string")
    df = df.repartition(partitions)
    out = tt_spark.tag(df, "text", title_col="title", lang_col="lang_given", **kw)
    rows = sorted(out.collect(), key=lambda r: r["id"])
    assert [r["id"] for r in rows] == [it["id"] for it in items]
    return [r.asDict() for r in rows]


def test_spark_equals_cli_on_own_texts(spark, own):
    items, cli_rows = own
    assert len(items) >= 3000
    results = spark_tag(spark, items, partitions=7)
    assert all(r["error"] is None for r in results)
    assert_rows_equal(cli_rows, results, topictag.Tagger().topics)


def test_shared_reuters_spark_equals_cli(spark, reuters):
    items, cli_rows = reuters
    assert len(items) >= 3000
    results = spark_tag(spark, items, partitions=5)
    assert_rows_equal(cli_rows, results, topictag.Tagger().topics)


def test_spark_row_errors_model_choice_and_name_clashes(spark, tmp_path):
    items = [
        {"id": 0, "title": None, "text": "Gas pipeline deal signed to raise exports", "lang": None},
        {"id": 1, "title": None, "text": None, "lang": None},
        {"id": 2, "title": "Oil prices jump after the producers cut output", "text": None, "lang": None},
    ]
    t = topictag.Tagger(threshold=0.0)
    rows = spark_tag(spark, items, partitions=2, model=t, prefix="tt_")
    # The tagger's own threshold is used: more topics than the tuned cuts give.
    assert rows[0]["tt_error"] is None
    assert rows[0]["tt_topics"] == t.tag([items[0]["text"]])[0]["topics"]
    assert len(rows[0]["tt_topics"]) > len(topictag.Tagger().tag([items[0]["text"]])[0]["topics"])
    assert rows[1]["tt_error"] == "text is missing" and rows[1]["tt_lang"] is None
    # A title without text is a headline, tagged as the tool tags one.
    assert rows[2]["tt_error"] is None and "energy" in rows[2]["tt_topics"]
    df = spark.createDataFrame([("x", "en")], "text string, lang string")
    with pytest.raises(ValueError, match="prefix"):
        tt_spark.tag(df, "text")
    # Spark resolves column names regardless of case: `LANG` would clash with `lang`.
    upper = spark.createDataFrame([("x", "en")], "text string, LANG string")
    with pytest.raises(ValueError, match="prefix"):
        tt_spark.tag(upper, "text")
    with pytest.raises(ValueError, match="no column 'body'"):
        tt_spark.tag(df, "body", prefix="tt_")
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"nope")
    with pytest.raises(ValueError, match="bad.model"):
        tt_spark.tag(df, "text", model=str(bad), prefix="tt_")


def test_spark_pandas_path_equals_arrow_path(spark, own):
    """`arrow=False` (mapInPandas, for Spark before 3.3) gives the Arrow path's rows, errors
    and input columns included."""
    items, _ = own
    sample = items[:400] + [
        {"id": 10**6, "title": None, "text": None, "lang": None},
        {"id": 10**6 + 1, "title": None, "text": "Ölpreis steigt", "lang": "xx"},
    ]
    arrow = spark_tag(spark, sample, partitions=3)
    pandas = spark_tag(spark, sample, partitions=2, arrow=False)
    assert len(arrow) == len(sample)
    assert arrow == pandas
    assert arrow[-2]["error"] == "text is missing" and arrow[-2]["lang"] is None
