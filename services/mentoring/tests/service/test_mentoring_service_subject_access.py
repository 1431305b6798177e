"""Subject access on mentoring (SQLite and PostgreSQL): a mentee's SAR gives their mentee
record, their match with its sessions (notes too) and the audit, the mentor blanked and the
staff named by role only; the mentor's own SAR gives their training and the match from their
side without the mentee or the session notes; a number mentoring never heard of is 204."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest

from pathways.contracts import intake as ev
from pathways.testing.ids import unique_prison_number
from pathways.testing.service import audit_rows, bearer

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
SAR = "/subject-access-request"


def _number() -> str:
    return unique_prison_number()


def _received(person: uuid.UUID, prn: str, prison: str) -> ev.PersonReceived:
    return ev.PersonReceived(
        person_id=person, prison_number=prn, prison_code=prison, location="A",
        received_at=datetime.now(UTC), reason="new_admission",
    )  # fmt: skip


async def test_a_mentee_and_their_mentor_each_get_their_own_side(svc, events) -> None:
    prison = events.new_prison()
    mentor_person, mentee = uuid.uuid4(), uuid.uuid4()
    mentor_prn, mentee_prn = _number(), _number()
    await svc.deliver(_received(mentor_person, mentor_prn, prison))
    mentor = await svc.active_mentor(prison, person=mentor_person)
    await svc.deliver(_received(mentee, mentee_prn, prison), events.referred(mentee))
    [match] = (await svc.get("/matches", person_id=str(mentee)))["items"]
    note = {"kind": "first_night_visit", "held_on": date.today().isoformat(), "minutes": 30,
            "notes": "talked about family visits"}  # fmt: skip
    await svc.post(f"/matches/{match['match_id']}/sessions", note, 201)
    sar = bearer(svc.settings, "sar", subject="ia-officer")

    answer = await svc.client.get(SAR, params={"prn": mentee_prn}, headers=sar)
    assert answer.status_code == 200, answer.text
    content = answer.json()["content"]
    assert [m["person_id"] for m in content["mentee"]] == [str(mentee)]
    [seen] = content["matches"]
    assert seen["as"] == "mentee" and seen["mentor_person_id"] == "another person"
    assert seen["sessions"][0]["notes"] == "talked about family visits"
    assert seen["sessions"][0]["logged_by"] == "mentoring team staff"
    text = json.dumps(content)
    for other in (str(mentor_person), mentor["mentor_id"], mentor_prn, "coordinator-1"):
        assert other not in text, other

    answer = await svc.client.get(SAR, params={"prn": mentor_prn}, headers=sar)
    content = answer.json()["content"]
    assert [m["mentor_id"] for m in content["mentor"]] == [mentor["mentor_id"]]
    [seen] = content["matches"]
    assert seen["as"] == "mentor" and seen["mentee_person_id"] == "another person"
    assert "notes" not in seen["sessions"][0]
    assert str(mentee) not in json.dumps(content)

    assert [e["why"] for e in await audit_rows(svc, mentee, "ia-officer")] == [
        "subject_access_request"
    ]


async def test_a_prison_number_mentoring_never_heard_of_is_204(svc) -> None:
    sar = bearer(svc.settings, "sar")
    answer = await svc.client.get(SAR, params={"prn": _number()}, headers=sar)
    assert answer.status_code == 204
    refused = await svc.client.get(SAR, params={"prn": _number()}, headers=svc.headers)
    assert refused.status_code == 403
