cp -r "$WARD_SOURCE_DIR/docs/examples/acme" inv
