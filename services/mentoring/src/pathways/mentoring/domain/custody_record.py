"""What intake last said about a person: where they are, their custody, their consent to
mentoring, and every fact that arrived (`history`), so late and repeated events are judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from pathways.platform.checks import as_utc

IN_CUSTODY, RELEASED = "in_custody", "released"  # a transfer leaves a person in custody
HISTORY_LIMIT = 50


@dataclass
class CustodyRecord:
    """Where intake last said a person is; `history` keeps every fact that arrived."""

    person_id: UUID
    prison_code: str | None = None
    wing: str | None = None
    custody: str = IN_CUSTODY
    category: str | None = None
    custody_at: datetime | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    is_new: bool = True
    consent: dict[str, Any] = field(default_factory=dict)  # {"mentoring": bool, "at": iso}

    def note(self, event_type: str, at: datetime | None, applied: bool) -> None:
        entry = {"type": event_type, "at": at.isoformat() if at else None, "applied": applied}
        self.history = [*self.history, entry][-HISTORY_LIMIT:]

    @property
    def may_mentor(self) -> bool:
        """Consent to mentoring as intake last said; none heard means not shared."""
        return bool(self.consent.get("mentoring", False))

    def decide_consent(self, allowed: bool, at: datetime) -> bool:
        """Keep the newest consent fact; False when `at` is older than the one kept."""
        kept = self.consent.get("at")
        if kept is not None and as_utc(at) < datetime.fromisoformat(kept):
            return False
        self.consent = {"mentoring": allowed, "at": as_utc(at).isoformat()}
        return True

    def is_stale(self, at: datetime) -> bool:
        """An event older than the custody fact already applied (delivered out of order)."""
        return self.custody_at is not None and as_utc(at) < self.custody_at
