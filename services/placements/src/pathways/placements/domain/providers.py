"""Community providers and the volunteer roles (opportunities) they offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID, uuid4

from pathways.platform.checks import require_text, to_enum
from pathways.platform.errors import Conflict, InvalidInput

MAX_HOURS_PER_WEEK = 48  # the working-time ceiling; volunteer roles are usually far less


class DisclosureLevel(StrEnum):
    """DBS check levels, weakest first; compare with `rank`/`covers`."""

    NONE = "none"
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"

    @property
    def rank(self) -> int:
        return list(DisclosureLevel).index(self)

    def covers(self, required: DisclosureLevel) -> bool:
        """True if a check at this level satisfies a role needing `required`."""
        return self.rank >= DisclosureLevel(required).rank


@dataclass
class Provider:
    """A community project offering placements; `supervisor` is the named contact there."""

    name: str
    area: str
    address: str
    supervisor: str
    provider_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.name = require_text(self.name, "provider_name")
        self.area = require_text(self.area, "area")
        self.address = require_text(self.address, "address")
        self.supervisor = require_text(self.supervisor, "supervisor")


@dataclass
class Opportunity:
    """A volunteer role: how many people at once (`capacity`), weekly hours, check needed."""

    provider_id: UUID
    role_title: str
    capacity: int
    hours_per_week: int
    disclosure_level: DisclosureLevel = DisclosureLevel.NONE
    is_open: bool = True
    opportunity_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.role_title = require_text(self.role_title, "role_title")
        self.disclosure_level = to_enum(DisclosureLevel, self.disclosure_level, "disclosure_level")
        if self.capacity < 1:
            raise InvalidInput(
                f"capacity must be at least 1, got {self.capacity}", code="invalid_capacity"
            )
        if not 0 < self.hours_per_week <= MAX_HOURS_PER_WEEK:
            raise InvalidInput(
                f"hours_per_week must be between 1 and {MAX_HOURS_PER_WEEK}, "
                f"got {self.hours_per_week}",
                code="invalid_hours_per_week",
            )

    def close(self) -> None:
        self.is_open = False

    def reopen(self) -> None:
        self.is_open = True

    def ensure_open(self) -> None:
        if not self.is_open:
            raise Conflict(
                f"opportunity {self.opportunity_id} ({self.role_title}) is closed",
                code="opportunity_closed",
            )

    def ensure_space(self, active_placements: int) -> None:
        """Raise Conflict(`opportunity_full`) when `active_placements` fill the capacity."""
        if active_placements >= self.capacity:
            raise Conflict(
                f"opportunity {self.opportunity_id} ({self.role_title}) is full: "
                f"{active_placements} of {self.capacity} places taken",
                code="opportunity_full",
            )
