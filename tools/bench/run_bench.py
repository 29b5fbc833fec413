#!/usr/bin/env python3
"""ward's benchmark runner: in one run, on the same generated data, times

  sod      ward check --rule sod_matrix (JSON report), end to end
  sod-json the same, from a JSON inventory of the same content
  full     ward check, the whole ISO pack, no baseline
  change   ward check --baseline --new-only after a one-line edit
  explain  ward explain of one SoD finding's identity and entitlement
  sqlite   the sqlite3 command answering the same SoD question: CSV import,
           indexes, a recursive CTE up from the SoD targets

and checks that ward and SQLite find the same violations (identity, SoD
row). Prints wall time, peak RSS and the ratio to SQLite per size, as
Markdown tables for docs/performance.md.

usage: run_bench.py --ward BUILD/ward --gen BUILD/ward_gen [--sizes S,M,L,XL]
                    [--work DIR] [--smoke] [--markdown FILE] [--no-json]

--smoke: size S only, correctness only (CI); exit 1 on any mismatch.
Sizes: S 10k, M 100k, L 1M, XL 3M identities.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import threading
import time

SIZES = {"S": 10_000, "M": 100_000, "L": 1_000_000, "XL": 3_000_000}
TODAY = "2026-11-23"


def peak_rss_mb(cmd, ok=(0, 1), stdin_text=None):
    """Wall time, peak RSS (MB) and stdout of cmd; the child is reaped with
    wait4 for its own rusage, its pipes drained by threads meanwhile."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL)
    chunks = {"out": b"", "err": b""}

    def drain(stream, key):
        chunks[key] = stream.read()

    readers = [threading.Thread(target=drain, args=(proc.stdout, "out")),
               threading.Thread(target=drain, args=(proc.stderr, "err"))]
    for t in readers:
        t.start()
    if stdin_text is not None:
        proc.stdin.write(stdin_text.encode())
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    for t in readers:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{chunks['err'].decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0, chunks["out"].decode()


def generate(gen, n, work):
    data = os.path.join(work, f"inv-{n}")
    baseline = os.path.join(work, f"base-{n}")
    if not os.path.exists(os.path.join(data, "edges.csv")) or not os.path.exists(os.path.join(baseline, "edges.csv")):
        subprocess.run([gen, "--identities", str(n), "--out", data, "--baseline-out", baseline], check=True)
    return data, baseline


def one_line_edit(data, work, n):
    """The inventory with one added edge line that gives a group an admin role (a pre-commit change)."""
    edited = os.path.join(work, f"edit-{n}")
    if os.path.exists(edited):
        shutil.rmtree(edited)
    os.makedirs(edited)
    for name in os.listdir(data):
        if name != "edges.csv":
            os.symlink(os.path.join(data, name), os.path.join(edited, name))
    shutil.copy(os.path.join(data, "edges.csv"), os.path.join(edited, "edges.csv"))
    with open(os.path.join(edited, "edges.csv"), "a") as f:
        f.write(f"g0-0-1,ra0-3,member_of,{TODAY},,u1,benchmark edit\n")
    return edited


def to_json(data, work, n):
    path = os.path.join(work, f"inv-{n}.json")
    if os.path.exists(path):
        return path
    with open(path + ".tmp", "w") as out:
        out.write("{")
        first_table = True
        for name in sorted(os.listdir(data)):
            if not name.endswith(".csv"):
                continue
            with open(os.path.join(data, name), newline="") as f:
                rows = csv.reader(f)
                header = next(rows)
                out.write(("" if first_table else ",") + json.dumps(name[:-4]) + ":[")
                first_table = False
                first = True
                for row in rows:
                    out.write(("" if first else ",") + json.dumps({k: (v if v != "" else None) for k, v in zip(header, row)}))
                    first = False
                out.write("]")
        out.write("}")
    os.rename(path + ".tmp", path)
    return path


SQL = """
.bail on
.mode csv
.import {data}/identities.csv identities
.import {data}/edges.csv edges
.import {data}/sod_rules.csv sod_rules
CREATE INDEX edges_to ON edges("to");
CREATE INDEX identities_id ON identities(id);
-- Everything that reaches each SoD target, walking in-edges up from it
-- (UNION, not UNION ALL: membership cycles terminate).
CREATE TEMP TABLE targets AS SELECT left AS node FROM sod_rules UNION SELECT right FROM sod_rules;
CREATE TEMP TABLE up AS
WITH RECURSIVE up(target, node) AS (
  SELECT e."to", e."from" FROM edges e JOIN targets t ON e."to" = t.node
  UNION
  SELECT up.target, e."from" FROM up JOIN edges e ON e."to" = up.node
)
SELECT target, node FROM up;
CREATE INDEX up_node ON up(node, target);
.mode list
.separator ,
SELECT i.id, s.id
FROM sod_rules s
JOIN up l ON l.target = s.left
JOIN up r ON r.target = s.right AND r.node = l.node
JOIN identities i ON i.id = l.node
WHERE i.status <> 'terminated';
"""


def sqlite_violations(data):
    wall, rss, out = peak_rss_mb(["sqlite3", ":memory:"], stdin_text=SQL.format(data=data))
    pairs = {tuple(line.split(",", 1)) for line in out.splitlines() if line}
    return wall, rss, pairs


def ward_violations(report_path):
    report = json.load(open(report_path))
    return {(f["subject"], f["key"]) for f in report["findings"] + report.get("excepted", [])
            if f["rule"] == "iso27001.sod_matrix"}


def bench_size(label, n, args):
    work = args.work
    data, baseline = generate(args.gen, n, work)
    csv_mb = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data)) / 1e6
    with open(os.path.join(data, "edges.csv")) as f:
        edges = sum(1 for _ in f) - 1
    rows = []
    report = os.path.join(work, f"sod-{n}.json")
    ward = args.ward

    t, rss, _ = peak_rss_mb([ward, "check", "--data", data, "--rule", "sod_matrix", "--today", TODAY, "--format", "json",
                             "--output", report])
    ward_set = ward_violations(report)
    rows.append(("sod", "`ward check --rule sod_matrix` (JSON report)", t, rss))

    s_t, s_rss, sql_set = sqlite_violations(data)
    same = ward_set == sql_set
    if not same:
        only_ward = sorted(ward_set - sql_set)[:5]
        only_sql = sorted(sql_set - ward_set)[:5]
        print(f"MISMATCH at {label}: ward only {only_ward}, sqlite only {only_sql}", file=sys.stderr)
    rows.append(("sqlite", "sqlite3: CSV import, indexes, recursive CTE (same question)", s_t, s_rss))

    if not args.smoke:
        t, rss, _ = peak_rss_mb([ward, "check", "--data", data, "--today", TODAY, "--format", "json", "--output",
                                 os.path.join(work, f"full-{n}.json")])
        rows.append(("full", "`ward check` (full ISO pack, no baseline)", t, rss))
        t, rss, _ = peak_rss_mb([ward, "check", "--data", data, "--baseline", baseline, "--today", TODAY, "--format", "json",
                                 "--output", os.path.join(work, f"drift-{n}.json")])
        rows.append(("full+baseline", "`ward check --baseline` (full pack with the drift rules)", t, rss))
        edited = one_line_edit(data, work, n)
        t, rss, _ = peak_rss_mb([ward, "check", "--data", edited, "--baseline", data, "--new-only", "--today", TODAY,
                                 "--format", "json", "--output", os.path.join(work, f"change-{n}.json")])
        rows.append(("change", "`ward check --baseline --new-only`, one added edge line", t, rss))
        if ward_set:
            subject, key = sorted(ward_set)[0]
            left = next(r for r in csv.DictReader(open(os.path.join(data, "sod_rules.csv"))) if r["id"] == key)["left"]
            t, rss, _ = peak_rss_mb([ward, "explain", "--data", data, subject, left])
            rows.append(("explain", f"`ward explain` ({subject} -> {left})", t, rss))
    if not args.smoke and not args.no_json:
        json_path = to_json(data, work, n)
        t, rss, _ = peak_rss_mb([ward, "check", "--data", json_path, "--rule", "sod_matrix", "--today", TODAY, "--format",
                                 "json", "--output", report + ".from-json"])
        if ward_violations(report + ".from-json") != ward_set:
            print(f"MISMATCH at {label}: the JSON inventory gives other SoD findings", file=sys.stderr)
            same = False
        rows.append(("sod-json", "the same SoD check, JSON inventory", t, rss))
    return {"label": label, "n": n, "edges": edges, "csv_mb": csv_mb, "rows": rows, "same": same,
            "violations": len(ward_set)}


def markdown(results):
    out = []
    for r in results:
        sod = next(x for x in r["rows"] if x[0] == "sod")
        sql = next(x for x in r["rows"] if x[0] == "sqlite")
        out.append(f"### {r['label']}: {r['n']:,} identities, {r['edges']:,} edges, {r['csv_mb']:.0f} MB of CSV\n")
        out.append("| work | wall | peak RSS | vs SQLite |")
        out.append("|---|---|---|---|")
        for key, what, t, rss in r["rows"]:
            ratio = f"{sql[2] / t:.1f}x faster" if key == "sod" else ""
            out.append(f"| {what} | {t:.2f} s | {rss:.0f} MB | {ratio} |")
        out.append(f"\nSoD violations: {r['violations']:,}; ward and SQLite "
                   f"{'agree' if r['same'] else 'DISAGREE'}.\n")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ward", required=True)
    p.add_argument("--gen", required=True)
    p.add_argument("--sizes", default="S,M")
    p.add_argument("--work", default="/tmp/ward-bench")
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--markdown")
    p.add_argument("--no-json", action="store_true", help="skip the JSON inventory run (its conversion is slow at XL)")
    args = p.parse_args()
    if shutil.which("sqlite3") is None:
        sys.exit("run_bench.py needs the sqlite3 command (Debian: sqlite3; tools/setup.sh installs it)")
    os.makedirs(args.work, exist_ok=True)
    sizes = ["S"] if args.smoke else args.sizes.split(",")
    results = []
    for label in sizes:
        r = bench_size(label, SIZES[label], args)
        results.append(r)
        for key, what, t, rss in r["rows"]:
            print(f"{label:3} {key:14} {t:8.2f} s {rss:8.0f} MB")
        print(f"{label:3} violations {r['violations']}, ward and sqlite {'agree' if r['same'] else 'DISAGREE'}")
    text = markdown(results)
    if args.markdown:
        open(args.markdown, "w").write(text)
    if not all(r["same"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
