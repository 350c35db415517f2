#!/usr/bin/env python3
"""Types Lancashire 2025 declarations into the real window as fast as a machine can.

Under Xvfb, with xdotool typing at 0 ms a key: each division's name and Enter, each
count with Tab between, and Ctrl+Enter straight after the last digit. Then compares
the election file with the results file, division by division: every declaration
typed must be saved, and saved with the figures typed.

    apt-get install -y xvfb xdotool imagemagick
    cargo build --release
    python3 tests/xvfb/fast_typing.py --divisions 50 --size 1920x1080

Needs no display of its own: it starts Xvfb on a free display number. Exit status 0
when every division was saved as typed, 1 otherwise; a screenshot of the end is left
beside the election file.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
APP = os.path.join(ROOT, "target", "release", "tallyroom")
RESULTS = os.path.join(ROOT, "sample_data", "lancashire-2025.csv")
SHEET = os.path.join(ROOT, "sample_data", "lancashire-2025-rehearsal.csv")


def results():
    """The real result, division by division, in the order of the file."""
    night = []
    with open(RESULTS, newline="") as f:
        for row in csv.DictReader(f):
            if night and night[-1][0] == row["division"]:
                night[-1][1].append(row["votes"])
            else:
                night.append((row["division"], [row["votes"]]))
    return night


def summary(path):
    out = subprocess.run([APP, "summary", path, "--json"], capture_output=True, check=True)
    return {d["division"]: d for d in json.loads(out.stdout)["divisions"]}


def counts_in(path):
    """Every candidate's votes by division, as the file holds them."""
    out = subprocess.run([APP, "export", path, "--out", "-"], capture_output=True,
                         check=True, text=True).stdout
    by = {}
    for row in csv.DictReader(out.splitlines()):
        by.setdefault(row["division"], []).append(row["votes"])
    return by


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--divisions", type=int, default=50)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--display", default=":97")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="tallyroom-typing-")
    night_file = os.path.join(work, "night.tally")
    subprocess.run([APP, "new", "--from", SHEET, "--out", night_file], check=True,
                   capture_output=True)
    env = dict(os.environ, DISPLAY=args.display, HOME=work,
               XDG_DATA_HOME=os.path.join(work, "data"),
               XDG_CONFIG_HOME=os.path.join(work, "config"))
    xvfb = subprocess.Popen(["Xvfb", args.display, "-screen", "0", args.size + "x24"],
                            stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    app = subprocess.Popen([APP, "open", night_file], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        window = None
        for _ in range(100):
            found = subprocess.run(["xdotool", "search", "--pid", str(app.pid)], env=env,
                                   capture_output=True, text=True).stdout.split()
            if found:
                window = found[0]
                break
            time.sleep(0.2)
        if window is None:
            print("the window did not open", file=sys.stderr)
            return 1
        time.sleep(2.0)
        xdo = lambda *a: subprocess.run(["xdotool", *a], env=env, check=True)
        xdo("windowfocus", window)
        # The volunteer's name, then Enter: the search has the keyboard.
        xdo("type", "--delay", "0", "Typist")
        xdo("key", "Return")
        time.sleep(0.5)
        typed = results()[: args.divisions]
        started = time.time()
        for name, counts in typed:
            # The name ("type" takes every word after it as text), then Enter and the
            # counts as one burst of key presses: digits, Tab between, and Ctrl+Enter
            # straight after the last digit, with no delay anywhere.
            xdo("type", "--delay", "0", name)
            keys = ["Return"]
            for i, v in enumerate(counts):
                if i:
                    keys.append("Tab")
                keys.extend(v)
            keys.append("ctrl+Return")
            xdo("key", "--delay", "0", *keys)
        took = time.time() - started
        # The window takes in what was typed at its own pace (a frame per field on a
        # software renderer can be slow): wait until the file holds every division.
        deadline = time.time() + 600
        while time.time() < deadline:
            out = subprocess.run([APP, "summary", night_file, "--json"],
                                 capture_output=True)
            if out.returncode == 0 and json.loads(out.stdout)["divisions_declared"] >= len(typed):
                break
            time.sleep(1.0)
        settled = time.time() - started
        time.sleep(1.0)
        shot = os.path.join(work, "end.png")
        subprocess.run(["import", "-window", "root", shot], env=env)
    finally:
        app.terminate()
        app.wait(timeout=20)
        xvfb.terminate()

    saved = summary(night_file)
    truth = summary(RESULTS)
    saved_votes = counts_in(night_file)
    wrong = []
    for name, typed_votes in typed:
        got, want = saved.get(name), truth[name]
        keep = ("status", "winners", "majority", "valid_votes")
        if (got is None or any(got[k] != want[k] for k in keep)
                or saved_votes.get(name) != typed_votes):
            wrong.append((name, saved_votes.get(name), typed_votes))
    print(f"{len(typed)} declarations typed in {took:.1f} s, in the file after {settled:.1f} s, at {args.size}; "
          f"{len(typed) - len(wrong)} saved as typed, {len(wrong)} not")
    for name, got, want in wrong:
        print(f"  {name}: saved {got}, typed {want}")
    print(f"file: {night_file}; screenshot: {shot}")
    return 0 if not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
