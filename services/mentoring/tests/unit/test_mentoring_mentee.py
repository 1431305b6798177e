from __future__ import annotations

from uuid import uuid4

import pytest

from pathways.mentoring.domain import MenteeStatus, NonAssociation, NonAssociations
from pathways.platform.errors import Conflict, InvalidInput


def test_referral_waits_with_normalised_needs(make_mentee) -> None:
    mentee = make_mentee(wing="a", substances=["Crack", " opiates "], languages=["polish"])
    assert mentee.status is MenteeStatus.WAITING and mentee.is_waiting
    assert (mentee.wing, mentee.substances, mentee.languages) == (
        "A",
        {"crack", "opiates"},
        {"Polish"},
    )


def test_matched_then_back_to_waiting(make_mentee) -> None:
    mentee = make_mentee()
    mentee.matched()
    assert mentee.status is MenteeStatus.MATCHED
    with pytest.raises(Conflict) as error:
        mentee.matched()
    assert error.value.code == "mentee_not_waiting"
    assert mentee.back_to_waiting() is True
    assert mentee.back_to_waiting() is False  # already waiting: nothing to do


def test_without_consent_a_mentee_stays_off_the_list_whatever_custody_does(make_mentee) -> None:
    mentee = make_mentee(substances=["opiates"])
    mentee.consent_withdrawn()
    assert mentee.status is MenteeStatus.NO_CONSENT and mentee.substances == frozenset()
    with pytest.raises(Conflict) as error:
        mentee.matched()
    assert error.value.code == "no_consent"
    mentee.released()
    mentee.received("WWI", "B")
    mentee.transferred("BAI")
    assert mentee.status is MenteeStatus.NO_CONSENT
    mentee.consent_given(released=False)
    assert mentee.is_waiting


def test_consent_given_while_released_leaves_the_mentee_released(make_mentee) -> None:
    mentee = make_mentee()
    mentee.consent_withdrawn()
    mentee.consent_given(released=True)
    assert mentee.status is MenteeStatus.RELEASED
    mentee.consent_given(released=False)  # only a mentee without consent changes
    assert mentee.status is MenteeStatus.RELEASED


def test_released_mentee_does_not_wait_until_received_again(make_mentee) -> None:
    mentee = make_mentee()
    mentee.released()
    assert mentee.back_to_waiting() is False and mentee.status is MenteeStatus.RELEASED
    mentee.received("BAI", "C")
    assert (mentee.status, mentee.wing) == (MenteeStatus.WAITING, "C")


def test_a_transferred_mentee_waits_at_the_new_prison_at_once(make_mentee) -> None:
    mentee = make_mentee()
    mentee.transferred("WWI", "b")
    assert (mentee.status, mentee.prison_code, mentee.wing) == (MenteeStatus.WAITING, "WWI", "B")
    mentee.released()
    mentee.transferred("HOI")  # a released person is not put back in a queue by a transfer
    assert mentee.status is MenteeStatus.RELEASED


def test_a_mentee_without_a_known_prison_can_be_recorded(make_mentee) -> None:
    mentee = make_mentee(prison_code=None, wing=None)
    assert mentee.prison_code is None and mentee.is_waiting
    mentee.update_needs(substances=["alcohol"], languages=["Welsh"])
    assert (mentee.substances, mentee.languages) == ({"alcohol"}, {"Welsh"})


def test_non_associations_are_symmetric() -> None:
    first, second, third = uuid4(), uuid4(), uuid4()
    register = NonAssociations()
    register.record(first, second)
    assert register.forbids(first, second) and register.forbids(second, first)
    assert not register.forbids(first, third)
    assert frozenset((second, first)) in register and len(register) == 1
    assert NonAssociations([NonAssociation(second, first)]).forbids(first, second)


def test_non_association_rules() -> None:
    person, other = uuid4(), uuid4()
    with pytest.raises(InvalidInput) as error:
        NonAssociations().record(person, person)
    assert error.value.code == "same_person"
    register = NonAssociations()
    register.record(person, other)
    with pytest.raises(Conflict) as conflict:
        register.record(other, person)
    assert conflict.value.code == "non_association_exists"
