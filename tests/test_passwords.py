"""Passwords need 12 characters and must not be a common one
(AUTH_PASSWORD_VALIDATORS)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    ["Xq7!pLm2vR", "password1234", "123456789012"],
    ids=["short", "common", "numeric"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_an_eleven_character_password_is_too_short():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Xq7!pLm2vRz")


def test_a_long_uncommon_passphrase_is_accepted():
    assert validate_password("a long editor passphrase 42") is None
