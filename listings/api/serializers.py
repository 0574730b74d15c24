"""Input and output shapes of the listings API.

Output serializers only render; input serializers only parse. Every write
goes through ``listings.services`` (the views call it), so nothing here saves.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from accounts.constants import PREFECTURE_CHOICES
from accounts.models import Organization

from .. import selectors
from ..constants import (
    DevelopmentStage,
    DisclosureTier,
    IPCKind,
    LicenseType,
    ListingSource,
    ListingStatus,
    RightStatus,
    TrackRecord,
)
from ..models import IPCCode, Listing, PatentRight

LANGUAGE_CHOICES = Listing._meta.get_field("language").choices

# Fields left out of the teaser (``listing_shows_full_text`` is False), the
# same ones the listing page hides: the long texts, the invention's own title,
# functions, TRL, inventors, the patent rights and the contacts.
TEASER_HIDDEN_FIELDS = (
    "invention_title",
    "overview",
    "purpose",
    "effect",
    "applicable_products",
    "advantages",
    "claims",
    "inventors",
    "function_1",
    "function_2",
    "function_3",
    "trl",
    "rights",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_note",
)


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose OpenAPI enum is one named component (``enum_name``).

    drf-spectacular names enums after the field, so the same vocabulary under
    two field names (implementation_record / licensing_record), or two
    vocabularies under one name (``status``), produce naming warnings; naming
    the vocabulary here keeps the schema warning-free without global settings.
    """

    def __init__(self, *args, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(*args, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def map_serializer_field(self, auto_schema, direction):
        schema = build_choice_field(self.target)
        schema.pop("x-spec-enum-id", None)
        component = ResolvedComponent(
            name=self.target.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=self.target.enum_name,
            schema=schema,
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def _choice(enum_name: str, choices, **kwargs) -> NamedChoiceField:
    return NamedChoiceField(choices=choices, enum_name=enum_name, **kwargs)


# --- output ------------------------------------------------------------------------


class FastOutputMixin:
    """``to_representation`` of a read-only ModelSerializer, with less overhead.

    The output is DRF's own: every field still goes through its
    ``to_representation``. Only the attribute lookup is direct for fields that
    read one concrete, non-relation model field (DRF's generic lookup checks
    every value for a callable and walks dotted sources); other fields take
    DRF's path. A list page renders a thousand fields, so this halves its cost.
    """

    # (serializer class, field name, depth) -> (field class, keyword arguments):
    # what ModelSerializer derives from the model's metadata on every request.
    _built_fields: dict[tuple, tuple] = {}

    def build_field(self, field_name, info, model_class, nested_depth):
        key = (type(self), field_name, nested_depth)
        built = self._built_fields.get(key)
        if built is None:
            built = super().build_field(field_name, info, model_class, nested_depth)
            self._built_fields[key] = built
        field_class, kwargs = built
        return field_class, dict(kwargs)

    def _fast_plan(self) -> list[tuple]:
        plan = self.__dict__.get("_fast_plan_cache")
        if plan is None:
            model = self.Meta.model
            concrete = {
                f.name
                for f in model._meta.concrete_fields
                if not f.is_relation and f.attname == f.name
            }
            plan = []
            for field in self._readable_fields:
                attrs = field.source_attrs
                direct = len(attrs) == 1 and attrs[0] in concrete
                plan.append((field.field_name, attrs[0] if direct else None, field))
            self.__dict__["_fast_plan_cache"] = plan
        return plan

    def to_representation(self, instance) -> dict:
        data = {}
        for name, attribute, field in self._fast_plan():
            if attribute is not None:
                value = getattr(instance, attribute)
            else:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                if isinstance(value, PKOnlyObject):
                    data[name] = (
                        None if value.pk is None else field.to_representation(value)
                    )
                    continue
            data[name] = None if value is None else field.to_representation(value)
        return data


class ErrorOutputSerializer(serializers.Serializer):
    """The JSON error body of every API error (see config/api.py)."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False)


class OwnerOutputSerializer(FastOutputMixin, serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name_ja", "name_en"]
        read_only_fields = fields


class ListingIPCOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()


class PatentRightOutputSerializer(FastOutputMixin, serializers.ModelSerializer):
    display_number = serializers.CharField()
    status = _choice("RightStatusEnum", RightStatus.choices)

    class Meta:
        model = PatentRight
        fields = [
            "country",
            "application_number",
            "filing_date",
            "publication_number",
            "publication_date",
            "registration_number",
            "display_number",
            "status",
            "expiry_date",
            "applicants",
            "owners",
            "co_owned",
        ]
        read_only_fields = fields


class ListingOutputSerializer(FastOutputMixin, serializers.ModelSerializer):
    """A listing as its viewer may see it.

    The long text fields are omitted (not blanked) when the viewer sees the
    teaser only; ``full_text`` says which one the client got. Pass
    ``context={"request": ..., "ipc_titles": {...}}``; without ``ipc_titles``
    the titles are looked up per listing.
    """

    url = serializers.SerializerMethodField()
    owner = OwnerOutputSerializer(read_only=True)
    ipc = serializers.SerializerMethodField()
    # Not read-only: drf-spectacular would then call it required, and the
    # teaser leaves it out. Output only either way.
    rights = PatentRightOutputSerializer(many=True, required=False)
    full_text = serializers.SerializerMethodField()
    status = _choice("ListingStatusEnum", ListingStatus.choices)
    language = _choice("ListingLanguageEnum", LANGUAGE_CHOICES)
    implementation_record = _choice("TrackRecordEnum", TrackRecord.choices)
    licensing_record = _choice("TrackRecordEnum", TrackRecord.choices)
    development_stage = _choice(
        "DevelopmentStageEnum", DevelopmentStage.choices, allow_blank=True
    )
    license_types = serializers.ListField(
        child=_choice("LicenseTypeEnum", LicenseType.choices)
    )
    region = _choice("ListingRegionEnum", PREFECTURE_CHOICES, allow_blank=True)
    disclosure_tier = _choice("DisclosureTierEnum", DisclosureTier.choices)
    source = _choice("ListingSourceEnum", ListingSource.choices)

    class Meta:
        model = Listing
        fields = [
            "id",
            "url",
            "status",
            "language",
            "owner",
            "title",
            "summary",
            "full_text",
            *TEASER_HIDDEN_FIELDS,
            "technical_field_1",
            "technical_field_2",
            "technical_field_3",
            "ipc",
            "implementation_record",
            "licensing_record",
            "development_stage",
            "offers_assignment",
            "offers_license",
            "license_types",
            "desired_terms",
            "technical_support",
            "samples_available",
            "region",
            "disclosure_tier",
            "source",
            "source_id",
            "source_registered_on",
            "source_updated_on",
            "created_at",
            "updated_at",
            "published_at",
            "status_changed_at",
        ]
        # The teaser fields stay writable-looking on purpose: drf-spectacular
        # marks every read-only field "required", and these may be absent.
        read_only_fields = [f for f in fields if f not in TEASER_HIDDEN_FIELDS]
        extra_kwargs = {
            f: {"required": False} for f in TEASER_HIDDEN_FIELDS if f != "rights"
        }

    def get_url(self, listing: Listing) -> str:
        request = self.context.get("request")
        path = listing.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(ListingIPCOutputSerializer(many=True))
    def get_ipc(self, listing: Listing) -> list[dict]:
        codes = listing.ipc_codes
        titles = self.context.get("ipc_titles")
        if titles is None or any(code not in titles for code in codes):
            titles = selectors.ipc_titles(codes)
        return [
            {"code": code, "title": titles[code].title if titles.get(code) else ""}
            for code in codes
        ]

    def get_full_text(self, listing: Listing) -> bool:
        return self._full_text(listing)

    def _full_text(self, listing: Listing) -> bool:
        cache = self.context.setdefault("_full_text", {})
        if listing.pk not in cache:
            request = self.context.get("request")
            cache[listing.pk] = selectors.listing_shows_full_text(
                listing=listing, user=getattr(request, "user", None)
            )
        return cache[listing.pk]

    def to_representation(self, listing: Listing) -> dict:
        data = super().to_representation(listing)
        if not self._full_text(listing):
            for field in TEASER_HIDDEN_FIELDS:
                data.pop(field, None)
        return data


class IPCCodeOutputSerializer(serializers.ModelSerializer):
    kind = _choice("IPCKindEnum", IPCKind.choices)
    parent = serializers.CharField(source="parent_id", allow_null=True)
    title = serializers.CharField()
    children_count = serializers.IntegerField()

    class Meta:
        model = IPCCode
        fields = [
            "code",
            "kind",
            "level",
            "parent",
            "title",
            "title_ja",
            "title_en",
            "children_count",
        ]
        read_only_fields = fields


# --- input -------------------------------------------------------------------------


class PatentRightInputSerializer(serializers.Serializer):
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    application_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True
    )
    filing_date = serializers.DateField(required=False, allow_null=True)
    publication_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True
    )
    publication_date = serializers.DateField(required=False, allow_null=True)
    registration_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True
    )
    status = _choice("RightStatusEnum", RightStatus.choices, required=False)
    expiry_date = serializers.DateField(required=False, allow_null=True)
    applicants = serializers.CharField(required=False, allow_blank=True)
    owners = serializers.CharField(required=False, allow_blank=True)
    co_owned = serializers.BooleanField(required=False)


class ListingUpdateInputSerializer(serializers.Serializer):
    """Fields of a listing a member may change (PATCH: all optional).

    ``ipc_codes`` and ``rights``, when given, replace the whole list.
    """

    language = _choice("ListingLanguageEnum", LANGUAGE_CHOICES, required=False)
    title = serializers.CharField(max_length=300, required=False)
    invention_title = serializers.CharField(
        max_length=500, required=False, allow_blank=True
    )
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    overview = serializers.CharField(required=False, allow_blank=True)
    purpose = serializers.CharField(required=False, allow_blank=True)
    effect = serializers.CharField(required=False, allow_blank=True)
    applicable_products = serializers.CharField(required=False, allow_blank=True)
    advantages = serializers.CharField(required=False, allow_blank=True)
    claims = serializers.ListField(
        child=serializers.CharField(), required=False, max_length=100
    )
    inventors = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=100
    )
    technical_field_1 = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )
    technical_field_2 = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )
    technical_field_3 = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )
    function_1 = serializers.CharField(max_length=100, required=False, allow_blank=True)
    function_2 = serializers.CharField(max_length=100, required=False, allow_blank=True)
    function_3 = serializers.CharField(max_length=100, required=False, allow_blank=True)
    implementation_record = _choice(
        "TrackRecordEnum", TrackRecord.choices, required=False
    )
    licensing_record = _choice("TrackRecordEnum", TrackRecord.choices, required=False)
    development_stage = _choice(
        "DevelopmentStageEnum",
        DevelopmentStage.choices,
        required=False,
        allow_blank=True,
    )
    trl = serializers.IntegerField(
        min_value=1, max_value=9, required=False, allow_null=True
    )
    offers_assignment = serializers.BooleanField(required=False)
    offers_license = serializers.BooleanField(required=False)
    license_types = serializers.ListField(
        child=_choice("LicenseTypeEnum", LicenseType.choices), required=False
    )
    desired_terms = serializers.CharField(required=False, allow_blank=True)
    technical_support = serializers.BooleanField(required=False)
    samples_available = serializers.BooleanField(required=False)
    region = _choice(
        "ListingRegionEnum", PREFECTURE_CHOICES, required=False, allow_blank=True
    )
    contact_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(
        max_length=40, required=False, allow_blank=True
    )
    contact_note = serializers.CharField(required=False, allow_blank=True)
    disclosure_tier = _choice(
        "DisclosureTierEnum", DisclosureTier.choices, required=False
    )
    source = _choice("ListingSourceEnum", ListingSource.choices, required=False)
    source_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
    source_registered_on = serializers.DateField(required=False, allow_null=True)
    source_updated_on = serializers.DateField(required=False, allow_null=True)
    ipc_codes = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=50
    )
    rights = PatentRightInputSerializer(many=True, required=False)

    def split(self) -> tuple[dict, list[str] | None, list[dict] | None]:
        """The validated data as (fields, ipc_codes or None, rights or None)."""
        data = dict(self.validated_data)
        data.pop("owner", None)
        ipc_codes = data.pop("ipc_codes", None)
        rights = data.pop("rights", None)
        return data, ipc_codes, rights


class ListingCreateInputSerializer(ListingUpdateInputSerializer):
    """A new draft: ``owner`` is the slug of an organisation you write for."""

    owner = serializers.SlugField(max_length=80)
    title = serializers.CharField(max_length=300)


class ListingFilterInputSerializer(serializers.Serializer):
    owner = serializers.SlugField(
        required=False, help_text="Only listings of this organisation (slug)."
    )
    status = serializers.ChoiceField(
        choices=ListingStatus.choices,
        required=False,
        help_text="Only listings in this status (other organisations' listings "
        "are visible in public statuses only).",
    )
    mine = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Only listings of your own organisations, every status.",
    )


class ListingWithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ListingMarkLicensedInputSerializer(serializers.Serializer):
    exclusive = serializers.BooleanField(
        help_text="An exclusive license takes the listing off the market; a "
        "non-exclusive one keeps it published."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ListingMarkAssignedInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class IPCFilterInputSerializer(serializers.Serializer):
    parent = serializers.CharField(
        required=False, help_text="Direct children of this symbol, e.g. H01M."
    )
    level = serializers.IntegerField(
        required=False, min_value=1, max_value=20, help_text="1 = sections."
    )
    kind = serializers.ChoiceField(choices=IPCKind.choices, required=False)
    q = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Symbol prefix (H01M 4, H01M4/38) or words of the title.",
    )
