"""Writes for listings: create, edit, the status workflow, expiry.

Every change goes through here: permission check, row lock where
check-then-act matters, ``full_clean()``, save, audit event, follow-up tasks
queued on commit (search index, matching).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_is_platform_admin
from accounts.services import audit_record

from .constants import (
    EDITABLE_STATUSES,
    LISTING_TRANSITIONS,
    LicenseType,
    ListingStatus,
    RightStatus,
)
from .models import Listing, ListingIPC, PatentRight
from .numbers import (
    APPLICATION,
    PUBLICATION,
    REGISTRATION,
    IPCError,
    PatentNumberError,
    ipc_parts,
    normalize_ipc,
    normalize_patent_number,
)
from .selectors import user_can_edit_listing, user_can_publish_listing

# Fields a caller may set through create/update. Anything else is ignored.
EDITABLE_FIELDS = (
    "language",
    "title",
    "invention_title",
    "summary",
    "overview",
    "purpose",
    "effect",
    "applicable_products",
    "advantages",
    "claims",
    "inventors",
    "technical_field_1",
    "technical_field_2",
    "technical_field_3",
    "function_1",
    "function_2",
    "function_3",
    "implementation_record",
    "licensing_record",
    "development_stage",
    "trl",
    "offers_assignment",
    "offers_license",
    "license_types",
    "desired_terms",
    "technical_support",
    "samples_available",
    "region",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_note",
    "disclosure_tier",
    "source",
    "source_id",
    "source_registered_on",
    "source_updated_on",
)
# A change to any of these changes what matching and search see.
CONTENT_FIELDS = frozenset(EDITABLE_FIELDS) - {
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_note",
    "source_registered_on",
    "source_updated_on",
}
RIGHT_FIELDS = (
    "country",
    "application_number",
    "filing_date",
    "publication_number",
    "publication_date",
    "registration_number",
    "status",
    "expiry_date",
    "applicants",
    "owners",
    "co_owned",
)


def _queue_followups(listing_ids: Sequence[int]) -> None:
    """Queue what must follow a change, once the transaction commits.

    The listings are already marked ``index_dirty``; a task that fails or is
    lost leaves them dirty for the sweeper, so nothing here can fail a write.
    """
    # Search index sync and incremental matching hook in here (one line each).
    from search.services import search_queue_index  # lazy: search reads listings

    search_queue_index(listing_ids=listing_ids)
    from matching.services import matching_queue_listings  # lazy: reads listings

    matching_queue_listings(listing_ids=listing_ids)


def _clean_license_types(values: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(v for v in values if v))
    unknown = [v for v in values if v not in LicenseType.values]
    if unknown:
        raise ValidationError(
            {
                "license_types": _("Unknown license type: %(value)s")
                % {"value": ", ".join(unknown)}
            }
        )
    return values


def normalize_ipc_list(codes: Iterable[str]) -> list[str]:
    """Canonical, de-duplicated IPC symbols; ValidationError names the bad one."""
    result: list[str] = []
    for raw in codes:
        if not (raw or "").strip():
            continue
        try:
            code = normalize_ipc(raw)
        except IPCError as exc:
            raise ValidationError(
                {"ipc_codes": _("Not an IPC symbol: %(value)s") % {"value": raw}}
            ) from exc
        if code not in result:
            result.append(code)
    return result


def build_right(data: dict) -> PatentRight:
    """An unsaved PatentRight with normalised numbers; ValidationError on bad input."""
    right = PatentRight(**{k: v for k, v in data.items() if k in RIGHT_FIELDS})
    errors = {}
    for field, kind in (
        ("application_number", APPLICATION),
        ("publication_number", PUBLICATION),
        ("registration_number", REGISTRATION),
    ):
        raw = (getattr(right, field) or "").strip()
        setattr(right, field, raw)
        if not raw:
            setattr(right, f"{field}_norm", "")
            continue
        try:
            number = normalize_patent_number(raw, kind)
        except PatentNumberError:
            errors[field] = _("Not a patent number: %(value)s") % {"value": raw}
            continue
        setattr(right, f"{field}_norm", number.key)
        if not data.get("country"):
            right.country = number.country
    if errors:
        raise ValidationError(errors)
    if right.registration_number and right.status == RightStatus.PENDING:
        right.status = RightStatus.GRANTED
    return right


def _apply_fields(listing: Listing, data: dict) -> set[str]:
    changed = set()
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "license_types":
            value = _clean_license_types(value or [])
        if value is None and field not in (
            "trl",
            "source_registered_on",
            "source_updated_on",
        ):
            value = ""
        if getattr(listing, field) != value:
            setattr(listing, field, value)
            changed.add(field)
    return changed


def _validate(listing: Listing) -> None:
    errors: dict[str, list[str]] = {}
    if listing.trl is not None and not 1 <= listing.trl <= 9:
        errors.setdefault("trl", []).append(_("TRL must be between 1 and 9."))
    try:
        listing.full_clean(exclude=["owner", "created_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _set_ipc(listing: Listing, codes: list[str]) -> bool:
    current = list(listing.ipc_entries.values_list("code", flat=True))
    if current == codes:
        return False
    listing.ipc_entries.all().delete()
    ListingIPC.objects.bulk_create(
        ListingIPC(listing=listing, position=i, code=code, **ipc_parts(code))
        for i, code in enumerate(codes)
    )
    return True


def _set_rights(listing: Listing, rights: list[PatentRight]) -> bool:
    def signature(r: PatentRight) -> tuple:
        return tuple(getattr(r, f) for f in RIGHT_FIELDS)

    current = [signature(r) for r in listing.rights.order_by("id")]
    if current == [signature(r) for r in rights]:
        return False
    listing.rights.all().delete()
    for right in rights:
        right.pk = None
        right.listing = listing
    PatentRight.objects.bulk_create(rights)
    return True


def _require_edit(listing: Listing, by) -> None:
    if not user_can_edit_listing(user=by, listing=listing):
        raise PermissionDenied(_("You may not change this listing."))


@transaction.atomic
def listing_create(
    *,
    owner,
    by,
    data: dict,
    ipc_codes: Iterable[str] = (),
    rights: Iterable[dict] = (),
) -> Listing:
    """Create a draft listing for ``owner``.

    Raises PermissionDenied unless ``by`` is owner/staff of ``owner`` or an
    admin, and ValidationError (field -> messages) for bad input; nothing is
    written then.
    """
    listing = Listing(owner=owner, created_by=by if getattr(by, "pk", None) else None)
    _require_edit(listing, by)
    _apply_fields(listing, data)
    codes = normalize_ipc_list(ipc_codes)
    built = [build_right(r) for r in rights]
    _validate(listing)
    now = timezone.now()
    listing.created_at = listing.updated_at = listing.content_changed_at = now
    listing.index_dirty = True
    listing.save()
    _set_ipc(listing, codes)
    _set_rights(listing, built)
    audit_record(actor=by, action="listing.create", target=listing, organization=owner)
    _queue_followups([listing.pk])
    return listing


@transaction.atomic
def listing_update(
    *,
    listing: Listing,
    by,
    data: dict,
    ipc_codes: Iterable[str] | None = None,
    rights: Iterable[dict] | None = None,
) -> Listing:
    """Change a listing's fields (and, when given, its IPC symbols and rights).

    Only listings in an editable status (draft, pending review, published,
    withdrawn) change; ValidationError otherwise. A content change bumps
    ``content_changed_at`` so matching reconsiders the listing.
    """
    _require_edit(listing, by)
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("A listing in status “%(status)s” can no longer be edited.")
            % {"status": listing.get_status_display()}
        )
    changed = _apply_fields(listing, data)
    codes = normalize_ipc_list(ipc_codes) if ipc_codes is not None else None
    built = [build_right(r) for r in rights] if rights is not None else None
    _validate(listing)
    ipc_changed = codes is not None and _set_ipc(listing, codes)
    rights_changed = built is not None and _set_rights(listing, built)
    if not (changed or ipc_changed or rights_changed):
        return listing
    now = timezone.now()
    listing.updated_at = now
    if (changed & CONTENT_FIELDS) or ipc_changed or rights_changed:
        listing.content_changed_at = now
    listing.index_dirty = True
    listing.save()
    audit_record(
        actor=by,
        action="listing.update",
        target=listing,
        organization=listing.owner,
        data={
            "fields": sorted(changed),
            "ipc": bool(ipc_changed),
            "rights": bool(rights_changed),
        },
    )
    _queue_followups([listing.pk])
    return listing


def _check_publishable(listing: Listing) -> None:
    errors: dict[str, str] = {}
    if not (listing.summary or listing.overview):
        errors["overview"] = _("Add a one-line summary or a technical overview.")
    if not (listing.offers_license or listing.offers_assignment):
        errors["offers_license"] = _("Offer a license, an assignment or both.")
    if listing.offers_license and not listing.license_types:
        errors["license_types"] = _("Choose at least one license type.")
    if errors:
        raise ValidationError(errors)


def _transition(
    listing: Listing, to: str, *, by, reason: str = "", action: str
) -> Listing:
    locked = Listing.objects.select_for_update().get(pk=listing.pk)
    if to not in LISTING_TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("A listing cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": locked.get_status_display(),
                "to": ListingStatus(to).label,
            },
            code="invalid_transition",
        )
    from_state = locked.status
    now = timezone.now()
    locked.status = to
    locked.status_changed_at = now
    locked.updated_at = now
    locked.index_dirty = True
    if to == ListingStatus.PUBLISHED and locked.published_at is None:
        locked.published_at = now
    locked.save(
        update_fields=[
            "status",
            "status_changed_at",
            "updated_at",
            "index_dirty",
            "published_at",
        ]
    )
    audit_record(
        actor=by,
        action=action,
        target=locked,
        organization=locked.owner,
        from_state=from_state,
        to_state=to,
        reason=reason,
    )
    _queue_followups([locked.pk])
    return locked


@transaction.atomic
def listing_submit(*, listing: Listing, by) -> Listing:
    """Publish the listing, or send it to admin review.

    Publishes directly when ``by`` is an admin or the owner organisation may
    publish without review; otherwise the listing waits in pending_review.
    Raises PermissionDenied for an unverified organisation, ValidationError
    when required fields are missing or the status does not allow it.
    """
    if not user_can_publish_listing(user=by, listing=listing):
        raise PermissionDenied(
            _("Only staff of a verified organisation can publish listings.")
        )
    _check_publishable(listing)
    direct = user_is_platform_admin(by) or listing.owner.can_publish_directly
    to = ListingStatus.PUBLISHED if direct else ListingStatus.PENDING_REVIEW
    if listing.status == ListingStatus.PENDING_REVIEW and not direct:
        raise ValidationError(_("This listing is already waiting for review."))
    return _transition(listing, to, by=by, action="listing.submit")


@transaction.atomic
def listing_approve(*, listing: Listing, by) -> Listing:
    """Admin: publish a listing waiting for review."""
    if not user_is_platform_admin(by):
        raise PermissionDenied(_("Only admins review listings."))
    if listing.status != ListingStatus.PENDING_REVIEW:
        raise ValidationError(_("Only listings waiting for review can be approved."))
    _check_publishable(listing)
    return _transition(
        listing, ListingStatus.PUBLISHED, by=by, action="listing.approve"
    )


@transaction.atomic
def listing_return_to_draft(*, listing: Listing, by, reason: str) -> Listing:
    """Admin: send a listing waiting for review back to its owner with a reason."""
    if not user_is_platform_admin(by):
        raise PermissionDenied(_("Only admins review listings."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what the owner should change.")})
    return _transition(
        listing, ListingStatus.DRAFT, by=by, reason=reason, action="listing.return"
    )


@transaction.atomic
def listing_withdraw(*, listing: Listing, by, reason: str = "") -> Listing:
    """Take a published listing off the market (it stays visible to its owner)."""
    _require_edit(listing, by)
    return _transition(
        listing,
        ListingStatus.WITHDRAWN,
        by=by,
        reason=reason,
        action="listing.withdraw",
    )


@transaction.atomic
def listing_reopen(*, listing: Listing, by) -> Listing:
    """Turn a withdrawn listing back into a draft so it can be edited and published."""
    _require_edit(listing, by)
    return _transition(listing, ListingStatus.DRAFT, by=by, action="listing.reopen")


@transaction.atomic
def listing_mark_licensed(
    *, listing: Listing, by, exclusive: bool, reason: str = ""
) -> Listing:
    """Record a license deal.

    An exclusive license takes the listing off the market
    (licensed_exclusive); a non-exclusive one keeps it published and sets the
    licensing track record (許諾実績) to yes.
    """
    _require_edit(listing, by)
    if exclusive:
        listing = _transition(
            listing,
            ListingStatus.LICENSED_EXCLUSIVE,
            by=by,
            reason=reason,
            action="listing.licensed_exclusive",
        )
    elif listing.status != ListingStatus.PUBLISHED:
        raise ValidationError(_("Only a published listing can be licensed."))
    Listing.objects.filter(pk=listing.pk).update(
        licensing_record="yes", index_dirty=True, updated_at=timezone.now()
    )
    if not exclusive:
        audit_record(
            actor=by,
            action="listing.licensed_non_exclusive",
            target=listing,
            organization=listing.owner,
            reason=reason,
        )
        _queue_followups([listing.pk])
    listing.refresh_from_db()
    return listing


@transaction.atomic
def listing_mark_assigned(*, listing: Listing, by, reason: str = "") -> Listing:
    """Record that the rights were assigned (譲渡): the listing leaves the market."""
    _require_edit(listing, by)
    return _transition(
        listing, ListingStatus.ASSIGNED, by=by, reason=reason, action="listing.assigned"
    )


@transaction.atomic
def listing_archive(*, listing: Listing, by) -> Listing:
    """Archive a listing that is no longer on offer."""
    _require_edit(listing, by)
    return _transition(listing, ListingStatus.ARCHIVED, by=by, action="listing.archive")


def listing_expire_lapsed(*, today: date | None = None) -> int:
    """Expire published listings whose every right has lapsed; return how many.

    A right has lapsed when its status says so or its expiry date has passed.
    Listings without rights never expire. Safe to run twice.
    """
    today = today or timezone.localdate()
    expired = 0
    candidates = (
        Listing.objects.filter(status=ListingStatus.PUBLISHED, rights__isnull=False)
        .distinct()
        .prefetch_related("rights")
    )
    for listing in candidates.iterator(chunk_size=500):
        rights = list(listing.rights.all())
        if rights and all(right.is_lapsed(today) for right in rights):
            with transaction.atomic():
                _transition(
                    listing,
                    ListingStatus.EXPIRED,
                    by=None,
                    reason="all rights lapsed",
                    action="listing.expire",
                )
            expired += 1
    return expired


def listing_record_view(*, listing: Listing) -> None:
    """Count one page view (an atomic increment, no lock)."""
    Listing.objects.filter(pk=listing.pk).update(view_count=F("view_count") + 1)
