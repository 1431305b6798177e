"""The retention policy (periods from settings, cutoffs at a moment) and which person an
event is about, as the kit's consumer and purge reckon them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from pathways.contracts import mentoring
from pathways.contracts.intake import RetentionApplied
from pathways.messaging.forgetting import subject_of
from pathways.platform.retention import RetentionPolicy, past_retention
from pathways.platform.settings import ServiceSettings

AS_OF = datetime(2033, 6, 1, 12, tzinfo=UTC)


def test_the_documented_defaults() -> None:
    policy = RetentionPolicy.from_settings(ServiceSettings())
    assert policy.case_records == timedelta(days=6 * 365 + 2)  # six years, leap days too
    assert policy.audit == timedelta(days=2 * 365 + 1)
    assert policy.messages == timedelta(days=90)
    assert ServiceSettings().retention_purge_interval_seconds == 86_400


def test_settings_come_from_the_environment_and_zero_days_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("RETENTION_CASE_RECORDS_DAYS", "3650")
    monkeypatch.setenv("RETENTION_PURGE_INTERVAL_SECONDS", "0")
    settings = ServiceSettings()
    assert settings.retention_case_records_days == 3650
    assert settings.retention_purge_interval_seconds == 0
    with pytest.raises(ValidationError):
        ServiceSettings(retention_messages_days=0)


def test_cutoffs_are_the_periods_back_from_the_moment() -> None:
    policy = RetentionPolicy(timedelta(days=10), timedelta(days=5), timedelta(days=1))
    cutoffs = policy.cutoffs(AS_OF)
    assert cutoffs.as_of == AS_OF
    assert cutoffs.case_records == AS_OF - timedelta(days=10)
    assert cutoffs.audit == AS_OF - timedelta(days=5)
    assert cutoffs.messages == AS_OF - timedelta(days=1)
    naive = policy.cutoffs(AS_OF.replace(tzinfo=None))
    assert naive.as_of == AS_OF  # a naive moment is read as UTC


def test_past_retention_is_strictly_before_the_cutoff_and_unknown_is_kept() -> None:
    assert past_retention(AS_OF - timedelta(seconds=1), AS_OF)
    assert not past_retention(AS_OF, AS_OF)
    assert not past_retention(None, AS_OF)
    assert past_retention((AS_OF - timedelta(days=1)).replace(tzinfo=None), AS_OF)


def test_an_event_is_about_the_person_its_key_names() -> None:
    person = uuid.uuid4()
    assert subject_of(RetentionApplied(person_id=person, applied_at=AS_OF)) == str(person)
    ended = mentoring.MatchEnded.model_construct(
        match_id=uuid.uuid4(), mentor_person_id=uuid.uuid4(), mentee_person_id=person
    )
    assert subject_of(ended) == str(person)  # the mentee: the match events' key
    assert subject_of(object()) is None
