"""The movement feed through the real consumer (decoder, inbox, handler, dead letters) on
SQLite and PostgreSQL, without the broker: no message may cause a false or double release."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from pathways.intake.domain.feed import (
    EVENTS_RECEIVED,
    EVENTS_RELEASED,
    SEARCH_RECEIVED,
    SEARCH_RELEASED,
)

pytestmark = [pytest.mark.postgres]
T0 = datetime.now(UTC) - timedelta(days=3)
M = timedelta(minutes=1)
RELEASED = "intake.person.released.v1"
RECEIVED = "intake.person.received.v1"


async def kinds(intake, noms: str) -> list[str]:
    person = await intake.person_by_number(noms)
    return [k for k, _ in await intake.events(person["person_id"])] if person else []


async def test_a_reception_for_an_unknown_person_creates_them_once(intake) -> None:
    noms = intake.new_prison_number()
    search = intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    confirmed = intake.movement(EVENTS_RECEIVED, "ADMISSION", noms, "BAI", T0 + M)
    await intake.feed(search, search)
    await intake.feed(search, confirmed)
    person = await intake.person_by_number(noms)
    assert person["status"] == "in_custody" and person["prison_code"] == "BAI"
    events = await intake.events(person["person_id"])
    assert [k for k, _ in events] == [RECEIVED]
    assert events[0][1]["reason"] == "new_admission" and events[0][1]["location"] is None
    assert ("hmpps-movement-feed", "create") in await intake.audits(person["person_id"])


async def test_only_the_confirmed_release_releases_and_only_once(intake) -> None:
    noms = intake.new_prison_number()
    await intake.feed(intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "PVI", T0))
    immediate = intake.movement(SEARCH_RELEASED, "RELEASED", noms, "PVI", T0 + 60 * M)
    await intake.feed(immediate)
    assert await kinds(intake, noms) == [RECEIVED]
    confirmed = intake.movement(EVENTS_RELEASED, "RELEASED", noms, "PVI", T0 + 60 * M)
    await intake.feed(confirmed, confirmed)
    await intake.feed(confirmed)
    assert await kinds(intake, noms) == [RECEIVED, RELEASED]
    person = await intake.person_by_number(noms)
    [(_, data)] = [e for e in await intake.events(person["person_id"]) if e[0] == RELEASED]
    assert data["prison_code"] == "PVI" and data["release_type"] == "other"
    assert data["prison_number"] == noms


@pytest.mark.parametrize(
    "reason", ["SENT_TO_COURT", "RELEASED_TO_HOSPITAL", "TEMPORARY_ABSENCE_RELEASE",
               "TRANSFERRED", "UNKNOWN"]
)  # fmt: skip
async def test_court_hospital_absence_and_transfer_out_are_not_releases(intake, reason) -> None:
    noms = intake.new_prison_number()
    await intake.feed(intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0))
    await intake.feed(
        intake.movement(SEARCH_RELEASED, reason, noms, "BAI", T0 + M),
        intake.movement(EVENTS_RELEASED, reason, noms, "BAI", T0 + M),
    )
    assert await kinds(intake, noms) == [RECEIVED]
    assert (await intake.person_by_number(noms))["status"] == "in_custody"


async def test_out_of_order_reception_cannot_undo_a_release(intake) -> None:
    noms = intake.new_prison_number()
    admitted = intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    released = intake.movement(EVENTS_RELEASED, "RELEASED", noms, "BAI", T0 + 120 * M)
    late_return = intake.movement(EVENTS_RECEIVED, "RETURN_FROM_COURT", noms, "BAI", T0 + 30 * M)
    await intake.feed(admitted, released, late_return)
    assert await kinds(intake, noms) == [RECEIVED, RELEASED]
    assert (await intake.person_by_number(noms))["status"] == "released"


async def test_release_and_readmission_within_minutes(intake) -> None:
    noms = intake.new_prison_number()
    await intake.feed(intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0))
    released = intake.movement(EVENTS_RELEASED, "RELEASED", noms, "BAI", T0 + 60 * M)
    back = intake.movement(SEARCH_RECEIVED, "READMISSION", noms, "BAI", T0 + 65 * M)
    await intake.feed(released, back)
    await intake.feed(released)  # a late repeat of the release after the readmission
    assert await kinds(intake, noms) == [RECEIVED, RELEASED, RECEIVED]
    assert (await intake.person_by_number(noms))["status"] == "in_custody"


async def test_transfer_via_reception_at_another_prison(intake) -> None:
    noms = intake.new_prison_number()
    await intake.feed(
        intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0),
        intake.movement(SEARCH_RELEASED, "TRANSFERRED", noms, "BAI", T0 + 60 * M),
        intake.movement(SEARCH_RECEIVED, "TRANSFERRED", noms, "HOI", T0 + 90 * M),
        intake.movement(EVENTS_RECEIVED, "TRANSFERRED", noms, "HOI", T0 + 90 * M),
    )
    person = await intake.person_by_number(noms)
    assert person["prison_code"] == "HOI"
    events = await intake.events(person["person_id"])
    assert [k for k, _ in events] == [RECEIVED, "intake.person.transferred.v1"]
    assert events[1][1]["from_prison_code"] == "BAI" and events[1][1]["to_prison_code"] == "HOI"


async def test_the_feed_ends_a_recorded_temporary_absence_on_return(intake) -> None:
    noms = intake.new_prison_number()
    person = await intake.receive(
        prison_number=noms, prison_code="FDI", category="D", received_at=T0.isoformat()
    )
    pid = person["person_id"]
    absence = {"kind": "rotl_day", "starts_at": (T0 + 60 * M).isoformat(),
               "ends_at": (T0 + 600 * M).isoformat()}  # fmt: skip
    assert (await intake.post(f"/people/{pid}/temporary-absences", absence)).status_code == 201
    await intake.feed(
        intake.movement(SEARCH_RELEASED, "TEMPORARY_ABSENCE_RELEASE", noms, "FDI", T0 + 61 * M),
        intake.movement(EVENTS_RELEASED, "TEMPORARY_ABSENCE_RELEASE", noms, "FDI", T0 + 61 * M),
        intake.movement(SEARCH_RECEIVED, "TEMPORARY_ABSENCE_RETURN", noms, "FDI", T0 + 500 * M),
    )
    events = [k for k, _ in await intake.events(pid)]
    assert events == [
        RECEIVED,
        "intake.temporary_absence.started.v1",
        "intake.temporary_absence.ended.v1",
    ]
    assert (await intake.person_by_number(noms))["status"] == "in_custody"


async def test_malformed_messages_are_dead_lettered_and_the_rest_applied(intake) -> None:
    noms = intake.new_prison_number()
    good = intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    no_noms = intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    del no_noms["additionalInformation"]["nomsNumber"]
    no_noms["personReference"] = {"identifiers": []}
    bad_time = {**intake.movement(EVENTS_RELEASED, "RELEASED", noms, "BAI", T0),
                "occurredAt": "yesterday"}  # fmt: skip
    other_type = {"eventType": "prison-offender-events.prisoner.merged", "version": 1}
    before = len(await intake.dead_letters())
    await intake.feed(
        b"\xff not json",
        b"[1, 2]",
        json.dumps({"hello": "world"}).encode(),
        no_noms,
        bad_time,
        other_type,
        good,
    )
    assert await kinds(intake, noms) == [RECEIVED]
    letters = (await intake.dead_letters())[before:]
    assert [d.reason for d in letters] == [
        "undecodable",
        "invalid_envelope",
        "invalid_envelope",
        "invalid_data",
        "invalid_data",
    ]
    assert "missing_noms_number" in letters[3].error and "occurred_at" in letters[4].error
    assert {d.consumer for d in letters} == {"intake"}


async def test_an_sns_wrapped_message_is_read(intake) -> None:
    noms = intake.new_prison_number()
    inner = intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "MRI", T0)
    await intake.feed({"Type": "Notification", "Message": json.dumps(inner)})
    assert (await intake.person_by_number(noms))["prison_code"] == "MRI"


async def test_a_refused_decision_is_dead_lettered_and_can_be_applied_again(
    intake, monkeypatch
) -> None:
    from pathways.intake.service_layer import feed_handlers
    from pathways.platform.errors import Conflict

    noms, other = intake.new_prison_number(), intake.new_prison_number()
    real = feed_handlers.handle_movement

    def refuse_for_noms(message, person):
        if message.noms_number == noms:
            raise Conflict("state changed under the decision", code="concurrent_change")
        return real(message, person)

    monkeypatch.setattr(feed_handlers, "handle_movement", refuse_for_noms)
    message = intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", noms, "BAI", T0)
    before = len(await intake.dead_letters())
    await intake.feed(message, intake.movement(SEARCH_RECEIVED, "NEW_ADMISSION", other, "BAI", T0))
    assert await kinds(intake, other) == [RECEIVED]
    [letter] = (await intake.dead_letters())[before:]
    assert letter.reason == "handler_failed" and "concurrent_change" in letter.error
    monkeypatch.setattr(feed_handlers, "handle_movement", real)
    await intake.feed(message)  # what an operator's replay delivers: no inbox row blocks it
    assert await kinds(intake, noms) == [RECEIVED]
