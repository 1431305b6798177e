"""HTML for a manager (issue 16): monthly trends, the prison comparison and the drill-down
list of releases behind the continuity-of-care figure; plain-English labels throughout."""

from __future__ import annotations

from html import escape
from typing import Any

from pathways.outcomes.domain.continuity import LABELS, ReleaseClass
from pathways.outcomes.domain.results import NATIONAL_RATE_PERCENT
from pathways.outcomes.domain.trends import HEADLINES, PrisonRow, Trends
from pathways.outcomes.entrypoints import charts
from pathways.outcomes.entrypoints.page import _page


def trends_section(trends: Trends) -> tuple[str, str]:
    def series(name: str) -> list[tuple[str, float | None]]:
        return [(m.month, getattr(m.figures, name)) for m in trends.months]

    national = (f"national {NATIONAL_RATE_PERCENT:.0f}%", NATIONAL_RATE_PERCENT)
    parts = []
    for name, label in HEADLINES.items():
        reference = national if name == "continuity_percent" else None
        chart = charts.line(series(name), title=label, reference=reference)
        parts.append(f"<h3>{escape(label)}</h3>{chart}")
    charts_html = "".join(parts)
    return ("Month by month", charts_html)


def prisons_section(rows: list[PrisonRow], query: str) -> tuple[str, str]:
    if not rows:
        return ("Prisons compared", '<p class="none">No prison has figures in this range.</p>')
    head = "".join(f"<th>{escape(label)}</th>" for label in HEADLINES.values())
    body = "".join(
        f'<tr><td><a href="/outcomes?prison_code={r.prison_code}&amp;{escape(query)}">'
        f"{r.prison_code}</a></td>"
        + "".join(f"<td>{_cell(getattr(r.figures, name))}</td>" for name in HEADLINES)
        + "</tr>"
        for r in rows
    )
    return ("Prisons compared", f"<table><tr><th>Prison</th>{head}</tr>{body}</table>")


def releases_page(
    rows: list[dict[str, Any]], prison: str | None, status: ReleaseClass | None
) -> str:
    title = LABELS[status] if status else "Every release"
    body = "".join(
        f"<tr><td>{escape(str(r['person_id']))}</td><td>{r['prison_code']}</td>"
        f"<td>{r['released_on']}</td><td>{escape(LABELS[r['status']])}</td>"
        f"<td>{r['attended_on'] or ''}</td></tr>"
        for r in rows
    )
    table = (
        "<table><tr><th>Person</th><th>Prison</th><th>Released</th><th>How it counts</th>"
        f"<th>First attended</th></tr>{body}</table>"
        if rows
        else '<p class="none">Nobody.</p>'
    )
    where = prison or "all prisons"
    return _page(
        f"Continuity of care: {title}",
        f"<p>{escape(where)}: {len(rows)} release(s). Open a person in intake "
        f'(GET /people/{{person_id}}) to act.</p>{table}<p><a href="/outcomes">Back</a></p>',
    )


def _cell(value: object) -> str:
    return "n/a" if value is None else escape(str(value))
