"""Follow-up tasks: completion, overdue, a worker's overdue list."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from pathways.family.domain import FollowUpPlan, FollowUpTask, TaskKind, TaskStatus, overdue_tasks
from pathways.family.domain.events import FollowUpCompleted
from pathways.platform.errors import Conflict, InvalidInput, NotFound


def task(owner: str = "w", due: date = date(2026, 5, 10), kind: TaskKind = TaskKind.DAY_7_CHECK):
    return FollowUpTask(uuid4(), uuid4(), kind, owner, due)


def released_plan() -> FollowUpPlan:
    plan = FollowUpPlan(uuid4())
    plan.attach_case(uuid4(), "w", date(2026, 1, 1))
    plan.record_release(datetime(2026, 5, 1, 9, tzinfo=UTC))
    return plan


def test_overdue_only_after_the_due_day() -> None:
    t = task()
    assert not t.is_overdue(date(2026, 5, 9))
    assert not t.is_overdue(date(2026, 5, 10))
    assert t.is_overdue(date(2026, 5, 11))


def test_completed_or_cancelled_task_is_never_overdue() -> None:
    done, gone = task(), task()
    done.complete(date(2026, 5, 12), "contact_made", today=date(2026, 5, 12))
    gone.cancel("transferred")
    assert not done.is_overdue(date(2027, 1, 1)) and not gone.is_overdue(date(2027, 1, 1))


def test_complete_records_outcome_and_event() -> None:
    plan = released_plan()
    target = plan.tasks[1]
    plan.complete_task(target.task_id, date(2026, 5, 8), "no_answer", today=date(2026, 5, 9))
    assert target.status is TaskStatus.COMPLETED and target.outcome == "no_answer"
    event = plan.events[-1]
    assert isinstance(event, FollowUpCompleted) and event.completed_on == date(2026, 5, 8)


def test_completing_twice_is_a_conflict() -> None:
    plan = released_plan()
    target = plan.tasks[0]
    plan.complete_task(target.task_id, date(2026, 5, 1), "contact_made", date(2026, 5, 1))
    with pytest.raises(Conflict) as err:
        plan.complete_task(target.task_id, date(2026, 5, 2), "contact_made", date(2026, 5, 2))
    assert err.value.code == "task_already_completed"
    assert target.completed_on == date(2026, 5, 1)


def test_completing_a_cancelled_task_is_a_conflict() -> None:
    t = task()
    t.cancel("release_cancelled")
    with pytest.raises(Conflict) as err:
        t.complete(date(2026, 5, 1), "contact_made", date(2026, 5, 1))
    assert err.value.code == "task_cancelled"


def test_completion_in_the_future_or_unknown_outcome_refused() -> None:
    t = task()
    with pytest.raises(InvalidInput) as err:
        t.complete(date(2026, 5, 3), "contact_made", today=date(2026, 5, 2))
    assert err.value.code == "completed_on_in_future"
    with pytest.raises(InvalidInput) as err:
        t.complete(date(2026, 5, 1), "went_fishing", today=date(2026, 5, 2))  # type: ignore[arg-type]
    assert err.value.code == "invalid_outcome"
    assert t.status is TaskStatus.OPEN


def test_unknown_task_not_found() -> None:
    with pytest.raises(NotFound):
        released_plan().complete_task(uuid4(), date(2026, 5, 1), "contact_made", date(2026, 5, 1))


def test_a_workers_overdue_list_most_overdue_first() -> None:
    tasks = [
        task("ann", date(2026, 5, 10)),
        task("ann", date(2026, 5, 1), TaskKind.RELEASE_DAY_CONTACT),
        task("ann", date(2026, 6, 1)),
        task("bob", date(2026, 5, 2)),
    ]
    tasks[2].complete(date(2026, 5, 1), "contact_made", date(2026, 5, 1))
    found = overdue_tasks(tasks, date(2026, 7, 1), owner="ann")
    assert [t.due_on for t in found] == [date(2026, 5, 1), date(2026, 5, 10)]
    assert len(overdue_tasks(tasks, date(2026, 7, 1))) == 3


def test_blank_owner_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        task(owner=" ")
    assert err.value.code == "owner_required"
