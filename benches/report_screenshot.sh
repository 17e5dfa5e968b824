#!/usr/bin/env bash
# Open the evaluation report of the shipped model in a real headless browser (Debian's
# Chromium), take a PNG screenshot, and check that the page logs no console message and makes
# no network request. Run by hand from the repository root (not in CI):
#
#   benches/report_screenshot.sh [OUT.png]        # default: docs/report.png
#
# TOPICTAG_BIN picks the binary (default: target/release/topictag, built when missing);
# REPORT_PAGE=FILE checks that page instead of a fresh report (to see a check fail).
# Installs chromium with apt-get when it is absent (needs root). Exit 0: screenshot written and
# both checks passed; 1: a check failed; 2: setup failed.
set -euo pipefail

out=${1:-docs/report.png}
bin=${TOPICTAG_BIN:-target/release/topictag}
width=1280
height=${REPORT_HEIGHT:-2000}

if [ ! -x "$bin" ]; then
    nice cargo build --release || exit 2
fi
if ! command -v chromium >/dev/null; then
    echo "chromium is absent: installing Debian's package" >&2
    (apt-get update && apt-get install -y --no-install-recommends chromium) >&2 || exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
page="$work/report.html"
if [ -n "${REPORT_PAGE:-}" ]; then
    # Check another page instead (e.g. one that does fetch, to see the checks fail).
    cp "$REPORT_PAGE" "$page"
else
    "$bin" -q eval --model models/foreign-policy.model --data training/foreign_policy_dev.csv \
        --report "$page" > "$work/eval.txt" || exit 2
fi

# A fresh profile; no background traffic of the browser's own; every network event recorded.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-default-apps --no-default-browser-check \
    --user-data-dir="$work/profile" \
    --enable-logging=stderr --v=0 \
    --log-net-log="$work/net.json" --net-log-capture-mode=Default \
    --hide-scrollbars --window-size="$width,$height" \
    --screenshot="$work/shot.png" "file://$page" 2> "$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 2
}

status=0
# Console messages of the page (errors, failed loads, CSP violations) are logged as CONSOLE.
if grep -n "CONSOLE" "$work/chromium.log"; then
    echo "FAIL: the page logged console messages (above)" >&2
    status=1
else
    echo "ok: no console message"
fi
# Requests made for the page: their net-log start event names the page's file:// context (the
# browser's own background calls, if any slip past the flags above, carry no page context and
# are only counted).
python3 - "$work/net.json" <<'EOF' || status=1
import json, sys
log = json.load(open(sys.argv[1]))
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
page, browser = set(), set()
for e in log.get("events", []):
    p = e.get("params") or {}
    if names.get(e["type"]) != "URL_REQUEST_START_JOB" or "url" not in p:
        continue
    if p.get("initiator") != "not an origin" or "file://" in p.get("network_isolation_key", ""):
        page.add(p["url"])
    else:
        browser.add(p["url"])
if page:
    print("FAIL: the page made network requests:", *sorted(page), sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"ok: no network request from the page ({len(browser)} of the browser's own, not the page's)")
EOF

mkdir -p "$(dirname "$out")"
cp "$work/shot.png" "$out"
echo "screenshot: $out (${width}x${height})"
exit $status
