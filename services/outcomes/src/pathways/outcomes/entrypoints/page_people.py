"""HTML for the drill-downs (issue 16): the people behind a figure, and the per-worker
follow-up table and drill-down links the dashboard shows; plain English, not codes."""

from __future__ import annotations

from datetime import date
from html import escape

from pathways.outcomes.domain.drill import DRILLS, Figure
from pathways.outcomes.domain.people import PersonRow
from pathways.outcomes.domain.results import Summary
from pathways.outcomes.domain.workers import WorkerFollowUps
from pathways.outcomes.entrypoints.labels import LABELS as CODES
from pathways.outcomes.entrypoints.page import _page


def _query(s: Summary) -> str:
    prison = f"prison_code={s.prison_code}&amp;" if s.prison_code else ""
    return f"{prison}from={s.from_date}&amp;to={s.to_date}"


def people_link(s: Summary, figure: Figure, text: str = "who") -> str:
    return f'<a href="/outcomes/figures/{figure.value}?{_query(s)}">{escape(text)}</a>'


def drill_list(s: Summary) -> tuple[str, str]:
    """A section linking every headline figure to the people behind it."""
    items = "".join(
        f"<li>{people_link(s, figure, drill.title)}: "
        + " · ".join(
            f'<a href="/outcomes/figures/{figure.value}?{_query(s)}&amp;status={code}">'
            f"{escape(label)}</a>"
            for code, label in drill.labels.items()
        )
        + "</li>"
        for figure, drill in DRILLS.items()
    )
    note = (
        "<p>Lists of people need the reporting role for the prison asked for (a national "
        "role for all prisons); every list is audited.</p>"
    )
    return ("The people behind each figure", f"{note}<ul>{items}</ul>")


WORKERS_OUTSIDE_CASELOAD = (
    "Family follow-ups due and overdue, by worker",
    '<p class="none">Shown for a prison of your caseload (or with the national role).</p>',
)


def workers_section(s: Summary, rows: list[WorkerFollowUps], as_of: date) -> tuple[str, str]:
    title = "Family follow-ups due and overdue, by worker"
    if not rows:
        return (title, '<p class="none">No follow-up is due and not done.</p>')
    body = "".join(
        f"<tr><td>{escape(r.owner or 'not recorded')}</td><td>{r.due}</td><td>{r.overdue}</td></tr>"
        for r in rows
    )
    return (
        title,
        f"<p>As of {as_of}: due = due date reached and not done; overdue "
        "= due before that day.</p><table><tr><th>Worker (staff id)</th><th>Due</th>"
        f"<th>Overdue</th></tr>{body}</table>"
        f"<p>{people_link(s, Figure.FOLLOWUPS_BY_WORKER, 'The follow-ups behind these')}</p>",
    )


def people_page(
    figure: Figure, rows: list[PersonRow], prison: str | None, status: str | None
) -> str:
    drill = DRILLS[figure]
    title = drill.title + (f": {drill.labels[status]}" if status else "")
    with_owner = any(r.owner for r in rows) or figure is Figure.FOLLOWUPS_BY_WORKER
    body = "".join(
        f"<tr><td>{escape(str(r.person_id))}</td><td>{r.on}</td>"
        f"<td>{escape(drill.labels.get(r.status, r.status))}</td>"
        f"<td>{escape(CODES.get(r.detail, r.detail) if r.detail else '')}</td>"
        + (f"<td>{escape(r.owner or 'not recorded')}</td>" if with_owner else "")
        + "</tr>"
        for r in rows
    )
    owner_head = "<th>Worker (staff id)</th>" if with_owner else ""
    table = (
        f"<table><tr><th>Person</th><th>{escape(drill.day)}</th><th>How it counts</th>"
        f"<th>Detail</th>{owner_head}</tr>{body}</table>"
        if rows
        else '<p class="none">Nobody.</p>'
    )
    where = prison or "all prisons"
    return _page(
        title,
        f"<p>{escape(where)}: {len(rows)} row(s). Open a person in intake "
        f'(GET /people/{{person_id}}) to act.</p>{table}<p><a href="/outcomes">Back</a></p>',
    )
