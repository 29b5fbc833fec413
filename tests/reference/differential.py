#!/usr/bin/env python3
"""Differential test: ward's built-in ISO pack against the independent
reference evaluator (iso_oracle.py, which shares no code with the engine) on
many random inventories. Findings are compared as sets of (rule, subject,
key): iso-pack.md defines the key as what makes findings of one rule and
subject distinct, so duplicate edge rows give one finding.

Each case is a small random organisation built to hit the corners the rules
are defined on: membership cycles and diamonds, role hierarchies, dates one
day either side of every threshold, expired and future exceptions, keep and
revoke reviews, SoD rows naming roles, identities and unknown ids, departments
just above and below the peer-group size, and a mutated baseline. ward and the
oracle must report the same findings.

On a mismatch the case is minimised (rows are dropped while the mismatch
persists), written to --keep DIR, and the seed printed, so
`differential.py WARD --seed S --cases 1` reproduces it.

    differential.py WARD [--cases 1000] [--seed 1] [--jobs 2] [--keep DIR]
Exit 0 when every case agrees, 1 on a mismatch, 2 on a usage or ward error.
"""
import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import iso_oracle  # noqa: E402

TODAY = dt.date(2026, 11, 23)
COLUMNS = {
    "identities": ["id", "type", "name", "status", "owner", "department", "manager", "created", "last_active",
                   "terminated", "expires", "purpose"],
    "roles": ["id", "kind", "name", "owner", "description"],
    "entitlements": ["id", "system", "name", "privileged", "owner"],
    "edges": ["from", "to", "relation", "granted", "expires", "approved_by", "reason"],
    "sod_rules": ["id", "left", "right", "severity", "description"],
    "exceptions": ["rule", "identity", "approved_by", "expires", "reason"],
    "reviews": ["identity", "target", "reviewer", "date", "decision"],
}
# Day offsets from TODAY around every threshold of the pack (0, 30, 90 days).
OFFSETS = [-400, -91, -90, -89, -31, -30, -29, -1, 0, 1, 2, 30, 365]


def day(rng, absent_weight=0.3):
    if rng.random() < absent_weight:
        return ""
    d = TODAY + dt.timedelta(days=rng.choice(OFFSETS))
    if rng.random() < 0.1:  # a date-time: its UTC calendar date counts
        hour, zone = rng.choice([(0, "Z"), (23, "Z"), (23, "-02:00"), (1, "+03:00")])
        return f"{d.isoformat()}T{hour:02d}:30:00{zone}"
    return d.isoformat()


def random_inventory(rng):
    """Tables as lists of dicts (all columns present, "" = absent)."""
    n_people = rng.randint(1, 26)
    n_nonhuman = rng.randint(0, 8)
    n_roles = rng.randint(0, 12)
    n_ents = rng.randint(1, 12)
    departments = rng.choice([["eng"], ["eng", "ops"], ["eng", "ops", ""]])
    ids = [f"p{k}" for k in range(n_people)] + [f"n{k}" for k in range(n_nonhuman)]
    t = {name: [] for name in COLUMNS}
    for k, iid in enumerate(ids):
        human = iid.startswith("p")
        itype = rng.choice(["employee", "employee", "contractor"]) if human else rng.choice(
            ["service", "api_key", "token", "workload"])
        status = rng.choice(["", "", "active", "suspended", "terminated"])
        t["identities"].append({
            "id": iid, "type": itype, "name": f"Name {k}", "status": status,
            "owner": rng.choice(["", rng.choice(ids), "ghost", iid]) if not human or rng.random() < 0.2 else "",
            "department": rng.choice(departments) if human else "",
            "manager": rng.choice(ids) if rng.random() < 0.3 else "",
            "created": day(rng, 0.2), "last_active": day(rng), "terminated": day(rng, 0.7),
            "expires": day(rng, 0.6), "purpose": rng.choice(["", "backup job"]) if not human else "",
        })
    roles = [f"r{k}" for k in range(n_roles)]
    for r in roles:
        t["roles"].append({"id": r, "kind": rng.choice(["", "role", "group"]), "name": "", "owner": "",
                           "description": ""})
    ents = [f"sys{k % 3}:perm{k}" for k in range(n_ents)]
    for e in ents:
        t["entitlements"].append({"id": e, "system": e.split(":")[0], "name": "",
                                  "privileged": rng.choice(["", "false", "true"]), "owner": ""})

    def edge(frm, to, relation):
        approved = rng.choice(["", "", rng.choice(ids), frm, "ghost"])
        t["edges"].append({"from": frm, "to": to, "relation": relation, "granted": day(rng),
                           "expires": day(rng, 0.6), "approved_by": approved,
                           "reason": rng.choice(["", "ticket 1", "quote \"q\", comma"])})

    for iid in ids:
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            if roles:
                edge(iid, rng.choice(roles), "member_of")
        for _ in range(rng.choice([0, 0, 1, 2, 7])):
            edge(iid, rng.choice(ents), "grants")
    for r in roles:  # hierarchy with cycles, self loops and diamonds
        for _ in range(rng.choice([0, 1, 1, 2])):
            edge(r, rng.choice(roles), "member_of")
        for _ in range(rng.choice([0, 1, 2])):
            edge(r, rng.choice(ents), "grants")
    if rng.random() < 0.25:  # a department at the peer-group size, an entitlement at exactly 10%
        peers = [f"q{k}" for k in range(rng.choice([10, 11, 12]))]
        for q in peers:
            t["identities"].append({"id": q, "type": rng.choice(["employee", "contractor"]), "name": "",
                                    "status": "", "owner": "", "department": "peers", "manager": "",
                                    "created": "", "last_active": "", "terminated": "", "expires": "",
                                    "purpose": ""})
        for q in rng.sample(peers, rng.choice([1, 2, 3])):
            edge(q, ents[0], "grants")
        ids.extend(peers)
    if t["edges"] and rng.random() < 0.3:  # an exact duplicate row
        t["edges"].append(dict(rng.choice(t["edges"])))
    targets = ents + roles + [ids[0], "ghost"]
    for k in range(rng.randint(0, 5)):
        left = rng.choice(targets)
        t["sod_rules"].append({"id": f"SOD-{k}", "left": left, "right": rng.choice(targets + [left]),
                               "severity": rng.choice(["", "low", "medium", "high", "critical"]),
                               "description": ""})
    rule_names = ["sod_matrix", "iso27001.sod_matrix", "standing_privileged_access",
                  "iso27001.nonhuman_privileged", "nonhuman_privileged", "Sod_Matrix", "dormant_account"]
    for _ in range(rng.randint(0, 4)):
        rule = rng.choice(rule_names + [r["id"] for r in t["sod_rules"]])
        t["exceptions"].append({"rule": rule, "identity": rng.choice(ids + ["ghost"]), "approved_by": rng.choice(ids),
                                "expires": day(rng, 0), "reason": ""})
    for _ in range(rng.randint(0, 6)):
        t["reviews"].append({"identity": rng.choice(ids + ["ghost"]), "target": rng.choice(targets),
                             "reviewer": rng.choice(ids), "date": day(rng, 0),
                             "decision": rng.choice(["keep", "keep", "revoke"])})
    return t


def mutate_baseline(rng, t):
    base = {name: [dict(row) for row in rows] for name, rows in t.items()}
    edges = base["edges"]
    for _ in range(rng.randint(0, 4)):
        if edges:
            edges.pop(rng.randrange(len(edges)))
    for _ in range(rng.randint(0, 2)):
        if edges:
            e = dict(rng.choice(edges))
            e["approved_by"] = ""
            edges.append(e)
    if base["roles"] and rng.random() < 0.3:  # a role the baseline did not have
        gone = base["roles"].pop(rng.randrange(len(base["roles"])))["id"]
        base["edges"] = [e for e in edges if gone not in (e["from"], e["to"])]
        base["sod_rules"] = [s for s in base["sod_rules"]]
    if base["identities"] and rng.random() < 0.3:  # an identity that joined since
        gone = base["identities"].pop(rng.randrange(len(base["identities"])))["id"]
        base["edges"] = [e for e in base["edges"] if e["from"] != gone]
    return base


def write_csv_dir(t, path):
    os.makedirs(path, exist_ok=True)
    for name, rows in t.items():
        with open(os.path.join(path, name + ".csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS[name], lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


def oracle_findings(cur_dir, base_dir):
    cur = iso_oracle.load(cur_dir)
    base = iso_oracle.load(base_dir)
    found = iso_oracle.evaluate(cur, TODAY, base)
    out = set()
    for rule, items in found.items():
        for item in items:
            subject = item[0]
            if rule in ("sod_matrix", "self_approval", "unapproved_direct_grant", "expired_grant",
                        "revoked_not_removed", "unreviewed_privileged_access", "standing_privileged_access",
                        "nonhuman_privileged", "peer_outlier", "access_drift"):
                key = item[1]
            else:
                key = ""
            out.add((rule, subject, key))
    return out


WARD_EXTRA_ARGS = []  # --ward-arg: to check that a deliberately wrong ward is caught


def ward_findings(ward, cur_dir, base_dir):
    proc = subprocess.run([ward, "check", "--data", cur_dir, "--baseline", base_dir, "--today", TODAY.isoformat(),
                           "--format", "json", "--threads", "1"] + WARD_EXTRA_ARGS,
                          capture_output=True, text=True, timeout=60)
    if proc.returncode not in (0, 1):
        return None, proc.stderr
    report = json.loads(proc.stdout)
    return {(f["rule"].removeprefix("iso27001."), f["subject"], f["key"]) for f in report["findings"]}, ""


COVERED = set()  # rules that had findings in an agreeing case


def compare(ward, t, base, work):
    cur_dir, base_dir = os.path.join(work, "inventory"), os.path.join(work, "baseline")
    shutil.rmtree(work, ignore_errors=True)
    write_csv_dir(t, cur_dir)
    write_csv_dir(base, base_dir)
    got, err = ward_findings(ward, cur_dir, base_dir)
    if got is None:
        return f"ward failed on a valid inventory:\n{err}"
    want = oracle_findings(cur_dir, base_dir)
    if got == want:
        COVERED.update(rule for rule, _, _ in got)
        return None
    lines = [f"  only ward:   {k}" for k in sorted(got - want)]
    lines += [f"  only oracle: {k}" for k in sorted(want - got)]
    return "\n".join(lines)


def minimise(ward, t, base, work):
    """Drops rows (current, then baseline) while the case still mismatches."""
    changed = True
    while changed:
        changed = False
        for which in (t, base):
            for name in list(which):
                k = 0
                while k < len(which[name]):
                    row = which[name].pop(k)
                    refs = {row.get("id")} if name in ("identities", "roles", "entitlements") else set()
                    kept_edges = which["edges"]
                    if refs:  # dropping a node drops its edges too (the inventory must stay valid)
                        which["edges"] = [e for e in kept_edges if e["from"] not in refs and e["to"] not in refs]
                    if compare(ward, t, base, work) is not None:
                        changed = True
                    else:
                        which["edges"] = kept_edges
                        which[name].insert(k, row)
                        k += 1
    return compare(ward, t, base, work)


def run_case(ward, seed, scratch):
    rng = random.Random(seed)
    t = random_inventory(rng)
    base = mutate_baseline(rng, t)
    work = os.path.join(scratch, f"case-{seed}")
    problem = compare(ward, t, base, work)
    shutil.rmtree(work, ignore_errors=True)
    return seed, problem, t, base


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ward")
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=None,
                    help="first seed; case k uses seed + k (default: 1000 x the day number, so each day's CI "
                         "explores new cases and any failure names its seed)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", default="", help="write a minimised failing case here")
    ap.add_argument("--ward-arg", action="append", default=[], help="extra argument for ward check (self-test)")
    args = ap.parse_args()
    WARD_EXTRA_ARGS.extend(args.ward_arg)
    if args.seed is None:
        args.seed = dt.date.today().toordinal() * 1000
    if not os.access(args.ward, os.X_OK):
        print(f"differential: {args.ward} is not an executable", file=sys.stderr)
        return 2
    scratch = tempfile.mkdtemp(prefix="ward-diff-")
    try:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(lambda s: run_case(args.ward, s, scratch),
                                    range(args.seed, args.seed + args.cases)))
        failures = [r for r in results if r[1] is not None]
        if not failures:
            print(f"differential: {args.cases} random inventories, ward and the reference agree "
                  f"(seeds {args.seed}..{args.seed + args.cases - 1})")
            uncovered = sorted(set(iso_oracle.RULES) - COVERED)
            if uncovered and args.cases >= 100:
                # A rule that never fired was not tested: the generator must reach it.
                print(f"differential: no case gave a finding of {', '.join(uncovered)}")
                return 1
            return 0
        seed, problem, t, base = failures[0]
        print(f"differential: {len(failures)} of {args.cases} cases disagree; first: seed {seed}")
        print(problem)
        work = args.keep or os.path.join(scratch, "minimised")
        print("minimised case:")
        print(minimise(args.ward, t, base, work))
        if args.keep:
            print(f"kept in {args.keep}/inventory and {args.keep}/baseline")
        else:
            for name in ("inventory", "baseline"):
                for table in sorted(os.listdir(os.path.join(work, name))):
                    text = open(os.path.join(work, name, table), encoding="utf-8").read()
                    if text.count("\n") > 1:
                        print(f"--- {name}/{table}\n{text}", end="")
        print(f"reproduce: {sys.argv[0]} {args.ward} --seed {seed} --cases 1")
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
