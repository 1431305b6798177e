"""Sign-in: OpenID Connect with the identity provider in production; locally a development
page where you pick your roles and caseload and get a development token."""

from __future__ import annotations

from typing import Annotated, Any

import jwt
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from pathways.platform.devtoken import issue_token
from pathways.platform.security import ROLES
from pathways.web.rendering import page
from pathways.web.session import User, sign_in
from pathways.web.settings import WebSettings

router = APIRouter()
PRISON_CODE = r"^[A-Z]{3}$"


def oidc_client(settings: WebSettings) -> Any:
    if not settings.oidc_discovery_url:
        return None
    oauth = OAuth()
    return oauth.register(
        "idp",
        server_metadata_url=settings.oidc_discovery_url,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret.get_secret_value(),
        client_kwargs={"scope": settings.oidc_scope},
    )


@router.get("/sign-in")
async def sign_in_page(request: Request) -> Any:
    settings: WebSettings = request.app.state.settings
    client = request.app.state.oidc
    if client is not None:
        return await client.authorize_redirect(request, str(request.url_for("oidc_callback")))
    if not settings.dev_sign_in:
        raise HTTPException(503, "no sign-in is configured")
    return page(request, "sign_in.html", roles=sorted(ROLES), errors=[], form={})


@router.get("/sign-in/callback", name="oidc_callback")
async def oidc_callback(request: Request) -> Any:
    client = request.app.state.oidc
    if client is None:
        raise HTTPException(404)
    token = await client.authorize_access_token(request)
    claims = dict(token.get("userinfo") or {})
    access = token["access_token"]
    # The roles and caseload the provider gives: on the ID token, else on the access token.
    unverified = jwt.decode(access, options={"verify_signature": False})
    roles = claims.get("roles") or unverified.get("roles") or []
    caseload = next(  # the APIs read `caseloads`; some providers name it `caseload`
        (c[k] for c in (claims, unverified) for k in ("caseloads", "caseload") if c.get(k)), []
    )
    user = User(
        subject=str(claims.get("sub") or unverified["sub"]),
        name=str(claims.get("name") or claims.get("sub")),
        roles=tuple(roles.split() if isinstance(roles, str) else roles),
        caseload=tuple(caseload.split() if isinstance(caseload, str) else caseload),
        token=access,
    )
    sign_in(request, user)
    return RedirectResponse(request.url_for("home"), status_code=303)


@router.post("/sign-in/dev")
async def dev_sign_in(
    request: Request,
    username: Annotated[str, Form()] = "",
    roles: Annotated[list[str] | None, Form()] = None,
    caseload: Annotated[str, Form()] = "",
) -> Any:
    settings: WebSettings = request.app.state.settings
    if not settings.dev_sign_in or request.app.state.oidc is not None:
        raise HTTPException(404)
    chosen = [r for r in roles or [] if r in ROLES]
    prisons = sorted({p.strip().upper() for p in caseload.replace(",", " ").split() if p.strip()})
    errors = []
    if not username.strip():
        errors.append(("username", "Enter a username"))
    if not chosen:
        errors.append(("roles", "Select at least one role"))
    if not prisons or any(len(p) != 3 or not p.isalpha() for p in prisons):
        errors.append(("caseload", "Enter prison codes of three letters, like BAI MDI"))
    if errors:
        form = {"username": username, "roles": chosen, "caseload": caseload}
        return page(request, "sign_in.html", 400, roles=sorted(ROLES), errors=errors, form=form)
    token = issue_token(chosen, caseloads=prisons, subject=username.strip(), settings=settings)
    sign_in(request, User(username.strip(), username.strip(), tuple(chosen), tuple(prisons), token))
    return RedirectResponse(request.url_for("home"), status_code=303)


@router.get("/sign-out")
async def sign_out(request: Request) -> Any:
    request.session.clear()
    return RedirectResponse(request.url_for("sign_in_page"), status_code=303)
