"""Imports of the shared reference data (skipped only when it is absent)."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from listings.constants import ListingStatus
from listings.importing import listing_import
from listings.models import Listing, PatentRight

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "patents"


def _data(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"reference data not found: {path}")
    return path


def test_ja_gazette_imports_all_62_with_japanese_pages(university):
    path = _data("ja_gazette.jsonl")
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    assert len(records) == 62
    out = io.StringIO()
    call_command(
        "listings_import",
        str(path),
        "--format",
        "jsonl",
        "--owner",
        university.slug,
        "--publish",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "create 62" in out.getvalue()
    listings = Listing.objects.filter(owner=university)
    assert listings.count() == 62
    assert set(listings.values_list("status", flat=True)) == {ListingStatus.PUBLISHED}
    assert set(listings.values_list("language", flat=True)) == {"ja"}
    first = records[0]
    listing = listings.get(source_id=first["number"])
    assert listing.title == first["title"]
    assert listing.summary and "【" not in listing.summary
    page = Client().get(listing.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert first["title"] in html
    assert listing.summary in html
    # Every record's application number was understood.
    assert (
        PatentRight.objects.filter(
            listing__owner=university, application_number_norm__startswith="JP"
        ).count()
        == 62
    )


def test_en_patents_sample_of_500_imports_every_record(university, tmp_path):
    source = _data("en_patents.jsonl")
    sample = tmp_path / "sample.jsonl"
    with source.open(encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(500)]
    sample.write_text("".join(lines), encoding="utf-8")
    report = listing_import(
        owner=university, by=None, fmt="jsonl", path=sample, max_bytes=10**8
    )
    assert report.rejected == 0, report.errors[:5]
    assert report.total == 500
    assert report.created + report.merged == 500
    numbers = {json.loads(line)["number"] for line in lines}
    stored = set(
        Listing.objects.filter(owner=university).values_list("source_id", flat=True)
    )
    merged_lines = {w.line for w in report.warnings if "merged" in w.message}
    assert (
        stored | {json.loads(lines[n - 1])["number"] for n in merged_lines} == numbers
    )
    # A second run finds every listing again: nothing new.
    again = listing_import(
        owner=university, by=None, fmt="jsonl", path=sample, max_bytes=10**8
    )
    assert (again.created, again.updated, again.rejected) == (0, 0, 0)
    assert Listing.objects.filter(owner=university).count() == report.created
