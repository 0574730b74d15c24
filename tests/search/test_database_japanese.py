"""The database backend finds every listing containing a Japanese term, exactly."""

from __future__ import annotations

import re

from search.backends import SearchQuery, get_backend
from search.models import IndexedListing
from search.text import _CJK, normalize

_RUN = re.compile(rf"[{_CJK}]+")
SAMPLE = 300


def _title_terms(records) -> list[str]:
    terms: set[str] = set()
    for record in records:
        for run in _RUN.findall(normalize(record["title"])):
            for n in (2, 3, 4):
                terms.update(run[i : i + n] for i in range(len(run) - n + 1))
    ordered = sorted(terms)
    step = max(1, len(ordered) // SAMPLE)
    return ordered[::step]


def _all_ids(text: str) -> tuple[int, set[int]]:
    backend = get_backend()
    result = backend.search(SearchQuery(text=text, page_size=100, with_facets=False))
    ids = {hit.listing_id for hit in result.hits}
    page = 2
    while len(ids) < result.total:
        more = backend.search(
            SearchQuery(text=text, page=page, page_size=100, with_facets=False)
        )
        if not more.hits:
            break
        ids.update(hit.listing_id for hit in more.hits)
        page += 1
    return result.total, ids


def test_every_2_to_4_character_title_term_finds_exactly_the_listings_with_it(
    ja_listings, ja_records
):
    texts = list(
        IndexedListing.objects.values_list("listing_id", "title_text", "body_text")
    )
    assert len(texts) == len(ja_records)
    terms = _title_terms(ja_records)
    assert len(terms) >= 100
    for term in terms:
        expected = {pk for pk, title, body in texts if term in title or term in body}
        total, found = _all_ids(term)
        assert found == expected, term
        assert total == len(expected), term
