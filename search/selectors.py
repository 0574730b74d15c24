"""Reads for search: run a query for a viewer, facet labels, saved searches, health.

Every hit a backend returns is re-checked against the listings' visibility
rules (``listings.selectors.listing_list_published``), so a stale index can
never show a draft, a withdrawn listing or another organisation's work.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from accounts.constants import SizeBand, prefecture_label
from accounts.models import Organization
from config import page_cache
from config.prepared import Prepared, in_field_order
from listings.constants import LicenseType, ListingStatus, TrackRecord
from listings.models import Listing, ListingIPC, PatentRight, StrategicField
from listings.selectors import (
    ipc_titles,
    listing_from_row,
    listing_full_text_rule,
    listing_list_published,
)

from .backends import SearchHit, SearchQuery, SearchResult, get_backend
from .backends.base import FILTER_KEYS, SORTS
from .documents import is_teaser_only
from .landscape import landscape_demand, landscape_supply
from .models import SavedSearch

MAX_PAGE_SIZE = 100
# Deep pages cost more and help nobody; the API and page stop here.
MAX_RESULT_WINDOW = 10_000
# Highlight keys shown for a listing whose full text the viewer may not see.
TEASER_FIELDS = ("title", "summary")


@dataclass
class SearchItem:
    # Only the fields a result card shows are loaded (others load on access).
    listing: Listing
    hit: SearchHit
    # Whether the viewer may read the full listing (else: the teaser only).
    full_text: bool = True
    # The listing's IPC codes in their order, and its patent rights by id.
    ipc_codes: list[str] = field(default_factory=list)
    rights: list[PatentRight] = field(default_factory=list)


@dataclass
class SearchPage:
    query: SearchQuery
    total: int
    items: list[SearchItem]
    facets: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        size = self.query.page_size
        return max(1, (min(self.total, MAX_RESULT_WINDOW) + size - 1) // size)

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1


def _int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def search_query_from_params(params) -> SearchQuery:
    """Build a SearchQuery from request parameters (a QueryDict or dict).

    Filters may repeat (``?ipc=H01M&ipc=G06F``) or be comma-separated.
    Anything malformed falls back to a default instead of failing.
    """

    def getlist(key: str) -> list[str]:
        if hasattr(params, "getlist"):
            raw = params.getlist(key)
        else:
            value = params.get(key)
            raw = value if isinstance(value, list) else [value] if value else []
        values: list[str] = []
        for item in raw:
            values.extend(v.strip() for v in str(item).split(",") if v.strip())
        return [v[:40] for v in values][:20]

    filters = {key: getlist(key) for key in FILTER_KEYS}
    filters = {key: values for key, values in filters.items() if values}
    sort = str(params.get("sort") or "relevance")
    page_size = _int(params.get("page_size"), 20, 1, MAX_PAGE_SIZE)
    page = _int(params.get("page"), 1, 1, MAX_RESULT_WINDOW // page_size)
    return SearchQuery(
        text=str(params.get("q") or "")[:1000],
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        page=page,
        page_size=page_size,
    )


# IPC titles and organisation names change rarely; facets show many of them
# on every query, so they are kept in memory for a short while, and dropped
# at once when the labels version changes (config/page_cache.py).
LABEL_TTL_SECONDS = 60.0
_label_cache: dict[tuple[str, str, str], tuple[float, str, str]] = {}


def _cached_labels(kind: str, keys: list[str], load) -> dict[str, str]:
    language = get_language() or "ja"
    now = time.monotonic()
    version = page_cache.labels_version()
    found: dict[str, str] = {}
    missing = []
    for key in keys:
        hit = _label_cache.get((kind, language, key))
        if hit is not None and now - hit[0] < LABEL_TTL_SECONDS and hit[2] == version:
            found[key] = hit[1]
        else:
            missing.append(key)
    if missing:
        loaded = load(missing)
        if len(_label_cache) > 20_000:
            _label_cache.clear()
        for key in missing:
            label = loaded.get(key, "")
            _label_cache[(kind, language, key)] = (now, label, version)
            found[key] = label
    return found


def _ipc_labels(codes: list[str]) -> dict[str, str]:
    return {
        code: (row.title if row is not None else "")
        for code, row in ipc_titles(codes).items()
    }


def ipc_title_labels(codes: list[str]) -> dict[str, str]:
    """IPC code -> title in the current language ("" if unknown), kept a while."""
    return (
        _cached_labels("ipc", list(dict.fromkeys(codes)), _ipc_labels) if codes else {}
    )


def _strategic_field_labels(slugs: list[str]) -> dict[str, str]:
    return {
        f.slug: f.name
        for f in StrategicField.objects.filter(slug__in=slugs).only(
            "slug", "name_ja", "name_en"
        )
    }


def _owner_labels(slugs: list[str]) -> dict[str, str]:
    return {
        org.slug: org.display_name
        for org in Organization.objects.filter(slug__in=slugs).only(
            "slug", "name_ja", "name_en"
        )
    }


def _label_map(facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict]:
    language = get_language() or "ja"
    labels: dict[str, dict] = {}
    codes = [
        value
        for name in ("ipc_section", "ipc_class", "ipc_subclass")
        for value, _count in facets.get(name, [])
    ]
    labels["ipc"] = _cached_labels("ipc", codes, _ipc_labels) if codes else {}
    slugs = [value for value, _count in facets.get("owner", [])]
    labels["owner"] = _cached_labels("owner", slugs, _owner_labels) if slugs else {}
    labels["prefecture"] = {
        value: prefecture_label(value, language)
        for value, _count in facets.get("prefecture", [])
    }
    fields = [value for value, _count in facets.get("strategic_field", [])]
    labels["strategic_field"] = (
        _cached_labels("strategic_field", fields, _strategic_field_labels)
        if fields
        else {}
    )
    labels["license_type"] = {k: str(v) for k, v in LicenseType.choices}
    labels["track"] = {k: str(v) for k, v in TrackRecord.choices}
    labels["status"] = {k: str(v) for k, v in ListingStatus.choices}
    return labels


def facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict]]:
    """Facet counts with a display label per value: ``{name: [{value, count, label}]}``."""
    from django.utils.translation import gettext as _

    labels = _label_map(facets)
    offer_labels = {"license": _("License"), "assignment": _("Assignment")}
    result: dict[str, list[dict]] = {}
    for name, values in facets.items():
        if name.startswith("ipc_"):
            table = labels.get("ipc", {})
        elif name in ("implementation_record", "licensing_record"):
            table = labels["track"]
        elif name == "offer":
            table = offer_labels
        else:
            table = labels.get(name, {})
        result[name] = [
            {"value": value, "count": count, "label": table.get(value) or value}
            for value, count in values
        ]
    return result


# What a result card shows (the search page, the API, the visibility checks):
# the long texts stay unread (highlights come from the backend).
_CARD_LISTING = in_field_order(
    Listing,
    (
        "id",
        "owner_id",
        "title",
        "summary",
        "region",
        "status",
        "disclosure_tier",
        "published_at",
        "updated_at",
    ),
)
_CARD_OWNER = in_field_order(
    Organization, ("id", "slug", "name_ja", "name_en", "is_verified")
)
_CARD_RIGHT = in_field_order(
    PatentRight,
    (
        "id",
        "listing_id",
        "status",
        "application_number",
        "publication_number",
        "registration_number",
    ),
)
# A results page is loaded on every search not answered from the page cache:
# these three reads are compiled once per page size.
_CARDS = Prepared(
    lambda ids: listing_list_published()
    .filter(pk__in=ids)
    .order_by()
    .values_list(*_CARD_LISTING, *(f"owner__{name}" for name in _CARD_OWNER))
)
_CARD_IPC = Prepared(
    lambda ids: ListingIPC.objects.filter(listing_id__in=ids)
    .order_by("listing_id", "position")
    .values_list("listing_id", "code")
)
_CARD_RIGHTS = Prepared(
    lambda ids: PatentRight.objects.filter(listing_id__in=ids)
    .order_by("id")
    .values_list(*_CARD_RIGHT)
)


def _cards_for_hits(
    ids: list[int],
) -> tuple[dict[int, Listing], dict[int, list[str]], dict[int, list[PatentRight]]]:
    """The visible listings among ``ids`` (card fields), their IPC codes, rights.

    Listings and owners come with only the card's fields (the rest load on
    access). Three reads whatever the page size.
    """
    listings: dict[int, Listing] = {}
    for row in _CARDS.rows(ids):
        listing = listing_from_row(row, _CARD_LISTING, _CARD_OWNER)
        listings[listing.pk] = listing
    codes: dict[int, list[str]] = {pk: [] for pk in listings}
    rights: dict[int, list[PatentRight]] = {pk: [] for pk in listings}
    if listings:
        found = sorted(listings)
        for pk, code in _CARD_IPC.rows(found):
            codes[pk].append(code)
        for row in _CARD_RIGHTS.rows(found):
            right = PatentRight.from_db(DEFAULT_DB_ALIAS, _CARD_RIGHT, row)
            rights[right.listing_id].append(right)
    return listings, codes, rights


def search_listings(*, query: SearchQuery, user=None) -> SearchPage:
    """Run ``query`` for ``user``: visible hits in order, total and labelled facets.

    Raises ``SearchUnavailable`` when the engine is down. Hits the database
    no longer shows (unpublished since they were indexed) are dropped, and
    highlights of listings the viewer may only see as a teaser are cut to
    the teaser fields.
    """
    return search_page_from_result(
        query=query, result=search_result(query=query), user=user
    )


def search_result(*, query: SearchQuery) -> SearchResult:
    """The engine's answer (hits, total, facet counts), before any viewer check.

    Raises ``SearchUnavailable`` when the engine is down.
    """
    return get_backend().search(query)


def search_result_digest(result: SearchResult) -> str:
    """A fingerprint of an engine answer (hits, scores, highlights, facets)."""
    return hashlib.sha1(repr(result).encode()).hexdigest()


# Read for every anonymous search (hits kept or not): compiled once.
_PUBLIC_STAMPS = Prepared(
    lambda ids: listing_list_published()
    .filter(pk__in=ids)
    .order_by()
    .values_list("pk", "updated_at")
)


def search_public_stamps(result: SearchResult) -> tuple:
    """Hits the public may see, in hit order, with their change times.

    The same visibility as ``search_listings`` for an anonymous viewer; what
    a cached rendering of the page for the public is keyed by.
    """
    ids = [hit.listing_id for hit in result.hits]
    if not ids:
        return ()
    found = dict(_PUBLIC_STAMPS.rows(ids))
    return tuple(
        (pk, found[pk].isoformat() if found[pk] else "") for pk in ids if pk in found
    )


def search_page_from_result(
    *, query: SearchQuery, result: SearchResult, user=None
) -> SearchPage:
    """``search_listings`` for an engine answer already in hand."""
    ids = [hit.listing_id for hit in result.hits]
    listings, codes, rights = _cards_for_hits(ids) if ids else ({}, {}, {})
    shows_full_text = listing_full_text_rule(user=user)
    items: list[SearchItem] = []
    for hit in result.hits:
        listing = listings.get(hit.listing_id)
        if listing is None:
            continue
        # Public-tier listings with published rights show everything to
        # everyone; only the others need the (costlier) per-viewer check.
        full_text = not is_teaser_only(listing, rights[listing.pk]) or shows_full_text(
            listing, rights[listing.pk]
        )
        if not full_text:
            hit.highlight = {
                k: v for k, v in hit.highlight.items() if k in TEASER_FIELDS
            }
        items.append(
            SearchItem(
                listing=listing,
                hit=hit,
                full_text=full_text,
                ipc_codes=codes[listing.pk],
                rights=rights[listing.pk],
            )
        )
    dropped = len(result.hits) - len(items)
    return SearchPage(
        query=query,
        total=max(0, result.total - dropped),
        items=items,
        facets=facet_labels(result.facets) if query.with_facets else {},
    )


def saved_search_list_for_user(*, user) -> QuerySet[SavedSearch]:
    """The user's own saved searches, newest first."""
    if not getattr(user, "is_authenticated", False):
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=user)


def saved_search_get_for_user(*, user, pk) -> SavedSearch:
    """The user's own saved search; Http404 for anyone else's."""
    try:
        return saved_search_list_for_user(user=user).get(pk=pk)
    except (SavedSearch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such saved search.") from exc


def search_backend_health() -> dict:
    """Report whether the configured search backend answers.

    Returns ``{"backend": name, "ok": bool, "detail": str}``; never raises.
    """
    try:
        backend = get_backend()
    except Exception as exc:  # an unknown backend name, a missing module
        return {"backend": "?", "ok": False, "detail": exc.__class__.__name__}
    try:
        return backend.health()
    except Exception as exc:  # health checks report, they do not raise
        return {"backend": backend.name, "ok": False, "detail": exc.__class__.__name__}


def saved_search_get_by_token(*, token: str) -> SavedSearch:
    """The saved search an unsubscribe link names, else Http404."""
    saved = SavedSearch.objects.filter(unsubscribe_token=token).first()
    if saved is None:
        raise Http404("No such saved search.")
    return saved


# --- IP landscape: the extra views of TLO staff and coordinators ---------------


def landscape_owner_supply(*, organization) -> dict[str, int]:
    """One owner's published listings per strategic field slug.

    Same visibility as the landscape's supply. The key ``""`` counts the
    owner's listings with no active field and ``"*"`` all of them.
    """
    supply = landscape_supply().filter(owner=organization)
    link = Listing.strategic_fields.through.objects.filter(
        listing_id__in=supply.values("pk"), strategicfield__is_active=True
    )
    counts = dict(
        link.values("strategicfield__slug")
        .annotate(n=Count("listing_id", distinct=True))
        .values_list("strategicfield__slug", "n")
    )
    total = supply.count()
    counts[""] = total - link.values("listing_id").distinct().count()
    counts["*"] = total
    return counts


def landscape_demand_by_size_band() -> list[dict]:
    """Active needs and the companies behind them, per company size band.

    Same demand as the landscape (active needs of verified organisations);
    every band is listed, in the band order, with zeros where nothing is.
    """
    rows = {
        row["organization__size_band"]: row
        for row in landscape_demand()
        .values("organization__size_band")
        .annotate(needs=Count("pk"), companies=Count("organization", distinct=True))
    }
    return [
        {
            "key": band.value,
            "label": str(band.label),
            "needs": rows.get(band.value, {}).get("needs", 0),
            "companies": rows.get(band.value, {}).get("companies", 0),
        }
        for band in SizeBand
    ]
