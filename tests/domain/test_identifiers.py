from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from possouk.domain.errors import UserError
from possouk.domain.identifiers import (
    mask_rib,
    rib_key,
    rib_with_key,
    validate_code,
    validate_ice,
    validate_phone,
    validate_rib,
)

# The Moroccan example of the SWIFT IBAN registry: MA64 0115 1900 0001 2050 0053 4921.
REGISTRY_RIB = "011519000001205000534921"


# --- ICE -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ice"),
    [("001561191000066", "001561191000066"), (" 00 21 36 09 30 00 040 ", "002136093000040"),
     ("٠٠١٥٦١١٩١٠٠٠٠٦٦", "001561191000066"), ("", ""), ("   ", "")],
)
def test_valid_ice(text: str, ice: str) -> None:
    assert validate_ice(text) == ice


def test_ice_wrong_length() -> None:
    with pytest.raises(UserError) as excinfo:
        validate_ice("12345")
    assert "15 digits" in excinfo.value.message
    assert excinfo.value.params["length"] == 5


@pytest.mark.parametrize("text", ["X0156119100006Z", "001-561191-000066"])
def test_ice_non_digits(text: str) -> None:
    with pytest.raises(UserError) as excinfo:
        validate_ice(text)
    assert "only contain digits" in excinfo.value.message


# --- RIB -----------------------------------------------------------------------------------


def test_rib_key_matches_the_iban_registry_example() -> None:
    assert rib_key(REGISTRY_RIB[:22]) == 21
    assert validate_rib(REGISTRY_RIB) == REGISTRY_RIB


def test_rib_with_spaces() -> None:
    assert validate_rib("011 519 0000012050005349 21") == REGISTRY_RIB
    assert validate_rib("") == ""
    assert validate_rib("  ") == ""


@given(st.text(alphabet="0123456789", min_size=22, max_size=22))
def test_rib_with_key_is_valid_and_a_multiple_of_97(first22: str) -> None:
    rib = rib_with_key(first22)
    assert len(rib) == 24
    assert rib.startswith(first22)
    assert int(rib) % 97 == 0
    assert 1 <= int(rib[-2:]) <= 97
    assert validate_rib(rib) == rib


@given(st.text(alphabet="0123456789", min_size=22, max_size=22), st.integers(0, 23),
       st.integers(1, 9))
def test_rib_key_catches_every_single_digit_error(first22: str, pos: int, delta: int) -> None:
    rib = rib_with_key(first22)
    wrong = rib[:pos] + str((int(rib[pos]) + delta) % 10) + rib[pos + 1 :]
    with pytest.raises(UserError) as excinfo:
        validate_rib(wrong)
    assert "key" in excinfo.value.message


@pytest.mark.parametrize("first22", ["", "123", "0115190000012050005349x", "٠" * 22])
def test_rib_with_key_refuses_bad_input(first22: str) -> None:
    with pytest.raises(ValueError):
        rib_with_key(first22)


def test_rib_messages_are_distinct() -> None:
    messages = set()
    for text in ["0115190000012050005349", "01151900000120500053492X", REGISTRY_RIB[:-1] + "2"]:
        with pytest.raises(UserError) as excinfo:
            validate_rib(text)
        messages.add(excinfo.value.message)
    assert len(messages) == 3


def test_mask_rib() -> None:
    assert mask_rib(REGISTRY_RIB) == "*" * 20 + "4921"
    assert mask_rib("011 519 0000012050005349 21") == "*" * 20 + "4921"
    assert mask_rib("") == ""
    assert mask_rib("1234") == "****"


# --- phone ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["0612345678", "06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "+212612345678",
     "+212 6 12 34 56 78", "+212 (0)6 12 34 56 78", "00212612345678", "00212 6 12 34 56 78",
     "212612345678", "٠٦١٢٣٤٥٦٧٨", " 0612345678\n"],
)
def test_phone_forms(text: str) -> None:
    assert validate_phone(text) == "+212612345678"


@pytest.mark.parametrize(
    ("text", "phone"),
    [("0535123456", "+212535123456"), ("0712345678", "+212712345678"),
     ("0808123456", "+212808123456"), ("", ""), ("  ", "")],
)
def test_phone_kinds(text: str, phone: str) -> None:
    assert validate_phone(text) == phone


@pytest.mark.parametrize(
    "text",
    ["061234567", "06123456789", "0912345678", "0112345678", "+33612345678", "0033612345678",
     "612345678", "06123x5678", "+212 +612345678", "phone", "212"],
)
def test_phone_refused(text: str) -> None:
    with pytest.raises(UserError) as excinfo:
        validate_phone(text)
    assert "06 12 34 56 78" in excinfo.value.message


@given(st.sampled_from("5678"), st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_phone_normal_form_is_stable(first: str, rest: str) -> None:
    phone = validate_phone(f"0{first}{rest}")
    assert phone == f"+212{first}{rest}"
    assert validate_phone(phone) == phone


# --- codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["MEK", "mek1", "COOP-042", "sku_1.5", "a", "A" * 40])
def test_valid_codes(code: str) -> None:
    assert validate_code(f"  {code} ", field="code") == code


def test_code_case_is_kept() -> None:
    assert validate_code("Fatima.Z", field="login") == "Fatima.Z"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "empty"), ("   ", "empty"), ("A" * 41, "too long"), ("COOP 42", "may only contain"),
     ("café", "may only contain"), ("عسل", "may only contain"), ("a/b", "may only contain"),
     ("A\u200bB", "may only contain"), ("١٢", "may only contain")],
)
def test_bad_codes(text: str, fragment: str) -> None:
    with pytest.raises(UserError) as excinfo:
        validate_code(text, field="SKU")
    assert fragment in excinfo.value.message
    assert excinfo.value.params["field"] == "SKU"
