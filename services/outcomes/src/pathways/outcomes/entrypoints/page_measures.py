"""The dashboard's two post-release sections: the national continuity-of-care measure beside
the national rate, and the programme's own contact after release (honestly named)."""

from __future__ import annotations

from html import escape

from pathways.outcomes.domain.continuity import LABELS, ReleaseClass
from pathways.outcomes.domain.results import Summary
from pathways.outcomes.entrypoints import charts


def _tiles(items: list[tuple[str, object]]) -> str:
    cells = "".join(
        f'<div class="tile"><b>{escape("n/a" if v is None else str(v))}</b>{escape(k)}</div>'
        for k, v in items
    )
    return f'<div class="tiles">{cells}</div>'


def continuity_section(s: Summary) -> tuple[str, str]:
    c = s.continuity_of_care
    line = (
        f"{c.engaged} of {c.due} releases of people with a treatment need engaged with "
        "community treatment (first attended) within 21 days of release"
    )
    return (
        "Continuity of care: community treatment within 21 days of release",
        charts.gauge(c.percent, national=c.national_rate_percent, target=c.target_percent)
        + f"<p>{escape(line)}. National rate {c.national_rate_percent:.0f}%, "
        f"ambition {c.target_percent:.0f}%.</p>"
        + _tiles(
            [
                ("engaged within 21 days", c.engaged),
                ("did not attend, declined or late", c.not_engaged),
                ("never referred to a provider", c.not_referred),
                ("referred, outcome not recorded", c.unknown),
                ("still within their 21 days", c.not_yet_due),
                ("released with no treatment need", c.released_without_need),
            ]
        )
        + drill_links(s),
    )


def drill_links(s: Summary) -> str:
    """Links to the people behind each class (the page checks role and caseload)."""
    prison = f"prison_code={s.prison_code}&amp;" if s.prison_code else ""
    query = f"{prison}from={s.from_date}&amp;to={s.to_date}"
    links = " · ".join(
        f'<a href="/outcomes/continuity?{query}&amp;status={c.value}">{escape(LABELS[c])}</a>'
        for c in ReleaseClass
    )
    return f'<p class="val">The people behind these figures: {links}</p>'


def programme_contact_section(s: Summary) -> tuple[str, str]:
    e = s.programme_contact_21_days
    line = f"{e.contacted} of {e.released} releases" + (
        f" ({e.still_in_window} still within their 21 days)" if e.still_in_window else ""
    )
    return (
        "Programme contact within 21 days of release",
        _tiles([("reached by the programme", e.contacted), ("% of releases", e.percent)])
        + f"<p>{escape(line)}: a release-day or day-7 family follow-up that reached the "
        "person (contact made or meeting held; not an unanswered call), or a placement "
        "started. This is the programme's own reach, not the national measure.</p>",
    )
