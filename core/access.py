"""Who may reach a page or API endpoint: signed in with both factors, acting in an authority, with a capability.

These helpers know nothing of roles: they ask ``request.membership.can(capability)``, which the accounts app
answers from its role table. That keeps the lower apps (audit) free of imports from accounts.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from rest_framework.permissions import BasePermission


def member_required(capability=None):
    """Decorate a view: sign-in with an authenticator code, an active membership, and ``capability`` if given.

    A missing capability is a 403 page that says so plainly; records of other authorities are simply not found
    (404) because every query runs in the request's authority scope.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated or not user.is_verified():
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            membership = getattr(request, "membership", None)
            if membership is None:
                return render(request, "accounts/no_access.html", status=403)
            if capability is not None and not membership.can(capability):
                return render(request, "403.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class IsAuthorityMember(BasePermission):
    """Deny by default: an authenticated user acting in an authority where they are an active member."""

    message = "You need access to an authority to use the API."

    def has_permission(self, request, view):
        membership = getattr(request._request, "membership", None)
        return bool(request.user and membership is not None and membership.is_active)


def capability_required(capability):
    """A DRF permission class for one capability."""

    class HasCapability(IsAuthorityMember):
        message = "Your role does not allow this."

        def has_permission(self, request, view):
            return super().has_permission(request, view) and request._request.membership.can(capability)

    HasCapability.__name__ = f"HasCapability_{str(capability).replace('.', '_')}"
    return HasCapability
