"""Staff API: what is recorded on a case (members, agencies, consent, sharing, contacts,
restrictions, safeguarding flags). Refusals are 4xx with nothing changed."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from pathways.family.entrypoints import requests as rq
from pathways.family.entrypoints import responses as rs
from pathways.family.entrypoints.dependencies import Change, change_dependency
from pathways.family.entrypoints.mapping import restriction_out
from pathways.family.service_layer import case_changes as changes
from pathways.family.service_layer import commands as c
from pathways.platform import clock

router = APIRouter(prefix="/cases/{case_id}", tags=["case records"])


@router.post("/members", status_code=201, response_model=rs.MemberOut)
async def add_member(case_id: UUID, body: rq.MemberIn, by: Change = change_dependency):
    details = body.contact
    command = c.AddMember(
        case_id, by.actor, body.name, body.relationship, body.is_child,
        body.next_of_kin, body.approved_visitor, details.phone, details.email, details.address,
    )  # fmt: skip
    return rs.MemberOut.model_validate(await changes.add_member(command, by.uow))


@router.post("/agency-contacts", status_code=201, response_model=rs.AgencyContactOut)
async def add_agency_contact(
    case_id: UUID, body: rq.AgencyContactIn, by: Change = change_dependency
):
    """The children's social worker, probation and other professionals involved."""
    details = body.contact
    command = c.AddAgencyContact(
        case_id, by.actor, body.kind, body.name, body.organisation,
        details.phone, details.email, details.address,
    )  # fmt: skip
    return rs.AgencyContactOut.model_validate(await changes.add_agency_contact(command, by.uow))


@router.post("/consents", status_code=201, response_model=rs.ConsentOut)
async def record_consent(case_id: UUID, body: rq.ConsentIn, by: Change = change_dependency):
    """Consent to share with one recipient granted (with its scope) or withdrawn."""
    command = c.RecordConsent(
        case_id, by.actor, body.recipient, body.granted,
        body.recorded_on or clock.today(), body.scope,
    )  # fmt: skip
    return rs.ConsentOut.model_validate(await changes.record_consent(command, by.uow))


@router.post("/sharing", status_code=201, response_model=rs.SharingOut)
async def share_information(case_id: UUID, body: rq.SharingIn, by: Change = change_dependency):
    """Record information shared with a recipient: 409 `no_consent_to_share` without consent."""
    command = c.ShareInformation(case_id, by.actor, body.recipient, body.shared_on or clock.today())
    return rs.SharingOut.model_validate(await changes.share_information(command, by.uow))


@router.post("/contacts", status_code=201, response_model=rs.ContactOut)
async def record_contact(case_id: UUID, body: rq.ContactIn, by: Change = change_dependency):
    """A contact held (date today or earlier, with an outcome) or planned (a later date).
    409 `contact_restricted` while a restriction of that kind applies on that date."""
    command = c.RecordContact(
        case_id, by.actor, body.kind, body.on, body.worker or by.actor,
        body.outcome, body.notes,
    )  # fmt: skip
    return rs.ContactOut.model_validate(await changes.record_contact(command, by.uow))


@router.post("/restrictions", status_code=201, response_model=rs.RestrictionOut)
async def impose_restriction(case_id: UUID, body: rq.RestrictionIn, by: Change = change_dependency):
    command = c.ImposeRestriction(
        case_id, by.actor, body.kind, body.starts_on, body.reason, body.ends_on
    )
    return restriction_out(await changes.impose_restriction(command, by.uow))


@router.post("/restrictions/{restriction_id}/lift", response_model=rs.RestrictionOut)
async def lift_restriction(
    case_id: UUID, restriction_id: UUID, body: rq.LiftIn, by: Change = change_dependency
):
    command = c.LiftRestriction(case_id, restriction_id, by.actor, body.lifted_on or clock.today())
    return restriction_out(await changes.lift_restriction(command, by.uow))


@router.post("/safeguarding-flags", status_code=201, response_model=rs.FlagOut)
async def raise_flag(case_id: UUID, body: rq.FlagIn, by: Change = change_dependency):
    command = c.RaiseFlag(
        case_id, by.actor, body.kind, body.raised_on or clock.today(), body.details
    )
    return rs.FlagOut.model_validate(await changes.raise_flag(command, by.uow))


@router.post("/safeguarding-flags/{flag_id}/resolution", response_model=rs.FlagOut)
async def resolve_flag(
    case_id: UUID, flag_id: UUID, body: rq.ResolveIn, by: Change = change_dependency
):
    command = c.ResolveFlag(case_id, flag_id, by.actor, body.resolved_on or clock.today())
    return rs.FlagOut.model_validate(await changes.resolve_flag(command, by.uow))
