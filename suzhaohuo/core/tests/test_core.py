import pytest

from suzhaohuo.core import crypto, ratelimit
from suzhaohuo.core.masking import mask_id_number, mask_mobile, mask_name
from suzhaohuo.core.validators import (
    id_check_char,
    id_number_birth_date,
    id_number_gender,
    id_number_is_valid,
    normalize_mobile,
    uscc_check_char,
    uscc_is_valid,
)


def test_masking_helpers_match_the_issue_examples():
    assert mask_id_number("321322198001011234") == "3213**********1234"
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_id_number("") == "" and mask_mobile(None) == ""
    assert mask_name("张三丰") == "张**"


@pytest.mark.parametrize("value,ok", [
    ("11010519491231002X", True), ("11010519491231002x", True), ("360426199101010071", True),
    ("360426199101010072", False), ("36042619910101007", False), ("360426199113010071", False),
])
def test_resident_id_check_digit_reference_examples(value, ok):
    assert id_number_is_valid(value) is ok


def test_id_helpers():
    assert id_check_char("11010519491231002") == "X"
    assert id_number_gender("360426199101010071") == "M"
    assert id_number_birth_date("11010519491231002X").isoformat() == "1949-12-31"


@pytest.mark.parametrize("value,ok", [
    ("91110108551385082Q", True), ("91110108551385082q", True), ("91110108551385082A", False),
    ("9111010855138508IQ", False), ("911101085513850", False),
])
def test_uscc_check_digit_reference_examples(value, ok):
    assert uscc_is_valid(value) is ok


def test_uscc_remainder_zero_gives_zero():
    # Find a prefix whose weighted sum is divisible by 31: the check char must be '0'.
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    for last in charset:
        first17 = "9132132200000000" + last
        if sum(charset.index(c) * w for c, w in zip(first17, weights, strict=True)) % 31 == 0:
            assert uscc_check_char(first17) == "0"
            break
    else:
        pytest.skip("no zero-remainder prefix in this family")


@pytest.mark.parametrize("raw,expected", [
    ("13812345678", "13812345678"), ("+8613812345678", "13812345678"), ("0086 138-1234-5678", "13812345678"),
    ("12812345678", None), ("1381234567", None), ("abc", None), ("", None),
])
def test_mobile_normalization(raw, expected):
    assert normalize_mobile(raw) == expected


def test_encryption_round_trip_random_nonce_and_keyed_hash():
    a, b = crypto.encrypt("321322198001011234"), crypto.encrypt("321322198001011234")
    assert a != b and a.startswith("v1:") and "3213" not in a
    assert crypto.decrypt(a) == "321322198001011234"
    assert crypto.keyed_hash("32132219800101123x") == crypto.keyed_hash(" 32132219800101123X ")
    tampered = a[:-2] + ("A" if a[-2] != "A" else "B") + a[-1]
    with pytest.raises(Exception):  # noqa: B017 - AES-GCM raises InvalidTag on any change
        crypto.decrypt(tampered)


@pytest.mark.django_db
def test_rate_limit_window(settings):
    from django.core.cache import cache

    cache.clear()
    assert all(ratelimit.hit("t:k", 3, 60) for _ in range(3))
    assert ratelimit.hit("t:k", 3, 60) is False
    assert ratelimit.peek("t:k", 60) == 3  # a refused hit is not counted (#11: sliding window)
    ratelimit.reset("t:k", 60)
    assert ratelimit.hit("t:k", 3, 60)


def _with_check(first17: str) -> str:
    return first17 + id_check_char(first17)


@pytest.mark.parametrize("typed", [
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and letter
    "110105 19491231 002X", "110105-19491231-002x", " 11010519491231002X ", "110105—19491231—002X",
])
def test_id_numbers_as_people_type_them(typed):
    from suzhaohuo.core.validators import normalize_id_number

    assert id_number_is_valid(typed) and normalize_id_number(typed) == "11010519491231002X"


def test_id_number_division_and_birth_date_are_checked():
    from datetime import date

    from suzhaohuo.core.validators import id_number_problem

    assert id_number_problem(_with_check("99010519800101001")) == "division"  # 99xxxx is no division code
    assert id_number_problem(_with_check("32132220990101001"), today=date(2026, 12, 1)) == "future_birth"
    assert id_number_problem(_with_check("32132219800230001")) == "birth_date"
    # the code of the place of issue counts whatever the birth year (沭阳县 = 321322 since 1996; born 1980)
    assert id_number_problem(_with_check("32132219800101001")) == ""
    assert id_number_problem(_with_check("32082119800101001")) == ""  # a historical code (淮阴市沭阳县)
    assert id_number_problem(_with_check("32137119900101001")) == ""  # 宿迁经开区: in the deployment's region table


def test_uscc_as_typed_and_division_checked():
    from suzhaohuo.core.validators import normalize_uscc, uscc_problem

    assert uscc_is_valid("9111 0108 5513 8508 2Q") and uscc_is_valid("９１１１０１０８５５１３８５０８２Ｑ")
    assert normalize_uscc("91110108-551385082q") == "91110108551385082Q"
    first17 = "91990000MA1234567"
    assert uscc_problem(first17 + uscc_check_char(first17)) == "division"
    n2 = "N2321322MA1234567"  # a letter as registration authority (农村集体经济组织) is allowed
    assert uscc_problem(n2 + uscc_check_char(n2)) == ""
