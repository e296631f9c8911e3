"""Who may reach an agreement page, and finding the version (and item) it is about."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from consensus import permissions, selectors
from consensus.forms import PartPage
from consensus.models import ConsensusVersion, VersionStatus
from core.access import member_required


def allowed(*actions: permissions.ConsensusAction):
    """Decorate a view: a signed-in member whose role allows at least one of ``actions`` (otherwise 403)."""

    def decorator(view):
        @member_required()
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(permissions.can(request.membership, action) for action in actions):
                return render(request, "403.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def with_version(*, editable: bool = False):
    """Decorate a view taking ``version_id``: pass it the version instead, with every part loaded. A version that is
    missing, another authority's, or hidden from this role is a 404. With ``editable``, a version that is no longer
    a draft sends the person back to its page with the reason."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, version_id, *args, **kwargs):
            try:
                version = selectors.consensus_version_get_for_user(request.membership, version_id)
            except ConsensusVersion.DoesNotExist:
                raise Http404 from None
            if editable and not version.is_editable:
                messages.error(request, not_editable_message(version))
                return redirect("consensus:version", version.pk)
            return view(request, version, *args, **kwargs)

        return wrapped

    return decorator


def not_editable_message(version: ConsensusVersion) -> str:
    if version.status == VersionStatus.IN_REVIEW:
        return (f"Version {version.number} is waiting for sign-off, so it cannot be changed. "
                "Return it to draft first; that withdraws any sign-offs given.")
    return f"Version {version.number} is {version.get_status_display().lower()}. Start a new draft to change it."


def find_item(version: ConsensusVersion, part: PartPage, item_id: int):
    """An item of ``version``'s part, from the parts already loaded (404 if it is not there)."""
    item = next((item for item in getattr(version, part.name).all() if item.pk == item_id), None)
    if item is None:
        raise Http404
    return item
