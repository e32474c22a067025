"""Records of the storage layer: articles, chunks and retrieved passages."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Article(BaseModel):
    """A cleaned article as stored; every offset in claimcheck points into `text`."""

    id: str = Field(description="Stable id derived from the cleaned content (16 hex chars).")
    title: str
    text: str = Field(description="The cleaned article text; offsets index into this string.")
    source: str = Field(
        default="", description="Where it was ingested from (path), the key for updates."
    )
    url: str | None = None
    published: str | None = None
    outlet: str | None = Field(default=None, description="Publisher / source name, if known.")
    chunk_count: int = 0


class Chunk(BaseModel):
    """A sentence-aligned window of an article with exact offsets into the article text."""

    id: str = Field(description="'{article_id}-{index:04d}'")
    article_id: str
    index: int
    text: str = Field(description="Equal to article.text[start:end].")
    start: int
    end: int
    sentences: list[tuple[int, int]] = Field(
        default_factory=list, description="(start, end) of each sentence, offsets in the article."
    )


class Passage(BaseModel):
    """A chunk returned by search, with its article title and scores."""

    chunk: Chunk
    title: str
    score: float = Field(description="Fused (reciprocal-rank) score, higher is better.")
    dense_score: float | None = None
    lexical_score: float | None = None
    dense_rank: int | None = None
    lexical_rank: int | None = None

    @property
    def article_id(self) -> str:
        return self.chunk.article_id

    @property
    def text(self) -> str:
        return self.chunk.text
