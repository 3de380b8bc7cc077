#!/bin/sh
# The runtime users depend on (`default-features = false`) must not pull in the
# dependencies of the `cargo aspect` binary. Lists the normal dependency tree
# without the `cli` feature and fails if a CLI-only crate shows up.
# (clap is not on the list: libtest-mimic parses libtest's arguments with it.)
set -eu
cd "$(dirname "$0")/.."
tree=$(cargo tree -p cargo-aspect --no-default-features -e normal --prefix none)
found=0
for crate in "cargo_metadata v" "escargot v" "which v" "anyhow v" "toml_edit v0.25"; do
  if printf '%s\n' "$tree" | grep -q "^$crate"; then
    echo "the runtime depends on ${crate% v*} without the cli feature:" >&2
    cargo tree -p cargo-aspect --no-default-features -e normal -i "${crate%% *}" >&2 || true
    found=1
  fi
done
if [ "$found" -eq 0 ]; then
  echo "runtime: $(printf '%s\n' "$tree" | sort -u | wc -l) crates, none of them CLI-only"
fi
exit "$found"
