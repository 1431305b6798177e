"""Community treatment (issue 16): providers per local authority area and the handover of
each person's custody period to one of them.

Revision ID: 0006_community_treatment
Revises: 0005_dead_letter_replays
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_community_treatment"
down_revision = "0005_dead_letter_replays"
branch_labels = None
depends_on = None
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "treatment_providers",
        sa.Column("provider_code", sa.String(20), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("local_authority", sa.String(100), nullable=False),
        sa.Column("local_authority_key", sa.String(100), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_treatment_providers_area", "treatment_providers", ["local_authority_key"])
    op.create_table(
        "treatment_handovers",
        sa.Column("handover_id", sa.Uuid, primary_key=True),
        sa.Column("person_id", sa.Uuid, nullable=False),
        sa.Column("period_started_at", TZ, nullable=False),
        sa.Column("prison_code", sa.String(3), nullable=False),
        sa.Column("provider_code", sa.String(20), nullable=False),
        sa.Column("referred_on", sa.Date, nullable=False),
        sa.Column("appointment_on", sa.Date),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(20)),
        sa.Column("outcome_on", sa.Date),
        sa.Column("attended_on", sa.Date),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("person_id", "period_started_at", name="uq_treatment_handover_period"),
    )
    op.create_index("ix_treatment_handovers_prison", "treatment_handovers", ["prison_code"])


def downgrade() -> None:
    op.drop_index("ix_treatment_handovers_prison", "treatment_handovers")
    op.drop_table("treatment_handovers")
    op.drop_index("ix_treatment_providers_area", "treatment_providers")
    op.drop_table("treatment_providers")
