"""Soft criteria: the weighted score of one mentor-mentee pair and its explanation.

`score_pair` is the reference definition; `score_matrix` computes the same numbers for a whole
block of pairs with numpy, and tests hold the two together.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

from pathways.mentoring.domain.mentee import Mentee
from pathways.mentoring.domain.mentor import Mentor
from pathways.mentoring.domain.vocabulary import ALL_SLOTS
from pathways.platform.errors import InvalidInput


@dataclass(frozen=True)
class MatchingWeights:
    """Points per criterion (all >= 0; `load` is subtracted). Configurable per deployment.

    `eligible` is given to every allowed pair, so being matched beats waiting: keep it above
    `load`, or a mentee may stay waiting rather than join a busy mentor.
    """

    eligible: float = 2.0
    same_wing: float = 3.0
    shared_language: float = 1.0
    lived_experience: float = 2.0  # times the share of the mentee's substances
    availability: float = 1.0  # times the share of the mentee's slots (all, if unknown)
    load: float = 1.5  # times open matches / capacity

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise InvalidInput(
                    f"matching weight {f.name} must be a finite number >= 0, got {value!r}",
                    code="invalid_matching_weight",
                )

    @classmethod
    def from_mapping(cls, values: Mapping[str, float]) -> MatchingWeights:
        """Build from configuration; unknown names are refused rather than ignored."""
        known = {f.name for f in fields(cls)}
        if unknown := sorted(set(values) - known):
            raise InvalidInput(
                f"unknown matching weights {', '.join(unknown)}; known: {', '.join(sorted(known))}",
                code="unknown_matching_weight",
            )
        return cls(**{name: float(value) for name, value in values.items()})


@dataclass(frozen=True)
class PairScore:
    score: float
    explanation: str


def _points(value: float) -> str:
    return f"({value + 0.0:+.1f})"


def score_pair(
    mentor: Mentor, mentee: Mentee, load: int, weights: MatchingWeights | None = None
) -> PairScore:
    """Score a pair given the mentor's `load` (open matches) and explain every part."""
    w = weights or MatchingWeights()
    parts: list[tuple[str, float]] = [("eligible", w.eligible)]
    if mentor.wing is not None and mentor.wing == mentee.wing:
        parts.append((f"same wing {mentor.wing}", w.same_wing))
    if shared := sorted(mentor.languages & mentee.languages):
        noun = "language" if len(shared) == 1 else "languages"
        parts.append((f"shares {noun} {', '.join(shared)}", w.shared_language))
    if lived := sorted(mentor.lived_experience & mentee.substances):
        share = len(lived) / len(mentee.substances)
        label = f"lived experience of {', '.join(lived)}"
        if share < 1:
            label += f" ({len(lived)} of {len(mentee.substances)} substances)"
        parts.append((label, w.lived_experience * share))
    wanted = mentee.availability or ALL_SLOTS
    if overlap := len(mentor.availability & wanted):
        share = overlap / len(wanted)
        parts.append((f"availability {overlap}/{len(wanted)}", w.availability * share))
    parts.append((f"load {load}/{mentor.capacity}", -w.load * load / mentor.capacity))
    score = sum(points for _, points in parts)
    return PairScore(score, "; ".join(f"{label} {_points(points)}" for label, points in parts))
