"""Domain events → the public contract (`pathways.family`), via the unit of work's outbox.

Public facts: a case opened, a contact held, a follow-up scheduled, re-dated, handed to
another worker, cancelled or completed (the owner is the worker's staff identifier).
Everything else (members, consent, safeguarding, restrictions, planned contacts) stays inside
the service; no names, contact details or notes ever leave.
"""

from __future__ import annotations

from typing import Any

from pathways.contracts import EventData
from pathways.contracts import family as contract
from pathways.family.domain import events as ev
from pathways.family.domain.contacts import ContactStatus
from pathways.messaging import work
from pathways.messaging.work import AbstractUnitOfWork


def contract_event(event: ev.FamilyEvent) -> EventData | None:
    """The public event for a domain event, or None if it stays internal."""
    match event:
        case ev.CaseOpened():
            return contract.CaseOpened(case_id=event.case_id, person_id=event.person_id)
        case ev.ContactRecorded(status=ContactStatus.HELD):
            return contract.ContactRecorded(
                case_id=event.case_id,
                person_id=event.person_id,
                kind=contract.ContactKind(event.kind.value),
                on=event.on,
            )
        case ev.FollowUpScheduled():
            return contract.FollowUpScheduled(
                **_task(event), due_on=event.due_on, owner=event.owner
            )
        case ev.FollowUpRedated():
            return contract.FollowUpRescheduled(
                **_task(event),
                due_on=event.due_on,
                previous_due_on=event.previous_due_on,
                owner=event.owner,
            )
        case ev.FollowUpReassigned():
            return contract.FollowUpReassigned(
                **_task(event), owner=event.owner, previous_owner=event.previous_owner
            )
        case ev.FollowUpCancelled():
            return contract.FollowUpCancelled(**_task(event), reason=event.reason)
        case ev.FollowUpCompleted():
            return contract.FollowUpCompleted(
                task_id=event.task_id,
                person_id=event.person_id,
                kind=contract.FollowUpKind(event.kind.value),
                completed_on=event.completed_on,
                outcome=event.outcome.value,
            )
    return None


def _task(event: Any) -> dict[str, Any]:
    """What every follow-up event of the contract but the completion says of its task."""
    kind = contract.FollowUpKind(event.kind.value)
    return {
        "task_id": event.task_id,
        "case_id": event.case_id,
        "person_id": event.person_id,
        "kind": kind,
    }


def publish(uow: AbstractUnitOfWork, *recorded: list[ev.FamilyEvent]) -> None:
    """Queue the public events of the aggregates' `events` lists in the outbox; empty them."""
    work.publish(uow, contract_event, *recorded)


PUBLISHED: tuple[type[EventData], ...] = (
    contract.CaseOpened,
    contract.ContactRecorded,
    contract.FollowUpScheduled,
    contract.FollowUpRescheduled,
    contract.FollowUpCancelled,
    contract.FollowUpReassigned,
    contract.FollowUpCompleted,
)
