"""Consent through the API: the referral event says per team whether sharing is allowed, and
a later change (audited) is published whole as consent_changed."""

from __future__ import annotations

import pytest

from pathways.platform.clock import today

pytestmark = [pytest.mark.postgres]
NONE_ALLOWED = {
    "mentoring": False, "family": False, "placements": False,
    "community_treatment": False, "probation": False,
}  # fmt: skip


async def _referred(intake, consents: list[dict]) -> str:
    person = await intake.receive()
    pid = person["person_id"]
    body = {"referred_on": today().isoformat(), "source": "self", "substances": ["alcohol"],
            "consents": consents}  # fmt: skip
    response = await intake.post(f"/people/{pid}/referrals", body)
    assert response.status_code == 201, response.text
    return pid


async def test_referral_event_says_per_team_whether_sharing_is_allowed(intake) -> None:
    pid = await _referred(intake, [{"recipient": "mentoring", "granted": True},
                                   {"recipient": "family", "granted": False}])  # fmt: skip
    kind, data = (await intake.events(pid))[-1]
    assert kind == "intake.person.referred.v1"
    assert data["consent"] == {**NONE_ALLOWED, "mentoring": True}


async def test_a_referral_without_consents_shares_with_nobody(intake) -> None:
    pid = await _referred(intake, [])
    assert (await intake.events(pid))[-1][1]["consent"] == NONE_ALLOWED


async def test_withdrawal_is_recorded_audited_and_published_whole(intake) -> None:
    pid = await _referred(intake, [{"recipient": "mentoring", "granted": True},
                                   {"recipient": "placements", "granted": True}])  # fmt: skip
    response = await intake.post(
        f"/people/{pid}/consents", {"consents": [{"recipient": "mentoring", "granted": False}]}
    )
    assert response.status_code == 200, response.text
    granted = {c["recipient"]: c["granted"] for c in response.json()["consents"]}
    assert granted == {"mentoring": False, "placements": True}
    kind, data = (await intake.events(pid))[-1]
    assert kind == "intake.person.consent_changed.v1"
    assert data["consent"] == {**NONE_ALLOWED, "placements": True}
    assert set(data) == {"person_id", "consent", "changed_at"}
    assert ("officer-1", "update") in await intake.audits(pid)
    person = (await intake.client.get(f"/people/{pid}", headers=intake.auth())).json()
    assert {c["recipient"]: c["granted"] for c in person["referrals"][0]["consents"]} == granted


async def test_consent_before_any_referral_is_a_conflict(intake) -> None:
    person = await intake.receive()
    response = await intake.post(
        f"/people/{person['person_id']}/consents",
        {"consents": [{"recipient": "family", "granted": True}]},
    )
    assert response.status_code == 409 and response.json()["error"] == "no_referral"
    assert len(await intake.events(person["person_id"])) == 1


async def test_an_empty_consent_change_is_refused(intake) -> None:
    pid = await _referred(intake, [])
    response = await intake.post(f"/people/{pid}/consents", {"consents": []})
    assert response.status_code == 422
