from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import SwitchAuthorityForm
from accounts.middleware import SESSION_AUTHORITY_KEY
from accounts.roles import ROLE_SUMMARIES
from core.access import member_required

# Sections that apps above accounts add to the home page (reports adds a practitioner's own work): a template and
# a function of the request giving its context, or None to leave it out. accounts knows nothing else of them.
HOME_PANELS: list[tuple[str, Callable]] = []


def register_home_panel(template_name: str, build: Callable) -> None:
    if all(template_name != registered for registered, _ in HOME_PANELS):
        HOME_PANELS.append((template_name, build))


@member_required()
def home(request):
    membership = request.membership
    panels = [(template_name, panel) for template_name, build in HOME_PANELS
              if (panel := build(request)) is not None]
    return render(request, "accounts/home.html",
                  {"summaries": ROLE_SUMMARIES.get(membership.role, []), "panels": panels})


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
