"""Platform staff: sign in with the same two steps, then manage authorities in the admin, audited."""

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from accounts.models import Authority, User
from audit.models import AuditEvent
from tests.conftest import PASSWORD, totp_now
from tests.factories import TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db
ADMIN = "/platform-admin/"


@pytest.fixture
def staff_client(db):
    user = UserFactory(username="platform.staff", is_staff=True, is_superuser=True)
    TOTPDeviceFactory(user=user)
    client = Client()
    client.post("/sign-in/", {"username": "platform.staff", "password": PASSWORD})
    assert client.post("/sign-in/code/", {"code": totp_now(user)}).status_code == 302
    return client


def test_staff_without_a_code_cannot_reach_the_admin(db):
    UserFactory(username="platform.staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(User.objects.get(username="platform.staff"))
    response = client.get(ADMIN)
    assert response.status_code == 302 and "login" in response.url


def test_staff_with_a_code_manages_authorities_and_it_is_audited(staff_client, home):
    assert staff_client.get(ADMIN).status_code == 200
    response = staff_client.post(ADMIN + "accounts/authority/add/", {
        "name": "Newtown Borough Council", "code": "NEW", "region": "london", "prevent_priority_area": "on",
    })
    assert response.status_code == 302
    created = Authority.objects.get(code="NEW")
    response = staff_client.post(ADMIN + f"accounts/authority/{created.pk}/change/", {
        "name": "Newtown Borough Council", "code": "NEW", "region": "south_east",
    })
    assert response.status_code == 302
    with scopes_disabled():
        events = list(AuditEvent.objects.filter(authority=created).order_by("sequence"))
    assert [(e.action, e.actor.username) for e in events] == [
        ("accounts.authority.created", "platform.staff"), ("accounts.authority.changed", "platform.staff"),
    ]
    assert events[1].data == {"old": {"region": "london", "prevent_priority_area": True},
                              "new": {"region": "south_east", "prevent_priority_area": False}}


def test_admin_shows_no_audit_or_case_content(staff_client):
    index = staff_client.get(ADMIN).text
    assert "Audit" not in index
    assert staff_client.get(ADMIN + "audit/auditevent/").status_code == 404
