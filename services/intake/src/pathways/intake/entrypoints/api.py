"""The staff API (role `intake`: `intake:read` reads, `intake` writes). Thin routes: request
body → command → handler; every read or change of a person is audited by the handlers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Query, Request

from pathways.intake.adapters.repository import PersonQuery
from pathways.intake.adapters.unit_of_work import IntakeUnitOfWork
from pathways.intake.domain.custody import CustodyStatus
from pathways.intake.domain.instruments import Barc10, Top
from pathways.intake.domain.prisons import PRISONS, validate_prison_code
from pathways.intake.domain.reception import Screening
from pathways.intake.domain.referral import Consent
from pathways.intake.domain.values import validate_prison_number
from pathways.intake.entrypoints import requests as rq
from pathways.intake.entrypoints import responses as rs
from pathways.intake.service_layer import commands as c
from pathways.intake.service_layer import handlers
from pathways.platform import clock
from pathways.platform.caseload import visible_prisons
from pathways.platform.inputs import Offset, limit_query, text_query
from pathways.platform.security import Principal, require

router = APIRouter(tags=["people"], responses=rs.ERROR_RESPONSES)
reference = APIRouter(tags=["reference"], responses=rs.ERROR_RESPONSES)
READ = Depends(require("intake"))
WRITE = Depends(require("intake", write=True))


async def new_uow(request: Request) -> IntakeUnitOfWork:
    """A fresh (not yet entered) unit of work for this request."""
    return request.app.state.runtime.new_uow()


UOW = Depends(new_uow)


@dataclass(frozen=True)
class Change:
    """A change asked of intake: by whom (`actor`, the caller's staff identifier, with the
    write role checked) and the fresh unit of work the handler makes it in."""

    actor: str
    uow: IntakeUnitOfWork


async def _change(request: Request, who: Principal = WRITE) -> Change:
    return Change(who.subject, await new_uow(request))


CHANGE = Depends(_change)
Limit = limit_query(500)


def _screening(body: rq.ScreeningIn | None) -> Screening | None:
    return Screening(**body.model_dump()) if body else None


@router.post("/people", status_code=201, response_model=rs.ReceptionOut)
async def receive(body: rq.ReceptionIn, who: Principal = WRITE, uow: IntakeUnitOfWork = UOW):
    """Reception into prison, with first-night screening. A released person known already is
    readmitted (same person_id); a person still in custody is not received twice (409)."""
    fields = body.model_dump(exclude={"screening"})
    command = c.ReceivePerson(actor=who.subject, screening=_screening(body.screening), **fields)
    person, readmitted = await handlers.receive_person(command, uow)
    return rs.ReceptionOut(**rs.person_fields(person), readmitted=readmitted)


@router.get("/people", response_model=rs.PersonPage)
async def list_people(
    prison_number: text_query(20, examples=["A1234BC"]) = None,
    prison_code: text_query(20, examples=["BAI"]) = None,
    status: CustodyStatus | None = Query(None),
    limit: Limit = 50,
    offset: Offset = 0,
    who: Principal = READ,
    uow: IntakeUnitOfWork = UOW,
):
    """People by prison number and/or prison (and custody status), ordered by prison number."""
    query = PersonQuery(
        prison_number=validate_prison_number(prison_number) if prison_number else None,
        prison_code=validate_prison_code(prison_code) if prison_code else None,
        status=status.value if status else None,
        prisons=visible_prisons(who, "intake"),
        limit=limit,
        offset=offset,
    )
    found, total = await handlers.list_people(query, who.subject, uow)
    items = [rs.PersonSummary(**rs.summary_fields(p)) for p in found]
    return rs.PersonPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/people/{person_id}", response_model=rs.PersonOut)
async def get_person(person_id: uuid.UUID, who: Principal = READ, uow: IntakeUnitOfWork = UOW):
    """One person: custody, screening, referrals, assessments (latest first), days clean."""
    return rs.person_out(await handlers.get_person(person_id, who.subject, uow))


@router.patch("/people/{person_id}", response_model=rs.PersonOut)
async def update_details(person_id: uuid.UUID, body: rq.ReceptionDetailsIn, by: Change = CHANGE):
    """Names, date of birth, wing and screening of someone already received (for instance
    created by the movement feed, which carries none of them)."""
    fields = body.model_dump(exclude={"screening"})
    command = c.UpdateReceptionDetails(
        actor=by.actor, person_id=person_id, screening=_screening(body.screening), **fields
    )
    return rs.person_out(await handlers.update_reception_details(command, by.uow))


@router.post("/people/{person_id}/referrals", status_code=201, response_model=rs.ReferralOut)
async def refer(person_id: uuid.UUID, body: rq.ReferralIn, by: Change = CHANGE):
    """Referral to the programme; consent to share is recorded per recipient."""
    consents = tuple(
        Consent(x.recipient, x.granted, x.recorded_on or body.referred_on) for x in body.consents
    )
    command = c.ReferPerson(
        actor=by.actor,
        person_id=person_id,
        referred_on=body.referred_on,
        source=body.source,
        substances=tuple(body.substances),
        urgency=body.urgency,
        consents=consents,
        referral_id=body.referral_id,
    )
    return rs.referral_out(await handlers.refer_person(command, by.uow))


@router.post("/people/{person_id}/consents", response_model=rs.ReferralOut)
async def change_consent(person_id: uuid.UUID, body: rq.ConsentChangeIn, by: Change = CHANGE):
    """Consent given or withdrawn after the referral, per recipient (recorded on the latest
    referral, audited); every team hears it (`intake.person.consent_changed.v1`). 409
    `no_referral` before any referral."""
    today = clock.today()
    consents = tuple(Consent(x.recipient, x.granted, x.recorded_on or today) for x in body.consents)
    command = c.ChangeConsent(actor=by.actor, person_id=person_id, consents=consents)
    return rs.referral_out(await handlers.change_consent(command, by.uow))


@router.post("/people/{person_id}/assessments", status_code=201, response_model=rs.AssessmentOut)
async def assess(person_id: uuid.UUID, body: rq.AssessmentIn, by: Change = CHANGE):
    """BARC-10 (ten answers 1-6), TOP and/or the clean-since date."""
    command = c.AssessPerson(
        actor=by.actor,
        person_id=person_id,
        assessed_on=body.assessed_on,
        barc10=Barc10(tuple(body.barc10)) if body.barc10 is not None else None,
        top=Top(**body.top.model_dump()) if body.top else None,
        clean_since=body.clean_since,
        assessment_id=body.assessment_id,
    )
    _, assessment = await handlers.assess_person(command, by.uow)
    return rs.assessment_out(assessment)


@reference.get("/prisons", response_model=list[rs.PrisonOut])
async def prisons(_: Principal = READ):
    """The reference list of prisons of the English and Welsh estate."""
    return [rs.PrisonOut(code=code, name=name) for code, name in sorted(PRISONS.items())]
