import sys

import pytest
from rest_framework.test import APIClient

from tests.factories.accounts import (
    AdminUserFactory,
    CompanyFactory,
    UniversityFactory,
    member_of,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (rate-limit counters live there).

    The labels version this process last read goes too: kept for a second,
    it would otherwise carry a previous test's token into this one.
    """
    from django.core.cache import caches

    from config import page_cache

    for cache in caches.all():
        cache.clear()
    page_cache._labels_local = ("", -1e9)
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def admin_user(db):
    return AdminUserFactory(email="admin@example.test")


@pytest.fixture
def university(db):
    return UniversityFactory()


@pytest.fixture
def other_university(db):
    return UniversityFactory()


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def other_company(db):
    return CompanyFactory()


@pytest.fixture
def tlo_staff(university):
    return member_of(university, role="staff")


@pytest.fixture
def tlo_owner(university):
    return member_of(university, role="owner")


@pytest.fixture
def other_tlo_staff(other_university):
    return member_of(other_university, role="staff")


@pytest.fixture
def company_staff(company):
    return member_of(company, role="staff")


@pytest.fixture
def company_owner(company):
    return member_of(company, role="owner")


@pytest.fixture
def other_company_staff(other_company):
    return member_of(other_company, role="staff")


# A real Celery worker: one process, no gossip/mingle/heartbeat so it starts
# fast and quietly (tests/faults starts and kills these too).
WORKER_ARGV = [
    sys.executable,
    "-m",
    "celery",
    "-A",
    "config",
    "worker",
    "--pool=solo",
    "--loglevel=warning",
    "--without-gossip",
    "--without-mingle",
    "--without-heartbeat",
]


def _reset_connections(app):
    """Drop pooled broker connections made under another broker URL.

    The app keeps a connection pool (and a producer pool) once anything has
    published or asked a worker; those would still point at the old URL.
    """
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    # kombu keeps a process-wide registry of pools keyed by connection URL;
    # a closed pool left in it would be handed back for the same URL.
    pools.reset()
    app.amqp._producer_pool = None
    # The result backend is cached per thread in the same way.
    app._local.__dict__.pop("backend", None)
    app._backend_cache = None


@pytest.fixture
def celery_worker_process(settings):
    """A real Celery worker process on the real Redis broker, using the test database.

    Skips unless TEST_CELERY_BROKER_URL is set (`make test` sets it for the
    PostgreSQL leg). Use with ``@pytest.mark.django_db(transaction=True)`` so the
    worker sees committed rows. Yields the Celery app configured as producer.
    """
    import os
    import subprocess
    import time
    from pathlib import Path

    from django.db import connection

    from config.celery_app import app

    url = settings.TEST_CELERY_BROKER_URL
    if not url:
        pytest.skip(
            "TEST_CELERY_BROKER_URL not set (make test sets it for the PostgreSQL leg)"
        )
    import redis

    redis.Redis.from_url(url).flushdb()
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "CELERY_WORKER_UNDER_TEST": "1",
            "TEST_CELERY_BROKER_URL": url,
        }
    )
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    # The app reads Django settings under the CELERY_ namespace, so overrides
    # must use the namespaced keys or they are silently ignored.
    keys = (
        "CELERY_BROKER_URL",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_RESULT_BACKEND",
        "CELERY_TASK_IGNORE_RESULT",
    )
    old = {key: app.conf.get(key) for key in keys}
    app.conf.update(
        CELERY_BROKER_URL=url,
        CELERY_TASK_ALWAYS_EAGER=False,
        CELERY_RESULT_BACKEND=url,
        CELERY_TASK_IGNORE_RESULT=False,
    )
    _reset_connections(app)
    proc = subprocess.Popen(
        WORKER_ARGV,
        cwd=Path(__file__).resolve().parents[1],
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if app.control.ping(timeout=0.5):
                break
            if proc.poll() is not None:
                raise RuntimeError("Celery worker exited at start-up")
        else:
            raise RuntimeError("Celery worker did not answer within 30 s")
        yield app
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        app.conf.update(**old)
        _reset_connections(app)
