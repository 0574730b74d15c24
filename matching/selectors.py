"""Reads for matching: needs and matches, who may see them, the engine's inputs.

A need is visible to the members of its company and to admins; a match is
visible to admins in every status and to the need's company once approved.
Anyone else gets a 404 everywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from accounts.selectors import (
    WRITE_ROLES,
    organization_list_for_user,
    user_has_role,
    user_is_platform_admin,
)
from listings.models import Listing
from listings.selectors import listing_list_published

from . import engine
from .models import Match, MatchStatus, Need, NeedStatus

# Statuses the company sees (おすすめ): a proposal reaches it only once approved.
COMPANY_VISIBLE_STATUSES = (
    MatchStatus.APPROVED,
    MatchStatus.SENT,
    MatchStatus.VIEWED,
    MatchStatus.INTERESTED,
    MatchStatus.NOT_INTERESTED,
)
# Proposals the job may still change or take back (nobody has decided them).
PENDING_STATUSES = (MatchStatus.PROPOSED,)


# --- needs ------------------------------------------------------------------------


def need_list_visible(*, user) -> QuerySet[Need]:
    """Needs the user may open: own companies' needs; admins see all."""
    qs = Need.objects.select_related("organization")
    if user_is_platform_admin(user):
        return qs
    return qs.filter(organization__in=organization_list_for_user(user=user))


def need_get_visible(*, user, pk) -> Need:
    """Return the need if the user may see it, else raise Http404."""
    try:
        return need_list_visible(user=user).get(pk=pk)
    except (Need.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such need.") from exc


def need_list_for_organization(*, organization, status: str | None = None):
    qs = Need.objects.filter(organization=organization)
    if status:
        qs = qs.filter(status=status)
    return qs


def need_list_matchable() -> QuerySet[Need]:
    """Needs the job matches: active ones."""
    return Need.objects.filter(status=NeedStatus.ACTIVE)


def user_can_edit_need(*, user, need: Need) -> bool:
    """Owner/staff of the need's company, or an admin."""
    return user_is_platform_admin(user) or user_has_role(
        user=user, organization=need.organization, roles=WRITE_ROLES
    )


# --- matches ----------------------------------------------------------------------


def match_list_visible(*, user) -> QuerySet[Match]:
    """Matches the user may see: admins all; company members their approved ones."""
    qs = Match.objects.select_related("listing", "need", "need__organization")
    if user_is_platform_admin(user):
        return qs
    return qs.filter(
        need__organization__in=organization_list_for_user(user=user),
        status__in=COMPANY_VISIBLE_STATUSES,
    )


def match_get_visible(*, user, pk) -> Match:
    """Return the match if the user may see it, else raise Http404."""
    try:
        return match_list_visible(user=user).get(pk=pk)
    except (Match.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such match.") from exc


def match_list_review_queue(
    *,
    status: str = MatchStatus.PROPOSED,
    min_score: float | None = None,
    organization=None,
    include_capped: bool = False,
) -> QuerySet[Match]:
    """The admins' review queue: proposals by score, best first."""
    qs = Match.objects.select_related("listing", "need", "need__organization")
    if status:
        qs = qs.filter(status=status)
    if not include_capped:
        qs = qs.filter(in_queue=True)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    if organization is not None:
        qs = qs.filter(need__organization=organization)
    return qs.order_by("-score", "id")


def user_can_decide_match(*, user) -> bool:
    """Only admins (coordinators) approve or reject proposals."""
    return user_is_platform_admin(user)


def user_can_respond_match(*, user, match: Match) -> bool:
    """Owner/staff of the need's company answer an approved match."""
    return user_has_role(
        user=user, organization=match.need.organization, roles=WRITE_ROLES
    )


def match_list_for_export(*, top: int) -> dict[int, list[Match]]:
    """Every stored pair (any status) per need id, best first, at most ``top``."""
    grouped: dict[int, list[Match]] = {}
    qs = Match.objects.order_by("need_id", "-score", "listing_id").only(
        "id", "need_id", "listing_id", "score", "components", "explanation"
    )
    for match in qs.iterator(chunk_size=2000):
        items = grouped.setdefault(match.need_id, [])
        if len(items) < top:
            items.append(match)
    return grouped


def listing_patent_numbers(listing_ids: Iterable[int]) -> dict[int, list[str]]:
    """The patent numbers of each listing as written at the source, then normalised."""
    from listings.models import PatentRight

    numbers: dict[int, list[str]] = {}
    rights = PatentRight.objects.filter(listing_id__in=list(listing_ids)).values_list(
        "listing_id",
        "publication_number",
        "registration_number",
        "application_number",
        "publication_number_norm",
        "registration_number_norm",
        "application_number_norm",
    )
    for listing_id, *values in rights:
        items = numbers.setdefault(listing_id, [])
        for value in values:
            if value and value not in items:
                items.append(value)
    return numbers


# --- the engine's inputs -------------------------------------------------------------

_TEXT_FIELDS = (
    "title",
    "invention_title",
    "summary",
    "overview",
    "purpose",
    "effect",
    "applicable_products",
    "advantages",
    "claims",
    "technical_field_1",
    "technical_field_2",
    "technical_field_3",
    "function_1",
    "function_2",
    "function_3",
)


def listing_doc(
    row: dict, ipc: list[str], fields: frozenset[int] = frozenset()
) -> engine.ListingDoc:
    """The engine's view of a listing (title + the descriptive fields + claims)."""
    title = row["title"]
    if row["invention_title"] and row["invention_title"] != title:
        title = f"{title} {row['invention_title']}"
    overview = row["overview"] or ""
    parts = []
    # Importers often copy the abstract's first sentence into the summary:
    # counting it twice would overweight it.
    if row["summary"] and row["summary"].rstrip("…") not in overview:
        parts.append(row["summary"])
    parts += [
        overview,
        row["purpose"],
        row["effect"],
        row["applicable_products"],
        row["advantages"],
        " ".join(
            row[f]
            for f in (
                "technical_field_1",
                "technical_field_2",
                "technical_field_3",
                "function_1",
                "function_2",
                "function_3",
            )
            if row[f]
        ),
    ]
    body = "\n".join(p for p in parts if p)
    claims = "\n".join(c for c in (row["claims"] or []) if isinstance(c, str) and c)
    return engine.ListingDoc(
        id=row["id"], title=title, body=body, ipc=ipc, claims=claims, fields=fields
    )


def listing_docs(qs: QuerySet[Listing] | None = None) -> list[engine.ListingDoc]:
    """Engine documents for the listings of ``qs`` (default: every published one)."""
    from listings.models import ListingIPC

    qs = listing_list_published() if qs is None else qs
    rows = list(qs.order_by("id").values("id", *_TEXT_FIELDS))
    ipc: dict[int, list[str]] = {}
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), 5000):
        for listing_id, code in (
            ListingIPC.objects.filter(listing_id__in=ids[start : start + 5000])
            .order_by("listing_id", "position")
            .values_list("listing_id", "code")
        ):
            ipc.setdefault(listing_id, []).append(code)
    fields = _field_ids(Listing.strategic_fields.through, "listing_id", ids)
    return [
        listing_doc(r, ipc.get(r["id"], []), fields.get(r["id"], frozenset()))
        for r in rows
    ]


def _field_ids(through, column: str, ids: list[int]) -> dict[int, frozenset[int]]:
    """Owner id -> ids of its active strategic fields, read in chunks."""
    out: dict[int, set[int]] = {}
    for start in range(0, len(ids), 5000):
        for owner_id, field_id in through.objects.filter(
            **{f"{column}__in": ids[start : start + 5000]},
            strategicfield__is_active=True,
        ).values_list(column, "strategicfield_id"):
            out.setdefault(owner_id, set()).add(field_id)
    return {k: frozenset(v) for k, v in out.items()}


def need_field_ids(need_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """Need id -> ids of its active strategic fields (rules and the company's choice)."""
    return _field_ids(Need.strategic_fields.through, "need_id", list(need_ids))


def need_chosen_field_ids(need_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """Need id -> ids of the active strategic fields its company chose."""
    return _field_ids(Need.chosen_strategic_fields.through, "need_id", list(need_ids))


def need_doc(
    need: Need,
    fields: frozenset[int] | None = None,
    chosen: frozenset[int] | None = None,
) -> engine.NeedDoc:
    if fields is None:
        fields = need_field_ids([need.pk]).get(need.pk, frozenset())
    if chosen is None:
        chosen = need_chosen_field_ids([need.pk]).get(need.pk, frozenset())
    return engine.NeedDoc(
        id=need.pk,
        text=need.match_text,
        ipc=need.ipc_codes or [],
        fields=fields,
        chosen_fields=chosen,
    )


def listing_index_signature() -> tuple:
    """Changes whenever the set or content of published listings changes."""
    agg = listing_list_published().aggregate(
        n=Count("id"),
        content=Max("content_changed_at"),
        status=Max("status_changed_at"),
        published=Max("published_at"),
        updated=Max("updated_at"),
    )
    # Re-tagging after a rule change touches no listing row: the tag table
    # (its size and newest row) stands for it.
    tags = Listing.strategic_fields.through.objects.aggregate(
        n=Count("id"), last=Max("id")
    )
    return tuple(agg.values()) + tuple(tags.values()) + (engine.ENGINE_VERSION,)


_cache_lock = threading.Lock()
_cache: dict = {}


def listing_index_get() -> engine.ListingIndex:
    """The engine's listing index, rebuilt only when the published listings changed.

    Kept per process: a new need is then matched without re-reading every
    listing, which is what keeps incremental matching under a second.
    """
    signature = listing_index_signature()
    with _cache_lock:
        if _cache.get("signature") == signature:
            return _cache["index"]
    index = engine.ListingIndex(listing_docs())
    with _cache_lock:
        _cache.update(signature=signature, index=index)
    return index


def listing_index_clear() -> None:
    with _cache_lock:
        _cache.clear()


def need_ids_with_listing_terms(
    *, index: engine.ListingIndex, listing_ids: Iterable[int], limit: int = 2000
) -> list[int]:
    """Active needs that share scoring terms with any of the listings, best first.

    Used by incremental matching of changed listings: only these needs can
    have a new pair, so only they are re-matched.
    """
    import numpy as np

    rows = [index.row_of[i] for i in listing_ids if i in index.row_of]
    if not rows:
        return []
    needs = list(need_list_matchable().order_by("id"))
    if not needs:
        return []
    queries = index.bm25.query_matrix([engine.analyze(n.match_text) for n in needs])
    scores = (queries @ index.bm25.weights[rows].T).toarray().max(axis=1)
    order = np.argsort(-scores, kind="stable")
    return [needs[i].pk for i in order[:limit] if scores[i] > 0]


def match_pairs_for_listings_withdrawable(listing_ids: Iterable[int]) -> QuerySet:
    """Pending proposals of listings that are no longer on offer."""
    published = listing_list_published().values("pk")
    return Match.objects.filter(
        listing_id__in=list(listing_ids), status__in=PENDING_STATUSES
    ).exclude(listing__in=published)


def match_counts_by_status() -> dict[str, int]:
    counts = dict.fromkeys(MatchStatus.values, 0)
    for row in Match.objects.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


# --- the admins' review page -----------------------------------------------------------

# Score components an admin may filter on (rank_lexical is a rank, not a score).
REVIEW_COMPONENTS = ("lexical", "ipc", "bm25", "feedback")


@dataclass(frozen=True)
class ReviewFilters:
    """What the review page narrows the proposals by (empty values: no filter)."""

    status: str = MatchStatus.PROPOSED
    min_score: float | None = None
    organization: str = ""  # slug of the need's company or the listing's owner
    ipc_level: str = ""  # shared IPC prefix at this level or deeper
    component: str = ""
    min_component: float | None = None


def _ipc_levels_from(level: str) -> tuple[str, ...]:
    levels = engine.IPC_LEVELS
    return levels[levels.index(level) :] if level in levels else ()


def match_list_review(*, filters: ReviewFilters | dict) -> QuerySet[Match]:
    """The admins' review page: matches by score, best first, narrowed by ``filters``.

    Proposals are shown only while in the queue (the per-listing cap and the
    threshold of ``apply_listing_cap`` hide the rest); decided matches of any
    other status are listed whole. The IPC level filter keeps matches whose
    explanation cites a shared IPC prefix at that level or a deeper one.
    """
    if isinstance(filters, dict):
        filters = ReviewFilters(**filters)
    qs = Match.objects.select_related(
        "listing", "listing__owner", "need", "need__organization"
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
        if filters.status == MatchStatus.PROPOSED:
            qs = qs.filter(in_queue=True)
    if filters.min_score is not None:
        qs = qs.filter(score__gte=filters.min_score)
    if filters.organization:
        qs = qs.filter(
            Q(need__organization__slug=filters.organization)
            | Q(listing__owner__slug=filters.organization)
        )
    if filters.component in REVIEW_COMPONENTS and filters.min_component is not None:
        # Key transforms with numeric comparisons work on SQLite and PostgreSQL.
        qs = qs.filter(
            **{f"components__{filters.component}__gte": filters.min_component}
        )
    levels = _ipc_levels_from(filters.ipc_level)
    if levels:
        qs = _filter_ipc_levels(qs, levels)
    return qs.order_by("-score", "id")


def _filter_ipc_levels(qs: QuerySet[Match], levels: tuple[str, ...]) -> QuerySet:
    if connection.features.supports_json_field_contains:
        query = Q()
        for level in levels:
            query |= Q(explanation__shared_ipc__contains=[{"level": level}])
        return qs.filter(query)
    # SQLite has no JSON containment: read the already narrowed explanations.
    ids = [
        pk
        for pk, explanation in qs.values_list("pk", "explanation")
        if any(
            isinstance(item, dict) and item.get("level") in levels
            for item in (explanation or {}).get("shared_ipc", [])
        )
    ]
    return qs.filter(pk__in=ids)
