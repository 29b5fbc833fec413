#!/usr/bin/env python3
"""Runs the hooks of .pre-commit-hooks.yaml the way pre-commit would (entry,
then the args a user configures, then the staged file names when
pass_filenames is true) in a scratch git repository, and checks their exit
codes: a commit that adds an SoD-breaking edge is blocked (1), one that
changes nothing that matters passes (0), formatted and tested policies pass,
an unformatted one is blocked.

usage: check_hooks.py WARD SOURCE_DIR
"""
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

WARD, SOURCE = sys.argv[1], sys.argv[2]
hooks = {h["id"]: h for h in yaml.safe_load(open(os.path.join(SOURCE, ".pre-commit-hooks.yaml")))}
failures = []


def run_hook(hook_id, args, files, cwd):
    hook = hooks[hook_id]
    for field in ("id", "name", "entry", "language"):
        if field not in hook:
            failures.append(f"{hook_id}: no {field}")
    command = shlex.split(hook["entry"])
    assert command[0] == "ward", hook["entry"]
    command = [WARD] + command[1:] + args + (files if hook.get("pass_filenames", True) else [])
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def expect(label, result, code):
    if result.returncode != code:
        failures.append(f"{label}: exit {result.returncode}, expected {code}\n{result.stdout}{result.stderr}")
    print(f"{label}: exit {result.returncode}")


with tempfile.TemporaryDirectory() as repo:
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null")
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, env=env, check=True, capture_output=True)
    shutil.copytree(os.path.join(SOURCE, "docs/examples/acme"), os.path.join(repo, "inv"))
    shutil.copytree(os.path.join(SOURCE, "docs/examples/policies"), os.path.join(repo, "policies"))
    git("init", "-q", ".")
    git("add", ".")
    git("-c", "user.name=ward", "-c", "user.email=ward@example.invalid", "commit", "-q", "-m", "base")
    data = ["--data", "inv", "--today", "2026-11-23"]

    expect("check, nothing changed", run_hook("ward-check-changes", data, [], repo), 0)
    edges = os.path.join(repo, "inv", "edges.csv")
    original = open(edges).read()
    open(edges, "a").write("grp-ap-team,role-sap-vendor-create,member_of,2026-11-20,,carla,\n")
    git("add", "inv/edges.csv")
    expect("check, an edge that breaks SoD", run_hook("ward-check-changes", data, ["inv/edges.csv"], repo), 1)
    open(edges, "w").write(original.replace("Payment operations merged into AP", "Payment operations merged into AP (2021)"))
    expect("check, a reason reworded", run_hook("ward-check-changes", data, ["inv/edges.csv"], repo), 0)

    ward_files = sorted(os.path.join("policies", f) for f in os.listdir(os.path.join(repo, "policies")) if f.endswith(".ward"))
    expect("fmt, formatted policies", run_hook("ward-fmt", [], ward_files, repo), 0)
    messy = os.path.join(repo, ward_files[0])
    open(messy, "a").write("\n\n\n# trailing   \n")
    expect("fmt, an unformatted policy", run_hook("ward-fmt", [], ward_files, repo), 1)
    expect("test, the shipped pack", run_hook("ward-test", [os.path.join(SOURCE, "policies")], [], repo), 0)

# The configurations in docs/ci.md are YAML that parses, and their ward
# commands use options ward has.
doc = open(os.path.join(SOURCE, "docs/ci.md")).read()
blocks = [b.split("```", 1)[0] for b in doc.split("```yaml\n")[1:]]
if len(blocks) < 3:
    failures.append(f"docs/ci.md: expected the pre-commit, GitHub and GitLab YAML, found {len(blocks)} blocks")
options = subprocess.run([WARD, "check", "--help"], capture_output=True, text=True).stdout
for b in blocks:
    try:
        yaml.safe_load(b)
    except yaml.YAMLError as e:
        failures.append(f"docs/ci.md: a YAML block does not parse: {e}")
    for word in b.replace("\n", " ").split():
        if word.startswith("--") and word.split("=")[0] not in options and word not in ("--depth", "--global", "--add"):
            failures.append(f"docs/ci.md: `ward check` has no option {word}")
print(f"docs/ci.md: {len(blocks)} YAML blocks parse")

if failures:
    sys.exit("\n".join(failures))
print("hooks behave")
