"""Placements' handlers on a fake unit of work (no database, no broker): the referral a
qualified mentor's release opens (once), consent, and a recall ending a placement, with the
contract events each collects for publishing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from placements_fakes import FakePlacementsUnitOfWork

from pathways.contracts import mentoring
from pathways.contracts import placements as contract
from pathways.placements.domain import DisclosureLevel, ReferralStatus, RiskOutcome
from pathways.placements.service_layer import catalogue, placements, referrals
from pathways.placements.service_layer.consent import HANDLERS as CONSENT_HANDLERS
from pathways.placements.service_layer.event_handlers import HANDLERS as EVENT_HANDLERS
from pathways.placements.service_layer.unit_of_work import PlacementsUnitOfWork
from pathways.platform.clock import today
from pathways.testing.fake_unit_of_work import consume
from pathways.testing.ids import unique_prison_code
from pathways.testing.intake_events import consent, received, referred, released
from pathways.testing.protocols import missing

HANDLERS = {**EVENT_HANDLERS, **CONSENT_HANDLERS}
COORDINATOR = "coordinator"


@pytest.fixture
def uow() -> FakePlacementsUnitOfWork:
    return FakePlacementsUnitOfWork()


def qualified(person_id: UUID, on: date) -> mentoring.MentorQualified:
    return mentoring.MentorQualified(
        mentor_id=uuid4(), person_id=person_id, award="Level 2 Peer Mentoring", awarded_on=on
    )


async def test_a_qualified_mentors_release_opens_one_referral_however_often_it_is_heard(
    uow: FakePlacementsUnitOfWork,
) -> None:
    person_id, prison = uuid4(), unique_prison_code()
    out = datetime.now(UTC) - timedelta(days=2)
    release = released(person_id, prison, out)

    await consume(uow, HANDLERS, qualified(person_id, out.date() - timedelta(days=30)), release)
    await consume(uow, HANDLERS, release)  # redelivered

    (created,) = uow.published
    assert isinstance(created, contract.ReferralCreated)
    assert (created.person_id, created.trigger) == (person_id, contract.ReferralTrigger.RELEASE)
    (referral,) = await uow.referrals.not_closed_of(person_id)
    assert referral.referral_id == created.referral_id
    assert referral.status is ReferralStatus.OPEN


async def test_a_qualification_heard_after_the_release_opens_the_referral_then(
    uow: FakePlacementsUnitOfWork,
) -> None:
    person_id, out = uuid4(), datetime.now(UTC) - timedelta(days=1)
    await consume(uow, HANDLERS, released(person_id, unique_prison_code(), out))
    assert uow.published == []

    await consume(uow, HANDLERS, qualified(person_id, out.date()))

    assert uow.published_types() == [contract.ReferralCreated.event_type]


async def test_a_person_refusing_placements_gets_no_referral(
    uow: FakePlacementsUnitOfWork,
) -> None:
    person_id, prison = uuid4(), unique_prison_code()
    out = datetime.now(UTC) - timedelta(days=1)
    refusal = referred(person_id, prison, consent("mentoring", "family"))

    await consume(uow, HANDLERS, refusal, qualified(person_id, out.date()))
    await consume(uow, HANDLERS, released(person_id, prison, out))

    assert uow.published == []
    stored = uow.people.table.committed(person_id)
    assert stored is not None and stored.refuses_placements


async def test_a_recall_ends_the_active_placement_and_closes_its_referral(
    uow: FakePlacementsUnitOfWork,
) -> None:
    person_id, prison = uuid4(), unique_prison_code()
    out = datetime.now(UTC) - timedelta(days=5)
    await consume(uow, HANDLERS, qualified(person_id, out.date()), released(person_id, prison, out))
    (referral,) = await uow.referrals.not_closed_of(person_id)
    opportunity_id = await _opportunity(uow)
    await _placed(uow, referral.referral_id, opportunity_id)
    (active,) = await uow.placements.active_of(person_id)
    uow.take_published()

    recalled_at = datetime.now(UTC) - timedelta(hours=3)
    await consume(uow, HANDLERS, received(person_id, prison, recalled_at))

    (ended,) = uow.published
    assert isinstance(ended, contract.PlacementEnded)
    assert (ended.placement_id, ended.outcome) == (active.placement_id, "recalled")
    assert await uow.placements.active_of(person_id) == []
    assert await uow.referrals.not_closed_of(person_id) == []
    closed = uow.referrals.table.committed(referral.referral_id)
    assert closed is not None and closed.closed_reason == "recalled"
    _, taken = await uow.catalogue.get_opportunity(opportunity_id)
    assert taken == 0  # the place is free again
    assert ("consumer:placements", "update", "placement:recalled", person_id) in uow.audits


async def _opportunity(uow: FakePlacementsUnitOfWork) -> UUID:
    provider = await catalogue.create_provider(
        catalogue.CreateProvider("Food bank", "Leeds", "1 High Street", "Sam"), uow
    )
    opportunity = await catalogue.add_opportunity(
        catalogue.AddOpportunity(provider.provider_id, "Driver", 2, 10, DisclosureLevel.BASIC),
        uow,
    )
    return opportunity.opportunity_id


async def _placed(uow: FakePlacementsUnitOfWork, referral_id: UUID, opportunity_id: UUID) -> None:
    """Assessed, checked, offered, accepted and started, through the staff handlers."""
    on = today()
    await referrals.record_risk_assessment(
        referrals.RecordRiskAssessment(referral_id, RiskOutcome.APPROVED, on, COORDINATOR), uow
    )
    await referrals.record_disclosure_check(
        referrals.RecordDisclosureCheck(referral_id, DisclosureLevel.BASIC, on, COORDINATOR), uow
    )
    _, offer = await referrals.make_offer(
        referrals.MakeOffer(referral_id, opportunity_id, on, COORDINATOR), uow
    )
    await referrals.answer_offer(
        referrals.AnswerOffer(referral_id, offer.offer_id, True, on, COORDINATOR), uow
    )
    started = await placements.start(
        placements.StartPlacement(referral_id, None, on, COORDINATOR), uow
    )
    assert uow.published_types()[-1] == contract.PlacementStarted.event_type
    assert started.opportunity_id == opportunity_id


def test_the_fake_fulfils_the_same_protocol_as_the_sqlalchemy_unit_of_work() -> None:
    assert not missing(PlacementsUnitOfWork, FakePlacementsUnitOfWork, FakePlacementsUnitOfWork())
