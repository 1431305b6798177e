"""Family follow-ups due and overdue per worker (issue 16), as family publishes them: the
owner named by the latest scheduled, rescheduled or reassigned event; due once the due day
is reached and not done, overdue the day after (no further grace, as family's own list)."""

from __future__ import annotations

import uuid

from outcomes_custody import facts_of
from outcomes_story import END, START, Step, day, on

from pathways.contracts import family, intake
from pathways.outcomes.domain.facts import Period
from pathways.outcomes.domain.scope import Scope
from pathways.outcomes.domain.workers import WorkerFollowUps, open_followups, per_worker
from pathways.testing.ids import unique_prison_code

K = family.FollowUpKind


def received(person: uuid.UUID, prison: str) -> Step:
    data = intake.PersonReceived(
        person_id=person, prison_number="A1234BC", prison_code=prison, received_at=day(0, 7),
        reason="new_admission",
    )  # fmt: skip
    return Step(data, day(0, 7))


def scheduled(person: uuid.UUID, task: uuid.UUID, due: int, owner: str | None) -> Step:
    data = family.FollowUpScheduled(
        task_id=task, case_id=uuid.uuid4(), person_id=person, kind=K.DAY_7_CHECK,
        due_on=on(due), owner=owner,
    )  # fmt: skip
    return Step(data, day(1))


def scope(steps: list[Step], prison: str | None, today_offset: int) -> Scope:
    facts = facts_of(steps)
    return Scope.of(facts, Period(prison, START, END, on(today_offset)))


def test_due_and_overdue_are_counted_per_owner_as_of_today() -> None:
    prison, elsewhere = unique_prison_code(), unique_prison_code()
    p, q = uuid.uuid4(), uuid.uuid4()
    t = [uuid.uuid4() for _ in range(7)]
    steps = [
        received(p, prison),
        received(q, elsewhere),
        scheduled(p, t[0], 9, "fw.ali"),  # overdue (due yesterday)
        scheduled(p, t[1], 10, "fw.ali"),  # due today: due, not overdue
        scheduled(p, t[2], 11, "fw.ali"),  # not yet due
        scheduled(p, t[3], 5, "fw.ali"),  # completed on time: not counted
        Step(family.FollowUpCompleted(task_id=t[3], person_id=p, kind=K.DAY_7_CHECK,
                                      completed_on=on(6), outcome="contact_made"), day(6)),
        scheduled(p, t[4], 4, "fw.ali"),  # cancelled: never due
        Step(family.FollowUpCancelled(task_id=t[4], case_id=uuid.uuid4(), person_id=p,
                                      kind=K.DAY_7_CHECK, reason="recalled"), day(3)),
        scheduled(p, t[5], 3, "fw.old"),  # handed over to fw.bea, then re-dated: still hers
        Step(family.FollowUpReassigned(task_id=t[5], case_id=uuid.uuid4(), person_id=p,
                                       kind=K.DAY_7_CHECK, owner="fw.bea",
                                       previous_owner="fw.old"), day(2)),
        Step(family.FollowUpRescheduled(task_id=t[5], case_id=uuid.uuid4(), person_id=p,
                                        kind=K.DAY_7_CHECK, due_on=on(8), previous_due_on=on(3),
                                        owner="fw.bea"), day(2, 12)),
        scheduled(q, t[6], 2, "fw.ali"),  # another prison's person
    ]  # fmt: skip
    assert per_worker(scope(steps, prison, 10)) == [
        WorkerFollowUps("fw.ali", due=2, overdue=1),
        WorkerFollowUps("fw.bea", due=1, overdue=1),
    ]
    assert [(r.owner, r.due, r.overdue) for r in per_worker(scope(steps, None, 10))] == [
        ("fw.ali", 3, 2),
        ("fw.bea", 1, 1),
    ]
    rows = open_followups(scope(steps, prison, 10))
    assert [(r.task_id, r.overdue) for r in rows] == [(t[5], True), (t[0], True), (t[1], False)]


def test_as_of_the_range_end_when_it_is_earlier_than_today() -> None:
    prison, p, task = unique_prison_code(), uuid.uuid4(), uuid.uuid4()
    steps = [
        received(p, prison),
        scheduled(p, task, 9, "fw.ali"),
        Step(family.FollowUpCompleted(task_id=task, person_id=p, kind=K.DAY_7_CHECK,
                                      completed_on=on(20), outcome="contact_made"), day(20)),
    ]  # fmt: skip
    facts = facts_of(steps)
    ended_day_12 = Scope.of(facts, Period(prison, START, on(12), END))
    assert per_worker(ended_day_12) == [WorkerFollowUps("fw.ali", due=1, overdue=1)]
    assert per_worker(scope(steps, prison, 30)) == []  # done by then


def test_events_from_before_the_owner_field_are_not_recorded_owner() -> None:
    prison, p = unique_prison_code(), uuid.uuid4()
    steps = [received(p, prison), scheduled(p, uuid.uuid4(), 9, None)]
    assert per_worker(scope(steps, prison, 10)) == [WorkerFollowUps(None, due=1, overdue=1)]
