"""POST /api/v1/referrals/{id}/screening/, /assign/, /notes/ and /withdraw/."""

import pytest
from django_scopes import scopes_disabled

from accounts.roles import Role
from core.tenancy import authority_scope
from referrals.models import Referral, ScreeningNote
from referrals.services import referral_decide
from tests.referrals.conftest import draft, make_member, submitted

pytestmark = pytest.mark.django_db


def url(referral, suffix):
    return f"/api/v1/referrals/{referral.pk}/{suffix}"


def post(client, path, body=None):
    return client.post(path, body if body is not None else {}, content_type="application/json")


def current(referral) -> Referral:
    with scopes_disabled():
        return Referral.objects.get(pk=referral.pk)


@pytest.fixture
def referral(agreement, practitioner):
    return submitted(practitioner)


# --- screening ---------------------------------------------------------------------------------------------------

def test_starting_screening_twice_changes_nothing_the_second_time(referral, client_for, lead, audit_rows):
    client = client_for(lead)
    assert post(client, url(referral, "screening/")).json()["status"] == "screening"
    assert post(client, url(referral, "screening/")).status_code == 200
    assert audit_rows() == [("referrals.referral.screening_started", "lee.lead")]


def test_a_decided_referral_cannot_go_back_to_screening(referral, client_for, lead):
    with authority_scope(lead.authority_id):
        referral_decide(referral=referral, actor_membership=lead, pathway_code="early_help",
                        rationale="Needs support, no radicalisation risk found.")
    assert post(client_for(lead), url(referral, "screening/")).status_code == 409


def test_a_practitioner_cannot_screen(referral, client_for, practitioner):
    assert post(client_for(practitioner), url(referral, "screening/")).status_code == 403
    assert current(referral).status == "submitted"


# --- assignment --------------------------------------------------------------------------------------------------

def test_a_lead_assigns_and_unassigns(referral, client_for, lead, practitioner, audit_rows):
    client = client_for(lead)
    response = post(client, url(referral, "assign/"), {"assignee": practitioner.user_id})
    assert response.status_code == 200
    assert response.json()["assigned_to"] == {"id": practitioner.user_id, "name": str(practitioner.user)}
    assert post(client, url(referral, "assign/"), {"assignee": None}).json()["assigned_to"] is None
    assert audit_rows() == [("referrals.referral.assigned", "lee.lead")] * 2


@pytest.mark.parametrize("who", ["admin", "outsider", "nobody"])
def test_only_people_who_work_on_referrals_in_the_authority_can_be_assigned(referral, client_for, lead,
                                                                            admin_member, outsider, who):
    user_id = {"admin": admin_member.user_id, "outsider": outsider.user_id, "nobody": 999_999}[who]
    response = post(client_for(lead), url(referral, "assign/"), {"assignee": user_id})
    assert response.status_code == 400
    assert response.json()["errors"] == {"assignee": ["Choose someone in your authority who works on referrals."]}
    assert response.json()["code"] == "invalid_assignee" and current(referral).assigned_to_id is None


@pytest.mark.parametrize("body", [{}, {"assignee": "lee"}])
def test_assign_needs_a_user_id_or_null(referral, client_for, lead, body):
    response = post(client_for(lead), url(referral, "assign/"), body)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["assignee"]


def test_a_practitioner_cannot_assign(referral, client_for, practitioner):
    response = post(client_for(practitioner), url(referral, "assign/"), {"assignee": practitioner.user_id})
    assert response.status_code == 403 and current(referral).assigned_to_id is None


# --- notes -------------------------------------------------------------------------------------------------------

def test_a_screener_adds_notes(referral, client_for, lead):
    response = post(client_for(lead), url(referral, "notes/"), {"kind": "checks_made", "text": "  PNC checked.  "})
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["text"], body["author"]["id"]) == ("checks_made", "PNC checked.", lead.user_id)


@pytest.mark.parametrize(("body", "fields"), [
    ({"kind": "gossip", "text": "A note"}, {"kind"}),
    ({"kind": "other", "text": "   "}, {"text"}),
    ({"kind": "other", "text": "x" * 5001}, {"text"}),
    ({}, {"kind", "text"}),
])
def test_bad_notes_are_field_errors(referral, client_for, lead, body, fields):
    response = post(client_for(lead), url(referral, "notes/"), body)
    assert response.status_code == 400 and set(response.json()["errors"]) == fields
    with scopes_disabled():
        assert not ScreeningNote.objects.exists()


def test_practitioners_cannot_add_notes(referral, client_for, practitioner):
    response = post(client_for(practitioner), url(referral, "notes/"), {"kind": "other", "text": "A note"})
    assert response.status_code == 403


# --- withdrawal --------------------------------------------------------------------------------------------------

def test_a_lead_withdraws_with_a_reason(referral, client_for, lead, audit_rows):
    response = post(client_for(lead), url(referral, "withdraw/"), {"reason": "The referrer sent it in error."})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["withdrawn_reason"]) == ("withdrawn",
                                                                                "The referrer sent it in error.")
    assert audit_rows() == [("referrals.referral.withdrawn", "lee.lead")]
    assert post(client_for(lead), url(referral, "withdraw/"), {"reason": "Again"}).status_code == 200


@pytest.mark.parametrize("reason", ["", "x" * 2001])
def test_a_withdrawal_needs_a_reason_of_sensible_length(referral, client_for, lead, reason):
    response = post(client_for(lead), url(referral, "withdraw/"), {"reason": reason})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["reason"]
    assert current(referral).status == "submitted"


def test_a_decided_referral_cannot_be_withdrawn(referral, client_for, lead):
    with authority_scope(lead.authority_id):
        referral_decide(referral=referral, actor_membership=lead, pathway_code="early_help",
                        rationale="Needs support, no radicalisation risk found.")
    assert post(client_for(lead), url(referral, "withdraw/"), {"reason": "Changed mind"}).status_code == 409


def test_a_practitioner_withdraws_only_their_own_draft(referral, client_for, practitioner):
    client = client_for(practitioner)
    assert post(client, url(referral, "withdraw/"), {"reason": "Second thoughts"}).status_code == 403
    mine = draft(practitioner)
    assert post(client, url(mine, "withdraw/"), {"reason": "Started by mistake"}).json()["status"] == "withdrawn"
    other = make_member(practitioner.authority, Role.PRACTITIONER, "pia.practitioner")
    assert post(client_for(other), url(draft(practitioner), "withdraw/"), {"reason": "Not mine"}).status_code == 404
