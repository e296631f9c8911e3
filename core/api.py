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


def dotted_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as ``{"ratings.engagement": [...]}`` or ``{"pathways.2.code": [...]}``: the keys
    the services use for the same fields."""
    if isinstance(errors, dict):
        flat = {}
        for key, value in errors.items():
            flat.update(dotted_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if errors and all(isinstance(item, dict | list) for item in errors):
        flat = {}
        for index, item in enumerate(errors):
            flat.update(dotted_errors(item, f"{prefix}.{index}"))
        return flat
    return {prefix or "non_field_errors": [str(item) for item in errors]} if errors else {}


def validated(serializer_class, data) -> dict:
    """``data`` parsed by ``serializer_class``; a 400 with dotted field errors when it is not valid."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise exceptions.ValidationError(dotted_errors(serializer.errors))
    return serializer.validated_data
