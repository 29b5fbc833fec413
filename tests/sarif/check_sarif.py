#!/usr/bin/env python3
"""Checks `ward check --format sarif` against the SARIF 2.1.0 schema and
against what GitHub code scanning requires, on two runs:

1. the acme example with its baseline (findings, excepted findings as
   suppressions), and names full of markup in a small inventory;
2. change mode in a scratch git repository: one added edge line, and every
   result must be located at exactly that line.

Every location must name a file that exists and a line in it, and the line
must be the row the result is about (the last edge of its evidence path,
or the subject's row).

usage: check_sarif.py WARD SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("check_sarif.py needs the jsonschema module (Debian: python3-jsonschema; tools/setup.sh installs it)")

WARD, SOURCE = sys.argv[1], sys.argv[2]
SCHEMA = json.load(open(os.path.join(SOURCE, "tests/data/sarif/sarif-schema-2.1.0.json")))
failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def run_ward(args, cwd):
    p = subprocess.run([WARD] + args, cwd=cwd, capture_output=True, text=True, timeout=120)
    if p.returncode not in (0, 1):
        fail(f"ward {' '.join(args)} exited {p.returncode}: {p.stderr}")
        return None
    return json.loads(p.stdout)


def line_of(cwd, uri, number):
    path = os.path.join(cwd, uri)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    return lines[number - 1] if 1 <= number <= len(lines) else None


def check_github_rules(doc, label):
    """GitHub's documented requirements and limits for uploads."""
    runs = doc.get("runs", [])
    if not 1 <= len(runs) <= 20:
        fail(f"{label}: {len(runs)} runs (GitHub accepts 1 to 20)")
    for run in runs:
        driver = run["tool"]["driver"]
        if not driver.get("name"):
            fail(f"{label}: tool.driver.name missing")
        rules = driver.get("rules", [])
        ids = [r["id"] for r in rules]
        if len(set(ids)) != len(ids):
            fail(f"{label}: duplicate rule ids")
        for r in rules:
            tags = r.get("properties", {}).get("tags", [])
            if len(tags) > 20:
                fail(f"{label}: rule {r['id']} has {len(tags)} tags (limit 20)")
            sev = r.get("properties", {}).get("security-severity")
            try:
                if not 0.0 <= float(sev) <= 10.0:
                    raise ValueError
            except (TypeError, ValueError):
                fail(f"{label}: rule {r['id']} security-severity {sev!r} is not a number 0-10")
            for field in ("shortDescription", "fullDescription", "help"):
                if not r.get(field, {}).get("text"):
                    fail(f"{label}: rule {r['id']} lacks {field}.text")
        results = run.get("results", [])
        if len(results) > 25000:
            fail(f"{label}: {len(results)} results (limit 25,000)")
        fingerprints = set()
        for res in results:
            if res.get("ruleId") not in ids:
                fail(f"{label}: result names unknown rule {res.get('ruleId')}")
            elif ids[res["ruleIndex"]] != res["ruleId"]:
                fail(f"{label}: ruleIndex does not match ruleId {res['ruleId']}")
            if not res.get("message", {}).get("text"):
                fail(f"{label}: result without message text")
            locs = res.get("locations", [])
            if len(locs) != 1 or len(res.get("relatedLocations", [])) > 1000:
                fail(f"{label}: result must have one location and at most 1,000 related ones")
            fp = res.get("partialFingerprints", {}).get("wardFinding/v1")
            if not fp or fp in fingerprints:
                fail(f"{label}: missing or repeated partialFingerprints for {res.get('ruleId')}")
            fingerprints.add(fp)


def check_locations(doc, cwd, label, expected_line=None):
    checked = 0
    for res in doc["runs"][0]["results"]:
        phys = res["locations"][0]["physicalLocation"]
        uri, line = phys["artifactLocation"]["uri"], phys["region"]["startLine"]
        text = line_of(cwd, uri, line)
        if text is None:
            fail(f"{label}: {uri}:{line} does not exist ({res['ruleId']})")
            continue
        if expected_line is not None and (uri, line) != expected_line:
            fail(f"{label}: {res['ruleId']} {res['properties']['subject']} located at {uri}:{line}, not the changed line {expected_line}")
        props = res["properties"]
        paths = props.get("evidencePaths", [])
        if expected_line is None and paths and len(paths[0]) >= 2:
            a, b = paths[0][-2], paths[0][-1]
            if not (text.startswith(a + ",") and ("," + b + ",") in text):
                fail(f"{label}: {uri}:{line} is not the edge {a} -> {b}: {text!r}")
        elif expected_line is None and uri.endswith("identities.csv"):
            if not text.startswith(props["subject"] + ",") and not text.startswith('"'):
                fail(f"{label}: {uri}:{line} is not the row of {props['subject']}: {text!r}")
        for rel in res.get("relatedLocations", []):
            rp = rel["physicalLocation"]
            ruri = rp["artifactLocation"]["uri"]
            base = SOURCE if ruri.startswith("policies/") else cwd
            if line_of(base, ruri, rp["region"]["startLine"]) is None:
                fail(f"{label}: related location {ruri}:{rp['region']['startLine']} does not exist")
        checked += 1
    return checked


def validate(doc, label):
    errors = sorted(jsonschema.Draft7Validator(SCHEMA).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        fail(f"{label}: schema: {'/'.join(map(str, e.path))}: {e.message}")


# 1. The acme example with its baseline, from the source tree.
acme = run_ward(["check", "--data", "docs/examples/acme", "--baseline", "docs/examples/acme-baseline",
                 "--today", "2026-11-23", "--format", "sarif"], SOURCE)
if acme:
    validate(acme, "acme")
    check_github_rules(acme, "acme")
    n = check_locations(acme, SOURCE, "acme")
    results = acme["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    if n < 60 or not suppressed:
        fail(f"acme: expected at least 60 located results and some suppressed ones, got {n} and {len(suppressed)}")
    for r in suppressed:
        s = r["suppressions"][0]
        if s["kind"] != "external" or s["status"] != "accepted" or "approved by" not in s["justification"]:
            fail(f"acme: suppression without an accepted justification: {s}")
    print(f"acme: {len(results)} results ({len(suppressed)} suppressed), schema valid")

with tempfile.TemporaryDirectory() as scratch:
    # 1b. Untrusted names: markup, quotes, backticks, newlines, bidi controls.
    inv = os.path.join(scratch, "names")
    os.makedirs(inv)
    open(os.path.join(inv, "identities.csv"), "w").write(
        'id,type,name\n"<script>alert(1)</script>",employee,"Robert""); DROP"\n'
        '"a`b\u202eevil",service,"line\nbreak"\n')
    open(os.path.join(inv, "entitlements.csv"), "w").write('id,privileged\n"x:&amp;<admin>",true\n')
    open(os.path.join(inv, "edges.csv"), "w").write(
        'from,to,relation\n"<script>alert(1)</script>","x:&amp;<admin>",grants\n"a`b\u202eevil","x:&amp;<admin>",grants\n')
    names = run_ward(["check", "--data", "names", "--today", "2026-11-23", "--format", "sarif"], scratch)
    if names:
        validate(names, "names")
        check_github_rules(names, "names")
        subjects = {r["properties"]["subject"] for r in names["runs"][0]["results"]}
        if "<script>alert(1)</script>" not in subjects or "a`b\u202eevil" not in subjects:
            fail(f"names: the untrusted ids did not round-trip through JSON: {subjects}")
        print(f"names: {len(names['runs'][0]['results'])} results, ids round-trip")

    # 2. Change mode: a repository, a commit, one added edge line.
    repo = os.path.join(scratch, "repo")
    os.makedirs(repo)
    shutil.copytree(os.path.join(SOURCE, "docs/examples/acme"), os.path.join(repo, "inv"))
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null")
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, env=env, check=True, capture_output=True)
    git("init", "-q", ".")
    git("add", "inv")
    git("-c", "user.name=ward", "-c", "user.email=ward@example.invalid", "commit", "-q", "-m", "baseline")
    edges = os.path.join(repo, "inv", "edges.csv")
    with open(edges, encoding="utf-8") as f:
        count = len(f.read().rstrip("\n").split("\n"))
    with open(edges, "a", encoding="utf-8") as f:
        f.write("grp-ap-team,role-sap-vendor-create,member_of,2026-11-20,,carla,AP takes over vendor creation\n")
    changed = run_ward(["check", "--data", "inv", "--against", "HEAD", "--new-only", "--today", "2026-11-23",
                        "--format", "sarif"], repo)
    if changed:
        validate(changed, "change")
        check_github_rules(changed, "change")
        n = check_locations(changed, repo, "change", expected_line=("inv/edges.csv", count + 1))
        if n < 3:
            fail(f"change: expected the new SoD findings, got {n} results")
        print(f"change: {n} results, all at inv/edges.csv:{count + 1}")

if failures:
    sys.exit(f"{len(failures)} problem(s)")
print("SARIF checks passed")
