"""The Mentee read model, kept from intake's events (never by calling intake)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pathways.mentoring.domain import vocabulary as v
from pathways.mentoring.domain.vocabulary import Slot
from pathways.platform.errors import Conflict, NotFound


class MenteeStatus(StrEnum):
    WAITING = "waiting"
    MATCHED = "matched"
    RELEASED = "released"
    TRANSFERRED = "transferred"  # kept for rows written before transfers meant custody there
    NO_CONSENT = "no_consent"  # referred, but not (or no longer) consenting to mentoring


@dataclass
class Mentee:
    """A referred person who may be supported by a mentor.

    `prison_code` is None until intake tells us where the person is (events can arrive out of
    order); such a mentee waits but cannot be matched. Empty `languages`/`availability` mean
    unknown.
    """

    person_id: UUID
    referred_at: datetime
    prison_code: str | None = None
    wing: str | None = None
    substances: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    availability: frozenset[Slot] = frozenset()
    status: MenteeStatus = MenteeStatus.WAITING

    @classmethod
    def referred(
        cls,
        *,
        person_id: UUID,
        referred_at: datetime,
        substances: Iterable[str] = (),
        prison_code: str | None = None,
        wing: str | None = None,
        languages: Iterable[str] = (),
        availability: Iterable[Slot] = (),
    ) -> Mentee:
        """A new referral to the programme: the person waits for a mentor."""
        return cls(
            person_id=person_id,
            referred_at=v.aware(referred_at, "referral time"),
            prison_code=v.prison_code(prison_code) if prison_code else None,
            wing=v.wing(wing),
            substances=v.substances(substances),
            languages=v.languages(languages),
            availability=frozenset(Slot(s) for s in availability),
        )

    @property
    def is_waiting(self) -> bool:
        return self.status is MenteeStatus.WAITING

    def received(self, prison_code: str, wing: str | None) -> None:
        """The person is (again) in custody at `prison_code`: after a release or a transfer
        they wait for a new mentor there; otherwise only the location changes."""
        self.prison_code, self.wing = v.prison_code(prison_code), v.wing(wing)
        if self.status in (MenteeStatus.RELEASED, MenteeStatus.TRANSFERRED):
            self.status = MenteeStatus.WAITING

    def moved_wing(self, wing: str | None) -> None:
        self.wing = v.wing(wing)

    def update_needs(
        self, *, substances: Iterable[str] | None = None, languages: Iterable[str] | None = None
    ) -> None:
        """A later referral or assessment adds what is known; None leaves a field as it is."""
        if substances is not None:
            self.substances = v.substances(substances)
        if languages is not None:
            self.languages = v.languages(languages)

    def matched(self) -> None:
        """Waiting -> matched; a Conflict from any other status."""
        if self.status is MenteeStatus.NO_CONSENT:
            raise Conflict(
                f"person {self.person_id} has not consented to mentoring", code="no_consent"
            )
        if self.status is not MenteeStatus.WAITING:
            raise Conflict(
                f"mentee {self.person_id} is {self.status}, not waiting", code="mentee_not_waiting"
            )
        self.status = MenteeStatus.MATCHED

    def back_to_waiting(self) -> bool:
        """Matched -> waiting after a match ended. Returns False from any other status."""
        if self.status is not MenteeStatus.MATCHED:
            return False
        self.status = MenteeStatus.WAITING
        return True

    def released(self) -> None:
        if self.status is not MenteeStatus.NO_CONSENT:
            self.status = MenteeStatus.RELEASED

    def consent_withdrawn(self) -> None:
        """Off the waiting list until consent is given again; needs shared under the consent
        are forgotten (only the person, their prison and wing stay)."""
        self.status, self.substances = MenteeStatus.NO_CONSENT, frozenset()

    def consent_given(self, *, released: bool) -> None:
        """Back on the waiting list (or released, if they were released meanwhile)."""
        if self.status is MenteeStatus.NO_CONSENT:
            self.status = MenteeStatus.RELEASED if released else MenteeStatus.WAITING

    def transferred(self, to_prison_code: str, wing: str | None = None) -> None:
        """In custody at `to_prison_code` now (no reception follows a transfer): the match
        here has ended, so the person waits for a mentor there. A released person stays so."""
        self.prison_code, self.wing = v.prison_code(to_prison_code), v.wing(wing)
        if self.status not in (MenteeStatus.RELEASED, MenteeStatus.NO_CONSENT):
            self.status = MenteeStatus.WAITING


def referred(mentee: Mentee | None, person_id: UUID) -> Mentee:
    """The mentee a store found, or NotFound (`mentee_not_found`): one rule for every store."""
    if mentee is None:
        raise NotFound(f"person {person_id} has not been referred", code="mentee_not_found")
    return mentee
