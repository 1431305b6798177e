"""Request bodies of the staff API (with examples for OpenAPI)."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pathways.family.domain.consent import Recipient
from pathways.family.domain.contacts import ContactKind, ContactOutcome
from pathways.family.domain.members import AgencyKind, Relationship
from pathways.family.domain.safeguarding import FlagKind
from pathways.platform.inputs import Day, Line, Name, Note, ShortText

PERSON = "3f2b8c1e-9a4d-4e7b-8f60-2d1c5a7e9b10"


def examples(*items: dict[str, object]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(items)})


class OpenCaseIn(BaseModel):
    model_config = examples({"person_id": PERSON, "worker": "fw.jones"})
    person_id: UUID
    worker: ShortText | None = Field(None, description="Owner of the case; default: the caller")


class AssignWorkerIn(BaseModel):
    model_config = examples({"worker": "fw.patel"})
    worker: ShortText


class ContactDetailsIn(BaseModel):
    model_config = examples({"phone": "07700 900123", "email": None, "address": None})
    phone: Line | None = None
    email: Line | None = None
    address: Line | None = None


class MemberIn(BaseModel):
    model_config = examples(
        {"name": "Sam Smith", "relationship": "child", "is_child": True, "approved_visitor": True}
    )
    name: Name
    relationship: Relationship
    is_child: bool = False
    next_of_kin: bool = False
    approved_visitor: bool = False
    contact: ContactDetailsIn = Field(default_factory=ContactDetailsIn)


class AgencyContactIn(BaseModel):
    model_config = examples(
        {"kind": "childrens_social_worker", "name": "A. Worker", "organisation": "Southwark CSC"}
    )
    kind: AgencyKind
    name: Name
    organisation: Name | None = None
    contact: ContactDetailsIn = Field(default_factory=ContactDetailsIn)


class ConsentIn(BaseModel):
    model_config = examples(
        {"recipient": "social_services", "granted": True, "scope": "release plans"}
    )
    recipient: Recipient
    granted: bool
    recorded_on: Day | None = Field(None, description="Default: today")
    scope: Line | None = Field(None, description="What may be shared; required when granting")


class SharingIn(BaseModel):
    model_config = examples({"recipient": "social_services"})
    recipient: Recipient
    shared_on: Day | None = Field(None, description="Default: today")


class ContactIn(BaseModel):
    model_config = examples(
        {"kind": "home_visit", "on": "2026-11-20", "outcome": "contact_made", "notes": "..."}
    )
    kind: ContactKind
    on: Day
    worker: ShortText | None = Field(None, description="Who held it; default: the caller")
    outcome: ContactOutcome | None = Field(None, description="Required for a contact held")
    notes: Note | None = Field(None, description="Stays in this service; never in events")


class RestrictionIn(BaseModel):
    model_config = examples(
        {"kind": "home_visit", "starts_on": "2026-11-01", "reason": "child protection plan"}
    )
    kind: ContactKind
    starts_on: Day
    ends_on: Day | None = None
    reason: Line


class LiftIn(BaseModel):
    model_config = examples({"lifted_on": "2026-12-01"})
    lifted_on: Day | None = Field(None, description="Default: today")


class FlagIn(BaseModel):
    model_config = examples({"kind": "child_protection_plan", "details": "..."})
    kind: FlagKind
    raised_on: Day | None = Field(None, description="Default: today")
    details: Note | None = None


class ResolveIn(BaseModel):
    model_config = examples({"resolved_on": "2026-12-01"})
    resolved_on: Day | None = Field(None, description="Default: today")


class CompletionIn(BaseModel):
    model_config = examples({"outcome": "contact_made", "completed_on": "2026-11-27"})
    outcome: ContactOutcome
    completed_on: Day | None = Field(None, description="Default: today")
