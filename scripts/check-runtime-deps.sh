#!/bin/sh
# The runtime users depend on (`default-features = false`) must not pull in the
# dependencies of the `cargo aspect` binary (nor a serde layer over YAML: the
# frontmatter is mapped by hand; nor serde at all: the runtime writes its event
# JSON and reads its TOML by hand), and a specs-only runtime (no `aspects` /
# `imports` features) must not pull in what only aspects need.
# Lists the normal dependency trees (proc macros left out: they run in the
# compiler, so the syn they use is not the runtime's) and fails if such a crate shows up.
# (clap is not on the list: libtest-mimic parses libtest's arguments with it.)
set -eu
cd "$(dirname "$0")/.."
found=0
# check "<cargo tree feature args>" "<what>" crate...
check() {
  args=$1 what=$2
  shift 2
  # shellcheck disable=SC2086
  tree=$(cargo tree -p cargo-aspect $args -e normal,no-proc-macro --prefix none)
  for crate in "$@"; do
    if printf '%s\n' "$tree" | grep -q "^$crate"; then
      echo "the runtime ($what) depends on ${crate% v*}:" >&2
      # shellcheck disable=SC2086
      cargo tree -p cargo-aspect $args -e normal,no-proc-macro -i "${crate%% *}" >&2 || true
      found=1
    fi
  done
  echo "runtime ($what): $(printf '%s\n' "$tree" | sort -u | wc -l) crates"
}
check "--no-default-features --features imports" "all runtime features, no cli" \
  "cargo_metadata v" "escargot v" "which v" "toml_edit v0.25" "pulldown-cmark v" \
  "schemars v" "jsonschema v" "serde-saphyr v" "encoding_rs v" "annotate-snippets v" \
  "serde v" "serde_core v" "serde_json v" "zmij v"
check "--no-default-features" "specs only" \
  "cargo_metadata v" "escargot v" "which v" "toml_edit v" "pulldown-cmark v" \
  "granit-parser v" "syn v" "serde v" "serde_core v" "serde_json v"
exit "$found"
