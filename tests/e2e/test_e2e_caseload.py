"""Caseloads end to end: a person received through the prison's feed is seen by the staff of
their prison in every service — each service learns the prison from intake's events on the
real broker — and refused (403, audited) to the staff of another; after a transfer the
person follows the receiving prison. Prisons no other end-to-end test uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from e2e_clients import ApiError, Client, FamilyClient, IntakeClient
from e2e_platform import Feed, Platform, eventually, movement

pytestmark = [pytest.mark.broker, pytest.mark.postgres]
HOME, AWAY = "LEI", "NMI"  # HMP Leeds, HMP Nottingham


def noms() -> str:
    n = uuid.uuid4().int
    letters = "".join(chr(65 + (n >> (5 * i)) % 26) for i in range(3))
    return f"{letters[0]}{n % 10000:04d}{letters[1:]}"


def _status(client: Client, path: str) -> int:
    response = client.http.get(path)
    return response.status_code


def test_each_service_refuses_staff_of_another_prison_and_follows_a_transfer(
    platform: Platform,
) -> None:
    feed, number, now = Feed(platform.bootstrap), noms(), datetime.now(UTC)
    national = platform.token()
    home = platform.token("intake", "family", "mentoring", caseloads=(HOME,))
    away = platform.token("intake", "family", "mentoring", caseloads=(AWAY,))
    intake, family = IntakeClient(platform.url("intake"), national), None
    try:
        feed.received(number, HOME, now - timedelta(days=2))
        person = eventually(lambda: intake.person_id(number), what=f"{number} received")
        intake.refer(person, now.date(), ["opiates"])  # consents to family work, as cases need
        family = FamilyClient(platform.url("family"), national)
        case = eventually(lambda: family.open_case(person), what="family knows the person")
        paths = {"intake": f"/people/{person}", "family": f"/cases/{case['case_id']}"}
        for caseload, token, expected in ((HOME, home, 200), (AWAY, away, 403)):
            for service, path in paths.items():
                client = Client(platform.url(service), token)
                assert _status(client, path) == expected, (caseload, service, path)
                client.close()

        feed.publish(
            movement(Feed.EVENTS_RELEASED, number, HOME, "TRANSFERRED", now - timedelta(days=1)),
            movement(Feed.SEARCH_RECEIVED, number, AWAY, "TRANSFERRED", now - timedelta(hours=20)),
        )
        at_away = Client(platform.url("family"), away)
        eventually(lambda: _expect(at_away, paths["family"], 200), what="case follows transfer")
        at_home = Client(platform.url("family"), home)
        assert _status(at_home, paths["family"]) == 403
        admin = Client(platform.url("family"), platform.token("admin"))
        audit = admin.call("GET", "/admin/audit", params={"person_id": person})["items"]
        assert any(e["action"] == "refused" for e in audit), audit
        for client in (at_away, at_home, admin):
            client.close()
    finally:
        intake.close()
        if family is not None:
            family.close()


def _expect(client: Client, path: str, status: int) -> None:
    code = _status(client, path)
    if code != status:
        raise ApiError(f"GET {path} -> {code}, expected {status}")
