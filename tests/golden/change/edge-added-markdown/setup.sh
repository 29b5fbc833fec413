bash "$WARD_SOURCE_DIR/tests/golden/change/make_repo.sh"
echo "grp-ap-team,role-sap-vendor-create,member_of,2026-11-20,,carla,AP takes over vendor creation" >> inv/edges.csv
