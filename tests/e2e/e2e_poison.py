"""Malformed records for the poison fuzz test (hypothesis strategies), and what the running
platform says about them: its dead letters, and the events each consumer applied."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from e2e_platform import Platform, movement
from hypothesis import strategies as st
from prometheus_client.parser import text_string_to_metric_families

from pathways.contracts import HMPPS_TOPIC, PUBLIC_TOPICS, REGISTRY, CloudEvent
from pathways.contracts.family import CaseOpened

CONSUMED_TOPICS = (HMPPS_TOPIC, *PUBLIC_TOPICS)
BAD_TIMES = ("9999-12-31T23:59:59-05:00", "2026-11-27T09:30:00", "2026-13-01T00:00:00Z", "", "x")


@dataclass(frozen=True)
class Poison:
    topic: str
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()
    invalid_data_of: str | None = None  # a known type with bad data: only its handlers refuse it


def _envelope() -> dict[str, Any]:
    event = CloudEvent.wrap(CaseOpened(case_id=uuid.uuid4(), person_id=uuid.uuid4()), source="f")
    return json.loads(event.to_bytes())


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


def _mutated(field: str, value: Any) -> bytes:
    envelope = _envelope()
    if value is None:
        del envelope[field]
    else:
        envelope[field] = value
    return _dumps(envelope)


_BAD_ENVELOPE = st.one_of(
    st.tuples(st.just("id"), st.sampled_from([None, "", 0, ["x"]])),
    st.tuples(
        st.just("specversion"),
        st.one_of(st.none(), st.integers(), st.text(max_size=5).filter(lambda s: s != "1.0")),
    ),
    st.tuples(st.just("time"), st.one_of(st.none(), st.integers(), st.sampled_from(BAD_TIMES))),
    st.tuples(st.sampled_from(["source", "type"]), st.sampled_from([None, "", 1, {}])),
).map(lambda change: _mutated(*change))
_UNKNOWN_TYPE = st.text("abcxyz.", min_size=1, max_size=20).map(
    lambda t: _mutated("type", f"fuzz.{t}.v1")
)
_TRUNCATED = st.integers(0, 10_000).map(lambda n: (b := _dumps(_envelope()))[: n % len(b)])
_DEEP = st.tuples(st.integers(33, 20_000), st.sampled_from([("[", "]"), ('{"a":', "}")])).map(
    lambda d: (d[1][0] * d[0] + ("1" if d[1][0] != "[" else "") + d[1][1] * d[0]).encode()
)
_NOT_AN_OBJECT = st.one_of(
    st.integers().map(_dumps),
    st.text(max_size=20).map(_dumps),
    st.lists(st.integers(), max_size=3).map(_dumps),
    st.sampled_from([b"1e400", b"NaN", b'{"data": -1e999}', b"null", b"\xff\xfe", b""]),
)
_BAD_MOVEMENT = st.sampled_from(BAD_TIMES).map(
    lambda at: _dumps(
        {**movement("prisoner-offender-search.prisoner.received", "A1234BC", "BAI", "X", _now()),
         "occurredAt": at}
    )
)  # fmt: skip
_HEADERS = st.sampled_from(
    [(), (("content-type", b"application/json"),), (("ce_type", b"\xff\xfe"),)]
)


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _invalid_data(topic: str, event_type: str, headers: tuple) -> Poison:
    value = _mutated("data", {"person_id": "not-a-uuid"})
    value = value.replace(b'"family.case.opened.v1"', json.dumps(event_type).encode())
    return Poison(topic, value, headers, invalid_data_of=event_type)


POISON = st.one_of(
    st.builds(
        Poison,
        st.sampled_from(CONSUMED_TOPICS),
        st.one_of(
            st.binary(max_size=100),
            _BAD_ENVELOPE,
            _UNKNOWN_TYPE,
            _TRUNCATED,
            _DEEP,
            _NOT_AN_OBJECT,
            _BAD_MOVEMENT,
        ),
        _HEADERS,
    ),
    st.builds(
        _invalid_data,
        st.sampled_from(CONSUMED_TOPICS),
        st.sampled_from(sorted(REGISTRY)),
        _HEADERS,
    ),
)


def _admin(platform: Platform) -> dict[str, str]:
    return {"Authorization": f"Bearer {platform.token('admin')}"}


def dead_letter_origins(platform: Platform) -> dict[str, set[tuple[str, int, int]]]:
    """(topic, partition, offset) of every dead letter of every service, by the admin API."""
    found: dict[str, set[tuple[str, int, int]]] = {}
    for name, service in platform.services.items():
        found[name] = set()
        offset = 0
        while True:
            page = httpx.get(
                f"{service.url}/admin/dead-letters",
                params={"limit": 500, "offset": offset},
                headers=_admin(platform),
                timeout=20,
            ).json()
            found[name] |= {(d["topic"], d["partition"], d["offset"]) for d in page["items"]}
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                break
    return found


def applied(platform: Platform) -> dict[str, float]:
    """Events applied so far by each service's consumer (its /metrics)."""
    totals: dict[str, float] = {}
    for name, service in platform.services.items():
        text = httpx.get(f"{service.url}/metrics", timeout=10).text
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if (
                    sample.name == "pathways_events_consumed_total"
                    and sample.labels.get("outcome") == "applied"
                ):
                    totals[name] = totals.get(name, 0.0) + sample.value
    return totals
