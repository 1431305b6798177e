"""Settings of the mentoring service (environment variables of the same name, upper-cased)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import field_validator

from pathways.mentoring.domain import MatchingWeights
from pathways.platform.errors import DomainError
from pathways.platform.settings import ServiceSettings


class Settings(ServiceSettings):
    """Kit settings plus mentoring's own."""

    service_name: ClassVar[str] = "mentoring"

    # MATCHING_MODE: `automatic` makes matches at once; `proposal` waits for a coordinator.
    matching_mode: Literal["automatic", "proposal"] = "automatic"
    # MATCHING_WEIGHTS as JSON, e.g. {"same_wing": 4, "load": 1}; names not given keep defaults
    # (eligible 2, same_wing 3, shared_language 1, lived_experience 2, availability 1, load 1.5).
    matching_weights: dict[str, float] = {}
    # Intake's public topic (a test may point it elsewhere).
    intake_topic: str = "pathways.intake"

    @field_validator("matching_weights")
    @classmethod
    def _known_weights(cls, value: dict[str, float]) -> dict[str, float]:
        try:
            MatchingWeights.from_mapping(value)
        except DomainError as exc:
            raise ValueError(exc.message) from None
        return value

    def weights(self) -> MatchingWeights:
        return MatchingWeights.from_mapping(self.matching_weights)
