"""Dead-letter replay by the consumer that refused the record, and by no one else: the stored
original is decoded and applied in-process through that consumer's own pipeline (decoder,
inbox, handler, one transaction). Nothing is published to the origin topic again, so other
consumers of it never see the record twice, and nothing is written to a topic another party
owns (`hmpps.domain-events`). Refused again, it stays a dead letter with the new reason."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import structlog
from sqlalchemy import select, update

from pathways.messaging import metrics
from pathways.messaging.consumer import EventConsumer
from pathways.messaging.dead_letters import dlq_copy
from pathways.messaging.excerpt import is_excerpt
from pathways.messaging.incoming import DeadLetterReason, Incoming, as_poison
from pathways.messaging.raw_records import StorableRecord, clean
from pathways.messaging.tables import dead_letters
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.errors import Conflict, NotFound

log = structlog.get_logger("pathways.dead_letters")
UowFactory = Callable[[], UnitOfWork]


class ReplayOutcome(StrEnum):
    APPLIED = "applied"  # the consumer applied it now
    DUPLICATE = "duplicate"  # its inbox had the event: applied before, nothing done again
    SKIPPED = "skipped"  # valid, of a type this consumer does not read (any more)
    DEAD_LETTERED = "dead_lettered"  # refused again: new reason and error, still `new`


class Taken(Conflict):
    """Another replay has the dead letter (a handler's own Conflict is a refusal instead)."""


def stored_record(row: Any) -> StorableRecord:
    """The original record as the consumer read it, from its dead letter."""
    headers = tuple((name, value.encode()) for name, value in (row.headers or {}).items())
    key = row.key.encode() if row.key is not None else None
    return StorableRecord(row.topic, row.partition, row.offset, key, row.payload, headers)


async def load(uow: UnitOfWork, letter_id: int) -> Any:
    query = select(dead_letters).where(dead_letters.c.id == letter_id)
    row = (await uow.session.execute(query)).first()
    if row is None:
        raise NotFound(f"no dead letter {letter_id}")
    return row


class Replayer:
    """Replays this service's dead letters, each by the consumer named on it."""

    def __init__(self, consumers: Mapping[str, EventConsumer], new_uow: UowFactory) -> None:
        self.consumers = dict(consumers)
        self.new_uow = new_uow

    async def replay(self, letter_id: int, actor: str) -> ReplayOutcome:
        """Re-apply one dead letter (status `new`); Conflict if it cannot be replayed."""
        async with self.new_uow() as uow:
            row = await load(uow, letter_id)
        consumer = self._consumer_for(row)
        try:
            incoming = consumer.decode(stored_record(row))
        except Exception as exc:  # poison still (or differently): recorded, not raised
            poison = as_poison(exc)
            return await self._refused(row, actor, poison.reason, poison.detail)
        try:
            async with self.new_uow() as uow:
                await self._claim(uow, row)
                outcome = ReplayOutcome.SKIPPED
                if incoming is not None:
                    fresh = await consumer.apply_decoded(uow, incoming)
                    outcome = ReplayOutcome.APPLIED if fresh else ReplayOutcome.DUPLICATE
                await self._note(uow, row, actor, outcome)
                await uow.commit()
            self._log(row, actor, outcome)
        except Taken:
            raise
        except Exception as exc:  # the handler failed again (or the database did)
            if incoming is not None:
                metrics.HANDLER_FAILURES.labels(consumer.name, incoming.event_type).inc()
            return await self._refused(row, actor, DeadLetterReason.HANDLER_FAILED, repr(exc))
        if outcome is ReplayOutcome.APPLIED and isinstance(incoming, Incoming):
            consumer.count_applied([incoming])
        return outcome

    async def retry_all(
        self, actor: str, consumer: str | None, limit: int
    ) -> list[tuple[int, str, str | None]]:
        """Replay the oldest `limit` waiting dead letters (of `consumer`, or of every consumer
        here), each in its own transactions: (id, outcome or `refused`, why refused)."""
        query = select(dead_letters.c.id).where(dead_letters.c.status == "new")
        if consumer is not None:
            query = query.where(dead_letters.c.consumer == consumer)
        async with self.new_uow() as uow:
            ids = list((await uow.session.execute(query.order_by("id").limit(limit))).scalars())
        results: list[tuple[int, str, str | None]] = []
        for letter_id in ids:
            try:
                results.append((letter_id, (await self.replay(letter_id, actor)).value, None))
            except (Conflict, NotFound) as refused:
                results.append((letter_id, "refused", refused.message))
        return results

    def _consumer_for(self, row: Any) -> EventConsumer:
        if row.status != "new":
            raise Conflict(f"dead letter {row.id} is already {row.status}")
        if is_excerpt(row.headers):
            raise Conflict(
                f"dead letter {row.id} keeps only an excerpt of a too large original; "
                "fetch it from its topic by offset"
            )
        consumer = self.consumers.get(row.consumer)
        if consumer is None:
            raise Conflict(f"consumer {row.consumer!r} does not run in this service")
        return consumer

    async def _claim(self, uow: UnitOfWork, row: Any) -> None:
        """Take the letter for this replay (a concurrent one waits on the row, then finds it
        taken): its effect and its new status commit together, or neither does."""
        claimed = await uow.session.execute(
            update(dead_letters)
            .where(dead_letters.c.id == row.id, dead_letters.c.status == "new")
            .values(status="replayed")
        )
        if claimed.rowcount != 1:
            raise Taken(f"dead letter {row.id} is being or has been replayed")

    async def _note(
        self, uow: UnitOfWork, row: Any, actor: str, outcome: ReplayOutcome, **values: Any
    ) -> None:
        await uow.session.execute(
            update(dead_letters)
            .where(dead_letters.c.id == row.id)
            .values(
                replay_attempts=dead_letters.c.replay_attempts + 1,
                replayed_at=datetime.now(UTC),
                replay_outcome=outcome.value,
                **values,
            )
        )
        await uow.audit(actor, "replay", "dead_letter", row.id)

    @staticmethod
    def _log(row: Any, actor: str, outcome: ReplayOutcome, reason: str | None = None) -> None:
        """Once committed: what the replay came to."""
        log.info(
            "dead_letter.replayed",
            actor=actor,
            dead_letter_id=row.id,
            consumer=row.consumer,
            outcome=outcome.value,
            attempt=row.replay_attempts + 1,
            event_id=row.event_id,
            event_type=row.event_type,
            reason=reason or row.reason,
        )

    async def _refused(
        self, row: Any, actor: str, reason: DeadLetterReason, error: str
    ) -> ReplayOutcome:
        """Still a dead letter: the new reason and error, one more attempt, a DLQ copy."""
        error = clean(error, 4000)
        async with self.new_uow() as uow:
            current = await load(uow, row.id)
            if current.status != "new":  # replayed meanwhile by a concurrent request
                raise Conflict(f"dead letter {row.id} is already {current.status}")
            await self._note(
                uow, current, actor, ReplayOutcome.DEAD_LETTERED, reason=reason.value, error=error
            )
            attempt = str(current.replay_attempts + 1)
            uow.emit_message(
                dlq_copy(current._mapping, reason.value, error, dlq_replay_attempt=attempt)
            )
            await uow.commit()
        self._log(current, actor, ReplayOutcome.DEAD_LETTERED, reason.value)
        return ReplayOutcome.DEAD_LETTERED
