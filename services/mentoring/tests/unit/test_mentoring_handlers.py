"""Mentoring's handlers on a fake unit of work (no database, no broker): a referral puts the
person on the waiting list and the matching run at commit pairs them; a release, a
coordinator or a proposal's refusal ends a match; and the contract events each collects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from mentoring_fakes import FakeMentoringUnitOfWork

from pathways.contracts import mentoring as contract
from pathways.mentoring.domain import EndReason, MatchStatus, MenteeStatus, Mentor
from pathways.mentoring.domain.matching_policy import MatchingPolicy
from pathways.mentoring.service_layer.commands import DecideProposal, EndMatch
from pathways.mentoring.service_layer.intake_events import HANDLERS
from pathways.mentoring.service_layer.matches import decide_proposal, end_match
from pathways.mentoring.service_layer.unit_of_work import MentoringUnitOfWork
from pathways.testing.fake_unit_of_work import consume
from pathways.testing.ids import unique_prison_code
from pathways.testing.intake_events import consent, received, referred, released
from pathways.testing.protocols import missing

COORDINATOR = "coordinator"


@pytest.fixture
def uow() -> FakeMentoringUnitOfWork:
    return FakeMentoringUnitOfWork()


async def mentor_at(uow: FakeMentoringUnitOfWork, make_mentor: Callable[..., Mentor]) -> Mentor:
    """An active mentor at a prison of their own, stored."""
    mentor = make_mentor(prison_code=unique_prison_code())
    uow.mentors.table.seed(mentor.mentor_id, mentor)
    return mentor


async def referred_at(uow: FakeMentoringUnitOfWork, prison: str, *teams: str) -> UUID:
    """A person received at `prison` and referred with consent to `teams`."""
    person_id, at = uuid4(), datetime.now(UTC) - timedelta(days=3)
    arrival, referral = (
        received(person_id, prison, at),
        referred(person_id, prison, consent(*teams)),
    )
    await consume(uow, HANDLERS, arrival, referral)
    return person_id


async def test_a_referral_with_consent_is_matched_at_commit_to_the_prisons_mentor(
    uow: FakeMentoringUnitOfWork, make_mentor: Callable[..., Mentor]
) -> None:
    mentor = await mentor_at(uow, make_mentor)
    person_id = await referred_at(uow, mentor.prison_code, "mentoring")

    (made,) = uow.published
    assert isinstance(made, contract.MatchMade)
    assert (made.mentor_id, made.mentee_person_id) == (mentor.mentor_id, person_id)
    mentee = uow.mentees.table.committed(person_id)
    assert mentee is not None and mentee.status is MenteeStatus.MATCHED
    assert uow.locked == [mentor.prison_code]  # one run for the prison, under its lock


async def test_a_referral_without_consent_to_mentoring_stays_off_the_list(
    uow: FakeMentoringUnitOfWork, make_mentor: Callable[..., Mentor]
) -> None:
    mentor = await mentor_at(uow, make_mentor)
    person_id = await referred_at(uow, mentor.prison_code, "family")

    assert uow.published == [] and uow.locked == []
    mentee = uow.mentees.table.committed(person_id)
    assert mentee is not None and mentee.status is MenteeStatus.NO_CONSENT
    assert mentee.substances == frozenset()  # holds none of the referral's needs


async def test_with_no_mentor_the_referral_waits(uow: FakeMentoringUnitOfWork) -> None:
    prison = unique_prison_code()
    person_id = await referred_at(uow, prison, "mentoring")

    # no active mentor at the prison: no run at all (the waiting list is not even loaded)
    assert uow.published == [] and uow.locked == []
    waiting, total = await uow.mentees.waiting(prison)
    assert total == 1 and waiting[0].person_id == person_id


async def test_with_every_mentor_at_capacity_no_run_loads_the_waiting_list(
    uow: FakeMentoringUnitOfWork, make_mentor: Callable[..., Mentor]
) -> None:
    mentor = make_mentor(prison_code=unique_prison_code(), capacity=1)
    uow.mentors.table.seed(mentor.mentor_id, mentor)
    await referred_at(uow, mentor.prison_code, "mentoring")  # takes the only place
    assert uow.locked == [mentor.prison_code]

    second = await referred_at(uow, mentor.prison_code, "mentoring")

    # no free place at the prison: no run (a release that leaves a mentee waiting costs none)
    assert uow.locked == [mentor.prison_code]
    waiting, total = await uow.mentees.waiting(mentor.prison_code)
    assert total == 1 and waiting[0].person_id == second


async def test_the_mentees_release_ends_the_match_as_released(
    uow: FakeMentoringUnitOfWork, make_mentor: Callable[..., Mentor]
) -> None:
    mentor = await mentor_at(uow, make_mentor)
    person_id = await referred_at(uow, mentor.prison_code, "mentoring")
    (made,) = uow.take_published()
    out = datetime.now(UTC) - timedelta(hours=1)

    await consume(uow, HANDLERS, released(person_id, mentor.prison_code, out))

    (ended,) = uow.published
    assert isinstance(ended, contract.MatchEnded)
    assert (ended.match_id, ended.reason, ended.detail) == (
        made.match_id,
        "released",
        "mentee_released",
    )
    match = uow.matches.table.committed(made.match_id)
    assert match is not None and match.status is MatchStatus.ENDED
    assert await uow.matches.open_for_mentor(mentor.mentor_id) == []


async def test_a_declined_mentor_ends_the_match_and_the_mentee_is_matched_to_another(
    uow: FakeMentoringUnitOfWork, make_mentor: Callable[..., Mentor]
) -> None:
    first = await mentor_at(uow, make_mentor)
    second = make_mentor(prison_code=first.prison_code)
    uow.mentors.table.seed(second.mentor_id, second)
    person_id = await referred_at(uow, first.prison_code, "mentoring")
    (made,) = uow.take_published()

    async with uow:
        declined = EndReason.MENTEE_DECLINED.value
        await end_match(EndMatch(COORDINATOR, made.match_id, declined), uow)

    ended, again = uow.published
    assert isinstance(ended, contract.MatchEnded) and ended.reason == "mentee_declined"
    assert isinstance(again, contract.MatchMade) and again.mentee_person_id == person_id
    assert {made.mentor_id, again.mentor_id} == {first.mentor_id, second.mentor_id}
    assert (COORDINATOR, "end", "match", person_id) in uow.audits


async def test_in_proposal_mode_nothing_is_public_until_a_coordinator_approves(
    make_mentor: Callable[..., Mentor],
) -> None:
    uow = FakeMentoringUnitOfWork(MatchingPolicy(mode="proposal"))
    mentor = await mentor_at(uow, make_mentor)
    person_id = await referred_at(uow, mentor.prison_code, "mentoring")
    assert uow.published == []
    (proposed,) = await uow.matches.open_for_person(person_id)
    assert proposed.status is MatchStatus.PROPOSED

    async with uow:
        await decide_proposal(DecideProposal(COORDINATOR, proposed.match_id, True), uow)

    (made,) = uow.published
    assert isinstance(made, contract.MatchMade) and made.match_id == proposed.match_id


def test_the_fake_fulfils_the_same_protocol_as_the_sqlalchemy_unit_of_work() -> None:
    assert not missing(MentoringUnitOfWork, FakeMentoringUnitOfWork, FakeMentoringUnitOfWork())
