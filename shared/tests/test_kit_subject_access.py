"""The kit's subject access parts: redaction (staff by role, other people blanked), the
period filter, input checks, and the CLI's combined report (JSON + HTML) from answers of
every service, including one that fails."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import httpx
import jwt
import pytest

from pathways.platform.devtoken import issue_token
from pathways.platform.redaction import ANOTHER_PERSON, redact
from pathways.platform.sar import SarSettings, gather, main, write_report
from pathways.platform.settings import ServiceSettings
from pathways.platform.subject_access import BadRequest, SubjectQuery, _query


def test_redact_names_staff_by_role_and_blanks_other_people() -> None:
    other, mine = uuid4(), uuid4()
    record = {
        "person_id": mine,
        "worker": "fw.jones",
        "logged_by": "mentor.coord",
        "by": None,
        "naive": datetime(2026, 1, 2, 3, 4),
        "childrens_social_worker": "Ms Brown (council)",
        "at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        "matches": [{"mentor_person_id": str(other).upper(), "notes": "went well"}],
        "sharing": [{"shared_by": "someone", "with": other}],
    }
    out = redact(record, "family team staff", {str(other)})
    assert (
        out["worker"] == out["logged_by"] == out["sharing"][0]["shared_by"] == ("family team staff")
    )
    assert out["by"] is None  # nothing recorded stays nothing
    assert out["childrens_social_worker"] == "Ms Brown (council)"  # not a member of staff
    assert out["matches"][0] == {"mentor_person_id": ANOTHER_PERSON, "notes": "went well"}
    assert out["sharing"][0]["with"] == ANOTHER_PERSON
    assert out["person_id"] == str(mine) and out["at"] == "2026-01-02T03:04:00+00:00"
    assert out["naive"] == out["at"]  # SQLite's naive UTC times get their offset
    assert str(other) not in json.dumps(out)


def test_the_period_keeps_records_whose_day_falls_in_it_inclusive() -> None:
    query = SubjectQuery("A1234BC", (), date(2026, 1, 10), date(2026, 1, 20))
    rows = [
        {"on": "2026-01-09"},
        {"on": "2026-01-10"},
        {"on": datetime(2026, 1, 20, 23, 59, tzinfo=UTC)},
        {"on": "2026-01-21T00:00:00+00:00"},
        {"on": None},
    ]
    assert query.keep(rows, "on") == rows[1:3] + rows[4:]
    assert SubjectQuery("A1234BC", ()).keep(rows, "on") == rows


@pytest.mark.parametrize(
    ("prn", "since", "until"),
    [(None, None, None), ("A123BC", None, None), ("A1234BC", "2026-13-01", None),
     ("A1234BC", None, "yesterday"), ("A1234BC", "2026-02-01", "2026-01-31")],
)  # fmt: skip
def test_bad_input_is_a_400(prn: str | None, since: str | None, until: str | None) -> None:
    with pytest.raises(BadRequest) as refused:
        _query(prn, since, until)
    assert refused.value.status_code == 400 and refused.value.code == "bad_request"


def test_a_prison_number_is_read_in_any_case_and_dates_are_optional() -> None:
    query = _query(" a1234bc ", "2026-01-01", "")
    assert (query.prn, query.from_date, query.to_date) == ("A1234BC", date(2026, 1, 1), None)


def test_devtoken_issues_the_sar_role(tmp_path: Path) -> None:
    settings = ServiceSettings(auth_dev_key_file=str(tmp_path / "key.pem"))
    token = issue_token(["sar"], settings=settings)
    assert jwt.decode(token, options={"verify_signature": False})["roles"] == ["sar"]


def _answers(request: httpx.Request) -> httpx.Response:
    assert request.url.params["prn"] == "A1234BC"
    assert request.url.params["fromDate"] == "2026-01-01"
    assert request.headers["authorization"] == "Bearer t0ken"
    port = request.url.port
    if port == 8001:
        return httpx.Response(200, json={"content": {"people": [{"name": "<b>Jo</b>"}]}})
    if port == 8005:
        return httpx.Response(503, text="down")
    return httpx.Response(204)


def test_the_cli_report_combines_every_service_and_says_which_failed(tmp_path: Path) -> None:
    report = gather(
        "A1234BC", date(2026, 1, 1), None, SarSettings(), "t0ken", httpx.MockTransport(_answers)
    )
    assert report["complete"] is False
    statuses = {name: answer["status"] for name, answer in report["services"].items()}
    assert statuses == {"intake": 200, "mentoring": 204, "family": 204, "placements": 204,
                        "outcomes": 503}  # fmt: skip
    json_path, html_path = write_report(report, tmp_path / "sar")
    assert json.loads(json_path.read_text())["services"]["intake"]["content"]["people"][0] == {
        "name": "<b>Jo</b>"
    }
    html = html_path.read_text()
    assert "&lt;b&gt;Jo&lt;/b&gt;" in html and "<b>Jo</b>" not in html  # escaped
    assert "holds no data" in html and "Incomplete" in html and "<script" not in html
    assert json_path.stat().st_mode & 0o077 == 0  # personal data: private files


def test_the_cli_refuses_a_bad_prison_number() -> None:
    with pytest.raises(SystemExit):
        main(["--prn", "nonsense"])


def test_the_prison_number_is_noted_from_events_that_name_it_with_a_custody_fact() -> None:
    from pathways.contracts import intake
    from pathways.messaging.person_numbers import numbered

    person = uuid4()
    received = intake.PersonReceived(
        person_id=person, prison_number="A1234BC", prison_code="BAI",
        received_at=datetime.now(UTC), reason="new_admission",
    )  # fmt: skip
    assert numbered(received) == (person, "A1234BC")
    moved = intake.PersonTransferred(
        person_id=person, from_prison_code="BAI", to_prison_code="WDI",
        transferred_at=datetime.now(UTC),
    )  # fmt: skip
    assert numbered(moved) is None
