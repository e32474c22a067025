"""The Chroma server path under 20 concurrent searches from the app's API: no errors, same answers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.vectorstore.test_chroma_server import chroma_server  # noqa: F401 - the server fixture
from verifier.checking import check_claim
from verifier.services import build_services
from verifier.settings import Settings

pytestmark = pytest.mark.server


def test_twenty_concurrent_searches_through_the_server(chroma_server, tmp_path, synthetic):  # noqa: F811
    archive = synthetic.write_archive(tmp_path / "archive", n=120, seed=41, max_extra=8)
    settings = Settings(
        data_dir=tmp_path / "data",
        llm="fake",
        embedder="hash",
        chroma_host="127.0.0.1",
        chroma_port=chroma_server,
        collection="reliability-load",
        _env_file=None,
    )
    services = build_services(settings)
    store = services.store
    try:
        assert len(store.ingest([archive]).added) == 120
        assert not (tmp_path / "data" / "chroma").exists()  # the vectors are in the server
        queries = [
            a["text"].split(". ")[0] for a in synthetic.iter_articles(60, seed=41, max_extra=8)
        ]
        expected = {q: [p.chunk.id for p in store.search(q, k=5)] for q in queries[:20]}

        def search(query: str) -> list[str]:
            return [p.chunk.id for p in store.search(query, k=5)]

        with ThreadPoolExecutor(max_workers=20) as pool:
            got = list(pool.map(search, queries[:20] * 3))
            checks = list(pool.map(lambda q: check_claim(services, q, k=3), queries[20:40]))
        assert got == [
            expected[q] for q in queries[:20] * 3
        ]  # no error, and the same answers as alone
        assert all(r.evidence for r in checks)
    finally:
        store.close()
