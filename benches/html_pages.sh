#!/usr/bin/env bash
# HTML pages beside plain-text pages: N saved web pages (default 10,000) and N digest pages
# holding the same items (examples/digest.txt, rotated so pages differ), each set tagged by the
# release binary under /usr/bin/time in the same run, text pages first. The HTML pages wrap
# the items in the chrome of a real listing page (head with scripts and styles, cookie banner,
# navigation, <article> cards with a heading link, a date, the teaser and a "Read more" link,
# a sidebar, a footer). Prints pages/s, items/s and peak memory of each, and the ratio.
#
#   benches/html_pages.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$n" "$dir" <<'PY'
import html, os, sys
n, out = int(sys.argv[1]), sys.argv[2]
blocks = open("examples/digest.txt", encoding="utf-8").read().strip().split("\n\n")
header, items = blocks[0], blocks[1:]
head = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{t}</title>
<link rel="canonical" href="https://monitor.example/digest/{i}/">
<style>body{{font-family:sans-serif}} .card{{margin:1em 0}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}</script>
</head><body>
<div class="cookie-banner"><p>We use cookies to measure readership.</p><button>Accept</button></div>
<header class="site-header"><a href="/">{t}</a><nav><ul><li><a href="/world/">World</a></li>
<li><a href="/energy/">Energy</a></li><li><a href="/security/">Security</a></li></ul></nav></header>
<main><h1>{t}</h1>
"""
card = """<article class="card"><h2><a href="/digest/{i}/{k}">{title}</a></h2>
<time datetime="2026-11-0{d}">{d} November 2026</time>
<p class="teaser">{teaser}</p><a class="more" href="/digest/{i}/{k}">Read more</a></article>
"""
tail = """</main><aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Ports reopen</a></li></ul></aside>
<footer><p>&copy; 2026 Monitor</p><a href="/privacy">Privacy</a></footer></body></html>
"""
for i in range(n):
    d = os.path.join(out, "txt", f"{i // 1000:03d}")
    h = os.path.join(out, "html", f"{i // 1000:03d}")
    os.makedirs(d, exist_ok=True)
    os.makedirs(h, exist_ok=True)
    k = i % len(items)
    rot = items[k:] + items[:k]
    with open(os.path.join(d, f"page{i:06d}.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n".join([header] + rot) + "\n")
    with open(os.path.join(h, f"page{i:06d}.html"), "w", encoding="utf-8") as f:
        f.write(head.format(t=html.escape(header), i=i))
        for j, it in enumerate(rot):
            title, teaser = it.split("\n", 1)
            f.write(card.format(i=i, k=j, d=1 + j % 9, title=html.escape(title), teaser=html.escape(teaser)))
        f.write(tail)
PY
cargo build --release --quiet
for kind in txt html; do
    echo "$n $kind pages, $(du -sh "$dir/$kind" | cut -f1)"
    start=$(date +%s.%N)
    /usr/bin/time -f "peak memory %M KiB, wall %e s" target/release/topictag tag "$dir/$kind" \
        --format jsonl --out "$dir/$kind.jsonl" 2> "$dir/$kind.err" || true
    end=$(date +%s.%N)
    grep -v '^topictag: \(languages\|topics\)' "$dir/$kind.err"
    items=$(wc -l < "$dir/$kind.jsonl")
    python3 -c "import sys; k,n,i,s=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),float(sys.argv[4]); print(f'{k}: {n/s:,.0f} pages/s, {i/s:,.0f} items/s ({i:,} items in {s:.2f} s)')" \
        "$kind" "$n" "$items" "$(echo "$end - $start" | bc)"
    echo "$end - $start" | bc > "$dir/$kind.secs"
done
python3 -c "import sys; t,h=float(open(sys.argv[1]).read()),float(open(sys.argv[2]).read()); print(f'HTML pages take {h/t:.2f}x the time of the same items as text pages')" "$dir/txt.secs" "$dir/html.secs"
