#!/usr/bin/env bash
# Trains the zstd dictionaries storyline_store compresses its small JSON parts with
# (crates/storyline_store/dicts/*.zdict) from the blobs a storyline build stores for a corpus.
#
#   scripts/store_dicts.sh [CORPUS_DIR] [OUT_DIR]
#
# Default corpus: PolNeAR dev (../shared/data/polnear/dev/text), so that the check corpus
# (PolNeAR train) is not the one the dictionaries were trained on. Needs a release build,
# python3 and the zstd command. Never replace a released dictionary: stored blobs name their
# dictionary by number (codec::Dict), so a new one gets a new number.
set -euo pipefail
corpus=${1:-../shared/data/polnear/dev/text}
out=${2:-crates/storyline_store/dicts}
bin=${STORYLINE_BIN:-target/release/storyline}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" ingest -q --db "$work/dicts.db" "$corpus"
python3 - "$work" "$out" <<'PY'
import json, os, sqlite3, subprocess, sys
work, dicts = sys.argv[1], sys.argv[2]
names = {1: "body", 2: "events", 3: "entry", 4: "terms"}

def plain(blob):
    """The bytes of a stored blob (format 1: zstd; format 2: zstd with dictionary N)."""
    if blob[0] == 1:
        args, data = ["zstd", "-d", "-c"], blob[1:]
    else:
        args, data = ["zstd", "-d", "-c", "-D", os.path.join(dicts, names[blob[1]] + ".zdict")], blob[2:]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout

def compact(entry):
    """An entry as the store keeps it: mentions by reference (see timeline::compact_entry)."""
    v = json.loads(entry)
    for m in v.get("mentions", []):
        if "text" in m:
            for k in ("outlet", "title", "text"):
                m.pop(k, None)
            m["~doc"], m["~span"] = 1, [0, len(entry)]
    return json.dumps(v, separators=(",", ":"), sort_keys=True).encode()

db = sqlite3.connect(os.path.join(work, "dicts.db"))
queries = {
    "body": ("SELECT body FROM documents", None),
    "events": ("SELECT events_z FROM documents", None),
    "entry": ("SELECT entry FROM timeline", compact),
    "terms": ("SELECT terms FROM story_terms", None),
}
for name, (sql, f) in queries.items():
    d = os.path.join(work, name)
    os.makedirs(d)
    for i, (blob,) in enumerate(db.execute(sql)):
        data = plain(blob)
        open(os.path.join(d, str(i)), "wb").write(f(data) if f else data)
PY
for name in body events entry terms; do
  # At most 64 KiB, and a tenth of the samples (zstd's advice for a useful dictionary).
  size=$(( $(cat "$work/$name"/* | wc -c) / 10 ))
  (( size > 65536 )) && size=65536
  zstd -q --train -r "$work/$name" --maxdict=$size -o "$out/$name.zdict.new"
  mv "$out/$name.zdict.new" "$out/$name.zdict"
done
ls -l "$out"
