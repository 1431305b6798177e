"""The family service's handlers on a fake unit of work (no database, no broker): opening a
case, the follow-ups a release plans, what a recall and a withdrawal of consent cancel, and
the contract events each collects for publishing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from family_fakes import FakeFamilyUnitOfWork

from pathways.contracts import family as contract
from pathways.contracts.intake import ReceptionReason
from pathways.family.service_layer.cases import CaseView, open_case
from pathways.family.service_layer.commands import CompleteTask, OpenCase
from pathways.family.service_layer.consent import HANDLERS as CONSENT_HANDLERS
from pathways.family.service_layer.custody import HANDLERS as CUSTODY_HANDLERS
from pathways.family.service_layer.tasks import complete_task, overdue_for
from pathways.family.service_layer.unit_of_work import FamilyUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import Conflict
from pathways.testing.fake_unit_of_work import consume
from pathways.testing.ids import unique_prison_code
from pathways.testing.intake_events import consent, consent_changed, received, referred, released
from pathways.testing.protocols import missing

HANDLERS = {**CUSTODY_HANDLERS, **CONSENT_HANDLERS}
WORKER = "family-worker"
POST_RELEASE = ["release_day_contact", "day_7_check", "day_28_check"]
# Noon in London (summer or winter) 60 days ago: the case opens then, the stories follow.
T0 = datetime.now(UTC).replace(hour=11, minute=0, second=0, microsecond=0) - timedelta(days=60)
Clock = Callable[[datetime], None]


@pytest.fixture
def uow() -> FakeFamilyUnitOfWork:
    return FakeFamilyUnitOfWork()


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Sets the service's clock (at T0 to begin with)."""

    def move(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    move(T0)
    return move


async def opened(uow: FakeFamilyUnitOfWork, person_id: UUID, prison: str) -> CaseView:
    """Received, referred with consent to family work, and a case opened by a worker at T0."""
    arrival = received(person_id, prison, T0 - timedelta(days=90))
    referral = referred(person_id, prison, consent("family"))
    await consume(uow, HANDLERS, arrival, referral, at=T0 - timedelta(days=1))  # published then
    async with uow:  # the route opens the transaction; the handler commits it
        return await open_case(OpenCase(person_id, WORKER, WORKER), uow)


async def test_a_case_opens_for_a_consenting_person_once(
    uow: FakeFamilyUnitOfWork, now: Clock
) -> None:
    person_id = uuid4()
    view = await opened(uow, person_id, unique_prison_code())

    (case_opened,) = uow.published
    assert isinstance(case_opened, contract.CaseOpened)
    assert (case_opened.case_id, case_opened.person_id) == (view.case.case_id, person_id)
    assert view.tasks == []  # no custody fact calls for a follow-up yet
    with pytest.raises(Conflict) as refused:
        async with uow:
            await open_case(OpenCase(person_id, WORKER, WORKER), uow)
    assert refused.value.code == "case_exists"


async def test_no_case_without_consent_to_family_work(
    uow: FakeFamilyUnitOfWork, now: Clock
) -> None:
    person_id, prison = uuid4(), unique_prison_code()
    await consume(
        uow,
        HANDLERS,
        received(person_id, prison, T0 - timedelta(days=9)),
        referred(person_id, prison, consent("mentoring")),
    )
    with pytest.raises(Conflict) as refused:
        async with uow:
            await open_case(OpenCase(person_id, WORKER, WORKER), uow)
    assert refused.value.code == "no_consent"
    assert uow.published == []


async def test_a_release_plans_the_follow_ups_and_a_repeat_plans_no_more(
    uow: FakeFamilyUnitOfWork, now: Clock
) -> None:
    person_id, prison = uuid4(), unique_prison_code()
    view = await opened(uow, person_id, prison)
    uow.take_published()
    release = released(person_id, prison, T0 + timedelta(days=1))
    now(T0 + timedelta(days=1, hours=2))

    await consume(uow, HANDLERS, release)
    await consume(uow, HANDLERS, release)  # redelivered

    scheduled = [e for e in uow.published if isinstance(e, contract.FollowUpScheduled)]
    assert [e.kind.value for e in scheduled] == POST_RELEASE
    assert len(uow.published) == 3
    assert {(e.case_id, e.owner) for e in scheduled} == {(view.case.case_id, WORKER)}
    day = clock.today()  # the release's day
    assert [e.due_on - day for e in scheduled] == [timedelta(days=n) for n in (0, 7, 28)]


async def test_a_recall_cancels_the_open_follow_ups_of_the_release(
    uow: FakeFamilyUnitOfWork, now: Clock
) -> None:
    person_id, prison = uuid4(), unique_prison_code()
    await opened(uow, person_id, prison)
    await consume(uow, HANDLERS, released(person_id, prison, datetime.now(UTC) - timedelta(days=3)))
    tasks = {e.task_id for e in uow.take_published() if isinstance(e, contract.FollowUpScheduled)}

    recall = received(
        person_id,
        prison,
        datetime.now(UTC) - timedelta(hours=1),
        reason=ReceptionReason.READMISSION,
    )
    await consume(uow, HANDLERS, recall)

    assert {e.task_id for e in uow.published} == tasks
    assert {(type(e), e.reason) for e in uow.published} == {
        (contract.FollowUpCancelled, "recalled")
    }


async def test_a_withdrawal_of_consent_cancels_the_follow_ups_and_completion_is_published(
    uow: FakeFamilyUnitOfWork, now: Clock
) -> None:
    person_id, prison = uuid4(), unique_prison_code()
    await opened(uow, person_id, prison)
    await consume(uow, HANDLERS, released(person_id, prison, T0 + timedelta(days=1)))
    now(T0 + timedelta(days=9))
    first, *others = [e for e in uow.take_published() if isinstance(e, contract.FollowUpScheduled)]

    async with uow:
        await complete_task(CompleteTask(first.task_id, WORKER, clock.today(), "contact_made"), uow)
    overdue, total, _ = await overdue_for(WORKER, uow, owner=WORKER, limit=10, offset=0)
    assert total == 1 and overdue[0].kind.value == "day_7_check"  # due yesterday
    withdrawal = consent_changed(person_id, consent(), clock.now())
    await consume(uow, HANDLERS, withdrawal, at=clock.now())

    completed, *cancelled = uow.published
    assert isinstance(completed, contract.FollowUpCompleted)
    assert completed.task_id == first.task_id and completed.outcome == "contact_made"
    assert {e.task_id for e in cancelled} == {e.task_id for e in others}
    assert {e.reason for e in cancelled} == {"consent_withdrawn"}
    assert ("family-worker", "update", "followup_task", person_id) in uow.audits


def test_the_fake_fulfils_the_same_protocol_as_the_sqlalchemy_unit_of_work() -> None:
    assert not missing(FamilyUnitOfWork, FakeFamilyUnitOfWork, FakeFamilyUnitOfWork())
