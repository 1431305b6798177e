"""The people behind every headline figure and the follow-ups per worker (issue 16), on
SQLite and PostgreSQL: each drill-down lists what its figure counts, within the caseload,
audited, in plain English; a wrong figure or status is a 4xx, never a 500."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from outcomes_story import EXPECTED, query, random_prison, story
from sqlalchemy import select

from pathways.messaging.tables import audit_log
from pathways.outcomes.domain.drill import Figure
from pathways.testing.service import bearer

pytestmark = [pytest.mark.postgres]


async def test_every_figure_lists_the_people_it_counts(svc: SimpleNamespace) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    local = bearer(svc.settings, "reporting:read", subject="manager-2", caseloads=[prison])
    summary = (await svc.client.get(f"/outcomes/summary?{query(prison)}", headers=local)).json()

    async def rows(figure: Figure, status: str | None = None) -> list[dict]:
        url = f"/outcomes/figures/{figure.value}/people?{query(prison)}"
        response = await svc.client.get(url + (f"&status={status}" if status else ""),
                                        headers=local)  # fmt: skip
        assert response.status_code == 200, response.text
        return response.json()

    assert len(await rows(Figure.PEOPLE_REFERRED)) == EXPECTED["people"]["referred"]
    made = await rows(Figure.MATCHES_MADE)
    assert len(made) == EXPECTED["matches"]["made"]
    assert sorted(r["status"] for r in made) == ["ended", "open"]
    assert len(await rows(Figure.MENTORS_QUALIFIED)) == EXPECTED["mentors"]["qualified"]
    followups = await rows(Figure.FOLLOWUPS)
    assert len(followups) == EXPECTED["family"]["followups_due"]
    assert len(await rows(Figure.FOLLOWUPS, "on_time")) == EXPECTED["family"]["on_time"]
    assert len(await rows(Figure.PLACEMENTS_STARTED)) == EXPECTED["placements"]["started"]
    contact = await rows(Figure.PROGRAMME_CONTACT)
    assert len(contact) == summary["programme_contact_21_days"]["released"]
    reached = [r for r in contact if r["status"] == "contacted"]
    assert len(reached) == summary["programme_contact_21_days"]["contacted"]
    care = await rows(Figure.CONTINUITY, "engaged")
    assert len(care) == summary["continuity_of_care"]["engaged"]
    async with svc.app.state.runtime.sessions() as session:
        mine = select(audit_log.c.subject_id, audit_log.c.resource).where(
            audit_log.c.actor == "manager-2", audit_log.c.action == "list"
        )
        audited = set((await session.execute(mine)).all())
    assert {(r["person_id"], "followups") for r in followups} <= audited


async def test_drill_downs_keep_to_the_caseload_and_refuse_bad_input(
    svc: SimpleNamespace,
) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    url = f"/outcomes/figures/people_referred/people?{query(prison)}"
    outside = bearer(svc.settings, "reporting:read", caseloads=[random_prison()])
    refused = await svc.client.get(url, headers=outside)
    assert refused.status_code == 403 and refused.json()["error"] == "outside_caseload"
    local = bearer(svc.settings, "reporting:read", caseloads=[prison])
    national = await svc.client.get(f"/outcomes/figures/people_referred/people?{query()}",
                                    headers=local)  # fmt: skip
    assert national.status_code == 403
    wrong = await svc.client.get(url + "&status=engaged", headers=local)
    assert wrong.status_code == 422 and wrong.json()["error"] == "unknown_status"
    assert "referred" in wrong.json()["message"]
    unknown = await svc.client.get(f"/outcomes/figures/nothing/people?{query(prison)}",
                                   headers=local)  # fmt: skip
    assert unknown.status_code == 422
    page = await svc.client.get(f"/outcomes/figures/nothing?{query(prison)}", headers=local)
    assert page.status_code == 422


async def test_follow_ups_due_and_overdue_per_worker(svc: SimpleNamespace) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    response = await svc.client.get(f"/outcomes/followups/workers?{query(prison)}",
                                    headers=svc.staff)  # fmt: skip
    assert response.status_code == 200, response.text
    # the story's day-28 check (due day 38) was never done: overdue at the range end
    assert response.json() == [{"owner": "fw.story", "due": 1, "overdue": 1}]
    local = bearer(svc.settings, "reporting:read", caseloads=[prison])
    mine = await svc.client.get(f"/outcomes/followups/workers?{query(prison)}", headers=local)
    assert mine.json() == response.json()
    page = await svc.client.get(
        f"/outcomes/figures/followups_by_worker?{query(prison)}&status=overdue", headers=local
    )
    assert page.status_code == 200
    assert "Day-28 check" in page.text and "fw.story" in page.text
    assert "day_28_check" not in page.text and ">overdue<" not in page.text


async def test_staff_workloads_keep_to_the_caseload(svc: SimpleNamespace) -> None:
    """Follow-ups per worker name staff: like the people behind a figure, they are shown for
    a prison of the caseload only (the headline counts stay visible for any prison)."""
    prison = random_prison()
    await svc.feed(story(prison))
    outside = bearer(svc.settings, "reporting:read", caseloads=[random_prison()])
    refused = await svc.client.get(f"/outcomes/followups/workers?{query(prison)}",
                                   headers=outside)  # fmt: skip
    assert refused.status_code == 403 and refused.json()["error"] == "outside_caseload"
    html = (await svc.client.get(f"/outcomes?{query(prison)}", headers=outside)).text
    assert "Shown for a prison of your caseload" in html and "fw.story" not in html
    local = bearer(svc.settings, "reporting:read", caseloads=[prison])
    html = (await svc.client.get(f"/outcomes?{query(prison)}", headers=local)).text
    assert "fw.story" in html and "Shown for a prison of your caseload" not in html


async def test_the_dashboard_links_every_figure_to_its_people(svc: SimpleNamespace) -> None:
    prison = random_prison()
    await svc.feed(story(prison))
    html = (await svc.client.get(f"/outcomes?{query(prison)}", headers=svc.staff)).text
    for figure in Figure:
        assert f"/outcomes/figures/{figure.value}?prison_code={prison}" in html
    assert "Family follow-ups due and overdue, by worker" in html and "fw.story" in html
    assert "Not done yet" in html and "outstanding<" not in html
