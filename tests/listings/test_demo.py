"""The demo content loaded by `marketplace_seed_demo`: listings, rights, IPC titles."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from accounts.demo import UNIVERSITIES
from accounts.models import AuditEvent
from listings.constants import IPCKind, ListingSource, ListingStatus
from listings.demo_data import LISTINGS
from listings.demo_ipc import CLASSES, SECTIONS, SUBCLASSES, seed_ipc
from listings.models import IPCCode, Listing, ListingIPC, PatentRight
from listings.numbers import normalize_ipc
from listings.selectors import (
    ipc_titles,
    listing_list_published,
    listing_shows_full_text,
)
from listings.services import listing_expire_lapsed

pytestmark = pytest.mark.django_db

SCHEME = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "classification"
    / "ipc_scheme_en.jsonl"
)


@pytest.fixture
def seeded():
    call_command("marketplace_seed_demo", stdout=open("/dev/null", "w"))


def _counts():
    return (
        Listing.objects.count(),
        PatentRight.objects.count(),
        ListingIPC.objects.count(),
        IPCCode.objects.count(),
        AuditEvent.objects.count(),
    )


def test_seed_loads_enough_varied_listings(seeded):
    demo = Listing.objects.filter(source=ListingSource.DEMO)
    published = listing_list_published().filter(source=ListingSource.DEMO)
    assert demo.count() >= 60
    assert published.count() >= 50
    assert demo.filter(language="en").count() >= 8
    sections = set(
        ListingIPC.objects.filter(listing__in=published).values_list(
            "section", flat=True
        )
    )
    assert len(sections) >= 7
    per_org = dict(demo.values_list("owner__slug").annotate(n=Count("id")).order_by())
    assert {slug for slug, *_ in UNIVERSITIES} <= set(per_org)
    statuses = set(demo.values_list("status", flat=True))
    assert {
        ListingStatus.PUBLISHED,
        ListingStatus.DRAFT,
        ListingStatus.PENDING_REVIEW,
        ListingStatus.WITHDRAWN,
        ListingStatus.LICENSED_EXCLUSIVE,
        ListingStatus.ASSIGNED,
    } <= statuses
    assert demo.filter(disclosure_tier="members", status="published").exists()
    assert PatentRight.objects.filter(listing__in=demo, co_owned=True).exists()


def test_every_published_listing_has_a_right_and_a_titled_ipc(seeded):
    published = listing_list_published().prefetch_related("rights", "ipc_entries")
    for listing in published:
        assert listing.rights.all(), listing.source_id
        codes = listing.ipc_codes
        assert codes, listing.source_id
        titles = ipc_titles(codes)
        for code in codes:
            row = titles[code]
            # At least the subclass (or the class) is named, in both languages.
            assert row is not None and row.kind in (IPCKind.SUBCLASS, IPCKind.CLASS)
            assert row.title_ja and row.title_en
        assert listing.region == listing.owner.prefecture
        assert listing.contact_email.endswith(".example.jp")


def test_listings_went_through_the_services(seeded):
    licensed = Listing.objects.get(source_id="demo-010")
    actions = list(
        AuditEvent.objects.filter(
            target_type="listings.listing", target_id=str(licensed.pk)
        )
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "listing.create",
        "listing.submit",
        "listing.licensed_exclusive",
    ]
    assert licensed.licensing_record == "yes"
    # Kyushu publishes only after review: staff submit, admin approves.
    kyushu = Listing.objects.filter(
        owner__slug="kyushu-u-ip", status=ListingStatus.PUBLISHED
    ).first()
    approve = AuditEvent.objects.get(target_id=str(kyushu.pk), action="listing.approve")
    assert approve.actor.is_staff
    pending = Listing.objects.get(
        source=ListingSource.DEMO, status=ListingStatus.PENDING_REVIEW
    )
    assert pending.owner.slug == "kyushu-u-ip"
    assert not pending.created_by.is_staff


def test_publication_dates_spread_over_past_months(seeded):
    months = {
        (d.year, d.month)
        for d in listing_list_published().values_list("published_at", flat=True)
    }
    assert len(months) >= 10
    assert not Listing.objects.filter(published_at__gt=timezone.now()).exists()
    assert not Listing.objects.filter(created_at__gt=F("published_at")).exists()


def test_teaser_and_expiry_cases(seeded):
    teaser = Listing.objects.get(source_id="demo-036")
    assert teaser.status == ListingStatus.PUBLISHED
    assert not listing_shows_full_text(listing=teaser, user=None)
    assert listing_shows_full_text(
        listing=Listing.objects.get(source_id="demo-001"), user=None
    )
    # Exactly one published listing has only lapsed rights; the expiry job takes it.
    assert listing_expire_lapsed() == 1
    assert Listing.objects.get(source_id="demo-012").status == ListingStatus.EXPIRED


def test_seed_twice_changes_nothing(seeded):
    first = _counts()
    call_command("marketplace_seed_demo", stdout=open("/dev/null", "w"))
    assert _counts() == first


def test_ipc_sections_and_classes_have_both_titles(seeded):
    sections = IPCCode.objects.filter(kind=IPCKind.SECTION)
    classes = IPCCode.objects.filter(kind=IPCKind.CLASS)
    assert set(sections.values_list("code", flat=True)) == set("ABCDEFGH")
    assert classes.count() == 131
    assert not classes.filter(title_ja="").exists()
    assert not classes.filter(title_en="").exists()
    assert not sections.filter(title_ja="").exists()
    assert IPCCode.objects.get(code="H01").title_ja == "基本的電気素子"
    assert IPCCode.objects.get(code="G06").parent_id == "G"
    assert IPCCode.objects.get(code="H01M").parent_id == "H01"


def test_demo_ipc_matches_the_official_scheme():
    if not SCHEME.exists():
        pytest.skip("shared IPC scheme not available")
    official: dict[str, str] = {}
    with SCHEME.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            official[row["code"]] = row["kind"]
    classes = {code for code, kind in official.items() if kind == "class"}
    sections = {code for code, kind in official.items() if kind == "section"}
    assert {code for code, *_ in CLASSES} == classes
    assert {code for code, *_ in SECTIONS} == sections
    assert all(official.get(code) == "subclass" for code, *_ in SUBCLASSES)
    # Every symbol a demo listing uses is a real IPC symbol with a named subclass.
    named = {code for code, *_ in SUBCLASSES}
    for entry in LISTINGS:
        for raw in entry["ipc"]:
            code = normalize_ipc(raw)
            assert code in official, (entry["id"], code)
            assert code[:4] in named, (entry["id"], code)


def test_seed_ipc_fills_only_empty_titles():
    IPCCode.objects.create(
        code="G06", kind=IPCKind.CLASS, level=2, title_ja="運営者の題名", title_en=""
    )
    result = seed_ipc()
    g06 = IPCCode.objects.get(code="G06")
    assert g06.title_ja == "運営者の題名"
    assert g06.title_en == "Computing; calculating; counting"
    assert result["updated"] == 1
    assert seed_ipc() == {"created": 0, "updated": 0}
