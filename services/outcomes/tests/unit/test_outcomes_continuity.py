"""Continuity of care, the national measure (issue 16): releases of people with a treatment
need whose person first attended community treatment within 21 days; not-yet-due, unknown
and never-referred counted apart; the programme's own contact named as such."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from outcomes_custody import facts_of, received, released, summary
from outcomes_story import END, START, Step, day, on

from pathways.contracts import family, intake, treatment
from pathways.outcomes.domain.continuity import ReleaseClass, release_outcomes
from pathways.outcomes.domain.facts import Period
from pathways.outcomes.domain.scope import Scope
from pathways.outcomes.domain.summary import summarise
from pathways.testing.ids import unique_prison_code

PROVIDER = "CGL-LEWISHAM"


def referred(person: uuid.UUID, prison: str, at: int) -> Step:
    data = intake.PersonReferred(
        person_id=person, referral_id=uuid.uuid4(), source="healthcare",
        substances=["opiates"], urgency="routine", prison_code=prison,
    )  # fmt: skip
    return Step(data, day(at, 8))


def handed_over(person: uuid.UUID, prison: str, at: int) -> tuple[uuid.UUID, Step]:
    handover = uuid.uuid4()
    data = treatment.CommunityTreatmentReferred(
        person_id=person, handover_id=handover, prison_code=prison, provider_code=PROVIDER,
        referred_on=on(at), appointment_on=None,
    )  # fmt: skip
    return handover, Step(data, day(at, 11))


def attended(person: uuid.UUID, handover: uuid.UUID, prison: str, at: int) -> Step:
    data = treatment.CommunityTreatmentEngaged(person_id=person, handover_id=handover,
                                               prison_code=prison, provider_code=PROVIDER,
                                               attended_on=on(at))  # fmt: skip
    return Step(data, day(at, 16))


def missed(person: uuid.UUID, handover: uuid.UUID, prison: str, at: int) -> Step:
    data = treatment.CommunityTreatmentNotEngaged(
        person_id=person, handover_id=handover, prison_code=prison, provider_code=PROVIDER,
        outcome="did_not_attend", recorded_on=on(at),
    )  # fmt: skip
    return Step(data, day(at, 16))


def no_answer(person: uuid.UUID, at: int) -> Step:
    data = family.FollowUpCompleted(task_id=uuid.uuid4(), person_id=person,
                                    kind="release_day_contact", completed_on=on(at),
                                    outcome="no_answer")  # fmt: skip
    return Step(data, day(at, 15))


def journey(prison: str, *, release: int, attend: int | None = None, need: bool = True,
            dna: int | None = None, handover: bool = True) -> list[Step]:  # fmt: skip
    person = uuid.uuid4()
    steps = [received(person, prison, 0)]
    steps += [referred(person, prison, 1)] if need else []
    hid, step = handed_over(person, prison, release - 3)
    steps += [step] if handover else []
    steps.append(released(person, prison, release))
    if attend is not None:
        steps.append(attended(person, hid, prison, release + attend))
    if dna is not None:
        steps.append(missed(person, hid, prison, release + dna))
    return steps


def test_day_15_counts_day_25_does_not_and_no_need_is_outside_the_denominator() -> None:
    prison = unique_prison_code()
    steps = (
        journey(prison, release=5, attend=15)
        + journey(prison, release=5, attend=25)
        + journey(prison, release=5, attend=21)  # the last day that counts
        + journey(prison, release=5, need=False, handover=False)
    )
    c = summary(steps, prison).continuity_of_care
    assert (c.released_with_need, c.engaged, c.not_engaged) == (3, 2, 1)
    assert (c.released_without_need, c.due, c.percent) == (1, 3, 66.7)
    assert (c.national_rate_percent, c.target_percent) == (41.0, 75.0)


def test_an_unanswered_call_is_neither_engagement_nor_programme_contact() -> None:
    prison = unique_prison_code()
    steps = journey(prison, release=5, handover=False)
    person = steps[0].data.person_id
    figures = summary([*steps, no_answer(person, 5)], prison)
    assert figures.continuity_of_care.engaged == 0
    assert figures.continuity_of_care.not_referred == 1
    assert figures.continuity_of_care.percent == 0.0
    contact = figures.programme_contact_21_days
    assert (contact.released, contact.contacted) == (1, 0)


def test_not_yet_due_unknown_and_a_rebooked_attendance_are_counted_apart() -> None:
    prison = unique_prison_code()
    release = (END - START).days - 5  # five days before the range end
    steps = (
        journey(prison, release=release)  # window still open: not yet due
        + journey(prison, release=5)  # handed over, nothing recorded: unknown
        + journey(prison, release=5, handover=False)  # never referred
        + journey(prison, release=5, dna=3, attend=12)  # missed, rebooked, attended
        + journey(prison, release=5, dna=3)  # missed only
    )
    c = summary(steps, prison).continuity_of_care
    assert (c.not_yet_due, c.unknown, c.not_referred) == (1, 1, 1)
    assert (c.engaged, c.not_engaged, c.released_with_need, c.due) == (1, 1, 5, 4)
    assert c.percent == 25.0


def test_a_recall_ends_the_window_and_each_release_has_its_own_handover() -> None:
    prison, person = unique_prison_code(), uuid.uuid4()
    first, first_step = handed_over(person, prison, 3)
    second, second_step = handed_over(person, prison, 28)
    steps = [
        received(person, prison, 0), referred(person, prison, 1), first_step,
        released(person, prison, 5),
        received(person, prison, 10, "readmission"),  # back before attending
        second_step, released(person, prison, 30), attended(person, second, prison, 33),
        attended(person, first, prison, 34),  # a late report on the old handover: ignored
    ]  # fmt: skip
    facts = facts_of(steps)
    rows = release_outcomes(Scope.of(facts, Period(prison, START, END, END)))
    assert [(r.released_on, r.status, r.attended_on) for r in rows] == [
        (on(5), ReleaseClass.NOT_ENGAGED, None),
        (on(30), ReleaseClass.ENGAGED, on(33)),
    ]


def test_another_prison_and_a_range_without_the_release_see_nothing() -> None:
    prison = unique_prison_code()
    steps = journey(prison, release=5, attend=2)
    assert summary(steps, unique_prison_code()).continuity_of_care.released_with_need == 0
    later = Period(prison, START + timedelta(days=20), END, END)
    facts = facts_of(steps)
    assert release_outcomes(Scope.of(facts, later)) == []
    assert isinstance(on(0), date)


def test_a_referral_counts_in_the_month_of_its_own_date_when_the_event_carries_it() -> None:
    prison, person = unique_prison_code(), uuid.uuid4()
    late = intake.PersonReferred(
        person_id=person, referral_id=uuid.uuid4(), source="staff", substances=["crack"],
        urgency="routine", prison_code=prison, referred_on=on(2),
    )  # fmt: skip
    steps = [received(person, prison, 0), Step(late, day(45))]  # recorded six weeks later
    early = Period(prison, START, START + timedelta(days=9), END)
    facts = facts_of(steps)
    assert summarise(facts, early).people.referred == 1
    later = Period(prison, START + timedelta(days=40), END, END)
    assert summarise(facts, later).people.referred == 0
