"""Vocabularies of listings: statuses, offers, license types, track records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_REVIEW = "pending_review", _("Pending review")
    PUBLISHED = "published", _("Published")
    LICENSED_EXCLUSIVE = "licensed_exclusive", _("Licensed (exclusive)")
    ASSIGNED = "assigned", _("Assigned")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    ARCHIVED = "archived", _("Archived")


# The listing state machine of DESIGN.md. Non-exclusive deals keep a listing
# published, so there is no state for them.
LISTING_TRANSITIONS: dict[str, set[str]] = {
    ListingStatus.DRAFT: {ListingStatus.PENDING_REVIEW, ListingStatus.PUBLISHED},
    ListingStatus.PENDING_REVIEW: {ListingStatus.PUBLISHED, ListingStatus.DRAFT},
    ListingStatus.PUBLISHED: {
        ListingStatus.LICENSED_EXCLUSIVE,
        ListingStatus.ASSIGNED,
        ListingStatus.WITHDRAWN,
        ListingStatus.EXPIRED,
    },
    ListingStatus.LICENSED_EXCLUSIVE: {ListingStatus.ARCHIVED},
    ListingStatus.ASSIGNED: {ListingStatus.ARCHIVED},
    # A withdrawn listing may be reopened as a draft and published again.
    ListingStatus.WITHDRAWN: {ListingStatus.ARCHIVED, ListingStatus.DRAFT},
    ListingStatus.EXPIRED: {ListingStatus.ARCHIVED},
    ListingStatus.ARCHIVED: set(),
}

# Statuses whose detail page anyone may open (with a banner when no longer
# on offer). Only PUBLISHED listings are searchable and matchable.
PUBLIC_STATUSES = (
    ListingStatus.PUBLISHED,
    ListingStatus.LICENSED_EXCLUSIVE,
    ListingStatus.ASSIGNED,
    ListingStatus.EXPIRED,
)
EDITABLE_STATUSES = (
    ListingStatus.DRAFT,
    ListingStatus.PENDING_REVIEW,
    ListingStatus.PUBLISHED,
    ListingStatus.WITHDRAWN,
)


class TrackRecord(models.TextChoices):
    """実施実績 / 許諾実績: 有 / 無 / 不明."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class LicenseType(models.TextChoices):
    EXCLUSIVE = "exclusive", _("Exclusive license (senyo jisshiken)")
    EXCLUSIVE_CONTRACT = "exclusive_contract", _("Exclusive license by contract")
    NON_EXCLUSIVE = "non_exclusive", _("Non-exclusive license")
    OPTION = "option", _("Option")
    RESEARCH_FREE = "research_free", _("Free research use")


class DevelopmentStage(models.TextChoices):
    CONCEPT = "concept", _("Concept / basic research")
    PROOF_OF_CONCEPT = "poc", _("Proof of concept in the lab")
    PROTOTYPE = "prototype", _("Prototype")
    FIELD_TEST = "field_test", _("Field test / validation")
    COMMERCIAL = "commercial", _("In commercial use")


class DisclosureTier(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of verified organisations")
    NDA = "nda", _("Under NDA only")


class ListingSource(models.TextChoices):
    MANUAL = "manual", _("Entered on the site")
    INPIT = "inpit", _("INPIT open patent database")
    CSV = "csv", _("CSV template")
    JSONL = "jsonl", _("JSON Lines")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")


class RightStatus(models.TextChoices):
    PENDING = "pending", _("Pending (application)")
    GRANTED = "granted", _("Granted")
    LAPSED = "lapsed", _("Lapsed")


class IPCKind(models.TextChoices):
    SECTION = "section", _("Section")
    CLASS = "class", _("Class")
    SUBCLASS = "subclass", _("Subclass")
    MAIN_GROUP = "main_group", _("Main group")
    SUBGROUP = "subgroup", _("Subgroup")
