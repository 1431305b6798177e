"""Watches the public topics, as an outside integration would (a plain aiokafka reader in no
group, from the end of each topic), for the effects of each release of the bench: the match
ended by mentoring, family's three post-release follow-ups, placements' release referral."""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import time

from aiokafka import AIOKafkaConsumer, TopicPartition

FOLLOW_UPS = ("release_day_contact", "day_7_check", "day_28_check")
EFFECTS = frozenset({"match_ended", "referral", *FOLLOW_UPS})
RELEASED = "intake_released"  # the first hop (feed → intake's topic), watched to tell hops apart
TOPICS = ("pathways.intake", "pathways.mentoring", "pathways.family", "pathways.placements")


def effect(envelope: dict) -> tuple[str, str] | None:
    """(released person, effect) of one public event, or None if it is not one we wait for."""
    kind, data = envelope.get("type"), envelope.get("data") or {}
    if kind == "intake.person.released.v1":
        return str(data.get("person_id")), RELEASED
    if kind == "mentoring.match.ended.v1" and data.get("detail") == "mentor_released":
        return str(data.get("mentor_person_id")), "match_ended"
    if kind == "family.followup.scheduled.v1" and data.get("kind") in FOLLOW_UPS:
        return str(data.get("person_id")), str(data["kind"])
    if kind == "placements.referral.created.v1" and data.get("trigger") == "release":
        return str(data.get("person_id")), "referral"
    return None


class Watch:
    def __init__(self, bootstrap: str, people: set[str]) -> None:
        self.people = people
        self.published: dict[str, float] = {}  # person -> when their release was published
        self.seen: dict[str, dict[str, float]] = {p: {} for p in people}
        self.done_at: dict[str, float] = {}  # person -> when the last effect arrived
        self.extra = 0  # effects seen twice (the topics are at-least-once)
        self._more = asyncio.Event()
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10,
            max_poll_records=5000,
        )  # fmt: skip
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        """From the end of every partition as it is now (positions resolved before return)."""
        await self._consumer.start()
        partitions = [
            TopicPartition(topic, p)
            for topic in TOPICS
            for p in sorted(self._consumer.partitions_for_topic(topic) or ())
        ]
        if not partitions:
            await self._consumer.force_metadata_update()
            partitions = [
                TopicPartition(topic, p)
                for topic in TOPICS
                for p in sorted(self._consumer.partitions_for_topic(topic) or ())
            ]
        self._consumer.assign(partitions)
        await self._consumer.seek_to_end(*partitions)
        for tp in partitions:
            await self._consumer.position(tp)
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while True:
            batch = await self._consumer.getmany(timeout_ms=100)
            now = time.perf_counter()
            for records in batch.values():
                for record in records:
                    found = effect(json.loads(record.value))
                    if found is None or found[0] not in self.people:
                        continue
                    person, what = found
                    if what in self.seen[person]:
                        self.extra += 1
                        continue
                    self.seen[person][what] = now
                    if what != RELEASED and self.seen[person].keys() >= EFFECTS:
                        self.done_at[person] = now
            self._more.set()

    async def all_done(self, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while len(self.done_at) < len(self.people):
            if self._task is not None and self._task.done():
                self._task.result()  # the reader failed: raise its error
            if time.perf_counter() > deadline:
                raise AssertionError(self.missing())
            self._more.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._more.wait(), 1.0)

    def missing(self) -> str:
        short = {p: sorted(EFFECTS - set(s)) for p, s in self.seen.items() if EFFECTS - set(s)}
        counts: dict[str, int] = {}
        for gaps in short.values():
            for gap in gaps:
                counts[gap] = counts.get(gap, 0) + 1
        return f"{len(short)} of {len(self.people)} releases incomplete; missing {counts}"

    def latencies(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((p50, p99) to the last follow-up, (p50, p99) to every effect), in ms."""

        def p50_p99(values: list[float]) -> tuple[float, float]:
            values.sort()
            return statistics.median(values), values[min(len(values) - 1, int(len(values) * 0.99))]

        last_follow_up = [
            (max(self.seen[p][k] for k in FOLLOW_UPS) - t) * 1000 for p, t in self.published.items()
        ]
        every = [(self.done_at[p] - t) * 1000 for p, t in self.published.items()]
        return p50_p99(last_follow_up), p50_p99(every)

    def by_effect(self, since: float | None = None) -> dict[str, tuple[float, float, float]]:
        """Per effect: (p50, p99, last) in ms, from each release's publish (or from `since`
        for every release): which service is behind."""
        out = {}
        for what in sorted(EFFECTS | {RELEASED}):
            values = sorted(
                (self.seen[p][what] - (t if since is None else since)) * 1000
                for p, t in self.published.items()
                if what in self.seen[p]
            )
            if values:
                p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
                out[what] = (statistics.median(values), p99, values[-1])
        return out

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._consumer.stop()
