#!/usr/bin/env bash
# Re-create the shipped entity model data/models/ner.ngm from the corpora in ../shared/data
# (see data/README.md for provenance and scores). Deterministic: the same data and the same
# newsgraph build give the same bytes. Usage: scripts/train-model.sh [NEWSGRAPH_BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-${CARGO_TARGET_DIR:-target}/release/newsgraph}"
data=../shared/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. word clusters from unlabelled news (BBC, PolNeAR training articles)
"$bin" train clusters --min-count 2 -o "$work/clusters.tsv" \
  --input "$data/bbc-news" "$data/polnear/train/text"

# 2. the tagger: CoNLL-2003 English training set plus the CrossNER politics training set (types
#    folded onto PER/ORG/LOC/MISC), best epoch by CoNLL-2003 dev F1
"$bin" train ner --epochs 15 --seed 1 --clusters "$work/clusters.tsv" \
  --train "$data/conll2003/eng.train" "$data/crossner-politics/train.txt" \
  --dev "$data/conll2003/eng.testa" \
  --output data/models/ner.ngm
