#!/usr/bin/env python3
"""Writes the licences of every crate compiled into the tallyroom binary, as Markdown.

Usage: third_party.py OUT.md

The crates are those `cargo tree -e normal` lists for the tallyroom package on this
machine's platform (what the binary links, build tools and test crates aside); for
each, from `cargo metadata`, its licence expression and source, and the text of every
licence or notice file its package carries, in any of its folders (a crate of fonts
keeps each font's licence beside the font).
"""

import json
import pathlib
import re
import subprocess
import sys

LICENCE_NAMES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "UNLICENSE", "COPYRIGHT")
# Beside a font, its licence is often named after the font or the licence: any text
# file in a fonts folder is taken as one.
FONT_FOLDERS = ("fonts", "font")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def linked_crates() -> set[tuple[str, str]]:
    tree = run("cargo", "tree", "--locked", "-e", "normal", "-p", "tallyroom",
               "--prefix", "none", "-f", "{p}")
    found = set()
    for line in tree.splitlines():
        match = re.match(r"(\S+) v(\S+)", line)
        if match and not match.group(1).startswith("tallyroom"):
            found.add((match.group(1), match.group(2)))
    return found


def licence_files(folder: pathlib.Path) -> list[pathlib.Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "target" in path.relative_to(folder).parts:
            continue
        named = path.name.upper().startswith(LICENCE_NAMES)
        beside_font = (path.parent.name.lower() in FONT_FOLDERS
                       and path.suffix.lower() in (".txt", ".md"))
        if named or beside_font:
            found.append(path)
    return found


def main(out_path: str) -> None:
    metadata = json.loads(run("cargo", "metadata", "--format-version", "1", "--locked"))
    wanted = linked_crates()
    chosen = sorted(
        (p for p in metadata["packages"] if (p["name"], p["version"]) in wanted),
        key=lambda p: (p["name"], p["version"]),
    )
    missing = wanted - {(p["name"], p["version"]) for p in chosen}
    if missing:
        sys.exit(f"not in cargo metadata: {sorted(missing)}")
    lines = [
        "# Licences of the crates in tallyroom",
        "",
        f"The tallyroom binary is built from {len(chosen)} crates besides its own, each under",
        "the licence its authors give. Where a crate offers a choice (\"MIT OR Apache-2.0\"),",
        "tallyroom takes it under either. Each crate's licence and notice files follow the",
        "table, each text once (a crate with the same text as one before says so).",
        "",
        "| crate | version | licence | source |",
        "|---|---|---|---|",
    ]
    for p in chosen:
        source = p.get("repository") or "crates.io"
        licence = p.get("license") or p.get("license_file") or "see below"
        lines.append(f"| {p['name']} | {p['version']} | {licence} | {source} |")
    first_with = {}
    for p in chosen:
        folder = pathlib.Path(p["manifest_path"]).parent
        lines += ["", f"## {p['name']} {p['version']}", ""]
        texts = licence_files(folder)
        if not texts:
            lines.append(
                f"Licence: {p.get('license')}. The package carries no licence file; the "
                "licences its expression names are given in full for other crates above "
                "and below (and tallyroom's own LICENSE-MIT and LICENSE-APACHE).")
        for text in texts:
            name = text.relative_to(folder).as_posix()
            body = text.read_text(encoding="utf-8", errors="replace").rstrip()
            if body in first_with:
                lines += [f"{name}: the same text as {first_with[body]}.", ""]
                continue
            first_with[body] = f"{p['name']} {p['version']}'s {name}"
            lines += [f"### {name}", "", "```", body.replace("```", "'''"), "```", ""]
    pathlib.Path(out_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out_path}: {len(chosen)} crates")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
