"""Probes: the web app owns no data, so it is ready as soon as it serves."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()


@router.get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "live"}


@router.get("/health/ready")
async def ready() -> dict[str, str]:
    return {"status": "ready"}
