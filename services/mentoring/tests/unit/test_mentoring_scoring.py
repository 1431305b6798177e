from __future__ import annotations

import random
from uuid import uuid4

import numpy as np
import pytest

from pathways.mentoring.domain import MatchingContext, MatchingWeights, Slot, score_pair
from pathways.mentoring.domain.score_matrix import pair_matrix
from pathways.platform.errors import InvalidInput


def test_full_explanation(make_mentor, make_mentee) -> None:
    mentor = make_mentor(
        wing="A",
        languages=["English", "Polish"],
        lived_experience=["opiates", "alcohol"],
        availability=[Slot.MORNING, Slot.EVENING],
    )
    mentee = make_mentee(wing="A", languages=["Polish"], substances=["opiates"])
    scored = score_pair(mentor, mentee, load=1)
    assert scored.explanation == (
        "eligible (+2.0); same wing A (+3.0); shares language Polish (+1.0); "
        "lived experience of opiates (+2.0); availability 2/3 (+0.7); load 1/3 (-0.5)"
    )
    assert scored.score == pytest.approx(2 + 3 + 1 + 2 + 2 / 3 - 0.5)


def test_partial_lived_experience_and_known_availability(make_mentor, make_mentee) -> None:
    mentor = make_mentor(
        wing="B", languages=["English"], lived_experience=["crack"], availability=[Slot.MORNING]
    )
    mentee = make_mentee(
        wing="A", substances=["crack", "opiates"], availability=[Slot.MORNING, Slot.EVENING]
    )
    scored = score_pair(mentor, mentee, load=0)
    assert scored.explanation == (
        "eligible (+2.0); lived experience of crack (1 of 2 substances) (+1.0); "
        "availability 1/2 (+0.5); load 0/3 (+0.0)"
    )
    assert scored.score == pytest.approx(3.5)


def test_unknown_wing_never_counts_as_the_same_wing(make_mentor, make_mentee) -> None:
    scored = score_pair(make_mentor(wing=None), make_mentee(wing=None), load=0)
    assert "wing" not in scored.explanation


def test_lower_load_scores_higher(make_mentor, make_mentee) -> None:
    mentor, mentee = make_mentor(), make_mentee()
    scores = [score_pair(mentor, mentee, load=n).score for n in range(3)]
    assert scores == sorted(scores, reverse=True)


def test_weights_are_configurable(make_mentor, make_mentee) -> None:
    weights = MatchingWeights.from_mapping({"same_wing": 10, "load": 0})
    scored = score_pair(make_mentor(), make_mentee(), load=2, weights=weights)
    assert "same wing A (+10.0)" in scored.explanation
    assert "load 2/3 (+0.0)" in scored.explanation


@pytest.mark.parametrize("values", [{"same_wing": -1}, {"load": float("nan")}])
def test_bad_weights_are_refused(values: dict[str, float]) -> None:
    with pytest.raises(InvalidInput) as error:
        MatchingWeights.from_mapping(values)
    assert error.value.code == "invalid_matching_weight"


def test_unknown_weight_names_are_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        MatchingWeights.from_mapping({"same_cell": 1.0})
    assert error.value.code == "unknown_matching_weight" and "same_cell" in error.value.message


def test_vectorised_scores_equal_the_reference(make_mentor, make_mentee) -> None:
    rng = random.Random(3)
    words = ["English", "Polish", "Urdu"]
    drugs = ["opiates", "crack", "alcohol", "cannabis"]

    def some(items: list) -> list:
        return rng.sample(items, rng.randint(0, len(items)))

    mentors = [
        make_mentor(
            wing=rng.choice(["A", "B", None]),
            languages=some(words),
            lived_experience=some(drugs),
            availability=some(list(Slot)),
            capacity=rng.randint(1, 3),
        )
        for _ in range(12)
    ]
    mentees = [
        make_mentee(
            wing=rng.choice(["A", "B", None]),
            languages=some(words),
            substances=some(drugs),
            availability=some(list(Slot)),
        )
        for _ in range(20)
    ]
    weights = MatchingWeights(eligible=1.1, same_wing=2.2, shared_language=0.7, availability=1.3)
    block = pair_matrix(mentors, mentees, MatchingContext(), weights)
    reference = np.array([[score_pair(m, e, 0, weights).score for e in mentees] for m in mentors])
    np.testing.assert_allclose(block.score, reference, atol=1e-9)
    assert block.allowed.all()


def test_matrix_flags_the_same_person(make_mentor, make_mentee) -> None:
    mentor = make_mentor()
    mentees = [make_mentee(person_id=mentor.person_id), make_mentee(person_id=uuid4())]
    block = pair_matrix([mentor], mentees, MatchingContext(), MatchingWeights())
    assert block.allowed.tolist() == [[False, True]]
