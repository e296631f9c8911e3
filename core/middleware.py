import ipaddress
import re

from django.conf import settings

from core.context import current_request_id, request_context

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind DJANGO_TRUSTED_PROXIES proxies, the address the outermost
    trusted proxy saw (counting from the right of X-Forwarded-For, so a client cannot forge it).
    Used by the audit trail and by the sign-in lockout, so both see the same address."""
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


class RequestContextMiddleware:
    """Gives every request an id (kept from a valid X-Request-ID header) for audit rows and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else None
        with request_context(request_id=request_id, client_ip=client_ip(request)):
            request.request_id = current_request_id()
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response
