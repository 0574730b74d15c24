"""CSRF: every POST form carries the token, and no POST gets through without it.

The demo data is loaded and the site crawled as each role (crawl.py). Every
<form method="post"> must contain ``csrfmiddlewaretoken``; then every form
action and every page URL found (one per URL name) is POSTed with the form's
fields but no token by a client that enforces CSRF: each must be refused with
403 and nothing in the database may change.
"""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.authtoken.models import Token

from tests.security.crawl import _normalise, crawl

pytestmark = pytest.mark.django_db

ROLE_EMAILS = {
    "anonymous": None,
    "company": "company-staff@example.jp",
    "tlo": "tlo-staff@example.jp",
    "admin": "admin@example.jp",
}


@pytest.fixture
def demo(db):
    call_command("marketplace_seed_demo", stdout=io.StringIO())


def _user(role):
    email = ROLE_EMAILS[role]
    return get_user_model().objects.get(email=email) if email else None


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in ("accounts", "listings", "search", "matching", "marketplace", "authtoken")
    }


def _iter_patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _iter_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_no_page_view_is_csrf_exempt():
    exempt = [
        route
        for route, callback in _iter_patterns(get_resolver().url_patterns)
        if getattr(callback, "csrf_exempt", False) and not route.startswith("api/")
    ]
    assert exempt == []


@pytest.mark.parametrize("role", list(ROLE_EMAILS))
def test_post_forms_have_the_token_and_posts_without_it_are_refused(demo, role):
    user = _user(role)
    browser = Client()
    if user:
        browser.force_login(user)
    pages = crawl(browser)
    missing = []
    targets: dict[str, list[str]] = {}
    for page in pages.values():
        for form in page.forms:
            if form.method != "post":
                continue
            if "csrfmiddlewaretoken" not in form.fields:
                missing.append(f"{page.url}: form to {form.action or '(self)'}")
            target = _normalise(page.url, form.action) if form.action else page.url
            if target:
                targets.setdefault(target, form.fields)
    assert not missing, "\n".join(missing)
    if role != "anonymous":
        assert targets, "no POST forms found: the crawl did not get far"
    # Every other page, one per URL name: a POST there must be refused too.
    by_name = {}
    for url, page in pages.items():
        if url.startswith("/api/") or page.status == 404:
            continue
        by_name.setdefault(resolve(url.split("?")[0]).view_name, url)
    for url in by_name.values():
        targets.setdefault(url, [])

    assert len(targets) >= 10, sorted(targets)
    strict = Client(enforce_csrf_checks=True)
    if user:
        strict.force_login(user)
    before = _row_counts()
    refused = []
    for url, fields in sorted(targets.items()):
        data = {name: "1" for name in fields if name != "csrfmiddlewaretoken"}
        response = strict.post(url, data)
        if response.status_code != 403 or b"CSRF" not in response.content:
            refused.append(f"{url}: {response.status_code}")
    assert not refused, "accepted without a CSRF token:\n" + "\n".join(refused)
    assert _row_counts() == before


def test_the_token_is_what_lets_a_form_through(demo):
    """Control: the same POST with the token passes the CSRF check."""
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    response = strict.post(
        "/accounts/login/",
        {
            "username": "company-staff@example.jp",
            "password": "demo-pass-2026",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302


def test_session_authenticated_api_writes_need_the_token(demo):
    user = _user("company")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    before = _row_counts()
    payload = {"name": "CSRF probe", "query": "電池"}
    response = strict.post(
        "/api/v1/saved-searches/", payload, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert _row_counts() == before
    # With the token (as the site's own pages would send it) the write goes through.
    strict.get("/")
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        "/api/v1/saved-searches/",
        payload,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content


def test_token_authenticated_api_writes_do_not_use_csrf(demo):
    user = _user("company")
    key = Token.objects.get_or_create(user=user)[0].key
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/saved-searches/",
        {"name": "Token probe", "query": "電池"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201, response.content
