"""Listings: licensable technologies, their patent rights and the IPC scheme.

Field names are English; the labels (verbose_name) are shown in Japanese
through the app's catalogue. Where INPIT's bulk CSV has a column, the field
follows it (the column name is in the comment beside the field).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.constants import PREFECTURE_CHOICES, prefecture_label
from accounts.models import Organization

from .constants import (
    DevelopmentStage,
    DisclosureTier,
    IPCKind,
    LicenseType,
    ListingSource,
    ListingStatus,
    RightStatus,
    TrackRecord,
)

RESERVED_SLUGS = frozenset({"edit", "preview", "actions"})


_PK_STAND_IN, _SLUG_STAND_IN = 7310, "slug-7310"
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # as django.urls.resolvers quotes


@lru_cache(maxsize=16)
def _detail_url_pattern(urlconf: str, prefix: str) -> tuple[str, str]:
    # reverse() once with stand-ins; urlconf and prefix are part of the key
    # (a test may change either).
    url = reverse(
        "listings:detail", kwargs={"pk": _PK_STAND_IN, "slug": _SLUG_STAND_IN}
    )
    head, tail = url.split(f"/{_PK_STAND_IN}/{_SLUG_STAND_IN}/")
    return head, tail


def _detail_url(urlconf: str, prefix: str, pk: int, slug: str) -> str:
    """``reverse("listings:detail", ...)`` without its cost (0.1-0.15 ms a call).

    Results pages ask for 20 to 100 of these; the slug is quoted the way
    reverse() quotes the whole URL (a test compares the two).
    """
    head, tail = _detail_url_pattern(urlconf, prefix)
    return f"{head}/{int(pk)}/{quote(slug, safe=_URL_SAFE)}/{tail}"


class IPCCode(models.Model):
    """One symbol of the International Patent Classification, with its titles."""

    code = models.CharField(_("IPC symbol"), max_length=20, unique=True)
    kind = models.CharField(_("level kind"), max_length=12, choices=IPCKind.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        to_field="code",
        db_constraint=False,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="children",
    )
    title_en = models.TextField(_("title (English)"), blank=True)
    title_ja = models.TextField(_("title (Japanese)"), blank=True)

    class Meta:
        verbose_name = _("IPC code")
        verbose_name_plural = _("IPC codes")
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        if (get_language() or "ja").startswith("en"):
            return self.title_en or self.title_ja
        return self.title_ja or self.title_en


class StrategicField(models.Model):
    """A strategic technology field (e.g. Japan's 2025 growth strategy's 17 fields).

    Listings and needs are tagged with fields by rules: an IPC prefix match on
    the normalised symbol ("H01L", "G06F 21") or a keyword in the text. The
    rules are admin-editable; changing them queues a re-tag.
    """

    slug = models.SlugField(_("slug"), unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Why these rules: shown to operators and in the documentation."),
    )
    ipc_prefixes = models.JSONField(
        _("IPC prefixes"),
        default=list,
        blank=True,
        help_text=_(
            'IPC prefixes, e.g. ["G06N", "H01L", "G06F 21/00", "H04B 10/70"]: a '
            "section, class, subclass, main group or subgroup."
        ),
    )
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_(
            "Optional Japanese/English words matched in the title and text "
            "(Latin words as whole words), where IPC alone is too coarse."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    rules_changed_at = models.DateTimeField(_("rules changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("strategic field")
        verbose_name_plural = _("strategic fields")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "ja").startswith("en"):
            return self.name_en or self.name_ja
        return self.name_ja or self.name_en


class Listing(models.Model):
    """One licensable technology offered by a university/TLO or rights holder."""

    owner = models.ForeignKey(
        Organization,
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="listings",
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=ListingStatus.choices,
        default=ListingStatus.DRAFT,
        db_index=True,
    )
    language = models.CharField(
        _("language of the text"),
        max_length=2,
        choices=[("ja", "日本語"), ("en", "English")],
        default="ja",
    )

    # --- the technology (INPIT columns in comments) ---
    title = models.CharField(_("title"), max_length=300)  # タイトル
    invention_title = models.CharField(
        _("title of invention"), max_length=500, blank=True
    )  # 発明の名称
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    overview = models.TextField(_("technical overview"), blank=True)  # 技術概要
    purpose = models.TextField(_("purpose"), blank=True)  # 目的
    effect = models.TextField(_("effect"), blank=True)  # 効果
    applicable_products = models.TextField(
        _("applicable products"), blank=True
    )  # 適用製品
    advantages = models.TextField(_("advantages over existing solutions"), blank=True)
    claims = models.JSONField(_("claims"), default=list, blank=True)
    inventors = models.JSONField(_("inventors"), default=list, blank=True)
    technical_field_1 = models.CharField(
        _("technical field 1"), max_length=100, blank=True
    )
    technical_field_2 = models.CharField(
        _("technical field 2"), max_length=100, blank=True
    )
    technical_field_3 = models.CharField(
        _("technical field 3"), max_length=100, blank=True
    )
    function_1 = models.CharField(_("function 1"), max_length=100, blank=True)
    function_2 = models.CharField(_("function 2"), max_length=100, blank=True)
    function_3 = models.CharField(_("function 3"), max_length=100, blank=True)
    implementation_record = models.CharField(
        _("implementation record"),
        max_length=8,
        choices=TrackRecord.choices,
        default=TrackRecord.UNKNOWN,
    )  # 実施実績：有無
    licensing_record = models.CharField(
        _("licensing record"),
        max_length=8,
        choices=TrackRecord.choices,
        default=TrackRecord.UNKNOWN,
    )  # 許諾実績：有無
    development_stage = models.CharField(
        _("development stage"),
        max_length=16,
        choices=DevelopmentStage.choices,
        blank=True,
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level (TRL 1-9)"), null=True, blank=True
    )

    # --- the offer ---
    offers_assignment = models.BooleanField(_("assignment offered"), default=False)
    offers_license = models.BooleanField(_("license offered"), default=True)
    license_types = models.JSONField(
        _("license types offered"),
        default=list,
        blank=True,
        help_text=_(
            "Any of: exclusive, exclusive_contract, non_exclusive, option, "
            "research_free."
        ),
    )
    desired_terms = models.TextField(
        _("desired terms"), blank=True, default="応相談"
    )  # 希望条件
    technical_support = models.BooleanField(
        _("technical support available"), default=False
    )
    samples_available = models.BooleanField(_("samples available"), default=False)
    region = models.CharField(
        _("region (prefecture)"), max_length=2, choices=PREFECTURE_CHOICES, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_note = models.TextField(_("contact note"), blank=True)
    disclosure_tier = models.CharField(
        _("disclosure tier"),
        max_length=8,
        choices=DisclosureTier.choices,
        default=DisclosureTier.PUBLIC,
    )

    # --- provenance ---
    source = models.CharField(
        _("source"),
        max_length=8,
        choices=ListingSource.choices,
        default=ListingSource.MANUAL,
    )
    source_id = models.CharField(
        _("source id"),
        max_length=64,
        blank=True,
        help_text=_("e.g. the INPIT open patent number (開放特許情報番号)"),
    )
    source_registered_on = models.DateField(
        _("registered at the source on"), null=True, blank=True
    )  # 開放特許情報登録日
    source_updated_on = models.DateField(
        _("last updated at the source on"), null=True, blank=True
    )  # 最新更新日

    # --- bookkeeping ---
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(
        _("updated at"), default=timezone.now, db_index=True
    )
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, db_index=True
    )
    status_changed_at = models.DateTimeField(
        _("status changed at"), null=True, blank=True
    )
    # Bumped when text, IPC or rights change: matching re-proposes a rejected
    # pair only when either side's content changed after the rejection.
    content_changed_at = models.DateTimeField(
        _("content changed at"), default=timezone.now
    )
    # The search index follows the database: set on every change, cleared by
    # the indexer once the index holds this version; a sweeper retries.
    index_dirty = models.BooleanField(
        _("needs reindexing"), default=True, db_index=True
    )
    view_count = models.PositiveIntegerField(_("views"), default=0)
    strategic_fields = models.ManyToManyField(
        StrategicField,
        verbose_name=_("strategic fields"),
        related_name="listings",
        blank=True,
    )

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["owner", "source", "source_id"]),
            models.Index(fields=["status", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        slug = slugify(self.title, allow_unicode=True)[:60] or "listing"
        if slug in RESERVED_SLUGS:
            # /listings/<pk>/edit/ etc. belong to the owner's pages.
            slug = f"{slug}-listing"
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        return _detail_url(str(urlconf), get_script_prefix(), self.pk, slug)

    @property
    def technical_fields(self) -> list[str]:
        return [
            f
            for f in (
                self.technical_field_1,
                self.technical_field_2,
                self.technical_field_3,
            )
            if f
        ]

    @property
    def functions(self) -> list[str]:
        return [f for f in (self.function_1, self.function_2, self.function_3) if f]

    @property
    def ipc_codes(self) -> list[str]:
        """The listing's IPC symbols in the order given (first = main)."""
        return [row.code for row in self.ipc_entries.all()]

    @property
    def region_name(self) -> str:
        return prefecture_label(self.region, get_language() or "ja")

    @property
    def is_on_offer(self) -> bool:
        return self.status == ListingStatus.PUBLISHED

    @property
    def license_type_labels(self) -> list[str]:
        labels = dict(LicenseType.choices)
        return [str(labels.get(value, value)) for value in self.license_types]


class ListingIPC(models.Model):
    """One IPC symbol of a listing, split into its levels for facets and prefix filters."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="ipc_entries"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("IPC symbol"), max_length=20)
    section = models.CharField(_("section"), max_length=1, db_index=True)
    ipc_class = models.CharField(_("class"), max_length=3, db_index=True)
    subclass = models.CharField(_("subclass"), max_length=4, db_index=True)
    main_group = models.CharField(_("main group"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("listing IPC symbol")
        verbose_name_plural = _("listing IPC symbols")
        ordering = ["listing", "position"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "code"], name="uniq_listing_ipc")
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.code


class PatentRight(models.Model):
    """One patent or application behind a listing (one row per country/family member)."""

    listing = models.ForeignKey(
        Listing,
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="rights",
    )
    country = models.CharField(_("country"), max_length=2, default="JP")
    application_number = models.CharField(
        _("application number"), max_length=40, blank=True
    )  # 出願番号
    application_number_norm = models.CharField(max_length=32, blank=True, db_index=True)
    filing_date = models.DateField(_("filing date"), null=True, blank=True)  # 出願日
    publication_number = models.CharField(
        _("publication number"), max_length=40, blank=True
    )  # 公開番号
    publication_number_norm = models.CharField(max_length=32, blank=True, db_index=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    registration_number = models.CharField(
        _("registration number"), max_length=40, blank=True
    )  # 登録番号
    registration_number_norm = models.CharField(
        max_length=32, blank=True, db_index=True
    )
    status = models.CharField(
        _("right status"),
        max_length=8,
        choices=RightStatus.choices,
        default=RightStatus.PENDING,
    )
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    applicants = models.TextField(_("applicants"), blank=True)  # 出願人
    owners = models.TextField(_("right holders"), blank=True)  # 特許権者
    co_owned = models.BooleanField(_("co-owned"), default=False)

    class Meta:
        verbose_name = _("patent right")
        verbose_name_plural = _("patent rights")
        ordering = ["listing", "id"]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return (
            self.registration_number
            or self.publication_number
            or self.application_number
            or "—"
        )

    @property
    def normalized_numbers(self) -> list[str]:
        return [
            n
            for n in (
                self.application_number_norm,
                self.publication_number_norm,
                self.registration_number_norm,
            )
            if n
        ]

    @property
    def is_unpublished_application(self) -> bool:
        return (
            self.status == RightStatus.PENDING
            and not self.publication_number
            and not self.registration_number
        )

    def is_lapsed(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == RightStatus.LAPSED or bool(
            self.expiry_date and self.expiry_date < today
        )


class ImportJob(models.Model):
    """One upload of listings (INPIT CSV, CSV template or JSON Lines) and its outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        INPIT_CSV = "inpit-csv", _("INPIT open patent CSV")
        CSV = "csv", _("CSV template")
        JSONL = "jsonl", _("JSON Lines (patent records)")

    owner = models.ForeignKey(
        Organization,
        verbose_name=_("owner organisation"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    options = models.JSONField(_("options"), default=dict, blank=True)
    language = models.CharField(_("language of messages"), max_length=8, default="ja")
    # Path relative to PRIVATE_MEDIA_ROOT: uploads are never publicly served.
    file_path = models.CharField(_("stored file"), max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    published_count = models.PositiveIntegerField(_("published"), default=0)
    pending_review_count = models.PositiveIntegerField(_("sent to review"), default=0)
    # [{"line": int, "field": str, "message": str}, ...], capped.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("listing import")
        verbose_name_plural = _("listing imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.original_name} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("listings:import_job", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0
