"""Safeguarding flags and contact restrictions (a child's welfare is paramount)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID, uuid4

from pathways.family.domain.contacts import ContactKind
from pathways.platform.checks import optional_text, require_text, to_enum
from pathways.platform.errors import Conflict, InvalidInput


class FlagKind(StrEnum):
    """Why a case carries a safeguarding flag."""

    CHILD_PROTECTION_PLAN = "child_protection_plan"
    CHILD_IN_NEED = "child_in_need"
    DOMESTIC_ABUSE = "domestic_abuse"
    COURT_ORDER = "court_order"
    OTHER = "other"


@dataclass
class SafeguardingFlag:
    """A safeguarding concern; open until resolved. `details` stay in the service."""

    kind: FlagKind
    raised_on: date
    raised_by: str
    details: str | None = None
    resolved_on: date | None = None
    flag_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.kind = to_enum(FlagKind, self.kind, "flag_kind")
        self.raised_by = require_text(self.raised_by, "raised_by")
        self.details = optional_text(self.details)

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    def resolve(self, on: date) -> None:
        """Close the flag; resolving twice or before it was raised is refused."""
        if self.resolved_on is not None:
            raise Conflict(
                f"safeguarding flag {self.flag_id} was already resolved on {self.resolved_on}",
                code="flag_already_resolved",
            )
        if on < self.raised_on:
            raise InvalidInput(
                f"resolution date {on} is before the flag was raised ({self.raised_on})",
                code="resolved_before_raised",
            )
        self.resolved_on = on


@dataclass
class ContactRestriction:
    """Blocks contact of one kind from `starts_on` to `ends_on` (inclusive, None: open-ended)
    or until the day it is lifted (contact is allowed again on `lifted_on`)."""

    kind: ContactKind
    starts_on: date
    imposed_by: str
    reason: str
    ends_on: date | None = None
    lifted_on: date | None = None
    restriction_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.kind = to_enum(ContactKind, self.kind, "kind")
        self.imposed_by = require_text(self.imposed_by, "imposed_by")
        self.reason = require_text(self.reason, "restriction_reason")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise InvalidInput(
                f"restriction ends on {self.ends_on}, before it starts on {self.starts_on}",
                code="restriction_ends_before_start",
            )

    def is_active(self, on: date) -> bool:
        """True if contact of this kind is blocked on day `on`."""
        if on < self.starts_on:
            return False
        if self.ends_on is not None and on > self.ends_on:
            return False
        return self.lifted_on is None or on < self.lifted_on

    def describe(self) -> str:
        """A short, note-free description for error messages and reads."""
        if self.lifted_on is not None:
            until = f"until it was lifted on {self.lifted_on.isoformat()}"
        elif self.ends_on is not None:
            until = f"to {self.ends_on.isoformat()} inclusive"
        else:
            until = "until further notice"
        return f"{self.kind.value} contact is restricted from {self.starts_on.isoformat()} {until}"

    def lift(self, on: date) -> None:
        """Lift the restriction from day `on`; lifting twice is refused."""
        if self.lifted_on is not None:
            raise Conflict(
                f"restriction {self.restriction_id} was already lifted on {self.lifted_on}",
                code="restriction_already_lifted",
            )
        if on < self.starts_on:
            raise InvalidInput(
                f"lift date {on} is before the restriction starts ({self.starts_on})",
                code="lifted_before_start",
            )
        self.lifted_on = on


def restrictions_in_force(
    restrictions: list[ContactRestriction], on: date
) -> list[ContactRestriction]:
    """The restrictions active on day `on`, oldest first."""
    return sorted((r for r in restrictions if r.is_active(on)), key=lambda r: r.starts_on)


def ensure_contact_allowed(
    restrictions: list[ContactRestriction], kind: ContactKind, on: date
) -> None:
    """Raise Conflict(`contact_restricted`) if contact of `kind` is blocked on day `on`."""
    for restriction in restrictions_in_force(restrictions, on):
        if restriction.kind == kind:
            raise Conflict(
                f"cannot record or schedule {kind.value} contact on {on.isoformat()}: "
                f"{restriction.describe()} (restriction {restriction.restriction_id})",
                code="contact_restricted",
            )
