"""The operator's log lines (issue 17.5), without a broker: a dead letter names the event's id,
type and correlation id whenever the envelope says them; every admin action is one line with
the actor; a lost dependency is one line, and one when it is back; aiokafka's repeats fold."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI

from pathways.messaging import consumer_dead_letters as consumer_module
from pathways.messaging.consumer import EventConsumer
from pathways.messaging.dead_letters import envelope_ids
from pathways.messaging.incoming import DeadLetterReason
from pathways.platform.admin_log import log_admin_action
from pathways.platform.errors import Conflict
from pathways.platform.http_errors import install_error_handlers
from pathways.platform.logging import RepeatFilter, configure_logging
from pathways.platform.reachability import Reachability
from pathways.platform.security import TokenVerifier
from pathways.platform.settings import ServiceSettings
from pathways.testing.service import bearer


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, dict):
            self.events.append(dict(record.msg))


@pytest.fixture
def lines() -> Iterator[list[dict[str, Any]]]:
    configure_logging("kit", "debug", "json")
    collect = Collect()
    logging.getLogger().addHandler(collect)
    yield collect.events
    logging.getLogger().removeHandler(collect)


def record(value: bytes, headers: list[tuple[str, bytes]] | None = None) -> Any:
    return SimpleNamespace(
        topic="pathways.intake", partition=0, offset=7, key=b"k", value=value, headers=headers or []
    )


ENVELOPE = {
    "specversion": "1.0",
    "id": "evt-1",
    "type": "intake.person.referred.v1",
    "source": "pathways/intake",
    "correlationid": "corr-9",
    "data": {"person_id": "not a uuid"},
}


def test_envelope_ids_come_from_the_envelope_then_the_headers() -> None:
    ids = envelope_ids(record(json.dumps(ENVELOPE).encode()))
    assert ids == {"event_id": "evt-1", "event_type": "intake.person.referred.v1"} | {
        "correlation_id": "corr-9"
    }
    from_headers = envelope_ids(record(b'{"a":', [("ce_id", b"h-1"), ("ce_type", b"t.v1")]))
    assert from_headers == {"event_id": "h-1", "event_type": "t.v1", "correlation_id": None}
    assert envelope_ids(record(b"\xff")) == dict.fromkeys(from_headers)
    assert envelope_ids(record(b'["id"]'))["event_id"] is None
    assert envelope_ids(record(json.dumps({"id": 5, "type": ""}).encode()))["event_id"] is None


async def test_a_dead_letter_line_names_event_id_type_and_correlation_id(
    lines: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    stored: list[dict[str, Any]] = []

    async def fake_store(uow: Any, consumer: str, rec: Any, reason: Any, error: str, **ids: Any):
        stored.append(ids)
        return True

    monkeypatch.setattr(consumer_module, "record_dead_letter", fake_store)
    consumer = EventConsumer("kit", ["pathways.intake"], handlers={})
    body = json.dumps({**ENVELOPE, "data": {"person_id": "x", "notes": "private"}}).encode()
    await consumer._dead_letter(None, record(body), DeadLetterReason.INVALID_DATA, "bad person_id")
    [line] = [e for e in lines if e["event"] == "event.dead_lettered"]
    assert line["event_id"] == "evt-1"
    assert line["event_type"] == "intake.person.referred.v1"
    assert line["correlation_id"] == "corr-9"
    assert line["reason"] == "invalid_data" and line["consumer"] == "kit"
    assert "private" not in json.dumps(line)  # the payload is never in the line
    assert stored == [{"event_id": "evt-1", "event_type": "intake.person.referred.v1"}]


async def test_an_undecodable_dead_letter_line_says_what_little_is_known(
    lines: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def fake_store(*args: Any, **ids: Any) -> bool:
        return True

    monkeypatch.setattr(consumer_module, "record_dead_letter", fake_store)
    consumer = EventConsumer("kit", ["pathways.intake"], handlers={})
    await consumer._dead_letter(None, record(b"\xff\xfe"), DeadLetterReason.UNDECODABLE, "bytes")
    [line] = [e for e in lines if e["event"] == "event.dead_lettered"]
    assert line["event_id"] is None and line["event_type"] is None
    assert "correlation_id" not in line or line["correlation_id"] != "corr-9"


def _admin_app(settings: ServiceSettings) -> FastAPI:
    router = APIRouter(prefix="/admin/things")

    @router.post("/{thing_id}/replay")
    async def replay_thing(thing_id: int) -> dict[str, str]:
        return {"status": "replayed"}

    @router.delete("/{thing_id}")
    async def purge_thing(thing_id: int) -> dict[str, str]:
        raise Conflict(f"thing {thing_id} is already purged")

    app = FastAPI()
    app.state.verifier = TokenVerifier(settings)
    install_error_handlers(app)
    app.include_router(router, dependencies=[Depends(log_admin_action)])
    return app


async def test_every_admin_action_is_one_line_with_the_actor(
    lines: list[dict[str, Any]], dev_key_file: str
) -> None:
    settings = ServiceSettings(auth_dev_key_file=dev_key_file)
    app = _admin_app(settings)
    auth = bearer(settings, "admin", subject="ops.alice")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kit") as client:
        assert (await client.post("/admin/things/12/replay", headers=auth)).status_code == 200
        assert (await client.delete("/admin/things/13", headers=auth)).status_code == 409
        assert (await client.post("/admin/things/14/replay")).status_code == 200  # no token
    actions = [e for e in lines if e["event"] == "admin.action"]
    assert [(a["actor"], a["action"], a["target"], a["outcome"], a["status"]) for a in actions] == [
        ("ops.alice", "replay_thing", {"thing_id": "12"}, "done", 200),
        ("ops.alice", "purge_thing", {"thing_id": "13"}, "refused", 409),
    ]
    assert all("token" not in a and "authorization" not in a for a in actions)


def test_a_lost_dependency_is_one_line_and_one_when_back(lines: list[dict[str, Any]]) -> None:
    broker = Reachability("broker")
    for _ in range(5):
        broker.lost(ConnectionError("refused"))
    broker.back()
    broker.back()
    events = [e["event"] for e in lines if e["event"].startswith("broker.")]
    assert events == ["broker.lost", "broker.back"]
    lost, back = (e for e in lines if e["event"].startswith("broker."))
    assert lost["level"] == "error" and "refused" in lost["error"]
    assert back["down_s"] >= 0


def test_aiokafka_repeats_fold_to_one_line_a_minute() -> None:
    fold = RepeatFilter(window_s=60)

    def rec(name: str, at: float) -> logging.LogRecord:
        made = logging.LogRecord(name, logging.ERROR, __file__, 1, "Unable connect to %s", (), None)
        made.created = at
        return made

    kept = [fold.filter(rec("aiokafka.conn", t)) for t in (0, 1, 2, 59, 61)]
    assert kept == [True, False, False, False, True]
    assert all(fold.filter(rec("pathways.consumer", t)) for t in (0, 1))
