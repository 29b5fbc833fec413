#!/usr/bin/env python3
"""Independent reference evaluation of the 21 iso-pack rules (iso-pack.md) on a CSV inventory."""
import csv, sys, datetime as dt
from collections import defaultdict

def load(d):
    def rd(n):
        try:
            with open(f"{d}/{n}.csv", newline="", encoding="utf-8") as f:
                return list(csv.DictReader(f))
        except FileNotFoundError:
            return []
    inv = {n: rd(n) for n in ["identities","roles","entitlements","edges","sod_rules","exceptions","reviews"]}
    for i, e in enumerate(inv["edges"]): e["_line"] = i + 2  # no multi-line fields in the example
    inv["ident"] = {i["id"]: i for i in inv["identities"]}
    inv["role"] = {r["id"]: r for r in inv["roles"]}
    inv["ent"] = {e["id"]: e for e in inv["entitlements"]}
    out = defaultdict(list)
    for e in inv["edges"]: out[e["from"]].append(e)
    inv["out"] = out
    return inv

def date(s):
    if not s: return None
    if len(s) == 10: return dt.date.fromisoformat(s)
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(dt.timezone.utc).date()

def holds(inv, start, ok=lambda e: True):
    """entitlements held from `start`: member_of* then one grants (edges filtered by ok)."""
    seen, stack, res = {start}, [start], set()
    while stack:
        n = stack.pop()
        for e in inv["out"].get(n, []):
            if not ok(e): continue
            if e["relation"] == "member_of":
                if e["to"] not in seen: seen.add(e["to"]); stack.append(e["to"])
            else:
                res.add(e["to"])
    return res

def reaches(inv, start):
    seen, stack, res = {start}, [start], set()
    while stack:
        n = stack.pop()
        for e in inv["out"].get(n, []):
            res.add(e["to"])
            if e["relation"] == "member_of" and e["to"] not in seen:
                seen.add(e["to"]); stack.append(e["to"])
    return res

NH = {"service","api_key","token","workload"}
def status(i): return i["status"] or "active"

def evaluate(inv, today, base=None, p=None):
    p = p or dict(review_window=90, credential_max_age=90, privileged_dormancy=30, dormancy=90,
                  max_direct_grants=5, min_peer_group=10, peer_share=0.10)
    F = defaultdict(list)
    ids = inv["identities"]; ident = inv["ident"]
    priv = {e["id"] for e in inv["entitlements"] if e["privileged"] == "true"}
    H = {i["id"]: holds(inv, i["id"]) for i in ids}
    RCH = {i["id"]: reaches(inv, i["id"]) for i in ids}
    active = lambda i: status(i) == "active"
    human = lambda i: i["type"] in ("employee","contractor")
    def excepted(rule_ids, who):
        for x in inv["exceptions"]:
            if x["identity"] == who and x["rule"] in rule_ids and date(x["expires"]) >= today:
                return True
        return False
    older = lambda s, n: s is not None and (today - s).days > n
    # sod_matrix
    for r in inv["sod_rules"]:
        for i in ids:
            if status(i) == "terminated": continue
            L, Rr = r["left"], r["right"]
            if L in ident or Rr in ident: continue
            if L in RCH[i["id"]] and Rr in RCH[i["id"]]:
                if excepted({r["id"], "sod_matrix", "iso27001.sod_matrix"}, i["id"]): continue
                F["sod_matrix"].append((i["id"], r["id"], r["severity"] or "high"))
    for e in inv["edges"]:
        if e["approved_by"] and e["approved_by"] == e["from"]:
            F["self_approval"].append((e["from"], e["to"], e["_line"]))
        if e["relation"] == "grants" and e["from"] in ident and not e["approved_by"]:
            F["unapproved_direct_grant"].append((e["from"], e["to"], e["_line"]))
        if e["expires"] and date(e["expires"]) < today:
            F["expired_grant"].append((e["from"], e["to"], e["_line"]))
    for r in inv["reviews"]:
        if r["decision"] == "revoke" and date(r["date"]) <= today and r["identity"] in ident \
           and r["target"] in RCH[r["identity"]]:
            F["revoked_not_removed"].append((r["identity"], r["target"], r["date"]))
    roleH = {}
    def rholds(r):
        if r not in roleH: roleH[r] = holds(inv, r)
        return roleH[r]
    for i in ids:
        iid = i["id"]
        if active(i):
            for e in sorted(H[iid] & priv):
                ok = False
                for rv in inv["reviews"]:
                    if rv["identity"] != iid or rv["decision"] != "keep": continue
                    d = (today - date(rv["date"])).days
                    if not (0 <= d <= p["review_window"]): continue
                    t = rv["target"]
                    if t == e or (t in inv["role"] and t in RCH[iid] and e in rholds(t)): ok = True
                if not ok: F["unreviewed_privileged_access"].append((iid, e))
        nh = i["type"] in NH
        if active(i) and nh:
            o = i["owner"]
            if not o or o not in ident or status(ident[o]) == "terminated":
                F["ownerless_nonhuman"].append((iid, o or "(absent)"))
            if not i["purpose"]: F["nonhuman_without_purpose"].append((iid,))
        if status(i) in ("active","suspended") and i["terminated"] and date(i["terminated"]) <= today:
            F["leaver_still_active"].append((iid, status(i), i["terminated"]))
        if status(i) == "terminated" and H[iid]:
            F["terminated_with_access"].append((iid, len(H[iid])))
        if status(i) != "terminated" and i["expires"] and date(i["expires"]) < today:
            F["expired_identity"].append((iid, i["expires"]))
        if active(i) and i["type"] in ("api_key","token"):
            if older(date(i["created"]), p["credential_max_age"]):
                F["stale_credential"].append((iid, i["created"]))
            if not i["expires"]: F["nonexpiring_credential"].append((iid,))
        if active(i) and human(i):
            standing = holds(inv, iid, lambda e: not e["expires"])
            for e in sorted(standing & priv):
                if excepted({"standing_privileged_access","iso27001.standing_privileged_access"}, iid): continue
                F["standing_privileged_access"].append((iid, e))
        la = date(i["last_active"]); cr = date(i["created"])
        if active(i) and (H[iid] & priv) and (la is None or older(la, p["privileged_dormancy"])):
            F["dormant_privileged"].append((iid, i["last_active"] or "(absent)"))
        if active(i) and nh:
            for e in sorted(H[iid] & priv):
                if excepted({"nonhuman_privileged","iso27001.nonhuman_privileged"}, iid): continue
                F["nonhuman_privileged"].append((iid, e))
        if active(i) and (older(la, p["dormancy"]) or (la is None and older(cr, p["dormancy"]))):
            F["dormant_account"].append((iid, i["last_active"] or "(absent), created " + i["created"]))
        direct = {e["to"] for e in inv["out"].get(iid, []) if e["relation"] == "grants"}
        if len(direct) > p["max_direct_grants"]:
            F["excess_direct_grants"].append((iid, len(direct)))
    # peer_outlier
    dept = defaultdict(list)
    for i in ids:
        if active(i) and human(i) and i["department"]: dept[i["department"]].append(i["id"])
    for dname, members in dept.items():
        if len(members) < p["min_peer_group"]: continue
        for iid in members:
            others = [o for o in members if o != iid]
            for e in sorted(H[iid]):
                n = sum(1 for o in others if e in H[o])
                if n * 1.0 < p["peer_share"] * len(others) - 1e-12:
                    F["peer_outlier"].append((iid, e, f"{n}/{len(others)}"))
    # drift
    if base is not None:
        brole = set(base["role"])
        for r in inv["roles"]:
            if r["id"] in brole:
                new = holds(inv, r["id"]) - holds(base, r["id"])
                if new: F["role_drift"].append((r["id"], ",".join(sorted(new))))
        bkeys = {(e["from"], e["to"], e["relation"]) for e in base["edges"]}
        good = lambda e: (e["from"], e["to"], e["relation"]) in bkeys or bool(e["approved_by"])
        for i in ids:
            if status(i) == "terminated": continue
            bh = holds(base, i["id"]) if i["id"] in base["ident"] else set()
            new = H[i["id"]] - bh
            viaok = holds(inv, i["id"], good)
            for e in sorted(new - viaok):
                F["access_drift"].append((i["id"], e))
    return F

RULES = ["sod_matrix","self_approval","unapproved_direct_grant","expired_grant","revoked_not_removed",
         "unreviewed_privileged_access","ownerless_nonhuman","nonhuman_without_purpose","leaver_still_active",
         "terminated_with_access","expired_identity","stale_credential","nonexpiring_credential",
         "standing_privileged_access","dormant_privileged","nonhuman_privileged","dormant_account",
         "excess_direct_grants","peer_outlier","role_drift","access_drift"]

if __name__ == "__main__":
    cur = load(sys.argv[1]); base = load(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "-" else None
    today = dt.date.fromisoformat(sys.argv[3] if len(sys.argv) > 3 else "2026-11-23")
    F = evaluate(cur, today, base)
    total = 0
    for r in RULES:
        fs = sorted(F.get(r, []))
        total += len(fs)
        print(f"{r} ({len(fs)})")
        for f in fs: print("   ", f)
    print("total", total)
