#!/usr/bin/env bash
# Builds both packages (build.sh), then tries them as a user would, on this machine:
# installs the .deb with dpkg -i (needs root), runs tallyroom from the installed path,
# validates the desktop entry, reads `man tallyroom`, and unpacks the tarball and runs
# it the same. Removes the package again at the end. Prints the artefacts' sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
    echo "check.sh installs the .deb with dpkg -i: run it as root (build.sh alone needs no rights)" >&2
    exit 2
fi
if ! command -v desktop-file-validate >/dev/null || ! command -v man >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq desktop-file-utils man-db >/dev/null
fi

bash packaging/build.sh
target=$(cargo metadata --no-deps --format-version 1 --locked |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
deb=$(ls "$target"/package/tallyroom_*.deb)
tarball=$(ls "$target"/package/tallyroom-*.tar.gz)
sample=sample_data/lancashire-2025.csv
say() { printf '\n== %s\n' "$*"; }
# Whether TEXT holds PATTERN, from a command's whole output (not a pipe into grep -q,
# whose early exit would fail the writer under pipefail).
holds() { grep -q -- "$2" <<<"$1"; }

# Removed again however the checks end, even half-installed.
trap 'dpkg -r tallyroom >/dev/null 2>&1 || true' EXIT
say "dpkg -i $deb"
dpkg -i "$deb"

say "/usr/bin/tallyroom --version"
/usr/bin/tallyroom --version
holds "$(/usr/bin/tallyroom summary "$sample")" "Reform UK" || { echo "the installed binary's summary lacks Reform UK" >&2; exit 1; }
echo "summary of $sample: Reform UK found"

say "desktop-file-validate"
desktop-file-validate /usr/share/applications/tallyroom.desktop
echo "valid"
grep -q "application/x-tallyroom" /usr/share/mime/globs2 || { echo "the .tally MIME type is not in the database" >&2; exit 1; }
echo "*.tally is application/x-tallyroom in /usr/share/mime/globs2"
test -f /usr/share/icons/hicolor/48x48/apps/tallyroom.png

say "man tallyroom"
page=$(MANPAGER=cat MANWIDTH=80 man tallyroom)
sed -n 1,12p <<<"$page"
holds "$(MANPAGER=cat MANWIDTH=80 man tallyroom-summary)" "--baseline"
echo "man tallyroom-summary explains --baseline"
test -f /usr/share/bash-completion/completions/tallyroom
test -f /usr/share/doc/tallyroom/copyright
test -f /usr/share/tallyroom/sample_data/lancashire-2025.csv

say "the tarball, unpacked elsewhere"
unpacked=$(mktemp -d)
tar -C "$unpacked" -xzf "$tarball"
root=$(ls -d "$unpacked"/tallyroom-*)
"$root/bin/tallyroom" --version
holds "$("$root/bin/tallyroom" summary "$root/share/tallyroom/sample_data/lancashire-2025.csv")" "Reform UK"
echo "summary of the tarball's own sample data: Reform UK found"
desktop-file-validate "$root/share/applications/tallyroom.desktop"
page=$(MANPAGER=cat MANWIDTH=80 man -l "$root/share/man/man1/tallyroom.1.gz")
sed -n 1,3p <<<"$page"
rm -rf "$unpacked"

say "sizes"
ls -l "$deb" "$tarball"
dpkg-deb --info "$deb" | grep -E "Installed-Size|Version"
echo "all checks passed"
