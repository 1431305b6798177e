"""A small programme story in contract events, for one (random) prison, and the figures it
must produce for the range START..END. Used by unit, service and broker tests alike."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pathways.contracts import (
    CloudEvent,
    EventData,
    family,
    intake,
    mentoring,
    placements,
    treatment,
)
from pathways.testing.ids import unique_prison_code

START = date(2024, 3, 1)
END = START + timedelta(days=59)


def day(offset: int, hour: int = 10) -> datetime:
    return datetime.combine(START + timedelta(days=offset), time(hour), UTC)


def on(offset: int) -> date:
    return START + timedelta(days=offset)


def query(prison: str | None = None) -> str:
    """The query string of the story's range, for one prison or all."""
    where = f"prison_code={prison}&" if prison else ""
    return f"{where}from={START}&to={END}"


def random_prison() -> str:
    """A prison code no other test of this run uses (the service tests share one database
    per module, so a repeated code would count another test's story too)."""
    return unique_prison_code()


@dataclass(frozen=True)
class Step:
    data: EventData
    at: datetime

    def envelope(self) -> CloudEvent:
        event = CloudEvent.wrap(self.data, source="tests/outcomes")
        return event.model_copy(update={"time": self.at})


def story(prison: str, other: str = "ZZZ") -> list[Step]:
    ids = {n: uuid.uuid4() for n in ("M", "A", "B", "C", "E", "X", "T", "N")}
    M, A, B, C, E, X, T, N = (ids[n] for n in "MABCEXTN")
    mentor_m, mentor_x, mentor_t = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    m1, m2 = uuid.uuid4(), uuid.uuid4()
    case = uuid.uuid4()
    num = "A1234BC"
    HANDOVER: dict[uuid.UUID, uuid.UUID] = {}

    def received(p: uuid.UUID, at: int, code: str = prison) -> Step:
        return Step(
            intake.PersonReceived(
                person_id=p,
                prison_number=num,
                prison_code=code,
                received_at=day(at, 7),
                reason="new_admission",
            ),
            day(at, 7),
        )

    def released(p: uuid.UUID, at: int) -> Step:
        return Step(
            intake.PersonReleased(
                person_id=p,
                prison_number=num,
                prison_code=prison,
                released_at=day(at, 9),
                release_type="licence",
            ),
            day(at, 9),
        )

    def task(kind: str, due: int, done: int | None) -> list[Step]:
        task_id = uuid.uuid4()
        steps = [
            Step(
                family.FollowUpScheduled(
                    task_id=task_id,
                    case_id=case,
                    person_id=C,
                    kind=kind,
                    due_on=on(due),
                    owner="fw.story",
                ),
                day(4),
            )
        ]
        if done is not None:
            steps.append(
                Step(
                    family.FollowUpCompleted(
                        task_id=task_id,
                        person_id=C,
                        kind=kind,
                        completed_on=on(done),
                        outcome="contact_made",
                    ),
                    day(done, 15),
                )
            )
        return steps

    def treated(p: uuid.UUID, at: int) -> list[Step]:
        """Referred to the programme and handed over to community treatment on day `at`."""
        HANDOVER[p] = uuid.uuid4()
        return [
            Step(intake.PersonReferred(person_id=p, referral_id=uuid.uuid4(), source="healthcare",
                                       substances=["opiates"], urgency="routine"), day(at, 12)),
            Step(treatment.CommunityTreatmentReferred(
                person_id=p, handover_id=HANDOVER[p], prison_code=prison,
                provider_code="CGL-LEWISHAM", referred_on=on(at), appointment_on=on(at + 11),
            ), day(at, 13)),
        ]  # fmt: skip

    def assessed(p: uuid.UUID, at: int, clean_days_before: int | None) -> Step:
        clean = on(at) - timedelta(days=clean_days_before) if clean_days_before else None
        return Step(
            intake.PersonAssessed(
                person_id=p,
                assessment_id=uuid.uuid4(),
                assessed_on=on(at),
                barc10_total=40,
                clean_since=clean,
            ),
            day(at),
        )

    return [
        received(M, -100),
        received(A, 1),
        received(B, 2),
        received(C, 3),
        received(E, 4),
        received(X, -50),
        received(N, 2, other),
        Step(
            intake.PersonReferred(
                person_id=A,
                referral_id=uuid.uuid4(),
                source="reception",
                substances=["opiates"],
                urgency="routine",
            ),
            day(1, 12),
        ),
        Step(
            intake.PersonReferred(
                person_id=B,
                referral_id=uuid.uuid4(),
                source="self",
                substances=["alcohol"],
                urgency="routine",
            ),
            day(2, 12),
        ),
        Step(
            intake.PersonReferred(
                person_id=N,
                referral_id=uuid.uuid4(),
                source="self",
                substances=["alcohol"],
                urgency="routine",
            ),
            day(2, 12),
        ),
        assessed(A, 5, 100),
        assessed(B, 4, 400),
        assessed(B, 5, 15),
        *treated(C, 3),
        Step(
            intake.PersonReferred(
                person_id=E,
                referral_id=uuid.uuid4(),
                source="healthcare",
                substances=["crack"],
                urgency="routine",
            ),
            day(4, 12),
        ),
        released(C, 10),
        released(E, 15),
        Step(
            treatment.CommunityTreatmentEngaged(
                person_id=C,
                handover_id=HANDOVER[C],
                prison_code=prison,
                provider_code="CGL-LEWISHAM",
                attended_on=on(14),
            ),
            day(14, 16),
        ),
        Step(intake.PersonRecategorised(person_id=X, category="D"), day(20)),
        Step(
            intake.TemporaryAbsenceStarted(
                person_id=X,
                absence_id=uuid.uuid4(),
                kind="rotl_day",
                starts_at=day(25, 8),
                ends_at=day(25, 18),
            ),
            day(25, 8),
        ),
        Step(mentoring.MentorEnrolled(mentor_id=mentor_m, person_id=M, prison_code=prison), day(0)),
        Step(
            mentoring.MentorModuleCompleted(
                mentor_id=mentor_m, person_id=M, module="mentoring_skills"
            ),
            day(8),
        ),
        Step(
            mentoring.MentorQualified(
                mentor_id=mentor_m, person_id=M, award="OCN Level 2", awarded_on=on(20)
            ),
            day(20),
        ),
        Step(
            mentoring.MentorStatusChanged(
                mentor_id=mentor_m, person_id=M, status="active", reason="activated"
            ),
            day(21),
        ),
        Step(
            mentoring.MentorEnrolled(mentor_id=mentor_x, person_id=X, prison_code=prison), day(-60)
        ),
        Step(
            mentoring.MentorQualified(
                mentor_id=mentor_x, person_id=X, award="OCN Level 2", awarded_on=on(-30)
            ),
            day(-30),
        ),
        Step(
            mentoring.MentorEnrolled(mentor_id=mentor_t, person_id=T, prison_code=prison), day(30)
        ),
        Step(
            mentoring.MentorModuleCompleted(
                mentor_id=mentor_t, person_id=T, module="conflict_resolution"
            ),
            day(31),
        ),
        Step(
            mentoring.MatchMade(
                match_id=m1, mentor_id=mentor_m, mentor_person_id=M, mentee_person_id=A, score=0.8
            ),
            day(3),
        ),
        Step(
            mentoring.MatchEnded(
                match_id=m1, mentor_person_id=M, mentee_person_id=A, reason="completed"
            ),
            day(13),
        ),
        Step(
            mentoring.MatchMade(
                match_id=m2, mentor_id=mentor_m, mentor_person_id=M, mentee_person_id=B, score=0.7
            ),
            day(4),
        ),
        Step(
            mentoring.SessionLogged(
                session_id=uuid.uuid4(),
                match_id=m1,
                mentee_person_id=A,
                kind="first_night",
                held_on=on(3),
                minutes=30,
            ),
            day(3),
        ),
        *[
            Step(
                mentoring.SessionLogged(
                    session_id=uuid.uuid4(),
                    match_id=m2,
                    mentee_person_id=B,
                    kind="one_to_one",
                    held_on=on(d),
                    minutes=45,
                ),
                day(d),
            )
            for d in (5, 6)
        ],
        Step(family.CaseOpened(case_id=case, person_id=C), day(4)),
        *task("release_day_contact", 10, 10),
        *task("day_7_check", 17, 19),
        *task("day_28_check", 38, None),
        Step(
            placements.ReferralCreated(referral_id=uuid.uuid4(), person_id=C, trigger="release"),
            day(11),
        ),
        Step(
            placements.PlacementStarted(
                placement_id=(pc := uuid.uuid4()),
                person_id=C,
                provider_id=uuid.uuid4(),
                starts_on=on(12),
                on_rotl=False,
            ),
            day(11),
        ),
        Step(
            placements.PlacementEnded(placement_id=pc, person_id=C, outcome="completed", hours=60),
            day(40),
        ),
        Step(
            placements.PlacementStarted(
                placement_id=uuid.uuid4(),
                person_id=X,
                provider_id=uuid.uuid4(),
                starts_on=on(26),
                on_rotl=True,
            ),
            day(24),
        ),
    ]


EXPECTED: dict[str, Any] = {
    "mentors": {
        "enrolled": 2,
        "in_training": 1,
        "qualified": 1,
        "qualified_since_programme_began": 2,
        "active": 1,
        "open_matches_of_active": 1,
        "load_mean": 1.0,
        "load_max": 1,
    },
    "people": {"referred": 4, "supported": 2},
    "matches": {"made": 2, "ended": 1, "mean_days_ended": 10.0, "open": 1, "mean_days_open": 55.0},
    "sessions": {"total": 3, "by_kind": {"first_night": 1, "one_to_one": 2}},
    "family": {
        "cases_opened": 1,
        "followups_due": 3,
        "on_time": 1,
        "late": 1,
        "outstanding": 1,
        "on_time_percent": 33.3,
        "cancelled": 0,
        "cancelled_by_reason": {},
    },
    "placements": {
        "referrals": 1,
        "referrals_by_trigger": {"release": 1},
        "started": 2,
        "started_on_rotl": 1,
        "started_after_release": 1,
        "ended": 1,
        "completed": 1,
        "ended_recalled": 0,
    },
    "open_conditions": {"transfers": 1, "mentors": 1, "on_rotl": 1},
    "days_clean": {
        "assessed": 2,
        "with_clean_date": 2,
        "at_least_30": 2,
        "at_least_90": 1,
        "at_least_180": 0,
        "at_least_365": 0,
    },
    "continuity_of_care": {
        "released_with_need": 2,
        "due": 2,
        "engaged": 1,
        "not_engaged": 0,
        "not_referred": 1,
        "unknown": 0,
        "not_yet_due": 0,
        "released_without_need": 0,
        "percent": 50.0,
        "national_rate_percent": 41.0,
        "target_percent": 75.0,
    },
    "programme_contact_21_days": {
        "released": 2,
        "contacted": 1,
        "percent": 50.0,
        "still_in_window": 0,
    },
}


def figures_of(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: summary[k] for k in EXPECTED}
