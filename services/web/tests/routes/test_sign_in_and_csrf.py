"""Sign-in with the development page, the session, and CSRF on every form."""

from __future__ import annotations

import jwt
from web_fakes import csrf_of, sign_in


def test_pages_need_sign_in(client):
    response = client.get("/caseload", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/sign-in")


def test_dev_sign_in_issues_a_dev_token_with_the_chosen_roles(client, fake, bases):
    seen = {}

    def answer(request):
        seen["auth"] = request.headers["authorization"]
        return __import__("httpx").Response(
            200, json={"items": [], "total": 0, "limit": 500, "offset": 0}
        )

    fake.get(f"{bases['intake']}/people").mock(side_effect=answer)
    sign_in(client, ["intake"], caseload="bai")
    assert client.get("/caseload").status_code == 200
    token = seen["auth"].removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["roles"] == ["intake"] and claims["sub"] == "fw.one"


def test_dev_sign_in_refuses_missing_roles_with_an_error_summary(client):
    token = csrf_of(client.get("/sign-in").text)
    response = client.post(
        "/sign-in/dev", data={"username": "x", "caseload": "BAI", "csrftoken": token}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text and "Select at least one role" in response.text


def test_a_form_post_without_the_csrf_token_is_refused(client, fake, bases):
    sign_in(client, ["intake"])
    response = client.post("/caseload/search", data={"q": "Jones"}, follow_redirects=False)
    assert response.status_code == 403
    response = client.post("/reception", data={"prison_number": "A1234BC"})
    assert response.status_code == 403


def test_sign_in_post_without_a_token_is_refused(client):
    response = client.post("/sign-in/dev", data={"username": "x", "roles": ["intake"]})
    assert response.status_code == 403


def test_every_role_the_platform_grants_has_a_label_on_the_sign_in_page(client):
    """A role without a name made an unlabelled checkbox (axe: critical) once `sar` came."""
    from pathways.platform.security import ROLES
    from pathways.web.session import ROLE_NAMES

    assert set(ROLES) <= set(ROLE_NAMES)
    page = client.get("/sign-in").text
    for role in ROLES:
        assert ROLE_NAMES[role] in page
