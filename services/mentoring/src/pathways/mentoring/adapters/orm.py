"""Database tables of the mentoring service (SQLAlchemy 2 Core).

Aggregates keep their nested state in a JSON column next to the indexed columns queries use;
`version` gives optimistic concurrency. Session notes live in their own table and column.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

metadata = MetaData()

mentors = Table(
    "mentors",
    metadata,
    Column("mentor_id", Uuid, primary_key=True),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("prison_code", String(3), nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_mentors_prison_status", mentors.c.prison_code, mentors.c.status)

# Training cohorts: a six-week course at one prison, from `starts_on`.
cohorts = Table(
    "cohorts",
    metadata,
    Column("cohort_id", Uuid, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("prison_code", String(3), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Mentees: the read model kept from intake's events (status is a column only).
mentees = Table(
    "mentees",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("prison_code", String(3)),
    Column("status", String(20), nullable=False),
    Column("referred_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_mentees_prison_status", mentees.c.prison_code, mentees.c.status, mentees.c.referred_at)

# Custody facts per person from intake (mentor or mentee, referred or not).
people = Table(
    "people",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("prison_code", String(3)),
    Column("wing", String(40)),
    Column("custody", String(20), nullable=False),
    Column("category", String(20)),
    Column("custody_at", DateTime(timezone=True)),
    Column("state", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

matches = Table(
    "matches",
    metadata,
    Column("match_id", Uuid, primary_key=True),
    Column("mentor_id", Uuid, nullable=False, index=True),
    Column("mentor_person_id", Uuid, nullable=False, index=True),
    Column("mentee_person_id", Uuid, nullable=False, index=True),
    Column("prison_code", String(3), nullable=False),
    Column("status", String(20), nullable=False),
    Column("end_reason", String(40)),
    Column("score", Float, nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", JSON, nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
)
Index("ix_matches_prison_status", matches.c.prison_code, matches.c.status)
_OPEN = matches.c.status.in_(("proposed", "active"))
# At most one open (proposed or active) match per mentee, whatever runs at once.
Index(
    "ux_matches_open_mentee",
    matches.c.mentee_person_id,
    unique=True,
    sqlite_where=_OPEN,
    postgresql_where=_OPEN,
)

sessions = Table(
    "sessions",
    metadata,
    Column("session_id", Uuid, primary_key=True),
    Column("match_id", Uuid, nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("held_on", Date, nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("notes", Text, nullable=False),
    Column("logged_by", String(200), nullable=False),
    Column("logged_at", DateTime(timezone=True), nullable=False),
)

# Stored with first < second (as strings), so a pair is recorded once in either order.
non_associations = Table(
    "non_associations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("first_person_id", Uuid, nullable=False, index=True),
    Column("second_person_id", Uuid, nullable=False, index=True),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("first_person_id", "second_person_id", name="uq_non_association_pair"),
)

# One row per prison, updated first by anything that adds matches there: serialises them.
prison_locks = Table(
    "prison_locks",
    metadata,
    Column("prison_code", String(3), primary_key=True),
    Column("runs", Integer, nullable=False),
    Column("last_run_at", DateTime(timezone=True), nullable=False),
)
