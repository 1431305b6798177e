"""The community-treatment handover (issue 16): on a release plan, the recovery team refers
the person to the community treatment provider of their destination area, an appointment
is offered, and the first attendance (or a did-not-attend, or a refusal) is recorded.

One handover per custody period (keyed by that period's reception). The handover records its
own domain events; the service layer publishes them as `intake.community_treatment.*`."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pathways.platform.errors import Conflict, InvalidInput

PROVIDER_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")


class HandoverStatus(StrEnum):
    REFERRED = "referred"  # awaiting a first attendance
    ENGAGED = "engaged"  # attended for the first time (closed)
    NOT_ENGAGED = "not_engaged"  # did not attend, or declined (a rebooking may follow)


class TreatmentOutcome(StrEnum):
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"
    DECLINED = "declined"


def validate_provider_code(raw: str) -> str:
    code = raw.strip().upper() if isinstance(raw, str) else ""
    if not PROVIDER_CODE.match(code):
        raise InvalidInput(
            f"provider code {raw!r} must be 2-20 capital letters, digits or dashes",
            code="invalid_provider_code",
        )
    return code


@dataclass(frozen=True, slots=True)
class TreatmentProvider:
    """Reference data: the community treatment provider commissioned for one local
    authority area (an area has at most one active provider)."""

    provider_code: str
    name: str
    local_authority: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class Referred:
    handover: TreatmentHandover


@dataclass(frozen=True, slots=True)
class OutcomeRecorded:
    handover: TreatmentHandover


@dataclass(frozen=True, slots=True)
class Custody:
    """What the handover needs to know of the person (from the Person aggregate)."""

    prison_code: str
    period_started_at: datetime  # the reception of the current custody period
    has_release_plan: bool
    released_on: date | None  # local day of release in this period, None while in custody


@dataclass(eq=False)
class TreatmentHandover:
    handover_id: uuid.UUID
    person_id: uuid.UUID
    period_started_at: datetime
    prison_code: str
    provider_code: str
    referred_on: date
    appointment_on: date | None = None
    status: HandoverStatus = HandoverStatus.REFERRED
    outcome: TreatmentOutcome | None = None
    outcome_on: date | None = None
    attended_on: date | None = None
    events: list[Referred | OutcomeRecorded] = field(default_factory=list, repr=False)

    @classmethod
    def refer(
        cls,
        person_id: uuid.UUID,
        custody: Custody,
        provider: TreatmentProvider,
        *,
        referred_on: date,
        appointment_on: date | None,
        today: date,
        handover_id: uuid.UUID | None = None,
    ) -> TreatmentHandover:
        """A new handover: needs a release plan (or a release in this custody period)."""
        if not custody.has_release_plan and custody.released_on is None:
            raise Conflict(
                "refer to community treatment on a release plan: plan the release first",
                code="no_release_plan",
            )
        handover = cls(
            handover_id or uuid.uuid4(),
            person_id,
            custody.period_started_at,
            custody.prison_code,
            provider.provider_code,
            referred_on,
        )
        handover.change_referral(provider, referred_on, appointment_on, today=today)
        return handover

    def change_referral(
        self,
        provider: TreatmentProvider,
        referred_on: date,
        appointment_on: date | None,
        *,
        today: date,
    ) -> None:
        """Another provider or date before any attendance; published again (same id)."""
        self._require_open()
        if not provider.active:
            raise Conflict(
                f"provider {provider.provider_code} no longer takes referrals",
                code="provider_inactive",
            )
        _not_future(referred_on, today, "referred_on")
        _not_before(appointment_on, referred_on, "appointment_on")
        self.provider_code, self.referred_on = provider.provider_code, referred_on
        self.appointment_on = appointment_on
        self._reopen()

    def offer_appointment(self, on: date) -> None:
        """An appointment offered (or rebooked after a did-not-attend); published again."""
        self._require_open()
        _not_before(on, self.referred_on, "appointment_on")
        self.appointment_on = on
        self._reopen()

    def record_outcome(
        self, outcome: TreatmentOutcome, on: date, custody: Custody, *, today: date
    ) -> None:
        """The provider's report: attended (engaged), did not attend or declined."""
        self._require_open()
        _not_future(on, today, "on")
        _not_before(on, self.referred_on, "on")
        if outcome is not TreatmentOutcome.DECLINED:
            if custody.released_on is None:
                raise Conflict(
                    f"cannot record {outcome.value}: the person has not been released",
                    code="not_released",
                )
            _not_before(on, custody.released_on, "on")
        self.outcome, self.outcome_on = outcome, on
        if outcome is TreatmentOutcome.ATTENDED:
            self.status, self.attended_on = HandoverStatus.ENGAGED, on
        else:
            self.status = HandoverStatus.NOT_ENGAGED
        self.events.append(OutcomeRecorded(self))

    def _reopen(self) -> None:
        """Awaiting a first attendance again (after a change, or a rebooking)."""
        self.status, self.outcome, self.outcome_on = HandoverStatus.REFERRED, None, None
        self.events.append(Referred(self))

    def pull_events(self) -> list[Referred | OutcomeRecorded]:
        pulled, self.events = self.events, []
        return pulled

    def _require_open(self) -> None:
        if self.status is HandoverStatus.ENGAGED:
            raise Conflict(
                f"handover {self.handover_id} is closed: the person attended on "
                f"{self.attended_on.isoformat() if self.attended_on else '?'}",
                code="already_engaged",
            )


def _not_future(day: date, today: date, name: str) -> None:
    if day > today:
        raise InvalidInput(f"{name} {day.isoformat()} is in the future", code="date_in_future")


def _not_before(day: date | None, earliest: date, name: str) -> None:
    if day is not None and day < earliest:
        raise InvalidInput(
            f"{name} {day.isoformat()} is before {earliest.isoformat()}", code="date_too_early"
        )


def of_period(handovers: list[TreatmentHandover], started_at: datetime) -> TreatmentHandover | None:
    """The handover of the custody period that began at `started_at`, if any."""
    return next((h for h in handovers if h.period_started_at == started_at), None)
