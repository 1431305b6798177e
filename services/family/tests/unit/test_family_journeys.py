"""Property tests: any custody journey (pathways.testing.journeys), every event possibly
delivered twice, gives each release its own full set of follow-ups; a reception after a
release cancels the earlier period's open ones; a transfer cancels nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from pathways.contracts import intake
from pathways.family.domain import FollowUpPlan, TaskKind, TaskStatus
from pathways.family.domain.events import FollowUpCancelled, FollowUpRedated
from pathways.platform.checks import local_date
from pathways.testing.journeys import Journey, journeys, with_repeats

POST_RELEASE = {TaskKind.RELEASE_DAY_CONTACT: 0, TaskKind.DAY_7_CHECK: 7, TaskKind.DAY_28_CHECK: 28}


def apply(plan: FollowUpPlan, event: object) -> None:
    """What the family consumer's handlers do with each intake event."""
    match event:
        case intake.PersonReceived():
            plan.record_received(event.received_at, event.reason != "new_admission")
        case intake.PersonReleased():
            plan.record_release(event.released_at)
        case intake.PersonTransferred():
            plan.record_transfer(event.transferred_at)


def planned(journey: Journey, events: list[object]) -> FollowUpPlan:
    plan = FollowUpPlan(uuid4())
    plan.attach_case(uuid4(), "fw.property", date(2025, 1, 1))
    for event in events:
        apply(plan, event)
    return plan


@settings(max_examples=150, deadline=None)
@given(st.data(), journeys())
def test_every_release_gets_its_own_set_and_a_recall_closes_the_previous(
    data: st.DataObject, journey: Journey
) -> None:
    plan = planned(journey, with_repeats(data.draw, journey.events(uuid4())))
    expected = Counter(
        (kind, local_date(at) + timedelta(days=days))
        for at in journey.releases
        for kind, days in POST_RELEASE.items()
    )
    assert Counter((t.kind, t.due_on) for t in plan.tasks) == expected
    recalled = {local_date(at) for at in journey.recalled_releases}
    for task in plan.tasks:
        released_on = task.due_on - timedelta(days=POST_RELEASE[task.kind])
        if released_on in recalled and task.period < plan.custody.period:
            assert task.status is TaskStatus.CANCELLED, task
            assert task.cancel_reason in ("recalled", "new_custody_period"), task
        else:
            assert task.status is TaskStatus.OPEN, task
    assert not any(isinstance(e, FollowUpRedated) for e in plan.events)
    cancelled = [e for e in plan.events if isinstance(e, FollowUpCancelled)]
    assert len(cancelled) == 3 * len(journey.recalled_releases)


@settings(max_examples=100, deadline=None)
@given(journeys(), st.integers(0, 200))
def test_a_scheduled_release_meeting_survives_transfers(journey: Journey, lead: int) -> None:
    plan = FollowUpPlan(uuid4())
    plan.attach_case(uuid4(), "fw.property", date(2025, 1, 1))
    expected_on = local_date(journey.moves[0].at) + timedelta(days=lead + 30)
    plan.schedule_release(expected_on, notified_on=local_date(journey.moves[0].at))
    for event in journey.events(uuid4()):
        if isinstance(event, intake.PersonReleased):
            break
        apply(plan, event)
    [meeting] = plan.tasks
    assert (meeting.kind, meeting.status) == (TaskKind.PRE_RELEASE_MEETING, TaskStatus.OPEN)
