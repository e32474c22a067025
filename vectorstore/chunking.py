"""Sentence-aware chunks with overlap and exact offsets into the article text."""

from __future__ import annotations

import re

from vectorstore.models import Chunk
from vectorstore.sentences import split_sentences

LONG_SENTENCE_FACTOR = 4
NON_SPACE_RUN = re.compile(r"\S+")


def chunk_article(
    article_id: str, text: str, *, chunk_chars: int = 700, overlap: int = 1
) -> list[Chunk]:
    """Pack consecutive sentences into chunks of about `chunk_chars`, repeating `overlap` sentences."""
    if chunk_chars < 1 or overlap < 0:
        raise ValueError("chunk_chars must be >= 1 and overlap >= 0")
    units = _units(text, chunk_chars)
    chunks: list[Chunk] = []
    first, previous_last = 0, -1
    while first < len(units):
        # Every chunk after the first must bring at least one new sentence.
        last = max(first, previous_last + 1)
        while last + 1 < len(units) and units[last + 1][1] - units[first][0] <= chunk_chars:
            last += 1
        start, end = units[first][0], units[last][1]
        chunks.append(
            Chunk(
                id=f"{article_id}-{len(chunks):04d}",
                article_id=article_id,
                index=len(chunks),
                text=text[start:end],
                start=start,
                end=end,
                sentences=units[first : last + 1],
            )
        )
        if last == len(units) - 1:
            break
        first, previous_last = max(last + 1 - overlap, first + 1), last
        # Overlap gives way when it would push the next chunk past the size limit.
        while first <= last and units[last + 1][1] - units[first][0] > chunk_chars:
            first += 1
    return chunks


def _units(text: str, chunk_chars: int) -> list[tuple[int, int]]:
    """Sentence spans; a sentence longer than LONG_SENTENCE_FACTOR * chunk_chars is cut at spaces."""
    units: list[tuple[int, int]] = []
    for start, end in split_sentences(text):
        if end - start <= LONG_SENTENCE_FACTOR * chunk_chars:
            units.append((start, end))
        else:
            units.extend(_split_long(text, start, end, chunk_chars))
    return units


def _split_long(text: str, start: int, end: int, chunk_chars: int) -> list[tuple[int, int]]:
    """Cut one over-long sentence into pieces of at most ~chunk_chars, at whitespace when possible."""
    pieces: list[tuple[int, int]] = []
    piece_start = piece_end = None
    for word in NON_SPACE_RUN.finditer(text, start, end):
        w_start, w_end = word.span()
        while w_end - w_start > chunk_chars:  # a single huge "word": hard cut
            if piece_start is not None:
                pieces.append((piece_start, piece_end))
                piece_start = None
            pieces.append((w_start, w_start + chunk_chars))
            w_start += chunk_chars
        if piece_start is not None and w_end - piece_start > chunk_chars:
            pieces.append((piece_start, piece_end))
            piece_start = None
        if piece_start is None:
            piece_start = w_start
        piece_end = w_end
    if piece_start is not None:
        pieces.append((piece_start, piece_end))
    return pieces
