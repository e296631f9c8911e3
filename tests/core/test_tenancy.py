"""The scoping mechanism fails closed, and other authorities' records are simply not found."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import ScopeError, scopes_disabled

from accounts.models import Membership, Team
from accounts.services import api_token_create
from audit.models import AuditEvent
from audit.services import audit_record
from core.tenancy import authority_scope

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Team, Membership, AuditEvent])
def test_unscoped_query_raises(model, home_team):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()


def test_scope_limits_to_one_authority(home, away, home_team):
    with scopes_disabled():
        Team.objects.create(authority=away, name="Elsewhere")
    with authority_scope(home.pk):
        assert list(Team.objects.values_list("name", flat=True)) == ["Front door"]
    with authority_scope(away.pk):
        assert list(Team.objects.values_list("name", flat=True)) == ["Elsewhere"]


@pytest.mark.parametrize("value", [None, 0])
def test_scope_refuses_no_authority(value):
    with pytest.raises(ValueError), authority_scope(value):
        pass


def test_other_authoritys_audit_event_is_404_in_the_ui(manager, outsider, client_for):
    event = audit_record(action="accounts.team.created", authority=manager.authority)
    assert client_for(manager).get(reverse("audit:event", args=[event.pk])).status_code == 200
    response = client_for(outsider).get(reverse("audit:event", args=[event.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_other_authoritys_audit_event_is_404_in_the_api(manager, outsider, client_for):
    event = audit_record(action="accounts.team.created", authority=manager.authority)
    url = f"/api/v1/audit/events/{event.pk}/"
    assert client_for(manager).get(url).status_code == 200
    response = client_for(outsider).get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
    _, secret = api_token_create(membership=outsider, name="x", days=1, actor=outsider.user, mfa_verified=True)
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 404


def test_other_authoritys_person_is_404(admin_member, outsider_admin, client_for):
    client = client_for(outsider_admin)
    assert client.get(reverse("accounts:person_edit", args=[admin_member.pk])).status_code == 404
    assert client.post(reverse("accounts:person_edit", args=[admin_member.pk]),
                       {"role": "dpo", "is_active": "on"}).status_code == 404
    with scopes_disabled():
        assert Membership.objects.get(pk=admin_member.pk).role == "authority_admin"
