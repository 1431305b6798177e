"""The subject-access revision (0008) gives a database made before subject access the kit's
`person_numbers` (a newer 0001 makes it already: then it changes nothing); its downgrade
drops it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect, text

from pathways.platform.migrations import alembic_config, upgrade

MIGRATIONS = Path(__file__).parents[2] / "src/pathways/family/migrations"


def _tables(database: Path) -> set[str]:
    with create_engine(f"sqlite:///{database}").connect() as connection:
        return set(inspect(connection).get_table_names())


def test_subject_access_revision_adds_person_numbers_and_its_downgrade_drops_them(
    tmp_path: Path,
) -> None:
    database = tmp_path / "family.db"
    url = f"sqlite+aiosqlite:///{database}"
    config = alembic_config(url, MIGRATIONS)
    command.upgrade(config, "0007_retention")
    with create_engine(f"sqlite:///{database}").begin() as connection:
        connection.execute(text("DROP TABLE person_numbers"))  # as before subject access
    assert "person_numbers" not in _tables(database)
    upgrade(url, MIGRATIONS)
    assert "person_numbers" in _tables(database)
    command.downgrade(config, "0007_retention")
    assert "person_numbers" not in _tables(database)
    upgrade(url, MIGRATIONS)
    assert "person_numbers" in _tables(database)
