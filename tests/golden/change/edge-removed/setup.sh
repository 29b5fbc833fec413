bash "$WARD_SOURCE_DIR/tests/golden/change/make_repo.sh"
sed -i "/^victor,grp-ap-team,member_of/d" inv/edges.csv
