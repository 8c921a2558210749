#!/usr/bin/env python3
"""Checks the stress example (examples/stress.cpp).

usage: check_stress.py STRESS_EXE WORKDIR [--update]

1. The built-in scenario's report (stdout) equals the golden file
   tests/examples/stress_report.golden (--update rewrites it: review the diff).
2. Its timeline CSV has one row per step, long OI == short OI on every row,
   a fund that is never negative; its SVG is well-formed with the four series.
3. Determinism: the same accounts loaded from CSV in file order and shuffled
   give byte-identical timelines and charts, identical to the generated run.
4. Bad input: an impossible shock, an unknown impact model or venue, a CSV
   with a bad field all exit with status 2 and a message naming the problem.
"""
import csv
import difflib
import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "stress_report.golden")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(exe, *args, expect=0):
    p = subprocess.run([exe, *args], capture_output=True, text=True)
    if p.returncode != expect:
        fail(f"{' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    return p


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def check_timeline(path, steps):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != steps:
        fail(f"{path}: {len(rows)} rows, expected {steps}")
    for i, r in enumerate(rows):
        if int(r["step"]) != i:
            fail(f"{path}: row {i} has step {r['step']}")
            break
        if r["long_oi"] != r["short_oi"]:
            fail(f"{path}: step {i}: long OI {r['long_oi']} != short OI {r['short_oi']}")
            break
        if float(r["fund"]) < 0:
            fail(f"{path}: step {i}: negative fund {r['fund']}")
            break
    return rows


def check_svg(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail(f"{path}: not well-formed XML: {e}")
        return
    if not root.tag.endswith("svg"):
        fail(f"{path}: root element is {root.tag}, not svg")
    lines = [e for e in root.iter() if e.tag.endswith("polyline")]
    if len(lines) != 5:  # exogenous, mark, fund, liquidations, ADL
        fail(f"{path}: {len(lines)} series, expected 5")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    exe, work = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    os.makedirs(work, exist_ok=True)

    # 1. the built-in scenario against the golden report
    base = os.path.join(work, "builtin")
    os.makedirs(base, exist_ok=True)
    p = run(exe, "--out", base)
    if update:
        with open(GOLDEN, "w") as f:
            f.write(p.stdout)
        print(f"updated {GOLDEN}")
    else:
        want = read(GOLDEN)
        if p.stdout != want:
            fail("the built-in report differs from stress_report.golden:\n" +
                 "".join(difflib.unified_diff(want.splitlines(True), p.stdout.splitlines(True), "golden", "actual")))
    for needle in ("Key metrics", "amplification", "first ADL at", "accounts liquidated", "accounts deleveraged",
                   "Mitigations", "circuit breaker", "dynamic margin", "Wrote stress_timeline.csv"):
        if needle not in p.stdout:
            fail(f"the report has no '{needle}'")

    # 2. the files it wrote
    rows = check_timeline(os.path.join(base, "stress_timeline.csv"), 240)
    if rows and not any(int(r["adl_count"]) > 0 for r in rows):
        fail("the built-in scenario is meant to reach ADL")
    check_svg(os.path.join(base, "stress_chart.svg"))

    # 3. determinism whatever the order of the accounts
    det = os.path.join(work, "det")
    for d in ("gen", "file", "shuffled"):
        os.makedirs(os.path.join(det, d), exist_ok=True)
    pos = os.path.join(det, "positions.csv")
    run(exe, "--accounts", "4000", "--seed", "7", "--steps", "120", "--dump-positions", pos,
        "--out", os.path.join(det, "gen"))
    lines = read(pos).splitlines(True)
    body = lines[1:]
    random.Random(2024).shuffle(body)
    shuffled = os.path.join(det, "shuffled.csv")
    with open(shuffled, "w") as f:
        f.writelines([lines[0]] + body)
    run(exe, "--positions", pos, "--steps", "120", "--out", os.path.join(det, "file"))
    run(exe, "--positions", shuffled, "--steps", "120", "--out", os.path.join(det, "shuffled"))
    for name in ("stress_timeline.csv", "stress_chart.svg"):
        a = read(os.path.join(det, "gen", name), "rb")
        b = read(os.path.join(det, "file", name), "rb")
        c = read(os.path.join(det, "shuffled", name), "rb")
        if not (a == b == c):
            fail(f"{name} differs between generated, loaded and shuffled accounts")

    # 4. bad input: clear errors, exit status 2
    bad_csv = os.path.join(work, "bad.csv")
    with open(bad_csv, "w") as f:
        f.write("id,side,size,entry,margin\n1,long,1,50000,1000\n2,short,-1,50000,1000\n")
    dup_csv = os.path.join(work, "dup.csv")
    with open(dup_csv, "w") as f:
        f.write("id,side,size,entry,margin\n1,long,1,50000,1000\n1,short,1,50000,1000\n")
    for args, needle in (
        (["--shock", "1.5"], "--shock"),
        (["--shock", "abc"], "--shock"),
        (["--impact", "magic"], "--impact"),
        (["--venue", "nowhere"], "--venue"),
        (["--fund", "-5"], "--fund"),
        (["--depth", "-1"], "impact parameters"),
        (["--steps", "1"], "--steps"),
        (["--accounts", "3"], "--accounts"),
        (["--positions", bad_csv], "line 3, field 'size'"),
        (["--positions", dup_csv], "line 3, field 'id'"),
        (["--positions", os.path.join(work, "missing.csv")], "cannot read"),
        (["--bogus", "1"], "unknown option"),
    ):
        p = run(exe, *args, "--out", work, expect=2)
        if needle not in p.stderr:
            fail(f"{' '.join(args)}: stderr does not mention '{needle}': {p.stderr!r}")

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("stress example: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
