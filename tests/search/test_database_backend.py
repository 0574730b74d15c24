"""The database backend: English ranking, facets, visibility, query syntax."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count

from listings.constants import ListingStatus
from listings.models import Listing, ListingIPC
from search.backends import SearchQuery, get_backend
from search.backends.database import DatabaseBackend
from search.models import IndexedListing
from search.services import search_index_listings
from search.text import normalize
from tests.factories.accounts import UniversityFactory
from tests.factories.listings import ListingFactory, add_ipc

from .conftest import create_listings, read_records


def _search(text="", **kwargs):
    kwargs.setdefault("page_size", 100)
    return get_backend().search(SearchQuery(text=text, **kwargs))


def _ids(result) -> set[int]:
    return {hit.listing_id for hit in result.hits}


def _index(*listings):
    search_index_listings(listing_ids=[item.pk for item in listings])


def test_the_default_backend_is_the_database(settings):
    settings.SEARCH_BACKEND = "database"
    assert isinstance(get_backend(), DatabaseBackend)


def test_an_english_title_finds_its_listing_in_the_top_3(db, university):
    records = [r for r in read_records("en_patents.jsonl", 2500) if r.get("title")]
    records = records[:2000]
    listings = create_listings(records, university)
    _index(*listings)
    assert IndexedListing.objects.count() == len(listings)
    step = len(records) // 50
    misses = []
    for position in range(0, len(records), step)[:50]:
        record, listing = records[position], listings[position]
        result = _search(record["title"], page_size=3, with_facets=False)
        top = [hit.listing_id for hit in result.hits]
        same_title = {
            item.pk
            for item in listings
            if normalize(item.title) == normalize(record["title"])
        }
        if listing.pk not in top and not same_title & set(top):
            misses.append(record["title"])
    assert not misses


def test_facet_counts_equal_orm_counts(ja_listings, other_university, monkeypatch):
    # Every value, not just the top FACET_LIMIT ones the page shows.
    monkeypatch.setattr("search.backends.database.FACET_LIMIT", 10_000)
    # Give the listings some variety to count.
    for i, listing in enumerate(ja_listings):
        listing.technical_field_1 = ["電気", "機械", "化学"][i % 3]
        listing.implementation_record = ["yes", "no", "unknown"][i % 3]
        listing.license_types = [["exclusive"], ["non_exclusive", "option"]][i % 2]
        listing.offers_assignment = i % 4 == 0
        listing.region = ["13", "27", ""][i % 3]
        if i % 5 == 0:
            listing.owner = other_university
        listing.save()
    _index(*ja_listings)
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    for text in ("", "装置", "電池 OR 電力"):
        result = _search(text)
        matched = published.filter(pk__in=_all_ids(text))
        assert result.total == matched.count()
        facets = {name: dict(values) for name, values in result.facets.items()}
        ipc = ListingIPC.objects.filter(listing__in=matched)
        for name, column in (
            ("ipc_section", "section"),
            ("ipc_class", "ipc_class"),
            ("ipc_subclass", "subclass"),
        ):
            expected = dict(
                ipc.values(column)
                .annotate(n=Count("listing", distinct=True))
                .values_list(column, "n")
            )
            assert facets[name] == expected, name
        expected_owner = dict(
            matched.values("owner__slug")
            .annotate(n=Count("id"))
            .values_list("owner__slug", "n")
        )
        assert facets["owner"] == expected_owner
        expected_field = dict(
            matched.exclude(technical_field_1="")
            .values("technical_field_1")
            .annotate(n=Count("id"))
            .values_list("technical_field_1", "n")
        )
        assert facets["field"] == expected_field
        expected_record = dict(
            matched.values("implementation_record")
            .annotate(n=Count("id"))
            .values_list("implementation_record", "n")
        )
        assert facets["implementation_record"] == expected_record
        license_counts = Counter(
            value for item in matched for value in item.license_types
        )
        assert facets["license_type"] == dict(license_counts)
        assert facets["offer"].get("assignment", 0) == (
            matched.filter(offers_assignment=True).count()
        )
        prefectures = Counter(
            item.region or item.owner.prefecture
            for item in matched.select_related("owner")
        )
        assert facets["prefecture"] == {k: v for k, v in prefectures.items() if k}


def _all_ids(text: str) -> set[int]:
    result = _search(text, with_facets=False)
    ids = _ids(result)
    page = 2
    while len(ids) < result.total:
        ids |= _ids(_search(text, page=page, with_facets=False))
        page += 1
    return ids


def test_drafts_and_unpublished_listings_never_appear(db, university):
    unverified = UniversityFactory(is_verified=False)
    visible = ListingFactory(owner=university, title="蓄電池の劣化診断 visible")
    hidden = [
        ListingFactory(
            owner=university, status=status, title=f"蓄電池の劣化診断 {status}"
        )
        for status in (
            ListingStatus.DRAFT,
            ListingStatus.PENDING_REVIEW,
            ListingStatus.WITHDRAWN,
            ListingStatus.LICENSED_EXCLUSIVE,
            ListingStatus.ARCHIVED,
        )
    ]
    hidden.append(ListingFactory(owner=unverified, title="蓄電池の劣化診断 unverified"))
    _index(visible, *hidden)
    for text in ("蓄電池", "劣化診断", "", "診"):
        assert _ids(_search(text)) == {visible.pk}, text
    # Even a stale index entry is filtered out by the visibility re-check.
    from search.backends import SearchQuery as Q
    from search.selectors import search_listings

    Listing.objects.filter(pk=visible.pk).update(status=ListingStatus.DRAFT)
    page = search_listings(query=Q(text="蓄電池"), user=None)
    assert page.items == []


@pytest.fixture
def corpus(db, university):
    texts = {
        "a": "全固体電池の正極材料 lithium ion battery cathode",
        "b": "リチウムイオン電池の負極 sodium ion battery anode",
        "c": "燃料電池の触媒 fuel cell catalyst",
        "d": "太陽電池モジュール solar cell module",
        "e": "固体 電池 separated words",
    }
    made = {}
    for key, title in texts.items():
        made[key] = ListingFactory(
            owner=university, title=title, summary="", overview=""
        )
    add_ipc(made["a"], "H01M 4/38")
    add_ipc(made["b"], "H01M 10/0525")
    add_ipc(made["c"], "H01M 8/10")
    add_ipc(made["d"], "H01L 31/04")
    _index(*made.values())
    return made


def _keys(corpus, result) -> set[str]:
    by_pk = {item.pk: key for key, item in corpus.items()}
    return {by_pk[hit.listing_id] for hit in result.hits}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("電池", {"a", "b", "c", "d", "e"}),
        ("固体電池", {"a"}),
        ("固体", {"a", "e"}),
        ("battery", {"a", "b"}),
        ("BATTERY", {"a", "b"}),
        ("ｂａｔｔｅｒｙ", {"a", "b"}),
        ('"ion battery"', {"a", "b"}),
        ('"battery ion"', set()),
        ('"lithium battery"', set()),
        ("lithium battery", {"a"}),
        ("電池 -battery", {"c", "d", "e"}),
        ('電池 -"fuel cell"', {"a", "b", "d", "e"}),
        ("燃料電池 OR 太陽電池", {"c", "d"}),
        ("燃料電池 | 太陽電池", {"c", "d"}),
        ("fuel|solar", {"c", "d"}),
        ("cell (fuel OR solar)", {"c", "d"}),
        ("燃料電池 or 太陽電池", set()),
        ("極", {"a", "b"}),
        ("池", {"a", "b", "c", "d", "e"}),
        ("極 -負極", {"a"}),
        ("-battery", {"c", "d", "e"}),
    ],
)
def test_query_syntax(corpus, text, expected):
    assert _keys(corpus, _search(text)) == expected


def test_filters_and_ipc_prefix(corpus, other_university):
    assert _keys(corpus, _search("電池", filters={"ipc": ["H01M"]})) == {"a", "b", "c"}
    assert _keys(corpus, _search("", filters={"ipc": ["H01M 4"]})) == {"a"}
    assert _keys(corpus, _search("", filters={"ipc": ["H01M 4/38"]})) == {"a"}
    assert _keys(corpus, _search("", filters={"ipc": ["H01L", "H01M 8"]})) == {"c", "d"}
    assert _keys(corpus, _search("", filters={"ipc": ["h"]})) == {"a", "b", "c", "d"}
    owner = corpus["a"].owner.slug
    assert len(_search("", filters={"owner": [owner]}).hits) == 5
    assert _search("", filters={"owner": [other_university.slug]}).total == 0
    assert _search("", filters={"prefecture": ["13"]}).total == 5
    assert _search("", filters={"offer": ["assignment"]}).total == 0
    assert _search("", filters={"license_type": ["non_exclusive"]}).total == 5
    assert _search("", filters={"nonsense": ["x"]}).total == 5


def test_sorting_and_pagination(corpus):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for i, key in enumerate("abcde"):
        Listing.objects.filter(pk=corpus[key].pk).update(
            published_at=now - timedelta(days=i), updated_at=now - timedelta(days=5 - i)
        )
    _index(*corpus.values())
    newest = [h.listing_id for h in _search("", sort="newest").hits]
    assert newest == [corpus[k].pk for k in "abcde"]
    updated = [h.listing_id for h in _search("", sort="updated").hits]
    assert updated == [corpus[k].pk for k in "edcba"]
    pages = [
        [h.listing_id for h in _search("", sort="newest", page=p, page_size=2).hits]
        for p in (1, 2, 3, 4)
    ]
    assert pages == [newest[0:2], newest[2:4], newest[4:5], []]
    # A title match ranks above a body-only match.
    body_only = ListingFactory(
        owner=corpus["a"].owner, title="別件", summary="", overview="燃料電池"
    )
    _index(body_only)
    ranked = [h.listing_id for h in _search("燃料電池").hits]
    assert ranked == [corpus["c"].pk, body_only.pk]


def test_highlights_are_escaped_with_marks(db, university):
    listing = ListingFactory(
        owner=university,
        title="<b>全固体電池</b> & Battery",
        summary="",
        overview="前文。" * 30 + "高容量の全固体電池を<script>実現</script>する。",
    )
    _index(listing)
    hit = _search("全固体電池 battery").hits[0]
    assert hit.highlight["title"] == [
        "&lt;b&gt;<mark>全固体電池</mark>&lt;/b&gt; &amp; <mark>Battery</mark>"
    ]
    snippet = hit.highlight["overview"][0]
    assert "<mark>全固体電池</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert snippet.startswith("…")


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced',
        'a"b"c"',
        "\x00\x01\x1b[31m電池",
        "電池'; DROP TABLE listings_listing; --",
        "NEAR(a b) OR * AND ^x",
        "col:value title:電池 {body}",
        "'''||!&<->:*",
        "電" * 10_000,
        "battery " * 2_000,
        "-",
        "OR",
        "\u202e\u200b",
    ],
)
def test_hostile_queries_return_normal_results(corpus, text):
    result = _search(text)
    assert result.total >= 0
    assert Listing.objects.count() == 5


def test_hidden_text_of_teaser_listings_is_not_searchable(db, university):
    from search.selectors import search_listings

    nda = ListingFactory(
        owner=university,
        title="極秘の冷却技術",
        summary="",
        overview="機密の合金組成ヘリオドール",
        disclosure_tier="nda",
    )
    public = ListingFactory(
        owner=university, title="公開の冷却技術", summary="", overview="ヘリオドール"
    )
    _index(nda, public)
    assert _ids(_search("ヘリオドール")) == {public.pk}
    assert _ids(_search("冷却技術")) == {nda.pk, public.pk}
    page = search_listings(query=SearchQuery(text="冷却 合金"), user=None)
    assert page.items == []
    page = search_listings(query=SearchQuery(text="極秘"), user=None)
    assert [item.hit.highlight for item in page.items] == [
        {"title": ["<mark>極秘</mark>の冷却技術"]}
    ]
