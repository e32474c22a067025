"""Loading every supported format, and a one-line InputError for every kind of bad file."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest

from vectorstore.errors import InputError
from vectorstore.loading import RawArticle, iter_jsonl, iter_paths, load_file

LIMIT = 1_000_000


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load_error(path: Path, max_bytes: int = LIMIT) -> str:
    with pytest.raises(InputError) as info:
        load_file(path, max_bytes=max_bytes)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def test_txt_title_is_the_first_line_and_the_body_the_rest(tmp_path):
    path = write(tmp_path, "a.txt", "\n\n  My Title  \n\nFirst paragraph.\n\nSecond.\n")
    (article,) = load_file(path, max_bytes=LIMIT)
    assert article.title == "My Title"
    assert article.text.strip() == "First paragraph.\n\nSecond."
    assert article.source == str(path.absolute())


def test_seed_title_skips_the_section_header(seeds_dir):
    (article,) = load_file(seeds_dir / "004_d5df0d445600c9d4.txt", max_bytes=LIMIT)
    assert article.title.startswith("Putin humiliated as ‘scared’ Russian troops")
    assert "World News" not in article.text and article.title not in article.text


def test_every_seed_loads(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        (article,) = load_file(path, max_bytes=LIMIT)
        first_line = next(line for line in path.read_text().splitlines() if line.strip())
        if first_line != "World News":
            assert article.title == first_line.strip()
        assert len(article.text) > 1000 and article.title not in article.text[:200]


def test_md_title_strips_hashes(tmp_path):
    path = write(tmp_path, "a.md", "# Big *story*\n\nBody text here.\n")
    (article,) = load_file(path, max_bytes=LIMIT)
    assert article.title == "Big *story*"
    assert article.text.strip() == "Body text here."


def test_long_first_paragraph_is_body_not_title(tmp_path):
    paragraph = "This first line is a whole paragraph of text. " * 10
    (article,) = load_file(write(tmp_path, "a.txt", paragraph), max_bytes=LIMIT)
    assert article.text == paragraph and len(article.title) <= 201


def test_html_keeps_visible_text_only(tmp_path):
    html = """<html><head><title>Page | Site</title>
    <meta property="og:site_name" content="The Site">
    <link rel="canonical" href="https://example.org/story">
    <script>var secret = "SCRIPT-TEXT";</script><style>p { color: red }</style></head>
    <body><nav>NAV-TEXT</nav><header>HEADER-TEXT</header>
    <h1>The  Headline</h1>
    <p>Hello <b>bold</b> world. Second sentence.<br>After a break.</p>
    <div>Outer <p>inner paragraph</p></div>
    <aside>ASIDE-TEXT</aside><form>FORM-TEXT</form><noscript>NOSCRIPT-TEXT</noscript>
    <footer>FOOTER-TEXT</footer></body></html>"""
    (article,) = load_file(write(tmp_path, "a.html", html), max_bytes=LIMIT)
    assert article.title == "The Headline"
    assert article.url == "https://example.org/story" and article.outlet == "The Site"
    assert "Hello bold world. Second sentence.\nAfter a break." in article.text
    assert "inner paragraph" in article.text
    for hidden in ("SCRIPT", "color", "NAV", "HEADER", "ASIDE", "FORM", "NOSCRIPT", "FOOTER"):
        assert hidden not in article.text
    assert "Headline" not in article.text


def test_html_without_h1_uses_title_tag(tmp_path):
    html = "<title>Just the title</title><p>Body text.</p>"
    (article,) = load_file(write(tmp_path, "a.htm", html), max_bytes=LIMIT)
    assert (article.title, article.text) == ("Just the title", "Body text.")


def test_html_with_only_scripts_is_rejected(tmp_path):
    path = write(tmp_path, "a.html", "<html><script>alert(1)</script></html>")
    assert "no visible text" in load_error(path)


def test_deeply_nested_html_is_rejected_quickly(tmp_path):
    path = write(tmp_path, "deep.html", "<div>" * 50_000 + "text" + "</div>" * 50_000)
    assert "nested too deeply" in load_error(path)


def test_json_object_and_list(tmp_path):
    record = {"title": "T", "text": "Body.", "url": "u", "published": "2022-10-01", "source": "AP"}
    (article,) = load_file(write(tmp_path, "a.json", json.dumps(record)), max_bytes=LIMIT)
    assert article == RawArticle(
        title="T",
        text="Body.",
        source=str((tmp_path / "a.json").absolute()),
        url="u",
        published="2022-10-01",
        outlet="AP",
    )
    records = [record, {"title": "U", "text": "More."}, {"text": "no title"}]
    loaded = load_file(write(tmp_path, "b.json", json.dumps(records)), max_bytes=LIMIT)
    assert [a.title for a in loaded] == ["T", "U"]
    assert loaded[1].source.endswith("b.json#item-2")
    assert loaded.problems == [f"{tmp_path / 'b.json'}: item 3: field 'title' is missing"]


def test_jsonl_loads_good_lines_and_reports_bad_ones(tmp_path):
    lines = [
        json.dumps({"title": "One", "text": "First."}),
        "{not json",
        json.dumps({"title": "Two"}),
        "",
        json.dumps({"title": "Three", "text": "Third.", "published": 2022}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "Four", "text": 5}),
    ]
    loaded = load_file(write(tmp_path, "a.jsonl", "\n".join(lines)), max_bytes=LIMIT)
    assert [a.title for a in loaded] == ["One", "Three"]
    assert [a.source.rsplit("#", 1)[1] for a in loaded] == ["line-1", "line-5"]
    assert loaded[1].published == "2022"
    problems = [p.split(": ", 1)[1] for p in loaded.problems]
    assert problems[0].startswith("line 2: invalid JSON")
    assert problems[1:] == [
        "line 3: field 'text' is missing",
        "line 6: expected a JSON object, found list",
        "line 7: field 'text' is not a string",
    ]


def test_scifact_style_abstract_list_is_the_text(tmp_path):
    line = {"doc_id": 4983, "title": "T", "abstract": ["First sentence.", "Second one."]}
    (article,) = load_file(write(tmp_path, "c.jsonl", json.dumps(line)), max_bytes=LIMIT)
    assert article.text == "First sentence. Second one."
    bad = load_error(write(tmp_path, "d.jsonl", json.dumps({"title": "T", "abstract": [1, 2]})))
    assert "field 'abstract' is not a string" in bad


def test_jsonl_limit_holds_per_record_and_bad_bytes_spoil_only_their_line(tmp_path):
    good = json.dumps({"title": "Ok", "text": "Fine. " * 30}).encode()
    lines = [good, json.dumps({"title": "Big", "text": "x" * 500}).encode(), b'{"a": "\x00"}']
    lines += [b'{"title": "Caf\xe9", "text": "latin-1"}', good]
    path = write(tmp_path, "mixed.jsonl", b"\n".join(lines))
    loaded = load_file(path, max_bytes=300)  # the file is larger; each good record is smaller
    assert path.stat().st_size > 300 and [a.title for a in loaded] == ["Ok", "Ok"]
    problems = [p.split(": ", 1)[1] for p in loaded.problems]
    assert problems[0].startswith("line 2: record too large (over limit 300 bytes")
    assert problems[1] == "line 3: binary data (NUL bytes), not text"
    assert problems[2].startswith("line 4: not UTF-8 text (invalid byte 0xe9)")
    assert load_error(write(tmp_path, "blank.jsonl", b"\n \n")).endswith("empty file")


def test_jsonl_is_read_a_line_at_a_time(tmp_path):
    record = json.dumps({"title": "T", "text": "Words in a sentence. " * 50})
    path = write(tmp_path, "many.jsonl", "\n".join([record] * 4000))
    assert path.stat().st_size > 4_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_jsonl(path, max_bytes=LIMIT))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 4000 and peak < 500_000


def test_jsonl_with_no_good_line_names_the_bad_lines(tmp_path):
    path = write(tmp_path, "a.jsonl", '{"title": "x"}\n{"text": ""}\n')
    message = load_error(path)
    assert "no valid lines" in message and "line 1" in message and "line 2" in message


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n\t", "empty file (whitespace only)"),
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (
            "latin1.txt",
            "Caf\u00e9 au lait\n\nIt was na\u00efve.".encode("cp1252"),
            "not UTF-8 text",
        ),
        ("utf16.txt", "Title\n\nBody.".encode("utf-16"), "binary file"),
        ("doc.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("noext", b"hello", "unsupported file type without an extension"),
        ("title.txt", b"Only a title\n", "only a title line"),
        ("bad.json", b"{'single': 'quotes'}", "invalid JSON"),
        ("scalar.json", b"42", "JSON must be an object or a list"),
        ("notitle.json", b'{"text": "body"}', "field 'title' is missing"),
        ("emptylist.json", b"[]", "no articles in this file"),
        ("control.txt", bytes(range(1, 9)) * 20, "binary file (mostly control characters)"),
    ],
)
def test_bad_files_get_a_one_line_reason(tmp_path, name, content, reason):
    assert reason in load_error(write(tmp_path, name, content))


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, "bom.txt", "\ufeffTitle\n\nBody.".encode())
    (article,) = load_file(path, max_bytes=LIMIT)
    assert article.title == "Title"


def test_file_over_the_size_limit_names_the_setting(tmp_path):
    path = write(tmp_path, "big.txt", "Title\n\n" + "word " * 100)
    message = load_error(path, max_bytes=100)
    assert "file too large" in message and "CLAIMCHECK_MAX_FILE_BYTES" in message
    assert load_file(path, max_bytes=1000)


def test_missing_folder_and_unreadable_paths(tmp_path):
    assert "no such file" in load_error(tmp_path / "missing.txt")
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    assert "is a folder" in load_error(folder)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in load_error(fifo)  # and does not block reading it


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "Title\n\nBody.")
    path.chmod(0)  # enough for a normal user; root reads anything, so also fake the refusal
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    try:
        assert "permission denied" in load_error(path)
    finally:
        path.chmod(0o644)


def test_iter_paths_walks_folders_sorted_and_skips_hidden(tmp_path):
    for name in ["b.txt", "a.md", "sub/c.json", ".hidden.txt", ".git/x.txt", "sub/.d/y.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    single = tmp_path / "b.txt"
    found = list(iter_paths([tmp_path, single, tmp_path / "missing.txt"]))
    assert found == [
        tmp_path / "a.md",
        tmp_path / "b.txt",
        tmp_path / "sub/c.json",
        tmp_path / "missing.txt",  # reported later by load_file
    ]
    assert list(iter_paths([tmp_path / ".hidden.txt"])) == [tmp_path / ".hidden.txt"]
