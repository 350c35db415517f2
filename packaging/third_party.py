#!/usr/bin/env python3
"""Writes the licences of every crate compiled into the tallyroom binary, as Markdown.

Usage: third_party.py OUT.md

From `cargo metadata` (offline, from the lock file): the crates the binary links on
this platform (normal dependencies, followed from the tallyroom package), each with
its licence expression, its source, and the text of each licence or notice file its
package carries.
"""

import json
import pathlib
import subprocess
import sys

LICENCE_FILES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "UNLICENSE", "COPYRIGHT")


def main(out_path: str) -> None:
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked",
             "--filter-platform", host_target()],
            check=True, capture_output=True, text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in metadata["packages"]}
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}
    root = next(p["id"] for p in metadata["packages"] if p["name"] == "tallyroom")
    ours = {p["id"] for p in metadata["packages"] if p["name"].startswith("tallyroom")}
    linked = set()
    waiting = [root]
    while waiting:
        node = nodes[waiting.pop()]
        for dep in node["deps"]:
            if (any(k["kind"] is None for k in dep["dep_kinds"])
                    and dep["pkg"] not in linked and dep["pkg"] not in ours):
                linked.add(dep["pkg"])
                waiting.append(dep["pkg"])
    lines = [
        "# Licences of the crates in tallyroom",
        "",
        f"The tallyroom binary is built from {len(linked)} crates besides its own, each under",
        "the licence its authors give. Where a crate offers a choice (\"MIT OR Apache-2.0\"),",
        "tallyroom takes it under either. Each crate's licence files follow the table.",
        "",
        "| crate | version | licence | source |",
        "|---|---|---|---|",
    ]
    chosen = sorted((packages[i] for i in linked), key=lambda p: (p["name"], p["version"]))
    for p in chosen:
        source = p.get("repository") or "crates.io"
        lines.append(f"| {p['name']} | {p['version']} | {p.get('license') or p.get('license_file') or 'see below'} | {source} |")
    first_with = {}
    for p in chosen:
        folder = pathlib.Path(p["manifest_path"]).parent
        texts = sorted(
            f for f in folder.iterdir()
            if f.is_file() and f.name.upper().startswith(LICENCE_FILES)
        )
        lines += ["", f"## {p['name']} {p['version']}", ""]
        if not texts:
            lines.append(f"Licence: {p.get('license')}; the package carries no licence file.")
        for text in texts:
            body = text.read_text(encoding="utf-8", errors="replace").rstrip()
            # Many crates carry the very same text: given once, then referred to.
            if body in first_with:
                lines += [f"{text.name}: the same text as {first_with[body]}'s.", ""]
                continue
            first_with[body] = f"{p['name']} {p['version']}"
            lines += [f"### {text.name}", "", "```", body.replace("```", "'''"), "```", ""]
    pathlib.Path(out_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out_path}: {len(chosen)} crates")


def host_target() -> str:
    info = subprocess.run(["rustc", "-vV"], check=True, capture_output=True, text=True).stdout
    return next(l.split(": ", 1)[1] for l in info.splitlines() if l.startswith("host: "))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
