"""A person's programme-contact entries: one per release, `contacted` or not, and a mark
(`pc.pend`) on a release not contacted and not followed by a reception: it is
`still_in_window` while its 21 days are not over (the query knows today)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pathways.contracts import intake
from pathways.outcomes.domain.ledger_person import local_day
from pathways.outcomes.domain.release import CONTACT_DAYS, _contacts

if TYPE_CHECKING:
    from pathways.outcomes.domain.ledger import Ledger
    from pathways.outcomes.domain.ledger_person import PersonFacts


def contact_entries(view: PersonFacts, ledger: Ledger) -> None:
    releases: dict[datetime, str] = {}
    for _, d in view.of(intake.PersonReleased):
        releases.setdefault(d.released_at, d.prison_code)
    receptions = [d.received_at for _, d in view.of(intake.PersonReceived)]
    contacts = _contacts(view.scope).get(view.person, [])
    for released_at, prison in releases.items():
        day = local_day(released_at)
        last = day + timedelta(days=CONTACT_DAYS)
        back = min((r for r in receptions if r > released_at), default=None)
        if any(released_at <= at and (back is None or at < back) and day <= on <= last
               for at, on in contacts):  # fmt: skip
            ledger.point(prison, "pc|contacted", day)
            continue
        ledger.point(prison, "pc|not", day)
        if back is None:
            ledger.point(prison, "pc.pend", day)
