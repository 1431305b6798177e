from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from pathways.contracts.mentoring import Module as ContractModule
from pathways.mentoring.domain import (
    ALL_MODULES,
    DEFAULT_AWARD,
    MentorEnrolled,
    MentorModuleCompleted,
    MentorQualified,
    MentorStatus,
    MentorStatusChanged,
    Module,
    Slot,
    TrainingCohort,
)
from pathways.mentoring.domain.mentor import Mentor
from pathways.platform.errors import Conflict, InvalidInput

AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def enrolled(**overrides: object) -> Mentor:
    arguments: dict[str, object] = {
        "person_id": uuid4(),
        "prison_code": "BAI",
        "at": AT,
        "cohort": TrainingCohort(uuid4(), "Spring 2026"),
    }
    return Mentor.enrol(**(arguments | overrides))  # type: ignore[arg-type]


def trained(mentor: Mentor, modules: tuple[Module, ...] = ALL_MODULES) -> Mentor:
    for module in modules:
        mentor.complete_module(module, date(2026, 2, 1))
    return mentor


def test_module_names_are_the_contract_names() -> None:
    assert {m.value for m in Module} == {m.value for m in ContractModule}


def test_enrolment_in_a_cohort_starts_training_and_normalises_facts() -> None:
    mentor = enrolled(
        wing=" b ",
        languages=["polish", "English"],
        lived_experience=["Opiates"],
        availability=["morning"],
    )
    assert mentor.status is MentorStatus.IN_TRAINING
    assert (mentor.wing, mentor.capacity) == ("B", 3)
    assert mentor.languages == {"Polish", "English"}
    assert mentor.lived_experience == {"opiates"}
    assert mentor.availability == {Slot.MORNING}
    [event] = mentor.events
    assert isinstance(event, MentorEnrolled) and event.cohort_id == mentor.cohort.cohort_id


def test_enrolment_without_a_cohort_makes_a_candidate_who_can_join_one() -> None:
    mentor = enrolled(cohort=None)
    assert mentor.status is MentorStatus.CANDIDATE
    mentor.join_cohort(TrainingCohort(uuid4(), "Summer 2026"), AT)
    assert mentor.status is MentorStatus.IN_TRAINING
    assert isinstance(mentor.events[-1], MentorStatusChanged)
    with pytest.raises(Conflict) as error:
        mentor.join_cohort(TrainingCohort(uuid4(), "Autumn 2026"), AT)
    assert error.value.code == "mentor_not_candidate"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"prison_code": "bmi"}, "invalid_prison_code"),
        ({"capacity": 0}, "invalid_capacity"),
        ({"at": datetime(2026, 1, 5, 9, 0)}, "naive_datetime"),
    ],
)
def test_enrolment_refuses_bad_input(overrides: dict[str, object], code: str) -> None:
    with pytest.raises(InvalidInput) as error:
        enrolled(**overrides)
    assert error.value.code == code


def test_completing_a_module_records_an_event() -> None:
    mentor = enrolled()
    mentor.complete_module("mentoring_skills", date(2026, 2, 1))
    assert mentor.modules_completed == {Module.MENTORING_SKILLS: date(2026, 2, 1)}
    assert mentor.events[-1] == MentorModuleCompleted(
        mentor.mentor_id, mentor.person_id, "mentoring_skills", date(2026, 2, 1)
    )


def test_completing_a_module_twice_is_a_conflict() -> None:
    mentor = trained(enrolled(), (Module.CONFLICT_RESOLUTION,))
    with pytest.raises(Conflict) as error:
        mentor.complete_module(Module.CONFLICT_RESOLUTION, date(2026, 2, 2))
    assert error.value.code == "module_already_completed"
    assert "2026-02-01" in error.value.message


def test_unknown_module_and_module_outside_training_are_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        enrolled().complete_module("knitting", date(2026, 2, 1))
    assert error.value.code == "unknown_module"
    with pytest.raises(Conflict) as conflict:
        enrolled(cohort=None).complete_module(Module.MENTORING_SKILLS, date(2026, 2, 1))
    assert conflict.value.code == "mentor_not_in_training"


def test_qualifying_with_modules_missing_names_them_and_changes_nothing() -> None:
    mentor = trained(enrolled(), (Module.CONFLICT_RESOLUTION, Module.MENTORING_SKILLS))
    with pytest.raises(InvalidInput) as error:
        mentor.qualify(date(2026, 2, 10), at=AT)
    assert error.value.code == "modules_incomplete"
    assert "interpersonal_skills" in error.value.message
    assert "drug_alcohol_awareness" in error.value.message
    assert "mentoring_skills" not in error.value.message
    assert mentor.status is MentorStatus.IN_TRAINING and mentor.qualification is None


def test_qualifying_after_all_modules_awards_the_diploma() -> None:
    mentor = trained(enrolled())
    mentor.qualify(date(2026, 2, 10), at=AT)
    assert mentor.status is MentorStatus.QUALIFIED and mentor.is_qualified
    assert mentor.qualification.award == DEFAULT_AWARD == "OCN Level 2 Diploma in Peer Mentoring"
    qualified, changed = mentor.events[-2:]
    assert qualified == MentorQualified(
        mentor.mentor_id, mentor.person_id, DEFAULT_AWARD, date(2026, 2, 10)
    )
    assert isinstance(changed, MentorStatusChanged) and changed.status == "qualified"
    with pytest.raises(Conflict) as error:
        mentor.qualify(date(2026, 2, 11), at=AT)
    assert error.value.code == "already_qualified"


def test_award_cannot_predate_the_last_module() -> None:
    with pytest.raises(InvalidInput) as error:
        trained(enrolled()).qualify(date(2026, 1, 31), at=AT)
    assert error.value.code == "award_before_modules"


def test_lifecycle_active_suspended_reinstated_left(make_mentor) -> None:
    mentor = make_mentor(status=MentorStatus.QUALIFIED)
    mentor.activate(AT)
    mentor.suspend("safeguarding", AT)
    assert (mentor.status, mentor.status_reason) == (MentorStatus.SUSPENDED, "safeguarding")
    mentor.reinstate(AT)
    assert mentor.status is MentorStatus.ACTIVE
    mentor.leave("released", AT)
    assert (mentor.status, mentor.status_reason) == (MentorStatus.LEFT, "released")
    assert [(e.status, e.reason) for e in mentor.events] == [
        ("active", "activated"),
        ("suspended", "safeguarding"),
        ("active", "reinstated"),
        ("left", "released"),
    ]
    with pytest.raises(Conflict) as error:
        mentor.leave("own_request", AT)
    assert error.value.code == "mentor_already_left"


def test_status_changes_out_of_order_are_conflicts(make_mentor) -> None:
    in_training = make_mentor(status=MentorStatus.IN_TRAINING)
    with pytest.raises(Conflict) as error:
        in_training.activate(AT)
    assert error.value.code == "cannot_activate_mentor"
    with pytest.raises(Conflict):
        make_mentor(status=MentorStatus.ACTIVE).reinstate(AT)
    with pytest.raises(Conflict):
        make_mentor(status=MentorStatus.QUALIFIED).suspend("conduct", AT)


def test_reasons_must_fit_the_change(make_mentor) -> None:
    with pytest.raises(InvalidInput) as error:
        make_mentor().suspend("released", AT)
    assert error.value.code == "invalid_suspension_reason"
    with pytest.raises(InvalidInput) as leaving:
        make_mentor().leave("holiday", AT)
    assert leaving.value.code == "invalid_leaving_reason"


def test_profile_update_and_remaining_capacity(make_mentor) -> None:
    mentor = make_mentor()
    mentor.update_profile(wing="c", capacity=2, languages=["urdu"])
    assert (mentor.wing, mentor.capacity, mentor.languages) == ("C", 2, {"Urdu"})
    assert [mentor.remaining_capacity(n) for n in (0, 2, 5)] == [2, 0, 0]
    with pytest.raises(InvalidInput):
        mentor.update_profile(capacity=11)
