"""Side-by-side throughput: the CLI (1 and 2 threads), Python `Tagger.tag` (1 thread) and Spark
local[2] (`topictag.spark.tag`, input cached, results to the `noop` sink; its default Arrow path
and `arrow=False`, pandas), on the same texts.

    python benches/python_spark.py [--bin target/release/topictag] [--items 100000] [--repeat 3]

Texts: the Reuters ModApte test split (../shared, read at run time), repeated to `--items`;
without ../shared, the texts the Python tests generate. Prints items/s (median of `--repeat`)
and the ratios the issue asks for. Run it in the venv tests/all.sh makes (target/python-venv),
with the wheel and the binary built in the same profile (both release for real figures).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python" / "tests"))
import conftest  # noqa: E402  (the test texts and the Reuters loader)
import topictag  # noqa: E402


def load_items(n):
    if conftest.REUTERS_TEST.exists():
        base, what = [], "Reuters ModApte test split"
        with conftest.REUTERS_TEST.open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                base.append({"title": d.get("title"), "text": d.get("body") or "", "lang": None})
    else:
        print(f"notice: {conftest.REUTERS_TEST} absent: using the tests' generated texts")
        base, what = conftest.own_items(), "generated test texts"
    items = [dict(base[i % len(base)], id=i) for i in range(n)]
    return items, f"{what}, repeated to {n} items"


def timed(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), max(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "topictag"))
    ap.add_argument("--items", type=int, default=100000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-spark", action="store_true")
    a = ap.parse_args()
    items, what = load_items(a.items)
    tmp = Path(tempfile.mkdtemp())
    jsonl = conftest.write_jsonl(items, tmp / "items.jsonl")
    n = len(items)
    print(f"texts: {what}; binary {a.bin}; topictag package {topictag.__file__}")
    results = {}

    def cli(threads):
        subprocess.run([a.bin, "--threads", str(threads), "--quiet", "tag", str(jsonl),
                        "--format", "csv", "--lang-hint", "off", "--out", str(tmp / "out.csv")],
                       check=True)

    for threads in (1, 2):
        results[f"cli {threads} thread(s)"] = timed(lambda: cli(threads), a.repeat)

    tagger = topictag.Tagger()
    texts = [it["text"] for it in items]
    titles = [it["title"] for it in items]
    results["python Tagger.tag, 1 thread"] = timed(lambda: tagger.tag(texts, titles=titles), a.repeat)

    if not a.no_spark:
        import pandas as pd
        from pyspark.sql import SparkSession
        from topictag import spark as tt_spark

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
                 .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.createDataFrame(pd.DataFrame({"id": [it["id"] for it in items], "title": titles,
                                                 "text": texts})).repartition(2).cache()
        df.count()
        for name, arrow in (("spark local[2] mapInArrow", True), ("spark local[2] mapInPandas", False)):
            run = lambda: (tt_spark.tag(df, "text", title_col="title", arrow=arrow)
                           .write.format("noop").mode("overwrite").save())
            run()  # warm the Python workers (one tagger each)
            results[name] = timed(run, a.repeat)
        spark.stop()

    print(f"{'run':<32} {'items/s (median)':>17} {'range':>22}")
    rate = {}
    for name, (med, lo, hi) in results.items():
        rate[name] = n / med
        print(f"{name:<32} {n / med:>17,.0f} {n / hi:>10,.0f} - {n / lo:<10,.0f}")
    print(f"python / cli 1 thread: {rate['python Tagger.tag, 1 thread'] / rate['cli 1 thread(s)']:.2f}")
    for name in ("spark local[2] mapInArrow", "spark local[2] mapInPandas"):
        if name in rate:
            print(f"{name} / cli 2 threads: {rate[name] / rate['cli 2 thread(s)']:.2f}")


if __name__ == "__main__":
    main()
