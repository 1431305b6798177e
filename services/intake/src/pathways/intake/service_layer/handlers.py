"""Handlers for reception, reception details, referral, assessment and reading people."""

from __future__ import annotations

import uuid

from pathways.intake.domain.assessments import Assessment
from pathways.intake.domain.person import Person
from pathways.intake.domain.person_query import PersonQuery
from pathways.intake.domain.reception import Reception
from pathways.intake.domain.referral import Referral
from pathways.intake.domain.values import PersonName, parse_category, validate_prison_number
from pathways.intake.service_layer import commands as c
from pathways.intake.service_layer.changes import (
    RESOURCE,
    change_person,
    check_date_of_birth,
    check_not_in_future,
)
from pathways.intake.service_layer.contract_events import publish_changes
from pathways.intake.service_layer.unit_of_work import IntakeUnitOfWork
from pathways.platform import clock
from pathways.platform.errors import InvalidInput


def _name(given: str | None, family: str | None) -> PersonName | None:
    return None if given is None and family is None else PersonName(given or "", family or "")


async def receive_person(cmd: c.ReceivePerson, uow: IntakeUnitOfWork) -> tuple[Person, bool]:
    """Receive a person; returns (person, readmitted). In custody already: Conflict."""
    number = validate_prison_number(cmd.prison_number)
    reception = Reception.create(
        prison_code=cmd.prison_code,
        received_at=check_not_in_future(cmd.received_at, "received_at"),
        reason=cmd.reason,
        wing=cmd.wing,
        screening=cmd.screening,
    )
    name = _name(cmd.given_name, cmd.family_name)
    born = check_date_of_birth(cmd.date_of_birth)
    category = parse_category(cmd.category) if cmd.category else None
    async with uow:
        person = await uow.people.find_by_prison_number(number)
        readmitted = person is not None
        if person is None:
            person = Person.receive_new(
                prison_number=number,
                reception=reception,
                name=name,
                date_of_birth=born,
                category=category,
            )
        else:
            person.receive(reception)  # Conflict when still in custody
            person.name = name or person.name
            person.date_of_birth = born or person.date_of_birth
            person.category = category
        await uow.people.save(person)
        publish_changes(uow, person)
        await uow.commit_audited(
            cmd.actor, "update" if readmitted else "create", RESOURCE, person.person_id
        )
    return person, readmitted


async def refer_person(cmd: c.ReferPerson, uow: IntakeUnitOfWork) -> Referral:
    if cmd.referred_on > clock.today():
        raise InvalidInput(
            f"referred_on {cmd.referred_on.isoformat()} is in the future", code="referred_in_future"
        )
    referral = Referral.create(
        referred_on=cmd.referred_on,
        source=cmd.source,
        substances=cmd.substances,
        urgency=cmd.urgency,
        consents=cmd.consents,
        referral_id=cmd.referral_id,
    )
    await change_person(uow, cmd, lambda p: p.refer(referral))
    return referral


async def change_consent(cmd: c.ChangeConsent, uow: IntakeUnitOfWork) -> Referral:
    """Record a change of consent (audited as an update) and publish it to every team."""
    _, referral = await change_person(
        uow, cmd, lambda p: p.change_consent(cmd.consents, at=clock.now())
    )
    return referral


async def assess_person(cmd: c.AssessPerson, uow: IntakeUnitOfWork) -> tuple[Person, Assessment]:
    return await change_person(
        uow,
        cmd,
        lambda p: p.assess(
            assessed_on=cmd.assessed_on,
            today=clock.today(),
            barc10=cmd.barc10,
            top=cmd.top,
            clean_since=cmd.clean_since,
            assessment_id=cmd.assessment_id,
        ),
    )


async def update_reception_details(cmd: c.UpdateReceptionDetails, uow: IntakeUnitOfWork) -> Person:
    """Record what the feed cannot carry; only a wing move is published (location_changed),
    names, date of birth and screening never leave intake."""
    name = _name(cmd.given_name, cmd.family_name)
    born = check_date_of_birth(cmd.date_of_birth)

    def update(person: Person) -> None:
        if cmd.wing is not None:
            person.move_to_wing(cmd.wing, at=clock.now())
        person.name = name or person.name
        person.date_of_birth = born or person.date_of_birth
        person.screening = cmd.screening or person.screening

    person, _ = await change_person(uow, cmd, update)
    return person


async def get_person(person_id: uuid.UUID, actor: str, uow: IntakeUnitOfWork) -> Person:
    """Read one person (audited)."""
    async with uow:
        person = await uow.people.get(person_id)
        await uow.commit_audited(actor, "read", RESOURCE, person.person_id)
    return person


async def list_people(
    query: PersonQuery, actor: str, uow: IntakeUnitOfWork
) -> tuple[list[Person], int]:
    """A page of people (each one listed is audited as read)."""
    async with uow:
        found, total = await uow.people.search(query)
        for person in found:
            await uow.audit(actor, "list", RESOURCE, person.person_id)
        await uow.commit()
    return found, total
