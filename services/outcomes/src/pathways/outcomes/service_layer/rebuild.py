"""Rebuilding the read model: clear it and replay every topic from the earliest offset
under a new consumer group (generation); progress is the group's committed offsets against
the topics' end offsets when the rebuild began. And rebuilding only the aggregates from the
stored facts (a database with facts from before 0009, or a new LEDGER_VERSION): one
set-based batch job, no replay."""

from __future__ import annotations

from dataclasses import dataclass

from pathways.outcomes.domain.ledger import LEDGER_VERSION
from pathways.outcomes.service_layer.unit_of_work import OutcomesWork
from pathways.platform import clock


@dataclass(frozen=True)
class Progress:
    partitions: int
    caught_up: int

    @property
    def done(self) -> bool:
        return self.caught_up >= self.partitions


async def start_rebuild(
    uow: OutcomesWork, consumer: str, targets: dict[str, int], actor: str
) -> int:
    """In one transaction: forget the facts and the consumer's inbox, move to a new
    generation and remember where the topics ended. Returns the new generation."""
    state = await uow.state.get(for_update=True)
    generation = state.generation + 1
    await uow.facts.clear(consumer)
    await uow.aggregates.clear()  # no facts, no counters: built (and kept) from here on
    await uow.state.set(
        aggregates_version=LEDGER_VERSION,
        generation=generation,
        rebuild_started_at=clock.now(),
        rebuild_targets=targets,
        rebuilt_at=None,
    )
    await uow.commit_audited(actor, "rebuild", "outcomes_read_model", None)
    return generation


def progress(targets: dict[str, int], committed: dict[str, int]) -> Progress:
    caught_up = sum(1 for name, end in targets.items() if committed.get(name, 0) >= end)
    return Progress(partitions=len(targets), caught_up=caught_up)


async def finish_rebuild(uow: OutcomesWork, generation: int) -> None:
    """Mark the rebuild of `generation` done (once its group caught up with the targets)."""
    state = await uow.state.get(for_update=True)
    if state.generation == generation and state.rebuild_targets is not None:
        await uow.state.set(rebuild_targets=None, rebuilt_at=clock.now())
        await uow.commit()


async def build_aggregates(uow: OutcomesWork, *, again: bool = False) -> int | None:
    """Unless they are built with this LEDGER_VERSION (or `again`), build the aggregates
    from every stored fact in one transaction, fact writers held off meanwhile; the
    queries use them from its commit. Returns the facts read, None when already built."""
    await uow.rebuilds.lock()
    if not again and (await uow.state.get()).aggregates_version == LEDGER_VERSION:
        await uow.rollback()
        return None
    read = await uow.rebuilds.run()
    await uow.state.set(aggregates_version=LEDGER_VERSION)
    await uow.commit()
    return read
