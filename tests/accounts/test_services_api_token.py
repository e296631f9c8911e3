import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke, hash_token_secret
from core.exceptions import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/audit/events/"


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_token_is_stored_hashed(manager, audit_rows):
    token, secret = api_token_create(membership=manager, name="Gateway", days=30, actor=manager.user,
                                     mfa_verified=True)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(f"thr_{stored.prefix}_")
    assert stored.token_hash == hash_token_secret(secret)
    assert secret not in {stored.token_hash, stored.prefix, stored.name}
    assert audit_rows() == [("accounts.token.created", "max.manager")]


def test_token_needs_an_mfa_verified_session(manager):
    with pytest.raises(PermissionDenied):
        api_token_create(membership=manager, name="x", days=1, actor=manager.user, mfa_verified=False)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("days,name", [(0, "x"), (91, "x"), (5, "  ")])
def test_bad_token_input_is_refused(manager, days, name):
    with pytest.raises(DomainError):
        api_token_create(membership=manager, name=name, days=days, actor=manager.user, mfa_verified=True)
    assert not ApiToken.objects.exists()


def test_token_authenticates_in_its_authority(manager):
    _, secret = api_token_create(membership=manager, name="Gateway", days=30, actor=manager.user, mfa_verified=True)
    response = Client().get(EVENTS, **_bearer(secret))
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_expired_token_is_refused(manager):
    token, secret = api_token_create(membership=manager, name="Old", days=1, actor=manager.user, mfa_verified=True)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(EVENTS, **_bearer(secret))
    assert response.status_code == 401
    assert response.json() == {"detail": "This token has expired.", "code": "authentication_failed"}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_revoked_token_is_refused(manager, audit_rows):
    token, secret = api_token_create(membership=manager, name="Gone", days=5, actor=manager.user, mfa_verified=True)
    api_token_revoke(token=token, actor=manager.user)
    response = Client().get(EVENTS, **_bearer(secret))
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has been revoked."
    assert audit_rows() == [("accounts.token.created", "max.manager"), ("accounts.token.revoked", "max.manager")]


def test_someone_else_cannot_revoke_a_token(manager, lead):
    token, _ = api_token_create(membership=manager, name="Mine", days=5, actor=manager.user, mfa_verified=True)
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=lead.user)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_token_stops_when_access_is_removed(manager, admin_member):
    from accounts.services import membership_update

    _, secret = api_token_create(membership=manager, name="Gateway", days=5, actor=manager.user, mfa_verified=True)
    with scopes_disabled():
        membership_update(membership=manager, role=manager.role, team=None, is_active=False,
                          actor_membership=admin_member)
    assert Client().get(EVENTS, **_bearer(secret)).status_code == 401


@pytest.mark.parametrize("header,message", [
    ("Token abc", "Send the token as 'Authorization: Bearer <token>'."),
    ("Bearer", "Send the token as 'Authorization: Bearer <token>'."),
    ("Bearer not-a-token", "That is not a Threshold API token."),
    ("Bearer thr_ffffffffffff_nope", "That is not a Threshold API token."),
    ("Bearer thr_ffffffffffff_" + "a" * 43, "Invalid token."),
    ("Bearer thr_\x00_x", "That is not a Threshold API token."),
])
def test_malformed_authorization_header_is_401(db, header, message):
    response = Client().get(EVENTS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"] == message


def test_tampered_secret_is_refused(manager):
    _, secret = api_token_create(membership=manager, name="Gateway", days=5, actor=manager.user, mfa_verified=True)
    response = Client().get(EVENTS, **_bearer(secret[:-2] + ("AA" if not secret.endswith("AA") else "BB")))
    assert response.status_code == 401


def test_token_page_creates_and_shows_the_secret_once(manager, client_for, audit_rows):
    client = client_for(manager)
    response = client.post(reverse("accounts:tokens"), {"name": "Police gateway", "days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = re.search(rf"thr_{token.prefix}_[A-Za-z0-9_-]+", response.text).group(0)
    assert token.token_hash == hash_token_secret(secret)
    later = client.get(reverse("accounts:tokens")).text
    assert f"thr_{token.prefix}" in later and secret not in later
    assert audit_rows() == [("accounts.token.created", "max.manager")]


def test_token_page_shows_field_errors(manager, client_for):
    response = client_for(manager).post(reverse("accounts:tokens"), {"name": "", "days": "400"})
    assert response.status_code == 400
    assert "Enter a name for the token" in response.text
    assert "A token can last at most 90 days" in response.text
    assert not ApiToken.objects.exists()


def test_revoke_from_the_page(manager, client_for):
    token, _ = api_token_create(membership=manager, name="Old link", days=5, actor=manager.user, mfa_verified=True)
    client = client_for(manager)
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_outsider_cannot_revoke_my_token(manager, outsider, client_for):
    token, _ = api_token_create(membership=manager, name="Mine", days=5, actor=manager.user, mfa_verified=True)
    assert client_for(outsider).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert client_for(outsider).post(reverse("accounts:token_revoke", args=[999999])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_create_api_token_command(manager, capsys):
    call_command("create_api_token", "max.manager", "--days", "7", "--name", "Nightly import")
    secret = capsys.readouterr().out.strip()
    assert Client().get(EVENTS, **_bearer(secret)).status_code == 200
    token = ApiToken.objects.get()
    assert token.name == "Nightly import"
    assert abs((token.expires_at - token.created_at) - timedelta(days=7)) < timedelta(seconds=5)


def test_create_api_token_command_errors(manager):
    with pytest.raises(CommandError, match="No active user"):
        call_command("create_api_token", "nobody")
    with pytest.raises(CommandError, match="no access to that authority"):
        call_command("create_api_token", "max.manager", "--authority", "OTH")
    with pytest.raises(CommandError, match="between 1 and 90"):
        call_command("create_api_token", "max.manager", "--days", "0")
