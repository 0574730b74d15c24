"""Forms of the listing pages: parse and present input, the services validate it.

The forms check only what a browser can get wrong (types, lengths, choices);
the rules of a listing live in ``listings.services`` and their errors are put
back onto these forms by the views.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import LicenseType, RightStatus
from .models import Listing
from .services import EDITABLE_FIELDS, build_right

# The form's fieldsets, in order: (legend, field names).
FIELDSETS = (
    (
        _("Technology"),
        (
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
            "ipc_codes",
            "development_stage",
            "trl",
            "implementation_record",
            "licensing_record",
        ),
    ),
    (_("Rights"), ()),  # the rights formset is rendered in this fieldset
    (
        _("Terms of the offer"),
        (
            "offers_license",
            "offers_assignment",
            "license_types",
            "desired_terms",
            "technical_support",
            "samples_available",
        ),
    ),
    (
        _("Contact"),
        ("contact_name", "contact_email", "contact_phone", "contact_note", "region"),
    ),
    (
        _("Visibility"),
        (
            "disclosure_tier",
            "language",
            "source",
            "source_id",
            "source_registered_on",
            "source_updated_on",
        ),
    ),
)

_LIST_SPLIT_RE = re.compile(r"[,、，;；\s]+")


def split_ipc_input(text: str) -> list[str]:
    """Split the IPC text box into symbols.

    Symbols are separated by commas, semicolons or line breaks; a single space
    inside a symbol ("H01M 4/38") is kept, so "H01M 4/38 H01M 10/052" is read
    as two symbols by re-joining a subclass with the group that follows it.
    """
    tokens = [t for t in _LIST_SPLIT_RE.split(text or "") if t]
    codes: list[str] = []
    for token in tokens:
        # "4/38" after "H01M" belongs to it: the user typed "H01M 4/38".
        if codes and "/" in token and token[0].isdigit() and "/" not in codes[-1]:
            codes[-1] = f"{codes[-1]} {token}"
        else:
            codes.append(token)
    return codes


class LinesField(forms.CharField):
    """A list of strings entered one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ListingForm(forms.ModelForm):
    """Every editable field of a listing, plus its IPC symbols as one text box."""

    ipc_codes = forms.CharField(
        label=_("IPC codes"),
        required=False,
        help_text=_(
            "Separate symbols with commas or line breaks, e.g. H01M 10/0562, "
            "H01M 4/38. The first one is the main classification."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    license_types = forms.MultipleChoiceField(
        label=_("License types offered"),
        choices=LicenseType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    claims = LinesField(
        label=_("Claims"), required=False, help_text=_("One claim per line.")
    )
    inventors = LinesField(
        label=_("Inventors"), required=False, help_text=_("One name per line.")
    )

    class Meta:
        model = Listing
        fields = EDITABLE_FIELDS
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 6}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 3}),
            "applicable_products": forms.Textarea(attrs={"rows": 2}),
            "advantages": forms.Textarea(attrs={"rows": 3}),
            "desired_terms": forms.Textarea(attrs={"rows": 2}),
            "contact_note": forms.Textarea(attrs={"rows": 2}),
            "source_registered_on": forms.DateInput(attrs={"type": "date"}),
            "source_updated_on": forms.DateInput(attrs={"type": "date"}),
            "trl": forms.NumberInput(attrs={"min": 1, "max": 9}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["ipc_codes"] = ", ".join(self.instance.ipc_codes)
        # Date inputs need ISO dates whatever the active locale's format.
        for name in ("source_registered_on", "source_updated_on"):
            self.fields[name].widget.format = "%Y-%m-%d"

    def _post_clean(self):
        # The model is validated by the service (listing_create/update), whose
        # errors the view maps back onto this form; validating here as well
        # would report some errors twice and others differently.
        pass

    def fieldsets(self):
        """(legend, bound fields) in display order, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def listing_data(self) -> dict:
        """The cleaned data the service takes as ``data``."""
        return {k: v for k, v in self.cleaned_data.items() if k in EDITABLE_FIELDS}

    def ipc_list(self) -> list[str]:
        return split_ipc_input(self.cleaned_data.get("ipc_codes", ""))


class RightForm(forms.Form):
    """One patent right (a row of the rights formset)."""

    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Two letters; taken from the number when left empty."),
        widget=forms.TextInput(attrs={"size": 3}),
    )
    application_number = forms.CharField(
        label=_("Application number"), max_length=40, required=False
    )
    filing_date = forms.DateField(
        label=_("Filing date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    publication_number = forms.CharField(
        label=_("Publication number"), max_length=40, required=False
    )
    publication_date = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=40, required=False
    )
    status = forms.ChoiceField(
        label=_("Right status"), choices=RightStatus.choices, required=False
    )
    expiry_date = forms.DateField(
        label=_("Expiry date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    applicants = forms.CharField(label=_("Applicants"), required=False)
    owners = forms.CharField(label=_("Right holders"), required=False)
    co_owned = forms.BooleanField(label=_("Co-owned"), required=False)

    NUMBER_FIELDS = ("application_number", "publication_number", "registration_number")
    CONTENT_FIELDS = (
        *NUMBER_FIELDS,
        "filing_date",
        "expiry_date",
        "applicants",
        "owners",
    )

    def is_blank(self) -> bool:
        """True for a row the user left empty (status and flags alone don't count)."""
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(data.get(f) for f in self.CONTENT_FIELDS)

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        if not any(data.get(f) for f in self.NUMBER_FIELDS):
            raise ValidationError(
                _(
                    "Enter at least one number (application, publication or registration)."
                )
            )
        # Per-row number check, so an error is shown beside the right row;
        # build_right is the service's own (pure) normaliser.
        try:
            build_right(self.right_data())
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data

    def right_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}
        data["status"] = data.get("status") or RightStatus.PENDING
        data["country"] = (data.get("country") or "").upper()
        for text in (*self.NUMBER_FIELDS, "applicants", "owners"):
            data[text] = data.get(text) or ""
        return data


RightFormSet = forms.formset_factory(RightForm, extra=1, can_delete=True, max_num=50)


def right_initial(listing: Listing) -> list[dict]:
    """The formset's initial rows for an existing listing."""
    return [
        {
            "country": r.country,
            "application_number": r.application_number,
            "filing_date": r.filing_date,
            "publication_number": r.publication_number,
            "publication_date": r.publication_date,
            "registration_number": r.registration_number,
            "status": r.status,
            "expiry_date": r.expiry_date,
            "applicants": r.applicants,
            "owners": r.owners,
            "co_owned": r.co_owned,
        }
        for r in listing.rights.order_by("id")
    ]


def rights_data(formset) -> list[dict]:
    """The rights the service takes: filled rows not marked for deletion."""
    return [
        form.right_data()
        for form in formset.forms
        if not form.is_blank() and not form.cleaned_data.get("DELETE")
    ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
