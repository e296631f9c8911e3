import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.views.auth import PENDING_KEY
from tests.conftest import PASSWORD, totp_now

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign_in")
CODE = reverse("accounts:sign_in_code")
SETUP = reverse("accounts:sign_in_setup")


def _password_step(client, username, password=PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def test_sign_in_with_password_and_code_reaches_home(practitioner, audit_rows):
    client = Client()
    response = _password_step(client, "pat.practitioner")
    assert response.status_code == 302 and response.url == CODE

    response = client.post(CODE, {"code": totp_now(practitioner.user)})
    assert response.status_code == 302 and response.url == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Testshire County Council" in home.text and "practitioner" in home.text
    assert audit_rows() == [("accounts.session.signed_in", "pat.practitioner")]


def test_password_alone_does_not_sign_in(practitioner):
    client = Client()
    _password_step(client, "pat.practitioner")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(SIGN_IN)
    assert client.get("/api/v1/audit/events/").status_code == 401


def test_wrong_password_is_a_clear_message(practitioner, audit_rows):
    response = _password_step(Client(), "pat.practitioner", "wrong-password")
    assert response.status_code == 400
    assert "The username or password is not right" in response.text
    assert audit_rows() == [("accounts.session.sign_in_failed", None)]


def test_unknown_user_gets_the_same_message(db, audit_rows):
    response = _password_step(Client(), "nobody-here", "whatever")
    assert response.status_code == 400
    assert "The username or password is not right" in response.text
    assert audit_rows() == [("accounts.session.sign_in_failed", None)]


def test_empty_form_shows_messages_next_to_fields(db):
    response = Client().post(SIGN_IN, {"username": "", "password": ""})
    assert response.status_code == 400
    assert "Enter your username" in response.text and "Enter your password" in response.text
    assert 'class="govuk-error-summary"' in response.text


def test_wrong_code_is_refused_with_a_message(practitioner, audit_rows):
    client = Client()
    _password_step(client, "pat.practitioner")
    good = totp_now(practitioner.user)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 400
    assert "The code is not right, or it has already been used" in response.text
    assert client.get(reverse("home")).status_code == 302
    assert audit_rows() == [("accounts.session.sign_in_failed", "pat.practitioner")]


@pytest.mark.parametrize("code", ["12345", "abcdef", "1234567", ""])
def test_malformed_code_is_a_field_error(practitioner, code):
    client = Client()
    _password_step(client, "pat.practitioner")
    response = client.post(CODE, {"code": code})
    assert response.status_code == 400
    assert 'id="id_code-error"' in response.text


def test_reused_code_is_refused(practitioner):
    code = totp_now(practitioner.user)
    first = Client()
    _password_step(first, "pat.practitioner")
    assert first.post(CODE, {"code": code}).status_code == 302

    second = Client()
    _password_step(second, "pat.practitioner")
    response = second.post(CODE, {"code": code})
    assert response.status_code == 400
    assert "already been used" in response.text


def test_expired_password_step_starts_again(practitioner):
    client = Client()
    _password_step(client, "pat.practitioner")
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": time.time() - 301}
    session.save()
    response = client.post(CODE, {"code": totp_now(practitioner.user)})
    assert response.status_code == 302 and response.url == SIGN_IN


def test_lockout_after_repeated_failures(practitioner, audit_rows, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, "pat.practitioner", "wrong-password")
    response = _password_step(client, "pat.practitioner")  # even the right password is refused now
    assert response.status_code == 429
    assert "Sign-in is locked for now" in response.text
    assert PENDING_KEY not in client.session
    assert ("accounts.session.locked_out", None) in audit_rows()


def test_lockout_is_per_username_and_address(practitioner, lead, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, "pat.practitioner", "wrong-password")
    assert _password_step(client, "lee.lead").status_code == 302
    assert _password_step(Client(REMOTE_ADDR="10.0.0.9"), "pat.practitioner",
                          REMOTE_ADDR="10.0.0.9").status_code == 302


def test_wrong_codes_count_towards_lockout(practitioner, settings):
    client = Client()
    _password_step(client, "pat.practitioner")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(CODE, {"code": "000000"})
    assert response.status_code == 429
    response = client.post(CODE, {"code": totp_now(practitioner.user)})
    assert response.status_code == 429


def test_first_sign_in_sets_up_the_authenticator(home, audit_rows):
    from base64 import b32encode

    import pyotp
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_scopes import scopes_disabled

    from accounts.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    with scopes_disabled():
        user = UserFactory(username="new.starter")
        MembershipFactory(user=user, authority=home, role=Role.PRACTITIONER)
    client = Client()
    response = _password_step(client, "new.starter")
    assert response.url == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200 and "<svg" in page.text and "Set up your authenticator app" in page.text
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert client.post(SETUP, {"code": "000000"}).status_code == 400
    time.sleep(1.1)  # django-otp slows down guessing: 1 second after the first wrong code, doubling after each

    code = pyotp.TOTP(b32encode(device.bin_key).decode()).now()
    response = client.post(SETUP, {"code": code})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert [row[0] for row in audit_rows()] == [
        "accounts.session.sign_in_failed", "accounts.totp.enrolled", "accounts.session.signed_in",
    ]


def test_open_redirect_is_ignored(practitioner):
    client = Client()
    client.post(SIGN_IN + "?next=https://evil.example/", {"username": "pat.practitioner", "password": PASSWORD})
    response = client.post(CODE, {"code": totp_now(practitioner.user)})
    assert response.url == reverse("home")


def test_next_on_this_site_is_followed(practitioner):
    client = Client()
    client.post(SIGN_IN + "?next=/account/api-tokens/", {"username": "pat.practitioner", "password": PASSWORD})
    response = client.post(CODE, {"code": totp_now(practitioner.user)})
    assert response.url == "/account/api-tokens/"


def test_sign_out_ends_the_session(practitioner, client_for, audit_rows):
    client = client_for(practitioner)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    response = client.post(reverse("accounts:sign_out"), follow=True)
    assert response.redirect_chain == [(reverse("accounts:signed_out"), 302)]
    assert "You have signed out" in response.text
    assert client.get(reverse("home")).status_code == 302
    assert audit_rows() == [("accounts.session.signed_out", "pat.practitioner")]


def test_idle_timeout_is_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_session_cookie_expires_with_idle_time(practitioner, client_for):
    client = client_for(practitioner)
    response = client.get(reverse("home"))
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] in ("", 1800)  # browser-session cookie; the server ends it after 30 idle minutes
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert 1790 <= remaining <= 1800
