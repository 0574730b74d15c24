"""Benchmark the IP landscape page: render time from the cached aggregates dict.

    .venv/bin/python bench/landscape_page.py --database-url sqlite:////tmp/x.sqlite3
                                             [--repeat 30]

Point it at a database that already holds the data, e.g. the one
bench/landscape.py loads (``/tmp/bench-landscape-100000.sqlite3``: 100,000
listings, 10,000 needs). It refreshes the landscape snapshot once, then for
each viewer (anonymous, company staff, TLO staff, coordinator) and language
prints p50/p95 of ``GET /landscape/`` through the Django test client:

* cold: the page's chart cache emptied before every request (the aggregates
  dict stays cached), so every chart is built and every SVG rendered;
* warm: the charts come from the page cache (keyed by the snapshot's
  ``built_at``, language and view).

Also prints the dict's size; the chart work depends on it, not on the
number of listings. Figures are wall-clock on this machine, for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def _users():
    from accounts.constants import OrganizationKind
    from accounts.models import Organization, User
    from tests.factories.accounts import AdminUserFactory, member_of

    User.objects.filter(email__startswith="bench-page-").delete()
    university = (
        Organization.objects.filter(kind=OrganizationKind.UNIVERSITY, is_verified=True)
        .order_by("-listings__id")
        .first()
    )
    company = Organization.objects.filter(kind=OrganizationKind.COMPANY).first()
    return {
        "anonymous": None,
        "company": member_of(company, email="bench-page-company@example.test")
        if company
        else None,
        "tlo": member_of(university, email="bench-page-tlo@example.test"),
        "admin": AdminUserFactory(email="bench-page-admin@example.test"),
    }


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url (or DATABASE_URL) is required")
    setup_django(args.database_url)

    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from listings.selectors import listing_list_published
    from search.landscape import CACHE_KEY, landscape_get, landscape_refresh

    print(f"database: {args.database_url}")
    print(f"published listings: {listing_list_published().count():,}")
    snapshot = landscape_refresh()
    data = landscape_get()
    nodes = sum(1 + len(c["children"]) for s in data["ipc"] for c in s["children"])
    print(
        f"snapshot built in {snapshot.build_seconds:.2f} s; dict "
        f"{len(json.dumps(data, ensure_ascii=False)) / 1024:.0f} KiB, "
        f"{len(data['ipc'])} IPC sections / {nodes} classes+subclasses"
    )
    users = _users()
    for role, user in users.items():
        if role != "anonymous" and user is None:
            continue
        for language in ("ja", "en"):
            client = Client()
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            if user is not None:
                client.force_login(user)
            cold, warm = [], []
            for _ in range(args.repeat):
                cache.clear()
                cache.set(CACHE_KEY, data, 600)
                started = time.perf_counter()
                response = client.get("/landscape/")
                cold.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get("/landscape/")
                warm.append(time.perf_counter() - started)
            size = len(response.content) / 1024
            print(
                f"GET /landscape/ {role:9s} {language}  cold {_ms(cold)}   "
                f"warm {_ms(warm)}   ({size:.0f} KiB)"
            )
    for user in users.values():
        if user is not None:
            user.delete()


if __name__ == "__main__":
    main()
