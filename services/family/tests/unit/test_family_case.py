"""Family case: members, agencies, consent to share, safeguarding, restrictions, contacts."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from pathways.family.domain import (
    AgencyContact,
    ConsentRecord,
    ContactDetails,
    ContactRestriction,
    ContactStatus,
    FamilyCase,
    FamilyMember,
    SafeguardingFlag,
)
from pathways.family.domain.events import CaseOpened, ContactRecorded, MemberAdded
from pathways.platform.errors import Conflict, InvalidInput, NotFound

TODAY = date(2026, 5, 20)


def new_case() -> FamilyCase:
    return FamilyCase.open(uuid4(), "worker.a", date(2026, 5, 1))


def grant(recipient: str, on: date, granted: bool = True) -> ConsentRecord:
    return ConsentRecord(
        recipient, granted, on, "worker.a", "attendance and progress" if granted else None
    )


def test_open_records_event_and_needs_worker() -> None:
    case = new_case()
    assert case.events == [CaseOpened(case.case_id, case.person_id, date(2026, 5, 1))]
    with pytest.raises(InvalidInput) as err:
        FamilyCase.open(uuid4(), "", date(2026, 5, 1))
    assert err.value.code == "worker_required"


def test_members_and_agency_contacts() -> None:
    case = new_case()
    child = case.add_member(
        FamilyMember("Sam", "child", is_child=True, contact=ContactDetails(phone=" 0207 ")),
    )
    partner = case.add_member(
        FamilyMember("Alex", "partner", next_of_kin=True, approved_visitor=True)
    )
    case.add_agency_contact(AgencyContact("childrens_social_worker", "J. Smith", "Lambeth"))
    assert case.member(child.member_id).contact.phone == "0207"
    assert partner.next_of_kin and partner.approved_visitor and child.is_child
    assert MemberAdded(case.case_id, case.person_id, child.member_id) in case.events
    with pytest.raises(NotFound):
        case.member(uuid4())


def test_member_validation() -> None:
    with pytest.raises(InvalidInput) as err:
        FamilyMember("  ", "parent")
    assert err.value.code == "member_name_required"
    with pytest.raises(InvalidInput) as err:
        FamilyMember("Jo", "landlord")  # type: ignore[arg-type]
    assert err.value.code == "invalid_relationship" and "partner" in err.value.message


def test_member_events_carry_no_personal_data() -> None:
    case = new_case()
    case.add_member(FamilyMember("Alex", "partner", contact=ContactDetails(phone="0700")))
    assert "Alex" not in repr(case.events) and "0700" not in repr(case.events)


def test_sharing_needs_consent_in_force() -> None:
    case = new_case()
    with pytest.raises(Conflict) as err:
        case.share_information("probation", TODAY, "worker.a")
    assert err.value.code == "no_consent_to_share" and "probation" in err.value.message
    case.record_consent(grant("probation", date(2026, 5, 2)), TODAY)
    record = case.share_information("probation", TODAY, "worker.a")
    assert record.consent.scope == "attendance and progress"
    with pytest.raises(Conflict):
        case.share_information("school", TODAY, "worker.a")  # consent is per recipient


def test_withdrawn_consent_stops_sharing_from_that_day() -> None:
    case = new_case()
    case.record_consent(grant("social_services", date(2026, 5, 2)), TODAY)
    case.record_consent(grant("social_services", date(2026, 5, 10), granted=False), TODAY)
    assert case.consent_for("social_services", date(2026, 5, 9)) is not None
    assert case.consent_for("social_services", date(2026, 5, 10)) is None
    with pytest.raises(Conflict):
        case.share_information("social_services", TODAY, "worker.a")
    assert case.sharing == []


def test_consent_not_yet_given_on_the_share_date() -> None:
    case = new_case()
    case.record_consent(grant("mentoring", date(2026, 5, 15)), TODAY)
    assert case.consent_for("mentoring", date(2026, 5, 14)) is None


def test_consent_grant_needs_scope_and_no_future_date() -> None:
    with pytest.raises(InvalidInput) as err:
        ConsentRecord("placements", True, TODAY, "w", " ")
    assert err.value.code == "consent_scope_required"
    ConsentRecord("placements", False, TODAY, "w")  # a withdrawal needs no scope
    with pytest.raises(InvalidInput) as err:
        new_case().record_consent(grant("placements", date(2026, 6, 1)), TODAY)
    assert err.value.code == "recorded_on_in_future"


def test_restriction_blocks_contact_of_that_kind_only() -> None:
    case = new_case()
    case.impose_restriction(ContactRestriction("home_visit", date(2026, 5, 5), "w", "court order"))
    with pytest.raises(Conflict) as err:
        case.record_contact("home_visit", TODAY, "w", TODAY, outcome="contact_made")
    assert err.value.code == "contact_restricted"
    assert "home_visit contact is restricted from 2026-05-05 until further notice" in str(err.value)
    case.record_contact("phone", TODAY, "w", TODAY, outcome="contact_made")
    assert [c.kind for c in case.contacts] == ["phone"]


def test_restriction_blocks_planning_contact_too() -> None:
    case = new_case()
    case.impose_restriction(
        ContactRestriction(
            "mediated_visit", date(2026, 5, 5), "w", "review", ends_on=date(2026, 6, 30)
        )
    )
    with pytest.raises(Conflict):
        case.record_contact("mediated_visit", date(2026, 6, 10), "w", TODAY)
    planned = case.record_contact("mediated_visit", date(2026, 7, 1), "w", TODAY)
    assert planned.status is ContactStatus.PLANNED


def test_restriction_window_and_lifting() -> None:
    case = new_case()
    r = case.impose_restriction(ContactRestriction("phone", date(2026, 5, 5), "w", "reason"))
    assert case.restrictions_in_force(TODAY) == [r]
    assert case.restrictions_in_force(date(2026, 5, 4)) == []
    case.lift_restriction(r.restriction_id, date(2026, 5, 21))
    assert r.is_active(date(2026, 5, 20)) and not r.is_active(date(2026, 5, 21))
    with pytest.raises(Conflict) as err:
        case.lift_restriction(r.restriction_id, date(2026, 5, 22))
    assert err.value.code == "restriction_already_lifted"
    with pytest.raises(NotFound):
        case.lift_restriction(uuid4(), TODAY)


def test_restriction_dates_validated() -> None:
    with pytest.raises(InvalidInput) as err:
        ContactRestriction("phone", date(2026, 5, 5), "w", "r", ends_on=date(2026, 5, 4))
    assert err.value.code == "restriction_ends_before_start"
    with pytest.raises(InvalidInput) as err:
        ContactRestriction("phone", date(2026, 5, 5), "w", " ")
    assert err.value.code == "restriction_reason_required"


def test_contact_held_needs_outcome_planned_must_not_have_one() -> None:
    case = new_case()
    with pytest.raises(InvalidInput) as err:
        case.record_contact("support", TODAY, "w", TODAY)
    assert err.value.code == "outcome_required"
    with pytest.raises(InvalidInput) as err:
        case.record_contact("support", date(2026, 6, 1), "w", TODAY, outcome="contact_made")
    assert err.value.code == "outcome_not_allowed"
    assert case.contacts == []


def test_contact_event_carries_no_notes() -> None:
    case = new_case()
    contact = case.record_contact(
        "agency_liaison", TODAY, "w", TODAY, outcome="referred_on", notes="private detail"
    )
    event = case.events[-1]
    assert isinstance(event, ContactRecorded) and event.contact_id == contact.contact_id
    assert event.status is ContactStatus.HELD and "private detail" not in repr(event)
    assert contact.notes == "private detail"


def test_safeguarding_flags() -> None:
    case = new_case()
    flag = case.raise_flag(SafeguardingFlag("child_protection_plan", date(2026, 5, 2), "w"))
    assert case.open_flags == [flag]
    with pytest.raises(InvalidInput):
        case.resolve_flag(flag.flag_id, date(2026, 5, 1))
    case.resolve_flag(flag.flag_id, TODAY)
    assert case.open_flags == []
    with pytest.raises(Conflict) as err:
        case.resolve_flag(flag.flag_id, TODAY)
    assert err.value.code == "flag_already_resolved"
    with pytest.raises(NotFound):
        case.resolve_flag(uuid4(), TODAY)
