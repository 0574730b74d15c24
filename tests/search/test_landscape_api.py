"""GET /api/v1/landscape/: anonymous, the documented shape, one axis on request."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from listings.models import StrategicField
from search.api.serializers import LandscapeOutputSerializer
from search.landscape import AXES, CACHE_KEY
from tests.factories.accounts import CompanyFactory, UniversityFactory
from tests.factories.listings import ListingFactory, add_ipc
from tests.factories.matching import NeedFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/landscape/"


@pytest.fixture(autouse=True)
def _site():
    cache.delete(CACHE_KEY)
    field = StrategicField.objects.create(
        slug="battery", name_ja="蓄電池", name_en="Batteries", position=1
    )
    owner = UniversityFactory(slug="api-univ", prefecture="26")
    listing = ListingFactory(owner=owner, license_types=["exclusive", "option"])
    add_ipc(listing, "H01M 4/38", "H01M 10/05")
    listing.strategic_fields.add(field)
    need = NeedFactory(
        organization=CompanyFactory(prefecture="22"),
        ipc_codes=["H01M 10/05"],
        title="秘密の課題タイトル",
    )
    need.strategic_fields.add(field)
    yield
    cache.delete(CACHE_KEY)


def test_anonymous_gets_the_whole_landscape(api_client):
    response = api_client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"built_at", "build_seconds", *AXES}
    serializer = LandscapeOutputSerializer(data=body)
    assert serializer.is_valid(), serializer.errors
    assert body["totals"] == {"supply": 1, "demand": 1}
    assert body["strategic_fields"][0] == {
        "key": "battery",
        "label_ja": "蓄電池",
        "label_en": "Batteries",
        "supply": 1,
        "demand": 1,
    }
    section = next(s for s in body["ipc"] if s["key"] == "H")
    assert section["children"][0]["key"] == "H01"
    assert section["children"][0]["children"][0]["key"] == "H01M"
    assert (section["supply"], section["demand"]) == (1, 1)
    assert body["universities"][0]["key"] == "api-univ"
    # Aggregates only: no need's title anywhere in the answer.
    assert "秘密の課題タイトル" not in response.content.decode()


def test_one_axis(api_client):
    response = api_client.get(URL, {"axis": "prefectures"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"built_at", "build_seconds", "totals", "prefectures"}
    assert len(body["prefectures"]) == 47
    assert LandscapeOutputSerializer(data=body).is_valid()


def test_unknown_axis_is_a_400_with_a_code(api_client):
    response = api_client.get(URL, {"axis": "nope"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_axis"


def test_signed_in_users_see_the_same_numbers(api_client, company_staff):
    anonymous = api_client.get(URL).json()
    api_client.force_authenticate(company_staff)
    assert api_client.get(URL).json() == anonymous


def test_schema_documents_the_landscape(api_client):
    response = api_client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"][URL]["get"]
    assert operation["operationId"] == "landscape"
    axis = next(p for p in operation["parameters"] if p["name"] == "axis")
    assert set(axis["schema"]["enum"]) == set(AXES) - {"totals"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]
    component = ref["$ref"].rsplit("/", 1)[-1]
    components = schema["components"]["schemas"]
    props = components[component]["properties"]
    assert {"totals", "strategic_fields", "ipc", "gaps", "monthly"} <= set(props)
    # The IPC tree is typed down to subclasses, not an untyped blob.
    section = props["ipc"]["items"]["$ref"].rsplit("/", 1)[-1]
    klass = components[section]["properties"]["children"]["items"]["$ref"]
    assert "children" in components[klass.rsplit("/", 1)[-1]]["properties"]
