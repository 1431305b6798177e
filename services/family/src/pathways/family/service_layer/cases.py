"""Opening, reading and re-assigning family cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from pathways.family.domain.case import FamilyCase
from pathways.family.domain.safeguarding import ContactRestriction
from pathways.family.domain.tasks import FollowUpTask
from pathways.family.service_layer.commands import AssignWorker, OpenCase
from pathways.family.service_layer.publishing import publish
from pathways.family.service_layer.unit_of_work import FamilyUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True)
class CaseView:
    """A case as staff see it: always with the contact restrictions in force today."""

    case: FamilyCase
    restrictions_in_force: list[ContactRestriction]
    tasks: list[FollowUpTask]
    as_of: date


async def load_case(uow: FamilyUnitOfWork, case_id: UUID) -> FamilyCase:
    case = await uow.cases.get(case_id, lock=True)
    if case is None:
        raise NotFound(f"no family case {case_id}", code="no_case")
    return case


async def open_case(cmd: OpenCase, uow: FamilyUnitOfWork) -> CaseView:
    """Open the person's case; the follow-ups still due for their custody facts follow."""
    if not await uow.people.is_known(cmd.person_id):
        raise InvalidInput(
            f"person {cmd.person_id} is not known to the family service: a case can only be "
            "opened for someone intake has received into custody",
            code="unknown_person",
        )
    if not await uow.people.allows_family(cmd.person_id):
        raise Conflict(
            f"person {cmd.person_id} has not consented to family work (intake records consent)",
            code="no_consent",
        )
    existing = await uow.cases.for_person(cmd.person_id)
    if existing is not None:
        raise Conflict(
            f"person {cmd.person_id} already has family case {existing.case_id}",
            code="case_exists",
        )
    case = FamilyCase.open(cmd.person_id, cmd.worker, clock.today())
    uow.cases.add(case)
    await uow.cases.save(case)  # 409 case_exists if another request opened one meanwhile
    plan = await uow.plans.get_or_create(case.person_id)
    plan.attach_case(case.case_id, case.worker, case.opened_on)
    await uow.plans.save(plan)
    publish(uow, case.events)
    publish(uow, plan.events)
    await uow.commit_audited(cmd.actor, "create", "family_case", case.person_id)
    return await _view(uow, case)


async def assign_worker(cmd: AssignWorker, uow: FamilyUnitOfWork) -> CaseView:
    """Hand the case to another worker; its open follow-up tasks go with it."""
    case = await load_case(uow, cmd.case_id)
    case.assign_worker(cmd.worker)
    await uow.cases.save(case)
    plan = await uow.plans.get_or_create(case.person_id)
    if await uow.people.allows_family(case.person_id):  # no follow-ups without consent
        plan.attach_case(case.case_id, case.worker, case.opened_on)
    await uow.plans.save(plan)
    publish(uow, plan.events)
    await uow.commit_audited(cmd.actor, "update", "family_case", case.person_id)
    return await _view(uow, case)


async def get_case(case_id: UUID, actor: str, uow: FamilyUnitOfWork) -> CaseView:
    case = await uow.cases.get(case_id)
    if case is None:
        raise NotFound(f"no family case {case_id}", code="no_case")
    view = await _view(uow, case)
    await uow.commit_audited(actor, "read", "family_case", case.person_id)
    return view


async def find_cases(
    actor: str,
    uow: FamilyUnitOfWork,
    *,
    person_id: UUID | None,
    worker: str | None,
    limit: int,
    offset: int,
    prisons: frozenset[str] | None = None,
) -> tuple[list[CaseView], int]:
    cases, total = await uow.cases.page(
        person_id=person_id, worker=worker, limit=limit, offset=offset, prisons=prisons
    )
    views = [await _view(uow, case) for case in cases]
    for case in cases:
        await uow.audit(actor, "read", "family_case", case.person_id)
    await uow.commit()
    return views, total


async def _view(uow: FamilyUnitOfWork, case: FamilyCase) -> CaseView:
    today = clock.today()
    plan = await uow.plans.get(case.person_id, lock=False)
    tasks = [t for t in plan.tasks if t.case_id == case.case_id] if plan else []
    tasks.sort(key=lambda t: (t.due_on, t.kind.value))
    return CaseView(case, case.restrictions_in_force(today), tasks, today)
