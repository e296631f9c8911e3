"""/api/v1/cases/{id}/assessments/, interventions/ (with sessions/ and end/) and reviews/: reading them (audited
as a view of the case), recording them, and every refusal: 400 with the services' field names, nothing half-saved,
403 for the wrong roles, 404 for other authorities and 409 for a case whose status refuses the work."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from accounts.services import api_token_create
from audit.models import AuditEvent
from cases import services
from cases.models import Assessment, AssessmentRating, Case, Intervention, InterventionSession, Review
from cases.services._common import today
from core.tenancy import authority_scope
from tests.cases.conftest import fresh_case, open_case

pytestmark = pytest.mark.django_db
RATINGS = {"grievance_and_belonging": 2, "exposure": 1, "justification": 1, "stated_intent": 0, "means": 0,
           "skills": 1}


def url(case, suffix=""):
    return f"/api/v1/cases/{case.pk}/{suffix}"


def post(client, path, body, **headers):
    return client.post(path, body, content_type="application/json", **headers)


def counts():
    with scopes_disabled():
        return tuple(model.objects.count() for model in (
            Case, Assessment, AssessmentRating, Intervention, InterventionSession, Review, AuditEvent))


def assessment_body(**changes):
    return {"assessed_on": today().isoformat(), "ratings": dict(RATINGS), "summary": "Engaged with the school's "
            "support; some contact with online material.", "plan": "Mentoring and family support.",
            "overall_risk": "medium", **changes}


def intervention_body(**changes):
    return {"kind": "mentoring", "provider": "Example Mentoring Ltd", "planned_sessions": 6,
            "start_on": (today() - dt.timedelta(days=14)).isoformat(), **changes}


@pytest.fixture
def worked(case, lead, practitioner):
    """The case with the practitioner as lead worker, assessed (so in assessment)."""
    with authority_scope(lead.authority_id):
        services.case_assign(case=case, actor_membership=lead, lead_worker_id=practitioner.user_id)
        services.assessment_record(case=case, actor_membership=practitioner, assessed_on=today(), ratings=RATINGS,
                                   summary="First assessment.", plan="Mentoring.", overall_risk="low")
    return fresh_case(case)


@pytest.fixture
def mentoring(worked, practitioner):
    with authority_scope(practitioner.authority_id):
        return services.intervention_add(case=worked, actor_membership=practitioner, kind="mentoring",
                                         provider="Example Mentoring Ltd", planned_sessions=6,
                                         start_on=today() - dt.timedelta(days=14))


# --- Assessments -----------------------------------------------------------------------------------------------

def test_record_an_assessment_moves_an_open_case_to_assessment(case, client_for, lead, audit_rows):
    seen = len(audit_rows())
    notes = {"exposure": "Shares videos from a banned group's channel."}
    response = post(client_for(lead), url(case, "assessments/"),
                    assessment_body(overall_risk="high", rating_notes=notes))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["overall_risk"], body["assessed_by"]["id"], body["consensus_version"]) == ("high", lead.user_id, 1)
    ratings = {rating["factor_code"]: rating for rating in body["ratings"]}
    assert {code: rating["score"] for code, rating in ratings.items()} == RATINGS
    assert ratings["exposure"]["note"] == notes["exposure"]
    assert ratings["exposure"]["factor_label"] == "Contact with extremist people and material"
    assert ratings["grievance_and_belonging"]["rating_label"] == "Moderate"
    case = fresh_case(case)
    assert (case.status, case.risk_level) == ("assessment", "high")
    assert audit_rows()[seen:] == [("cases.assessment.recorded", "lee.lead"),
                                   ("cases.case.assessment_started", "lee.lead")]


def test_read_the_assessments_newest_first_and_the_read_is_audited(worked, client_for, practitioner, audit_rows):
    post(client_for(practitioner), url(worked, "assessments/"),
         assessment_body(overall_risk="high", summary="Second assessment."))
    seen = len(audit_rows())
    response = client_for(practitioner).get(url(worked, "assessments/"))

    assert response.status_code == 200
    assert [item["summary"] for item in response.json()] == ["Second assessment.", "First assessment."]
    assert len(response.json()[0]["ratings"]) == 6
    assert audit_rows()[seen:] == [("cases.case.viewed", "pat.practitioner")]


@pytest.mark.parametrize(("changes", "fields"), [
    ({"ratings": {**RATINGS, "means": 7}}, ["ratings.means"]),
    ({"ratings": {**RATINGS, "means": "very"}}, ["ratings.means"]),
    ({"ratings": {code: score for code, score in RATINGS.items() if code != "skills"}}, ["ratings.skills"]),
    ({"ratings": {**RATINGS, "charisma": 2}}, ["ratings"]),
    ({"ratings": [1, 2]}, ["ratings"]),
    ({"assessed_on": "2999-01-01"}, ["assessed_on"]),
    ({"assessed_on": "yesterday"}, ["assessed_on"]),
    ({"summary": "", "plan": ""}, ["plan", "summary"]),
    ({"summary": "x" * 5_001, "plan": ""}, ["plan", "summary"]),
    ({"rating_notes": {"means": ["a list"]}}, ["rating_notes.means"]),
    ({"overall_risk": "extreme"}, ["overall_risk"]),
])
def test_assessment_field_errors_save_nothing(case, client_for, lead, changes, fields):
    before = counts()
    response = post(client_for(lead), url(case, "assessments/"), assessment_body(**changes))

    assert response.status_code == 400, response.json()
    assert sorted(response.json()["errors"]) == fields
    assert counts() == before and fresh_case(case).status == "open"


def test_a_missing_field_is_a_field_error(case, client_for, lead):
    body = assessment_body()
    del body["plan"], body["ratings"]
    response = post(client_for(lead), url(case, "assessments/"), body)
    assert response.status_code == 400 and sorted(response.json()["errors"]) == ["plan", "ratings"]


def test_a_rating_outside_the_scale_says_what_the_scale_is(case, client_for, lead):
    response = post(client_for(lead), url(case, "assessments/"), assessment_body(ratings={**RATINGS, "means": 4}))
    assert response.json()["errors"]["ratings.means"] == ["Choose a rating from the scale (0 to 3)"]


def test_a_practitioner_without_the_case_gets_404(case, client_for, practitioner):
    before = counts()
    assert post(client_for(practitioner), url(case, "assessments/"), assessment_body()).status_code == 404
    assert client_for(practitioner).get(url(case, "assessments/")).status_code == 404
    assert counts() == before


# --- Interventions ---------------------------------------------------------------------------------------------

def test_add_an_intervention(worked, client_for, practitioner, audit_rows):
    seen = len(audit_rows())
    response = post(client_for(practitioner), url(worked, "interventions/"), intervention_body(
        delivered_sessions=2, end_on=(today() + dt.timedelta(days=60)).isoformat(),
        description="Weekly sessions at the youth centre."))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["provider"], body["planned_sessions"], body["delivered_sessions"]) == (
        "mentoring", "Example Mentoring Ltd", 6, 2)
    assert (body["status"], body["outcome"], body["sessions"]) == ("active", "", [])
    assert audit_rows()[seen:] == [("cases.intervention.added", "pat.practitioner")]


def test_an_intervention_needs_an_assessment_first(case, client_for, lead):
    before = counts()
    response = post(client_for(lead), url(case, "interventions/"), intervention_body())
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert counts() == before


@pytest.mark.parametrize(("changes", "fields"), [
    ({"end_on": (today() - dt.timedelta(days=20)).isoformat()}, ["end_on"]),
    ({"delivered_sessions": 13}, ["delivered_sessions"]),
    ({"delivered_sessions": 40, "end_on": "2000-01-01", "provider": ""}, ["delivered_sessions", "end_on", "provider"]),
    ({"planned_sessions": 0}, ["planned_sessions"]),
    ({"planned_sessions": "six"}, ["planned_sessions"]),
    ({"kind": "astrology"}, ["kind"]),
    ({"start_on": None}, ["start_on"]),
])
def test_intervention_field_errors_save_nothing(worked, client_for, practitioner, changes, fields):
    before = counts()
    response = post(client_for(practitioner), url(worked, "interventions/"), intervention_body(**changes))
    assert response.status_code == 400, response.json()
    assert sorted(response.json()["errors"]) == fields
    assert counts() == before


def test_the_intervention_messages_are_the_services(worked, client_for, practitioner):
    start = today() - dt.timedelta(days=14)
    response = post(client_for(practitioner), url(worked, "interventions/"), intervention_body(
        delivered_sessions=13, end_on=(start - dt.timedelta(days=1)).isoformat()))
    errors = response.json()["errors"]
    assert errors["delivered_sessions"] == ["That is more than twice the 6 sessions planned. If the plan has "
                                            "changed, change the number of planned sessions first."]
    assert errors["end_on"][0].startswith("The end date must be on or after the start date (")


def test_record_sessions_and_end_the_intervention(mentoring, worked, client_for, practitioner, audit_rows):
    client = client_for(practitioner)
    seen = len(audit_rows())
    sessions = url(worked, f"interventions/{mentoring.pk}/sessions/")
    response = post(client, sessions, {"held_on": (today() - dt.timedelta(days=7)).isoformat()})
    assert response.status_code == 201, response.json()
    response = post(client, sessions, {"held_on": today().isoformat(), "attended": False, "note": "Did not come."})
    body = response.json()
    assert (body["delivered_sessions"], body["status"], body["last_session_on"]) == (1, "active", today().isoformat())
    assert [(item["attended"], item["recorded_by"]["id"]) for item in body["sessions"]] == [
        (True, practitioner.user_id), (False, practitioner.user_id)]

    response = post(client, url(worked, f"interventions/{mentoring.pk}/end/"),
                    {"outcome": "partly_achieved", "end_on": today().isoformat(), "outcome_note": "Stopped early."})
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["outcome"]) == ("ended", "partly_achieved")
    assert audit_rows()[seen:] == [("cases.intervention.session_recorded", "pat.practitioner")] * 2 + [
        ("cases.intervention.ended", "pat.practitioner")]

    before = counts()
    assert post(client, sessions, {"held_on": today().isoformat()}).status_code == 409
    assert post(client, url(worked, f"interventions/{mentoring.pk}/end/"),
                {"outcome": "achieved", "end_on": today().isoformat()}).status_code == 409
    assert counts() == before

    listing = client.get(url(worked, "interventions/")).json()
    assert [(item["id"], len(item["sessions"])) for item in listing] == [(mentoring.pk, 2)]


@pytest.mark.parametrize(("suffix", "body", "fields"), [
    ("sessions/", {"held_on": "2999-01-01"}, ["held_on"]),
    ("sessions/", {"held_on": "2000-01-01"}, ["held_on"]),
    ("sessions/", {}, ["held_on"]),
    ("sessions/", {"held_on": "2026-01-01", "attended": "perhaps"}, ["attended"]),
    ("end/", {"outcome": "won", "end_on": "2999-01-01"}, ["end_on", "outcome"]),
    ("end/", {"outcome": "achieved", "end_on": "2000-01-01"}, ["end_on"]),
])
def test_session_and_end_field_errors_save_nothing(mentoring, worked, client_for, practitioner, suffix, body,
                                                   fields):
    before = counts()
    response = post(client_for(practitioner), url(worked, f"interventions/{mentoring.pk}/{suffix}"), body)
    assert response.status_code == 400 and sorted(response.json()["errors"]) == fields
    assert counts() == before


def test_delivering_far_beyond_the_plan_is_refused(worked, client_for, practitioner):
    with authority_scope(practitioner.authority_id):
        full = services.intervention_add(case=worked, actor_membership=practitioner, kind="education",
                                         provider="Example College", planned_sessions=1, delivered_sessions=2,
                                         start_on=today() - dt.timedelta(days=7))
    before = counts()
    response = post(client_for(practitioner), url(worked, f"interventions/{full.pk}/sessions/"),
                    {"held_on": today().isoformat()})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["attended"]
    assert counts() == before


def test_another_cases_intervention_is_404(mentoring, case, client_for, lead, practitioner):
    other = open_case(practitioner, lead, first_name="Jordan")
    response = post(client_for(lead), url(other, f"interventions/{mentoring.pk}/sessions/"),
                    {"held_on": today().isoformat()})
    assert response.status_code == 404


# --- Reviews ---------------------------------------------------------------------------------------------------

def test_record_the_review_due(worked, client_for, practitioner, audit_rows):
    with authority_scope(practitioner.authority_id):
        services.case_start_support(case=worked, actor_membership=practitioner)
    client = client_for(practitioner)
    seen = len(audit_rows())
    [review] = client.get(url(worked, "reviews/")).json()
    assert (review["kind"], review["held_on"], review["outcome"], review["cancelled"]) == (
        "scheduled", None, "", False)
    assert audit_rows()[seen:] == [("cases.case.viewed", "pat.practitioner")]

    response = post(client, url(worked, "reviews/"), {"held_on": today().isoformat(), "outcome": "continue",
                                                      "summary": "Engaging well with mentoring."})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["id"], body["held_on"], body["outcome"], body["held_by"]["id"]) == (
        review["id"], today().isoformat(), "continue", practitioner.user_id)
    assert ("cases.review.recorded", "pat.practitioner") in audit_rows()[seen:]
    reviews = client.get(url(worked, "reviews/")).json()
    assert [item["held_on"] is None for item in reviews] == [False, True]  # the next one is scheduled


@pytest.mark.parametrize(("body", "fields"), [
    ({"held_on": "2999-01-01", "summary": "x", "outcome": "continue"}, ["held_on"]),
    ({"held_on": today().isoformat(), "summary": "", "outcome": "nothing"}, ["outcome", "summary"]),
    ({"held_on": "2000-01-01", "summary": "x", "outcome": "reopen"}, ["held_on", "outcome"]),
    ({"held_on": 20260101, "summary": "x", "outcome": "continue"}, ["held_on"]),
    ({"summary": "", "outcome": "continue"}, ["held_on"]),
])
def test_review_field_errors_save_nothing(worked, client_for, practitioner, body, fields):
    with authority_scope(practitioner.authority_id):
        services.case_start_support(case=worked, actor_membership=practitioner)
    before = counts()
    response = post(client_for(practitioner), url(worked, "reviews/"), body)
    assert response.status_code == 400 and sorted(response.json()["errors"]) == fields
    assert counts() == before


def test_no_review_waiting_is_409(worked, client_for, practitioner):
    response = post(client_for(practitioner), url(worked, "reviews/"),
                    {"held_on": today().isoformat(), "summary": "x", "outcome": "continue"})
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


# --- Every endpoint: other authorities, wrong roles, anonymous ---------------------------------------------------

def endpoints(case, intervention):
    base = f"interventions/{intervention.pk}/"
    return [("get", "assessments/", None), ("post", "assessments/", assessment_body()),
            ("get", "interventions/", None), ("post", "interventions/", intervention_body()),
            ("post", f"{base}sessions/", {"held_on": today().isoformat()}),
            ("post", f"{base}end/", {"outcome": "achieved", "end_on": today().isoformat()}),
            ("get", "reviews/", None),
            ("post", "reviews/", {"held_on": today().isoformat(), "summary": "x", "outcome": "continue"})]


def call(client, method, path, body, **headers):
    if method == "get":
        return client.get(path, **headers)
    return post(client, path, body, **headers)


def test_another_authority_gets_404_everywhere_and_the_wrong_roles_403(mentoring, worked, client, client_for,
                                                                       outsider, admin_member, dpo):
    _, secret = api_token_create(membership=outsider, name="script", days=1, actor=None, mfa_verified=False)
    before = counts()
    for method, suffix, body in endpoints(worked, mentoring):
        path = url(worked, suffix)
        assert call(client_for(outsider), method, path, body).status_code == 404, suffix
        assert call(client, method, path, body, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 404, suffix
        for persona in (admin_member, dpo):
            response = call(client_for(persona), method, path, body)
            assert response.status_code == 403 and response.json()["code"] == "permission_denied", suffix
        assert call(client, method, path, body).status_code == 401, suffix
    assert counts() == before


def test_a_closed_case_takes_no_more_casework(mentoring, worked, client_for, practitioner, lead):
    with authority_scope(lead.authority_id):
        services.intervention_end(intervention=mentoring, actor_membership=practitioner, outcome="achieved",
                                  end_on=today())
        closure = services.closure_propose(case=worked, actor_membership=practitioner,
                                           reason="vulnerability_reduced", summary="Mentoring achieved its aims.")
        services.closure_decide(closure=closure, actor_membership=lead, approve=True)
    before = counts()
    client = client_for(practitioner)
    # Refused as the service refuses it: 409 (the case's state) or 403 (no casework on a closed case).
    for suffix, body in (("assessments/", assessment_body()), ("interventions/", intervention_body())):
        response = post(client, url(worked, suffix), body)
        assert (response.status_code, response.json()["code"]) in {(409, "invalid_transition"),
                                                                   (403, "permission_denied")}, suffix
    assert counts() == before
