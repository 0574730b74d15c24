"""Fixtures for the search tests: listings built from the shared patent data.

The records in ``../shared/data/patents`` become published listings through
the ORM (not the import command), then the index is brought up to date.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest
from django.utils import timezone

from listings.models import Listing, ListingIPC
from listings.numbers import IPCError, ipc_parts, normalize_ipc
from search.backends.database import ensure_fulltext_schema
from search.services import search_index_listings

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "patents"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests run without migrations: add the full-text table/column by hand."""
    with django_db_blocker.unblock():
        ensure_fulltext_schema()


@pytest.fixture(autouse=True)
def _fresh_label_cache():
    """Labels are cached per process; each test starts from its own data."""
    from search.selectors import _label_cache

    _label_cache.clear()


def read_records(name: str, limit: int | None = None) -> list[dict]:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"shared data missing: {path}")
    with path.open(encoding="utf-8") as handle:
        lines = islice(handle, limit) if limit else handle
        return [json.loads(line) for line in lines if line.strip()]


def _codes(record: dict) -> list[str]:
    codes: list[str] = []
    for raw in record.get("ipc") or []:
        try:
            code = normalize_ipc(raw)
        except IPCError:
            continue
        if code not in codes:
            codes.append(code)
    return codes


def create_listings(records: list[dict], owner, **extra) -> list[Listing]:
    """Published listings of ``owner`` from patent records (bulk, no services)."""
    listings = [
        Listing(
            owner=owner,
            status=extra.get("status", "published"),
            language=record.get("lang") or "en",
            title=(record.get("title") or "untitled")[:300],
            invention_title=(record.get("title") or "")[:500],
            overview=record.get("abstract") or "",
            claims=list(record.get("claims") or [])[:5],
            source_id=(record.get("number") or "")[:64],
            license_types=["non_exclusive"],
            published_at=extra.get("published_at") or timezone.now(),
            index_dirty=True,
        )
        for record in records
    ]
    created = Listing.objects.bulk_create(listings, batch_size=500)
    if created and created[0].pk is None:  # very old SQLite: no RETURNING
        created = list(Listing.objects.filter(owner=owner).order_by("pk"))
    ipc_rows = []
    for listing, record in zip(created, records, strict=True):
        for position, code in enumerate(_codes(record)):
            ipc_rows.append(
                ListingIPC(
                    listing=listing, position=position, code=code, **ipc_parts(code)
                )
            )
    ListingIPC.objects.bulk_create(ipc_rows, batch_size=1000)
    return created


@pytest.fixture
def ja_records():
    return read_records("ja_gazette.jsonl")


@pytest.fixture
def ja_listings(db, university, ja_records):
    listings = create_listings(ja_records, university)
    search_index_listings(listing_ids=[item.pk for item in listings])
    return listings
