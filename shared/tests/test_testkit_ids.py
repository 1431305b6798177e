"""The test kit's unique ids: never twice in a run, in one process or across xdist workers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from pathways.testing.ids import LITERAL, RESERVED, unique_prison_code, unique_prison_number

PROGRAM = (
    "import json; from pathways.testing.ids import unique_prison_code as c, "
    "unique_prison_number as n; "
    "print(json.dumps([[c() for _ in range(3000)], [n() for _ in range(3000)], "
    "[c(among=[f'{a}{b}I' for a in 'JKLMNOPQ' for b in 'RSTUVWXY']) for _ in range(12)]]))"
)


def _in_worker(index: int, count: int, run: str) -> list[list[str]]:
    env = os.environ | {
        "PYTEST_XDIST_WORKER": f"gw{index}",
        "PYTEST_XDIST_WORKER_COUNT": str(count),
        "PYTEST_XDIST_TESTRUNUID": run,
    }
    out = subprocess.run([sys.executable, "-c", PROGRAM], env=env, capture_output=True, check=True)
    return json.loads(out.stdout)


def test_codes_and_numbers_are_well_formed_and_never_repeat_in_a_process() -> None:
    codes = [unique_prison_code() for _ in range(5000)]
    numbers = [unique_prison_number() for _ in range(5000)]
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert all(re.fullmatch(r"[A-Z][0-9]{4}[A-Z]{2}", n) for n in numbers)
    assert len(set(codes)) == len(codes) and len(set(numbers)) == len(numbers)
    assert not set(codes) & (RESERVED | LITERAL)


def test_a_code_among_given_ones_is_one_of_them_and_not_repeated() -> None:
    # real-prison shaped (…I), which fresh codes never take: any other shape may have been
    # handed out fresh by earlier tests of the process, whatever the run's seed
    among = {f"{a}{b}I" for a in "QRSTUVWX" for b in "JKLMNOPQ"}
    picked = [unique_prison_code(among=among) for _ in range(8)]
    assert set(picked) <= among and len(set(picked)) == len(picked)


def test_xdist_workers_of_one_run_never_hand_out_the_same_id() -> None:
    workers = [_in_worker(i, 3, "run-1") for i in range(3)]
    for kind in range(3):
        every = [value for worker in workers for value in worker[kind]]
        assert len(set(every)) == len(every), kind


def test_fresh_codes_leave_the_real_prisons_shape_to_among() -> None:
    """Fresh codes never end in I (every real prison code does), so however many a run
    draws, tests through the feed still find real prisons no other test has."""
    fresh = [unique_prison_code() for _ in range(3000)]
    assert not [c for c in fresh if c.endswith("I")]
    real = {f"{a}{b}I" for a in "ABCDEFGH" for b in "ABCDEFGH"}
    assert len({unique_prison_code(among=real) for _ in range(30)}) == 30


def test_among_never_hands_out_a_literal_code_and_refuses_when_used_up() -> None:
    literal = sorted(LITERAL)[:3]
    assert unique_prison_code(among=[*literal, "QZI"]) == "QZI"
    with pytest.raises(RuntimeError, match="given already"):
        unique_prison_code(among=[*literal, "QZI"])
