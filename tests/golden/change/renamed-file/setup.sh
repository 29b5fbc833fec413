bash "$WARD_SOURCE_DIR/tests/golden/change/make_repo.sh"
# The committed edges.csv is renamed, and a new, untracked edges.csv with one
# more edge takes its place: git diff lists only the rename, yet the
# inventory changed. --against must still see the added edge.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null
git mv inv/edges.csv inv/edges.bak
cp inv/edges.bak inv/edges.csv
echo "grp-ap-team,role-sap-vendor-create,member_of,2026-11-20,,carla,AP takes over vendor creation" >> inv/edges.csv
