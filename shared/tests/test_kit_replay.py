"""Dead-letter replay on the real broker, SQLite and PostgreSQL: the consumer that refused a
record re-applies the stored original itself (inbox, handler), nothing goes back to the
origin topic, a refusal counts as an attempt, two replays apply once, retry-all is bounded."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import kit_service
import pytest
from kit_helpers import applied_count, for_person, header, recategorised
from sqlalchemy import select

from pathways.messaging.tables import audit_log, outbox
from pathways.messaging.topics import ensure_topics
from pathways.platform.errors import Conflict
from pathways.testing.kafka import end_offsets, publish, read_topic
from pathways.testing.service import bearer, eventually, running

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
PLACE = ("topic", "partition", "offset")


@pytest.fixture(scope="module")
async def kit(
    kafka_bootstrap: str, database_url: str, dev_key_file: str
) -> AsyncIterator[dict[str, Any]]:
    topic = f"kit.replay.{uuid.uuid4().hex[:8]}"
    settings = kit_service.KitSettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        auth_dev_key_file=dev_key_file,
        consumer_max_retries=2,
    )
    await ensure_topics(settings, [topic, "pathways.family", "pathways.kit.dlq"], partitions=3)
    app = kit_service.build(settings, topic)
    await kit_service.create_tables(app)
    async with running(app) as client:
        yield {
            "app": app,
            "client": client,
            "topic": topic,
            "bootstrap": kafka_bootstrap,
            "admin": bearer(settings, "admin", subject="ops.lee"),
        }


async def letters(kit: dict[str, Any], status: str = "new") -> list[dict[str, Any]]:
    response = await kit["client"].get(
        f"/admin/dead-letters?status={status}&limit=500", headers=kit["admin"]
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def dead_letter_of(kit: dict[str, Any], event_id: str) -> dict[str, Any]:
    found = await eventually(
        lambda: letters(kit), lambda ls: any(d["event_id"] == event_id for d in ls), timeout=30
    )
    return next(d for d in found if d["event_id"] == event_id)


async def refused(kit: dict[str, Any]) -> tuple[uuid.UUID, Any, dict[str, Any]]:
    """A person whose event the handler refused (still broken): person, event, dead letter."""
    person = uuid.uuid4()
    kit_service.BROKEN_PEOPLE.add(str(person))
    event = recategorised(person)
    await publish(kit["bootstrap"], kit["topic"], [event.to_bytes()], key=str(person).encode())
    return person, event, await dead_letter_of(kit, event.id)


async def replay(kit: dict[str, Any], letter: dict[str, Any]) -> Any:
    return await kit["client"].post(
        f"/admin/dead-letters/{letter['id']}/replay", headers=kit["admin"]
    )


async def outbox_topics(kit: dict[str, Any]) -> set[str]:
    async with kit["app"].state.runtime.sessions() as session:
        return set((await session.execute(select(outbox.c.topic).distinct())).scalars())


async def test_a_replay_is_applied_by_its_consumer_alone_never_republished(
    kit: dict[str, Any],
) -> None:
    person, _, letter = await refused(kit)
    assert letter["reason"] == "handler_failed" and letter["replay_attempts"] == 0
    kit_service.BROKEN_PEOPLE.discard(str(person))
    before = await end_offsets(kit["bootstrap"], kit["topic"])

    response = await replay(kit, letter)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "replayed" and body["replay_outcome"] == "applied"
    assert body["replay_attempts"] == 1 and body["replayed_at"]
    assert await applied_count(kit["app"], person) == 1  # applied in the request, in-process
    # The consumer's own effect is published as usual (its case opened on pathways.family) …
    records = await read_topic(
        kit["bootstrap"], "pathways.family", until=lambda r: len(for_person(r, person)) >= 1
    )
    assert len(for_person(records, person)) == 1
    # … but nothing went back to the origin topic: no other consumer can see it again.
    await asyncio.sleep(1)
    assert await end_offsets(kit["bootstrap"], kit["topic"]) == before
    assert kit["topic"] not in await outbox_topics(kit)


async def test_a_replay_refused_again_stays_new_with_its_reason_and_attempts(
    kit: dict[str, Any],
) -> None:
    person, _, letter = await refused(kit)
    again = (await replay(kit, letter)).json()  # the cause is not fixed yet
    assert again["status"] == "new" and again["replay_outcome"] == "dead_lettered"
    assert again["replay_attempts"] == 1 and again["reason"] == "handler_failed"
    assert "fails for this person" in again["error"]

    def mine(records: list[Any]) -> list[Any]:
        origin = (kit["topic"], str(letter["partition"]), str(letter["offset"]))
        return [r for r in records if origin == tuple(header(r, f"dlq_origin_{n}") for n in PLACE)]

    dlq = await read_topic(
        kit["bootstrap"],
        "pathways.kit.dlq",
        until=lambda rs: any(header(r, "dlq_replay_attempt") == "1" for r in mine(rs)),
    )

    assert [header(r, "dlq_replay_attempt") for r in mine(dlq)] == [None, "1"]
    kit_service.BROKEN_PEOPLE.discard(str(person))
    fixed = (await replay(kit, letter)).json()
    assert fixed["status"] == "replayed" and fixed["replay_outcome"] == "applied"
    assert fixed["replay_attempts"] == 2
    assert await applied_count(kit["app"], person) == 1
    async with kit["app"].state.runtime.sessions() as session:
        audits = await session.execute(
            select(audit_log.c.actor).where(
                audit_log.c.action == "replay", audit_log.c.subject_id == str(letter["id"])
            )
        )
        assert list(audits.scalars()) == ["ops.lee", "ops.lee"]


async def test_two_replays_at_once_apply_once(kit: dict[str, Any]) -> None:
    person, _, letter = await refused(kit)
    kit_service.BROKEN_PEOPLE.discard(str(person))
    first, second = await asyncio.gather(replay(kit, letter), replay(kit, letter))
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    assert (await replay(kit, letter)).status_code == 409  # and once more, later
    assert await applied_count(kit["app"], person) == 1


async def test_replaying_an_event_applied_since_is_a_duplicate(kit: dict[str, Any]) -> None:
    person, event, letter = await refused(kit)
    kit_service.BROKEN_PEOPLE.discard(str(person))
    await publish(kit["bootstrap"], kit["topic"], [event.to_bytes()], key=str(person).encode())
    await eventually(lambda: applied_count(kit["app"], person), lambda n: n == 1)
    body = (await replay(kit, letter)).json()
    assert body["status"] == "replayed" and body["replay_outcome"] == "duplicate"
    assert await applied_count(kit["app"], person) == 1


async def test_retry_all_is_bounded_and_reports_each_outcome(kit: dict[str, Any]) -> None:
    people = [(await refused(kit))[0] for _ in range(3)]
    garbage = uuid.uuid4()
    await publish(kit["bootstrap"], kit["topic"], [b"\xff not json"], key=str(garbage).encode())
    await eventually(lambda: letters(kit), lambda ls: len(ls) == 4, timeout=30)
    for person in people:
        kit_service.BROKEN_PEOPLE.discard(str(person))
    before = await end_offsets(kit["bootstrap"], kit["topic"])

    async def retry_all(query: str) -> dict[str, Any]:
        response = await kit["client"].post(
            f"/admin/dead-letters/retry-all?{query}", headers=kit["admin"]
        )
        assert response.status_code == 200, response.text
        return response.json()

    first = await retry_all("consumer=kit&limit=2")
    assert first["attempted"] == 2 and first["outcomes"] == {"applied": 2}
    assert first["remaining"] == 2
    rest = await retry_all("consumer=kit")
    assert rest["outcomes"] == {"applied": 1, "dead_lettered": 1} and rest["remaining"] == 1
    assert [i["outcome"] for i in rest["items"]] == ["applied", "dead_lettered"]  # oldest first
    assert (await retry_all("consumer=elsewhere"))["attempted"] == 0
    last = await retry_all("")
    assert last["outcomes"] == {"dead_lettered": 1}
    [undecodable] = await letters(kit)
    assert undecodable["reason"] == "undecodable" and undecodable["replay_attempts"] == 2
    assert [await applied_count(kit["app"], p) for p in people] == [1, 1, 1]
    assert await end_offsets(kit["bootstrap"], kit["topic"]) == before
    bounded = await kit["client"].post(
        "/admin/dead-letters/retry-all?limit=501", headers=kit["admin"]
    )
    assert bounded.status_code == 422


async def test_a_handler_refusing_with_a_conflict_is_a_refusal_not_a_busy_letter(
    kit: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    person, event, letter = await refused(kit)
    kit_service.BROKEN_PEOPLE.discard(str(person))
    [consumer] = kit["app"].state.runtime.definition.consumers

    async def conflicting(incoming: Any, uow: Any) -> None:
        raise Conflict("state changed under the decision", code="concurrent_change")

    monkeypatch.setitem(consumer.handlers, event.type, conflicting)
    body = (await replay(kit, letter)).json()
    assert body["replay_outcome"] == "dead_lettered" and body["status"] == "new"
    assert "state changed" in body["error"] and body["replay_attempts"] == 1
