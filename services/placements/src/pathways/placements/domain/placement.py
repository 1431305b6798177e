"""A placement: started from an accepted offer, hours logged, then completed or ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

from pathways.placements.domain import events as ev
from pathways.placements.domain.eligibility import ensure_eligible
from pathways.placements.domain.person import CustodyStatus, PersonState
from pathways.placements.domain.placement_types import (
    MAX_HOURS_PER_DAY,
    PlacementOutcome,
    PlacementStatus,
    to_hours,
)
from pathways.placements.domain.providers import Opportunity
from pathways.placements.domain.referrals import Referral
from pathways.platform.checks import (
    local_date,
    not_before,
    not_in_future,
    optional_text,
    to_enum,
)
from pathways.platform.errors import Conflict, InvalidInput


@dataclass(frozen=True)
class HoursEntry:
    worked_on: date
    hours: Decimal


@dataclass
class Placement:
    person_id: UUID
    referral_id: UUID
    opportunity_id: UUID
    provider_id: UUID
    starts_on: date
    on_rotl: bool
    status: PlacementStatus = PlacementStatus.ACTIVE
    hours: list[HoursEntry] = field(default_factory=list)
    outcome: PlacementOutcome | None = None
    ended_on: date | None = None
    end_reason: str | None = None
    placement_id: UUID = field(default_factory=uuid4)
    events: list[ev.PlacementsEvent] = field(default_factory=list, compare=False, repr=False)

    @property
    def total_hours(self) -> Decimal:
        return sum((entry.hours for entry in self.hours), Decimal(0))

    def hours_on(self, day: date) -> Decimal:
        return sum((e.hours for e in self.hours if e.worked_on == day), Decimal(0))

    def log_hours(self, worked_on: date, hours: Decimal | int | float | str, today: date) -> None:
        """Add hours worked on a day: positive, ≤ 16 per day in total, within the placement."""
        self._ensure_active()
        amount = to_hours(hours)
        not_in_future(worked_on, today, "worked_on")
        not_before(worked_on, self.starts_on, "worked_on", "the start", "hours_before_start")
        day_total = self.hours_on(worked_on) + amount
        if day_total > MAX_HOURS_PER_DAY:
            raise InvalidInput(
                f"{day_total} hours on {worked_on.isoformat()} is implausible "
                f"(at most {MAX_HOURS_PER_DAY} a day)",
                code="hours_implausible",
            )
        self.hours.append(HoursEntry(worked_on, amount))
        self.events.append(ev.HoursLogged(self.placement_id, self.person_id, worked_on, amount))

    def end(
        self, outcome: PlacementOutcome, ended_on: date, today: date, reason: str | None = None
    ) -> None:
        """End with an outcome (`other` needs a reason); not before the start or logged hours.
        The caller closes the referral if the work with the person is over."""
        self._ensure_active()
        outcome = to_enum(PlacementOutcome, outcome, "outcome")
        reason = optional_text(reason)
        if outcome is PlacementOutcome.OTHER and reason is None:
            raise InvalidInput("ending with outcome 'other' needs a reason", code="reason_required")
        not_in_future(ended_on, today, "ended_on")
        not_before(ended_on, self.starts_on, "ended_on", "the start", "ended_before_start")
        last_worked = max((e.worked_on for e in self.hours), default=self.starts_on)
        not_before(ended_on, last_worked, "ended_on", "the last hours", "ended_before_hours")
        self.status, self.outcome = PlacementStatus.ENDED, outcome
        self.ended_on, self.end_reason = ended_on, reason
        self.events.append(
            ev.PlacementEnded(
                self.placement_id, self.person_id, outcome, ended_on, self.total_hours
            )
        )

    def end_by_recall(self, recalled_on: date, today: date) -> None:
        """Received back into custody after the release: the placement ends, outcome and
        reason `recalled`, on the recall day (or the last day worked, if hours came later)."""
        last_worked = max((e.worked_on for e in self.hours), default=self.starts_on)
        ended_on = min(max(recalled_on, last_worked), today)
        self.end(PlacementOutcome.RECALLED, ended_on, today, "recalled")

    def complete(self, ended_on: date, today: date) -> None:
        self.end(PlacementOutcome.COMPLETED, ended_on, today)

    def _ensure_active(self) -> None:
        if self.status is not PlacementStatus.ACTIVE:
            raise Conflict(
                f"placement {self.placement_id} already ended on {self.ended_on}",
                code="placement_ended",
            )


def start_placement(
    referral: Referral,
    opportunity: Opportunity,
    person: PersonState,
    active_placements: int,
    starts_on: date,
    today: date,
) -> Placement:
    """Start a placement for the referral's accepted offer of `opportunity`.

    `active_placements` is how many active placements the opportunity has now. Refused
    (nothing changed) unless: the referral is open with an accepted offer for this
    opportunity, the opportunity is open with a free place, the person is eligible (see
    eligibility.py) and `starts_on` is not in the future nor before the release/absence.
    """
    if person.person_id != referral.person_id:
        raise InvalidInput("the person does not match the referral", code="person_mismatch")
    referral.ensure_open()
    offer = referral.accepted_offer
    if offer is None or offer.opportunity_id != opportunity.opportunity_id:
        raise Conflict(
            f"referral {referral.referral_id} has no accepted offer of opportunity "
            f"{opportunity.opportunity_id}",
            code="no_accepted_offer",
        )
    opportunity.ensure_open()
    opportunity.ensure_space(active_placements)
    ensure_eligible(person, opportunity.disclosure_level)
    not_in_future(starts_on, today, "starts_on")
    earliest, what = _earliest_start(person)
    not_before(starts_on, earliest, "starts_on", what, "start_before_release_or_rotl")
    placement = Placement(
        person.person_id,
        referral.referral_id,
        opportunity.opportunity_id,
        opportunity.provider_id,
        starts_on,
        on_rotl=person.status is CustodyStatus.ON_ROTL,
    )
    referral.mark_placed(placement.placement_id)
    placement.events.append(
        ev.PlacementStarted(
            placement.placement_id,
            placement.person_id,
            placement.provider_id,
            placement.opportunity_id,
            referral.referral_id,
            starts_on,
            placement.on_rotl,
        )
    )
    return placement


def _earliest_start(person: PersonState) -> tuple[date, str]:
    """The first day a placement can start: the release day, or the day the ROTL began."""
    if person.status is CustodyStatus.RELEASED and person.release is not None:
        return person.release.released_on, "the release"
    if person.absence is None:  # unreachable once eligibility has passed
        raise Conflict("the person is in custody", code="in_custody")
    return local_date(person.absence.starts_at), "the temporary absence"
