"""ArchiveStore: idempotent ingest, updates, removal, embedder mixing, duplicates, corpus hash."""

from __future__ import annotations

import shutil

import pytest

from vectorstore.embeddings import HashEmbedder
from vectorstore.errors import InputError, NotFoundError, StoreError
from vectorstore.store import open_store

BODY = (
    "The city council approved a budget of 4.2 million euros on Monday. "
    "The mayor said the money would repair the old bridge over the river.\n\n"
    "Opposition members voted against it, saying the bridge should be replaced instead. "
    "Work is expected to start in the spring and last eleven months."
)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "data", HashEmbedder())
    yield s
    s.close()


def vector_ids(store) -> set[str]:
    return set(store._collection.get(include=[])["ids"])


def catalog_chunk_ids(store) -> set[str]:
    return {row[0] for row in store.catalog.chunk_rows()}


def assert_consistent(store) -> None:
    """Every searchable chunk has exactly one vector and no vector is orphaned."""
    assert vector_ids(store) == catalog_chunk_ids(store)
    assert store.catalog.ids_with_status("pending") == []
    assert store.catalog.ids_with_status("deleting") == []


def test_ingest_twice_changes_nothing(store, seeds_dir):
    first = store.ingest([seeds_dir])
    assert len(first.added) == 5 and first.chunks > 5
    version, hash_ = store.catalog.version(), store.corpus_hash()
    second = store.ingest([seeds_dir])
    assert sorted(second.unchanged) == sorted(first.added)
    assert not second.changed and second.chunks == 0
    assert store.catalog.version() == version and store.corpus_hash() == hash_
    assert store.count() == 5
    assert_consistent(store)


def test_chunks_carry_exact_offsets(store, seeds_dir):
    store.ingest([seeds_dir])
    for article in store.articles():
        chunks = store.chunks(article.id)
        assert len(chunks) == article.chunk_count > 0
        for chunk in chunks:
            assert article.text[chunk.start : chunk.end] == chunk.text
            assert all(chunk.start <= s < e <= chunk.end for s, e in chunk.sentences)


def test_edited_file_replaces_old_chunks(store, tmp_path):
    path = tmp_path / "in" / "bridge.txt"
    path.parent.mkdir()
    path.write_text("Council approves bridge budget\n\n" + BODY)
    old_id = store.ingest([path.parent]).added[0]
    path.write_text(
        "Council approves bridge budget\n\n" + BODY.replace("4.2 million", "5.9 million")
    )
    summary = store.ingest([path.parent])
    assert len(summary.updated) == 1 and summary.replaced == [old_id]
    new_id = summary.updated[0]
    assert [a.id for a in store.articles()] == [new_id]
    with pytest.raises(NotFoundError):
        store.chunks(old_id)
    assert not any(cid.startswith(old_id) for cid in vector_ids(store))
    assert all("4.2 million" not in p.text for p in store.search("4.2 million euros", k=5))
    assert "5.9 million" in store.search("5.9 million euros", k=1)[0].text
    assert_consistent(store)


def test_remove_leaves_no_chunk_behind(store, seeds_dir):
    store.ingest([seeds_dir])
    victim = store.search("Kryvyi Rih", k=1)[0].article_id
    store.remove(victim)
    assert victim not in {a.id for a in store.articles()} and store.count() == 4
    assert not any(cid.startswith(victim) for cid in vector_ids(store))
    assert store.catalog.chunks(victim) == []
    for mode in ("hybrid", "dense", "lexical"):
        assert all(p.article_id != victim for p in store.search("Kryvyi Rih", k=20, mode=mode))
    with pytest.raises(NotFoundError):
        store.remove(victim)
    assert_consistent(store)


def test_add_text_returns_the_stored_article(store):
    article = store.add_text("Bridge budget", BODY, source="upload:bridge", outlet="Gazette")
    assert article.outlet == "Gazette" and article.chunk_count == len(store.chunks(article.id))
    assert store.add_text("Bridge budget", BODY).id == article.id  # same text, same id, no copy
    assert store.count() == 1
    with pytest.raises(InputError):
        store.add_text("Empty", "   \n  ")


def test_a_store_refuses_a_second_embedder(tmp_path):
    open_store(tmp_path / "d", HashEmbedder()).close()
    with pytest.raises(StoreError, match="CLAIMCHECK_EMBEDDER"):
        open_store(tmp_path / "d", HashEmbedder(dimensions=256))


def test_lost_vectors_are_rebuilt_from_the_catalog(tmp_path, seeds_dir):
    store = open_store(tmp_path / "d", HashEmbedder())
    store.ingest([seeds_dir])
    expected = catalog_chunk_ids(store)
    store.close()
    shutil.rmtree(tmp_path / "d" / "chroma")
    import chromadb

    chromadb.api.shared_system_client.SharedSystemClient.clear_system_cache()
    store = open_store(tmp_path / "d", HashEmbedder())
    assert store.ingest([seeds_dir]).unchanged  # the next write re-embeds what the catalog holds
    assert vector_ids(store) == expected
    store.close()


def test_other_processes_writes_are_seen_by_search(tmp_path):
    reader = open_store(tmp_path / "d", HashEmbedder())
    writer = open_store(tmp_path / "d", HashEmbedder())
    assert reader.search("bridge budget", k=1) == []
    writer.add_text("Bridge budget", BODY)
    assert reader.search("bridge", k=1, mode="lexical")[0].title == "Bridge budget"
    reader.close()
    writer.close()


def test_near_duplicates_finds_copies_only(store, seeds_dir):
    store.ingest([seeds_dir])
    original = store.search("Kryvyi Rih", k=1)[0].article_id
    text = store.article(original).text
    copy = store.add_text("Syndicated copy", text + "\n\nShare this article with a friend today.")
    assert store.near_duplicates(original) == [copy.id]
    assert original in store.near_duplicates(copy.id)
    others = [a.id for a in store.articles() if a.id not in (original, copy.id)]
    assert all(store.near_duplicates(other) == [] for other in others)


def test_corpus_hash_follows_content(store):
    empty = store.corpus_hash()
    article = store.add_text("Bridge budget", BODY)
    with_one = store.corpus_hash()
    assert with_one != empty
    store.remove(article.id)
    assert store.corpus_hash() == empty
