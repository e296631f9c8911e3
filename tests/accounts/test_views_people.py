import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.models import Membership, Team, User
from accounts.roles import Role

pytestmark = pytest.mark.django_db
PEOPLE = reverse("accounts:people")
ADD = reverse("accounts:person_add")
ADD_TEAM = reverse("accounts:team_add")

NEW_PERSON = {
    "first_name": "Nia", "last_name": "Example", "email": "nia@example.invalid", "username": "nia.example",
    "password": "a-long-temporary-pass", "role": Role.PRACTITIONER, "team": "", "is_active": "on",
}


def test_admin_sees_everyone_in_their_authority_only(admin_member, practitioner, outsider, client_for,
                                                     django_assert_max_num_queries):
    client = client_for(admin_member)
    with django_assert_max_num_queries(12):
        response = client.get(PEOPLE)
    assert response.status_code == 200
    assert "pat.practitioner" in response.text and "otto.outsider" not in response.text


def test_people_page_query_count_does_not_grow(admin_member, home, client_for, django_assert_num_queries):
    client = client_for(admin_member)
    client.get(PEOPLE)
    with scopes_disabled():
        from tests.factories import MembershipFactory

        MembershipFactory(authority=home)
    # session, user, device, membership (scope), memberships listed, teams, session save; plus savepoints
    with django_assert_num_queries(11) as first:
        client.get(PEOPLE)
    with scopes_disabled():
        for _ in range(5):
            MembershipFactory(authority=home)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(PEOPLE)


@pytest.mark.parametrize("persona", ["practitioner", "lead", "manager", "dpo"])
def test_other_roles_cannot_manage_people(persona, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(PEOPLE).status_code == 403
    assert client.post(ADD, NEW_PERSON).status_code == 403
    assert not User.objects.filter(username="nia.example").exists()


def test_admin_adds_a_person(admin_member, home_team, client_for, audit_rows):
    response = client_for(admin_member).post(ADD, {**NEW_PERSON, "team": home_team.pk})
    assert response.status_code == 302
    user = User.objects.get(username="nia.example")
    assert user.check_password("a-long-temporary-pass")
    with scopes_disabled():
        membership = Membership.objects.get(user=user)
    assert (membership.authority_id, membership.role, membership.team_id) == (
        admin_member.authority_id, Role.PRACTITIONER, home_team.pk)
    assert audit_rows() == [("accounts.user.created", "ada.admin"), ("accounts.membership.created", "ada.admin")]


def test_adding_a_person_with_bad_input_writes_nothing(admin_member, client_for):
    bad = {**NEW_PERSON, "username": "Not Valid!", "email": "nope", "password": "short", "role": "wizard"}
    response = client_for(admin_member).post(ADD, bad)
    assert response.status_code == 400
    for message in ["Use 3 or more lower-case letters", "Enter an email address like", "Use at least 12 characters",
                    "Select a valid choice"]:
        assert message in response.text
    assert not User.objects.filter(email="nope").exists()


def test_taken_username_is_a_field_error(admin_member, practitioner, client_for):
    response = client_for(admin_member).post(ADD, {**NEW_PERSON, "username": "pat.practitioner"})
    assert response.status_code == 400
    assert "That username is taken." in response.text


def test_team_from_another_authority_is_refused(admin_member, away, client_for):
    with scopes_disabled():
        their_team = Team.objects.create(authority=away, name="Their team")
    response = client_for(admin_member).post(ADD, {**NEW_PERSON, "team": their_team.pk})
    assert response.status_code == 400
    assert not User.objects.filter(username="nia.example").exists()


def test_role_change_and_removal_are_audited_with_old_and_new(admin_member, practitioner, client_for, audit_rows):
    from audit.models import AuditEvent

    url = reverse("accounts:person_edit", args=[practitioner.pk])
    client = client_for(admin_member)
    assert client.get(url).status_code == 200
    response = client.post(url, {"role": Role.SAFEGUARDING_LEAD, "team": "", "is_active": ""})
    assert response.status_code == 302
    with scopes_disabled():
        practitioner.refresh_from_db()
        events = list(AuditEvent.objects.filter(target_type="accounts.membership").order_by("id"))
    assert (practitioner.role, practitioner.team_id, practitioner.is_active) == (Role.SAFEGUARDING_LEAD, None, False)
    assert [(e.action, e.data) for e in events] == [
        ("accounts.membership.role_changed", {"old": {"role": "practitioner"}, "new": {"role": "safeguarding_lead"}}),
        ("accounts.membership.team_changed", {"old": {"team": "Front door"}, "new": {"team": None}}),
        ("accounts.membership.deactivated", {"old": {"is_active": True}, "new": {"is_active": False}}),
    ]


def test_removed_person_loses_access_at_once(admin_member, practitioner, client_for):
    practitioner_client = client_for(practitioner)
    assert practitioner_client.get(reverse("home")).status_code == 200
    client_for(admin_member).post(reverse("accounts:person_edit", args=[practitioner.pk]),
                                  {"role": practitioner.role, "team": "", "is_active": ""})
    response = practitioner_client.get(reverse("home"))
    assert response.status_code == 403
    assert "You do not have access to an authority" in response.text


def test_admin_cannot_remove_their_own_access(admin_member, client_for):
    url = reverse("accounts:person_edit", args=[admin_member.pk])
    response = client_for(admin_member).post(url, {"role": Role.AUTHORITY_ADMIN, "team": "", "is_active": ""})
    assert response.status_code == 400
    assert "You cannot change your own role or remove your own access." in response.text


def test_admin_adds_a_team(admin_member, home_team, client_for, audit_rows):
    client = client_for(admin_member)
    assert client.post(ADD_TEAM, {"name": "Early help"}).status_code == 302
    response = client.post(ADD_TEAM, {"name": "front DOOR"})
    assert response.status_code == 400 and "There is already a team with this name." in response.text
    assert client.post(ADD_TEAM, {"name": ""}).status_code == 400
    assert audit_rows() == [("accounts.team.created", "ada.admin")]


def test_markup_in_names_is_shown_escaped(admin_member, client_for):
    client = client_for(admin_member)
    client.post(ADD, {**NEW_PERSON, "first_name": "<script>alert(1)</script>"})
    response = client.get(PEOPLE)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_wrong_method_is_rejected(admin_member, client_for):
    assert client_for(admin_member).put(ADD).status_code == 405
