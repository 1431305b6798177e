from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pathways.intake.domain.prisons import (
    OPEN_PRISONS,
    PRISONS,
    is_known_prison,
    is_open_prison,
    prison_name,
    validate_prison_code,
)
from pathways.intake.domain.values import (
    PersonName,
    SecurityCategory,
    parse_category,
    require_aware,
    validate_prison_number,
    validate_short_text,
    validate_wing,
)
from pathways.platform.errors import InvalidInput


def test_reference_list_covers_the_estate_and_belmarsh_is_bai() -> None:
    assert len(PRISONS) >= 100
    assert prison_name("BAI") == "HMP Belmarsh"
    assert prison_name("BMI") == "HMP Birmingham"
    for code in ("BXI", "WWI", "PVI", "ISI", "TSI", "WLI", "CFI", "BWI"):
        assert is_known_prison(code)


def test_all_codes_look_like_prison_codes() -> None:
    for code in PRISONS:
        assert len(code) == 3 and code.isupper() and code.endswith("I")


def test_open_prisons_are_known_prisons() -> None:
    assert set(OPEN_PRISONS).issubset(PRISONS)
    assert is_open_prison("FDI") and is_open_prison("LYI") and is_open_prison("EHI")
    assert not is_open_prison("BAI")


def test_unknown_prison_code_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_prison_code("XYZ")
    assert caught.value.code == "unknown_prison_code"
    assert "'XYZ'" in caught.value.message
    assert not is_known_prison("bai")


def test_prison_code_is_normalised() -> None:
    assert validate_prison_code(" bai ") == "BAI"


@pytest.mark.parametrize("number", ["A1234BC", "G2899UJ", "Z0000ZZ", "I1111IO"])
def test_valid_prison_numbers(number: str) -> None:
    assert validate_prison_number(number) == number


def test_prison_number_is_normalised() -> None:
    assert validate_prison_number(" a1234bc ") == "A1234BC"


@pytest.mark.parametrize(
    "number", ["X123", "1234ABC", "A12345C", "AA234BC", "A1234B", "", "A1234BCD"]
)
def test_invalid_prison_numbers(number: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_prison_number(number)
    assert caught.value.code == "invalid_prison_number"
    assert f"{number!r} must look like A1234BC" in caught.value.message


def test_prison_number_must_be_text() -> None:
    with pytest.raises(InvalidInput):
        validate_prison_number(1234)  # type: ignore[arg-type]


def test_security_categories() -> None:
    assert SecurityCategory.A_HIGH.is_category_a and SecurityCategory.A.is_category_a
    assert not SecurityCategory.B.is_category_a
    assert SecurityCategory.D.is_open and SecurityCategory.FEMALE_OPEN.is_open
    assert not SecurityCategory.C.is_open
    assert parse_category(" d ") is SecurityCategory.D
    assert parse_category("a_high") is SecurityCategory.A_HIGH


def test_unknown_category_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_category("E")
    assert caught.value.code == "invalid_category"


def test_wing() -> None:
    assert validate_wing(" HB3 ") == "HB3"
    assert validate_wing("A-2-014") == "A-2-014"
    assert validate_wing(None) is None and validate_wing("  ") is None
    for bad in ("<script>", "x" * 41, "-A"):
        with pytest.raises(InvalidInput) as caught:
            validate_wing(bad)
        assert caught.value.code == "invalid_wing"


def test_short_text() -> None:
    assert validate_short_text(" Lambeth ", "destination_area") == "Lambeth"
    assert validate_short_text("", "destination_area") is None
    with pytest.raises(InvalidInput) as caught:
        validate_short_text("x" * 101, "destination_area")
    assert caught.value.code == "invalid_destination_area"


def test_naive_datetimes_are_refused() -> None:
    aware = datetime(2026, 1, 1, tzinfo=UTC)
    assert require_aware(aware, "received_at") is aware
    with pytest.raises(InvalidInput) as caught:
        require_aware(datetime(2026, 1, 1), "received_at")
    assert caught.value.code == "naive_datetime"


def test_person_name() -> None:
    assert PersonName("Sam", "Smith").family_name == "Smith"
    with pytest.raises(InvalidInput):
        PersonName(" ", "Smith")
    with pytest.raises(InvalidInput):
        PersonName("Sam", "x" * 101)
