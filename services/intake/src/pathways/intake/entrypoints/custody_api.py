"""Custody routes of the staff API: release plans, releases, transfers, recategorisations
and temporary absences (ROTL). Each answers with the person as it now stands."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from pathways.intake.entrypoints import custody_requests as rq
from pathways.intake.entrypoints import responses as rs
from pathways.intake.entrypoints.api import CHANGE, Change
from pathways.intake.service_layer import commands as c
from pathways.intake.service_layer import custody_handlers as handlers

router = APIRouter(prefix="/people/{person_id}", tags=["custody"], responses=rs.ERROR_RESPONSES)
PersonId = uuid.UUID  # the path id of every route here


@router.post("/release-plans", status_code=201, response_model=rs.PersonOut)
async def plan_release(person_id: PersonId, body: rq.ReleasePlanIn, by: Change = CHANGE):
    """Set (or replace) the expected release date and type."""
    command = c.ScheduleRelease(by.actor, person_id, body.expected_on, body.release_type)
    return rs.person_out(await handlers.schedule_release(command, by.uow))


@router.post("/release-plans/cancellation", status_code=201, response_model=rs.PersonOut)
async def cancel_release_plan(
    person_id: PersonId, body: rq.ReleaseCancellationIn, by: Change = CHANGE
):
    """Cancel the release plan (publishes intake.release.cancelled.v1; family re-plans)."""
    command = c.CancelReleasePlan(by.actor, person_id, body.reason)
    return rs.person_out(await handlers.cancel_release_plan(command, by.uow))


@router.post("/releases", status_code=201, response_model=rs.PersonOut)
async def release(person_id: PersonId, body: rq.ReleaseIn, by: Change = CHANGE):
    """Release from custody (not before reception; not twice)."""
    command = c.ReleasePerson(
        by.actor, person_id, body.released_at, body.release_type, body.destination_area
    )
    return rs.person_out(await handlers.release_person(command, by.uow))


@router.post("/transfers", status_code=201, response_model=rs.PersonOut)
async def transfer(person_id: PersonId, body: rq.TransferIn, by: Change = CHANGE):
    """Transfer to another prison of the estate."""
    command = c.TransferPerson(
        by.actor, person_id, body.to_prison_code, body.transferred_at, body.wing
    )
    return rs.person_out(await handlers.transfer_person(command, by.uow))


@router.post("/location", status_code=201, response_model=rs.PersonOut)
async def change_location(person_id: PersonId, body: rq.LocationIn, by: Change = CHANGE):
    """A wing move inside the prison (publishes intake.person.location_changed.v1)."""
    command = c.ChangeLocation(by.actor, person_id, body.location, body.changed_at)
    return rs.person_out(await handlers.change_location(command, by.uow))


@router.post("/recategorisations", status_code=201, response_model=rs.PersonOut)
async def recategorise(person_id: PersonId, body: rq.RecategorisationIn, by: Change = CHANGE):
    """A new security category (D = open conditions, which makes ROTL possible)."""
    command = c.RecategorisePerson(by.actor, person_id, body.category)
    return rs.person_out(await handlers.recategorise_person(command, by.uow))


@router.post("/temporary-absences", status_code=201, response_model=rs.AbsenceOut)
async def start_absence(person_id: PersonId, body: rq.TemporaryAbsenceIn, by: Change = CHANGE):
    """Start a temporary absence (ROTL; resettlement and childcare need open conditions)."""
    command = c.StartTemporaryAbsence(
        by.actor, person_id, body.kind, body.starts_at, body.ends_at, body.absence_id
    )
    return rs.absence_out(await handlers.start_temporary_absence(command, by.uow))


@router.post("/temporary-absences/{absence_id}/end", response_model=rs.PersonOut)
async def end_absence(
    person_id: PersonId, absence_id: uuid.UUID, body: rq.AbsenceEndIn, by: Change = CHANGE
):
    """Record the return from a temporary absence."""
    command = c.EndTemporaryAbsence(by.actor, person_id, absence_id, body.ended_at)
    return rs.person_out(await handlers.end_temporary_absence(command, by.uow))
