"""The relay publishes as soon as outbox rows are committed, not at its next poll: woken in
process by the unit of work, and on PostgreSQL by NOTIFY from another replica's commit. The
poll interval here is an hour, so only a wake-up can get an event out within the test."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from pathways.messaging.outgoing import OutgoingMessage
from pathways.messaging.relay import OutboxRelay
from pathways.messaging.tables import kit_metadata
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.db import create_engine, session_factory
from pathways.testing.postgres import create_database, drop_database

AN_HOUR = 3600.0
GIVE_UP_S = 60.0  # only bounds a failing test: the poll alone would take an hour


class Producer:
    """Records each payload; `during` runs inside the send of a given payload."""

    def __init__(self, during: dict[bytes, Callable[[], Any]] | None = None) -> None:
        self.delivered: list[bytes] = []
        self._during = during or {}
        self._arrived = asyncio.Condition()

    async def __call__(self, topic: str, key: str | None, payload: bytes, headers: Any) -> Any:
        if payload in self._during:
            await self._during.pop(payload)()
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        async with self._arrived:
            self.delivered.append(payload)
            self._arrived.notify_all()
        return done

    async def wait_for(self, payload: bytes) -> None:
        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: payload in self.delivered), GIVE_UP_S
            )


async def commit_one(sessions: async_sessionmaker, name: str, wake: Any = None) -> None:
    async with UnitOfWork(sessions, source="tests", on_commit=wake) as uow:
        uow.emit_message(OutgoingMessage(name, "t", "topic", "k", name.encode()))
        await uow.commit()


@contextlib.asynccontextmanager
async def relaying(relay: OutboxRelay) -> AsyncIterator[None]:
    relay.ready.set()
    task = asyncio.create_task(relay.run())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.fixture
async def sqlite_sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/wake.db")
    async with engine.begin() as conn:
        await conn.run_sync(kit_metadata.create_all)
    yield session_factory(engine)
    await engine.dispose()


async def test_a_commit_wakes_the_relay_without_waiting_for_the_poll(
    sqlite_sessions: async_sessionmaker,
) -> None:
    producer = Producer()
    relay = OutboxRelay(sqlite_sessions, producer, poll_seconds=AN_HOUR)
    async with relaying(relay):
        await commit_one(sqlite_sessions, "first", relay.wake)
        await producer.wait_for(b"first")  # the relay has been through a pass since
        await commit_one(sqlite_sessions, "second", relay.wake)
        await producer.wait_for(b"second")
    assert producer.delivered == [b"first", b"second"]


async def test_a_commit_during_a_pass_is_not_left_for_the_poll(
    sqlite_sessions: async_sessionmaker,
) -> None:
    """The wake-up of a commit made while the relay publishes (after its select) is kept."""
    relay: OutboxRelay

    async def commit_meanwhile() -> None:
        await commit_one(sqlite_sessions, "meanwhile", relay.wake)

    producer = Producer(during={b"first": commit_meanwhile})
    relay = OutboxRelay(sqlite_sessions, producer, poll_seconds=AN_HOUR)
    async with relaying(relay):
        await commit_one(sqlite_sessions, "first", relay.wake)
        await producer.wait_for(b"meanwhile")
    assert producer.delivered == [b"first", b"meanwhile"]


@pytest.mark.postgres
async def test_another_replicas_commit_wakes_the_relay_by_notify(
    postgres_server_url: str,
) -> None:
    url = await create_database(postgres_server_url, "pathways_wake")
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(kit_metadata.create_all)
        sessions = session_factory(engine)
        other_engine = create_engine(url)  # the other replica: its own pool, no in-process wake
        other = session_factory(other_engine)
        producer = Producer()
        relay = OutboxRelay(sessions, producer, poll_seconds=AN_HOUR)
        assert relay.listener is not None
        async with relaying(relay):
            await asyncio.wait_for(relay.listener.listening.wait(), GIVE_UP_S)
            await commit_one(other, "first")
            await producer.wait_for(b"first")
            await commit_one(other, "second")  # after a pass: only NOTIFY can bring it
            await producer.wait_for(b"second")
        assert producer.delivered == [b"first", b"second"]
        await other_engine.dispose()
    finally:
        await engine.dispose()
        await drop_database(postgres_server_url, url)


@pytest.mark.postgres
async def test_the_listener_comes_back_after_its_connection_is_killed(
    postgres_server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the listening connection (a restart, an operator's kill): the relay
    listens again on a new one, and the next commit of another replica still wakes it."""
    from pathways.messaging import outbox_wakeup

    monkeypatch.setattr(outbox_wakeup, "RECONNECT_SECONDS", 0.1)
    url = await create_database(postgres_server_url, "pathways_wake")
    engine, other_engine = create_engine(url), create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(kit_metadata.create_all)
        producer = Producer()
        relay = OutboxRelay(session_factory(engine), producer, poll_seconds=AN_HOUR)
        assert relay.listener is not None
        async with relaying(relay):
            await asyncio.wait_for(relay.listener.listening.wait(), GIVE_UP_S)
            [old] = await _listening_backends(other_engine)
            async with other_engine.begin() as conn:
                await conn.exec_driver_sql(f"SELECT pg_terminate_backend({old})")
            async with asyncio.timeout(GIVE_UP_S):  # a new connection listens again
                while await _listening_backends(other_engine) in ([], [old]):  # noqa: ASYNC110
                    await asyncio.sleep(0.05)  # the server's view: no event to wait on
            await commit_one(session_factory(other_engine), "after")
            await producer.wait_for(b"after")
        assert producer.delivered == [b"after"]
    finally:
        await other_engine.dispose()
        await engine.dispose()
        await drop_database(postgres_server_url, url)


async def _listening_backends(engine: Any) -> list[int]:
    async with engine.connect() as conn:
        found = await conn.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND query LIKE 'LISTEN%'"
        )
        return list(found.scalars())


@pytest.mark.postgres
async def test_a_rolled_back_transaction_notifies_no_one(postgres_server_url: str) -> None:
    """NOTIFY is transactional: a unit of work that does not commit wakes no relay."""
    import asyncpg

    url = await create_database(postgres_server_url, "pathways_wake")
    engine = create_engine(url)
    listener = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    heard: list[str] = []
    try:
        async with engine.begin() as conn:
            await conn.run_sync(kit_metadata.create_all)
        sessions = session_factory(engine)
        await listener.add_listener("pathways_outbox", lambda *args: heard.append(args[2]))
        async with UnitOfWork(sessions, source="tests") as uow:
            uow.emit_message(OutgoingMessage("rolled", "t", "topic", "k", b"r"))
            await uow.flush_outbox()
            await uow.rollback()
        await commit_one(sessions, "kept")
        await listener.execute("SELECT 1")  # notifications are delivered before this answer
        assert heard == ["pathways_outbox"]
    finally:
        await listener.close()
        await engine.dispose()
        await drop_database(postgres_server_url, url)
