#!/usr/bin/env bash
# The command line as a pipeline stage, end to end, against scikit-learn in the same run:
#   topictag tag, CSV file in (the Reuters-21578 ModApte test split repeated 10 times, title
#   and text columns), CSV out and JSON Lines out, on both cores, written to a file; beside
#   scikit-learn's TfidfVectorizer.transform + OneVsRest(LinearSVC).decision_function on the
#   same texts in memory (one process, its usual single thread), fitted on the train split.
# Both sides train on the ModApte train split first (not timed). topictag trains with the
# settings of the in-memory speed benchmark (examples/throughput.rs): 200 chi-squared columns
# per topic, at most 20 per positive item, 20 L-BFGS iterations, 2 folds.
# Every timing is the median of ROUNDS rounds (default 3); each round runs CSV, JSON Lines
# and scikit-learn in turn, so the load of this shared machine falls on all three alike.
#
#   benches/pipeline.sh [ROUNDS]
#   PEER_PYTHON=/path/to/venv/bin/python benches/pipeline.sh   # the venv of benches/peers/README.md
#   (numpy, scipy, scikit-learn and threadpoolctl of benches/peers/requirements.txt suffice)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
data=../shared/datasets/reuters21578
if [ ! -f "$data/modapte90_test.jsonl" ]; then
  echo "benches/pipeline.sh: $data is absent; skipped"
  exit 0
fi
py="${PEER_PYTHON:-/work/scratch/peers-venv/bin/python}"
if ! "$py" -c "import sklearn" 2>/dev/null; then
  echo "benches/pipeline.sh: no scikit-learn in $py (set PEER_PYTHON; see benches/peers/README.md); skipped"
  exit 0
fi
# TOPICTAG_BIN: a release binary built beforehand (default: build target/release/topictag).
if [ -z "${TOPICTAG_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${TOPICTAG_BIN:-$PWD/target/release/topictag}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "$(date -u +%FT%TZ), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"

# The train split as a training CSV and the test split x10 as an input CSV (in the temporary
# folder only), and the scikit-learn side, which waits for a line on stdin per round.
"$py" - "$data" "$dir" <<'PY'
import csv, json, sys
data, out = sys.argv[1], sys.argv[2]
def rows(name):
    with open(f"{data}/{name}") as f:
        return [json.loads(l) for l in f if l.strip()]
train, test = rows("modapte90_train.jsonl"), rows("modapte90_test.jsonl")
with open(f"{out}/train.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["title", "text", "topics"])
    for d in train:
        w.writerow([d["title"] or "", d["body"] or "", ";".join(d["labels"])])
with open(f"{out}/test10.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "title", "text"])
    for r in range(10):
        for d in test:
            w.writerow([f"{d['newid']}-{r}", d["title"] or "", d["body"] or ""])
PY
"$bin" -q train --data "$dir/train.csv" --out "$dir/reuters.model" --classifier logistic --features-per-topic 200 \
  --features-per-positive 20 --max-iter 20 --folds 2 > /dev/null

cat > "$dir/sk.py" <<'PY'
import json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC
import warnings
data = sys.argv[1]
def rows(name):
    with open(f"{data}/{name}") as f:
        return [json.loads(l) for l in f if l.strip()]
text = lambda d: (d["title"] or "") + "\n" + (d["body"] or "")
train, test = rows("modapte90_train.jsonl"), rows("modapte90_test.jsonl")
vec = TfidfVectorizer(sublinear_tf=True)
clf = OneVsRestClassifier(LinearSVC(random_state=0))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    clf.fit(vec.fit_transform([text(d) for d in train]),
            MultiLabelBinarizer().fit_transform([d["labels"] for d in train]))
items = [text(d) for d in test] * 10
print(len(items), flush=True)
for line in sys.stdin:
    t0 = time.perf_counter()
    scores = clf.decision_function(vec.transform(items))
    assert scores.shape[0] == len(items)
    print(time.perf_counter() - t0, flush=True)
PY
coproc SK { exec "$py" "$dir/sk.py" "$data"; }
read -r sk_items <&"${SK[0]}"

for r in $(seq "$rounds"); do
  for fmt in csv jsonl; do
    # Each round writes a new file: the time to truncate the last round's output (290 MB of
    # JSON Lines, 180 MB of CSV, in the page cache) is the file system's, not the tagger's,
    # and it was timed before 2026-12-05 (it made JSON Lines look 18% slower than CSV, not 4%).
    rm -f "$dir/out.$fmt"
    t0=$EPOCHREALTIME
    "$bin" -q tag --model "$dir/reuters.model" --format "$fmt" "$dir/test10.csv" > "$dir/out.$fmt"
    t1=$EPOCHREALTIME
    echo "$t0 $t1" >> "$dir/$fmt.wall"
  done
  echo go >&"${SK[1]}"
  read -r s <&"${SK[0]}"
  echo "$s" >> "$dir/sk.wall"
done
exec {SK[1]}>&-
python3 - "$dir" "$sk_items" "$rounds" <<'PY'
import csv, statistics, sys
d, sk_items, rounds = sys.argv[1], *map(int, sys.argv[2:])
with open(f"{d}/test10.csv", newline="") as f:
    items = sum(1 for _ in csv.reader(f)) - 1
with open(f"{d}/out.csv", newline="") as f:
    rows_csv = sum(1 for _ in csv.reader(f)) - 1
with open(f"{d}/out.jsonl") as f:
    rows_jsonl = sum(1 for _ in f)
def walls(name):
    return [float(b) - float(a) for a, b in (l.split() for l in open(f"{d}/{name}.wall"))]
csv_w, jsonl_w = walls("csv"), walls("jsonl")
sk_w = [float(l) for l in open(f"{d}/sk.wall")]
assert items == sk_items == rows_csv == rows_jsonl, (items, sk_items, rows_csv, rows_jsonl)
m = {k: statistics.median(v) for k, v in (("csv", csv_w), ("jsonl", jsonl_w), ("sk", sk_w))}
rate = {k: items / v for k, v in m.items()}
fmt = lambda v: ", ".join(f"{x:.2f}" for x in v)
print(f"Reuters ModApte test x10: {items} items, medians of {rounds} rounds (wall seconds of each round in brackets)")
print(f"  topictag tag, CSV in, CSV out,   2 threads: {m['csv']:.2f} s, {rate['csv']:,.0f} items/s [{fmt(csv_w)}]")
print(f"  topictag tag, CSV in, JSONL out, 2 threads: {m['jsonl']:.2f} s, {rate['jsonl']:,.0f} items/s [{fmt(jsonl_w)}]")
print(f"  scikit-learn transform + decision_function, in memory: {m['sk']:.2f} s, {rate['sk']:,.0f} items/s [{fmt(sk_w)}]")
print(f"  ratio to scikit-learn: CSV out {rate['csv'] / rate['sk']:.1f}x, JSONL out {rate['jsonl'] / rate['sk']:.1f}x; "
      f"JSONL time / CSV time {m['jsonl'] / m['csv']:.3f}")
PY
