from django.conf import settings

from accounts.selectors import membership_for_session, memberships_for_user, token_authenticate
from accounts.services import api_token_mark_used
from core.tenancy import authority_scope, scopes_disabled

SESSION_AUTHORITY_KEY = "threshold_authority_id"


class AuthorityScopeMiddleware:
    """Decides which authority this request acts in, and runs the rest of the request inside that scope.

    - API requests with an ``Authorization`` header act as the token's user in the token's authority.
    - Browser requests act in the authority chosen with the switcher (or the user's first), and only once the
      session has passed the authenticator-code step.
    - Nothing else gets a scope, so any query on authority-owned data raises rather than leaks.
    Platform staff in the Django admin work across authorities on purpose; the admin shows no case content.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL_PATH.strip("/") + "/"

    def __call__(self, request):
        request.membership = None
        request.memberships = []
        request.token_auth = None
        header = request.headers.get("Authorization")
        if header is not None and request.path.startswith("/api/"):
            request.token_auth = token_authenticate(header)
            request.membership = request.token_auth.membership
            if request.token_auth.token is not None:
                api_token_mark_used(token=request.token_auth.token)
        elif request.user.is_authenticated and request.user.is_verified():
            if request.path.startswith(self.admin_prefix) and request.user.is_staff:
                with scopes_disabled():
                    return self.get_response(request)
            request.memberships = memberships_for_user(request.user)
            request.membership = membership_for_session(request.memberships,
                                                        request.session.get(SESSION_AUTHORITY_KEY))
        if request.membership is None:
            return self.get_response(request)
        with authority_scope(request.membership.authority_id):
            return self.get_response(request)
