#!/usr/bin/env python3
"""Checks that the pack's tests can fail: for every rule of policies/iso27001,
negate its `where` condition in a scratch copy of the pack and run `ward test`
on it; at least one test must then fail. A rule whose tests still pass with
its condition inverted is not really tested.

usage: mutation_check.py WARD REPO_ROOT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ward, root = sys.argv[1], sys.argv[2]
pack = os.path.join(root, "policies", "iso27001")
rule_re = re.compile(r'^rule (\w+) ', re.M)
failures = []
checked = 0
for name in sorted(os.listdir(pack)):
    path = os.path.join(pack, name)
    text = open(path, encoding="utf-8").read()
    for m in rule_re.finditer(text):
        rule = m.group(1)
        # The rule's body: from its header to the next top-level `}`.
        start = m.start()
        end = text.index("\n}\n", start)
        body = text[start:end]
        w = body.find("\n  where ")
        if w < 0:
            failures.append(f"{rule}: no where clause to invert")
            continue
        # The where clause runs until the next clause keyword at two spaces.
        rest = body[w + 9:]
        stop = re.search(r"\n  (unless|report|subject|key|evidence) ", rest)
        cond = rest[: stop.start()] if stop else rest
        mutated_body = body[: w + 9] + "not (" + cond + ")" + rest[len(cond):]
        mutated = text[:start] + mutated_body + text[end:]
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(pack, os.path.join(tmp, "iso27001"))
            with open(os.path.join(tmp, "iso27001", name), "w", encoding="utf-8") as f:
                f.write(mutated)
            run = subprocess.run([ward, "test", os.path.join(tmp, "iso27001")], capture_output=True, text=True)
        checked += 1
        last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr.strip()
        if run.returncode != 1 or not re.search(r"[1-9]\d* failed", last):
            failures.append(f"{rule}: with its condition inverted, ward test says: {last!r} (exit {run.returncode})")
        else:
            print(f"ok  {rule}: inverted -> {last}")
print(f"{checked - len(failures)} passed, {len(failures)} failed")
for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
