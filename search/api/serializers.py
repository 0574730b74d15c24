"""Search API serializers: query parameters in, hits and facets out."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..backends.base import SORTS
from ..models import SavedSearch


class SearchInputSerializer(serializers.Serializer):
    """Documents the query parameters (parsing is lenient, see the selector)."""

    q = serializers.CharField(required=False, allow_blank=True)
    ipc = serializers.CharField(required=False)
    field = serializers.CharField(required=False)
    owner = serializers.CharField(required=False)
    prefecture = serializers.CharField(required=False)
    license_type = serializers.CharField(required=False)
    offer = serializers.CharField(required=False)
    implementation_record = serializers.CharField(required=False)
    licensing_record = serializers.CharField(required=False)
    status = serializers.CharField(required=False)
    strategic_field = serializers.CharField(
        required=False, help_text=_("Strategic field slug, e.g. ai-semiconductor.")
    )
    sort = serializers.ChoiceField(choices=SORTS, required=False)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class SearchOwnerSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class SearchResultOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    owner = SearchOwnerSerializer()
    ipc = serializers.ListField(child=serializers.CharField())
    patent_numbers = serializers.ListField(child=serializers.CharField())
    highlight = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Field -> snippets; HTML-escaped except <mark> tags."),
    )
    url = serializers.CharField()
    score = serializers.FloatField()


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()
    label = serializers.CharField()


class SearchOutputSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = SearchResultOutputSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))


def search_page_data(page, request) -> dict:
    """The API representation of a ``SearchPage``."""
    results = []
    for item in page.items:
        listing = item.listing
        # Patent numbers belong to the full text (hidden in a teaser).
        numbers = (
            [right.display_number for right in item.rights] if item.full_text else []
        )
        results.append(
            {
                "id": listing.pk,
                "title": listing.title,
                "summary": listing.summary,
                "owner": {
                    "slug": listing.owner.slug,
                    "name": listing.owner.display_name,
                },
                "ipc": list(item.ipc_codes),
                "patent_numbers": [n for n in numbers if n and n != "—"],
                "highlight": item.hit.highlight,
                "url": request.build_absolute_uri(listing.get_absolute_url()),
                "score": item.hit.score,
            }
        )
    return {
        "count": page.total,
        "page": page.query.page,
        "page_size": page.query.page_size,
        "results": results,
        "facets": page.facets,
    }


class SavedSearchSerializer(serializers.ModelSerializer):
    class Meta:
        model = SavedSearch
        fields = ["id", "name", "query", "filters", "frequency", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_filters(self, value):
        """An object of filter key -> a value or a list of values (strings)."""
        ok = isinstance(value, dict) and all(
            isinstance(v, str)
            or (isinstance(v, list) and all(isinstance(i, str) for i in v))
            for v in value.values()
        )
        if not ok:
            raise serializers.ValidationError(
                _("An object of filter names to a value or a list of values.")
            )
        return value


# --- IP landscape (search/landscape.py): documents the dict, field by field ----


class _LabelledSerializer(serializers.Serializer):
    key = serializers.CharField(allow_blank=True)
    label_ja = serializers.CharField()
    label_en = serializers.CharField()


class LandscapeTotalsSerializer(serializers.Serializer):
    supply = serializers.IntegerField(help_text=_("Published listings."))
    demand = serializers.IntegerField(
        help_text=_("Active needs of verified organisations.")
    )


class LandscapeSupplyDemandSerializer(_LabelledSerializer):
    supply = serializers.IntegerField()
    demand = serializers.IntegerField()


class LandscapeSupplySerializer(_LabelledSerializer):
    supply = serializers.IntegerField()


class LandscapeIPCSubclassSerializer(LandscapeSupplyDemandSerializer):
    children = serializers.ListField(
        child=serializers.DictField(), max_length=0, help_text=_("Always empty.")
    )


class LandscapeIPCClassSerializer(LandscapeSupplyDemandSerializer):
    children = LandscapeIPCSubclassSerializer(many=True)


class LandscapeIPCSectionSerializer(LandscapeSupplyDemandSerializer):
    children = LandscapeIPCClassSerializer(many=True)


class LandscapeOwnerSerializer(LandscapeSupplySerializer):
    prefecture = serializers.CharField(
        allow_blank=True, help_text=_("JIS code of the owner's prefecture.")
    )


class LandscapeMonthSerializer(serializers.Serializer):
    key = serializers.RegexField(r"^\d{4}-\d{2}$", help_text=_("YYYY-MM"))
    supply = serializers.IntegerField(help_text=_("Listings published that month."))
    demand = serializers.IntegerField(help_text=_("Needs created that month."))


class LandscapeGapSerializer(LandscapeSupplyDemandSerializer):
    axis = serializers.ChoiceField(choices=["strategic_field", "ipc_class"])
    ratio = serializers.FloatField(
        help_text=_("(demand share + 0.01) / (supply share + 0.01)")
    )
    supply_share = serializers.FloatField()
    demand_share = serializers.FloatField()


class LandscapeGapsSerializer(serializers.Serializer):
    demand_over_supply = LandscapeGapSerializer(many=True)
    supply_over_demand = LandscapeGapSerializer(many=True)


class LandscapeOutputSerializer(serializers.Serializer):
    """The landscape; with ?axis= only that axis besides built_at and totals."""

    built_at = serializers.DateTimeField()
    build_seconds = serializers.FloatField()
    totals = LandscapeTotalsSerializer()
    strategic_fields = LandscapeSupplyDemandSerializer(
        many=True,
        required=False,
        help_text=_("Every active field by position, then key '' (unclassified)."),
    )
    ipc = LandscapeIPCSectionSerializer(
        many=True,
        required=False,
        help_text=_("Sections A-H; distinct listings/needs with a code under a node."),
    )
    prefectures = LandscapeSupplyDemandSerializer(
        many=True, required=False, help_text=_("All 47 prefectures, JIS order.")
    )
    universities = LandscapeOwnerSerializer(
        many=True,
        required=False,
        help_text=_("Top owners by supply, then key '_other' for the rest."),
    )
    offers = LandscapeSupplySerializer(many=True, required=False)
    license_types = LandscapeSupplyDemandSerializer(many=True, required=False)
    track_record = LandscapeSupplySerializer(many=True, required=False)
    monthly = LandscapeMonthSerializer(
        many=True, required=False, help_text=_("The last 24 months, oldest first.")
    )
    gaps = LandscapeGapsSerializer(required=False)
