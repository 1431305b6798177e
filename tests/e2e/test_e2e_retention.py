"""Retention end to end, through the platform's processes and the real broker:

- Old was received, referred (consenting to every team) and given a family case in 2018,
  and released that year; Kept was received the same day and is still in custody. Both
  are known to every service, and a malformed event naming each is dead-lettered by every
  consumer of `pathways.intake`.
- Intake's dry run lists Old (ids and counts only) and removes nothing; the real run erases
  Old and publishes one `intake.person.retention_applied.v1`; every service then forgets
  Old: no row in any table (own tables, inbox, outbox, dead letters, audit, outcomes facts)
  names them. Kept is untouched everywhere, and a second purge changes nothing.

The platform is its own: the malformed events stay on `pathways.intake`, which the other
e2e tests read as valid contract events only."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from confluent_kafka import Producer
from e2e_clients import Client
from e2e_platform import Platform, eventually, read_topics, run_async, running_platform
from e2e_story import Story

from pathways.family.adapters.orm import metadata as family_tables
from pathways.intake.adapters.orm import metadata as intake_tables
from pathways.intake.domain.prisons import OPEN_PRISONS, PRISONS
from pathways.mentoring.adapters.orm import metadata as mentoring_tables
from pathways.outcomes.adapters.orm import metadata as outcomes_tables
from pathways.placements.adapters.orm import metadata as placements_tables
from pathways.testing.ids import unique_prison_code, unique_prison_number
from pathways.testing.retention import invalid_referral_about, rows_about_at

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
TABLES = {
    "intake": intake_tables,
    "mentoring": mentoring_tables,
    "family": family_tables,
    "placements": placements_tables,
    "outcomes": outcomes_tables,
}
RECEIVED = datetime(2018, 1, 10, 9, tzinfo=UTC)
RELEASED = datetime(2018, 8, 1, 10, tzinfo=UTC)
PURGE = "/admin/retention/purge"


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def platform(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    workdir: Path = tmp_path_factory.mktemp(f"retention-{request.param}")
    with running_platform(request.param, workdir) as running:
        yield running


def _about(platform: Platform, service: str, person_id: str, *needles: str) -> dict[str, int]:
    url = platform.services[service].env["DATABASE_URL"]
    return run_async(rows_about_at(url, TABLES[service], uuid.UUID(person_id), *needles))


def _everywhere(platform: Platform, person_id: str, noms: str) -> dict[str, dict[str, int]]:
    found = {s: _about(platform, s, person_id, noms) for s in TABLES if platform.has(s)}
    return {s: rows for s, rows in found.items() if rows}


def _receive_and_refer(story: Story, noms: str) -> str:
    body = {"prison_number": noms, "prison_code": story.prison, "received_at": RECEIVED.isoformat(),
            "given_name": "Pat", "family_name": "Example", "wing": "A"}  # fmt: skip
    person_id = story.intake.call("POST", "/people", 201, json=body)["person_id"]
    story.intake.refer(person_id, RECEIVED.date(), ["alcohol"])
    return person_id


def _dead_letter_everywhere(platform: Platform, *person_ids: str) -> set[str]:
    """A malformed event about each person on `pathways.intake`; returns their ids."""
    producer = Producer({"bootstrap.servers": platform.bootstrap, "log_level": 3})
    ids = set()
    for person_id in person_ids:
        event = invalid_referral_about(uuid.UUID(person_id))
        producer.produce("pathways.intake", event.to_bytes(), key=person_id.encode())
        ids.add(event.id)
    assert producer.flush(15) == 0
    return ids


def test_a_purge_forgets_a_past_retention_person_everywhere_and_leaves_the_others(
    platform: Platform,
) -> None:
    story = Story(platform, unique_prison_code(among=set(PRISONS) - OPEN_PRISONS))
    admin = Client(platform.url("intake"), platform.token("admin"))
    old_noms, kept_noms = unique_prison_number(), unique_prison_number()
    try:
        old, kept = _receive_and_refer(story, old_noms), _receive_and_refer(story, kept_noms)
        for person_id in (old, kept):
            eventually(lambda p=person_id: story.family.open_case(p), what="family case")
        story.intake.call(
            "POST", f"/people/{old}/releases", 201,
            json={"released_at": RELEASED.isoformat(), "release_type": "end_of_sentence"},
        )  # fmt: skip
        _dead_letter_everywhere(platform, old, kept)
        platform.wait_quiet()
        consumers = {"mentoring", "family", "placements", "outcomes"} & set(platform.services)
        for person_id, noms in ((old, old_noms), (kept, kept_noms)):
            known = _everywhere(platform, person_id, noms)
            assert set(known) == {"intake", *consumers}, known
            assert all("dead_letters" in known[s] for s in consumers), known
        kept_before = _everywhere(platform, kept, kept_noms)

        dry = admin.call("POST", PURGE, params={"dryRun": "true"})
        assert old in dry["people"] and kept not in dry["people"], dry
        assert old_noms not in json.dumps(dry)
        assert _everywhere(platform, old, old_noms).keys() == kept_before.keys()

        done = admin.call("POST", PURGE)
        assert old in done["people"] and kept not in done["people"], done
        eventually(lambda: _forgotten(platform, old, old_noms), what="old forgotten", timeout=90)
        platform.wait_quiet()
        assert _everywhere(platform, kept, kept_noms) == kept_before

        for service in platform.services:  # each service's own purge: nothing more to do
            client = Client(platform.url(service), platform.token("admin"))
            report = client.call("POST", PURGE)
            client.close()
            assert old not in report["people"] and kept not in report["people"], report
        assert _everywhere(platform, old, old_noms) == {}
        assert _everywhere(platform, kept, kept_noms) == kept_before
        story.intake.call("GET", f"/people/{old}", 404)
        story.intake.call("GET", f"/people/{kept}")
        assert _erasures_published(platform, old, kept) == [old]
    finally:
        admin.close()
        story.close()


def _erasures_published(platform: Platform, *person_ids: str) -> list[str]:
    """The people named by the retention_applied events on `pathways.intake`, once per id."""
    named: dict[str, str] = {}
    for message in read_topics(platform.bootstrap, ["pathways.intake"]):
        body = json.loads(message.value())
        if body.get("type") == "intake.person.retention_applied.v1":
            named[body["id"]] = body["data"]["person_id"]
    return [p for p in named.values() if p in person_ids]


def _forgotten(platform: Platform, person_id: str, noms: str) -> None:
    left = _everywhere(platform, person_id, noms)
    assert left == {}, left
