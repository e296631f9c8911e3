"""Finding the referral a page is about, and what happens when someone may not (or may no longer) act on it."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from core.exceptions import PermissionDenied
from referrals import permissions
from referrals.models import Referral, ReferralStatus
from referrals.selectors import referral_get_for_user

A = permissions.ReferralAction


def with_referral(view):
    """Decorate a view taking ``referral_id``: pass it the referral instead, with everything its pages show loaded.
    Missing, another authority's, or not visible to this person: 404. A service's PermissionDenied: the 403 page."""

    @wraps(view)
    def wrapped(request, referral_id, *args, **kwargs):
        try:
            referral = referral_get_for_user(request.membership, referral_id)
        except Referral.DoesNotExist:
            raise Http404 from None
        try:
            return view(request, referral, *args, **kwargs)
        except PermissionDenied:
            return render(request, "403.html", status=403)

    return wrapped


def not_available(request, referral: Referral, action: A):
    """None when ``action`` can be taken now. Otherwise the response: the 403 page when the person's role does not
    allow it; when only the referral's status stands in the way, a GET goes back to the referral page with the
    reason, and a POST goes on to the service, whose InvalidTransition becomes the 409 page (``conflict``)."""
    if action in permissions.get_actions(request.membership, referral):
        return None
    if not permissions.can(request.membership, action, referral):
        return render(request, "403.html", status=403)
    if request.method == "POST":
        return None
    messages.info(request, f"This referral is {referral.get_status_display().lower()}, so that can no longer be "
                           "done.")
    return redirect("referrals:detail", referral.pk)


def conflict_message(request, referral: Referral, error) -> str:
    """What to say when someone else changed the referral between this person loading the page and acting."""
    if referral.status == ReferralStatus.DECIDED:
        if referral.decided_by_id == request.user.pk:
            return "This referral has already been decided. The decision is shown below."
        return "Someone else decided this referral a moment ago. Their decision is shown below."
    if referral.status == ReferralStatus.WITHDRAWN:
        return "Someone withdrew this referral a moment ago, so nothing more can be done with it."
    return error.message


def unless_draft(request, referral: Referral):
    """None for the author's own draft. A submitted referral goes to its page (or, for its author straight after
    submitting, the confirmation); someone else's referral is the 403 page."""
    if not permissions.can(request.membership, A.EDIT_DRAFT, referral):
        return render(request, "403.html", status=403)
    if referral.is_draft:
        return None
    messages.info(request, "This referral has been submitted, so it can no longer be changed.")
    return redirect("referrals:detail", referral.pk)
