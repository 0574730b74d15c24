"""Vocabularies of license requests: states, license types, reasons, transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    TRIAGE = "triage", _("In triage")
    INFO_REQUESTED = "info_requested", _("Information requested")
    ACCEPTED = "accepted", _("Accepted")
    NDA_PENDING = "nda_pending", _("NDA pending")
    EVALUATION = "evaluation", _("Evaluation")
    NEGOTIATION = "negotiation", _("Negotiation")
    AGREEMENT_PENDING = "agreement_pending", _("Agreement pending")
    CLOSED_WON = "closed_won", _("Closed (agreed)")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED_LOST = "closed_lost", _("Closed (no deal)")
    EXPIRED = "expired", pgettext_lazy("license request", "Expired")


S = RequestStatus

CLOSED_STATUSES = (S.CLOSED_WON, S.DECLINED, S.WITHDRAWN, S.CLOSED_LOST, S.EXPIRED)
OPEN_STATUSES = tuple(s for s in S if s not in CLOSED_STATUSES)
# States in which the TLO owes the requester a first answer.
WAITING_FOR_TLO = (S.SUBMITTED, S.TRIAGE)


class RequestLicenseType(models.TextChoices):
    EXCLUSIVE = "exclusive", _("Exclusive license (senyo jisshiken)")
    EXCLUSIVE_CONTRACT = "exclusive_contract", _("Exclusive license by contract")
    NON_EXCLUSIVE = "non_exclusive", _("Non-exclusive license")
    OPTION = "option", _("Option")
    ASSIGNMENT = "assignment", _("Assignment")
    RESEARCH_FREE = "research_free", _("Free research use")


# A won deal of these types takes the listing off the market.
EXCLUSIVE_TYPES = (RequestLicenseType.EXCLUSIVE, RequestLicenseType.EXCLUSIVE_CONTRACT)


class RequestSource(models.TextChoices):
    SEARCH = "search", _("Search")
    MATCH = "match", _("Match proposal")
    OTHER = "other", _("Other")


class RequestReason(models.TextChoices):
    """Why a request was declined or closed without a deal."""

    NOT_AVAILABLE = "not_available", _("Technology no longer available")
    NOT_A_FIT = "not_a_fit", _("Not a fit for the intended use")
    INSUFFICIENT_INFO = "insufficient_info", _("Insufficient information")
    OTHER_LICENSEE = "other_licensee", _("Agreed with another licensee")
    TERMS = "terms", _("Terms could not be agreed")
    UNRESPONSIVE = "unresponsive", _("No response from the other side")
    LISTING_UNAVAILABLE = "listing_unavailable", _("Listing no longer available")
    STALLED = "stalled", _("Stalled (closed by the platform)")
    OTHER = "other", _("Other")


REASONS_FOR: dict[str, tuple[str, ...]] = {
    S.DECLINED: (
        RequestReason.NOT_AVAILABLE,
        RequestReason.NOT_A_FIT,
        RequestReason.INSUFFICIENT_INFO,
        RequestReason.OTHER_LICENSEE,
        RequestReason.OTHER,
    ),
    S.CLOSED_LOST: (
        RequestReason.TERMS,
        RequestReason.UNRESPONSIVE,
        RequestReason.NOT_A_FIT,
        RequestReason.LISTING_UNAVAILABLE,
        RequestReason.STALLED,
        RequestReason.OTHER,
    ),
}


class Role(models.TextChoices):
    """Who acts on a request (relative to that request)."""

    REQUESTER = "requester", _("Requester")
    TLO = "tlo", _("Listing owner")
    ADMIN = "admin", _("Platform admin")
    SYSTEM = "system", _("System")


R = Role

_BEFORE_CLOSE = (S.ACCEPTED, S.NDA_PENDING, S.EVALUATION, S.NEGOTIATION)
# Submitted and still open: what admins may close and the system may expire.
_STALLABLE = tuple(s for s in OPEN_STATUSES if s != S.DRAFT)

# The LicenseRequest state machine of DESIGN.md: (from, to) -> roles allowed.
# Anything not listed here is refused by license_request_transition.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {}


def _allow(froms, to, *roles) -> None:
    for frm in froms if isinstance(froms, tuple) else (froms,):
        TRANSITIONS.setdefault((frm, to), frozenset())
        TRANSITIONS[(frm, to)] = TRANSITIONS[(frm, to)] | frozenset(roles)


_allow(S.DRAFT, S.SUBMITTED, R.REQUESTER)
_allow(S.INFO_REQUESTED, S.TRIAGE, R.REQUESTER)
_allow(OPEN_STATUSES, S.WITHDRAWN, R.REQUESTER)
_allow(S.AGREEMENT_PENDING, S.CLOSED_WON, R.REQUESTER, R.TLO)
_allow(S.SUBMITTED, S.TRIAGE, R.TLO)
_allow((S.SUBMITTED, S.TRIAGE), S.INFO_REQUESTED, R.TLO)
_allow((S.SUBMITTED, S.TRIAGE), S.ACCEPTED, R.TLO)
_allow((S.SUBMITTED, S.TRIAGE, S.INFO_REQUESTED), S.DECLINED, R.TLO)
_allow(S.ACCEPTED, S.NDA_PENDING, R.TLO)
_allow((S.ACCEPTED, S.NDA_PENDING), S.EVALUATION, R.TLO)
_allow(S.EVALUATION, S.NEGOTIATION, R.TLO)
_allow(S.NEGOTIATION, S.AGREEMENT_PENDING, R.TLO)
_allow((*_BEFORE_CLOSE, S.AGREEMENT_PENDING), S.CLOSED_LOST, R.TLO)
# Platform admins close stalled requests; the system expires inactive ones.
_allow(_STALLABLE, S.CLOSED_LOST, R.ADMIN)
_allow(_STALLABLE, S.EXPIRED, R.ADMIN, R.SYSTEM)
# The system closes the other open requests when an exclusive deal is won.
_allow(OPEN_STATUSES, S.CLOSED_LOST, R.SYSTEM)


def allowed_targets(*, status: str, roles) -> list[str]:
    """Target states reachable from ``status`` by any of ``roles``, in state order."""
    roles = set(roles)
    return [
        to
        for to in S
        if roles & TRANSITIONS.get((status, to), frozenset()) and to != status
    ]


# Verbs for buttons and audit actions.
ACTION_LABELS = {
    S.SUBMITTED: _("Submit"),
    S.TRIAGE: _("Start triage"),
    S.INFO_REQUESTED: _("Request more information"),
    S.ACCEPTED: _("Accept"),
    S.NDA_PENDING: _("Move to NDA"),
    S.EVALUATION: _("Move to evaluation"),
    S.NEGOTIATION: _("Move to negotiation"),
    S.AGREEMENT_PENDING: _("Propose agreement"),
    S.CLOSED_WON: _("Agree and close as won"),
    S.DECLINED: _("Decline"),
    S.WITHDRAWN: _("Withdraw"),
    S.CLOSED_LOST: _("Close without a deal"),
    S.EXPIRED: _("Mark expired"),
}
