"""Family members and agency contacts of a case (personal data that never leaves the service)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID, uuid4

from pathways.platform.checks import optional_text, require_text, to_enum


class Relationship(StrEnum):
    """How a family member is related to the person in prison."""

    PARTNER = "partner"
    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"
    STEPCHILD = "stepchild"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    CARER = "carer"
    FRIEND = "friend"
    OTHER = "other"


class AgencyKind(StrEnum):
    """Which agency a professional contact works for."""

    CHILDRENS_SOCIAL_WORKER = "childrens_social_worker"
    PROBATION = "probation"
    COMMUNITY_TREATMENT = "community_treatment"
    SCHOOL = "school"
    HOUSING = "housing"
    OTHER = "other"


@dataclass(frozen=True)
class ContactDetails:
    """How to reach someone; every part is optional."""

    phone: str | None = None
    email: str | None = None
    address: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "phone", optional_text(self.phone))
        object.__setattr__(self, "email", optional_text(self.email))
        object.__setattr__(self, "address", optional_text(self.address))


@dataclass
class FamilyMember:
    """A relative or significant other of the person (`is_child`: under 18)."""

    name: str
    relationship: Relationship
    is_child: bool = False
    next_of_kin: bool = False
    approved_visitor: bool = False
    contact: ContactDetails = field(default_factory=ContactDetails)
    member_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.name = require_text(self.name, "member_name")
        self.relationship = to_enum(Relationship, self.relationship, "relationship")


@dataclass
class AgencyContact:
    """A professional involved with the family (e.g. the children's social worker)."""

    kind: AgencyKind
    name: str
    organisation: str | None = None
    contact: ContactDetails = field(default_factory=ContactDetails)
    agency_contact_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.kind = to_enum(AgencyKind, self.kind, "agency_kind")
        self.name = require_text(self.name, "agency_contact_name")
        self.organisation = optional_text(self.organisation)
