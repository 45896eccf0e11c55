"""The Dask example in local mode over a folder of articles matches `storyline ingest`."""

import collections
import importlib.util
import shutil

import pytest

from conftest import ROOT, SEEDS, cli_json, run_cli

pytest.importorskip("dask.bag")
pytest.importorskip("duckdb")


def load_example():
    spec = importlib.util.spec_from_file_location("dask_annotate", ROOT / "python" / "examples" / "dask_annotate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dask_example_matches_a_plain_ingest(tmp_path):
    example = load_example()
    articles = tmp_path / "articles"
    # A folder of articles in subfolders, as a crawl leaves them.
    for i, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        sub = articles / f"day{i % 2}"
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copy(seed, sub / seed.name)

    db = tmp_path / "cli.db"
    run_cli("ingest", "-q", articles, db=db)
    stats = cli_json("stats", "--format", "json", db=db)[0]
    cli_events = cli_json("events", "--format", "json", db=db)
    cli_docs = cli_json("documents", "--format", "json", "--limit", "1000", db=db)

    out = tmp_path / "out"
    counts = example.run(articles, out, partitions=2)
    assert counts == {k: stats[k] for k in ("documents", "events", "quotes")}
    assert len(list((out / "events").glob("*.parquet"))) == 2

    con = example.load_into_duckdb(out)
    [(documents,)] = con.execute("SELECT count(*) FROM documents").fetchall()
    [(events,)] = con.execute("SELECT count(*) FROM events").fetchall()
    assert (documents, events) == (stats["documents"], stats["events"])
    ids = {i for (i,) in con.execute("SELECT id FROM documents").fetchall()}
    assert ids == {d["id"] for d in cli_docs}
    per_doc = dict(con.execute("SELECT document, count(*) FROM events GROUP BY document").fetchall())
    assert per_doc == dict(collections.Counter(e["document"] for e in cli_events))
    coded = con.execute(
        "SELECT document, sentence, trigger.text, code, source, target FROM events WHERE code IS NOT NULL"
    ).fetchall()
    want = [
        (e["document"], e["sentence"], e["trigger"]["text"], e["code"], e["source"], e["target"])
        for e in cli_events
        if e["code"] is not None
    ]
    assert want, "the seeds have coded events"
    assert collections.Counter(map(tuple, coded)) == collections.Counter(want)


def test_dask_example_command_line(tmp_path, capsys):
    example = load_example()
    assert example.main([str(SEEDS), str(tmp_path / "out"), "--partitions", "3"]) == 0
    assert "annotated 5 documents" in capsys.readouterr().out
