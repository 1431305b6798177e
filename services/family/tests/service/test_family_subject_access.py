"""Subject access on family (SQLite and PostgreSQL): the person's case with members,
consents and contacts (notes too: a SAR is the one way they leave the service), follow-up
tasks and the audit, the worker named by role only; dates filter the dated entries; another
person's case never shows; 204 for a number family never heard of."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from pathways.contracts import CloudEvent
from pathways.contracts import intake as contract
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


async def _person_with_case(family, intake) -> tuple[uuid.UUID, str, str]:
    person, prn = uuid.uuid4(), _number()
    received = contract.PersonReceived(
        person_id=person, prison_number=prn, prison_code="BAI",
        received_at=datetime.now(UTC) - timedelta(days=5), reason="new_admission",
    )  # fmt: skip
    await family.deliver(CloudEvent.wrap(received, source="pathways/intake"))
    await family.deliver(intake.referred(person))
    case = await family.open_case(person, worker="fw.case-owner")
    path = f"/cases/{case['case_id']}"
    member = {"name": "Sam Smith", "relationship": "child", "is_child": True}
    contact = {"kind": "home_visit", "on": (date.today() - timedelta(days=2)).isoformat(),
               "outcome": "contact_made", "notes": "Sam asked about visits"}  # fmt: skip
    for part, body in (("members", member), ("contacts", contact)):
        answer = await family.client.post(f"{path}/{part}", json=body, headers=family.auth())
        assert answer.status_code == 201, answer.text
    return person, prn, case["case_id"]


async def test_a_sar_gives_the_case_with_staff_by_role_and_no_one_else(family, intake) -> None:
    person, prn, case_id = await _person_with_case(family, intake)
    other, other_prn, other_case = await _person_with_case(family, intake)
    sar = bearer(family.settings, "sar", subject="ia-officer")
    answer = await family.client.get(SAR, params={"prn": prn}, headers=sar)
    assert answer.status_code == 200, answer.text
    content = answer.json()["content"]
    [case] = content["cases"]
    assert case["case_id"] == case_id and case["worker"] == "family team staff"
    assert case["members"][0]["name"] == "Sam Smith"
    assert case["contacts"][0]["notes"] == "Sam asked about visits"
    assert case["contacts"][0]["worker"] == "family team staff"
    assert content["known_person"][0]["family_consent"] is True
    assert {entry["who"] for entry in content["audit"]} == {"family team staff"}
    text = json.dumps(content)
    for hidden in ("fw.case-owner", "fw.jones", "ia-officer", str(other), other_prn, other_case):
        assert hidden not in text, hidden

    since = (date.today() - timedelta(days=1)).isoformat()
    later = await family.client.get(SAR, params={"prn": prn, "fromDate": since}, headers=sar)
    assert later.json()["content"]["cases"][0]["contacts"] == []  # held two days ago

    await assert_audited_as_subject_access(family, person)


async def test_nothing_held_is_204_and_the_sar_role_is_needed(family) -> None:
    await assert_nothing_held_is_204(family.client, family.settings, _number())
    refused = await family.client.get(SAR, params={"prn": _number()}, headers=family.auth())
    assert refused.status_code == 403
