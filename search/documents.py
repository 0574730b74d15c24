"""What gets indexed for a listing: one flat document shared by every backend."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch

from listings.constants import DisclosureTier
from listings.models import Listing, ListingIPC, PatentRight, StrategicField

# Text fields of a listing, in the order snippets are looked for.
BODY_FIELDS = (
    "summary",
    "overview",
    "purpose",
    "effect",
    "applicable_products",
    "advantages",
    "claims",
)


def claims_text(claims) -> str:
    parts: list[str] = []
    for claim in claims or []:
        if isinstance(claim, str):
            parts.append(claim)
        elif isinstance(claim, dict):
            parts.append(str(claim.get("text") or ""))
    return "\n".join(p for p in parts if p)


def is_teaser_only(listing: Listing, rights: list[PatentRight]) -> bool:
    """Whether the public sees only the teaser of ``listing``.

    Mirrors ``listings.selectors.listing_shows_full_text`` for an anonymous
    viewer: a members/NDA tier, or rights that are all unpublished
    applications.
    """
    if listing.disclosure_tier != DisclosureTier.PUBLIC:
        return True
    return bool(rights) and all(r.is_unpublished_application for r in rights)


def listing_document(listing: Listing) -> dict:
    """Return the flat index document of ``listing``.

    Uses ``listing.owner``, ``listing.ipc_entries``, ``listing.rights`` and
    ``listing.strategic_fields``;
    prefetch them (see :func:`listing_documents`) when building many.
    """
    owner = listing.owner
    ipc_rows = list(listing.ipc_entries.all())
    rights = list(listing.rights.all())
    offers = []
    if listing.offers_license:
        offers.append("license")
    if listing.offers_assignment:
        offers.append("assignment")
    numbers_display: list[str] = []
    numbers_norm: list[str] = []
    for right in rights:
        for raw in (
            right.application_number,
            right.publication_number,
            right.registration_number,
        ):
            if raw:
                numbers_display.append(raw)
        numbers_norm.extend(right.normalized_numbers)
    teaser = is_teaser_only(listing, rights)
    if teaser:
        # The index is shared by every viewer: it holds only what anyone may
        # read (the teaser), so a search cannot reveal hidden text.
        numbers_display, numbers_norm = [], []
    return {
        "id": listing.pk,
        "teaser_only": teaser,
        "title": listing.title,
        "invention_title": "" if teaser else listing.invention_title,
        "summary": listing.summary,
        "overview": "" if teaser else listing.overview,
        "purpose": "" if teaser else listing.purpose,
        "effect": "" if teaser else listing.effect,
        "applicable_products": "" if teaser else listing.applicable_products,
        "advantages": "" if teaser else listing.advantages,
        "claims": "" if teaser else claims_text(listing.claims),
        "fields": listing.technical_fields,
        "functions": [] if teaser else listing.functions,
        "ipc": [row.code for row in ipc_rows],
        "ipc_section": sorted({row.section for row in ipc_rows if row.section}),
        "ipc_class": sorted({row.ipc_class for row in ipc_rows if row.ipc_class}),
        "ipc_subclass": sorted({row.subclass for row in ipc_rows if row.subclass}),
        "ipc_main_group": sorted(
            {row.main_group for row in ipc_rows if row.main_group}
        ),
        # Slugs of the listing's active strategic fields (a facet and filter).
        "strategic_fields": sorted(
            f.slug for f in listing.strategic_fields.all() if f.is_active
        ),
        "owner": owner.slug,
        "owner_name_ja": owner.name_ja,
        "owner_name_en": owner.name_en,
        "prefecture": listing.region or owner.prefecture or "",
        "license_types": list(listing.license_types or []),
        "offers": offers,
        "implementation_record": listing.implementation_record,
        "licensing_record": listing.licensing_record,
        "status": listing.status,
        "published_at": listing.published_at,
        "updated_at": listing.updated_at,
        "language": listing.language,
        "patent_numbers": numbers_display,
        "patent_numbers_norm": numbers_norm,
    }


def listing_queryset():
    """Listings with everything a document needs, in few queries."""
    return Listing.objects.select_related("owner").prefetch_related(
        Prefetch("ipc_entries", queryset=ListingIPC.objects.order_by("position")),
        Prefetch("rights", queryset=PatentRight.objects.order_by("id")),
        Prefetch("strategic_fields", queryset=StrategicField.objects.order_by()),
    )


def listing_documents(
    listing_ids: Iterable[int], batch_size: int = 500
) -> Iterator[dict]:
    """Yield the documents of ``listing_ids`` (those that exist), in batches."""
    ids = list(dict.fromkeys(int(i) for i in listing_ids))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        for listing in listing_queryset().filter(pk__in=chunk).order_by("pk"):
            yield listing_document(listing)
