#!/usr/bin/env bash
# Release artefacts generated from the command line's own definition: the man page and the shell
# completion scripts, into $CARGO_TARGET_DIR/artefacts (or the folder given). Each is checked by
# an independent reader: groff renders the man page with every warning on (any warning fails),
# and bash (zsh, fish when installed) parses its completion script.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/newsgraph-target}"
bin="$CARGO_TARGET_DIR/release/newsgraph"
[ -x "$bin" ] || cargo build --release
art="${1:-$CARGO_TARGET_DIR/artefacts}"
mkdir -p "$art/completions"
"$bin" man -o "$art/newsgraph.1"
for sh in bash zsh fish elvish powershell; do
  "$bin" completions "$sh" -o "$art/completions/newsgraph.$sh"
done
warnings=$(groff -man -Tutf8 -ww -z "$art/newsgraph.1" 2>&1)
if [ -n "$warnings" ]; then
  echo "groff warns about the man page:" >&2
  echo "$warnings" >&2
  exit 1
fi
if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$art/newsgraph.1" | grep -q "NEWSGRAPH INGEST"
fi
bash -n "$art/completions/newsgraph.bash"
if command -v zsh >/dev/null; then zsh -n "$art/completions/newsgraph.zsh"; fi
if command -v fish >/dev/null; then fish -n "$art/completions/newsgraph.fish"; fi
echo "wrote $art/newsgraph.1 and $art/completions/newsgraph.{bash,zsh,fish,elvish,powershell}"
