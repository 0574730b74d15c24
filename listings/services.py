"""Writes for listings: create, edit, the status workflow, expiry.

Every change goes through here: permission check, row lock where
check-then-act matters, ``full_clean()``, save, audit event, follow-up tasks
queued on commit (search index, matching).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
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
from .models import Listing, ListingIPC, PatentRight, StrategicField
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
from .selectors import (
    strategic_field_ruleset,
    user_can_edit_listing,
    user_can_publish_listing,
)
from .strategic_fields import (
    GROWTH_STRATEGY_2025,
    RuleSet,
    match_strategic_fields,
    normalize_rule_prefix,
)

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
    listing_tag_strategic_fields(listing=listing)
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
    if (changed & STRATEGIC_INPUTS) or ipc_changed:
        listing_tag_strategic_fields(listing=listing)
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


# --- strategic fields -----------------------------------------------------------

# The listing text the keyword rules read (not the claims: legal wording).
STRATEGIC_TEXT_FIELDS = (
    "title",
    "invention_title",
    "summary",
    "overview",
    "purpose",
    "effect",
    "applicable_products",
    "technical_field_1",
    "technical_field_2",
    "technical_field_3",
)
STRATEGIC_INPUTS = frozenset(STRATEGIC_TEXT_FIELDS)
RETAG_CHUNK = 1000
# Rule fields of StrategicField: a change to any of them queues a re-tag.
STRATEGIC_RULE_FIELDS = ("ipc_prefixes", "keywords", "is_active")


def _strategic_text(values: dict) -> str:
    return "\n".join(str(values.get(f) or "") for f in STRATEGIC_TEXT_FIELDS)


def _replace_tags(
    through,
    owner_column: str,
    wanted: dict[int, set[int]],
    *,
    field_ids: set[int] | None,
) -> list[int]:
    """Make the through rows of ``wanted``'s owners equal ``wanted`` (within
    ``field_ids`` when given); return the owners whose tags changed."""
    owner_ids = list(wanted)
    current: dict[int, set[int]] = {pk: set() for pk in owner_ids}
    rows = through.objects.filter(**{f"{owner_column}__in": owner_ids})
    if field_ids is not None:
        rows = rows.filter(strategicfield_id__in=field_ids)
    for owner_id, field_id in rows.values_list(owner_column, "strategicfield_id"):
        current[owner_id].add(field_id)
    to_add, removed, changed = [], [], []
    for owner_id, fields in wanted.items():
        have = current[owner_id]
        if fields == have:
            continue
        changed.append(owner_id)
        to_add.extend(
            through(**{owner_column: owner_id, "strategicfield_id": f})
            for f in fields - have
        )
        removed.extend((owner_id, f) for f in have - fields)
    if removed:
        by_field: dict[int, list[int]] = {}
        for owner_id, field_id in removed:
            by_field.setdefault(field_id, []).append(owner_id)
        for field_id, owners in by_field.items():
            through.objects.filter(
                strategicfield_id=field_id, **{f"{owner_column}__in": owners}
            ).delete()
    through.objects.bulk_create(to_add, batch_size=RETAG_CHUNK)
    return changed


def listing_tag_strategic_fields_bulk(
    *,
    listing_ids: Sequence[int],
    field_ids: Iterable[int] | None = None,
    rules: RuleSet | None = None,
) -> list[int]:
    """Tag listings with the strategic fields their IPC symbols and text match.

    One pass: two queries to read the chunk, one to read its tags, then bulk
    writes; ``field_ids`` limits the work to those fields (the others' tags
    stay as they are). Returns the ids whose tags changed; the caller decides
    about reindexing. Idempotent.
    """
    scope = set(field_ids) if field_ids is not None else None
    if rules is None:
        rules = strategic_field_ruleset(field_ids=scope)
    through = Listing.strategic_fields.through
    changed: list[int] = []
    ids = sorted({int(i) for i in listing_ids})
    for start in range(0, len(ids), RETAG_CHUNK):
        chunk = ids[start : start + RETAG_CHUNK]
        codes: dict[int, list[str]] = {pk: [] for pk in chunk}
        for listing_id, code in ListingIPC.objects.filter(
            listing_id__in=chunk
        ).values_list("listing_id", "code"):
            codes[listing_id].append(code)
        wanted: dict[int, set[int]] = {}
        for values in Listing.objects.filter(pk__in=chunk).values(
            "pk", *STRATEGIC_TEXT_FIELDS
        ):
            wanted[values["pk"]] = match_strategic_fields(
                rules, ipc_codes=codes[values["pk"]], text=_strategic_text(values)
            )
        changed += _replace_tags(through, "listing_id", wanted, field_ids=scope)
    return changed


def listing_tag_strategic_fields(*, listing: Listing) -> bool:
    """Tag one listing with its strategic fields; True when its tags changed.

    Called by create, update and import; the caller has marked the listing
    dirty and queues the reindex.
    """
    return bool(listing_tag_strategic_fields_bulk(listing_ids=[listing.pk]))


def strategic_fields_retag(
    *,
    field_ids: Iterable[int] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Re-tag every listing and need, e.g. after a rule change.

    ``field_ids`` limits it to those fields (an inactive or deleted field's
    tags are removed). Listings whose tags changed are marked index-dirty and
    queued for reindexing on commit. ``progress(kind, done, total)`` is
    called after each chunk. Idempotent; returns counts.
    """
    from matching.services import (
        need_tag_strategic_fields_bulk,
    )  # lazy: matching reads listings

    scope = set(field_ids) if field_ids is not None else None
    rules = strategic_field_ruleset(field_ids=scope)
    listing_ids = list(Listing.objects.order_by("pk").values_list("pk", flat=True))
    changed: list[int] = []
    for start in range(0, len(listing_ids), RETAG_CHUNK):
        chunk = listing_ids[start : start + RETAG_CHUNK]
        with transaction.atomic():
            hit = listing_tag_strategic_fields_bulk(
                listing_ids=chunk, field_ids=scope, rules=rules
            )
            if hit:
                Listing.objects.filter(pk__in=hit).update(index_dirty=True)
                for i in range(0, len(hit), 500):
                    _queue_index(hit[i : i + 500])
        changed += hit
        if progress:
            progress(
                "listings", min(start + RETAG_CHUNK, len(listing_ids)), len(listing_ids)
            )
    if progress and not listing_ids:
        progress("listings", 0, 0)
    needs = need_tag_strategic_fields_bulk(
        need_ids=None, field_ids=scope, rules=rules, progress=progress
    )
    if changed or needs["needs_changed"]:
        # The strategic-field axis of the IP landscape moved: rebuild it once.
        from search.landscape import landscape_queue_refresh  # lazy: search reads us

        landscape_queue_refresh()
    return {
        "listings": len(listing_ids),
        "listings_changed": len(changed),
        "needs": needs["needs"],
        "needs_changed": needs["needs_changed"],
    }


def _queue_index(listing_ids: Sequence[int]) -> None:
    from search.services import search_queue_index  # lazy: search reads listings

    search_queue_index(listing_ids=listing_ids)


def strategic_field_queue_retag(*, field_ids: Iterable[int] | None = None) -> None:
    """Queue a background re-tag (of ``field_ids`` or all) once the transaction commits."""
    from config.tasks import enqueue

    from .tasks import strategic_fields_retag as task

    ids = sorted({int(i) for i in field_ids}) if field_ids is not None else None
    enqueue(task, field_ids=ids)


@transaction.atomic
def strategic_field_save(
    *, field: StrategicField, by, changed: Iterable[str] = ()
) -> StrategicField:
    """Validate and save a field edited by an operator; queue a re-tag when its
    rules (IPC prefixes, keywords, active flag) changed.

    Prefixes are stored canonical (``G06F 21`` → ``G06F 21/00``); a bad one
    raises ValidationError naming it.
    """
    if not user_is_platform_admin(by):
        raise PermissionDenied(_("Only platform admins may change strategic fields."))
    field.ipc_prefixes = strategic_field_clean_prefixes(field.ipc_prefixes)
    field.keywords = list(
        dict.fromkeys(k.strip() for k in field.keywords or [] if k and k.strip())
    )
    rules_changed = field.pk is None or bool(set(changed) & set(STRATEGIC_RULE_FIELDS))
    if rules_changed:
        field.rules_changed_at = timezone.now()
    field.full_clean()
    field.save()
    audit_record(
        actor=by,
        action="strategic_field.save",
        target=field,
        data={"fields": sorted(changed), "rules_changed": rules_changed},
    )
    if rules_changed:
        strategic_field_queue_retag(field_ids=[field.pk])
    return field


def strategic_field_clean_prefixes(values) -> list[str]:
    """Canonical, de-duplicated IPC prefixes; ValidationError names every bad one."""
    if isinstance(values, str):
        values = [v for v in re.split(r"[,;\n]", values)]
    if not isinstance(values, list):
        raise ValidationError(
            {"ipc_prefixes": _("Give the IPC prefixes as a list of symbols.")}
        )
    result: list[str] = []
    bad: list[str] = []
    for raw in values:
        if not isinstance(raw, str):
            bad.append(str(raw))
            continue
        if not raw.strip():
            continue
        try:
            code = normalize_rule_prefix(raw)
        except IPCError:
            bad.append(raw)
            continue
        if code not in result:
            result.append(code)
    if bad:
        raise ValidationError(
            {
                "ipc_prefixes": _(
                    "Not an IPC prefix: %(values)s. Use a section (G), class "
                    "(G06), subclass (G06N), main group (G06N 10) or subgroup "
                    "(H04B 10/70)."
                )
                % {"values": ", ".join(bad)}
            }
        )
    return result


def strategic_field_load_defaults(*, reset: bool = False) -> dict[str, list[str]]:
    """Create the growth strategy's 17 fields that are missing (by slug).

    Existing fields are left as an operator edited them unless ``reset``:
    then names, description, rules, position and the active flag are set
    back to the seed. Returns the slugs created, reset and kept. Re-tagging
    is the caller's business (the command does it).
    """
    out: dict[str, list[str]] = {"created": [], "reset": [], "kept": []}
    now = timezone.now()
    for position, seed in enumerate(GROWTH_STRATEGY_2025, start=1):
        values = {
            "name_ja": seed["name_ja"],
            "name_en": seed["name_en"],
            "description": seed["description"],
            "ipc_prefixes": [normalize_rule_prefix(p) for p in seed["ipc_prefixes"]],
            "keywords": list(seed["keywords"]),
            "position": position * 10,
            "is_active": True,
        }
        field = StrategicField.objects.filter(slug=seed["slug"]).first()
        if field is None:
            StrategicField.objects.create(
                slug=seed["slug"], rules_changed_at=now, **values
            )
            out["created"].append(seed["slug"])
        elif reset:
            differs = any(getattr(field, k) != v for k, v in values.items())
            if differs:
                for key, value in values.items():
                    setattr(field, key, value)
                field.rules_changed_at = now
                field.save()
                out["reset"].append(seed["slug"])
            else:
                out["kept"].append(seed["slug"])
        else:
            out["kept"].append(seed["slug"])
    return out


@transaction.atomic
def strategic_field_delete(*, field: StrategicField, by) -> int:
    """Delete a field; its listings are marked index-dirty and queued for
    reindexing (their facet loses the value). Returns how many listings."""
    if not user_is_platform_admin(by):
        raise PermissionDenied(_("Only platform admins may change strategic fields."))
    listing_ids = list(field.listings.values_list("pk", flat=True))
    audit_record(
        actor=by,
        action="strategic_field.delete",
        target=field,
        data={"slug": field.slug, "listings": len(listing_ids)},
    )
    field.delete()
    if listing_ids:
        Listing.objects.filter(pk__in=listing_ids).update(index_dirty=True)
        for i in range(0, len(listing_ids), 500):
            _queue_index(listing_ids[i : i + 500])
    return len(listing_ids)
