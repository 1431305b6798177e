"""The one place where intake's domain events become public contract events.

`prison_code` is the person's prison when the event happened; it is added to the contract
events whose model has an optional `prison_code` (referred, recategorised, absences).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pathways.contracts import EventData
from pathways.contracts import intake as contract
from pathways.intake.domain import events as ev
from pathways.intake.domain.person import Person
from pathways.intake.domain.referral import ConsentRecipient
from pathways.messaging.work import AbstractUnitOfWork


def _received(e: ev.PersonReceived, _: str) -> EventData:
    return contract.PersonReceived(
        person_id=e.person_id,
        prison_number=e.prison_number,
        prison_code=e.prison_code,
        location=e.wing,
        received_at=e.received_at,
        reason=contract.ReceptionReason(e.reason.value),
    )


def _referred(e: ev.PersonReferred, prison: str) -> EventData:
    return contract.PersonReferred(
        person_id=e.person_id,
        referral_id=e.referral_id,
        source=e.source.value,
        substances=[s.value for s in e.substances],
        urgency=e.urgency.value,
        prison_code=prison,
        consent=_sharing(e.allowed),
        referred_on=e.referred_on,
    )


def _sharing(allowed: frozenset[ConsentRecipient]) -> contract.SharingConsent:
    """Only whether each team may receive the person's information; never why."""
    return contract.SharingConsent(**{r.value: r in allowed for r in ConsentRecipient})


def _consent_changed(e: ev.ConsentChanged, _: str) -> EventData:
    return contract.ConsentChanged(
        person_id=e.person_id, consent=_sharing(e.allowed), changed_at=e.changed_at
    )


def _assessed(e: ev.PersonAssessed, _: str) -> EventData:
    return contract.PersonAssessed(
        person_id=e.person_id,
        assessment_id=e.assessment_id,
        assessed_on=e.assessed_on,
        barc10_total=e.barc10_total,
        clean_since=e.clean_since,
    )


def _scheduled(e: ev.ReleaseScheduled, _: str) -> EventData:
    return contract.ReleaseScheduled(
        person_id=e.person_id,
        prison_code=e.prison_code,
        expected_on=e.expected_on,
        release_type=e.release_type.value,
    )


def _cancelled(e: ev.ReleaseCancelled, _: str) -> EventData:
    return contract.ReleaseCancelled(
        person_id=e.person_id,
        prison_code=e.prison_code,
        expected_on=e.expected_on,
        reason=e.reason,
    )


def _released(e: ev.PersonReleased, _: str) -> EventData:
    return contract.PersonReleased(
        person_id=e.person_id,
        prison_number=e.prison_number,
        prison_code=e.prison_code,
        released_at=e.released_at,
        release_type=e.release_type.value,
        destination_area=e.destination_area,
    )


def _transferred(e: ev.PersonTransferred, _: str) -> EventData:
    return contract.PersonTransferred(
        person_id=e.person_id,
        from_prison_code=e.from_prison_code,
        to_prison_code=e.to_prison_code,
        transferred_at=e.transferred_at,
        location=e.wing,
    )


def _location_changed(e: ev.PersonLocationChanged, _: str) -> EventData:
    return contract.PersonLocationChanged(
        person_id=e.person_id, prison_code=e.prison_code, location=e.wing, changed_at=e.changed_at
    )


def _recategorised(e: ev.PersonRecategorised, prison: str) -> EventData:
    return contract.PersonRecategorised(
        person_id=e.person_id, category=e.category.value, prison_code=prison
    )


def _absence(
    model: type[contract.TemporaryAbsenceStarted] | type[contract.TemporaryAbsenceEnded],
) -> Callable[[Any, str], EventData]:
    def convert(e: ev.TemporaryAbsenceStarted | ev.TemporaryAbsenceEnded, prison: str) -> EventData:
        return model(
            person_id=e.person_id,
            absence_id=e.absence_id,
            kind=contract.TemporaryAbsenceKind(e.kind.value),
            starts_at=e.starts_at,
            ends_at=e.ends_at,
            prison_code=prison,
        )

    return convert


_CONVERTERS: dict[type, Callable[[Any, str], EventData]] = {
    ev.PersonReceived: _received,
    ev.PersonReferred: _referred,
    ev.ConsentChanged: _consent_changed,
    ev.PersonAssessed: _assessed,
    ev.ReleaseScheduled: _scheduled,
    ev.ReleaseCancelled: _cancelled,
    ev.PersonReleased: _released,
    ev.PersonTransferred: _transferred,
    ev.PersonLocationChanged: _location_changed,
    ev.PersonRecategorised: _recategorised,
    ev.TemporaryAbsenceStarted: _absence(contract.TemporaryAbsenceStarted),
    ev.TemporaryAbsenceEnded: _absence(contract.TemporaryAbsenceEnded),
}

PUBLISHED: tuple[type[EventData], ...] = contract.EVENTS


def to_contract(event: ev.IntakeEvent, prison_code: str) -> EventData:
    """The contract event for one domain event (its type is `ev.CONTRACT_TYPE[type(event)]`)."""
    data = _CONVERTERS[type(event)](event, prison_code)
    assert data.event_type == ev.CONTRACT_TYPE[type(event)]
    return data


def publish_changes(uow: AbstractUnitOfWork, person: Person, *, caused_by: Any = None) -> int:
    """Queue the contract event of every domain event the person recorded; returns how many.
    `caused_by`: the `Incoming` event a batch handler applied (its ids and trace), if any."""
    pulled = person.pull_events()
    for event in pulled:
        uow.emit(to_contract(event, person.prison_code), caused_by=caused_by)
    return len(pulled)
