"""Benchmark the default (database) search backend through the API code path.

    .venv/bin/python bench/search.py [--n 100000] [--repeat 20]
                                     [--database-url postgres://...] [--keep]

Loads N published listings built from ../shared/data/patents (Japanese
gazette records, US patents, COVID-19 patent titles; records are reused with
shuffled sentences and varied title words when more are needed) into a fresh
temporary database (an SQLite file by default; ``--database-url`` for an
empty PostgreSQL database), indexes them with the real rebuild
(``search_rebuild``), then runs a fixed query mix (Japanese 2- and
4-character terms, English words and phrases, with and without facet
filters) through the API view (``SearchView`` via APIRequestFactory,
including JSON rendering) and prints p50/p95 latency per query and overall,
next to the raw engine time for the same queries (the bare FTS5 / tsvector
query: top 20 by rank plus the match count) and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "patents"
sys.path.insert(0, str(ROOT))

# (label, query parameters). Filters use values the generator assigns.
QUERIES: list[tuple[str, dict]] = [
    ("ja2 電池", {"q": "電池"}),
    ("ja2 装置", {"q": "装置"}),
    ("ja2 画像", {"q": "画像"}),
    ("ja2 温度", {"q": "温度"}),
    ("ja4 画像処理", {"q": "画像処理"}),
    ("ja4 電気光学", {"q": "電気光学"}),
    ("ja4 熱電変換", {"q": "熱電変換"}),
    ("ja4 製造方法", {"q": "製造方法"}),
    ("en battery", {"q": "battery"}),
    ("en vaccine", {"q": "vaccine"}),
    ("en semiconductor", {"q": "semiconductor"}),
    ("en antibody", {"q": "antibody"}),
    ('en "neural network"', {"q": '"neural network"'}),
    ('en "lithium ion"', {"q": '"lithium ion"'}),
    ('en "image processing"', {"q": '"image processing"'}),
    ("mixed 電池 lithium", {"q": "電池 lithium"}),
    ("ja2+ipc 電池 H01M", {"q": "電池", "ipc": "H01M"}),
    ("ja4+ipc 画像処理 G06T", {"q": "画像処理", "ipc": "G06T"}),
    ("en+pref battery 13", {"q": "battery", "prefecture": "13"}),
    (
        'en+lic "lithium ion" exclusive',
        {"q": '"lithium ion"', "license_type": "exclusive"},
    ),
    ("ja2+owner 装置 bench-univ-2", {"q": "装置", "owner": "bench-univ-2"}),
    ("en+track vaccine yes", {"q": "vaccine", "implementation_record": "yes"}),
]

FIELDS = ["電気・電子", "機械", "化学", "医療・バイオ", "情報通信", "材料", "環境"]
LICENSE_TYPES = ["exclusive", "exclusive_contract", "non_exclusive", "option"]
JA_WORDS = [
    "改良型",
    "高効率",
    "小型",
    "低コスト",
    "高耐久",
    "次世代",
    "簡易",
    "高精度",
]
EN_WORDS = ["improved", "compact", "efficient", "robust", "low cost", "scalable"]
ORGS = 40


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    call_command("migrate", verbosity=0, interactive=False)


def read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。.!?])\s*", text or "") if s.strip()]


def build_records(n: int, rng: random.Random) -> list[dict]:
    """N record-like dicts: 30% Japanese, 60% English, 10% title-only."""
    ja = read("ja_gazette.jsonl")
    en = [r for r in read("en_patents.jsonl") if r.get("title")]
    covid = [r for r in read("covid_titles_ipc.jsonl") if r.get("title")]
    out: list[dict] = []
    counters = {"ja": 0, "en": 0, "covid": 0}
    for i in range(n):
        slot = i % 10
        if slot < 3:
            kind, pool = "ja", ja
        elif slot < 9:
            kind, pool = "en", en
        else:
            kind, pool = "covid", covid
        k = counters[kind]
        counters[kind] += 1
        base = pool[k % len(pool)]
        record = dict(base)
        if k >= len(pool):
            # Reuse: vary the title and mix sentences of two records.
            other = pool[rng.randrange(len(pool))]
            words = JA_WORDS if kind == "ja" else EN_WORDS
            sep = "" if kind == "ja" else " "
            record["title"] = f"{rng.choice(words)}{sep}{base['title']}"
            sentences = _sentences(base.get("abstract", "")) + _sentences(
                other.get("abstract", "")
            )
            rng.shuffle(sentences)
            record["abstract"] = ("" if kind == "ja" else " ").join(sentences[:6])
            record["claims"] = (base.get("claims") or [])[:2]
        else:
            record["claims"] = (base.get("claims") or [])[:3]
        record["lang"] = "ja" if kind == "ja" else "en"
        out.append(record)
    return out


def load(n: int, seed: int) -> int:
    """Write N published listings (bulk) and return how many."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Organization
    from listings.models import Listing, ListingIPC
    from listings.numbers import IPCError, ipc_parts, normalize_ipc

    rng = random.Random(seed)
    orgs = [
        Organization.objects.get_or_create(
            slug=f"bench-univ-{i}",
            defaults={
                "kind": "university",
                "name_ja": f"ベンチ大学{i}",
                "name_en": f"Bench University {i}",
                "prefecture": f"{(i % 47) + 1:02d}",
                "is_verified": True,
            },
        )[0]
        for i in range(ORGS)
    ]
    records = build_records(n, rng)
    now = timezone.now()
    batch = 2000
    for start in range(0, n, batch):
        chunk = records[start : start + batch]
        listings = []
        for j, record in enumerate(chunk):
            i = start + j
            listings.append(
                Listing(
                    owner=orgs[i % ORGS],
                    status="published",
                    language=record["lang"],
                    title=record["title"][:300],
                    invention_title=record["title"][:500],
                    overview=record.get("abstract") or "",
                    claims=record.get("claims") or [],
                    technical_field_1=FIELDS[i % len(FIELDS)],
                    implementation_record=("yes", "no", "unknown")[i % 3],
                    licensing_record=("yes", "no", "unknown")[(i // 3) % 3],
                    offers_assignment=i % 5 == 0,
                    license_types=rng.sample(LICENSE_TYPES, 1 + i % 2),
                    region="13" if i % 4 == 0 else "",
                    source_id=(record.get("number") or "")[:64],
                    published_at=now - timezone.timedelta(minutes=i),
                    updated_at=now - timezone.timedelta(minutes=(i * 7) % n),
                    index_dirty=True,
                )
            )
        with transaction.atomic():
            created = Listing.objects.bulk_create(listings)
            rows = []
            for listing, record in zip(created, chunk, strict=True):
                seen = set()
                for raw in (record.get("ipc") or [])[:4]:
                    try:
                        code = normalize_ipc(raw)
                    except IPCError:
                        continue
                    if code in seen:
                        continue
                    seen.add(code)
                    rows.append(
                        ListingIPC(
                            listing=listing,
                            position=len(seen) - 1,
                            code=code,
                            **ipc_parts(code),
                        )
                    )
            ListingIPC.objects.bulk_create(rows)
        print(f"  loaded {min(start + batch, n)}/{n}", end="\r", flush=True)
    print()
    return n


def raw_engine(params: dict) -> int:
    """The bare full-text query for ``params["q"]``: top 20 by rank + count."""
    from django.db import connection

    from search.backends.database import DatabaseBackend
    from search.query_parser import parse_query

    expression = DatabaseBackend().match_expression(parse_query(params.get("q", "")))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT listing_id FROM search_indexedlisting, "
                "CAST(%s AS tsquery) q WHERE search_vector @@ q "
                "ORDER BY ts_rank_cd('{0.1, 0.2, 0.25, 1.0}', search_vector, q) DESC "
                "LIMIT 20",
                [expression],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT count(*) FROM search_indexedlisting "
                "WHERE search_vector @@ CAST(%s AS tsquery)",
                [expression],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "ORDER BY bm25(search_fts, 4.0, 1.0) LIMIT 20",
                [expression],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT count(*) FROM search_fts WHERE search_fts MATCH %s",
                [expression],
            )
        return cursor.fetchone()[0]


def api_call(factory, view, params: dict) -> dict:
    request = factory.get("/api/v1/search/", params)
    response = view(request)
    response.render()
    assert response.status_code == 200, response.content[:200]
    return json.loads(response.content)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def run(repeat: int) -> None:
    from rest_framework.test import APIRequestFactory

    from search.api.views import SearchView

    factory = APIRequestFactory()
    view = SearchView.as_view()
    # Warm up: the first query builds the in-process facet image.
    started = time.perf_counter()
    api_call(factory, view, {"q": "電池"})
    print(f"first query (builds the facet image): {time.perf_counter() - started:.2f}s")
    api_all: list[float] = []
    raw_all: list[float] = []
    print(
        f"{'query':34} {'hits':>7} {'api p50':>8} {'api p95':>8} "
        f"{'raw p50':>8} {'raw p95':>8} {'ratio95':>7}"
    )
    for label, params in QUERIES:
        api_times, raw_times = [], []
        count = 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            body = api_call(factory, view, params)
            t1 = time.perf_counter()
            raw_engine(params)
            t2 = time.perf_counter()
            api_times.append((t1 - t0) * 1000)
            raw_times.append((t2 - t1) * 1000)
            count = body["count"]
        api_all += api_times
        raw_all += raw_times
        ratio = pct(api_times, 95) / max(pct(raw_times, 95), 1e-6)
        print(
            f"{label:34} {count:7d} {pct(api_times, 50):8.1f} {pct(api_times, 95):8.1f} "
            f"{pct(raw_times, 50):8.1f} {pct(raw_times, 95):8.1f} {ratio:7.2f}"
        )
    print()
    print(
        f"ALL ({len(api_all)} calls)  API p50 {pct(api_all, 50):.1f} ms  "
        f"p95 {pct(api_all, 95):.1f} ms | raw engine p50 {pct(raw_all, 50):.1f} ms  "
        f"p95 {pct(raw_all, 95):.1f} ms | ratio p50 "
        f"{pct(api_all, 50) / pct(raw_all, 50):.2f}  p95 "
        f"{pct(api_all, 95) / pct(raw_all, 95):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="listings to load")
    parser.add_argument("--repeat", type=int, default=20, help="runs per query")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database-url",
        default="",
        help="an EMPTY database to use (default: a temporary SQLite file)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument(
        "--reuse",
        default="",
        help="query an SQLite file kept by --keep (no load, no indexing)",
    )
    args = parser.parse_args()
    if args.reuse:
        setup_django(f"sqlite:///{args.reuse}")
        run(args.repeat)
        return

    tmpdir = tempfile.mkdtemp(prefix="bench-search-")
    url = args.database_url or f"sqlite:///{tmpdir}/bench.sqlite3"
    setup_django(url)
    from django.db import connection

    from search.services import search_rebuild

    print(f"database: {connection.vendor} ({url})")
    started = time.perf_counter()
    load(args.n, args.seed)
    print(f"loaded {args.n} listings in {time.perf_counter() - started:.1f}s")

    started = time.perf_counter()
    state = {"last": -10}

    def progress(done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if percent >= state["last"] + 10:
            state["last"] = percent
            print(f"  indexed {done}/{total} ({percent}%)", flush=True)

    total = search_rebuild(progress=progress)
    print(f"indexed {total} listings in {time.perf_counter() - started:.1f}s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    run(args.repeat)
    if not args.database_url and not args.keep:
        connection.close()
        for path in Path(tmpdir).glob("*"):
            path.unlink()
        os.rmdir(tmpdir)
    elif not args.database_url:
        print(f"kept {tmpdir}/bench.sqlite3")


if __name__ == "__main__":
    main()
