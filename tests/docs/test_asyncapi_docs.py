"""Every service's /asyncapi is an AsyncAPI 3 document the official parser accepts with no
error or warning, and it describes the wire: one channel per topic, the CloudEvent as the
payload with `data` per type, the key and headers, receive operations, stable ids."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docs_apps import SERVICES, client, service_app

from pathways.contracts import CONTENT_TYPE, REGISTRY

PARSER = Path(__file__).resolve().parents[2] / "tools" / "asyncapi"


async def _documents() -> dict[str, dict[str, Any]]:
    documents = {}
    for service in SERVICES:
        async with client(service_app(service)) as http:
            documents[service] = (await http.get("/asyncapi")).json()
    return documents


@pytest.fixture(scope="module")
async def documents() -> dict[str, dict[str, Any]]:
    return await _documents()


def _parse(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """The official parser's diagnostics per file (tools/asyncapi, installed by make install)."""
    if not (PARSER / "node_modules" / "@asyncapi" / "parser").exists():
        pytest.fail("the AsyncAPI parser is not installed: run `make install`")
    node = shutil.which("node")
    assert node, "node is needed to run the AsyncAPI parser"
    done = subprocess.run(
        [node, str(PARSER / "validate.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_official_parser_accepts_every_document(
    documents: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    paths = []
    for service, document in documents.items():
        paths.append(tmp_path / f"{service}.json")
        paths[-1].write_text(json.dumps(document))
    broken = tmp_path / "broken.json"  # the parser does refuse a dangling reference
    broken.write_text(json.dumps({**documents["family"], "x-bad": {"$ref": "#/$defs/Nope"}}))
    diagnostics = _parse([*paths, broken])
    for path in paths:
        assert [d for d in diagnostics[str(path)] if d["severity"] <= 1] == [], path.name
    assert any(d["severity"] == 0 for d in diagnostics[str(broken)])


def test_one_channel_per_topic_with_the_cloudevent_as_payload(
    documents: dict[str, dict[str, Any]],
) -> None:
    for service, document in documents.items():
        addresses = [c["address"] for c in document["channels"].values()]
        assert len(addresses) == len(set(addresses)), service
        assert document["defaultContentType"] == CONTENT_TYPE
        messages, schemas = document["components"]["messages"], document["components"]["schemas"]
        for channel in document["channels"].values():
            for ref in channel["messages"].values():
                message = messages[ref["$ref"].rsplit("/", 1)[-1]]
                if not channel["address"].startswith("pathways."):
                    assert message["payload"]["properties"]["eventType"]["const"] == message["name"]
                    continue
                model = REGISTRY[message["name"]]
                assert model.topic() == channel["address"]
                assert message["contentType"] == CONTENT_TYPE
                assert "key" in message["bindings"]["kafka"]
                headers = schemas[message["headers"]["$ref"].rsplit("/", 1)[-1]]
                assert {"content-type", "correlation_id"} <= set(headers["properties"])
                envelope = schemas[message["payload"]["$ref"].rsplit("/", 1)[-1]]
                assert envelope["allOf"][0] == {"$ref": "#/components/schemas/CloudEvent"}
                typed = envelope["allOf"][1]["properties"]
                assert typed["type"] == {"const": model.event_type}
                assert typed["data"] == {"$ref": f"#/components/schemas/{model.__name__}"}
            if channel["address"].startswith("pathways."):
                union = schemas[f"{channel['address']}.event"]
                assert union["discriminator"] == "type"
                assert len(union["oneOf"]) == len(channel["messages"])


def test_what_each_service_consumes_is_a_receive_operation(
    documents: dict[str, dict[str, Any]],
) -> None:
    def received(service: str) -> dict[str, set[str]]:
        document = documents[service]
        by_topic: dict[str, set[str]] = {}
        for operation in document["operations"].values():
            if operation["action"] != "receive":
                continue
            topic = document["channels"][operation["channel"]["$ref"].rsplit("/", 1)[-1]]
            by_topic.setdefault(topic["address"], set()).update(
                m["$ref"].rsplit("/", 1)[-1] for m in operation["messages"]
            )
        return by_topic

    assert "prisoner-offender-search.prisoner.received" in received("intake")["hmpps.domain-events"]
    assert "intake.person.released.v1" in received("mentoring")["pathways.intake"]
    assert set(received("outcomes")) == {
        "pathways.intake",
        "pathways.mentoring",
        "pathways.family",
        "pathways.placements",
    }
    sends = [o for o in documents["family"]["operations"].values() if o["action"] == "send"]
    assert [o["channel"] for o in sends] == [{"$ref": "#/channels/pathways.family"}]


async def test_ids_stay_the_same_after_a_rebuild_of_the_read_model() -> None:
    app = service_app("outcomes")
    async with client(app) as http:
        before = (await http.get("/asyncapi")).json()
        [consumer] = app.state.runtime.definition.consumers
        consumer.generation += 1  # what POST /outcomes/rebuild does
        after = (await http.get("/asyncapi")).json()
    assert list(after["x-pathways-consumes"]) != list(before["x-pathways-consumes"])
    for part in ("channels", "operations"):
        assert list(after[part]) == list(before[part])
    for part in ("messages", "schemas"):
        assert list(after["components"][part]) == list(before["components"][part])
