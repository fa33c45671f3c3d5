from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from possouk.domain.barcode import (
    DEFAULT_SCALE_RULES,
    INTERNAL_PREFIX,
    ScaleRule,
    ScaleScan,
    check_scale_rules,
    ean_check_digit,
    internal_ean13,
    is_internal,
    parse_scan,
    rules_from_json,
    rules_to_json,
    scale_barcode,
    validate_barcode,
)
from possouk.domain.errors import UserError

WEIGHT, PRICE = DEFAULT_SCALE_RULES

# A made-up EAN-13 in the GS1 Morocco range (611), and the usual textbook EAN-8 and UPC-A.
EAN13 = "6111234567895"
EAN8 = "96385074"
UPCA = "036000291452"


def _message(excinfo: pytest.ExceptionInfo[UserError]) -> str:
    return excinfo.value.message


# --- check digit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "digit"),
    [("400638133393", 1), ("9638507", 4), ("03600029145", 2), ("611123456789", 5),
     ("0000000000000", 0)],
)
def test_ean_check_digit_known_values(body: str, digit: int) -> None:
    assert ean_check_digit(body) == digit


@pytest.mark.parametrize("body", ["", "12a4", "١٢٣"])
def test_ean_check_digit_refuses_non_digits(body: str) -> None:
    with pytest.raises(ValueError):
        ean_check_digit(body)


@given(st.text(alphabet="0123456789", min_size=7, max_size=13), st.integers(0, 12),
       st.integers(1, 9))
def test_check_digit_catches_every_single_digit_error(body: str, pos: int, delta: int) -> None:
    code = body + str(ean_check_digit(body))
    pos %= len(code)
    wrong = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1 :]
    assert ean_check_digit(wrong[:-1]) != int(wrong[-1])


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", [EAN13, EAN8, UPCA, "4006381333931"])
def test_valid_codes_are_returned(code: str) -> None:
    assert validate_barcode(code) == code


def test_surrounding_whitespace_and_group_spaces_are_removed() -> None:
    assert validate_barcode(f"  {EAN13}\r\n") == EAN13
    assert validate_barcode("\t6 111234 567895 ") == EAN13


def test_arabic_indic_digits_are_read() -> None:
    assert validate_barcode("٦١١١٢٣٤٥٦٧٨٩٥") == EAN13
    assert validate_barcode("۹۶۳۸۵۰۷۴") == EAN8


def test_azerty_scanner_burst_is_read_as_digits() -> None:
    # the scanner "typed" 6111234567895 through a French keyboard layout
    assert validate_barcode("-&&&é\"'(-è_ç(") == EAN13


@pytest.mark.parametrize("code", ["", "   ", "\r\n"])
def test_empty(code: str) -> None:
    with pytest.raises(UserError) as excinfo:
        validate_barcode(code)
    assert "empty" in _message(excinfo)


@pytest.mark.parametrize("code", ["61112345678x5", "6111234567895\x1b[A", "ABC-123", "&é\"1"])
def test_non_digits(code: str) -> None:
    with pytest.raises(UserError) as excinfo:
        validate_barcode(code)
    assert "not digits" in _message(excinfo)


def test_long_garbage_is_shortened_in_the_message() -> None:
    with pytest.raises(UserError) as excinfo:
        validate_barcode("x" * 500)
    assert len(excinfo.value.params["code"]) < 40


@pytest.mark.parametrize("code", ["1234567", "123456789", "61112345678920", EAN13 + EAN13])
def test_wrong_length_names_the_accepted_lengths(code: str) -> None:
    with pytest.raises(UserError) as excinfo:
        validate_barcode(code)
    assert "8, 12 or 13" in _message(excinfo)
    assert excinfo.value.params["length"] == len(code)


@pytest.mark.parametrize("code", ["6111234567891", "96385075", "036000291453"])
def test_wrong_check_digit(code: str) -> None:
    with pytest.raises(UserError) as excinfo:
        validate_barcode(code)
    assert "last digit" in _message(excinfo)


def test_the_four_messages_are_distinct() -> None:
    messages = set()
    for code in ["", "12x45678", "1234567", "6111234567891"]:
        with pytest.raises(UserError) as excinfo:
            validate_barcode(code)
        messages.add(_message(excinfo))
    assert len(messages) == 4


# --- in-store codes ------------------------------------------------------------------------


def test_internal_ean13_layout() -> None:
    code = internal_ean13(42)
    assert code.startswith(INTERNAL_PREFIX + "000000042")
    assert len(code) == 13
    assert validate_barcode(code) == code
    assert is_internal(code)
    assert internal_ean13(999_999_999).startswith("200999999999")


@pytest.mark.parametrize("sequence", [0, -1, 1_000_000_000])
def test_internal_ean13_range(sequence: int) -> None:
    with pytest.raises(ValueError):
        internal_ean13(sequence)


@given(st.integers(1, 999_999_999))
def test_internal_codes_are_valid_and_recognised(sequence: int) -> None:
    code = internal_ean13(sequence)
    assert validate_barcode(code) == code
    assert is_internal(code)
    assert parse_scan(code) == code


@pytest.mark.parametrize(
    "code", [EAN13, EAN8, "2000000000429", "200000000042", "", "200000000042x"]
)
def test_is_internal_refuses_others(code: str) -> None:
    assert not is_internal(code)


# --- scale labels --------------------------------------------------------------------------


def test_parse_weight_label() -> None:
    code = scale_barcode(WEIGHT, 123, 750)
    assert code[:12] == "210012300750"
    assert parse_scan(code) == ScaleScan(WEIGHT, 123, weight=750, price=None)


def test_parse_price_label() -> None:
    code = scale_barcode(PRICE, 7, 4550)
    assert parse_scan(code) == ScaleScan(PRICE, 7, weight=None, price=4550)


def test_parse_plain_barcodes() -> None:
    assert parse_scan(f" {EAN13}\n") == EAN13
    assert parse_scan(EAN8) == EAN8
    assert parse_scan(UPCA) == UPCA


def test_label_with_other_prefix_is_a_plain_barcode() -> None:
    other = ScaleRule("23", "weight")
    code = scale_barcode(other, 1, 500)
    assert parse_scan(code) == code
    assert parse_scan(code, (other,)) == ScaleScan(other, 1, weight=500, price=None)


def test_no_rules_means_no_scale_labels() -> None:
    code = scale_barcode(WEIGHT, 1, 500)
    assert parse_scan(code, ()) == code


@pytest.mark.parametrize(("rule", "word"), [(WEIGHT, "weight"), (PRICE, "price")])
def test_zero_value_label_is_refused(rule: ScaleRule, word: str) -> None:
    with pytest.raises(UserError) as excinfo:
        parse_scan(scale_barcode(rule, 5, 0))
    assert f"{word} of zero" in _message(excinfo)


def test_scale_label_with_a_bad_check_digit_is_refused() -> None:
    code = scale_barcode(WEIGHT, 1, 500)
    bad = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(UserError):
        parse_scan(bad)


@given(st.sampled_from([*DEFAULT_SCALE_RULES, ScaleRule("2", "price", 6, 5),
                        ScaleRule("29", "weight", 4, 6), ScaleRule("280", "price", 4, 5)]),
       st.integers(0, 9999), st.integers(1, 99_999))
def test_scale_barcode_round_trip(rule: ScaleRule, item: int, value: int) -> None:
    code = scale_barcode(rule, item, value)
    assert len(code) == 13
    scan = parse_scan(code, (rule,))
    assert isinstance(scan, ScaleScan)
    assert scan.item_code == item
    assert (scan.weight if rule.kind == "weight" else scan.price) == value


@pytest.mark.parametrize(
    ("item", "value"), [(-1, 10), (100_000, 10), (1, -1), (1, 100_000)]
)
def test_scale_barcode_refuses_values_that_do_not_fit(item: int, value: int) -> None:
    with pytest.raises(ValueError):
        scale_barcode(WEIGHT, item, value)


def test_scale_barcode_refuses_a_bad_rule() -> None:
    with pytest.raises(ValueError):
        scale_barcode(ScaleRule("21", "weight", 5, 4), 1, 1)


# --- rules as JSON -------------------------------------------------------------------------


def test_rules_json_round_trip() -> None:
    rules = (*DEFAULT_SCALE_RULES, ScaleRule("25", "price", 4, 6))
    assert rules_from_json(rules_to_json(rules)) == rules
    assert rules_from_json(rules_to_json(())) == ()


def test_rules_json_defaults() -> None:
    assert rules_from_json('[{"prefix": "21", "kind": "weight"}]') == (WEIGHT,)


def test_rules_json_is_plain() -> None:
    assert json.loads(rules_to_json(DEFAULT_SCALE_RULES))[0] == {
        "prefix": "21", "kind": "weight", "item_digits": 5, "value_digits": 5}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("not json", "not readable"),
        ('{"prefix": "21"}', "list of rules"),
        ("[1]", "Scale rule {number} is not readable"),
        ('[{"prefix": "21", "kind": "weight", "colour": "red"}]', "is not readable"),
        ('[{"prefix": 21, "kind": "weight"}]', "prefix must be"),
        ('[{"prefix": "31", "kind": "weight"}]', "prefix must be"),
        ('[{"prefix": "", "kind": "weight"}]', "prefix must be"),
        ('[{"prefix": "2100", "kind": "weight", "item_digits": 4, "value_digits": 4}]',
         "prefix must be"),
        ('[{"prefix": "2a", "kind": "weight"}]', "prefix must be"),
        ('[{"prefix": "21", "kind": "volume"}]', "kind must be"),
        ('[{"prefix": "21"}]', "kind must be"),
        ('[{"prefix": "21", "kind": "weight", "item_digits": 6}]', "12 digits"),
        ('[{"prefix": "21", "kind": "weight", "item_digits": "5"}]', "12 digits"),
        ('[{"prefix": "21", "kind": "weight", "item_digits": true}]', "12 digits"),
        ('[{"prefix": "21", "kind": "weight", "item_digits": 0, "value_digits": 10}]',
         "12 digits"),
        ('[{"prefix": "20", "kind": "weight", "item_digits": 5, "value_digits": 5}]',
         "store's own"),
        ('[{"prefix": "2", "kind": "weight", "item_digits": 6, "value_digits": 5}]',
         "store's own"),
        ('[{"prefix": "21", "kind": "weight"}, {"prefix": "21", "kind": "price"}]',
         "overlapping"),
        ('[{"prefix": "21", "kind": "weight"}, '
         '{"prefix": "215", "kind": "price", "item_digits": 4, "value_digits": 5}]',
         "overlapping"),
    ],
)
def test_bad_rules_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(UserError) as excinfo:
        rules_from_json(text)
    assert fragment in _message(excinfo)


def test_overlap_message_names_both_rules() -> None:
    with pytest.raises(UserError) as excinfo:
        check_scale_rules([WEIGHT, PRICE, ScaleRule("215", "price", 4, 5)])
    assert excinfo.value.params["first"] == 1
    assert excinfo.value.params["second"] == 3


def test_default_rules_are_usable() -> None:
    assert check_scale_rules(DEFAULT_SCALE_RULES) == DEFAULT_SCALE_RULES
