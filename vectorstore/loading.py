"""Read article files (.txt, .md, .html, .json, .jsonl) into raw articles, with one-line errors."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel
from selectolax.lexbor import LexborHTMLParser

from vectorstore.cleaning import is_boilerplate_line
from vectorstore.errors import InputError

SUPPORTED = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MAX_REPORTED_PROBLEMS = 5
TEXT_ALIASES = ("text", "abstract", "body", "content")
MAX_TITLE_CHARS = 200
MAX_HTML_DEPTH = 2000
CONTAINER_TAG = re.compile(
    r"<(/?)(?:div|section|article|main|blockquote|ul|ol|dl|table|form|fieldset|figure|details|center|"
    r"address|nav|aside|header|footer)\b",
    re.IGNORECASE,
)
HIDDEN_TAGS = """script style nav header footer aside form noscript template svg iframe button select
    object embed canvas head""".split()
BLOCK_TAGS = frozenset(
    """p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tr td th thead tbody section article main
    blockquote pre figure figcaption address hr body html center details summary""".split()
)


class RawArticle(BaseModel):
    """An article as found in a file: title and body text, not yet cleaned."""

    title: str
    text: str
    source: str
    url: str | None = None
    published: str | None = None
    outlet: str | None = None


class LoadResult(list[RawArticle]):
    """The articles of one file (a list), plus `problems`: one line per record that was skipped."""

    def __init__(self, articles: Iterable[RawArticle] = (), problems: Iterable[str] = ()) -> None:
        super().__init__(articles)
        self.problems: list[str] = list(problems)


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named or found (recursively, sorted) under folders; hidden files and folders skipped."""
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        found = _walk(path) if path.is_dir() else [path]
        for file in found:
            key = file.absolute()
            if key not in seen:
                seen.add(key)
                yield file


def _walk(folder: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root) / name for name in names if not name.startswith("."))
    return sorted(files)


def load_file(path: Path, *, max_bytes: int = 5_000_000) -> LoadResult:
    """Load the articles of one file; raise InputError with a one-line reason when none can be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists() and not path.is_symlink():
        raise InputError(f"{path}: no such file or folder")
    if suffix not in SUPPORTED:
        kind = f"'{path.suffix}'" if path.suffix else "without an extension"
        raise InputError(f"{path}: unsupported file type {kind} (use {', '.join(SUPPORTED)})")
    if suffix == ".jsonl":
        result = LoadResult()
        for record in iter_jsonl(path, max_bytes=max_bytes):
            (result.problems if isinstance(record, str) else result).append(record)
        return result
    text = _read_text(path, max_bytes)
    source = str(path.absolute())
    if suffix in (".txt", ".md"):
        return LoadResult([_from_plain(text, source, markdown=suffix == ".md", path=path)])
    if suffix in (".html", ".htm"):
        return LoadResult([_from_html(text, path, source)])
    return _from_json(text, path, source)


@contextmanager
def _read_errors(path: Path) -> Iterator[None]:
    """OS errors while opening or reading `path` as InputError with a one-line reason."""
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot read it (permission denied)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read it ({error.strerror or error})") from None


def _regular_size(path: Path) -> int:
    """The size of a regular file; InputError for a folder, a FIFO or a device."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):  # a FIFO or device would block or never end
        raise InputError(f"{path}: not a regular file")
    return status.st_size


def _read_text(path: Path, max_bytes: int) -> str:
    """Bytes to str with the checks every format shares: exists, readable, size, text, UTF-8."""
    with _read_errors(path):
        size = _regular_size(path)
        if size > max_bytes:
            raise InputError(
                f"{path}: file too large ({size:,} bytes > limit {max_bytes:,}; "
                "raise CLAIMCHECK_MAX_FILE_BYTES to accept it)"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{path}: file too large (over limit {max_bytes:,} bytes; raise CLAIMCHECK_MAX_FILE_BYTES)"
        )
    if not data.strip():
        raise InputError(
            f"{path}: empty file" if not data else f"{path}: empty file (whitespace only)"
        )
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start}); "
            "re-save it as UTF-8"
        ) from None
    if len(CONTROL.findall(text[:10_000])) > max(8, len(text[:10_000]) // 20):
        raise InputError(f"{path}: binary file (mostly control characters), not text")
    return text


def _from_html(text: str, path: Path, source: str) -> RawArticle:
    """Visible text of a page: title from <h1> (else <title>), body from the remaining blocks."""
    if _nesting_depth(text) > MAX_HTML_DEPTH:
        raise InputError(
            f"{path}: HTML nested too deeply (over {MAX_HTML_DEPTH} levels), not an article"
        )
    tree = LexborHTMLParser(text)
    meta = {
        "url": _attribute(tree, 'link[rel="canonical"]', "href")
        or _attribute(tree, 'meta[property="og:url"]', "content"),
        "published": _attribute(tree, 'meta[property="article:published_time"]', "content"),
        "outlet": _attribute(tree, 'meta[property="og:site_name"]', "content"),
    }
    page_title = tree.css_first("title")
    title = " ".join(page_title.text().split()) if page_title is not None else ""
    tree.strip_tags(HIDDEN_TAGS)
    heading = tree.css_first("h1")
    if heading is not None and heading.text().strip():
        title = " ".join(heading.text().split())
        heading.decompose()
    body = _visible_text(tree)
    if not body.strip():
        raise InputError(f"{path}: no visible text in this HTML page")
    if not title:
        title, body = _split_title(body)
    return _article(path, title, body, source, **meta)


def _nesting_depth(text: str) -> int:
    """Deepest nesting of container tags; the HTML parser slows down quadratically on deep pages."""
    depth = deepest = 0
    for tag in CONTAINER_TAG.finditer(text):
        depth = max(depth - 1, 0) if tag.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _attribute(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(name) if node is not None else None
    return value.strip() or None if isinstance(value, str) else None


def _visible_text(tree: LexborHTMLParser) -> str:
    """Text nodes joined inline; a change of enclosing block starts a new paragraph, <br> a new line."""
    root = tree.body or tree.root
    if root is None:
        return ""
    paragraphs: list[list[str]] = []
    current_block = None
    for node in root.traverse(include_text=True):
        if node.tag == "br" and paragraphs:
            paragraphs[-1].append("\n")
            continue
        if node.tag != "-text":
            continue
        piece = node.text_content or ""
        if not piece.strip():
            if paragraphs and paragraphs[-1] and not paragraphs[-1][-1].endswith((" ", "\n")):
                paragraphs[-1].append(" ")
            continue
        block = _block_of(node)
        if block != current_block or not paragraphs:
            paragraphs.append([])
            current_block = block
        paragraphs[-1].append(piece)
    lines = (
        "\n".join(" ".join(line.split()) for line in "".join(p).split("\n")) for p in paragraphs
    )
    return "\n\n".join(line.strip() for line in lines if line.strip())


def _block_of(node) -> int | None:
    """Identity of the nearest block-level ancestor of a node."""
    parent = node.parent
    while parent is not None and parent.tag not in BLOCK_TAGS:
        parent = parent.parent
    return parent.mem_id if parent is not None else None


def _split_title(text: str) -> tuple[str, str]:
    """First line as title and the rest as body; a long first paragraph stays in the body."""
    first, _, rest = text.strip().partition("\n")
    first = " ".join(first.split())
    if len(first) <= MAX_TITLE_CHARS and rest.strip():
        return first, rest
    return _shorten(first), text


def _shorten(line: str) -> str:
    if len(line) <= MAX_TITLE_CHARS:
        return line
    return line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def _from_plain(text: str, source: str, *, markdown: bool, path: Path) -> RawArticle:
    """Title = first non-empty line (skipping a section header such as "World News"); body = the rest."""
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and (not lines[index].strip() or _is_header(lines, index)):
        index += 1
    if index == len(lines):
        raise InputError(f"{path}: no title line found")
    title = " ".join(lines[index].split())
    if markdown:
        title = title.lstrip("#").strip()
    body = "".join(lines[index + 1 :])
    if len(title) > MAX_TITLE_CHARS:  # a paragraph, not a title: keep it in the body
        return _article(path, _shorten(title), "".join(lines[index:]), source)
    if not body.strip():
        raise InputError(f"{path}: only a title line, no article text")
    return _article(path, title or "(untitled)", body, source)


def _is_header(lines: list[str], index: int) -> bool:
    """A boilerplate line before the title, as long as a real line follows it."""
    if not is_boilerplate_line(lines[index]):
        return False
    return any(line.strip() and not is_boilerplate_line(line) for line in lines[index + 1 :])


def _article(path: Path, title: str, text: str, source: str, **extra: str | None) -> RawArticle:
    return RawArticle(title=_shorten(" ".join(title.split())), text=text, source=source, **extra)


def _from_json(text: str, path: Path, source: str) -> LoadResult:
    """A JSON object or a list of objects with `title` and `text`."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise InputError(f"{path}: invalid JSON ({_json_reason(error)})") from None
    if isinstance(data, dict):
        return LoadResult([_from_record(data, path, source, "")])
    if not isinstance(data, list):
        raise InputError(
            f"{path}: JSON must be an object or a list of objects, found {type(data).__name__}"
        )
    result = LoadResult()
    for number, record in enumerate(data, start=1):
        try:
            result.append(_from_record(record, path, f"{source}#item-{number}", f"item {number}: "))
        except InputError as error:
            result.problems.append(str(error))
    return _checked(result, path, "items")


def iter_jsonl(path: Path, *, max_bytes: int = 5_000_000) -> Iterator[RawArticle | str]:
    """The records of a .jsonl file, read one line at a time: a RawArticle, or a problem line.

    A .jsonl file is a collection, so the size limit holds for each record, not for the file;
    raises InputError (after the good records) when the file has no usable line at all.
    """
    path = Path(path)
    source = str(path.absolute())
    good, lines, problems = 0, 0, []
    with _read_errors(path):
        _regular_size(path)
        with path.open("rb") as handle:
            for number, data in enumerate(_lines(handle, max_bytes), start=1):
                if data is not None and not data.strip():
                    continue
                lines += 1
                try:
                    article = _jsonl_record(data, number, path, source, max_bytes)
                except InputError as error:
                    problems.append(str(error))
                    yield str(error)
                    continue
                good += 1
                yield article
    if not lines:
        raise InputError(f"{path}: empty file")
    if not good:
        _checked(LoadResult([], problems), path, "lines")


def _lines(handle, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary file, None for one longer than max_bytes (read past, never held)."""
    while chunk := handle.readline(max_bytes + 1):
        if len(chunk) <= max_bytes or chunk.endswith(b"\n"):
            yield chunk
            continue
        while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
            pass
        yield None


def _jsonl_record(
    data: bytes | None, number: int, path: Path, source: str, max_bytes: int
) -> RawArticle:
    """Line `number` of a .jsonl as an article; InputError naming the line when it is not one."""
    where = f"line {number}: "
    line = _decoded_line(data, path, where, max_bytes, first=number == 1)
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        raise InputError(f"{path}: {where}invalid JSON ({_json_reason(error)})") from None
    return _from_record(record, path, f"{source}#line-{number}", where)


def _decoded_line(data: bytes | None, path: Path, where: str, max_bytes: int, first: bool) -> str:
    if data is None:
        raise InputError(
            f"{path}: {where}record too large (over limit {max_bytes:,} bytes; "
            "raise CLAIMCHECK_MAX_FILE_BYTES to accept it)"
        )
    if b"\x00" in data:
        raise InputError(f"{path}: {where}binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: {where}not UTF-8 text (invalid byte 0x{data[error.start]:02x}); "
            "re-save the file as UTF-8"
        ) from None


def _checked(result: LoadResult, path: Path, unit: str) -> LoadResult:
    """Raise when no record could be used, naming the first problems."""
    if result:
        return result
    if not result.problems:
        raise InputError(f"{path}: no articles in this file")
    shown = "; ".join(p.removeprefix(f"{path}: ") for p in result.problems[:MAX_REPORTED_PROBLEMS])
    more = len(result.problems) - MAX_REPORTED_PROBLEMS
    suffix = f"; and {more} more" if more > 0 else ""
    raise InputError(f"{path}: no valid {unit} ({shown}{suffix})")


def _json_reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    return "nested too deeply"


def _from_record(record: object, path: Path, source: str, where: str) -> RawArticle:
    """Validate one JSON record: `title` and `text` strings required; url, published, source optional."""
    if not isinstance(record, dict):
        raise InputError(f"{path}: {where}expected a JSON object, found {type(record).__name__}")
    title = _required(record, "title", path, where)
    # SciFact-style records carry the body as "abstract", a list of sentences.
    body_field = next((name for name in TEXT_ALIASES if name in record), "text")
    text = _required(record, body_field, path, where)
    extra = {}
    for name, target in (("url", "url"), ("published", "published"), ("source", "outlet")):
        value = record.get(name)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            if str(value).strip():
                extra[target] = str(value).strip()
    return _article(path, title, text, source, **extra)


def _required(record: dict, name: str, path: Path, where: str) -> str:
    """A non-empty string field (a list of strings is joined with spaces)."""
    value = record.get(name)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        value = " ".join(value)
    if isinstance(value, str) and value.strip():
        return value
    if value is None:
        problem = "missing"
    elif isinstance(value, str) or value == []:
        problem = "empty"
    else:
        problem = "not a string"
    raise InputError(f"{path}: {where}field '{name}' is {problem}")
