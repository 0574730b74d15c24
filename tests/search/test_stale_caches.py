"""Searches stay answerable when process caches outlive the rows behind them.

A worker keeps the facet labels (60 s), the facet image and the engine
answers of the current index token, and the shared cache keeps whole
answers, while listings are deleted or unpublished, organisations renamed,
unverified or removed, IPC titles and memberships dropped, none of which
writes the index. Each case fills every cache with the same viewer and the
same queries, changes the rows, and asks again: every answer must be a 200
that shows nothing the database no longer publishes.
"""

from __future__ import annotations

import pytest

from accounts.models import Membership, Organization
from listings.constants import ListingStatus
from listings.models import IPCCode, Listing, ListingIPC, PatentRight
from search.services import search_index_listings
from tests.factories.accounts import member_of
from tests.factories.listings import ListingFactory, add_ipc, add_right

QUERIES = [
    {"q": "電池"},
    {"q": "電池", "sort": "newest"},
    {},
    {"q": "電池 -触媒"},
    {"q": "電 OR 池"},
    {"q": "x"},
    {"q": "電池", "ipc": "H01M", "owner": "nobody"},
    {"q": "電池", "page": "2", "page_size": "1"},
    # Deep pages, junk filters, text with another sort (schemathesis's shape).
    {"q": "IPC class", "sort": "newest", "page": "1867", "owner": "\x01@"},
    {"q": "href", "sort": "newest", "page": "588", "page_size": "-4046"},
]

MUTATIONS = [
    "listing_deleted",
    "listing_unpublished",
    "owner_deleted",
    "owner_unverified",
    "owner_renamed",
    "ipc_dropped",
    "rights_dropped",
    "membership_dropped",
    "everything_deleted",
]


@pytest.fixture
def listings(university, other_university):
    IPCCode.objects.create(code="H01M", kind="subclass", level=3, title_ja="電池の電極")
    items = []
    for i in range(4):
        item = ListingFactory(
            owner=university if i % 2 else other_university,
            title=f"全固体電池の製造方法 {i}",
        )
        add_ipc(item, "H01M 10/0562")
        add_right(item, application_number=f"特願2020-12345{i}")
        items.append(item)
    Listing.objects.filter(pk=items[1].pk).update(disclosure_tier="members")
    search_index_listings(listing_ids=[item.pk for item in items])
    return items


def _change_rows(kind: str, items: list[Listing], user) -> set[int]:
    """Change the database behind the caches; return the ids still published."""
    ids = {item.pk for item in items}
    if kind == "listing_deleted":
        ids.discard(items[0].pk)
        items[0].delete()
    elif kind == "listing_unpublished":
        Listing.objects.filter(pk=items[1].pk).update(status=ListingStatus.DRAFT)
        ids.discard(items[1].pk)
    elif kind == "owner_deleted":
        owner = items[0].owner_id
        Listing.objects.filter(owner_id=owner).delete()
        Organization.objects.filter(pk=owner).delete()
        ids -= {item.pk for item in items if item.owner_id == owner}
    elif kind == "owner_unverified":
        owner = items[1].owner_id
        Organization.objects.filter(pk=owner).update(is_verified=False)
        ids -= {item.pk for item in items if item.owner_id == owner}
    elif kind == "owner_renamed":
        Organization.objects.filter(pk=items[1].owner_id).update(name_ja="", name_en="")
    elif kind == "ipc_dropped":
        IPCCode.objects.all().delete()
        ListingIPC.objects.all().delete()
    elif kind == "rights_dropped":
        PatentRight.objects.all().delete()
    elif kind == "membership_dropped" and user is not None:
        Membership.objects.filter(user=user).delete()
    elif kind == "everything_deleted":
        Listing.objects.all().delete()
        ids = set()
    return ids


@pytest.mark.parametrize("kind", MUTATIONS)
@pytest.mark.parametrize("viewer", ["anonymous", "company", "tlo"])
def test_search_survives_rows_changed_behind_its_caches(
    api_client, listings, company, university, kind, viewer, settings
):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True  # a crash fails with its traceback
    user = {"company": lambda: member_of(company), "tlo": lambda: member_of(university)}
    user = user[viewer]() if viewer in user else None
    if user is not None:
        api_client.force_authenticate(user)
    before = {}
    for i, params in enumerate(QUERIES):
        response = api_client.get("/api/v1/search/", params)
        assert response.status_code == 200, params
        before[i] = response.json()
    assert before[0]["count"] == 4  # the caches now hold every listing

    published = _change_rows(kind, listings, user)

    for i, params in enumerate(QUERIES):
        response = api_client.get("/api/v1/search/", params)
        assert response.status_code == 200, (params, response.content[:300])
        data = response.json()
        shown = {row["id"] for row in data["results"]}
        assert shown <= published, params
        assert data["count"] <= before[i]["count"]
        for values in data["facets"].values():
            assert all(item["label"] for item in values), params
    assert api_client.get("/api/v1/search/", {"q": "電池"}).json()["count"] == len(
        published
    )
