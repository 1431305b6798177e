"""Changes to a family case: members, agencies, consent, sharing, contacts, safeguarding.

Each runs in one unit of work: load (locked), change through the domain, save, publish,
audit, commit. A refusal raises before anything is written, so nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from pathways.family.domain.case import FamilyCase, SharingRecord
from pathways.family.domain.consent import ConsentRecord
from pathways.family.domain.contacts import Contact
from pathways.family.domain.members import AgencyContact, ContactDetails, FamilyMember
from pathways.family.domain.safeguarding import ContactRestriction, SafeguardingFlag
from pathways.family.service_layer import commands as c
from pathways.family.service_layer.cases import load_case
from pathways.family.service_layer.publishing import publish
from pathways.family.service_layer.unit_of_work import FamilyUnitOfWork
from pathways.platform import clock
from pathways.platform.checks import not_in_future

T = TypeVar("T")


async def change_case(
    uow: FamilyUnitOfWork,
    case_id: UUID,
    actor: str,
    resource: str,
    change: Callable[[FamilyCase], T],
) -> T:
    case = await load_case(uow, case_id)
    result = change(case)
    await uow.cases.save(case)
    publish(uow, case.events)
    await uow.commit_audited(actor, "update", resource, case.person_id)
    return result


async def add_member(cmd: c.AddMember, uow: FamilyUnitOfWork) -> FamilyMember:
    member = FamilyMember(
        cmd.name,
        cmd.relationship,  # type: ignore[arg-type]
        cmd.is_child,
        cmd.next_of_kin,
        cmd.approved_visitor,
        ContactDetails(cmd.phone, cmd.email, cmd.address),
    )
    return await change_case(
        uow, cmd.case_id, cmd.actor, "family_member", lambda case: case.add_member(member)
    )


async def add_agency_contact(cmd: c.AddAgencyContact, uow: FamilyUnitOfWork) -> AgencyContact:
    contact = AgencyContact(
        cmd.kind,  # type: ignore[arg-type]
        cmd.name,
        cmd.organisation,
        ContactDetails(cmd.phone, cmd.email, cmd.address),
    )
    return await change_case(
        uow, cmd.case_id, cmd.actor, "agency_contact", lambda case: case.add_agency_contact(contact)
    )


async def record_consent(cmd: c.RecordConsent, uow: FamilyUnitOfWork) -> ConsentRecord:
    record = ConsentRecord(cmd.recipient, cmd.granted, cmd.recorded_on, cmd.actor, cmd.scope)  # type: ignore[arg-type]
    today = clock.today()
    return await change_case(
        uow, cmd.case_id, cmd.actor, "consent", lambda case: case.record_consent(record, today)
    )


async def share_information(cmd: c.ShareInformation, uow: FamilyUnitOfWork) -> SharingRecord:
    not_in_future(cmd.shared_on, clock.today(), "shared_on")
    return await change_case(
        uow,
        cmd.case_id,
        cmd.actor,
        "sharing",
        lambda case: case.share_information(cmd.recipient, cmd.shared_on, cmd.actor),  # type: ignore[arg-type]
    )


async def record_contact(cmd: c.RecordContact, uow: FamilyUnitOfWork) -> Contact:
    today = clock.today()
    return await change_case(
        uow,
        cmd.case_id,
        cmd.actor,
        "contact",
        lambda case: case.record_contact(
            cmd.kind,
            cmd.on,
            cmd.worker,
            today,
            cmd.outcome,
            cmd.notes,  # type: ignore[arg-type]
        ),
    )


async def impose_restriction(cmd: c.ImposeRestriction, uow: FamilyUnitOfWork) -> ContactRestriction:
    restriction = ContactRestriction(cmd.kind, cmd.starts_on, cmd.actor, cmd.reason, cmd.ends_on)  # type: ignore[arg-type]
    return await change_case(
        uow,
        cmd.case_id,
        cmd.actor,
        "restriction",
        lambda case: case.impose_restriction(restriction),
    )


async def lift_restriction(cmd: c.LiftRestriction, uow: FamilyUnitOfWork) -> ContactRestriction:
    return await change_case(
        uow,
        cmd.case_id,
        cmd.actor,
        "restriction",
        lambda case: case.lift_restriction(cmd.restriction_id, cmd.lifted_on),
    )


async def raise_flag(cmd: c.RaiseFlag, uow: FamilyUnitOfWork) -> SafeguardingFlag:
    not_in_future(cmd.raised_on, clock.today(), "raised_on")
    flag = SafeguardingFlag(cmd.kind, cmd.raised_on, cmd.actor, cmd.details)  # type: ignore[arg-type]
    return await change_case(
        uow, cmd.case_id, cmd.actor, "safeguarding_flag", lambda case: case.raise_flag(flag)
    )


async def resolve_flag(cmd: c.ResolveFlag, uow: FamilyUnitOfWork) -> SafeguardingFlag:
    return await change_case(
        uow,
        cmd.case_id,
        cmd.actor,
        "safeguarding_flag",
        lambda case: case.resolve_flag(cmd.flag_id, cmd.resolved_on),
    )
