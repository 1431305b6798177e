"""The dashboard's HTML: one self-contained page (inline CSS and SVG, nothing fetched)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pathways.outcomes.domain.results import Summary
from pathways.outcomes.entrypoints import charts
from pathways.outcomes.entrypoints.labels import label
from pathways.outcomes.entrypoints.page_measures import (
    continuity_section,
    programme_contact_section,
)

STYLE = """body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#0b0c0c;background:#fff}
header{background:#0b0c0c;color:#fff;padding:12px 24px}h1{font-size:24px;margin:0}
main{padding:16px 24px;max-width:1100px}form{margin:8px 0 16px}label{margin-right:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}
section{border:1px solid #b1b4b6;padding:12px}h2{font-size:19px;margin:0 0 8px}
.tiles{display:flex;flex-wrap:wrap;gap:8px}
.tile{background:#f3f2f1;padding:8px 12px;min-width:120px}
.tile b{display:block;font-size:28px}.lbl,.val{font-size:13px}.none{color:#505a5f}
.banner{background:#fff7bf;border-left:6px solid #ffdd00;padding:8px 12px;margin-bottom:12px}
table{border-collapse:collapse}td{padding:2px 10px 2px 0;font-size:14px}"""


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f'</title><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{STYLE}</style></head><body><header><h1>{escape(title)}</h1></header>"
        f"<main>{body}</main></body></html>"
    )


def message_page(title: str, message: str) -> str:
    return _page(title, f"<p>{escape(message)}</p>")


def _tiles(items: list[tuple[str, object]]) -> str:
    cells = "".join(
        f'<div class="tile"><b>{escape("n/a" if v is None else str(v))}</b>{escape(k)}</div>'
        for k, v in items
    )
    return f'<div class="tiles">{cells}</div>'


def _form(s: Summary) -> str:
    code = escape(s.prison_code or "")
    return (
        '<form method="get" action="/outcomes">'
        f'<label>Prison <input name="prison_code" value="{code}" size="4" maxlength="3" '
        'pattern="[A-Z]{3}" placeholder="all"></label>'
        f'<label>From <input type="date" name="from" value="{s.from_date}"></label>'
        f'<label>To <input type="date" name="to" value="{s.to_date}"></label>'
        '<button type="submit">Show</button></form>'
    )


def dashboard_page(s: Summary, rebuilding: bool, extra: Sequence[tuple[str, str]] = ()) -> str:
    """The dashboard; `extra`: more (title, html) sections after the post-release ones."""
    m, f, p = s.mentors, s.family, s.placements
    where = s.prison_code or "all prisons"
    banner = (
        '<p class="banner">The read model is being rebuilt: figures are still filling in.</p>'
        if rebuilding
        else ""
    )
    sections = [
        continuity_section(s),
        programme_contact_section(s),
        *extra,
        (
            "Peer mentors",
            _tiles(
                [
                    ("trained since the programme began", m.qualified_since_programme_began),
                    ("qualified in range", m.qualified),
                    ("enrolled", m.enrolled),
                    ("in training", m.in_training),
                    ("active", m.active),
                    ("mean people per active mentor", m.load_mean),
                    ("most people one mentor supports", m.load_max),
                ]
            ),
        ),
        (
            "People and matches",
            _tiles(
                [
                    ("referred", s.people.referred),
                    ("supported", s.people.supported),
                    ("matches made", s.matches.made),
                    ("matches ended", s.matches.ended),
                    ("mean match length, days (ended)", s.matches.mean_days_ended),
                    ("matches open now", s.matches.open),
                ]
            ),
        ),
        (
            "Mentoring sessions by kind",
            charts.bars([(label(k), v) for k, v in s.sessions.by_kind.items()], title="sessions"),
        ),
        (
            "Family follow-ups due in range",
            charts.stacked(
                [("on time", f.on_time), ("late", f.late), ("outstanding", f.outstanding)],
                title="follow-ups",
            )
            + _tiles(
                [
                    ("cases opened", f.cases_opened),
                    ("done on time (%)", f.on_time_percent),
                    *((f"cancelled: {label(k)}", v) for k, v in f.cancelled_by_reason.items()),
                ]
            ),
        ),
        (
            "Community placements",
            charts.bars(
                [
                    *((f"referred {label(k)}", v) for k, v in p.referrals_by_trigger.items()),
                    ("started after release", p.started_after_release),
                    ("started on ROTL", p.started_on_rotl),
                    ("completed", p.completed),
                ],
                title="placements",
            ),
        ),
        (
            "Open conditions and days clean",
            _tiles(
                [
                    ("moved to open conditions", s.open_conditions.transfers),
                    ("of them mentors", s.open_conditions.mentors),
                    ("mentors then on ROTL", s.open_conditions.on_rotl),
                ]
            )
            + charts.bars(
                [
                    (f"{n}+ days clean", getattr(s.days_clean, f"at_least_{n}"))
                    for n in (30, 90, 180, 365)
                ],
                title="days clean",
            ),
        ),
    ]
    body = "".join(f"<section><h2>{escape(t)}</h2>{html}</section>" for t, html in sections)
    heading = f"<p>{escape(where)}, {s.from_date} to {s.to_date}</p>"
    csv_link = '<p>Download: <a href="/outcomes/summary.csv?' + escape(_query(s)) + '">CSV</a></p>'
    return _page(
        "Pathways outcomes",
        banner + _form(s) + heading + f'<div class="grid">{body}</div>' + csv_link,
    )


def _query(s: Summary) -> str:
    prison = f"prison_code={s.prison_code}&" if s.prison_code else ""
    return f"{prison}from={s.from_date}&to={s.to_date}"
