from __future__ import annotations

import uuid
from datetime import date

import pytest

from pathways.intake.domain.assessments import (
    Assessment,
    current_clean_since,
    days_clean,
    latest_first,
    validate_clean_since,
)
from pathways.intake.domain.instruments import Barc10, Top, TopStage, TopSubstance
from pathways.platform.errors import InvalidInput

TODAY = date(2026, 6, 1)


def test_barc10_total_and_threshold() -> None:
    assert Barc10((1,) * 10).total == 10
    assert Barc10((6,) * 10).total == 60
    at_threshold = Barc10((5, 5, 5, 5, 5, 5, 5, 4, 4, 4))
    assert at_threshold.total == 47 and at_threshold.predicts_sustained_remission
    below = Barc10((5, 5, 5, 5, 5, 5, 4, 4, 4, 4))
    assert below.total == 46 and not below.predicts_sustained_remission


def test_barc10_accepts_a_list() -> None:
    assert Barc10([3] * 10).answers == (3,) * 10  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [0, 9, 11])
def test_barc10_needs_exactly_ten_answers(count: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        Barc10((3,) * count)
    assert caught.value.code == "barc10_wrong_item_count"


@pytest.mark.parametrize("bad", [0, 7, -1, True, 3.5, "4"])
def test_barc10_answers_are_1_to_6(bad: object) -> None:
    answers = (3, 3, 3, 3, bad, 3, 3, 3, 3, 3)
    with pytest.raises(InvalidInput) as caught:
        Barc10(answers)  # type: ignore[arg-type]
    assert caught.value.code == "barc10_answer_out_of_range"
    assert "answer 5" in caught.value.message


def test_top_fills_missing_substances_with_zero() -> None:
    top = Top(TopStage.START, days_used={TopSubstance.ALCOHOL: 28, "crack": 3})  # type: ignore[dict-item]
    assert top.days_used[TopSubstance.ALCOHOL] == 28
    assert top.days_used[TopSubstance.CRACK] == 3
    assert top.days_used[TopSubstance.TOBACCO] == 0
    assert list(top.days_used) == list(TopSubstance)


def test_top_full_record() -> None:
    top = Top(
        TopStage.REVIEW,
        injecting_days=4,
        shared_injecting_equipment=True,
        crime_days=28,
        psychological_health=20,
        physical_health=0,
        quality_of_life=10,
        housing_problem=True,
    )
    assert top.stage is TopStage.REVIEW and top.housing_problem


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"days_used": {TopSubstance.OPIATES: 29}}, "top_days_out_of_range"),
        ({"days_used": {TopSubstance.OPIATES: -1}}, "top_days_out_of_range"),
        ({"injecting_days": 29}, "top_days_out_of_range"),
        ({"crime_days": -1}, "top_days_out_of_range"),
        ({"psychological_health": 21}, "top_rating_out_of_range"),
        ({"quality_of_life": -1}, "top_rating_out_of_range"),
        ({"shared_injecting_equipment": True}, "top_sharing_without_injecting"),
    ],
)
def test_top_ranges(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Top(TopStage.EXIT, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_top_refuses_unknown_substance() -> None:
    with pytest.raises(ValueError):
        Top(TopStage.START, days_used={"heroin": 2})  # type: ignore[dict-item]


def test_days_clean() -> None:
    assert days_clean(date(2026, 1, 1), date(2026, 1, 1)) == 0
    assert days_clean(date(2025, 12, 7), date(2026, 6, 1)) == 176
    with pytest.raises(InvalidInput) as caught:
        days_clean(date(2026, 6, 2), TODAY)
    assert caught.value.code == "clean_since_in_future"


def test_clean_since_rules() -> None:
    assert validate_clean_since(TODAY, today=TODAY) == TODAY
    with pytest.raises(InvalidInput) as caught:
        validate_clean_since(date(2026, 6, 2), today=TODAY)
    assert caught.value.code == "clean_since_in_future"
    with pytest.raises(InvalidInput) as caught:
        validate_clean_since(date(1989, 12, 31), today=TODAY, date_of_birth=date(1990, 1, 1))
    assert caught.value.code == "clean_since_before_birth"


def test_assessment_needs_content_and_a_past_date() -> None:
    with pytest.raises(InvalidInput) as caught:
        Assessment.create(assessed_on=TODAY, today=TODAY)
    assert caught.value.code == "empty_assessment"
    with pytest.raises(InvalidInput) as caught:
        Assessment.create(assessed_on=date(2026, 6, 2), today=TODAY, clean_since=TODAY)
    assert caught.value.code == "assessed_in_future"


def test_clean_since_may_not_follow_the_assessment() -> None:
    with pytest.raises(InvalidInput) as caught:
        Assessment.create(assessed_on=date(2026, 5, 1), today=TODAY, clean_since=date(2026, 5, 2))
    assert caught.value.code == "clean_since_after_assessment"


def test_assessment_barc10_total() -> None:
    with_barc = Assessment.create(assessed_on=TODAY, today=TODAY, barc10=Barc10((4,) * 10))
    assert with_barc.barc10_total == 40
    assert isinstance(with_barc.assessment_id, uuid.UUID)
    assert Assessment.create(assessed_on=TODAY, today=TODAY, clean_since=TODAY).barc10_total is None


def test_history_is_latest_first_and_stable_on_the_same_day() -> None:
    first = Assessment.create(
        assessed_on=date(2026, 1, 1), today=TODAY, clean_since=date(2025, 12, 1)
    )
    second = Assessment.create(assessed_on=date(2026, 3, 1), today=TODAY, barc10=Barc10((2,) * 10))
    third_same_day = Assessment.create(
        assessed_on=date(2026, 3, 1), today=TODAY, clean_since=date(2026, 2, 1)
    )
    history = latest_first([first, second, third_same_day])
    assert history == [third_same_day, second, first]
    assert current_clean_since([first, second, third_same_day]) == date(2026, 2, 1)
    assert current_clean_since([first, second]) == date(2025, 12, 1)
    assert current_clean_since([second]) is None
