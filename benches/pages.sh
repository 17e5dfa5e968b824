#!/usr/bin/env bash
# Batch-tagging benchmark: N digest pages (default 10,000) made from examples/digest.txt, each
# with its items rotated so pages differ, tagged by the release binary with /usr/bin/time.
# Prints the tool's closing summary (items/s) and the peak resident memory.
#
#   benches/pages.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$n" "$dir" <<'PY'
import os, sys
n, out = int(sys.argv[1]), sys.argv[2]
blocks = open("examples/digest.txt", encoding="utf-8").read().strip().split("\n\n")
header, items = blocks[0], blocks[1:]
for i in range(n):
    d = os.path.join(out, f"{i // 1000:03d}")
    os.makedirs(d, exist_ok=True)
    k = i % len(items)
    with open(os.path.join(d, f"page{i:06d}.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join([header] + items[k:] + items[:k]) + "\n")
PY
cargo build --release --quiet
echo "$n pages, $(du -sh "$dir" | cut -f1)"
/usr/bin/time -f "peak memory %M KiB, wall %e s" target/release/topictag tag "$dir" --format jsonl --out "$dir/out.jsonl"
