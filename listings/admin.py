"""Operators' admin for listings, their rights and the IPC scheme.

Every write goes through ``listings.services``: the change form, its inlines
and the actions (approve, return to draft, withdraw) call the same services
as the site and the API, so audit events, normalisation and the index flag
are never skipped.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .constants import EDITABLE_STATUSES, LicenseType, ListingStatus
from .models import IPCCode, Listing, ListingIPC, PatentRight
from .numbers import IPCError, normalize_ipc

BOOKKEEPING_FIELDS = (
    "status",
    "created_by",
    "created_at",
    "updated_at",
    "published_at",
    "status_changed_at",
    "content_changed_at",
    "index_dirty",
    "view_count",
    "strategic_field_names",
)


def _messages_of(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _listing_is_editable(obj) -> bool:
    return obj is None or obj.status in EDITABLE_STATUSES


# --- inlines -----------------------------------------------------------------------


class ListingIPCInlineForm(forms.ModelForm):
    class Meta:
        model = ListingIPC
        fields = ["position", "code"]

    def clean_code(self) -> str:
        raw = self.cleaned_data.get("code", "")
        try:
            return normalize_ipc(raw)
        except IPCError as exc:
            raise forms.ValidationError(
                _("Not an IPC symbol: %(value)s"), params={"value": raw}
            ) from exc


class ListingIPCInline(admin.TabularInline):
    """IPC symbols of the listing; saved through ``listing_update`` (see ListingAdmin)."""

    model = ListingIPC
    form = ListingIPCInlineForm
    fields = ["position", "code", "section", "subclass", "main_group"]
    readonly_fields = ["section", "subclass", "main_group"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _listing_is_editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _listing_is_editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _listing_is_editable(obj)


class PatentRightInlineForm(forms.ModelForm):
    class Meta:
        model = PatentRight
        fields = list(services.RIGHT_FIELDS)

    def clean(self):
        cleaned = super().clean()
        # The same normalisation the save will do: report bad numbers here, on
        # the form, instead of failing later in the service.
        try:
            services.build_right(
                {f: cleaned.get(f) for f in services.RIGHT_FIELDS if f in cleaned}
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class PatentRightInline(admin.StackedInline):
    """Patent rights of the listing; saved through ``listing_update``."""

    model = PatentRight
    form = PatentRightInlineForm
    extra = 0
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("country", "status", "co_owned"),
                    ("application_number", "filing_date"),
                    ("publication_number", "publication_date"),
                    ("registration_number", "expiry_date"),
                    "applicants",
                    "owners",
                ]
            },
        )
    ]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _listing_is_editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _listing_is_editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _listing_is_editable(obj)


# --- listings ----------------------------------------------------------------------


class ListingAdminForm(forms.ModelForm):
    license_types = forms.MultipleChoiceField(
        label=_("license types offered"),
        choices=LicenseType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    trl = forms.IntegerField(
        label=_("technology readiness level (TRL 1-9)"),
        min_value=1,
        max_value=9,
        required=False,
    )

    class Meta:
        model = Listing
        fields = ["owner", *services.EDITABLE_FIELDS]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=2000,
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if required:
            self.fields["reason"].help_text = _(
                "Sent to the owner organisation: say what they should change."
            )


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    form = ListingAdminForm
    list_display = [
        "title",
        "owner",
        "status",
        "published_at",
        "updated_at",
        "index_dirty",
    ]
    list_filter = [
        "status",
        "source",
        "disclosure_tier",
        "implementation_record",
        "licensing_record",
        "language",
        "index_dirty",
        "strategic_fields",
        ("owner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["owner"]
    search_fields = [
        "title",
        "invention_title",
        "source_id",
        "rights__application_number",
        "rights__publication_number",
        "rights__registration_number",
        "rights__application_number_norm",
        "rights__publication_number_norm",
        "rights__registration_number_norm",
    ]
    date_hierarchy = "created_at"
    autocomplete_fields = ["owner"]
    readonly_fields = BOOKKEEPING_FIELDS
    inlines = [ListingIPCInline, PatentRightInline]
    actions = ["approve", "return_to_draft", "withdraw"]
    save_as = False
    fieldsets = [
        (None, {"fields": ["owner", "language", "title", "invention_title"]}),
        (
            _("Technology"),
            {
                "fields": [
                    "summary",
                    "overview",
                    "purpose",
                    "effect",
                    "applicable_products",
                    "advantages",
                    "claims",
                    "inventors",
                    ("technical_field_1", "technical_field_2", "technical_field_3"),
                    ("function_1", "function_2", "function_3"),
                    ("implementation_record", "licensing_record"),
                    ("development_stage", "trl"),
                ]
            },
        ),
        (
            _("Offer"),
            {
                "fields": [
                    ("offers_license", "offers_assignment"),
                    "license_types",
                    "desired_terms",
                    ("technical_support", "samples_available"),
                    "region",
                    "disclosure_tier",
                ]
            },
        ),
        (
            _("Contact"),
            {
                "fields": [
                    ("contact_name", "contact_email", "contact_phone"),
                    "contact_note",
                ]
            },
        ),
        (
            _("Source"),
            {
                "fields": [
                    ("source", "source_id"),
                    ("source_registered_on", "source_updated_on"),
                ]
            },
        ),
        (_("Bookkeeping"), {"fields": BOOKKEEPING_FIELDS}),
    ]

    @admin.display(description=_("strategic fields"))
    def strategic_field_names(self, obj):
        # Tagged by the fields' rules (see StrategicField), never typed in.
        return ", ".join(f.name for f in obj.strategic_fields.all()) or "—"

    def get_readonly_fields(self, request, obj=None):
        # The owner of an existing listing never changes (its history,
        # requests and matches belong to that organisation).
        if obj is not None:
            return [*BOOKKEEPING_FIELDS, "owner"]
        return list(BOOKKEEPING_FIELDS)

    def has_change_permission(self, request, obj=None):
        # Listings that left the market (licensed, assigned, expired,
        # archived) are history: view only, as the services refuse edits.
        return super().has_change_permission(request, obj) and _listing_is_editable(obj)

    # The change form is saved in one service call from save_related, which is
    # the first place both the form and the inline formsets are at hand.
    def save_model(self, request, obj, form, change):
        pass

    def save_formset(self, request, form, formset, change):
        pass

    def save_related(self, request, form, formsets, change):
        data = {
            f: form.cleaned_data[f]
            for f in services.EDITABLE_FIELDS
            if f in form.cleaned_data
        }
        ipc_codes = rights = None
        for formset in formsets:
            if formset.model is ListingIPC:
                ipc_codes = [
                    f.cleaned_data["code"]
                    for f in sorted(
                        self._kept_forms(formset),
                        key=lambda f: f.cleaned_data.get("position") or 0,
                    )
                ]
            elif formset.model is PatentRight:
                rights = [
                    {
                        k: v
                        for k, v in f.cleaned_data.items()
                        if k in services.RIGHT_FIELDS
                    }
                    for f in self._kept_forms(formset)
                ]
        for formset in formsets:
            # construct_change_message reads what formset.save() would have set.
            formset.new_objects, formset.changed_objects = [], []
            formset.deleted_objects = []
        listing = form.instance
        if change:
            saved = services.listing_update(
                listing=listing,
                by=request.user,
                data=data,
                ipc_codes=ipc_codes,
                rights=rights,
            )
        else:
            saved = services.listing_create(
                owner=form.cleaned_data["owner"],
                by=request.user,
                data=data,
                ipc_codes=ipc_codes or (),
                rights=rights or (),
            )
        # The admin logs and redirects with this object: give it the saved row.
        listing.pk = saved.pk
        listing.refresh_from_db()

    @staticmethod
    def _kept_forms(formset):
        return [
            f
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    # --- actions -------------------------------------------------------------------

    def _run(self, request, queryset, call, done_message) -> None:
        """Run ``call(listing)`` per listing; report successes and each failure.

        ``done_message(count)`` words the success summary.
        """
        done = 0
        for listing in queryset.select_related("owner"):
            try:
                call(listing)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request,
                    _("“%(listing)s”: %(error)s")
                    % {"listing": listing, "error": _messages_of(exc)},
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    def _reason_action(self, request, queryset, *, action, title, required, call):
        """Ask for a reason on an intermediate page, then run ``call(listing, reason)``."""
        if "apply" in request.POST:
            form = ReasonForm(request.POST, required=required)
            if form.is_valid():
                reason = form.cleaned_data["reason"]
                self._run(
                    request,
                    queryset,
                    lambda listing: call(listing, reason),
                    lambda n: ngettext(
                        "%(count)d listing changed.", "%(count)d listings changed.", n
                    )
                    % {"count": n},
                )
                return None
        else:
            form = ReasonForm(required=required)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(
            request, "admin/listings/listing/reason_action.html", context
        )

    @admin.action(description=_("Approve and publish the selected listings"))
    def approve(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda listing: services.listing_approve(listing=listing, by=request.user),
            lambda n: ngettext(
                "%(count)d listing approved and published.",
                "%(count)d listings approved and published.",
                n,
            )
            % {"count": n},
        )

    @admin.action(
        description=_("Return the selected listings to draft (with a reason)")
    )
    def return_to_draft(self, request, queryset):
        def call(listing, reason):
            # The service would also turn a withdrawn listing into a draft;
            # this action is the review's answer, for pending listings only.
            if listing.status != ListingStatus.PENDING_REVIEW:
                raise ValidationError(
                    _("Only listings waiting for review can be returned to draft.")
                )
            services.listing_return_to_draft(
                listing=listing, by=request.user, reason=reason
            )

        return self._reason_action(
            request,
            queryset,
            action="return_to_draft",
            title=_("Return listings to draft"),
            required=True,
            call=call,
        )

    @admin.action(description=_("Withdraw the selected listings"))
    def withdraw(self, request, queryset):
        return self._reason_action(
            request,
            queryset,
            action="withdraw",
            title=_("Withdraw listings"),
            required=False,
            call=lambda listing, reason: services.listing_withdraw(
                listing=listing, by=request.user, reason=reason
            ),
        )


# --- patent rights and the IPC scheme ------------------------------------------------


@admin.register(PatentRight)
class PatentRightAdmin(admin.ModelAdmin):
    """Find rights by any number; edit them on their listing (normalised there)."""

    list_display = [
        "display_number",
        "listing",
        "country",
        "status",
        "filing_date",
        "expiry_date",
        "co_owned",
    ]
    list_filter = ["status", "country", "co_owned"]
    list_select_related = ["listing"]
    search_fields = [
        "application_number",
        "publication_number",
        "registration_number",
        "application_number_norm",
        "publication_number_norm",
        "registration_number_norm",
        "applicants",
        "owners",
        "listing__title",
    ]
    raw_id_fields = ["listing"]

    @admin.display(description=_("number"))
    def display_number(self, obj):
        return obj.display_number

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IPCCode)
class IPCCodeAdmin(admin.ModelAdmin):
    """The IPC scheme (loaded by ``listings_load_ipc``); operators add Japanese titles."""

    list_display = ["code", "kind", "level", "title_en", "title_ja"]
    list_editable = ["title_ja"]
    list_filter = ["kind", "level"]
    search_fields = ["^code", "title_en", "title_ja"]
    fields = ["code", "kind", "level", "parent", "title_en", "title_ja"]
    readonly_fields = ["code", "kind", "level", "parent", "title_en"]
    list_per_page = 50
    # 75,000 rows: skip the unfiltered COUNT(*) on every search.
    show_full_result_count = False
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }

    def get_search_results(self, request, queryset, search_term):
        # Symbols contain a space ("H01M 4/38") and the admin splits search
        # terms on spaces: treat anything shaped like a symbol as a code prefix.
        compact = re.sub(r"\s+", "", search_term).upper()
        if re.fullmatch(r"[A-H]\d{2}[A-Z]\d[\d/]*", compact):
            return queryset.filter(
                code__startswith=f"{compact[:4]} {compact[4:]}"
            ), False
        if re.fullmatch(r"[A-H](\d{2}[A-Z]?)?", compact):
            return queryset.filter(code__startswith=compact), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        # Codes come from the WIPO scheme file, never typed in.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from . import admin_strategic  # noqa: F401, E402  (the strategic fields' admin)

# The import jobs' admin lives in its own module (owned by the import work).
try:
    from . import admin_import  # noqa: F401, E402
except ModuleNotFoundError as exc:  # pragma: no cover - only while it is absent
    if exc.name != f"{__package__}.admin_import":
        raise
