"""Contract tests of the Elasticsearch backend against a live engine.

By default against osmem-server (with and without kuromoji); against a real
cluster when ``ELASTICSEARCH_URL`` is set (see tests/search/conftest_es.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from listings.constants import ListingStatus
from search.backends import SearchQuery, get_backend
from search.backends import elasticsearch as es
from tests.factories.accounts import UniversityFactory
from tests.factories.listings import ListingFactory, add_ipc, add_right
from tests.search.conftest_es import _es_servers, es_backend, es_target  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    """Five published listings (three Japanese, two English) and one draft."""
    now = timezone.now()
    tokyo = UniversityFactory(slug="tokyo-tlo", prefecture="13")
    kyoto = UniversityFactory(slug="kyoto-tlo", prefecture="26")
    items = {}
    items["battery"] = ListingFactory(
        owner=tokyo,
        title="全固体電池用の硫化物固体電解質",
        summary="高いイオン伝導度と大気安定性を両立する",
        overview="硫化物系固体電解質の組成を最適化し、リチウムイオン電池の安全性を高める。",
        license_types=["non_exclusive", "exclusive"],
        published_at=now - timedelta(days=5),
        updated_at=now - timedelta(days=1),
    )
    add_ipc(items["battery"], "H01M 10/0562", "H01M 4/38")
    # A published right: an application-only listing is a teaser and its
    # numbers are deliberately kept out of the index.
    add_right(
        items["battery"],
        application_number="特願2020-123456",
        publication_number="特開2021-123456",
    )
    items["diagnosis"] = ListingFactory(
        owner=tokyo,
        title="蓄電池の劣化を診断する方法",
        summary="内部抵抗から寿命を推定する",
        overview="充放電の履歴を使わずに劣化の度合いを推定する。",
        license_types=["non_exclusive"],
        implementation_record="yes",
        published_at=now - timedelta(days=4),
        updated_at=now - timedelta(days=4),
    )
    add_ipc(items["diagnosis"], "G01R 31/36")
    items["plastic"] = ListingFactory(
        owner=kyoto,
        title="植物由来の生分解性プラスチック",
        summary="海洋で分解される包装材料",
        overview="セルロースを原料とし、<b>耐熱性</b> & 強度を両立する。",
        license_types=["exclusive"],
        offers_assignment=True,
        region="26",
        published_at=now - timedelta(days=3),
        updated_at=now - timedelta(days=3),
    )
    add_ipc(items["plastic"], "C08L 101/16")
    items["electrolyte_en"] = ListingFactory(
        owner=kyoto,
        language="en",
        title="Solid electrolyte for lithium batteries",
        summary="A sulfide electrolyte with high ionic conductivity",
        overview="The composition keeps the electrolyte stable in air.",
        license_types=["non_exclusive"],
        published_at=now - timedelta(days=2),
        updated_at=now - timedelta(days=2),
    )
    add_ipc(items["electrolyte_en"], "H01M 10/0562")
    items["packaging_en"] = ListingFactory(
        owner=kyoto,
        language="en",
        title="Biodegradable packaging film from rice straw",
        summary="Packaging that composts at home",
        overview="Films made from agricultural waste.",
        license_types=["option"],
        published_at=now - timedelta(days=1),
        updated_at=now - timedelta(days=6),
    )
    add_ipc(items["packaging_en"], "B65D 65/46")
    items["draft"] = ListingFactory(
        owner=tokyo,
        status=ListingStatus.DRAFT,
        title="未公開の電池技術",
        published_at=None,
    )
    add_ipc(items["draft"], "H01M 10/052")
    return items


def unmark(html):
    return html.replace("<mark>", "").replace("</mark>", "")


def ids(result):
    return {hit.listing_id for hit in result.hits}


def names(corpus, result):
    by_id = {listing.pk: name for name, listing in corpus.items()}
    return {by_id[hit.listing_id] for hit in result.hits}


@pytest.fixture
def indexed(es_backend, corpus):  # noqa: F811
    es_backend.index_listings([listing.pk for listing in corpus.values()])
    es_backend.refresh()
    return es_backend


def search(backend, text="", **kwargs):
    return backend.search(SearchQuery(text=text, **kwargs))


def test_get_backend_returns_the_elasticsearch_backend(es_backend):  # noqa: F811
    assert isinstance(get_backend(), es.ElasticsearchBackend)


def test_kuromoji_probe_drives_the_ja_subfield(es_backend, es_target, corpus):  # noqa: F811
    _url, _node, expected = es_target
    available = es_backend.kuromoji_available()
    if expected is not None:
        assert available is expected
    es_backend.index_listings([corpus["battery"].pk])
    mapping = es_backend.client.indices.get_mapping(index=es_backend.alias).body
    (index_mapping,) = mapping.values()
    title = index_mapping["mappings"]["properties"]["title"]
    assert "en" in title["fields"]
    assert ("ja" in title["fields"]) is available


def test_two_character_japanese_term_finds_every_listing_containing_it(indexed, corpus):
    assert names(corpus, search(indexed, "電池")) == {"battery", "diagnosis"}
    # Full-width / half-width and case fold the same way.
    assert names(corpus, search(indexed, "ﾌﾟﾗｽﾁｯｸ")) == {"plastic"}


def test_one_character_query_still_matches(indexed, corpus):
    assert names(corpus, search(indexed, "塑")) == set()
    assert names(corpus, search(indexed, "池")) == {"battery", "diagnosis"}


def test_longer_japanese_term_needs_contiguous_characters(indexed, corpus):
    assert names(corpus, search(indexed, "固体電解質")) == {"battery"}
    # Same bigrams in another order: not the term.
    assert names(corpus, search(indexed, "電解固体")) == set()


def test_english_words_stems_and_phrases(indexed, corpus):
    assert names(corpus, search(indexed, "battery")) == {"electrolyte_en"}
    assert names(corpus, search(indexed, "ELECTROLYTE")) == {"electrolyte_en"}
    assert names(corpus, search(indexed, '"rice straw"')) == {"packaging_en"}
    assert names(corpus, search(indexed, '"straw rice"')) == set()
    top = search(indexed, "Biodegradable packaging film from rice straw")
    assert top.hits[0].listing_id == corpus["packaging_en"].pk


def test_ipc_symbols_and_patent_numbers_are_searchable_text(indexed, corpus):
    assert names(corpus, search(indexed, "h01m")) == {"battery", "electrolyte_en"}
    assert names(corpus, search(indexed, '"G01R 31/36"')) == {"diagnosis"}
    assert names(corpus, search(indexed, "特願2020-123456")) == {"battery"}


def test_exclusion_and_or(indexed, corpus):
    assert names(corpus, search(indexed, "電池 -診断")) == {"battery"}
    assert names(corpus, search(indexed, "プラスチック OR packaging")) == {
        "plastic",
        "packaging_en",
    }
    assert names(corpus, search(indexed, "-電池")) == {
        "plastic",
        "electrolyte_en",
        "packaging_en",
    }


def test_drafts_are_never_indexed(indexed, corpus):
    result = search(indexed, "未公開")
    assert result.total == 0
    assert corpus["draft"].pk not in ids(search(indexed, "", page_size=50))


def test_empty_query_browses_everything_with_facets(indexed, corpus):
    result = search(indexed, "")
    assert result.total == 5
    facets = {name: dict(values) for name, values in result.facets.items()}
    assert facets["ipc_section"] == {"H": 2, "G": 1, "C": 1, "B": 1}
    assert facets["ipc_subclass"]["H01M"] == 2
    assert facets["owner"] == {"tokyo-tlo": 2, "kyoto-tlo": 3}
    assert facets["prefecture"] == {"13": 2, "26": 3}
    assert facets["license_type"] == {
        "non_exclusive": 3,
        "exclusive": 2,
        "option": 1,
    }
    assert facets["offer"] == {"license": 5, "assignment": 1}
    assert facets["implementation_record"] == {"yes": 1, "unknown": 4}
    assert facets["status"] == {"published": 5}
    assert set(result.facets) == set(es.FACET_FIELDS)


def test_facets_follow_the_query_and_can_be_skipped(indexed, corpus):
    result = search(indexed, "電池")
    assert dict(result.facets["owner"]) == {"tokyo-tlo": 2}
    assert search(indexed, "電池", with_facets=False).facets == {}


@pytest.mark.parametrize(
    "value, expected",
    [
        ("H", {"battery", "electrolyte_en"}),
        ("H01M", {"battery", "electrolyte_en"}),
        ("h01m", {"battery", "electrolyte_en"}),
        ("H01M 10", {"battery", "electrolyte_en"}),
        ("H01M 4/38", {"battery"}),
        ("H01M 4/00", {"battery"}),
        ("H01M 1", set()),  # a main group, not every group starting with 1
        ("G01R", {"diagnosis"}),
    ],
)
def test_ipc_filter_is_a_prefix_on_the_right_level(indexed, corpus, value, expected):
    assert names(corpus, search(indexed, "", filters={"ipc": [value]})) == expected


def test_keyword_filters_and_or_within_a_key(indexed, corpus):
    def found(**filters):
        return names(corpus, search(indexed, "", filters=filters))

    assert found(owner=["kyoto-tlo"]) == {"plastic", "electrolyte_en", "packaging_en"}
    assert found(license_type=["exclusive"]) == {"battery", "plastic"}
    assert found(license_type=["exclusive", "option"]) == {
        "battery",
        "plastic",
        "packaging_en",
    }
    assert found(offer=["assignment"]) == {"plastic"}
    assert found(prefecture=["13"], implementation_record=["yes"]) == {"diagnosis"}
    assert found(ipc=["H01M", "C08L"], owner=["kyoto-tlo"]) == {
        "plastic",
        "electrolyte_en",
    }
    assert names(corpus, search(indexed, "電池", filters={"owner": ["kyoto-tlo"]})) == (
        set()
    )


def test_highlight_marks_terms_and_escapes_html(indexed, corpus):
    result = search(indexed, "電池")
    hit = next(h for h in result.hits if h.listing_id == corpus["battery"].pk)
    assert "<mark>" in hit.highlight["title"][0]
    assert unmark(hit.highlight["title"][0]) == corpus["battery"].title
    (hit,) = search(indexed, "battery").hits
    assert hit.highlight["title"] == [
        "Solid electrolyte for lithium <mark>batteries</mark>"
    ]
    # The title whole, at most two other fields.
    hit = search(indexed, "電解質 OR 硫化物").hits[0]
    assert hit.listing_id == corpus["battery"].pk
    (title,) = hit.highlight["title"]
    # Engines may mark overlapping bigrams as one span or several.
    assert title.startswith("全固体電池用の<mark>硫化")
    assert unmark(title) == corpus["battery"].title
    assert len(hit.highlight) <= 3
    result = search(indexed, "耐熱性")
    (hit,) = result.hits
    snippet = hit.highlight["overview"][0]
    assert "&lt;b&gt;" in snippet
    assert "<b>" not in snippet
    assert "&amp;" in snippet
    assert "<mark>" in snippet


def test_sort_and_pagination(indexed, corpus):
    newest = search(indexed, "", sort="newest", page_size=10)
    assert [h.listing_id for h in newest.hits] == [
        corpus[n].pk
        for n in ("packaging_en", "electrolyte_en", "plastic", "diagnosis", "battery")
    ]
    updated = search(indexed, "", sort="updated", page_size=2)
    assert [h.listing_id for h in updated.hits] == [
        corpus["battery"].pk,
        corpus["electrolyte_en"].pk,
    ]
    page2 = search(indexed, "", sort="newest", page=2, page_size=2)
    assert page2.total == 5
    assert [h.listing_id for h in page2.hits] == [
        corpus["plastic"].pk,
        corpus["diagnosis"].pk,
    ]
    beyond = search(indexed, "", page=99, page_size=10)
    assert beyond.total == 5 and beyond.hits == []


def test_relevance_ranks_title_matches_first(indexed, corpus):
    result = search(indexed, "電解質")
    assert result.hits[0].listing_id == corpus["battery"].pk
    assert result.hits[0].score > 0


def test_unpublish_delete_and_remove(indexed, corpus):
    battery, plastic, packaging = (
        corpus["battery"],
        corpus["plastic"],
        corpus["packaging_en"],
    )
    battery.status = ListingStatus.WITHDRAWN
    battery.save()
    plastic_pk = plastic.pk
    plastic.delete()
    indexed.index_listings([battery.pk, plastic_pk])
    indexed.remove_listings([packaging.pk, 999_999])
    indexed.refresh()
    result = search(indexed, "")
    assert ids(result) == {corpus["diagnosis"].pk, corpus["electrolyte_en"].pk}
    # Republish: back in the index with the new text.
    battery.status = ListingStatus.PUBLISHED
    battery.title = "新しい全固体電池"
    battery.save()
    indexed.index_listings([battery.pk])
    indexed.refresh()
    assert names(corpus, search(indexed, "新しい")) == {"battery"}


def test_index_listings_creates_the_index_behind_the_alias(es_backend, corpus):  # noqa: F811
    assert es_backend._concrete_indices() == []
    es_backend.index_listings([corpus["battery"].pk])
    (name,) = es_backend._concrete_indices()
    assert name.startswith(es_backend.alias + "-")
    es_backend.refresh()
    assert search(es_backend, "").total == 1


def test_rebuild_fills_a_new_index_and_swaps_the_alias(es_backend, corpus):  # noqa: F811
    es_backend.index_listings([corpus["battery"].pk])
    (first,) = es_backend._concrete_indices()
    calls = []
    count = es_backend.rebuild(progress=lambda done, total: calls.append((done, total)))
    assert count == 5
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    (second,) = es_backend._concrete_indices()
    assert second != first
    assert not es_backend.client.indices.exists(index=first)
    assert search(es_backend, "").total == 5
    assert names(corpus, search(es_backend, "電池")) == {"battery", "diagnosis"}
    # A second rebuild replaces the index again and leaves exactly one.
    es_backend.rebuild()
    (third,) = es_backend._concrete_indices()
    assert third not in (first, second)
    existing = es_backend.client.indices.get(index=f"{es_backend.alias}-*")
    assert list(existing) == [third]


def test_health_reports_the_index(es_backend, corpus):  # noqa: F811
    assert es_backend.health()["ok"] is False  # no index yet
    es_backend.rebuild()
    health = es_backend.health()
    assert health == {
        "backend": "elasticsearch",
        "ok": True,
        "detail": health["detail"],
    }
    assert "5 listings" in health["detail"]


def test_concurrent_first_writes_share_one_index(es_backend, corpus):  # noqa: F811
    es_backend.ensure_index()
    # Another worker that has not seen the alias yet creates the same index.
    es_backend.client.indices.update_aliases(
        actions=[{"remove": {"index": "*", "alias": es_backend.alias}}]
    )
    es_backend.ensure_index()
    es_backend.index_listings([corpus["battery"].pk])
    (name,) = es_backend._concrete_indices()
    assert name == f"{es_backend.alias}-{'0' * 20}"


def test_selector_rechecks_hits_against_the_database(indexed, corpus):
    from search.selectors import search_listings

    page = search_listings(query=SearchQuery(text="電池"))
    assert {item.listing.pk for item in page.items} == {
        corpus["battery"].pk,
        corpus["diagnosis"].pk,
    }
    # Withdrawn in the database but not (yet) removed from the index.
    corpus["diagnosis"].status = ListingStatus.WITHDRAWN
    corpus["diagnosis"].save()
    page = search_listings(query=SearchQuery(text="電池"))
    assert [item.listing.pk for item in page.items] == [corpus["battery"].pk]
    assert page.total == 1
