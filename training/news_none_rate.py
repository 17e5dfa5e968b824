#!/usr/bin/env python3
"""How often a model tags items that should get no topic, and stays silent on items that should.

`topictag eval` reports per-topic scores, which say nothing about items whose gold label is
empty. This reads a labelled CSV and the JSON Lines that `topictag tag -f jsonl` wrote for the
same file (one output row per CSV row, in order) and prints, per language and per style
(title only, or title and text):
  - no-topic items given at least one topic (false alarms), and
  - on-topic items given no topic at all (silences).

Usage:
  topictag tag -f jsonl --quiet training/foreign_policy_news_dev.csv > tags.jsonl
  python3 training/news_none_rate.py training/foreign_policy_news_dev.csv tags.jsonl
"""
import collections
import csv
import json
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold_path, tag_path = sys.argv[1], sys.argv[2]
    with open(gold_path, newline="", encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    with open(tag_path, encoding="utf-8") as f:
        tags = [json.loads(line) for line in f if line.strip()]
    if len(gold) != len(tags):
        sys.exit(f"{gold_path} has {len(gold)} rows but {tag_path} has {len(tags)}")
    counts = collections.defaultdict(lambda: [0, 0, 0, 0])  # none, alarms, on-topic, silences
    for line, (g, t) in enumerate(zip(gold, tags), 2):
        if g["title"] != t.get("title"):
            sys.exit(f"{gold_path}:{line}: title {g['title']!r} does not match tag row {t.get('title')!r}")
        style = "title only" if not g["text"] else "title+text"
        for key in ((g["lang"], style), (g["lang"], "all"), ("all", "all")):
            c = counts[key]
            if g["topics"]:
                c[2] += 1
                c[3] += not t["topics"]
            else:
                c[0] += 1
                c[1] += bool(t["topics"])
    print(f"{'lang':5} {'style':11} {'no-topic':>8} {'tagged anyway':>14} {'on-topic':>8} {'silent':>12}")
    for (lang, style), (n, a, m, s) in sorted(counts.items()):
        pa = f"{a} ({100 * a / n:.0f}%)" if n else "-"
        ps = f"{s} ({100 * s / m:.0f}%)" if m else "-"
        print(f"{lang:5} {style:11} {n:8} {pa:>14} {m:8} {ps:>12}")


if __name__ == "__main__":
    main()
