"""Search API: full-text search with facets, and the user's saved searches."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors, services
from ..backends import SearchUnavailable
from .serializers import SavedSearchSerializer, SearchOutputSerializer, search_page_data

_FILTER_DOC = {
    "ipc": "IPC prefix: section, class, subclass or group (H01M matches H01M 4/38)",
    "field": "technical field",
    "owner": "owner organisation slug",
    "prefecture": "prefecture JIS code, e.g. 13",
    "license_type": "license type offered",
    "offer": "license or assignment",
    "implementation_record": "yes / no / unknown",
    "licensing_record": "yes / no / unknown",
    "status": "listing status",
}
_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description='Free text: words, "phrases", -exclusion, OR / |.',
    ),
    *[
        OpenApiParameter(name, str, description=f"{doc}; repeat or comma-separate")
        for name, doc in _FILTER_DOC.items()
    ],
    OpenApiParameter("sort", str, enum=["relevance", "newest", "updated"]),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="1-100, default 20"),
]


class SearchView(APIView):
    """Search published listings."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="search",
        parameters=_PARAMETERS,
        responses={
            200: SearchOutputSerializer,
            503: OpenApiResponse(
                description="The search engine is down (code: search_unavailable)."
            ),
        },
    )
    def get(self, request):
        query = selectors.search_query_from_params(request.query_params)
        try:
            page = selectors.search_listings(query=query, user=request.user)
        except SearchUnavailable:
            return Response(
                {
                    "code": "search_unavailable",
                    "detail": "Search is temporarily unavailable.",
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        services.search_record_impressions(
            listing_ids=[item.listing.pk for item in page.items]
        )
        return Response(search_page_data(page, request))


class SavedSearchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The signed-in user's saved searches (another user's is a 404)."""

    serializer_class = SavedSearchSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.saved_search_list_for_user(user=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.saved_search_create(
                user=self.request.user,
                name=data.get("name", ""),
                query=data.get("query", ""),
                filters=data.get("filters") or {},
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def perform_destroy(self, instance):
        services.saved_search_delete(saved_search=instance)
