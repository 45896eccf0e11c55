"""Annotate a folder of news articles in parallel with Dask, one Parquet file per partition
per table, and load the tables into DuckDB.

    python python/examples/dask_annotate.py ARTICLES_DIR OUT_DIR [--partitions N]
                                            [--scheduler tcp://HOST:8786] [--duckdb FILE]

Each partition is a list of article files; its task calls ``storyline.annotate`` on them
(every core of the worker, the GIL released) and writes ``OUT_DIR/documents/part-NNNNN.parquet``
and ``OUT_DIR/events/part-NNNNN.parquet``; DuckDB then reads ``OUT_DIR/*/*.parquet`` as two
tables. Without ``--scheduler`` the tasks run in this process's local threaded scheduler; with
``--scheduler`` they run on the workers of a running ``dask.distributed`` cluster (which need
storyline installed, and ARTICLES_DIR and OUT_DIR on storage they share, such as a network
file system; for object storage, write through ``pyarrow.fs`` instead of local paths).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Dict, List, Sequence

import dask
import dask.bag
import pyarrow as pa
import pyarrow.parquet as pq

import storyline

#: The files `storyline ingest` reads in a folder.
SUFFIXES = (".txt", ".text", ".html", ".htm", ".jsonl", ".warc", ".gz")

TRIGGER = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
PARTICIPANT = pa.struct(
    [
        ("role", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("actor", pa.string()),
    ]
)

#: One row per article: its metadata and how much was found in it.
DOCUMENTS = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("sentences", pa.int64()),
        ("entities", pa.int64()),
        ("quotes", pa.int64()),
        ("events", pa.int64()),
    ]
)

#: One row per event mention (the fields of `storyline annotate`'s event objects).
EVENTS = pa.schema(
    [
        ("document", pa.string()),
        ("sentence", pa.int64()),
        ("trigger", TRIGGER),
        ("class", pa.string()),
        ("participants", pa.list_(PARTICIPANT)),
        ("code", pa.string()),
        ("plover", pa.string()),
        ("source", pa.string()),
        ("target", pa.string()),
        ("source_code", pa.string()),
        ("target_code", pa.string()),
        ("date", pa.string()),
        ("precision", pa.string()),
        ("location", pa.string()),
        ("modality", pa.string()),
        ("score", pa.float64()),
        ("in_title", pa.bool_()),
    ]
)


def article_files(folder: pathlib.Path) -> List[pathlib.Path]:
    """The article files under `folder` (recursing, hidden ones skipped), in name order."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.name.endswith(SUFFIXES)
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def annotate_partition(index: int, paths: Sequence[str], out_dir: str) -> Dict[str, int]:
    """One task: annotate the files of partition `index` and write its two Parquet files.
    Returns the counts it wrote."""
    docs = storyline.annotate([pathlib.Path(p) for p in paths])
    documents = [
        {
            "id": d["id"],
            "title": d["title"],
            "published": d["published"],
            "outlet": d["outlet"],
            "url": d["url"],
            "sentences": len(d["sentences"]),
            "entities": len(d["entities"]),
            "quotes": len(d["quotes"]),
            "events": len(d["events"]),
        }
        for d in docs
    ]
    events = [
        {"document": d["id"], **{f: e.get(f) for f in EVENTS.names if f != "document"}}
        for d in docs
        for e in d["events"]
    ]
    out = pathlib.Path(out_dir)
    for table, schema, rows in (("documents", DOCUMENTS, documents), ("events", EVENTS, events)):
        (out / table).mkdir(parents=True, exist_ok=True)
        pq.write_table(
            pa.Table.from_pylist(rows, schema=schema),
            out / table / f"part-{index:05d}.parquet",
            compression="zstd",
        )
    return {
        "documents": len(documents),
        "events": len(events),
        "quotes": sum(r["quotes"] for r in documents),
    }


def run(
    articles: pathlib.Path,
    out_dir: pathlib.Path,
    partitions: int = 4,
    scheduler: str | None = None,
) -> Dict[str, int]:
    """Annotates every article file under `articles` in `partitions` Dask tasks, writing
    Parquet under `out_dir`; returns the total counts. `scheduler` is the address of a
    dask.distributed scheduler (``tcp://HOST:8786``), else the local threaded scheduler."""
    files = [str(p) for p in article_files(articles)]
    if not files:
        raise SystemExit(f"no article files under {articles}")
    partitions = max(1, min(partitions, len(files)))
    # Contiguous chunks, so each task holds neighbouring files (one storyline batch each).
    size = -(-len(files) // partitions)
    chunks = [(i, files[i * size : (i + 1) * size]) for i in range(partitions)]
    chunks = [c for c in chunks if c[1]]
    bag = dask.bag.from_sequence(chunks, npartitions=len(chunks))
    tasks = bag.map(lambda chunk: annotate_partition(chunk[0], chunk[1], str(out_dir)))
    if scheduler:
        from dask.distributed import Client  # pip install "dask[distributed]"

        with Client(scheduler):
            counts = tasks.compute()
    else:
        counts = tasks.compute(scheduler="threads")
    return {key: sum(c[key] for c in counts) for key in ("documents", "events", "quotes")}


def load_into_duckdb(out_dir: pathlib.Path, database: str = ":memory:"):
    """A DuckDB connection with the tables `documents` and `events` loaded from the Parquet
    files under `out_dir`."""
    import duckdb

    con = duckdb.connect(database)
    for table in ("documents", "events"):
        glob = str(out_dir / table / "*.parquet").replace("'", "''")
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet('{glob}')")
    return con


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=pathlib.Path, help="folder of article files")
    parser.add_argument("out", type=pathlib.Path, help="folder for the Parquet files")
    parser.add_argument("--partitions", type=int, default=4, help="Dask tasks (default 4)")
    parser.add_argument("--scheduler", help="dask.distributed scheduler address (tcp://HOST:8786)")
    parser.add_argument("--duckdb", default=":memory:", help="DuckDB database file to load into")
    args = parser.parse_args(argv)
    counts = run(args.articles, args.out, args.partitions, args.scheduler)
    con = load_into_duckdb(args.out, args.duckdb)
    print(f"annotated {counts['documents']} documents: {counts['events']} events, {counts['quotes']} quotes")
    for code, plover, n in con.execute(
        "SELECT code, plover, count(*) AS n FROM events WHERE code IS NOT NULL "
        "GROUP BY code, plover ORDER BY n DESC, code LIMIT 10"
    ).fetchall():
        print(f"{n:6d}  {code}  {plover}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
