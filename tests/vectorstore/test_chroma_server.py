"""Ingest and search through a real `chroma run` server (HttpClient), started on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from vectorstore.embeddings import HashEmbedder
from vectorstore.store import open_store

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    exe = Path(sys.executable).with_name("chroma")
    if not exe.exists():
        exe = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path / "server.log", "wb")
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2
                ) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(
                    f"chroma server did not start: {(path / 'server.log').read_text()}"
                )
            time.sleep(0.2)
        yield port
    finally:
        proc.kill()
        proc.wait()
        log.close()


def test_ingest_search_remove_through_the_server(chroma_server, tmp_path, seeds_dir):
    store = open_store(
        tmp_path / "data", HashEmbedder(), chroma_host="127.0.0.1", chroma_port=chroma_server
    )
    assert not (tmp_path / "data" / "chroma").exists()  # vectors live in the server only
    summary = store.ingest([seeds_dir])
    assert len(summary.added) == 5
    assert store.vector_count() == store.catalog.chunk_count()
    top = store.search("Kryvyi Rih", k=1)[0]
    assert "Kryvyi Rih" in top.text and top.dense_rank is not None
    others = store.search("Kryvyi Rih", k=10, exclude=[top.article_id], mode="dense")
    assert others and top.article_id not in {p.article_id for p in others}
    assert (
        store.ingest([seeds_dir]).unchanged and store.vector_count() == store.catalog.chunk_count()
    )
    store.remove(top.article_id)
    assert store.vector_count() == store.catalog.chunk_count()
    assert all(
        p.article_id != top.article_id for p in store.search("Kryvyi Rih", k=20, mode="dense")
    )
    store.close()


def test_a_new_server_is_filled_from_the_existing_catalog(chroma_server, tmp_path, seeds_dir):
    local = open_store(tmp_path / "data", HashEmbedder())
    local.ingest([seeds_dir])
    query = "Russian commanders abandon their troops"
    expected = [p.chunk.id for p in local.search(query, k=5, mode="dense")]
    local.close()
    remote = open_store(
        tmp_path / "data",
        HashEmbedder(),
        chroma_host="127.0.0.1",
        chroma_port=chroma_server,
        collection="moved-here",
    )
    remote.ingest([seeds_dir])
    assert remote.vector_count() == remote.catalog.chunk_count() > 0
    assert [p.chunk.id for p in remote.search(query, k=5, mode="dense")] == expected
    remote.close()


def test_twenty_concurrent_searches_through_the_server(chroma_server, tmp_path, seeds_dir):
    from concurrent.futures import ThreadPoolExecutor

    store = open_store(
        tmp_path / "data",
        HashEmbedder(),
        chroma_host="127.0.0.1",
        chroma_port=chroma_server,
        collection="concurrent",
    )
    store.ingest([seeds_dir])
    queries = ["Kryvyi Rih", "12,730 soldiers", "Putin mutiny", "troops flee", "morale"] * 4
    expected = {q: [p.chunk.id for p in store.search(q, k=3)] for q in set(queries)}
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda q: [p.chunk.id for p in store.search(q, k=3)], queries))
    assert results == [expected[q] for q in queries]
    store.close()
