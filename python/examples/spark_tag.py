"""Tag a JSON Lines or Parquet file of news items with Spark and write the results as Parquet.

    spark-submit --master 'local[2]' python/examples/spark_tag.py items.jsonl tagged.parquet \
        [--text-col text] [--title-col title] [--model my.model]

Every executor needs the `topictag` package (`pip install ./python`, or ship the wheel).
"""

import argparse

from pyspark.sql import SparkSession

from topictag import spark as tt_spark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="a .jsonl / .json or .parquet file or folder")
    ap.add_argument("output", help="the Parquet folder to write")
    ap.add_argument("--text-col", default="text")
    ap.add_argument("--title-col", default=None)
    ap.add_argument("--lang-col", default=None, help="ISO 639-1 codes that skip detection")
    ap.add_argument("--model", default=None, help="a model file (read on the driver); default: the built-in model")
    a = ap.parse_args()

    spark = SparkSession.builder.appName("topictag").getOrCreate()
    reader = spark.read.parquet if a.input.endswith(".parquet") else spark.read.json
    df = reader(a.input)
    tagged = tt_spark.tag(df, a.text_col, title_col=a.title_col, lang_col=a.lang_col, model=a.model)
    tagged.write.mode("overwrite").parquet(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
