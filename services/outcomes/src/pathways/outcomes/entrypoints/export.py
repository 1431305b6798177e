"""The summary as rows of (figure, value) for the CSV export: dotted figure names, e.g.
`mentors.enrolled`, `sessions.by_kind.one_to_one`, `continuity_of_care.percent`."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from typing import Any

from pathways.outcomes.domain.results import Summary


def _flatten(prefix: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        rows: list[tuple[str, str]] = []
        for key, inner in value.items():
            rows += _flatten(f"{prefix}.{key}" if prefix else str(key), inner)
        return rows
    return [(prefix, "" if value is None else str(value))]


def summary_rows(summary: Summary) -> list[tuple[str, str]]:
    return _flatten("", asdict(summary))


def summary_csv(summary: Summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "value"])
    writer.writerows(summary_rows(summary))
    return out.getvalue()
