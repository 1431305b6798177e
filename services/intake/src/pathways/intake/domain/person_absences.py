"""Temporary absences (ROTL) of a person: starting one and coming back."""

from __future__ import annotations

import uuid
from datetime import datetime

from pathways.platform.errors import Conflict, NotFound

from . import events as ev
from .custody import CustodyStatus, TemporaryAbsence, TemporaryAbsenceKind, check_rotl_allowed
from .person_core import PersonCore
from .values import require_aware


class PersonAbsences(PersonCore):
    """Release on temporary licence: needs custody, no open absence, an eligible category."""

    def start_temporary_absence(
        self,
        *,
        kind: TemporaryAbsenceKind,
        starts_at: datetime,
        ends_at: datetime,
        absence_id: uuid.UUID | None = None,
    ) -> TemporaryAbsence:
        """Start a ROTL. Needs custody, no open absence, and an eligible category."""
        self._require_in_prison("start a temporary absence")
        if self.status is CustodyStatus.ON_TEMPORARY_ABSENCE:
            raise Conflict(
                f"prison number {self.prison_number} is already on temporary absence",
                code="already_on_temporary_absence",
            )
        kind = TemporaryAbsenceKind(kind)
        require_aware(starts_at, "starts_at")
        require_aware(ends_at, "ends_at")
        absence = TemporaryAbsence(absence_id or uuid.uuid4(), kind, starts_at, ends_at)
        self._require_after_last_movement(starts_at, "starts_at")
        check_rotl_allowed(kind, self.category)
        self.absences.append(absence)
        self.status = CustodyStatus.ON_TEMPORARY_ABSENCE
        self.last_movement_at = starts_at
        self.events.append(
            ev.TemporaryAbsenceStarted(self.person_id, absence.absence_id, kind, starts_at, ends_at)
        )
        return absence

    def end_temporary_absence(self, *, absence_id: uuid.UUID, ended_at: datetime) -> None:
        """Record the return from the absence `absence_id`."""
        index = next((i for i, a in enumerate(self.absences) if a.absence_id == absence_id), None)
        if index is None:
            raise NotFound(
                f"temporary absence {absence_id} not found for prison number {self.prison_number}",
                code="absence_not_found",
            )
        absence = self.absences[index]
        if not absence.is_open:
            raise Conflict(
                f"temporary absence {absence_id} has already ended", code="absence_already_ended"
            )
        require_aware(ended_at, "ended_at")
        ended = TemporaryAbsence(
            absence.absence_id, absence.kind, absence.starts_at, absence.ends_at, ended_at
        )
        self.absences[index] = ended
        self.status = CustodyStatus.IN_CUSTODY
        self.last_movement_at = max(self.last_movement_at, ended_at)
        self.events.append(
            ev.TemporaryAbsenceEnded(
                self.person_id, absence_id, absence.kind, absence.starts_at, ended_at
            )
        )
