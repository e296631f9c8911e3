import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_scopes import scopes_disabled

from accounts.demo import DEMO_PASSWORD
from accounts.models import Authority, Membership, User
from accounts.roles import Role
from accounts.services import api_token_create
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _people_and_agreements_only(monkeypatch):
    # These tests are about the people and their sign-ins; tests/referrals/test_demo.py, tests/cases/test_demo.py
    # and tests/evidence cover the referrals, cases and evidence base, which take most of seed_demo's time.
    monkeypatch.setattr("accounts.management.commands.seed_demo.seed_demo_referrals", lambda: [])
    monkeypatch.setattr("accounts.management.commands.seed_demo.seed_demo_cases", lambda: [])
    monkeypatch.setattr("accounts.management.commands.seed_demo.seed_evidence", lambda authority: [])


@pytest.fixture
def demo(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = True
    call_command("seed_demo")
    return settings


def test_two_authorities_with_every_role(demo):
    assert Authority.objects.count() == 2
    with scopes_disabled():
        for authority in Authority.objects.all():
            roles = set(Membership.objects.filter(authority=authority).values_list("role", flat=True))
            assert roles == set(Role.values), authority.code
        shared = Membership.objects.filter(user__username="shared.lead").values_list("authority__code", flat=True)
        assert sorted(shared) == ["EVL", "NMR"]
    assert set(User.objects.values_list("is_demo", flat=True)) == {True}


def test_seed_demo_is_idempotent(capsys, demo):
    with scopes_disabled():
        before = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    first_output = capsys.readouterr().out
    call_command("seed_demo")
    with scopes_disabled():
        after = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    assert before == after
    assert capsys.readouterr().out == first_output


def test_output_lists_every_login_with_a_totp_secret(settings, capsys):
    settings.DEMO_ACCOUNTS_ALLOWED = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for user in User.objects.all():
        line = next(line for line in out.splitlines() if line.startswith(user.username + " "))
        secret = line.split()[1]
        assert len(secret) == 32 and secret.isalnum()


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command("seed_demo")
    assert not User.objects.exists() and not Authority.objects.exists()


def test_demo_accounts_cannot_sign_in_with_debug_off(demo):
    demo.DEMO_ACCOUNTS_ALLOWED = False
    response = Client().post("/sign-in/", {"username": "nmr.manager", "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert "The username or password is not right" in response.text


def test_demo_tokens_stop_working_with_debug_off(demo):
    with scopes_disabled():
        membership = Membership.objects.get(user__username="nmr.manager")
    _, secret = api_token_create(membership=membership, name="demo", days=1, actor=None, mfa_verified=False)
    assert Client().get("/api/v1/audit/events/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    demo.DEMO_ACCOUNTS_ALLOWED = False
    response = Client().get("/api/v1/audit/events/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response.json()["detail"] == "Demo accounts are disabled on this server."


def test_demo_code_command(demo, capsys):
    capsys.readouterr()
    call_command("demo_code", "nmr.lead")
    code = capsys.readouterr().out.split()[0]
    assert len(code) == 6 and code.isdigit()
    with pytest.raises(CommandError):
        call_command("demo_code", "not.a.demo")
    demo.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="disabled"):
        call_command("demo_code", "nmr.lead")
