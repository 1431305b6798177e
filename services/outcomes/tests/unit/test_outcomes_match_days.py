"""Match lengths in the story's own time (issue 16): mentoring's `made_on` / `ended_on` when
the events carry them (a match recorded after the fact, a release's own day), else the
CloudEvent day."""

from __future__ import annotations

import uuid

from outcomes_custody import facts_of
from outcomes_story import END, START, Step, day, on

from pathways.contracts import intake
from pathways.contracts import mentoring as m
from pathways.outcomes.domain.facts import Period
from pathways.outcomes.domain.matches import match_figures
from pathways.outcomes.domain.scope import Scope
from pathways.testing.ids import unique_prison_code


def test_the_events_own_days_give_the_length_not_when_they_were_recorded() -> None:
    prison, mentee, mentor = unique_prison_code(), uuid.uuid4(), uuid.uuid4()
    dated, undated = uuid.uuid4(), uuid.uuid4()
    steps = [
        Step(intake.PersonReceived(person_id=mentee, prison_number="A1234BC", prison_code=prison,
                                   received_at=day(0, 7), reason="new_admission"), day(0, 7)),
        # recorded on day 50 (a load after the fact), but began on day 5 and ended on day 25
        Step(m.MatchMade(match_id=dated, mentor_id=uuid.uuid4(), mentor_person_id=mentor,
                         mentee_person_id=mentee, score=1.0, made_on=on(5)), day(50)),
        Step(m.MatchEnded(match_id=dated, mentor_person_id=mentor, mentee_person_id=mentee,
                          reason="released", ended_on=on(25)), day(50, 11)),
        # an older producer: no made_on / ended_on, the CloudEvent days count
        Step(m.MatchMade(match_id=undated, mentor_id=uuid.uuid4(), mentor_person_id=mentor,
                         mentee_person_id=mentee, score=1.0), day(30)),
        Step(m.MatchEnded(match_id=undated, mentor_person_id=mentor, mentee_person_id=mentee,
                          reason="completed"), day(36)),
    ]  # fmt: skip
    facts = facts_of(steps)
    figures = match_figures(Scope.of(facts, Period(prison, START, END, END)))
    assert (figures.made, figures.ended, figures.mean_days_ended) == (2, 2, 13.0)
    first_month = match_figures(Scope.of(facts, Period(prison, START, on(20), END)))
    assert (first_month.made, first_month.open, first_month.mean_days_open) == (1, 1, 15.0)
