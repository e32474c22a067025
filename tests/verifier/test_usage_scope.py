"""Usage scopes: each session counts the model calls it made, not those of others sharing the model."""

from __future__ import annotations

import threading

from verifier.llm import FakeLLM
from verifier.llm.usage import UsageMeter
from verifier.usage_scope import counting, scoped


def test_calls_count_in_the_scope_of_the_thread_that_made_them():
    llm = scoped(scoped(FakeLLM()))  # wrapping twice counts once
    mine, theirs = UsageMeter(), UsageMeter()
    started = threading.Barrier(2)

    def session(meter: UsageMeter, calls: int) -> None:
        with counting(meter):
            started.wait()  # both sessions call the shared model at the same time
            for _ in range(calls):
                llm.check()

    threads = [
        threading.Thread(target=session, args=(mine, 2)),
        threading.Thread(target=session, args=(theirs, 3)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    llm.check()  # outside any scope
    assert (mine.total().calls, theirs.total().calls) == (2, 3)
    assert llm.total_usage().calls == 6
