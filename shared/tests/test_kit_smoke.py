import uuid

import pytest

from kit_service import KitSettings, build, create_tables
from pathways.contracts import CloudEvent
from pathways.contracts.intake import PersonRecategorised
from pathways.testing.kafka import publish, read_topic
from pathways.testing.service import bearer, running

pytestmark = pytest.mark.broker


async def test_smoke(kafka_bootstrap: str, tmp_path, dev_key_file) -> None:
    settings = KitSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/kit.db",
        kafka_bootstrap_servers=kafka_bootstrap,
        auth_dev_key_file=dev_key_file,
        log_format="console",
    )
    from pathways.messaging.topics import ensure_topics, platform_topics
    await ensure_topics(settings, platform_topics(), partitions=2)
    app = build(settings)
    await create_tables(app)
    async with running(app) as client:
        person = uuid.uuid4()
        r = await client.post(f"/cases/{person}", headers=bearer(settings, "family"))
        assert r.status_code == 201, r.text
        event = CloudEvent.wrap(PersonRecategorised(person_id=person, category="D"), source="t")
        await publish(kafka_bootstrap, "pathways.intake", [event.to_bytes()], key=str(person).encode())
        recs = await read_topic(kafka_bootstrap, "pathways.family", until=lambda r: len(r) >= 2, timeout=30)
        assert len(recs) == 2
        print([ (r.headers, r.value[:80]) for r in recs])
        r = await client.get("/health/ready")
        print(r.json())
        assert r.status_code == 200
        print((await client.get("/asyncapi")).json().keys())
