#!/bin/sh
# The README's first screen has exactly two set-up commands, and they work:
# the first (the main job on the example) is run and must report the idle
# game's first scenario as passed; the second (run the tests) is what CI runs,
# so here it is only built (`--no-run`), which also avoids running ourselves.
set -eu
cd "$(dirname "$0")/.."
commands=$(awk '/^```sh$/ {inside=1; next} /^```$/ && inside {exit} inside' README.md | sed 's/[[:space:]]*#.*$//' | grep -v '^[[:space:]]*$')
count=$(printf '%s\n' "$commands" | wc -l)
if [ "$count" -ne 2 ]; then
  echo "README's first sh block has $count commands, expected 2:" >&2
  printf '%s\n' "$commands" >&2
  exit 1
fi
first=$(printf '%s\n' "$commands" | sed -n 1p)
second=$(printf '%s\n' "$commands" | sed -n 2p)
echo "\$ $first"
out=$(sh -c "$first" 2>&1) || { printf '%s\n' "$out" | tail -40 >&2; echo "the first README command failed" >&2; exit 1; }
printf '%s\n' "$out" | grep -E '^ +passed +Purchase with sufficient funds$' >/dev/null \
  || { printf '%s\n' "$out" | tail -40 >&2; echo "the first README command did not report the idle game's scenario as passed" >&2; exit 1; }
printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed'
echo "\$ $second --no-run"
sh -c "$second --no-run" >/dev/null 2>&1 || { sh -c "$second --no-run" 2>&1 | tail -40 >&2; echo "the second README command does not build" >&2; exit 1; }
echo "both README commands work"
