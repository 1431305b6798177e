"""Domain objects → response bodies."""

from __future__ import annotations

from datetime import date
from typing import Any

from pathways.family.domain.safeguarding import ContactRestriction
from pathways.family.domain.tasks import FollowUpTask
from pathways.family.entrypoints import responses as r
from pathways.family.service_layer.cases import CaseView


def restriction_out(restriction: ContactRestriction) -> r.RestrictionOut:
    return r.RestrictionOut.model_validate(
        {**vars(restriction), "description": restriction.describe()}
    )


def task_out(task: FollowUpTask, today: date) -> r.TaskOut:
    return r.TaskOut.model_validate({**vars(task), "overdue": task.is_overdue(today)})


def _summary(view: CaseView) -> dict[str, Any]:
    case = view.case
    return {
        "case_id": case.case_id,
        "person_id": case.person_id,
        "worker": case.worker,
        "opened_on": case.opened_on,
        "as_of": view.as_of,
        "restrictions_in_force": [restriction_out(x) for x in view.restrictions_in_force],
        "open_safeguarding_flags": [r.FlagOut.model_validate(f) for f in case.open_flags],
    }


def case_summary(view: CaseView) -> r.CaseSummaryOut:
    return r.CaseSummaryOut.model_validate(_summary(view))


def case_out(view: CaseView) -> r.CaseOut:
    case = view.case
    return r.CaseOut.model_validate(
        {
            **_summary(view),
            "members": case.members,
            "agency_contacts": case.agency_contacts,
            "consents": case.consents,
            "sharing": case.sharing,
            "safeguarding_flags": case.flags,
            "restrictions": [restriction_out(x) for x in case.restrictions],
            "contacts": case.contacts,
            "followup_tasks": [task_out(t, view.as_of) for t in view.tasks],
        }
    )
