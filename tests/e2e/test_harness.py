"""The browser harness itself: problems are caught and failures leave evidence."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

STRICT_PAGE = (
    "<!DOCTYPE html><html><head><title>strict</title></head><body>"
    "<p style='color: red'>inline style</p>"
    "<script>document.title = 'inline script ran'; console.error('from inline');</script>"
    "<script src='/static/js/site.js'></script>"
    "</body></html>"
)


def test_csp_violations_and_console_errors_are_recorded(journey):
    page = journey.open()
    # A page of the live server's origin answered with the policy the site
    # is getting (script-src 'self'; style-src 'self') and inline code.
    page.route(
        "**/e2e-strict-page/",
        lambda route: route.fulfill(
            status=200,
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Content-Security-Policy": "default-src 'self'; script-src 'self'; "
                "style-src 'self'",
            },
            body=STRICT_PAGE,
        ),
    )
    page.goto(journey.url("/e2e-strict-page/"))
    expect(page).to_have_title("strict")  # the inline script was blocked
    page.evaluate("console.error('an error the page logged')")
    # Violation events and the binding calls arrive asynchronously.
    for _ in range(50):
        violations = [p for p in journey.problems if "CSP violation" in p]
        if len(violations) >= 2:
            break
        page.wait_for_timeout(100)
    directives = " ".join(violations)
    assert "script-src" in directives and "style-src" in directives
    assert any("an error the page logged" in p for p in journey.problems)
    # Recorded as expected: clear them so the harness does not fail this test.
    journey.problems.clear()


def test_failure_saves_screenshot_and_html(journey):
    page = journey.open(label="someone")
    page.goto(journey.url("/listings/"))
    journey.save_failure()
    assert (journey.directory / "failed-someone.png").stat().st_size > 0
    html = (journey.directory / "failed-someone.html").read_text(encoding="utf-8")
    assert "<main" in html
    for name in ("failed-someone.png", "failed-someone.html"):
        (journey.directory / name).unlink()
