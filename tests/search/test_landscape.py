"""The IP landscape aggregates: equal to plain ORM counts, and who is counted."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Organization
from listings.importing import listing_import
from listings.models import Listing, StrategicField
from matching.models import Need
from search.landscape import (
    CACHE_KEY,
    landscape_build,
    landscape_gaps,
    landscape_get,
)
from search.models import LandscapeSnapshot
from tests.factories.accounts import CompanyFactory, UniversityFactory
from tests.factories.listings import ListingFactory, add_ipc
from tests.factories.matching import NeedFactory

from .landscape_oracle import assert_matches

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "patents"


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


def _fields() -> dict[str, StrategicField]:
    """Three fields (one inactive) tagged below by simple test rules."""
    specs = [
        ("battery", "蓄電池", "Batteries", 1, True),
        ("ai", "AI・デジタル", "AI and digital", 2, True),
        ("retired", "旧分野", "Retired field", 3, False),
    ]
    return {
        slug: StrategicField.objects.create(
            slug=slug, name_ja=ja, name_en=en, position=position, is_active=active
        )
        for slug, ja, en, position, active in specs
    }


def _tag_by_ipc(fields: dict[str, StrategicField]) -> None:
    """Tag every listing and need by IPC prefix (the real rules are h1's)."""
    rules = {"battery": ("H01M",), "ai": ("G06",), "retired": ("A61", "H01M")}
    for listing in Listing.objects.prefetch_related("ipc_entries"):
        codes = [entry.code for entry in listing.ipc_entries.all()]
        listing.strategic_fields.set(
            [
                fields[slug]
                for slug, prefixes in rules.items()
                if any(code.startswith(prefixes) for code in codes)
            ]
        )
    for need in Need.objects.all():
        need.strategic_fields.set(
            [
                fields[slug]
                for slug, prefixes in rules.items()
                if any(code.startswith(prefixes) for code in need.ipc_codes or [])
            ]
        )


def _data_file(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"reference data not found: {path}")
    return path


# --- equal to the ORM ---------------------------------------------------------


def test_demo_seed_aggregates_equal_orm_counts():
    call_command("marketplace_seed_demo", stdout=io.StringIO())
    # The seed's last step leaves a snapshot behind (make run shows it at once).
    seeded = LandscapeSnapshot.objects.get()
    assert seeded.data["totals"]["supply"] > 0
    _tag_by_ipc(_fields())

    data = landscape_build()

    want = assert_matches(data)
    assert want["totals"]["supply"] == seeded.data["totals"]["supply"]
    assert want["totals"]["demand"] > 0
    # The demo holds listings that must not count (drafts, under review, ...).
    assert Listing.objects.count() > want["totals"]["supply"]
    battery = next(i for i in data["strategic_fields"] if i["key"] == "battery")
    assert battery["supply"] > 0
    assert "retired" not in {i["key"] for i in data["strategic_fields"]}
    section_h = next(s for s in data["ipc"] if s["key"] == "H")
    assert (section_h["label_ja"], section_h["label_en"]) == ("電気", "Electricity")


def test_imported_gazette_and_us_patents_equal_orm_counts(tmp_path):
    tokyo = UniversityFactory(slug="import-tokyo", prefecture="13")
    osaka = UniversityFactory(slug="import-osaka", prefecture="27")
    unverified = UniversityFactory(slug="import-unverified", is_verified=False)
    report = listing_import(
        owner=tokyo,
        by=None,
        fmt="jsonl",
        path=_data_file("ja_gazette.jsonl"),
        max_bytes=10**8,
        publish=True,
    )
    assert report.rejected == 0 and report.published == 62
    sample = tmp_path / "en.jsonl"
    with _data_file("en_patents.jsonl").open(encoding="utf-8") as handle:
        sample.write_text("".join(next(handle) for _ in range(400)), encoding="utf-8")
    report = listing_import(
        owner=osaka, by=None, fmt="jsonl", path=sample, max_bytes=10**8, publish=True
    )
    assert report.rejected == 0 and report.published > 300
    # An unverified owner's imported drafts never count.
    listing_import(owner=unverified, by=None, fmt="jsonl", path=sample, max_bytes=10**8)
    Listing.objects.filter(owner=unverified).update(status="published")
    # Needs with codes from the same data: some active, one paused.
    company = CompanyFactory(prefecture="14")
    for i, codes in enumerate(
        (["H01M 10/05"], ["G06F 16/00", "G06N 3/08"], ["A61K 38/00"], ["C12N"])
    ):
        NeedFactory(
            organization=company,
            ipc_codes=codes,
            license_types=["option"],
            status="paused" if i == 3 else "active",
        )
    _tag_by_ipc(_fields())

    data = landscape_build()

    want = assert_matches(data)
    published = Listing.objects.filter(owner__in=[tokyo, osaka], status="published")
    assert want["totals"]["supply"] == published.count()
    assert want["totals"]["demand"] == 3
    tokyo_row = next(r for r in data["prefectures"] if r["key"] == "13")
    assert tokyo_row["supply"] == 62
    assert {u["key"] for u in data["universities"]} == {tokyo.slug, osaka.slug}
    # Counts are of distinct listings: a section never exceeds the total.
    assert all(s["supply"] <= want["totals"]["supply"] for s in data["ipc"])


# --- who is counted -----------------------------------------------------------


def test_only_published_listings_of_verified_owners_and_active_needs_count():
    owner = UniversityFactory(prefecture="26")
    shady = UniversityFactory(is_verified=False, prefecture="26")
    counted = ListingFactory(owner=owner, license_types=["exclusive"])
    add_ipc(counted, "H01M 4/38")
    for status in (
        "draft",
        "pending_review",
        "withdrawn",
        "licensed_exclusive",
        "assigned",
        "expired",
        "archived",
    ):
        hidden = ListingFactory(owner=owner, status=status, license_types=["option"])
        add_ipc(hidden, "G06N 3/08")
    hidden = ListingFactory(owner=shady, license_types=["option"])
    add_ipc(hidden, "G06N 3/08")

    company = CompanyFactory(prefecture="14")
    unverified_company = CompanyFactory(prefecture="14", is_verified=False)
    NeedFactory(organization=company, ipc_codes=["H01M 10/05"])
    NeedFactory(organization=company, ipc_codes=["G06N 3/08"], status="paused")
    NeedFactory(organization=company, ipc_codes=["G06N 3/08"], status="closed")
    NeedFactory(organization=unverified_company, ipc_codes=["G06N 3/08"])

    data = landscape_build()

    assert data["totals"] == {"supply": 1, "demand": 1}
    assert [s["key"] for s in data["ipc"] if s["supply"] or s["demand"]] == ["H"]
    assert {u["key"]: u["supply"] for u in data["universities"]} == {owner.slug: 1}
    assert {t["key"]: t["supply"] for t in data["license_types"]}["option"] == 0
    kyoto = next(r for r in data["prefectures"] if r["key"] == "26")
    kanagawa = next(r for r in data["prefectures"] if r["key"] == "14")
    assert (kyoto["supply"], kanagawa["demand"]) == (1, 1)
    assert_matches(data)


def test_listing_region_wins_over_owner_prefecture_and_months_are_local():
    owner = UniversityFactory(prefecture="13")
    now = timezone.now()
    ListingFactory(owner=owner, region="01", published_at=now)
    ListingFactory(owner=owner, published_at=now - timedelta(days=70))
    ListingFactory(owner=owner, published_at=now - timedelta(days=900))  # too old
    NeedFactory(organization=CompanyFactory(prefecture="40"), region="")

    data = landscape_build()

    by_pref = {r["key"]: (r["supply"], r["demand"]) for r in data["prefectures"]}
    assert (by_pref["01"], by_pref["13"], by_pref["40"]) == ((1, 0), (2, 0), (0, 1))
    assert len(data["monthly"]) == 24
    assert data["monthly"][-1]["key"] == timezone.localdate().strftime("%Y-%m")
    assert sum(m["supply"] for m in data["monthly"]) == 2
    assert data["monthly"][-1]["demand"] == 1
    assert_matches(data)


def test_owners_beyond_the_top_30_are_one_other_row():
    for i in range(32):
        owner = UniversityFactory(slug=f"owner-{i:02d}")
        for _ in range(1 + (i == 5) * 3):
            ListingFactory(owner=owner)

    data = landscape_build()

    owners = data["universities"]
    assert len(owners) == 31
    assert owners[0]["key"] == "owner-05" and owners[0]["supply"] == 4
    assert owners[-1] == {
        "key": "_other",
        "label_ja": "その他",
        "label_en": "Other",
        "prefecture": "",
        "supply": 2,
    }
    assert_matches(data)


def test_empty_site_has_every_axis():
    data = landscape_build()
    assert data["totals"] == {"supply": 0, "demand": 0}
    assert len(data["prefectures"]) == 47
    assert [s["key"] for s in data["ipc"]] == list("ABCDEFGH")
    assert data["strategic_fields"][-1]["key"] == ""
    assert data["universities"] == []
    assert data["gaps"] == {"demand_over_supply": [], "supply_over_demand": []}


# --- gaps -----------------------------------------------------------------------


def _item(key, supply, demand):
    return {
        "key": key,
        "label_ja": key,
        "label_en": key,
        "supply": supply,
        "demand": demand,
    }


def test_gaps_compare_shares_with_smoothing():
    data = {
        "totals": {"supply": 1000, "demand": 100},
        "strategic_fields": [
            _item("wanted", 10, 20),  # 1% of supply, 20% of demand
            _item("balanced", 100, 10),  # 10% vs 10%
            _item("offered", 300, 3),  # 30% vs 3%
            _item("nobody", 0, 0),
            _item("", 600, 67),  # unclassified: never a gap
        ],
        "ipc": [
            {
                **_item("H", 500, 50),
                "children": [{**_item("H01", 50, 30), "children": []}],
            }
        ],
    }

    gaps = landscape_gaps(data)

    wanted = gaps["demand_over_supply"]
    assert [(g["axis"], g["key"]) for g in wanted] == [
        ("strategic_field", "wanted"),
        ("ipc_class", "H01"),
    ]
    assert wanted[0]["ratio"] == pytest.approx((0.20 + 0.01) / (0.01 + 0.01), abs=1e-3)
    assert wanted[0]["demand_share"] == pytest.approx(0.2)
    offered = gaps["supply_over_demand"]
    assert [g["key"] for g in offered] == ["offered"]
    assert offered[0]["ratio"] == pytest.approx((0.03 + 0.01) / (0.30 + 0.01), abs=1e-3)


def test_gaps_need_both_sides():
    data = {
        "totals": {"supply": 10, "demand": 0},
        "strategic_fields": [_item("a", 10, 0)],
        "ipc": [],
    }
    assert landscape_gaps(data) == {"demand_over_supply": [], "supply_over_demand": []}


def test_gaps_of_a_built_landscape_point_at_the_thin_side():
    fields = _fields()
    owner = UniversityFactory()
    for _ in range(6):
        listing = ListingFactory(owner=owner)
        add_ipc(listing, "H01M 4/38")
        listing.strategic_fields.add(fields["battery"])
    company = CompanyFactory()
    for _ in range(3):
        need = NeedFactory(organization=company, ipc_codes=["G06N 3/08"])
        need.strategic_fields.add(fields["ai"])

    gaps = landscape_build()["gaps"]

    assert ("strategic_field", "ai") in {
        (g["axis"], g["key"]) for g in gaps["demand_over_supply"]
    }
    assert ("strategic_field", "battery") in {
        (g["axis"], g["key"]) for g in gaps["supply_over_demand"]
    }
    assert gaps["demand_over_supply"][0]["supply"] == 0


# --- snapshot and cache -----------------------------------------------------------


def test_get_builds_once_then_serves_the_cache(django_assert_num_queries):
    ListingFactory()
    assert not LandscapeSnapshot.objects.exists()

    first = landscape_get()

    assert LandscapeSnapshot.objects.count() == 1
    assert first["totals"]["supply"] == 1
    with django_assert_num_queries(0):
        assert landscape_get() == first


def test_refresh_shows_a_publish_that_the_cache_hid():
    owner = UniversityFactory()
    ListingFactory(owner=owner)
    call_command("search_landscape_refresh", stdout=io.StringIO())
    assert landscape_get()["totals"]["supply"] == 1

    ListingFactory(owner=owner)
    assert landscape_get()["totals"]["supply"] == 1  # cached until the refresh

    out = io.StringIO()
    call_command("search_landscape_refresh", stdout=out)

    assert "Landscape built in" in out.getvalue()
    assert landscape_get()["totals"]["supply"] == 2
    assert LandscapeSnapshot.objects.count() == 2


def test_without_cache_the_latest_snapshot_is_read(django_assert_num_queries):
    from django.core.cache import cache

    ListingFactory()
    call_command("search_landscape_refresh", stdout=io.StringIO())
    ListingFactory()
    call_command("search_landscape_refresh", stdout=io.StringIO())
    cache.delete(CACHE_KEY)

    with django_assert_num_queries(1):
        data = landscape_get()

    assert data["totals"]["supply"] == 2


def test_old_snapshots_are_pruned(settings):
    from search import landscape

    for _ in range(landscape.SNAPSHOTS_KEPT + 3):
        landscape.landscape_refresh()
    assert LandscapeSnapshot.objects.count() == landscape.SNAPSHOTS_KEPT


def test_beat_schedules_the_refresh_task(settings):
    from config.celery_app import app

    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "search.landscape_refresh"
    ]
    assert len(entries) == 1
    app.loader.import_default_modules()  # what a worker does at start-up
    assert "search.landscape_refresh" in app.tasks


def test_refresh_task_runs_eagerly():
    from search.tasks import landscape_refresh

    ListingFactory()
    landscape_refresh.delay()

    assert LandscapeSnapshot.objects.get().data["totals"]["supply"] == 1


def test_a_bulk_import_queues_a_refresh(django_capture_on_commit_callbacks):
    owner = UniversityFactory()
    ListingFactory(owner=owner)
    landscape_get()  # a snapshot of the site before the import
    with django_capture_on_commit_callbacks(execute=True):
        report = listing_import(
            owner=owner,
            by=None,
            fmt="jsonl",
            path=_data_file("ja_gazette.jsonl"),
            max_bytes=10**8,
            publish=True,
        )
    assert report.published == 62
    assert landscape_get()["totals"]["supply"] == 63
    assert LandscapeSnapshot.objects.count() == 2


@pytest.mark.celery_redis
@pytest.mark.django_db(transaction=True)
def test_refresh_task_on_a_real_worker(celery_worker_process):
    from search.tasks import landscape_refresh

    owner = Organization.objects.create(
        kind="university", name_ja="実ワーカー大学", slug="worker-u", is_verified=True
    )
    ListingFactory(owner=owner)

    result = landscape_refresh.apply_async(ignore_result=False)

    assert result.get(timeout=60) >= 0
    snapshot = LandscapeSnapshot.objects.get()
    assert snapshot.data["totals"]["supply"] == 1
