"""Reading GOV.UK form fields (date inputs are three boxes) and turning an API's refusal into
error-summary entries. The APIs validate; the pages only shape the request."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from pathways.web.clients import ApiRefused, ServiceUnavailable
from pathways.web.session import flash

Errors = list[tuple[str, str]]


def date_field(form: FormData, name: str, label: str, errors: Errors) -> str | None:
    """`name-day`, `name-month`, `name-year` -> ISO date, or an error for the summary."""
    parts = [str(form.get(f"{name}-{p}", "")).strip() for p in ("day", "month", "year")]
    if not any(parts):
        return None
    try:
        day, month, year = (int(p) for p in parts)
        return date(year, month, day).isoformat()
    except ValueError:
        errors.append((f"{name}-day", f"{label} must be a real date"))
        return None


def date_values(iso: str | None) -> dict[str, str]:
    if not iso:
        return {}
    on = date.fromisoformat(iso)
    return {"day": str(on.day), "month": str(on.month), "year": str(on.year)}


def refused_errors(refused: ApiRefused, fields: dict[str, str] | None = None) -> Errors:
    """The API's own messages, each linked to the form field it names (`fields` maps the
    API's field path to the form's id)."""
    fields = fields or {}
    found: Errors = []
    for where, text in refused.messages:
        top = where.split(".")[0] if where else ""
        target = fields.get(where) or fields.get(top) or ""
        label = where.replace("_", " ").replace(".", " ") if where else ""
        found.append((target, f"{label[:1].upper()}{label[1:]}: {text}" if label else text))
    return found


def values(form: FormData) -> dict[str, Any]:
    """The form as submitted, to show again beside its errors."""
    return {k: (form.getlist(k) if len(form.getlist(k)) > 1 else form.get(k)) for k in form}


async def submitted(
    request: Request,
    errors: Errors,
    call: Awaitable[object],
    fields: dict[str, str],
    down: Errors,
    then: tuple[str, str],
) -> RedirectResponse | None:
    """Await a form's request to an API. Accepted: flash `then`'s message and redirect to its
    path. Refused: add the API's messages (linked to the form's `fields`) to `errors`, or
    `down` when the service did not answer, and return None: the form is shown again."""
    try:
        await call
    except ApiRefused as refused:
        errors.extend(refused_errors(refused, fields))
    except ServiceUnavailable:
        errors.extend(down)
    else:
        done, to = then
        flash(request, done)
        return RedirectResponse(to, 303)
    return None
