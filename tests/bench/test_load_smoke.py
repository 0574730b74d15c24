"""The load-test harness (bench/load.py) against a live server: it counts right.

Timing is not asserted: only that every planned request is sent, answered
and classified, that a non-2xx answer counts as an error, and that the
report carries its figures.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import sys
from pathlib import Path

import pytest
from django.db import connection

from listings.constants import DisclosureTier
from search.backends import get_backend
from search.services import search_index_listings
from tests.factories.listings import ListingFactory, add_ipc, add_right

BENCH = Path(__file__).resolve().parents[2] / "bench" / "load.py"


@pytest.fixture(scope="module")
def load():
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up while the class is built.
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench_load", None)


@pytest.fixture
def indexed_listings(transactional_db, university):
    titles = [
        "リチウムイオン電池の正極材料",
        "画像処理による欠陥検出装置",
        "Lithium ion battery electrode coating",
        "Neural network image processing for inspection",
        "燃料電池用の触媒",
        "Vaccine adjuvant composition",
    ]
    codes = [
        "H01M 4/13",
        "G06T 7/00",
        "H01M 4/04",
        "G06N 3/08",
        "H01M 4/90",
        "A61K 39/39",
    ]
    listings = []
    for i, (title, code) in enumerate(zip(titles, codes, strict=True)):
        listing = ListingFactory(
            owner=university,
            title=title,
            license_types=["non_exclusive", "exclusive"][: 1 + i % 2],
            disclosure_tier=DisclosureTier.MEMBERS if i == 5 else DisclosureTier.PUBLIC,
        )
        add_ipc(listing, code)
        add_right(listing, application_number=f"特願2020-{100 + i}", status="granted")
        listings.append(listing)
    ids = [listing.pk for listing in listings]
    search_index_listings(listing_ids=ids)
    yield listings
    # The full-text table is not one Django flushes between tests.
    get_backend().remove_listings(ids)


def test_plan_is_reproducible_and_covers_the_mix(load):
    catalog = load.Catalog(
        listings=[(1, "/listings/1/a/"), (2, "/listings/2/b/")],
        titles=["リチウムイオン電池の正極材料", "Neural network image processing"],
        facets={"ipc_class": ["H01", "G06"], "prefecture": ["13"], "owner": ["u"]},
        total=2,
    )
    plan = load.build_plan(catalog, 400, seed=7)
    assert plan == load.build_plan(catalog, 400, seed=7)
    assert plan != load.build_plan(catalog, 400, seed=8)
    assert {call.kind for call in plan} == set(load.MIX)
    facet_calls = [c for c in plan if c.kind.startswith("facet_")]
    assert all(
        any(f"{key}=" in c.path for key in load.FACET_FILTERS) for c in facet_calls
    )
    searches = [c.path for c in plan if c.kind.startswith("search_")]
    assert all("q=" in path for path in searches)
    # Japanese and English queries, single and several terms.
    assert any("%E9%9B%BB" in p or "%E7%94%BB" in p for p in searches)
    assert any("q=battery" in p or "q=vaccine" in p for p in searches)
    assert any("+" in p.split("q=", 1)[1].split("&")[0] for p in searches)


def test_percentile_is_nearest_rank(load):
    values = [float(v) for v in range(1, 101)]
    assert load.percentile(values, 50) == 50.0
    assert load.percentile(values, 95) == 95.0
    assert load.percentile(values, 99) == 99.0
    assert load.percentile([3.0], 99) == 3.0
    assert load.percentile([], 95) == 0.0


def test_drive_against_live_server(load, live_server, indexed_listings):
    catalog = asyncio.run(load.discover(live_server.url, seed=1))
    assert catalog.total == len(indexed_listings)
    assert sorted(pk for pk, _path in catalog.listings) == sorted(
        listing.pk for listing in indexed_listings
    )
    assert catalog.facets["ipc_class"]
    assert "non_exclusive" in catalog.facets["license_type"]

    plan = load.build_plan(catalog, 42, seed=3)
    # The live server shares the in-memory SQLite test database between its
    # threads, which then fail on each other's table locks: one client there.
    concurrency = 3 if connection.vendor == "postgresql" else 1
    report = asyncio.run(
        load.drive(live_server.url, plan, concurrency=concurrency, max_seconds=120)
    )

    assert len(report.results) == 42
    assert report.errors == 0, report.error_samples
    summary = report.summary()
    assert summary["statuses"] == {"200": 42}
    assert summary["overall"]["requests"] == 42
    assert sum(fig["requests"] for fig in summary["kinds"].values()) == 42
    assert set(summary["kinds"]) <= set(load.MIX)
    for fig in [summary["overall"], *summary["kinds"].values()]:
        assert fig["p50_ms"] <= fig["p95_ms"] <= fig["p99_ms"] <= fig["max_ms"]
        assert fig["rps"] > 0
    text = load.format_report(report, title="smoke")
    assert "42 of 42 requests" in text
    assert "errors 0" in text
    assert "ALL" in text


def test_non_2xx_answers_are_errors(load, live_server, indexed_listings):
    listing = indexed_listings[0]
    plan = [
        load.Call("detail_html", listing.get_absolute_url()),
        load.Call("api_detail", "/api/v1/listings/999999999/"),  # 404
        load.Call("detail_html", f"/listings/{listing.pk}/wrong-slug/"),  # 301
    ]
    report = asyncio.run(load.drive(live_server.url, plan, concurrency=1))

    assert [status for _kind, status, _ms in report.results] == [200, 404, 301]
    assert report.errors == 2
    assert report.summary()["kinds"]["api_detail"]["errors"] == 1
    assert any("999999999" in sample for sample in report.error_samples)


def test_max_seconds_bounds_the_run(load, live_server, indexed_listings):
    plan = [load.Call("api_list", "/api/v1/listings/")] * 50
    report = asyncio.run(
        load.drive(live_server.url, plan, concurrency=2, max_seconds=0)
    )
    assert report.results == []
    assert report.planned == 50


def test_cpu_meter_counts_this_process(load):
    meter = load.CpuMeter(master=os.getpid(), database="no-such-database")
    before = meter.sample()
    sum(i * i for i in range(300_000))  # some CPU work in this process
    after = meter.sample()
    per_request = load.CpuMeter.per_request(before, after, requests=10)
    assert set(per_request) == {"gunicorn", "postgres", "client"}
    assert per_request["client"] > 0
    assert per_request["postgres"] == 0  # no backend serves that database
    assert after["gunicorn"] >= before["gunicorn"] > 0


def test_worker_shares_show_an_uneven_load(load):
    before = {"_workers": {11: 1.0, 12: 2.0, 13: 0.5}}
    after = {"_workers": {11: 7.0, 12: 4.0, 13: 0.5, 14: 2.0}}  # 14 started late
    shares = load.CpuMeter.worker_shares(before, after)
    assert shares == pytest.approx([0.6, 0.2, 0.2, 0.0])
    assert load.CpuMeter.worker_shares({"_workers": {}}, {"_workers": {}}) == []


def test_windows_group_latency_by_send_time(load):
    report = load.Report(planned=5)
    report.results = [("a", 200, 10.0), ("a", 200, 30.0), ("a", 200, 900.0)]
    report.results += [("b", 200, 20.0), ("b", 500, 40.0)]
    report.sent = [0.5, 3.0, 19.9, 20.0, 45.0]

    assert report.windows(20.0) == [
        {"from_s": 0.0, "requests": 3, "p95_ms": 900.0},
        {"from_s": 20.0, "requests": 1, "p95_ms": 20.0},
        {"from_s": 40.0, "requests": 1, "p95_ms": 40.0},
    ]
    report.elapsed = 50.0
    assert "by send time (requests, p95 ms): 0s 3 900 | 20s 1 20 | 40s 1 40" in (
        load.format_report(report, title="t")
    )


def test_target_in_closed_and_open_loop(load):
    report = load.Report(planned=4, elapsed=0.02)
    report.results = [("a", 200, 10.0)] * 3 + [("a", 200, 90.0)]
    report.sent = [0.0, 0.005, 0.01, 0.015]
    # Closed loop: 200 req/s got through.
    assert load.target_met(report, rate=0, target_rps=150, target_p95=100)[0]
    assert not load.target_met(report, rate=0, target_rps=250, target_p95=100)[0]
    assert not load.target_met(report, rate=0, target_rps=150, target_p95=50)[0]
    # Open loop: the offered rate, if all was answered fast enough.
    met, text = load.target_met(report, rate=150, target_rps=150, target_p95=100)
    assert met and "150 req/s offered, 4 answered, 0 errors" in text
    assert not load.target_met(report, rate=100, target_rps=150, target_p95=100)[0]
    report.results[0] = ("a", 500, 10.0)
    assert not load.target_met(report, rate=150, target_rps=150, target_p95=100)[0]
