"""Intake's handlers on a fake unit of work (no database, no broker): what each command and
the movement feed leave stored, and the contract events they collect for publishing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from intake_fakes import FakeIntakeUnitOfWork

from pathways.contracts import intake as contract
from pathways.intake.domain.custody import CustodyStatus, ReleaseType
from pathways.intake.domain.feed import SEARCH_RECEIVED, parse_movement_message
from pathways.intake.domain.person_query import PersonQuery
from pathways.intake.domain.prisons import PRISONS
from pathways.intake.domain.referral import Consent, ConsentRecipient, ReferralSource, Substance
from pathways.intake.service_layer import commands as c
from pathways.intake.service_layer.custody_handlers import release_person
from pathways.intake.service_layer.feed_handlers import FEED_ACTOR, on_movements
from pathways.intake.service_layer.handlers import list_people, receive_person, refer_person
from pathways.intake.service_layer.treatment_extract import ExtractQuery, extract
from pathways.intake.service_layer.unit_of_work import IntakeUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import Conflict
from pathways.testing.fake_unit_of_work import incoming
from pathways.testing.ids import unique_prison_code, unique_prison_number
from pathways.testing.protocols import missing

ACTOR = "officer"


@pytest.fixture
def uow() -> FakeIntakeUnitOfWork:
    return FakeIntakeUnitOfWork()


def reception(prison: str, number: str | None = None, days_ago: int = 3) -> c.ReceivePerson:
    at = datetime.now(UTC) - timedelta(days=days_ago)
    return c.ReceivePerson(ACTOR, number or unique_prison_number(), prison, at, wing="A")


async def test_a_reception_stores_the_person_in_custody_and_publishes_received(
    uow: FakeIntakeUnitOfWork,
) -> None:
    prison = unique_prison_code(PRISONS)
    person, readmitted = await receive_person(reception(prison), uow)

    stored = uow.people.table.committed(person.person_id)
    assert stored is not None and stored.status is CustodyStatus.IN_CUSTODY
    assert (stored.prison_code, stored.wing, readmitted) == (prison, "A", False)
    (received,) = uow.published
    assert isinstance(received, contract.PersonReceived)
    assert (received.person_id, received.prison_code, received.location) == (
        person.person_id,
        prison,
        "A",
    )
    assert received.reason is contract.ReceptionReason.NEW_ADMISSION
    assert uow.audits == [(ACTOR, "create", "person", person.person_id)]


async def test_a_second_reception_in_custody_is_refused_and_nothing_is_published(
    uow: FakeIntakeUnitOfWork,
) -> None:
    cmd = reception(unique_prison_code(PRISONS))
    await receive_person(cmd, uow)
    uow.take_published()

    with pytest.raises(Conflict) as refused:
        await receive_person(cmd, uow)
    assert refused.value.code == "already_in_custody"
    assert uow.published == [] and uow.commits == 1


async def test_a_referral_publishes_the_consent_per_team_and_the_prison(
    uow: FakeIntakeUnitOfWork,
) -> None:
    prison = unique_prison_code(PRISONS)
    person, _ = await receive_person(reception(prison), uow)
    uow.take_published()
    today = clock.today()
    consents = (
        Consent(ConsentRecipient.MENTORING, True, today),
        Consent(ConsentRecipient.FAMILY, False, today),
    )
    cmd = c.ReferPerson(
        ACTOR, person.person_id, today, ReferralSource.HEALTHCARE, (Substance.OPIATES,),
        consents=consents,
    )  # fmt: skip
    referral = await refer_person(cmd, uow)

    (referred,) = uow.published
    assert isinstance(referred, contract.PersonReferred)
    assert referred.referral_id == referral.referral_id and referred.prison_code == prison
    assert referred.consent.mentoring and not referred.consent.family
    assert not referred.consent.placements  # no consent recorded: not shared
    stored = uow.people.table.committed(person.person_id)
    assert stored is not None and [r.referral_id for r in stored.referrals] == [
        referral.referral_id
    ]


async def test_a_release_then_a_reception_starts_a_new_custody_period(
    uow: FakeIntakeUnitOfWork,
) -> None:
    prison = unique_prison_code(PRISONS)
    cmd = reception(prison)
    person, _ = await receive_person(cmd, uow)
    released_at = datetime.now(UTC) - timedelta(days=1)
    await release_person(
        c.ReleasePerson(ACTOR, person.person_id, released_at, ReleaseType.PAROLE, "Leeds"), uow
    )
    stored = uow.people.table.committed(person.person_id)
    assert stored is not None and stored.status is CustodyStatus.RELEASED

    again = c.ReceivePerson(ACTOR, cmd.prison_number, prison, datetime.now(UTC), wing="B")
    readmitted_person, readmitted = await receive_person(again, uow)

    assert readmitted and readmitted_person.person_id == person.person_id
    _, released, received = uow.published
    assert isinstance(released, contract.PersonReleased)
    assert (released.release_type, released.destination_area) == ("parole", "Leeds")
    assert isinstance(received, contract.PersonReceived)
    assert received.reason is contract.ReceptionReason.READMISSION
    assert [a[1] for a in uow.audits] == ["create", "update", "update"]


async def test_the_movement_feed_receives_a_new_person_under_its_own_actor(
    uow: FakeIntakeUnitOfWork,
) -> None:
    prison, number = unique_prison_code(PRISONS), unique_prison_number()
    at = datetime.now(UTC) - timedelta(hours=2)
    message = parse_movement_message(
        _movement(SEARCH_RECEIVED, "NEW_ADMISSION", number, prison, at)
    )

    async with uow:
        await on_movements([incoming(message)], uow)  # the consumer commits, not the handler
        assert uow.published == []
        await uow.commit()

    (received,) = uow.published
    assert isinstance(received, contract.PersonReceived)
    assert (received.prison_number, received.prison_code) == (number, prison)
    found, total = await list_people(PersonQuery(prison_number=number), ACTOR, uow)
    assert total == 1 and found[0].person_id == received.person_id
    assert uow.audits[0] == (FEED_ACTOR, "create", "person", received.person_id)


async def test_the_treatment_extract_lists_the_people_released_from_the_prison(
    uow: FakeIntakeUnitOfWork,
) -> None:
    prison = unique_prison_code(PRISONS)
    person, _ = await receive_person(reception(prison), uow)
    await receive_person(reception(prison), uow)  # still in custody: not in the extract
    await release_person(c.ReleasePerson(ACTOR, person.person_id, datetime.now(UTC)), uow)
    today = clock.today()

    csv = await extract(ExtractQuery("reporter", prison, today - timedelta(days=1), today), uow)

    header, row = csv.splitlines()
    assert header.startswith("prison_number,person_id,prison_code")
    assert row.startswith(f"{person.prison_number},{person.person_id},{prison}")
    assert ",not_referred," in row
    assert uow.audits[-1] == ("reporter", "export", "community_treatment", person.person_id)


def _movement(event_type: str, reason: str, noms: str, prison: str, at: datetime) -> dict[str, Any]:
    return {
        "eventType": event_type,
        "version": 1,
        "occurredAt": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "additionalInformation": {"nomsNumber": noms, "prisonId": prison, "reason": reason},
        "personReference": {"identifiers": [{"type": "NOMS", "value": noms}]},
    }


def test_the_fake_fulfils_the_same_protocol_as_the_sqlalchemy_unit_of_work() -> None:
    assert not missing(IntakeUnitOfWork, FakeIntakeUnitOfWork, FakeIntakeUnitOfWork())
