"""/api/v1/cases/: the list and one case as each role may see them, and the lifecycle endpoints (assign, status,
close) with their refusals: 400 with field errors, 403, 404 for other authorities, 409 for the wrong status."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from accounts.roles import Role
from accounts.services import api_token_create
from audit.models import AuditEvent
from cases import services
from cases.models import Case, CaseTransition, Closure
from cases.services._common import today
from core.tenancy import authority_scope
from tests.cases.conftest import fresh_case, open_case
from tests.referrals.conftest import make_member

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases/"
RATINGS = {"grievance_and_belonging": 2, "exposure": 1, "justification": 1, "stated_intent": 0, "means": 0,
           "skills": 1}


def url(case_or_id, suffix=""):
    return f"{URL}{getattr(case_or_id, 'pk', case_or_id)}/{suffix}"


def post(client, path, body, **headers):
    return client.post(path, body, content_type="application/json", **headers)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["results"]]


def assign(case, lead, worker, team=None):
    with authority_scope(lead.authority_id):
        services.case_assign(case=case, actor_membership=lead, lead_worker_id=worker.user_id if worker else None,
                             **({"team_id": team.pk} if team else {}))


def assessed(case, membership, risk="medium"):
    with authority_scope(membership.authority_id):
        services.assessment_record(case=case, actor_membership=membership, assessed_on=today(), ratings=RATINGS,
                                   summary="Engaged with the school's support; some contact with online material.",
                                   plan="Mentoring and family support.", overall_risk=risk)


def counts():
    with scopes_disabled():
        return (Case.objects.count(), CaseTransition.objects.count(), Closure.objects.count(),
                AuditEvent.objects.count())


def bearer(membership) -> dict:
    _, secret = api_token_create(membership=membership, name="case system", days=1, actor=None, mfa_verified=False)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- The list --------------------------------------------------------------------------------------------------

def test_a_lead_lists_every_case_of_the_authority(case, client_for, lead, practitioner, audit_rows):
    seen = len(audit_rows())
    body = client_for(lead).get(URL).json()

    assert (body["count"], body["next"]) == (1, None)
    [item] = body["results"]
    assert (item["id"], item["reference"], item["status"], item["status_label"]) == (
        case.pk, case.reference, "open", "Open")
    assert item["team"]["name"] == "Children team" and item["lead_worker"] is None
    assert item["subject"] == {"id": case.subject_id, "name": str(case.subject)}
    assert (item["risk_level"], item["restricted"], item["closed_at"]) == ("", False, None)
    assert item["assessment_due_on"] == (case.assessment_due_on.isoformat() if case.assessment_due_on else None)
    assert item["links"]["self"].endswith(url(case)) and item["links"]["reviews"].endswith(url(case, "reviews/"))
    assert (item["review_due_on"], item["lapsed_interventions"], item["closure_pending"]) == (None, 0, False)
    assert "actions" not in item and "referral" not in item  # the list carries a summary only
    assert audit_rows()[seen:] == []  # listing is not a view of each case


def test_a_practitioner_lists_only_the_cases_they_are_given_and_loses_them_at_once(case, client_for, lead,
                                                                                   practitioner, home):
    other = open_case(practitioner, lead)
    client = client_for(practitioner)
    assert ids(client.get(URL)) == []
    assert client.get(url(case)).status_code == 404

    assign(case, lead, practitioner)
    assert ids(client.get(URL)) == [case.pk]
    assert client.get(url(case)).status_code == 200 and client.get(url(other)).status_code == 404

    assign(case, lead, make_member(home, Role.PRACTITIONER, "pia.practitioner"))
    assert ids(client.get(URL)) == []
    assert client.get(url(case)).status_code == 404


def test_filters(case, client_for, lead, manager, practitioner, teams):
    assessed_case = open_case(practitioner, lead, first_name="Jordan")
    assign(assessed_case, lead, practitioner, team=teams["adults"])
    assessed(assessed_case, lead, risk="high")
    client = client_for(lead)

    assert ids(client.get(URL, {"status": "assessment"})) == [assessed_case.pk]
    assert sorted(ids(client.get(URL, {"status": ["open", "assessment"]}))) == sorted([case.pk, assessed_case.pk])
    assert ids(client.get(URL, {"team": teams["children"].pk})) == [case.pk]
    assert ids(client.get(URL, {"risk_level": "high"})) == [assessed_case.pk]
    assert ids(client.get(URL, {"risk_level": "low"})) == []
    assert ids(client.get(URL, {"lead_worker": practitioner.user_id})) == [assessed_case.pk]
    assert ids(client.get(URL, {"lead_worker": manager.user_id})) == []
    assert ids(client.get(URL, {"lead_worker": 0})) == [case.pk]  # no lead worker
    assert ids(client.get(URL, {"risk_level": "none"})) == [case.pk]  # not assessed yet


@pytest.mark.parametrize("query", [{"status": "lost"}, {"team": "children"}, {"risk_level": "extreme"},
                                   {"lead_worker": "me"}, {"lead_worker": -1}])
def test_bad_filters_are_field_errors(case, client_for, lead, query):
    response = client_for(lead).get(URL, query)
    assert response.status_code == 400 and list(response.json()["errors"]) == list(query)


def test_pages(case, client_for, lead, practitioner):
    for name in ("Alex", "Billie"):
        open_case(practitioner, lead, first_name=name)
    client = client_for(lead)
    first = client.get(URL, {"limit": 2}).json()
    second = client.get(URL, {"limit": 2, "offset": 2}).json()
    assert (first["count"], len(first["results"]), len(second["results"])) == (3, 2, 1)
    assert not {item["id"] for item in first["results"]} & {item["id"] for item in second["results"]}


@pytest.mark.parametrize("persona", ["lead", "practitioner"])
def test_the_list_runs_the_same_queries_for_one_case_or_five(agreement, practitioner, lead, client_for,
                                                             django_assert_num_queries, persona, request):
    membership = request.getfixturevalue(persona)
    client = client_for(membership)
    assign(open_case(practitioner, lead), lead, practitioner)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        assert len(ids(client.get(URL))) == 1
    for number in range(4):
        more = open_case(practitioner, lead, first_name=f"Person{number}")
        assign(more, lead, practitioner)
        if number % 2:
            assessed(more, lead)
    with django_assert_num_queries(len(one)):
        assert len(ids(client.get(URL))) == 5


@pytest.mark.parametrize("persona", ["admin_member", "dpo"])
def test_administrators_and_dpos_get_403(case, client_for, persona, request):
    client = client_for(request.getfixturevalue(persona))
    for path in (URL, url(case)):
        response = client.get(path)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_another_authority_sees_none_of_them(case, client_for, outsider, client, audit_rows):
    seen = len(audit_rows(action__startswith="cases."))
    assert ids(client_for(outsider).get(URL)) == []
    assert ids(client.get(URL, **bearer(outsider))) == []
    response = client.get(url(case), **bearer(outsider))
    assert response.status_code == 404 and response.json() == {"detail": "Not found.", "code": "not_found"}
    assert audit_rows(action__startswith="cases.")[seen:] == []


def test_anonymous_is_401_and_other_methods_405(case, client, client_for, lead):
    assert client.get(URL).status_code == 401 and client.get(url(case)).status_code == 401
    assert client_for(lead).delete(URL).status_code == 405
    assert client_for(lead).post(url(case)).status_code == 405


# --- One case --------------------------------------------------------------------------------------------------

def test_a_lead_reads_the_case_and_every_view_is_audited(case, client_for, lead, audit_rows):
    seen = len(audit_rows())
    client = client_for(lead)
    response = client.get(url(case))

    assert response.status_code == 200
    body = response.json()
    assert (body["reference"], body["status"], body["restricted"], body["times_reopened"]) == (
        case.reference, "open", False, 0)
    assert body["referral"]["id"] == case.referral_id and body["referral"]["pathway"]["code"] == "child_in_need"
    assert body["opened_by"]["id"] == lead.user_id and body["consensus_version"] == 1
    assert body["closures"] == [] and body["closure_reason"] == ""
    assert {"view", "assign", "restrict", "record", "review", "propose_closure"} <= set(body["actions"])
    client.get(url(case))
    assert audit_rows()[seen:] == [("cases.case.viewed", "lee.lead")] * 2


def test_the_lead_worker_reads_the_case_with_their_own_actions(case, client, lead, practitioner, audit_rows):
    assign(case, lead, practitioner)
    token = bearer(practitioner)
    seen = len(audit_rows())
    body = client.get(url(case), **token).json()
    assert body["lead_worker"] == {"id": practitioner.user_id, "name": str(practitioner.user)}
    assert body["actions"] == ["view", "record", "review", "propose_closure"]
    assert audit_rows()[seen:] == [("cases.case.viewed", "pat.practitioner")]


def test_a_missing_case_is_404(case, client_for, lead):
    assert client_for(lead).get(url(999_999)).status_code == 404


# --- Assign ----------------------------------------------------------------------------------------------------

def test_a_lead_assigns_the_lead_worker_and_the_team(case, client_for, lead, practitioner, teams, audit_rows):
    seen = len(audit_rows())
    response = post(client_for(lead), url(case, "assign/"),
                    {"lead_worker": practitioner.user_id, "team": teams["prevent"].pk})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["lead_worker"]["id"] == practitioner.user_id and body["team"]["name"] == "Prevent team"
    assert audit_rows()[seen:] == [("cases.case.assigned", "lee.lead")]
    assert client_for(practitioner).get(url(case)).status_code == 200


def test_assign_without_a_team_keeps_the_team(case, client_for, lead, practitioner):
    body = post(client_for(lead), url(case, "assign/"), {"lead_worker": practitioner.user_id}).json()
    assert body["team"]["name"] == "Children team" and body["lead_worker"]["id"] == practitioner.user_id


@pytest.mark.parametrize(("body", "fields"), [
    ({}, ["lead_worker"]),
    ({"lead_worker": "somebody"}, ["lead_worker"]),
    ({"lead_worker": 999_999}, ["lead_worker"]),
    ({"lead_worker": "admin", "team": "children"}, ["lead_worker", "team"]),
])
def test_assign_field_errors_change_nothing(case, client_for, lead, body, fields):
    before = counts()
    response = post(client_for(lead), url(case, "assign/"), body)
    assert response.status_code == 400 and sorted(response.json()["errors"]) == fields
    assert counts() == before and fresh_case(case).lead_worker_id is None


def test_the_service_names_the_wrong_person_and_team(case, client_for, lead, admin_member, outsider, away):
    from tests.factories import TeamFactory

    with scopes_disabled():
        their_team = TeamFactory(authority=away, name="Their team")
    before = counts()
    response = post(client_for(lead), url(case, "assign/"), {"lead_worker": admin_member.user_id})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["lead_worker"]
    response = post(client_for(lead), url(case, "assign/"), {"lead_worker": outsider.user_id})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["lead_worker"]
    response = post(client_for(lead), url(case, "assign/"), {"lead_worker": None, "team": their_team.pk})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["team"]
    assert counts() == before


def test_a_practitioner_may_not_assign(case, client_for, lead, practitioner):
    assign(case, lead, practitioner)
    before = counts()
    response = post(client_for(practitioner), url(case, "assign/"), {"lead_worker": practitioner.user_id})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert counts() == before


# --- Status ----------------------------------------------------------------------------------------------------

def test_start_the_assessment_then_support(case, client_for, lead, audit_rows):
    client = client_for(lead)
    seen = len(audit_rows())
    response = post(client, url(case, "status/"), {"to": "assessment"})
    assert response.status_code == 200 and response.json()["status"] == "assessment"
    assessed(case, lead)
    response = post(client, url(case, "status/"), {"to": "support"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "support" and body["next_review_on"] is not None
    assert [action for action, _ in audit_rows()[seen:] if action.startswith("cases.case.")] == [
        "cases.case.assessment_started", "cases.case.support_started"]


def test_an_illegal_move_is_409_and_changes_nothing(case, client_for, lead):
    before = counts()
    response = post(client_for(lead), url(case, "status/"), {"to": "review"})
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert response.json()["detail"]
    assert counts() == before and fresh_case(case).status == "open"


@pytest.mark.parametrize("body", [{"to": "closed"}, {"to": "open"}, {}, {"to": ["support"]}])
def test_status_field_errors(case, client_for, lead, body):
    response = post(client_for(lead), url(case, "status/"), body)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["to"]


def test_a_body_that_is_not_json_is_415(case, client_for, lead):
    response = client_for(lead).post(url(case, "status/"), {"to": "assessment"})  # a form post
    assert response.status_code == 415 and set(response.json()) == {"detail", "code"}


# --- Close -----------------------------------------------------------------------------------------------------

@pytest.fixture
def supported(case, lead, practitioner):
    """The case assessed and in support, its lead worker the practitioner."""
    assign(case, lead, practitioner)
    assessed(case, practitioner)
    with authority_scope(lead.authority_id):
        services.case_start_support(case=case, actor_membership=practitioner)
    return fresh_case(case)


def add_intervention(case, membership, provider):
    with authority_scope(membership.authority_id):
        return services.intervention_add(case=case, actor_membership=membership, kind="mentoring",
                                         provider=provider, planned_sessions=6, start_on=today())


def test_closing_with_open_interventions_is_refused_listing_each(supported, client_for, practitioner):
    add_intervention(supported, practitioner, "Example Mentoring Ltd")
    add_intervention(supported, practitioner, "Sample Family Services")
    before = counts()
    response = post(client_for(practitioner), url(supported, "close/"),
                    {"action": "propose", "reason": "vulnerability_reduced", "summary": "The plan worked."})

    assert response.status_code == 400
    [message] = response.json()["errors"]["interventions"]
    assert "Example Mentoring Ltd" in message and "Sample Family Services" in message
    assert counts() == before


def test_propose_then_approve_by_another(supported, client_for, practitioner, lead, audit_rows):
    seen = len(audit_rows())
    response = post(client_for(practitioner), url(supported, "close/"),
                    {"action": "propose", "reason": "vulnerability_reduced",
                     "summary": "Mentoring achieved its aims; the school reports no concerns."})
    assert response.status_code == 200, response.json()
    [closure] = response.json()["closures"]
    assert (closure["status"], closure["reason"], closure["proposed_by"]["id"]) == (
        "proposed", "vulnerability_reduced", practitioner.user_id)

    response = post(client_for(lead), url(supported, "close/"), {"action": "approve"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["closure_reason"], body["closures"][0]["status"]) == (
        "closed", "vulnerability_reduced", "approved")
    assert body["closed_at"] is not None and body["next_review_on"] is None
    actions = [action for action, _ in audit_rows()[seen:]]
    assert actions[0] == "cases.closure.proposed" and "cases.case.closed" in actions


def test_the_proposer_may_not_approve_and_a_practitioner_never(supported, client_for, practitioner, lead, manager):
    with authority_scope(lead.authority_id):
        services.closure_propose(case=supported, actor_membership=lead, reason="moved_away",
                                 summary="The family moved to another area; the case was transferred.")
    before = counts()
    assert post(client_for(lead), url(supported, "close/"), {"action": "approve"}).status_code == 403
    assert post(client_for(practitioner), url(supported, "close/"), {"action": "approve"}).status_code == 403
    assert counts() == before
    response = post(client_for(manager), url(supported, "close/"), {"action": "decline", "note": ""})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["note"]
    assert counts() == before
    response = post(client_for(manager), url(supported, "close/"),
                    {"action": "decline", "note": "Keep the mentoring going until the summer."})
    assert response.status_code == 200 and response.json()["closures"][0]["status"] == "declined"
    assert response.json()["status"] == "support"


def test_deciding_with_no_proposal_is_409_and_proposing_twice_409(supported, client_for, lead, practitioner):
    assert post(client_for(lead), url(supported, "close/"), {"action": "approve"}).status_code == 409
    body = {"action": "propose", "reason": "other", "summary": "Support is complete."}
    assert post(client_for(practitioner), url(supported, "close/"), body).status_code == 200
    assert post(client_for(practitioner), url(supported, "close/"), body).status_code == 409


@pytest.mark.parametrize(("body", "fields"), [
    ({}, ["action"]),
    ({"action": "shut"}, ["action"]),
    ({"action": "propose", "reason": "bored", "summary": "x"}, ["reason"]),
    ({"action": "propose", "reason": "other", "summary": ""}, ["summary"]),
    ({"action": "propose"}, ["reason", "summary"]),
])
def test_close_field_errors_change_nothing(supported, client_for, practitioner, body, fields):
    before = counts()
    response = post(client_for(practitioner), url(supported, "close/"), body)
    assert response.status_code == 400 and sorted(response.json()["errors"]) == fields
    assert counts() == before


# --- Every endpoint: other authorities, wrong roles, anonymous ---------------------------------------------------

POSTS = {"assign/": {"lead_worker": None}, "status/": {"to": "assessment"},
         "close/": {"action": "propose", "reason": "other", "summary": "Done."}}


@pytest.mark.parametrize("suffix", list(POSTS))
def test_every_change_is_404_for_another_authority_and_403_for_the_wrong_roles(case, client, client_for, outsider,
                                                                               admin_member, dpo, suffix):
    token = bearer(outsider)
    before = counts()
    assert post(client_for(outsider), url(case, suffix), POSTS[suffix]).status_code == 404
    assert post(client, url(case, suffix), POSTS[suffix], **token).status_code == 404
    for persona in (admin_member, dpo):
        assert post(client_for(persona), url(case, suffix), POSTS[suffix]).status_code == 403
    assert post(client, url(case, suffix), POSTS[suffix]).status_code == 401
    assert counts() == before


@pytest.mark.parametrize("body", [[{"to": "assessment"}], "assessment", None])
def test_a_body_that_is_not_an_object_is_a_400(case, client_for, lead, body):
    response = client_for(lead).post(url(case, "status/"), json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["non_field_errors"]


def test_an_id_beyond_the_database_range_is_404(case, client_for, lead):
    assert client_for(lead).get(url(10**30)).status_code == 404
    assert post(client_for(lead), url(10**30, "status/"), {"to": "assessment"}).status_code == 404
