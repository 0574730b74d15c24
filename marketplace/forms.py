"""Forms of the license-request pages (input parsing only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import REASONS_FOR, RequestReason, RequestStatus
from .models import LicenseRequest


class LicenseRequestForm(forms.ModelForm):
    class Meta:
        model = LicenseRequest
        fields = [
            "license_type",
            "field_of_use",
            "territory",
            "intended_product",
            "development_plan",
            "is_sme",
            "source",
            "message",
        ]
        widgets = {
            "intended_product": forms.Textarea(attrs={"rows": 3}),
            "development_plan": forms.Textarea(attrs={"rows": 4}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "development_plan": _("Milestones and dates, e.g. prototype in 2027."),
            "is_sme": _("Tick if your company is an SME under the SME Basic Act."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional on a draft in the model; the page always asks for them.
        for name in ("field_of_use", "intended_product"):
            self.fields[name].required = True


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, PNG, JPEG, DOCX, XLSX, PPTX, TXT, CSV or ZIP."),
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=RequestStatus.choices, widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "---------"), *RequestReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


def reason_choices_for(to: str) -> list[tuple[str, str]]:
    """The reason choices offered for a target state (empty when none is needed)."""
    values = REASONS_FOR.get(to, ())
    return [(value, RequestReason(value).label) for value in values]
