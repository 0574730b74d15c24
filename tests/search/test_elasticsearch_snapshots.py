"""Snapshots of the Elasticsearch index definition and query bodies.

The JSON files under ``tests/search/snapshots/`` are the spec of what the
backend sends; review a diff there like code. Regenerate them with
``UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/search/test_elasticsearch_snapshots.py``.
No engine is needed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from search.backends import SearchQuery
from search.backends.elasticsearch import (
    ListingDocument,
    build_search,
    index_body,
    ipc_prefix,
)

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def check_snapshot(name: str, data) -> None:
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing snapshot {path}: run with UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; review and re-run with UPDATE_SNAPSHOTS=1"
    )


@pytest.mark.parametrize("kuromoji", [False, True], ids=["plain", "kuromoji"])
def test_index_body(kuromoji):
    check_snapshot(
        "es_index_kuromoji" if kuromoji else "es_index_plain",
        index_body(kuromoji=kuromoji),
    )


def test_document_class_mapping_has_no_kuromoji_without_the_plugin():
    mapping = ListingDocument._doc_type.mapping.to_dict()
    assert "ja" not in mapping["properties"]["title"]["fields"]
    assert "en" in mapping["properties"]["title"]["fields"]


QUERIES = {
    "browse_empty": SearchQuery(),
    "ja_two_chars": SearchQuery(text="電池"),
    "ja_long_and_english": SearchQuery(text="全固体電池 battery"),
    "ja_one_char": SearchQuery(text="塩", with_facets=False),
    "phrase_and_exclusion": SearchQuery(
        text='"solid electrolyte" -硫化物', with_facets=False
    ),
    "or_group": SearchQuery(text="電池 OR バッテリー", with_facets=False),
    "filters_sort_page": SearchQuery(
        text="",
        filters={
            "ipc": ["H01M", "H01M 4"],
            "owner": ["tokyo-tlo"],
            "license_type": ["exclusive", "non_exclusive"],
            "offer": ["license"],
            "strategic_field": ["ai-semiconductor", "quantum"],
        },
        sort="newest",
        page=3,
        page_size=10,
        with_facets=False,
    ),
    "updated_sort_text_filter": SearchQuery(
        text="センサ", filters={"prefecture": ["13"]}, sort="updated"
    ),
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_bodies(name):
    query = QUERIES[name]
    check_snapshot(
        f"es_query_{name}",
        build_search(query, index="listings", kuromoji=False).to_dict(),
    )


def test_query_body_with_kuromoji_adds_the_ja_fields():
    body = build_search(
        SearchQuery(text="電池", with_facets=False), kuromoji=True
    ).to_dict()
    check_snapshot("es_query_ja_two_chars_kuromoji", body)


@pytest.mark.parametrize(
    "value, prefix",
    [
        ("H", "H"),
        ("h01", "H01"),
        ("H01M", "H01M"),
        ("H01M 4", "H01M 4/"),
        ("H01M4/00", "H01M 4/"),
        ("H01M 4/38", "H01M 4/38"),
        ("Ｈ０１Ｍ ４／３８", "H01M 4/38"),
        ("not-ipc", "NOT-IPC"),
    ],
)
def test_ipc_prefix(value, prefix):
    assert ipc_prefix(value) == prefix


def test_pagination_stays_inside_the_result_window():
    body = build_search(
        SearchQuery(page=10_000, page_size=50), kuromoji=False
    ).to_dict()
    assert body["from"] + body["size"] <= 10_000
