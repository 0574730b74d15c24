"""License-request API: list/create/retrieve, transitions and the message thread.

Thin views: visibility through ``marketplace.selectors`` (a third party gets
404 for everything), every write through ``marketplace.services``; a refused
transition is a 409 with code ``invalid_transition`` and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.constants import OrganizationKind
from accounts.selectors import (
    WRITE_ROLES,
    membership_list_active,
    organization_list_for_user,
)
from config.api import Conflict
from listings.selectors import listing_get_visible

from .. import selectors, services
from ..models import LicenseRequest, RequestAttachment, RequestMessage
from .serializers import (
    LicenseRequestCreateInputSerializer,
    LicenseRequestFilterInputSerializer,
    LicenseRequestOutputSerializer,
    RequestErrorOutputSerializer,
    RequestMessageInputSerializer,
    RequestMessageOutputSerializer,
    TransitionInputSerializer,
)

_404 = {
    404: OpenApiResponse(
        RequestErrorOutputSerializer,
        description="No such request, or you are not one of its parties.",
    )
}
_400 = {
    400: OpenApiResponse(RequestErrorOutputSerializer, description="Invalid input.")
}
_403 = {
    403: OpenApiResponse(
        RequestErrorOutputSerializer,
        description="You may not act for this organisation (e.g. not verified).",
    )
}
_409 = {
    409: OpenApiResponse(
        RequestErrorOutputSerializer,
        description="Not allowed from the current state for you "
        "(code: invalid_transition); nothing changed.",
    )
}


def _call(func, **kwargs):
    """Call a service, turning its Django errors into API errors."""
    try:
        return func(**kwargs)
    except services.InvalidTransition as exc:
        raise Conflict(exc.message) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise exceptions.ValidationError(exc.message_dict) from exc
        raise exceptions.ValidationError({"non_field_errors": exc.messages}) from exc


class LicenseRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """License requests of which the viewer is a party (admins: all)."""

    queryset = LicenseRequest.objects.none()
    serializer_class = LicenseRequestOutputSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        qs = selectors.license_request_list_visible(user=self.request.user)
        if self.action != "list":
            return qs
        filters = LicenseRequestFilterInputSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        own = organization_list_for_user(user=self.request.user).values("pk")
        if data.get("side") == "requester":
            qs = qs.filter(organization__in=own)
        elif data.get("side") == "owner":
            qs = qs.filter(listing__owner__in=own)
        return qs.order_by("-last_activity_at", "-id")

    def _get_visible(self) -> LicenseRequest:
        return selectors.license_request_get_visible(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_object(self):
        return self._get_visible()

    @extend_schema(
        parameters=[LicenseRequestFilterInputSerializer],
        responses={200: LicenseRequestOutputSerializer(many=True)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: LicenseRequestOutputSerializer, **_404})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=LicenseRequestCreateInputSerializer,
        responses={201: LicenseRequestOutputSerializer, **_400, **_403, **_404},
    )
    def create(self, request):
        """Create a request for a published listing (and submit it unless submit=false)."""
        serializer = LicenseRequestCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        listing = listing_get_visible(user=request.user, pk=data.pop("listing"))
        slug = data.pop("organization", None)
        submit = data.pop("submit", True)
        companies = [
            m.organization
            for m in membership_list_active(user=request.user)
            if m.organization.kind == OrganizationKind.COMPANY and m.role in WRITE_ROLES
        ]
        if slug:
            companies = [org for org in companies if org.slug == slug]
        if not companies:
            raise exceptions.PermissionDenied(
                "Only staff of a company can request a license."
            )
        created = _call(
            services.license_request_create,
            listing=listing,
            by=request.user,
            organization=companies[0],
            data=data,
        )
        if submit:
            created = _call(
                services.license_request_submit, request=created, by=request.user
            )
        output = LicenseRequestOutputSerializer(created, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TransitionInputSerializer,
        responses={200: LicenseRequestOutputSerializer, **_400, **_404, **_409},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the request to another state, if the table allows it for you."""
        lr = self._get_visible()
        serializer = TransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        lr = _call(
            services.license_request_transition,
            request=lr,
            by=request.user,
            to=data["to"],
            reason=data.get("reason", ""),
            note=data.get("note", ""),
        )
        lr = self._get_visible()
        return Response(
            LicenseRequestOutputSerializer(lr, context={"request": request}).data
        )

    @extend_schema(
        methods=["get"],
        responses={200: RequestMessageOutputSerializer(many=True), **_404},
    )
    @extend_schema(
        methods=["post"],
        request={
            "multipart/form-data": RequestMessageInputSerializer,
            "application/json": RequestMessageInputSerializer,
        },
        responses={201: RequestMessageOutputSerializer, **_400, **_403, **_404, **_409},
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, pk=None):
        """The request's thread: list messages, or post one (with files)."""
        lr = self._get_visible()
        if request.method == "GET":
            qs = (
                RequestMessage.objects.filter(request=lr)
                .select_related("author")
                .prefetch_related(
                    Prefetch("attachments", queryset=RequestAttachment.objects.all())
                )
            )
            page = self.paginate_queryset(qs)
            data = RequestMessageOutputSerializer(page, many=True).data
            return self.get_paginated_response(data)
        serializer = RequestMessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
        message = _call(
            services.request_message_post,
            request=lr,
            by=request.user,
            body=serializer.validated_data.get("body", ""),
            files=files,
        )
        return Response(
            RequestMessageOutputSerializer(message).data, status=status.HTTP_201_CREATED
        )
