#!/usr/bin/env bash
# Vendor the browser view's third-party JavaScript into crates/serve/web/vendor/ with its
# licence, through `npm pack` (the registry's tarball, no install, no build step), so that
# building newsgraph needs no network. Run it again to upgrade; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
CYTOSCAPE_VERSION="${CYTOSCAPE_VERSION:-3.35.0}"
dest=crates/serve/web/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "cytoscape@$CYTOSCAPE_VERSION" >/dev/null && tar xzf cytoscape-*.tgz)
mkdir -p "$dest"
cp "$tmp/package/dist/cytoscape.min.js" "$dest/cytoscape.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE-cytoscape"
echo "cytoscape $CYTOSCAPE_VERSION (MIT) from the npm registry" > "$dest/README"
echo "vendored cytoscape $CYTOSCAPE_VERSION into $dest"
