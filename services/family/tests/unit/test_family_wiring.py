"""Settings and the mapping of domain events to the public contract (no I/O)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from pathways.family.domain import events as ev
from pathways.family.domain.contacts import ContactKind, ContactOutcome, ContactStatus
from pathways.family.domain.tasks import TaskKind
from pathways.family.service_layer.publishing import contract_event
from pathways.family.settings import Settings


def test_the_pre_release_lead_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("FAMILY_PRE_RELEASE_MEETING_DAYS", "21")
    settings = Settings()
    assert settings.family_pre_release_meeting_days == 21
    assert settings.planning_policy().pre_release_lead_days == 21
    assert Settings.model_fields["family_pre_release_meeting_days"].default == 14
    monkeypatch.setenv("FAMILY_PRE_RELEASE_MEETING_DAYS", "-1")
    with pytest.raises(ValueError):
        Settings()


def test_only_held_contacts_become_public_and_carry_no_notes() -> None:
    ids = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    held = ev.ContactRecorded(*ids, ContactKind.PHONE, date(2026, 1, 2), ContactStatus.HELD,
                              ContactOutcome.CONTACT_MADE)  # fmt: skip
    planned = ev.ContactRecorded(*ids, ContactKind.PHONE, date(2026, 1, 2), ContactStatus.PLANNED,
                                 None)  # fmt: skip
    public = contract_event(held)
    assert public is not None and public.event_type == "family.contact.recorded.v1"
    assert set(public.model_dump()) == {"case_id", "person_id", "kind", "on"}
    assert contract_event(planned) is None


def test_redated_and_cancelled_tasks_are_public_so_read_models_stay_right() -> None:
    task, case, person = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    kind = TaskKind.DAY_7_CHECK
    cancelled = contract_event(ev.FollowUpCancelled(task, case, person, kind, "transferred"))
    assert cancelled is not None and cancelled.event_type == "family.followup.cancelled.v1"
    assert (cancelled.task_id, cancelled.reason) == (task, "transferred")
    redated = ev.FollowUpRedated(task, case, person, kind, date(2026, 1, 9), date(2026, 1, 8))
    moved = contract_event(redated)
    assert moved is not None and moved.event_type == "family.followup.rescheduled.v1"
    assert (moved.due_on, moved.previous_due_on) == (date(2026, 1, 9), date(2026, 1, 8))
    scheduled = contract_event(ev.FollowUpScheduled(task, case, person, kind, date(2026, 1, 9)))
    assert scheduled is not None and scheduled.key() == str(person)
