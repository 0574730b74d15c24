"""Search API: full-text search with facets, and the user's saved searches."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from config import page_cache

from .. import selectors, services
from ..backends import SearchUnavailable
from ..landscape import AXES, landscape_axis, landscape_get
from .serializers import (
    LandscapeOutputSerializer,
    SavedSearchSerializer,
    SearchOutputSerializer,
    search_page_data,
)

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
    "strategic_field": (
        "strategic field slug (日本成長戦略17分野), e.g. ai-semiconductor, quantum"
    ),
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
            result = selectors.search_result(query=query)
        except SearchUnavailable:
            return Response(
                {
                    "code": "search_unavailable",
                    "detail": "Search is temporarily unavailable.",
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        if page_cache.applies(request):
            # Anonymous: visibility is read on every request; the rendering is
            # reused while the answer and its listings are the same.
            stamps = selectors.search_public_stamps(result)
            services.search_record_impressions(listing_ids=[pk for pk, _at in stamps])
            parts = (
                selectors.search_result_digest(result),
                stamps,
                query.page,
                query.page_size,
                request.build_absolute_uri("/"),
            )
            return Response(
                page_cache.data(
                    "api-search",
                    parts,
                    lambda: search_page_data(
                        selectors.search_page_from_result(
                            query=query, result=result, user=request.user
                        ),
                        request,
                    ),
                )
            )
        page = selectors.search_page_from_result(
            query=query, result=result, user=request.user
        )
        services.search_record_impressions(
            listing_ids=[item.listing.pk for item in page.items]
        )
        return Response(search_page_data(page, request))


class LandscapeView(APIView):
    """The IP landscape: supply and demand by strategic field, IPC, region, owner."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="landscape",
        parameters=[
            OpenApiParameter(
                "axis",
                str,
                enum=[axis for axis in AXES if axis != "totals"],
                description="Return only this axis (plus built_at and totals).",
            )
        ],
        responses={
            200: LandscapeOutputSerializer,
            400: OpenApiResponse(description="Unknown axis (code: invalid_axis)."),
        },
    )
    def get(self, request):
        data = landscape_get(user=request.user)
        axis = request.query_params.get("axis", "")
        if axis:
            try:
                data = landscape_axis(data, axis)
            except ValueError:
                return Response(
                    {
                        "code": "invalid_axis",
                        "detail": f"Unknown axis; one of: {', '.join(AXES)}.",
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
        return Response(data)


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
