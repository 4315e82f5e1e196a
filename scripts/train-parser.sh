#!/usr/bin/env bash
# Re-create the shipped tagger and parser, data/models/parser.ngp, from Universal Dependencies
# English EWT (CC BY-SA 4.0; provenance and scores in data/README.md). Only EWT trains it: GUM's
# licence is non-commercial, so GUM is for evaluation alone. Deterministic: the same data, seed
# and newsgraph build give the same bytes. Usage: scripts/train-parser.sh [NEWSGRAPH_BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-${CARGO_TARGET_DIR:-target}/release/newsgraph}"
ud=../shared/data/ud-english-ewt
"$bin" train parser --seed 1 \
  --train "$ud/en_ewt-ud-train.conllu" --dev "$ud/en_ewt-ud-dev.conllu" \
  --output data/models/parser.ngp
"$bin" eval parser --parser data/models/parser.ngp --gold "$ud/en_ewt-ud-dev.conllu" \
  ../shared/data/gum-ud/en_gum-ud-dev.conllu ../shared/data/gum-ud/en_gum-ud-test.conllu
