"""An active mentor made through the staff API (enrolled, every training module completed,
qualified, activated), for the service, set-based and broker tests alike."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

MODULES = (
    "conflict_resolution",
    "interpersonal_skills",
    "mentoring_skills",
    "drug_alcohol_awareness",
)

Post = Callable[[str, dict[str, Any]], Awaitable[Any]]
"""Posts a JSON body to a path as a member of staff, checks it was accepted, gives the body."""


USUAL_PROFILE: dict[str, Any] = {
    "languages": ["English"],
    "lived_experience": ["opiates"],
    "availability": ["morning"],
    "capacity": 3,
}


def enrolment(prison: str, person: uuid.UUID | None = None, **profile: Any) -> dict[str, Any]:
    """The body of `POST /mentors`: a mentor in `prison`, on wing A unless `profile` says."""
    return {
        "person_id": str(person or uuid.uuid4()),
        "prison_code": prison,
        "cohort": "Spring 2026",
        "enrolled_on": "2025-11-01",
        "wing": "A",
        **profile,
    }


async def qualify_and_activate(post: Post, mentor_id: str) -> Any:
    """Every module completed, the award, then active: the mentor as the API answers."""
    path = f"/mentors/{mentor_id}"
    for module in MODULES:
        await post(f"{path}/modules/{module}", {"completed_on": "2026-01-10"})
    await post(f"{path}/qualification", {"awarded_on": "2026-01-20"})
    return await post(f"{path}/status", {"action": "activate"})
