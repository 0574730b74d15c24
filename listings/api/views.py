"""Listings API: listings (read, create, edit, workflow actions) and the IPC scheme.

Thin views: visibility through ``listings.selectors``, every write through
``listings.services``. Another organisation's listing is a 404 for reading
and writing alike; a member without a write role gets 403.
"""

from __future__ import annotations

import hashlib
import re

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import organization_get_for_member, organization_list_for_user
from config import page_cache
from config.api import Conflict, StandardPagination

from .. import selectors, services
from ..constants import ListingSource
from ..models import IPCCode, Listing, ListingIPC
from ..numbers import IPCError, normalize_ipc
from .serializers import (
    ErrorOutputSerializer,
    IPCCodeOutputSerializer,
    IPCFilterInputSerializer,
    ListingCreateInputSerializer,
    ListingFilterInputSerializer,
    ListingMarkAssignedInputSerializer,
    ListingMarkLicensedInputSerializer,
    ListingOutputSerializer,
    ListingUpdateInputSerializer,
    ListingWithdrawInputSerializer,
)

_ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="Invalid input."),
    403: OpenApiResponse(
        ErrorOutputSerializer, description="A member without a write role."
    ),
    404: OpenApiResponse(
        ErrorOutputSerializer,
        description="No such listing, or it belongs to another organisation.",
    ),
}
_CONFLICT = {
    409: OpenApiResponse(
        ErrorOutputSerializer,
        description="The listing's status does not allow this "
        "(code: invalid_transition); nothing changed.",
    )
}


def _service_call(func, **kwargs):
    """Call a listing service, turning its Django errors into API errors.

    Field errors are a 400; a ValidationError without fields is a refusal of
    the state machine (wrong status for this step) and becomes a 409.
    """
    try:
        return func(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise exceptions.ValidationError(exc.message_dict) from exc
        raise Conflict(" ".join(exc.messages)) from exc


class CachedCountPaginator(Paginator):
    """A paginator that keeps large counts for a minute.

    Counting 100,000 visible listings costs tens of milliseconds on every
    page of the list; a count that large may lag a minute behind (pages are
    read live, but the last page ends at the cached count). Small counts are
    never cached, so a member's short list shows a new draft at once.
    """

    CACHE_MIN = 5_000
    CACHE_SECONDS = 60

    @cached_property
    def count(self) -> int:
        try:
            query = str(self.object_list.query).encode()
        except EmptyResultSet:  # e.g. ?mine=true for a user without orgs
            return 0
        key = "listings:api-count:" + hashlib.sha256(query).hexdigest()
        value = cache.get(key)
        if value is None:
            value = super().count
            if value >= self.CACHE_MIN:
                cache.set(key, value, self.CACHE_SECONDS)
        return value


class ListingPagination(StandardPagination):
    django_paginator_class = CachedCountPaginator


class ListingViewSet(viewsets.GenericViewSet):
    """Listings the viewer may see; owners and staff create, edit and move them."""

    queryset = Listing.objects.none()
    serializer_class = ListingOutputSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = ListingPagination

    def get_queryset(self) -> QuerySet[Listing]:
        return selectors.listing_list_visible(user=self.request.user).prefetch_related(
            Prefetch("ipc_entries", queryset=ListingIPC.objects.order_by("position")),
            "rights",
        )

    def _render(self, listings, *, many: bool = False):
        items = listings if many else [listings]
        codes = [code for listing in items for code in listing.ipc_codes]
        context = {
            **self.get_serializer_context(),
            "ipc_titles": selectors.ipc_titles(codes),
        }
        return ListingOutputSerializer(listings, many=many, context=context).data

    def _get_for_edit(self) -> Listing:
        # 404 for anyone outside the owning organisation, before any service runs.
        return selectors.listing_get_for_edit(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    @extend_schema(parameters=[ListingFilterInputSerializer])
    def list(self, request):
        filters = ListingFilterInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = self.get_queryset()
        if filters.validated_data.get("owner"):
            qs = qs.filter(owner__slug=filters.validated_data["owner"])
        if filters.validated_data.get("status"):
            qs = qs.filter(status=filters.validated_data["status"])
        if filters.validated_data.get("mine"):
            qs = qs.filter(
                owner__in=organization_list_for_user(user=request.user).values("pk")
            ).order_by("-updated_at", "-id")
        if not page_cache.applies(request):
            page = self.paginate_queryset(qs)
            return self.get_paginated_response(self._render(page, many=True))
        # Anonymous: read the page's ids and change times (visibility as
        # always), then reuse their rendering while none of them changed.
        page = self.paginate_queryset(
            qs.select_related(None).prefetch_related(None).only("id", "updated_at")
        )
        parts = (page_cache.stamp(page), request.build_absolute_uri("/"))

        def render() -> list:
            full = {item.pk: item for item in qs.filter(pk__in=[p.pk for p in page])}
            return self._render([full[p.pk] for p in page if p.pk in full], many=True)

        return self.get_paginated_response(
            page_cache.data("api-listings", parts, render)
        )

    @extend_schema(responses={200: ListingOutputSerializer, 404: _ERRORS[404]})
    def retrieve(self, request, pk=None):
        if page_cache.applies(request):
            listing = selectors.listing_get_visible_stamp(user=request.user, pk=pk)
            parts = (page_cache.stamp([listing]), request.build_absolute_uri("/"))
            return Response(
                page_cache.data(
                    "api-listing",
                    parts,
                    lambda: self._render(selectors.listing_get_public(pk=listing.pk)),
                )
            )
        # get_queryset() applies the visibility rules: one query, 404 if hidden.
        listing = selectors.listing_get_or_404(self.get_queryset(), pk)
        return Response(self._render(listing))

    @extend_schema(
        request=ListingCreateInputSerializer,
        responses={201: ListingOutputSerializer, **_ERRORS},
    )
    def create(self, request):
        """Create a draft listing for an organisation you are owner or staff of."""
        serializer = ListingCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        owner = organization_get_for_member(
            user=request.user, slug=serializer.validated_data["owner"]
        )
        data, ipc_codes, rights = serializer.split()
        data.setdefault("source", ListingSource.API)
        listing = _service_call(
            services.listing_create,
            owner=owner,
            by=request.user,
            data=data,
            ipc_codes=ipc_codes or (),
            rights=rights or (),
        )
        listing = self.get_queryset().get(pk=listing.pk)
        return Response(self._render(listing), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ListingUpdateInputSerializer,
        responses={200: ListingOutputSerializer, **_ERRORS, **_CONFLICT},
    )
    def partial_update(self, request, pk=None):
        """Change some fields; ``ipc_codes`` / ``rights`` replace the whole list."""
        listing = self._get_for_edit()
        serializer = ListingUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, ipc_codes, rights = serializer.split()
        _service_call(
            services.listing_update,
            listing=listing,
            by=request.user,
            data=data,
            ipc_codes=ipc_codes,
            rights=rights,
        )
        return Response(self._render(self.get_queryset().get(pk=listing.pk)))

    def _act(self, service, **kwargs) -> Response:
        listing = self._get_for_edit()
        _service_call(service, listing=listing, by=self.request.user, **kwargs)
        return Response(self._render(self.get_queryset().get(pk=listing.pk)))

    @extend_schema(
        request=None,
        responses={200: ListingOutputSerializer, **_ERRORS, **_CONFLICT},
        description="Publish the listing, or send it to review: the returned "
        "listing's status is `published` or `pending_review`.",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._act(services.listing_submit)

    @extend_schema(
        request=ListingWithdrawInputSerializer,
        responses={200: ListingOutputSerializer, **_ERRORS, **_CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take a published listing off the market."""
        serializer = ListingWithdrawInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._act(
            services.listing_withdraw,
            reason=serializer.validated_data.get("reason", ""),
        )

    @extend_schema(
        request=None,
        responses={200: ListingOutputSerializer, **_ERRORS, **_CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Turn a withdrawn listing back into a draft."""
        return self._act(services.listing_reopen)

    @extend_schema(
        request=ListingMarkLicensedInputSerializer,
        responses={200: ListingOutputSerializer, **_ERRORS, **_CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="mark-licensed")
    def mark_licensed(self, request, pk=None):
        """Record a license deal (exclusive: the listing leaves the market)."""
        serializer = ListingMarkLicensedInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._act(
            services.listing_mark_licensed,
            exclusive=serializer.validated_data["exclusive"],
            reason=serializer.validated_data.get("reason", ""),
        )

    @extend_schema(
        request=ListingMarkAssignedInputSerializer,
        responses={200: ListingOutputSerializer, **_ERRORS, **_CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="mark-assigned")
    def mark_assigned(self, request, pk=None):
        """Record that the rights were assigned: the listing leaves the market."""
        serializer = ListingMarkAssignedInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._act(
            services.listing_mark_assigned,
            reason=serializer.validated_data.get("reason", ""),
        )

    @extend_schema(
        request=None,
        responses={200: ListingOutputSerializer, **_ERRORS, **_CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive a listing that is no longer on offer."""
        return self._act(services.listing_archive)


class IPCCodeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The IPC scheme: browse by parent or level, search by symbol prefix or title.

    Symbols contain a space and a slash: ``/api/v1/ipc/H01M%204%2F38/``.
    """

    serializer_class = IPCCodeOutputSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    # Symbols contain spaces and slashes ("H01M 4/38").
    lookup_value_regex = r"[^?#]+"
    queryset = IPCCode.objects.none()

    def get_queryset(self) -> QuerySet[IPCCode]:
        return IPCCode.objects.order_by("code")

    @staticmethod
    def _with_children_count(rows: list[IPCCode]) -> list[IPCCode]:
        # Counted for the page only: a COUNT annotation over the whole scheme
        # (75,000 rows) would make every page pay for a full GROUP BY.
        counts = dict(
            IPCCode.objects.filter(parent_id__in=[row.code for row in rows])
            .values("parent_id")
            .annotate(n=Count("id"))
            .values_list("parent_id", "n")
        )
        for row in rows:
            row.children_count = counts.get(row.code, 0)
        return rows

    @extend_schema(parameters=[IPCFilterInputSerializer])
    def list(self, request, *args, **kwargs):
        filters = IPCFilterInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = self.get_queryset()
        params = filters.validated_data
        if params.get("parent"):
            qs = qs.filter(parent_id=_canonical_ipc(params["parent"]))
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        if params.get("q"):
            qs = qs.filter(_ipc_search(params["q"].strip()))
        page = self._with_children_count(list(self.paginate_queryset(qs)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="IPC symbol, URL-encoded (H01M%204%2F38).",
            )
        ],
        responses={200: IPCCodeOutputSerializer, 404: _ERRORS[404]},
    )
    def retrieve(self, request, code=None):
        row = selectors.ipc_get(code=_canonical_ipc(code))
        return Response(self.get_serializer(self._with_children_count([row])[0]).data)


def _canonical_ipc(raw: str) -> str:
    """The canonical symbol when ``raw`` is one, else ``raw`` as given (no match)."""
    try:
        return normalize_ipc(raw)
    except IPCError:
        return raw.strip()


def _ipc_search(text: str) -> Q:
    """Symbols starting with ``text`` (spaced or not) or titles containing it."""
    compact = re.sub(r"\s+", "", text).upper()
    if re.fullmatch(r"[A-H]\d{2}[A-Z]\d[\d/]*", compact):
        # "H01M4/3" and "H01M 4/3" both mean the prefix "H01M 4/3".
        return Q(code__startswith=f"{compact[:4]} {compact[4:]}")
    if re.fullmatch(r"[A-H](\d{2}[A-Z]?)?", compact):
        return Q(code__startswith=compact)
    return Q(title_en__icontains=text) | Q(title_ja__icontains=text)
