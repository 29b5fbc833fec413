bash "$WARD_SOURCE_DIR/tests/golden/change/make_repo.sh"
echo "broken,row" >> inv/edges.csv
git -c user.name=ward -c user.email=ward@example.invalid commit -qam broken
git checkout -q HEAD~1 -- inv/edges.csv
