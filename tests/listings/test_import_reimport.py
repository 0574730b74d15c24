"""Re-imports update, the same patent from two formats stays one listing,
dry runs write nothing, publishing follows the organisation's rights."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.models import AuditEvent
from listings import services
from listings.constants import ListingStatus
from listings.importing import listing_import
from listings.models import Listing, ListingIPC, PatentRight
from tests.factories.accounts import UniversityFactory
from tests.factories.listings import ListingFactory, add_right
from tests.listings.test_import_formats import inpit_row, inpit_text


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English message texts; the site default is Japanese."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

GAZETTE = {
    "number": "JP2010019680A",
    "title": "電力量計",
    "abstract": "【課題】 電力量計の破損につながると予測される温度上昇を検出する。"
    "【解決手段】温度検出部を設けた。【選択図】 図１",
    "claims": ["【請求項1】電源側配電線が接続される第一の端子部と…"],
    "ipc": ["G01R 11/02", "G01R 22/00"],
    "applicant": "株式会社東芝",
    "inventors": ["迫山  光弘"],
    "date": "2010-01-28",
    "filing_date": "2008-07-10",
    "application_number": "2008180290",
    "lang": "ja",
}


def write_jsonl(path, *records):
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


def run(path, fmt, owner, *extra):
    out = io.StringIO()
    call_command(
        "listings_import",
        str(path),
        "--format",
        fmt,
        "--owner",
        owner.slug,
        *extra,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def test_jsonl_maps_a_gazette_record(tmp_path, university):
    run(write_jsonl(tmp_path / "a.jsonl", GAZETTE), "jsonl", university)
    listing = Listing.objects.get()
    assert listing.source == "jsonl" and listing.source_id == "JP2010019680A"
    assert listing.title == listing.invention_title == "電力量計"
    assert listing.summary == "電力量計の破損につながると予測される温度上昇を検出する。"
    assert listing.overview.startswith("【課題】電力量計の破損")
    assert "【解決手段】温度検出部を設けた。" in listing.overview
    assert "選択図" not in listing.overview
    assert listing.claims == GAZETTE["claims"]
    assert listing.inventors == ["迫山  光弘"]
    assert listing.language == "ja"
    assert listing.ipc_codes == ["G01R 11/02", "G01R 22/00"]
    right = listing.rights.get()
    assert right.application_number_norm == "JP2008180290"
    assert right.publication_number_norm == "JP2010019680"
    assert str(right.publication_date) == "2010-01-28"
    assert right.applicants == "株式会社東芝"


def test_reimport_updates_instead_of_duplicating(tmp_path, university):
    path = write_jsonl(tmp_path / "a.jsonl", GAZETTE)
    run(path, "jsonl", university)
    first = Listing.objects.get()
    out = run(path, "jsonl", university)
    assert "unchanged 1" in out
    write_jsonl(path, {**GAZETTE, "title": "改良された電力量計", "ipc": ["G01R 11/04"]})
    out = run(path, "jsonl", university)
    assert "update 1" in out
    listing = Listing.objects.get()
    assert listing.pk == first.pk
    assert listing.title == "改良された電力量計"
    assert listing.ipc_codes == ["G01R 11/04"]
    assert listing.content_changed_at > first.content_changed_at
    assert PatentRight.objects.count() == 1
    assert ListingIPC.objects.count() == 1


def test_same_patent_as_jsonl_then_inpit_csv_is_one_listing(tmp_path, university):
    run(write_jsonl(tmp_path / "a.jsonl", GAZETTE), "jsonl", university)
    path = tmp_path / "inpit.csv"
    path.write_text(
        inpit_text([inpit_row(出願番号="特願2008-180290", 公開番号="特開2010-019680")]),
        encoding="utf-8",
    )
    out = run(path, "inpit-csv", university)
    assert "update 1" in out and "create 0" in out
    listing = Listing.objects.get()
    assert listing.source == "inpit" and listing.source_id == "L2019000123"
    assert listing.purpose == "工場排熱を電力として回収する。"
    assert listing.claims == GAZETTE["claims"]  # kept from the first import
    right = listing.rights.get()
    assert right.filing_date.isoformat() == "2008-07-10"
    assert right.publication_date.isoformat() == "2010-01-28"


def test_other_owners_listing_is_not_touched(tmp_path, university, other_university):
    theirs = ListingFactory(owner=other_university, title="他大学の電力量計")
    add_right(theirs, application_number="特願2008-180290")
    run(write_jsonl(tmp_path / "a.jsonl", GAZETTE), "jsonl", university)
    theirs.refresh_from_db()
    assert theirs.title == "他大学の電力量計"
    assert Listing.objects.filter(owner=university).count() == 1


def test_listing_entered_by_hand_is_updated_by_number(tmp_path, university):
    mine = ListingFactory(owner=university, title="手入力", status=ListingStatus.DRAFT)
    add_right(mine, publication_number="特開2010-19680")
    run(write_jsonl(tmp_path / "a.jsonl", GAZETTE), "jsonl", university)
    assert Listing.objects.get().pk == mine.pk
    assert Listing.objects.get().title == "電力量計"


def test_listing_no_longer_editable_is_rejected(tmp_path, university):
    mine = ListingFactory(owner=university, status=ListingStatus.ASSIGNED)
    add_right(mine, application_number="特願2008-180290")
    with pytest.raises(CommandError):
        run(write_jsonl(tmp_path / "a.jsonl", GAZETTE), "jsonl", university)
    mine.refresh_from_db()
    assert mine.title != "電力量計"


def test_dry_run_writes_nothing(tmp_path, university):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        GAZETTE,
        {**GAZETTE, "number": "US7971079B2", "application_number": "", "lang": "en"},
    )
    events = AuditEvent.objects.count()
    out = run(path, "jsonl", university, "--dry-run", "--publish")
    assert "would create 2" in out and "would publish 2" in out
    assert Listing.objects.count() == 0
    assert PatentRight.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_publish_respects_review_and_verification(tmp_path):
    direct = UniversityFactory(can_publish_directly=True)
    reviewed = UniversityFactory(can_publish_directly=False)
    unverified = UniversityFactory(is_verified=False)
    path = write_jsonl(tmp_path / "a.jsonl", GAZETTE)
    run(path, "jsonl", direct, "--publish")
    listing = Listing.objects.get(owner=direct)
    assert listing.status == ListingStatus.PUBLISHED and listing.published_at
    run(path, "jsonl", reviewed, "--publish")
    assert Listing.objects.get(owner=reviewed).status == ListingStatus.PENDING_REVIEW
    with pytest.raises(CommandError, match="not verified"):
        run(path, "jsonl", unverified, "--publish")
    assert not Listing.objects.filter(owner=unverified).exists()


def test_one_audit_event_and_followups_once(tmp_path, university, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "_queue_followups", lambda ids: calls.append(ids))
    path = write_jsonl(
        tmp_path / "a.jsonl",
        GAZETTE,
        {**GAZETTE, "number": "US7971079B2", "application_number": "", "lang": "en"},
    )
    before = AuditEvent.objects.filter(action="listing.import").count()
    report = listing_import(
        owner=university, by=None, fmt="jsonl", path=path, max_bytes=10**6
    )
    assert report.created == 2
    assert AuditEvent.objects.filter(action="listing.import").count() == before + 1
    assert len(calls) == 1
    assert sorted(calls[0]) == sorted(Listing.objects.values_list("pk", flat=True))
    assert all(Listing.objects.values_list("index_dirty", flat=True))


def test_same_patent_twice_in_one_file_is_merged_with_a_note(tmp_path, university):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        {"number": "US5930781", "title": "Neural network training", "abstract": "A."},
        {
            "number": "US5930781A",
            "title": "Neural network training",
            "abstract": "A.",
            "cpc": ["G06N 3/08", "Y10S 706/00", "G06N 2201/00"],
            "applicant": ["NASA", "Caltech"],
        },
    )
    report = listing_import(
        owner=university, by=None, fmt="jsonl", path=path, max_bytes=10**6
    )
    assert (report.total, report.created, report.merged, report.rejected) == (
        2,
        1,
        1,
        0,
    )
    assert "line 1" in report.warnings[0].message
    listing = Listing.objects.get()
    assert listing.ipc_codes == ["G06N 3/08"]
    right = listing.rights.get()
    assert right.applicants == "NASA; Caltech" and right.co_owned


def test_us_design_and_reissue_numbers_are_understood(tmp_path, university):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        {"number": "USD242747", "title": "Baseball glove", "abstract": "None"},
        {"number": "USRE34476E", "title": "Reissued thing", "abstract": "x."},
        {
            "number": "JPH04149661A",
            "title": "Old JP",
            "abstract": "x.",
            "date": "1/29/1992",
        },
    )
    run(path, "jsonl", university)
    keys = set(
        PatentRight.objects.values_list(
            "registration_number_norm", "publication_number_norm"
        )
    )
    assert keys == {("USD242747", ""), ("USRE34476", ""), ("", "JP1992149661")}
    design = Listing.objects.get(source_id="USD242747")
    assert design.overview == "" and design.summary == "Baseball glove"


def test_progress_is_reported_every_chunk(tmp_path, university):
    records = [
        {"number": f"US{7000000 + n}B2", "title": f"Widget {n}", "abstract": "A."}
        for n in range(1200)
    ]
    path = write_jsonl(tmp_path / "many.jsonl", *records)
    calls = []
    report = listing_import(
        owner=university,
        by=None,
        fmt="jsonl",
        path=path,
        max_bytes=10**7,
        progress=lambda done, total, phase: calls.append((done, total, phase)),
    )
    assert report.created == 1200
    parsing = [c for c in calls if c[2] == "parsing"]
    assert [c[0] for c in parsing] == [0, 500, 1000]
    assert all(c[1] == 1200 for c in parsing)
    assert (1200, 1200, "checked") in calls
    assert [c[0] for c in calls if c[2] == "writing"] == [500, 1000, 1200]


def test_jsonl_text_with_unicode_line_separators_stays_one_record(tmp_path, university):
    record = {**GAZETTE, "abstract": "first\u2028second\u0085third. More."}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\r\n", encoding="utf-8")
    run(path, "jsonl", university)
    assert "second" in Listing.objects.get().overview
