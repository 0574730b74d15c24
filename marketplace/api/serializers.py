"""Serializers of the license-request API: separate input and output shapes."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..constants import (
    RequestLicenseType,
    RequestReason,
    RequestSource,
    RequestStatus,
    Role,
    allowed_targets,
)
from ..models import LicenseRequest, RequestAttachment, RequestMessage
from ..selectors import license_request_roles


class RequestErrorOutputSerializer(serializers.Serializer):
    """The JSON error body of every API error (see config/api.py)."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False)


class _ListingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class _OrgRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_ja = serializers.CharField()
    name_en = serializers.CharField()


class LicenseRequestOutputSerializer(serializers.ModelSerializer):
    listing = _ListingRefSerializer(read_only=True)
    organization = _OrgRefSerializer(read_only=True)
    listing_owner = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = LicenseRequest
        fields = [
            "id",
            "listing",
            "listing_owner",
            "organization",
            "license_type",
            "field_of_use",
            "territory",
            "intended_product",
            "development_plan",
            "is_sme",
            "source",
            "source_match_id",
            "message",
            "status",
            "reason",
            "reason_note",
            "assignee",
            "created_at",
            "submitted_at",
            "status_changed_at",
            "last_activity_at",
            "first_response_at",
            "closed_at",
            "allowed_transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(_OrgRefSerializer)
    def get_listing_owner(self, obj) -> dict:
        return _OrgRefSerializer(obj.listing.owner).data

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(RequestStatus.choices))
    )
    def get_allowed_transitions(self, obj) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        roles = license_request_roles(user=user, request=obj) - {Role.SYSTEM}
        return [str(to) for to in allowed_targets(status=obj.status, roles=roles)]


class LicenseRequestCreateInputSerializer(serializers.Serializer):
    listing = serializers.IntegerField()
    organization = serializers.SlugField(
        required=False,
        help_text="Slug of the requesting company (default: your first company).",
    )
    license_type = serializers.ChoiceField(RequestLicenseType.choices)
    field_of_use = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="Required to submit.",
    )
    territory = serializers.CharField(max_length=200, required=False)
    intended_product = serializers.CharField(
        required=False, allow_blank=True, help_text="Required to submit."
    )
    development_plan = serializers.CharField(required=False, allow_blank=True)
    is_sme = serializers.BooleanField(required=False)
    source = serializers.ChoiceField(RequestSource.choices, required=False)
    source_match_id = serializers.IntegerField(required=False, min_value=1)
    message = serializers.CharField(required=False, allow_blank=True)
    submit = serializers.BooleanField(
        default=True, help_text="Submit at once (false keeps a draft)."
    )


class LicenseRequestFilterInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(RequestStatus.choices, required=False)
    side = serializers.ChoiceField(
        [("requester", "requester"), ("owner", "owner")], required=False
    )


class TransitionInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(RequestStatus.choices)
    reason = serializers.ChoiceField(
        RequestReason.choices, required=False, allow_blank=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AttachmentOutputSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = RequestAttachment
        fields = ["id", "original_name", "content_type", "size", "url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class _AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class RequestMessageOutputSerializer(serializers.ModelSerializer):
    author = _AuthorSerializer(read_only=True, allow_null=True)
    attachments = AttachmentOutputSerializer(many=True, read_only=True)

    class Meta:
        model = RequestMessage
        fields = ["id", "author", "body", "created_at", "attachments"]
        read_only_fields = fields


class RequestMessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, allow_empty=True
    )
