"""Reads of personal data (each audited): referrals, a person's eligibility."""

from __future__ import annotations

from uuid import UUID

from pathways.placements.domain import PersonState, Referral
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork
from pathways.platform.errors import NotFound


async def list_referrals(
    uow: PlacementsUnitOfWork,
    person_id: UUID | None,
    status: str | None,
    limit: int,
    offset: int,
    by: str,
    prisons: frozenset[str] | None = None,
) -> tuple[list[Referral], int]:
    items, total = await uow.referrals.list(person_id, status, limit, offset, prisons)
    for subject in dict.fromkeys(r.person_id for r in items):
        await uow.audit(by, "read", "referral", subject)
    await uow.commit()
    return items, total


async def get_referral(uow: PlacementsUnitOfWork, referral_id: UUID, by: str) -> Referral:
    referral = await uow.referrals.get(referral_id)
    await uow.commit_audited(by, "read", "referral", referral.person_id)
    return referral


async def get_person(uow: PlacementsUnitOfWork, person_id: UUID, by: str) -> PersonState:
    person = await uow.people.get(person_id)
    if person is None:
        raise NotFound(
            f"placements knows nothing about person {person_id}", code="person_not_found"
        )
    await uow.commit_audited(by, "read", "person", person_id)
    return person
