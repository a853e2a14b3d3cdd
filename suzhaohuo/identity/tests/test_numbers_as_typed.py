"""ID numbers and USCCs as people type them: full-width, spaces, hyphens accepted; impossible ones refused with
a reason that says which part is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import valid_id_number

pytestmark = pytest.mark.django_db


def _user(mobile: str) -> Any:
    from suzhaohuo.accounts.services import user_create_with_mobile

    return user_create_with_mobile(mobile=mobile, role="worker")


def test_full_width_and_spaced_id_number_is_stored_normalised(regions: None) -> None:
    from suzhaohuo.identity.services import person_identity_submit

    plain = valid_id_number(7)
    typed = " ".join([plain[:6], plain[6:14], plain[14:]]).translate(
        str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    identity = person_identity_submit(user=_user("13900000701"), real_name="李四", id_number=typed,
                                      township_code="321322102")
    assert identity.id_number == plain


@pytest.mark.parametrize("first17,words", [
    ("99010519800101001", "行政区划"),
    ("32132220990101001", "晚于今天"),
])
def test_impossible_id_numbers_are_refused_with_the_reason(regions: None, first17: str, words: str) -> None:
    from suzhaohuo.core.errors import AppError
    from suzhaohuo.core.validators import id_check_char
    from suzhaohuo.identity.services import person_identity_submit

    with pytest.raises(AppError) as err:
        person_identity_submit(user=_user("13900000702"), real_name="王五", id_number=first17 + id_check_char(first17),
                               township_code="321322102")
    assert err.value.field == "id_number" and words in err.value.message
