"""The outcomes service on SQLite and PostgreSQL: events through the consumer, figures
through the API (JSON, CSV, HTML), security and bad input."""

from __future__ import annotations

import csv
import io
import random
import re
from types import SimpleNamespace

import pytest
from outcomes_story import END, EXPECTED, START, figures_of, random_prison, story

from pathways.platform.security import TOKEN_COOKIE
from pathways.testing.service import bearer

pytestmark = [pytest.mark.postgres]


def query(prison: str) -> str:
    return f"prison_code={prison}&from={START}&to={END}"


async def test_a_story_fed_through_the_consumer_gives_every_figure(svc: SimpleNamespace) -> None:
    prison = random_prison()
    steps = story(prison)
    await svc.feed(steps)
    response = await svc.client.get(f"/outcomes/summary?{query(prison)}", headers=svc.staff)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["prison_code"], body["from_date"], body["to_date"]) == (
        prison,
        str(START),
        str(END),
    )
    assert figures_of(body) == EXPECTED
    await svc.feed(steps)  # redelivered: nothing counts twice
    again = await svc.client.get(f"/outcomes/summary?{query(prison)}", headers=svc.staff)
    assert figures_of(again.json()) == EXPECTED


async def test_events_in_any_order_across_topics_give_the_same_figures(
    svc: SimpleNamespace,
) -> None:
    prison = random_prison()
    steps = story(prison)
    random.Random(11).shuffle(steps)
    await svc.feed(steps, batch=3)
    response = await svc.client.get(f"/outcomes/summary?{query(prison)}", headers=svc.staff)
    assert figures_of(response.json()) == EXPECTED


async def test_csv_export_has_one_row_per_figure(svc: SimpleNamespace) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    response = await svc.client.get(f"/outcomes/summary.csv?{query(prison)}", headers=svc.staff)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["figure", "value"]
    values = dict(rows[1:])
    assert values["prison_code"] == prison
    assert values["mentors.qualified_since_programme_began"] == "2"
    assert values["sessions.by_kind.one_to_one"] == "2"
    assert values["programme_contact_21_days.percent"] == "50.0"


async def test_the_dashboard_is_self_contained_html_with_charts(svc: SimpleNamespace) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    page = await svc.client.get(f"/outcomes?{query(prison)}", headers=svc.staff)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<svg" in html and "national 41%" in html and "target 75%" in html
    assert "trained since the programme began" in html and "One-to-one" in html
    assert not re.search(r"https?://", html)
    assert "<script" not in html and "<link" not in html


async def test_the_browser_signs_in_with_a_token_cookie(svc: SimpleNamespace) -> None:
    client = svc.client
    unsigned = await client.get("/outcomes")
    assert unsigned.status_code == 401 and "Sign in" in unsigned.text
    assert unsigned.headers["content-type"].startswith("text/html")
    bad = await client.get("/outcomes/login?token=nonsense")
    assert bad.status_code == 401
    other_role = bearer(svc.settings, "family")["Authorization"].split()[1]
    assert (await client.get(f"/outcomes/login?token={other_role}")).status_code == 403
    token = svc.staff["Authorization"].split()[1]
    login = await client.get(f"/outcomes/login?token={token}")
    assert login.status_code == 303 and login.headers["location"] == "/outcomes"
    cookie = login.headers["set-cookie"]
    assert TOKEN_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    client.cookies.set(TOKEN_COOKIE, token)
    page = await client.get("/outcomes")
    assert page.status_code == 200 and "<svg" in page.text
    client.cookies.clear()


async def test_every_route_needs_the_reporting_role(svc: SimpleNamespace) -> None:
    client, family = svc.client, bearer(svc.settings, "family")
    for path in ("/outcomes/summary", "/outcomes/summary.csv", "/outcomes/status"):
        assert (await client.get(path)).status_code == 401, path
        assert (await client.get(path, headers=family)).status_code == 403, path
    assert (await client.get("/outcomes", headers=family)).status_code == 403
    assert (await client.post("/outcomes/rebuild", headers=svc.staff)).status_code == 403
    assert (await client.post("/outcomes/rebuild")).status_code == 401


async def test_bad_input_is_refused_clearly(svc: SimpleNamespace) -> None:
    client = svc.client
    backwards = await client.get(
        "/outcomes/summary?from=2026-02-01&to=2026-01-01", headers=svc.staff
    )
    assert backwards.status_code == 422
    assert backwards.json()["error"] == "invalid_range"
    assert "must be on or before" in backwards.json()["message"]
    assert (
        await client.get("/outcomes/summary?prison_code=bai", headers=svc.staff)
    ).status_code == 422
    assert (
        await client.get("/outcomes/summary?from=yesterday", headers=svc.staff)
    ).status_code == 422
    page = await client.get("/outcomes?from=2026-02-01&to=2026-01-01", headers=svc.staff)
    assert page.status_code == 422 and "must be on or before" in page.text


async def test_status_and_a_rebuild_without_the_broker(svc: SimpleNamespace) -> None:
    client = svc.client
    await svc.feed(story(random_prison()))
    status = (await client.get("/outcomes/status", headers=svc.staff)).json()
    assert status["generation"] == 1 and status["consumer_group"] == "pathways.outcomes.g1"
    assert status["events_applied"] > 0 and status["rebuilding"] is False
    admin = bearer(svc.settings, "admin")
    refused = await client.post("/outcomes/rebuild", headers=admin)
    assert refused.status_code == 503 and "unchanged" in refused.json()["message"]
    after = (await client.get("/outcomes/status", headers=svc.staff)).json()
    assert after["generation"] == 1 and after["events_applied"] == status["events_applied"]
