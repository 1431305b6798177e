"""Request dependencies shared by the pages."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from fastapi import Depends, Request

from pathways.platform import clock
from pathways.web.clients import Services
from pathways.web.session import User, signed_in

LONDON = ZoneInfo("Europe/London")


def services(request: Request, user: User = Depends(signed_in)) -> Services:
    """The five services' clients for this request, with the user's token."""
    return Services(request.app.state.http, user.token)


def today() -> date:
    """Prisons run on UK time: 'today' is the London date (the kit's clock)."""
    return clock.today()
