"""Production settings: `check --deploy` is clean and the security headers are sent.

Each test starts a fresh Python process with config.settings.production, as
a deployment would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "p" * 10 + "-a-long-random-looking-production-secret-0123456789"
REQUIRED = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "patents.example.jp",
    "CACHE_URL": "redis://127.0.0.1:6379/6",
}

# Requests a page through the production middleware and prints what came back.
PROBE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
# Static files are collected at deploy time; a fresh checkout has no
# manifest, and the probe is about headers and cookies, not static URLs.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
client = Client(raise_request_exception=True)
out = {}
for name, extra in json.loads(sys.argv[1]).items():
    response = client.get("/accounts/login/", HTTP_HOST="patents.example.jp", **extra)
    out[name] = {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "headers": dict(response.headers),
        "cookies": {
            key: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"])}
            for key, m in response.cookies.items()
        },
    }
print(json.dumps(out))
"""


def _env(extra, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env.update(extra)
    return env


def _run(args, extra, tmp_path):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(extra, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_required_variables(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        REQUIRED,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_rate_limits_are_counted_per_process(tmp_path):
    env = {k: v for k, v in REQUIRED.items() if k != "CACHE_URL"}
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path
    )
    assert result.returncode != 0
    assert "accounts.W001" in result.stderr


def test_check_deploy_flags_hsts_preload_switched_off(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**REQUIRED, "DJANGO_SECURE_HSTS_PRELOAD": "false"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "security.W021" in result.stderr


def _probe(extra_env, requests, tmp_path):
    result = _run(
        ["-c", PROBE, json.dumps(requests)], {**REQUIRED, **extra_env}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_headers_cookies_and_https_redirect(tmp_path):
    out = _probe(
        {},
        {
            "http": {},
            "proxied_https": {"HTTP_X_FORWARDED_PROTO": "https"},
            "https": {"secure": True},
        },
        tmp_path,
    )
    assert out["http"]["status"] == 301
    assert out["http"]["location"] == "https://patents.example.jp/accounts/login/"
    for name in ("proxied_https", "https"):
        page = out[name]
        assert page["status"] == 200
        headers = page["headers"]
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert page["cookies"]["csrftoken"]["secure"] is True


def test_proxy_header_can_be_switched_off_and_hsts_tuned(tmp_path):
    out = _probe(
        {
            "DJANGO_SECURE_PROXY_SSL_HEADER": "",
            "DJANGO_SECURE_HSTS_SECONDS": "600",
            "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
            "DJANGO_SECURE_HSTS_PRELOAD": "false",
        },
        {"spoofed": {"HTTP_X_FORWARDED_PROTO": "https"}, "https": {"secure": True}},
        tmp_path,
    )
    # Without a trusted proxy a client's X-Forwarded-Proto does not make it https.
    assert out["spoofed"]["status"] == 301
    assert out["https"]["headers"]["Strict-Transport-Security"] == "max-age=600"
