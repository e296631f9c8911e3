from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import ApiTokenForm
from accounts.selectors import api_token_list_for_user
from core.access import member_required
from core.exceptions import DomainError
from core.forms import apply_domain_error


@never_cache
@require_http_methods(["GET", "POST"])
@member_required()
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_secret = services.api_token_create(
                membership=request.membership, name=form.cleaned_data["name"], days=form.cleaned_data["days"],
                actor=request.user, mfa_verified=request.user.is_verified(),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            form = ApiTokenForm()
    tokens = api_token_list_for_user(request.user)
    return render(request, "accounts/token_list.html", {"form": form, "tokens": tokens, "new_secret": new_secret},
                  status=400 if form.errors else 200)


@require_POST
@member_required()
def token_revoke(request, token_id):
    token = get_object_or_404(api_token_list_for_user(request.user), pk=token_id)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, f"The token ‘{token.name}’ has been revoked. It can no longer be used.")
    return redirect("accounts:tokens")
