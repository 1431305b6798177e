"""The contract: every event type is catalogued, and the committed schemas only ever grow."""

import json
from pathlib import Path
from uuid import uuid4

import pytest
from pydantic import ValidationError

from pathways.contracts import (
    REGISTRY,
    CloudEvent,
    UnknownEventType,
    field_of,
    model_for,
    parse_data,
)
from pathways.contracts.intake import PersonReleased
from pathways.contracts.schemas import breaking_changes, current_schemas

SNAPSHOT = Path(__file__).parents[1] / "schemas"
CONTRACT_TYPES = {  # the names contract.md fixes
    "intake.person.received.v1",
    "intake.person.referred.v1",
    "intake.person.assessed.v1",
    "intake.release.scheduled.v1",
    "intake.person.released.v1",
    "intake.person.transferred.v1",
    "intake.person.recategorised.v1",
    "intake.temporary_absence.started.v1",
    "intake.temporary_absence.ended.v1",
    "mentoring.mentor.enrolled.v1",
    "mentoring.mentor.module_completed.v1",
    "mentoring.mentor.qualified.v1",
    "mentoring.mentor.status_changed.v1",
    "mentoring.match.made.v1",
    "mentoring.match.ended.v1",
    "mentoring.session.logged.v1",
    "family.case.opened.v1",
    "family.contact.recorded.v1",
    "family.followup.scheduled.v1",
    "family.followup.completed.v1",
    "placements.referral.created.v1",
    "placements.placement.started.v1",
    "placements.placement.ended.v1",
    "placements.outcome.recorded.v1",
}


ADDED_TYPES = {  # added beside contract.md's list (the contract only grows)
    "intake.release.cancelled.v1",
    "family.followup.rescheduled.v1",
    "family.followup.cancelled.v1",
    "family.followup.reassigned.v1",
    "intake.person.location_changed.v1",
    "intake.person.consent_changed.v1",
    "intake.community_treatment.referred.v1",
    "intake.community_treatment.engaged.v1",
    "intake.community_treatment.not_engaged.v1",
    "intake.person.retention_applied.v1",
}


def test_every_contract_type_is_in_the_registry() -> None:
    assert set(REGISTRY) == CONTRACT_TYPES | ADDED_TYPES


@pytest.mark.parametrize("name", sorted(current_schemas()))
def test_published_schema_is_snapshotted_and_compatible(name: str) -> None:
    path = SNAPSHOT / f"{name}.json"
    assert path.exists(), f"new schema {name}: run python -m pathways.contracts.schemas --write"
    old = json.loads(path.read_text())
    assert breaking_changes(name, old, current_schemas()[name]) == []


def test_a_removed_field_a_new_required_field_and_a_lost_enum_value_are_breaking() -> None:
    old = PersonReleased.model_json_schema()
    new = json.loads(json.dumps(old))
    del new["properties"]["destination_area"]
    new["required"].append("wing")
    assert len(breaking_changes("x", old, new)) == 2
    ta = json.loads((SNAPSHOT / "intake.temporary_absence.started.v1.json").read_text())
    shrunk = json.loads(json.dumps(ta))
    shrunk["$defs"]["TemporaryAbsenceKind"]["enum"].remove("childcare")
    assert any("lost values" in p for p in breaking_changes("ta", ta, shrunk))


def test_adding_an_optional_field_is_not_breaking() -> None:
    old = PersonReleased.model_json_schema()
    new = json.loads(json.dumps(old))
    new["properties"]["licence_conditions"] = {"type": "string"}
    assert breaking_changes("x", old, new) == []


def test_envelope_round_trip_keys_by_person_and_validates_data() -> None:
    person = uuid4()
    data = PersonReleased(
        person_id=person,
        prison_number="A1234BC",
        prison_code="BAI",
        released_at="2026-11-27T09:30:00Z",
        release_type="conditional_release",
        destination_area="Lambeth",
    )
    envelope = CloudEvent.wrap(data, source="pathways/intake", correlation_id="c1")
    parsed = CloudEvent.model_validate_json(envelope.to_bytes())
    assert parsed.subject == str(person) and parsed.specversion == "1.0"
    assert parse_data(parsed) == data
    assert PersonReleased.topic() == "pathways.intake"


def test_field_of_reads_as_getattr_with_a_default_does() -> None:
    data = PersonReleased.model_validate(
        {
            "person_id": str(uuid4()),
            "prison_number": "A1234BC",
            "prison_code": "BAI",
            "released_at": "2026-11-27T09:30:00Z",
            "release_type": "conditional_release",
            "destination_area": "Lambeth",
            "note": "an extra field the contract allows",
        }
    )
    for name in ("person_id", "prison_code", "released_at", "note", "to_prison_code", "x"):
        assert field_of(data, name) == getattr(data, name, None), name

    class Plain:
        person_id = "p1"

    assert field_of(Plain(), "person_id") == "p1" and field_of(Plain(), "absent") is None
    assert field_of(None, "person_id") is None and field_of({"person_id": 1}, "person_id") is None


def test_invalid_data_and_unknown_types_are_rejected() -> None:
    envelope = CloudEvent(source="s", type="intake.person.released.v1", data={"person_id": "x"})
    with pytest.raises(ValidationError):
        parse_data(envelope)
    with pytest.raises(UnknownEventType):
        model_for("intake.person.vanished.v1")
