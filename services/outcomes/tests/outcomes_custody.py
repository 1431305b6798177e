"""Custody steps and a summary of them, for the unit tests of figures that follow custody."""

from __future__ import annotations

import uuid
from datetime import date

from outcomes_story import END, START, Step, day

from pathways.contracts import intake
from pathways.outcomes.domain.facts import Fact, Period
from pathways.outcomes.domain.results import Summary
from pathways.outcomes.domain.summary import summarise


def summary(steps: list[Step], prison: str | None, today: date = END) -> Summary:
    """The summary of `steps` (each a fact of its own) for `prison` over the story's period."""
    facts = [Fact(str(uuid.uuid4()), s.at, s.data) for s in steps]
    return summarise(facts, Period(prison, START, END, today))


def received(person: uuid.UUID, prison: str, at: int, reason: str = "new_admission") -> Step:
    data = intake.PersonReceived(
        person_id=person, prison_number="A1234BC", prison_code=prison, received_at=day(at, 7),
        reason=reason,
    )  # fmt: skip
    return Step(data, day(at, 7))


def released(person: uuid.UUID, prison: str, at: int) -> Step:
    data = intake.PersonReleased(
        person_id=person, prison_number="A1234BC", prison_code=prison, released_at=day(at, 9),
        release_type="licence",
    )  # fmt: skip
    return Step(data, day(at, 9))
