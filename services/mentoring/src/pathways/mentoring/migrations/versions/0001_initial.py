"""Initial schema: the kit's tables, mentors, mentees, people, matches, sessions,
non-associations and the per-prison matching lock.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

from pathways.platform.migrations import create_kit_tables, drop_kit_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables(op)
    op.create_table(
        "matches",
        sa.Column("match_id", sa.Uuid(), nullable=False),
        sa.Column("mentor_id", sa.Uuid(), nullable=False),
        sa.Column("mentor_person_id", sa.Uuid(), nullable=False),
        sa.Column("mentee_person_id", sa.Uuid(), nullable=False),
        sa.Column("prison_code", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("end_reason", sa.String(length=40), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("match_id"),
    )
    op.create_index(
        op.f("ix_matches_mentee_person_id"), "matches", ["mentee_person_id"], unique=False
    )
    op.create_index(op.f("ix_matches_mentor_id"), "matches", ["mentor_id"], unique=False)
    op.create_index(
        op.f("ix_matches_mentor_person_id"), "matches", ["mentor_person_id"], unique=False
    )
    op.create_index("ix_matches_prison_status", "matches", ["prison_code", "status"], unique=False)
    op.create_index(
        "ux_matches_open_mentee",
        "matches",
        ["mentee_person_id"],
        unique=True,
        sqlite_where=sa.text("status IN ('proposed', 'active')"),
        postgresql_where=sa.text("status IN ('proposed', 'active')"),
    )

    op.create_table(
        "mentees",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("prison_code", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("referred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_index(
        "ix_mentees_prison_status",
        "mentees",
        ["prison_code", "status", "referred_at"],
        unique=False,
    )

    op.create_table(
        "mentors",
        sa.Column("mentor_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("prison_code", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("mentor_id"),
    )
    op.create_index(op.f("ix_mentors_person_id"), "mentors", ["person_id"], unique=False)
    op.create_index("ix_mentors_prison_status", "mentors", ["prison_code", "status"], unique=False)

    op.create_table(
        "non_associations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("first_person_id", sa.Uuid(), nullable=False),
        sa.Column("second_person_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("first_person_id", "second_person_id", name="uq_non_association_pair"),
    )
    op.create_index(
        op.f("ix_non_associations_first_person_id"),
        "non_associations",
        ["first_person_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_non_associations_second_person_id"),
        "non_associations",
        ["second_person_id"],
        unique=False,
    )

    op.create_table(
        "people",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("prison_code", sa.String(length=3), nullable=True),
        sa.Column("wing", sa.String(length=40), nullable=True),
        sa.Column("custody", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=True),
        sa.Column("custody_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_table(
        "prison_locks",
        sa.Column("prison_code", sa.String(length=3), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("prison_code"),
    )
    op.create_table(
        "sessions",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("match_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("logged_by", sa.String(length=200), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("session_id"),
    )
    op.create_index(op.f("ix_sessions_match_id"), "sessions", ["match_id"], unique=False)


def downgrade() -> None:
    op.drop_table("sessions")
    op.drop_table("prison_locks")
    op.drop_table("people")
    op.drop_table("non_associations")
    op.drop_table("mentors")
    op.drop_table("mentees")
    op.drop_table("matches")
    drop_kit_tables(op)
