"""Follow-up planning: due dates, idempotency, re-planning, cases opened late."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from pathways.family.domain import (
    CaseLink,
    CustodyFacts,
    FollowUpPlan,
    PlanningPolicy,
    ScheduledRelease,
    TaskKind,
    TaskStatus,
    desired_followups,
)
from pathways.family.domain.events import FollowUpCancelled, FollowUpRedated, FollowUpScheduled
from pathways.platform.errors import InvalidInput

CASE_ID = uuid4()
RELEASED_AT = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


def plan_with_case(opened_on: date = date(2026, 1, 5), lead: int = 14) -> FollowUpPlan:
    plan = FollowUpPlan(uuid4(), policy=PlanningPolicy(lead))
    plan.attach_case(CASE_ID, "worker.a", opened_on)
    return plan


def dues(plan: FollowUpPlan, status: TaskStatus = TaskStatus.OPEN) -> dict[TaskKind, date]:
    return {t.kind: t.due_on for t in plan.current_tasks if t.status is status}


def test_release_scheduled_plans_pre_release_meeting_lead_days_before() -> None:
    plan = plan_with_case()
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    assert dues(plan) == {TaskKind.PRE_RELEASE_MEETING: date(2026, 11, 13)}
    (event,) = plan.events
    assert isinstance(event, FollowUpScheduled) and event.case_id == CASE_ID


def test_lead_days_are_configurable() -> None:
    plan = plan_with_case(lead=7)
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    assert dues(plan) == {TaskKind.PRE_RELEASE_MEETING: date(2026, 11, 20)}


def test_negative_lead_days_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        PlanningPolicy(-1)
    assert err.value.code == "invalid_lead_days"


def test_pre_release_meeting_already_past_is_due_the_day_it_became_known() -> None:
    plan = plan_with_case()
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 11, 20))
    assert dues(plan) == {TaskKind.PRE_RELEASE_MEETING: date(2026, 11, 20)}


def test_release_plans_three_checks_from_actual_release_time() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)
    assert dues(plan) == {
        TaskKind.RELEASE_DAY_CONTACT: date(2026, 11, 27),
        TaskKind.DAY_7_CHECK: date(2026, 12, 4),
        TaskKind.DAY_28_CHECK: date(2026, 12, 25),
    }
    assert all(t.owner == "worker.a" for t in plan.tasks)


def test_release_day_is_the_local_day() -> None:
    plan = plan_with_case()
    plan.record_release(datetime(2026, 6, 1, 23, 30, tzinfo=UTC))  # 00:30 BST on 2 June
    assert dues(plan)[TaskKind.RELEASE_DAY_CONTACT] == date(2026, 6, 2)


def test_release_twice_gives_one_set() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)
    plan.record_release(RELEASED_AT)
    assert len(plan.tasks) == 3
    assert len([e for e in plan.events if isinstance(e, FollowUpScheduled)]) == 3


def test_release_before_schedule_gives_no_pre_release_meeting() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 11, 28))
    assert set(dues(plan)) == {
        TaskKind.RELEASE_DAY_CONTACT,
        TaskKind.DAY_7_CHECK,
        TaskKind.DAY_28_CHECK,
    }
    assert len(plan.tasks) == 3


def test_release_after_schedule_keeps_the_meeting_open_and_adds_checks() -> None:
    plan = plan_with_case()
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    plan.record_release(RELEASED_AT)
    plan.record_release(RELEASED_AT)
    assert len(plan.tasks) == 4
    assert TaskKind.PRE_RELEASE_MEETING in dues(plan)


def test_late_release_event_gives_the_full_set_already_overdue() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)  # arriving on 2027-01-10, say
    assert len(plan.current_tasks) == 3
    assert all(t.is_overdue(date(2027, 1, 10)) for t in plan.current_tasks)


def test_no_case_no_tasks_then_case_opened_after_release_gets_checks_still_due() -> None:
    plan = FollowUpPlan(uuid4())
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    plan.record_release(RELEASED_AT)
    assert plan.tasks == [] and plan.events == []
    plan.attach_case(CASE_ID, "worker.b", opened_on=date(2026, 11, 30))
    assert dues(plan) == {
        TaskKind.DAY_7_CHECK: date(2026, 12, 4),
        TaskKind.DAY_28_CHECK: date(2026, 12, 25),
    }


def test_case_opened_on_release_day_gets_all_three() -> None:
    plan = FollowUpPlan(uuid4())
    plan.record_release(RELEASED_AT)
    plan.attach_case(CASE_ID, "w", opened_on=date(2026, 11, 27))
    assert len(plan.tasks) == 3


def test_case_opened_long_after_release_gets_nothing() -> None:
    plan = FollowUpPlan(uuid4())
    plan.record_release(RELEASED_AT)
    plan.attach_case(CASE_ID, "w", opened_on=date(2027, 1, 30))
    assert plan.tasks == []


def test_case_opened_before_release_with_schedule_known_earlier() -> None:
    plan = FollowUpPlan(uuid4())
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    plan.attach_case(CASE_ID, "w", opened_on=date(2026, 11, 20))
    assert dues(plan) == {TaskKind.PRE_RELEASE_MEETING: date(2026, 11, 20)}


def test_rescheduled_release_redates_the_open_meeting() -> None:
    plan = plan_with_case()
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    plan.schedule_release(date(2026, 12, 11), notified_on=date(2026, 10, 5))
    assert dues(plan) == {TaskKind.PRE_RELEASE_MEETING: date(2026, 11, 27)}
    assert len(plan.tasks) == 1
    assert isinstance(plan.events[-1], FollowUpRedated)
    assert plan.events[-1].previous_due_on == date(2026, 11, 13)


def test_cancelled_release_cancels_the_open_meeting() -> None:
    plan = plan_with_case()
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    plan.cancel_scheduled_release()
    (task,) = plan.tasks
    assert task.status is TaskStatus.CANCELLED and task.cancel_reason == "release_cancelled"
    assert isinstance(plan.events[-1], FollowUpCancelled)


def test_transfer_keeps_the_meeting_and_a_new_schedule_redates_it() -> None:
    plan = plan_with_case()
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    plan.record_transfer(datetime(2026, 10, 10, tzinfo=UTC))
    assert dues(plan) == {TaskKind.PRE_RELEASE_MEETING: date(2026, 11, 13)}
    assert not any(isinstance(e, FollowUpCancelled) for e in plan.events)
    plan.schedule_release(date(2026, 12, 18), notified_on=date(2026, 10, 12))
    assert dues(plan) == {TaskKind.PRE_RELEASE_MEETING: date(2026, 12, 4)}
    assert len(plan.tasks) == 1


def test_completed_meeting_is_not_replanned_on_reschedule() -> None:
    plan = plan_with_case()
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    task = plan.tasks[0]
    plan.complete_task(task.task_id, date(2026, 11, 10), "meeting_held", today=date(2026, 11, 10))
    plan.schedule_release(date(2026, 12, 11), notified_on=date(2026, 11, 12))
    plan.cancel_scheduled_release()
    assert len(plan.tasks) == 1 and task.status is TaskStatus.COMPLETED
    assert task.due_on == date(2026, 11, 13)


def test_transfer_after_release_is_ignored() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)
    plan.record_transfer(datetime(2026, 11, 28, tzinfo=UTC))
    assert len(dues(plan)) == 3


def test_corrected_release_time_redates_open_checks_only() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)
    day_one = next(t for t in plan.tasks if t.kind is TaskKind.RELEASE_DAY_CONTACT)
    plan.complete_task(day_one.task_id, date(2026, 11, 27), "contact_made", date(2026, 11, 27))
    plan.record_release(datetime(2026, 11, 26, 9, tzinfo=UTC))
    assert dues(plan) == {
        TaskKind.DAY_7_CHECK: date(2026, 12, 3),
        TaskKind.DAY_28_CHECK: date(2026, 12, 24),
    }
    assert day_one.due_on == date(2026, 11, 27)
    assert len(plan.tasks) == 3


def test_new_custody_period_after_recall_plans_a_new_set_and_keeps_history() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)
    plan.record_received(datetime(2026, 12, 10, tzinfo=UTC))
    assert plan.custody.period == 1 and plan.current_tasks == []
    plan.record_release(RELEASED_AT)  # stale redelivery of the old release: ignored
    assert plan.current_tasks == []
    plan.record_release(datetime(2027, 3, 1, 9, tzinfo=UTC))
    assert len(plan.current_tasks) == 3 and len(plan.tasks) == 6
    assert all(t.status is TaskStatus.OPEN for t in plan.current_tasks)
    earlier = [t for t in plan.tasks if t.period == 0]
    assert {(t.status, t.cancel_reason) for t in earlier} == {(TaskStatus.CANCELLED, "recalled")}
    assert {t.due_on for t in earlier} == {
        date(2026, 11, 27),
        date(2026, 12, 4),
        date(2026, 12, 25),
    }


def test_a_recall_cancels_only_open_tasks_and_a_new_charge_says_so() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)
    day_one = next(t for t in plan.tasks if t.kind is TaskKind.RELEASE_DAY_CONTACT)
    plan.complete_task(
        day_one.task_id, date(2026, 11, 27), "contact_made", today=date(2026, 11, 27)
    )
    plan.record_received(datetime(2026, 12, 1, tzinfo=UTC), recalled=False)
    cancelled = [e for e in plan.events if isinstance(e, FollowUpCancelled)]
    assert sorted(e.kind for e in cancelled) == [TaskKind.DAY_28_CHECK, TaskKind.DAY_7_CHECK]
    assert {e.reason for e in cancelled} == {"new_custody_period"}
    assert day_one.status is TaskStatus.COMPLETED


def test_received_without_release_does_not_start_a_period() -> None:
    plan = plan_with_case()
    plan.record_received(datetime(2026, 12, 10, tzinfo=UTC))
    assert plan.custody.period == 0


def test_new_worker_takes_over_open_tasks() -> None:
    plan = plan_with_case()
    plan.record_release(RELEASED_AT)
    plan.attach_case(CASE_ID, "worker.new", date(2026, 1, 5))
    assert {t.owner for t in plan.tasks} == {"worker.new"}
    assert len(plan.tasks) == 3


def test_desired_followups_is_pure() -> None:
    case = CaseLink(CASE_ID, "w", date(2026, 1, 1))
    facts = CustodyFacts(scheduled=ScheduledRelease(date(2026, 3, 1), date(2026, 1, 10)))
    assert desired_followups(facts, None, PlanningPolicy()) == {}
    assert desired_followups(facts, case, PlanningPolicy(0)) == {
        TaskKind.PRE_RELEASE_MEETING: date(2026, 3, 1)
    }


def test_a_cancellation_of_a_replaced_plan_changes_nothing() -> None:
    plan = plan_with_case()
    plan.schedule_release(date(2026, 11, 27), notified_on=date(2026, 10, 1))
    plan.schedule_release(date(2026, 12, 18), notified_on=date(2026, 10, 12))
    plan.cancel_scheduled_release(date(2026, 11, 27))
    assert dues(plan) == {TaskKind.PRE_RELEASE_MEETING: date(2026, 12, 4)}
    plan.cancel_scheduled_release(date(2026, 12, 18))
    assert dues(plan) == {}
