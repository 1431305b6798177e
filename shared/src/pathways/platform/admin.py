"""Dead-letter admin API (role `admin`): list, inspect, replay to the origin topic, purge."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel
from sqlalchemy import func, select, update

from pathways.messaging.excerpt import is_excerpt
from pathways.messaging.outgoing import OutgoingMessage
from pathways.messaging.tables import dead_letters
from pathways.platform.errors import Conflict, NotFound
from pathways.platform.inputs import MAX_INT, Offset
from pathways.platform.security import Principal, require

LetterId = Annotated[int, Path(ge=1, le=MAX_INT, description="The dead letter's id")]

router = APIRouter(prefix="/admin/dead-letters", tags=["admin"])
Status = Literal["new", "replayed", "purged"]


class DeadLetter(BaseModel):
    id: int
    consumer: str
    topic: str
    partition: int
    offset: int
    reason: str
    error: str
    event_type: str | None
    event_id: str | None
    received_at: datetime
    status: str


class DeadLetterDetail(DeadLetter):
    key: str | None
    headers: dict[str, str]
    payload_base64: str


class DeadLetterPage(BaseModel):
    items: list[DeadLetter]
    total: int
    limit: int
    offset: int


def _uow(request: Request):
    return request.app.state.runtime.new_uow()


@router.get("", response_model=DeadLetterPage)
async def list_dead_letters(
    request: Request,
    status: Status = "new",
    limit: int = Query(50, ge=1, le=500),
    offset: Offset = 0,
    _: Principal = Depends(require("admin")),
) -> DeadLetterPage:
    async with _uow(request) as uow:
        where = dead_letters.c.status == status
        total = await uow.session.scalar(
            select(func.count()).select_from(dead_letters).where(where)
        )
        rows = await uow.session.execute(
            select(dead_letters)
            .where(where)
            .order_by(dead_letters.c.id)
            .limit(limit)
            .offset(offset)
        )
        items = [DeadLetter.model_validate(r, from_attributes=True) for r in rows.all()]
    return DeadLetterPage(items=items, total=int(total or 0), limit=limit, offset=offset)


async def _get(uow, letter_id: int):
    row = (
        await uow.session.execute(select(dead_letters).where(dead_letters.c.id == letter_id))
    ).first()
    if row is None:
        raise NotFound(f"no dead letter {letter_id}")
    return row


@router.get("/{letter_id}", response_model=DeadLetterDetail)
async def get_dead_letter(
    request: Request, letter_id: LetterId, _: Principal = Depends(require("admin"))
) -> DeadLetterDetail:
    async with _uow(request) as uow:
        row = await _get(uow, letter_id)
    return DeadLetterDetail.model_validate(
        {**row._mapping, "payload_base64": base64.b64encode(row.payload).decode()}
    )


@router.post("/{letter_id}/replay", response_model=DeadLetter)
async def replay_dead_letter(
    request: Request,
    letter_id: LetterId,
    principal: Principal = Depends(require("admin", write=True)),
) -> DeadLetter:
    """Publish the original message again, to its original topic (through the outbox)."""
    async with _uow(request) as uow:
        row = await _get(uow, letter_id)
        if row.status != "new":
            raise Conflict(f"dead letter {letter_id} is already {row.status}")
        if is_excerpt(row.headers):
            raise Conflict(
                f"dead letter {letter_id} keeps only an excerpt of a too large original; "
                "fetch it from its topic by offset"
            )
        uow.emit_message(
            OutgoingMessage(
                event_id=row.event_id or f"replay-{row.id}",
                event_type=row.event_type or "unknown",
                topic=row.topic,
                key=row.key,
                payload=row.payload,
                headers={**row.headers, "pathways_replay_of": str(row.id)},
            )
        )
        await uow.session.execute(
            update(dead_letters).where(dead_letters.c.id == letter_id).values(status="replayed")
        )
        await uow.audit(principal.subject, "replay", "dead_letter", letter_id)
        await uow.commit()
        row = await _get(uow, letter_id)
    return DeadLetter.model_validate(row, from_attributes=True)


@router.delete("/{letter_id}", response_model=DeadLetter)
async def purge_dead_letter(
    request: Request,
    letter_id: LetterId,
    principal: Principal = Depends(require("admin", write=True)),
) -> DeadLetter:
    """Mark a dead letter as dealt with, without replaying it (the DLQ topic keeps a copy)."""
    async with _uow(request) as uow:
        row = await _get(uow, letter_id)
        if row.status != "new":
            raise Conflict(f"dead letter {letter_id} is already {row.status}")
        await uow.session.execute(
            update(dead_letters).where(dead_letters.c.id == letter_id).values(status="purged")
        )
        await uow.audit(principal.subject, "purge", "dead_letter", letter_id)
        await uow.commit()
        row = await _get(uow, letter_id)
    return DeadLetter.model_validate(row, from_attributes=True)
