"""Dead-letter admin API (role `admin`): list, inspect, replay (re-applied by the consumer
that refused it, in-process: never republished to its topic), retry all, purge."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy import func, select, update

from pathways.messaging.replay import Replayer
from pathways.messaging.tables import dead_letters
from pathways.platform.admin_models import (
    DeadLetter,
    DeadLetterDetail,
    DeadLetterPage,
    RetryAll,
    RetryItem,
)
from pathways.platform.errors import Conflict, NotFound
from pathways.platform.inputs import MAX_INT, Offset, text_query
from pathways.platform.security import Principal, require

LetterId = Annotated[int, Path(ge=1, le=MAX_INT, description="The dead letter's id")]

router = APIRouter(prefix="/admin/dead-letters", tags=["admin"])
Status = Literal["new", "replayed", "purged"]


def _uow(request: Request):
    return request.app.state.runtime.new_uow()


@router.get("", response_model=DeadLetterPage)
async def list_dead_letters(
    request: Request,
    status: Status = Query("new", description="Which dead letters: new, replayed or purged"),
    limit: int = Query(50, ge=1, le=500, description="Page size"),
    offset: Offset = 0,
    _: Principal = Depends(require("admin")),
) -> DeadLetterPage:
    """The dead letters of this service's consumers with a status, oldest first."""
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
    """One dead letter with the original record (key, headers and bytes)."""
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
    """Re-apply the stored original with the consumer that refused it, and only that one:
    decoded and applied in this process through its inbox (exactly once) and handler. Nothing
    is published to the origin topic, so no other consumer sees the record again. Refused
    again, it stays `new` with the new reason and error (`replay_outcome: dead_lettered`).
    409 if it is not `new`, keeps only an excerpt, or its consumer does not run here."""
    await _replayer(request).replay(letter_id, principal.subject)
    async with _uow(request) as uow:
        row = await _get(uow, letter_id)
    return DeadLetter.model_validate(row, from_attributes=True)


@router.post("/retry-all", response_model=RetryAll)
async def retry_all_dead_letters(
    request: Request,
    consumer: text_query(
        100,
        pattern=r"^[a-z][a-z0-9_.-]*$",
        description="Only this consumer's dead letters (default: every consumer here)",
        examples=["family"],
    ) = None,
    limit: int = Query(100, ge=1, le=500, description="At most this many, oldest first"),
    principal: Principal = Depends(require("admin", write=True)),
) -> RetryAll:
    """Replay the oldest waiting dead letters (at most `limit`), each as the single replay
    does: re-applied by its own consumer, never republished. Those refused again stay `new`;
    run it again for the next ones (`remaining`)."""
    results = await _replayer(request).retry_all(principal.subject, consumer, limit)
    outcomes: dict[str, int] = {}
    for _, outcome, _ in results:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    async with _uow(request) as uow:
        where = dead_letters.c.status == "new"
        if consumer is not None:
            where = where & (dead_letters.c.consumer == consumer)
        remaining = await uow.session.scalar(
            select(func.count()).select_from(dead_letters).where(where)
        )
    return RetryAll(
        attempted=len(results),
        outcomes=outcomes,
        items=[RetryItem(id=i, outcome=o, detail=d) for i, o, d in results],
        remaining=int(remaining or 0),
    )


def _replayer(request: Request) -> Replayer:
    runtime = request.app.state.runtime
    consumers = {c.name: c for c in runtime.definition.consumers}
    return Replayer(consumers, runtime.new_uow)


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
