"""Noticing a lost broker and coming back: a broker restarted empty (the local Tansu keeps
everything in memory) has no topics and no consumer groups, and the clients neither fail
nor recover — consumers loop on UnknownTopicOrPartition while readiness looks green.

Every few seconds the watch asks the broker whether this service's topics exist and
whether its consumer groups still hold the offsets they committed. If not, it recreates
the missing topics (KAFKA_RECREATE_TOPICS) and restarts the subscribers so they rejoin
their groups; readiness (`checks.messaging`) stays red until every subscriber is assigned
partitions again and the outbox relay publishes."""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from pathways.contracts import dead_letter_topic
from pathways.messaging.broker import admin_kwargs
from pathways.messaging.topics import ensure_topics
from pathways.platform.reachability import Reachability

log = structlog.get_logger("pathways.recovery")
# A clean stop is one LeaveGroup request (15 s request timeout, broker.py). A start waits for
# its partitions: the old consumer, while closing, finishes rejoining the emptied broker's
# group, and the new one's join waits for that stale member to go (its 10 s session and a
# rebalance; ~18 s seen). Past these bounds the consumer is stuck: start it anew.
STOP_SECONDS = 20.0
START_SECONDS = 45.0


class BrokerWatch:
    def __init__(self, runtime: Any) -> None:
        self._runtime = runtime
        self._settings = runtime.settings
        definition = runtime.definition
        self.topics = sorted(
            {
                *(t for c in definition.consumers for t in c.topics),
                *(dead_letter_topic(c.name) for c in definition.consumers),
                *(event.topic() for event in definition.publishes),
            }
        )
        self.groups = sorted({c.group_id for c in definition.consumers})
        # group -> the offsets it committed, as last seen (never go back, unless the broker
        # forgot them)
        self._committed: dict[str, dict[TopicPartition, int]] = {}
        self.ok = True
        self._rejoined_at = 0.0
        self._rejoin_done = True  # every subscriber restarted (a start can time out)
        self.reachable = Reachability("broker")  # broker.lost / broker.back, once each

    async def run(self) -> None:
        await self._runtime.relay.ready.wait()
        while True:
            await asyncio.sleep(self._settings.broker_check_seconds)
            try:
                await self.check()
            except asyncio.CancelledError:
                if _being_cancelled():  # the service stops
                    raise
                # aiokafka lets its own tasks' CancelledError escape (a coordinator closing
                # awaits the task it cancelled): the watch must outlive it, or no rejoin
                # ever comes and the service stays not-ready for good
                log.warning("broker.check_interrupted")
            except Exception as exc:  # broker down: readiness says so already
                if self.reachable.up:
                    self.reachable.lost(exc, bootstrap=self._settings.kafka_bootstrap_servers)
                else:
                    log.debug("broker.check_failed", error=repr(exc))
            else:
                self.reachable.back()

    async def check(self) -> None:
        admin = AIOKafkaAdminClient(**admin_kwargs(self._settings))  # type: ignore[arg-type]
        await admin.start()
        try:
            missing = sorted(set(self.topics) - set(await admin.list_topics()))
        finally:
            await admin.close()
        reset = [g for g in self.groups if await self._group_reset(g)]
        assigned = self._all_assigned()
        if missing or reset:
            self.ok = False
            log.error(
                "broker.lost", reason="restarted_empty", missing_topics=missing, groups_reset=reset
            )
            if missing and self._settings.kafka_recreate_topics:
                await ensure_topics(
                    self._settings,
                    missing,
                    partitions=self._settings.kafka_topic_partitions,
                    attempts=1,
                )
            await self._rejoin()
        elif not self.ok and not (assigned and self._rejoin_done):
            if self._rejoin_overdue():  # a restart timed out, or no partitions came
                log.warning("broker.rejoin_again")
                await self._rejoin()
        elif not self.ok and self._runtime.relay.healthy:
            self.ok = True
            log.info("broker.recovered")

    def _rejoin_overdue(self) -> bool:
        return asyncio.get_running_loop().time() - self._rejoined_at > START_SECONDS

    async def _group_reset(self, group: str) -> bool:
        """Offsets the group committed are gone or went back (a broker that forgot them).
        Looked up with a consumer that never joins the group (not every broker offers the
        admin API's offset listing)."""
        seen = self._committed.setdefault(group, {})
        partitions = set(seen) | self._assigned(group)
        if not partitions:
            return False
        lookup = AIOKafkaConsumer(
            group_id=group, enable_auto_commit=False, **admin_kwargs(self._settings)
        )
        await lookup.start()
        try:
            now = {tp: await asyncio.wait_for(lookup.committed(tp), 5) for tp in partitions}
        finally:  # a stop that fails inside (CancelledError too) must not end the watch
            await _within(lookup.stop(), STOP_SECONDS)
        reset = any((now.get(tp) or 0) < offset for tp, offset in seen.items())
        seen.update({tp: offset for tp, offset in now.items() if offset is not None})
        return reset

    def _assigned(self, group: str) -> set[TopicPartition]:
        return {
            tp
            for s in self._runtime.broker.subscribers
            if s.consumer is not None and getattr(s, "group_id", None) == group
            for tp in s.consumer.assignment()
        }

    def _all_assigned(self) -> bool:
        subscribers = list(self._runtime.broker.subscribers)
        return all(s.consumer is not None and s.consumer.assignment() for s in subscribers)

    async def _rejoin(self) -> None:
        """New consumers, new group membership; offsets start over from the earliest."""
        self._committed.clear()
        self._rejoined_at = asyncio.get_running_loop().time()
        self._rejoin_done = False
        for subscriber in self._runtime.broker.subscribers:
            await self._restart(subscriber)
        self._rejoin_done = True
        log.info("broker.rejoined", subscribers=len(self._runtime.broker.subscribers))

    async def _restart(self, subscriber: Any) -> None:
        """aiokafka's close waits for its group coordination to finish, and a consumer whose
        broker forgot its group can be stuck in it for good, even past a cancel (so no
        `wait_for`, which waits for the cancel to land): past a bound, that consumer is
        abandoned and a new one started."""
        stuck = subscriber.consumer
        if not await _within(subscriber.stop(), STOP_SECONDS):  # timed out or failed
            log.warning("broker.consumer_abandoned", group=getattr(subscriber, "group_id", None))
            subscriber.consumer = None
            if stuck is not None:
                _silence(stuck)
        if not await _within(subscriber.start(), START_SECONDS):
            raise TimeoutError("subscriber start")


_abandoned: set[asyncio.Task[Any]] = set()  # cancelled, maybe never finishing: kept referenced


async def _within(work: Any, seconds: float) -> bool:
    """Run `work` for at most `seconds`: True if it finished, False if it failed (a
    CancelledError from inside it included: it is not this task being cancelled) or timed
    out, in which case it is cancelled without waiting for it."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if done:
        if task.cancelled() or task.exception() is not None:
            error = "cancelled" if task.cancelled() else repr(task.exception())
            log.warning("broker.restart_step_failed", error=error[:300])
            return False
        return True
    task.cancel()
    _abandoned.add(task)
    task.add_done_callback(_abandoned.discard)
    return False


def _being_cancelled() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def _silence(consumer: AIOKafkaConsumer) -> None:
    """Stop an abandoned consumer's background tasks so it leaves the group (the broker
    drops it after its session timeout) instead of heartbeating on as a member."""
    coordinator = getattr(consumer, "_coordinator", None)
    for name in ("_coordination_task", "_heartbeat_task", "_commit_refresh_task"):
        task = getattr(coordinator, name, None)
        if isinstance(task, asyncio.Task) and not task.done():
            task.cancel()
