"""Community-treatment routes (issue 16): providers per local authority area (reference
data, role intake) and each person's handover (role intake, caseload-checked by the person's
path id like every person route, audited)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Query, Request, Response

from pathways.intake.adapters.unit_of_work import IntakeUnitOfWork
from pathways.intake.domain.treatment import TreatmentProvider, validate_provider_code
from pathways.intake.entrypoints import responses as rs
from pathways.intake.entrypoints import treatment_schemas as ts
from pathways.intake.entrypoints.api import CHANGE, READ, UOW, WRITE, Change
from pathways.intake.service_layer import treatment_handlers as th
from pathways.intake.service_layer.treatment_extract import ExtractQuery, extract
from pathways.platform.caseload import refuse, visible_prisons
from pathways.platform.inputs import Day, text_query
from pathways.platform.security import Principal, require

people = APIRouter(
    prefix="/people/{person_id}/community-treatment",
    tags=["community treatment"],
    responses=rs.ERROR_RESPONSES,
)
providers = APIRouter(
    prefix="/treatment-providers", tags=["reference"], responses=rs.ERROR_RESPONSES
)
extracts = APIRouter(
    prefix="/community-treatment", tags=["community treatment"], responses=rs.ERROR_RESPONSES
)
REPORTING = Depends(require("reporting"))


@people.get("", response_model=list[ts.HandoverOut])
async def handovers(person_id: uuid.UUID, who: Principal = READ, uow: IntakeUnitOfWork = UOW):
    """The person's handovers, newest custody period first."""
    return [ts.handover_out(h) for h in await th.handovers_of(person_id, who.subject, uow)]


@people.post("/referrals", status_code=201, response_model=ts.HandoverOut)
async def refer(person_id: uuid.UUID, body: ts.TreatmentReferralIn, by: Change = CHANGE):
    """Refer to the community treatment provider (by code, or the area's active one) on a
    release plan (409 `no_release_plan`), with consent to community treatment (409
    `no_consent`). Again before an attendance: the referral is changed (same handover)."""
    command = th.ReferToTreatment(
        by.actor,
        person_id,
        body.referred_on,
        validate_provider_code(body.provider_code) if body.provider_code else None,
        body.destination_area,
        body.appointment_on,
        body.handover_id,
    )
    return ts.handover_out(await th.refer(command, by.uow))


@people.post("/appointment", response_model=ts.HandoverOut)
async def appointment(person_id: uuid.UUID, body: ts.AppointmentIn, by: Change = CHANGE):
    """Offer (or rebook) the first appointment (409 `no_handover` before a referral)."""
    command = th.OfferAppointment(by.actor, person_id, body.appointment_on)
    return ts.handover_out(await th.offer_appointment(command, by.uow))


@people.post("/outcome", response_model=ts.HandoverOut)
async def outcome(person_id: uuid.UUID, body: ts.TreatmentOutcomeIn, by: Change = CHANGE):
    """The provider's report: `attended` (engaged; closes the handover), `did_not_attend`
    or `declined` (not engaged; a rebooked appointment may still be attended). Attendance
    and did-not-attend only after the release (409 `not_released`)."""
    command = th.RecordTreatmentOutcome(by.actor, person_id, body.outcome, body.on)
    return ts.handover_out(await th.record_outcome(command, by.uow))


@providers.get("", response_model=list[ts.ProviderOut])
async def list_providers(
    local_authority: text_query(100, examples=["Southwark"]) = None,
    _: Principal = READ,
    uow: IntakeUnitOfWork = UOW,
):
    """Community treatment providers, by local authority area."""
    return [ts.ProviderOut(**_fields(p)) for p in await th.providers(local_authority, uow)]


@providers.post("", response_model=ts.ProviderOut)
async def save_provider(
    body: ts.ProviderIn,
    response: Response,
    _: Principal = WRITE,
    uow: IntakeUnitOfWork = UOW,
):
    """Add (201) or change (200) the provider with this code; `active: false` stops new
    referrals to it. Reference data (no path id, no caseload): not personal."""
    provider = TreatmentProvider(
        validate_provider_code(body.provider_code), body.name.strip(), body.local_authority.strip(),
        body.active,
    )  # fmt: skip
    if await th.save_provider(provider, uow):
        response.status_code = 201
    return ts.ProviderOut(**_fields(provider))


def _fields(p: TreatmentProvider) -> dict[str, object]:
    return {"provider_code": p.provider_code, "name": p.name,
            "local_authority": p.local_authority, "active": p.active}  # fmt: skip


@extracts.get(
    "/extract.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per release"}},
)
async def treatment_extract(
    request: Request,
    prison_code: str = Query(pattern=r"^[A-Z]{3}$", examples=["BAI"]),
    start: Day = Query(alias="from"),
    end: Day = Query(alias="to"),
    who: Principal = REPORTING,
    uow: IntakeUnitOfWork = UOW,
) -> Response:
    """The secure-settings treatment extract for a prison and range (role `reporting`, the
    prison in the caseload or national scope; every person in it audited as `export`):
    reception date, substances, prison exit date and reason, destination area, referral on
    release status, provider, community engagement date."""
    visible = visible_prisons(who, "reporting")
    if visible is not None and prison_code not in visible:
        await refuse(request, who, "GET /community-treatment/extract.csv", None)
    query = ExtractQuery(who.subject, prison_code, start, end)
    name = f"treatment-extract-{prison_code}-{start}-{end}.csv"
    return Response(
        await extract(query, uow),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
