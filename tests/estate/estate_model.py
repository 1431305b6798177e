"""The reference model: what every service must show after an estate's steps.

Plain Python, written from the design documents (contract.md "What each custody event
means", prison-feed.md, domain.md) and not from the services' code:
- only the delayed `prison-offender-events.prisoner.released` RELEASED is a release; court,
  hospital, temporary absence and transfer-out messages are not; a repeat or an older message
  changes nothing;
- a reception of a known person at another prison while in custody is a transfer (same
  custody period); a reception after a release starts a new custody period (a recall);
- a mentor keeps training and qualification: after a transfer or a recall they are
  `qualified` at the new prison until a coordinator activates them; a release makes them
  `left`;
- family, placements and outcomes follow each custody period (estate_family).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from estate_family import FamilyPlan
from estate_journeys import LONDON, OPEN_PRISONS, Estate, Step

RELEASED_TYPES = (
    "prisoner-offender-search.prisoner.released",
    "prison-offender-events.prisoner.released",
)
CONFIRMED_RELEASE = "prison-offender-events.prisoner.released"
ADMISSIONS = {
    "NEW_ADMISSION",
    "ADMISSION",
    "READMISSION",
    "READMISSION_SWITCH_BOOKING",
    "TRANSFERRED",
    "POST_MERGE_ADMISSION",
}
ROTL_KINDS = ("rotl_day", "rotl_overnight")


@dataclass
class Mentor:
    prison: str
    status: str  # qualified | active | left


@dataclass
class Referral:
    trigger: str  # release | rotl
    status: str = "open"  # open | closed
    closed_reason: str | None = None

    def row(self) -> tuple[str, str, str | None]:
        return (self.trigger, self.status, self.closed_reason)


@dataclass
class Person:
    noms: str
    custody: str = "unknown"  # in_custody | released
    prison: str = ""
    last_at: datetime | None = None
    periods: int = 0
    mentor: Mentor | None = None
    referred: bool = False
    family: FamilyPlan = field(default_factory=FamilyPlan)
    wing: str | None = None
    referrals: list[Referral] = field(default_factory=list)  # placement referrals, in order
    releases: list[tuple[str, datetime]] = field(default_factory=list)
    moved_to_open: bool = False

    @property
    def inside(self) -> bool:
        return self.custody == "in_custody"


class EstateModel:
    def __init__(self, estate: Estate) -> None:
        self.estate = estate
        self.today = estate.started.astimezone(LONDON).date()
        self.people = {n: Person(n) for n in estate.people}

    # ------------------------------------------------------------------ the feed
    def feed(self, step: Step) -> None:
        person, message = self.people[step.noms], step.message
        assert message is not None
        info = message["additionalInformation"]
        reason, prison, at = info["reason"], info["prisonId"], step.at
        if message["eventType"] in RELEASED_TYPES:
            confirmed = message["eventType"] == CONFIRMED_RELEASE and reason == "RELEASED"
            if confirmed and person.inside and not self.stale(person, at):
                self.release(person, at)
            return
        if person.custody == "unknown":
            if reason in ADMISSIONS:
                self.receive(person, prison, at)
            return
        if self.stale(person, at):
            return
        if person.custody == "released":
            self.receive(person, prison, at)
        elif prison != person.prison:
            self.transfer(person, prison, at)

    @staticmethod
    def stale(person: Person, at: datetime) -> bool:
        return person.last_at is not None and at < person.last_at

    def receive(self, person: Person, prison: str, at: datetime) -> None:
        recalled = person.custody == "released"
        person.custody, person.prison, person.last_at = "in_custody", prison, at
        person.periods, person.wing = person.periods + 1, None
        if person.mentor is not None:
            person.mentor = Mentor(prison, "qualified")
        if recalled:  # a new custody period: the previous one's work is closed
            person.family.recalled(at)
            for referral in person.referrals:
                if referral.status == "open":
                    referral.status, referral.closed_reason = "closed", "recalled"

    def transfer(self, person: Person, prison: str, at: datetime) -> None:
        if person.prison not in OPEN_PRISONS and prison in OPEN_PRISONS:
            person.moved_to_open = True
        person.prison, person.last_at, person.wing = prison, at, None
        if person.mentor is not None:
            person.mentor = Mentor(prison, "qualified")
        person.family.transferred()

    def release(self, person: Person, at: datetime) -> None:
        person.custody, person.last_at = "released", at
        person.releases.append((person.prison, at))
        if person.mentor is not None:
            person.referrals.append(Referral("release"))
            person.mentor = Mentor(person.prison, "left")
        person.family.released(at)

    # ------------------------------------------------------------------ staff calls
    def should_call(self, step: Step) -> bool:
        """Would staff make this call now? (a coordinator activates only a qualified mentor
        in custody, a second family case is not opened, and so on)"""
        person = self.people[step.noms]
        match step.op:
            case "train_mentor":
                return person.inside and person.mentor is None
            case "activate_mentor":
                return (
                    person.inside
                    and person.mentor is not None
                    and person.mentor.status == "qualified"
                )
            case "open_case":  # a case needs consent to family work, given at the referral
                return (
                    person.custody != "unknown"
                    and person.referred
                    and person.family.case_opened_on is None
                )
            case "refer" | "move_wing" | "plan_release" | "rotl":
                return person.inside
        raise ValueError(step.op)

    def call(self, step: Step) -> None:
        person = self.people[step.noms]
        match step.op:
            case "train_mentor":
                person.mentor = Mentor(
                    person.prison, "active" if step.args["activate"] else "qualified"
                )
            case "activate_mentor":
                assert person.mentor is not None
                person.mentor.status = "active"
            case "open_case":
                person.family.open_case(self.today)
            case "refer":
                person.referred = True
            case "move_wing":
                person.wing = step.args["wing"]
            case "plan_release":
                person.family.schedule(self.expected_on(step), self.today)
            case "rotl":
                person.last_at = datetime.fromisoformat(step.args["ends_at"])
                if person.mentor is not None:
                    person.referrals.append(Referral("rotl"))

    def expected_on(self, step: Step) -> date:
        from datetime import timedelta

        return self.today + timedelta(days=step.args["days_ahead"])

    # ------------------------------------------------------------------ the end
    def expected_open_matches(self) -> dict[str, int]:
        """Per prison: every waiting mentee is matched while an active mentor there has room
        (capacity 3 each), so open matches = min(mentees in custody, total capacity)."""
        mentees: dict[str, int] = {}
        capacity: dict[str, int] = {}
        for p in self.people.values():
            if p.inside and p.referred:
                mentees[p.prison] = mentees.get(p.prison, 0) + 1
            if p.inside and p.mentor is not None and p.mentor.status == "active":
                capacity[p.prison] = capacity.get(p.prison, 0) + 3
        return {prison: min(n, capacity.get(prison, 0)) for prison, n in mentees.items()}

    def outcome_figures(self) -> dict[str, Any]:
        people = list(self.people.values())
        triggers = [r.trigger for p in people for r in p.referrals]
        return {
            "mentors.enrolled": sum(p.mentor is not None for p in people),
            "mentors.qualified": sum(p.mentor is not None for p in people),
            "mentors.active": sum(
                p.mentor is not None and p.mentor.status == "active" for p in people
            ),
            "family.followups_due": sum(
                t.status == "open" and t.due_on <= self.today
                for p in people
                for t in p.family.tasks
            ),
            "people.referred": sum(p.referred for p in people),
            "family.cases_opened": sum(p.family.case_opened_on is not None for p in people),
            "placements.referrals_by_trigger.release": triggers.count("release"),
            "placements.referrals_by_trigger.rotl": triggers.count("rotl"),
            "matches.open": sum(self.expected_open_matches().values()),
            "programme_contact_21_days.released": sum(len(p.releases) for p in people),
            "open_conditions.transfers": sum(p.moved_to_open for p in people),
        }


def run_model(estate: Estate) -> EstateModel:
    """Apply every step in order; staff calls the model would not make are marked skipped."""
    model = EstateModel(estate)
    for step in estate.steps:
        if step.message is not None:
            model.feed(step)
        elif model.should_call(step):
            step.called = True
            model.call(step)
    return model
