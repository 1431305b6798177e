"""Unique test identifiers: prison codes and prison numbers that never collide in one run.

A three-letter prison code has only 17,576 values, so codes drawn at random collide now and
then (the outcomes service tests once drew from 676 and a test's figures came out doubled:
another test of the module, sharing its database, had drawn the same prison). So nothing
here is drawn at random: each kind of identifier is a sequence, walked from a start that
changes from run to run (so a database or broker kept from an earlier run is not met again)
and, under pytest-xdist, striped by worker (worker `gwN` of `K` takes every K-th value from a
start the whole run shares), so no two tests of a run, in one process or across workers, get
the same one. Codes tests give a meaning to are never handed out.
"""

from __future__ import annotations

import hashlib
import os
import string
import uuid
from collections.abc import Callable, Iterable

LETTERS = string.ascii_uppercase
# Codes tests and the read side give a meaning to (the story's prisons, open prisons).
RESERVED: frozenset[str] = frozenset(
    {"BAI", "PVI", "ZZZ", "FDI", "LYI", "HBI", "NSI", "EHI", "SUI", "KMI", "TCI", "KVI"}
    | {"HDI", "SPI", "UPI", "ESI", "AGI"}
)
# Codes some tests write out literally: never handed out as a fresh code either.
LITERAL: frozenset[str] = frozenset(
    [
        "WWI",
        "WDI",
        "LEI",
        "HOI",
        "DMI",
        "LWI",
        "NMI",
        "MRI",
        "EXI",
        "BMI",
        "BLI",
        "WLI",
        "TSI",
        "MDI",
        "ISI",
        "HMI",
        "CFI",
        "BXI",
        "BWI",
        "QQQ",
        "XYZ",
        "XXX",
    ]
)
CODES = len(LETTERS) ** 3  # AAA..ZZZ
NUMBERS = len(LETTERS) * 10_000 * len(LETTERS) ** 2  # A0000AA..Z9999ZZ
_given: set[str] = set(RESERVED)


def _run_seed() -> int:
    """The same for every worker of one run (xdist's run id), fresh for every run."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
    return int.from_bytes(hashlib.sha256(run.encode()).digest()[:8], "big")


def _worker() -> tuple[int, int]:
    """(this worker's index, the number of workers): (0, 1) without xdist."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    index = int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else 0
    return index, max(count, 1)


_SEED = _run_seed()
_INDEX, _STRIDE = _worker()


class _Sequence:
    """Positions start + index, start + index + stride, … modulo `size`."""

    def __init__(self, size: int, salt: int) -> None:
        self.size, self.next = size, (_SEED + salt) % size + _INDEX

    def take(self) -> int:
        value, self.next = self.next % self.size, self.next + _STRIDE
        return value


def _letters(value: int, count: int) -> str:
    out = []
    for _ in range(count):
        value, index = divmod(value, len(LETTERS))
        out.append(LETTERS[index])
    return "".join(out)


def _fresh(
    sequence: _Sequence,
    make: Callable[[int], str],
    avoid: Callable[[str], bool] = lambda _: False,
) -> str:
    for _ in range(sequence.size // _STRIDE + 1):
        candidate = make(sequence.take())
        if candidate not in _given and candidate not in LITERAL and not avoid(candidate):
            _given.add(candidate)
            return candidate
    raise RuntimeError("no unused test identifier left")


_codes = _Sequence(CODES, 0)
_numbers = _Sequence(NUMBERS, 7919)


def unique_prison_code(among: Iterable[str] | None = None) -> str:
    """Three capital letters (the contract's pattern), never the same twice in a run.
    `among`: only these codes (e.g. intake's reference list, for tests through the feed,
    where intake ignores unknown prisons), each worker taking its own share of them."""
    if among is None:  # never the shape of a real prison code (…I): those are for `among`
        return _fresh(_codes, lambda n: _letters(n, 3), avoid=lambda code: code.endswith("I"))
    known = sorted(set(among))
    turn = _SEED % len(known) if known else 0
    share = (known[turn:] + known[:turn])[_INDEX::_STRIDE]
    for code in share:
        if code not in _given and code not in LITERAL:
            _given.add(code)
            return code
    raise RuntimeError(f"every prison code of this worker's share ({len(share)}) is given already")


def unique_prison_number() -> str:
    """A NOMS number (`^[A-Z][0-9]{4}[A-Z]{2}$`), never the same twice in a run."""

    def make(value: int) -> str:
        letters = _letters(value // 10_000, 3)
        return f"{letters[0]}{value % 10_000:04d}{letters[1:]}"

    return _fresh(_numbers, make)
