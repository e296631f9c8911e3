"""Sign-in in two steps: username and password, then a code from an authenticator app (set up on first use).

Nothing treats the person as signed in until both steps pass: between them the session only holds a short-lived
"password accepted" marker, so no page, API or scope sees a half-signed-in user.
"""

import time
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate, get_user_model, login, logout, user_login_failed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.backends import StaffModelBackend
from accounts.forms import CodeForm, SignInForm
from accounts.middleware import SESSION_AUTHORITY_KEY
from accounts.selectors import membership_for_session, memberships_for_user

PENDING_KEY = "threshold_password_ok"
PENDING_SECONDS = 300
NEXT_KEY = "threshold_next"


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is None or not StaffModelBackend().user_can_authenticate(user):
        return None
    return user


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return None


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect("home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request, None, {"username": username})
        if user is None:
            services.session_sign_in_failed(username=username, stage="password")
            form.add_error(None, "The username or password is not right. Check them and try again.")
        else:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {"user_id": user.pk, "at": time.time()}
            request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            return redirect("accounts:sign_in_code" if has_device else "accounts:sign_in_setup")
    return render(request, "accounts/sign_in.html", {"form": form}, status=400 if form.errors else 200)


def _complete_sign_in(request, user, device):
    next_url = request.session.get(NEXT_KEY)
    login(request, user, backend="accounts.backends.StaffModelBackend")
    otp_login(request, device)
    membership = membership_for_session(memberships_for_user(user), None)
    if membership is not None:
        request.session[SESSION_AUTHORITY_KEY] = membership.authority_id
    services.session_signed_in(user=user, membership=membership)
    return redirect(next_url or "home")


def _check_code(request, user, device, form):
    """Validate the code, counting a wrong one towards the same lockout as a wrong password."""
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return None, locked_out(request, None, credentials)
    allowed, _ = device.verify_is_allowed()
    if allowed and device.verify_token(form.cleaned_data["code"]):
        return True, None
    services.session_sign_in_failed(username=user.get_username(), stage="code", user=user)
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if AxesProxyHandler.is_locked(request, credentials):
        return None, locked_out(request, None, credentials)
    message = ("There have been several wrong codes. Wait a few seconds, then enter the newest code."
               if not allowed else "The code is not right, or it has already been used. Enter the newest code.")
    form.add_error("code", message)
    return False, None


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign_in")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("accounts:sign_in_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, response = _check_code(request, user, device, form)
        if response is not None:
            return response
        if ok:
            return _complete_sign_in(request, user, device)
    return render(request, "accounts/sign_in_code.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_setup(request):
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign_in")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:sign_in_code")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, response = _check_code(request, user, device, form)
        if response is not None:
            return response
        if ok:
            services.totp_enrolled(user=user, device=device)
            return _complete_sign_in(request, user, device)
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(
            scale=5, omitsize=True, dark="#0b0c0c", light="#ffffff"
        ),
        "secret": _grouped_secret(device),
    }
    return render(request, "accounts/sign_in_setup.html", context, status=400 if form.errors else 200)


def _grouped_secret(device) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.session_signed_out(user=request.user, membership=getattr(request, "membership", None))
    logout(request)
    return redirect("accounts:signed_out")


@require_http_methods(["GET"])
def signed_out(request):
    return render(request, "accounts/signed_out.html")


def locked_out(request, response, credentials, *args, **kwargs):
    """django-axes calls this when a username and address pair is locked."""
    username = (credentials or {}).get("username", "")
    services.session_locked_out(username=username)
    form = SignInForm()
    return render(request, "accounts/sign_in.html", {"form": form, "locked_out": True}, status=429)
