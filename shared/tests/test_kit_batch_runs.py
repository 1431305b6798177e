"""How a batch is cut into runs for batch handlers: one run per stretch of one event type, or,
with `runs_across_types`, one run per stretch of types sharing a handler (outcomes' facts),
always in record order and cut at an event another handler takes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from pathways.messaging.consumer_batches import BatchApplying
from pathways.messaging.incoming import Incoming
from pathways.platform import tracing


def incoming(n: int, event_type: str) -> Incoming:
    record = SimpleNamespace(topic="t", partition=0, offset=n, headers=[])
    return Incoming(f"e{n}", event_type, None, f"corr-{n}", record)


class Applying(BatchApplying):
    def __init__(self, runs: list[tuple[str, list[str]]], across: bool) -> None:
        async def facts(run: list[Incoming], uow: Any) -> None:
            runs.append(("facts", [i.event_id for i in run]))

        async def erasure(run: list[Incoming], uow: Any) -> None:
            runs.append(("erasure", [i.event_id for i in run]))

        self.name, self.group_id, self.tracer = "c", "g", tracing.tracer("kit")
        self.handlers = {}
        self.batch_handlers = {"a.v1": facts, "b.v1": facts, "x.v1": erasure}
        self.set_based, self._runs_across_types = False, across


BATCH = [incoming(1, "a.v1"), incoming(2, "b.v1"), incoming(3, "a.v1"), incoming(4, "x.v1"),
         incoming(5, "b.v1"), incoming(6, "b.v1")]  # fmt: skip


ACROSS_TYPES = [("facts", ["e1", "e2", "e3"]), ("erasure", ["e4"]), ("facts", ["e5", "e6"])]
ONE_TYPE = [("facts", ["e1"]), ("facts", ["e2"]), ("facts", ["e3"]), ("erasure", ["e4"]),
            ("facts", ["e5", "e6"])]  # fmt: skip


@pytest.mark.parametrize(("across", "expected"), [(True, ACROSS_TYPES), (False, ONE_TYPE)])
async def test_runs_follow_the_handlers_in_record_order(
    across: bool, expected: list[tuple[str, list[str]]]
) -> None:
    runs: list[tuple[str, list[str]]] = []
    await Applying(runs, across)._run_handlers(SimpleNamespace(), BATCH, {})
    assert runs == expected
