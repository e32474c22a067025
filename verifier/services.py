"""The Services object: settings and the parts every job needs, built once at the edge, closed at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from verifier.settings import Settings

if TYPE_CHECKING:
    from vectorstore.store import ArchiveStore
    from verifier.claimstore import ClaimStore
    from verifier.llm.base import LLM
    from verifier.reviews import ReviewStore
    from verifier.stance.classifier import Classifier


class Services:
    """Everything the verification functions need, passed explicitly; each part is built on first use.

    Tests hand in parts of their own (store=, llm=, claims=, reviews=, classifier=) to build_services.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        store: ArchiveStore | None = None,
        llm: LLM | None = None,
        claims: ClaimStore | None = None,
        reviews: ReviewStore | None = None,
        classifier: Classifier | None = None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._given_llm = llm
        self._llm: LLM | None = None
        self._claims = claims
        self._reviews = reviews
        self._classifier = classifier

    @property
    def store(self) -> ArchiveStore:
        """The article archive (catalog + Chroma + BM25)."""
        if self._store is None:
            from vectorstore.embeddings import build_embedder
            from vectorstore.store import open_store

            s = self.settings
            embedder = build_embedder(
                s.embedder,
                openai_model=s.embedding_model,
                api_key=s.api_key.get_secret_value() if s.api_key else None,
                base_url=s.base_url,
            )
            self._store = open_store(
                s.data_dir,
                embedder,
                chroma_host=s.chroma_host,
                chroma_port=s.chroma_port,
                collection=s.collection,
                chunk_chars=s.chunk_chars,
                chunk_overlap=s.chunk_overlap,
                max_file_bytes=s.max_file_bytes,
            )
        return self._store

    @property
    def llm(self) -> LLM:
        """The language model (loaded on first use: the embedded model takes seconds)."""
        if self._llm is None:
            from verifier.usage_scope import scoped

            if self._given_llm is not None:
                self._llm = scoped(self._given_llm)
            else:
                from verifier.llm import build_llm

                self._llm = scoped(build_llm(self.settings))
        return self._llm

    def loaded_llm(self) -> LLM | None:
        """The LLM when it was handed in or already built, else None; never builds one."""
        return self.llm if self._given_llm is not None else self._llm

    @property
    def classifier(self) -> Classifier | None:
        """The stance classifier (None when the LLM judges alone or no classifier is trained)."""
        if self.settings.stance_judge == "llm":
            return None
        if self._classifier is not None:
            return self._classifier
        from verifier.stance.classifier import build_classifier

        classifier = build_classifier(self.settings)
        # The trained one stays with the loader, which reloads it when it is retrained.
        if self.settings.stance_classifier == "fake":
            self._classifier = classifier
        return classifier

    @property
    def claims(self) -> ClaimStore:
        """Stored claims, check results and reviewer overrides."""
        if self._claims is None:
            from verifier.claimstore import ClaimStore

            self._claims = ClaimStore(self.settings.data_dir / "claims.sqlite3")
        return self._claims

    @property
    def reviews(self) -> ReviewStore:
        """Reviewer confirmations and overrides (kept apart so they survive re-runs)."""
        if self._reviews is None:
            from verifier.reviews import ReviewStore

            self._reviews = ReviewStore(self.settings.data_dir / "reviews.sqlite3")
        return self._reviews

    def close(self) -> None:
        """Close what was opened (the archive, the review database); the next use opens them again."""
        store, reviews = self._store, self._reviews
        self._store = self._reviews = None
        if store is not None:
            store.close()
        if reviews is not None:
            reviews.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_services(
    settings: Settings,
    *,
    store: ArchiveStore | None = None,
    llm: LLM | None = None,
    claims: ClaimStore | None = None,
    reviews: ReviewStore | None = None,
    classifier: Classifier | None = None,
) -> Services:
    """Build the services for these settings; tests may hand in any part of their own."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(
        settings, store=store, llm=llm, claims=claims, reviews=reviews, classifier=classifier
    )
