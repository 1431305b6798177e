"""Storage without a server: the aggregate's JSON round trip, and migrations that match
the ORM tables."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from pathways.intake.adapters.orm import metadata
from pathways.intake.adapters.serialization import person_from_json, person_to_json
from pathways.intake.domain.custody import ReleasePlan, ReleaseType, TemporaryAbsenceKind
from pathways.intake.domain.instruments import Barc10, Top, TopStage, TopSubstance
from pathways.intake.domain.person import Person
from pathways.intake.domain.reception import (
    Dependency,
    FirstNightPlacement,
    Reception,
    RiskLevel,
    Screening,
)
from pathways.intake.domain.referral import Consent, ConsentRecipient, Referral, ReferralSource
from pathways.intake.domain.referral import Substance as S
from pathways.intake.domain.values import PersonName, SecurityCategory
from pathways.platform.migrations import upgrade

T = datetime(2026, 3, 2, 21, 14, 5, 118209, tzinfo=UTC)


def full_person() -> Person:
    screening = Screening(RiskLevel.LOW, Dependency.BOTH, FirstNightPlacement.DETOX_UNIT, True)
    person = Person.receive_new(
        prison_number="G2899UJ",
        reception=Reception.create(prison_code="FDI", received_at=T, wing="A", screening=screening),
        name=PersonName("Ann", "Lee"),
        date_of_birth=date(1990, 1, 2),
        category=SecurityCategory.D,
    )
    person.refer(
        Referral.create(
            referred_on=T.date(),
            source=ReferralSource.HEALTHCARE,
            substances=[S.CRACK, S.ALCOHOL],
            consents=[Consent(ConsentRecipient.FAMILY, False, T.date())],
        )
    )
    person.assess(
        assessed_on=T.date(),
        today=T.date(),
        barc10=Barc10((3,) * 10),
        top=Top(TopStage.START, {TopSubstance.CRACK: 4}, injecting_days=2),
        clean_since=T.date() - timedelta(days=3),
    )
    absence = person.start_temporary_absence(
        kind=TemporaryAbsenceKind.ROTL_DAY,
        starts_at=T + timedelta(hours=1),
        ends_at=T + timedelta(hours=9),
    )
    person.end_temporary_absence(absence_id=absence.absence_id, ended_at=T + timedelta(hours=8))
    person.schedule_release(ReleasePlan(date(2027, 1, 1), ReleaseType.PAROLE), today=T.date())
    return person


def test_a_person_survives_the_json_round_trip() -> None:
    person = full_person()
    state = person_to_json(person)
    again = person_from_json(person.person_id, state)
    assert person_to_json(again) == state
    assert again.referrals == person.referrals and again.assessments == person.assessments
    assert again.absences == person.absences and again.screening == person.screening
    assert again.release_plan == person.release_plan and again.name == person.name
    assert again.custody_snapshot() == person.custody_snapshot()
    assert again.events == []


def test_a_rebuilt_person_keeps_its_rules() -> None:
    again = person_from_json(uuid.uuid4(), person_to_json(full_person()))
    again.release(released_at=T + timedelta(days=1))
    assert again.pull_events()[-1].release_type is ReleaseType.PAROLE


def test_the_migrations_create_what_the_orm_describes(tmp_path: Path) -> None:
    database = tmp_path / "intake.db"
    migrations = Path(__file__).parents[2] / "src/pathways/intake/migrations"
    upgrade(f"sqlite+aiosqlite:///{database}", migrations)
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = [
            d
            for d in compare_metadata(context, metadata)
            if "people" in repr(d) and "forgotten_people" not in repr(d)
        ]  # that one is the kit's
    assert differences == []
