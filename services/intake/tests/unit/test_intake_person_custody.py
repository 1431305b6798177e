from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from pathways.intake.domain import events as ev
from pathways.intake.domain.custody import CustodyStatus, ReleasePlan, ReleaseType
from pathways.intake.domain.person import Person
from pathways.intake.domain.reception import (
    Dependency,
    FirstNightPlacement,
    Reception,
    ReceptionReason,
    RiskLevel,
    Screening,
)
from pathways.intake.domain.values import PersonName, SecurityCategory
from pathways.platform.errors import Conflict, InvalidInput

T0 = datetime(2026, 3, 2, 21, 14, tzinfo=UTC)
PERSON_ID = uuid.UUID("00000000-0000-0000-0000-000000000001")


def received(at: datetime = T0, prison: str = "BAI", **kwargs: object) -> Person:
    reception = Reception.create(prison_code=prison, received_at=at, wing="A", **kwargs)  # type: ignore[arg-type]
    return Person.receive_new(prison_number="G2899UJ", reception=reception, person_id=PERSON_ID)


def test_receive_new_records_person_received() -> None:
    screening = Screening(RiskLevel.MEDIUM, Dependency.ALCOHOL, FirstNightPlacement.DETOX_UNIT)
    reception = Reception.create(prison_code="BAI", received_at=T0, wing="HB1", screening=screening)
    person = Person.receive_new(
        prison_number="g2899uj",
        reception=reception,
        name=PersonName("Sam", "Smith"),
        date_of_birth=date(1990, 1, 1),
    )
    assert person.status is CustodyStatus.IN_CUSTODY
    assert person.prison_number == "G2899UJ" and person.prison_code == "BAI"
    assert person.screening == screening and person.wing == "HB1"
    assert person.events == [
        ev.PersonReceived(
            person.person_id, "G2899UJ", "BAI", "HB1", T0, ReceptionReason.NEW_ADMISSION
        )
    ]


def test_receive_new_refuses_bad_prison_number() -> None:
    reception = Reception.create(prison_code="BAI", received_at=T0)
    with pytest.raises(InvalidInput) as caught:
        Person.receive_new(prison_number="X123", reception=reception)
    assert (
        caught.value.message
        == "prison number 'X123' must look like A1234BC (one letter, four digits, two letters)"
    )


def test_person_in_custody_is_not_received_twice() -> None:
    person = received()
    again = Reception.create(prison_code="BAI", received_at=T0 + timedelta(hours=1))
    with pytest.raises(Conflict) as caught:
        person.receive(again)
    assert caught.value.code == "already_in_custody"
    assert len(person.events) == 1


def test_readmission_after_release_reuses_the_person() -> None:
    person = received()
    person.recategorise(SecurityCategory.C)
    person.release(released_at=T0 + timedelta(days=30))
    person.pull_events()
    back = Reception.create(
        prison_code="WWI",
        received_at=T0 + timedelta(days=60),
        reason=ReceptionReason.NEW_ADMISSION,
    )
    person.receive(back)
    assert person.person_id == PERSON_ID
    assert person.status is CustodyStatus.IN_CUSTODY and person.prison_code == "WWI"
    assert person.category is None  # to be recategorised after the new reception
    (event,) = person.pull_events()
    assert isinstance(event, ev.PersonReceived)
    assert event.reason is ReceptionReason.READMISSION


def test_readmission_before_the_release_time_is_refused() -> None:
    person = received()
    person.release(released_at=T0 + timedelta(days=30))
    with pytest.raises(InvalidInput) as caught:
        person.receive(Reception.create(prison_code="BAI", received_at=T0 + timedelta(days=29)))
    assert caught.value.code == "before_last_movement"


def test_schedule_release() -> None:
    person = received()
    plan = ReleasePlan(date(2026, 9, 14), ReleaseType.HOME_DETENTION_CURFEW)
    person.schedule_release(plan, today=date(2026, 9, 14))
    assert person.release_plan == plan
    assert person.events[-1] == ev.ReleaseScheduled(
        PERSON_ID, "BAI", date(2026, 9, 14), ReleaseType.HOME_DETENTION_CURFEW
    )


def test_schedule_release_in_the_past_is_refused() -> None:
    person = received()
    plan = ReleasePlan(date(2026, 9, 13), ReleaseType.PAROLE)
    with pytest.raises(InvalidInput) as caught:
        person.schedule_release(plan, today=date(2026, 9, 14))
    assert caught.value.code == "release_date_in_past"
    assert person.release_plan is None


def test_cancel_release_plan_records_the_cancelled_date_and_needs_a_plan() -> None:
    person = received()
    with pytest.raises(Conflict) as caught:
        person.cancel_release_plan("parole_refused")
    assert caught.value.code == "no_release_plan"
    person.schedule_release(ReleasePlan(date(2026, 9, 14), ReleaseType.PAROLE), today=T0.date())
    with pytest.raises(InvalidInput):
        person.cancel_release_plan("  ")
    person.cancel_release_plan("parole_refused")
    assert person.release_plan is None
    assert person.events[-1] == ev.ReleaseCancelled(
        PERSON_ID, "BAI", date(2026, 9, 14), "parole_refused"
    )


def test_release_uses_the_plan_type_and_clears_the_plan() -> None:
    person = received()
    person.schedule_release(
        ReleasePlan(date(2026, 9, 14), ReleaseType.PAROLE), today=date(2026, 3, 3)
    )
    released_at = datetime(2026, 9, 14, 9, 5, tzinfo=UTC)
    person.release(released_at=released_at, destination_area=" Lambeth ")
    assert person.status is CustodyStatus.RELEASED and person.release_plan is None
    assert person.events[-1] == ev.PersonReleased(
        PERSON_ID, "G2899UJ", "BAI", released_at, ReleaseType.PAROLE, "Lambeth"
    )


def test_release_type_defaults_to_other_and_can_be_given() -> None:
    person = received()
    person.release(released_at=T0 + timedelta(days=1))
    assert person.events[-1].release_type is ReleaseType.OTHER  # type: ignore[union-attr]
    other = received()
    other.release(released_at=T0 + timedelta(days=1), release_type=ReleaseType.END_OF_SENTENCE)
    assert other.events[-1].release_type is ReleaseType.END_OF_SENTENCE  # type: ignore[union-attr]


def test_release_before_reception_is_refused() -> None:
    person = received()
    with pytest.raises(InvalidInput) as caught:
        person.release(released_at=T0 - timedelta(seconds=1))
    assert caught.value.code == "release_before_reception"
    assert person.status is CustodyStatus.IN_CUSTODY and len(person.events) == 1


def test_release_twice_is_a_conflict() -> None:
    person = received()
    person.release(released_at=T0 + timedelta(days=1))
    with pytest.raises(Conflict) as caught:
        person.release(released_at=T0 + timedelta(days=2))
    assert caught.value.code == "already_released"
    assert sum(isinstance(e, ev.PersonReleased) for e in person.events) == 1


def test_release_refuses_a_naive_time() -> None:
    with pytest.raises(InvalidInput):
        received().release(released_at=datetime(2026, 4, 1))


def test_transfer_to_another_known_prison() -> None:
    person = received()
    at = T0 + timedelta(days=3)
    person.transfer(to_prison_code="wwi", transferred_at=at, wing="B")
    assert person.prison_code == "WWI" and person.wing == "B"
    assert person.last_movement_at == at
    assert person.events[-1] == ev.PersonTransferred(PERSON_ID, "BAI", "WWI", at, "B")


@pytest.mark.parametrize(
    ("to", "error", "code"),
    [
        ("BAI", Conflict, "same_prison"),
        ("QQQ", InvalidInput, "unknown_prison_code"),
    ],
)
def test_transfer_refusals(to: str, error: type[Exception], code: str) -> None:
    person = received()
    with pytest.raises(error) as caught:
        person.transfer(to_prison_code=to, transferred_at=T0 + timedelta(days=1))
    assert caught.value.code == code  # type: ignore[attr-defined]
    assert person.prison_code == "BAI"


def test_transfer_when_released_or_before_last_movement_is_refused() -> None:
    person = received()
    with pytest.raises(InvalidInput) as caught:
        person.transfer(to_prison_code="WWI", transferred_at=T0 - timedelta(minutes=1))
    assert caught.value.code == "before_last_movement"
    person.release(released_at=T0 + timedelta(days=1))
    with pytest.raises(Conflict) as caught_conflict:
        person.transfer(to_prison_code="WWI", transferred_at=T0 + timedelta(days=2))
    assert caught_conflict.value.code == "not_in_custody"


def test_recategorise() -> None:
    person = received()
    person.recategorise(SecurityCategory.C)
    person.recategorise(SecurityCategory.D)
    last = person.events[-1]
    assert last == ev.PersonRecategorised(PERSON_ID, SecurityCategory.D, SecurityCategory.C)
    assert isinstance(last, ev.PersonRecategorised) and last.moved_to_open_conditions
    first = person.events[-2]
    assert isinstance(first, ev.PersonRecategorised) and not first.moved_to_open_conditions


def test_recategorise_to_the_same_category_or_when_released_is_refused() -> None:
    person = received()
    person.recategorise(SecurityCategory.B)
    with pytest.raises(Conflict) as caught:
        person.recategorise(SecurityCategory.B)
    assert caught.value.code == "category_unchanged"
    person.release(released_at=T0 + timedelta(days=1))
    with pytest.raises(Conflict):
        person.recategorise(SecurityCategory.C)


def test_move_to_wing() -> None:
    person = received()
    person.move_to_wing("C", at=T0 + timedelta(hours=1))
    person.move_to_wing("C", at=T0 + timedelta(hours=2))  # the same wing: nothing new
    assert person.wing == "C" and len(person.events) == 2
    assert person.events[-1] == ev.PersonLocationChanged(
        person.person_id, person.prison_code, "C", T0 + timedelta(hours=1)
    )


def test_pull_events_empties_the_list() -> None:
    person = received()
    assert len(person.pull_events()) == 1
    assert person.events == [] and person.pull_events() == []


def test_every_event_has_a_contract_type() -> None:
    assert set(ev.CONTRACT_TYPE.values()) >= {
        "intake.person.received.v1",
        "intake.person.released.v1",
        "intake.temporary_absence.ended.v1",
    }
    from pathways.contracts import treatment
    from pathways.contracts.intake import EVENTS, RetentionApplied

    # the Person's events, and the community-treatment handover's (its own aggregate); the
    # erasure is no domain event of a person: the retention purge publishes it
    handover = {event.event_type for event in treatment.EVENTS}
    published = {event.event_type for event in EVENTS} - {RetentionApplied.event_type}
    assert set(ev.CONTRACT_TYPE.values()) | handover == published
    assert not set(ev.CONTRACT_TYPE.values()) & handover


def test_failed_transfer_changes_nothing() -> None:
    person = received()
    with pytest.raises(InvalidInput):
        person.transfer(to_prison_code="WWI", transferred_at=T0 + timedelta(days=1), wing="<x>")
    assert person.prison_code == "BAI" and person.wing == "A" and len(person.events) == 1
