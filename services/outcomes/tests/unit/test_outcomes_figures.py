"""The figures as pure functions over facts (no database, no broker)."""

from __future__ import annotations

import random
import uuid
from dataclasses import asdict
from datetime import date, timedelta

from outcomes_custody import facts_of, received, released, transferred
from outcomes_story import END, EXPECTED, START, Step, day, figures_of, on, random_prison, story

from pathways.contracts import family, intake, placements
from pathways.outcomes.domain.custody import Whereabouts, is_open_category
from pathways.outcomes.domain.facts import Period
from pathways.outcomes.domain.summary import summarise

TODAY = date(2026, 11, 27)


def period(prison: str | None, start: date = START, end: date = END) -> Period:
    return Period(prison, start, end, TODAY)


def test_the_story_gives_every_expected_figure() -> None:
    prison = random_prison()
    summary = asdict(summarise(facts_of(story(prison)), period(prison)))
    assert figures_of(summary) == EXPECTED


def test_the_order_facts_arrive_in_does_not_matter() -> None:
    prison = random_prison()
    facts = facts_of(story(prison))
    random.Random(7).shuffle(facts)
    assert figures_of(asdict(summarise(facts, period(prison)))) == EXPECTED


def test_duplicate_facts_of_one_business_event_count_once() -> None:
    prison = random_prison()
    steps = story(prison)
    assert figures_of(asdict(summarise(facts_of(steps + steps), period(prison)))) == EXPECTED


def test_another_prison_sees_only_its_own_people() -> None:
    prison = random_prison()
    other = asdict(summarise(facts_of(story(prison, other="ZZZ")), period("ZZZ")))
    assert other["people"] == {"referred": 1, "supported": 0}
    assert other["programme_contact_21_days"]["released"] == 0
    assert other["continuity_of_care"]["released_with_need"] == 0
    everywhere = asdict(summarise(facts_of(story(prison, other="ZZZ")), period(None)))
    assert everywhere["people"]["referred"] == 5  # A, B, C and E here, N at the other


def test_a_range_before_the_story_counts_only_mentors_trained_since_the_start() -> None:
    prison = random_prison()
    early = period(prison, START - timedelta(days=40), START - timedelta(days=1))
    summary = summarise(facts_of(story(prison)), early)
    assert summary.mentors.qualified == 1 and summary.mentors.qualified_since_programme_began == 1
    assert summary.people.referred == 0 and summary.continuity_of_care.percent is None


def test_events_after_release_are_attributed_to_the_prison_released_from() -> None:
    person = uuid.uuid4()
    facts = facts_of(
        [
            received(person, "BAI", 0, hour=10),
            transferred(person, "BAI", "WWI", 5),
            released(person, "WWI", 9, hour=10),
        ]
    )
    where = Whereabouts(facts)
    assert where.prison_at(person, day(-1)) == "BAI"  # before the first known move
    assert where.prison_at(person, day(6)) == "WWI"
    assert where.prison_at(person, day(30)) == "WWI" and not where.in_custody_at(person, day(30))


def test_programme_contact_needs_a_reached_contact_or_placement_within_21_days() -> None:
    prison, people = random_prison(), [uuid.uuid4() for _ in range(4)]
    steps = [released(p, prison, 1, hour=10) for p in people]
    done = [("day_7_check", 22), ("day_28_check", 5), ("release_day_contact", 23)]
    for person, (kind, when) in zip(people, done, strict=False):
        steps.append(
            Step(
                family.FollowUpCompleted(
                    task_id=uuid.uuid4(),
                    person_id=person,
                    kind=kind,
                    completed_on=on(when),
                    outcome="contact_made",
                ),
                day(when),
            )
        )
    steps.append(
        Step(
            placements.PlacementStarted(
                placement_id=uuid.uuid4(),
                person_id=people[3],
                provider_id=uuid.uuid4(),
                starts_on=on(21),
                on_rotl=False,
            ),
            day(20),
        )
    )
    figures = summarise(facts_of(steps), period(prison)).programme_contact_21_days
    # day 22 is within 21 days of day 1; a day-28 check does not count; day 23 is too late
    assert (figures.released, figures.contacted, figures.percent) == (4, 2, 50.0)


def test_open_conditions_by_category_or_transfer_to_an_open_prison() -> None:
    assert is_open_category("D") and is_open_category("Category D")
    assert is_open_category("FEMALE_OPEN") and not is_open_category("C")
    person = uuid.uuid4()
    facts = facts_of(
        [
            received(person, "BAI", 0, hour=10),
            transferred(person, "BAI", "FDI", 5),
        ]
    )
    assert summarise(facts, period("BAI")).open_conditions.transfers == 1
    assert summarise(facts, period("FDI")).open_conditions.transfers == 0


def test_a_cancelled_follow_up_is_not_due_and_a_rescheduled_one_counts_by_its_new_date() -> None:
    prison, person, case = random_prison(), uuid.uuid4(), uuid.uuid4()
    meeting, check = uuid.uuid4(), uuid.uuid4()
    received = intake.PersonReceived(
        person_id=person, prison_number="A1234BC", prison_code=prison, received_at=day(0),
        reason="new_admission",
    )  # fmt: skip

    def task(task_id: uuid.UUID, kind: str, due: int) -> family.FollowUpScheduled:
        return family.FollowUpScheduled(
            task_id=task_id, case_id=case, person_id=person, kind=kind, due_on=on(due)
        )

    steps = [
        Step(received, day(0)),
        Step(task(meeting, "pre_release_meeting", 10), day(1)),
        Step(family.FollowUpCancelled(task_id=meeting, case_id=case, person_id=person,
                                      kind="pre_release_meeting", reason="transferred"), day(2)),
        Step(task(check, "day_7_check", 5), day(1)),
        Step(family.FollowUpRescheduled(task_id=check, case_id=case, person_id=person,
                                        kind="day_7_check", due_on=on(12),
                                        previous_due_on=on(5)), day(3)),
        Step(family.FollowUpCompleted(task_id=check, person_id=person, kind="day_7_check",
                                      completed_on=on(11), outcome="contact_made"), day(11)),
    ]  # fmt: skip
    figures = summarise(facts_of(steps), period(prison)).family
    assert (figures.followups_due, figures.on_time, figures.late, figures.outstanding) == (
        1, 1, 0, 0,
    )  # fmt: skip
