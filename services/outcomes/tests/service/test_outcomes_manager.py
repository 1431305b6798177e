"""Figures a manager acts on (issue 16), on SQLite and PostgreSQL: monthly trends, prisons
side by side, and the drill-down to the releases behind continuity of care (role reporting
within the caseload, audited)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from outcomes_story import EXPECTED, START, query, random_prison, story
from sqlalchemy import select

from pathways.messaging.tables import audit_log
from pathways.testing.service import bearer

pytestmark = [pytest.mark.postgres]


async def test_monthly_trends_add_up_to_the_summary(svc: SimpleNamespace) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    response = await svc.client.get(f"/outcomes/trends?{query(prison)}", headers=svc.staff)
    assert response.status_code == 200, response.text
    months = response.json()["months"]
    assert [m["month"] for m in months] == ["2024-03", "2024-04"]
    referred = sum(m["figures"]["people_referred"] for m in months)
    assert referred == EXPECTED["people"]["referred"]
    assert months[0]["figures"]["continuity_engaged"] == 1
    assert months[0]["figures"]["continuity_percent"] == 50.0


async def test_prisons_are_compared_side_by_side(svc: SimpleNamespace) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    response = await svc.client.get(f"/outcomes/prisons?{query()}", headers=svc.staff)
    rows = {r["prison_code"]: r["figures"] for r in response.json()}
    assert rows[prison]["continuity_percent"] == 50.0
    assert rows[prison]["people_referred"] == EXPECTED["people"]["referred"]


async def test_the_drill_down_lists_the_releases_within_the_caseload_audited(
    svc: SimpleNamespace,
) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    local = bearer(svc.settings, "reporting:read", subject="manager-1", caseloads=[prison])
    url = f"/outcomes/continuity/releases?{query(prison)}"
    rows = (await svc.client.get(url, headers=local)).json()
    assert sorted(r["status"] for r in rows) == ["engaged", "not_referred"]
    engaged = (await svc.client.get(url + "&status=engaged", headers=local)).json()
    assert [r["attended_on"] for r in engaged] == [str(START.replace(day=15))]
    async with svc.app.state.runtime.sessions() as session:
        mine = select(audit_log.c.subject_id).where(
            audit_log.c.actor == "manager-1", audit_log.c.action == "list"
        )
        audited = (await session.execute(mine)).scalars().all()
    assert {r["person_id"] for r in rows} <= set(audited)
    outside = bearer(svc.settings, "reporting:read", caseloads=[random_prison()])
    refused = await svc.client.get(url, headers=outside)
    assert refused.status_code == 403 and refused.json()["error"] == "outside_caseload"
    everywhere = await svc.client.get(f"/outcomes/continuity/releases?{query()}",
                                      headers=local)  # fmt: skip
    assert everywhere.status_code == 403
    page = await svc.client.get(f"/outcomes/continuity?{query(prison)}&status=engaged",
                                headers=local)  # fmt: skip
    assert page.status_code == 200 and "Engaged within 21 days" in page.text
    assert "engaged" not in page.text.replace("Engaged", "").split("<table")[1].lower()


async def test_the_dashboard_shows_trends_comparison_and_plain_labels(svc: SimpleNamespace) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    html = (await svc.client.get(f"/outcomes?{query(prison)}", headers=svc.staff)).text
    assert "Month by month" in html and "Prisons compared" in html and "<polyline" in html
    assert "Community treatment within 21 days of release (%)" in html
    assert f"/outcomes/continuity?prison_code={prison}" in html
    assert "One-to-one" in html and "one_to_one" not in html
