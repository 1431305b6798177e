"""JSON shapes of the aggregates' nested state (pydantic TypeAdapters over the dataclasses)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from pathways.family.domain.case import FamilyCase, SharingRecord
from pathways.family.domain.consent import ConsentRecord
from pathways.family.domain.contacts import Contact
from pathways.family.domain.members import AgencyContact, FamilyMember
from pathways.family.domain.planning import CaseLink, CustodyFacts
from pathways.family.domain.safeguarding import ContactRestriction, SafeguardingFlag

CASE_PARTS: dict[str, TypeAdapter[Any]] = {
    "members": TypeAdapter(list[FamilyMember]),
    "agency_contacts": TypeAdapter(list[AgencyContact]),
    "consents": TypeAdapter(list[ConsentRecord]),
    "sharing": TypeAdapter(list[SharingRecord]),
    "flags": TypeAdapter(list[SafeguardingFlag]),
    "restrictions": TypeAdapter(list[ContactRestriction]),
    "contacts": TypeAdapter(list[Contact]),
}
CUSTODY = TypeAdapter(CustodyFacts)
CASE_LINK = TypeAdapter(CaseLink)


def case_state(case: FamilyCase) -> dict[str, Any]:
    """The case's nested lists as JSON-ready data."""
    return {
        name: adapter.dump_python(getattr(case, name), mode="json")
        for name, adapter in CASE_PARTS.items()
    }


def case_parts(state: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for FamilyCase rebuilt from `case_state` output."""
    return {
        name: adapter.validate_python(state.get(name, [])) for name, adapter in CASE_PARTS.items()
    }


def custody_state(custody: CustodyFacts) -> dict[str, Any]:
    return CUSTODY.dump_python(custody, mode="json")


def custody_from(state: dict[str, Any]) -> CustodyFacts:
    return CUSTODY.validate_python(state)


def case_link_state(link: CaseLink | None) -> dict[str, Any] | None:
    return None if link is None else CASE_LINK.dump_python(link, mode="json")


def case_link_from(state: dict[str, Any] | None) -> CaseLink | None:
    return None if state is None else CASE_LINK.validate_python(state)
