"""How the deployment makes matches: at once, or as proposals a coordinator approves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pathways.mentoring.domain.scoring import MatchingWeights

MatchingMode = Literal["automatic", "proposal"]


@dataclass(frozen=True)
class MatchingPolicy:
    """How matches are made: at once (`automatic`) or as proposals a coordinator approves."""

    mode: MatchingMode = "automatic"
    weights: MatchingWeights = field(default_factory=MatchingWeights)

    @property
    def automatic(self) -> bool:
        return self.mode == "automatic"
