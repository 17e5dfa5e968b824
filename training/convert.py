#!/usr/bin/env python3
"""Build the training and real dev files of the default model from ../shared/datasets.

    python3 training/convert.py [--shared DIR] [--out DIR]

Reads training/sources.tsv (which corpora, how many rows, mix weights), the label mappings in
training/mappings/ and the team's training/foreign_policy*.csv files, then writes (into
target/training/ by default, never committed):

    train.csv           the team's rows plus the mapped training part of every corpus whose
                        `train` column is not 0; columns title,text,lang,topics,known
    dev/<corpus>.csv    the held-out reporting part of every corpus (chosen by date, by
                        publisher or by the corpus's own later split, never at random), same columns
    dev/<corpus>.titles.csv  the same rows with their title alone (headline-only text)
    tune/<corpus>.csv   the held-out tuning part (where a corpus has one: its earlier dates, its
                        own dev split, or other publishers), the only real rows on which settings
                        and mix weights are chosen; `tune/<corpus>.titles.csv` as above
    sources.txt         one line per corpus used for training: name, rows, licence

A row with an empty `known` cell knows every topic; otherwise it is a negative only for the
topics listed there. With `--relabel CORPUS,...`, a training row of such a corpus whose key is
listed in `training/relabel/<corpus>.csv` (key, topics, doubt: labels the team gave single
training rows by reading them against ANNOTATION.md) takes those topics, every topic known,
instead of its mapped label (off in build.sh: see training/README.md). A row's key is
`item_key`: the first 16 hex digits of the SHA-1 of its title, U+001F and its text as written
here. Texts stay in ../shared: this script only reads them. The output depends only on the
inputs (no clocks, no unseeded randomness), so the model built from it is
byte-identical on every run. Standard library only.
"""

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import unicodedata

TOPICS = ["energy", "security", "trade", "integration", "diplomacy", "politics"]
HERE = os.path.dirname(os.path.abspath(__file__))
# The team-written training files (every topic known on each row).
TEAM_FILES = ["foreign_policy.csv", "foreign_policy_news.csv"]
ROOT = os.path.dirname(HERE)


class MappingError(Exception):
    pass


def read_tsv(path):
    """Rows of a TSV file with a header; `#` lines are comments."""
    with open(path, encoding="utf-8") as f:
        lines = [(n, l.rstrip("\n")) for n, l in enumerate(f, 1) if l.strip() and not l.startswith("#")]
    header = lines[0][1].split("\t")
    rows = []
    for n, line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            raise MappingError(f"{path}:{n}: {len(cells)} fields, expected {len(header)} ({', '.join(header)})")
        rows.append((n, dict(zip(header, cells))))
    return rows


def parse_topics(path, n, cell, what):
    if cell in ("none", "all", "skip", "-"):
        return cell
    names = [t for t in cell.split(";") if t]
    for t in names:
        if t not in TOPICS:
            raise MappingError(f"{path}:{n}: {what} names '{t}', not one of {', '.join(TOPICS)}")
    return names


class Mapping:
    """Corpus label -> (topics, known). `known` None means every topic."""

    def __init__(self, path):
        self.path = path
        self.rules = {}
        for n, row in read_tsv(path):
            topics = parse_topics(path, n, row["topics"], "topics")
            if topics == "skip":
                self.rules[row["label"]] = None
                continue
            known = parse_topics(path, n, row["known"], "known")
            topics = [] if topics == "none" else topics
            known = None if known == "all" else known
            if known is not None:
                missing = [t for t in topics if t not in known]
                if missing:
                    raise MappingError(f"{path}:{n}: topic {missing[0]} is not in its own known list")
            if not row.get("reason", "").strip():
                raise MappingError(f"{path}:{n}: the reason is missing")
            self.rules[row["label"]] = (topics, known)

    def lookup(self, *labels):
        """The rule of the first label that has one, else the `*` rule."""
        for label in labels:
            if label in self.rules:
                return self.rules[label]
        if "*" in self.rules:
            return self.rules["*"]
        raise MappingError(f"{self.path}: no line for label {labels[0]!r} and no '*' line")

    def union(self, labels):
        """Multi-label rows: topics and known are unions; any skip label skips the row."""
        topics, known = set(), set()
        every = False
        for label in labels:
            rule = self.lookup(label)
            if rule is None:
                return None
            topics.update(rule[0])
            if rule[1] is None:
                every = True
            else:
                known.update(rule[1])
        return (sorted(topics, key=TOPICS.index), None if every else sorted(known | topics, key=TOPICS.index))


# ---- text shaping ---------------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'«“¿¡A-ZÁÉÍÓÚÑ0-9])")
SPACES = re.compile(r"\s+")


def teaser(body, title="", min_chars=150, max_chars=400):
    """The opening of an article as a digest teaser: whole sentences, about 150-400 characters."""
    body = SPACES.sub(" ", body).strip()
    if title:
        t = SPACES.sub(" ", title).strip()
        if t and body.lower().startswith(t.lower()):
            body = body[len(t):].lstrip(" .:-")
    out = ""
    for sentence in SENTENCE_END.split(body):
        if out and len(out) + len(sentence) > max_chars:
            break
        out = (out + " " + sentence).strip()
        if len(out) >= min_chars:
            break
    if len(out) > max_chars:
        cut = out.rfind(" ", 0, max_chars)
        out = out[: cut if cut > 0 else max_chars]
    return out


def stable_key(*parts):
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def item_key(r):
    """The key of a written row in `training/relabel/` and `training/audit/` files."""
    return stable_key(r["title"], r["text"])[:16]


def read_relabels(corpus):
    """`training/relabel/<corpus>.csv` as {key: topics}."""
    path = os.path.join(HERE, "relabel", f"{corpus}.csv")
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        for n, r in enumerate(csv.DictReader(f), start=2):
            topics = [t for t in r["topics"].split(";") if t]
            bad = [t for t in topics if t not in TOPICS]
            if bad:
                raise MappingError(f"{path}:{n}: unknown topic(s) {bad}")
            out[r["key"]] = ";".join(t for t in TOPICS if t in topics)
    return out


def row(title, text, lang, rule):
    topics, known = rule
    return {
        "title": SPACES.sub(" ", title).strip(),
        "text": SPACES.sub(" ", text).strip(),
        "lang": lang,
        "topics": ";".join(topics),
        "known": "" if known is None else ";".join(known),
    }


# ---- one reader per corpus: yields (split, key, row), split "train", "tune" or "dev" --------------

YEAR = re.compile(r"\b(19[0-9]\d|20[0-2]\d)\b")


def cap(path, mapping, tune_from, dev_from):
    """Training: laws before `tune_from`; tuning: up to `dev_from`; reporting: the later ones."""
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            lo = r["label_original"]
            major = lo.split()[0]
            sub = lo.split("/")[-1].strip() if "/" in lo else ""
            rule = mapping.lookup(sub, major)
            if rule is None:
                continue
            m = YEAR.search(r["title"] + " " + r["text"])
            year = int(m.group(1)) if m else 0
            split = "dev" if year >= dev_from else "tune" if year >= tune_from else "train"
            yield split, r["id"], row(r["title"], r["text"], r["lang"], rule)


def cap_uk_acts(shared, mapping):
    return cap(os.path.join(shared, "cap_uk_acts", "cap_uk_acts.csv"), mapping, 2000, 2008)


def cap_es_laws(shared, mapping):
    return cap(os.path.join(shared, "cap_es_laws", "cap_es_laws.csv"), mapping, 2005, 2010)


def publisher_half(name):
    """Tuning or reporting part of a held-out news item, by its publisher (so one outlet's
    items, and their near-duplicates, stay on one side)."""
    key = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    key = re.sub(r"[^a-z]+", " ", key).replace(" news", " ").strip()
    return "tune" if int(stable_key("publisher", key), 16) % 2 else "dev"


def spanish_fake_news_corpus(shared, mapping):
    base = os.path.join(shared, "spanish_fake_news_corpus")
    for name, split in (("train.csv", "train"), ("development.csv", "train"), ("test.csv", "dev")):
        with open(os.path.join(base, name), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                r = {k.lower(): v for k, v in r.items()}
                topic = r.get("topic", r.get("topics", "")).strip()
                category = r["category"].strip()
                if split == "dev" and category != "True":
                    continue
                part = publisher_half(r.get("source", "")) if split == "dev" else split
                rule = mapping.lookup(topic)
                if rule is None:
                    continue
                title = r["headline"].strip()
                yield part, name + r["id"], row(title, teaser(r["text"], title), "es", rule)


def sib200(shared, mapping):
    for lang, folder in (("en", "eng_Latn"), ("es", "spa_Latn")):
        for name in ("train", "dev", "test"):
            path = os.path.join(shared, "sib200", "annotated", folder, name + ".tsv")
            with open(path, encoding="utf-8") as f:
                next(f)
                for line in f:
                    index, category, text = line.rstrip("\n").split("\t", 2)
                    rule = mapping.lookup(category)
                    if rule is None:
                        continue
                    split = {"train": "train", "dev": "tune", "test": "dev"}[name]
                    yield split, lang + index, row("", text, lang, rule)


def masakhanews_eng(shared, mapping):
    with open(os.path.join(shared, "masakhanews_eng", "masakhanews_eng.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rule = mapping.lookup(r["label_original"])
            if rule is None:
                continue
            split = ("dev" if r["id"].startswith("masakhanews_eng_test_")
                     else "tune" if r["id"].startswith("masakhanews_eng_dev_") else "train")
            yield split, r["id"], row(r["title"], teaser(r["text"], r["title"]), "en", rule)


def bbc_news(shared, mapping):
    with open(os.path.join(shared, "bbc_news", "bbc_fulltext.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rule = mapping.lookup(r["category"])
            if rule is None:
                continue
            yield "dev", r["id"], row(r["title"], teaser(r["text"], r["title"]), "en", rule)


def reuters21578(shared, mapping):
    # ModApte test stories (from April 1987; NEWID follows the story order of the collection):
    # the earlier half (below the median NEWID, 18085) tunes, the later half reports.
    for name, split in (("modapte90_train.jsonl", "train"), ("modapte90_test.jsonl", "dev")):
        with open(os.path.join(shared, "reuters21578", name), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                part = split if split == "train" else "tune" if r["newid"] < 18085 else "dev"
                rule = mapping.union(r["labels"])
                if rule is None:
                    continue
                title = r["title"].title() if r["title"].isupper() else r["title"]
                yield part, str(r["newid"]), row(title, teaser(r["body"]), "en", rule)


def ag_news(shared, mapping):
    with open(os.path.join(shared, "ag_news", "test.csv"), encoding="utf-8", newline="") as f:
        for n, r in enumerate(csv.reader(f)):
            if n % 4:
                continue
            rule = mapping.lookup(r[0])
            if rule is None:
                continue
            text = r[2].replace("\\n", " ").replace("\\", "")
            yield "dev", str(n), row(r[1].replace("\\", ""), text, "en", rule)


READERS = {
    "cap_uk_acts": cap_uk_acts,
    "cap_es_laws": cap_es_laws,
    "spanish_fake_news_corpus": spanish_fake_news_corpus,
    "sib200": sib200,
    "masakhanews_eng": masakhanews_eng,
    "bbc_news": bbc_news,
    "reuters21578": reuters21578,
    "ag_news": ag_news,
}

COLUMNS = ["title", "text", "lang", "topics", "known"]


def write_csv(path, rows):
    """Write `rows` with COLUMNS, and a `group` column when some row has one."""
    columns = COLUMNS + (["group"] if any(r.get("group") for r in rows) else [])
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in columns})
    os.replace(tmp, path)


def read_team(path):
    """The team's rows; a row with the wrong number of fields is left out with a warning
    naming its line (an unquoted comma would otherwise shift its language and topics)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        for r in reader:
            if None in r or None in r.values():
                print(f"convert.py: warning: {path}:{reader.line_num}: {len(reader.fieldnames)} fields "
                      f"expected, the row is left out (quote fields that contain commas)", file=sys.stderr)
                continue
            rows.append(dict(r, known=r.get("known", "")))
    return rows


def with_title_copies(rows, source):
    """`rows`, then a headline-only copy (same labels) of each row that has both a title and a
    text. A copy and its row share a `group` (`source:n`, n counting the rows with a copy), so
    cross-validation holds them out together and the thresholds are not tuned on a headline
    whose article was in the fold's training rows. The given rows are not changed."""
    out, copies, n = [], [], 0
    for r in rows:
        if r["title"].strip() and r["text"].strip():
            r = dict(r, group=f"{source}:{n}")
            copies.append(dict(r, text=r["title"], title=""))
            n += 1
        out.append(r)
    return out + copies


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "datasets"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "training"))
    ap.add_argument("--sources", default=os.path.join(HERE, "sources.tsv"))
    ap.add_argument("--team", default=",".join(os.path.join(HERE, f) for f in TEAM_FILES),
                    help="team-written training files, comma-separated")
    ap.add_argument("--titles", default="",
                    help="comma-separated sources (`team` or corpus names) whose training rows with a "
                         "title and a text also train as the title alone (real pages often give only a headline)")
    ap.add_argument("--relabel", default="",
                    help="comma-separated corpora whose training rows take the per-row labels of "
                         "training/relabel/<corpus>.csv instead of their mapped labels")
    args = ap.parse_args()
    with_titles = {t for t in args.titles.split(",") if t}
    relabelled = {c for c in args.relabel.split(",") if c}
    for name in relabelled:
        if not os.path.exists(os.path.join(HERE, "relabel", f"{name}.csv")):
            print(f"convert.py: --relabel {name}: no training/relabel/{name}.csv", file=sys.stderr)
            return 2
    if not os.path.isdir(args.shared):
        print(f"convert.py: {args.shared} is not a folder (the real corpora are read from it)", file=sys.stderr)
        return 2
    for part in ("dev", "tune"):
        os.makedirs(os.path.join(args.out, part), exist_ok=True)
    train = []
    for path in args.team.split(","):
        team = read_team(path)
        if "team" in with_titles:
            team = with_title_copies(team, os.path.basename(path))
        train.extend(team)
    used = []
    try:
        for n, src in read_tsv(args.sources):
            name = src["corpus"]
            if name not in READERS:
                raise MappingError(f"{args.sources}:{n}: no reader for corpus '{name}'")
            mapping = Mapping(os.path.join(HERE, "mappings", src["mapping"]))
            parts = {"train": [], "tune": [], "dev": []}
            for split, key, r in READERS[name](args.shared, mapping):
                if r["text"] or r["title"]:
                    parts[split].append((stable_key(name, key), r))
            for part in ("dev", "tune"):
                held = [r for _, r in parts[part]]
                if not held:
                    continue
                write_csv(os.path.join(args.out, part, name + ".csv"), held)
                # Headline-only copies of the rows that have a title: real headlines are short.
                titles = [dict(r, text=r["title"], title="") for r in held if r["title"]]
                if titles:
                    write_csv(os.path.join(args.out, part, name + ".titles.csv"), titles)
            cap_rows = src["train"]
            if cap_rows == "0":
                continue
            # Every row with a topic; rows with none up to the cap, chosen by a stable hash.
            rows = sorted(parts["train"], key=lambda kr: kr[0])
            if cap_rows != "all":
                quiet = [kr for kr in rows if not kr[1]["topics"]][: int(cap_rows)]
                rows = sorted([kr for kr in rows if kr[1]["topics"]] + quiet, key=lambda kr: kr[0])
            rows = [r for _, r in rows]
            if name in relabelled:
                relabels = read_relabels(name)
                keyed = [(item_key(r), r) for r in rows]
                rows = [dict(r, topics=relabels[k], known="") if k in relabels else r
                        for k, r in keyed]
            used.append(f"{name}\t{len(rows)}\t{src['licence']}")
            if name in with_titles:
                rows = with_title_copies(rows, name)
            train.extend(rows * int(src["repeat"]))
    except (MappingError, OSError, KeyError, ValueError) as e:
        print(f"convert.py: {e}", file=sys.stderr)
        return 2
    write_csv(os.path.join(args.out, "train.csv"), train)
    with open(os.path.join(args.out, "sources.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(used) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
