"""How an EventConsumer stores a dead letter: in the batch's unit of work, or alone in its
own; a record that cannot be stored as it is is stored bare (origin and payload only)."""

from __future__ import annotations

from typing import Any

import structlog

from pathways.messaging import metrics, spans
from pathways.messaging.dead_letters import envelope_ids, record_dead_letter
from pathways.messaging.incoming import DeadLetterReason
from pathways.messaging.raw_records import bare, clean, position, storable
from pathways.messaging.unit_of_work import UnitOfWork

log = structlog.get_logger("pathways.consumer")


class DeadLettering:
    """The dead-letter half of EventConsumer (its attributes: name, tracer, group_id, _uow)."""

    name: str

    async def _dead_letter_alone(
        self, record: Any, reason: DeadLetterReason, error: str, **ids: str | None
    ) -> None:
        """In its own transaction; should even that fail (and the database still answer),
        the record is dead-lettered bare: origin and payload, no key, headers or ids."""
        try:
            async with self._uow() as uow:  # type: ignore[attr-defined]
                await self._dead_letter(uow, record, reason, error, **ids)
                await uow.commit()
        except Exception as exc:
            log.error("dead_letter.storing_bare", consumer=self.name, error=repr(exc)[:300])
            # raises again if the database is down: the batch is retried
            async with self._uow() as uow:  # type: ignore[attr-defined]
                await self._dead_letter(uow, bare(record), reason, f"{error[:500]} ({exc!r:.300})")
                await uow.commit()

    async def _dead_letter(
        self, uow: UnitOfWork, record: Any, reason: DeadLetterReason, error: str, **ids: str | None
    ) -> None:
        known = envelope_ids(record)  # what the envelope says, where the caller did not
        correlation_id = known.pop("correlation_id")
        label = ids.get("event_type") or "-"  # a decoded type only: bounded label values
        ids = {**known, **{k: v for k, v in ids.items() if v}}
        record, ids = storable(record, ids)  # key, headers and ids fit their columns
        error = clean(error, 4000)
        tracer, group = self.tracer, self.group_id  # type: ignore[attr-defined]
        with spans.dead_lettering(tracer, self.name, group, record, reason.value, **ids):
            stored = await record_dead_letter(uow, self.name, record, reason, error, **ids)
        if stored:
            metrics.EVENTS_CONSUMED.labels(self.name, label, "dead_lettered").inc()
            log.warning(
                "event.dead_lettered",
                consumer=self.name,
                reason=reason.value,
                **position(record),
                event_id=ids.get("event_id"),
                event_type=ids.get("event_type"),
                outcome="dead_lettered",
                **({"correlation_id": clean(correlation_id, 128)} if correlation_id else {}),
                error=error[:300],
            )
