"""Intake's events through the consumer, on SQLite and PostgreSQL: referral, reception out of
order, release and transfer (also redelivered), whole-cohort matching."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pathways.contracts import CloudEvent

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


async def test_a_referral_before_the_reception_waits_without_a_prison(svc, events) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison)
    person = uuid.uuid4()
    await svc.deliver(events.referred(person))
    unplaced = await svc.get("/waiting")
    assert str(person) in [m["person_id"] for m in unplaced["items"]] or unplaced["total"] > 50
    assert await svc.published("mentoring.match.made.v1", person) == []
    await svc.deliver(events.received(person, prison, "A"))
    [made] = await svc.published("mentoring.match.made.v1", person)
    assert made["mentor_id"] == mentor["mentor_id"]


async def test_a_released_mentors_mentees_are_rematched_and_ends_published_once(
    svc, events
) -> None:
    prison = events.new_prison()
    leaving = await svc.active_mentor(prison, capacity=2)
    mentees = [await svc.newcomer(prison) for _ in range(2)]
    staying = await svc.active_mentor(prison, capacity=3, wing="Z")
    release = CloudEvent.wrap(
        events.released(uuid.UUID(leaving["person_id"]), prison), source="pathways/intake"
    )
    again = CloudEvent.wrap(
        events.released(uuid.UUID(leaving["person_id"]), prison), source="pathways/intake"
    )
    await svc.deliver(release, release)  # the same event twice in one batch
    await svc.deliver(release)  # and redelivered later
    await svc.deliver(again)  # and published twice by intake (another event id)
    for person in mentees:
        ended = await svc.published("mentoring.match.ended.v1", person)
        assert [(e["reason"], e["detail"]) for e in ended] == [("released", "mentor_released")]
        made = await svc.published("mentoring.match.made.v1", person)
        assert [m["mentor_id"] for m in made] == [leaving["mentor_id"], staying["mentor_id"]]
    statuses = await svc.published("mentoring.mentor.status_changed.v1", leaving["person_id"])
    assert [(s["status"], s["reason"]) for s in statuses][-1] == ("left", "released")
    assert [s["status"] for s in statuses].count("left") == 1
    assert (await svc.get(f"/mentors/{leaving['mentor_id']}"))["open_matches"] == 0


async def test_a_released_mentee_frees_the_place_for_the_next_in_the_queue(svc, events) -> None:
    prison = events.new_prison()
    mentor = await svc.active_mentor(prison, capacity=1)
    first = await svc.newcomer(prison)
    second = await svc.newcomer(prison)
    assert await svc.published("mentoring.match.made.v1", second) == []
    await svc.deliver(events.released(first, prison))
    [ended] = await svc.published("mentoring.match.ended.v1", first)
    assert (ended["reason"], ended["detail"]) == ("released", "mentee_released")
    [made] = await svc.published("mentoring.match.made.v1", second)
    assert made["mentor_id"] == mentor["mentor_id"]


async def test_a_transferred_mentee_waits_and_is_matched_at_the_new_prison(svc, events) -> None:
    """Exactly what intake publishes: a transfer, and no reception after it."""
    here, there = events.new_prison(), events.new_prison()
    await svc.active_mentor(here)
    person = await svc.newcomer(here)
    elsewhere = await svc.active_mentor(there, wing="B")
    now = datetime.now(UTC)
    moved = events.transferred(person, here, there, at=now + timedelta(seconds=5), wing="B")
    await svc.deliver(moved)
    [ended] = await svc.published("mentoring.match.ended.v1", person)
    assert (ended["reason"], ended["detail"]) == ("transferred", "mentee_transferred")
    made = await svc.published("mentoring.match.made.v1", person)
    assert made[-1]["mentor_id"] == elsewhere["mentor_id"]
    await svc.deliver(moved)  # redelivered: nothing ends twice
    assert len(await svc.published("mentoring.match.ended.v1", person)) == 1


async def test_a_transferred_mentor_stays_qualified_and_their_mentees_are_rematched(
    svc, events
) -> None:
    here, there = events.new_prison(), events.new_prison()
    moving = await svc.active_mentor(here, capacity=1)
    mentee = await svc.newcomer(here)
    staying = await svc.active_mentor(here, wing="Z")
    person = uuid.UUID(moving["person_id"])
    await svc.deliver(events.transferred(person, here, there))
    ended = await svc.published("mentoring.match.ended.v1", mentee)
    assert [(e["reason"], e["detail"]) for e in ended] == [("transferred", "mentor_transferred")]
    made = await svc.published("mentoring.match.made.v1", mentee)
    assert made[-1]["mentor_id"] == staying["mentor_id"]
    mentor = await svc.get(f"/mentors/{moving['mentor_id']}")
    assert (mentor["status"], mentor["prison_code"]) == ("qualified", there)
    assert mentor["qualification"] is not None
    assert len(await svc.published("mentoring.mentor.qualified.v1", person)) == 1
    path = f"/mentors/{moving['mentor_id']}/status"
    await svc.post(path, {"action": "activate"})


async def test_a_reception_after_release_is_a_new_custody_period(svc, events) -> None:
    prison, later = events.new_prison(), events.new_prison()
    mentor = await svc.active_mentor(prison)
    person = uuid.UUID(mentor["person_id"])
    now = datetime.now(UTC)
    await svc.deliver(events.released(person, prison, at=now + timedelta(seconds=2)))
    recalled = events.received(person, later, "C", at=now + timedelta(seconds=4))
    await svc.deliver(recalled)
    again = await svc.get(f"/mentors/{mentor['mentor_id']}")
    assert (again["status"], again["prison_code"]) == ("qualified", later)
    statuses = await svc.published("mentoring.mentor.status_changed.v1", person)
    assert [(s["status"], s["reason"]) for s in statuses][-2:] == [
        ("left", "released"),
        ("qualified", "received"),
    ]


async def test_a_readmission_closes_matches_left_open_by_a_missed_release(svc, events) -> None:
    prison = events.new_prison()
    await svc.active_mentor(prison)
    person = uuid.uuid4()
    now = datetime.now(UTC)
    await svc.deliver(events.received(person, prison, "A", at=now), events.referred(person))
    readmitted = events.received(
        person, prison, "A", at=now + timedelta(seconds=3), reason="readmission"
    )
    await svc.deliver(readmitted)
    ended = await svc.published("mentoring.match.ended.v1", person)
    assert [e["reason"] for e in ended] == ["new_custody_period"]
    assert len(await svc.published("mentoring.match.made.v1", person)) == 2  # waits again


async def test_a_wing_move_changes_the_wing_used_for_same_wing_scoring(svc, events) -> None:
    prison = events.new_prison()
    person = uuid.uuid4()
    now = datetime.now(UTC)
    await svc.deliver(events.received(person, prison, "A", at=now), events.referred(person))
    await svc.deliver(events.location_changed(person, prison, "D", at=now + timedelta(seconds=1)))
    await svc.deliver(events.location_changed(person, "ZZZ", "E", at=now + timedelta(seconds=2)))
    await svc.deliver(events.location_changed(person, prison, "F", at=now - timedelta(days=1)))
    [waiting] = (await svc.get("/waiting", prison_code=prison))["items"]
    assert (waiting["person_id"], waiting["wing"]) == (str(person), "D")
    near = await svc.active_mentor(prison, wing="D", capacity=1)
    [made] = await svc.published("mentoring.match.made.v1", person)
    assert made["mentor_id"] == near["mentor_id"]


async def test_a_custody_event_older_than_the_last_is_kept_but_not_applied(svc, events) -> None:
    prison = events.new_prison()
    await svc.active_mentor(prison)
    person = uuid.uuid4()
    now = datetime.now(UTC)
    await svc.deliver(events.received(person, prison, "A", at=now), events.referred(person))
    await svc.deliver(events.released(person, prison, at=now - timedelta(days=30)))
    assert await svc.published("mentoring.match.ended.v1", person) == []
    [match] = (await svc.get("/matches", person_id=str(person)))["items"]
    assert match["status"] == "active"


async def test_a_batch_is_matched_over_the_whole_cohort_not_first_come_first_served(
    svc, events
) -> None:
    prison = events.new_prison()
    a = await svc.active_mentor(prison, wing="A", capacity=1)
    b = await svc.active_mentor(prison, wing="B", capacity=1)
    oldest, younger = uuid.uuid4(), uuid.uuid4()
    await svc.post(
        "/non-associations",
        {"first_person_id": str(younger), "second_person_id": b["person_id"]},
        201,
    )
    # FCFS would give the oldest (wing A) mentor A, leaving the younger one with nobody.
    await svc.deliver(
        events.received(oldest, prison, "A"),
        events.referred(oldest),
        events.received(younger, prison, "A"),
        events.referred(younger),
    )
    [first] = await svc.published("mentoring.match.made.v1", oldest)
    [second] = await svc.published("mentoring.match.made.v1", younger)
    assert (first["mentor_id"], second["mentor_id"]) == (b["mentor_id"], a["mentor_id"])
