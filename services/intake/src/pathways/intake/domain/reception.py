"""Reception into prison and the first-night screening done at reception."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pathways.platform.errors import InvalidInput

from .prisons import validate_prison_code
from .values import require_aware, validate_wing


class ReceptionReason(StrEnum):
    """Why a person arrived (contract: intake.person.received.v1 `reason`)."""

    NEW_ADMISSION = "new_admission"
    READMISSION = "readmission"
    TRANSFER_IN = "transfer_in"
    RETURN = "return"


class RiskLevel(StrEnum):
    """Assessed risk to self at reception."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Dependency(StrEnum):
    """Drug and/or alcohol dependency found at screening."""

    NONE = "none"
    ALCOHOL = "alcohol"
    DRUGS = "drugs"
    BOTH = "both"


class FirstNightPlacement(StrEnum):
    """Where the person spends the first night: the first-night centre or the detox unit."""

    FIRST_NIGHT_CENTRE = "first_night_centre"
    DETOX_UNIT = "detox_unit"


@dataclass(frozen=True, slots=True)
class Screening:
    """First-night screening. Health detail stays in intake; events never carry it."""

    risk_to_self: RiskLevel
    dependency: Dependency
    placement: FirstNightPlacement
    on_medication: bool = False
    learning_needs: bool = False
    next_of_kin_recorded: bool = False

    def __post_init__(self) -> None:
        if self.placement is FirstNightPlacement.DETOX_UNIT and self.dependency is Dependency.NONE:
            raise InvalidInput(
                "placement 'detox_unit' needs a dependency (alcohol, drugs or both), "
                "but screening recorded dependency 'none'",
                code="detox_without_dependency",
            )

    @property
    def at_risk_to_self(self) -> bool:
        """True for any risk to self above none."""
        return self.risk_to_self is not RiskLevel.NONE

    @property
    def needs_detox(self) -> bool:
        """True when the person goes to the detox unit."""
        return self.placement is FirstNightPlacement.DETOX_UNIT


@dataclass(frozen=True, slots=True)
class Reception:
    """One arrival into a prison. Build with `Reception.create` to validate raw input."""

    prison_code: str
    received_at: datetime
    reason: ReceptionReason
    wing: str | None = None
    screening: Screening | None = None

    @classmethod
    def create(
        cls,
        *,
        prison_code: str,
        received_at: datetime,
        reason: ReceptionReason = ReceptionReason.NEW_ADMISSION,
        wing: str | None = None,
        screening: Screening | None = None,
    ) -> Reception:
        """Validate prison code (reference list), wing and timezone of `received_at`."""
        return cls(
            prison_code=validate_prison_code(prison_code),
            received_at=require_aware(received_at, "received_at"),
            reason=ReceptionReason(reason),
            wing=validate_wing(wing),
            screening=screening,
        )
