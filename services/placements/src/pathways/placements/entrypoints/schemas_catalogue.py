"""Request and response bodies: providers and opportunities, and the page envelope."""

from __future__ import annotations

from typing import Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pathways.placements.domain import DisclosureLevel, Opportunity, Provider
from pathways.platform.inputs import Line, Name, ShortText, SmallInt

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="How many match the filters, over all pages")
    limit: int
    offset: int


class ProviderIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Brixton Community Garden",
                    "area": "Lambeth",
                    "address": "12 Railton Road, London SE24",
                    "supervisor": "Volunteer coordinator",
                }
            ]
        }
    )
    name: Name
    area: ShortText = Field(description="Where the project is, e.g. a borough")
    address: Line
    supervisor: Name = Field(description="The named contact at the project")


class ProviderOut(ProviderIn):
    provider_id: UUID

    @classmethod
    def of(cls, p: Provider) -> ProviderOut:
        return cls(
            provider_id=p.provider_id,
            name=p.name,
            area=p.area,
            address=p.address,
            supervisor=p.supervisor,
        )


class OpportunityIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "role_title": "Kitchen volunteer",
                    "capacity": 2,
                    "hours_per_week": 12,
                    "disclosure_level": "basic",
                }
            ]
        }
    )
    role_title: Name
    capacity: SmallInt = Field(description="How many people can hold the role at once")
    hours_per_week: SmallInt
    disclosure_level: DisclosureLevel = Field(
        DisclosureLevel.NONE, description="The disclosure (DBS) check the role needs"
    )


class OpportunityOut(OpportunityIn):
    opportunity_id: UUID
    provider_id: UUID
    is_open: bool
    places_taken: int
    places_free: int
    area: str | None = None
    provider_name: str | None = None

    @classmethod
    def of(cls, o: Opportunity, taken: int, provider: Provider | None = None) -> OpportunityOut:
        return cls(
            opportunity_id=o.opportunity_id,
            provider_id=o.provider_id,
            role_title=o.role_title,
            capacity=o.capacity,
            hours_per_week=o.hours_per_week,
            disclosure_level=o.disclosure_level,
            is_open=o.is_open,
            places_taken=taken,
            places_free=max(0, o.capacity - taken),
            area=provider.area if provider else None,
            provider_name=provider.name if provider else None,
        )
