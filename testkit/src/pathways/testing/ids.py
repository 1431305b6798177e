"""Unique test identifiers: prison codes and prison numbers that never collide in one run.

A three-letter prison code has only 17,576 values, so codes drawn at random from a small
alphabet collide now and then; tests sharing a database (a module-scoped service) then see
each other's people and every figure doubles. These come from uuid4 and are remembered, so
no code or number is handed out twice in a process, and none is a real code tests depend on.
"""

from __future__ import annotations

import string
import uuid
from collections.abc import Iterable

LETTERS = string.ascii_uppercase
# Codes tests and the read side give a meaning to (the story's prisons, open prisons).
RESERVED: frozenset[str] = frozenset(
    {"BAI", "PVI", "ZZZ", "FDI", "LYI", "HBI", "NSI", "EHI", "SUI", "KMI", "TCI", "KVI"}
    | {"HDI", "SPI", "UPI", "ESI", "AGI"}
)
_given: set[str] = set(RESERVED)


def _letters(value: int, count: int) -> str:
    out = []
    for _ in range(count):
        value, index = divmod(value, len(LETTERS))
        out.append(LETTERS[index])
    return "".join(out)


def _fresh(make: object) -> str:
    for _ in range(10_000):
        candidate = make()  # type: ignore[operator]
        if candidate not in _given:
            _given.add(candidate)
            return candidate
    raise RuntimeError("no unused test identifier left")


def unique_prison_code(among: Iterable[str] | None = None) -> str:
    """Three capital letters (the contract's pattern), never the same twice in a process.
    `among`: only these codes (e.g. intake's reference list, for tests through the feed,
    where intake ignores unknown prisons), taken in a uuid-drawn order."""
    if among is None:
        return _fresh(lambda: _letters(uuid.uuid4().int, 3))
    free = sorted(set(among) - _given)
    if not free:
        raise RuntimeError("every given prison code is used already")
    code = free[uuid.uuid4().int % len(free)]
    _given.add(code)
    return code


def unique_prison_number() -> str:
    """A NOMS number (`^[A-Z][0-9]{4}[A-Z]{2}$`), never the same twice in a process."""

    def make() -> str:
        value = uuid.uuid4().int
        digits = f"{value % 10_000:04d}"
        letters = _letters(value // 10_000, 3)
        return letters[0] + digits + letters[1:]

    return _fresh(make)
