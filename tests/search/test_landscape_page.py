"""The landscape page: roles, languages, links, tables, exports, drill-down.

The data is real: listings and needs in the test database, aggregated by
``search.landscape`` (the same dict the API serves), rendered by the page.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape

from accounts.constants import SizeBand
from listings.constants import ListingStatus
from listings.models import StrategicField
from search import charts
from search.landscape import landscape_get, landscape_refresh
from tests.factories.accounts import (
    AdminUserFactory,
    CompanyFactory,
    UniversityFactory,
    member_of,
)
from tests.factories.listings import ListingFactory, add_ipc
from tests.factories.matching import NeedFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
EVIL_NAME = "<script>alert('owned')</script>大学"
FORMULA_NAME = '=HYPERLINK("http://evil.example")大学'


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    """Two fields, three owners (one with a hostile name), listings and needs."""
    battery = StrategicField.objects.create(
        slug="battery", name_ja="蓄電池", name_en="Batteries", position=1
    )
    ai = StrategicField.objects.create(
        slug="ai", name_ja="AI・デジタル", name_en="AI and digital", position=2
    )
    alpha = UniversityFactory(
        slug="alpha-u",
        name_ja="アルファ大学",
        name_en="Alpha University",
        prefecture="13",
    )
    evil = UniversityFactory(
        slug="evil-u", name_ja=EVIL_NAME, name_en=FORMULA_NAME, prefecture="27"
    )
    beta = UniversityFactory(
        slug="beta-u", name_ja="ベータ大学", name_en="Beta University", prefecture="01"
    )
    specs = [
        (alpha, "H01M10/052", [battery], ["exclusive"]),
        (alpha, "H01M4/13", [battery], ["non_exclusive"]),
        (alpha, "G06N3/08", [ai], ["non_exclusive"]),
        (evil, "H01L21/02", [], ["non_exclusive"]),
        (evil, "G06F16/00", [ai], ["option"]),
        (beta, "A61K9/00", [], ["research_free"]),
    ]
    for owner, code, fields, license_types in specs:
        listing = ListingFactory(owner=owner, license_types=license_types)
        add_ipc(listing, code)
        listing.strategic_fields.set(fields)
    # Never counted: a draft of alpha.
    draft = ListingFactory(owner=alpha, status=ListingStatus.DRAFT)
    add_ipc(draft, "H01M10/052")
    draft.strategic_fields.set([battery])
    small = CompanyFactory(slug="small-co", size_band=SizeBand.SMALL, prefecture="23")
    large = CompanyFactory(slug="large-co", size_band=SizeBand.LARGE, prefecture="13")
    for company, codes, fields in (
        (small, ["H01M10/052"], [battery]),
        (small, ["G06N3/08"], [ai]),
        (large, ["G06N3/08"], [ai]),
        (large, ["B60L53/00"], []),
    ):
        need = NeedFactory(organization=company, ipc_codes=codes, region="")
        need.strategic_fields.set(fields)
    landscape_refresh()
    return {"alpha": alpha, "evil": evil, "beta": beta, "small": small}


class Tables(HTMLParser):
    """Rows (cell texts) and links of every table, keyed by the chart section id."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.tables: dict[str, list[list[str]]] = {}
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.row_links: dict[str, list[list[str]]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (attrs.get("id") or "").startswith("chart-"):
            self.section = attrs["id"][len("chart-") :]
        elif tag == "tr" and self.section:
            self.row = []
            self.links: list[str] = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "a" and self.row is not None:
            self.links.append(attrs.get("href"))

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables.setdefault(self.section, []).append(self.row)
            self.row_links.setdefault(self.section, []).append(self.links)
            self.row = None
        elif tag == "section":
            self.section = None


def tables_of(response) -> Tables:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser


def svg_of(client, chart: str, **params) -> ET.Element:
    response = client.get(reverse("landscape:export", args=[chart, "svg"]), params)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def svg_links(root: ET.Element) -> list[str]:
    return [a.get("href") for a in root.iter(f"{SVG}a")]


def query_of(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def login_as(client, role: str, world):
    if role == "admin":
        client.force_login(AdminUserFactory())
    elif role == "tlo":
        client.force_login(member_of(world["alpha"]))
    elif role == "company":
        client.force_login(member_of(world["small"]))


ROLES = ("anonymous", "company", "tlo", "admin")


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_page_renders_for_every_role_in_both_languages(client, world, role, language):
    login_as(client, role, world)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("landscape:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for key in ("fields", "ipc", "prefectures", "universities", "monthly", "gaps"):
        assert f'id="chart-{key}-svg"' in html
    expected_heading = {"ja": "蓄電池", "en": "Batteries"}[language]
    assert expected_heading in html
    assert ("AI・デジタル" in html) == (language == "ja")
    # Role-specific parts.
    assert ('id="chart-size_bands"' in html) == (role == "admin")
    assert (reverse("matching:review") in html) == (role == "admin")
    assert ('class="row-own"' in html) == (role == "tlo")
    # Static assets only from the site itself; no inline script or style.
    assert 'src="/static/js/landscape.js"' in html
    assert "<script>" not in html and "style=" not in html


def test_field_table_rows_equal_the_dict_and_link_to_search(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("landscape:index"))
    parsed = tables_of(response)
    data = landscape_get()
    rows = parsed.tables["fields"][1:]  # after the header row
    assert [r[0] for r in rows] == [f["label_en"] for f in data["strategic_fields"]]
    assert [[int(c) for c in r[1:3]] for r in rows] == [
        [f["supply"], f["demand"]] for f in data["strategic_fields"]
    ]
    # The fixture's real numbers (the draft is not counted).
    assert rows[0][:3] == ["Batteries", "2", "1"]
    assert rows[1][:3] == ["AI and digital", "2", "2"]
    assert rows[2][:3] == ["Unclassified", "2", "1"]
    links = parsed.row_links["fields"][1:]
    assert query_of(links[0][0]) == ("/search/", {"strategic_field": ["battery"]})
    assert links[2] == []  # "unclassified" has no search filter


def test_chart_links_carry_the_filters_of_their_items(client, world):
    data = landscape_get()
    fields = svg_links(svg_of(client, "fields"))
    assert fields == [
        f"/search/?strategic_field={f['key']}"
        for f in data["strategic_fields"]
        if f["key"]
    ]
    owners = {
        query_of(h)[1]["owner"][0] for h in svg_links(svg_of(client, "universities"))
    }
    assert owners == {"alpha-u", "evil-u", "beta-u"}
    prefectures = svg_links(svg_of(client, "prefectures"))
    assert len(prefectures) == 47
    assert "/search/?prefecture=13" in prefectures
    license_types = svg_links(svg_of(client, "license_types"))
    assert "/search/?license_type=exclusive" in license_types
    track = svg_links(svg_of(client, "track_record"))
    assert "/search/?implementation_record=unknown" in track
    assert "/search/?licensing_record=yes" in track
    offers = svg_links(svg_of(client, "offers"))
    assert offers == ["/search/?offer=license", "/search/?offer=assignment"]
    # The links work: search accepts the same filters.
    response = client.get("/search/", {"owner": "alpha-u"})
    assert response.status_code == 200


def test_ipc_drill_down_from_sections_to_classes_to_subclasses(client, world):
    # Top level: sections with tiles opening the section on the landscape page.
    top = svg_links(svg_of(client, "ipc"))
    assert {query_of(h)[1]["ipc"][0] for h in top} == {"A", "G", "H"}
    assert all(query_of(h)[0] == "/landscape/" for h in top)
    # A section: its classes.
    response = client.get(reverse("landscape:index"), {"ipc": "h"})
    rows = tables_of(response).tables["ipc"][1:]
    assert [r[0].split()[0] for r in rows] == ["H01"]
    assert rows[0][1:3] == ["3", "1"]
    assert "H01" in [
        query_of(h)[1]["ipc"][0] for h in svg_links(svg_of(client, "ipc", ipc="H"))
    ]
    # A class: its subclasses, whose tiles go to search (the deepest level here).
    leaves = svg_links(svg_of(client, "ipc", ipc="H01"))
    assert sorted(leaves) == ["/search/?ipc=H01L", "/search/?ipc=H01M"]
    response = client.get(reverse("landscape:index"), {"ipc": "H01"})
    html = response.content.decode()
    assert 'aria-current="page">H01' in html
    table = tables_of(response)
    assert [(r[0].split()[0], r[1], r[2]) for r in table.tables["ipc"][1:]] == [
        ("H01L", "1", "0"),
        ("H01M", "2", "1"),
    ]
    assert {links[0] for links in table.row_links["ipc"][1:]} == set(leaves)
    # Junk falls back to the top level.
    junk = client.get(reverse("landscape:index"), {"ipc": "<Z9>"})
    assert junk.status_code == 200
    assert len(tables_of(junk).tables["ipc"]) == 1 + 8  # header + sections A–H


def test_prefecture_map_has_47_tiles_and_a_demand_toggle(client, world):
    response = client.get(reverse("landscape:index"))
    html = response.content.decode()
    assert html.count('class="map-tile"') == 47
    assert "measure=demand" in html
    supply_map = svg_of(client, "prefectures")
    demand_map = svg_of(client, "prefectures", measure="demand")

    def tile_value(root, code):
        tile = next(g for g in root.iter(f"{SVG}g") if g.get("data-pref") == code)
        return [t.text for t in tile.iter(f"{SVG}text")][-1]

    # Supply: alpha's three listings in Tokyo; demand: the small company's two
    # needs in Aichi (the company's prefecture, the needs have no region).
    assert tile_value(supply_map, "13") == "3"
    assert tile_value(supply_map, "23") == "0"
    assert tile_value(demand_map, "23") == "2"
    assert tile_value(demand_map, "13") == "2"
    fills = {
        g.get("data-pref"): next(g.iter(f"{SVG}rect")).get("fill")
        for g in demand_map.iter(f"{SVG}g")
        if g.get("data-pref")
    }
    assert fills["23"] in charts.ORANGES and fills["47"] == charts.ZERO


def test_hostile_owner_name_stays_escaped(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    html = client.get(reverse("landscape:index")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    root = svg_of(client, "universities")
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any(label.startswith("<script>alert('owned')") for label in labels)


def test_csv_export_matches_the_dict_and_neutralises_formulas(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("landscape:export", args=["universities", "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    assert 'filename="landscape-universities-en.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["key", "label", "Listings (supply)"]
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["alpha-u"] == ["alpha-u", "Alpha University", "3"]
    assert by_key["evil-u"][1] == "'" + FORMULA_NAME
    data = landscape_get()
    assert [row[0] for row in rows[1:]] == [u["key"] for u in data["universities"]]

    fields = client.get(reverse("landscape:export", args=["fields", "csv"]))
    field_rows = list(csv.reader(io.StringIO(fields.content.decode().lstrip("\ufeff"))))
    assert field_rows[1] == ["battery", "Batteries", "2", "1"]
    assert field_rows[-1] == ["", "Unclassified", "2", "1"]


def test_svg_export_is_an_svg_attachment(client, world):
    response = client.get(
        reverse("landscape:export", args=["ipc", "svg"]),
        {"ipc": "H", "measure": "demand"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="landscape-ipc-H-demand-ja.svg"'
    )
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text.startswith("IPC")


def test_unknown_chart_or_format_is_404(client, world):
    assert client.get("/landscape/export/nope.svg").status_code == 404
    assert client.get("/landscape/export/fields.png").status_code == 404
    # The coordinators' chart does not exist for anyone else.
    assert client.get("/landscape/export/size_bands.csv").status_code == 404


def test_tlo_staff_see_their_own_share_per_field(client, world):
    client.force_login(member_of(world["alpha"]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("landscape:index"))
    parsed = tables_of(response)
    header = parsed.tables["fields"][0]
    assert header[-2:] == ["Your organisation", "Your share"]
    rows = {row[0]: row for row in parsed.tables["fields"][1:]}
    assert rows["Batteries"][1:] == ["2", "1", "2", "100%"]
    assert rows["AI and digital"][1:] == ["2", "2", "1", "50%"]
    owners = {row[0]: row for row in parsed.tables["universities"][1:]}
    assert "row-own" in response.content.decode()
    assert owners["Alpha University"][1] == "3"
    # Another TLO sees its own numbers, not alpha's.
    client.force_login(member_of(world["beta"]))
    other = tables_of(client.get(reverse("landscape:index")))
    rows = {row[0]: row for row in other.tables["fields"][1:]}
    assert rows["Batteries"][3:] == ["0", "0%"]
    assert rows["Unclassified"][3:] == ["1", "50%"]


def test_public_and_company_views_have_no_organisation_columns(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for login in (None, member_of(world["small"])):
        if login:
            client.force_login(login)
        parsed = tables_of(client.get(reverse("landscape:index")))
        assert parsed.tables["fields"][0] == [
            "Name",
            "Listings (supply)",
            "Needs (demand)",
        ]


def test_coordinators_see_demand_by_size_band_and_review_links(client, world):
    client.force_login(AdminUserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("landscape:index"))
    parsed = tables_of(response)
    bands = {row[0]: row[1:] for row in parsed.tables["size_bands"][1:]}
    assert bands[str(SizeBand.SMALL.label)] == ["2", "1", "2.0"]
    assert bands[str(SizeBand.LARGE.label)] == ["2", "1", "2.0"]
    assert bands[str(SizeBand.MICRO.label)] == ["0", "0", "–"]
    gap_links = [links for links in parsed.row_links["gaps"][1:]]
    assert gap_links and all(reverse("matching:review") in links for links in gap_links)
    csv_response = client.get(reverse("landscape:export", args=["size_bands", "csv"]))
    assert csv_response.status_code == 200


def test_gaps_are_called_out_in_words(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = landscape_get()
    html = client.get(reverse("landscape:index")).content.decode()
    assert data["gaps"]["demand_over_supply"] and data["gaps"]["supply_over_demand"]
    for item in data["gaps"]["demand_over_supply"]:
        label = escape(item["label_en"])
        assert f">{label}</a>: its share of all needs is" in html
    for item in data["gaps"]["supply_over_demand"]:
        label = escape(item["label_en"])
        assert f">{label}</a>: its share of all listings is" in html


def test_navigation_and_home_link_to_the_landscape(client, world):
    url = reverse("landscape:index")
    assert url == "/landscape/"
    home = client.get(reverse("marketplace:home")).content.decode()
    assert home.count(f'href="{url}"') >= 2  # the navigation and the home page


def test_page_is_cached_per_snapshot(client, world):
    def owners():
        parsed = tables_of(client.get(reverse("landscape:index")))
        return {row[0]: row[1] for row in parsed.tables["universities"][1:]}

    assert owners()["ベータ大学"] == "1"
    ListingFactory(owner=world["beta"])  # not in the snapshot until a refresh
    assert owners()["ベータ大学"] == "1"
    landscape_refresh()
    assert owners()["ベータ大学"] == "2"
