"""The prison's movement feed: the ministry's JSON (see shared/design/prison-feed.md) published
to `hmpps.domain-events`, keyed by prison number. Only the delayed
`prison-offender-events.prisoner.released` with reason RELEASED is a release for intake; the
immediate search event that precedes it, court trips and transfers out are not."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from aiokafka import AIOKafkaProducer

from demo.model import FEED_COURT, FEED_RECEIVED, FEED_RELEASED, FEED_TRANSFERRED, PRISON, Step

TOPIC = "hmpps.domain-events"
SEARCH = "prisoner-offender-search.prisoner"
EVENTS = "prison-offender-events.prisoner"


def message(event_type: str, number: str, at: datetime, reason: str, prison: str = PRISON) -> dict:
    info = {"nomsNumber": number, "prisonId": prison, "reason": reason}
    body = {
        "eventType": event_type,
        "version": 1,
        "description": f"A prisoner movement with reason {reason}",
        "occurredAt": at.isoformat(),
        "additionalInformation": info,
        "personReference": {"identifiers": [{"type": "NOMS", "value": number}]},
    }
    if event_type.startswith(EVENTS):
        body["publishedAt"] = (at + timedelta(minutes=45)).isoformat()
        out = event_type.endswith("released")
        info["currentLocation"] = "OUTSIDE_PRISON" if out else "IN_PRISON"
        info["currentPrisonStatus"] = "NOT_UNDER_PRISON_CARE" if out else "UNDER_PRISON_CARE"
    return body


def messages_for(step: Step) -> list[dict]:
    """The ministry's messages one feed step stands for (in publishing order)."""
    n, at = step.number, step.at
    if step.kind == FEED_RECEIVED:
        return [message(f"{SEARCH}.received", n, at, step.data["reason"])]
    if step.kind == FEED_RELEASED:
        return [
            message(f"{SEARCH}.released", n, at, "RELEASED"),
            message(f"{EVENTS}.released", n, at, "RELEASED"),
        ]
    if step.kind == FEED_TRANSFERRED:
        return [
            message(f"{EVENTS}.released", n, at, "TRANSFERRED"),
            message(f"{SEARCH}.received", n, at + timedelta(hours=3), "TRANSFERRED", "WWI"),
        ]
    if step.kind == FEED_COURT:
        back = at + timedelta(hours=7)
        return [
            message(f"{EVENTS}.released", n, at, "SENT_TO_COURT"),
            message(f"{EVENTS}.received", n, back, "RETURN_FROM_COURT"),
        ]
    raise ValueError(f"not a feed step: {step.kind}")


class Feed:
    """A plain Kafka producer (no idempotence: the local Tansu broker refuses it)."""

    def __init__(self, bootstrap: str) -> None:
        self._producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")

    async def __aenter__(self) -> Feed:
        await self._producer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._producer.stop()

    async def publish(self, steps: list[Step]) -> int:
        sent = 0
        for step in steps:
            for body in messages_for(step):
                await self._producer.send_and_wait(
                    TOPIC, json.dumps(body).encode(), key=step.number.encode()
                )
                sent += 1
        return sent
