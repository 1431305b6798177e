"""Checks a national replay: each follow-up exactly once, as the generator's history says,
and outcomes' figures equal to the independent count (national.expected)."""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from typing import Any

from confluent_kafka import Consumer, TopicPartition
from e2e_platform import topic_ends
from estate_compare import flatten
from estate_driver import page_all
from national import expected
from national.replay import Replay

from pathways.contracts import PUBLIC_TOPICS

COUNTED = ("family.followup.scheduled.v1", "placements.referral.created.v1")


def public_events(bootstrap: str) -> dict[str, dict[str, Any]]:
    """Every distinct event (by id) of the four public topics: {id: envelope}."""
    ends = {tp: end for tp, end in topic_ends(bootstrap, PUBLIC_TOPICS).items() if end}
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "national-check",
                         "enable.auto.commit": False, "log_level": 3})  # fmt: skip
    consumer.assign([TopicPartition(t, p, 0) for (t, p) in ends])
    events: dict[str, dict[str, Any]] = {}
    at = dict.fromkeys(ends, 0)
    deadline = time.monotonic() + 600
    try:
        while any(at[tp] < end for tp, end in ends.items()) and time.monotonic() < deadline:
            for message in consumer.consume(5000, timeout=1.0):
                if message.error():
                    continue
                at[(message.topic(), message.partition())] = message.offset() + 1
                envelope = json.loads(message.value())
                events[envelope["id"]] = envelope
    finally:
        consumer.close()
    return events


def check(replay: Replay) -> list[str]:
    estate, problems = replay.estate, []
    want_open = expected.open_matches_after_programme(estate)
    if replay.open_after_programme != want_open:
        problems.append(
            f"open matches before the year: {replay.open_after_programme}, wanted {want_open}"
        )
    noms_of = {pid: noms for noms, pid in replay.person_ids.items()}
    tasks: dict[str, list] = defaultdict(list)
    for t in page_all(replay.family, "/tasks"):
        tasks[noms_of.get(str(t["person_id"]), "?")].append(
            (t["kind"], t["due_on"], t["status"], t["cancel_reason"])
        )
    referrals: dict[str, list] = defaultdict(list)
    for r in page_all(replay.placements, "/referrals"):
        referrals[noms_of.get(str(r["person_id"]), "?")].append(
            (r["trigger"], r["status"], r["closed_reason"])
        )
    events = public_events(replay.platform.bootstrap)
    emitted: Counter[tuple[str, str]] = Counter()
    ended: Counter[str] = Counter()
    open_as_mentee: Counter[str] = Counter()
    for envelope in events.values():
        kind, data = envelope["type"], envelope.get("data") or {}
        if kind in COUNTED:
            emitted[(kind, noms_of.get(str(data.get("person_id")), "?"))] += 1
        elif kind == "mentoring.match.made.v1":
            open_as_mentee[noms_of.get(str(data["mentee_person_id"]), "?")] += 1
        elif kind == "mentoring.match.ended.v1":
            ended[str(data["match_id"])] += 1
            open_as_mentee[noms_of.get(str(data["mentee_person_id"]), "?")] -= 1
    for person in estate.people:
        want_tasks, want_referrals = expected.followups(person), expected.referrals(person)
        if sorted(tasks.pop(person.noms, [])) != want_tasks:
            problems.append(f"{person.noms}: follow-ups {want_tasks}")
        if sorted(referrals.pop(person.noms, [])) != want_referrals:
            problems.append(f"{person.noms}: placement referrals {want_referrals}")
        scheduled = emitted[("family.followup.scheduled.v1", person.noms)]
        if scheduled != len(want_tasks):
            problems.append(
                f"{person.noms}: {scheduled} follow-ups scheduled, {len(want_tasks)} wanted"
            )
        created = emitted[("placements.referral.created.v1", person.noms)]
        if created != len(want_referrals):
            problems.append(
                f"{person.noms}: {created} referrals created, {len(want_referrals)} wanted"
            )
        last = person.moves[-1].kind if person.moves else "reception"
        if last == "release" and open_as_mentee[person.noms] != 0:
            problems.append(
                f"{person.noms}: released with {open_as_mentee[person.noms]} open match(es)"
            )
    problems += [f"follow-ups of no generated person: {rows}" for rows in tasks.values()]
    problems += [f"referrals of no generated person: {rows}" for rows in referrals.values()]
    problems += [f"match {m} ended {n} times" for m, n in ended.items() if n != 1]
    problems += compare_figures(replay)
    dead = {name: n for name, n in replay.platform.dead_letters().items() if n}
    return problems + ([f"dead letters {dead}"] if dead else [])


def compare_figures(replay: Replay) -> list[str]:
    start, end = expected.summary_range(replay.estate)
    summary = replay.outcomes.call(
        "GET", "/outcomes/summary", params={"from": str(start), "to": str(end)}
    )
    got = flatten(summary)
    return [
        f"outcomes {name}: expected {want}, got {got.get(name, 0)}"
        for name, want in expected.figures(replay.estate).items()
        if got.get(name, 0) != want
    ]
