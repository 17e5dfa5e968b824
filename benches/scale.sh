#!/usr/bin/env bash
# How tagging cost grows with input: `topictag tag` on JSON Lines inputs of 10 MB, 100 MB and
# 1 GB (or the sizes given, in MB), made by repeating the Reuters-21578 ModApte test texts
# (read at run time from ../shared/datasets; nothing is copied into the repository). Each run
# tags with the shipped default model on all cores, CSV to /dev/null, under /usr/bin/time.
# Prints one row per size: items, MB, wall s, items/s, MB/s, peak resident memory.
#
#   benches/scale.sh [MB ...]          (default: 10 100 1000)
#   DATA=/path/to/datasets benches/scale.sh
#
# Needs about 1.1x the largest size free in $TMPDIR (default /tmp); the files are removed.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${DATA:-../shared/datasets}"
src="$data/reuters21578/reuters21578_all.jsonl"
if [[ ! -f "$src" ]]; then
  echo "scale.sh: $src not found (needs ../shared/datasets). Skipped."
  exit 0
fi
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10 100 1000)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo build --release --quiet
model=models/foreign-policy.model
printf '%s\n' "model: $model ($(stat -c %s "$model") bytes), threads: $(nproc), $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%8s %10s %8s %10s %8s %12s\n' "MB" "items" "wall s" "items/s" "MB/s" "peak MiB"
for mb in "${sizes[@]}"; do
  input="$dir/input-$mb.jsonl"
  # Title + body of every ModApte test document as one JSON Lines record each, repeated
  # until the file holds `mb` x 10^6 bytes.
  items=$(python3 - "$src" "$input" "$mb" <<'PY'
import json, sys
src, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = []
for raw in open(src, encoding="utf-8"):
    d = json.loads(raw)
    if d.get("modapte") == "test":
        text = ((d.get("title") or "") + "\n" + (d.get("body") or "")).strip()
        if text:
            lines.append(json.dumps({"text": text}, ensure_ascii=False) + "\n")
target, written, n = mb * 10**6, 0, 0
with open(out, "w", encoding="utf-8") as f:
    while written < target:
        for line in lines:
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
            if written >= target:
                break
print(n)
PY
)
  bytes=$(stat -c %s "$input")
  /usr/bin/time -f "%e %M" -o "$dir/time" target/release/topictag --quiet tag "$input" \
    --model "$model" --format csv > /dev/null
  read -r wall peak_kib < "$dir/time"
  python3 - "$bytes" "$items" "$wall" "$peak_kib" <<'PY'
import sys
b, n, wall, kib = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"{b / 1e6:8.0f} {n:10d} {wall:8.2f} {n / wall:10.0f} {b / 1e6 / wall:8.1f} {kib / 1024:12.1f}")
PY
  rm -f "$input"
done
