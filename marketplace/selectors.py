"""Reads for the marketplace: health, home page and dashboards."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def _database_health() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "detail": connection.vendor}
    except Exception as exc:
        return {"ok": False, "detail": exc.__class__.__name__}


def _broker_health() -> dict:
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"ok": True, "detail": "embedded (tasks run in-process)"}
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return {"ok": True, "detail": "redis"}
    except Exception as exc:
        return {"ok": False, "detail": exc.__class__.__name__}


def health_report() -> dict:
    """Check the database, the broker and the search backend; never raises."""
    from search.selectors import search_backend_health

    report = {
        "database": _database_health(),
        "broker": _broker_health(),
        "search": search_backend_health(),
    }
    report["ok"] = all(part["ok"] for part in report.values() if isinstance(part, dict))
    return report
