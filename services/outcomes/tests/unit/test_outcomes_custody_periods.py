"""Figures that follow custody periods (contract.md, "What each custody event means"):
mentors counted as people, engagement per release, cancelled follow-ups visible."""

from __future__ import annotations

import uuid

from outcomes_custody import received, released, summary
from outcomes_story import Step, day, on

from pathways.contracts import family, intake, mentoring, placements
from pathways.testing.ids import unique_prison_code


def test_a_transferred_qualified_mentor_enrolled_again_is_one_trained_mentor() -> None:
    first, second, person = unique_prison_code(), unique_prison_code(), uuid.uuid4()
    old_id, new_id = uuid.uuid4(), uuid.uuid4()
    moved = intake.PersonTransferred(
        person_id=person, from_prison_code=first, to_prison_code=second, transferred_at=day(20)
    )
    steps = [
        received(person, first, 0),
        Step(mentoring.MentorEnrolled(mentor_id=old_id, person_id=person, prison_code=first),
             day(1)),
        Step(mentoring.MentorQualified(mentor_id=old_id, person_id=person, award="OCN Level 2",
                                       awarded_on=on(10)), day(10)),
        Step(mentoring.MentorStatusChanged(mentor_id=old_id, person_id=person, status="left",
                                           reason="transferred"), day(20)),
        Step(moved, day(20)),
        Step(mentoring.MentorEnrolled(mentor_id=new_id, person_id=person, prison_code=second),
             day(21)),
        Step(mentoring.MentorQualified(mentor_id=new_id, person_id=person, award="OCN Level 2",
                                       awarded_on=on(22)), day(22)),
        Step(mentoring.MentorStatusChanged(mentor_id=new_id, person_id=person, status="active"),
             day(23)),
    ]  # fmt: skip
    everywhere = summary(steps, None).mentors
    assert (everywhere.enrolled, everywhere.qualified_since_programme_began) == (1, 1)
    assert (everywhere.qualified, everywhere.active) == (1, 1)
    assert summary(steps, first).mentors.qualified_since_programme_began == 1
    assert summary(steps, second).mentors.qualified_since_programme_began == 0
    assert summary(steps, second).mentors.active == 1


def test_programme_contact_counts_each_release_and_a_recall_closes_the_first_window() -> None:
    prison, person, case = unique_prison_code(), uuid.uuid4(), uuid.uuid4()
    day_one, later = uuid.uuid4(), uuid.uuid4()
    steps = [
        received(person, prison, 0),
        released(person, prison, 5),
        received(person, prison, 9, "readmission"),  # recalled before any contact
        Step(family.FollowUpCancelled(task_id=later, case_id=case, person_id=person,
                                      kind="day_7_check", reason="recalled"), day(9)),
        released(person, prison, 30),
        Step(family.FollowUpCompleted(task_id=day_one, person_id=person,
                                      kind="release_day_contact", completed_on=on(30),
                                      outcome="contact_made"), day(30, 15)),
    ]  # fmt: skip
    figures = summary(steps, prison, today=on(40))
    engagement = figures.programme_contact_21_days
    assert (engagement.released, engagement.contacted, engagement.still_in_window) == (2, 1, 0)
    assert engagement.percent == 50.0
    assert (figures.family.cancelled, figures.family.cancelled_by_reason) == (1, {"recalled": 1})


def test_a_placement_ended_by_a_recall_is_counted_as_such() -> None:
    prison, person, placement = unique_prison_code(), uuid.uuid4(), uuid.uuid4()
    steps = [
        received(person, prison, 0),
        released(person, prison, 5),
        Step(placements.PlacementStarted(placement_id=placement, person_id=person,
                                         provider_id=uuid.uuid4(), starts_on=on(6),
                                         on_rotl=False), day(6)),
        received(person, prison, 12, "readmission"),
        Step(placements.PlacementEnded(placement_id=placement, person_id=person,
                                       outcome="recalled", hours=4), day(12, 8)),
    ]  # fmt: skip
    figures = summary(steps, prison).placements
    assert (figures.ended, figures.ended_recalled, figures.completed) == (1, 1, 0)
