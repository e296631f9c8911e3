import re

from core.context import current_request_id, request_context

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestContextMiddleware:
    """Gives every request an id (kept from a valid X-Request-ID header) for audit rows and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else None
        with request_context(request_id=request_id, client_ip=request.META.get("REMOTE_ADDR")):
            request.request_id = current_request_id()
            response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response
