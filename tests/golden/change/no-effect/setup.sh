bash "$WARD_SOURCE_DIR/tests/golden/change/make_repo.sh"
sed -i "s/^grp-ap-team,grp-payments-ops,member_of,2021-02-01,,,Payment operations merged into AP/grp-ap-team,grp-payments-ops,member_of,2021-02-01,,,Payment operations merged into AP in 2021/" inv/edges.csv
