"""Domain events -> public contract events (pathways.contracts.mentoring), into the outbox.

`MatchProposed` is internal, and a proposal that ends without ever being made publishes
nothing: outside the service, a match exists from `match.made` to `match.ended`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from pathways.contracts import EventData
from pathways.contracts import mentoring as contract
from pathways.mentoring.domain import events as domain
from pathways.messaging import work
from pathways.messaging.work import AbstractUnitOfWork
from pathways.platform.checks import local_date  # the prisons' day, as the contract's dates are

# contract.md: a release ends a match with reason `released` (either person); the exact
# cause travels in `detail`.
CONTRACT_END_REASON = {
    "mentee_released": "released",
    "mentor_released": "released",
    "mentee_transferred": "transferred",
    "mentor_transferred": "transferred",
}


def to_contract(event: domain.DomainEvent) -> EventData | None:
    match event:
        case domain.MentorEnrolled():
            return contract.MentorEnrolled(
                mentor_id=event.mentor_id, person_id=event.person_id, prison_code=event.prison_code
            )
        case domain.MentorModuleCompleted():
            return contract.MentorModuleCompleted(
                mentor_id=event.mentor_id, person_id=event.person_id, module=event.module
            )
        case domain.MentorQualified():
            return contract.MentorQualified(
                mentor_id=event.mentor_id,
                person_id=event.person_id,
                award=event.award,
                awarded_on=event.awarded_on,
            )
        case domain.MentorStatusChanged():
            return contract.MentorStatusChanged(
                mentor_id=event.mentor_id,
                person_id=event.person_id,
                status=event.status,
                reason=event.reason,
            )
        case domain.MatchMade():
            return contract.MatchMade(
                match_id=event.match_id,
                mentor_id=event.mentor_id,
                mentor_person_id=event.mentor_person_id,
                mentee_person_id=event.mentee_person_id,
                score=round(event.score, 3),
                made_on=local_date(event.occurred_at),
            )
        case domain.MatchEnded() if event.was_made:
            return contract.MatchEnded(
                match_id=event.match_id,
                mentor_person_id=event.mentor_person_id,
                mentee_person_id=event.mentee_person_id,
                reason=CONTRACT_END_REASON.get(event.reason, event.reason),
                detail=event.reason,
                ended_on=local_date(event.occurred_at),
            )
        case domain.SessionLogged():
            return contract.SessionLogged(
                session_id=event.session_id,
                match_id=event.match_id,
                mentee_person_id=event.mentee_person_id,
                kind=event.kind,
                held_on=event.held_on,
                minutes=event.minutes,
            )
    return None


class Recording(Protocol):
    events: list[domain.DomainEvent]


def publish(uow: AbstractUnitOfWork, aggregates: Iterable[Recording]) -> None:
    """Emit the contract events the aggregates recorded, in order, and clear them."""
    work.publish(uow, to_contract, *(aggregate.events for aggregate in aggregates))


PUBLISHED: tuple[type[EventData], ...] = contract.EVENTS
