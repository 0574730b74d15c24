"""Load test: the site under gunicorn on PostgreSQL with 100,000 listings.

    .venv/bin/python bench/load.py [--n 100000] [--requests 20000]
        [--max-seconds 180] [--concurrency 8 | --rate 150]
        [--workers 5] [--threads 1] [--seed 42] [--rebuild]
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --requests 2000

Bounded: a fixed number of requests and a maximum number of seconds, on
loopback only. Steps:

1. Data (skipped with ``--url``): N published listings in the PostgreSQL
   database ``bench_load`` (``--database``), built once with the synthetic
   generator of ``bench/search.py`` (bulk inserts) plus one patent right per
   listing, a members-only tier on some and the IPC scheme, migrated and
   indexed by the real rebuild (database backend, PostgreSQL tsvector).
   Later runs reuse it; ``--rebuild`` forces a fresh build.
2. Server (skipped with ``--url``): gunicorn serving ``config.wsgi`` with the
   production settings (DEBUG off, WhiteNoise with the manifest storage,
   persistent database connections, the Redis cache) and only the
   plain-http-on-loopback overrides (``DJANGO_SECURE_SSL_REDIRECT=false``,
   ``DJANGO_ALLOWED_HOSTS=127.0.0.1``); a random secret key per run. The
   answers cache (search answers, anonymous pages) is shared by the workers
   in Redis, as docs/performance.md recommends for more than one process;
   the run's Redis database is emptied first, so every run starts cold.
3. Discovery: listing URLs, titles and facet values are read from the
   server's own API, so the mix needs no database access and works against
   any running site.
4. Warm-up (every worker loads its search facet image), then the measured
   phase: a mix drawn from ``--seed`` of keyword searches (Japanese and
   English, one to three terms, vocabulary and words taken from real
   titles), facet filtering (IPC, prefecture, license type, field, owner,
   offer, track record), listing pages, the search page HTML, and the API
   (search, listings list and detail). Closed loop with ``--concurrency``
   clients by default; ``--rate`` sends at a fixed rate instead (open loop,
   latency counted from the scheduled send time).

Prints requests per second and p50/p95/p99 latency overall and per kind, and
the errors: any non-2xx answer (redirects included) or timeout is an error
and fails the run (exit status 1).

Client: one asyncio process with aiohttp (keep-alive connections). It shares
the two cores with the server, so it is kept to a single light process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
IPC_SCHEME = ROOT.parent / "shared" / "data" / "classification" / "ipc_scheme_en.jsonl"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS_CACHE = "redis://127.0.0.1:6379/8"

# Share of each kind of request in the mix.
MIX: dict[str, float] = {
    "search_html": 0.20,  # /search/?q=...
    "search_api": 0.14,  # /api/v1/search/?q=...
    "facet_html": 0.09,  # /search/?ipc=...&prefecture=... (with or without q)
    "facet_api": 0.09,  # /api/v1/search/?license_type=... (with or without q)
    "detail_html": 0.26,  # /listings/<pk>/<slug>/
    "api_detail": 0.13,  # /api/v1/listings/<pk>/
    "api_list": 0.09,  # /api/v1/listings/?page=...
}

# Query vocabulary: terms that occur in patent text, not only the bench data.
JA_TERMS = [
    "電池",
    "装置",
    "画像",
    "温度",
    "樹脂",
    "基板",
    "制御",
    "光学",
    "センサ",
    "半導体",
    "化合物",
    "触媒",
    "電極",
    "医薬",
    "抗体",
    "燃料電池",
    "画像処理",
    "製造方法",
    "熱電変換",
    "電気光学",
    "表示装置",
    "二次電池",
    "検出",
    "測定",
    "植物",
    "ロボット",
]
EN_TERMS = [
    "battery",
    "vaccine",
    "semiconductor",
    "antibody",
    "sensor",
    "polymer",
    "catalyst",
    "electrode",
    "protein",
    "robot",
    "display",
    "wireless",
    "diagnosis",
    "coating",
    "membrane",
    "laser",
    "virus",
    "composite",
    '"neural network"',
    '"lithium ion"',
    '"image processing"',
    '"fuel cell"',
    '"drug delivery"',
]
FACET_FILTERS = {
    # filter key -> facet names whose values it takes
    "ipc": ("ipc_class", "ipc_subclass", "ipc_section"),
    "prefecture": ("prefecture",),
    "license_type": ("license_type",),
    "field": ("field",),
    "owner": ("owner",),
    "offer": ("offer",),
    "implementation_record": ("implementation_record",),
    "licensing_record": ("licensing_record",),
}
# Words people type: kanji and katakana runs (not the kana particles between).
_CJK = re.compile(r"[\u30a0-\u30ff\u3400-\u9fff]{2,}")
_WORD = re.compile(r"[A-Za-z]{4,}")


# --- the request mix -------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    kind: str
    path: str


@dataclass
class Catalog:
    """What the mix draws from: listing pages, titles and facet values."""

    listings: list[tuple[int, str]] = field(default_factory=list)  # (id, page path)
    titles: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    total: int = 0


def _title_term(rng: random.Random, title: str) -> str | None:
    """A term a reader might type after seeing this title."""
    runs = _CJK.findall(title)
    words = [w.lower() for w in _WORD.findall(title)]
    if runs and (not words or rng.random() < 0.7):
        run = rng.choice(runs)
        size = min(len(run), rng.choice((2, 2, 3, 4)))
        start = rng.randrange(len(run) - size + 1)
        return run[start : start + size]
    if words:
        start = rng.randrange(len(words))
        return " ".join(words[start : start + rng.choice((1, 1, 2))])
    return None


def _query_text(rng: random.Random, catalog: Catalog) -> str:
    roll = rng.random()
    # The long tail: a term from one of the listings' titles.
    if roll < 0.4 and catalog.titles:
        term = _title_term(rng, rng.choice(catalog.titles))
        if term:
            return term
    if roll < 0.6:
        return rng.choice(JA_TERMS)
    if roll < 0.8:
        return rng.choice(EN_TERMS)
    # Several terms: two or three, same language or mixed.
    pools = [JA_TERMS, EN_TERMS, JA_TERMS + EN_TERMS]
    pool = rng.choice(pools)
    return " ".join(rng.sample(pool, rng.choice((2, 2, 3))))


def _search_params(rng: random.Random, catalog: Catalog, *, facets: bool) -> list:
    params: list[tuple[str, str]] = []
    if not facets or rng.random() < 0.6:
        params.append(("q", _query_text(rng, catalog)))
    if facets:
        keys = [k for k, names in FACET_FILTERS.items() if _values(catalog, names)]
        for key in rng.sample(keys, min(len(keys), rng.choice((1, 1, 2)))):
            values = _values(catalog, FACET_FILTERS[key])
            # Most people click one of the first values shown.
            top = values[: max(1, min(len(values), rng.choice((5, 15, 50))))]
            params.append((key, rng.choice(top)))
    roll = rng.random()
    if roll < 0.08:
        params.append(("sort", rng.choice(("newest", "updated"))))
    if rng.random() < 0.12:
        params.append(("page", str(rng.choice((2, 2, 3, 5)))))
    return params


def _values(catalog: Catalog, names: Sequence[str]) -> list[str]:
    values: list[str] = []
    for name in names:
        values.extend(catalog.facets.get(name, []))
    return values


def make_call(rng: random.Random, catalog: Catalog, kind: str) -> Call:
    """One request of ``kind`` drawn from the catalog."""
    if kind in ("search_html", "facet_html"):
        params = _search_params(rng, catalog, facets=kind == "facet_html")
        return Call(kind, "/search/?" + urlencode(params))
    if kind in ("search_api", "facet_api"):
        params = _search_params(rng, catalog, facets=kind == "facet_api")
        return Call(kind, "/api/v1/search/?" + urlencode(params))
    if kind == "detail_html":
        return Call(kind, rng.choice(catalog.listings)[1])
    if kind == "api_detail":
        return Call(kind, f"/api/v1/listings/{rng.choice(catalog.listings)[0]}/")
    if kind == "api_list":
        pages = max(1, catalog.total // 20)
        # Mostly the first pages; sometimes deep into the list.
        page = rng.randint(1, min(pages, 5)) if rng.random() < 0.75 else None
        page = page or rng.randint(1, min(pages, 500))
        params = [("page", str(page))]
        owners = catalog.facets.get("owner") or []
        if owners and rng.random() < 0.2:
            # One organisation's listings: its first page.
            params = [("owner", rng.choice(owners))]
        return Call(kind, "/api/v1/listings/?" + urlencode(params))
    raise ValueError(f"unknown kind {kind!r}")


def build_plan(
    catalog: Catalog, count: int, seed: int, mix: dict[str, float] | None = None
) -> list[Call]:
    """``count`` requests drawn from ``mix`` (kind -> share), reproducible by seed."""
    if not catalog.listings:
        raise ValueError("the catalog has no listings: nothing to load-test")
    rng = random.Random(seed)
    mix = mix or MIX
    kinds = list(mix)
    weights = [mix[k] for k in kinds]
    return [
        make_call(rng, catalog, rng.choices(kinds, weights)[0]) for _ in range(count)
    ]


# --- the client -------------------------------------------------------------------


@dataclass
class Report:
    """Results of one phase: (kind, status, milliseconds) per request."""

    results: list[tuple[str, int | str, float]] = field(default_factory=list)
    # When each request was sent (or scheduled), in seconds from the phase's
    # start, in the order of ``results``.
    sent: list[float] = field(default_factory=list)
    started: float = 0.0
    elapsed: float = 0.0
    planned: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for _k, status, _ms in self.results if not _ok(status))

    def summary(self) -> dict:
        """Overall and per-kind figures (counts, errors, rps, p50/p95/p99 ms)."""

        def figures(rows) -> dict:
            times = sorted(ms for _k, _s, ms in rows)
            return {
                "requests": len(rows),
                "errors": sum(1 for _k, s, _ms in rows if not _ok(s)),
                "rps": len(rows) / self.elapsed if self.elapsed else 0.0,
                "mean_ms": sum(times) / len(times) if times else 0.0,
                "p50_ms": percentile(times, 50),
                "p95_ms": percentile(times, 95),
                "p99_ms": percentile(times, 99),
                "max_ms": times[-1] if times else 0.0,
            }

        kinds = sorted({k for k, _s, _ms in self.results})
        return {
            "planned": self.planned,
            "elapsed_s": self.elapsed,
            "overall": figures(self.results),
            "kinds": {
                k: figures([r for r in self.results if r[0] == k]) for k in kinds
            },
            "statuses": dict(Counter(str(s) for _k, s, _ms in self.results)),
        }

    def windows(self, seconds: float = 20.0) -> list[dict]:
        """Requests and p95 by the time they were sent, in ``seconds`` slices.

        Shows whether a queue built up (at the cold start, say) and drained.
        """
        slices: dict[int, list[float]] = {}
        for (_kind, _status, ms), at in zip(self.results, self.sent, strict=True):
            slices.setdefault(int(at // seconds), []).append(ms)
        return [
            {
                "from_s": index * seconds,
                "requests": len(times),
                "p95_ms": percentile(sorted(times), 95),
            }
            for index, times in sorted(slices.items())
        ]


def _ok(status: int | str) -> bool:
    return isinstance(status, int) and 200 <= status < 300


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending sequence (0.0 when empty)."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return float(ordered[min(len(ordered), int(rank)) - 1])


async def _fetch(session, base: str, call: Call, report: Report, start: float) -> None:
    import aiohttp

    try:
        async with session.get(base + call.path, allow_redirects=False) as response:
            await response.read()
            status: int | str = response.status
    except TimeoutError:
        status = "timeout"
    except aiohttp.ClientError as exc:
        status = exc.__class__.__name__
    ms = (time.perf_counter() - start) * 1000
    report.results.append((call.kind, status, ms))
    report.sent.append(start - report.started)
    if not _ok(status) and len(report.error_samples) < 10:
        report.error_samples.append(f"{status} {call.path}")


def _session(concurrency: int, timeout: float):
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=concurrency, force_close=False),
        timeout=aiohttp.ClientTimeout(total=timeout),
        headers={"Accept-Language": "ja,en;q=0.5", "User-Agent": "bench-load/1"},
    )


async def drive(
    base_url: str,
    plan: Sequence[Call],
    *,
    concurrency: int = 8,
    max_seconds: float = 120.0,
    rate: float = 0.0,
    timeout: float = 30.0,
) -> Report:
    """Send ``plan`` to ``base_url``; stop starting requests after ``max_seconds``.

    Closed loop (``concurrency`` clients back to back) unless ``rate`` > 0:
    then one request every 1/rate seconds however long the answers take, and
    latency counts from the scheduled time (so a stalled server shows).
    """
    base = base_url.rstrip("/")
    report = Report(planned=len(plan))
    started = report.started = time.perf_counter()
    deadline = started + max_seconds
    limit = concurrency if rate <= 0 else max(concurrency, 256)
    async with _session(limit, timeout) as session:
        if rate > 0:
            tasks = []
            for i, call in enumerate(plan):
                scheduled = started + i / rate
                if scheduled >= deadline:
                    break
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(
                    asyncio.ensure_future(
                        _fetch(session, base, call, report, scheduled)
                    )
                )
            await asyncio.gather(*tasks)
        else:
            calls: Iterator[Call] = iter(plan)

            async def client() -> None:
                for call in calls:
                    if time.perf_counter() >= deadline:
                        return
                    await _fetch(session, base, call, report, time.perf_counter())

            await asyncio.gather(*(client() for _ in range(concurrency)))
    report.elapsed = time.perf_counter() - started
    return report


async def _get_json(session, url: str) -> dict:
    async with session.get(url, allow_redirects=False) as response:
        if response.status != 200:
            raise RuntimeError(f"discovery: {url} answered {response.status}")
        return await response.json()


async def discover(base_url: str, *, seed: int, pages: int = 8) -> Catalog:
    """Read listing pages, titles and facet values from the site's API."""
    base = base_url.rstrip("/")
    rng = random.Random(seed)
    catalog = Catalog()
    async with _session(4, 120.0) as session:
        first = await _get_json(session, f"{base}/api/v1/listings/?page_size=100")
        catalog.total = int(first.get("count") or 0)
        last_page = max(1, -(-catalog.total // 100))
        numbers = sorted(rng.sample(range(2, last_page + 1), min(pages, last_page - 1)))
        bodies = [first] + [
            await _get_json(session, f"{base}/api/v1/listings/?page_size=100&page={p}")
            for p in numbers
        ]
        for body in bodies:
            for item in body.get("results", []):
                catalog.listings.append((item["id"], urlsplit(item["url"]).path))
                catalog.titles.append(item.get("title") or "")
        facets = await _get_json(session, f"{base}/api/v1/search/?page_size=1")
        catalog.facets = {
            name: [v["value"] for v in values]
            for name, values in (facets.get("facets") or {}).items()
        }
    return catalog


# --- printing ---------------------------------------------------------------------


def format_report(report: Report, *, title: str) -> str:
    summary = report.summary()
    overall = summary["overall"]
    lines = [
        f"{title}: {overall['requests']} of {summary['planned']} requests in "
        f"{summary['elapsed_s']:.1f}s = {overall['rps']:.1f} req/s, "
        f"errors {overall['errors']}",
        f"{'kind':12} {'requests':>8} {'share':>6} {'errors':>6} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}",
    ]
    rows = [*summary["kinds"].items(), ("ALL", overall)]
    for kind, fig in rows:
        share = fig["requests"] / max(1, overall["requests"]) * 100
        lines.append(
            f"{kind:12} {fig['requests']:8d} {share:5.1f}% {fig['errors']:6d} "
            f"{fig['rps']:7.1f} {fig['p50_ms']:7.1f} {fig['p95_ms']:7.1f} "
            f"{fig['p99_ms']:7.1f} {fig['max_ms']:7.1f}"
        )
    lines.append(
        "statuses: " + ", ".join(f"{k}={v}" for k, v in summary["statuses"].items())
    )
    if report.sent:
        lines.append(
            "by send time (requests, p95 ms): "
            + " | ".join(
                f"{w['from_s']:.0f}s {w['requests']} {w['p95_ms']:.0f}"
                for w in report.windows()
            )
        )
    for sample in report.error_samples:
        lines.append(f"  error: {sample}")
    return "\n".join(lines)


# --- data ---------------------------------------------------------------------------


def _server_env(database_url: str) -> dict[str, str]:
    """The environment of the production settings, http on loopback allowed."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("DJANGO_", "DATABASE_URL", "CACHE_URL", "ANSWER_CACHE_URL", "CELERY_")
        )
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain http on loopback: no redirect to https (HSTS headers stay).
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # Persistent connections (one per worker thread), checked on reuse.
            "DATABASE_URL": f"{database_url}?conn_max_age=600&conn_health_checks=true",
            "CACHE_URL": REDIS_CACHE,
            # Search answers and anonymous pages shared by the workers (the
            # default keeps them per process); see docs/performance.md.
            "ANSWER_CACHE_URL": REDIS_CACHE,
            # One client address sends everything: keep the API throttle (and
            # its cache round trip) but far above the load.
            "API_THROTTLE_ANON": "1000000/min",
            "API_THROTTLE_USER": "1000000/min",
            "SEARCH_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _flush_cache(url: str) -> None:
    """Empty the run's own Redis cache database: every run starts cold.

    The site keeps answers there under the index version, which the reused
    bench database keeps between runs; a warm start would flatter the figures.
    """
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def _psql_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres") as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return row.fetchone() is not None


def _add_rights_and_tiers(seed: int) -> None:
    """One patent right per listing, and a members-only tier on one in ten."""
    from django.db import transaction

    from listings.constants import DisclosureTier, RightStatus
    from listings.models import Listing, PatentRight

    rng = random.Random(seed + 1)
    rows = Listing.objects.order_by("pk").values_list("pk", "language", "source_id")
    batch: list[PatentRight] = []
    members: list[int] = []

    def flush() -> None:
        with transaction.atomic():
            PatentRight.objects.bulk_create(batch)
            Listing.objects.filter(pk__in=members).update(
                disclosure_tier=DisclosureTier.MEMBERS
            )
        batch.clear()
        members.clear()

    for pk, language, source_id in rows.iterator(chunk_size=5000):
        year = 2005 + pk % 18
        japanese = language == "ja"
        granted = rng.random() < 0.6
        application = (
            f"特願{year}-{pk % 999983:06d}" if japanese else f"{year}/{pk:07d}"
        )
        publication = (
            f"特開{year + 1}-{pk % 99991:06d}" if japanese else source_id or f"US{pk}"
        )
        batch.append(
            PatentRight(
                listing_id=pk,
                country="JP" if japanese else "US",
                application_number=application,
                publication_number=publication,
                registration_number=(
                    (f"特許第{6000000 + pk}号" if japanese else f"US{9000000 + pk}")
                    if granted
                    else ""
                ),
                status=RightStatus.GRANTED if granted else RightStatus.PENDING,
                applicants=f"Bench University {pk % 40}",
            )
        )
        if pk % 10 == 7:
            members.append(pk)
        if len(batch) >= 5000:
            flush()
    if batch:
        flush()


def _bench_search_module():
    """bench/search.py, whose generator builds the listings (``search`` is the app)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_search", ROOT / "bench" / "search.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare_database(*, name: str, n: int, seed: int, rebuild: bool) -> str:
    """Migrate ``name`` and fill it with ``n`` indexed listings unless already there."""
    database_url = f"{PG_SERVER}/{name}"
    if rebuild and _database_exists(name):
        _psql_admin(f'DROP DATABASE "{name}" WITH (FORCE)')
    if not _database_exists(name):
        _psql_admin(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from listings.models import IPCCode, Listing
    from search.models import IndexedListing
    from search.services import search_rebuild

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    published = Listing.objects.filter(status="published").count()
    indexed = IndexedListing.objects.count()
    if published == n and indexed == n:
        print(f"database {name}: reusing {n} published, indexed listings")
        connection.close()
        return database_url
    if published:
        connection.close()
        print(f"database {name} holds {published} listings, not {n}: rebuilding")
        return prepare_database(name=name, n=n, seed=seed, rebuild=True)

    search_bench = _bench_search_module()
    if IPC_SCHEME.exists() and not IPCCode.objects.exists():
        call_command("listings_load_ipc", str(IPC_SCHEME), verbosity=0)
    search_bench.load(n, seed)
    _add_rights_and_tiers(seed)
    print(f"loaded {n} listings in {time.perf_counter() - started:.0f}s")
    started = time.perf_counter()
    total = search_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"indexed {total} listings in {time.perf_counter() - started:.0f}s")
    connection.close()
    return database_url


# --- the server ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def collect_static(env: dict[str, str]) -> None:
    """The manifest the production static storage needs (staticfiles/, ignored)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int, threads: int):
    """Run gunicorn on a free loopback port; yield (base URL, master pid); stop it."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        # The project's hooks: each worker loads its search data first.
        "--config",
        "python:config.gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--keep-alive",
        "5",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start within 60s") from None
                time.sleep(0.2)
        yield url, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- CPU accounting -----------------------------------------------------------------


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (0.0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pids(master: int, database: str) -> dict[str, list[int]]:
    """gunicorn's workers and the PostgreSQL backends serving ``database``."""
    workers, backends = [], []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master:
            workers.append(int(entry.name))
        elif cmdline.startswith("postgres: ") and f" {database} " in cmdline:
            backends.append(int(entry.name))
    return {"gunicorn": [master, *workers], "postgres": backends}


class CpuMeter:
    """CPU seconds spent by the server (gunicorn, PostgreSQL) and this client.

    The machine may be shared: CPU per request, unlike wall time, does not
    grow with other jobs' load, and bounds the throughput of dedicated cores.
    """

    def __init__(self, master: int, database: str):
        self.master, self.database = master, database

    def sample(self) -> dict[str, float]:
        pids = _server_pids(self.master, self.database)
        usage = os.times()
        return {
            "gunicorn": sum(_proc_cpu(pid) for pid in pids["gunicorn"]),
            "postgres": sum(_proc_cpu(pid) for pid in pids["postgres"]),
            "client": usage.user + usage.system,
            "_backends": {pid: _proc_cpu(pid) for pid in pids["postgres"]},
            "_workers": {pid: _proc_cpu(pid) for pid in pids["gunicorn"][1:]},
        }

    @staticmethod
    def worker_shares(before: dict, after: dict) -> list[float]:
        """Each gunicorn worker's share of the workers' CPU, largest first.

        Uneven shares mean uneven load: a worker keeps the keep-alive
        connections it accepted, and one process runs on one core at a time.
        """
        used = [
            cpu - before["_workers"].get(pid, 0.0)
            for pid, cpu in after["_workers"].items()
        ]
        total = sum(used) or 1.0
        return sorted((u / total for u in used), reverse=True)

    @staticmethod
    def per_request(before: dict, after: dict, requests: int) -> dict[str, float]:
        """Milliseconds of CPU per request by part (backends seen at either end)."""
        postgres = sum(
            after["_backends"].get(pid, 0.0) - start
            for pid, start in before["_backends"].items()
            if pid in after["_backends"]
        ) + sum(
            cpu
            for pid, cpu in after["_backends"].items()
            if pid not in before["_backends"]
        )
        parts = {
            "gunicorn": after["gunicorn"] - before["gunicorn"],
            "postgres": postgres,
            "client": after["client"] - before["client"],
        }
        return {k: v * 1000 / max(1, requests) for k, v in parts.items()}


# --- main ---------------------------------------------------------------------------


def target_met(
    report: Report, *, rate: float, target_rps: float, target_p95: float
) -> tuple[bool, str]:
    """Whether the run sustained ``target_rps`` at p95 <= ``target_p95``.

    Closed loop: the requests per second the clients got through. Open loop
    (``rate``): the offered rate, when every request sent was answered
    without error (completed/elapsed falls just short of it by construction:
    the clock runs on until the last answer); a server that fell behind
    shows in the p95, counted from the scheduled send times.
    """
    overall = report.summary()["overall"]
    fast = overall["requests"] > 0 and overall["p95_ms"] <= target_p95
    if rate > 0:
        every = report.errors == 0 and overall["requests"] > 0
        ok = every and rate >= target_rps and fast
        return ok, (
            f"{rate:g} req/s offered, {overall['requests']} answered, "
            f"{report.errors} errors"
        )
    return overall["rps"] >= target_rps and fast, f"{overall['rps']:.1f} req/s"


def run_phases(args, url: str, meter: CpuMeter | None = None) -> int:
    catalog = asyncio.run(discover(url, seed=args.seed))
    print(
        f"catalog: {len(catalog.listings)} listing pages of {catalog.total}, "
        f"{sum(len(v) for v in catalog.facets.values())} facet values"
    )
    if args.warmup:
        warm = asyncio.run(
            drive(
                url,
                build_plan(catalog, args.warmup, args.seed + 1000),
                concurrency=args.concurrency,
                max_seconds=max(60.0, args.max_seconds),
                timeout=120.0,
            )
        )
        print(format_report(warm, title="warm-up"))
        print()
    plan = build_plan(catalog, args.requests, args.seed)
    before = meter.sample() if meter else None
    report = asyncio.run(
        drive(
            url,
            plan,
            concurrency=args.concurrency,
            max_seconds=args.max_seconds,
            rate=args.rate,
        )
    )
    after = meter.sample() if meter else None
    mode = f"rate {args.rate:g}/s" if args.rate else f"concurrency {args.concurrency}"
    print(format_report(report, title=f"measured ({mode})"))
    overall = report.summary()["overall"]
    if meter:
        cpu = CpuMeter.per_request(before, after, len(report.results))
        total = cpu["gunicorn"] + cpu["postgres"] + cpu["client"]
        print(
            f"CPU per request: gunicorn {cpu['gunicorn']:.1f} ms + PostgreSQL "
            f"{cpu['postgres']:.1f} ms + load client {cpu['client']:.1f} ms = "
            f"{total:.1f} ms -> at most {2000 / total:.0f} req/s on 2 dedicated "
            f"cores ({os.cpu_count()} here; load average "
            f"{os.getloadavg()[0]:.1f} at the end)"
        )
        shares = CpuMeter.worker_shares(before, after)
        print(
            "gunicorn workers' shares of their CPU: "
            + " / ".join(f"{share * 100:.0f} %" for share in shares)
        )
    met, sustained = target_met(
        report, rate=args.rate, target_rps=args.target_rps, target_p95=args.target_p95
    )
    print(
        f"target {args.target_rps:g} req/s at p95 <= {args.target_p95:g} ms: "
        f"{'met' if met else 'NOT met'} ({sustained}, p95 {overall['p95_ms']:.1f} ms)"
    )
    if report.errors or (args.warmup and warm.errors):
        print("FAILED: errors during the run")
        return 1
    if len(report.results) < len(plan):
        print(f"note: stopped at --max-seconds after {len(report.results)} requests")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="listings in the data")
    parser.add_argument(
        "--requests", type=int, default=20_000, help="measured requests"
    )
    parser.add_argument("--max-seconds", type=float, default=180.0)
    parser.add_argument("--warmup", type=int, default=600, help="warm-up requests")
    parser.add_argument(
        "--concurrency", type=int, default=8, help="closed-loop clients"
    )
    parser.add_argument(
        "--rate", type=float, default=0.0, help="open loop: requests per second"
    )
    # As config/gunicorn.py: sync workers, 2 x cores + 1 (threads > 1: gthread).
    parser.add_argument("--workers", type=int, default=5, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per process")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database", default="bench_load", help="PostgreSQL database")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data")
    parser.add_argument("--url", default="", help="target a running server instead")
    parser.add_argument("--target-rps", type=float, default=150.0)
    parser.add_argument("--target-p95", type=float, default=200.0)
    args = parser.parse_args(argv)

    if args.url:
        if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            parser.error("--url must be on loopback (127.0.0.1 / localhost)")
        return run_phases(args, args.url)

    database_url = prepare_database(
        name=args.database, n=args.n, seed=args.seed, rebuild=args.rebuild
    )
    env = _server_env(database_url)
    collect_static(env)
    _flush_cache(env["CACHE_URL"])
    print(
        f"gunicorn: {args.workers} workers x {args.threads} threads, "
        f"production settings, {database_url}"
    )
    with gunicorn(env, workers=args.workers, threads=args.threads) as (url, pid):
        return run_phases(args, url, CpuMeter(pid, args.database))


if __name__ == "__main__":
    sys.exit(main())
