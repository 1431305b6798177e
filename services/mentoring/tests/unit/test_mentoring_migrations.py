"""The Alembic migrations build what the ORM describes, and 0002 frees people and mentees
that rows written before it left as "transferred" (a transfer now means in custody there)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from pathways.mentoring.adapters.orm import metadata
from pathways.platform.migrations import alembic_config, upgrade

MIGRATIONS = Path(__file__).parents[2] / "src/pathways/mentoring/migrations"
OURS = ("cohorts", "mentors", "mentees", "people", "matches")


def test_the_migrations_create_the_cohorts_the_orm_describes(tmp_path: Path) -> None:
    database = tmp_path / "mentoring.db"
    upgrade(f"sqlite+aiosqlite:///{database}", MIGRATIONS)
    with create_engine(f"sqlite:///{database}").connect() as connection:
        context = MigrationContext.configure(connection)
        differences = [
            d
            for d in compare_metadata(context, metadata)
            if any(t in repr(d) for t in OURS)
            and "forgotten_people" not in repr(d)  # the kit's table, not mentoring's
        ]
    assert differences == []


def test_0002_puts_stranded_transferred_people_in_custody_and_waiting(tmp_path: Path) -> None:
    database = tmp_path / "mentoring.db"
    url = f"sqlite+aiosqlite:///{database}"
    config = alembic_config(url, MIGRATIONS)
    command.upgrade(config, "0001")
    person, now = uuid.uuid4().hex, datetime.now(UTC).isoformat()
    engine = create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people (person_id, prison_code, custody, state, updated_at) "
                "VALUES (:p, 'WWI', 'transferred', '{}', :now)"
            ),
            {"p": person, "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO mentees (person_id, prison_code, status, referred_at, version, "
                "state, updated_at) VALUES (:p, 'WWI', 'transferred', :now, 1, '{}', :now)"
            ),
            {"p": person, "now": now},
        )
    upgrade(url, MIGRATIONS)
    with engine.connect() as connection:
        custody = connection.execute(text("SELECT custody FROM people")).scalar_one()
        status = connection.execute(text("SELECT status FROM mentees")).scalar_one()
    assert (custody, status) == ("in_custody", "waiting")
