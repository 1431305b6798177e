"""The readable form of a subject access report: one self-contained HTML page (no scripts,
no outside assets; prints to PDF from any browser), a section per service, each record as
a table of its fields, nested lists and records as nested tables."""

from __future__ import annotations

from html import escape
from typing import Any

STYLE = """body{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c}
h1{font-size:1.6em}h2{border-top:4px solid #1d70b8;padding-top:.4em;margin-top:1.6em}
table{border-collapse:collapse;margin:.3em 0 .8em}th,td{border:1px solid #b1b4b6;
padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f3f2f1;width:14em}
.none{color:#505a5f}.failed{color:#d4351c;font-weight:bold}
@media print{h2{page-break-before:always}}"""


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return _record(value)
    if isinstance(value, list):
        if not value:
            return '<span class="none">none</span>'
        return "".join(_value(item) for item in value)
    if value is None or value == "":
        return '<span class="none">—</span>'
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape(str(value))


def _record(record: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><th>{escape(_label(str(k)))}</th><td>{_value(v)}</td></tr>" for k, v in record.items()
    )
    return f"<table>{rows}</table>"


def _service(name: str, answer: dict[str, Any]) -> str:
    title = f"<h2>{escape(name.capitalize())}</h2>"
    if answer["status"] == 204:
        return f'{title}<p class="none">This service holds no data about the person.</p>'
    if answer["status"] != 200:
        error = escape(str(answer.get("error", "")))
        return f'{title}<p class="failed">No answer (status {answer["status"]}): {error}</p>'
    parts = [title]
    for section, content in answer["content"].items():
        count = len(content) if isinstance(content, list) else 1
        parts.append(f"<h3>{escape(_label(section))} ({count})</h3>{_value(content)}")
    return "".join(parts)


def render_html(report: dict[str, Any]) -> str:
    prn = escape(report["prisonNumber"])
    period = f"{report['fromDate'] or 'the start'} to {report['toDate'] or 'today'}"
    status = (
        "Every service answered."
        if report["complete"]
        else '<span class="failed">Incomplete: a service did not answer (see below).</span>'
    )
    body = "".join(_service(name, answer) for name, answer in report["services"].items())
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Subject access report {prn}</title><style>{STYLE}</style></head><body>"
        f"<h1>Subject access report: prison number {prn}</h1>"
        f"<p>Records from {escape(period)}; generated {escape(report['generatedAt'])}. "
        f"{status} Staff are named by role only; other people are not shown.</p>"
        f"{body}</body></html>\n"
    )
