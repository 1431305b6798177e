"""The staff web app: server-rendered pages (FastAPI + Jinja2 + GOV.UK Frontend) that own no
data and call the five services' APIs with the signed-in user's token."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from asgi_csrf import asgi_csrf
from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from starlette.middleware.sessions import SessionMiddleware

from pathways.platform import tracing
from pathways.platform.logging import adopt_library_loggers, configure_logging
from pathways.web.routes import (
    assessment,
    caseload,
    cohorts,
    family,
    health,
    mentoring,
    person,
    placements,
    reception,
    sign_in,
    treatment,
)
from pathways.web.session import SignInRequired, User, signed_in
from pathways.web.settings import SERVICE_NAMES, WebSettings

STATIC = Path(__file__).parent / "static"


def _mount_assets(app: FastAPI, settings: WebSettings) -> None:
    govuk = settings.assets_dir / "govuk-frontend" / "dist" / "govuk"
    moj = settings.assets_dir / "@ministryofjustice" / "frontend" / "moj"
    app.mount("/assets", StaticFiles(directory=govuk / "assets", check_dir=False), "assets")
    app.mount("/static/govuk", StaticFiles(directory=govuk, check_dir=False), "govuk")
    app.mount("/static/moj", StaticFiles(directory=moj, check_dir=False), "moj")
    app.mount("/static/app", StaticFiles(directory=STATIC), "app_static")


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    configure_logging("web", settings.log_level, settings.log_format)
    # httpx logs every request's URL at INFO; the web app's calls name people by id.
    logging.getLogger("httpx").setLevel(logging.WARNING)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        adopt_library_loggers()  # uvicorn's own handlers (CLI) → the one renderer
        timeout = httpx.Timeout(settings.service_timeout_seconds)
        app.state.http = {
            name: httpx.AsyncClient(base_url=settings.service_url(name), timeout=timeout)
            for name in SERVICE_NAMES
        }
        yield
        for client in app.state.http.values():
            await client.aclose()

    app = FastAPI(title="Pathways staff web", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.oidc = sign_in.oidc_client(settings)
    from pathways.web.rendering import make_templates

    app.state.templates = make_templates()
    secret = settings.session_secret.get_secret_value()
    app.add_middleware(
        asgi_csrf,
        signing_secret=secret,
        always_protect={"/sign-in/dev"},
        cookie_secure=settings.session_https_only,
        cookie_samesite="Lax",
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="pathways_web",
        same_site="lax",
        https_only=settings.session_https_only,
        max_age=12 * 3600,
    )

    @app.exception_handler(SignInRequired)
    async def to_sign_in(request: Request, _: SignInRequired) -> RedirectResponse:
        return RedirectResponse(request.url_for("sign_in_page"), status_code=303)

    @app.get("/", name="home")
    async def home(user: User = Depends(signed_in)) -> RedirectResponse:
        only_family = user.has("family") and not user.has("intake")
        return RedirectResponse("/family" if only_family else "/caseload", status_code=303)

    _mount_assets(app, settings)
    for module in (
        health,
        sign_in,
        caseload,
        person,
        reception,
        assessment,
        family,
        cohorts,
        mentoring,
        placements,
        treatment,
    ):
        app.include_router(module.router)
    # A server span per page (an incoming traceparent honoured); the services' APIs are
    # called in it (clients.py sends its traceparent), so a trace starts at the staff page.
    tracing.configure_tracing("web", settings)
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=tracing.provider("web"),
        excluded_urls="/health,/static/,/assets/",
        exclude_spans=["receive", "send"],
    )
    return app
