"""Settings of the staff web app (environment variables of the same name, upper-cased)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr

from pathways.platform.settings import ServiceSettings

SERVICE_NAMES = ("intake", "mentoring", "family", "placements", "outcomes")
WEB_ROOT = Path(__file__).resolve().parents[3]  # services/web


def default_assets_dir() -> Path:
    """npm's node_modules beside the sources (`make install`), else the image's copy."""
    beside = WEB_ROOT / "node_modules"
    return beside if beside.is_dir() else Path(sys.prefix) / "share" / "pathways-web-assets"


class WebSettings(ServiceSettings):
    service_name: ClassVar[str] = "web"

    http_host: str = "127.0.0.1"
    http_port: int = 8006
    # Where the five services answer (their APIs, called as any outside client would).
    intake_url: str = "http://127.0.0.1:8001"
    mentoring_url: str = "http://127.0.0.1:8002"
    family_url: str = "http://127.0.0.1:8003"
    placements_url: str = "http://127.0.0.1:8004"
    outcomes_url: str = "http://127.0.0.1:8005"
    service_timeout_seconds: float = 5.0
    # Signs the session cookie and the CSRF tokens; must be set (and shared) in production.
    session_secret: SecretStr = SecretStr("dev-only-session-secret-change-me")
    session_https_only: bool = False
    # The development sign-in page (pick roles and caseload); off in production.
    dev_sign_in: bool = True
    # OpenID Connect: on when an issuer's discovery URL is set.
    oidc_discovery_url: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_scope: str = "openid profile"
    # GOV.UK Frontend / MoJ Frontend from npm (`make install`), served by this app.
    assets_dir: Path = Field(default_factory=default_assets_dir)

    def service_url(self, name: str) -> str:
        return str(getattr(self, f"{name}_url")).rstrip("/")
