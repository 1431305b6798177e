"""The assessment instruments: BARC-10 (recovery capital) and TOP (treatment outcomes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from pathways.platform.errors import InvalidInput

BARC10_ITEMS = 10
BARC10_REMISSION_THRESHOLD = 47  # Vilsaint et al. 2017: 47+ predicts sustained remission
TOP_MAX_DAYS = 28
TOP_MAX_RATING = 20


def _check_int(value: object, low: int, high: int, what: str, code: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{what} must be a whole number {low}-{high}, got {value!r}", code=code)
    return value


@dataclass(frozen=True, slots=True)
class Barc10:
    """Brief Assessment of Recovery Capital: ten answers, each 1 (strongly disagree) to 6."""

    answers: tuple[int, ...]

    def __post_init__(self) -> None:
        answers = tuple(self.answers)
        if len(answers) != BARC10_ITEMS:
            raise InvalidInput(
                f"BARC-10 needs exactly {BARC10_ITEMS} answers, got {len(answers)}",
                code="barc10_wrong_item_count",
            )
        for number, answer in enumerate(answers, start=1):
            _check_int(answer, 1, 6, f"BARC-10 answer {number}", "barc10_answer_out_of_range")
        object.__setattr__(self, "answers", answers)

    @property
    def total(self) -> int:
        """Sum of the answers, 10-60."""
        return sum(self.answers)

    @property
    def predicts_sustained_remission(self) -> bool:
        """True when the total reaches the 47 threshold."""
        return self.total >= BARC10_REMISSION_THRESHOLD


class TopStage(StrEnum):
    """When in treatment the TOP was taken."""

    START = "start"
    REVIEW = "review"
    EXIT = "exit"


class TopSubstance(StrEnum):
    """Substances TOP asks about (days used in the last 28 days)."""

    ALCOHOL = "alcohol"
    OPIATES = "opiates"
    CRACK = "crack"
    COCAINE = "cocaine"
    AMPHETAMINES = "amphetamines"
    CANNABIS = "cannabis"
    OTHER = "other"
    TOBACCO = "tobacco"


@dataclass(frozen=True, slots=True)
class Top:
    """Treatment Outcomes Profile. No total: each item is reported on its own.

    `days_used` always holds every TopSubstance (missing ones are filled with 0).
    """

    stage: TopStage
    days_used: Mapping[TopSubstance, int] = field(default_factory=dict, hash=False)
    injecting_days: int = 0
    shared_injecting_equipment: bool = False
    crime_days: int = 0
    psychological_health: int = 0
    physical_health: int = 0
    quality_of_life: int = 0
    housing_problem: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "stage", TopStage(self.stage))
        given = {TopSubstance(k): v for k, v in self.days_used.items()}
        days = {substance: given.get(substance, 0) for substance in TopSubstance}
        for substance, count in days.items():
            what = f"TOP days used ({substance})"
            _check_int(count, 0, TOP_MAX_DAYS, what, "top_days_out_of_range")
        object.__setattr__(self, "days_used", days)
        for name in ("injecting_days", "crime_days"):
            _check_int(getattr(self, name), 0, TOP_MAX_DAYS, f"TOP {name}", "top_days_out_of_range")
        for name in ("psychological_health", "physical_health", "quality_of_life"):
            rating = getattr(self, name)
            _check_int(rating, 0, TOP_MAX_RATING, f"TOP {name}", "top_rating_out_of_range")
        if self.shared_injecting_equipment and self.injecting_days == 0:
            raise InvalidInput(
                "TOP records sharing injecting equipment but 0 injecting days",
                code="top_sharing_without_injecting",
            )
