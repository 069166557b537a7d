"""Worker processes: same outcomes as in-process, and a worker that dies costs one document only."""

from __future__ import annotations

import os
import signal

import pytest

from cleaner import Cleaner, Config
from cleaner.inputs import Task
from cleaner.workers import WORKER_DIED, run_tasks

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the test patches code that forked workers inherit")


def tasks(count: int, poison: set[int]) -> list[Task]:
    texts = [("KILL THE WORKER " if n in poison else "")
             + f"Article number {n} says the council met on Monday and agreed a budget for the year." for n in range(count)]
    return [Task(0, "batch.jsonl", "", "jsonl", False, line=n + 1, record={"text": t}) for n, t in enumerate(texts)]


@pytest.fixture
def lethal_documents(monkeypatch):
    """Cleaning a text that starts with KILL THE WORKER kills the process doing it (inherited by fork)."""
    original = Cleaner.clean

    def clean(self, content, **kw):
        if str(content).startswith("KILL THE WORKER"):
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, content, **kw)

    monkeypatch.setattr(Cleaner, "clean", clean)


def test_workers_give_the_outcomes_of_one_process_in_order():
    batch = tasks(40, set())
    one = list(run_tasks(batch, Config(), workers=1))
    two = list(run_tasks(batch, Config(), workers=2, chunk_size=3))
    assert one == two
    assert [o.line for o in two] == list(range(1, 41))


def test_a_document_that_kills_its_worker_fails_alone_and_the_run_goes_on(lethal_documents):
    batch = tasks(40, {5, 23})
    outcomes = list(run_tasks(batch, Config(), workers=2, chunk_size=3))
    assert [o.line for o in outcomes] == list(range(1, 41))
    failed = {o.line: o.reason for o in outcomes if o.status == "error"}
    assert failed == {6: WORKER_DIED, 24: WORKER_DIED}
    assert sum(o.status == "record" for o in outcomes) == 38
