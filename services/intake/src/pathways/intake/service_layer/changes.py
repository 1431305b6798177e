"""What every change to a known person does: load, apply the domain rule, save, publish
its contract events, audit and commit — plus the checks shared by the handlers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from pathways.intake.domain.person import Person
from pathways.intake.service_layer.contract_events import publish_changes
from pathways.intake.service_layer.unit_of_work import IntakeUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import InvalidInput

T = TypeVar("T")
RESOURCE = "person"
OLDEST_AGE_YEARS = 120
CLOCK_SKEW = timedelta(minutes=5)


class PersonCommand(Protocol):
    """Any command about one known person."""

    @property
    def actor(self) -> str: ...
    @property
    def person_id(self) -> uuid.UUID: ...


def check_not_in_future(moment: datetime, field_name: str) -> datetime:
    """A movement is recorded once it has happened: a future release would be published
    (and acted on by every other service) before it is true."""
    if moment.tzinfo is not None and moment > clock.now() + CLOCK_SKEW:
        raise InvalidInput(
            f"{field_name} {moment.isoformat()} is in the future; record a movement when it "
            "has happened (plan a release with POST /people/{person_id}/release-plans)",
            code="movement_in_future",
        )
    return moment


def check_date_of_birth(born: date | None) -> date | None:
    """A date of birth is in the past and within a human lifetime."""
    if born is None:
        return None
    today = clock.today()
    if born >= today or today.year - born.year > OLDEST_AGE_YEARS:
        raise InvalidInput(
            f"date_of_birth {born.isoformat()} must be in the past and within "
            f"{OLDEST_AGE_YEARS} years of today ({today.isoformat()})",
            code="invalid_date_of_birth",
        )
    return born


async def change_person(
    uow: IntakeUnitOfWork, cmd: PersonCommand, change: Callable[[Person], T]
) -> tuple[Person, T]:
    """Load `cmd.person_id`, apply `change`, save, publish its events, audit and commit."""
    async with uow:
        person = await uow.people.get(cmd.person_id)
        result = change(person)
        await uow.people.save(person)
        publish_changes(uow, person)
        await uow.commit_audited(cmd.actor, "update", RESOURCE, person.person_id)
    return person, result
