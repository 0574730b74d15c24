"""Browser tests (marker ``e2e``): Playwright drives Debian's Chromium against
pytest-django's live server, with tasks run in-process (the test settings'
embedded Celery mode), on SQLite or PostgreSQL alike.

``journey`` is the fixture the tests use: ``journey.open(user)`` gives a page
in its own browser context (own cookies), logged in through the login form
when a user is given; ``journey.step(page, name)`` saves a numbered screenshot
of the step's end state under ``E2E_ARTIFACTS_DIR`` (default
``<repo>/e2e-artifacts/<database>/<test>/``). Every page records console
errors, uncaught exceptions and Content-Security-Policy violations: a test
fails on any of them. On failure the screenshot and HTML of every open page
are saved beside the steps (``failed-<label>.png`` / ``.html``).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import translation

from tests.factories.accounts import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000

# Runs in every document before the page's own scripts (injected through the
# DevTools protocol, so the page's CSP does not apply to it) and reports each
# violation to the test.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__e2eCspViolation({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    document: event.documentURI,
  });
});
"""


def artifacts_root() -> Path:
    return Path(os.environ.get("E2E_ARTIFACTS_DIR") or ROOT / "e2e-artifacts")


def ja(text: str) -> str:
    """``text`` as the Japanese pages show it (the catalogue's translation)."""
    with translation.override("ja"):
        return translation.gettext(text)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests run without migrations: add the full-text table/column by hand."""
    from search.backends.database import ensure_fulltext_schema

    with django_db_blocker.unblock():
        ensure_fulltext_schema()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Label and listing-index caches are per process; each journey has its own data."""
    from matching.selectors import listing_index_clear
    from search.selectors import _label_cache

    _label_cache.clear()
    listing_index_clear()
    yield
    _label_cache.clear()
    listing_index_clear()


@pytest.fixture
def browser(monkeypatch):
    """One headless Chromium per test (starting it takes well under a second)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make browser` (Debian's "
            "chromium and fonts-noto-cjk) or set E2E_CHROMIUM."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running on this thread, which
    # makes Django refuse ORM calls from the test body; the live server answers
    # from its own thread, and the test only reads and sets up data between
    # browser calls, so the guard can be lifted for these tests.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Journey:
    """Pages of one test, their recorded problems and the step screenshots."""

    def __init__(self, *, browser, base_url: str, directory: Path):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.directory = directory
        self.pages: list[tuple[str, object]] = []
        self.problems: list[str] = []
        self.steps = 0

    def url(self, path: str) -> str:
        return self.base_url + path

    def open(self, user=None, *, label: str | None = None):
        """A page in a fresh browser context; logged in through the form if ``user``."""
        label = label or (user.email.split("@")[0] if user else "anonymous")
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 900},
            locale="ja-JP",
            timezone_id="Asia/Tokyo",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.expose_function(
            "__e2eCspViolation",
            lambda report: self.problems.append(f"[{label}] CSP violation: {report}"),
        )
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.on("console", lambda message: self._console(label, page, message))
        page.on(
            "pageerror",
            lambda error: self.problems.append(
                f"[{label}] uncaught error on {page.url}: {error}"
            ),
        )
        self.pages.append((label, page))
        if user is not None:
            self.log_in(page, user)
        return page

    def _console(self, label: str, page, message) -> None:
        if message.type == "error":
            self.problems.append(
                f"[{label}] console error on {page.url}: {message.text}"
            )

    def log_in(self, page, user, password: str = PASSWORD) -> None:
        page.goto(self.url("/accounts/login/"))
        form = page.locator("main form[method=post]")
        form.locator("input[name=username]").fill(user.email)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def step(self, page, name: str) -> Path:
        """Save a full-page screenshot of the current state as step N."""
        self.steps += 1
        slug = re.sub(r"[^\w]+", "-", name.lower()).strip("-")
        path = self.directory / f"{self.steps:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def settle(self) -> None:
        """Let late console messages and CSP reports of open pages arrive."""
        for _label, page in self.pages:
            if not page.is_closed():
                page.evaluate("() => new Promise((done) => setTimeout(done, 50))")

    def save_failure(self) -> None:
        for label, page in self.pages:
            if page.is_closed():
                continue
            try:
                page.screenshot(
                    path=str(self.directory / f"failed-{label}.png"), full_page=True
                )
                (self.directory / f"failed-{label}.html").write_text(
                    page.content(), encoding="utf-8"
                )
            except Exception as exc:  # the browser may be what failed
                (self.directory / f"failed-{label}.txt").write_text(
                    f"could not capture {page.url}: {exc!r}\n", encoding="utf-8"
                )


@pytest.fixture
def journey(request, browser, live_server):
    directory = artifacts_root() / connection.vendor / request.node.name
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    journey = Journey(browser=browser, base_url=live_server.url, directory=directory)
    yield journey
    for _label, page in journey.pages:
        page.context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a journey whose pages logged console errors or CSP violations."""
    journey = item.funcargs.get("journey")
    try:
        result = yield
        if journey is not None:
            journey.settle()
    finally:
        if journey is not None:
            # The test body runs in its own context (Playwright's greenlets), so
            # its database connections are not the fixtures'; close them here,
            # or PostgreSQL refuses to drop the test database at the end.
            connections.close_all()
    if journey is not None and journey.problems:
        raise AssertionError(
            "The browser reported problems:\n" + "\n".join(journey.problems)
        )
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        journey = item.funcargs.get("journey")
        if journey is not None:
            journey.save_failure()
    return report
