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
            [right.display_number for right in listing.rights.all()]
            if item.full_text
            else []
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
                "ipc": [row.code for row in listing.ipc_entries.all()],
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
