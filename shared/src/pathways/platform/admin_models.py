"""The bodies of the dead-letter admin API (admin.py)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class DeadLetter(BaseModel):
    """A record a consumer could not apply, kept for an operator."""

    id: int = Field(description="The dead letter's id (use it to inspect, replay or purge)")
    consumer: str = Field(description="The consumer that refused the record", examples=["family"])
    topic: str = Field(description="The topic the record came from", examples=["pathways.intake"])
    partition: int = Field(description="Its partition on that topic")
    offset: int = Field(description="Its offset in that partition")
    reason: str = Field(
        description="Why: undecodable, invalid_envelope, unknown_type, invalid_data or "
        "handler_failed",
        examples=["invalid_data"],
    )
    error: str = Field(description="The error, as the consumer saw it")
    event_type: str | None = Field(description="The CloudEvent type, when the envelope parsed")
    event_id: str | None = Field(description="The CloudEvent id, when the envelope parsed")
    received_at: datetime = Field(description="When the consumer dead-lettered it (UTC)")
    status: str = Field(
        description="new (waiting), replayed (re-applied by its consumer) or purged",
        examples=["new"],
    )
    replay_attempts: int = Field(
        0, description="How many times an operator replayed it (each failed one counts)"
    )
    replayed_at: datetime | None = Field(None, description="When it was last replayed (UTC)")
    replay_outcome: str | None = Field(
        None,
        description="The last replay's outcome: applied (the consumer applied it now), "
        "duplicate (its inbox had the event: applied before, nothing done again), skipped "
        "(a type the consumer does not read), dead_lettered (refused again: `reason` and "
        "`error` are the new ones, status stays new)",
        examples=["applied"],
    )


class DeadLetterDetail(DeadLetter):
    """A dead letter with the original record's key, headers and bytes."""

    key: str | None = Field(description="The Kafka key of the original record")
    headers: dict[str, str] = Field(description="The original record's headers")
    payload_base64: str = Field(description="The original value (or its excerpt), base64")


class DeadLetterPage(BaseModel):
    """One page of dead letters, oldest first."""

    items: list[DeadLetter] = Field(description="The dead letters of this page")
    total: int = Field(description="How many dead letters have this status")
    limit: int = Field(description="The page size asked for")
    offset: int = Field(description="How many were skipped")


class RetryItem(BaseModel):
    """What one dead letter's replay came to."""

    id: int = Field(description="The dead letter's id")
    outcome: str = Field(
        description="applied, duplicate, skipped, dead_lettered, or refused (not replayable: "
        "an excerpt, its consumer not here, or replayed meanwhile)",
        examples=["applied"],
    )
    detail: str | None = Field(None, description="Why it was refused")


class RetryAll(BaseModel):
    """The outcome of one bounded retry-all run."""

    attempted: int = Field(description="How many dead letters this run replayed")
    outcomes: dict[str, int] = Field(
        description="How many of each outcome", examples=[{"applied": 3, "dead_lettered": 1}]
    )
    items: list[RetryItem] = Field(description="Each dead letter's outcome, oldest first")
    remaining: int = Field(description="Dead letters still `new` (of the consumer) after it")
