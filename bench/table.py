"""The summary `make bench` ends with: one row per workload of issue 14's table.

Each bench calls `record(...)` with what it measured and the baseline it measured in the same
run; `bench/run.py` prints every row at the end, so one run gives the whole table.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    workload: str
    now: str  # the figure, with its unit ("1,234 events/s", "p99 41 ms")
    baseline: str  # what it is compared with, measured in the same run ("—" if nothing)
    ratio: str  # now / baseline where that means something ("—" otherwise)
    goal: str


ROWS: list[Row] = []


def record(workload: str, now: str, baseline: str = "—", ratio: str = "—", goal: str = "") -> None:
    ROWS.append(Row(workload, now, baseline, ratio, goal))


def ratio_of(now: float, baseline: float) -> str:
    return f"{now / baseline:.1%}" if baseline else "—"


def print_table() -> None:
    header = Row("workload", "now", "baseline (same run)", "ratio", "goal")
    rows = [header, *ROWS]
    fields = list(Row.__dataclass_fields__)
    widths = {f: max(len(getattr(r, f)) for r in rows) for f in fields}
    print("== summary (issue 14's table) ==")
    for r in rows:
        print(" | ".join(getattr(r, f).ljust(widths[f]) for f in fields).rstrip())
