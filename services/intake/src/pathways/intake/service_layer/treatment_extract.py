"""The secure-settings treatment extract (issue 16): per prison and date range, one row per
person released from that prison in the range (their latest release: intake keeps the
current custody period), with the items the national drug treatment monitoring system's
continuity-of-care audit uses. From intake's own data; every person in it is audited."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from pathways.intake.domain.person import Person
from pathways.intake.domain.treatment import TreatmentHandover, TreatmentOutcome
from pathways.intake.service_layer.unit_of_work import IntakeUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import InvalidInput

RESOURCE = "community_treatment"
WINDOW_DAYS = 21
MAX_DAYS = 366 * 5
COLUMNS = (
    "prison_number", "person_id", "prison_code", "reception_date", "substances",
    "prison_exit_date", "prison_exit_reason", "destination_area",
    "referral_on_release_status", "provider_code", "referred_on", "appointment_on",
    "community_engagement_date", "engaged_within_21_days",
)  # fmt: skip


@dataclass(frozen=True)
class ExtractQuery:
    actor: str
    prison_code: str
    start: date
    end: date


def _status(handover: TreatmentHandover | None) -> str:
    """Referral on release: not referred; referred (awaiting / engaged / not attended); declined."""
    if handover is None:
        return "not_referred"
    if handover.outcome is TreatmentOutcome.DECLINED:
        return "declined"
    return "referred"


def _row(p: Person, h: TreatmentHandover | None) -> list[str]:
    out = clock.local_day(p.released_at)  # type: ignore[arg-type]
    attended = h.attended_on if h else None
    within = "" if attended is None else ("yes" if (attended - out).days <= WINDOW_DAYS else "no")
    substances = ";".join(s.value for s in p.referrals[-1].substances) if p.referrals else ""
    return [
        p.prison_number, str(p.person_id), p.prison_code,
        clock.local_day(p.received_at).isoformat(), substances, out.isoformat(),
        p.release_type.value if p.release_type else "", p.destination_area or "", _status(h),
        h.provider_code if h else "", h.referred_on.isoformat() if h else "",
        h.appointment_on.isoformat() if h and h.appointment_on else "",
        attended.isoformat() if attended else "", within,
    ]  # fmt: skip


async def extract(query: ExtractQuery, uow: IntakeUnitOfWork) -> str:
    if query.start > query.end or query.end - query.start > timedelta(days=MAX_DAYS):
        raise InvalidInput("from must be on or before to, at most five years apart",
                           code="invalid_range")  # fmt: skip
    async with uow:
        found = []
        for person in await uow.people.released_from(query.prison_code):
            day = clock.local_day(person.released_at)  # type: ignore[arg-type]
            if query.start <= day <= query.end:
                found.append(person)
        handovers = await uow.treatment.of_people(p.person_id for p in found)
        by_period = {(h.person_id, h.period_started_at): h for h in handovers}
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for person in sorted(found, key=lambda p: (p.released_at, p.prison_number)):
            writer.writerow(_row(person, by_period.get((person.person_id, person.received_at))))
            await uow.audit(query.actor, "export", RESOURCE, person.person_id)
        await uow.commit()
    return out.getvalue()
