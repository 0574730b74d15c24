"""Reads for search."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def search_backend_health() -> dict:
    """Report whether the configured search backend answers.

    Returns ``{"backend": name, "ok": bool, "detail": str}``; never raises.
    """
    backend = settings.SEARCH_BACKEND
    try:
        if backend == "database":
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return {"backend": backend, "ok": True, "detail": connection.vendor}
        if backend == "elasticsearch":
            from elasticsearch import Elasticsearch

            if not settings.ELASTICSEARCH_URL:
                return {
                    "backend": backend,
                    "ok": False,
                    "detail": "ELASTICSEARCH_URL is not set",
                }
            client = Elasticsearch(
                settings.ELASTICSEARCH_URL, request_timeout=2, max_retries=0
            )
            ok = bool(client.ping())
            return {
                "backend": backend,
                "ok": ok,
                "detail": "ping" if ok else "no answer",
            }
        return {"backend": backend, "ok": False, "detail": "unknown backend"}
    except Exception as exc:  # health checks report, they do not raise
        return {"backend": backend, "ok": False, "detail": exc.__class__.__name__}
