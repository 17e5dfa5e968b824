#!/usr/bin/env python3
"""Check the team-written news items before a commit.

Usage: python3 training/check_news.py

Reads training/foreign_policy_news.csv and training/foreign_policy_news_dev.csv (and, for
duplicate titles, every training/foreign_policy*.csv) and exits 1 with one line per problem
naming the file and line when: the header is not `title,text,lang,topics`; a row does not have
4 fields; the title is empty; `lang` is not `en` or `es`; a topic is not one of the six, is
repeated, or is out of the guide's order (energy;security;trade;integration;diplomacy;politics);
or a title of ours (case-insensitive, spaces collapsed) appears twice in or across the files.
On success it prints counts per file, language, topic, style and item length.
"""
import collections
import csv
import glob
import os
import signal
import sys

ORDER = ["energy", "security", "trade", "integration", "diplomacy", "politics"]
HERE = os.path.dirname(os.path.abspath(__file__))
NEWS = ["foreign_policy_news.csv", "foreign_policy_news_dev.csv"]


def norm(title):
    return " ".join(title.lower().split())


def read(path, problems):
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            problems.append(f"{path}: empty file")
            return rows
        if header != ["title", "text", "lang", "topics"]:
            problems.append(f"{path}:1: header is {header}, expected title,text,lang,topics")
        try:
            for row in reader:
                rows.append((reader.line_num, row))
        except csv.Error as e:
            problems.append(f"{path}:{reader.line_num}: CSV error: {e}")
    return rows


def check_row(path, line, row, problems):
    if len(row) != 4:
        problems.append(f"{path}:{line}: {len(row)} fields, expected 4")
        return False
    title, text, lang, topics = row
    if not title.strip():
        problems.append(f"{path}:{line}: empty title")
    if title != title.strip() or text != text.strip():
        problems.append(f"{path}:{line}: leading or trailing spaces")
    if lang not in ("en", "es"):
        problems.append(f"{path}:{line}: lang {lang!r} is not en or es")
    if topics:
        names = topics.split(";")
        unknown = [t for t in names if t not in ORDER]
        if unknown:
            problems.append(f"{path}:{line}: unknown topic(s) {unknown}")
        elif len(set(names)) != len(names):
            problems.append(f"{path}:{line}: repeated topic in {topics!r}")
        elif names != sorted(names, key=ORDER.index):
            problems.append(f"{path}:{line}: topics {topics!r} not in the guide's order")
        if len(names) > 3:
            problems.append(f"{path}:{line}: more than three topics")
    return True


def main():
    problems = []
    seen = {}
    stats = {}
    all_files = sorted(glob.glob(os.path.join(HERE, "foreign_policy*.csv")))
    for path in all_files:
        name = os.path.basename(path)
        rows = read(path, problems)
        mine = name in NEWS
        for line, row in rows:
            if mine and not check_row(name, line, row, problems):
                continue
            if not row:
                continue
            key = norm(row[0])
            # Duplicates inside the older files are theirs to fix; report only ours.
            if key in seen and (mine or seen[key].split(":")[0] in NEWS):
                problems.append(f"{name}:{line}: title {row[0]!r} already at {seen[key]}")
            elif key not in seen:
                seen[key] = f"{name}:{line}"
        if mine:
            stats[name] = [r for _, r in rows if len(r) == 4]
    for name in NEWS:
        if name not in stats:
            problems.append(f"{name}: missing")
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problem(s)")
        sys.exit(1)
    for name, rows in stats.items():
        print(f"{name}: {len(rows)} items")
        for lang in ("en", "es"):
            sub = [r for r in rows if r[2] == lang]
            topic_count = collections.Counter(t for r in sub for t in r[3].split(";") if t)
            none = sum(1 for r in sub if not r[3])
            multi = sum(1 for r in sub if r[3].count(";") >= 1)
            heads = sum(1 for r in sub if not r[1])
            caps = sum(1 for r in sub if not r[1] and r[0].upper() == r[0])
            print(
                f"  {lang}: {len(sub)} items, none {none} ({100 * none / max(len(sub), 1):.0f}%), "
                f"multi-label {multi}, title-only {heads} ({caps} in capitals)"
            )
            print("     " + ", ".join(f"{t} {topic_count[t]}" for t in ORDER))


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into `head`
    main()
