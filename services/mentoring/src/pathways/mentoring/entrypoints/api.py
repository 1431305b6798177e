"""The staff API (role `mentoring`; reads need read, changes need write)."""

from __future__ import annotations

from pathways.mentoring.entrypoints.cohort_routes import router as cohort_router
from pathways.mentoring.entrypoints.match_routes import router as match_router
from pathways.mentoring.entrypoints.mentor_routes import router as mentor_router

routers = [mentor_router, cohort_router, match_router]
