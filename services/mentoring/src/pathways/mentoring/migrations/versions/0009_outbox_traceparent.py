"""Tracing (issue 17): the outbox row keeps the W3C traceparent of the request or event
that wrote it, so the relay publishes the event in that trace.

Revision ID: 0009_outbox_traceparent
Revises: 0008_subject_access
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from pathways.platform.migrations import add_outbox_traceparent, drop_outbox_traceparent

revision = "0009_outbox_traceparent"
down_revision = "0008_subject_access"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_traceparent(op)


def downgrade() -> None:
    drop_outbox_traceparent(op)
