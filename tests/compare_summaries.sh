#!/usr/bin/env bash
# Compares two builds' `summary FILE --json` (output, messages and exit code) on every
# results file under a data folder and in sample_data/, and on the two big generated
# files of the speed figures: a refactor or a faster path must change none.
#   tests/compare_summaries.sh OLD_BINARY NEW_BINARY [DATA_DIR]
# DATA_DIR defaults to ../shared/data beside the clone (its as-published files too).
set -uo pipefail
old=$1 new=$2
root=$(cd "$(dirname "$0")/.." && pwd)
data=${3:-$root/../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
same=0 differ=0
for file in "$data"/*/as-published/* "$data"/*/*.csv "$root"/sample_data/*.csv; do
    [ -f "$file" ] || continue
    "$old" summary "$file" --json >"$work/old.json" 2>"$work/old.err"; old_rc=$?
    "$new" summary "$file" --json >"$work/new.json" 2>"$work/new.err"; new_rc=$?
    if cmp -s "$work/old.json" "$work/new.json" && cmp -s "$work/old.err" "$work/new.err" \
        && [ "$old_rc" = "$new_rc" ]; then
        same=$((same + 1))
    else
        differ=$((differ + 1))
        echo "differs: $file (exit $old_rc, $new_rc)"
    fi
done
# The two generated files the speed figures are measured on: `generate`'s 1,000,000
# candidates (as `cargo bench --bench peer` makes it) and gen_big.py's 200,000 divisions.
"$new" generate --divisions 200000 --seats 1 --parties 5 --out "$work/generated.csv" >/dev/null
python3 "$root/benches/peer/gen_big.py" 200000 "$work/gen_big.csv"
for file in "$work/generated.csv" "$work/gen_big.csv"; do
    if cmp -s <("$old" summary "$file" --json 2>&1) <("$new" summary "$file" --json 2>&1); then
        same=$((same + 1))
    else
        differ=$((differ + 1))
        echo "differs: $(basename "$file") (generated)"
    fi
done
lancs=(sample_data/lancashire-2025.csv --baseline sample_data/lancashire-2021.csv --projection --json)
if (cd "$root" && cmp -s <("$old" summary "${lancs[@]}") <("$new" summary "${lancs[@]}")); then
    same=$((same + 1))
else
    differ=$((differ + 1))
    echo "differs: Lancashire 2025 against 2021 with the projection"
fi
echo "$same the same, $differ different"
[ "$differ" = 0 ]
