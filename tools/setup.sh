#!/usr/bin/env bash
# Installs ward's build dependencies (Debian packages) and builds ward into
# build/. Safe to run again: it installs only what is missing.
# Besides the libraries: libldap-dev for `ward import ldap`; slapd and
# ldap-utils for its tests (a private slapd on a loopback port); clang and
# libclang-rt-dev for the sanitizer lane's fuzz targets (libFuzzer).
#   tools/setup.sh             install dependencies and build
#   tools/setup.sh --deps-only install dependencies only
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config git
          tao-pegtl-dev libboost-graph-dev nlohmann-json3-dev libfmt-dev
          doctest-dev libcli11-dev libssl-dev sqlite3 python3
          python3-jsonschema python3-yaml libbenchmark-dev
          libldap-dev slapd ldap-utils
          clang libclang-rt-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
[ "${1:-}" = "--deps-only" ] && exit 0

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target ward
