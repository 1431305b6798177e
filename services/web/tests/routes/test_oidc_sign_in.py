"""Production sign-in: OpenID Connect against a small identity provider run by the test.
The web app then calls the services with the provider's access token."""

from __future__ import annotations

import httpx
import respx
from fastapi.testclient import TestClient
from identity_provider import running_provider
from web_fakes import BASES, page_of, web_settings

from pathways.web.app import create_app

USER = {"sub": "u-123", "name": "Pat Officer", "roles": ["intake"], "caseload": ["LEI"]}


def test_oidc_sign_in_keeps_the_providers_token_roles_and_caseload(tmp_path):
    with running_provider(USER, "pathways-web") as idp:
        settings = web_settings(
            tmp_path,
            oidc_discovery_url=f"{idp.url}/.well-known/openid-configuration",
            oidc_client_id="pathways-web",
            oidc_client_secret="s3cret",
        )
        with (
            respx.mock(assert_all_called=False) as fake,
            TestClient(create_app(settings), base_url="http://web.test") as web,
        ):
            fake.route(host="127.0.0.1").pass_through()
            people = fake.get(f"{BASES['intake']}/people").respond(json=page_of([]))
            to_idp = web.get("/sign-in", follow_redirects=False)
            assert to_idp.status_code == 302 and to_idp.headers["location"].startswith(idp.url)
            back = httpx.get(to_idp.headers["location"])  # the provider signs the user in
            callback = back.headers["location"]
            assert callback.startswith("http://web.test/sign-in/callback")
            home = web.get(callback.removeprefix("http://web.test"))
            assert home.status_code == 200 and "Caseload" in home.text and "LEI" in home.text
            sent = people.calls.last.request
            assert sent.headers["authorization"] == f"Bearer {idp.issued[-1]}"
            assert sent.url.params["prison_code"] == "LEI"
            assert web.post("/sign-in/dev", data={"username": "x"}).status_code in (403, 404)
