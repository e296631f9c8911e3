"""Shared fixtures: two authorities and a cast of personas.

``home`` is the authority under test; ``away`` is another authority whose ``outsider`` must never see ``home``'s
records. Fixtures create data with scopes disabled on purpose; code under test runs in the scope the request or
``in_scope`` gives it.
"""

from base64 import b32encode

import pyotp
import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_scopes import scopes_disabled

from accounts.roles import Role
from core.tenancy import authority_scope
from tests.factories import AuthorityFactory, MembershipFactory, TeamFactory, TOTPDeviceFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def home(db):
    return AuthorityFactory(name="Testshire County Council", code="TST")


@pytest.fixture
def away(db):
    return AuthorityFactory(name="Otherton City Council", code="OTH")


@pytest.fixture
def home_team(home):
    with scopes_disabled():
        return TeamFactory(authority=home, name="Front door")


def _persona(authority, role, username, team=None):
    with scopes_disabled():
        user = UserFactory(username=username)
        TOTPDeviceFactory(user=user)
        return MembershipFactory(user=user, authority=authority, role=role, team=team)


@pytest.fixture
def practitioner(home, home_team):
    return _persona(home, Role.PRACTITIONER, "pat.practitioner", home_team)


@pytest.fixture
def lead(home, home_team):
    return _persona(home, Role.SAFEGUARDING_LEAD, "lee.lead", home_team)


@pytest.fixture
def manager(home):
    return _persona(home, Role.MANAGER, "max.manager")


@pytest.fixture
def admin_member(home):
    return _persona(home, Role.AUTHORITY_ADMIN, "ada.admin")


@pytest.fixture
def dpo(home):
    return _persona(home, Role.DPO, "dee.dpo")


@pytest.fixture
def outsider(away):
    """A manager in another authority: every attempt on ``home``'s records must fail."""
    return _persona(away, Role.MANAGER, "otto.outsider")


def totp_now(user) -> str:
    device = user.totpdevice_set.get()
    return pyotp.TOTP(b32encode(device.bin_key).decode()).now()


def signed_in_client(membership) -> Client:
    """A browser session that has passed both sign-in steps, acting in the membership's authority."""
    client = Client()
    client.force_login(membership.user, backend="accounts.backends.StaffModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = membership.user.totpdevice_set.get().persistent_id
    session["threshold_authority_id"] = membership.authority_id
    session.save()
    return client


@pytest.fixture
def client_for():
    return signed_in_client


@pytest.fixture
def in_scope():
    return authority_scope


@pytest.fixture
def audit_rows():
    """The audit events written since the fixture was created, oldest first, as (action, actor username)."""
    from audit.models import AuditEvent

    with scopes_disabled():
        start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def rows(**filters):
        with scopes_disabled():
            events = AuditEvent.objects.filter(id__gt=start, **filters).order_by("id").select_related("actor")
            return [(event.action, event.actor.username if event.actor else None) for event in events]

    return rows


@pytest.fixture
def outsider_admin(away):
    """An authority administrator in another authority."""
    return _persona(away, Role.AUTHORITY_ADMIN, "olga.otheradmin")
