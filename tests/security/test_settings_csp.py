"""Content-Security-Policy: every page sends it and needs nothing it forbids.

The demo data is loaded, then every page reachable by anonymous visitors, a
company member, TLO staff and an admin is fetched (see crawl.py). Each HTML
page must carry the strict policy and contain no inline script, no style
attribute or <style> element, no on*= handler and no javascript: URL.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.security.crawl import crawl

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}
ROLE_EMAILS = {
    "anonymous": None,
    "company": "company-staff@example.jp",
    "tlo": "tlo-staff@example.jp",
    "admin": "admin@example.jp",
}
#: The API docs pages relax style-src for the bundled UIs (config/urls.py).
RELAXED = {"/api/docs/", "/api/redoc/"}


def _policy(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()}


@pytest.fixture
def demo(db):
    call_command("marketplace_seed_demo", stdout=io.StringIO())


def _client_for(client, role):
    email = ROLE_EMAILS[role]
    if email:
        client.force_login(get_user_model().objects.get(email=email))
    return client


@pytest.mark.parametrize("role", list(ROLE_EMAILS))
def test_every_page_has_the_policy_and_nothing_inline(client, demo, role):
    pages = crawl(_client_for(client, role))
    html_pages = [
        p for p in pages.values() if p.status == 200 and "text/html" in p.content_type
    ]
    # The crawl really went places (a broken start would check nothing).
    assert len(html_pages) >= {"anonymous": 8, "company": 20, "tlo": 20}.get(
        role, 60
    ), sorted(pages)
    problems = []
    for page in html_pages:
        header = page.headers.get("Content-Security-Policy")
        if not header:
            problems.append(f"{page.url}: no Content-Security-Policy header")
            continue
        policy = _policy(header)
        if page.url.split("?")[0] in RELAXED:
            assert "script-src 'self'" in policy and "object-src 'none'" in policy
        elif policy != STRICT:
            problems.append(f"{page.url}: policy differs: {sorted(policy ^ STRICT)}")
        problems.extend(f"{page.url}: {p}" for p in page.inline_problems)
    errors = [f"{p.url}: HTTP {p.status}" for p in pages.values() if p.status >= 500]
    assert not errors, errors
    assert not problems, "\n".join(problems)


def test_api_docs_pages_render_without_inline_script(client, demo):
    pages = crawl(client, start=sorted(RELAXED), per_pattern=1)
    for url in RELAXED:
        page = pages[url]
        assert page.status == 200, url
        assert not page.inline_problems, (url, page.inline_problems)
        policy = _policy(page.headers["Content-Security-Policy"])
        assert "script-src 'self'" in policy
        assert "style-src 'self' 'unsafe-inline'" in policy
    # Swagger UI's start script is served from the page's own URL.
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
