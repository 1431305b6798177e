"""Database tables of the intake service (SQLAlchemy 2 Core).

One row per person: the aggregate's nested state in a JSON column, next to the indexed
columns the API searches on, and a version for optimistic concurrency.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, MetaData, String, Table, Uuid

metadata = MetaData()

people = Table(
    "people",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("prison_number", String(7), nullable=False, unique=True),
    Column("prison_code", String(3), nullable=False),
    Column("status", String(30), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_people_prison_status", people.c.prison_code, people.c.status)
