"""Custody steps and a summary of them, for the unit tests of figures that follow custody."""

from __future__ import annotations

import uuid
from datetime import date

from outcomes_story import END, START, Step, day

from pathways.contracts import intake
from pathways.outcomes.domain.facts import Fact, Period
from pathways.outcomes.domain.results import Summary
from pathways.outcomes.domain.summary import summarise


def facts_of(steps: list[Step]) -> list[Fact]:
    """Each step as a fact of its own."""
    return [Fact(str(uuid.uuid4()), s.at, s.data) for s in steps]


def summary(steps: list[Step], prison: str | None, today: date = END) -> Summary:
    """The summary of `steps` for `prison` over the story's period."""
    return summarise(facts_of(steps), Period(prison, START, END, today))


def received(
    person: uuid.UUID, prison: str, at: int, reason: str = "new_admission", hour: int = 7
) -> Step:
    data = intake.PersonReceived(
        person_id=person, prison_number="A1234BC", prison_code=prison,
        received_at=day(at, hour), reason=reason,
    )  # fmt: skip
    return Step(data, day(at, hour))


def transferred(person: uuid.UUID, source: str, to: str, at: int, hour: int = 10) -> Step:
    data = intake.PersonTransferred(
        person_id=person, from_prison_code=source, to_prison_code=to, transferred_at=day(at, hour)
    )
    return Step(data, day(at, hour))


def released(person: uuid.UUID, prison: str, at: int, hour: int = 9) -> Step:
    data = intake.PersonReleased(
        person_id=person, prison_number="A1234BC", prison_code=prison,
        released_at=day(at, hour), release_type="licence",
    )  # fmt: skip
    return Step(data, day(at, hour))
