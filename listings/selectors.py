"""Reads for listings, and who may see or change which listing.

Every page, API view and search result goes through these, so a listing the
viewer may not see is a 404 everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import Organization
from accounts.selectors import (
    WRITE_ROLES,
    membership_get_active,
    organization_is_verified,
    organization_list_for_user,
    user_has_role,
    user_is_platform_admin,
)
from config.prepared import Prepared, attach_prefetched, in_field_order

from .constants import PUBLIC_STATUSES, DisclosureTier, ListingStatus
from .models import IPCCode, Listing, ListingIPC, PatentRight, StrategicField
from .numbers import APPLICATION, PUBLICATION, REGISTRATION, ipc_parts
from .strategic_fields import FieldRule, RuleSet


def listing_list_published() -> QuerySet[Listing]:
    """Listings on offer: searchable, matchable, listed publicly."""
    return Listing.objects.filter(
        status=ListingStatus.PUBLISHED, owner__is_verified=True
    ).select_related("owner")


def listing_list_visible(*, user) -> QuerySet[Listing]:
    """Every listing whose page the user may open.

    Anyone: listings in a public status of a verified owner. Members: also
    every listing of their own organisations (drafts included). Admins: all.
    """
    qs = Listing.objects.select_related("owner")
    if user_is_platform_admin(user):
        return qs
    public = Q(status__in=PUBLIC_STATUSES, owner__is_verified=True)
    if user is not None and user.is_authenticated:
        own = organization_list_for_user(user=user).values("pk")
        return qs.filter(public | Q(owner__in=own))
    return qs.filter(public)


def listing_get_or_404(queryset: QuerySet[Listing], pk) -> Listing:
    """``queryset.get(pk=pk)``, or Http404 when it is not there (or pk is bad)."""
    try:
        return queryset.get(pk=pk)
    except (Listing.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such listing.") from exc


def listing_get_visible(*, user, pk: int) -> Listing:
    """Return the listing if the user may see it, else raise Http404."""
    return listing_get_or_404(listing_list_visible(user=user), pk)


def listing_get_visible_stamp(*, user, pk: int) -> Listing:
    """:func:`listing_get_visible` reading only the id, title and change time.

    What a page cache needs to find a stored rendering (and the canonical
    URL); the full listing is read only when the page must be rendered.
    """
    if user is not None and user.is_authenticated:
        visible = listing_list_visible(user=user).select_related(None)
        return listing_get_or_404(visible.only("id", "title", "updated_at"), pk)
    _pk, row = _public_row(_PUBLIC_STAMP, pk)
    return Listing.from_db(DEFAULT_DB_ALIAS, _STAMP_FIELDS, row)


def _public_row(prepared: Prepared, pk) -> tuple[int, tuple]:
    """``(pk, first row)`` of a prepared by-id read, or Http404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    # Ids are positive 64-bit integers: anything else matches nothing.
    rows = prepared.rows(pk) if 0 < pk < 2**63 else []
    if not rows:
        raise Http404("No such listing.")
    return pk, rows[0]


def listing_from_row(
    row: Sequence, listing_fields: list[str], owner_fields: list[str]
) -> Listing:
    """A listing and its owner from a row of ``listing_fields`` then ``owner__``
    ``owner_fields`` (both in field order, see ``in_field_order``)."""
    split = len(listing_fields)
    listing = Listing.from_db(DEFAULT_DB_ALIAS, listing_fields, row[:split])
    listing.owner = Organization.from_db(DEFAULT_DB_ALIAS, owner_fields, row[split:])
    return listing


_STAMP_FIELDS = in_field_order(Listing, ("id", "title", "updated_at"))
# Read for every anonymous listing page and API detail: compiled once.
_PUBLIC_STAMP = Prepared(
    lambda pk: listing_list_visible(user=None)
    .select_related(None)
    .filter(pk=pk)
    .order_by()
    .values_list(*_STAMP_FIELDS)
)


def _fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


# A public listing page or API answer not found in the page cache: the whole
# listing, its owner, IPC rows and rights, in three reads compiled once.
_PUBLIC_LISTING = Prepared(
    lambda pk: listing_list_visible(user=None)
    .filter(pk=pk)
    .order_by()
    .values_list(*_fields(Listing), *(f"owner__{n}" for n in _fields(Organization)))
)
_LISTING_IPC = Prepared(
    lambda pk: ListingIPC.objects.filter(listing_id=pk)
    .order_by("position")
    .values_list(*_fields(ListingIPC))
)
_LISTING_RIGHTS = Prepared(
    lambda pk: PatentRight.objects.filter(listing_id=pk)
    .order_by("id")
    .values_list(*_fields(PatentRight))
)


def listing_get_public(*, pk: int) -> Listing:
    """:func:`listing_get_visible` for an anonymous viewer, relations read too.

    The owner is loaded, and ``ipc_entries.all()`` (by position) and
    ``rights.all()`` (by id) answer without a query. Http404 when the public
    may not see it.
    """
    pk, row = _public_row(_PUBLIC_LISTING, pk)
    listing = listing_from_row(row, _fields(Listing), _fields(Organization))
    entries = [
        ListingIPC.from_db(DEFAULT_DB_ALIAS, _fields(ListingIPC), row)
        for row in _LISTING_IPC.rows(pk)
    ]
    rights = [
        PatentRight.from_db(DEFAULT_DB_ALIAS, _fields(PatentRight), row)
        for row in _LISTING_RIGHTS.rows(pk)
    ]
    for item in (*entries, *rights):
        item.listing = listing
    attach_prefetched(listing, "ipc_entries", entries)
    attach_prefetched(listing, "rights", rights)
    return listing


def user_can_edit_listing(*, user, listing: Listing) -> bool:
    """Owner/staff of the owning organisation, or a platform admin."""
    return user_is_platform_admin(user) or user_has_role(
        user=user, organization=listing.owner, roles=WRITE_ROLES
    )


def user_can_publish_listing(*, user, listing: Listing) -> bool:
    """Editing rights plus a verified owner organisation (admins always)."""
    return user_is_platform_admin(user) or (
        user_can_edit_listing(user=user, listing=listing)
        and organization_is_verified(organization=listing.owner)
    )


def listing_get_for_edit(*, user, pk: int) -> Listing:
    """Return the listing if the user may edit it; 404 for anyone else.

    A member of the owning organisation without a write role gets the listing
    from :func:`listing_get_visible` but not from here (the view answers 403).
    """
    listing = listing_get_visible(user=user, pk=pk)
    if user_is_platform_admin(user):
        return listing
    if membership_get_active(user=user, organization=listing.owner) is None:
        raise Http404("No such listing.")
    return listing


def listing_list_for_organization(
    *, organization, status: str | None = None, query: str = ""
) -> QuerySet[Listing]:
    """The organisation's own listings, every status, newest change first."""
    qs = Listing.objects.filter(owner=organization).order_by("-updated_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(
            Q(title__icontains=query)
            | Q(invention_title__icontains=query)
            | Q(source_id__icontains=query)
            | Q(rights__application_number__icontains=query)
            | Q(rights__publication_number__icontains=query)
        ).distinct()
    return qs


def listing_status_counts(*, organization) -> dict[str, int]:
    """Number of the organisation's listings in each status (every status present)."""
    counts = dict.fromkeys(ListingStatus.values, 0)
    rows = (
        Listing.objects.filter(owner=organization)
        .values("status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def listing_list_pending_review() -> QuerySet[Listing]:
    return Listing.objects.filter(status=ListingStatus.PENDING_REVIEW).select_related(
        "owner"
    )


def listing_shows_full_text(
    *, listing: Listing, user, rights: list[PatentRight] | None = None
) -> bool:
    """Whether the viewer sees every field, or the teaser fields only.

    Teaser only: an unpublished application (nothing of it is public yet), a
    members-tier listing for anyone outside a verified organisation, an
    NDA-tier listing for anyone but its owner and admins. ``rights``: the
    listing's rights when the caller has them (else they are read).
    """
    return listing_full_text_rule(user=user)(listing, rights)


def listing_full_text_rule(*, user) -> Callable[..., bool]:
    """``listing_shows_full_text`` for many listings seen by one viewer.

    Returns ``shows(listing, rights=None) -> bool``; the viewer's memberships
    are read once, when first needed, instead of once per listing.
    """
    admin = user_is_platform_admin(user)
    signed_in = bool(user is not None and user.is_authenticated)
    memberships: dict[int, bool] = {}  # organisation id -> verified
    read = False

    def organizations() -> dict[int, bool]:
        nonlocal read
        if signed_in and not read:
            memberships.update(
                organization_list_for_user(user=user).values_list("pk", "is_verified")
            )
            read = True
        return memberships

    def shows(listing: Listing, rights: list[PatentRight] | None = None) -> bool:
        if admin or (signed_in and listing.owner_id in organizations()):
            return True
        if rights is None:
            rights = list(listing.rights.all())
        if rights and all(right.is_unpublished_application for right in rights):
            return False
        if listing.disclosure_tier == DisclosureTier.NDA:
            return False
        if listing.disclosure_tier == DisclosureTier.MEMBERS:
            return any(organizations().values())
        return True

    return shows


def listing_find_existing(
    *, owner, source: str = "", source_id: str = "", numbers: dict[str, Iterable[str]]
) -> Listing | None:
    """Find the owner's listing for a source id, else for any normalised number.

    ``numbers`` maps a kind (application / publication / registration) to
    normalised keys; a key only ever matches a key of the same kind.
    """
    if source_id:
        found = (
            Listing.objects.filter(owner=owner, source=source, source_id=source_id)
            .order_by("id")
            .first()
        )
        if found:
            return found
    condition = Q()
    fields = {
        APPLICATION: "application_number_norm",
        PUBLICATION: "publication_number_norm",
        REGISTRATION: "registration_number_norm",
    }
    for kind, keys in numbers.items():
        keys = [key for key in keys if key]
        if keys:
            condition |= Q(**{f"{fields[kind]}__in": keys})
    if not condition:
        return None
    right = (
        PatentRight.objects.filter(condition, listing__owner=owner)
        .order_by("listing_id")
        .first()
    )
    return right.listing if right else None


# --- IPC ------------------------------------------------------------------------


def ipc_titles(codes: Iterable[str]) -> dict[str, IPCCode | None]:
    """Map each symbol to its IPCCode row, or the nearest loaded ancestor, or None."""
    codes = list(dict.fromkeys(codes))
    candidates: dict[str, list[str]] = {}
    for code in codes:
        parts = ipc_parts(code)
        chain = [
            code,
            parts["main_group"],
            parts["subclass"],
            parts["ipc_class"],
            parts["section"],
        ]
        candidates[code] = [c for c in dict.fromkeys(chain) if c]
    wanted = {c for chain in candidates.values() for c in chain}
    rows = {row.code: row for row in IPCCode.objects.filter(code__in=wanted)}
    return {
        code: next((rows[c] for c in chain if c in rows), None)
        for code, chain in candidates.items()
    }


def ipc_get(*, code: str) -> IPCCode:
    try:
        return IPCCode.objects.get(code=code)
    except IPCCode.DoesNotExist as exc:
        raise Http404("No such IPC code.") from exc


def ipc_list_children(*, code: str | None) -> QuerySet[IPCCode]:
    """The sections (code None) or the direct children of ``code``."""
    if not code:
        return IPCCode.objects.filter(level=1)
    return IPCCode.objects.filter(parent_id=code)


def ipc_ancestors(*, ipc: IPCCode) -> list[IPCCode]:
    """From the section down to the parent of ``ipc``."""
    chain: list[IPCCode] = []
    seen = set()
    current = ipc.parent_id
    while current and current not in seen:
        seen.add(current)
        row = IPCCode.objects.filter(code=current).first()
        if row is None:
            break
        chain.append(row)
        current = row.parent_id
    return list(reversed(chain))


def ipc_listing_count(*, prefix: str) -> int:
    """Published listings with a symbol under ``prefix`` (section, class, subclass…)."""
    return (
        ListingIPC.objects.filter(
            code__startswith=prefix, listing__in=listing_list_published()
        )
        .values("listing_id")
        .distinct()
        .count()
    )


def strategic_field_list_active() -> QuerySet[StrategicField]:
    """The active strategic fields, in their display order."""
    return StrategicField.objects.filter(is_active=True).order_by("position", "id")


def strategic_field_ruleset(*, field_ids: Iterable[int] | None = None) -> RuleSet:
    """The compiled tagging rules of the active fields (optionally only some)."""
    qs = strategic_field_list_active()
    if field_ids is not None:
        qs = qs.filter(pk__in=list(field_ids))
    return RuleSet(
        FieldRule(id=pk, ipc_prefixes=prefixes or [], keywords=keywords or [])
        for pk, prefixes, keywords in qs.values_list("pk", "ipc_prefixes", "keywords")
    )


def strategic_field_list_with_counts() -> QuerySet[StrategicField]:
    """Every field with the number of listings and needs tagged with it."""
    # Subqueries, not Count() over two joins: that would multiply the rows.
    listing_through = Listing.strategic_fields.through
    need_through = StrategicField.needs.through

    def count_of(through) -> Subquery:
        return Subquery(
            through.objects.filter(strategicfield_id=OuterRef("pk"))
            .order_by()
            .values("strategicfield_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        )

    return StrategicField.objects.annotate(
        listing_count=Coalesce(count_of(listing_through), 0),
        need_count=Coalesce(count_of(need_through), 0),
    ).order_by("position", "id")
