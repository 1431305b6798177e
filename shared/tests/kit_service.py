"""A tiny service built on the kit, for the kit's own tests: it applies
`intake.person.recategorised.v1` by storing a row and publishing `family.case.opened.v1`."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from pathways.contracts.family import CaseOpened
from pathways.contracts.intake import PersonAssessed, PersonRecategorised
from pathways.messaging.consumer import EventConsumer
from pathways.messaging.incoming import Incoming
from pathways.messaging.tables import kit_metadata
from pathways.messaging.unit_of_work import UnitOfWork
from pathways.platform.app import ServiceDefinition, build_app
from pathways.platform.security import Principal, require
from pathways.platform.settings import ServiceSettings

metadata = MetaData()
applied = Table(
    "applied",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
    Column("person_id", String(64), nullable=False),
)
BROKEN_PEOPLE: set[str] = set()  # the handler fails for these people until removed


class KitSettings(ServiceSettings):
    service_name = "kit"


async def on_recategorised(incoming: Incoming, uow: UnitOfWork) -> None:
    data: PersonRecategorised = incoming.data
    if str(data.person_id) in BROKEN_PEOPLE:
        raise RuntimeError("the handler fails for this person")
    await uow.session.execute(
        insert(applied).values(event_id=incoming.event_id, person_id=str(data.person_id))
    )
    uow.emit(CaseOpened(case_id=uuid.uuid4(), person_id=data.person_id))


async def on_assessed_batch(run: list[Incoming], uow: UnitOfWork) -> None:
    """A batch handler: one multi-row insert for a run of events."""
    await uow.session.execute(
        insert(applied),
        [{"event_id": i.event_id, "person_id": str(i.data.person_id)} for i in run],
    )
    for incoming in run:
        uow.emit(
            CaseOpened(case_id=uuid.uuid4(), person_id=incoming.data.person_id), caused_by=incoming
        )


router = APIRouter()


@router.post("/cases/{person_id}", status_code=201)
async def open_case(
    person_id: uuid.UUID,
    request: Request,
    principal: Principal = Depends(require("family", write=True)),
) -> dict[str, str]:
    async with request.app.state.runtime.new_uow() as uow:
        uow.emit(CaseOpened(case_id=uuid.uuid4(), person_id=person_id))
        await uow.audit(principal.subject, "create", "case", person_id)
        await uow.commit()
    return {"status": "opened"}


def make_consumer(topic: str = "pathways.intake") -> EventConsumer:
    return EventConsumer(
        "kit",
        [topic],
        {PersonRecategorised.event_type: on_recategorised},
        batch_handlers={PersonAssessed.event_type: on_assessed_batch},
    )


def build(settings: KitSettings, topic: str = "pathways.intake"):
    consumer = make_consumer(topic)
    consumer.retry_delay = 0.01
    return build_app(
        ServiceDefinition(
            name="kit",
            settings=settings,
            migrations=None,
            routers=[router],
            consumers=[consumer],
            publishes=[CaseOpened],
        )
    )


async def create_tables(app) -> None:
    engine = app.state.runtime.engine
    async with engine.begin() as conn:
        await conn.run_sync(kit_metadata.create_all)
        await conn.run_sync(metadata.create_all)
