"""The one Settings object, read from CLAIMCHECK_* variables at the edge (CLI, app)."""

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The stance classifier that ships with the package (verifier/weights/stance/MODEL_CARD.md).
PACKAGED_STANCE_MODEL = Path(__file__).resolve().parent / "weights" / "stance"


def default_data_dir(root: Path = PROJECT_ROOT) -> Path:
    """The repository's data/ in a checkout (root holds pyproject.toml), whatever the current
    directory; after a plain `pip install .` (root is site-packages) data/ in the current one."""
    if (root / "pyproject.toml").is_file():
        return root / "data"
    return Path.cwd() / "data"


Provider = Literal["embedded", "openai", "openai-compatible", "fake"]
EmbedderName = Literal["minilm", "hash", "openai"]


class Settings(BaseSettings):
    """Everything that changes what claimcheck does; built once by the CLI or the app."""

    model_config = SettingsConfigDict(
        env_prefix="CLAIMCHECK_", env_file=".env", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    """Where the catalog, Chroma files, claims, caches and trained models live."""

    # --- language model -------------------------------------------------------------
    llm: Provider = "embedded"
    """Which model serves every LLM call: embedded (llama.cpp), openai, openai-compatible, fake."""
    model: str | None = None
    """Model name for openai / openai-compatible (e.g. gpt-4o-mini, llama3.1:8b)."""
    base_url: str | None = None
    """Endpoint of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 for Ollama."""
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CLAIMCHECK_API_KEY", "OPENAI_API_KEY")
    )
    """API key (CLAIMCHECK_API_KEY or OPENAI_API_KEY); not needed for local servers."""
    gguf: Path | None = None
    """A GGUF file for the embedded provider; default: the packaged Gemma 3 270M."""
    n_ctx: int = 4096
    """Context window of the embedded model."""
    n_threads: int | None = None
    """CPU threads for the embedded model (default: all cores)."""
    temperature: float = 0.0
    seed: int = 0
    max_tokens: int = 512
    llm_retries: int = 2
    """How many times a validation failure is re-asked before giving up."""
    llm_timeout: float = 120.0
    """Seconds before a model call (remote or to the embedded model's server) is abandoned."""
    model_idle_timeout: float = 900.0
    """Seconds without a request after which the shared embedded model server exits (0: never)."""
    model_start_timeout: float = 120.0
    """Seconds the embedded model server may take to load the model and answer."""
    llm_concurrency: int = 4
    """Concurrent requests to a remote provider."""
    llm_mode: Literal["auto", "tools", "json", "md_json", "json_schema"] = "auto"
    """instructor mode for openai / openai-compatible (auto: tools); json for servers without tool calls."""
    cache: bool = True
    """Serve identical LLM requests from the persistent cache."""
    fake_script: Path | None = None
    """JSON file of scripted responses for the fake provider (tests, demos)."""

    # --- embeddings and store -------------------------------------------------------
    embedder: EmbedderName = "minilm"
    """minilm (packaged all-MiniLM-L6-v2, offline), hash (deterministic test embedder), openai."""
    embedding_model: str = "text-embedding-3-small"
    chroma_host: str | None = None
    """Use a Chroma server (HttpClient) at this host instead of the local PersistentClient."""
    chroma_port: int = 8000
    collection: str = "claimcheck"
    max_file_bytes: int = 5_000_000
    """Files larger than this are skipped at ingest (for .jsonl: records larger than this)."""
    max_upload_files: int = 200
    """Most files accepted in one upload (the UI refuses more, saying so)."""
    chunk_chars: int = 700
    """Target chunk size in characters (sentences are never split)."""
    chunk_overlap: int = 1
    """Sentences repeated between consecutive chunks."""

    # --- verification ---------------------------------------------------------------
    top_k: int = 5
    """Passages judged per claim."""
    stance_model: Path | None = None
    """Trained stance classifier directory; default: DATA_DIR/stance-model if it holds one, else the packaged model."""
    stance_classifier: Literal["trained", "fake"] = "trained"
    """trained (the classifier of CLAIMCHECK_STANCE_MODEL, retrained or packaged) or fake (word overlap, for tests and demos)."""
    stance_judge: Literal["cascade", "llm", "classifier"] = "cascade"
    """Who decides stances: cascade (relevance gate, classifier or LLM, figure rules), llm alone, classifier alone."""
    evidence_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    """A passage is evidence when the classifier's P(supports)+P(contradicts) reaches this; default: the value tuned with the classifier, else its argmax."""
    checkworthy_threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    """Extraction drops eligible sentences scoring under this check-worthiness; default: the threshold in verifier/weights/checkworthy/MODEL_CARD.md; 0: no scorer."""
    reviewer_org: str = "claimcheck"
    """The organisation named as author of ClaimReview exports."""

    def trained_stance_model(self) -> Path:
        """Where `claimcheck train-stance` writes a classifier (never into the package)."""
        return self.stance_model or self.data_dir / "stance-model"

    def resolved_stance_model(self) -> Path:
        """The stance classifier in use: the configured or retrained one, else the packaged one."""
        trained = self.trained_stance_model()
        if self.stance_model is not None or (trained / "config.json").is_file():
            return trained
        return PACKAGED_STANCE_MODEL

    def results_fingerprint(self) -> dict:
        """Settings that change results, for provenance stamps and cache keys."""
        return {
            "llm": self.llm,
            "model": self.model,
            "gguf": str(self.gguf) if self.gguf else None,
            "temperature": self.temperature,
            "seed": self.seed,
            "embedder": self.embedder,
            "chunk_chars": self.chunk_chars,
            "chunk_overlap": self.chunk_overlap,
            "top_k": self.top_k,
        }


def load_settings(**overrides: object) -> Settings:
    """Settings from CLAIMCHECK_* variables (and .env); a bad value is a ConfigError naming it."""
    from pydantic import ValidationError

    from verifier.errors import ConfigError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(f"{_variable(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(
            f"invalid settings: {problems}", hint="fix or unset those variables and restart"
        ) from exc


def _variable(loc: tuple) -> str:
    """The environment variable of a validation error's location ('top_k' -> CLAIMCHECK_TOP_K)."""
    name = "_".join(map(str, loc)).upper()
    return name if name.startswith(("CLAIMCHECK_", "OPENAI_")) else f"CLAIMCHECK_{name}"
