"""Login, sign-up, password-reset and API rate limits (accounts/ratelimit.py, DRF)."""

import contextlib
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from accounts import ratelimit
from accounts.models import User
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 5, 1, 10, 0, 5, tzinfo=dt.UTC)


@pytest.fixture
def limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        "login_ip": "6/15m",
        "login_account": "3/15m",
        "signup_ip": "2/h",
        "password_reset_ip": "2/h",
    }
    return settings.ACCOUNT_RATE_LIMITS


def _login(client, email, password, ip="198.51.100.7", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
        **extra,
    )


@contextlib.contextmanager
def _english(client):
    """Ask for English pages (the site ignores Accept-Language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_parse_rate_accepts_multipliers_and_drf_spelling():
    assert ratelimit.parse_rate("5/15m") == (5, 900)
    assert ratelimit.parse_rate("10/h") == (10, 3600)
    assert ratelimit.parse_rate("120/min") == (120, 60)
    assert ratelimit.parse_rate("") is None
    with pytest.raises(Exception, match="Invalid rate"):
        ratelimit.parse_rate("five per minute")


def test_account_is_locked_after_failed_logins_even_with_the_right_password(
    client, limits
):
    user = UserFactory(email="victim@example.test")
    with time_machine.travel(NOW, tick=False):
        for _ in range(3):
            assert _login(client, user.email, "wrong-password-123").status_code == 200
        with _english(client):
            response = _login(client, user.email, PASSWORD)
        assert response.status_code == 429
        assert "Too many login attempts" in response.content.decode()
        assert int(response["Retry-After"]) > 0
        assert not _logged_in(client)
        # From another address too: the limit is per account.
        assert _login(client, user.email, PASSWORD, ip="203.0.113.9").status_code == 429
    # The window passes: the right password works again.
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        response = _login(client, user.email, PASSWORD)
        assert response.status_code == 302
        assert _logged_in(client)


def test_successful_login_clears_the_failure_count(client, limits):
    user = UserFactory(email="forgetful@example.test")
    with time_machine.travel(NOW, tick=False):
        for _ in range(2):
            _login(client, user.email, "wrong-password-123")
        assert _login(client, user.email, PASSWORD).status_code == 302
        client.logout()
        for _ in range(2):
            assert _login(client, user.email, "wrong-password-123").status_code == 200
        assert _login(client, user.email, PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_limited(client, limits):
    users = [UserFactory() for _ in range(7)]
    with time_machine.travel(NOW, tick=False):
        statuses = [
            _login(client, u.email, "wrong-password-123").status_code for u in users
        ]
        assert statuses == [200] * 6 + [429]
        # A spoofed X-Forwarded-For does not buy a fresh allowance (NUM_PROXIES=0).
        response = _login(
            client,
            users[0].email,
            PASSWORD,
            HTTP_X_FORWARDED_FOR="192.0.2.55",
        )
        assert response.status_code == 429
        # Another client address is unaffected.
        assert (
            _login(client, users[0].email, PASSWORD, ip="203.0.113.10").status_code
            == 302
        )


def test_forwarded_address_is_used_behind_a_trusted_proxy(client, limits, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    users = [UserFactory() for _ in range(7)]
    with time_machine.travel(NOW, tick=False):
        for u in users[:6]:
            _login(
                client, u.email, "x-wrong-password", HTTP_X_FORWARDED_FOR="192.0.2.1"
            )
        assert (
            _login(client, users[6].email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1")
        ).status_code == 429
        # Same proxy (REMOTE_ADDR), another client behind it.
        assert (
            _login(client, users[6].email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.2")
        ).status_code == 302


def _signup(client, n, ip="198.51.100.20"):
    return client.post(
        reverse("accounts:signup"),
        {
            "email": f"new{n}@example.test",
            "display_name": f"新規 {n}",
            "password": "kaisha-no-himitsu-2026",
            "preferred_language": "ja",
            "mode": "new",
            "kind": "company",
            "name_ja": f"新規製作所{n}株式会社",
            "name_en": f"New Works {n}",
            "prefecture": "22",
            "size_band": "micro",
            "jsic_industry": "E",
        },
        REMOTE_ADDR=ip,
    )


def test_signup_is_limited_per_address_and_nothing_is_created(client, limits):
    with time_machine.travel(NOW, tick=False):
        for n in range(2):
            assert _signup(client, n).status_code == 302
            client.logout()
        with _english(client):
            response = _signup(client, 2)
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert not User.objects.filter(email="new2@example.test").exists()
    assert User.objects.filter(email__startswith="new").count() == 2


def test_password_reset_is_limited_per_address(client, limits):
    user = UserFactory(email="reset@example.test")
    url = reverse("accounts:password_reset")
    with time_machine.travel(NOW, tick=False):
        for _ in range(2):
            response = client.post(url, {"email": user.email}, REMOTE_ADDR="192.0.2.9")
            assert response.status_code == 302
        with _english(client):
            response = client.post(url, {"email": user.email}, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 2


def test_api_token_shares_the_login_limits(api_client, client, limits):
    user = UserFactory(email="api@example.test")
    url = reverse("api:auth-token")
    with time_machine.travel(NOW, tick=False):
        # Two failures on the API, one on the page: the account is locked for both.
        for _ in range(2):
            response = api_client.post(
                url, {"email": user.email, "password": "nope-nope-nope"}, format="json"
            )
            assert response.status_code in (400, 401, 403)
        _login(client, user.email, "wrong-password-123")
        response = api_client.post(
            url, {"email": user.email, "password": PASSWORD}, format="json"
        )
        assert response.status_code == 429
        assert response.json()["code"] == "throttled"
        assert "Retry-After" in response
        assert _login(client, user.email, PASSWORD).status_code == 429


def test_api_anonymous_and_user_throttles(api_client, monkeypatch):
    # DRF binds the rates at import; the test settings switch them off.
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "4/min"}
    )
    url = reverse("api:listing-list")
    with time_machine.travel(NOW, tick=False):
        statuses = [api_client.get(url).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert api_client.get(url).json()["code"] == "throttled"
        api_client.force_authenticate(UserFactory())
        statuses = [api_client.get(url).status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]


def test_production_settings_enable_the_api_throttles():
    from django.conf import settings

    rest = settings.REST_FRAMEWORK
    assert (
        "rest_framework.throttling.AnonRateThrottle" in rest["DEFAULT_THROTTLE_CLASSES"]
    )
    assert (
        "rest_framework.throttling.UserRateThrottle" in rest["DEFAULT_THROTTLE_CLASSES"]
    )


def _redis_url() -> str:
    return "redis://127.0.0.1:6379/6"


def test_counters_in_redis_are_shared_between_processes(settings):
    """Two processes counting in Redis see each other's attempts."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(_redis_url()).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url(),
            "KEY_PREFIX": "h6-ratelimit-test",
        }
    }
    settings.ACCOUNT_RATE_LIMITS = {"login_account": "3/h"}
    from django.core.cache import cache

    cache.clear()
    ident = "shared@example.test"
    ratelimit.record(scope="login_account", ident=ident)
    assert not ratelimit.is_limited(scope="login_account", ident=ident)
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "settings.CACHES['default']['KEY_PREFIX'] = 'h6-ratelimit-test'\n"
        "settings.ACCOUNT_RATE_LIMITS = {'login_account': '3/h'}\n"
        "from accounts import ratelimit\n"
        "ratelimit.record(scope='login_account', ident='shared@example.test')\n"
        "ratelimit.record(scope='login_account', ident='shared@example.test')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "config.settings.local", "CACHE_URL": _redis_url()}
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    try:
        assert ratelimit.is_limited(scope="login_account", ident=ident)
    finally:
        cache.clear()
