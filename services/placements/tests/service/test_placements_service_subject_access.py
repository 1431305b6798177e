"""Subject access on placements (SQLite and PostgreSQL): a released mentor's SAR gives what
placements knows of them, the referral with its offer, the placement (provider and role by
name, not the provider's supervisor) and the audit, staff named by role only; another
person's referral never shows; 204 for a number placements never heard of."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from placements_testkit import (
    accepted_offer,
    approve,
    envelope,
    feed,
    provider_with_role,
    qualified,
    referrals_of,
    referred,
)

from pathways.contracts import intake
from pathways.testing.ids import unique_prison_number
from pathways.testing.service import bearer
from pathways.testing.subject_access import (
    SAR,
    assert_audited_as_subject_access,
    assert_nothing_held_is_204,
)

pytestmark = [pytest.mark.postgres]


def _number() -> str:
    return unique_prison_number()


async def _released_mentor(svc: SimpleNamespace) -> tuple[uuid.UUID, str, str]:
    person, prn = uuid.uuid4(), _number()
    released = intake.PersonReleased(
        person_id=person, prison_number=prn, prison_code="BAI",
        released_at=datetime.now(UTC) - timedelta(days=3), release_type="licence",
        destination_area="Lambeth",
    )  # fmt: skip
    await feed(svc.app, envelope(referred(person, placements=True)))
    await feed(svc.app, envelope(qualified(person)), envelope(released))
    [referral] = await referrals_of(svc.client, svc.staff, person)
    return person, prn, referral["referral_id"]


async def test_a_sar_gives_referral_and_placement_with_staff_by_role(svc) -> None:
    person, prn, referral_id = await _released_mentor(svc)
    other, other_prn, other_referral = await _released_mentor(svc)
    role = await provider_with_role(svc.client, svc.staff)
    await approve(svc.client, svc.staff, referral_id)
    await accepted_offer(svc.client, svc.staff, referral_id, role["opportunity_id"])
    started = await svc.client.post(
        "/placements", json={"referral_id": referral_id}, headers=svc.staff
    )
    assert started.status_code == 201, started.text
    sar = bearer(svc.settings, "sar", subject="ia-officer")
    answer = await svc.client.get(SAR, params={"prn": prn}, headers=sar)
    assert answer.status_code == 200, answer.text
    content = answer.json()["content"]
    [known] = content["person"]
    assert known["person_id"] == str(person) and known["risk"]["by"] == "placements team staff"
    assert [r["referral_id"] for r in content["referrals"]] == [referral_id]
    [placement] = content["placements"]
    assert (placement["provider"], placement["role_title"]) == ("Garden project", "Gardener")
    assert {entry["who"] for entry in content["audit"]} == {"placements team staff"}
    text = json.dumps(content)
    for hidden in (
        "coordinator-1",
        "ia-officer",
        "M. Jones",
        str(other),
        other_prn,
        other_referral,
    ):
        assert hidden not in text, hidden
    await assert_audited_as_subject_access(svc, person)


async def test_nothing_held_is_204_and_bad_dates_are_400(svc) -> None:
    sar = await assert_nothing_held_is_204(svc.client, svc.settings, _number())
    bad = await svc.client.get(SAR, params={"prn": _number(), "toDate": "soon"}, headers=sar)
    assert bad.status_code == 400 and bad.json()["error"] == "bad_request"
