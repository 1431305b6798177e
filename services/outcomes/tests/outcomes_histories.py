"""Random fact histories (hypothesis) over a few people, prisons and days, for the property
test of the aggregates: every business id belongs to one person (as in the real topics)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import strategies as st

from pathways.contracts import family, intake, placements, treatment
from pathways.contracts import mentoring as m
from pathways.outcomes.domain.facts import Fact

START = date(2025, 3, 1)
PEOPLE = [uuid.UUID(int=i + 1) for i in range(3)]
PRISONS = ["AAI", "BBI", "FDI"]  # FDI is open
IDS = [uuid.UUID(int=100 + i) for i in range(6)]  # tasks, matches, … (id i → person i % 3)
REASONS = ["recalled", "new_custody_period"]
STATUSES = ["active", "paused", "in_training"]
OUTCOME = next(iter(treatment.NotEngagedOutcome))


def moment(offset: int, hour: int) -> datetime:
    return datetime.combine(START + timedelta(days=offset), time(hour), UTC)


def _event(kind: str, i: int, d: int, p: str, flag: bool) -> Any:
    person, ident, day = PEOPLE[i % 3], IDS[i], START + timedelta(days=d)
    mentor = PEOPLE[(i + 1) % 3]
    at = moment(d, 10)
    match kind:
        case "received":
            return intake.PersonReceived(
                person_id=person,
                prison_number="A1234BC",
                prison_code=p,
                received_at=at,
                reason="new_admission",
            )
        case "released":
            return intake.PersonReleased(
                person_id=person,
                prison_number="A1234BC",
                prison_code=p,
                released_at=at,
                release_type="licence",
            )
        case "transferred":
            return intake.PersonTransferred(
                person_id=person,
                from_prison_code=p,
                to_prison_code="FDI" if flag else "BBI",
                transferred_at=at,
            )
        case "recategorised":
            return intake.PersonRecategorised(person_id=person, category="D" if flag else "C")
        case "referred":
            return intake.PersonReferred(
                person_id=person,
                referral_id=ident,
                source="self",
                substances=["alcohol"],
                urgency="routine",
                prison_code=p if flag else None,
                referred_on=day if flag else None,
            )
        case "assessed":
            return intake.PersonAssessed(
                person_id=person,
                assessment_id=ident,
                assessed_on=day,
                barc10_total=40,
                clean_since=day - timedelta(days=90 * i) if flag else None,
            )
        case "rotl":
            return intake.TemporaryAbsenceStarted(
                person_id=person,
                absence_id=ident,
                kind="rotl_day",
                starts_at=at,
                ends_at=at + timedelta(hours=6),
            )
        case "enrolled":
            return m.MentorEnrolled(mentor_id=ident, person_id=person, prison_code=p)
        case "module":
            return m.MentorModuleCompleted(
                mentor_id=ident, person_id=person, module="mentoring_skills"
            )
        case "qualified":
            return m.MentorQualified(mentor_id=ident, person_id=person, award="OCN", awarded_on=day)
        case "status":
            return m.MentorStatusChanged(
                mentor_id=ident, person_id=person, status=STATUSES[(d + flag) % 3], reason="x"
            )
        case "match_made":
            return m.MatchMade(
                match_id=ident,
                mentor_id=IDS[0],
                mentor_person_id=mentor,
                mentee_person_id=person,
                score=0.5,
                made_on=day if flag else None,
            )
        case "match_ended":
            return m.MatchEnded(
                match_id=ident,
                mentor_person_id=mentor,
                mentee_person_id=person,
                reason="completed",
                ended_on=day if flag else None,
            )
        case "session":
            return m.SessionLogged(
                session_id=uuid.uuid4(),
                match_id=ident,
                mentee_person_id=person,
                kind="one_to_one" if flag else "first_night",
                held_on=day,
                minutes=30,
            )
        case "case":
            return family.CaseOpened(case_id=ident, person_id=person)
        case "scheduled":
            return family.FollowUpScheduled(
                task_id=ident,
                case_id=IDS[0],
                person_id=person,
                kind="release_day_contact" if flag else "day_7_check",
                due_on=day,
                owner="fw.a" if flag else None,
            )
        case "rescheduled":
            return family.FollowUpRescheduled(
                task_id=ident,
                case_id=IDS[0],
                person_id=person,
                kind="day_7_check",
                due_on=day,
                previous_due_on=day,
                owner="fw.b" if flag else None,
            )
        case "reassigned":
            return family.FollowUpReassigned(
                task_id=ident, case_id=IDS[0], person_id=person, kind="day_7_check", owner="fw.c"
            )
        case "completed":
            return family.FollowUpCompleted(
                task_id=ident,
                person_id=person,
                kind="release_day_contact",
                completed_on=day,
                outcome="contact_made" if flag else "no_answer",
            )
        case "cancelled":
            return family.FollowUpCancelled(
                task_id=ident,
                case_id=IDS[0],
                person_id=person,
                kind="day_7_check",
                reason=REASONS[flag],
            )
        case "placement_referral":
            return placements.ReferralCreated(
                referral_id=ident, person_id=person, trigger="release" if flag else "rotl"
            )
        case "placement_started":
            return placements.PlacementStarted(
                placement_id=ident,
                person_id=person,
                provider_id=IDS[0],
                starts_on=day,
                on_rotl=flag,
            )
        case "placement_ended":
            return placements.PlacementEnded(
                placement_id=ident,
                person_id=person,
                outcome="completed" if flag else "recalled",
                hours=10,
            )
        case "handover":
            return treatment.CommunityTreatmentReferred(
                person_id=person,
                handover_id=ident,
                prison_code=p,
                provider_code="CGL",
                referred_on=day,
                appointment_on=day + timedelta(days=3),
            )
        case "engaged":
            return treatment.CommunityTreatmentEngaged(
                person_id=person,
                handover_id=ident,
                prison_code=p,
                provider_code="CGL",
                attended_on=day,
            )
        case _:
            return treatment.CommunityTreatmentNotEngaged(
                person_id=person,
                handover_id=ident,
                prison_code=p,
                provider_code="CGL",
                outcome=OUTCOME,
                recorded_on=day,
            )


KINDS = ["received", "released", "transferred", "recategorised", "referred", "assessed", "rotl",
         "enrolled", "module", "qualified", "status", "match_made", "match_ended", "session",
         "case", "scheduled", "rescheduled", "reassigned", "completed", "cancelled",
         "placement_referral", "placement_started", "placement_ended", "handover", "engaged",
         "not_engaged"]  # fmt: skip
# the events most figures turn on, more often
KINDS += [
    "received",
    "released",
    "referred",
    "handover",
    "engaged",
    "completed",
    "status",
    "match_made",
    "scheduled",
    "qualified",
    "transferred",
    "released",
]


@st.composite
def histories(draw: st.DrawFn, max_size: int = 40) -> list[Fact]:
    facts = []
    for n in range(draw(st.integers(0, max_size))):
        kind = draw(st.sampled_from(KINDS))
        i, d = draw(st.integers(0, len(IDS) - 1)), draw(st.integers(0, 90))
        data = _event(kind, i, d, draw(st.sampled_from(PRISONS)), draw(st.booleans()))
        hour = draw(st.integers(0, 23))
        facts.append(Fact(f"e{n:03d}", moment(d, hour) + timedelta(seconds=n), data))
    return facts
