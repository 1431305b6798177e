"""What readiness and the metrics say about an outbox: how much waits, how long the oldest
has waited (a stuck relay), and how many rows are parked for an operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pathways.messaging import metrics
from pathways.messaging.tables import outbox


@dataclass(frozen=True)
class OutboxStatus:
    backlog: int
    parked: int
    oldest_unpublished_seconds: float

    def stuck(self, threshold_seconds: float) -> bool:
        return self.oldest_unpublished_seconds > threshold_seconds

    def as_json(self, threshold_seconds: float) -> dict[str, object]:
        return {
            "backlog": self.backlog,
            "parked": self.parked,
            "oldest_unpublished_seconds": round(self.oldest_unpublished_seconds, 1),
            "stuck": self.stuck(threshold_seconds),
        }


async def outbox_status(session: AsyncSession) -> OutboxStatus:
    waiting = outbox.c.published_at.is_(None) & outbox.c.parked_at.is_(None)
    backlog, oldest = (
        await session.execute(select(func.count(), func.min(outbox.c.created_at)).where(waiting))
    ).one()
    parked = await session.scalar(
        select(func.count()).select_from(outbox).where(outbox.c.parked_at.is_not(None))
    )
    age = 0.0
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)  # SQLite: naive UTC
        age = max(0.0, (datetime.now(UTC) - oldest).total_seconds())
    status = OutboxStatus(int(backlog or 0), int(parked or 0), age)
    metrics.OUTBOX_BACKLOG.set(status.backlog)
    metrics.OUTBOX_PARKED.set(status.parked)
    metrics.OUTBOX_OLDEST_SECONDS.set(age)
    return status
