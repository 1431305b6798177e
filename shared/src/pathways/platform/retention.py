"""The retention policy and the purge every service runs (issue 15).

The policy is three periods from the service's settings. A purge, at a moment `as_of`
(now, unless an operator or a test names another), forgets the people the service itself
finds past retention (intake: released or inactive longer than the case-record period), sweeps
again the people forgotten lately (a write that raced the erasure cannot linger) and removes
kit rows past their own periods. A dry run does all of it in a transaction it rolls back,
so its figures are exactly what a real run would remove.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

import structlog

from pathways.messaging.forgetting import (
    forget_in_kit_tables,
    forgotten_since,
    sweep_expired,
    tombstone,
)
from pathways.messaging.incoming import Incoming
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.settings import ServiceSettings

if TYPE_CHECKING:
    from pathways.platform.runtime import ServiceRuntime

log = structlog.get_logger("pathways.retention")
# person id -> other identifiers its rows may carry (a prison number), for the payload scans
Due = Callable[[Any, "Cutoffs"], Awaitable[Mapping[str, Sequence[str]]]]
# removes (or anonymises) the service's own rows about these people; counts by table
Forget = Callable[[Any, Sequence[UUID], datetime], Awaitable[Mapping[str, int]]]


@dataclass(frozen=True)
class Cutoffs:
    """What is older than these moments is past retention."""

    as_of: datetime
    case_records: datetime
    audit: datetime
    messages: datetime


@dataclass(frozen=True)
class RetentionPolicy:
    case_records: timedelta
    audit: timedelta
    messages: timedelta

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> RetentionPolicy:
        return cls(
            timedelta(days=settings.retention_case_records_days),
            timedelta(days=settings.retention_audit_days),
            timedelta(days=settings.retention_messages_days),
        )

    def cutoffs(self, as_of: datetime) -> Cutoffs:
        as_of = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
        return Cutoffs(as_of, as_of - self.case_records, as_of - self.audit, as_of - self.messages)


def past_retention(last_activity: datetime | None, cutoff: datetime) -> bool:
    """True when the last activity is before the cutoff (no known activity: not past)."""
    if last_activity is None:
        return False
    aware = last_activity if last_activity.tzinfo else last_activity.replace(tzinfo=UTC)
    return aware < cutoff


async def _nothing(uow: Any, person_ids: Sequence[UUID], at: datetime) -> Mapping[str, int]:
    return {}


@dataclass(frozen=True)
class RetentionRules:
    """A service's part: who is due (intake decides; the others follow its event) and how
    to forget its own rows about a person."""

    forget: Forget = _nothing
    due: Due | None = None


@dataclass
class PurgeReport:
    as_of: datetime
    dry_run: bool
    people: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


async def forget_people(
    uow: UnitOfWork, rules: RetentionRules, people: Mapping[str, Sequence[str]], at: datetime
) -> Counter[str]:
    """Forget `people` in the service's tables and the kit's, and tombstone them."""
    counts: Counter[str] = Counter()
    if not people:
        return counts
    counts.update(await rules.forget(uow, [UUID(p) for p in people], at))
    counts.update(await forget_in_kit_tables(uow.session, people))
    counts["forgotten_people"] += await tombstone(uow.session, list(people), at)
    return counts


def forget_handler(rules: RetentionRules) -> Callable[[Incoming, Any], Awaitable[None]]:
    """The handler of `intake.person.retention_applied.v1`: forget the person here too."""

    async def handle(incoming: Incoming, uow: UnitOfWork) -> None:
        person_id = str(incoming.data.person_id)
        counts = await forget_people(uow, rules, {person_id: ()}, datetime.now(UTC))
        log.info("retention.person_forgotten", person_id=person_id, rows=sum(counts.values()))

    return handle


def forget_batch_handler(rules: RetentionRules) -> Callable[[list[Incoming], Any], Awaitable[None]]:
    handle = forget_handler(rules)

    async def handle_all(run: list[Incoming], uow: UnitOfWork) -> None:
        for incoming in run:
            await handle(incoming, uow)

    return handle_all


async def purge(
    runtime: ServiceRuntime,
    *,
    as_of: datetime | None = None,
    dry_run: bool = False,
    actor: str = "retention-schedule",
) -> PurgeReport:
    """One purge run (see the module's docstring); idempotent, safe beside the consumers."""
    rules: RetentionRules = runtime.definition.retention or RetentionRules()
    cutoffs = RetentionPolicy.from_settings(runtime.settings).cutoffs(as_of or datetime.now(UTC))
    report = PurgeReport(cutoffs.as_of, dry_run)
    async with runtime.new_uow() as uow:
        due = dict(await rules.due(uow, cutoffs)) if rules.due else {}
        again = {p: () for p in await forgotten_since(uow.session, cutoffs.messages)}
        counts = await forget_people(uow, rules, {**again, **due}, cutoffs.as_of)
        counts.update(
            await sweep_expired(
                uow.session, messages_before=cutoffs.messages, audit_before=cutoffs.audit
            )
        )
        report.people = sorted(due)
        report.counts = {k: v for k, v in sorted(counts.items()) if v}
        if dry_run:
            await uow.rollback()
        else:
            await uow.audit(actor, "purge", "retention", None)
            await uow.commit()
    log.info(
        "retention.purged" if not dry_run else "retention.dry_run",
        people=len(report.people),
        rows=sum(report.counts.values()),
    )
    return report


async def scheduled_purge(runtime: ServiceRuntime) -> None:
    """The periodic purge in the service process (RETENTION_PURGE_INTERVAL_SECONDS)."""
    interval = runtime.settings.retention_purge_interval_seconds
    while interval > 0:
        await asyncio.sleep(interval)
        try:
            await purge(runtime)
        except Exception as exc:  # the database may be down: the next run tries again
            log.warning("retention.purge_failed", error=repr(exc)[:300])
