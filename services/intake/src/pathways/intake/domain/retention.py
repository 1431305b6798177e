"""When a person's case records fall due for erasure (issue 15): a person in custody never;
a released person once their last activity — the release, a later movement, a referral, an
assessment or a consent recorded — is older than the retention period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from pathways.intake.domain.custody import CustodyStatus
from pathways.intake.domain.person import Person


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, UTC)


def last_activity(person: Person) -> datetime | None:
    """The person's last recorded activity; None while they are in custody (or on ROTL)."""
    if person.status is not CustodyStatus.RELEASED:
        return None
    moments = [m for m in (person.released_at, person.last_movement_at) if m is not None]
    days = [r.referred_on for r in person.referrals]
    days += [c.recorded_on for r in person.referrals for c in r.consents]
    days += [a.assessed_on for a in person.assessments]
    return max([*moments, *map(_end_of, days)], default=None)


def is_due(person: Person, cutoff: datetime) -> bool:
    """Past retention: released, and nothing recorded since `cutoff`."""
    last = last_activity(person)
    return last is not None and last < cutoff
