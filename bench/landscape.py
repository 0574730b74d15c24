"""Benchmark the IP landscape: a cold rebuild of the aggregates, and reads from cache.

    .venv/bin/python bench/landscape.py [--n 100000] [--needs 10000] [--repeat 50]
                                        [--database-url URL] [--rebuilds 3]

Uses an SQLite file in the temporary directory by default (kept, so a second
run reuses the data), or the database in ``--database-url`` / ``DATABASE_URL``
(e.g. an empty PostgreSQL database). When the database holds fewer than N
published bench listings it loads them with bench/search.py's generator (real
records from ../shared/data/patents, reused with variation: realistic IPC
spread; 40 owner universities across prefectures), spreads their publication
dates over ~33 months, adds 2% listings in other states (never counted), ~N/10
needs from 300 companies (IPC codes drawn from the listings' codes with a
skew, so supply and demand differ; 85% active, 10% paused, 5% closed;
created over 24 months) and tags strategic fields with the real rules.

Then prints: the cold rebuild time of the aggregates (``landscape_build``,
no cache; the bar is < 30 s on 2 cores), the refresh (build + snapshot
write), a cache miss served from the latest snapshot, and p50/p95 over
``--repeat`` reads from cache: ``landscape_get()``, ``GET /api/v1/landscape/``
and, when the page exists, ``GET /landscape/`` through the Django test client.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OWNER_PREFIX = "bench-univ-"
COMPANY_PREFIX = "bench-co-"
COMPANIES = 300
# Demand leans towards these classes (and away from the rest) so the gaps
# have something to find; the weights are arbitrary but fixed.
DEMAND_SKEW = {"G06": 3.0, "H01": 2.5, "B60": 2.0, "A61": 0.5, "C07": 0.4, "C12": 0.4}
LICENSE_TYPES = ["exclusive", "exclusive_contract", "non_exclusive", "option"]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)


def _search_bench():
    """bench/search.py (its module name would shadow the search app)."""
    spec = importlib.util.spec_from_file_location(
        "bench_search", Path(__file__).with_name("search.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bench_listings():
    from listings.models import Listing

    return Listing.objects.filter(owner__slug__startswith=OWNER_PREFIX)


def load_listings(n: int, seed: int) -> None:
    from django.db import connection

    from listings.models import Listing

    extra = n // 50
    started = time.perf_counter()
    _search_bench().load(n + extra, seed)
    ids = list(_bench_listings().order_by("id").values_list("id", flat=True))
    hidden = ids[-extra:] if extra else []
    for i, status in enumerate(("draft", "pending_review", "withdrawn")):
        Listing.objects.filter(pk__in=hidden[i::3]).update(status=status)
    # Publication dates over ~33 months (older ones fall outside the chart).
    table = Listing._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET published_at = now() - (id % 1000) * "
                "interval '1 day' - (id % 1440) * interval '1 minute' "
                f"WHERE owner_id IN (SELECT id FROM accounts_organization "
                f"WHERE slug LIKE '{OWNER_PREFIX}%')"
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET published_at = strftime('%Y-%m-%d %H:%M:%f', "
                "'now', '-' || (id % 1000) || ' days', '-' || (id % 1440) || ' minutes') "
                f"WHERE owner_id IN (SELECT id FROM accounts_organization "
                f"WHERE slug LIKE '{OWNER_PREFIX}%')"
            )
    print(
        f"loaded {n} published + {extra} other listings in "
        f"{time.perf_counter() - started:.1f}s"
    )


def load_needs(count: int, seed: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.constants import PREFECTURES
    from accounts.models import Organization
    from listings.models import ListingIPC
    from matching.models import Need

    rng = random.Random(seed)
    started = time.perf_counter()
    companies = []
    for i in range(COMPANIES):
        code = PREFECTURES[int(rng.triangular(0, 46, 12))][0]
        companies.append(
            Organization.objects.get_or_create(
                slug=f"{COMPANY_PREFIX}{i}",
                defaults={
                    "kind": "company",
                    "name_ja": f"ベンチ工業{i}株式会社",
                    "name_en": f"Bench Industries {i}",
                    "prefecture": code,
                    "is_verified": i % 60 != 0,  # a few unverified: never counted
                },
            )[0]
        )
    pool = list(
        ListingIPC.objects.filter(listing__owner__slug__startswith=OWNER_PREFIX)
        .order_by("id")
        .values_list("code", flat=True)[:200_000]
    )
    cum_weights = list(accumulate(DEMAND_SKEW.get(code[:3], 1.0) for code in pool))
    now = timezone.now()
    needs = []
    for i in range(count):
        codes = sorted(set(rng.choices(pool, cum_weights=cum_weights, k=1 + i % 3)))
        roll = rng.random()
        needs.append(
            Need(
                organization=companies[i % COMPANIES],
                external_id=f"bench-{i}",
                title=f"ベンチ課題 {i}",
                problem="性能と量産性を両立する技術を探しています。",
                ipc_codes=codes,
                license_types=rng.sample(LICENSE_TYPES, 1 + i % 2),
                region=rng.choice(PREFECTURES)[0] if i % 3 == 0 else "",
                visibility="platform" if i % 2 else "private",
                status="active"
                if roll < 0.85
                else "paused"
                if roll < 0.95
                else "closed",
                created_at=now - timezone.timedelta(days=rng.randrange(730)),
            )
        )
    with transaction.atomic():
        Need.objects.bulk_create(needs, batch_size=2000)
    print(f"loaded {count} needs in {time.perf_counter() - started:.1f}s")


def tag_fields() -> None:
    """Tag listings and needs with the real bulk services (the seeded 17 fields)."""
    from listings.models import StrategicField
    from listings.services import listing_tag_strategic_fields_bulk
    from matching.models import Need
    from matching.services import need_tag_strategic_fields_bulk

    started = time.perf_counter()
    ids = list(_bench_listings().values_list("id", flat=True))
    listing_tag_strategic_fields_bulk(listing_ids=ids)
    need_ids = list(
        Need.objects.filter(organization__slug__startswith=COMPANY_PREFIX).values_list(
            "id", flat=True
        )
    )
    need_tag_strategic_fields_bulk(need_ids=need_ids)
    print(
        f"tagged {len(ids)} listings and {len(need_ids)} needs with "
        f"{StrategicField.objects.filter(is_active=True).count()} strategic fields "
        f"in {time.perf_counter() - started:.1f}s"
    )


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def timed(label: str, fn, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"  {label:42} p50 {pct(times, 50):8.2f} ms   p95 {pct(times, 95):8.2f} ms"
        f"   ({repeat} runs)"
    )


def run(rebuilds: int, repeat: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from search.landscape import CACHE_KEY, landscape_build, landscape_get
    from search.landscape import landscape_refresh as refresh

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # both SQLite and PostgreSQL: fresh statistics
    print("cold rebuild of the aggregates (landscape_build, nothing cached):")
    times = []
    data = {}
    for i in range(rebuilds):
        started = time.perf_counter()
        data = landscape_build()
        times.append(time.perf_counter() - started)
        print(f"  run {i + 1}: {times[-1]:.2f} s")
    totals = data["totals"]
    print(
        f"  => {min(times):.2f} s best, {max(times):.2f} s worst; "
        f"{totals['supply']} listings, {totals['demand']} needs, "
        f"{sum(len(s['children']) for s in data['ipc'])} IPC classes, "
        f"{sum(len(c['children']) for s in data['ipc'] for c in s['children'])} subclasses"
    )
    started = time.perf_counter()
    snapshot = refresh()
    print(
        f"refresh (build + snapshot write + cache): "
        f"{time.perf_counter() - started:.2f} s (snapshot {snapshot.pk})"
    )

    def from_snapshot():
        cache.delete(CACHE_KEY)
        landscape_get()

    print("reads:")
    timed("cache miss -> latest snapshot", from_snapshot, min(repeat, 20))
    landscape_get()
    timed("landscape_get() from cache", landscape_get, repeat)
    client = Client()

    def get(url: str):
        def call():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            if hasattr(response, "render"):
                response.render()

        return call

    get("/api/v1/landscape/")()
    timed("GET /api/v1/landscape/ (cache)", get("/api/v1/landscape/"), repeat)
    timed(
        "GET /api/v1/landscape/?axis=ipc (cache)",
        get("/api/v1/landscape/?axis=ipc"),
        repeat,
    )
    try:
        page = reverse("landscape:index")
    except NoReverseMatch:
        print("  (the /landscape/ page is not wired yet: page timing skipped)")
        return
    get(page)()
    timed(f"GET {page} (page render, cache)", get(page), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="published listings")
    parser.add_argument("--needs", type=int, default=None, help="needs (default N/10)")
    parser.add_argument("--repeat", type=int, default=50, help="reads per timing")
    parser.add_argument("--rebuilds", type=int, default=3, help="cold rebuilds")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="database to use (default: an SQLite file in the temp directory)",
    )
    args = parser.parse_args()
    needs = args.needs if args.needs is not None else args.n // 10
    url = args.database_url or (
        f"sqlite:///{tempfile.gettempdir()}/bench-landscape-{args.n}.sqlite3"
    )
    setup_django(url)
    from django.db import connection

    from matching.models import Need

    print(f"database: {connection.vendor} ({url})")
    have = _bench_listings().filter(status="published").count()
    if have < args.n:
        if have:
            sys.exit(
                f"the database holds {have} bench listings, fewer than {args.n}: "
                "use an empty database"
            )
        load_listings(args.n, args.seed)
        load_needs(needs, args.seed)
        tag_fields()
    else:
        print(
            f"reusing {have} published bench listings and "
            f"{Need.objects.filter(organization__slug__startswith=COMPANY_PREFIX).count()}"
            " needs"
        )
    run(args.rebuilds, args.repeat)


if __name__ == "__main__":
    main()
