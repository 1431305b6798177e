"""Carrying out a feed decision on the Person aggregate (pure: no I/O)."""

from __future__ import annotations

from .feed import (
    EndTemporaryAbsence,
    FeedDecision,
    Ignore,
    MovementMessage,
    Receive,
    Release,
    Transfer,
    decide,
)
from .person import Person
from .reception import Reception


def apply_decision(
    decision: FeedDecision, person: Person | None, *, prison_number: str
) -> Person | None:
    """Apply `decision`; returns the person changed or created, or None if nothing changed.

    The returned person's `events` hold what to publish. Rules are re-checked by the aggregate,
    so a decision made on out-of-date state raises a DomainError rather than corrupting it.
    """
    match decision:
        case Ignore():
            return None
        case Receive(creates_person=True):
            reception = Reception.create(
                prison_code=decision.prison_code,
                received_at=decision.received_at,
                reason=decision.reason,
            )
            return Person.receive_new(prison_number=prison_number, reception=reception)
    if person is None:
        raise ValueError(f"{type(decision).__name__} needs a known person")
    match decision:
        case Receive():
            person.receive(
                Reception.create(
                    prison_code=decision.prison_code,
                    received_at=decision.received_at,
                    reason=decision.reason,
                )
            )
        case Transfer():
            person.transfer(
                to_prison_code=decision.to_prison_code, transferred_at=decision.transferred_at
            )
        case Release():
            person.release(released_at=decision.released_at)
        case EndTemporaryAbsence():
            person.end_temporary_absence(absence_id=decision.absence_id, ended_at=decision.ended_at)
    return person


def handle_movement(
    message: MovementMessage, person: Person | None, *, already_processed: bool = False
) -> tuple[FeedDecision, Person | None]:
    """decide + apply in one call: returns the decision and the changed/created person."""
    snapshot = person.custody_snapshot() if person else None
    decision = decide(message, snapshot, already_processed=already_processed)
    changed = apply_decision(decision, person, prison_number=message.noms_number)
    return decision, changed
