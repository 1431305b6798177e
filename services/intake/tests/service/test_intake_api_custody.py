"""Referral, release plans, releases, transfers, recategorisation and ROTL through the API."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pathways.platform.clock import today

pytestmark = [pytest.mark.postgres]
NOW = datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat()


async def test_referral_publishes_substances_and_prison(intake) -> None:
    person = await intake.receive(prison_code="PVI")
    pid = person["person_id"]
    response = await intake.post(
        f"/people/{pid}/referrals",
        {"referred_on": today().isoformat(), "source": "healthcare",
         "substances": ["crack", "opiates", "crack"], "urgency": "urgent",
         "consents": [{"recipient": "mentoring", "granted": True},
                      {"recipient": "family", "granted": False}]},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    referral = response.json()
    assert referral["substances"] == ["opiates", "crack"]
    assert [c["recipient"] for c in referral["consents"]] == ["mentoring", "family"]
    kind, data = (await intake.events(pid))[-1]
    assert kind == "intake.person.referred.v1"
    assert data["substances"] == ["opiates", "crack"] and data["prison_code"] == "PVI"
    assert data["referral_id"] == referral["referral_id"] and "consents" not in data
    assert data["referred_on"] == today().isoformat()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"substances": []}, "invalid_request"),
        ({"consents": [{"recipient": "family", "granted": True},
                       {"recipient": "family", "granted": False}]}, "duplicate_consent"),
        ({"referred_on": "2999-01-01"}, "referred_in_future"),
    ],
)  # fmt: skip
async def test_bad_referrals_are_refused(intake, body, code) -> None:
    person = await intake.receive()
    full = {"referred_on": today().isoformat(), "source": "self",
            "substances": ["alcohol"], **body}  # fmt: skip
    response = await intake.post(f"/people/{person['person_id']}/referrals", full)
    assert response.status_code == 422 and response.json()["error"] == code
    assert len(await intake.events(person["person_id"])) == 1


async def test_release_plan_then_release_uses_the_plan_and_blocks_a_second_release(
    intake,
) -> None:
    person = await intake.receive(prison_code="BAI")
    pid = person["person_id"]
    expected = (today() + timedelta(days=30)).isoformat()
    plan = await intake.post(
        f"/people/{pid}/release-plans", {"expected_on": expected, "release_type": "parole"}
    )
    assert plan.status_code == 201 and plan.json()["release_plan"]["expected_on"] == expected
    released = await intake.post(
        f"/people/{pid}/releases",
        {"released_at": iso(NOW - timedelta(hours=1)), "destination_area": "Southwark"},
    )
    assert released.status_code == 201 and released.json()["status"] == "released"
    again = await intake.post(f"/people/{pid}/releases", {"released_at": iso(NOW)})
    assert again.status_code == 409 and again.json()["error"] == "already_released"
    events = await intake.events(pid)
    assert [k for k, _ in events] == [
        "intake.person.received.v1",
        "intake.release.scheduled.v1",
        "intake.person.released.v1",
    ]
    assert events[1][1]["prison_code"] == "BAI" and events[1][1]["release_type"] == "parole"
    assert events[2][1]["release_type"] == "parole"
    assert events[2][1]["destination_area"] == "Southwark"


async def test_release_before_reception_and_past_plan_dates_are_refused(intake) -> None:
    person = await intake.receive(received_at=iso(NOW - timedelta(days=1)))
    pid = person["person_id"]
    early = await intake.post(
        f"/people/{pid}/releases", {"released_at": iso(NOW - timedelta(days=3))}
    )
    assert early.status_code == 422 and early.json()["error"] == "release_before_reception"
    past = await intake.post(
        f"/people/{pid}/release-plans",
        {"expected_on": "2020-01-01", "release_type": "end_of_sentence"},
    )
    assert past.status_code == 422 and past.json()["error"] == "release_date_in_past"
    unknown = await intake.post(f"/people/{uuid.uuid4()}/releases", {"released_at": iso(NOW)})
    assert unknown.status_code == 404
    assert len(await intake.events(pid)) == 1


async def test_transfer_and_recategorisation(intake) -> None:
    person = await intake.receive(prison_code="BAI")
    pid = person["person_id"]
    moved = await intake.post(
        f"/people/{pid}/transfers",
        {"to_prison_code": "FDI", "transferred_at": iso(NOW - timedelta(days=5)), "wing": "B"},
    )
    assert moved.status_code == 201 and moved.json()["prison_code"] == "FDI"
    same = await intake.post(
        f"/people/{pid}/transfers", {"to_prison_code": "FDI", "transferred_at": iso(NOW)}
    )
    assert same.status_code == 409 and same.json()["error"] == "same_prison"
    nowhere = await intake.post(
        f"/people/{pid}/transfers", {"to_prison_code": "ZZZ", "transferred_at": iso(NOW)}
    )
    assert nowhere.status_code == 422 and nowhere.json()["error"] == "unknown_prison_code"
    recat = await intake.post(f"/people/{pid}/recategorisations", {"category": "d"})
    assert recat.status_code == 201 and recat.json()["category"] == "D"
    events = await intake.events(pid)
    assert events[1] == (
        "intake.person.transferred.v1",
        {"person_id": pid, "from_prison_code": "BAI", "to_prison_code": "FDI",
         "transferred_at": events[1][1]["transferred_at"], "location": "B"},
    )  # fmt: skip
    assert events[2][0] == "intake.person.recategorised.v1"
    assert events[2][1]["category"] == "D" and events[2][1]["prison_code"] == "FDI"


async def test_a_wing_move_publishes_location_changed_and_only_when_it_moves(intake) -> None:
    person = await intake.receive(prison_code="BAI")
    pid, at = person["person_id"], iso(NOW)
    moved = await intake.post(f"/people/{pid}/location", {"location": "C", "changed_at": at})
    assert moved.status_code == 201 and moved.json()["wing"] == "C", moved.text
    again = await intake.post(f"/people/{pid}/location", {"location": "C", "changed_at": at})
    assert again.status_code == 201
    blank = await intake.post(f"/people/{pid}/location", {"location": " ", "changed_at": at})
    assert blank.status_code == 422 and blank.json()["error"] == "invalid_wing"
    early = iso(NOW - timedelta(days=400))
    before = await intake.post(f"/people/{pid}/location", {"location": "D", "changed_at": early})
    assert before.status_code == 422 and before.json()["error"] == "before_last_movement"
    events = await intake.events(pid)
    assert [e for e in events if e[0] == "intake.person.location_changed.v1"] == [
        ("intake.person.location_changed.v1",
         {"person_id": pid, "prison_code": "BAI", "location": "C",
          "changed_at": events[-1][1]["changed_at"]}),
    ]  # fmt: skip


async def test_rotl_needs_open_conditions_and_starts_and_ends(intake) -> None:
    person = await intake.receive(prison_code="FDI", category="C")
    pid = person["person_id"]
    starts, ends = NOW - timedelta(hours=10), NOW - timedelta(hours=2)
    body = {"kind": "rotl_day", "starts_at": iso(starts), "ends_at": iso(ends)}
    refused = await intake.post(f"/people/{pid}/temporary-absences", body)
    assert refused.status_code == 409
    assert refused.json()["error"] == "rotl_not_allowed_for_category"
    await intake.post(f"/people/{pid}/recategorisations", {"category": "D"})
    backwards = {**body, "ends_at": iso(starts - timedelta(hours=1))}
    wrong = await intake.post(f"/people/{pid}/temporary-absences", backwards)
    assert wrong.status_code == 422 and wrong.json()["error"] == "absence_ends_before_start"
    started = await intake.post(f"/people/{pid}/temporary-absences", body)
    assert started.status_code == 201, started.text
    absence_id = started.json()["absence_id"]
    returned = await intake.post(
        f"/people/{pid}/temporary-absences/{absence_id}/end", {"ended_at": iso(ends)}
    )
    assert returned.status_code == 200 and returned.json()["status"] == "in_custody"
    twice = await intake.post(
        f"/people/{pid}/temporary-absences/{absence_id}/end", {"ended_at": iso(NOW)}
    )
    assert twice.status_code == 409
    kinds = [(k, d.get("prison_code"), d.get("kind")) for k, d in await intake.events(pid)]
    assert kinds[-2:] == [
        ("intake.temporary_absence.started.v1", "FDI", "rotl_day"),
        ("intake.temporary_absence.ended.v1", "FDI", "rotl_day"),
    ]
    assert ("officer-1", "update") in await intake.audits(pid)


async def test_a_release_plan_can_be_cancelled_once_and_the_cancellation_is_published(
    intake,
) -> None:
    person = await intake.receive(prison_code="BAI")
    pid = person["person_id"]
    none = await intake.post(f"/people/{pid}/release-plans/cancellation", {"reason": "recalled"})
    assert none.status_code == 409 and none.json()["error"] == "no_release_plan"
    expected = (today() + timedelta(days=45)).isoformat()
    await intake.post(
        f"/people/{pid}/release-plans", {"expected_on": expected, "release_type": "parole"}
    )
    free_text = await intake.post(
        f"/people/{pid}/release-plans/cancellation", {"reason": "Board said no, see notes"}
    )
    assert free_text.status_code == 422  # a reason code, never free text in an event
    cancelled = await intake.post(
        f"/people/{pid}/release-plans/cancellation", {"reason": "parole_refused"}
    )
    assert cancelled.status_code == 201 and cancelled.json()["release_plan"] is None
    kind, data = (await intake.events(pid))[-1]
    assert kind == "intake.release.cancelled.v1"
    assert data["expected_on"] == expected and data["reason"] == "parole_refused"
    again = await intake.post(
        f"/people/{pid}/release-plans/cancellation", {"reason": "parole_refused"}
    )
    assert again.status_code == 409
