"""Outcomes facts for the figures bench, made in memory and written set-based (PostgreSQL
COPY) straight into the `facts` table — no broker, no consumer. Person n's ~25 contract
events tell one custody story at one of 120 prisons over two years: reception, referral,
assessment, a match with a mentor of the prison (1 in 10 people are mentors: enrolled,
trained, qualified, active), sessions, maybe a transfer, the release (the match ends),
the family follow-ups, the community-treatment handover and a placement. Person ids are
UUID(int=n + 1), so each seeding step adds people whose ids sort after everyone before."""

from __future__ import annotations

import random
import string
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pathways.contracts import EventData, family, intake, placements, treatment
from pathways.contracts import mentoring as m

START = date(2024, 1, 1)
DAYS = 730
PRISONS = [a + b + "I" for a in string.ascii_uppercase for b in string.ascii_uppercase][:120]
MENTOR_EVERY = 10
COLUMNS = ("event_id", "event_type", "person_id", "other_person_id", "prison_code",
           "other_prison_code", "occurred_at", "recorded_at", "data")  # fmt: skip


def person_id(n: int) -> uuid.UUID:
    return uuid.UUID(int=n + 1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def story(n: int) -> list[tuple[datetime, EventData]]:
    rng = random.Random(n)
    p, prison = person_id(n), PRISONS[n // MENTOR_EVERY % len(PRISONS)]
    d0 = START + timedelta(days=rng.randrange(DAYS - 400))
    ident = iter(uuid.UUID(int=(n + 1) << 64 | k) for k in range(1, 64))
    out: list[tuple[datetime, EventData]] = []

    def add(day: date, data: EventData, hour: int = 10) -> None:
        out.append((at(day, hour), data))

    add(d0, intake.PersonReceived(person_id=p, prison_number=f"A{n % 10000:04d}BC",
        prison_code=prison, received_at=at(d0), reason="new_admission"))  # fmt: skip
    if n % MENTOR_EVERY == 0:
        mentor_id = next(ident)
        add(d0 + timedelta(3), m.MentorEnrolled(mentor_id=mentor_id, person_id=p,
            prison_code=prison))  # fmt: skip
        add(d0 + timedelta(9), m.MentorModuleCompleted(mentor_id=mentor_id, person_id=p,
            module="mentoring_skills"))  # fmt: skip
        add(d0 + timedelta(20), m.MentorQualified(mentor_id=mentor_id, person_id=p,
            award="OCN", awarded_on=d0 + timedelta(20)))  # fmt: skip
        add(d0 + timedelta(21), m.MentorStatusChanged(mentor_id=mentor_id, person_id=p,
            status="active", reason="qualified"))  # fmt: skip
        return out  # mentors serve long sentences: not released in the bench's years
    add(d0 + timedelta(2), intake.PersonReferred(person_id=p, referral_id=next(ident),
        source="self", substances=["alcohol"], urgency="routine", prison_code=prison,
        referred_on=d0 + timedelta(2)))  # fmt: skip
    add(d0 + timedelta(4), intake.PersonAssessed(person_id=p, assessment_id=next(ident),
        assessed_on=d0 + timedelta(4), barc10_total=rng.randrange(10, 60),
        clean_since=d0 - timedelta(rng.randrange(400))))  # fmt: skip
    mentor = person_id(n - n % MENTOR_EVERY)  # the mentor of the ten people of one prison
    match = next(ident)
    made = d0 + timedelta(10 + rng.randrange(20))
    add(made, m.MatchMade(match_id=match, mentor_id=next(ident), mentor_person_id=mentor,
        mentee_person_id=p, score=0.5, made_on=made))  # fmt: skip
    for k in range(rng.randrange(2, 6)):
        held = made + timedelta(7 * (k + 1))
        add(held, m.SessionLogged(session_id=next(ident), match_id=match, mentee_person_id=p,
            kind="one_to_one" if k else "first_night", held_on=held, minutes=45))  # fmt: skip
    if rng.random() < 0.3:
        moved = PRISONS[(n * 7 + 3) % len(PRISONS)]
        add(made + timedelta(40), intake.PersonTransferred(person_id=p, from_prison_code=prison,
            to_prison_code=moved, transferred_at=at(made + timedelta(40))))  # fmt: skip
    out_on = d0 + timedelta(60 + rng.randrange(300))
    add(out_on, intake.PersonReleased(person_id=p, prison_number=f"A{n % 10000:04d}BC",
        prison_code=prison, released_at=at(out_on), release_type="licence"))  # fmt: skip
    add(out_on, m.MatchEnded(match_id=match, mentor_person_id=mentor, mentee_person_id=p,
        reason="released", ended_on=out_on), 11)  # fmt: skip
    case = next(ident)
    add(out_on - timedelta(30), family.CaseOpened(case_id=case, person_id=p))
    for kind, due in (("release_day_contact", 0), ("day_7_check", 7)):
        task, due_on = next(ident), out_on + timedelta(due)
        add(out_on - timedelta(1), family.FollowUpScheduled(task_id=task, case_id=case,
            person_id=p, kind=kind, due_on=due_on, owner=f"fw.{n % 37}"))  # fmt: skip
        if rng.random() < 0.8:
            done = due_on + timedelta(rng.randrange(3))
            add(done, family.FollowUpCompleted(task_id=task, person_id=p, kind=kind,
                completed_on=done, outcome="contact_made"))  # fmt: skip
    handover = next(ident)
    add(out_on - timedelta(3), treatment.CommunityTreatmentReferred(person_id=p,
        handover_id=handover, prison_code=prison, provider_code="CGL",
        referred_on=out_on - timedelta(3), appointment_on=out_on + timedelta(4)))  # fmt: skip
    if rng.random() < 0.5:
        add(out_on + timedelta(5), treatment.CommunityTreatmentEngaged(person_id=p,
            handover_id=handover, prison_code=prison, provider_code="CGL",
            attended_on=out_on + timedelta(5)))  # fmt: skip
    placement = next(ident)
    add(out_on - timedelta(2), placements.ReferralCreated(referral_id=next(ident), person_id=p,
        trigger="release"))  # fmt: skip
    add(out_on + timedelta(10), placements.PlacementStarted(placement_id=placement,
        person_id=p, provider_id=next(ident), starts_on=out_on + timedelta(10),
        on_rotl=False))  # fmt: skip
    add(out_on + timedelta(90), placements.PlacementEnded(placement_id=placement, person_id=p,
        outcome="completed", hours=120))  # fmt: skip
    return out


def rows(n: int) -> list[tuple[Any, ...]]:
    """Person n's facts as `facts` rows (the columns FactStore.add writes)."""
    found = []
    for k, (moment, data) in enumerate(story(n)):
        prison, other = getattr(data, "prison_code", None), None
        if isinstance(data, intake.PersonTransferred):
            prison, other = data.to_prison_code, data.from_prison_code
        subject = getattr(data, "person_id", None) or data.mentee_person_id  # type: ignore[attr-defined]
        mentor = getattr(data, "mentor_person_id", None) if isinstance(
            data, m.MatchMade | m.MatchEnded) else None  # fmt: skip
        found.append((f"bench-{n}-{k}", data.event_type, str(subject), mentor and str(mentor),
                      prison, other, moment, moment, data.model_dump_json()))  # fmt: skip
    return found


async def seed(dsn: str, first: int, last: int) -> int:
    """People first..last-1 into the facts table with COPY; returns the facts written."""
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        batch: list[tuple[Any, ...]] = []
        written = 0
        for n in range(first, last):
            batch += rows(n)
            if len(batch) >= 50_000 or n == last - 1:
                await connection.copy_records_to_table("facts", records=batch, columns=COLUMNS)
                written, batch = written + len(batch), []
        return written
    finally:
        await connection.close()
