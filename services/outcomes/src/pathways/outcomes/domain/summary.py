"""One function from facts to every figure of a summary."""

from __future__ import annotations

from collections.abc import Sequence

from pathways.outcomes.domain.continuity import continuity_figures
from pathways.outcomes.domain.facts import Fact, Period
from pathways.outcomes.domain.family_placements import family_figures, placement_figures
from pathways.outcomes.domain.matches import match_figures, people_figures, session_figures
from pathways.outcomes.domain.mentors import mentor_figures
from pathways.outcomes.domain.release import (
    days_clean_figures,
    open_conditions_figures,
    programme_contact_figures,
)
from pathways.outcomes.domain.results import Summary
from pathways.outcomes.domain.scope import Scope


def summarise(facts: Sequence[Fact], period: Period) -> Summary:
    scope = Scope.of(facts, period)
    return Summary(
        prison_code=period.prison_code,
        from_date=period.start,
        to_date=period.end,
        mentors=mentor_figures(scope),
        people=people_figures(scope),
        matches=match_figures(scope),
        sessions=session_figures(scope),
        family=family_figures(scope),
        placements=placement_figures(scope),
        open_conditions=open_conditions_figures(scope),
        days_clean=days_clean_figures(scope),
        continuity_of_care=continuity_figures(scope),
        programme_contact_21_days=programme_contact_figures(scope),
    )
