#!/usr/bin/env bash
# Takes the README's pictures from the release build, in a virtual screen (Xvfb) driven
# by xdotool, as a volunteer would drive the window:
#
#     apt-get install -y xvfb xdotool imagemagick poppler-utils
#     cargo build --release
#     bash tests/xvfb/pictures.sh            # writes docs/*.png
#
# Each picture is of one window (the main window, or the board), on election files made
# here from sample_data/ and, for the night of many councils, ../shared/data/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
APP="$ROOT/target/release/tallyroom"
S="$ROOT/sample_data"
LE="$ROOT/../shared/data/local-elections/commons-library-local-elections-2024-candidates.csv"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The Lancashire night with its first N divisions declared (results file order).
lancashire() {
    # Named as a results team would name its night: the name shows as the title.
    local n=$1
    mkdir -p "$WORK/lancs-$n"
    local out="$WORK/lancs-$n/Lancashire County Council 2025.tally"
    python3 - "$n" "$S/lancashire-2025.csv" "$WORK/lancs-$n.csv" <<'EOF'
import csv, sys
n, src, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(src, newline="")))
order = list(dict.fromkeys(r["division"] for r in rows))
keep = set(order[:n])
fields = [k for k in rows[0] if k != "elected"]
with open(out, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields)
    w.writeheader()
    for r in rows:
        row = {k: r[k] for k in fields}
        if r["division"] not in keep:
            row["votes"] = ""
        w.writerow(row)
EOF
    "$APP" new --from "$WORK/lancs-$n.csv" --baseline "$S/lancashire-2021.csv" \
        --boundaries "$S/lancashire-2025-divisions.geojson" --out "$out" >/dev/null
    echo "$out"
}

DISPLAY_NO=90
# Opens FILE in a fresh screen of WxH with a fresh home, gives the volunteer's name;
# sets APP_PID and WIN.
start() {
    local file=$1 size=$2
    DISPLAY_NO=$((DISPLAY_NO + 1))
    export DISPLAY=":$DISPLAY_NO"
    Xvfb "$DISPLAY" -screen 0 "${size}x24" 2>/dev/null &
    sleep 1
    local home="$WORK/home-$DISPLAY_NO"
    HOME="$home" XDG_DATA_HOME="$home/d" XDG_CONFIG_HOME="$home/c" "$APP" open "$file" >/dev/null 2>&1 &
    APP_PID=$!
    for _ in $(seq 50); do
        WIN=$(xdotool search --pid "$APP_PID" 2>/dev/null | head -1 || true)
        [ -n "$WIN" ] && break
        sleep 0.2
    done
    # The file opens in the background; the volunteer's name is asked once it is open.
    sleep 4
    xdotool windowfocus "$WIN"
    xdotool type --delay 20 "Ann"
    xdotool key Return
    xdotool mousemove 0 0
    sleep 1
}

stop() {
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
}

shot() { sleep "${2:-1.5}"; import -window "$WIN" "$ROOT/docs/$1"; echo "docs/$1"; }

board() {
    xdotool key ctrl+b
    sleep 3
    WIN=$(xdotool search --name "tallyroom board" | head -1)
    xdotool windowfocus "$WIN"
    xdotool mousemove 0 0
}

half=$(lancashire 41)
all=$(lancashire 82)

# The entry window half-way through the night, a division being typed.
start "$half" 1556x1000
xdotool type --delay 20 "Oswaldtwistle"
xdotool key Return
sleep 0.5
xdotool type --delay 20 "1475"; xdotool key Tab
xdotool type --delay 20 "1467"; xdotool key Tab
xdotool type --delay 20 "406"
shot entry-window.png
# The board: seats, projection, map.
board
shot board.png 2
xdotool key 2
shot board-projection.png 3
xdotool key 3
shot map-board.png
stop

# The dashboard on the result, and the map on it half-way.
start "$all" 1556x1000
xdotool key ctrl+2
shot dashboard.png 3
stop
start "$half" 2133x1200
xdotool key ctrl+2
shot map-dashboard.png 3
stop

# The night of 2 May 2024: 107 councils.
if [ -f "$LE" ]; then
    "$APP" new --from "$LE" --out "$WORK/may2024.tally" >/dev/null
    # The councils as they stood before the poll, as a results team loads them: the
    # councils electing a third are then called where the seats defended allow.
    "$APP" composition "$WORK/may2024.tally" --before --year 2023 \
        --from "$(dirname "$LE")/open-council-data-compositions-2016-2025.csv" >/dev/null
    start "$WORK/may2024.tally" 1556x1000
    xdotool key ctrl+2
    shot scoreboard.png 3
    stop
fi

# A general election on the 2024 constituencies, as hexes: a night made here from the
# hex layout's codes and names (the 2024 results are not among the shipped data),
# about half declared, one seat tied.
HEX="$ROOT/../shared/data/maps/westminster-2024.hexjson"
if [ -f "$HEX" ]; then
    python3 - "$HEX" "$WORK/ge.csv" <<'EOF2'
import csv, json, random, sys
hexes = json.load(open(sys.argv[1]))["hexes"]
rng = random.Random(2024)
parties = ["Labour", "Conservative", "Liberal Democrats", "Reform UK", "Green Party",
           "SNP", "Plaid Cymru"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["division", "division_id", "seats", "candidate", "party", "votes"])
    for i, (code, hexagon) in enumerate(sorted(hexes.items())):
        declared = rng.random() < 0.5
        standing = parties[:5] + (["SNP"] if code.startswith("S") else []) + \
            (["Plaid Cymru"] if code.startswith("W") else [])
        base = {"Labour": 16000, "Conservative": 10000, "Liberal Democrats": 6000,
                "Reform UK": 7000, "Green Party": 3000, "SNP": 12000, "Plaid Cymru": 8000}
        votes = {p: int(base[p] * rng.uniform(0.4, 1.6)) for p in standing}
        if i == 7:
            votes["Conservative"] = votes["Labour"]
        for j, p in enumerate(standing):
            w.writerow([hexagon["n"], code, 1, f"Candidate {j + 1}", p,
                        votes[p] if declared or i == 7 else ""])
EOF2
    "$APP" new --from "$WORK/ge.csv" --out "$WORK/ge.tally" >/dev/null
    "$APP" boundaries "$WORK/ge.tally" --from "$HEX" \
        --attribution "Hex layout: Open Innovations, MIT licence" >/dev/null
    start "$WORK/ge.tally" 2133x1200
    xdotool key ctrl+2
    shot map-hex.png 3
    stop
fi

# Two candidates of one name, told apart by their party, in the entry form.
cat > "$WORK/mid-bucks.csv" <<'EOF2'
division,seats,candidate,party,votes
Mid Buckinghamshire,1,Carissma Griffiths,Labour,
Mid Buckinghamshire,1,Greg Smith,Green Party,
Mid Buckinghamshire,1,Greg Smith,Conservative,
EOF2
"$APP" new --from "$WORK/mid-bucks.csv" --out "$WORK/mid-bucks.tally" >/dev/null
start "$WORK/mid-bucks.tally" 1167x622
xdotool type --delay 20 "Mid Buck"
xdotool key Return
sleep 0.5
xdotool type --delay 20 "9171"; xdotool key Tab
xdotool type --delay 20 "2942"
shot two-greg-smiths.png
stop

# A division declared at two count centres without seeing each other (needs the
# PostgreSQL server of the sharing tests on 127.0.0.1:5432).
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    DB_NAME="tallyroom_pictures_$$"
    psql -h 127.0.0.1 -d postgres -q -c "CREATE DATABASE $DB_NAME" >/dev/null
    DB="postgres://$(id -un)@127.0.0.1:5432/$DB_NAME"
    cp "$half" "$WORK/hq.tally"
    "$APP" share "$WORK/hq.tally" --db "$DB" --name county --by hq >/dev/null
    "$APP" join --db "$DB" --election county --out "$WORK/preston.tally" >/dev/null
    "$APP" join --db "$DB" --election county --out "$WORK/county-hall.tally" >/dev/null
    "$APP" declare "$WORK/preston.tally" --division "Preston East" --by "Asha at Preston" \
        "#1=1181" "#2=748" "#3=364" "#4=242" "#5=146" "#6=48" >/dev/null
    "$APP" declare "$WORK/county-hall.tally" --division "Preston East" --by "Ben at County Hall" \
        "#1=1181" "#2=784" "#3=364" "#4=242" "#5=146" "#6=48" >/dev/null
    for f in preston county-hall preston; do "$APP" sync "$WORK/$f.tally" >/dev/null 2>&1 || true; done
    start "$WORK/preston.tally" 1556x1000
    xdotool type --delay 20 "Preston East"
    xdotool key Return
    shot shared-conflict.png 2
    stop
    psql -h 127.0.0.1 -d postgres -q -c "DROP DATABASE $DB_NAME" >/dev/null
fi

# A declaration of result as printed: Burnley Central East declared with the rejected
# papers under each heading, its PDF turned into a picture of the page.
"$APP" new --from "$S/lancashire-2025-rehearsal.csv" --name "Lancashire County Council" \
    --out "$WORK/paper.tally" >/dev/null
"$APP" declare "$WORK/paper.tally" --division "Burnley Central East" \
    --rejected-heading 1 --rejected-heading 4 --rejected-heading 0 --rejected-heading 7 \
    --counted 3597 --verified 3597 "#1=1357" "#2=1089" "#3=485" "#4=292" "#5=255" \
    "#6=68" "#7=39" >/dev/null
"$APP" declaration "$WORK/paper.tally" --division "Burnley Central East" \
    --out "$WORK/paper.pdf" >/dev/null 2>&1
pdftoppm -r 80 -png -singlefile "$WORK/paper.pdf" "$ROOT/docs/paper-declaration"
echo docs/paper-declaration.png

# The results site in a browser (Debian's chromium, headless): the night's page on a
# laptop and a division's page on a phone, from the Lancashire night half declared.
if command -v chromium >/dev/null; then
    "$APP" publish "$half" --out "$WORK/site" >/dev/null
    browse() {
        chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$WORK/chromium" --hide-scrollbars --window-size="$2" \
            --screenshot="$ROOT/docs/$3" "file://$WORK/site/$1" >/dev/null 2>&1
        echo "docs/$3"
    }
    browse index.html 1280,900 web-night.png
    # The map alone: the page from its heading to its key (playwright, as check.sh).
    if command -v npm >/dev/null; then
        (cd "$ROOT/tests/web" && npm ci --no-audit --no-fund --silent)
        node "$ROOT/tests/web/picture.mjs" "$WORK/site/index.html" 1280x1000 \
            "$ROOT/docs/web-map.png" "h2#map" "ul.key"
        echo docs/web-map.png
    fi
    browse division/burnley-central-east.html 390,844 web-division-phone.png
fi
