"""The feed applied set-based: one batch naming many people, interleaved, leaves each person
exactly as applying the messages one at a time would (order per person, versions, audit and
events), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from pathways.intake.adapters.orm import people
from pathways.intake.domain.feed import EVENTS_RELEASED, SEARCH_RECEIVED
from pathways.messaging.tables import audit_log

pytestmark = [pytest.mark.postgres]
T0 = datetime.now(UTC) - timedelta(days=3)
M = timedelta(minutes=1)
RECEIVED, RELEASED = "intake.person.received.v1", "intake.person.released.v1"
TRANSFERRED = "intake.person.transferred.v1"


async def version_of(intake, noms: str) -> int:
    async with intake.app.state.runtime.sessions() as session:
        return await session.scalar(select(people.c.version).where(people.c.prison_number == noms))


def batch_path_only(intake, monkeypatch) -> None:
    """Fail if the consumer falls back to one message at a time: that leaves the same end
    state, so without this a broken set-based path would pass unseen."""
    consumer = intake.app.state.runtime.definition.consumers[0]

    async def fallback(*_: object) -> None:
        raise AssertionError("the batch failed and was applied one message at a time")

    monkeypatch.setattr(consumer, "_apply_alone", fallback)


async def test_one_batch_of_interleaved_people_applies_each_in_order(intake, monkeypatch) -> None:
    known, also_known = intake.new_prison_number(), intake.new_prison_number()
    await intake.feed(
        intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", known, "BAI", T0),
        intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", also_known, "BAI", T0),
    )
    batch_path_only(intake, monkeypatch)
    fresh = [intake.new_prison_number() for _ in range(5)]
    batch = [intake.movement(SEARCH_RECEIVED, "TRANSFERRED", also_known, "HOI", T0 + 5 * M)]
    for noms in fresh:
        batch.append(intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0))
    batch.append(intake.movement(SEARCH_RECEIVED, "TRANSFERRED", known, "HOI", T0 + 10 * M))
    for noms in fresh:
        batch.append(intake.movement(SEARCH_RECEIVED, "TRANSFERRED", noms, "HOI", T0 + 20 * M))
    for noms in (*fresh[:2], known):
        batch.append(intake.movement(EVENTS_RELEASED, "RELEASED", noms, "HOI", T0 + 30 * M))
    await intake.feed(*batch)

    for noms, expected, version in (
        (known, [RECEIVED, TRANSFERRED, RELEASED], 3),
        (also_known, [RECEIVED, TRANSFERRED], 2),  # two stored people updated in one batch
        (fresh[0], [RECEIVED, TRANSFERRED, RELEASED], 3),
        (fresh[1], [RECEIVED, TRANSFERRED, RELEASED], 3),
        (fresh[4], [RECEIVED, TRANSFERRED], 2),
    ):
        person = await intake.person_by_number(noms)
        assert [k for k, _ in await intake.events(person["person_id"])] == expected
        assert await version_of(intake, noms) == version  # as one at a time would leave it
        audits = await intake.audits(person["person_id"])
        actions = [a for actor, a in audits if actor == "hmpps-movement-feed"]
        assert actions == ["create", *["update"] * (version - 1)]
    assert (await intake.person_by_number(fresh[4]))["prison_code"] == "HOI"
    assert (await intake.person_by_number(fresh[0]))["status"] == "released"


async def test_each_event_and_audit_row_carries_the_feed_message_that_caused_it(intake) -> None:
    import json

    from pathways.messaging.tables import outbox

    first, second = intake.new_prison_number(), intake.new_prison_number()
    await intake.feed(
        intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", first, "BAI", T0),
        intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", second, "MRI", T0),
    )
    seen = set()
    async with intake.app.state.runtime.sessions() as session:
        for noms in (first, second):
            person = await intake.person_by_number(noms)
            rows = (await session.execute(select(outbox.c.payload))).scalars()
            [envelope] = [
                e for e in map(json.loads, rows) if e.get("subject") == person["person_id"]
            ]
            [audit] = (
                await session.execute(
                    select(audit_log).where(
                        audit_log.c.subject_id == person["person_id"],
                        audit_log.c.actor == "hmpps-movement-feed",
                    )
                )
            ).all()
            assert envelope["causationid"] == envelope["correlationid"] == audit.correlation_id
            seen.add(audit.correlation_id)  # the feed message's dedupe key
    assert len(seen) == 2 and None not in seen
