"""Custody handlers: release plans, releases, transfers, recategorisation, ROTL."""

from __future__ import annotations

from pathways.intake.domain.custody import ReleasePlan, TemporaryAbsence
from pathways.intake.domain.person import Person
from pathways.intake.domain.prisons import validate_prison_code
from pathways.intake.domain.values import parse_category
from pathways.intake.service_layer import commands as c
from pathways.intake.service_layer.changes import change_person, check_not_in_future
from pathways.intake.service_layer.unit_of_work import IntakeUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import InvalidInput


async def schedule_release(cmd: c.ScheduleRelease, uow: IntakeUnitOfWork) -> Person:
    plan = ReleasePlan(cmd.expected_on, cmd.release_type)
    person, _ = await change_person(
        uow, cmd, lambda p: p.schedule_release(plan, today=clock.today())
    )
    return person


async def cancel_release_plan(cmd: c.CancelReleasePlan, uow: IntakeUnitOfWork) -> Person:
    person, _ = await change_person(uow, cmd, lambda p: p.cancel_release_plan(cmd.reason))
    return person


async def release_person(cmd: c.ReleasePerson, uow: IntakeUnitOfWork) -> Person:
    person, _ = await change_person(
        uow,
        cmd,
        lambda p: p.release(
            released_at=check_not_in_future(cmd.released_at, "released_at"),
            release_type=cmd.release_type,
            destination_area=cmd.destination_area,
        ),
    )
    return person


async def transfer_person(cmd: c.TransferPerson, uow: IntakeUnitOfWork) -> Person:
    code = validate_prison_code(cmd.to_prison_code)
    check_not_in_future(cmd.transferred_at, "transferred_at")
    person, _ = await change_person(
        uow,
        cmd,
        lambda p: p.transfer(to_prison_code=code, transferred_at=cmd.transferred_at, wing=cmd.wing),
    )
    return person


async def change_location(cmd: c.ChangeLocation, uow: IntakeUnitOfWork) -> Person:
    if not cmd.location.strip():
        raise InvalidInput("location must not be blank", code="invalid_wing")
    check_not_in_future(cmd.changed_at, "changed_at")
    person, _ = await change_person(
        uow, cmd, lambda p: p.move_to_wing(cmd.location, at=cmd.changed_at)
    )
    return person


async def recategorise_person(cmd: c.RecategorisePerson, uow: IntakeUnitOfWork) -> Person:
    category = parse_category(cmd.category)
    person, _ = await change_person(uow, cmd, lambda p: p.recategorise(category))
    return person


async def start_temporary_absence(
    cmd: c.StartTemporaryAbsence, uow: IntakeUnitOfWork
) -> TemporaryAbsence:
    check_not_in_future(cmd.starts_at, "starts_at")
    _, absence = await change_person(
        uow,
        cmd,
        lambda p: p.start_temporary_absence(
            kind=cmd.kind, starts_at=cmd.starts_at, ends_at=cmd.ends_at, absence_id=cmd.absence_id
        ),
    )
    return absence


async def end_temporary_absence(cmd: c.EndTemporaryAbsence, uow: IntakeUnitOfWork) -> Person:
    check_not_in_future(cmd.ended_at, "ended_at")
    person, _ = await change_person(
        uow,
        cmd,
        lambda p: p.end_temporary_absence(absence_id=cmd.absence_id, ended_at=cmd.ended_at),
    )
    return person
