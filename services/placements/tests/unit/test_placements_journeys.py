"""Property tests: any custody journey of a qualified mentor (pathways.testing.journeys),
every event possibly delivered twice, opens one `release` referral per release and one
`rotl` referral per custody period with ROTL; the person ends where the journey ends."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.contracts import intake
from pathways.placements.domain import (
    AbsenceKind,
    CustodyStatus,
    PersonState,
    TemporaryAbsence,
    claim_referral_triggers,
)
from pathways.testing.journeys import Journey, Kind, journeys, with_repeats


def apply(person: PersonState, event: object) -> bool:
    """What the placements consumer's handlers do; True when a new custody period began."""
    period = person.period
    match event:
        case intake.PersonReceived():
            person.record_received(event.received_at, event.prison_code)
        case intake.PersonTransferred():
            person.record_transferred(event.transferred_at, event.to_prison_code)
        case intake.PersonReleased():
            person.record_released(event.released_at, None, event.prison_code)
        case intake.TemporaryAbsenceStarted():
            absence = TemporaryAbsence(
                event.absence_id, AbsenceKind(event.kind.value), event.starts_at, event.ends_at
            )
            person.record_absence_started(absence)
        case intake.TemporaryAbsenceEnded():
            person.record_absence_ended(event.absence_id)
    return person.period != period


@settings(max_examples=150, deadline=None)
@given(st.data(), journeys())
def test_referrals_follow_releases_and_custody_periods(
    data: st.DataObject, journey: Journey
) -> None:
    person = PersonState(uuid4())
    person.record_qualified(date(2025, 1, 1))
    opened: Counter[str] = Counter()
    new_periods = 0
    for event in with_repeats(data.draw, journey.events(person.person_id)):
        new_periods += apply(person, event)
        opened.update(o.trigger.value for o in claim_referral_triggers(person))
    assert opened == Counter(release=len(journey.releases), rotl=journey.periods_with_rotl)
    assert new_periods == len(journey.recalled_releases)  # each ends the earlier placement
    last = journey.last
    expected = {
        Kind.RELEASED: CustodyStatus.RELEASED,
        Kind.ABSENCE_STARTED: CustodyStatus.ON_ROTL,
    }.get(last.kind, CustodyStatus.IN_CUSTODY)
    assert person.status is expected
    assert person.prison_code == last.prison_code
