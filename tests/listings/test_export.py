"""Exports of listings: CSV (BOM, formula cells neutralised) and JSON Lines."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from listings.constants import ListingStatus
from listings.exports import CSV_HEADER, neutralize_cell
from tests.factories.listings import ListingFactory, add_ipc, add_right

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def own_listings(university):
    draft = ListingFactory(
        owner=university,
        status=ListingStatus.DRAFT,
        title='=HYPERLINK("http://evil")',
        summary="＋全角プラスで始まる要約",
        contact_phone="+81-3-1234-5678",
        contact_note="@SUM(A1)",
        desired_terms="\tタブ",
    )
    add_ipc(draft, "H01M 10/0562", "H01M 4/38")
    add_right(
        draft,
        application_number="特願2019-123456",
        publication_number="特開2021-012345",
        applicants="-出願人",
    )
    add_right(draft, application_number="特願2020-000222")
    published = ListingFactory(owner=university, title="公開中の技術")
    return draft, published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+81", "'+81"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝１", "'＝１"),
        ("＋１", "'＋１"),
        ("－１", "'－１"),
        ("＠ｘ", "'＠ｘ"),
        ("電池", "電池"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralize_cell(value, expected):
    assert neutralize_cell(value) == expected


def test_tlo_member_exports_own_organisation_only_as_csv(
    client, tlo_staff, own_listings, other_university
):
    ListingFactory(owner=other_university, title="他大学の技術")
    client.force_login(tlo_staff)
    response = client.get(reverse("listings:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = read_csv(body(response))
    assert list(rows[0].keys()) == list(CSV_HEADER)
    titles = {row["title"] for row in rows}
    assert "他大学の技術" not in titles
    assert "公開中の技術" in titles
    draft = next(row for row in rows if row["status"] == "draft")
    # Every cell a spreadsheet would evaluate starts with an apostrophe.
    assert draft["title"] == '\'=HYPERLINK("http://evil")'
    assert draft["summary"] == "'＋全角プラスで始まる要約"
    assert draft["contact_phone"] == "'+81-3-1234-5678"
    assert draft["contact_note"] == "'@SUM(A1)"
    assert draft["desired_terms"] == "'\tタブ"
    assert draft["right_applicants"] == "'-出願人; "
    assert draft["ipc_codes"] == "H01M 10/0562; H01M 4/38"
    assert draft["rights_count"] == "2"
    assert draft["right_application_number"] == "特願2019-123456; 特願2020-000222"
    assert draft["owner"] == own_listings[0].owner.slug


def test_jsonl_export_holds_rights_and_ipc(client, tlo_staff, own_listings):
    client.force_login(tlo_staff)
    response = client.get(reverse("listings:export_jsonl"))
    lines = body(response).splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 2
    draft = next(r for r in records if r["status"] == "draft")
    # JSON Lines keeps the text as it is (no spreadsheet is involved).
    assert draft["title"] == '=HYPERLINK("http://evil")'
    assert draft["ipc_codes"] == ["H01M 10/0562", "H01M 4/38"]
    assert [r["application_number"] for r in draft["rights"]] == [
        "特願2019-123456",
        "特願2020-000222",
    ]
    assert "特願" in lines[0] or "特願" in lines[1]  # not ASCII-escaped


def test_admin_exports_everything_or_one_owner(
    client, admin_user, own_listings, other_university
):
    ListingFactory(owner=other_university, title="他大学の技術")
    client.force_login(admin_user)
    rows = read_csv(body(client.get(reverse("listings:export_csv"))))
    assert len(rows) == 3
    only = read_csv(
        body(
            client.get(reverse("listings:export_csv"), {"owner": other_university.slug})
        )
    )
    assert [row["title"] for row in only] == ["他大学の技術"]


def test_member_cannot_export_another_organisation(
    client, tlo_staff, own_listings, other_university
):
    client.force_login(tlo_staff)
    response = client.get(
        reverse("listings:export_csv"), {"owner": other_university.slug}
    )
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, own_listings):
    for name in ("listings:export_csv", "listings:export_jsonl"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_user_without_organisation_gets_403(client, django_user_model):
    from tests.factories.accounts import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("listings:export_csv")).status_code == 403


def test_management_command_writes_csv_and_jsonl(tmp_path, own_listings, university):
    path = tmp_path / "out.csv"
    call_command("listings_export", "--format", "csv", "--output", str(path))
    text = path.read_text(encoding="utf-8")
    rows = read_csv(text)
    assert {row["title"] for row in rows} == {
        '\'=HYPERLINK("http://evil")',
        "公開中の技術",
    }
    out = io.StringIO()
    call_command(
        "listings_export",
        "--format",
        "jsonl",
        "--owner",
        university.slug,
        stdout=out,
        stderr=io.StringIO(),
    )
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 2
    with pytest.raises(CommandError):
        call_command("listings_export", "--owner", "no-such-org")
