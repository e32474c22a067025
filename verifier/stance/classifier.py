"""The stance classifier seam: what a classifier offers, and the one these settings choose."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from verifier.errors import ConfigError, NotFoundError
from verifier.settings import Settings


class Classifier(Protocol):
    """Reads (passage sentence, claim) pairs as supports/contradicts/unrelated probabilities."""

    name: str
    """How evidence names its judge, e.g. classifier:minilm-l6-stance."""
    meta: dict
    """What it was trained on and tuned to (evidence_threshold, temperature...)."""

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        """One {supports, contradicts, unrelated} probability dict per pair."""
        ...


def build_classifier(settings: Settings) -> Classifier | None:
    """The classifier these settings name: the fake, else the trained one, else None."""
    if settings.stance_classifier == "fake":
        from verifier.stance.fake_classifier import FakeStanceClassifier

        return FakeStanceClassifier()
    return load_trained(settings.resolved_stance_model())


def load_trained(path: Path) -> Classifier | None:
    """The trained classifier in `path` (kept once loaded), or None when none is trained there."""
    if not path.is_dir():
        return None
    # Keyed by modification time too: a classifier retrained in this process is reloaded.
    key = f"{path}:{max((f.stat().st_mtime for f in path.iterdir()), default=0)}"
    if key not in _LOADED:
        from verifier.stance.model import StanceClassifier

        try:
            _LOADED[key] = StanceClassifier.load(path)
        except NotFoundError:  # no usable metadata or weights: see read_meta
            return None
        except (OSError, ValueError, RuntimeError) as exc:  # truncated or foreign weights
            raise ConfigError(
                f"the stance classifier in {path} cannot be loaded: {exc}",
                hint="retrain it with `bash scripts/train_stance.sh`, point "
                "CLAIMCHECK_STANCE_MODEL elsewhere, or set CLAIMCHECK_STANCE_JUDGE=llm",
            ) from exc
    return _LOADED[key]


_LOADED: dict[str, Classifier] = {}
