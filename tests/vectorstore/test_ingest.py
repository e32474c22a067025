"""Ingest: bad inputs are skipped with reasons, the store stays consistent, crashes are repaired."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vectorstore.embeddings import HashEmbedder
from vectorstore.models import Article
from vectorstore.store import open_store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "data", HashEmbedder(), max_file_bytes=20_000)
    yield s
    s.close()


def ids_in_chroma(store) -> list[str]:
    return store._collection.get(include=[])["ids"]


def assert_consistent(store) -> None:
    chroma = ids_in_chroma(store)
    assert len(chroma) == len(set(chroma))
    assert set(chroma) == {row[0] for row in store.catalog.chunk_rows()}
    assert (
        store.catalog.ids_with_status("pending") == store.catalog.ids_with_status("deleting") == []
    )


def article_text(n: int) -> str:
    return (
        f"Report number {n} on the harbour\n\n"
        f"The harbour authority counted {1000 + n} ships in week {n}. "
        f"Officials said the figure for district {n} was the highest since records began. "
        "Dock workers welcomed the news but warned about overtime.\n\n"
        f"A spokesperson for district {n} declined to comment on the numbers."
    )


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_is_ingested(store, tmp_path, seeds_dir):
    store.ingest([seeds_dir])
    before = {a.id: a.text for a in store.articles()}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (bad / "latin1.txt").write_bytes(
        "Caf\xe9 news\n\nA story in the wrong encoding.".encode("latin-1")
    )
    (bad / "huge.txt").write_text("Big\n\n" + "word " * 10_000)
    (bad / "notes.docx").write_text("not a supported type")
    (bad / "good.txt").write_text(article_text(1))
    (bad / "items.jsonl").write_text(
        json.dumps({"title": "Harbour two", "text": article_text(2)})
        + "\n{broken json\n"
        + json.dumps({"title": "", "text": "no title"})
        + "\n"
    )
    summary = store.ingest([bad, tmp_path / "missing.txt"])
    reasons = {Path(s.source).name: s.reason for s in summary.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "CLAIMCHECK_MAX_FILE_BYTES" in reasons["huge.txt"]
    assert "unsupported" in reasons["notes.docx"]
    assert "no such file" in reasons["missing.txt"]
    jsonl_reasons = [s.reason for s in summary.skipped if s.source.endswith("items.jsonl")]
    assert len(jsonl_reasons) == 2 and all("line" in r for r in jsonl_reasons)
    assert all("\n" not in s.reason for s in summary.skipped)
    assert len(summary.added) == 2
    after = {a.id: a.text for a in store.articles()}
    assert all(after[i] == text for i, text in before.items())  # nothing stored was lost
    assert len(after) == len(before) + 2
    assert_consistent(store)


def test_progress_reports_every_file(store, seeds_dir):
    calls = []
    store.ingest([seeds_dir], progress=lambda done, total, name: calls.append((done, total, name)))
    assert [c[0] for c in calls] == [1, 2, 3, 4, 5] and {c[1] for c in calls} == {5}
    assert sorted(c[2] for c in calls) == sorted(p.name for p in seeds_dir.iterdir())


def test_a_record_moving_within_a_jsonl_file_is_not_an_update(store, tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [{"title": f"Harbour {n}", "text": article_text(n)} for n in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    first = store.ingest([path])
    path.write_text("".join(json.dumps(r) + "\n" for r in [records[2], records[0], records[1]]))
    second = store.ingest([path])
    assert sorted(second.unchanged) == sorted(first.added) and not second.replaced
    records[1]["text"] = article_text(1).replace("welcomed", "cheered")
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    third = store.ingest([path])
    assert len(third.updated) == 1 and len(third.replaced) == 1 and store.count() == 3
    assert_consistent(store)


def test_a_jsonl_collection_larger_than_the_file_limit_is_ingested_record_by_record(
    store, tmp_path
):
    path = tmp_path / "archive.jsonl"
    records = [{"title": f"Harbour {n}", "text": article_text(n)} for n in range(60)]
    records[7]["text"] = article_text(7) + " More." * 5000  # one record over the 20,000-byte limit
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    assert path.stat().st_size > 2 * 20_000
    summary = store.ingest([path])
    assert len(summary.added) == 59 and store.count() == 59
    [skipped] = summary.skipped
    assert "line 8: record too large" in skipped.reason
    assert "CLAIMCHECK_MAX_FILE_BYTES" in skipped.reason
    assert_consistent(store)


def test_pending_and_deleting_articles_left_by_a_crash_are_finished(store, tmp_path):
    (tmp_path / "in").mkdir()
    for n in range(3):
        (tmp_path / "in" / f"{n}.txt").write_text(article_text(n))
    store.ingest([tmp_path / "in"])
    doomed = store.articles()[0]
    # A crash after writing the catalog and half the vectors of a new article ...
    from vectorstore.chunking import chunk_article
    from vectorstore.cleaning import article_id, clean_text

    text = clean_text(article_text(9)).text
    new = Article(id=article_id(text), title="half written", text=text, source="x")
    chunks = chunk_article(new.id, text, chunk_chars=120, overlap=0)
    assert len(chunks) > 1
    store.catalog.put_pending(new, chunks)
    store.write_vectors(chunks[:1])
    # ... and a crash in the middle of removing another one.
    store.catalog.mark([doomed.id], "deleting")
    assert new.id not in {a.id for a in store.articles()}  # pending is invisible
    assert all(p.article_id != new.id for p in store.search("harbour ships", k=50))
    assert doomed.id not in {a.id for a in store.articles()}

    store.ingest([tmp_path / "in"])  # the next writer repairs both
    ids = {a.id for a in store.articles()}
    assert new.id in ids and len(store.chunks(new.id)) == len(chunks)
    assert doomed.id in ids  # re-ingested from its file after the removal was finished
    assert_consistent(store)


CHILD = textwrap.dedent("""
    import sys, time
    from vectorstore.embeddings import HashEmbedder
    from vectorstore.store import open_store

    store = open_store(sys.argv[1], HashEmbedder())
    store.embed_batch = 8
    def slow(done, total, name):
        print(done, flush=True)
        time.sleep(0.01)  # widen the window so the kill lands mid-run
    store.ingest([sys.argv[2]], progress=slow)
    print("finished", flush=True)
""")


def test_kill_9_mid_ingest_then_reingest_gives_no_duplicates(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(200):
        (folder / f"{n:03d}.txt").write_text(article_text(n))
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    deadline = time.time() + 120
    for line in child.stdout:
        if line.strip() == "finished" or int(line) >= 60 or time.time() > deadline:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()

    store = open_store(data, HashEmbedder())
    interrupted = store.count()
    assert 0 < interrupted < 200, "the kill should land mid-run"
    left_pending = len(store.catalog.ids_with_status("pending"))
    summary = store.ingest([folder])
    assert len(summary.added) + len(summary.unchanged) == 200
    assert len(summary.unchanged) == interrupted + left_pending and not summary.skipped
    assert store.count() == 200
    assert_consistent(store)
    assert store.ingest([folder]).unchanged.__len__() == 200
    store.close()
