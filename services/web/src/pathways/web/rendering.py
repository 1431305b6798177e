"""Jinja2 with the GOV.UK Frontend macros (govuk-frontend-jinja) and this app's templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from pathways.web import present
from pathways.web.session import ROLE_NAMES, current_user, take_flash, take_problem

TEMPLATES = Path(__file__).parent / "templates"


def make_templates() -> Jinja2Templates:
    environment = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATES),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(role_names=ROLE_NAMES)
    environment.filters.update(
        long_date=present.long_date,
        short_date=present.short_date,
        words=present.words,
        date_time=present.date_time,
        error_link=present.error_link,
        consent_list=present.consent_list,
    )
    return Jinja2Templates(env=environment)


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Any:
    templates: Jinja2Templates = request.app.state.templates
    csrf = request.scope.get("csrftoken")
    context.update(
        user=current_user(request),
        csrf_token=csrf() if csrf else "",
        flash=take_flash(request),
        problem=take_problem(request),
        path=request.url.path,
    )
    return templates.TemplateResponse(request, template, context, status_code=status_code)
