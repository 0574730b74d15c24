"""Writes for matching: needs, the review decisions, and the matching job itself.

The job stores, per need, its best listings as ``Match`` rows, upserted on
(listing, need) so a rerun or a resumed run never duplicates a pair. Pending
proposals are withdrawn when the listing leaves the market or the need
closes; a pair an admin rejected comes back only once either side's content
changed after the rejection.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import (
    organization_active_users,
    user_can_act_for,
    user_is_platform_admin,
)
from accounts.services import audit_record, notification_send
from listings.constants import LicenseType
from listings.models import Listing, StrategicField
from listings.selectors import (
    ipc_titles,
    listing_list_published,
    strategic_field_list_active,
    strategic_field_ruleset,
)
from listings.services import normalize_ipc_list
from listings.strategic_fields import RuleSet, match_strategic_fields

from . import engine
from .models import (
    MATCH_TRANSITIONS,
    Match,
    MatchReason,
    MatchRun,
    MatchRunChunk,
    MatchRunKind,
    MatchRunStatus,
    MatchStatus,
    Need,
    NeedStatus,
)
from .selectors import (
    PENDING_STATUSES,
    listing_index_get,
    match_list_visible,
    need_chosen_field_ids,
    need_doc,
    need_field_ids,
    need_ids_with_listing_terms,
    need_list_matchable,
    user_can_decide_match,
    user_can_respond_match,
)

logger = logging.getLogger(__name__)


def _setting(name: str, default):
    return getattr(settings, name, default)


def store_top() -> int:
    """How many listings are stored per need (the export can show this many)."""
    return int(_setting("MATCHING_STORE_TOP", 20))


# --- queueing (never fails the write that triggered it) ----------------------------


class _QueuedTask:
    """An on-commit callback that sends one task for every id gathered in a transaction.

    Importing a thousand listings in one transaction then queues one matching
    task, not a thousand. A rolled-back transaction drops the callback with it.
    """

    def __init__(self, task_name: str, key: str) -> None:
        self.task_name, self.key, self.ids = task_name, key, set()

    def __call__(self) -> None:
        from config.tasks import send

        from . import tasks

        try:
            # A broker outage keeps the task in the outbox (replayed later).
            send(getattr(tasks, self.task_name), **{self.key: sorted(self.ids)})
        except Exception:  # nothing may fail the committed write
            logger.exception("could not queue matching.%s", self.task_name)


def _queue(task_name: str, key: str, ids: Sequence[int]) -> None:
    from django.db import connection

    if not _setting("MATCHING_QUEUE_ON_CHANGE", True):
        return  # bulk loads (the evaluation) run the job explicitly afterwards
    for entry in connection.run_on_commit if connection.in_atomic_block else ():
        func = entry[1]
        if isinstance(func, _QueuedTask) and func.task_name == task_name:
            func.ids.update(ids)
            return
    callback = _QueuedTask(task_name, key)
    callback.ids.update(ids)
    transaction.on_commit(callback)


def matching_queue_listings(*, listing_ids: Sequence[int]) -> None:
    """Queue incremental matching for changed listings once the transaction commits."""
    ids = [int(i) for i in listing_ids]
    if ids:
        _queue("match_listings", "listing_ids", ids)


def matching_queue_needs(*, need_ids: Sequence[int]) -> None:
    """Queue incremental matching for created or edited needs on commit."""
    ids = [int(i) for i in need_ids]
    if ids:
        _queue("match_needs", "need_ids", ids)


# --- needs ----------------------------------------------------------------------------

NEED_FIELDS = (
    "title",
    "problem",
    "desired_fields",
    "region",
    "license_types",
    "budget_band",
    "timeline",
    "visibility",
    "external_id",
)
NEED_CONTENT_FIELDS = frozenset({"title", "problem", "desired_fields"})


def _require_need_writer(organization, by) -> None:
    """``by=None`` is the system (management commands); anyone else needs rights."""
    if by is None or user_is_platform_admin(by):
        return
    if not user_can_act_for(user=by, organization=organization):
        raise PermissionDenied(_("You may not manage this company's needs."))


def _apply_need_fields(need: Need, data: dict) -> set[str]:
    changed = set()
    for name in NEED_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in ("desired_fields", "license_types"):
            value = [str(v).strip() for v in (value or []) if str(v).strip()]
        elif value is None:
            value = ""
        if name == "license_types":
            unknown = [v for v in value if v not in LicenseType.values]
            if unknown:
                raise ValidationError(
                    {
                        "license_types": _("Unknown license type: %(value)s")
                        % {"value": ", ".join(unknown)}
                    }
                )
        if getattr(need, name) != value:
            setattr(need, name, value)
            changed.add(name)
    return changed


def _validate_need(need: Need) -> None:
    if not (need.title or "").strip():
        raise ValidationError({"title": _("This field is required.")})
    need.full_clean(exclude=["organization", "created_by"], validate_unique=False)
    if need.external_id:
        clash = Need.objects.filter(
            organization_id=need.organization_id, external_id=need.external_id
        ).exclude(pk=need.pk)
        if clash.exists():
            raise ValidationError(
                {"external_id": _("Another need of this company has this id.")}
            )


@transaction.atomic
def need_create(
    *,
    organization,
    by,
    data: dict,
    ipc_codes: Iterable[str] = (),
    strategic_field_ids: Iterable[int] | None = None,
) -> Need:
    """Create an active need for a company and queue its matching on commit.

    Raises PermissionDenied unless ``by`` may act for the company (or is an
    admin, or None for the system), ValidationError for bad input.
    ``strategic_field_ids`` are fields the company chose; the rules add the
    fields its IPC symbols and text belong to.
    """
    _require_need_writer(organization, by)
    need = Need(
        organization=organization, created_by=by if getattr(by, "pk", None) else None
    )
    _apply_need_fields(need, data)
    need.ipc_codes = normalize_ipc_list(ipc_codes)
    _validate_need(need)
    now = timezone.now()
    need.created_at = need.updated_at = need.content_changed_at = now
    need.save()
    if strategic_field_ids:
        need.chosen_strategic_fields.set(_clean_field_ids(strategic_field_ids))
    need_tag_strategic_fields(need=need)
    audit_record(actor=by, action="need.create", target=need, organization=organization)
    matching_queue_needs(need_ids=[need.pk])
    return need


@transaction.atomic
def need_update(
    *,
    need: Need,
    by,
    data: dict,
    ipc_codes: Iterable[str] | None = None,
    strategic_field_ids: Iterable[int] | None = None,
) -> Need:
    """Change a need; a change of its text or IPC bumps content_changed_at and rematches.

    ``strategic_field_ids`` (when given) replaces the fields the company chose.
    """
    _require_need_writer(need.organization, by)
    need = Need.objects.select_for_update().get(pk=need.pk)
    changed = _apply_need_fields(need, data)
    if ipc_codes is not None:
        codes = normalize_ipc_list(ipc_codes)
        if codes != need.ipc_codes:
            need.ipc_codes = codes
            changed.add("ipc_codes")
    if strategic_field_ids is not None:
        chosen = _clean_field_ids(strategic_field_ids)
        current = set(need.chosen_strategic_fields.values_list("pk", flat=True))
        if chosen != current:
            need.chosen_strategic_fields.set(chosen)
            changed.add("strategic_fields")
    if not changed:
        return need
    _validate_need(need)
    now = timezone.now()
    need.updated_at = now
    content = bool(changed & (NEED_CONTENT_FIELDS | {"ipc_codes", "strategic_fields"}))
    if content:
        need.content_changed_at = now
    need.save()
    if content:
        need_tag_strategic_fields(need=need)
    audit_record(
        actor=by,
        action="need.update",
        target=need,
        organization=need.organization,
        data={"fields": sorted(changed)},
    )
    if content and need.status == NeedStatus.ACTIVE:
        matching_queue_needs(need_ids=[need.pk])
    return need


def _clean_field_ids(values: Iterable) -> set[int]:
    """The chosen field ids; ValidationError names an unknown or inactive one."""
    try:
        ids = {int(v) for v in values}
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            {"strategic_fields": _("Choose strategic fields from the list.")}
        ) from exc
    known = set(
        strategic_field_list_active().filter(pk__in=ids).values_list("pk", flat=True)
    )
    if ids - known:
        raise ValidationError(
            {"strategic_fields": _("Choose strategic fields from the list.")}
        )
    return ids


NEED_RETAG_CHUNK = 1000


def _inferred_ipc_of(need_ids: list[int]) -> dict[int, list[str]]:
    """The IPC symbols the last matching run inferred for these needs (if any)."""
    out: dict[int, list[str]] = {}
    for need_id, explanation in Match.objects.filter(
        need_id__in=need_ids, rank=1
    ).values_list("need_id", "explanation"):
        codes = (explanation or {}).get("inferred_ipc") or []
        if codes:
            out[need_id] = [c for c in codes if isinstance(c, str)]
    return out


def need_tag_strategic_fields_bulk(
    *,
    need_ids: Sequence[int] | None,
    field_ids: Iterable[int] | None = None,
    rules: RuleSet | None = None,
    inferred: dict[int, list[str]] | None = None,
    progress=None,
) -> dict[str, int]:
    """Tag needs (all when ``need_ids`` is None) with their strategic fields.

    A need's fields: those the rules give for its IPC symbols (or, without
    any, the symbols the matcher inferred: ``inferred`` or the last run's)
    and its text, plus the active fields the company chose. ``field_ids``
    limits the work to those fields. Bulk: a few queries per 1,000 needs.
    Idempotent; returns counts.
    """
    from listings.services import _replace_tags  # the same bulk writer as listings

    scope = set(field_ids) if field_ids is not None else None
    if rules is None:
        rules = strategic_field_ruleset(field_ids=scope)
    qs = Need.objects.order_by("pk")
    if need_ids is not None:
        qs = qs.filter(pk__in=list(need_ids))
    ids = list(qs.values_list("pk", flat=True))
    through = Need.strategic_fields.through
    chosen_through = Need.chosen_strategic_fields.through
    changed = 0
    for start in range(0, len(ids), NEED_RETAG_CHUNK):
        chunk = ids[start : start + NEED_RETAG_CHUNK]
        rows = list(
            Need.objects.filter(pk__in=chunk).values(
                "pk", "title", "problem", "desired_fields", "ipc_codes"
            )
        )
        without_ipc = [r["pk"] for r in rows if not r["ipc_codes"]]
        guessed = dict(inferred or {})
        missing = [pk for pk in without_ipc if pk not in guessed]
        if missing:
            guessed.update(_inferred_ipc_of(missing))
        chosen: dict[int, set[int]] = {}
        for need_id, field_id in chosen_through.objects.filter(
            need_id__in=chunk
        ).values_list("need_id", "strategicfield_id"):
            chosen.setdefault(need_id, set()).add(field_id)
        wanted = {}
        for row in rows:
            codes = row["ipc_codes"] or guessed.get(row["pk"], [])
            text = "\n".join(
                [row["title"], row["problem"], " ".join(row["desired_fields"] or [])]
            )
            found = match_strategic_fields(rules, ipc_codes=codes, text=text)
            found |= chosen.get(row["pk"], set()) & rules.field_ids
            wanted[row["pk"]] = found
        changed += len(_replace_tags(through, "need_id", wanted, field_ids=scope))
        if progress:
            progress("needs", min(start + NEED_RETAG_CHUNK, len(ids)), len(ids))
    if progress and not ids:
        progress("needs", 0, 0)
    return {"needs": len(ids), "needs_changed": changed}


def need_tag_strategic_fields(*, need: Need) -> bool:
    """Tag one need with its strategic fields; True when they changed."""
    result = need_tag_strategic_fields_bulk(need_ids=[need.pk])
    return bool(result["needs_changed"])


def _need_set_status(need: Need, by, status: str, action: str, reason: str = ""):
    _require_need_writer(need.organization, by)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.status == status:
        return need
    from_state = need.status
    need.status = status
    need.updated_at = timezone.now()
    need.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        action=action,
        target=need,
        organization=need.organization,
        from_state=from_state,
        to_state=status,
        reason=reason,
    )
    return need


@transaction.atomic
def need_pause(*, need: Need, by) -> Need:
    """Stop matching a need for now (its proposals stay)."""
    return _need_set_status(need, by, NeedStatus.PAUSED, "need.pause")


@transaction.atomic
def need_activate(*, need: Need, by) -> Need:
    """Resume matching a paused need (queues its matching)."""
    need = _need_set_status(need, by, NeedStatus.ACTIVE, "need.activate")
    matching_queue_needs(need_ids=[need.pk])
    return need


@transaction.atomic
def need_close(*, need: Need, by, reason: str = "") -> Need:
    """Close a need: it is no longer matched and its pending proposals are withdrawn."""
    need = _need_set_status(need, by, NeedStatus.CLOSED, "need.close", reason)
    _withdraw(Match.objects.filter(need=need, status__in=PENDING_STATUSES))
    return need


# --- decisions on matches ------------------------------------------------------------------


def _transition(match: Match, to: str) -> Match:
    locked = Match.objects.select_for_update().get(pk=match.pk)
    if to not in MATCH_TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("A match cannot go from “%(from)s” to “%(to)s”.")
            % {"from": locked.get_status_display(), "to": MatchStatus(to).label},
            code="invalid_transition",
        )
    return locked


def _require_admin(by) -> None:
    if not user_can_decide_match(user=by):
        raise PermissionDenied(_("Only coordinators review proposed matches."))


def _clean_reason(reason: str) -> str:
    if reason not in MatchReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    return reason


@transaction.atomic
def match_approve(*, match: Match, by, note_to_company: str = "") -> Match:
    """Admin: approve a proposal and send it to the company (in-app and e-mail).

    The match goes proposed → approved → sent; the company's owners and staff
    are notified. PermissionDenied for anyone but an admin.
    """
    _require_admin(by)
    match = _transition(match, MatchStatus.APPROVED)
    now = timezone.now()
    match.status = MatchStatus.APPROVED
    match.note_to_company = note_to_company or match.note_to_company
    match.decided_by = by
    match.decided_at = now
    match.listing_content_at = match.listing.content_changed_at
    match.need_content_at = match.need.content_changed_at
    match.updated_at = now
    match.save()
    audit_record(
        actor=by,
        action="match.approve",
        target=match,
        organization=match.need.organization,
        from_state=MatchStatus.PROPOSED,
        to_state=MatchStatus.APPROVED,
    )
    recipients = organization_active_users(
        organization=match.need.organization, roles=("owner", "staff")
    )
    notification_send(
        recipients=recipients,
        verb="match.approved",
        template="matching/email/match_approved",
        context={"match": match, "need": match.need, "listing": match.listing},
        url=f"/matching/matches/{match.pk}/",
    )
    match.status = MatchStatus.SENT
    match.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=by,
        action="match.send",
        target=match,
        organization=match.need.organization,
        from_state=MatchStatus.APPROVED,
        to_state=MatchStatus.SENT,
    )
    return match


@transaction.atomic
def match_reject(*, match: Match, by, reason: str, note: str = "") -> Match:
    """Admin: reject a proposal with a reason; it is not proposed again until
    the listing or the need changes."""
    _require_admin(by)
    reason = _clean_reason(reason)
    match = _transition(match, MatchStatus.REJECTED)
    now = timezone.now()
    from_state = match.status
    match.status = MatchStatus.REJECTED
    match.reason = reason
    match.note = note or ""
    match.decided_by = by
    match.decided_at = now
    match.listing_content_at = match.listing.content_changed_at
    match.need_content_at = match.need.content_changed_at
    match.in_queue = False
    match.updated_at = now
    match.save()
    audit_record(
        actor=by,
        action="match.reject",
        target=match,
        organization=match.need.organization,
        from_state=from_state,
        to_state=MatchStatus.REJECTED,
        reason=reason,
        data={"note": note or ""},
    )
    return match


@dataclass
class BulkReviewResult:
    """What a bulk decision did: the matches decided and (match, error) failures."""

    done: list[Match]
    failed: list[tuple[Match, str]]


def match_review_bulk(
    *, matches: Iterable[Match], by, action: str, reason: str = "", note: str = ""
) -> BulkReviewResult:
    """Admin: approve or reject several matches, each through its own service call.

    Each match is decided in its own transaction, so one that cannot move
    (already decided, withdrawn meanwhile) is reported and the others go
    through. A reject without a reason from the list raises ValidationError
    before anything changes; PermissionDenied for anyone but an admin.
    """
    _require_admin(by)
    if action == "reject":
        reason = _clean_reason(reason)
    elif action != "approve":
        raise ValidationError(_("Unknown action."), code="invalid_action")
    result = BulkReviewResult(done=[], failed=[])
    for match in matches:
        try:
            if action == "approve":
                decided = match_approve(match=match, by=by)
            else:
                decided = match_reject(match=match, by=by, reason=reason, note=note)
        except ValidationError as exc:
            result.failed.append((match, " ".join(exc.messages)))
        else:
            result.done.append(decided)
    return result


def _company_match(match: Match, by) -> Match:
    """The match as the company member ``by`` may act on it: 404 / 403 otherwise."""
    visible = match_list_visible(user=by).filter(pk=match.pk).first()
    if visible is None:
        raise Http404("No such match.")
    if not user_can_respond_match(user=by, match=visible):
        raise PermissionDenied(_("Only owners and staff of the company can answer."))
    return visible


def _respond(match: Match, by, to: str, action: str, reason: str = "", note=""):
    match = _company_match(match, by)
    locked = _transition(match, to)
    from_state = locked.status
    now = timezone.now()
    locked.status = to
    if to != MatchStatus.VIEWED:
        locked.responded_by = by
        locked.responded_at = now
    if reason:
        locked.reason = reason
    if note:
        locked.note = note
    locked.updated_at = now
    locked.save()
    audit_record(
        actor=by,
        action=action,
        target=locked,
        organization=locked.need.organization,
        from_state=from_state,
        to_state=to,
        reason=reason,
    )
    return locked


@transaction.atomic
def match_mark_viewed(*, match: Match, by) -> Match:
    """The company opened a sent match (no-op once viewed or answered)."""
    match = _company_match(match, by)
    if match.status != MatchStatus.SENT:
        return match
    return _respond(match, by, MatchStatus.VIEWED, "match.view")


@transaction.atomic
def match_mark_interested(*, match: Match, by) -> Match:
    """The company is interested: record it and open a draft license request.

    The draft (source "match", linked by ``source_match_id``) is prefilled
    from the need; the company completes and submits it. If the company
    already has an open request for the listing, that one is kept. Raises
    PermissionDenied for an unverified company; nothing is recorded then.
    """
    # lazy: marketplace sits above matching
    from marketplace.constants import RequestLicenseType
    from marketplace.selectors import license_request_open_for
    from marketplace.services import license_request_create

    match = _respond(match, by, MatchStatus.INTERESTED, "match.interested")
    need = match.need
    if license_request_open_for(listing=match.listing, organization=need.organization):
        return match
    offered = set(match.listing.license_types)
    wanted = [t for t in need.license_types if t in offered] or list(need.license_types)
    license_type = next(
        (t for t in wanted if t in RequestLicenseType.values), "non_exclusive"
    )
    license_request_create(
        listing=match.listing,
        by=by,
        organization=need.organization,
        data={
            "license_type": license_type,
            "source": "match",
            "source_match_id": match.pk,
            "message": need.problem[:2000],
        },
    )
    return match


@transaction.atomic
def match_mark_not_interested(
    *, match: Match, by, reason: str, note: str = ""
) -> Match:
    """The company declines an approved match, with a reason from the list."""
    reason = _clean_reason(reason)
    return _respond(
        match, by, MatchStatus.NOT_INTERESTED, "match.not_interested", reason, note
    )


# --- the job: storing results ---------------------------------------------------------------


@dataclass
class StoreCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    withdrawn: int = 0

    def add(self, other: StoreCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.removed += other.removed
        self.withdrawn += other.withdrawn


def _withdraw(qs) -> int:
    now = timezone.now()
    return qs.update(status=MatchStatus.WITHDRAWN, in_queue=False, updated_at=now)


def _with_field_names(explanations: list[dict]) -> None:
    """Turn the explanation's shared strategic field ids into slugs and names."""
    ids = {i for e in explanations for i in e.get("shared_fields", [])}
    names = {
        f.pk: {"slug": f.slug, "name_ja": f.name_ja, "name_en": f.name_en}
        for f in StrategicField.objects.filter(pk__in=ids)
    }
    for explanation in explanations:
        chosen = set(explanation.pop("chosen_fields", []))
        explanation["shared_fields"] = [
            {**names[i], "chosen": i in chosen}
            for i in explanation.get("shared_fields", [])
            if i in names
        ]


def _with_ipc_titles(explanations: list[dict]) -> None:
    codes = {item["code"] for e in explanations for item in e.get("shared_ipc", [])}
    if not codes:
        return
    titles = ipc_titles(codes)
    for explanation in explanations:
        for item in explanation.get("shared_ipc", []):
            row = titles.get(item["code"])
            item["title"] = (row.title_en or row.title_ja) if row else ""
            item["title_ja"] = row.title_ja if row else ""


def _may_repropose(match: Match, listing: Listing, need: Need) -> bool:
    if match.status == MatchStatus.WITHDRAWN:
        return True
    if match.status != MatchStatus.REJECTED:
        return False
    listing_changed = match.listing_content_at is None or (
        listing.content_changed_at > match.listing_content_at
    )
    need_changed = match.need_content_at is None or (
        need.content_changed_at > match.need_content_at
    )
    return listing_changed or need_changed


def _store(
    index: engine.ListingIndex,
    needs: Sequence[Need],
    results: Sequence[engine.NeedResult],
    fields_of: dict[int, frozenset[int]] | None = None,
    chosen_of: dict[int, frozenset[int]] | None = None,
) -> StoreCounts:
    """Upsert each need's ranked listings; drop its pending pairs that fell out."""
    counts = StoreCounts()
    ids = [n.pk for n in needs]
    fields_of = fields_of if fields_of is not None else need_field_ids(ids)
    chosen_of = chosen_of if chosen_of is not None else need_chosen_field_ids(ids)
    by_id = {n.pk: n for n in needs}
    planned = [
        (by_id[result.need_id], result, cand, rank)
        for result in results
        for rank, cand in enumerate(result.candidates, start=1)
    ]
    listing_ids = {cand.listing_id for _, _, cand, _ in planned}
    listings = {
        row.pk: row
        for row in Listing.objects.filter(pk__in=listing_ids).only(
            "id", "content_changed_at"
        )
    }
    existing = {
        (m.need_id, m.listing_id): m
        for m in Match.objects.filter(need_id__in=list(by_id)).defer(
            "explanation", "components"
        )
    }
    now = timezone.now()
    to_create, to_update, writes = [], [], []
    keep = set()
    for need, result, cand, rank in planned:
        key = (need.pk, cand.listing_id)
        keep.add(key)
        match = existing.get(key)
        if match is None:
            match = Match(
                need_id=need.pk,
                listing_id=cand.listing_id,
                status=MatchStatus.PROPOSED,
                created_at=now,
            )
            to_create.append(match)
        elif match.status in PENDING_STATUSES:
            if (
                abs(match.score - cand.score) < 1e-6
                and match.rank == rank
                and match.engine_version == engine.ENGINE_VERSION
            ):
                continue  # unchanged: a rerun writes nothing
            to_update.append(match)
        elif _may_repropose(match, listings[cand.listing_id], need):
            match.status = MatchStatus.PROPOSED
            match.reason = ""
            match.in_queue = True
            to_update.append(match)
        else:
            continue  # decided pairs keep the state the people gave them
        match.score = cand.score
        match.rank = rank
        match.components = cand.components
        match.engine_version = engine.ENGINE_VERSION
        match.updated_at = now
        writes.append((match, need, result, cand))
    # Explanations only for the pairs written (the costly part of a rerun).
    docs = {
        n.pk: need_doc(
            n,
            fields=fields_of.get(n.pk, frozenset()),
            chosen=chosen_of.get(n.pk, frozenset()),
        )
        for n in needs
    }
    for match, need, result, cand in writes:
        match.explanation = engine.explain(
            index,
            docs[need.pk],
            cand,
            inferred_ipc=result.inferred_ipc,
            need_fields=result.fields,
        )
        if result.inferred_ipc:
            match.explanation["inferred_ipc"] = list(result.inferred_ipc)
    _with_ipc_titles([m.explanation for m, _, _, _ in writes])
    _with_field_names([m.explanation for m, _, _, _ in writes])
    stale = [
        m.pk
        for key, m in existing.items()
        if key not in keep and m.status in PENDING_STATUSES
    ]
    with transaction.atomic():
        if stale:
            counts.removed = Match.objects.filter(pk__in=stale).delete()[0]
        if to_create:
            # ignore_conflicts: a concurrent incremental run may have created the
            # same pair a moment ago; the unique pair constraint keeps one row.
            Match.objects.bulk_create(to_create, batch_size=500, ignore_conflicts=True)
        if to_update:
            Match.objects.bulk_update(
                to_update,
                [
                    "score",
                    "rank",
                    "components",
                    "explanation",
                    "engine_version",
                    "updated_at",
                    "status",
                    "reason",
                    "in_queue",
                ],
                batch_size=500,
            )
    counts.created = len(to_create)
    counts.updated = len(to_update)
    return counts


def _run_engine(needs: Sequence[Need], index=None) -> StoreCounts:
    index = index or listing_index_get()
    ids = [n.pk for n in needs]
    fields_of = need_field_ids(ids)
    chosen_of = need_chosen_field_ids(ids)
    rules = strategic_field_ruleset()
    results = engine.match(
        index,
        [
            need_doc(
                n,
                fields=fields_of.get(n.pk, frozenset()),
                chosen=chosen_of.get(n.pk, frozenset()),
            )
            for n in needs
        ],
        top=store_top(),
        threshold=0.0,
        fields_for_ipc=lambda codes: match_strategic_fields(rules, ipc_codes=codes),
    )
    counts = _store(index, needs, results, fields_of, chosen_of)
    # A need without IPC symbols is tagged from the symbols inferred for it.
    inferred = {r.need_id: r.inferred_ipc for r in results if r.inferred_ipc}
    if inferred:
        need_tag_strategic_fields_bulk(
            need_ids=list(inferred), rules=rules, inferred=inferred
        )
    return counts


def apply_listing_cap(*, listing_ids: Iterable[int] | None = None) -> None:
    """Put at most MATCHING_LISTING_CAP proposals per listing (above the threshold)
    in the review queue; the rest stay stored but hidden from the queue."""
    cap = int(_setting("MATCHING_LISTING_CAP", 5))
    threshold = float(_setting("MATCHING_QUEUE_THRESHOLD", 0.5))
    qs = Match.objects.filter(status=MatchStatus.PROPOSED)
    if listing_ids is not None:
        qs = qs.filter(listing_id__in=list(listing_ids))
    rows = qs.order_by("listing_id", "-score", "id").values_list(
        "id", "listing_id", "score", "in_queue"
    )
    show, hide = [], []
    seen: dict[int, int] = {}
    for pk, listing_id, score, in_queue in rows.iterator(chunk_size=5000):
        taken = seen.get(listing_id, 0)
        wanted = score >= threshold and taken < cap
        if wanted:
            seen[listing_id] = taken + 1
        if wanted != in_queue:
            (show if wanted else hide).append(pk)
    for ids, value in ((show, True), (hide, False)):
        for start in range(0, len(ids), 900):
            Match.objects.filter(pk__in=ids[start : start + 900]).update(in_queue=value)


def withdraw_unmatchable() -> int:
    """Withdraw pending proposals of listings off the market and of needs not active."""
    published = listing_list_published().values("pk")
    n = _withdraw(
        Match.objects.filter(status__in=PENDING_STATUSES).exclude(listing__in=published)
    )
    return n + _withdraw(
        Match.objects.filter(
            status__in=PENDING_STATUSES, need__status=NeedStatus.CLOSED
        )
    )


def match_needs(*, need_ids: Sequence[int]) -> StoreCounts:
    """Incremental: (re)match the given active needs against every published listing.

    Safe to run twice (pairs are upserted). Needs that are not active are skipped.
    """
    needs = list(need_list_matchable().filter(pk__in=list(need_ids)).order_by("id"))
    if not needs:
        return StoreCounts()
    counts = _run_engine(needs)
    affected = Match.objects.filter(need__in=needs).values_list("listing_id", flat=True)
    apply_listing_cap(listing_ids=set(affected))
    return counts


def match_listings(*, listing_ids: Sequence[int]) -> StoreCounts:
    """Incremental: a listing was published, edited or taken off the market.

    Listings no longer on offer get their pending proposals withdrawn; for the
    others, every active need sharing scoring terms with them is re-matched
    (so a new pair appears only where it now ranks among the need's best).
    """
    ids = [int(i) for i in listing_ids]
    counts = StoreCounts()
    published = set(
        listing_list_published().filter(pk__in=ids).values_list("pk", flat=True)
    )
    gone = [i for i in ids if i not in published]
    if gone:
        counts.withdrawn = _withdraw(
            Match.objects.filter(listing_id__in=gone, status__in=PENDING_STATUSES)
        )
    if published and need_list_matchable().exists():
        index = listing_index_get()
        need_ids = need_ids_with_listing_terms(index=index, listing_ids=published)
        needs = list(Need.objects.filter(pk__in=need_ids).order_by("id"))
        for start in range(0, len(needs), 500):
            counts.add(_run_engine(needs[start : start + 500], index=index))
        apply_listing_cap(listing_ids=published)
    return counts


# --- the job: full batch runs ------------------------------------------------------------------


def _stale_after() -> int:
    return int(_setting("MATCHING_RUN_STALE_SECONDS", 900))


def match_run_start(
    *, kind: str = MatchRunKind.FULL, chunk_size: int | None = None
) -> tuple[MatchRun | None, bool]:
    """Take the single-flight lock: (run, resumed) or (None, False) when busy.

    A running run with a fresh heartbeat means another worker has the batch:
    nothing is started. A running run whose heartbeat is stale (its worker
    died) is resumed: its chunks left running are handed out again.
    """
    chunk_size = chunk_size or int(_setting("MATCHING_CHUNK_SIZE", 500))
    now = timezone.now()
    with transaction.atomic():
        current = (
            MatchRun.objects.select_for_update()
            .filter(status=MatchRunStatus.RUNNING)
            .first()
        )
        if current is not None:
            if (now - current.heartbeat_at).total_seconds() < _stale_after():
                return None, False
            current.heartbeat_at = now
            current.save(update_fields=["heartbeat_at"])
            current.chunks.filter(state=MatchRunChunk.State.RUNNING).update(
                state=MatchRunChunk.State.PENDING, claimed_at=None
            )
            return current, True
        need_ids = list(
            need_list_matchable().order_by("id").values_list("pk", flat=True)
        )
        try:
            with transaction.atomic():
                run = MatchRun.objects.create(
                    kind=kind,
                    engine_version=engine.ENGINE_VERSION,
                    needs_count=len(need_ids),
                    listings_count=listing_list_published().count(),
                    started_at=now,
                    heartbeat_at=now,
                )
        except IntegrityError:
            return None, False  # another worker took the lock a moment ago
        chunks = [
            MatchRunChunk(
                run=run, number=i, need_ids=need_ids[start : start + chunk_size]
            )
            for i, start in enumerate(range(0, len(need_ids), chunk_size))
        ]
        MatchRunChunk.objects.bulk_create(chunks)
        run.total_chunks = len(chunks)
        run.save(update_fields=["total_chunks"])
    return run, False


def match_run_claim_chunk(*, run: MatchRun) -> MatchRunChunk | None:
    """Claim one pending chunk of ``run`` (compare-and-set, works on any database)."""
    stale = timezone.now() - timedelta(seconds=_stale_after())
    while True:
        candidate = (
            run.chunks.filter(state=MatchRunChunk.State.PENDING)
            .order_by("number")
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            # A worker that died mid-chunk leaves it running: take it over once stale.
            candidate = (
                run.chunks.filter(
                    state=MatchRunChunk.State.RUNNING, claimed_at__lt=stale
                )
                .order_by("number")
                .values_list("pk", flat=True)
                .first()
            )
            if candidate is None:
                return None
            taken = MatchRunChunk.objects.filter(
                pk=candidate,
                state=MatchRunChunk.State.RUNNING,
                claimed_at__lt=stale,
            ).update(claimed_at=timezone.now())
        else:
            taken = MatchRunChunk.objects.filter(
                pk=candidate, state=MatchRunChunk.State.PENDING
            ).update(state=MatchRunChunk.State.RUNNING, claimed_at=timezone.now())
        if taken:
            return MatchRunChunk.objects.get(pk=candidate)


def match_run_process_chunk(*, chunk: MatchRunChunk) -> StoreCounts:
    """Match the chunk's needs, store the pairs, mark it done. Safe to redo."""
    needs = list(need_list_matchable().filter(pk__in=chunk.need_ids).order_by("id"))
    counts = _run_engine(needs) if needs else StoreCounts()
    now = timezone.now()
    with transaction.atomic():
        done = MatchRunChunk.objects.filter(
            pk=chunk.pk, state=MatchRunChunk.State.RUNNING
        ).update(
            state=MatchRunChunk.State.DONE,
            finished_at=now,
            created_count=counts.created,
            updated_count=counts.updated,
        )
        if done:
            MatchRun.objects.filter(pk=chunk.run_id).update(
                processed_chunks=F("processed_chunks") + 1,
                created_count=F("created_count") + counts.created,
                updated_count=F("updated_count") + counts.updated,
                heartbeat_at=now,
            )
    return counts


def match_run_finish(*, run: MatchRun) -> MatchRun | None:
    """Close the run once every chunk is done: withdraw, cap, release the lock.

    Returns None while chunks remain; only one caller ever finishes a run.
    """
    if run.chunks.exclude(state=MatchRunChunk.State.DONE).exists():
        return None
    withdrawn = withdraw_unmatchable()
    apply_listing_cap()
    finished = MatchRun.objects.filter(pk=run.pk, status=MatchRunStatus.RUNNING).update(
        status=MatchRunStatus.DONE,
        finished_at=timezone.now(),
        withdrawn_count=withdrawn,
    )
    run.refresh_from_db()
    return run if finished else None


def match_run_fail(*, run: MatchRun, error: str) -> None:
    MatchRun.objects.filter(pk=run.pk, status=MatchRunStatus.RUNNING).update(
        status=MatchRunStatus.FAILED, error=error[:4000], finished_at=timezone.now()
    )


def match_run_full(*, chunk_size: int | None = None) -> MatchRun | None:
    """Run (or resume) the full batch in this process; None if another run holds the lock."""
    run, _resumed = match_run_start(kind=MatchRunKind.FULL, chunk_size=chunk_size)
    if run is None:
        return None
    try:
        match_run_work(run=run)
    except Exception as exc:
        match_run_fail(run=run, error=repr(exc))
        raise
    run.refresh_from_db()
    return run


def match_run_work(*, run: MatchRun) -> int:
    """Claim and process chunks until none is left; finish the run if complete."""
    processed = 0
    while True:
        chunk = match_run_claim_chunk(run=run)
        if chunk is None:
            break
        started = time.monotonic()
        match_run_process_chunk(chunk=chunk)
        processed += 1
        logger.info(
            "matching run %s chunk %s done in %.1fs",
            run.pk,
            chunk.number,
            time.monotonic() - started,
        )
    match_run_finish(run=run)
    return processed


def match_run_queue(*, by) -> bool:
    """Admin: queue the full batch (task ``matching.run_full``) once the transaction commits.

    Returns False, queueing nothing, while a run with a fresh heartbeat holds
    the lock (the task would find it busy anyway). PermissionDenied for anyone
    but an admin. In-process (no broker) the batch runs before this returns.
    """
    from config.tasks import enqueue

    from . import tasks

    _require_admin(by)
    fresh = timezone.now() - timedelta(seconds=_stale_after())
    if MatchRun.objects.filter(
        status=MatchRunStatus.RUNNING, heartbeat_at__gte=fresh
    ).exists():
        return False
    enqueue(tasks.run_full)
    return True


# --- importing needs ---------------------------------------------------------------------------


class NeedImportError(ValueError):
    """A need file that cannot be imported; ``line`` names the offending line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


def _parse_need_line(line: int, raw: str) -> dict:
    import json

    from listings.numbers import IPCError, normalize_ipc

    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise NeedImportError(line, f"not valid JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise NeedImportError(line, "each line must be one JSON object")
    need_id = record.get("need_id")
    if isinstance(need_id, int) and not isinstance(need_id, bool):
        need_id = str(need_id)
    if not isinstance(need_id, str) or not need_id.strip():
        raise NeedImportError(line, "need_id is required (text)")
    if len(need_id.strip()) > 100:
        raise NeedImportError(line, "need_id is longer than 100 characters")
    title = record.get("title")
    text = record.get("text", "")
    if title is not None and not isinstance(title, str):
        raise NeedImportError(line, "title must be text")
    if text is not None and not isinstance(text, str):
        raise NeedImportError(line, "text must be text")
    title = (title or "").strip()
    text = (text or "").strip()
    if not title and not text:
        raise NeedImportError(line, "give a title or a text")
    if not title:
        title = engine.first_sentence(text)
    if len(title) > 300:
        title = title[:299] + "…"
    ipc = record.get("ipc") or []
    if isinstance(ipc, str):
        ipc = [c for c in re.split(r"[;,\n]", ipc) if c.strip()]
    if not isinstance(ipc, list) or not all(isinstance(c, str) for c in ipc):
        raise NeedImportError(line, "ipc must be a list of IPC symbols")
    codes = []
    for code in ipc:
        try:
            codes.append(normalize_ipc(code))
        except IPCError as exc:
            raise NeedImportError(line, f"not an IPC symbol: {code!r}") from exc
    return {"need_id": need_id.strip(), "title": title, "text": text, "ipc": codes}


def _company_for_import(name: str):
    from django.utils.text import slugify

    from accounts.constants import OrganizationKind
    from accounts.models import Organization

    found = (
        Organization.objects.filter(name_ja=name).first()
        or Organization.objects.filter(name_en=name).first()
        or Organization.objects.filter(slug=slugify(name)).first()
    )
    if found:
        return found, False
    base = slugify(name)[:60] or "company"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return (
        Organization.objects.create(
            kind=OrganizationKind.COMPANY, name_ja=name, name_en=name, slug=slug
        ),
        True,
    )


@dataclass
class NeedImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organization_created: bool = False


def need_import_jsonl(*, text: str, organization_name: str) -> NeedImportReport:
    """Import needs (need_id, title, text, optional ipc) for a company by name.

    Every line is checked first: one bad line raises NeedImportError naming
    it and nothing is written. The company is created when missing; a
    need_id already imported for it is updated in place. Matching of the
    created/changed needs is queued on commit.
    """
    records = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        record = _parse_need_line(line, raw)
        if record["need_id"] in seen:
            raise NeedImportError(
                line,
                f"need_id {record['need_id']!r} already on line {seen[record['need_id']]}",
            )
        seen[record["need_id"]] = line
        records.append(record)
    if not organization_name.strip():
        raise NeedImportError(0, "the organisation name is empty")
    report = NeedImportReport()
    with transaction.atomic():
        organization, report.organization_created = _company_for_import(
            organization_name.strip()
        )
        existing = {
            n.external_id: n
            for n in Need.objects.filter(
                organization=organization, external_id__in=list(seen)
            )
        }
        for record in records:
            data = {
                "external_id": record["need_id"],
                "title": record["title"],
                "problem": record["text"],
            }
            need = existing.get(record["need_id"])
            if need is None:
                need_create(
                    organization=organization,
                    by=None,
                    data=data,
                    ipc_codes=record["ipc"],
                )
                report.created += 1
            else:
                before = need.content_changed_at
                after = need_update(
                    need=need, by=None, data=data, ipc_codes=record["ipc"]
                )
                if after.content_changed_at != before:
                    report.updated += 1
                else:
                    report.unchanged += 1
    return report


def match_run_incremental() -> StoreCounts:
    """Match the active needs changed since the last finished run, or never matched."""
    last = (
        MatchRun.objects.filter(status=MatchRunStatus.DONE)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    needs = need_list_matchable()
    if last is not None:
        needs = needs.filter(
            content_changed_at__gte=last
        ) | need_list_matchable().filter(matches__isnull=True)
    ids = sorted(set(needs.values_list("pk", flat=True)))
    counts = StoreCounts()
    for start in range(0, len(ids), 500):
        counts.add(
            _run_engine(list(Need.objects.filter(pk__in=ids[start : start + 500])))
        )
    counts.withdrawn = withdraw_unmatchable()
    apply_listing_cap()
    return counts
