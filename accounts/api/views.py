from django.contrib.auth import authenticate
from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_schema import ApiErrorSerializer

from .. import ratelimit, selectors
from ..models import Organization
from .serializers import (
    MembershipOutputSerializer,
    MeOutputSerializer,
    OrganizationOutputSerializer,
    TokenInputSerializer,
    TokenOutputSerializer,
)


class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Verified organisations (public), plus the viewer's own organisations."""

    serializer_class = OrganizationOutputSerializer
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        public = selectors.organization_list_public()
        own = selectors.organization_list_for_user(user=self.request.user)
        if selectors.user_is_platform_admin(self.request.user):
            return Organization.objects.order_by("name_ja")
        own_ids = own.values("pk")
        return Organization.objects.filter(
            Q(pk__in=public.values("pk")) | Q(pk__in=own_ids)
        ).order_by("name_ja")

    @extend_schema(responses=MembershipOutputSerializer(many=True))
    @action(
        detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated]
    )
    def members(self, request, slug=None):
        """Members of an organisation: visible to its own members and admins only (404 otherwise)."""
        organization = selectors.organization_get_for_member(
            user=request.user, slug=slug
        )
        page = self.paginate_queryset(
            selectors.membership_list_for_organization(organization=organization)
        )
        return self.get_paginated_response(
            MembershipOutputSerializer(page, many=True).data
        )


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeOutputSerializer)
    def get(self, request):
        user = request.user
        user.is_platform_admin  # noqa: B018 - property used by the serializer
        return Response(MeOutputSerializer(user).data)


class TokenView(APIView):
    """Exchange e-mail and password for an API token."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=TokenInputSerializer,
        responses={
            200: TokenOutputSerializer,
            403: OpenApiResponse(
                ApiErrorSerializer,
                "Wrong e-mail address or password (code: invalid_credentials).",
            ),
            429: OpenApiResponse(
                ApiErrorSerializer, "Too many attempts (code: throttled)."
            ),
        },
    )
    def post(self, request):
        serializer = TokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].lower()
        # The same counters as the login page: an attacker gains nothing by
        # switching between the two.
        ip = ratelimit.client_ip(request)
        if ratelimit.is_limited(scope="login_ip", ident=ip) or ratelimit.is_limited(
            scope="login_account", ident=email
        ):
            raise Throttled(
                wait=ratelimit.wait_minutes("login_ip", "login_account") * 60,
                detail="Too many login attempts. Please wait and try again.",
            )
        ratelimit.record(scope="login_ip", ident=ip)
        user = authenticate(
            request,
            username=email,
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            ratelimit.record(scope="login_account", ident=email)
            raise AuthenticationFailed(
                "Invalid e-mail address or password.", code="invalid_credentials"
            )
        ratelimit.clear(scope="login_account", ident=email)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
