"""Outcomes as incremental aggregates (issue 14): counters per scope (prison, or `*` for the
nation), metric and day; facts name the mentor of a match (`other_person_id`, filled here
from the stored events); and the ledger version the counters were built with. A database
with no facts starts built; one with facts is built from them at start-up (until then the
figures are computed from the facts, as before).

Revision ID: 0009_aggregates
Revises: 0008_outbox_traceparent
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_aggregates"
down_revision = "0008_outbox_traceparent"
branch_labels = None
depends_on = None

TABLES = ("aggregate_points", "aggregate_levels", "aggregate_workers")
MATCHES = ("mentoring.match.made.v1", "mentoring.match.ended.v1")
LEDGER_VERSION = 1  # domain/ledger.py's at this revision


def upgrade() -> None:
    for name in TABLES:
        op.create_table(
            name,
            sa.Column("scope", sa.String(3), primary_key=True),
            sa.Column("day", sa.Date, primary_key=True),
            sa.Column("metric", sa.String(120), primary_key=True),
            sa.Column("day2", sa.Date, primary_key=True),
            sa.Column("n", sa.BigInteger, nullable=False),
            sa.Column("total", sa.BigInteger, nullable=False),
        )
    with op.batch_alter_table("facts") as batch:
        batch.add_column(sa.Column("other_person_id", sa.String(36)))
        batch.create_index("ix_facts_other_person_id", ["other_person_id"])
    with op.batch_alter_table("read_model_state") as batch:
        batch.add_column(sa.Column("aggregates_version", sa.Integer))
    bind = op.get_bind()
    facts = sa.table("facts", sa.column("event_id"), sa.column("event_type"),
                     sa.column("other_person_id"), sa.column("data", sa.JSON))  # fmt: skip
    rows = bind.execute(sa.select(facts.c.event_id, facts.c.data)
                        .where(facts.c.event_type.in_(MATCHES))).all()  # fmt: skip
    for event_id, data in rows:
        bind.execute(
            facts.update().where(facts.c.event_id == event_id)
            .values(other_person_id=str(data.get("mentor_person_id")))
        )  # fmt: skip
    if bind.execute(sa.select(sa.func.count()).select_from(facts)).scalar() == 0:
        op.execute(f"UPDATE read_model_state SET aggregates_version = {LEDGER_VERSION}")


def downgrade() -> None:
    with op.batch_alter_table("read_model_state") as batch:
        batch.drop_column("aggregates_version")
    with op.batch_alter_table("facts") as batch:
        batch.drop_index("ix_facts_other_person_id")
        batch.drop_column("other_person_id")
    for name in TABLES:
        op.drop_table(name)
