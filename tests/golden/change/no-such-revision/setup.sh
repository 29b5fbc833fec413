bash "$WARD_SOURCE_DIR/tests/golden/change/make_repo.sh"
