"""Checks every service's subject access request endpoint must pass (HMPPS SAR contract)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx

from pathways.platform.settings import ServiceSettings
from pathways.testing.service import audit_rows, bearer

SAR = "/subject-access-request"


async def assert_audited_as_subject_access(
    svc: Any, person_id: UUID, actor: str = "ia-officer"
) -> None:
    """Every audit row of `actor` reading the person says why: a subject access request."""
    assert {e["why"] for e in await audit_rows(svc, person_id, actor)} == {"subject_access_request"}


async def assert_nothing_held_is_204(
    client: httpx.AsyncClient, settings: ServiceSettings, prn: str
) -> dict[str, str]:
    """A prison number the service holds nothing about answers 204; the `sar` token is returned."""
    sar = bearer(settings, "sar")
    assert (await client.get(SAR, params={"prn": prn}, headers=sar)).status_code == 204
    return sar
