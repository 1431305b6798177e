"""Hypothesis strategies for one person's custody journey, as intake's contract events.

A journey starts with a reception and then moves the way people in prison move: transfers,
temporary absences (ROTL and others) and their returns, releases, and receptions after a
release (recalls, new sentences). Times only go forward. `Journey.events(person_id)` gives the
`intake.*` events a producer would publish, and the small reference helpers say what every
consumer must end up with (contract.md, "What each custody event means"), independently of
any service's code. Meant for the services' property tests and the estate model alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID, uuid5

from hypothesis import strategies as st

from pathways.contracts import EventData, intake

START = datetime(2026, 1, 5, 8, tzinfo=UTC)
PRISONS = ("BAI", "PVI", "WDI", "HMI", "FDI")  # FDI is an open prison
ABSENCE_KINDS = tuple(k.value for k in intake.TemporaryAbsenceKind)


class Kind(StrEnum):
    RECEIVED = "received"
    TRANSFERRED = "transferred"
    ABSENCE_STARTED = "absence_started"
    ABSENCE_ENDED = "absence_ended"
    RELEASED = "released"


@dataclass(frozen=True)
class Move:
    kind: Kind
    at: datetime
    prison_code: str  # where the person is (for a transfer: where they go)
    from_prison_code: str | None = None  # transfers only
    reason: str | None = None  # receptions: new_admission | readmission
    absence: int | None = None  # absences: which one (start and end share it)
    absence_kind: str | None = None


@dataclass(frozen=True)
class Journey:
    moves: tuple[Move, ...]

    def events(self, person_id: UUID) -> list[EventData]:
        """The contract events intake publishes for this journey, in order."""
        return [_event(person_id, move) for move in self.moves]

    @property
    def releases(self) -> list[datetime]:
        return [m.at for m in self.moves if m.kind is Kind.RELEASED]

    @property
    def recalled_releases(self) -> list[datetime]:
        """Releases followed by a reception (their post-release work is cancelled)."""
        return [
            m.at
            for m, nxt in zip(self.moves, self.moves[1:], strict=False)
            if m.kind is Kind.RELEASED and nxt.kind is Kind.RECEIVED
        ]

    @property
    def periods_with_rotl(self) -> int:
        """Custody periods with at least one ROTL-kind absence (rotl_day, rotl_overnight)."""
        periods, seen = 0, False
        for move in self.moves:
            if move.kind is Kind.RECEIVED:  # the first reception, or one after a release
                seen = False
            rotl = move.absence_kind in {k.value for k in intake.ROTL_KINDS}
            if move.kind is Kind.ABSENCE_STARTED and rotl and not seen:
                periods, seen = periods + 1, True
        return periods

    @property
    def last(self) -> Move:
        return self.moves[-1]


def _event(person_id: UUID, move: Move) -> EventData:
    number = "A1234BC"
    if move.kind is Kind.RECEIVED:
        return intake.PersonReceived(
            person_id=person_id, prison_number=number, prison_code=move.prison_code,
            received_at=move.at, reason=move.reason,
        )  # fmt: skip
    if move.kind is Kind.TRANSFERRED:
        return intake.PersonTransferred(
            person_id=person_id, from_prison_code=move.from_prison_code,
            to_prison_code=move.prison_code, transferred_at=move.at,
        )  # fmt: skip
    if move.kind is Kind.RELEASED:
        return intake.PersonReleased(
            person_id=person_id, prison_number=number, prison_code=move.prison_code,
            released_at=move.at, release_type="conditional_release",
        )  # fmt: skip
    model = (
        intake.TemporaryAbsenceStarted
        if move.kind is Kind.ABSENCE_STARTED
        else intake.TemporaryAbsenceEnded
    )
    return model(
        person_id=person_id, absence_id=uuid5(person_id, f"absence-{move.absence}"),
        kind=move.absence_kind, starts_at=move.at, ends_at=move.at + timedelta(hours=8),
    )  # fmt: skip


def _next_kinds(state: str) -> list[Kind]:
    return {
        "in_custody": [Kind.TRANSFERRED, Kind.ABSENCE_STARTED, Kind.RELEASED],
        "absent": [Kind.ABSENCE_ENDED],
        "released": [Kind.RECEIVED],
    }[state]


@st.composite
def journeys(
    draw: st.DrawFn,
    max_moves: int = 12,
    prisons: tuple[str, ...] = PRISONS,
    start: datetime = START,
    max_gap_hours: int = 24 * 60,
) -> Journey:
    """A reception at one of `prisons`, then up to `max_moves` moves, hours to weeks apart."""
    at = start + timedelta(hours=draw(st.integers(0, 24 * 30)))
    prison = draw(st.sampled_from(prisons))
    moves = [Move(Kind.RECEIVED, at, prison, reason="new_admission")]
    state, absences = "in_custody", 0
    for _ in range(draw(st.integers(0, max_moves))):
        kind = draw(st.sampled_from(_next_kinds(state)))
        at += timedelta(hours=draw(st.integers(1, max_gap_hours)))
        if kind is Kind.TRANSFERRED:
            to = draw(st.sampled_from([p for p in prisons if p != prison] or [prison]))
            moves.append(Move(kind, at, to, from_prison_code=prison))
            prison = to
        elif kind is Kind.ABSENCE_STARTED:
            absences += 1
            absence_kind = draw(st.sampled_from(ABSENCE_KINDS))
            moves.append(Move(kind, at, prison, absence=absences, absence_kind=absence_kind))
            state = "absent"
        elif kind is Kind.ABSENCE_ENDED:
            started = moves[-1]
            moves.append(
                Move(kind, at, prison, absence=absences, absence_kind=started.absence_kind)
            )
            state = "in_custody"
        elif kind is Kind.RELEASED:
            moves.append(Move(kind, at, prison))
            state = "released"
        else:
            prison = draw(st.sampled_from(prisons))
            reason = draw(st.sampled_from(["readmission", "new_admission"]))
            moves.append(Move(kind, at, prison, reason=reason))
            state = "in_custody"
    return Journey(tuple(moves))


def with_repeats(draw: st.DrawFn, events: list[EventData]) -> list[EventData]:
    """Every event possibly delivered twice in a row (redelivery), as consumers must bear."""
    out: list[EventData] = []
    for event in events:
        out.extend([event] * draw(st.integers(1, 2)))
    return out
