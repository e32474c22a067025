"""Archive changes shared by the CLI and the app: removal with claims, uploads ingested."""

from __future__ import annotations

import pytest

from verifier.archive import ingest_uploads, remove_article
from verifier.errors import NotFoundError
from verifier.extract.claims import extract_claims


def test_remove_article_takes_its_claims_and_keeps_the_rest(seeded_services):
    extract_claims(seeded_services)
    victim, *others = seeded_services.store.articles()
    assert seeded_services.claims.claims(victim.id)
    removed = remove_article(seeded_services, victim.id)
    assert removed.id == victim.id
    assert victim.id not in {a.id for a in seeded_services.store.articles()}
    assert not seeded_services.claims.claims(victim.id)
    assert all(seeded_services.store.article(a.id) for a in others)


def test_remove_article_of_an_unknown_id(services):
    with pytest.raises(NotFoundError):
        remove_article(services, "0000000000000000")


def test_an_upload_that_cannot_be_read_is_not_kept(services):
    summary = ingest_uploads(services, [("notes.exe", b"MZ")])
    assert summary.skipped and not summary.added
    assert not list((services.settings.data_dir / "uploads").iterdir())
