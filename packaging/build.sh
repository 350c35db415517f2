#!/usr/bin/env bash
# Builds tallyroom's Linux packages from this checkout, with nothing from outside but
# the crates the lock file names (cargo fetches them once, as for any build):
#   target/package/tallyroom_VERSION_ARCH.deb          (Debian, Ubuntu: dpkg -i / apt install ./)
#   target/package/tallyroom-VERSION-linux-MACHINE.tar.gz   (any distribution: unpack and run)
# Both hold the same files: the binary, the desktop entry and MIME type for .tally,
# the icon, the manual pages and shell completions (made by the binary from its own
# command line), the sample data, and the licences and data credits.
set -euo pipefail
# Whatever the caller's umask, the packages' folders and files are readable by all
# (dpkg-deb refuses a DEBIAN folder that is not).
umask 022
cd "$(dirname "$0")/.."

for tool in cargo python3 dpkg-deb gzip tar; do
    if ! command -v "$tool" >/dev/null; then
        echo "build.sh needs $tool (dpkg-deb is Debian's dpkg package)" >&2
        exit 2
    fi
done

version=$(cargo metadata --no-deps --format-version 1 --locked |
    python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "tallyroom"))')
machine=$(uname -m)
case "$machine" in
    x86_64) arch=amd64 ;;
    aarch64) arch=arm64 ;;
    *) arch=$machine ;;
esac

cargo build --release --locked
target=$(cargo metadata --no-deps --format-version 1 --locked |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
binary="$target/release/tallyroom"

out="$target/package"
rm -rf "$out"
mkdir -p "$out"
stage="$out/stage"
usr="$stage/usr"

# The binary, without its symbols (a fifth of the size).
install -D -m 755 "$binary" "$usr/bin/tallyroom"
if command -v strip >/dev/null; then
    strip --strip-unneeded "$usr/bin/tallyroom"
fi

# Manual pages and completions from the binary's own command line.
generated="$out/generated"
"$binary" manual --out "$generated" >/dev/null
for page in "$generated"/man/man1/*.1; do
    install -D -m 644 "$page" "$usr/share/man/man1/$(basename "$page")"
    gzip -9 -n "$usr/share/man/man1/$(basename "$page")"
done
install -D -m 644 "$generated/completions/tallyroom.bash" "$usr/share/bash-completion/completions/tallyroom"
install -D -m 644 "$generated/completions/_tallyroom" "$usr/share/zsh/vendor-completions/_tallyroom"
install -D -m 644 "$generated/completions/tallyroom.fish" "$usr/share/fish/vendor_completions.d/tallyroom.fish"

# The desktop: entry, file type, icon in the sizes desktops ask for.
install -D -m 644 packaging/tallyroom.desktop "$usr/share/applications/tallyroom.desktop"
install -D -m 644 packaging/tallyroom-mime.xml "$usr/share/mime/packages/tallyroom.xml"
for size in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "assets/icons/tallyroom-$size.png" \
        "$usr/share/icons/hicolor/${size}x${size}/apps/tallyroom.png"
done
install -D -m 644 assets/icons/tallyroom.svg "$usr/share/icons/hicolor/scalable/apps/tallyroom.svg"

# Sample data, with its README (sources and attribution).
for file in sample_data/*; do
    install -D -m 644 "$file" "$usr/share/tallyroom/sample_data/$(basename "$file")"
done

# Licences and credits.
doc="$usr/share/doc/tallyroom"
install -D -m 644 packaging/copyright "$doc/copyright"
install -D -m 644 LICENSE-MIT "$doc/LICENSE-MIT"
install -D -m 644 LICENSE-APACHE "$doc/LICENSE-APACHE"
install -D -m 644 assets/fonts/OFL.txt "$doc/OFL.txt"
install -D -m 644 assets/README.md "$doc/ASSETS.md"
install -D -m 644 README.md "$doc/README.md"
python3 packaging/third_party.py "$doc/THIRD-PARTY-LICENSES.md" >/dev/null
gzip -9 -n "$doc/THIRD-PARTY-LICENSES.md"

# The portable tarball: the same tree, with bin/ and share/ at its top.
portable="tallyroom-$version-linux-$machine"
mkdir -p "$out/$portable"
cp -a "$usr/." "$out/$portable/"
install -m 644 packaging/INSTALL-tarball.txt "$out/$portable/INSTALL.txt"
# zsh looks in site-functions under a prefix of one's own; vendor-completions is
# Debian's place for packages.
mkdir -p "$out/$portable/share/zsh/site-functions"
mv "$out/$portable/share/zsh/vendor-completions/_tallyroom" "$out/$portable/share/zsh/site-functions/"
rmdir "$out/$portable/share/zsh/vendor-completions"
tar -C "$out" --owner=0 --group=0 --numeric-owner -czf "$out/$portable.tar.gz" "$portable"
rm -rf "${out:?}/$portable"

# The Debian package.
mkdir -p "$stage/DEBIAN"
installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$installed_kb/" \
    packaging/control.in > "$stage/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out/tallyroom_${version}_${arch}.deb" >/dev/null
rm -rf "$stage" "$generated"

ls -l "$out"
