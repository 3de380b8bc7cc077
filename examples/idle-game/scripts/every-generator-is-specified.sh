#!/bin/sh
# Every generator name in idle-core (the `=> "name"` arms of Generator::name)
# must appear in at least one .feature file of the idle game.
set -eu
here=$(dirname "$0")/..
names=$(sed -n '/pub fn name(self)/,/^    }/p' "$here/core/src/lib.rs" | grep -o '=> "[^"]*"' | sed 's/=> "\(.*\)"/\1/')
[ -n "$names" ] || { echo "found no generator names in core/src/lib.rs" >&2; exit 2; }
echo "$names" | while IFS= read -r name; do
  if grep -rqi -- "$name" "$here/specs"; then
    echo "specified: $name"
  else
    echo "NOT SPECIFIED: $name (add a scenario to examples/idle-game/specs/)" >&2
    exit 1
  fi
done
