#!/usr/bin/env bash
# The results site in a real browser: publishes the Lancashire night (half declared,
# with its baseline) and the local elections night of 2 May 2024, opens the night's
# page, a council's and a division's in headless Chromium (Debian's package) at 390×844
# and 1920×1080, takes a picture of each, and runs axe-core on each for WCAG 2.2 A and
# AA. Fails on any violation. Installs what it needs (chromium with apt-get when run as
# root; axe-core and playwright-core from the npm registry, as package-lock.json pins).
#
#     bash tests/web/check.sh [PICTURES_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${1:-$(mktemp -d)}
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" != 0 ]; then
        echo "tests/web/check.sh needs Chromium: apt-get install chromium" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v npm >/dev/null; then
    echo "tests/web/check.sh needs Node.js and npm" >&2
    exit 1
fi
(cd tests/web && npm ci --no-audit --no-fund --silent)

APP=${TALLYROOM:-$ROOT/target/debug/tallyroom}
[ -x "$APP" ] || cargo build --quiet
S="$ROOT/sample_data"
LE="$ROOT/../shared/data/local-elections/commons-library-local-elections-2024-candidates.csv"

# Lancashire, its first 41 divisions declared, as an election file with its baseline
# and its map.
python3 - "$S/lancashire-2025.csv" "$WORK/half.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
keep = set(list(dict.fromkeys(r["division"] for r in rows))[:41])
fields = [k for k in rows[0] if k != "elected"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields)
    w.writeheader()
    for r in rows:
        row = {k: r[k] for k in fields}
        if r["division"] not in keep:
            row["votes"] = ""
        w.writerow(row)
PY
"$APP" new --from "$WORK/half.csv" --baseline "$S/lancashire-2021.csv" \
    --boundaries "$S/lancashire-2025-divisions.geojson" \
    --name "Lancashire County Council" --out "$WORK/lancashire.tally" >/dev/null
"$APP" publish "$WORK/lancashire.tally" --out "$WORK/lancashire" 2>/dev/null
node tests/web/check.mjs "$WORK/lancashire" "$OUT" index.html \
    division/burnley-central-east.html division/wyre-rural-east.html
# The same night in Welsh and English.
"$APP" publish "$WORK/lancashire.tally" --out "$WORK/lancashire-cy" --welsh 2>/dev/null
node tests/web/check.mjs "$WORK/lancashire-cy" "$OUT" index.html \
    division/burnley-central-east.html
if [ -f "$LE" ]; then
    "$APP" publish "$LE" --out "$WORK/le2024" 2>/dev/null
    node tests/web/check.mjs "$WORK/le2024" "$OUT" index.html council/bristol-city-of.html \
        division/bristol-city-of-ashley.html
fi
echo "pictures in $OUT"
