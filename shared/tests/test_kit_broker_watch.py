"""The broker watch outlives what aiokafka throws at it while it rejoins (unit, with fakes).

aiokafka's consumer close awaits a coordinator task it has just cancelled, so a
CancelledError can come out of `subscriber.stop()`: it is not the watch being cancelled, and
had it escaped, the watch would end silently and the service stay not-ready for good (seen
as an e2e broker-loss failure once in three runs)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from pathways.messaging import recovery
from pathways.messaging.recovery import BrokerWatch


class _Consumer:
    def assignment(self) -> set[str]:
        return {"assigned"}


class _Subscriber:
    group_id = "pathways.fake"

    def __init__(self, stop_error: BaseException | None = None) -> None:
        self.consumer: Any = _Consumer()
        self.stop_error = stop_error
        self.starts = 0

    async def stop(self) -> None:
        if self.stop_error is not None:
            raise self.stop_error
        self.consumer = None

    async def start(self) -> None:
        self.starts += 1
        self.consumer = _Consumer()


def _watch(*subscribers: _Subscriber) -> BrokerWatch:
    ready = asyncio.Event()
    ready.set()
    runtime = SimpleNamespace(
        settings=SimpleNamespace(broker_check_seconds=0.0, kafka_bootstrap_servers="x:1"),
        definition=SimpleNamespace(consumers=[], publishes=[]),
        relay=SimpleNamespace(ready=ready, healthy=True),
        broker=SimpleNamespace(subscribers=list(subscribers)),
    )
    return BrokerWatch(runtime)


@pytest.mark.parametrize("error", [asyncio.CancelledError(), RuntimeError("coordinator")])
async def test_a_stop_that_fails_inside_abandons_the_consumer_and_starts_a_new_one(
    error: BaseException,
) -> None:
    failing, fine = _Subscriber(stop_error=error), _Subscriber()
    old = failing.consumer
    watch = _watch(failing, fine)

    await watch._rejoin()

    assert failing.starts == 1 and failing.consumer is not old
    assert fine.starts == 1
    assert watch._rejoin_done


async def test_the_watch_keeps_checking_after_a_cancelled_error_from_inside_a_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    watch = _watch()
    calls = 0
    again = asyncio.Event()

    async def check() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise asyncio.CancelledError  # from aiokafka's own tasks, not a stop of the watch
        again.set()

    monkeypatch.setattr(watch, "check", check)
    task = asyncio.create_task(watch.run())
    await asyncio.wait_for(again.wait(), 5)
    assert calls >= 2 and not task.done()

    task.cancel()  # the service stopping still stops it
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_step_that_overruns_is_cancelled_and_reported_as_not_done() -> None:
    never = asyncio.Event()
    assert not await recovery._within(never.wait(), 0.01)
    assert await recovery._within(asyncio.sleep(0), 1)
