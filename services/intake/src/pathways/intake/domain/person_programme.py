"""The programme's record of a person: referrals, consent to share, and assessments."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime

from pathways.platform.errors import Conflict

from . import events as ev
from .assessments import Assessment, current_clean_since, days_clean, latest_first
from .instruments import Barc10, Top
from .person_core import PersonCore
from .referral import Consent, Referral


class PersonProgramme(PersonCore):
    """Referrals (only while in custody), consent on the latest one, assessments."""

    def refer(self, referral: Referral) -> None:
        """Add a referral to the programme (only while in custody)."""
        self._require_in_prison("refer")
        if any(r.referral_id == referral.referral_id for r in self.referrals):
            raise Conflict(
                f"referral {referral.referral_id} is already recorded", code="duplicate_referral"
            )
        self.referrals.append(referral)
        self.events.append(
            ev.PersonReferred(
                self.person_id,
                referral.referral_id,
                referral.source,
                referral.substances,
                referral.urgency,
                referral.allowed,
                referral.referred_on,
            )
        )

    def change_consent(self, consents: Iterable[Consent], *, at: datetime) -> Referral:
        """Record consent given or withdrawn after the referral (on the latest referral, whose
        consent is the one in force); published whole, so every team hears a withdrawal."""
        if not self.referrals:
            raise Conflict(
                f"person {self.person_id} has no referral to record consent on",
                code="no_referral",
            )
        latest = self.referrals[-1]
        for consent in consents:
            latest = latest.with_consent(consent)
        self.referrals[-1] = latest
        self.events.append(ev.ConsentChanged(self.person_id, latest.allowed, at))
        return latest

    def assess(
        self,
        *,
        assessed_on: date,
        today: date,
        barc10: Barc10 | None = None,
        top: Top | None = None,
        clean_since: date | None = None,
        assessment_id: uuid.UUID | None = None,
    ) -> Assessment:
        """Record an assessment (clean-since checked against the date of birth)."""
        assessment = Assessment.create(
            assessed_on=assessed_on,
            today=today,
            barc10=barc10,
            top=top,
            clean_since=clean_since,
            date_of_birth=self.date_of_birth,
            assessment_id=assessment_id,
        )
        if any(a.assessment_id == assessment.assessment_id for a in self.assessments):
            raise Conflict(
                f"assessment {assessment.assessment_id} is already recorded",
                code="duplicate_assessment",
            )
        self.assessments.append(assessment)
        self.events.append(
            ev.PersonAssessed(
                self.person_id,
                assessment.assessment_id,
                assessed_on,
                assessment.barc10_total,
                clean_since,
            )
        )
        return assessment

    @property
    def assessment_history(self) -> list[Assessment]:
        """Assessments, latest first."""
        return latest_first(self.assessments)

    def days_clean(self, today: date) -> int | None:
        """Days clean from the latest recorded clean-since date (None when never recorded)."""
        since = current_clean_since(self.assessments)
        return days_clean(since, today) if since else None
