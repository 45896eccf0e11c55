#!/usr/bin/env bash
# Two `storyline ingest` workers into one PostgreSQL database against one worker into SQLite:
# times the two workers end to end (articles/s over the wall clock) and checks that they
# store the same documents, near-duplicate links, events, quotes and timeline entries.
#
#   scripts/pg_workers.sh CORPUS_DIR postgres://USER:PASSWORD@HOST:PORT/DB [BATCH]
#
# The corpus is split in two at a multiple of the batch size (default 256), so that every
# batch is the same set of articles whichever way it is ingested (a batch drops lines
# repeated across it as boilerplate and dates undated articles from its dated ones). The
# PostgreSQL database is emptied first. Needs a release build (cargo build --release).
set -euo pipefail
corpus=${1:?corpus folder}
url=${2:?postgres URL}
batch=${3:-256}
bin=${STORYLINE_BIN:-target/release/storyline}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t files < <(find "$corpus" -type f | sort)
n=${#files[@]}
half=$(( (n / 2 + batch - 1) / batch * batch ))
mkdir -p "$work/a" "$work/b" "$work/all"
for i in "${!files[@]}"; do
  f=${files[$i]}
  ln -s "$(realpath "$f")" "$work/all/$(basename "$f")"
  if (( i < half )); then ln -s "$(realpath "$f")" "$work/a/$(basename "$f")"
  else ln -s "$(realpath "$f")" "$work/b/$(basename "$f")"; fi
done
echo "corpus: $n files; worker 1: $half, worker 2: $(( n - half )); batches of $batch"

psql "$url" -qc "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
# Create the schema before timing (both workers would otherwise wait on the first one's migration).
"$bin" stats --db "$url" >/dev/null

start=$(date +%s.%N)
"$bin" ingest -q --batch "$batch" --db "$url" "$work/a" > "$work/w1.log" &
p1=$!
"$bin" ingest -q --batch "$batch" --db "$url" "$work/b" > "$work/w2.log" &
p2=$!
wait $p1; wait $p2
end=$(date +%s.%N)
cat "$work/w1.log" "$work/w2.log"
awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "two workers into PostgreSQL: %d articles in %.2f s = %.0f articles/s\n", n, e - s, n / (e - s) }'

"$bin" ingest -q --batch "$batch" --db "$work/one.db" "$work/all"

same() {
  local what=$1; shift
  "$bin" "$@" --db "$url" > "$work/pg.out"
  "$bin" "$@" --db "$work/one.db" > "$work/sqlite.out"
  if cmp -s <(sort "$work/pg.out") <(sort "$work/sqlite.out"); then
    echo "same $what ($(wc -l < "$work/pg.out") lines)"
  else
    echo "DIFFERENT $what:"; diff <(sort "$work/sqlite.out") <(sort "$work/pg.out") | head -20
    return 1
  fi
}
status=0
same "counts" stats --format json || status=1
same "documents and near-duplicate links" documents --format json --limit 1000000000 || status=1
same "quotes" quotes --format json || status=1
same "events" events --format json || status=1
same "timeline entries" timeline --all --format json || status=1
cargo run -q --release -p storyline_bench --example store_size -- "$work/one.db" "$url"
exit $status
