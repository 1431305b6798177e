"""The outbox relay with a fake producer: order, the confirmed prefix, retry after failure."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError
from sqlalchemy import func, select

from pathways.messaging.outgoing import OutgoingMessage
from pathways.messaging.relay import OutboxRelay, faststream_publisher
from pathways.messaging.tables import kit_metadata, outbox
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.db import create_engine, session_factory


class FlakyProducer:
    """Accepts sends until `fail_at` (a send that raises), then works again."""

    def __init__(self, fail_at: int | None) -> None:
        self.fail_at, self.calls, self.delivered = fail_at, 0, []

    async def __call__(self, topic: str, key: str | None, payload: bytes, headers: Any) -> Any:
        self.calls += 1
        if self.calls == self.fail_at:
            raise ConnectionError("broker went away")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        self.delivered.append(payload)
        return done


async def test_a_failing_send_keeps_the_confirmed_prefix_and_sends_the_rest_once(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/relay.db")
    async with engine.begin() as conn:
        await conn.run_sync(kit_metadata.create_all)
    sessions = session_factory(engine)
    async with UnitOfWork(sessions, source="tests") as uow:
        for n in range(5):
            uow.emit_message(OutgoingMessage(str(n), "t", "topic", "k", str(n).encode()))
        await uow.commit()
    producer = FlakyProducer(fail_at=3)
    relay = OutboxRelay(sessions, producer)
    with pytest.raises(ConnectionError):  # the pass fails, and says so
        await relay.publish_pending()
    assert await relay.backlog() == 3  # rows 0 and 1 were confirmed and marked sent
    assert await relay.publish_pending() == 3
    assert producer.delivered == [b"0", b"1", b"2", b"3", b"4"]  # in order, none twice
    async with sessions() as session:
        unsent = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        assert await session.scalar(unsent) == 0
    await engine.dispose()


class RecordingBroker:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def publish(self, payload: bytes, topic: str, **options: Any) -> None:
        self.sent.append(options)


async def test_a_row_stored_before_structured_mode_goes_out_without_partial_ce_headers() -> None:
    broker = RecordingBroker()
    payload = b'{"id": "e-1", "correlationid": "corr-old", "type": "t", "data": {}}'
    old_headers = {"content-type": "application/cloudevents+json", "ce_type": "t", "ce_id": "e-1"}
    await faststream_publisher(broker)("pathways.kit", "k", payload, old_headers)
    [options] = broker.sent
    assert options["headers"] == {
        "content-type": "application/cloudevents+json",
        "correlation_id": "corr-old",
    }
    assert options["correlation_id"] == "corr-old"


@pytest.mark.parametrize(
    "poison",
    [b'{"a":' * 100_000 + b"1" + b"}" * 100_000, b'{"a":', b"\xff\xfe", b"[1e400]"],
    ids=["deep", "truncated", "not-utf8", "infinite"],
)
async def test_a_dead_letter_of_any_poison_goes_out_without_a_correlation(poison: bytes) -> None:
    """A dead letter's payload is the poison itself: reading it for a correlation id must not
    raise (a RecursionError there once held every outbox behind it for ever)."""
    broker = RecordingBroker()
    await faststream_publisher(broker)("pathways.kit.dlq", "k", poison, {"reason": "x"})
    [options] = broker.sent
    assert "correlation_id" not in options["headers"]
    assert options["correlation_id"] is None


class UnconfirmedFirstProducer:
    """The first confirmation fails for now (a timeout); a too-large payload is refused."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, topic: str, key: str | None, payload: bytes, headers: Any) -> Any:
        self.calls += 1
        if len(payload) > 100:
            raise MessageSizeTooLargeError()
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.calls == 1:
            done.set_exception(KafkaTimeoutError())
        else:
            done.set_result(None)
        return done


async def test_a_refused_row_is_parked_in_the_pass_even_after_an_unconfirmed_one(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/relay.db")
    async with engine.begin() as conn:
        await conn.run_sync(kit_metadata.create_all)
    sessions = session_factory(engine)
    async with UnitOfWork(sessions, source="tests") as uow:
        for name, body in (("before", b"b"), ("huge", b"h" * 101), ("after", b"a")):
            uow.emit_message(OutgoingMessage(name, "t", "topic", "k", body))
        await uow.commit()
    relay = OutboxRelay(sessions, UnconfirmedFirstProducer())
    with pytest.raises(KafkaTimeoutError):
        await relay.publish_pending()
    async with sessions() as session:
        rows = (await session.execute(select(outbox).order_by(outbox.c.id))).all()
    assert [r.event_id for r in rows if r.parked_at is not None] == ["huge"]
    assert all(r.published_at is None for r in rows)  # nothing after "before" counts as sent
    assert await relay.publish_pending() == 2 and await relay.backlog() == 0
    await engine.dispose()
