"""The Services object: settings, store, LLM and claim store, built once at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from verifier.settings import Settings


@dataclass
class Services:
    """Everything the verification functions need, passed explicitly."""

    settings: Settings
    _overrides: dict = field(default_factory=dict, repr=False)

    @cached_property
    def store(self):
        """The article archive (catalog + Chroma + BM25)."""
        if "store" in self._overrides:
            return self._overrides["store"]
        from vectorstore.embeddings import build_embedder
        from vectorstore.store import open_store

        s = self.settings
        embedder = build_embedder(
            s.embedder,
            openai_model=s.embedding_model,
            api_key=s.api_key.get_secret_value() if s.api_key else None,
            base_url=s.base_url,
        )
        return open_store(
            s.data_dir,
            embedder,
            chroma_host=s.chroma_host,
            chroma_port=s.chroma_port,
            collection=s.collection,
            chunk_chars=s.chunk_chars,
            chunk_overlap=s.chunk_overlap,
            max_file_bytes=s.max_file_bytes,
        )

    @cached_property
    def llm(self):
        """The language model (loaded on first use: the embedded model takes seconds)."""
        from verifier.usage_scope import scoped

        if "llm" in self._overrides:
            return scoped(self._overrides["llm"])
        from verifier.llm import build_llm

        return scoped(build_llm(self.settings))

    @cached_property
    def claims(self):
        """Stored claims, check results and reviewer overrides."""
        if "claims" in self._overrides:
            return self._overrides["claims"]
        from verifier.claimstore import ClaimStore

        return ClaimStore(self.settings.data_dir / "claims.sqlite3")

    @cached_property
    def reviews(self):
        """Reviewer confirmations and overrides (kept apart so they survive re-runs)."""
        if "reviews" in self._overrides:
            return self._overrides["reviews"]
        from verifier.reviews import ReviewStore

        return ReviewStore(self.settings.data_dir / "reviews.sqlite3")


def build_services(settings: Settings, **overrides: object) -> Services:
    """Build the services for these settings; tests may pass store=, llm= or claims= directly."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(settings=settings, _overrides=dict(overrides))
