"""Uploads: hostile names never write outside the data dir; count and size limits; many files stream."""

from __future__ import annotations

import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from verifier.archive import ingest_uploads, save_uploads
from verifier.errors import InputError

ARTICLE = b"Council approves 40 buses\n\nThe city council of Porto approved 40 new electric buses on Monday, officials said.\n"

HOSTILE = [
    "../../evil.txt",
    "../" * 30 + "etc/passwd",
    "/etc/passwd",
    "/tmp/x.txt",
    "..\\..\\windows\\evil.txt",
    "C:\\Users\\x\\evil.txt",
    "a\x00b.txt",
    "line\nbreak.txt",
    "tab\tname.txt",
    "\u00fcn\u00efc\u00f6d\u00e9-\u65e5\u672c.txt",
    "x" * 1000 + ".txt",
    "\u00e9" * 300 + ".txt",
    "\U0001f600" * 100 + ".md",
    ".hidden.txt",
    "-rf.txt",
    "con.txt",
    "a/../../b.txt",
    "~/evil.txt",
    "%2e%2e%2fevil.txt",
    "\u202eevil\u202dtxt.exe",
]


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _all_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_in_the_upload_folder(tmp_path, name):
    data = tmp_path / "data"
    try:
        paths = save_uploads(data, [(name, ARTICLE)])
    except InputError as exc:
        assert "rename" in str(exc)
        paths = []
    for path in paths:
        assert _inside(data / "uploads", path) and path.read_bytes() == ARTICLE
        assert len(path.name.encode()) <= 255
    assert _all_files(tmp_path) == set(paths)


@hsettings(max_examples=150, deadline=None)
@given(
    st.text(min_size=0, max_size=400), st.sampled_from(["", "../", "/", "..\\", "./../x/", "\x00"])
)
def test_any_name_is_stored_inside_or_refused(name, prefix):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        try:
            paths = save_uploads(root / "data", [(prefix + name, b"x"), (prefix + name, b"y")])
        except InputError:
            paths = []
        for path in paths:
            assert _inside(root / "data" / "uploads", path)
        assert _all_files(root) == set(paths)
        if paths:  # the same name twice in one upload: neither file is lost
            assert len(set(paths)) == 2 and {p.read_bytes() for p in paths} == {b"x", b"y"}


def test_a_link_planted_in_the_upload_folder_is_replaced_not_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"precious")
    folder = tmp_path / "data" / "uploads"
    folder.mkdir(parents=True)
    (folder / "report.txt").symlink_to(outside)
    [path] = save_uploads(tmp_path / "data", [("report.txt", ARTICLE)])
    assert outside.read_bytes() == b"precious"
    assert not path.is_symlink() and path.read_bytes() == ARTICLE


def test_same_name_twice_keeps_both_articles(services):
    other = ARTICLE.replace(b"Porto", b"Varna").replace(b"40", b"55")
    summary = ingest_uploads(services, [("story.txt", ARTICLE), ("story.txt", other)])
    assert len(summary.added) == 2
    assert services.store.count() == 2


def test_too_many_files_are_refused_before_anything_is_written(services):
    limit = services.settings.max_upload_files
    files = [(f"{i}.txt", ARTICLE) for i in range(limit + 1)]
    with pytest.raises(InputError, match="CLAIMCHECK_MAX_UPLOAD_FILES"):
        ingest_uploads(services, files)
    assert not list((services.settings.data_dir / "uploads").glob("*"))
    assert services.store.count() == 0


def test_oversized_file_is_skipped_and_not_kept(services):
    services.store.add_text("Kept", ARTICLE.decode().split("\n\n", 1)[1])
    big = b"Big story\n\n" + b"The council met again. " * (services.settings.max_file_bytes // 20)
    summary = ingest_uploads(
        services, [("big.txt", big), ("ok.txt", ARTICLE.replace(b"Porto", b"Cork"))]
    )
    assert [s.reason for s in summary.skipped if "big" in s.source]
    assert "large" in summary.skipped[0].reason or "bytes" in summary.skipped[0].reason
    assert not (services.settings.data_dir / "uploads" / "big.txt").exists()
    assert services.store.count() == 2  # the earlier article and the good upload


def _ingest_peak(services, folder: Path) -> tuple[int, int]:
    sizes: list[int] = []
    write = services.store.write_vectors
    services.store.write_vectors = lambda chunks: (sizes.append(len(chunks)), write(chunks))[1]
    tracemalloc.start()
    try:
        services.store.ingest([folder])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        services.store.write_vectors = write
    return peak, max(sizes)


def test_many_small_files_stream_in_bounded_memory(settings, synthetic, tmp_path):
    from verifier.services import build_services

    small = synthetic.write_archive(tmp_path / "small", n=40, seed=31, max_extra=4)
    large = synthetic.write_archive(tmp_path / "large", n=240, seed=32, max_extra=4)
    few = build_services(settings.model_copy(update={"data_dir": tmp_path / "few"}))
    many = build_services(settings.model_copy(update={"data_dir": tmp_path / "many"}))
    try:
        peak_small, batch_small = _ingest_peak(few, small)
        peak_large, batch_large = _ingest_peak(many, large)
        assert many.store.count() == 240
    finally:
        few.store.close()
        many.store.close()
    # Six times the files, not six times the memory: chunks go to Chroma in fixed batches.
    assert batch_large <= many.store.embed_batch + 20  # one batch plus the last article's chunks
    assert peak_large < 1.5 * peak_small, (peak_small, peak_large)  # measured: 5.2 MB vs 6.0 MB
