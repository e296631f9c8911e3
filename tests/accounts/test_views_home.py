import pytest
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from accounts.roles import ROLE_SUMMARIES, Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
HOME = reverse("home")
SWITCH = reverse("accounts:switch_authority")


@pytest.mark.parametrize("persona,role", [
    ("practitioner", Role.PRACTITIONER), ("lead", Role.SAFEGUARDING_LEAD), ("manager", Role.MANAGER),
    ("admin_member", Role.AUTHORITY_ADMIN), ("dpo", Role.DPO),
])
def test_home_says_what_each_role_can_do(persona, role, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(HOME)
    assert response.status_code == 200
    for line in ROLE_SUMMARIES[role]:
        assert escape(line) in response.text


def test_navigation_follows_the_role(admin_member, dpo, client_for):
    admin_page = client_for(admin_member).get(HOME).text
    dpo_page = client_for(dpo).get(HOME).text
    assert reverse("accounts:people") in admin_page and reverse("audit:events") not in admin_page
    assert reverse("audit:events") in dpo_page and reverse("accounts:people") not in dpo_page


def test_signed_out_visitor_is_sent_to_sign_in(db, client):
    response = client.get(HOME)
    assert response.status_code == 302 and response.url == "/sign-in/?next=/"


def test_home_query_count(lead, client_for, django_assert_num_queries):
    client = client_for(lead)
    client.get(HOME)
    # session, user, device, memberships, session save; plus the savepoints of the request's transaction
    with django_assert_num_queries(9):
        client.get(HOME)


@pytest.fixture
def two_hats(lead, away):
    with scopes_disabled():
        MembershipFactory(user=lead.user, authority=away, role=Role.MANAGER)
    return lead


def test_switching_authority_changes_scope_and_is_audited(two_hats, away, client_for, audit_rows):
    client = client_for(two_hats)
    assert "Otherton City Council" in client.get(HOME).text  # offered in the switcher
    response = client.post(SWITCH, {"authority": away.pk}, follow=True)
    assert "You are now working in Otherton City Council" in response.text
    assert "You are signed in as a <strong>manager</strong>" in response.text
    assert audit_rows(authority=away) == [("accounts.authority.switched", "lee.lead")]


def test_switching_to_an_authority_you_do_not_belong_to_is_refused(lead, away, client_for, audit_rows):
    client = client_for(lead)
    for value in [away.pk, 999999, "not-a-number", ""]:
        response = client.post(SWITCH, {"authority": value}, follow=True)
        assert response.status_code == 200
        assert "You do not have access to that authority." in response.text
        assert "Testshire County Council" in response.text
    assert audit_rows() == []
    assert client.get(SWITCH).status_code == 405
