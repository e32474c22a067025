"""Library page in AppTest: ingest with progress, article list and view, extraction, removal, uploads."""

from __future__ import annotations

from tests.ui.helpers import SEEDS, open_app, texts
from verifier.archive import ingest_uploads


def _click(at, label):
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception
    return at


def test_empty_library_then_ingest_seeds(app_services):
    at = open_app("ui/library.py")
    assert any("archive is empty" in i.value for i in at.info)
    at = _click(at, "Ingest the bundled seed articles")
    assert app_services.store.count() == len(list(SEEDS.glob("*.txt")))
    assert any(f"{app_services.store.count()} added" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert sorted(table["title"]) == sorted(a.title for a in app_services.store.articles())
    assert (table["claims"] == 0).all()


def test_extract_marks_claims_in_the_article(seeded):
    at = _click(open_app("ui/library.py"), "Extract claims")
    claims = seeded.claims.claims()
    assert claims
    assert any(f"Extracted {len(claims)} claims" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert table["claims"].sum() == len(claims)
    shown = seeded.store.article(at.selectbox(key="read_article").value)
    mine = [c for c in claims if c.article_id == shown.id]
    page = texts(at)
    assert 1 <= page.count("<mark style=") <= len(mine)
    assert f"{len(mine)} claims marked" in page


def test_marks_take_the_verdict_that_stands_after_review(checked):
    """The Library colours a reviewed claim by the reviewer's verdict, as the Claims page does."""
    from verifier.archive import review_claim

    at = open_app("ui/library.py")
    shown = at.selectbox(key="read_article").value
    mine = sorted(checked.claims.claims(shown), key=lambda c: (c.start, -c.end))
    machine = {r.verdict for c, r in checked.claims.results().items() if c in {m.id for m in mine}}
    override = next(v for v in ("contradicted", "disputed", "corroborated") if v not in machine)
    review_claim(checked, mine[0].id, override, note="read it myself")
    page = texts(open_app("ui/library.py"))
    # The tint is written out: the vocabulary must keep the Library's colours.
    tint = {"contradicted": "#fecaca", "disputed": "#fed7aa", "corroborated": "#bbf7d0"}[override]
    assert page.count(f"background:{tint}") == 1
    assert f'title="{override}: ' in page


def test_remove_asks_first_and_removes_claims(seeded):
    from verifier.extract.claims import extract_claims

    extract_claims(seeded)
    at = open_app("ui/library.py")
    article_id = at.selectbox(key="read_article").value
    before = seeded.store.count()
    at = _click(at, "Remove this article")
    assert seeded.store.count() == before  # nothing happens before the confirmation
    assert any("cannot be undone" in w.value for w in at.warning)
    at = _click(at, "Cancel")
    assert seeded.store.count() == before
    at = _click(at, "Remove this article")
    at = _click(at, "Yes, remove it")
    assert seeded.store.count() == before - 1
    assert article_id not in {a.id for a in seeded.store.articles()}
    assert not seeded.claims.claims(article_id)
    assert any("Removed" in s.value for s in at.success)


def test_unsupported_upload_is_refused_and_nothing_lost(seeded):
    before = {a.id: a.text for a in seeded.store.articles()}
    summary = ingest_uploads(
        seeded,
        [
            ("notes.pdf", b"%PDF-1.4 not an article"),
            ("new.txt", b"Fresh title\n\nA new article about Kherson and its defenders."),
        ],
    )
    assert [s.source.rsplit("/", 1)[-1] for s in summary.skipped] == ["notes.pdf"]
    assert "unsupported file type" in summary.skipped[0].reason
    assert len(summary.added) == 1
    after = {a.id: a.text for a in seeded.store.articles()}
    assert {k: after[k] for k in before} == before
    assert not (seeded.settings.data_dir / "uploads" / "notes.pdf").exists()


def test_skipped_upload_shows_a_clear_error(seeded):
    summary = ingest_uploads(seeded, [("evil.exe", b"MZ")])
    at = open_app("ui/library.py")
    at.session_state["ingest_summary"] = summary
    at.run()
    (error,) = at.error
    message = error.value.replace("\\", "")  # markdown escapes
    assert "evil.exe" in message and "unsupported file type '.exe'" in message


def test_a_bad_line_of_a_collection_is_reported_as_skipped_not_the_file(seeded):
    jsonl = b'{"title": "No text"}\n{"title": "Drones", "text": "Kyiv said 40 drones fell."}\n'
    summary = ingest_uploads(seeded, [("mixed.jsonl", jsonl)])
    assert len(summary.added) == 1
    at = open_app("ui/library.py")
    at.session_state["ingest_summary"] = summary
    at.run()
    (error,) = at.error
    message = error.value.replace("\\", "")  # markdown escapes
    assert message.startswith("**mixed.jsonl**, line 1, was skipped: field 'text' is missing")
    assert "not ingested" not in message


def test_the_uploader_says_what_ingest_accepts(app_services):
    at = open_app("ui/library.py")
    [uploader] = at.get("file_uploader")
    limit = f"{app_services.settings.max_file_bytes / 1e6:g} MB"
    # Streamlit's own caption says 200MB per file; ingest skips articles over the setting.
    assert f"Each article file up to {limit} (CLAIMCHECK_MAX_FILE_BYTES)" in uploader.proto.help
    assert f"At most {app_services.settings.max_upload_files} files" in uploader.proto.help


def test_the_library_shows_how_far_the_archive_is_cross_checked(seeded):
    from verifier.checking import check_claim
    from verifier.extract.claims import extract_claims

    claims = extract_claims(seeded)
    first = claims[0]
    result = check_claim(seeded, first.text, exclude_article=first.article_id, claim_id=first.id)
    seeded.claims.save_result(first.id, result, corpus_key="k")
    at = open_app("ui/library.py")
    [bar] = at.get("progress")
    # What start.sh's background `claimcheck crosscheck` has done so far, refreshed while it runs.
    assert bar.proto.text == f"Cross-checked 1 of {len(claims)} claims"
