"""The upload form of the listing import page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from .models import ImportJob


class ImportUploadForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None, required=False
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ImportJob.Format.choices,
        widget=forms.RadioSelect,
        initial=ImportJob.Format.INPIT_CSV,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV in UTF-8 or Shift_JIS (CP932); JSON Lines in UTF-8. At most %(mb)s MB."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish the imported listings (or send them to review)"),
        required=False,
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and count, write nothing"), required=False
    )
    skip_invalid = forms.BooleanField(
        label=_("Skip invalid rows (import the valid ones and list the rest)"),
        required=False,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        ).order_by("name_ja")
        self._organizations = list(organizations)
        if len(organizations) == 1:
            self.fields["owner"].initial = organizations[0].pk
            self.fields["owner"].widget = forms.HiddenInput()
        limit = settings.LISTINGS_IMPORT_UPLOAD_MAX_BYTES
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "mb": f"{limit / 1_048_576:.0f}"
        }

    def clean_owner(self):
        owner = self.cleaned_data.get("owner")
        if owner is None and len(self._organizations) == 1:
            return self._organizations[0]
        if owner is None:
            raise forms.ValidationError(_("Choose the organisation to import for."))
        return owner

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.LISTINGS_IMPORT_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is too large (at most %(mb)s MB). Split it into smaller files."
                )
                % {"mb": f"{limit / 1_048_576:.0f}"}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
