"""DRF authentication and the deny-by-default permission. The middleware has already resolved the token or
session; these classes only report its verdict to DRF."""

from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication


class BearerTokenAuthentication:
    def authenticate(self, request):
        result = getattr(request._request, "token_auth", None)
        if result is None:
            return None
        if result.error:
            raise exceptions.AuthenticationFailed(result.error)
        return result.user, result.token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts only after the authenticator-code step (django-otp)."""

    def authenticate(self, request):
        user = getattr(request._request, "user", None)
        if not user or not user.is_active or not user.is_verified():
            return None
        self.enforce_csrf(request)
        return user, None
