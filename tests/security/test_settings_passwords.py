"""Password policy: length, common passwords, and the demo password still passes."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _signup(client, password, english=True):
    if english:
        _english(client)
    return client.post(
        reverse("accounts:signup"),
        {
            "email": "weak@example.test",
            "display_name": "弱い パスワード",
            "password": password,
            "preferred_language": "en",
            "mode": "new",
            "kind": "company",
            "name_ja": "弱点株式会社",
            "name_en": "Weakness Ltd",
            "prefecture": "13",
            "size_band": "micro",
            "jsic_industry": "E",
        },
    )


def test_minimum_length_is_twelve():
    lengths = [
        v.get("OPTIONS", {}).get("min_length")
        for v in settings.AUTH_PASSWORD_VALIDATORS
        if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert lengths == [12]


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("short-pw-1", "too short"),  # 10 characters
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
        ("weak@example.test", "too similar"),
    ],
)
def test_signup_refuses_weak_passwords_with_a_message(client, password, expected):
    response = _signup(client, password)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not User.objects.filter(email="weak@example.test").exists()


def test_signup_accepts_a_passphrase(client):
    response = _signup(client, "seven horses eat rice")
    assert response.status_code == 302
    assert User.objects.filter(email="weak@example.test").exists()


@pytest.mark.parametrize(
    "password", [DEMO_PASSWORD, PASSWORD, "kaisha-no-himitsu-2026"]
)
def test_demo_and_fixture_passwords_pass_the_policy(password):
    user = User(email="someone@example.test", display_name="Someone")
    validate_password(password, user=user)


def test_password_change_applies_the_policy(client):
    user = User.objects.create_user(
        email="changer@example.test", password=PASSWORD, display_name="Changer"
    )
    client.force_login(user)
    _english(client)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "tiny-pass",
            "new_password2": "tiny-pass",
        },
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_signup_message_is_japanese_by_default(client):
    response = _signup(client, "short-pw-1", english=False)
    assert "このパスワードは短すぎます" in response.content.decode()


def test_validator_rejects_eleven_characters():
    with pytest.raises(ValidationError):
        validate_password("abcdefghijk")
