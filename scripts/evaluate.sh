#!/usr/bin/env bash
# Runs every evaluation against the public corpora (train/dev splits only) and
# prints the figures reported on the issues. Usage: scripts/evaluate.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data}"
run() { echo; echo "### $*"; cargo run --quiet --release "$@"; }

run -p storyline_html --example eval_extraction -- "$data/article-extraction"
run -p storyline_nlp --example eval_nlp -- "$data/ud-english-ewt/en_ewt-ud-dev.conllu"
run -p storyline_ner --example eval_ner -- "$data/conll2003/valid.txt"
run -p storyline_time --example eval_tempeval -- "$data/tempeval3"
run -p storyline_quotes --example eval_polnear -- "$data/polnear" dev
run -p storyline_events --example eval_mentions -- "$data/tempeval3"
run -p storyline_bench --example eval_anchoring -- "$data/tempeval3"
run -p storyline_events --example eval_plover -- "$data/plover/gsr_dev.json"
run -p storyline_bench --example eval_ecbplus -- "$data/ecbplus"
# The coding score's 5-fold cross-validated figures (PLOVER gold and labelled news), into a
# scratch directory: the committed model is not touched.
scratch="$(mktemp -d)"
run -p storyline_cli --bin storyline -- train coding --data "$data" --out "$scratch"
# The merge's pair model: cross-validated pair figures (ECB+, labelled news) and ECB+ dev.
run -p storyline_cli --bin storyline -- train merge --data "$data" --out "$scratch"
rm -rf "$scratch"
exit 0
