#!/usr/bin/env bash
# The project's test command (README "Quick start"): installs the independent readers the
# tests call (pyshacl and rdflib, networkx, SPARQLWrapper; from PyPI) and Oxigraph's server (PyPI
# oxigraph, a remote store the tests write to; Virtuoso, the other, is a Debian package that
# .ci/run installs, and its tests say SKIPPED without it) when missing, then runs every test of the workspace
# (the extraction and graph crates' unit tests and doctests, the binary's integration tests) in
# the release profile (the profile benchmarks and the binary use, so RocksDB is built once).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import pyshacl, rdflib, networkx, SPARQLWrapper' 2>/dev/null; then
  # a Debian system Python refuses plain pip installs (PEP 668)
  python3 -m pip install --quiet pyshacl rdflib networkx SPARQLWrapper 2>/dev/null || python3 -m pip install --quiet --break-system-packages pyshacl rdflib networkx SPARQLWrapper
fi
if ! command -v oxigraph >/dev/null; then
  python3 -m pip install --quiet oxigraph 2>/dev/null || python3 -m pip install --quiet --break-system-packages oxigraph
fi
exec cargo test --release --workspace "$@"
