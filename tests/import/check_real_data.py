#!/usr/bin/env python3
"""Imports every data set of ../shared/data that is one of ward's sources,
runs the result through `ward check` with the built-in pack, and checks the
figures that are known independently:
  - the HP role-mining matrices give exactly the published user, permission
    and pair counts (Ene et al., SACMAT 2008; verified in SOURCE.md);
  - every import loads and checks (exit 0 or 1), with no error;
  - no secret value from the sources appears in any output.
Prints rows per table and findings per rule for each data set (the figures
quoted in docs/importers.md). Exit 77 (ctest: skipped) when ../shared/data is
absent, as in a user's clone.
    check_real_data.py WARD SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter

HP_COUNTS = {  # users, permissions, pairs
    "americas_large": (3485, 10127, 185294), "americas_small": (3477, 1587, 105205), "apj": (2044, 1164, 6841),
    "customer": (10021, 277, 45427), "domino": (79, 231, 730), "emea": (35, 3046, 7220),
    "fire1": (365, 709, 31951), "fire2": (325, 590, 36428), "hc": (46, 46, 1486),
}
# Secret values that occur in the sources and must never be copied.
SECRETS = ["t1meMa$heen", "8dCT-DJjgScp", "NgtI75cKV+Pu", "sexywolfy"]


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def main():
    ward, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if os.environ.get("WARD_SANITIZED") == "1":
        # Minutes under the sanitizers; the importers' unit tests run there.
        print("skipped under the sanitizers (the normal lane runs it)")
        return 77
    data = os.path.join(source, "..", "shared", "data")
    if not os.path.isdir(data):
        print(f"skipped: {data} is absent (the shared data sets are not part of a clone)")
        return 77
    cases = []
    for name in sorted(HP_COUNTS):
        fname = {"fire1": "fire1", "fire2": "fire2", "hc": "hc"}.get(name, name)
        cases.append(("hp-rolemining", f"hp-{name}", [f"hp-rolemining/raw/{fname}.txt"]))
    cases.append(("scim", "scim-rfc-examples", ["scim-rfc-examples/raw"]))
    for f in ("example.json", "example-authz-details.json", "example_authz_v2.json"):
        cases.append(("aws-iam", f"aws-{f[:-5]}", [f"cloudsplaining-iam/raw/{f}"]))
    cases.append(("ad-lab", "goad", ["goad-ad/raw/config.json"]))
    for f in ("test.ldif", "test-ordered.ldif", "nestgroup.out.1", "nestgroup.out.2", "memberof.out", "dynlist.out"):
        cases.append(("ldif", f"ldif-{f}", [f"openldap-ldif/raw/{f}"]))
    with tempfile.TemporaryDirectory(prefix="ward-real-") as work:
        for fmt, label, inputs in cases:
            paths = [os.path.join(data, p) for p in inputs]
            if not all(os.path.exists(p) for p in paths):
                fail(f"{label}: missing {inputs}")
            out = os.path.join(work, label)
            start = time.monotonic()
            r = subprocess.run([ward, "import", fmt, *paths, "--output", out], capture_output=True, text=True)
            if r.returncode != 0:
                fail(f"{label}: import exit {r.returncode}\n{r.stderr}")
            rows = {}
            for table in sorted(os.listdir(out)):
                with open(os.path.join(out, table), encoding="utf-8") as f:
                    text = f.read()
                rows[table[:-4]] = text.count("\n") - 1  # importers write no multi-line cells here
                for secret in SECRETS:
                    if secret in text:
                        fail(f"{label}: secret value copied into {table}")
            for secret in SECRETS:
                if secret in r.stdout + r.stderr:
                    fail(f"{label}: secret value in the mapping report")
            c = subprocess.run([ward, "check", "--data-format", fmt, "--data", paths[0] if len(paths) == 1 else out,
                                "--today", "2026-11-23", "--format", "json"], capture_output=True, text=True)
            if c.returncode not in (0, 1):
                fail(f"{label}: check exit {c.returncode}\n{c.stderr}")
            elapsed = time.monotonic() - start
            findings = Counter(f["rule"].removeprefix("iso27001.") for f in json.loads(c.stdout)["findings"])
            if fmt == "hp-rolemining":
                want = HP_COUNTS[label[3:]]
                got = (rows.get("identities"), rows.get("entitlements"), rows.get("edges"))
                if got != want:
                    fail(f"{label}: users/permissions/pairs {got}, published {want}")
            skipped = r.stdout.count("\n  ") if "skipped" in r.stdout else 0
            print(f"{label}: " + ", ".join(f"{t} {n}" for t, n in rows.items()) +
                  f"; import+check {elapsed:.2f}s; findings: " +
                  (", ".join(f"{k} {v}" for k, v in sorted(findings.items())) or "none"))
    print("ok: every shared data set imports and checks; HP counts match the published figures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
