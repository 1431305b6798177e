"""Three staff journeys in a real browser against the real platform (every page axe-checked):
reception receives and refers a person; the coordinator runs matching and approves; the
family worker sees the release follow-ups appear once the release arrives from the prison's
feed, and completes one."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from browser_kit import accessible, prison_number, sign_in
from e2e_clients import FamilyClient, IntakeClient, MentoringClient, PlacementsClient
from e2e_platform import Feed, eventually
from playwright.sync_api import expect

pytestmark = pytest.mark.broker


def test_reception_officer_receives_and_refers_a_person(platform, web, page):
    noms, family_name = prison_number(), f"Reception{uuid.uuid4().hex[:6]}"
    sign_in(page, web, "ro.smith", ["intake"], "LEI")
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    page.get_by_role("link", name="Reception").click()
    accessible(page, "reception")
    page.get_by_label("Prison number").fill(noms)
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill(family_name)
    page.get_by_label("Detox unit").check()
    page.get_by_role("group", name="Dependency found").get_by_label("Drugs").check()
    page.get_by_role("button", name="Receive and continue to referral").click()
    expect(page.get_by_text(f"{noms} received at LEI")).to_be_visible()
    accessible(page, "referral")
    page.get_by_label("Opiates").check()
    page.get_by_label("Crack").check()
    page.locator("#consent_mentoring").check()
    page.locator("#consent_family").check()
    page.get_by_role("button", name="Refer").click()
    expect(page.get_by_text("Referral recorded")).to_be_visible()
    expect(page.get_by_text("Mentoring: consented")).to_be_visible()
    expect(page.get_by_text("Opiates, Crack")).to_be_visible()
    accessible(page, "person")
    page.get_by_role("link", name="Record an assessment").click()
    for n in range(1, 11):
        page.locator(f"#barc10_{n}").select_option("5")
    expect(page.locator("#barc10-total")).to_have_text("50 (10 of 10 answered)")
    accessible(page, "assessment")
    page.get_by_role("button", name="Record assessment").click()
    expect(page.get_by_text("Assessment recorded")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Caseload").click()
    page.get_by_label("Search by name or prison number").fill(noms.lower())
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=f"Sam {family_name}")).to_be_visible()
    expect(page.get_by_text("1 person matching your search")).to_be_visible()
    assert noms.lower() not in page.url.lower() and family_name not in page.url
    accessible(page, "caseload")


def _mentor(platform, feed, intake, mentoring, prison: str, today: date) -> str:
    noms = prison_number()
    feed.received(noms, prison, datetime.now(UTC) - timedelta(days=30))
    person_id = eventually(lambda: intake.person_id(noms), what="mentor received")
    mentor_id = mentoring.train_and_qualify(
        person_id,
        prison,
        today,
        wing="A",
        languages=["English"],
        lived_experience=["opiates"],
        availability=["morning"],
        capacity=3,
    )
    mentoring.activate(mentor_id)
    return person_id


def test_coordinator_runs_matching_and_approves(platform, web, page):
    """The coordinator trains an enrolled mentor (four modules), qualifies and activates
    them, then runs matching for a referred mentee and approves the proposal."""
    prison, today = "MDI", date.today()
    token = platform.token()
    intake = IntakeClient(platform.url("intake"), token)
    mentoring = MentoringClient(platform.url("mentoring"), token)
    feed = Feed(platform.bootstrap)
    mentor_noms = prison_number()
    feed.received(mentor_noms, prison, datetime.now(UTC) - timedelta(days=30))
    eventually(lambda: intake.person_id(mentor_noms), what="mentor received")

    sign_in(page, web, "coord.jones", ["mentoring", "intake"], prison)
    page.goto(f"{web.url}/mentoring")
    page.get_by_role("link", name="Start a training cohort").click()
    began = today - timedelta(weeks=6)
    page.get_by_label("Cohort name").fill(f"E2E cohort {uuid.uuid4().hex[:6]}")
    _fill_date(page, "Start date", began)
    accessible(page, "cohort-new")
    page.get_by_role("button", name="Record cohort").click()
    expect(page.get_by_text(re.compile("Cohort E2E cohort .* recorded"))).to_be_visible()
    page.get_by_label("Prison number").fill(mentor_noms)
    _fill_date(page, "Date enrolled", began)
    accessible(page, "cohort-enrol")
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text(f"{mentor_noms} enrolled in the cohort")).to_be_visible()
    accessible(page, "mentoring-training")
    for _ in range(4):
        page.get_by_role("button", name=re.compile("^Complete")).click()
        expect(page.get_by_text("Module completed")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Qualify")).click()
    expect(page.get_by_text("Mentor qualified")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Activate")).click()
    expect(page.get_by_text("Mentor activated")).to_be_visible()

    noms = prison_number()
    feed.received(noms, prison, datetime.now(UTC) - timedelta(days=2))
    mentee = eventually(lambda: intake.person_id(noms), what="mentee received")
    intake.refer(mentee, today, ["opiates"])
    eventually(
        lambda: _waiting_or_proposed(mentoring, prison, mentee), what="mentee waiting for a mentor"
    )
    page.reload()
    accessible(page, "mentoring-waiting")
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_text(re.compile(r"Matching run: \d+ proposals"))).to_be_visible()
    proposal = page.locator(".app-proposal").first
    expect(proposal).to_contain_text("Score")
    accessible(page, "mentoring-proposals")
    proposal.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.get_by_text("Match approved")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Log a session")).first.click()
    accessible(page, "log-session")
    page.get_by_label("Minutes").fill("30")
    page.get_by_role("button", name="Log session").click()
    expect(page.get_by_text("Session logged")).to_be_visible()
    match = mentoring.open_matches_as_mentee(mentee)
    assert len(match) == 1 and match[0]["status"] == "active", match
    intake.close()
    mentoring.close()


def _fill_date(page, legend: str, on: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(on.day))
    group.get_by_label("Month").fill(str(on.month))
    group.get_by_label("Year").fill(str(on.year))


def _waiting_or_proposed(mentoring: MentoringClient, prison: str, mentee: str) -> None:
    waiting = mentoring.call("GET", "/waiting", params={"prison_code": prison})["items"]
    proposed = mentoring.call(
        "GET", "/matches", params={"prison_code": prison, "status": "proposed"}
    )["items"]
    ids = {m["person_id"] for m in waiting} | {m["mentee_person_id"] for m in proposed}
    assert mentee in ids, (waiting, proposed)


def test_family_worker_sees_release_follow_ups_and_completes_one(platform, web, page):
    prison, today, worker = "WWI", date.today(), f"fw.{uuid.uuid4().hex[:8]}"
    token = platform.token()
    intake = IntakeClient(platform.url("intake"), token)
    family = FamilyClient(platform.url("family"), token)
    feed = Feed(platform.bootstrap)
    noms = prison_number()
    feed.received(noms, prison, datetime.now(UTC) - timedelta(days=40))
    person_id = eventually(lambda: intake.person_id(noms), what="person received")
    intake.refer(person_id, today, ["alcohol"])
    case = eventually(lambda: family.open_case(person_id, worker=worker), what="case opened")
    family.grant_consent(str(case["case_id"]), "probation", "release plans and follow-ups")
    intake.plan_release(person_id, today + timedelta(days=10))

    sign_in(page, web, worker, ["family", "intake", "placements"], prison)
    page.get_by_role("navigation").get_by_role("link", name="Family").click()
    expect(page.get_by_role("heading", name="My follow-ups")).to_be_visible()
    eventually(lambda: _reload_until(page, "Pre release meeting"), what="pre-release meeting")
    expect(page.get_by_text("Release day contact")).to_have_count(0)
    accessible(page, "family-home")

    feed.released(noms, prison, datetime.now(UTC) - timedelta(minutes=1))
    eventually(lambda: _reload_until(page, "Release day contact"), what="release follow-ups")
    expect(page.get_by_role("cell", name="Day 7 check", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Day 28 check", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("^Complete Release day contact")).click()
    accessible(page, "family-complete")
    page.get_by_label("Contact made").check()
    page.get_by_role("button", name="Complete follow-up").click()
    expect(page.get_by_text("Follow-up completed")).to_be_visible()
    expect(page.get_by_text("Release day contact")).to_have_count(0)
    done = [t for t in family.tasks(person_id) if t["kind"] == "release_day_contact"]
    assert [(t["status"], t["outcome"]) for t in done] == [("completed", "contact_made")]

    page.get_by_role("link", name=re.compile(noms)).first.click()
    expect(page.get_by_text("Day 7 check due")).to_be_visible()
    accessible(page, "person-released")
    page.get_by_role("link", name="Open the family case").click()
    expect(page.get_by_role("cell", name="Probation")).to_be_visible()
    accessible(page, "family-case")
    page.go_back()
    page.get_by_role("link", name="Release pack").click()
    expect(page.get_by_role("heading", name=re.compile("Release pack"))).to_be_visible()
    accessible(page, "release-pack")
    page.get_by_role("navigation").get_by_role("link", name="Placements").click()
    expect(page.get_by_role("heading", name="Placements")).to_be_visible()
    accessible(page, "placements")
    intake.close()
    family.close()


def _reload_until(page, text: str) -> None:
    page.reload()
    assert page.get_by_text(text).count() > 0, f"{text!r} not on the page yet"


def test_placements_lead_places_a_released_mentor_and_logs_hours(platform, web, page):
    """A qualified mentor released from the feed gets a placement referral; the lead
    risk-assesses, offers a role, records the acceptance, starts it and logs hours."""
    prison, today = "HMI", date.today()
    token = platform.token()
    intake = IntakeClient(platform.url("intake"), token)
    mentoring = MentoringClient(platform.url("mentoring"), token)
    placements = PlacementsClient(platform.url("placements"), token)
    feed = Feed(platform.bootstrap)
    mentor = _mentor(platform, feed, intake, mentoring, prison, today)
    provider = placements.call(
        "POST",
        "/providers",
        201,
        json={
            "name": f"Cafe {uuid.uuid4().hex[:6]}",
            "area": "Hull",
            "address": "1 High St",
            "supervisor": "J. Supervisor",
        },
    )
    role = f"Kitchen porter {uuid.uuid4().hex[:6]}"
    placements.call(
        "POST",
        f"/providers/{provider['provider_id']}/opportunities",
        201,
        json={"role_title": role, "capacity": 2, "hours_per_week": 20},
    )
    intake_person = intake.person(mentor)
    feed.released(intake_person["prison_number"], prison, datetime.now(UTC) - timedelta(minutes=1))
    eventually(lambda: _one_referral(placements, mentor), what="placement referral")

    sign_in(page, web, "pl.lead", ["placements", "intake"], prison)
    page.get_by_role("navigation").get_by_role("link", name="Placements").click()
    page.get_by_role("link", name=re.compile(intake_person["prison_number"])).click()
    accessible(page, "placement-referral")
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Record risk assessment").click()
    expect(page.get_by_text("Risk assessment recorded")).to_be_visible()
    option = page.locator("#opportunity_id option", has_text=role).get_attribute("value")
    page.get_by_label("Make an offer").select_option(value=option)
    page.get_by_role("button", name="Make offer").click()
    expect(page.get_by_text("Offer made")).to_be_visible()
    page.get_by_role("button", name="Accepted").click()
    page.get_by_role("button", name="Start the placement").click()
    expect(page.get_by_text("Placement started")).to_be_visible()
    page.get_by_label("Hours").fill("6.5")
    page.get_by_role("button", name="Log hours").click()
    expect(page.get_by_text("Hours logged")).to_be_visible()
    expect(page.get_by_text(re.compile(r"6\.50? hours worked"))).to_be_visible()
    accessible(page, "placement-started")
    for client in (intake, mentoring, placements):
        client.close()


def _one_referral(placements: PlacementsClient, person_id: str) -> None:
    assert len(placements.referrals(person_id)) == 1


def test_a_service_that_is_down_leaves_the_rest_of_the_person_page(platform, web, page):
    token = platform.token()
    intake = IntakeClient(platform.url("intake"), token)
    feed = Feed(platform.bootstrap)
    noms = prison_number()
    feed.received(noms, "DMI", datetime.now(UTC) - timedelta(days=1))
    person_id = eventually(lambda: intake.person_id(noms), what="person received")
    sign_in(page, web, "coord.down", ["intake", "mentoring", "family"], "DMI")
    platform.kill("mentoring")
    try:
        page.goto(f"{web.url}/people/{person_id}")
        expect(page.get_by_text("The mentoring service is not available")).to_be_visible()
        expect(page.get_by_role("heading", name="Custody")).to_be_visible()
        expect(page.get_by_text("No family case.")).to_be_visible()
        accessible(page)
    finally:
        platform.restart("mentoring")
        intake.close()
