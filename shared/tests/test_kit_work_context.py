"""The ids a consumer binds for log lines while it applies a batch: each per-event handler sees
its own event's ids (never the last event's), a batch handler's run sees none of a single
event's, and nothing is left bound once the batch is applied or has failed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from pathways.messaging.consumer_batches import BatchApplying
from pathways.messaging.context import (
    bind_work,
    clear_work,
    current_ids,
    merge_work,
    work_fields,
    working_as,
)
from pathways.messaging.incoming import Incoming
from pathways.platform import tracing


@pytest.fixture(autouse=True)
def no_work_left() -> Iterator[None]:
    yield
    clear_work()


WORK_KEYS = {"event_id", "event_type", "correlation_id", "causation_id", "offset", "trace_id"}


def incoming(n: int, event_type: str = "a.v1") -> Incoming:
    record = SimpleNamespace(topic="t", partition=0, offset=n, headers=[])
    return Incoming(f"e{n}", event_type, None, f"corr-{n}", record)


class Applying(BatchApplying):
    def __init__(self, seen: list[dict[str, Any]], fail_on: str | None = None) -> None:
        async def per_event(event: Incoming, uow: Any) -> None:
            seen.append(dict(work_fields()))
            if event.event_id == fail_on:
                raise RuntimeError("handler failed")

        async def per_run(run: list[Incoming], uow: Any) -> None:
            seen.append(dict(work_fields()))

        self.name, self.group_id, self.tracer = "c", "g", tracing.tracer("kit")
        self.handlers, self.batch_handlers = {"a.v1": per_event}, {"b.v1": per_run}
        self.set_based, self._runs_across_types = False, False


def bound() -> set[str]:
    return WORK_KEYS & set(work_fields())


async def test_each_event_sees_its_own_ids_a_run_none_and_nothing_stays_bound() -> None:
    seen: list[dict[str, Any]] = []
    events = [incoming(1), incoming(2), incoming(3, "b.v1"), incoming(4)]
    await Applying(seen)._run_handlers(SimpleNamespace(), events, {})
    assert [s.get("event_id") for s in seen] == ["e1", "e2", None, "e4"]
    assert [s.get("correlation_id") for s in seen] == ["corr-1", "corr-2", None, "corr-4"]
    assert [s.get("offset") for s in seen] == [1, 2, None, 4]
    assert all(len(s["trace_id"]) == 32 for s in (seen[0], seen[1], seen[3]))
    assert bound() == set()


async def test_a_failing_handler_leaves_nothing_bound() -> None:
    seen: list[dict[str, Any]] = []
    with pytest.raises(RuntimeError):
        await Applying(seen, fail_on="e2")._run_handlers(
            SimpleNamespace(), [incoming(1), incoming(2), incoming(3)], {}
        )
    assert [s["event_id"] for s in seen] == ["e1", "e2"] and bound() == set()


def test_applied_under_is_replace_of_the_traceparent() -> None:
    event = incoming(1)
    assert event.applied_under("00-x") == replace(event, traceparent="00-x")
    assert event.traceparent is None


def test_a_log_line_carries_the_work_in_hand_and_its_own_keys_win() -> None:
    bind_work("corr-1", "e1", event_id="e1", offset=7)
    line = merge_work(None, "info", {"event": "x", "offset": 8})
    assert line == {
        "event": "x",
        "offset": 8,
        "correlation_id": "corr-1",
        "causation_id": "e1",
        "event_id": "e1",
    }


def test_working_as_gives_back_the_whole_work_before_it() -> None:
    bind_work("corr-1", "e1", event_id="e1")
    with working_as("corr-2", "e2"):
        assert current_ids() == ("corr-2", "e2") and "event_id" not in work_fields()
    assert work_fields() == {"correlation_id": "corr-1", "causation_id": "e1", "event_id": "e1"}
