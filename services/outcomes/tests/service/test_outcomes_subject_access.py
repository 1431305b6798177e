"""Subject access on outcomes (SQLite and PostgreSQL): the facts the read model keeps about
a person (found by the prison number their reception carried), the mentor of their match
blanked, dates filtering by when each happened; a mentor's SAR gives their own facts, never
the mentee's; 204 for a number outcomes never saw."""

from __future__ import annotations

import json
import uuid
from types import SimpleNamespace

import pytest
from outcomes_story import Step, day, random_prison

from pathways.contracts import intake, mentoring
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


def _received(person: uuid.UUID, prn: str, prison: str, at: int) -> Step:
    data = intake.PersonReceived(
        person_id=person, prison_number=prn, prison_code=prison, received_at=day(at, 7),
        reason="new_admission",
    )  # fmt: skip
    return Step(data, day(at, 7))


async def test_a_sar_gives_the_persons_facts_and_blanks_their_mentor(svc: SimpleNamespace) -> None:
    prison, mentee, mentor = random_prison(), uuid.uuid4(), uuid.uuid4()
    mentee_prn, mentor_prn, mentor_id = _number(), _number(), uuid.uuid4()
    made = mentoring.MatchMade(
        match_id=uuid.uuid4(), mentor_id=mentor_id, mentor_person_id=mentor,
        mentee_person_id=mentee, score=0.8,
    )  # fmt: skip
    await svc.feed(
        [_received(mentee, mentee_prn, prison, 1), _received(mentor, mentor_prn, prison, 1),
         Step(made, day(10))]
    )  # fmt: skip
    sar = bearer(svc.settings, "sar", subject="ia-officer")
    answer = await svc.client.get(SAR, params={"prn": mentee_prn}, headers=sar)
    assert answer.status_code == 200, answer.text
    facts = answer.json()["content"]["facts"]
    assert [f["event_type"] for f in facts] == [
        "intake.person.received.v1",
        "mentoring.match.made.v1",
    ]
    assert (
        facts[1]["data"]["mentor_person_id"] == facts[1]["data"]["mentor_id"] == ("another person")
    )
    text = json.dumps(answer.json())
    for hidden in (str(mentor), str(mentor_id), mentor_prn):
        assert hidden not in text, hidden

    since = day(5).date().isoformat()
    later = await svc.client.get(SAR, params={"prn": mentee_prn, "fromDate": since}, headers=sar)
    assert [f["event_type"] for f in later.json()["content"]["facts"]] == [
        "mentoring.match.made.v1"
    ]
    theirs = await svc.client.get(SAR, params={"prn": mentor_prn}, headers=sar)
    assert [f["event_type"] for f in theirs.json()["content"]["facts"]] == [
        "intake.person.received.v1"
    ]
    assert str(mentee) not in theirs.text

    await assert_audited_as_subject_access(svc, mentee)


async def test_nothing_held_is_204_and_the_reporting_role_is_not_enough(svc) -> None:
    await assert_nothing_held_is_204(svc.client, svc.settings, _number())
    refused = await svc.client.get(SAR, params={"prn": _number()}, headers=svc.staff)
    assert refused.status_code == 403
