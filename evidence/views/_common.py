"""What every evidence page shares: who may reach it, and the form's input or None for a GET."""

from functools import wraps

from django.shortcuts import render

from core.access import member_required
from evidence import permissions


def allowed(action: permissions.EvidenceAction):
    """Decorate a view: signed in with both factors, acting in an authority, and a role the evidence policy allows
    ``action`` (otherwise the 403 page, which says so plainly)."""

    def decorator(view):
        @member_required()
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not permissions.role_can(request.membership, action):
                return render(request, "403.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def posted(request):
    return request.POST if request.method == "POST" else None


def status_for(form) -> int:
    return 400 if form.errors else 200
