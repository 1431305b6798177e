"""How values read on a page: dates in the GOV.UK style, codes as words, the release
countdown and the Friday warning."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from markupsafe import Markup

WEEKDAY_FRIDAY = 4


def _as_date(value: str | date | datetime | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()


def long_date(value: str | date | datetime | None) -> str:
    """1 December 2026 (GOV.UK style)."""
    day = _as_date(value)
    return f"{day.day} {day:%B %Y}" if day else ""


def short_date(value: str | date | datetime | None) -> str:
    day = _as_date(value)
    return f"{day.day} {day:%b %Y}" if day else ""


def date_time(value: str | None) -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"


def words(code: str | None) -> str:
    """first_night_centre -> First night centre."""
    if not code:
        return ""
    text = str(code).replace("_", " ")
    return text[:1].upper() + text[1:]


def days_until(value: str | date | None, today: date) -> int | None:
    day = _as_date(value)
    return (day - today).days if day else None


def countdown(value: str | date | None, today: date) -> str:
    """'Release in 12 days', 'Release today', 'Release date passed 3 days ago'."""
    days = days_until(value, today)
    if days is None:
        return "No release date"
    if days == 0:
        return "Release today"
    if days < 0:
        return f"Release date passed {-days} day{'s' if days != -1 else ''} ago"
    return f"Release in {days} day{'s' if days != 1 else ''}"


def is_friday(value: str | date | None) -> bool:
    day = _as_date(value)
    return day is not None and day.weekday() == WEEKDAY_FRIDAY


def within_weeks(value: str | date | None, weeks: int, today: date) -> bool:
    day = _as_date(value)
    return day is not None and today <= day <= today + timedelta(weeks=weeks)


def arrived_within(value: str | None, days: int, today: date) -> bool:
    day = _as_date(value)
    return day is not None and today - timedelta(days=days) <= day <= today


def error_link(error: tuple[str, str]) -> dict[str, str]:
    """(field, message) -> an error summary entry linking to the field when there is one."""
    field, text = error
    return {"text": text, "href": f"#{field.replace('.', '-')}"} if field else {"text": text}


def consent_list(consents: list[dict]) -> Markup:
    """Each team's consent as a list (escaped), or 'None recorded'."""
    if not consents:
        return Markup("None recorded")
    lines = [
        Markup("<li>{}: {}</li>").format(
            words(c.get("recipient")), "consented" if c.get("granted") else "did not consent"
        )
        for c in consents
    ]
    return Markup('<ul class="govuk-list">{}</ul>').format(Markup("").join(lines))
