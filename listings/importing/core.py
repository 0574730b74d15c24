"""Import many listings at once: parse and check every row, then write in bulk.

The per-row services are too slow for files of tens of thousands of rows,
so this module applies the same rules (listings.services: field checks,
license types, IPC, patent rights, the publish check) to a whole batch:

1. parse and validate every row (nothing touches the database);
2. find the listings the rows already have, in a few queries: same owner and
   source id, else any normalised patent number of the same kind
   (``listing_find_existing`` semantics);
3. in one transaction, bulk-create and bulk-update listings, IPC symbols and
   rights, mark them ``index_dirty``, record one audit event and queue the
   follow-ups once.

By default one bad row means nothing is written; ``skip_invalid`` writes the
good rows and reports the rest.
"""

from __future__ import annotations

import functools
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import (
    WRITE_ROLES,
    organization_is_verified,
    user_has_role,
    user_is_platform_admin,
)
from accounts.services import audit_record

from .. import services
from ..constants import EDITABLE_STATUSES, ListingStatus, RightStatus
from ..models import Listing, ListingIPC, PatentRight
from ..numbers import APPLICATION, PUBLICATION, REGISTRATION, ipc_parts
from .formats import FORMATS, JSONL, PARSERS, ParsedRow, RowError
from .source import ImportFileError, check_size, decode, read_bytes

logger = logging.getLogger(__name__)

CHUNK = 500
MAX_REPORTED_ERRORS = 1000
_NUMBER_FIELDS = {
    APPLICATION: "application_number",
    PUBLICATION: "publication_number",
    REGISTRATION: "registration_number",
}
# Text fields of a right that an import fills in when the row has them.
_RIGHT_MERGE_FIELDS = (
    "country",
    "application_number",
    "application_number_norm",
    "filing_date",
    "publication_number",
    "publication_number_norm",
    "publication_date",
    "registration_number",
    "registration_number_norm",
    "status",
    "expiry_date",
    "applicants",
    "owners",
    "co_owned",
)

Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    format: str
    dry_run: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejected: int = 0
    published: int = 0
    pending_review: int = 0
    written: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    listing_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def error_dicts(self, limit: int = MAX_REPORTED_ERRORS) -> list[dict]:
        return [e.as_dict() for e in self.errors[:limit]]


@dataclass
class _Planned:
    row: ParsedRow
    listing: Listing
    right: PatentRight | None
    existing: bool = False
    changed_fields: set[str] = field(default_factory=set)
    ipc_changed: bool = False
    rights_to_create: list[PatentRight] = field(default_factory=list)
    rights_to_update: list[PatentRight] = field(default_factory=list)
    new_status: str | None = None

    @property
    def changed(self) -> bool:
        return bool(
            not self.existing
            or self.changed_fields
            or self.ipc_changed
            or self.rights_to_create
            or self.rights_to_update
            or self.new_status
        )


def _row_numbers(right: PatentRight | None) -> dict[str, str]:
    if right is None:
        return {}
    return {
        kind: getattr(right, f"{name}_norm")
        for kind, name in _NUMBER_FIELDS.items()
        if getattr(right, f"{name}_norm")
    }


def _map_validation_error(row: ParsedRow, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            for message in messages:
                row.error(row.column_of(name), message)
    else:
        for message in exc.messages:
            row.error("", message)


@functools.cache
def _right_max_lengths() -> tuple[tuple[str, int], ...]:
    return tuple(
        (f.name, f.max_length)
        for f in PatentRight._meta.concrete_fields
        if getattr(f, "max_length", None) and f.name != "listing"
    )


def _build_right(row: ParsedRow) -> PatentRight | None:
    """The row's right with normalised numbers, via services.build_right."""
    if not row.right:
        return None
    data = dict(row.right)
    # Numbers listings.numbers cannot read but the format understood
    # (US design/reissue grants…) are set after build_right, keys included.
    overrides = {name: data.pop(name) for name in row.number_keys if name in data}
    try:
        right = services.build_right(data)
    except ValidationError as exc:
        _map_validation_error(row, exc)
        return None
    for name, raw in overrides.items():
        setattr(right, name, raw)
        setattr(right, f"{name}_norm", row.number_keys[name])
    if right.registration_number and right.status == RightStatus.PENDING:
        right.status = RightStatus.GRANTED
    # build_right and the parsers produced typed values and valid choices;
    # what is left to check is each text's model max_length.
    for name, limit in _right_max_lengths():
        value = getattr(right, name)
        if value and len(value) > limit:
            row.error(
                row.column_of(name),
                _("Ensure this value has at most %(limit)s characters (it has %(n)s).")
                % {"limit": limit, "n": len(value)},
            )
    return None if row.errors else right


@functools.lru_cache(maxsize=256)
def _clean_license_types_cached(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(services._clean_license_types(values))


def _clean_license_types(values) -> list[str]:
    """services' rule, cached: most rows of a file carry the same few values."""
    return list(_clean_license_types_cached(tuple(values)))


def _validate_row(row: ParsedRow) -> tuple[Listing | None, PatentRight | None]:
    """Check a parsed row with the services' rules; errors go on the row."""
    fields = dict(row.defaults)
    fields.update(row.fields)
    fields["source"] = row.source
    fields["source_id"] = row.source_id
    listing = Listing()
    try:
        if "license_types" in fields:
            fields["license_types"] = _clean_license_types(fields["license_types"])
        for name, value in fields.items():
            setattr(listing, name, value)
        services._validate(listing)
    except ValidationError as exc:
        _map_validation_error(row, exc)
    right = _build_right(row)
    if row.errors:
        return None, None
    return listing, right


def _parse(
    fmt: str, text: str, report: ImportReport, progress: Progress | None
) -> list[tuple[ParsedRow, Listing | None, PatentRight | None]]:
    rows = []
    # An estimate for the progress bar (a CSV cell may span lines).
    estimate = sum(1 for line in text.split("\n") if line.strip())
    if fmt != JSONL:
        estimate -= 1
    if progress:
        progress(0, estimate, "parsing")
    for row in PARSERS[fmt](text):
        listing, right = (None, None) if row.errors else _validate_row(row)
        rows.append([row, listing, right])
        if progress and len(rows) % CHUNK == 0:
            progress(len(rows), max(estimate, len(rows)), "parsing")
    report.total = len(rows)
    return rows


def _merge_rows(target: ParsedRow, other: ParsedRow) -> None:
    """Fold ``other`` into ``target``: the earlier row wins, blanks are filled."""
    for bucket in ("fields", "defaults"):
        mine = getattr(target, bucket)
        for name, value in getattr(other, bucket).items():
            if mine.get(name) in (None, "", []):
                mine[name] = value
    if other.ipc:
        target.ipc = list(dict.fromkeys((target.ipc or []) + other.ipc))
    if other.right:
        right = target.right if target.right is not None else {}
        for name, value in other.right.items():
            if right.get(name) in (None, "") or (name == "co_owned" and value):
                right[name] = value
                if name in other.number_keys:
                    target.number_keys[name] = other.number_keys[name]
        target.right = right
    for name, value in other.columns.items():
        target.columns.setdefault(name, value)


def _dedupe(rows: list[list]) -> int:
    """Reject repeated source ids; merge rows that name the same patent.

    A later row with the source id of an earlier one is a duplicate (an
    error). A later row with another source id but a patent number of the
    same kind as an earlier row describes the same patent: it is folded into
    the earlier row (one listing, as a re-import would do) and reported as a
    warning. Returns how many rows were merged.
    """
    seen: dict[tuple, list] = {}
    merged = 0
    for entry in rows:
        row, _listing, right = entry
        if row.errors:
            # A rejected row still claims its id: a later copy is a duplicate.
            if row.source_id:
                seen.setdefault(("id", row.source_id), entry)
            continue
        if row.source_id and ("id", row.source_id) in seen:
            first = seen[("id", row.source_id)][0]
            row.error(
                row.column_of("source_id"),
                _("Duplicate of line %(line)s (%(value)s).")
                % {"line": first.line, "value": row.source_id},
            )
            continue
        number_keys = list(_row_numbers(right).items())
        target = next((seen[k] for k in number_keys if k in seen), None)
        if target is None:
            if row.source_id:
                seen[("id", row.source_id)] = entry
            for key in number_keys:
                seen[key] = entry
            continue
        first = target[0]
        _merge_rows(first, row)
        target[1], target[2] = _validate_row(first)
        row.merged_into = first.line
        row.warn(
            row.column_of(_NUMBER_FIELDS[number_keys[0][0]]),
            _("Same patent as line %(line)s: merged into that listing.")
            % {"line": first.line},
        )
        merged += 1
        for key in _row_numbers(target[2]).items():
            seen.setdefault(key, target)
        if first.errors:
            target[1] = target[2] = None
    return merged


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _find_existing(owner, valid: list[tuple[ParsedRow, Listing, PatentRight | None]]):
    """Map each row's line to the id of the owner's listing it updates, if any."""
    by_source: dict[tuple[str, str], int] = {}
    wanted: dict[str, set[str]] = defaultdict(set)
    for row, _listing, _right in valid:
        if row.source_id:
            wanted[row.source].add(row.source_id)
    for source, ids in wanted.items():
        for chunk in _chunks(sorted(ids)):
            for pk, source_id in (
                Listing.objects.filter(owner=owner, source=source, source_id__in=chunk)
                .order_by("-id")
                .values_list("id", "source_id")
            ):
                # Ordered by -id: the lowest id wins, as in listing_find_existing.
                by_source[(source, source_id)] = pk
    by_number: dict[tuple[str, str], int] = {}
    keys: dict[str, set[str]] = defaultdict(set)
    for _row, _listing, right in valid:
        for kind, key in _row_numbers(right).items():
            keys[kind].add(key)
    for kind, values in keys.items():
        column = f"{_NUMBER_FIELDS[kind]}_norm"
        for chunk in _chunks(sorted(values)):
            for listing_id, key in (
                PatentRight.objects.filter(
                    listing__owner=owner, **{f"{column}__in": chunk}
                )
                .order_by("-listing_id")
                .values_list("listing_id", column)
            ):
                by_number[(kind, key)] = listing_id
    found: dict[int, int] = {}
    for row, _listing, right in valid:
        pk = by_source.get((row.source, row.source_id)) if row.source_id else None
        if pk is None:
            candidates = [
                by_number[(kind, key)]
                for kind, key in _row_numbers(right).items()
                if (kind, key) in by_number
            ]
            pk = min(candidates) if candidates else None
        if pk is not None:
            found[row.line] = pk
    return found


def _merge_right(existing: list[PatentRight], new: PatentRight) -> tuple[str, object]:
    """('create', right) or ('update', right) or ('same', None)."""
    new_keys = set(_row_numbers(new).items())
    for right in existing:
        if new_keys & set(_row_numbers(right).items()):
            changed = False
            for name in _RIGHT_MERGE_FIELDS:
                value = getattr(new, name)
                if name == "co_owned":
                    if new.co_owned and not right.co_owned:
                        right.co_owned, changed = True, True
                    continue
                if value in ("", None) or getattr(right, name) == value:
                    continue
                if name == "status" and value == RightStatus.PENDING:
                    # A row without a registration number says nothing about
                    # a grant recorded earlier.
                    continue
                setattr(right, name, value)
                changed = True
            return ("update", right) if changed else ("same", None)
    return "create", new


def _plan(owner, valid, found, *, publish: bool, by) -> list[_Planned]:
    existing_ids = sorted(set(found.values()))
    listings: dict[int, Listing] = {}
    ipc: dict[int, list[str]] = defaultdict(list)
    rights: dict[int, list[PatentRight]] = defaultdict(list)
    for chunk in _chunks(existing_ids):
        listings.update(Listing.objects.in_bulk(chunk))
        for listing_id, code in (
            ListingIPC.objects.filter(listing_id__in=chunk)
            .order_by("listing_id", "position")
            .values_list("listing_id", "code")
        ):
            ipc[listing_id].append(code)
        for right in PatentRight.objects.filter(listing_id__in=chunk).order_by("id"):
            rights[right.listing_id].append(right)
    direct = user_is_platform_admin(by) or owner.can_publish_directly
    publish_to = ListingStatus.PUBLISHED if direct else ListingStatus.PENDING_REVIEW
    plans: list[_Planned] = []
    claimed: dict[int, int] = {}
    for row, fresh, right in valid:
        pk = found.get(row.line)
        if pk is None:
            listing = fresh
            listing.owner = owner
            listing.created_by = by if getattr(by, "pk", None) else None
            plan = _Planned(row=row, listing=listing, right=right)
            if right is not None:
                plan.rights_to_create.append(right)
        else:
            if pk in claimed:
                row.error(
                    "",
                    _(
                        "This is the same listing as line %(line)s "
                        "(same source id or patent number)."
                    )
                    % {"line": claimed[pk]},
                )
                continue
            claimed[pk] = row.line
            listing = listings[pk]
            if listing.status not in EDITABLE_STATUSES:
                row.error(
                    "",
                    _("A listing in status “%(status)s” can no longer be edited.")
                    % {"status": listing.get_status_display()},
                )
                continue
            plan = _Planned(row=row, listing=listing, right=right, existing=True)
            values = dict(row.fields)
            for name, value in row.defaults.items():
                # Defaults fill blanks only; a yes/no the owner chose stays.
                current = getattr(listing, name)
                if not isinstance(current, bool) and not current:
                    values.setdefault(name, value)
            values["source"] = row.source
            values["source_id"] = row.source_id
            if "license_types" in values:
                values["license_types"] = list(fresh.license_types)
            for name, value in values.items():
                if getattr(listing, name) != value:
                    setattr(listing, name, value)
                    plan.changed_fields.add(name)
            if right is not None:
                action, merged = _merge_right(rights[pk], right)
                if action == "create":
                    plan.rights_to_create.append(merged)
                elif action == "update":
                    plan.rights_to_update.append(merged)
        if row.ipc is not None:
            current = ipc.get(listing.pk, []) if plan.existing else []
            plan.ipc_changed = row.ipc != current
        if publish and listing.status in (
            ListingStatus.DRAFT,
            ListingStatus.PENDING_REVIEW,
        ):
            try:
                services._check_publishable(listing)
            except ValidationError as exc:
                _map_validation_error(row, exc)
                continue
            if listing.status != publish_to:
                plan.new_status = publish_to
        plans.append(plan)
    return plans


def _write(plans: list[_Planned], *, now, progress: Progress | None, total: int):
    """Bulk-write the planned changes; return the ids of changed listings."""
    to_create = [p for p in plans if not p.existing]
    to_update = [p for p in plans if p.existing and p.changed]
    for plan in plans:
        if not plan.changed:
            continue
        listing = plan.listing
        if plan.new_status:
            listing.status = plan.new_status
            listing.status_changed_at = now
            if plan.new_status == ListingStatus.PUBLISHED and not listing.published_at:
                listing.published_at = now
        listing.updated_at = now
        if (
            not plan.existing
            or plan.changed_fields & services.CONTENT_FIELDS
            or plan.ipc_changed
            or plan.rights_to_create
            or plan.rights_to_update
        ):
            # What matching compares changed (publishing alone is not content).
            listing.content_changed_at = now
        listing.index_dirty = True
        if not plan.existing:
            listing.created_at = now
    done = 0
    for chunk in _chunks(to_create):
        Listing.objects.bulk_create([p.listing for p in chunk])
        done += len(chunk)
        if progress:
            progress(done, total, "writing")
    update_fields = {"updated_at", "content_changed_at", "index_dirty"}
    for plan in to_update:
        update_fields |= plan.changed_fields
        if plan.new_status:
            update_fields |= {"status", "status_changed_at", "published_at"}
    for chunk in _chunks(to_update):
        Listing.objects.bulk_update(
            [p.listing for p in chunk], sorted(update_fields), batch_size=CHUNK
        )
        done += len(chunk)
        if progress:
            progress(done, total, "writing")
    ipc_plans = [p for p in plans if p.ipc_changed]
    replaced = [p.listing.pk for p in ipc_plans if p.existing]
    for chunk in _chunks(replaced):
        ListingIPC.objects.filter(listing_id__in=chunk).delete()
    ListingIPC.objects.bulk_create(
        (
            ListingIPC(listing=p.listing, position=i, code=code, **ipc_parts(code))
            for p in ipc_plans
            for i, code in enumerate(p.row.ipc)
        ),
        batch_size=CHUNK,
    )
    new_rights = []
    for plan in plans:
        for right in plan.rights_to_create:
            right.listing = plan.listing
            new_rights.append(right)
    PatentRight.objects.bulk_create(new_rights, batch_size=CHUNK)
    updated_rights = [r for p in plans for r in p.rights_to_update]
    if updated_rights:
        PatentRight.objects.bulk_update(
            updated_rights,
            [f for f in _RIGHT_MERGE_FIELDS],
            batch_size=CHUNK,
        )
    return [p.listing.pk for p in plans if p.changed]


def _check_permission(*, owner, by, publish: bool) -> None:
    if by is not None and not (
        user_is_platform_admin(by)
        or user_has_role(user=by, organization=owner, roles=WRITE_ROLES)
    ):
        raise PermissionDenied(_("You may not import listings for this organisation."))
    if publish and not (
        user_is_platform_admin(by) or organization_is_verified(organization=owner)
    ):
        raise PermissionDenied(
            _(
                "%(org)s is not verified yet, so it cannot publish listings. "
                "Import without publishing, or ask an admin to verify it."
            )
            % {"org": owner}
        )


def listing_import(
    *,
    owner,
    by,
    fmt: str,
    path: str | os.PathLike | None = None,
    data: bytes | None = None,
    max_bytes: int,
    publish: bool = False,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    audit_target=None,
    file_name: str = "",
) -> ImportReport:
    """Import listings for ``owner`` from a file (``path``) or its bytes (``data``).

    Raises ImportFileError when the file as a whole is unusable (size,
    encoding, structure, missing column) and PermissionDenied when ``by`` may
    not import or publish for ``owner`` (``by=None`` is the operator running
    the management command). Row problems do not raise: they are in the
    report, and unless ``skip_invalid`` nothing is written when any row is
    rejected. A dry run checks everything and writes nothing. Writes happen
    in one transaction with one audit event; follow-ups are queued on commit.
    """
    if fmt not in FORMATS:
        raise ImportFileError(_("Unknown format: %(format)s") % {"format": fmt})
    _check_permission(owner=owner, by=by, publish=publish)
    if data is None:
        data = read_bytes(path, max_bytes=max_bytes)
        file_name = file_name or os.path.basename(str(path))
    else:
        check_size(len(data), max_bytes=max_bytes)
    text = decode(data, allow_cp932=fmt != JSONL)
    report = ImportReport(format=fmt, dry_run=dry_run)
    rows = _parse(fmt, text, report, progress)
    if not rows:
        raise ImportFileError(_("The file holds no rows to import."))
    report.merged = _dedupe(rows)
    valid = [
        (row, listing, right)
        for row, listing, right in rows
        if not row.errors and not row.merged_into
    ]
    with transaction.atomic():
        found = _find_existing(owner, valid)
        plans = _plan(owner, valid, found, publish=publish, by=by)
        for row, _listing, _right in rows:
            report.errors.extend(row.errors)
            report.warnings.extend(row.warnings)
        report.rejected = sum(1 for row, _l, _r in rows if row.errors)
        report.errors.sort(key=lambda e: e.line)
        report.created = sum(1 for p in plans if not p.existing)
        report.updated = sum(1 for p in plans if p.existing and p.changed)
        report.unchanged = sum(1 for p in plans if not p.changed)
        report.published = sum(
            1 for p in plans if p.new_status == ListingStatus.PUBLISHED
        )
        report.pending_review = sum(
            1 for p in plans if p.new_status == ListingStatus.PENDING_REVIEW
        )
        if progress:
            progress(len(rows), len(rows), "checked")
        if dry_run or (report.rejected and not skip_invalid) or not plans:
            return report
        now = timezone.now()
        changed = _write(plans, now=now, progress=progress, total=len(plans))
        # One bulk pass over the written listings (not a query per row/field).
        services.listing_tag_strategic_fields_bulk(
            listing_ids=[
                p.listing.pk
                for p in plans
                if not p.existing
                or p.ipc_changed
                or p.changed_fields & services.STRATEGIC_INPUTS
            ]
        )
        report.listing_ids = changed
        report.written = True
        audit_record(
            actor=by,
            action="listing.import",
            target=audit_target or owner,
            organization=owner,
            data={
                "format": fmt,
                "file": file_name,
                "rows": report.total,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "merged": report.merged,
                "rejected": report.rejected,
                "published": report.published,
                "pending_review": report.pending_review,
            },
        )
        services._queue_followups(changed)
        # A bulk change moves the IP landscape: rebuild it once, after commit.
        from search.landscape import landscape_queue_refresh  # lazy: search reads us

        landscape_queue_refresh()
    logger.info(
        "listing import %s for %s: %s rows, %s created, %s updated, %s rejected",
        fmt,
        owner.slug,
        report.total,
        report.created,
        report.updated,
        report.rejected,
    )
    return report
