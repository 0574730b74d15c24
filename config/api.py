"""API wiring shared by every app: pagination and the JSON error format.

Every error response has the shape
``{"code": "<stable_code>", "detail": "<human message>", "errors": {...}}``
where ``errors`` carries field-level validation messages when there are any.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class StandardPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class Conflict(exceptions.APIException):
    """A state-machine refusal: the object is not in a state that allows this."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "This action is not allowed in the current state."
    default_code = "invalid_transition"


_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
}


def exception_handler(exc, context):
    """Render every API error as JSON with a stable ``code``."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    code = None
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
    if isinstance(exc, exceptions.ValidationError):
        code = "validation_error"
    code = code or _CODES.get(response.status_code, "error")
    if isinstance(data, dict) and set(data) <= {"detail"}:
        body = {"code": code, "detail": str(data.get("detail", ""))}
    else:
        body = {"code": code, "detail": "Invalid input.", "errors": data}
        if isinstance(data, list):
            body["detail"] = "; ".join(str(item) for item in data)
    return Response(body, status=response.status_code, headers=response.headers)
