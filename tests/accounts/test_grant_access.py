import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from accounts.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_grant_access_gives_the_first_administrator(home, audit_rows, capsys):
    UserFactory(username="first.admin")
    call_command("grant_access", "first.admin", "--authority", "tst")
    with scopes_disabled():
        membership = Membership.objects.get(user__username="first.admin")
    assert (membership.authority_id, membership.role) == (home.pk, "authority_admin")
    assert audit_rows() == [("accounts.membership.created", None)]
    assert "first.admin is now authority administrator in Testshire County Council." in capsys.readouterr().out


def test_grant_access_errors(home, practitioner):
    with pytest.raises(CommandError, match="No active user"):
        call_command("grant_access", "nobody", "--authority", "TST")
    with pytest.raises(CommandError, match="No authority with code 'XYZ'"):
        call_command("grant_access", "pat.practitioner", "--authority", "XYZ")
    with pytest.raises(CommandError, match="already has access"):
        call_command("grant_access", "pat.practitioner", "--authority", "TST")
