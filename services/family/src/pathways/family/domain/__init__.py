"""Pure domain model of the family service (no I/O).

- case.FamilyCase: members, agency contacts, consent to share, safeguarding, restrictions,
  contacts.
- plan.FollowUpPlan: custody facts and follow-up tasks per person (rules in planning.py).
- tasks.FollowUpTask / overdue_tasks: completion, overdue lists.
"""

from __future__ import annotations

from pathways.family.domain.case import FamilyCase, SharingRecord
from pathways.family.domain.consent import ConsentRecord, Recipient, current_consent
from pathways.family.domain.contacts import Contact, ContactKind, ContactOutcome, ContactStatus
from pathways.family.domain.members import (
    AgencyContact,
    AgencyKind,
    ContactDetails,
    FamilyMember,
    Relationship,
)
from pathways.family.domain.plan import FollowUpPlan
from pathways.family.domain.planning import (
    CaseLink,
    CustodyFacts,
    PlanChanges,
    PlanningPolicy,
    ScheduledRelease,
    desired_followups,
    plan_changes,
)
from pathways.family.domain.safeguarding import ContactRestriction, FlagKind, SafeguardingFlag
from pathways.family.domain.tasks import FollowUpTask, TaskKind, TaskStatus, overdue_tasks

__all__ = [
    "AgencyContact",
    "AgencyKind",
    "CaseLink",
    "ConsentRecord",
    "Contact",
    "ContactDetails",
    "ContactKind",
    "ContactOutcome",
    "ContactRestriction",
    "ContactStatus",
    "CustodyFacts",
    "FamilyCase",
    "FamilyMember",
    "FlagKind",
    "FollowUpPlan",
    "FollowUpTask",
    "PlanChanges",
    "PlanningPolicy",
    "Recipient",
    "Relationship",
    "SafeguardingFlag",
    "ScheduledRelease",
    "SharingRecord",
    "TaskKind",
    "TaskStatus",
    "current_consent",
    "desired_followups",
    "overdue_tasks",
    "plan_changes",
]
