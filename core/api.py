"""The API's single error format.

Every error body is ``{"detail": "<sentence>", "errors": {"<field>": ["<message>", ...]}}``; ``errors`` is present
for validation errors (400). Other authorities' records are 404, exactly like missing ones.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.exceptions import DomainError


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {key: [str(item) for item in (value if isinstance(value, list) else [value])]
                for key, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {"non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    # Whatever the error, nothing the request wrote so far is kept (each request is one transaction).
    set_rollback()
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.status_code == status.HTTP_400_BAD_REQUEST:
            body["errors"] = exc.as_errors()
        return Response(body, status=exc.status_code)
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        exc = exceptions.NotFound("Not found.")
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {"detail": "Check the highlighted fields.", "code": "invalid", "errors": _flatten(exc.detail)},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {
            "detail": str(detail) if not isinstance(detail, (dict, list)) else "Request refused.",
            "code": exc.get_codes() if isinstance(exc.get_codes(), str) else "error",
        }
    return response
