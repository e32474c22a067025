"""Faster grammar-constrained greedy decoding for llama-cpp-python (same tokens, less work).

llama-cpp-python applies the grammar to every vocabulary entry at every step; Gemma 3 has
262,144 of them, which makes a JSON answer several times slower than free text. With greedy
decoding the chosen token is the highest-logit token the grammar accepts, so it is enough to
check the top candidates first and fall back to the whole vocabulary only when none of them fits:
the result is identical, and the full pass is rarely needed.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

TOP_CANDIDATES = 128
_TOKEN_DTYPE = np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")])


def install_fast_grammar(llama: Any) -> None:
    """Make this Llama use the top-candidates-first grammar sampler for greedy decoding."""
    original = llama._init_sampler

    def init_sampler(*args: Any, **kwargs: Any) -> Any:
        grammar = kwargs.get("grammar")
        plain = (
            kwargs.get("temp", 0.8) == 0.0
            and kwargs.get("logits_processor") is None
            and kwargs.get("repeat_penalty", 1.0) == 1.0
            and kwargs.get("frequency_penalty", 0.0) == 0.0
            and kwargs.get("presence_penalty", 0.0) == 0.0
            and not args
        )
        if grammar is None or not plain:
            return original(*args, **kwargs)
        return _greedy_grammar_sampler(llama, grammar)

    init_sampler.original = original  # kept for benchmarks and the equivalence test
    llama._init_sampler = init_sampler


def _greedy_grammar_sampler(llama: Any, grammar: Any) -> Any:
    """A sampler chain [grammar filter (top candidates first), greedy] for one generation."""
    import llama_cpp
    from llama_cpp import _internals

    vocab = llama._model.vocab
    constraint = llama_cpp.llama_sampler_init_grammar(
        vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
    )
    if not constraint:
        raise ValueError("llama.cpp rejected the JSON-schema grammar")
    small = (llama_cpp.llama_token_data * TOP_CANDIDATES)()
    small_view = np.frombuffer(small, dtype=_TOKEN_DTYPE)

    def apply(cur_p: Any) -> None:
        array = cur_p.contents
        n = int(array.size)
        address = ctypes.addressof(array.data.contents)
        view = np.frombuffer(
            (llama_cpp.llama_token_data * n).from_address(address), dtype=_TOKEN_DTYPE
        )
        k = min(TOP_CANDIDATES, n)
        top = np.argpartition(view["logit"], n - k)[n - k :] if k < n else np.arange(n)
        small_view[:k] = view[top]
        candidates = llama_cpp.llama_token_data_array(
            data=ctypes.cast(small, llama_cpp.llama_token_data_p), size=k, selected=-1, sorted=False
        )
        llama_cpp.llama_sampler_apply(constraint, ctypes.byref(candidates))
        if np.isfinite(small_view["logit"][:k]).any():
            view[:k] = small_view[:k]  # the best grammar-valid token is among the top candidates
            array.size = k
            array.selected = -1
            array.sorted = False
        else:
            llama_cpp.llama_sampler_apply(constraint, cur_p)

    sampler = _internals.LlamaSampler()
    sampler.add_custom(apply)
    custom = sampler.custom_samplers[-1][1]
    # greedy picks the token; the grammar must then advance past it
    accept = llama_cpp.llama_sampler_i_accept(
        lambda _smpl, token: llama_cpp.llama_sampler_accept(constraint, token)
    )
    custom.sampler.iface.contents.accept = accept
    custom._accept_ref = accept
    sampler.add_greedy()
    sampler._exit_stack.callback(lambda: llama_cpp.llama_sampler_free(constraint))
    return sampler
