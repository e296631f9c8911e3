from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import SwitchAuthorityForm
from accounts.middleware import SESSION_AUTHORITY_KEY
from accounts.roles import ROLE_SUMMARIES
from core.access import member_required


@member_required()
def home(request):
    membership = request.membership
    return render(request, "accounts/home.html", {"summaries": ROLE_SUMMARIES.get(membership.role, [])})


@require_POST
@member_required()
def switch_authority(request):
    form = SwitchAuthorityForm(request.POST)
    chosen = None
    if form.is_valid():
        chosen = next(
            (m for m in request.memberships if m.authority_id == form.cleaned_data["authority"]),
            None,
        )
    if chosen is None:
        messages.error(request, "You do not have access to that authority.")
        return redirect("home")
    request.session[SESSION_AUTHORITY_KEY] = chosen.authority_id
    services.session_authority_switched(user=request.user, membership=chosen)
    messages.success(request, f"You are now working in {chosen.authority.name}.")
    return redirect("home")
