"""The staff web app is deployed like the services: in compose (after the five are healthy)
and in Kubernetes, with settings the app really reads and no database or broker."""

from __future__ import annotations

from pathlib import Path

import yaml

from pathways.web.settings import WebSettings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _fields() -> set[str]:
    return {name.upper() for name in WebSettings.model_fields}


def test_compose_runs_the_web_app_after_the_five_services() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    web = compose["services"]["web"]
    assert web["build"]["args"]["SERVICE"] == "web"
    assert web["ports"] == ["8006:8000"]
    assert set(web["depends_on"]) == {"intake", "mentoring", "family", "placements", "outcomes"}
    assert set(web["environment"]) <= _fields()
    assert "DATABASE_URL" not in web["environment"]
    for name in ("intake", "mentoring", "family", "placements", "outcomes"):
        assert web["environment"][f"{name.upper()}_URL"] == f"http://{name}:8000"


def test_kubernetes_settings_are_the_web_apps_and_production_signs_in_by_oidc() -> None:
    lines = (DEPLOY / "k8s/services/web/settings.env").read_text().splitlines()
    settings = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert set(settings) <= _fields()
    assert settings["DEV_SIGN_IN"] == "false" and settings["OIDC_DISCOVERY_URL"]
    assert settings["SESSION_HTTPS_ONLY"] == "true"
    deployment = yaml.safe_load((DEPLOY / "k8s/services/web/deployment.yaml").read_text())
    env = deployment["spec"]["template"]["spec"]["containers"][0]["env"]
    assert {e["name"] for e in env} == {"SESSION_SECRET", "OIDC_CLIENT_SECRET"}
