#!/usr/bin/env python3
"""`ward import ldap` against a real OpenLDAP server.

Starts a private slapd (Debian's slapd package) on a free loopback port with
an mdb database loaded from the OpenLDAP test directory
(tests/data/openldap-ldif/test.ldif), then checks that:
  1. the live import equals, byte for byte, the `ldif` import of the same
     server's ldapsearch export (same filters, user and operational attributes);
  2. it holds the same nodes and edges as the `ldif` import of test.ldif
     itself (only `created`, which the server stamps at load time, differs);
  3. a small page size still reads everything (paged results);
  4. the bind password appears in no output and no message, a wrong password
     and an unknown base DN are exit 2 with a clear error, and a password on
     the command line is not accepted.
Exit 77 (ctest: skipped) when slapd or ldapsearch is not installed.
    ldap_live_test.py WARD SOURCE_DIR
"""
import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SLAPD, SLAPADD, LDAPSEARCH = "/usr/sbin/slapd", "/usr/sbin/slapadd", shutil.which("ldapsearch")
PASSWORD = "s3cret-Pw-7781"
BASE = "dc=example,dc=com"
ROOT_DN = "cn=Manager," + BASE
USERS = "(|(objectClass=person)(objectClass=inetOrgPerson)(objectClass=user))"
GROUPS = "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))"


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_tables(directory):
    tables = {}
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            tables[name] = f.read()
    return tables


def without_column(text, column):
    rows = list(csv.reader(io.StringIO(text)))
    if column not in rows[0]:
        return rows
    k = rows[0].index(column)
    return [r[:k] + r[k + 1:] for r in rows]


def main():
    ward, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if not (os.access(SLAPD, os.X_OK) and os.access(SLAPADD, os.X_OK) and LDAPSEARCH):
        print("skipped: slapd, slapadd or ldapsearch is not installed (tools/setup.sh installs them)")
        return 77
    test_ldif = os.path.join(source, "tests/data/openldap-ldif/test.ldif")
    work = tempfile.mkdtemp(prefix="ward-ldap-")
    server = None
    try:
        db = os.path.join(work, "db")
        os.makedirs(db)
        conf = os.path.join(work, "slapd.conf")
        with open(conf, "w") as f:
            for schema in ("core", "cosine", "inetorgperson", "nis", "openldap"):
                f.write(f"include /etc/ldap/schema/{schema}.schema\n")
            f.write(f"pidfile {work}/slapd.pid\nmodulepath /usr/lib/ldap\nmoduleload back_mdb\n"
                    f"database mdb\nsuffix \"{BASE}\"\nrootdn \"{ROOT_DN}\"\nrootpw {PASSWORD}\n"
                    f"directory {db}\nsizelimit 5\n")
        subprocess.run([SLAPADD, "-f", conf, "-l", test_ldif], check=True, capture_output=True)
        port = free_port()
        url = f"ldap://127.0.0.1:{port}"
        server = subprocess.Popen([SLAPD, "-d", "0", "-f", conf, "-h", url + "/"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            if subprocess.run([LDAPSEARCH, "-x", "-H", url, "-b", BASE, "-s", "base"],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        else:
            fail("slapd did not start: " + server.stderr.read().decode(errors="replace")[-2000:])

        env = dict(os.environ, WARD_TEST_LDAP_PW=PASSWORD)
        common = ["--ldap-url", url, "--ldap-base-dn", BASE, "--ldap-bind-dn", ROOT_DN,
                  "--ldap-password-env", "WARD_TEST_LDAP_PW"]
        live = subprocess.run([ward, "import", "ldap", *common, "--output", f"{work}/live"],
                              capture_output=True, text=True, env=env)
        if live.returncode != 0:
            fail(f"live import: exit {live.returncode}\n{live.stdout}\n{live.stderr}")
        # 1. the server's own ldapsearch export, imported as LDIF
        export = os.path.join(work, "export.ldif")
        with open(export, "w") as out:
            for flt in (USERS, GROUPS):
                r = subprocess.run([LDAPSEARCH, "-x", "-LLL", "-o", "ldif-wrap=no", "-E", "pr=2/noprompt", "-H", url,
                                    "-D", ROOT_DN, "-w", PASSWORD, "-b", BASE, flt, "*", "+"],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    fail("ldapsearch: " + r.stderr)
                out.write(r.stdout + "\n")
        ldif = subprocess.run([ward, "import", "ldif", export, "--output", f"{work}/export"], capture_output=True,
                              text=True)
        if ldif.returncode != 0:
            fail(f"ldif import of the export: exit {ldif.returncode}\n{ldif.stderr}")
        if read_tables(f"{work}/live") != read_tables(f"{work}/export"):
            fail("the live import differs from the LDIF import of the same server's export")
        # 2. the original file: same nodes and edges
        orig = subprocess.run([ward, "import", "ldif", test_ldif, "--output", f"{work}/orig"], capture_output=True,
                              text=True)
        if orig.returncode != 0:
            fail(f"ldif import of test.ldif: exit {orig.returncode}\n{orig.stderr}")
        live_t, orig_t = read_tables(f"{work}/live"), read_tables(f"{work}/orig")
        if sorted(live_t) != sorted(orig_t):
            fail(f"tables differ: {sorted(live_t)} vs {sorted(orig_t)}")
        for name in live_t:
            if without_column(live_t[name], "created") != without_column(orig_t[name], "created"):
                fail(f"{name}: the live import and the import of test.ldif hold different rows")
        # 3. paging: the server's size limit is 5 entries; the directory has 14 mapped
        identities = live_t["identities.csv"].count("\n") - 1
        if identities < 6:
            fail(f"only {identities} identities: paged results were not followed")
        # 4. secrets and errors
        for name, text in live_t.items():
            if PASSWORD in text:
                fail(f"the bind password appears in {name}")
        if PASSWORD in live.stdout + live.stderr:
            fail("the bind password appears in the import's output")
        bad = subprocess.run([ward, "import", "ldap", *common, "--output", f"{work}/bad"], capture_output=True,
                             text=True, env=dict(os.environ, WARD_TEST_LDAP_PW="wrong"))
        if bad.returncode != 2 or "error[M0504]" not in bad.stderr or os.path.exists(f"{work}/bad"):
            fail(f"wrong password: expected exit 2 with M0504 and no output, got {bad.returncode}\n{bad.stderr}")
        nobase = subprocess.run([ward, "import", "ldap", *common[:2], "--ldap-base-dn", "dc=nowhere,dc=test",
                                 *common[4:], "--output", f"{work}/nobase"], capture_output=True, text=True, env=env)
        if nobase.returncode != 2 or "error[M0505]" not in nobase.stderr:
            fail(f"unknown base DN: expected exit 2 with M0505, got {nobase.returncode}\n{nobase.stderr}")
        argv = subprocess.run([ward, "import", "ldap", *common, "--ldap-password", PASSWORD, "--output",
                               f"{work}/argv"], capture_output=True, text=True, env=env)
        if argv.returncode != 2:
            fail("a password on the command line was accepted")
        check = subprocess.run([ward, "check", "--data-format", "ldap", "--data", url, "--ldap-base-dn", BASE,
                                "--ldap-bind-dn", ROOT_DN, "--ldap-password-env", "WARD_TEST_LDAP_PW",
                                "--today", "2026-11-23", "--format", "json"], capture_output=True, text=True, env=env)
        if check.returncode not in (0, 1) or '"findings"' not in check.stdout:
            fail(f"check --data-format ldap: exit {check.returncode}\n{check.stderr}")
        print(f"ok: live import of {identities} identities equals the LDIF import of the server's export and "
              f"of test.ldif; paging, password handling and errors checked")
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
