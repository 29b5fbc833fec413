bash "$WARD_SOURCE_DIR/tests/golden/change/make_repo.sh"
sed -i 's/^amara,employee,"Nwosu, Amara",active,,finance,dana,2023-01-09,2026-11-21,,,,Lisbon$/amara,employee,"Nwosu, Amara",terminated,,finance,dana,2023-01-09,2026-11-21,2026-11-01,,,Lisbon/' inv/identities.csv
