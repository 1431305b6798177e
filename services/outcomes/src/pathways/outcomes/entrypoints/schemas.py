"""Response models of the outcomes API (the summary's own model is the domain's Summary)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

SUMMARY_EXAMPLE = {
    "prison_code": "BAI",
    "from_date": "2026-01-01",
    "to_date": "2026-12-31",
    "mentors": {
        "enrolled": 12,
        "in_training": 4,
        "qualified": 8,
        "qualified_since_programme_began": 63,
        "active": 9,
        "open_matches_of_active": 20,
        "load_mean": 2.2,
        "load_max": 3,
    },
    "people": {"referred": 240, "supported": 180},
    "matches": {
        "made": 190,
        "ended": 150,
        "mean_days_ended": 41.5,
        "open": 20,
        "mean_days_open": 12.0,
    },
    "sessions": {
        "total": 900,
        "by_kind": {"first_night": 180, "one_to_one": 600, "release_preparation": 120},
    },
    "family": {
        "cases_opened": 40,
        "followups_due": 90,
        "on_time": 70,
        "late": 12,
        "outstanding": 8,
        "on_time_percent": 77.8,
        "cancelled": 6,
        "cancelled_by_reason": {"recalled": 4, "release_cancelled": 2},
    },
    "placements": {
        "referrals": 14,
        "referrals_by_trigger": {"release": 12, "rotl": 2},
        "started": 12,
        "started_on_rotl": 2,
        "started_after_release": 10,
        "ended": 9,
        "completed": 7,
        "ended_recalled": 1,
    },
    "open_conditions": {"transfers": 6, "mentors": 5, "on_rotl": 5},
    "days_clean": {
        "assessed": 200,
        "with_clean_date": 150,
        "at_least_30": 120,
        "at_least_90": 80,
        "at_least_180": 40,
        "at_least_365": 12,
    },
    "continuity_of_care": {
        "released_with_need": 90,
        "due": 84,
        "engaged": 38,
        "not_engaged": 30,
        "not_referred": 6,
        "unknown": 10,
        "not_yet_due": 6,
        "released_without_need": 10,
        "percent": 45.2,
        "national_rate_percent": 41.0,
        "target_percent": 75.0,
    },
    "programme_contact_21_days": {
        "released": 100,
        "contacted": 52,
        "percent": 52.0,
        "still_in_window": 6,
    },
}


class ReplayProgress(BaseModel):
    partitions: int = Field(description="partitions of the four topics when the rebuild began")
    caught_up: int = Field(description="of which the new consumer group has reached the end")


class Status(BaseModel):
    generation: int = Field(description="read-model generation; each rebuild adds one")
    consumer_group: str
    consuming: bool = Field(description="this replica's subscriber is running")
    events_applied: int = Field(description="facts in the read model")
    last_event_at: datetime | None = Field(description="time of the newest event applied")
    last_applied_at: datetime | None
    rebuilding: bool
    rebuild_started_at: datetime | None
    rebuilt_at: datetime | None
    replay: ReplayProgress | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "generation": 2,
                    "consumer_group": "pathways.outcomes.g2",
                    "consuming": True,
                    "events_applied": 5120,
                    "last_event_at": "2026-11-27T09:30:00Z",
                    "last_applied_at": "2026-11-27T09:30:01Z",
                    "rebuilding": False,
                    "rebuild_started_at": "2026-11-27T09:00:00Z",
                    "rebuilt_at": "2026-11-27T09:00:20Z",
                    "replay": None,
                }
            ]
        }
    }


class RebuildStarted(BaseModel):
    generation: int
    consumer_group: str
    rebuilding: bool = True
    events_to_replay: int = Field(description="sum of the topics' end offsets at the start")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "generation": 3,
                    "consumer_group": "pathways.outcomes.g3",
                    "rebuilding": True,
                    "events_to_replay": 5120,
                }
            ]
        }
    }
