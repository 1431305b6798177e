"""Checks every service's subject access request endpoint must pass (HMPPS SAR contract)."""

from __future__ import annotations

from uuid import UUID

import httpx

from pathways.platform.settings import ServiceSettings
from pathways.testing.service import bearer

SAR = "/subject-access-request"


async def assert_audited_as_subject_access(
    client: httpx.AsyncClient, settings: ServiceSettings, person_id: UUID, actor: str = "ia-officer"
) -> None:
    """Every audit row of `actor` reading the person says why: a subject access request."""
    audit = await client.get(
        "/admin/audit",
        params={"person_id": str(person_id), "actor": actor},
        headers=bearer(settings, "admin"),
    )
    assert {e["why"] for e in audit.json()["items"]} == {"subject_access_request"}


async def assert_nothing_held_is_204(
    client: httpx.AsyncClient, settings: ServiceSettings, prn: str
) -> dict[str, str]:
    """A prison number the service holds nothing about answers 204; the `sar` token is returned."""
    sar = bearer(settings, "sar")
    assert (await client.get(SAR, params={"prn": prn}, headers=sar)).status_code == 204
    return sar
