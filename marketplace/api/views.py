from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors import health_report

_part = inline_serializer(
    "HealthPart", {"ok": serializers.BooleanField(), "detail": serializers.CharField()}
)


class HealthView(APIView):
    """Database, broker and search backend status (503 when any is down)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses={
            (200, "application/json"): inline_serializer(
                "Health",
                {
                    "ok": serializers.BooleanField(),
                    "database": _part,
                    "broker": _part,
                    "search": _part,
                },
            )
        }
    )
    def get(self, request):
        report = health_report()
        return Response(report, status=200 if report["ok"] else 503)
