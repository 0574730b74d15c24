"""The OpenAPI schema class: drf-spectacular's, plus the documented JSON errors.

Kept apart from ``config.api``: DRF imports that module (the pagination
class) while ``rest_framework.generics`` is still loading, and
drf-spectacular's AutoSchema imports ``rest_framework.generics``.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models as django_models
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers


class ApiErrorSerializer(serializers.Serializer):
    """The body of every API error (see ``exception_handler``)."""

    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.JSONField(required=False)


_ERROR_DESCRIPTIONS = {
    "400": "Invalid input (code: validation_error, or invalid).",
    "403": "Not logged in, bad credentials, or not allowed (code: not_authenticated, "
    "authentication_failed or permission_denied).",
    "404": "No such object, or one you may not see (code: not_found).",
}


def _blank_model_string(field) -> bool:
    """Whether ``field`` shows a model CharField with blank=True."""
    model = getattr(
        getattr(getattr(field, "parent", None), "Meta", None), "model", None
    )
    source = getattr(field, "source", "")
    if model is None or not source or "." in source:
        return False
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:  # a property or a method
        return False
    return isinstance(model_field, django_models.CharField) and model_field.blank


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the error responses every view can give.

    Documented unless the view already declares the status: 400 for operations
    that take a body or query parameters, 404 for operations with path
    parameters or pages, 403 for every view that authenticates (a bad token is
    refused before the view runs) or needs a permission.
    """

    # DRF drops allow_blank from read-only model fields, so the schema would
    # reject the "" that a blank=True field holds: say it may be blank.
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "response" and _blank_model_string(field):
            if "enum" in schema and "" not in schema["enum"]:
                schema["enum"] = [*schema["enum"], ""]
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction != "response":
            return schema
        for name, prop in schema.get("properties", {}).items():
            field = serializer.fields.get(name)
            fmt = prop.get("format")
            if fmt in ("uri", "email") and field and _blank_model_string(field):
                del prop["format"]
                prop["anyOf"] = [{"format": fmt}, {"maxLength": 0}]
        return schema

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(
            path, path_regex, path_prefix, method, registry
        )
        if operation is None:
            return None
        places = {p.get("in") for p in operation.get("parameters", [])}
        codes = set()
        if "query" in places or self.method in ("POST", "PUT", "PATCH"):
            codes.add("400")
        if "path" in places or self._is_list_view():
            codes.add("404")
        open_view = all(
            isinstance(p, permissions.AllowAny) for p in self.view.get_permissions()
        )
        if self.view.get_authenticators() or not open_view:
            codes.add("403")
        responses = operation.setdefault("responses", {})
        for code in sorted(codes - set(responses)):
            responses[code] = self._get_response_for_code(
                OpenApiResponse(ApiErrorSerializer, _ERROR_DESCRIPTIONS[code]), code
            )
        return operation
