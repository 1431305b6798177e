"""Subject access end to end, on the real broker: a person received from the prison's feed,
referred and assessed in intake, matched in mentoring to a mentor of the same prison, with a
family case and a placement referral, is known to all five services; `make sar`'s CLI asks
every one of them and writes one JSON and one HTML report that hold the person's data from
all five and nothing about the mentor (the second person of that prison) nor any member of
staff. A prison number nobody holds is 204 everywhere; each answer is audited."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from e2e_clients import Client, FamilyClient, IntakeClient, MentoringClient, PlacementsClient
from e2e_platform import ROOT, SERVICES, Feed, Platform, eventually

from pathways.intake.domain.prisons import OPEN_PRISONS, PRISONS
from pathways.testing.ids import unique_prison_code, unique_prison_number

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
# A closed prison of intake's list (the feed ignores others) no other e2e test names.
TAKEN = {"BAI", "BLI", "DMI", "EXI", "LEI", "NMI", "PVI"}


def _matched(mentoring: MentoringClient, person: str, mentor_person: str) -> None:
    matches = mentoring.open_matches_as_mentee(person)
    assert [m["mentor_person_id"] for m in matches] == [mentor_person], matches


def _sar_cli(platform: Platform, prn: str, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **{f"{s.upper()}_URL": platform.url(s) for s in SERVICES}}
    env["SAR_TOKEN"] = platform.token("sar")
    command = [sys.executable, "-m", "pathways.platform.sar", "--prn", prn, "--out", str(out)]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_a_sar_returns_the_persons_data_from_all_five_and_no_one_elses(
    platform: Platform, tmp_path: Path
) -> None:
    prison = unique_prison_code(among=set(PRISONS) - OPEN_PRISONS - TAKEN)
    subject_prn, mentor_prn = unique_prison_number(), unique_prison_number()
    feed, token, now = Feed(platform.bootstrap), platform.token(), datetime.now(UTC)
    intake = IntakeClient(platform.url("intake"), token)
    mentoring = MentoringClient(platform.url("mentoring"), token)
    family = FamilyClient(platform.url("family"), token)
    placements = PlacementsClient(platform.url("placements"), token)
    try:
        feed.received(mentor_prn, prison, now - timedelta(days=3))
        feed.received(subject_prn, prison, now - timedelta(days=3))
        mentor = eventually(lambda: intake.person_id(mentor_prn), what="mentor received")
        person = eventually(lambda: intake.person_id(subject_prn), what="person received")
        today = now.date()
        mentor_id = mentoring.train_and_qualify(
            mentor, prison, today, wing="A", languages=["English"],
            lived_experience=["opiates"], availability=["morning"], capacity=2,
        )  # fmt: skip
        mentoring.activate(mentor_id)
        intake.refer(person, today, ["opiates"])  # consent to mentoring, family, placements
        intake.assess(person, today, today - timedelta(days=30))
        eventually(lambda: _matched(mentoring, person, mentor), what="matched to the mentor")
        eventually(lambda: family.open_case(person, worker="fw.e2e-worker"), what="family case")
        eventually(lambda: placements.open_manual_referral(person), what="placement referral")
        platform.wait_quiet()

        done = _sar_cli(platform, subject_prn, tmp_path / "sar")
        assert done.returncode == 0, done.stderr
        json_path, html_path = (Path(line) for line in done.stdout.split())
        report = json.loads(json_path.read_text())
        assert report["prisonNumber"] == subject_prn and report["complete"] is True
        for service in SERVICES:
            answer = report["services"][service]
            assert answer["status"] == 200, (service, answer)
            assert person in json.dumps(answer["content"]), f"{service} gave nothing of theirs"
        content = report["services"]
        assert content["intake"]["content"]["people"][0]["prison_number"] == subject_prn
        [match] = content["mentoring"]["content"]["matches"]
        assert match["as"] == "mentee" and match["mentor_person_id"] == "another person"
        assert content["family"]["content"]["cases"][0]["worker"] == "family team staff"
        assert content["placements"]["content"]["referrals"][0]["trigger"] == "manual"
        text = json_path.read_text() + html_path.read_text()
        for hidden in (mentor, mentor_id, mentor_prn, "e2e-tester", "fw.e2e-worker"):
            assert hidden not in text, f"{hidden} must not be in the report"
        assert subject_prn in html_path.read_text()

        sar = {"Authorization": f"Bearer {platform.token('sar')}"}
        nobody = unique_prison_number()
        for service in SERVICES:
            url = f"{platform.url(service)}/subject-access-request"
            assert httpx.get(url, params={"prn": nobody}, headers=sar).status_code == 204
        admin = Client(platform.url("intake"), platform.token("admin"))
        audit = admin.call("GET", "/admin/audit", params={"person_id": person})["items"]
        admin.close()
        assert [e["why"] for e in audit if e["action"] == "subject_access"] == [
            "subject_access_request"
        ]
    finally:
        for client in (intake, mentoring, family, placements):
            client.close()
