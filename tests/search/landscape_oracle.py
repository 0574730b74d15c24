"""An independent, slow reckoning of the landscape for the tests to compare with.

Loads every listing and need as objects and counts in Python, following the
rules in docs/landscape.md, without sharing code with search/landscape.py.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils import timezone

from accounts.constants import PREFECTURES
from listings.models import Listing, StrategicField
from matching.models import Need


def counted_listings() -> list[Listing]:
    return [
        listing
        for listing in Listing.objects.select_related("owner").prefetch_related(
            "ipc_entries", "strategic_fields"
        )
        if listing.status == "published" and listing.owner.is_verified
    ]


def counted_needs() -> list[Need]:
    return [
        need
        for need in Need.objects.select_related("organization").prefetch_related(
            "strategic_fields"
        )
        if need.status == "active" and need.organization.is_verified
    ]


def _months(today: date, n: int = 24) -> list[str]:
    out = []
    year, month = today.year, today.month
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def expected() -> dict:
    """The landscape as the docs define it (without gaps and build times)."""
    listings = counted_listings()
    needs = counted_needs()
    fields = list(StrategicField.objects.filter(is_active=True))
    fields.sort(key=lambda f: (f.position, f.pk))
    active = {f.pk for f in fields}

    strategic = []
    for field in fields:
        strategic.append(
            (
                field.slug,
                sum(1 for li in listings if field in li.strategic_fields.all()),
                sum(1 for ne in needs if field in ne.strategic_fields.all()),
            )
        )
    strategic.append(
        (
            "",
            sum(
                1
                for li in listings
                if not {f.pk for f in li.strategic_fields.all()} & active
            ),
            sum(
                1
                for ne in needs
                if not {f.pk for f in ne.strategic_fields.all()} & active
            ),
        )
    )

    def listing_nodes(listing, size):
        return {e.code[:size] for e in listing.ipc_entries.all() if len(e.code) >= size}

    def need_nodes(need, size):
        return {c[:size] for c in need.ipc_codes or [] if len(c) >= size}

    ipc = {}
    for size in (1, 3, 4):
        supply = Counter(n for li in listings for n in listing_nodes(li, size))
        demand = Counter(n for ne in needs for n in need_nodes(ne, size))
        ipc[size] = {k: (supply[k], demand[k]) for k in set(supply) | set(demand)}

    def pref_of_listing(li):
        return li.region or li.owner.prefecture

    def pref_of_need(ne):
        return ne.region or ne.organization.prefecture

    prefectures = [
        (
            code,
            sum(1 for li in listings if pref_of_listing(li) == code),
            sum(1 for ne in needs if pref_of_need(ne) == code),
        )
        for code, _ja, _en in PREFECTURES
    ]

    owners = Counter(li.owner.slug for li in listings)

    license_types = {
        key: (
            sum(1 for li in listings if key in (li.license_types or [])),
            sum(1 for ne in needs if key in (ne.license_types or [])),
        )
        for key in (
            "exclusive",
            "exclusive_contract",
            "non_exclusive",
            "option",
            "research_free",
        )
    }
    track = {}
    for field in ("implementation_record", "licensing_record"):
        for value in ("yes", "no", "unknown"):
            track[f"{field}:{value}"] = sum(
                1 for li in listings if getattr(li, field) == value
            )

    today = timezone.localdate()
    months = _months(today)
    monthly = {
        m: (
            sum(
                1
                for li in listings
                if li.published_at
                and timezone.localtime(li.published_at).strftime("%Y-%m") == m
            ),
            sum(
                1
                for ne in needs
                if timezone.localtime(ne.created_at).strftime("%Y-%m") == m
            ),
        )
        for m in months
    }
    return {
        "totals": {"supply": len(listings), "demand": len(needs)},
        "strategic_fields": strategic,
        "ipc": ipc,
        "prefectures": prefectures,
        "owners": owners,
        "offers": {
            "license": sum(1 for li in listings if li.offers_license),
            "assignment": sum(1 for li in listings if li.offers_assignment),
        },
        "license_types": license_types,
        "track_record": track,
        "monthly": monthly,
    }


def assert_matches(data: dict) -> dict:
    """Assert that every axis of ``data`` equals the oracle; return the oracle."""
    want = expected()
    assert data["totals"] == want["totals"]
    assert [
        (i["key"], i["supply"], i["demand"]) for i in data["strategic_fields"]
    ] == want["strategic_fields"]

    got_ipc = {1: {}, 3: {}, 4: {}}
    for section in data["ipc"]:
        got_ipc[1][section["key"]] = (section["supply"], section["demand"])
        for ipc_class in section["children"]:
            assert ipc_class["key"][:1] == section["key"]
            got_ipc[3][ipc_class["key"]] = (ipc_class["supply"], ipc_class["demand"])
            for subclass in ipc_class["children"]:
                assert subclass["key"][:3] == ipc_class["key"]
                assert subclass["children"] == []
                got_ipc[4][subclass["key"]] = (subclass["supply"], subclass["demand"])
    assert [s["key"] for s in data["ipc"]] == list("ABCDEFGH")
    for size in (1, 3, 4):
        nonzero = {k: v for k, v in got_ipc[size].items() if v != (0, 0)}
        assert nonzero == want["ipc"][size], size

    assert [(i["key"], i["supply"], i["demand"]) for i in data["prefectures"]] == want[
        "prefectures"
    ]

    owners = data["universities"]
    top = [i for i in owners if i["key"] != "_other"]
    assert len(top) == min(30, len(want["owners"]))
    for item in top:
        assert item["supply"] == want["owners"][item["key"]]
    supplies = [i["supply"] for i in top]
    assert supplies == sorted(supplies, reverse=True)
    assert sum(i["supply"] for i in owners) == want["totals"]["supply"]
    if len(want["owners"]) > 30:
        assert owners[-1]["key"] == "_other"
        assert min(supplies) >= max(
            n
            for slug, n in want["owners"].items()
            if slug not in {i["key"] for i in top}
        )

    assert {i["key"]: i["supply"] for i in data["offers"]} == want["offers"]
    assert {
        i["key"]: (i["supply"], i["demand"]) for i in data["license_types"]
    } == want["license_types"]
    assert {i["key"]: i["supply"] for i in data["track_record"]} == want["track_record"]
    assert {i["key"]: (i["supply"], i["demand"]) for i in data["monthly"]} == want[
        "monthly"
    ]
    assert [i["key"] for i in data["monthly"]] == sorted(want["monthly"])
    return want
